package org.fediflow.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.fediflow.FediflowApplication;
import org.fediflow.testing.Http;
import org.fediflow.testing.Slow;
import org.fediflow.testing.TestDiagrams;
import org.flowable.engine.RepositoryService;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Shipped diagrams come with the jar: an empty folder still runs every one, an untouched one follows the jar, the
 * operator's own version wins, and when the jar's changed since they made theirs, the console offers it. Slow lane: it
 * starts the whole application five times (a restart is what it proves), the fast lane's costliest class;
 * {@code QuietFirstStartTest} keeps a start with the shipped diagrams in the fast lane.
 */
@Slow
class ShippedDiagramsTest {

    static final List<String> SHIPPED = List.of("backup", "donation-recording", "new-user-onboarding", "release-watch",
            "report-to-moderators", "restore-drill", "upgrade-rollout");
    static final String AUTH = Http.basic("admin", "test-admin-pw");
    static final JsonMapper JSON = JsonMapper.builder().build();

    final Path data = TestDiagrams.tempFolder();
    final Path folder = data.resolve("bpmn");

    ConfigurableApplicationContext start(boolean shipped) {
        return new SpringApplication(FediflowApplication.class).run("--server.port=0",
                "--spring.datasource.url=jdbc:h2:file:" + data + "/db", "--fediflow.admin.password=test-admin-pw",
                "--fediflow.bpmn.dir=" + folder, "--fediflow.bpmn.shipped=" + shipped,
                "--fediflow.bpmn.watch-interval=300ms");
    }

    static byte[] jars(String key) throws Exception {
        return Files.readAllBytes(Path.of("bpmn", key + ".bpmn"));
    }

    static byte[] latest(RepositoryService repository, String key) throws Exception {
        var definition = repository.createProcessDefinitionQuery().processDefinitionKey(key).latestVersion().singleResult();
        try (var in = repository.getResourceAsStream(definition.getDeploymentId(), definition.getResourceName())) {
            return in.readAllBytes();
        }
    }

    static JsonNode status(Http http, String key) {
        for (JsonNode s : JSON.readTree(http.get("/api/diagrams/shipped", "Authorization", AUTH).body())) {
            if (s.get("key").asString().equals(key)) {
                return s;
            }
        }
        throw new AssertionError("no status of " + key);
    }

    @Test
    void anEmptyFolderStillDeploysEveryShippedDiagramAndAnUntouchedOneFollowsTheJar() throws Exception {
        // The previous release deployed its own release-watch (here: the jar's with another name on a step).
        Files.createDirectories(folder);
        byte[] older = new String(jars("release-watch"), StandardCharsets.UTF_8)
                .replace("Read the running version", "Read the version").getBytes(StandardCharsets.UTF_8);
        Files.write(folder.resolve("release-watch.bpmn"), older);
        try (var previous = start(false)) {
            assertThat(latest(previous.getBean(RepositoryService.class), "release-watch")).isEqualTo(older);
        }
        Files.delete(folder.resolve("release-watch.bpmn"));

        try (var context = start(true)) {
            RepositoryService repository = context.getBean(RepositoryService.class);
            for (String key : SHIPPED) {
                assertThat(latest(repository, key)).as(key).isEqualTo(jars(key));
            }
            assertThat(repository.createProcessDefinitionQuery().processDefinitionKey("release-watch").latestVersion()
                    .singleResult().getVersion()).isEqualTo(2);
            assertThat(Files.list(folder)).as("nothing is copied into the operator's folder").isEmpty();
        }
    }

    @Test
    void theOperatorsVersionWinsAndANewerShippedOneIsOfferedWithItsDifferencesAndAdoptedInOneCall() throws Exception {
        byte[] theirs = new String(jars("backup"), StandardCharsets.UTF_8)
                .replace("name=\"Begin backup\"", "name=\"Begin our backup\"").getBytes(StandardCharsets.UTF_8);
        try (var context = start(true)) {
            RepositoryService repository = context.getBean(RepositoryService.class);
            Http http = new Http(((WebServerApplicationContext) context).getWebServer().getPort());
            assertThat(status(http, "backup").get("source").asString()).isEqualTo("shipped");

            Files.write(folder.resolve("our-backup.bpmn"), theirs);
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(latest(repository, "backup")).isEqualTo(theirs));
            JsonNode override = status(http, "backup");
            assertThat(override.get("source").asString()).isEqualTo("override");
            assertThat(override.get("newerShippedVersion").asBoolean()).as("made from the jar's current version").isFalse();
        }
        // An upgrade whose jar carries another backup.bpmn than the one the operator had in use when they made theirs:
        // the database holds that older version's digest, as the previous release left it.
        try (var previous = start(false)) {
            previous.getBean(JdbcTemplate.class).update("UPDATE shipped_diagram SET seen_sha256 = ? WHERE process_key = 'backup'",
                    DiagramXml.sha256("the previous release's backup.bpmn".getBytes(StandardCharsets.UTF_8)));
        }
        try (var context = start(true)) {
            RepositoryService repository = context.getBean(RepositoryService.class);
            Http http = new Http(((WebServerApplicationContext) context).getWebServer().getPort());
            assertThat(latest(repository, "backup")).as("the operator's version wins").isEqualTo(theirs);
            JsonNode offer = status(http, "backup");
            assertThat(offer.get("newerShippedVersion").asBoolean()).isTrue();
            assertThat(offer.get("differences").toString()).contains("\"elementId\":\"begin\"").contains("\"change\":\"changed\"")
                    .contains("\"name\":\"Begin backup\"");
            assertThat(status(http, "release-watch").get("newerShippedVersion").asBoolean()).isFalse();

            var adopted = http.post("/api/diagrams/shipped/backup/adopt", "", "Authorization", AUTH);
            assertThat(adopted.statusCode()).isEqualTo(200);
            assertThat(latest(repository, "backup")).isEqualTo(jars("backup"));
            assertThat(folder.resolve("our-backup.bpmn")).doesNotExist();
            JsonNode after = status(http, "backup");
            assertThat(after.get("source").asString()).isEqualTo("shipped");
            assertThat(after.get("newerShippedVersion").asBoolean()).isFalse();
            assertThat(http.post("/api/diagrams/shipped/backup/adopt", "", "Authorization", AUTH).statusCode()).isEqualTo(404);
        }
    }

    @Test
    void aSwitchedOffFlowStartsNoRunsAndAnExamplesSubfolderIsNotDeployed() throws Exception {
        Files.createDirectories(folder.resolve("examples"));
        Files.write(folder.resolve("examples/flaky-steps.bpmn"), TestDiagrams.read("flaky-steps.bpmn").getBytes(StandardCharsets.UTF_8));
        try (var context = start(true)) {
            RepositoryService repository = context.getBean(RepositoryService.class);
            assertThat(repository.createProcessDefinitionQuery().processDefinitionKey("release-watch").active().count()).isOne();
            assertThat(repository.createProcessDefinitionQuery().processDefinitionKey("test-flaky").count()).isZero();
        }
        try (var context = new SpringApplication(FediflowApplication.class).run("--server.port=0",
                "--spring.datasource.url=jdbc:h2:file:" + data + "/db", "--fediflow.admin.password=test-admin-pw",
                "--fediflow.bpmn.dir=" + folder, "--fediflow.bpmn.shipped=true", "--fediflow.flows.release-watch.enabled=false")) {
            RepositoryService repository = context.getBean(RepositoryService.class);
            assertThat(repository.createProcessDefinitionQuery().processDefinitionKey("release-watch").latestVersion()
                    .singleResult().isSuspended()).as("switched off: no new runs").isTrue();
            var management = context.getBean(org.flowable.engine.ManagementService.class);
            for (var timer : management.createTimerJobQuery().processDefinitionKey("release-watch").list()) {
                var due = management.moveTimerToExecutableJob(timer.getId());
                await().atMost(Duration.ofSeconds(30)).until(() -> management.createJobQuery().jobId(due.getId()).count() == 0);
            }
            assertThat(context.getBean(org.flowable.engine.HistoryService.class).createHistoricProcessInstanceQuery()
                    .processDefinitionKey("release-watch").count()).as("its timer started no run").isZero();
            assertThat(repository.createProcessDefinitionQuery().processDefinitionKey("backup").active().count()).isOne();
        }
    }
}
