package org.fediflow.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;

import org.fediflow.testing.FakeSlack;
import org.fediflow.testing.Http;
import org.fediflow.testing.TestDiagrams;
import org.flowable.engine.ManagementService;
import org.flowable.engine.RuntimeService;
import org.flowable.job.api.Job;
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
 * A first start with only Slack's ops channel set (so an alert would show) and nothing else: the shipped flows are
 * there, those missing settings say "not configured" with the settings they need, and their timers fired by hand
 * start no run, raise no incident and post nothing. A backup started by hand stops at its first step saying why,
 * and is listed as such. The start itself logs no warning an operator would have to look into.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "fediflow.admin.password=test-admin-pw", "fediflow.bpmn.shipped=true",
        "fediflow.slack.bot-token=" + FakeSlack.BOT_TOKEN, "fediflow.slack.channels.ops=C0OPS",
        "fediflow.workflow.retries=1"})
class QuietFirstStartTest {

    static final FakeSlack SLACK = new FakeSlack();
    static final String AUTH = Http.basic("admin", "test-admin-pw");
    static final JsonMapper JSON = JsonMapper.builder().build();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> "jdbc:h2:file:" + TestDiagrams.tempFolder() + "/fediflow");
        registry.add("fediflow.bpmn.dir", () -> TestDiagrams.tempFolder().resolve("bpmn").toString());
        registry.add("fediflow.slack.api-url", SLACK::apiUrl);
    }

    @AfterAll
    static void stop() {
        SLACK.close();
    }

    @LocalServerPort
    int port;
    @Autowired
    ManagementService management;
    @Autowired
    RuntimeService runtime;

    JsonNode process(Http http, String key) {
        for (JsonNode p : JSON.readTree(http.get("/api/processes", "Authorization", AUTH).body())) {
            if (p.get("key").asString().equals(key)) {
                return p;
            }
        }
        throw new AssertionError("no process " + key);
    }

    @Test
    void timersOfFlowsWithoutTheirSettingsStartNothingAndABackupByHandStopsAtItsFirstStep() {
        Http http = new Http(port);
        assertThat(process(http, "backup").get("notConfigured").toString()).contains("fediflow.storage.bucket")
                .contains("fediflow.backup.recipients").contains("fediflow.backup.postgres.url or ");
        assertThat(process(http, "release-watch").get("notConfigured").toString()).contains("fediflow.mastodon.base-url")
                .doesNotContain("fediflow.slack.channels.ops");

        for (String key : List.of("release-watch", "backup")) {
            Job timer = management.createTimerJobQuery().processDefinitionKey(key).singleResult();
            assertThat(timer).as("the timer of " + key).isNotNull();
            // Fired now: the job executor runs it as it runs every due timer.
            Job due = management.moveTimerToExecutableJob(timer.getId());
            await().atMost(Duration.ofSeconds(30)).until(() -> management.createJobQuery().jobId(due.getId()).count() == 0
                    && management.createTimerJobQuery().processDefinitionKey(key).count() == 1);
            assertThat(runtime.createProcessInstanceQuery().processDefinitionKey(key).count()).as(key + " started no run").isZero();
            assertThat(management.createTimerJobQuery().processDefinitionKey(key).count()).as(key + " keeps its timer").isOne();
        }
        assertThat(management.createDeadLetterJobQuery().count()).isZero();
        assertThat(http.get("/api/incidents", "Authorization", AUTH).body()).isEqualTo("[]");
        assertThat(SLACK.requests("chat.postMessage")).isEmpty();

        var started = http.post("/api/definitions/backup/start", "{}", "Authorization", AUTH, "Content-Type", "application/json");
        assertThat(started.statusCode()).isEqualTo(201);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode backups = JSON.readTree(http.get("/api/backups", "Authorization", AUTH).body());
            assertThat(backups).hasSize(1);
            assertThat(backups.get(0).get("status").asString()).isEqualTo("incomplete");
            assertThat(backups.get(0).get("error").asString()).contains("nothing to back up");
            assertThat(management.createDeadLetterJobQuery().processDefinitionKey("backup").singleResult().getElementId())
                    .isEqualTo("begin");
        });
    }
}
