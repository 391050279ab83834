package org.fediflow.inbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.fediflow.testing.Http;
import org.fediflow.testing.Inbox;
import org.fediflow.testing.Webhooks;
import org.flowable.engine.HistoryService;
import org.flowable.engine.RuntimeService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The inbox's promises, driven over HTTP as the senders do, on whichever database the subclass configures:
 * stored before 2xx, one run per delivery however often it arrives, nothing stored when refused.
 */
abstract class WebhookInboxContract {

    static final String MASTODON_SECRET = "test-mastodon-secret-0123";
    static final String PATREON_SECRET = "test-patreon-secret";
    static final String KOFI_TOKEN = "test-kofi-token";

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    RuntimeService runtime;
    @Autowired
    HistoryService history;

    Http http;

    @BeforeEach
    void client() {
        http = new Http(port);
    }

    static String reportId() {
        return UUID.randomUUID().toString();
    }

    HttpResponse<String> postReport(String event, String reportId, String comment) {
        String body = Webhooks.mastodonEvent(event, "{\"id\":\"" + reportId + "\",\"comment\":\"" + comment + "\"}");
        return http.post("/webhooks/mastodon", body, "Content-Type", "application/json",
                "X-Hub-Signature", Webhooks.mastodonSignature(MASTODON_SECRET, body));
    }

    long storedRows(String businessKey) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM inbox_event WHERE business_key = ?", Long.class, businessKey);
    }

    long runs(String businessKey) {
        return history.createHistoricProcessInstanceQuery().processInstanceBusinessKey(businessKey).count();
    }

    @Test
    void storesSignedDeliveryAndStartsTheListeningDiagram() {
        String id = reportId();
        HttpResponse<String> response = postReport("report.created", id, "spam");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(storedRows(id)).as("stored before the 2xx").isEqualTo(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> runs(id) == 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.queryForObject(
                "SELECT status FROM inbox_event WHERE business_key = ?", String.class, id).equals("dispatched"));
    }

    @Test
    void laterEventReachesTheWaitingRunWithTheSameBusinessKey() {
        String id = reportId();
        postReport("report.created", id, "first");
        await().atMost(Duration.ofSeconds(10)).until(() -> runtime.createExecutionQuery()
                .messageEventSubscriptionName("mastodon.report.updated").processInstanceBusinessKey(id, true).count() == 1);
        assertThat(postReport("report.updated", id, "first").statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> history.createHistoricProcessInstanceQuery()
                .processInstanceBusinessKey(id).finished().count() == 1);
        assertThat(runs(id)).isEqualTo(1);
    }

    @Test
    void repeatedDeliveryIsAcknowledgedAndHasNoSecondEffect() {
        String id = reportId();
        assertThat(postReport("report.created", id, "again").statusCode()).isEqualTo(200);
        HttpResponse<String> repeat = postReport("report.created", id, "again");
        assertThat(repeat.statusCode()).isEqualTo(200);
        assertThat(repeat.body()).contains("duplicate");
        await().atMost(Duration.ofSeconds(10)).until(() -> runs(id) == 1);
        assertThat(storedRows(id)).isEqualTo(1);
    }

    @Test
    void hundredConcurrentCopiesOfOneDeliveryGiveExactlyOneRun() throws Exception {
        String id = reportId();
        String body = Webhooks.mastodonEvent("report.created", "{\"id\":\"" + id + "\",\"comment\":\"burst\"}");
        String signature = Webhooks.mastodonSignature(MASTODON_SECRET, body);
        ExecutorService pool = Executors.newFixedThreadPool(20);
        try {
            List<Callable<Integer>> copies = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                copies.add(() -> http.post("/webhooks/mastodon", body, "Content-Type", "application/json",
                        "X-Hub-Signature", signature).statusCode());
            }
            for (Future<Integer> status : pool.invokeAll(copies)) {
                assertThat(status.get()).isEqualTo(200);
            }
        } finally {
            pool.shutdown();
        }
        // Every stored copy handed over: a second run, if any, would have been started by now.
        await().atMost(Duration.ofSeconds(15)).until(() -> runs(id) >= 1 && Inbox.settled(jdbc));
        assertThat(runs(id)).isEqualTo(1);
        assertThat(storedRows(id)).isEqualTo(1);
    }

    @Test
    void refusesWrongSignatureWith401AndStoresNothing() {
        String id = reportId();
        String body = Webhooks.mastodonEvent("report.created", "{\"id\":\"" + id + "\"}");
        HttpResponse<String> response = http.post("/webhooks/mastodon", body, "Content-Type", "application/json",
                "X-Hub-Signature", Webhooks.mastodonSignature("another-secret-value", body));
        assertThat(response.statusCode()).isEqualTo(401);
        HttpResponse<String> unsigned = http.post("/webhooks/mastodon", body, "Content-Type", "application/json");
        assertThat(unsigned.statusCode()).isEqualTo(401);
        assertThat(storedRows(id)).isZero();
    }

    @Test
    void refusesSignedBodyThatIsNotJsonWith400() {
        long before = jdbc.queryForObject("SELECT COUNT(*) FROM inbox_event", Long.class);
        String body = "event=report.created";
        HttpResponse<String> response = http.post("/webhooks/mastodon", body, "Content-Type", "application/json",
                "X-Hub-Signature", Webhooks.mastodonSignature(MASTODON_SECRET, body));
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM inbox_event", Long.class)).isEqualTo(before);
    }

    @Test
    void refusesBodyOverOneMebibyteWith413() {
        String comment = "x".repeat(1024 * 1024);
        HttpResponse<String> response = postReport("report.created", reportId(), comment);
        assertThat(response.statusCode()).isEqualTo(413);
    }

    @Test
    void recordsAnEventNoDiagramListensForAsIgnoredAndStartsNothing() {
        String id = reportId();
        HttpResponse<String> response = postReport("report.exploded", id, "?");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(storedRows(id)).as("stored: a diagram naming mastodon.report.exploded would start").isEqualTo(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.queryForObject(
                "SELECT status FROM inbox_event WHERE business_key = ?", String.class, id).equals("ignored"));
        assertThat(runs(id)).isZero();
    }

    @Test
    void kofiDonationIsStoredWithoutItsTokenAndStartsItsDiagram() {
        String tx = "tx-" + reportId();
        String data = "{\"verification_token\":\"" + KOFI_TOKEN + "\",\"message_id\":\"" + reportId() + "\",\"type\":\"Donation\","
                + "\"amount\":\"3.00\",\"currency\":\"EUR\",\"is_public\":true,\"kofi_transaction_id\":\"" + tx + "\"}";
        HttpResponse<String> response = http.post("/webhooks/kofi", "data=" + URLEncoder.encode(data, StandardCharsets.UTF_8),
                "Content-Type", "application/x-www-form-urlencoded");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(jdbc.queryForObject("SELECT body FROM inbox_event WHERE business_key = ?", String.class, tx))
                .doesNotContain(KOFI_TOKEN);
        await().atMost(Duration.ofSeconds(10)).until(() -> runs(tx) == 1);
    }

    @Test
    void patreonPledgeWithValidMd5SignatureStartsItsDiagram() {
        String member = reportId();
        String body = "{\"data\":{\"id\":\"" + member + "\",\"type\":\"member\",\"attributes\":{\"patron_status\":\"active_patron\"}}}";
        HttpResponse<String> response = http.post("/webhooks/patreon", body, "Content-Type", "application/json",
                "X-Patreon-Event", "members:pledge:create",
                "X-Patreon-Signature", Webhooks.hmacHex("HmacMD5", PATREON_SECRET, body));
        assertThat(response.statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> runs(member) == 1);
    }

    @Test
    void unknownSourceIs404() {
        assertThat(http.post("/webhooks/nobody", "{}").statusCode()).isEqualTo(404);
    }
}
