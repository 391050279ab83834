package org.fediflow.backup;

import org.fediflow.connector.Connector;
import org.fediflow.connector.ConnectorInfo;
import org.fediflow.connector.Doc;
import org.fediflow.connector.StepContext;
import org.springframework.stereotype.Component;

/** {@code backup.dump}: see {@code connectors/backup.dump.json}. */
@ConnectorInfo(name = "Dump a database into the bucket",
        description = "Runs pg_dump -Fc (kind postgres) or redis-cli --rdb - (kind redis) on "
        + "fediflow.backup.<kind>.host over SSH or on this machine, streaming its output "
        + "through age (to fediflow.backup.recipients) and SHA-256 into a multipart "
        + "upload: no local copy, memory bounded by one part. Size and SHA-256 are checked "
        + "against the bucket afterwards. The step's lock is kept fresh while it runs. "
        + "Skipped when fediflow.backup.<kind>.url is not set. A failing dump marks the "
        + "run incomplete and is retried, then an incident.")
@Component
class DumpConnector implements Connector<DumpConnector.Input, DumpConnector.Output> {

    public record Input(
            @Doc("postgres, redis or fediflow (Fediflow's own database)")
            @jakarta.validation.constraints.Pattern(regexp = "postgres|redis|fediflow") @jakarta.validation.constraints.NotNull String kind,
            @Doc("The run's folder (from backup.begin)")
            @jakarta.validation.constraints.NotBlank String folder) {}

    public record Output(
            @Doc("Object key")
            String object,
            @Doc("Bytes stored")
            long size,
            @Doc("SHA-256 of the stored (encrypted) bytes")
            String sha256,
            @Doc("Dump wall time")
            long durationMillis,
            @Doc("Tool version")
            String tool,
            @Doc("True when not configured")
            boolean skipped) {}

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
