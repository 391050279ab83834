package org.fediflow.backup;

import org.fediflow.connector.Connector;
import org.fediflow.connector.ConnectorInfo;
import org.fediflow.connector.Doc;
import org.fediflow.connector.StepContext;
import org.springframework.stereotype.Component;

/** {@code backup.media-sync}: see {@code connectors/backup.media-sync.json}. */
@ConnectorInfo(name = "Sync the media",
        description = "rclone sync fediflow.backup.media.source to .destination, with its stats "
        + "(objects transferred, bytes, checks, errors). Skipped when unset.")
@Component
class MediaSyncConnector implements Connector<MediaSyncConnector.Input, MediaSyncConnector.Output> {

    public record Input() {}

    public record Output(
            @Doc("{skipped, transfers, bytes, checks, errors, durationMillis}")
            tools.jackson.databind.JsonNode stats) {}

    private final BackupSteps steps;

    MediaSyncConnector(BackupSteps steps) {
        this.steps = steps;
    }

    @Override
    public String id() {
        return "backup.media-sync";
    }

    @Override
    public Class<Input> inputType() {
        return Input.class;
    }

    @Override
    public Output execute(Input input, StepContext context) {
        return new Output(steps.mediaSync(context));
    }
}
