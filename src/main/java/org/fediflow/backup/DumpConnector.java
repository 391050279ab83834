package org.fediflow.backup;

import org.fediflow.shared.Json;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
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
import org.fediflow.connector.storage.ObjectStorage;
import org.fediflow.connector.storage.ObjectUpload;
import org.fediflow.connector.storage.StoredObject;
import org.springframework.stereotype.Component;

import tools.jackson.databind.json.JsonMapper;

/** {@code backup.dump}: see {@code connectors/backup.dump.json}. */
@ConnectorInfo(id = "backup.dump", name = "Dump a database into the bucket",
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
            @Doc("Wall time from the dump's start until the object is stored and checked")
            long durationMillis,
            @Doc("Tool version")
            String tool,
            @Doc("True when not configured")
            boolean skipped) {}

    private static final JsonMapper JSON = Json.MAPPER;

    private final BackupProperties properties;
    private final ObjectStorage storage;
    private final Commands commands;
    private final BackupRuns runs;
    private final BackupTargets targets;

    DumpConnector(BackupProperties properties, ObjectStorage storage, Commands commands, BackupRuns runs,
                  BackupTargets targets) {
        this.properties = properties;
        this.storage = storage;
        this.commands = commands;
        this.runs = runs;
        this.targets = targets;
    }

    @Override
    public Output execute(Input input, StepContext context) {
        return runs.recordingFailure(context, () -> dump(DumpKind.named(input.kind()), input.folder(), context));
    }

    private Output dump(DumpKind kind, String folder, StepContext step) {
        BackupProperties.Source source = kind.source(properties, targets);
        if (!source.configured()) {
            Output skipped = new Output(null, 0, null, 0, null, true);
            runs.step(step.runId(), kind.label(), JSON.valueToTree(skipped));
            return skipped;
        }
        String name = kind.objectName();
        List<String> argv = kind.argv(source.url());
        String tool = version(source.host(), kind.program());
        Output dump;
        long started = System.nanoTime();
        try (ObjectUpload upload = storage.upload(folder + "/" + name, "application/octet-stream")) {
            CommandResult result;
            try (OutputStream encrypted = Age.encrypt(new KeepOpen(upload), properties.recipients())) {
                result = commands.run(new Command(source.host(), argv, properties.dumpTimeout()), encrypted);
            }
            if (!result.succeeded()) {
                throw new ConnectorFailure.Temporary(argv.get(0) + " exited with " + result.exitStatus() + ": "
                        + result.stderrTail().strip());
            }
            StoredObject stored = upload.finish();
            dump = new Output(stored.key(), stored.size(), stored.sha256(),
                    Duration.ofNanos(System.nanoTime() - started).toMillis(), tool, false);
        } catch (CommandFailure e) {
            String message = e.getMessage() + (e.stderrTail().isBlank() ? "" : ": " + e.stderrTail().strip());
            throw e.retryable() ? new ConnectorFailure.Temporary(message, e) : new ConnectorFailure.BadInput(message, e);
        } catch (ConnectorFailure e) {
            throw e;
        } catch (Exception e) {
            throw new ConnectorFailure.Temporary("storing " + name + " failed: " + e.getMessage(), e);
        }
        runs.step(step.runId(), kind.label(), JSON.valueToTree(dump));
        return dump;
    }

    private String version(String host, String program) {
        try {
            return commands.run(new Command(host, List.of(program, "--version"), Duration.ofSeconds(30))).stdoutTail().strip();
        } catch (CommandFailure e) {
            return "unknown";
        }
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
