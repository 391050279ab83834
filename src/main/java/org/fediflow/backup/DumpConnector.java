package org.fediflow.backup;

import org.fediflow.connector.Connector;
import org.fediflow.connector.StepContext;
import org.springframework.stereotype.Component;

/** {@code backup.dump}: see {@code connectors/backup.dump.json}. */
@Component
class DumpConnector implements Connector<DumpConnector.Input, DumpConnector.Output> {

    public record Input(@jakarta.validation.constraints.Pattern(regexp = "postgres|redis|fediflow") @jakarta.validation.constraints.NotNull String kind, @jakarta.validation.constraints.NotBlank String folder) {}

    public record Output(String object, long size, String sha256, long durationMillis, String tool, boolean skipped) {}

    private final BackupSteps steps;

    DumpConnector(BackupSteps steps) {
        this.steps = steps;
    }

    @Override
    public String id() {
        return "backup.dump";
    }

    @Override
    public Class<Input> inputType() {
        return Input.class;
    }

    @Override
    public Output execute(Input input, StepContext context) {
        BackupSteps.Dump d = steps.dump(input.kind(), input.folder(), context);
        return new Output(d.object(), d.size(), d.sha256(), d.durationMillis(), d.tool(), d.skipped());
    }
}
