package org.fediflow.backup;

import org.fediflow.connector.Connector;
import org.fediflow.connector.ConnectorInfo;
import org.fediflow.connector.Doc;
import org.fediflow.connector.StepContext;
import org.springframework.stereotype.Component;

/** {@code backup.summary}: see {@code connectors/backup.summary.json}. */
@ConnectorInfo(name = "Summarize the backup",
        description = "The text of the ops summary: sizes, durations, media objects synced, retention, "
        + "next run.")
@Component
class SummaryConnector implements Connector<SummaryConnector.Input, SummaryConnector.Output> {

    public record Input(
            @Doc("The run's folder")
            @jakarta.validation.constraints.NotBlank String folder,
            @Doc("Folders deleted by retention")
            java.util.List<String> deleted) {}

    public record Output(
            @Doc(value = "Summary text", type = Doc.Type.TEXT)
            String text) {}

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
