package org.fediflow.backup;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import org.fediflow.connector.Connector;
import org.fediflow.connector.ConnectorInfo;
import org.fediflow.connector.Doc;
import org.fediflow.connector.StepContext;
import org.fediflow.connector.storage.ObjectStorage;
import org.fediflow.connector.storage.StoredObject;
import org.springframework.stereotype.Component;

/** {@code backup.retention}: see {@code connectors/backup.retention.json}. */
@ConnectorInfo(id = "backup.retention", name = "Apply retention",
        description = "Deletes backup folders older than fediflow.backup.retention, and folders "
        + "without manifest.json older than a day; never the newest complete folder, never "
        + "a folder without manifest younger than a day.")
@Component
class RetentionConnector implements Connector<RetentionConnector.Input, RetentionConnector.Output> {

    public record Input() {}

    public record Output(
            @Doc("The deleted folders")
            java.util.List<String> deleted) {}

    private final BackupProperties properties;
    private final ObjectStorage storage;
    private final BackupRuns runs;
    private final Clock clock;

    RetentionConnector(BackupProperties properties, ObjectStorage storage, BackupRuns runs, Clock clock) {
        this.properties = properties;
        this.storage = storage;
        this.runs = runs;
        this.clock = clock;
    }

    @Override
    public Output execute(Input input, StepContext context) {
        return new Output(runs.recordingFailure(context, this::deleteExpired));
    }

    /** Deletes the folders retention lets go; returns their names. */
    private List<String> deleteExpired() {
        List<StoredObject> all = storage.list(storage.prefix() + "/");
        List<Retention.Folder> folders = Retention.folders(storage.prefix(), all);
        List<String> doomed = Retention.toDelete(folders, clock.instant(), properties.retention());
        List<String> keys = new ArrayList<>();
        for (StoredObject object : all) {
            if (doomed.stream().anyMatch(f -> object.key().startsWith(f + "/"))) {
                keys.add(object.key());
            }
        }
        if (!keys.isEmpty()) {
            storage.delete(keys);
        }
        return doomed;
    }
}
