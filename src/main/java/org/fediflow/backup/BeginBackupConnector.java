package org.fediflow.backup;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import org.fediflow.connector.Connector;
import org.fediflow.connector.ConnectorFailure;
import org.fediflow.connector.ConnectorInfo;
import org.fediflow.connector.Doc;
import org.fediflow.connector.StepContext;
import org.fediflow.connector.storage.ObjectStorage;
import org.springframework.stereotype.Component;

/** {@code backup.begin}: see {@code connectors/backup.begin.json}. */
@ConnectorInfo(id = "backup.begin", name = "Begin a backup",
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

    /** The run's folder under the bucket's prefix, by its start time. */
    static final DateTimeFormatter FOLDER = DateTimeFormatter.ofPattern("yyyy/MM/dd/yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private final BackupProperties properties;
    private final ObjectStorage storage;
    private final BackupRuns runs;
    private final BackupTargets targets;
    private final Clock clock;

    BeginBackupConnector(BackupProperties properties, ObjectStorage storage, BackupRuns runs, BackupTargets targets,
                         Clock clock) {
        this.properties = properties;
        this.storage = storage;
        this.runs = runs;
        this.targets = targets;
        this.clock = clock;
    }

    @Override
    public Output execute(Input input, StepContext context) {
        return runs.recordingFailure(context, () -> begin(context));
    }

    private Output begin(StepContext step) {
        if (targets.describe().isEmpty()) {
            throw refused(step, "nothing to back up: set fediflow.backup.postgres.url, fediflow.backup.redis.url, "
                    + "fediflow.backup.media.source and .destination, or fediflow.backup.fediflow-database=true");
        }
        if (!storage.configured()) {
            throw refused(step, "no bucket configured: set fediflow.storage.bucket (and endpoint, keys)");
        }
        if (properties.recipients().isEmpty()) {
            throw refused(step, "no age recipients: set fediflow.backup.recipients to your age1… public keys");
        }
        Instant now = clock.instant();
        String folder = storage.prefix() + "/" + FOLDER.format(now);
        runs.started(step.runId(), folder, now);
        return new Output(folder, now.toString());
    }

    /** A run that cannot start is listed as such (GET /api/backups), not left out. */
    private ConnectorFailure.BadInput refused(StepContext step, String why) {
        runs.refused(step.runId(), clock.instant(), why);
        return new ConnectorFailure.BadInput(why);
    }
}
