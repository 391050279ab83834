package org.fediflow.backup;

import org.fediflow.connector.Connector;
import org.fediflow.connector.StepContext;
import org.springframework.stereotype.Component;

/** {@code backup.begin}: see {@code connectors/backup.begin.json}. */
@Component
class BeginBackupConnector implements Connector<BeginBackupConnector.Input, BeginBackupConnector.Output> {

    public record Input() {}

    public record Output(String folder, String startedAt) {}

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
