package org.fediflow.backup;

import org.fediflow.testing.Slow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import org.fediflow.connector.storage.ObjectStorage;
import org.fediflow.connector.storage.StoredObject;
import org.fediflow.testing.FakeSlack;
import org.fediflow.testing.Http;
import org.fediflow.testing.Postgres;
import org.fediflow.testing.Programs;
import org.fediflow.testing.S3MockProcess;
import org.fediflow.testing.SlackRequests;
import org.fediflow.testing.SshTestServer;
import org.fediflow.testing.TestDiagrams;
import org.flowable.engine.HistoryService;
import org.flowable.engine.ManagementService;
import org.flowable.engine.RuntimeService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The shipped backup.bpmn against real parts: the machine's PostgreSQL and Redis, S3Mock as the bucket, the age
 * and pg_restore CLIs to prove what was stored can be read back. pg_dump runs on the database host over SSH (the
 * machine's OpenSSH server with a pinned host key); redis-cli runs on the Fediflow machine.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "fediflow.admin.password=test-admin-pw",
        "fediflow.slack.bot-token=" + FakeSlack.BOT_TOKEN,
        "fediflow.slack.channels.ops=C0OPS",
        "fediflow.slack.signing-secret=" + BackupFlowTest.SIGNING_SECRET,
        "fediflow.slack.moderators=U0MODERATOR",
        "fediflow.inbox.poll-interval=100ms",
        "fediflow.storage.region=us-east-1",
        "fediflow.storage.bucket=" + S3MockProcess.BUCKET,
        "fediflow.storage.key-id=test-key",
        "fediflow.storage.application-key=test-secret",
        "fediflow.storage.part-size=5MB",
        "fediflow.backup.redis.url=redis://127.0.0.1:6379",
        "fediflow.backup.postgres.host=db",
        "fediflow.hosts.db.address=127.0.0.1",
        "fediflow.hosts.db.roles=database",
        "fediflow.workflow.retries=1",
        "fediflow.workflow.retry-wait=1s",
        "fediflow.workflow.job-lock-time=3s",
        "flowable.process.async.executor.default-async-job-acquire-wait-time=200ms"})
@Slow
class BackupFlowTest {

    static final String SIGNING_SECRET = "backup-slack-signing-secret";
    static final FakeSlack SLACK = new FakeSlack();
    static final S3MockProcess S3 = start();
    static final Path KEYS = ageKeys();
    static final String SOURCE = sourceDatabase();
    static final SshTestServer DB_HOST = sshServer();
    static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    RuntimeService runtime;
    @Autowired
    HistoryService history;
    @Autowired
    ManagementService management;
    @Autowired
    ObjectStorage storage;
    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> "jdbc:h2:file:" + TestDiagrams.tempFolder() + "/fediflow");
        registry.add("fediflow.bpmn.dir", () -> TestDiagrams.shipped("backup.bpmn", "restore-drill.bpmn").toString());
        registry.add("fediflow.slack.api-url", SLACK::apiUrl);
        registry.add("fediflow.storage.endpoint", S3::endpoint);
        registry.add("fediflow.backup.recipients", () -> recipient());
        registry.add("fediflow.backup.postgres.url", () -> SOURCE);
        registry.add("fediflow.hosts.db.port", DB_HOST::port);
        registry.add("fediflow.hosts.db.user", SshTestServer::user);
        registry.add("fediflow.hosts.db.host-key", DB_HOST::ed25519HostKey);
        registry.add("fediflow.ssh.private-key-file", () -> DB_HOST.clientKeyFile().toString());
        registry.add("fediflow.backup.drill.identity-file", KEYS::toString);
        registry.add("fediflow.backup.drill.postgres-url", () -> "postgresql://postgres@127.0.0.1:5432/postgres");
    }

    @AfterAll
    static void stop() throws Exception {
        S3.close();
        SLACK.close();
        DB_HOST.close();
    }

    @Test
    void storesEncryptedDumpsThatTheAgeCliAndPgRestoreCanReadBack() throws Exception {
        int sshCommandsBefore = DB_HOST.commandsRun();
        String run = runtime.startProcessInstanceByKey("backup").getId();
        await().atMost(Duration.ofSeconds(90)).until(() -> runtime.createProcessInstanceQuery().processInstanceId(run).count() == 0);

        List<Map<String, Object>> backups = backups();
        Map<String, Object> mine = backups.stream().filter(b -> run.equals(b.get("runId"))).findFirst().orElseThrow();
        assertThat(mine.get("status")).isEqualTo("complete");
        String folder = (String) mine.get("folder");
        assertThat(folder).matches("backups/\\d{4}/\\d{2}/\\d{2}/\\d{8}T\\d{6}Z");

        JsonNode manifest = JSON.readTree(read(folder + "/manifest.json"));
        assertThat(manifest.get("objects")).hasSize(2);
        for (JsonNode object : manifest.get("objects")) {
            byte[] stored = read(folder + "/" + object.get("name").asString());
            assertThat(stored.length).isEqualTo(object.get("size").asLong());
            assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(stored)))
                    .isEqualTo(object.get("sha256").asString());
            assertThat(storage.head(folder + "/" + object.get("name").asString()).sha256()).isEqualTo(object.get("sha256").asString());
        }
        assertThat(manifest.get("tools").get("postgres").asString()).startsWith("pg_dump (PostgreSQL)");
        assertThat(DB_HOST.commandsRun() - sshCommandsBefore).as("pg_dump --version and pg_dump over SSH")
                .isGreaterThanOrEqualTo(2);

        Path dump = Files.createTempFile("dump", ".age");
        Files.write(dump, read(folder + "/postgres.dump.age"));
        Path plain = Files.createTempFile("dump", ".pgdump");
        Programs.run(List.of("age", "-d", "-i", KEYS.toString(), "-o", plain.toString(), dump.toString()));
        String restoreTarget = Postgres.freshDatabase();
        Programs.run(List.of("pg_restore", "--no-owner", "--dbname=" + "postgresql://postgres@127.0.0.1:5432/"
                + restoreTarget.substring(restoreTarget.lastIndexOf('/') + 1), plain.toString()));
        try (var c = java.sql.DriverManager.getConnection(restoreTarget, "postgres", "");
             var rs = c.createStatement().executeQuery("select count(*), sum(length(note)) from accounts")) {
            rs.next();
            assertThat(rs.getLong(1)).isEqualTo(5000);
            assertThat(rs.getLong(2)).isEqualTo(5000L * 200);
        }
        Path rdb = Files.createTempFile("redis", ".age");
        Files.write(rdb, read(folder + "/redis.rdb.age"));
        String header = new String(runOutput(List.of("age", "-d", "-i", KEYS.toString(), rdb.toString())), 0, 5);
        assertThat(header).isEqualTo("REDIS");

        String summary = SLACK.requests("chat.postMessage").stream().map(r -> FakeSlack.form(r).get("text"))
                .filter(t -> t.contains(folder)).findFirst().orElseThrow();
        assertThat(summary).contains("postgres: ").contains("redis: ").contains("media: skipped").contains("Next run: R/PT6H");

        String drill = runtime.startProcessInstanceByKey("restore-drill").getId();
        await().atMost(Duration.ofSeconds(90)).until(() -> runtime.createProcessInstanceQuery().processInstanceId(drill).count() == 0);
        String report = SLACK.requests("chat.postMessage").stream().map(r -> FakeSlack.form(r).get("text"))
                .filter(t -> t.startsWith("Restore drill")).findFirst().orElseThrow();
        assertThat(report).startsWith("Restore drill passed.").contains("select count(*) &gt; 0 from accounts`: true")
                .contains("pg_restore: ");
        try (var c = java.sql.DriverManager.getConnection(Postgres.HOST + "postgres", "postgres", "");
             var rs = c.createStatement().executeQuery("select count(*) from pg_database where datname like 'fediflow_drill_%'")) {
            rs.next();
            assertThat(rs.getLong(1)).as("scratch databases left").isZero();
        }
    }

    @Test
    void aStorageOutageMarksTheRunIncompleteWithAnIncidentAndNoManifest() throws Exception {
        assertThat(new Http(port).get("/api/backups").statusCode()).isEqualTo(401);
        S3.stop();
        String run;
        try {
            run = runtime.startProcessInstanceByKey("backup").getId();
            await().atMost(Duration.ofSeconds(60)).until(() ->
                    management.createDeadLetterJobQuery().processInstanceId(run).count() > 0);
        } finally {
            S3.start();
        }
        Map<String, Object> mine = backups().stream().filter(b -> run.equals(b.get("runId"))).findFirst().orElseThrow();
        assertThat(mine.get("status")).isEqualTo("incomplete");
        assertThat((String) mine.get("error")).contains("dump");
        assertThat(storage.list(mine.get("folder") + "/")).noneMatch(o -> o.key().endsWith("manifest.json"));
        assertThat(runtime.createProcessInstanceQuery().processInstanceId(run).count()).isEqualTo(1);
    }

    @Test
    void aStreamOfManyPartsIsStoredWholeAndInOrderWhilePartsUploadInTheBackground() throws Exception {
        byte[] content = new byte[23 * 1024 * 1024 + 12345]; // four 5 MiB parts and a short fifth
        new Random(42).nextBytes(content);
        String key = "test/multipart-" + UUID.randomUUID();
        StoredObject stored;
        try (var upload = storage.upload(key, "application/octet-stream")) {
            for (int off = 0; off < content.length; off += 65536) {
                upload.write(content, off, Math.min(65536, content.length - off));
            }
            stored = upload.finish();
        }
        String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        assertThat(stored.size()).isEqualTo(content.length);
        assertThat(stored.sha256()).isEqualTo(expected);
        assertThat(read(key)).as("the bytes read back").isEqualTo(content);
    }

    @Test
    void aModeratorStartsABackupWithTheSlashCommandAndNobodyElseCan() throws Exception {
        Http http = new Http(port);
        long before = history.createHistoricProcessInstanceQuery().processDefinitionKey("backup").count();

        var stranger = SlackRequests.command(http, SIGNING_SECRET, "backup", "U0STRANGER");
        assertThat(stranger.statusCode()).isEqualTo(200);
        assertThat(stranger.body()).contains("not allowed");
        var moderator = SlackRequests.command(http, SIGNING_SECRET, "backup", "U0MODERATOR");
        assertThat(moderator.statusCode()).isEqualTo(200);
        assertThat(moderator.body()).contains("Backup started");

        await().atMost(Duration.ofSeconds(20)).until(() ->
                history.createHistoricProcessInstanceQuery().processDefinitionKey("backup").count() == before + 1);
        Thread.sleep(1000);
        assertThat(history.createHistoricProcessInstanceQuery().processDefinitionKey("backup").count())
                .as("one backup: the stranger's command started nothing").isEqualTo(before + 1);
    }

    private List<Map<String, Object>> backups() {
        var response = new Http(port).get("/api/backups", "Authorization", Http.basic("admin", "test-admin-pw"));
        assertThat(response.statusCode()).isEqualTo(200);
        return JSON.readValue(response.body(), new tools.jackson.core.type.TypeReference<>() { });
    }

    private byte[] read(String key) throws IOException {
        try (InputStream in = storage.get(key)) {
            return in.readAllBytes();
        }
    }

    static byte[] runOutput(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor()).isZero();
        return out;
    }


    static S3MockProcess start() {
        try {
            return new S3MockProcess();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static SshTestServer sshServer() {
        try {
            return new SshTestServer();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path ageKeys() {
        try {
            Path keys = Files.createTempDirectory("age").resolve("key.txt");
            Programs.run(List.of("age-keygen", "-o", keys.toString()));
            return keys;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static String recipient() {
        try {
            return Files.readAllLines(KEYS).stream().filter(l -> l.startsWith("# public key: ")).findFirst().orElseThrow()
                    .substring("# public key: ".length());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A source database with 5000 accounts carrying some text, as a libpq URI. */
    static String sourceDatabase() {
        String jdbc = Postgres.freshDatabase();
        String name = jdbc.substring(jdbc.lastIndexOf('/') + 1);
        Postgres.execute(name, "create table accounts (id bigint primary key, note text)");
        Postgres.execute(name, "insert into accounts select g, repeat(md5(g::text), 200 / 32 + 1)::varchar(200) from generate_series(1, 5000) g");
        Postgres.execute(name, "update accounts set note = rpad(note, 200, 'x')");
        return "postgresql://postgres@127.0.0.1:5432/" + name;
    }
}
