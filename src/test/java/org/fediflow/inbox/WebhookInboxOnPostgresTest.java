package org.fediflow.inbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;

import org.fediflow.testing.Postgres;
import org.fediflow.testing.Slow;
import org.fediflow.testing.TestDiagrams;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The inbox's promises on PostgreSQL, and the database going away under it (cut off for about a second). Slow lane:
 * a context of its own on a real server; {@link WebhookInboxOnH2Test} keeps the same contract in the fast lane.
 */
@Slow
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "fediflow.mastodon.webhook-secret=" + WebhookInboxContract.MASTODON_SECRET,
        "fediflow.patreon.webhook-secret=" + WebhookInboxContract.PATREON_SECRET,
        "fediflow.kofi.verification-token=" + WebhookInboxContract.KOFI_TOKEN,
        "fediflow.admin.password=test-admin-pw",
        "fediflow.inbox.poll-interval=100ms",
        "spring.datasource.username=postgres",
        "spring.datasource.password="})
class WebhookInboxOnPostgresTest extends WebhookInboxContract {

    static final String URL = Postgres.freshDatabase();

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> URL);
        registry.add("fediflow.bpmn.dir", () -> TestDiagrams.folderWith("inbox-report.bpmn", "kofi-donation.bpmn",
                "patreon-pledge.bpmn").toString());
    }

    @Test
    void answers503WhileTheDatabaseIsAwayAndStoresNothingHalfDone() {
        String id = reportId();
        Postgres.cutOff(URL);
        try {
            HttpResponse<String> response = postReport("report.created", id, "during outage");
            assertThat(response.statusCode()).isEqualTo(503);
        } finally {
            Postgres.restore(URL);
        }
        await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> storedRows(id) == 0);
        // The sender retries once the database is back: accepted then, and processed once.
        await().atMost(Duration.ofSeconds(20)).until(() -> postReport("report.created", id, "during outage").statusCode() == 200);
        await().atMost(Duration.ofSeconds(20)).until(() -> runs(id) == 1);
        assertThat(storedRows(id)).isEqualTo(1);
    }
}
