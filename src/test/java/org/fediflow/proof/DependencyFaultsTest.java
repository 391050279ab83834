package org.fediflow.proof;

import org.fediflow.testing.Slow;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import org.fediflow.testing.FakeMastodon;
import org.fediflow.testing.FakeSlack;
import org.fediflow.testing.Http;
import org.fediflow.testing.TestDiagrams;
import org.fediflow.testing.Webhooks;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The shipped report flow against Slack and Mastodon fakes that misbehave as the real ones do: 429 with
 * {@code Retry-After}, 5xx, answers that never come. Temporary trouble is waited out and retried; trouble that
 * outlasts the tries becomes an incident with one alert, and a retry from the operator API completes the run.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "fediflow.admin.password=" + DependencyFaultsTest.ADMIN_PASSWORD,
        "fediflow.mastodon.webhook-secret=" + DependencyFaultsTest.SECRET,
        "fediflow.mastodon.access-token=" + FakeMastodon.TOKEN,
        "fediflow.mastodon.timeout=1s",
        "fediflow.slack.bot-token=" + FakeSlack.BOT_TOKEN,
        "fediflow.slack.channels.moderation=" + FakeSlack.CHANNEL,
        "fediflow.slack.channels.ops=C0OPS",
        "fediflow.slack.moderators=U0MODERATOR",
        "fediflow.slack.timeout=1s",
        "fediflow.inbox.poll-interval=100ms",
        "fediflow.workflow.retries=3",
        "fediflow.workflow.retry-wait=1s",
        "flowable.process.async.executor.default-timer-job-acquire-wait-time=300ms"})
@Slow
class DependencyFaultsTest {

    static final String SECRET = "faults-webhook-secret";
    static final String ADMIN_PASSWORD = "faults-admin-pw";
    static final FakeSlack SLACK = new FakeSlack();
    static final FakeMastodon MASTODON = new FakeMastodon();
    static final AtomicLong IDS = new AtomicLong(700_000);
    static final JsonMapper JSON = JsonMapper.builder().build();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> "jdbc:h2:file:" + TestDiagrams.tempFolder() + "/fediflow");
        registry.add("fediflow.bpmn.dir", () -> TestDiagrams.shipped("report-to-moderators.bpmn").toString());
        registry.add("fediflow.slack.api-url", SLACK::apiUrl);
        registry.add("fediflow.mastodon.base-url", MASTODON::baseUrl);
    }

    @AfterAll
    static void stopFakes() {
        SLACK.close();
        MASTODON.close();
    }

    @LocalServerPort
    int port;
    Http http;

    @BeforeEach
    void healthy() {
        http = new Http(port);
        SLACK.reset();
    }

    List<LoggedRequest> cards(String id) {
        return SLACK.requests("chat.postMessage").stream()
                .filter(r -> FakeSlack.form(r).get("channel").equals(FakeSlack.CHANNEL)
                        && FakeSlack.form(r).getOrDefault("text", "").contains("Report #" + id))
                .toList();
    }

    /** Cards Slack accepted (answered 200), as opposed to tries it refused. */
    long postedCards(String id) {
        return SLACK.server().getAllServeEvents().stream()
                .filter(e -> e.getRequest().getUrl().contains("chat.postMessage") && e.getResponse().getStatus() == 200)
                .filter(e -> FakeSlack.form(e.getRequest()).getOrDefault("text", "").contains("Report #" + id)).count();
    }

    List<LoggedRequest> alerts(String id) {
        return SLACK.requests("chat.postMessage").stream()
                .filter(r -> FakeSlack.form(r).get("channel").equals("C0OPS")).filter(r -> r.getBodyAsString().contains(id))
                .toList();
    }

    @Test
    void slackRateLimitIsWaitedOutAsSlackAsksAndTheCardIsPostedOnce() {
        String id = String.valueOf(IDS.incrementAndGet());
        MASTODON.report(id, "rate limited " + id, false);
        SLACK.server().stubFor(post(urlPathEqualTo("/api/chat.postMessage")).atPriority(1)
                .inScenario("ratelimit-" + id).whenScenarioStateIs(STARTED).willSetStateTo("served")
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "3")
                        .withHeader("Content-Type", "application/json").withBody("{\"ok\":false,\"error\":\"ratelimited\"}")));
        String body = Webhooks.mastodonEvent("report.created", FakeMastodon.reportJson(id, "rate limited " + id, false, false));
        http.post("/webhooks/mastodon", body, "Content-Type", "application/json",
                "X-Hub-Signature", Webhooks.mastodonSignature(SECRET, body));

        await().atMost(Duration.ofSeconds(20)).until(() -> cards(id).size() == 2);
        List<LoggedRequest> tries = cards(id);
        long waited = tries.get(1).getLoggedDate().getTime() - tries.get(0).getLoggedDate().getTime();
        assertThat(waited).as("the retry waits Slack's Retry-After, not the shorter retry-wait").isGreaterThanOrEqualTo(3000);
        assertThat(postedCards(id)).as("posted once").isEqualTo(1);
    }

    @Test
    void slackThatNeverAnswersIsRetriedAndTheCardArrivesOnceItRecovers() throws Exception {
        // Slack holds the request beyond fediflow.slack.timeout and then fails it: nothing was posted.
        StubMapping hanging = SLACK.server().stubFor(post(urlPathEqualTo("/api/chat.postMessage")).atPriority(1)
                .willReturn(aResponse().withFixedDelay(3000).withStatus(503)));
        String id = String.valueOf(IDS.incrementAndGet());
        MASTODON.report(id, "timeout " + id, false);
        String body = Webhooks.mastodonEvent("report.created", FakeMastodon.reportJson(id, "timeout " + id, false, false));
        http.post("/webhooks/mastodon", body, "Content-Type", "application/json",
                "X-Hub-Signature", Webhooks.mastodonSignature(SECRET, body));
        await().atMost(Duration.ofSeconds(10)).until(() -> !cards(id).isEmpty());
        SLACK.server().removeStub(hanging);

        await().atMost(Duration.ofSeconds(20)).until(() -> postedCards(id) == 1);
        Thread.sleep(1500);
        assertThat(postedCards(id)).as("posted once").isEqualTo(1);
        assertThat(incidentOf(id)).isNull();
    }

    @Test
    void mastodonOutageBecomesOneIncidentWithOneAlertAndARetryFromTheApiCompletesTheRun() throws Exception {
        String id = String.valueOf(IDS.incrementAndGet());
        StubMapping outage = MASTODON.server().stubFor(any(urlPathEqualTo("/api/v1/admin/reports/" + id)).atPriority(1)
                .willReturn(aResponse().withStatus(500).withHeader("Content-Type", "text/html").withBody("<h1>We're sorry</h1>")));
        thinReport(id);

        await().atMost(Duration.ofSeconds(30)).until(() -> incidentOf(id) != null);
        JsonNode incident = incidentOf(id);
        assertThat(incident.get("activityId").asString()).isEqualTo("fetch");
        assertThat(incident.get("message").asString()).contains("500");
        assertThat(MASTODON.server().findAll(com.github.tomakehurst.wiremock.client.WireMock
                .getRequestedFor(urlPathEqualTo("/api/v1/admin/reports/" + id)))).as("the configured 3 tries").hasSize(3);
        await().atMost(Duration.ofSeconds(10)).until(() -> alerts(incident.get("instanceId").asString()).size() == 1);
        assertThat(cards(id)).isEmpty();

        MASTODON.server().removeStub(outage);
        MASTODON.report(id, "faults " + id, false);
        assertThat(http.post("/api/incidents/" + incident.get("id").asString() + "/retry", "",
                "Authorization", Http.basic("admin", ADMIN_PASSWORD)).statusCode()).isEqualTo(202);

        await().atMost(Duration.ofSeconds(20)).until(() -> cards(id).size() == 1);
        assertThat(incidentOf(id)).isNull();
        Thread.sleep(1000);
        assertThat(alerts(incident.get("instanceId").asString())).as("still one alert").hasSize(1);
    }

    void thinReport(String id) {
        String body = Webhooks.mastodonEvent("report.created", "{\"id\":\"" + id + "\",\"comment\":\"faults " + id + "\"}");
        assertThat(http.post("/webhooks/mastodon", body, "Content-Type", "application/json",
                "X-Hub-Signature", Webhooks.mastodonSignature(SECRET, body)).statusCode()).isEqualTo(200);
    }

    List<JsonNode> incidents() {
        JsonNode all = JSON.readTree(http.get("/api/incidents", "Authorization", Http.basic("admin", ADMIN_PASSWORD)).body());
        return all.valueStream().toList();
    }

    JsonNode incidentOf(String reportId) {
        JsonNode runs = JSON.readTree(http.get("/api/instances?definition=report-to-moderators&businessKey=" + reportId,
                "Authorization", Http.basic("admin", ADMIN_PASSWORD)).body());
        if (runs.isEmpty()) {
            return null;
        }
        String run = runs.get(0).get("id").asString();
        return incidents().stream().filter(i -> i.get("instanceId").asString().equals(run)).findFirst().orElse(null);
    }
}
