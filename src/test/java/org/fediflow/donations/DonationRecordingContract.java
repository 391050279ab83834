package org.fediflow.donations;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import org.fediflow.testing.FakeMastodon;
import org.fediflow.testing.FakeSlack;
import org.fediflow.testing.Http;
import org.fediflow.testing.Inbox;
import org.fediflow.testing.TestDiagrams;
import org.fediflow.testing.Webhooks;
import org.flowable.engine.RuntimeService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The shipped diagram {@code bpmn/donation-recording.bpmn} driven over HTTP as Ko-fi and Patreon drive it: signed
 * or tokened deliveries become ledger rows and notices at a fake Slack, on whichever database the subclass sets.
 */
abstract class DonationRecordingContract {

    static final String PATREON_SECRET = "test-patreon-secret";
    static final String KOFI_TOKEN = "test-kofi-token";
    static final FakeSlack SLACK = new FakeSlack();
    static final FakeMastodon MASTODON = new FakeMastodon();

    @DynamicPropertySource
    static void outsideWorld(DynamicPropertyRegistry registry) {
        registry.add("fediflow.slack.api-url", SLACK::apiUrl);
        registry.add("fediflow.mastodon.base-url", MASTODON::baseUrl);
        registry.add("fediflow.bpmn.dir", () -> TestDiagrams.shipped("donation-recording.bpmn").toString());
    }


    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    org.flowable.engine.HistoryService history;
    @Autowired
    RuntimeService runtime;

    Http http;

    @BeforeEach
    void client() {
        http = new Http(port);
        MASTODON.statuses();
    }

    /** As Ko-fi posts: one form field {@code data}, the JSON string form-encoded with {@code +} for spaces. */
    HttpResponse<String> postKofi(String data) {
        return http.post("/webhooks/kofi", Payloads.kofiForm(data), "Content-Type", "application/x-www-form-urlencoded");
    }

    HttpResponse<String> postPatreon(String trigger, String body, String secret) {
        return http.post("/webhooks/patreon", body, "Content-Type", "application/json", "X-Patreon-Event", trigger,
                "X-Patreon-Signature", Webhooks.hmacHex("HmacMD5", secret, body));
    }

    List<LoggedRequest> notices(String text) {
        return SLACK.requests("chat.postMessage").stream()
                .filter(r -> FakeSlack.form(r).getOrDefault("text", "").contains(text)).toList();
    }

    long rows(String externalIdPrefix) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM donation_entry WHERE external_id LIKE ?", Long.class,
                externalIdPrefix + "%");
    }

    @Test
    void recordsAKofiDonationAndAnnouncesItInTheDonationsChannelOnce() throws Exception {
        String tx = Payloads.uuid();
        String name = "Ann " + tx.substring(0, 8);
        String data = Payloads.kofi(KOFI_TOKEN, "Donation", tx, true, name, "Keep it running!", "5.00", "EUR",
                "2026-11-21T13:04:30Z");
        assertThat(postKofi(data).statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(20)).until(() -> notices(name).size() == 1);
        Map<String, String> notice = FakeSlack.form(notices(name).get(0));
        assertThat(notice).containsEntry("channel", "C0DONATE");
        assertThat(notice.get("text")).contains("New Ko-fi donation: *5.00 EUR* from *" + name + "*")
                .contains("Keep it running!");
        assertThat(rows(tx)).isEqualTo(1);

        assertThat(postKofi(data).statusCode()).as("a retried delivery").isEqualTo(200);
        // Handed over and every run ended: a second run for the copy would have posted by now.
        // (Runs of this donation only: another test of the class leaves a run in an incident on purpose.)
        await().atMost(Duration.ofSeconds(20)).until(() -> Inbox.settled(jdbc) && runtime.createProcessInstanceQuery()
                .processDefinitionKey("donation-recording").processInstanceBusinessKey(tx).count() == 0);
        assertThat(notices(name)).hasSize(1);
        assertThat(rows(tx)).isEqualTo(1);
    }

    /** An amount no other test (of either database's run, sharing the fake Slack) announces. */
    static int uniqueCents() {
        return 100_000 + java.util.concurrent.ThreadLocalRandom.current().nextInt(900_000);
    }

    @Test
    void announcesAPrivateDonationWithoutNameOrMessage() {
        String tx = Payloads.uuid();
        String amount = java.math.BigDecimal.valueOf(uniqueCents(), 2).toPlainString();
        assertThat(postKofi(Payloads.kofi(KOFI_TOKEN, "Shop Order", tx, false, "Hidden Hal", "secret words", amount,
                "GBP", "2026-11-21T13:04:30Z")).statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(20)).until(() -> notices(amount + " GBP").size() == 1);
        assertThat(FakeSlack.form(notices(amount + " GBP").get(0)).get("text")).contains("Ko-fi shop order")
                .contains("private donor").doesNotContain("Hidden Hal").doesNotContain("secret words");
        assertThat(jdbc.queryForObject("SELECT is_public FROM donation_entry WHERE external_id = ?", Boolean.class, tx))
                .isFalse();
    }

    @Test
    void refusesAWrongTokenAndAMalformedBodyAndRecordsNothing() {
        String tx = Payloads.uuid();
        assertThat(postKofi(Payloads.kofi("wrong-token", "Donation", tx, true, "Mallory", null, "1.00", "EUR",
                "2026-11-21T13:04:30Z")).statusCode()).isEqualTo(401);
        assertThat(postKofi("{not json").statusCode()).isEqualTo(400);
        String member = Payloads.uuid();
        String body = Payloads.patreonMember(member, "active_patron", "2026-11-01T09:00:00.000+00:00", "Paid", 100, 1, null);
        assertThat(postPatreon("members:create", body, "not-the-secret").statusCode()).isEqualTo(401);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM inbox_event WHERE business_key IN (?, ?)", Long.class,
                tx, member)).isZero();
        assertThat(rows(tx)).isZero();
        assertThat(rows(member)).isZero();
    }

    @Test
    void recordsASignedPatreonChargeAndItsRefund() {
        String member = Payloads.uuid();
        int cents = uniqueCents();
        String amount = java.math.BigDecimal.valueOf(cents, 2).toPlainString();
        String paid = Payloads.patreonMember(member, "active_patron", "2026-11-01T09:00:00.000+00:00", "Paid", cents, 1,
                "Supporter");
        assertThat(postPatreon("members:pledge:create", paid, PATREON_SECRET).statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(20)).until(() -> notices("New Patreon payment: *" + amount + " USD*").size() == 1);
        assertThat(jdbc.queryForObject("SELECT status FROM donation_entry WHERE member_id = ?", String.class, member))
                .isEqualTo("paid");

        String refunded = Payloads.patreonMember(member, "former_patron", "2026-11-01T09:00:00.000+00:00", "Refunded",
                cents, 1, "Supporter");
        assertThat(postPatreon("members:update", refunded, PATREON_SECRET).statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(20)).until(() -> notices(amount + " USD* on 2026-11-01 was refunded").size() == 1);
        assertThat(jdbc.queryForObject("SELECT status FROM donation_entry WHERE member_id = ?", String.class, member))
                .isEqualTo("refunded");
        assertThat(rows(member)).isEqualTo(1);
    }

    @Test
    void kofiSendTestIsAnsweredWithANoticeAndBooksNothing() {
        // "Send test" posts the documented example once per type; the test Subscription shares the Donation's
        // transaction id. Each is a delivery of its own (its own message_id).
        int donationsBefore = notices("Ko-fi test received (Donation)").size();
        int subscriptionsBefore = notices("Ko-fi test received (Subscription)").size();
        assertThat(postKofi(Payloads.kofiTest(KOFI_TOKEN, "Donation")).statusCode()).isEqualTo(200);
        assertThat(postKofi(Payloads.kofiTest(KOFI_TOKEN, "Subscription")).statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(20)).until(() -> notices("Ko-fi test received (Donation)").size() == donationsBefore + 1
                && notices("Ko-fi test received (Subscription)").size() == subscriptionsBefore + 1);
        assertThat(FakeSlack.form(notices("Ko-fi test received (Subscription)").get(subscriptionsBefore)))
                .containsEntry("channel", "C0DONATE");
        assertThat(rows(KofiPayments.TEST_TRANSACTION_ID)).isZero();
    }

    @Test
    void aKofiShopOrderOverAThousandIsRecordedAtItsAmount() {
        String tx = Payloads.uuid();
        String name = "Big " + tx.substring(0, 8);
        assertThat(postKofi(Payloads.kofi(KOFI_TOKEN, "Shop Order", tx, true, name, "for the servers", "1,250.00",
                "EUR", "2026-11-21T13:04:30Z")).statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(20)).until(() -> notices(name).size() == 1);
        assertThat(FakeSlack.form(notices(name).get(0)).get("text")).contains("Ko-fi shop order: *1250.00 EUR*");
        assertThat(jdbc.queryForObject("SELECT amount FROM donation_entry WHERE external_id = ?",
                java.math.BigDecimal.class, tx)).isEqualByComparingTo("1250.00");
    }

    @Test
    void anUnreadableKofiAmountIsAnIncidentNamingTheDelivery() {
        String tx = Payloads.uuid();
        String data = Payloads.kofi(KOFI_TOKEN, "Donation", tx, true, "Ann", null, "1.250,00", "EUR",
                "2026-11-21T13:04:30Z");
        String messageId = Payloads.JSON.readTree(data).get("message_id").asString();
        assertThat(postKofi(data).statusCode()).as("accepted: nothing is lost").isEqualTo(200);
        await().atMost(Duration.ofSeconds(20)).until(() -> http.get("/api/incidents", "Authorization",
                Http.basic("admin", "test-admin-pw")).body().contains(messageId));
        String incidents = http.get("/api/incidents", "Authorization", Http.basic("admin", "test-admin-pw")).body();
        assertThat(incidents).contains("kofi_transaction_id " + tx).contains("1.250,00");
        assertThat(rows(tx)).isZero();
    }

    @Test
    void aPendingPatreonChargeIsAnnouncedOnceWhenPaid() {
        String member = Payloads.uuid();
        int cents = uniqueCents();
        String amount = java.math.BigDecimal.valueOf(cents, 2).toPlainString();
        String pending = Payloads.patreonMember(member, "active_patron", "2026-11-01T09:00:00.000+00:00", "Pending",
                cents, 1, "Supporter");
        String paid = Payloads.patreonMember(member, "active_patron", "2026-11-01T09:00:00.000+00:00", "Paid", cents, 1,
                "Supporter");
        assertThat(postPatreon("members:pledge:create", pending, PATREON_SECRET).statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(20)).until(() -> rows(member) == 1);
        assertThat(notices(amount + " USD")).isEmpty();
        assertThat(postPatreon("members:update", paid, PATREON_SECRET).statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(20)).until(() -> notices("New Patreon payment: *" + amount + " USD*").size() == 1);
        // The same state again in another event (Patreon sends members:update and members:pledge:update alike).
        assertThat(postPatreon("members:pledge:update", paid, PATREON_SECRET).statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(20)).until(() -> history.createHistoricProcessInstanceQuery()
                .processDefinitionKey("donation-recording").processInstanceBusinessKey(member).finished().count() == 3);
        assertThat(notices(amount + " USD")).hasSize(1);
    }

    @Test
    void aPatreonUpgradeIsAnnouncedAtTheDifferenceCharged() {
        String member = Payloads.uuid();
        int cents = uniqueCents();
        String before = java.math.BigDecimal.valueOf(cents, 2).toPlainString();
        String after = java.math.BigDecimal.valueOf(cents + 500, 2).toPlainString();
        assertThat(postPatreon("members:pledge:create", Payloads.patreonMember(member, "active_patron",
                "2026-11-01T09:00:00.000+00:00", "Paid", cents, 1, "Supporter"), PATREON_SECRET).statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(20)).until(() -> notices("New Patreon payment: *" + before + " USD*").size() == 1);
        assertThat(postPatreon("members:update", Payloads.patreonMember(member, "active_patron",
                "2026-11-16T18:30:00.000+00:00", "Paid", cents + 500, 1, "Patron"), PATREON_SECRET).statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(20)).until(() -> notices("New Patreon payment: *5.00 USD*").stream()
                .anyMatch(r -> FakeSlack.form(r).get("text").contains("an upgrade to " + after + " USD")));
        assertThat(jdbc.queryForObject("SELECT SUM(amount) FROM donation_entry WHERE member_id = ?",
                java.math.BigDecimal.class, member)).isEqualByComparingTo(after);
    }

    @Test
    void thanksADonorWhoNamedTheirHandleByDirectMessage() {
        String tx = Payloads.uuid();
        String handle = "@zoe" + tx.substring(0, 6) + "@mastodon.example";
        assertThat(postKofi(Payloads.kofi(KOFI_TOKEN, "Donation", tx, true, "Zoe", "Thanks! I'm " + handle, "9.00",
                "EUR", "2026-11-21T13:04:30Z")).statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(20)).until(() -> !statuses(handle).isEmpty());
        LoggedRequest status = statuses(handle).get(0);
        assertThat(status.getBodyAsString()).contains("\"visibility\":\"direct\"").contains("Thank you");
        assertThat(status.getHeader("Idempotency-Key")).isNotBlank();
        assertThat(status.getHeader("Authorization")).isEqualTo("Bearer " + FakeMastodon.TOKEN);
    }

    List<LoggedRequest> statuses(String text) {
        return MASTODON.server().findAll(postRequestedFor(urlPathEqualTo("/api/v1/statuses")).withRequestBody(containing(text)));
    }

    @Test
    void servesTheFundingSummaryWithoutLogin() {
        HttpResponse<String> json = http.get("/api/funding");
        assertThat(json.statusCode()).isEqualTo(200);
        assertThat(json.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        assertThat(json.body()).contains("\"currencies\"").contains("\"months\"").contains("\"activeMembers\"");
        HttpResponse<String> page = http.get("/funding");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        assertThat(page.body()).contains("<h1>Funding</h1>");
    }
}
