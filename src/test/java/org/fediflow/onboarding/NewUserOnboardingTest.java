package org.fediflow.onboarding;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import org.fediflow.testing.FakeMastodon;
import org.fediflow.testing.FakeSlack;
import org.fediflow.testing.FlowTestSupport;
import org.fediflow.testing.Inbox;
import org.fediflow.testing.SlackRequests;
import org.fediflow.testing.Webhooks;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The shipped {@code bpmn/new-user-onboarding.bpmn}, driven from the outside: signed Mastodon account webhooks in,
 * signed Slack presses in, and what reaches the Slack and Mastodon fakes.
 */
class NewUserOnboardingTest extends FlowTestSupport {

    static final String CHANNEL = ONBOARDING_CHANNEL;
    static final AtomicLong IDS = new AtomicLong(111_000_000_000_000_000L);

    @BeforeAll
    static void mastodon() {
        MASTODON.statuses();
        MASTODON.emailDomainBlocks("blocked.example", "spam.example");
    }

    @BeforeEach
    void shippedDiagramIsDeployed() {
        assertThat(repository.createProcessDefinitionQuery().processDefinitionKey("new-user-onboarding").count())
                .as("the shipped diagram is deployed").isPositive();
    }

    /** A new account id and a username unique to it. */
    record Signup(String id, String username) {
    }

    Signup pending(String username, String email, String ip, String inviteRequest) {
        Signup s = new Signup(String.valueOf(IDS.incrementAndGet()), username + IDS.get() % 100_000);
        MASTODON.signup(s.id(), s.username(), "Display " + s.username(), email, ip, false, inviteRequest);
        return s;
    }

    Signup pending() {
        return pending("newbie", "newbie@mail.example", "203.0.113.5", "I like knitting");
    }

    String json(Signup s, boolean approved) {
        return FakeMastodon.signupJson(s.id(), s.username(), "Display " + s.username(), "newbie@mail.example",
                "203.0.113.5", approved, "I like knitting");
    }

    void webhook(String event, String accountJson) {
        String body = Webhooks.mastodonEvent(event, accountJson);
        assertThat(http.post("/webhooks/mastodon", body, Webhooks.mastodonHeaders(WEBHOOK_SECRET, body)).statusCode())
                .isEqualTo(200);
    }

    List<LoggedRequest> cards(Signup s) {
        return SLACK.requests("chat.postMessage").stream().filter(r -> !FakeSlack.form(r).containsKey("thread_ts")
                && FakeSlack.form(r).getOrDefault("text", "").contains("Sign-up of @" + s.username() + " ")).toList();
    }

    Map<String, String> card(Signup s) {
        await().atMost(Duration.ofSeconds(15)).until(() -> !cards(s).isEmpty());
        return FakeSlack.form(cards(s).get(0));
    }

    List<LoggedRequest> updates(Signup s) {
        return SLACK.requests("chat.update").stream()
                .filter(r -> FakeSlack.form(r).getOrDefault("text", "").contains("@" + s.username() + ":")).toList();
    }

    List<LoggedRequest> announcements(Signup s) {
        return SLACK.requests("chat.postMessage").stream()
                .filter(r -> FakeSlack.form(r).getOrDefault("text", "").contains("New member: @" + s.username() + " ")).toList();
    }

    List<LoggedRequest> welcomes(Signup s) {
        return MASTODON.server().findAll(postRequestedFor(urlPathEqualTo("/api/v1/statuses"))).stream()
                .filter(r -> r.getBodyAsString().contains("\"@" + s.username() + " ")).toList();
    }

    void awaitWaiting(Signup s) {
        await().atMost(Duration.ofSeconds(15)).until(() -> runtime.createExecutionQuery()
                .messageEventSubscriptionName("slack.onboarding.approve").processInstanceBusinessKey(s.id(), true).count() == 1);
    }

    boolean allRunsFinished(Signup s) {
        return history.createHistoricProcessInstanceQuery().processDefinitionKey("new-user-onboarding")
                .processInstanceBusinessKey(s.id()).unfinished().count() == 0
                && history.createHistoricProcessInstanceQuery().processDefinitionKey("new-user-onboarding")
                .processInstanceBusinessKey(s.id()).count() > 0;
    }

    /** Waits until every run of the account ended and nothing is left in the inbox that could start another. */
    void settle(Signup s) {
        await().atMost(Duration.ofSeconds(20)).until(() -> Inbox.settled(jdbc) && allRunsFinished(s));
    }

    @Test
    void pendingSignUpIsApprovedFromSlackAndWelcomedOnce() throws Exception {
        Signup s = pending();
        webhook("account.created", json(s, false));
        Map<String, String> card = card(s);
        assertThat(card).containsEntry("channel", CHANNEL);
        assertThat(card.get("blocks")).contains("@" + s.username()).contains("Display " + s.username())
                .contains("mail.example").contains("203.0.113.5").contains("de").contains("I like knitting")
                .contains("No warning signs found.").contains("\"Approve\"").contains("\"Reject\"")
                .contains("Reject this sign-up?").contains(MASTODON.baseUrl() + "/admin/accounts/" + s.id())
                .doesNotContain("newbie@mail.example");
        awaitWaiting(s);

        SlackRequests.send(http, SIGNING_SECRET, SlackRequests.press("onboarding.approve", s.id(), "U0MODERATOR", CHANNEL));
        await().atMost(Duration.ofSeconds(15)).until(() -> welcomes(s).size() == 1);
        MASTODON.server().verify(postRequestedFor(urlPathEqualTo("/api/v1/admin/accounts/" + s.id() + "/approve")));
        await().atMost(Duration.ofSeconds(15)).until(() -> !updates(s).isEmpty());
        assertThat(FakeSlack.form(updates(s).get(0)).get("blocks")).contains("Approved by <@U0MODERATOR>")
                .doesNotContain("\"Approve\"").doesNotContain("\"Reject\"");

        LoggedRequest welcome = welcomes(s).get(0);
        assertThat(welcome.getHeader("Idempotency-Key")).isEqualTo("fediflow-welcome-" + s.id());
        assertThat(welcome.getBodyAsString()).contains("\"visibility\":\"direct\"")
                .contains("\"status\":\"@" + s.username() + " Welcome to " + java.net.URI.create(MASTODON.baseUrl()).getHost() + ", Display " + s.username()
                        + "! Rules: " + MASTODON.baseUrl() + "/about\"");
        await().atMost(Duration.ofSeconds(15)).until(() -> announcements(s).size() == 1);

        // Mastodon sends account.approved for the approval Fediflow made: no second welcome, no second notice.
        webhook("account.approved", json(s, true));
        settle(s);
        assertThat(welcomes(s)).hasSize(1);
        assertThat(announcements(s)).hasSize(1);
        assertThat(cards(s)).hasSize(1);
        assertThat(incidents(s.id())).isZero();
    }

    @Test
    void rejectFromSlackRejectsInMastodonAndSendsNothingToTheUser() throws Exception {
        Signup s = pending();
        webhook("account.created", json(s, false));
        card(s);
        awaitWaiting(s);
        SlackRequests.send(http, SIGNING_SECRET, SlackRequests.press("onboarding.reject", s.id(), "U0MODERATOR", CHANNEL));
        await().atMost(Duration.ofSeconds(15)).until(() -> !updates(s).isEmpty());
        MASTODON.server().verify(postRequestedFor(urlPathEqualTo("/api/v1/admin/accounts/" + s.id() + "/reject")));
        assertThat(FakeSlack.form(updates(s).get(0)).get("blocks")).contains("Rejected by <@U0MODERATOR>")
                .doesNotContain("\"Approve\"");
        assertThat(FakeSlack.form(updates(s).get(0)).get("text")).contains("rejected");
        settle(s);
        assertThat(welcomes(s)).isEmpty();
        assertThat(announcements(s)).isEmpty();
        MASTODON.server().verify(0, postRequestedFor(urlPathEqualTo("/api/v1/admin/accounts/" + s.id() + "/approve")));
    }

    @Test
    void approvalInTheMastodonUiUpdatesTheCardAndWelcomes() throws Exception {
        Signup s = pending();
        webhook("account.created", json(s, false));
        card(s);
        awaitWaiting(s);
        MASTODON.signup(s.id(), s.username(), "Display " + s.username(), "newbie@mail.example", "203.0.113.5", true, "I like knitting");
        webhook("account.approved", json(s, true));
        await().atMost(Duration.ofSeconds(15)).until(() -> !updates(s).isEmpty());
        assertThat(FakeSlack.form(updates(s).get(0)).get("blocks")).contains("Approved in Mastodon").doesNotContain("\"Approve\"");
        settle(s);
        assertThat(welcomes(s)).hasSize(1);
        assertThat(announcements(s)).hasSize(1);
        MASTODON.server().verify(0, postRequestedFor(urlPathEqualTo("/api/v1/admin/accounts/" + s.id() + "/approve")));
    }

    @Test
    void openRegistrationWelcomesAtOnceWithoutACard() throws Exception {
        Signup s = new Signup(String.valueOf(IDS.incrementAndGet()), "open" + IDS.get() % 100_000);
        MASTODON.signup(s.id(), s.username(), "Display " + s.username(), "newbie@mail.example", "203.0.113.5", true, null);
        webhook("account.created", json(s, true));
        await().atMost(Duration.ofSeconds(15)).until(() -> welcomes(s).size() == 1);
        webhook("account.approved", json(s, true));
        settle(s);
        assertThat(welcomes(s)).hasSize(1);
        assertThat(announcements(s)).hasSize(1);
        assertThat(cards(s)).isEmpty();
    }

    @Test
    void approvedTwiceAndBeforeCreatedStillWelcomesOnce() throws Exception {
        Signup s = new Signup(String.valueOf(IDS.incrementAndGet()), "early" + IDS.get() % 100_000);
        MASTODON.signup(s.id(), s.username(), "Display " + s.username(), "newbie@mail.example", "203.0.113.5", true, null);
        // Two distinct deliveries of account.approved (different bodies), then account.created still saying pending.
        webhook("account.approved", json(s, true));
        webhook("account.approved", json(s, true).replace("\"locale\":\"de\"", "\"locale\":\"en\""));
        webhook("account.created", json(s, false));
        await().atMost(Duration.ofSeconds(15)).until(() -> welcomes(s).size() == 1);
        settle(s);
        webhook("account.approved", json(s, true).replace("\"locale\":\"de\"", "\"locale\":\"fr\""));
        settle(s);
        assertThat(welcomes(s)).hasSize(1);
        assertThat(announcements(s)).hasSize(1);
        assertThat(cards(s)).as("an approved account is never put to the moderators").isEmpty();
        assertThat(incidents(s.id())).isZero();
    }

    @Test
    void duplicateCreatedForAPendingAccountPostsOneCard() throws Exception {
        Signup s = pending();
        webhook("account.created", json(s, false));
        webhook("account.created", json(s, false).replace("\"locale\":\"de\"", "\"locale\":\"en\""));
        card(s);
        awaitWaiting(s);
        // Both deliveries handed over and any second run ended (it finds it is not the first and stops).
        await().atMost(Duration.ofSeconds(20)).until(() -> Inbox.settled(jdbc) && history.createHistoricProcessInstanceQuery()
                .processDefinitionKey("new-user-onboarding").processInstanceBusinessKey(s.id()).unfinished().count() == 1);
        assertThat(cards(s)).hasSize(1);
    }

    @Test
    void eachScreeningSignalIsShown() {
        Signup disposable = pending("knitter", "knitter@mailinator.com", "203.0.113.21", "hi");
        webhook("account.created", FakeMastodon.signupJson(disposable.id(), disposable.username(), "x", "knitter@mailinator.com", "203.0.113.21", false, "hi"));
        assertThat(card(disposable).get("blocks")).contains("mailinator.com is a disposable (throw-away) mail service")
                .doesNotContain("block list").doesNotContain("looks like").doesNotContain("sign-ups from IP");

        Signup blocked = pending("gardener", "g@mx.blocked.example", "203.0.113.22", "hi");
        webhook("account.created", FakeMastodon.signupJson(blocked.id(), blocked.username(), "x", "g@mx.blocked.example", "203.0.113.22", false, "hi"));
        assertThat(card(blocked).get("blocks")).contains("mx.blocked.example is on this server's e-mail domain block list (blocked.example)")
                .doesNotContain("disposable");

        Signup imitator = new Signup(String.valueOf(IDS.incrementAndGet()), "adm1n_" + IDS.get() % 100_000);
        MASTODON.signup(imitator.id(), imitator.username(), "Helper", "a@mail.example", "203.0.113.23", false, "hi");
        webhook("account.created", "{\"id\":\"" + imitator.id() + "\"}");
        assertThat(card(imitator).get("blocks")).contains("looks like \\\"admin\\\"");

        // Display names may use any script: Cyrillic "Ѕuррort" imitates support.
        Signup homoglyph = pending("helper", "h@mail.example", "203.0.113.24", "hi");
        MASTODON.signup(homoglyph.id(), homoglyph.username(), "Ѕuррort Team", "h@mail.example", "203.0.113.24", false, "hi");
        webhook("account.created", "{\"id\":\"" + homoglyph.id() + "\"}");
        assertThat(card(homoglyph).get("blocks")).contains("looks like \\\"support\\\"");

        Signup first = pending("one", "one@mail.example", "198.51.100.77", "hi");
        Signup second = pending("two", "two@mail.example", "198.51.100.77", "hi");
        Signup third = pending("three", "three@mail.example", "198.51.100.77", "hi");
        for (Signup s : List.of(first, second, third)) {
            webhook("account.created", "{\"id\":\"" + s.id() + "\"}");
            card(s);
        }
        assertThat(card(first).get("blocks")).doesNotContain("sign-ups from IP");
        assertThat(card(third).get("blocks")).contains("3 sign-ups from IP 198.51.100.77 within 24 hours");
    }

    @Test
    void forbiddenDomainBlockListIsANoteNotAFailure() {
        MASTODON.emailDomainBlocksForbidden();
        try {
            Signup s = pending();
            webhook("account.created", "{\"id\":\"" + s.id() + "\"}");
            assertThat(card(s).get("blocks")).contains("Could not check the server's e-mail domain blocks");
            awaitWaiting(s);
        } finally {
            MASTODON.emailDomainBlocks("blocked.example", "spam.example");
        }
    }

    @Test
    void hostileInviteRequestIsShownLiterallyAndCut() {
        String hostile = "<!channel> please <https://evil.example|click here> *bold* & _more_ " + "x".repeat(5000);
        Signup s = pending("hostile", "h@mail.example", "203.0.113.30", hostile);
        webhook("account.created", "{\"id\":\"" + s.id() + "\"}");
        String blocks = card(s).get("blocks");
        assertThat(blocks).contains("&lt;!channel&gt;").contains("&lt;https://evil.example|click here&gt;")
                .contains("&amp; _more_").doesNotContain("<!channel>").doesNotContain("<https://evil.example")
                .contains("…").doesNotContain("x".repeat(3000));
        assertThat(blocks).contains("\"verbatim\":true");
    }

    @Test
    void undecidedSignUpGetsOneReminderInItsThread() throws Exception {
        Signup s = pending();
        webhook("account.created", json(s, false));
        card(s);
        awaitWaiting(s);
        String runId = runtime.createProcessInstanceQuery().processInstanceBusinessKey(s.id()).singleResult().getId();
        String ts = ((tools.jackson.databind.JsonNode) runtime.getVariable(runId, "posted")).path("ts").asString();
        await().atMost(Duration.ofSeconds(15)).until(() -> reminders(ts) == 1);
        // Back at the wait, the next reminder is ten years away instead of remind-after: still one.
        await().atMost(Duration.ofSeconds(15)).until(() -> management.createTimerJobQuery().processInstanceId(runId)
                .list().stream().anyMatch(t -> "onRemind".equals(t.getElementId())
                        && t.getDuedate().toInstant().isAfter(java.time.Instant.now().plus(Duration.ofDays(3000)))));
        assertThat(reminders(ts)).isEqualTo(1);
        awaitWaiting(s);
    }

    long reminders(String threadTs) {
        return SLACK.requests("chat.postMessage").stream().filter(r -> threadTs.equals(FakeSlack.form(r).get("thread_ts"))
                && FakeSlack.form(r).getOrDefault("text", "").contains("still waiting for a decision")).count();
    }
}
