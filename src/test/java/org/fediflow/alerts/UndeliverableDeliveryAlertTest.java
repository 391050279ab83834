package org.fediflow.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.fediflow.testing.FakeSlack;
import org.fediflow.testing.Http;
import org.fediflow.testing.TestDiagrams;
import org.fediflow.testing.Webhooks;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A delivery the engine could not take in {@code fediflow.inbox.max-attempts} tries is an incident ({@code inbox-<id>})
 * and, like the engine's incidents, alerts the ops channel once.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "fediflow.admin.password=test-admin-pw",
        "fediflow.mastodon.webhook-secret=" + UndeliverableDeliveryAlertTest.SECRET,
        "fediflow.inbox.max-attempts=1",
        "fediflow.inbox.poll-interval=100ms",
        "fediflow.slack.bot-token=" + FakeSlack.BOT_TOKEN,
        "fediflow.slack.channels.ops=C0OPS",
        "fediflow.public-url=https://fediflow.example.org/"})
class UndeliverableDeliveryAlertTest {

    static final String SECRET = "test-mastodon-secret-undeliverable";
    static final FakeSlack SLACK = new FakeSlack();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> "jdbc:h2:file:" + TestDiagrams.tempFolder() + "/fediflow");
        registry.add("fediflow.bpmn.dir", () -> TestDiagrams.folderWith("render-fails-at-start.bpmn").toString());
        registry.add("fediflow.slack.api-url", SLACK::apiUrl);
    }

    @AfterAll
    static void stopSlack() {
        SLACK.close();
    }

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;

    /** Posts a report whose render fails; returns its delivery id once the delivery is an incident. */
    private long undeliverableReport() {
        String report = UUID.randomUUID().toString();
        String body = Webhooks.mastodonEvent("report.created", "{\"id\":\"" + report + "\",\"comment\":\"not an action\"}");
        assertThat(new Http(port).post("/webhooks/mastodon", body, Webhooks.mastodonHeaders(SECRET, body)).statusCode())
                .isEqualTo(200);
        return await().atMost(Duration.ofSeconds(15)).until(() -> jdbc.queryForList(
                "SELECT id FROM inbox_event WHERE business_key = ? AND status = 'failed'", Long.class, report),
                ids -> ids.size() == 1).get(0);
    }

    /** The alerts posted about this delivery, as Slack received their forms. */
    private static List<Map<String, String>> alertsOf(long delivery) {
        return SLACK.requests("chat.postMessage").stream().map(FakeSlack::form)
                .filter(form -> form.get("text").contains("delivery " + delivery + " (mastodon report.created)")).toList();
    }

    @Test
    void aDeliveryTheEngineCouldNotTakeAlertsTheOpsChannelOnceAndIsAnOpenIncident() {
        long delivery = undeliverableReport();

        await().atMost(Duration.ofSeconds(15)).until(() -> !alertsOf(delivery).isEmpty());
        long next = undeliverableReport(); // a second alert for the first delivery would have come by now
        await().atMost(Duration.ofSeconds(15)).until(() -> !alertsOf(next).isEmpty());

        assertThat(alertsOf(delivery)).hasSize(1);
        Map<String, String> alert = alertsOf(delivery).get(0);
        assertThat(alert).containsEntry("channel", "C0OPS");
        assertThat(alert.get("text")).contains("could not be handed to the engine in 1 try")
                .contains("action must match").contains("<https://fediflow.example.org/|Open the console>")
                .doesNotContain("org.fediflow"); // the error as the operator reads it, not a Java class name
        assertThat(new Http(port).get("/api/incidents", "Authorization", Http.basic("admin", "test-admin-pw")).body())
                .contains("\"inbox-" + delivery + "\"");
    }
}
