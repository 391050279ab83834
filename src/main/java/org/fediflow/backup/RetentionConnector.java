package org.fediflow.backup;

import org.fediflow.connector.Connector;
import org.fediflow.connector.StepContext;
import org.springframework.stereotype.Component;

/** {@code backup.retention}: see {@code connectors/backup.retention.json}. */
@Component
class RetentionConnector implements Connector<RetentionConnector.Input, RetentionConnector.Output> {

    public record Input() {}

    public record Output(java.util.List<String> deleted) {}

    private final BackupSteps steps;

    RetentionConnector(BackupSteps steps) {
        this.steps = steps;
    }

    @Override
    public String id() {
        return "backup.retention";
    }

    @Override
    public Class<Input> inputType() {
        return Input.class;
    }

    @Override
    public Output execute(Input input, StepContext context) {
        return new Output(steps.retention(context));
    }
}
