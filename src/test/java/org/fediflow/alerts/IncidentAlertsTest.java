package org.fediflow.alerts;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.fediflow.testing.FakeSlack;
import org.fediflow.testing.TestDiagrams;
import org.flowable.engine.ManagementService;
import org.flowable.engine.RuntimeService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Every incident alerts the ops channel once, with a link to its run; a Slack step's incident is only logged. */
@SpringBootTest(properties = {
        "fediflow.admin.password=test-admin-pw",
        "fediflow.slack.bot-token=" + FakeSlack.BOT_TOKEN,
        "fediflow.slack.channels.ops=C0OPS",
        "fediflow.public-url=https://fediflow.example.org/"})
class IncidentAlertsTest {

    static final FakeSlack SLACK = new FakeSlack();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> "jdbc:h2:file:" + TestDiagrams.tempFolder() + "/fediflow");
        registry.add("fediflow.bpmn.dir", () -> TestDiagrams.folderWith("flaky-steps.bpmn", "slack-step.bpmn").toString());
        registry.add("fediflow.slack.api-url", SLACK::apiUrl);
    }

    @AfterAll
    static void stopSlack() {
        SLACK.close();
    }

    @Autowired
    RuntimeService runtime;
    @Autowired
    ManagementService management;

    @BeforeEach
    void healthySlack() {
        SLACK.reset();
    }

    boolean hasIncident(String runId) {
        return management.createDeadLetterJobQuery().processInstanceId(runId).count() == 1;
    }

    /** Raises a new incident and waits for its alert: an incident opened before it has had its turn too. */
    private void alertedLater() {
        String later = runtime.startProcessInstanceByKey("test-flaky", Map.of("key", UUID.randomUUID().toString(),
                "failures", 1, "kind", "bad-input")).getId();
        await().atMost(Duration.ofSeconds(15)).until(() -> !SLACK.requestsContaining("chat.postMessage", later).isEmpty());
    }

    @Test
    void alertsTheOpsChannelOnceWithALinkToTheRun() {
        String run = runtime.startProcessInstanceByKey("test-flaky", Map.of("key", UUID.randomUUID().toString(),
                "failures", 1, "kind", "bad-input")).getId();
        await().atMost(Duration.ofSeconds(15)).until(() -> !SLACK.requestsContaining("chat.postMessage", run).isEmpty());
        alertedLater(); // a second alert for the first incident would have come by now
        assertThat(SLACK.requestsContaining("chat.postMessage", run)).hasSize(1);
        Map<String, String> alert = FakeSlack.form(SLACK.requestsContaining("chat.postMessage", run).get(0));
        assertThat(alert).containsEntry("channel", "C0OPS");
        assertThat(alert.get("text")).contains("test-flaky").contains("`call`").contains("refused on call 1")
                .contains("https://fediflow.example.org/runs/" + run);
    }

    @Test
    void incidentOfASlackStepIsLoggedNotPostedToSlack() {
        SLACK.server().stubFor(post(urlPathEqualTo("/api/chat.postMessage")).atPriority(1)
                .withRequestBody(containing("C0BROKEN")).willReturn(okJson("{\"ok\":false,\"error\":\"channel_not_found\"}")));
        String run = runtime.startProcessInstanceByKey("test-slack-step", Map.of("channel", "C0BROKEN")).getId();
        await().atMost(Duration.ofSeconds(15)).until(() -> hasIncident(run));
        alertedLater(); // an incident raised after this one has been alerted
        assertThat(SLACK.requestsContaining("chat.postMessage", "C0OPS")).noneMatch(r -> r.getBodyAsString().contains(run));
    }
}
