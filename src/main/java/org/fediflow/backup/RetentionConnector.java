package org.fediflow.backup;

import org.fediflow.connector.Connector;
import org.fediflow.connector.ConnectorInfo;
import org.fediflow.connector.Doc;
import org.fediflow.connector.StepContext;
import org.springframework.stereotype.Component;

/** {@code backup.retention}: see {@code connectors/backup.retention.json}. */
@ConnectorInfo(name = "Apply retention",
        description = "Deletes backup folders older than fediflow.backup.retention, and folders "
        + "without manifest.json older than a day; never the newest complete folder, never "
        + "a folder without manifest younger than a day.")
@Component
class RetentionConnector implements Connector<RetentionConnector.Input, RetentionConnector.Output> {

    public record Input() {}

    public record Output(
            @Doc("The deleted folders")
            java.util.List<String> deleted) {}

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
