package org.fediflow.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.fediflow.testing.FakeSlack;
import org.fediflow.testing.Http;
import org.fediflow.testing.TestDiagrams;
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

/** {@code /actuator/prometheus}: who may read it, and that what operators alert on moves when things happen. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "fediflow.admin.password=test-admin-pw",
        "fediflow.metrics.token=" + MetricsEndpointTest.TOKEN,
        "fediflow.metrics.refresh-interval=200ms",
        "fediflow.slack.bot-token=" + FakeSlack.BOT_TOKEN,
        "fediflow.alerts.enabled=false",
        "fediflow.sources.probe.auth=token",
        "fediflow.sources.probe.secret=probe-secret",
        "fediflow.sources.probe.header=X-Probe-Token",
        "fediflow.inbox.max-body=2KB"})
class MetricsEndpointTest {

    static final String TOKEN = "metrics-token-for-tests";
    static final String BEARER = "Bearer " + TOKEN;
    static final FakeSlack SLACK = new FakeSlack();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> "jdbc:h2:file:" + TestDiagrams.tempFolder() + "/fediflow");
        registry.add("fediflow.bpmn.dir", () -> TestDiagrams.folderWith("flaky-steps.bpmn", "slack-step.bpmn", "drill-outcome.bpmn").toString());
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
    JdbcTemplate jdbc;

    Http http;

    @BeforeEach
    void client() {
        http = new Http(port);
        SLACK.reset();
    }

    String scrape() {
        HttpResponse<String> answer = http.get("/actuator/prometheus", "Authorization", BEARER);
        assertThat(answer.statusCode()).isEqualTo(200);
        return answer.body();
    }

    @Test
    void prometheusAnswersOnlyTheBearerTokenAndNeverRedirects() {
        for (String[] headers : new String[][] {{}, {"Authorization", "Bearer wrong-token"},
                {"Authorization", Http.basic("admin", "test-admin-pw")}, {"Authorization", TOKEN}}) {
            HttpResponse<String> refused = http.get("/actuator/prometheus", headers);
            assertThat(refused.statusCode()).as("with %s", String.join(" ", headers)).isEqualTo(401);
            assertThat(refused.headers().firstValue("Location")).isEmpty();
            assertThat(refused.body()).doesNotContain("jvm_");
        }
        String text = scrape();
        assertThat(text).contains("jvm_memory_used_bytes").contains("hikaricp_connections_active")
                .contains("fediflow_inbox_oldest_waiting_age_seconds");
    }

    @Test
    void countsDeliveriesBySourceAndOutcome() {
        String body = "{\"probe\":\"" + UUID.randomUUID() + "\"}";
        double accepted = Scrape.valueOrZero(scrape(), "fediflow_webhook_deliveries_total", "source", "probe", "outcome", "accepted");
        double duplicate = Scrape.valueOrZero(scrape(), "fediflow_webhook_deliveries_total", "source", "probe", "outcome", "duplicate");
        double refused401 = Scrape.valueOrZero(scrape(), "fediflow_webhook_deliveries_total", "source", "probe", "status", "401");
        double refused413 = Scrape.valueOrZero(scrape(), "fediflow_webhook_deliveries_total", "source", "probe", "status", "413");

        // Stored and answered 200 (no diagram listens to probe.received, so the dispatcher records it as ignored).
        assertThat(http.post("/webhooks/probe", body, "X-Probe-Token", "probe-secret").statusCode()).isEqualTo(200);
        assertThat(http.post("/webhooks/probe", body, "X-Probe-Token", "probe-secret").statusCode()).isEqualTo(200);
        assertThat(http.post("/webhooks/probe", body, "X-Probe-Token", "not-the-secret").statusCode()).isEqualTo(401);
        assertThat(http.post("/webhooks/probe", "{\"x\":\"" + "a".repeat(3000) + "\"}", "X-Probe-Token", "probe-secret")
                .statusCode()).isEqualTo(413);

        String text = scrape();
        assertThat(Scrape.valueOrZero(text, "fediflow_webhook_deliveries_total", "source", "probe", "outcome", "accepted"))
                .isEqualTo(accepted + 1);
        assertThat(Scrape.valueOrZero(text, "fediflow_webhook_deliveries_total", "source", "probe", "outcome", "duplicate"))
                .isEqualTo(duplicate + 1);
        assertThat(Scrape.valueOrZero(text, "fediflow_webhook_deliveries_total", "source", "probe", "outcome", "refused",
                "status", "401")).isEqualTo(refused401 + 1);
        assertThat(Scrape.valueOrZero(text, "fediflow_webhook_deliveries_total", "source", "probe", "outcome", "refused",
                "status", "413")).isEqualTo(refused413 + 1);
    }

    @Test
    void countsRunsStepFailuresAndOpenIncidentsByDiagram() {
        String before = scrape();
        runtime.startProcessInstanceByKey("test-flaky", Map.of("key", UUID.randomUUID().toString(), "failures", 0,
                "kind", "temporary"));
        runtime.startProcessInstanceByKey("test-flaky", Map.of("key", UUID.randomUUID().toString(), "failures", 1,
                "kind", "bad-input"));

        await().atMost(Duration.ofSeconds(45)).untilAsserted(() -> {
            String text = scrape();
            assertThat(delta(before, text, "fediflow_runs_started_total", "diagram", "test-flaky")).isEqualTo(2);
            assertThat(delta(before, text, "fediflow_runs_completed_total", "diagram", "test-flaky")).isEqualTo(1);
            assertThat(delta(before, text, "fediflow_runs_failed_total", "diagram", "test-flaky")).isEqualTo(1);
            assertThat(delta(before, text, "fediflow_step_failures_total", "connector", "test.flaky", "kind", "bad-input"))
                    .isEqualTo(1);
            assertThat(delta(before, text, "fediflow_step_duration_seconds_count", "connector", "test.flaky",
                    "outcome", "ok")).isEqualTo(1);
            assertThat(Scrape.valueOrZero(text, "fediflow_step_duration_seconds_bucket", "connector", "test.flaky",
                    "outcome", "ok", "le", "+Inf")).isGreaterThanOrEqualTo(1);
            assertThat(delta(before, text, "fediflow_incidents_open", "diagram", "test-flaky")).isEqualTo(1);
            assertThat(Scrape.value(text, "fediflow_incidents_open", "diagram", "test-slack-step")).hasValue(0);
        });
    }

    @Test
    void makesSlackRateLimitsVisibleByMethodAndStatus() {
        SLACK.rateLimited("chat.postMessage", 30);
        double before = Scrape.valueOrZero(scrape(), "fediflow_outbound_requests_seconds_count", "system", "slack",
                "method", "chat.postMessage", "status", "429");
        runtime.startProcessInstanceByKey("test-slack-step", Map.of("channel", "C0ANY"));
        await().atMost(Duration.ofSeconds(45)).until(() -> Scrape.valueOrZero(scrape(),
                "fediflow_outbound_requests_seconds_count", "system", "slack", "method", "chat.postMessage",
                "status", "429") > before);
    }

    @Test
    void reportsTheNewestCompleteBackup() {
        Instant ended = Instant.parse("2026-11-30T18:00:05Z");
        jdbc.update("insert into backup_run (run_id, folder, status, started_at, ended_at, objects) values (?, ?, ?, ?, ?, ?)",
                "run-" + UUID.randomUUID(), "backups/2026/11/30/20261130T180000Z", "complete",
                Timestamp.from(ended.minusSeconds(5)), Timestamp.from(ended),
                "{\"postgres\":{\"object\":\"p\",\"size\":1200},\"redis\":{\"object\":\"r\",\"size\":34}}");
        jdbc.update("insert into backup_run (run_id, folder, status, started_at, objects) values (?, ?, ?, ?, ?)",
                "run-" + UUID.randomUUID(), "backups/2026/11/30/20261130T200000Z", "incomplete",
                Timestamp.from(ended.plusSeconds(7200)), "{}");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            String text = scrape();
            assertThat(Scrape.value(text, "fediflow_backup_last_complete_timestamp_seconds"))
                    .hasValue(ended.getEpochSecond());
            assertThat(Scrape.value(text, "fediflow_backup_last_complete_size_bytes")).hasValue(1234);
        });
    }

    @Test
    void reportsTheLastGoodRestoreDrillAndAFailedOne() {
        String before = scrape();
        assertThat(Scrape.value(before, "fediflow_restore_drill_failing")).hasValue(Double.NaN);
        runtime.startProcessInstanceByKey("restore-drill", Map.of("outcome", "{\"passed\":true,\"folder\":\"f1\"}"));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            String text = scrape();
            assertThat(Scrape.value(text, "fediflow_restore_drill_failing")).hasValue(0);
            assertThat(Scrape.value(text, "fediflow_restore_drill_last_success_timestamp_seconds").orElseThrow())
                    .isCloseTo(Instant.now().getEpochSecond(), org.assertj.core.data.Offset.offset(30.0));
        });
        double passedAt = Scrape.value(scrape(), "fediflow_restore_drill_last_success_timestamp_seconds").orElseThrow();

        runtime.startProcessInstanceByKey("restore-drill", Map.of("outcome", "{\"passed\":false,\"folder\":\"f2\"}"));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            String text = scrape();
            assertThat(Scrape.value(text, "fediflow_restore_drill_failing")).hasValue(1);
            assertThat(Scrape.value(text, "fediflow_restore_drill_last_success_timestamp_seconds")).hasValue(passedAt);
        });
    }

    private static double delta(String before, String after, String name, String... labels) {
        return Scrape.valueOrZero(after, name, labels) - Scrape.valueOrZero(before, name, labels);
    }
}
