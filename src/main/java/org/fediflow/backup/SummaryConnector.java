package org.fediflow.backup;

import org.fediflow.connector.Connector;
import org.fediflow.connector.StepContext;
import org.springframework.stereotype.Component;

/** {@code backup.summary}: see {@code connectors/backup.summary.json}. */
@Component
class SummaryConnector implements Connector<SummaryConnector.Input, SummaryConnector.Output> {

    public record Input(@jakarta.validation.constraints.NotBlank String folder, java.util.List<String> deleted) {}

    public record Output(String text) {}

    private final BackupSteps steps;

    SummaryConnector(BackupSteps steps) {
        this.steps = steps;
    }

    @Override
    public String id() {
        return "backup.summary";
    }

    @Override
    public Class<Input> inputType() {
        return Input.class;
    }

    @Override
    public Output execute(Input input, StepContext context) {
        return new Output(steps.summary(input.folder(), input.deleted() == null ? java.util.List.of() : input.deleted(), context));
    }
}
