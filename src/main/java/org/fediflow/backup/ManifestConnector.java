package org.fediflow.backup;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;

import org.fediflow.connector.Connector;
import org.fediflow.connector.ConnectorFailure;
import org.fediflow.connector.ConnectorInfo;
import org.fediflow.connector.Doc;
import org.fediflow.connector.StepContext;
import org.fediflow.connector.storage.ObjectStorage;
import org.springframework.stereotype.Component;

import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** {@code backup.manifest}: see {@code connectors/backup.manifest.json}. */
@ConnectorInfo(id = "backup.manifest", name = "Write the manifest",
        description = "Writes manifest.json (object names, sizes, SHA-256, tool versions, start and "
        + "end) into the folder; only then is the run complete.")
@Component
class ManifestConnector implements Connector<ManifestConnector.Input, ManifestConnector.Output> {

    public record Input(
            @Doc("The run's folder")
            @jakarta.validation.constraints.NotBlank String folder,
            @Doc("Start time")
            String startedAt) {}

    public record Output(
            @Doc("Key of manifest.json")
            String object,
            @Doc("The manifest")
            tools.jackson.databind.JsonNode manifest) {}

    private final ObjectStorage storage;
    private final BackupRuns runs;
    private final BackupTargets targets;
    private final Clock clock;

    ManifestConnector(ObjectStorage storage, BackupRuns runs, BackupTargets targets, Clock clock) {
        this.storage = storage;
        this.runs = runs;
        this.targets = targets;
        this.clock = clock;
    }

    @Override
    public Output execute(Input input, StepContext context) {
        var manifest = runs.recordingFailure(context, () -> write(input.folder(), input.startedAt(), context));
        return new Output(input.folder() + "/manifest.json", manifest);
    }

    private ObjectNode write(String folder, String startedAt, StepContext step) {
        ObjectNode done = runs.objects(step.runId());
        ObjectNode manifest = JsonNodeFactory.instance.objectNode();
        manifest.put("folder", folder);
        manifest.put("startedAt", startedAt);
        Instant end = clock.instant();
        manifest.put("endedAt", end.toString());
        var objects = manifest.putArray("objects");
        var tools = manifest.putObject("tools");
        for (DumpKind kind : DumpKind.values()) {
            var dump = done.get(kind.label());
            if (kind.switchedOff(targets)) {
                continue; // switched off (and runs of diagram versions from before it existed have no such step)
            }
            if (dump == null) {
                throw new ConnectorFailure.BadInput("the " + kind.label() + " dump of this run is missing");
            }
            if (!dump.path("skipped").asBoolean()) {
                objects.addObject().put("name", dump.get("object").asString().substring(folder.length() + 1))
                        .put("size", dump.get("size").asLong()).put("sha256", dump.get("sha256").asString());
                tools.put(kind.label(), dump.path("tool").asString());
            } else {
                (manifest.has("skipped") ? (ArrayNode) manifest.get("skipped") : manifest.putArray("skipped"))
                        .add(kind.label());
            }
        }
        storage.put(folder + "/manifest.json", manifest.toPrettyString().getBytes(StandardCharsets.UTF_8),
                "application/json");
        runs.complete(step.runId(), end);
        return manifest;
    }
}
