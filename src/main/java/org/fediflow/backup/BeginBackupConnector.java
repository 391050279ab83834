package org.fediflow.backup;

import org.fediflow.connector.Connector;
import org.fediflow.connector.ConnectorInfo;
import org.fediflow.connector.Doc;
import org.fediflow.connector.StepContext;
import org.springframework.stereotype.Component;

/** {@code backup.begin}: see {@code connectors/backup.begin.json}. */
@ConnectorInfo(name = "Begin a backup",
        description = "Checks that a bucket and age recipients are configured (an incident naming the "
        + "property otherwise), names the run's folder "
        + "<prefix>/yyyy/MM/dd/<yyyyMMddTHHmmssZ> and records the run for GET /api/backups.")
@Component
class BeginBackupConnector implements Connector<BeginBackupConnector.Input, BeginBackupConnector.Output> {

    public record Input() {}

    public record Output(
            @Doc("The run's folder in the bucket")
            String folder,
            @Doc("ISO-8601 start time")
            String startedAt) {}

    private final BackupSteps steps;

    BeginBackupConnector(BackupSteps steps) {
        this.steps = steps;
    }

    @Override
    public String id() {
        return "backup.begin";
    }

    @Override
    public Class<Input> inputType() {
        return Input.class;
    }

    @Override
    public Output execute(Input input, StepContext context) {
        String folder = steps.begin(context);
        return new Output(folder, java.time.Instant.now().toString());
    }
}
