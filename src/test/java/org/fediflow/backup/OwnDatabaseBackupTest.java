package org.fediflow.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.fediflow.connector.storage.ObjectStorage;
import org.fediflow.testing.FakeSlack;
import org.fediflow.testing.Postgres;
import org.fediflow.testing.Programs;
import org.fediflow.testing.S3MockProcess;
import org.fediflow.testing.Slow;
import org.fediflow.testing.TestDiagrams;
import org.flowable.engine.RuntimeService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Fediflow's own data in the backups: with {@code fediflow.backup.fediflow-database} a run dumps Fediflow's PostgreSQL
 * database (and nothing else configured), and what it stores restores with the stock age and pg_restore.
 */
@SpringBootTest(properties = {
        "fediflow.admin.password=test-admin-pw", "fediflow.bpmn.shipped=true",
        "fediflow.storage.region=us-east-1", "fediflow.storage.bucket=" + S3MockProcess.BUCKET,
        "fediflow.storage.key-id=test-key", "fediflow.storage.application-key=test-secret",
        "fediflow.backup.fediflow-database=true", "fediflow.workflow.retries=1", "fediflow.workflow.retry-wait=1s",
        "fediflow.slack.bot-token=" + FakeSlack.BOT_TOKEN, "fediflow.slack.channels.ops=C0OPS"})
@Slow
class OwnDatabaseBackupTest {

    static final FakeSlack SLACK = new FakeSlack();
    static final S3MockProcess S3 = start();
    static final Path KEYS = ageKeys();
    static final String DATABASE = Postgres.freshDatabase();
    static final JsonMapper JSON = JsonMapper.builder().build();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> DATABASE);
        registry.add("spring.datasource.username", () -> "postgres");
        registry.add("fediflow.bpmn.dir", () -> TestDiagrams.tempFolder().resolve("bpmn").toString());
        registry.add("fediflow.storage.endpoint", S3::endpoint);
        registry.add("fediflow.slack.api-url", SLACK::apiUrl);
        registry.add("fediflow.backup.recipients", OwnDatabaseBackupTest::recipient);
    }

    @AfterAll
    static void stop() throws Exception {
        S3.close();
        SLACK.close();
    }

    @Autowired
    RuntimeService runtime;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    ObjectStorage storage;

    @Test
    void aRunDumpsFediflowsOwnDatabaseAndItRestores() throws Exception {
        String run = runtime.startProcessInstanceByKey("backup").getId();
        await().atMost(Duration.ofSeconds(120)).until(() -> runtime.createProcessInstanceQuery().processInstanceId(run).count() == 0);
        String folder = jdbc.queryForObject("select folder from backup_run where run_id = ? and status = 'complete'", String.class, run);

        JsonNode manifest = JSON.readTree(read(folder + "/manifest.json"));
        assertThat(manifest.get("objects").findValuesAsString("name")).containsExactly("fediflow.dump.age");
        assertThat(manifest.get("skipped").toString()).contains("postgres").contains("redis");
        assertThat(SLACK.requests("chat.postMessage").stream().map(r -> FakeSlack.form(r).get("text"))
                .filter(t -> t.contains(folder))).singleElement().asString().contains("• fediflow: ");

        Path encrypted = Files.createTempFile("fediflow", ".age");
        Files.write(encrypted, read(folder + "/fediflow.dump.age"));
        Path plain = Files.createTempFile("fediflow", ".pgdump");
        Programs.run(List.of("age", "-d", "-i", KEYS.toString(), "-o", plain.toString(), encrypted.toString()));
        String copy = Postgres.freshDatabase();
        Programs.run(List.of("pg_restore", "--no-owner", "--dbname=postgresql://postgres@127.0.0.1:5432/"
                + copy.substring(copy.lastIndexOf('/') + 1), plain.toString()));
        try (var c = java.sql.DriverManager.getConnection(copy, "postgres", "");
             var rs = c.createStatement().executeQuery("select count(*) from act_re_procdef where key_ = 'backup'")) {
            rs.next();
            assertThat(rs.getLong(1)).as("the engine's tables came back").isPositive();
        }
    }

    byte[] read(String key) throws IOException {
        try (var in = storage.get(key)) {
            return in.readAllBytes();
        }
    }

    static S3MockProcess start() {
        try {
            return new S3MockProcess();
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
}
