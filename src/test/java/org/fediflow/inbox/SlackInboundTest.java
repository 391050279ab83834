package org.fediflow.inbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.fediflow.testing.FakeSlack;
import org.fediflow.testing.FlakyConnector;
import org.fediflow.testing.SlackRequests;
import org.fediflow.testing.Http;
import org.fediflow.testing.TestDiagrams;
import org.fediflow.testing.Webhooks;
import org.flowable.engine.HistoryService;
import org.flowable.engine.RuntimeService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * {@code /slack/events} as Slack calls it (signed with Slack's scheme): a moderator's button press reaches the
 * waiting run; anyone else's changes nothing and gets a private "not allowed"; a press nobody waits for is
 * answered privately; forged or stale requests get 401. Also: an event that arrives while its run is busy is
 * delivered once the run waits for it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "fediflow.admin.password=test-admin-pw",
        "fediflow.mastodon.webhook-secret=" + SlackInboundTest.MASTODON_SECRET,
        "fediflow.slack.signing-secret=" + SlackInboundTest.SIGNING_SECRET,
        "fediflow.slack.bot-token=" + FakeSlack.BOT_TOKEN,
        "fediflow.slack.moderators=U0MODERATOR",
        "fediflow.inbox.poll-interval=100ms",
        "flowable.process.async.executor.default-timer-job-acquire-wait-time=300ms"})
class SlackInboundTest {

    static final String SIGNING_SECRET = "test-slack-signing-secret";
    static final String MASTODON_SECRET = "test-mastodon-secret-0123";
    static final FakeSlack SLACK = new FakeSlack();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> "jdbc:h2:file:" + TestDiagrams.tempFolder() + "/fediflow");
        registry.add("fediflow.bpmn.dir", () -> TestDiagrams.folderWith("slack-decision.bpmn", "busy-then-wait.bpmn").toString());
        registry.add("fediflow.slack.api-url", SLACK::apiUrl);
    }

    @AfterAll
    static void stopSlack() {
        SLACK.close();
    }

    @LocalServerPort
    int port;
    @Autowired
    RuntimeService runtime;
    @Autowired
    HistoryService history;
    @Autowired
    JdbcTemplate jdbc;
    Http http;

    @BeforeEach
    void client() {
        http = new Http(port);
        SLACK.reset();
        SLACK.server().resetRequests();
    }

    static String press(String actionId, String value, String user) {
        return SlackRequests.press(actionId, value, user, "C0MODERATE");
    }

    HttpResponse<String> send(String payloadJson, long timestamp, String secret) {
        return SlackRequests.send(http, secret, payloadJson, timestamp);
    }

    HttpResponse<String> send(String payloadJson) {
        return SlackRequests.send(http, SIGNING_SECRET, payloadJson);
    }

    String startWaitingRun() {
        String id = UUID.randomUUID().toString();
        String body = Webhooks.mastodonEvent("report.created", "{\"id\":\"" + id + "\"}");
        http.post("/webhooks/mastodon", body, "Content-Type", "application/json",
                "X-Hub-Signature", Webhooks.mastodonSignature(MASTODON_SECRET, body));
        await().atMost(Duration.ofSeconds(10)).until(() -> runtime.createExecutionQuery()
                .messageEventSubscriptionName("slack.report.resolve").processInstanceBusinessKey(id, true).count() == 1);
        return id;
    }

    boolean finished(String businessKey) {
        return history.createHistoricProcessInstanceQuery().processInstanceBusinessKey(businessKey).finished().count() == 1;
    }

    @Test
    void moderatorsPressReachesTheWaitingRunWithWhoPressedIt() {
        String id = startWaitingRun();
        HttpResponse<String> response = send(press("report.resolve", id, "U0MODERATOR"));
        assertThat(response.statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> finished(id));
        var lastEvent = history.createHistoricVariableInstanceQuery()
                .processInstanceId(history.createHistoricProcessInstanceQuery().processInstanceBusinessKey(id).singleResult().getId())
                .variableName("lastEvent").singleResult().getValue();
        assertThat(lastEvent.toString()).contains("\"id\":\"U0MODERATOR\"").contains("report.resolve")
                .doesNotContain("hooks.slack.com").doesNotContain("legacy-verification-token");
        assertThat(jdbc.queryForList("SELECT result FROM audit_event WHERE who LIKE 'slack:@% (U0MODERATOR)'"
                + " AND action = 'slack:report.resolve' AND target = ?", String.class, "key:" + id)).containsExactly("accepted");
    }

    @Test
    void aSignedPressWithoutAUserIdIsAcknowledgedAndChangesNothing() {
        String id = startWaitingRun();
        String payload = press("report.resolve", id, "U0MODERATOR").replace("{\"id\":\"U0MODERATOR\",", "{");
        assertThat(payload).doesNotContain("U0MODERATOR");
        assertThat(send(payload).statusCode()).isEqualTo(200);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM inbox_event WHERE source = 'slack' AND business_key = ?",
                Long.class, id)).isZero();
    }

    @Test
    void pressBySomeoneNotAModeratorChangesNothingAndIsToldPrivately() {
        String id = startWaitingRun();
        assertThat(send(press("report.resolve", id, "U0STRANGER")).statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> !SLACK.requestsContaining("chat.postEphemeral", "U0STRANGER").isEmpty());
        assertThat(FakeSlack.form(SLACK.requestsContaining("chat.postEphemeral", "U0STRANGER").get(0)))
                .containsEntry("user", "U0STRANGER").containsEntry("channel", "C0MODERATE")
                .hasEntrySatisfying("text", text -> assertThat(text).contains("not allowed"));
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM inbox_event WHERE source = 'slack' AND business_key = ?",
                Long.class, id)).isZero();
        assertThat(finished(id)).isFalse();
        assertThat(jdbc.queryForList("SELECT result FROM audit_event WHERE who LIKE 'slack:@% (U0STRANGER)' AND target = ?",
                String.class, "key:" + id)).containsExactly("refused: not one of fediflow.slack.moderators");
    }

    @Test
    void pressThatNoRunWaitsForIsAnsweredPrivately() {
        String id = UUID.randomUUID().toString();
        assertThat(send(press("report.resolve", id, "U0MODERATOR")).statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.queryForObject(
                "SELECT status FROM inbox_event WHERE source = 'slack' AND business_key = ?", String.class, id).equals("ignored"));
        await().atMost(Duration.ofSeconds(10)).until(() -> !SLACK.requestsContaining("chat.postEphemeral", "already").isEmpty());
    }

    @Test
    void refusesForgedAndStaleAndFutureRequests() {
        String payload = press("report.resolve", "1", "U0MODERATOR");
        long now = Instant.now().getEpochSecond();
        assertThat(send(payload, now, "not-the-signing-secret").statusCode()).isEqualTo(401);
        assertThat(send(payload, now - 330, SIGNING_SECRET).statusCode()).isEqualTo(401);
        assertThat(send(payload, now + 330, SIGNING_SECRET).statusCode()).isEqualTo(401);
        assertThat(http.post("/slack/events", "payload=%7B%7D", "Content-Type", "application/x-www-form-urlencoded")
                .statusCode()).isEqualTo(401);
        assertThat(send(payload, now - 200, SIGNING_SECRET).statusCode()).as("inside the window").isEqualTo(200);
    }

    @Test
    void eventArrivingWhileItsRunIsBusyIsDeliveredOnceTheRunWaits() {
        String id = UUID.randomUUID().toString();
        for (String event : new String[] {"account.created", "account.approved"}) {
            String body = Webhooks.mastodonEvent(event, "{\"id\":\"" + id + "\"}");
            assertThat(http.post("/webhooks/mastodon", body, "Content-Type", "application/json",
                    "X-Hub-Signature", Webhooks.mastodonSignature(MASTODON_SECRET, body)).statusCode()).isEqualTo(200);
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> finished(id));
        assertThat(FlakyConnector.calls("busy-" + id)).as("the step failed once and was retried").isEqualTo(2);
    }

    /**
     * The private replies run on an executor bean the context stops; declaring it leaves Boot's own task executor
     * and scheduler in place (it is no default candidate for an Executor or a TaskScheduler).
     */
    @Test
    void repliesRunOnAnExecutorTheContextOwns(org.springframework.context.ApplicationContext context) {
        assertThat(context.getBean(SlackInbound.REPLIES))
                .isInstanceOf(org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor.class);
        assertThat(context.containsBean("applicationTaskExecutor")).isTrue();
        assertThat(context.containsBean("taskScheduler")).isTrue();
    }
}
