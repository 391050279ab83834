package org.fediflow.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import org.fediflow.testing.TestDiagrams;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "fediflow.mastodon.webhook-secret=" + WebhookInboxContract.MASTODON_SECRET,
        "fediflow.patreon.webhook-secret=" + WebhookInboxContract.PATREON_SECRET,
        "fediflow.kofi.verification-token=" + WebhookInboxContract.KOFI_TOKEN,
        "fediflow.admin.password=test-admin-pw",
        "fediflow.inbox.poll-interval=100ms",
        "fediflow.sources.uptime.auth=token",
        "fediflow.sources.uptime.header=X-Uptime-Token",
        "fediflow.sources.uptime.secret=uptime-shared-token",
        "fediflow.sources.uptime.event-pointer=/heartbeat/status",
        "fediflow.sources.uptime.business-key-pointer=/monitor/name"})
class WebhookInboxOnH2Test extends WebhookInboxContract {

    @Test
    void operatorDefinedSourceChecksItsTokenAndStoresTheEvent() {
        String monitor = "web-" + reportId();
        String body = "{\"heartbeat\":{\"status\":0},\"monitor\":{\"name\":\"" + monitor + "\"}}";
        assertThat(http.post("/webhooks/uptime", body, "Content-Type", "application/json", "X-Uptime-Token", "wrong")
                .statusCode()).isEqualTo(401);
        assertThat(storedRows(monitor)).isZero();
        assertThat(http.post("/webhooks/uptime", body, "Content-Type", "application/json",
                "X-Uptime-Token", "uptime-shared-token").statusCode()).isEqualTo(200);
        assertThat(jdbc.queryForObject("SELECT event_type FROM inbox_event WHERE business_key = ?", String.class, monitor))
                .isEqualTo("0");
    }

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> "jdbc:h2:file:" + TestDiagrams.tempFolder() + "/fediflow");
        registry.add("fediflow.bpmn.dir", () -> TestDiagrams.folderWith("inbox-report.bpmn", "kofi-donation.bpmn",
                "patreon-pledge.bpmn").toString());
    }
}
