package org.fediflow.backup;

import org.fediflow.shared.Json;
import java.util.List;

import org.fediflow.connector.Connector;
import org.fediflow.connector.ConnectorFailure;
import org.fediflow.connector.ConnectorInfo;
import org.fediflow.connector.Doc;
import org.fediflow.connector.StepContext;
import org.fediflow.connector.hosts.Command;
import org.fediflow.connector.hosts.CommandFailure;
import org.fediflow.connector.hosts.CommandResult;
import org.fediflow.connector.hosts.Commands;
import org.springframework.stereotype.Component;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** {@code backup.media-sync}: see {@code connectors/backup.media-sync.json}. */
@ConnectorInfo(id = "backup.media-sync", name = "Sync the media",
        description = "rclone sync fediflow.backup.media.source to .destination, with its stats "
        + "(objects transferred, bytes, checks, errors). Skipped when unset.")
@Component
class MediaSyncConnector implements Connector<MediaSyncConnector.Input, MediaSyncConnector.Output> {

    public record Input() {}

    public record Output(
            @Doc("{skipped, transfers, bytes, checks, errors, durationMillis}")
            tools.jackson.databind.JsonNode stats) {}

    private static final JsonMapper JSON = Json.MAPPER;

    private final BackupProperties properties;
    private final Commands commands;
    private final BackupRuns runs;

    MediaSyncConnector(BackupProperties properties, Commands commands, BackupRuns runs) {
        this.properties = properties;
        this.commands = commands;
        this.runs = runs;
    }

    @Override
    public Output execute(Input input, StepContext context) {
        return new Output(runs.recordingFailure(context, () -> sync(context)));
    }

    /** rclone sync of the media; stats from its JSON log. */
    private ObjectNode sync(StepContext step) {
        ObjectNode out = JSON.createObjectNode();
        if (!properties.media().configured()) {
            out.put("skipped", true);
            runs.step(step.runId(), "media", out);
            return out;
        }
        CommandResult result;
        try {
            result = commands.run(new Command(null, List.of("rclone", "sync", properties.media().source(),
                    properties.media().destination(), "--stats-one-line", "--stats", "0", "--use-json-log",
                    "--stats-log-level", "NOTICE"), properties.dumpTimeout()));
        } catch (CommandFailure e) {
            throw new ConnectorFailure.Temporary("rclone: " + e.getMessage(), e);
        }
        if (!result.succeeded()) {
            throw new ConnectorFailure.Temporary("rclone exited with " + result.exitStatus() + ": " + result.stderrTail().strip());
        }
        out.put("skipped", false);
        out.put("durationMillis", result.duration().toMillis());
        for (String line : result.stderrTail().split("\n")) {
            if (line.contains("\"stats\"")) {
                try {
                    var stats = JSON.readTree(line).path("stats");
                    out.put("transfers", stats.path("transfers").asLong());
                    out.put("bytes", stats.path("bytes").asLong());
                    out.put("checks", stats.path("checks").asLong());
                    out.put("errors", stats.path("errors").asLong());
                } catch (RuntimeException e) {
                    // a cut line at the start of the tail; a later one carries the final stats
                }
            }
        }
        runs.step(step.runId(), "media", out);
        return out;
    }
}
