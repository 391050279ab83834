package org.fediflow.backup;

import org.fediflow.shared.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;

import com.exceptionfactory.jagged.framework.stream.StandardDecryptingChannelFactory;
import com.exceptionfactory.jagged.x25519.X25519RecipientStanzaReaderFactory;

import org.fediflow.connector.ConnectorFailure;
import org.fediflow.connector.hosts.Command;
import org.fediflow.connector.hosts.CommandFailure;
import org.fediflow.connector.hosts.CommandResult;
import org.fediflow.connector.hosts.Commands;
import org.fediflow.connector.storage.ObjectStorage;
import org.fediflow.connector.storage.StorageUnavailable;
import org.springframework.stereotype.Component;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Proves the newest complete backup restores: download and check its SHA-256 against the manifest while decrypting
 * with the drill's identity, {@code pg_restore} into a scratch database, run the sanity queries, drop the database.
 */
@Component
class RestoreDrill {

    private static final JsonMapper JSON = Json.MAPPER;
    private final DrillProperties drill;
    private final BackupProperties backup;
    private final ObjectStorage storage;
    private final Commands commands;
    private final Clock clock;

    RestoreDrill(DrillProperties drill, BackupProperties backup, ObjectStorage storage, Commands commands, Clock clock) {
        this.drill = drill;
        this.backup = backup;
        this.storage = storage;
        this.commands = commands;
        this.clock = clock;
    }

    /** @param passed null when skipped */
    record Report(Boolean passed, String folder, String text) {
    }

    Report run() {
        if (drill.identityFile() == null || drill.postgresUrl() == null || drill.postgresUrl().isBlank()) {
            return new Report(null, null, "Restore drill skipped: set fediflow.backup.drill.identity-file and "
                    + "fediflow.backup.drill.postgres-url to prove the backups restore.");
        }
        if (!storage.configured()) {
            throw new ConnectorFailure.BadInput("no bucket configured: set fediflow.storage.bucket");
        }
        try {
            return drill();
        } catch (StorageUnavailable e) {
            throw new ConnectorFailure.Temporary(e.getMessage(), e);
        } catch (IOException | GeneralSecurityException e) {
            throw new ConnectorFailure.BadInput("restore drill failed: " + e.getMessage(), e);
        }
    }

    private Report drill() throws IOException, GeneralSecurityException {
        Retention.Folder newest = Retention.folders(storage.prefix(), storage.list(storage.prefix() + "/")).stream()
                .filter(Retention.Folder::complete).max(Comparator.comparing(Retention.Folder::time))
                .orElseThrow(() -> new ConnectorFailure.BadInput("no complete backup in the bucket to drill with"));
        JsonNode manifest;
        try (InputStream in = storage.get(newest.path() + "/manifest.json")) {
            manifest = JSON.readTree(in);
        }
        JsonNode dumpEntry = null;
        for (JsonNode object : manifest.path("objects")) {
            if ("postgres.dump.age".equals(object.path("name").asString())) {
                dumpEntry = object;
            }
        }
        if (dumpEntry == null) {
            return new Report(null, newest.path(), "Restore drill skipped: the newest backup " + newest.path()
                    + " has no PostgreSQL dump.");
        }
        long started = clock.millis();
        Path plain = Files.createTempFile("fediflow-drill", ".pgdump");
        String scratch = "fediflow_drill_" + clock.millis();
        StringBuilder text = new StringBuilder();
        try {
            String identity = Files.readAllLines(drill.identityFile()).stream().map(String::trim)
                    .filter(l -> l.startsWith("AGE-SECRET-KEY-")).findFirst()
                    .orElseThrow(() -> new ConnectorFailure.BadInput(drill.identityFile() + " holds no AGE-SECRET-KEY-1… line"));
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            try (InputStream stored = new DigestInputStream(storage.get(newest.path() + "/postgres.dump.age"), sha256);
                 InputStream decrypted = Channels.newInputStream(new StandardDecryptingChannelFactory().newDecryptingChannel(
                         Channels.newChannel(stored), List.of(X25519RecipientStanzaReaderFactory.newRecipientStanzaReader(identity))));
                 OutputStream out = Files.newOutputStream(plain)) {
                decrypted.transferTo(out);
                stored.transferTo(OutputStream.nullOutputStream());
            }
            String hex = HexFormat.of().formatHex(sha256.digest());
            if (!hex.equals(dumpEntry.path("sha256").asString())) {
                return new Report(false, newest.path(), "Restore drill FAILED: " + newest.path()
                        + "/postgres.dump.age has SHA-256 " + hex + ", the manifest says " + dumpEntry.path("sha256").asString());
            }
            long downloaded = clock.millis();
            psql(drill.postgresUrl(), "create database " + scratch);
            try {
                CommandResult restore = commands.run(new Command(null, List.of("pg_restore", "--no-owner", "--no-acl",
                        "--exit-on-error", "--dbname=" + withDatabase(drill.postgresUrl(), scratch), plain.toString()),
                        backup.dumpTimeout()));
                if (!restore.succeeded()) {
                    return new Report(false, newest.path(), "Restore drill FAILED: pg_restore of " + newest.path()
                            + " exited with " + restore.exitStatus() + ": " + restore.stderrTail().strip());
                }
                long restored = clock.millis();
                text.append("Restore drill of ").append(newest.path()).append(":\n")
                        .append("• download, SHA-256 check and decryption: ").append(seconds(downloaded - started)).append('\n')
                        .append("• pg_restore: ").append(seconds(restored - downloaded)).append('\n');
                boolean passed = true;
                for (String query : drill.queries()) {
                    CommandResult answer = psql(withDatabase(drill.postgresUrl(), scratch), query);
                    boolean ok = answer.succeeded() && "t".equals(answer.stdoutTail().strip());
                    passed &= ok;
                    text.append("• `").append(query).append("`: ").append(ok ? "true"
                            : answer.succeeded() ? answer.stdoutTail().strip() : "error " + answer.stderrTail().strip()).append('\n');
                }
                text.insert(0, passed ? "Restore drill passed. " : "Restore drill FAILED. ");
                return new Report(passed, newest.path(), text.toString().strip());
            } finally {
                psql(drill.postgresUrl(), "drop database if exists " + scratch + " with (force)");
            }
        } finally {
            Files.deleteIfExists(plain);
        }
    }

    private CommandResult psql(String url, String sql) {
        try {
            return commands.run(new Command(null, List.of("psql", "--no-psqlrc", "-tA", "-v", "ON_ERROR_STOP=1",
                    "--dbname=" + url, "-c", sql), Duration.ofMinutes(10)));
        } catch (CommandFailure e) {
            throw new ConnectorFailure.Temporary("psql: " + e.getMessage(), e);
        }
    }

    /** The same libpq URI naming another database. */
    static String withDatabase(String url, String database) {
        URI uri = URI.create(url);
        return uri.getScheme() + "://" + (uri.getRawAuthority() == null ? "" : uri.getRawAuthority()) + "/" + database
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    }

    private static String seconds(long millis) {
        return String.format(java.util.Locale.ROOT, "%.1f s", millis / 1000.0);
    }
}
