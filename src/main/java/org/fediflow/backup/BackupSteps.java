package org.fediflow.backup;

import org.fediflow.shared.Json;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import org.fediflow.connector.ConnectorFailure;
import org.fediflow.connector.StepContext;
import org.fediflow.connector.hosts.Command;
import org.fediflow.connector.hosts.CommandFailure;
import org.fediflow.connector.hosts.CommandResult;
import org.fediflow.connector.hosts.Commands;
import org.fediflow.connector.storage.ObjectStorage;
import org.fediflow.connector.storage.StorageUnavailable;
import org.fediflow.connector.storage.StoredObject;
import org.springframework.stereotype.Component;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** The work behind the backup connectors; each failure marks the run incomplete before it is reported. */
@Component
class BackupSteps {

    static final DateTimeFormatter FOLDER = DateTimeFormatter.ofPattern("yyyy/MM/dd/yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final JsonMapper JSON = Json.MAPPER;

    private final BackupProperties properties;
    private final ObjectStorage storage;
    private final Commands commands;
    private final BackupRuns runs;
    private final Clock clock;
    private final BackupTargets targets;

    BackupSteps(BackupProperties properties, ObjectStorage storage, Commands commands, BackupRuns runs, Clock clock,
                BackupTargets targets) {
        this.targets = targets;
        this.properties = properties;
        this.storage = storage;
        this.commands = commands;
        this.runs = runs;
        this.clock = clock;
    }

    /** What one dump stored. */
    record Dump(String object, long size, String sha256, long durationMillis, String tool, boolean skipped) {
    }

    String begin(StepContext step) {
        return guarded(step, () -> {
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
            return folder;
        });
    }

    /** A run that cannot start is listed as such (GET /api/backups), not left out. */
    private ConnectorFailure.BadInput refused(StepContext step, String why) {
        runs.refused(step.runId(), clock.instant(), why);
        return new ConnectorFailure.BadInput(why);
    }

    Dump dump(String kind, String folder, StepContext step) {
        return guarded(step, () -> {
            BackupProperties.Source source = switch (kind) {
                case "postgres" -> properties.postgres();
                case "fediflow" -> targets.fediflow();
                default -> properties.redis();
            };
            if (!source.configured()) {
                Dump skipped = new Dump(null, 0, null, 0, null, true);
                runs.step(step.runId(), kind, JSON.valueToTree(skipped));
                return skipped;
            }
            boolean pgDump = !"redis".equals(kind);
            String name = pgDump ? kind + ".dump.age" : "redis.rdb.age";
            List<String> argv = pgDump
                    ? List.of("pg_dump", "--format=custom", "--no-password", "--dbname=" + source.url())
                    : List.of("redis-cli", "-u", source.url(), "--no-auth-warning", "--rdb", "-");
            String tool = version(source.host(), pgDump ? "pg_dump" : "redis-cli");
            Dump dump;
            try (ObjectStorage.Upload upload = storage.upload(folder + "/" + name, "application/octet-stream")) {
                CommandResult result;
                try (OutputStream encrypted = Age.encrypt(new KeepOpen(upload), properties.recipients())) {
                    result = commands.run(new Command(source.host(), argv, properties.dumpTimeout()), encrypted);
                }
                if (!result.succeeded()) {
                    throw new ConnectorFailure.Temporary(argv.get(0) + " exited with " + result.exitStatus() + ": "
                            + result.stderrTail().strip());
                }
                StoredObject stored = upload.finish();
                dump = new Dump(stored.key(), stored.size(), stored.sha256(), result.duration().toMillis(), tool, false);
            } catch (CommandFailure e) {
                String message = e.getMessage() + (e.stderrTail().isBlank() ? "" : ": " + e.stderrTail().strip());
                throw e.retryable() ? new ConnectorFailure.Temporary(message, e) : new ConnectorFailure.BadInput(message, e);
            } catch (ConnectorFailure e) {
                throw e;
            } catch (Exception e) {
                throw new ConnectorFailure.Temporary("storing " + name + " failed: " + e.getMessage(), e);
            }
            runs.step(step.runId(), kind, JSON.valueToTree(dump));
            return dump;
        });
    }

    ObjectNode manifest(String folder, String startedAt, StepContext step) {
        return guarded(step, () -> {
            ObjectNode done = runs.objects(step.runId());
            ObjectNode manifest = JSON.createObjectNode();
            manifest.put("folder", folder);
            manifest.put("startedAt", startedAt);
            Instant end = clock.instant();
            manifest.put("endedAt", end.toString());
            var objects = manifest.putArray("objects");
            var tools = manifest.putObject("tools");
            for (String kind : List.of("postgres", "redis", "fediflow")) {
                var dump = done.get(kind);
                if ("fediflow".equals(kind) && !targets.fediflow().configured()) {
                    continue; // switched off (and runs of diagram versions from before it existed have no such step)
                }
                if (dump == null) {
                    throw new ConnectorFailure.BadInput("the " + kind + " dump of this run is missing");
                }
                if (!dump.path("skipped").asBoolean()) {
                    objects.addObject().put("name", dump.get("object").asString().substring(folder.length() + 1))
                            .put("size", dump.get("size").asLong()).put("sha256", dump.get("sha256").asString());
                    tools.put(kind, dump.path("tool").asString());
                } else {
                    (manifest.has("skipped") ? (tools.jackson.databind.node.ArrayNode) manifest.get("skipped")
                            : manifest.putArray("skipped")).add(kind);
                }
            }
            storage.put(folder + "/manifest.json", manifest.toPrettyString().getBytes(StandardCharsets.UTF_8),
                    "application/json");
            runs.complete(step.runId(), end);
            return manifest;
        });
    }

    /** rclone sync of the media; stats from its JSON log. */
    ObjectNode mediaSync(StepContext step) {
        return guarded(step, () -> {
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
        });
    }

    /** Deletes the folders retention lets go; returns their names. */
    List<String> retention(StepContext step) {
        return guarded(step, () -> {
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
        });
    }

    String summary(String folder, List<String> deleted, StepContext step) {
        ObjectNode done = runs.objects(step.runId());
        StringBuilder text = new StringBuilder("Backup complete: ").append(folder).append('\n');
        for (String kind : List.of("postgres", "redis", "fediflow")) {
            var dump = done.path(kind);
            if ("fediflow".equals(kind) && (dump.isMissingNode() || !targets.fediflow().configured())) {
                continue; // only said when switched on
            }
            if (dump.path("skipped").asBoolean(true)) {
                text.append("• ").append(kind).append(": skipped (").append("fediflow".equals(kind)
                        ? "fediflow.backup.fediflow-database is off" : "no fediflow.backup." + kind + ".url").append(")\n");
            } else {
                text.append("• ").append(kind).append(": ").append(humanSize(dump.path("size").asLong())).append(" in ")
                        .append(Duration.ofMillis(dump.path("durationMillis").asLong()).toSeconds()).append(" s\n");
            }
        }
        var media = done.path("media");
        if (media.path("skipped").asBoolean(true)) {
            text.append("• media: skipped (fediflow.backup.media.source/destination not set)\n");
        } else {
            text.append("• media: ").append(media.path("transfers").asLong()).append(" objects copied (")
                    .append(humanSize(media.path("bytes").asLong())).append("), ").append(media.path("checks").asLong())
                    .append(" checked, in ").append(Duration.ofMillis(media.path("durationMillis").asLong()).toSeconds()).append(" s\n");
        }
        text.append("• retention: ").append(deleted.isEmpty() ? "nothing to delete" : "deleted " + String.join(", ", deleted)).append('\n');
        text.append("Next run: ").append(properties.schedule());
        return text.toString();
    }

    private <T> T guarded(StepContext step, Supplier<T> work) {
        try {
            return work.get();
        } catch (StorageUnavailable e) {
            runs.failed(step.runId(), step.stepId(), e.getMessage());
            throw new ConnectorFailure.Temporary(e.getMessage(), e);
        } catch (RuntimeException e) {
            runs.failed(step.runId(), step.stepId(), e.getMessage());
            throw e;
        }
    }

    private String version(String host, String program) {
        try {
            return commands.run(new Command(host, List.of(program, "--version"), Duration.ofSeconds(30))).stdoutTail().strip();
        } catch (CommandFailure e) {
            return "unknown";
        }
    }

    static String humanSize(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double value = bytes;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(java.util.Locale.ROOT, "%.1f %s", value, units[unit]);
    }

    /** Lets age end its payload without closing the upload, which is finished (or abandoned) by its owner. */
    private static final class KeepOpen extends FilterOutputStream {
        KeepOpen(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            out.flush();
        }
    }
}
