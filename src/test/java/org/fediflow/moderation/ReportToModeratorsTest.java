package org.fediflow.moderation;

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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The shipped {@code bpmn/report-to-moderators.bpmn}, driven from the outside: signed Mastodon webhooks in,
 * signed Slack button presses in, and what reaches the Slack and Mastodon fakes.
 */
class ReportToModeratorsTest extends FlowTestSupport {

    static final AtomicLong IDS = new AtomicLong(5000);

    @BeforeEach
    void shippedDiagramIsDeployed() {
        assertThat(repository.createProcessDefinitionQuery().processDefinitionKey("report-to-moderators").count())
                .as("the shipped diagram is deployed").isPositive();
    }

    String newReport(String comment) {
        String id = String.valueOf(IDS.incrementAndGet());
        MASTODON.report(id, comment, false);
        MASTODON.account("110000000000000002", "spammer", true, false);
        return id;
    }

    void webhook(String event, String reportJson) {
        String body = Webhooks.mastodonEvent(event, reportJson);
        assertThat(http.post("/webhooks/mastodon", body, Webhooks.mastodonHeaders(WEBHOOK_SECRET, body)).statusCode())
                .isEqualTo(200);
    }

    List<LoggedRequest> posts(String reportId) {
        return SLACK.requestsContaining("chat.postMessage", "Report+%23" + reportId).isEmpty()
                ? SLACK.requestsContaining("chat.postMessage", "Report%20%23" + reportId)
                : SLACK.requestsContaining("chat.postMessage", "Report+%23" + reportId);
    }

    List<LoggedRequest> updates(String reportId) {
        return SLACK.server().findAll(postRequestedFor(urlPathEqualTo("/api/chat.update")))
                .stream().filter(r -> FakeSlack.form(r).getOrDefault("text", "").contains("#" + reportId)).toList();
    }

    List<LoggedRequest> threadReplies(String text) {
        return SLACK.server().findAll(postRequestedFor(urlPathEqualTo("/api/chat.postMessage")))
                .stream().filter(r -> FakeSlack.form(r).containsKey("thread_ts")
                        && FakeSlack.form(r).getOrDefault("text", "").contains(text)).toList();
    }

    boolean finished(String reportId) {
        return history.createHistoricProcessInstanceQuery().processDefinitionKey("report-to-moderators")
                .processInstanceBusinessKey(reportId).finished().count() == 1;
    }

    /** The run waits at its event gateway: every button's message has a subscription. */
    void awaitWaiting(String reportId) {
        await().atMost(Duration.ofSeconds(15)).until(() -> runtime.createExecutionQuery()
                .messageEventSubscriptionName("slack.report.resolve").processInstanceBusinessKey(reportId, true).count() == 1);
    }

    Map<String, String> firstPost(String reportId) {
        await().atMost(Duration.ofSeconds(15)).until(() -> !posts(reportId).isEmpty());
        return FakeSlack.form(posts(reportId).get(0));
    }

    @Test
    void reportReachesTheModerationChannelWithHostileTextEscaped() {
        String hostile = "<!channel> look <https://evil.example|innocent> & more";
        String id = newReport(hostile);
        webhook("report.created", FakeMastodon.reportJson(id, hostile, false, false));
        Map<String, String> post = firstPost(id);
        assertThat(post).containsEntry("channel", FakeSlack.CHANNEL);
        String blocks = post.get("blocks");
        assertThat(blocks).contains("&lt;!channel&gt;").contains("&lt;https://evil.example|innocent&gt;").contains("&amp; more")
                .doesNotContain("<!channel>").doesNotContain("<https://evil.example|innocent>");
        assertThat(blocks).contains("\"Assign to me\"").contains("\"Resolve\"").contains("\"Mark sensitive\"")
                .contains("\"Limit\"").contains("\"Suspend\"").contains("\"Open in Mastodon\"")
                .contains(MASTODON.baseUrl() + "/admin/reports/" + id).contains("No spam").contains("buy now");
    }

    @Test
    void duplicateWebhookPostsOnce() throws Exception {
        String id = newReport("spam");
        String json = FakeMastodon.reportJson(id, "spam", false, false);
        webhook("report.created", json);
        webhook("report.created", json);
        firstPost(id);
        awaitWaiting(id);
        // Once the inbox has handed everything over, a second run for the copy would exist already.
        await().atMost(Duration.ofSeconds(15)).until(() -> Inbox.settled(jdbc));
        assertThat(history.createHistoricProcessInstanceQuery().processInstanceBusinessKey(id).count()).isEqualTo(1);
        assertThat(posts(id)).hasSize(1);
    }

    @Test
    void webhookWithoutDetailFetchesTheReport() {
        String id = newReport("fetched comment");
        webhook("report.created", "{\"id\":\"" + id + "\"}");
        assertThat(firstPost(id).get("blocks")).contains("fetched comment");
        MASTODON.server().verify(com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor(
                urlPathEqualTo("/api/v1/admin/reports/" + id)));
    }

    @Test
    void assignThenResolveFromSlackUpdatesMastodonAndTheMessage() {
        String id = newReport("spam");
        webhook("report.created", FakeMastodon.reportJson(id, "spam", false, false));
        firstPost(id);
        awaitWaiting(id);

        SlackRequests.send(http, SIGNING_SECRET, SlackRequests.press("report.assign", id, "U0MODERATOR", FakeSlack.CHANNEL));
        await().atMost(Duration.ofSeconds(15)).until(() -> !updates(id).isEmpty());
        MASTODON.server().verify(postRequestedFor(urlPathEqualTo("/api/v1/admin/reports/" + id + "/assign_to_self")));
        String assigned = FakeSlack.form(updates(id).get(0)).get("blocks");
        assertThat(assigned).contains("<@U0MODERATOR> took this report").doesNotContain("\"Assign to me\"").contains("\"Resolve\"");
        awaitWaiting(id);

        // A second assignment (another moderator takes over) is logged in the thread again.
        SlackRequests.send(http, SIGNING_SECRET, SlackRequests.press("report.assign", id, "U0MODERATOR", FakeSlack.CHANNEL));
        await().atMost(Duration.ofSeconds(15)).until(() -> threadReplies("took this report").stream()
                .filter(r -> FakeSlack.form(r).get("text").contains("U0MODERATOR")).count() >= 2);
        awaitWaiting(id);

        SlackRequests.send(http, SIGNING_SECRET, SlackRequests.press("report.resolve", id, "U0MODERATOR", FakeSlack.CHANNEL));
        await().atMost(Duration.ofSeconds(15)).until(() -> finished(id));
        MASTODON.server().verify(postRequestedFor(urlPathEqualTo("/api/v1/admin/reports/" + id + "/resolve")));
        String closed = FakeSlack.form(updates(id).get(updates(id).size() - 1)).get("blocks");
        assertThat(closed).contains("resolved the report").doesNotContain("\"Resolve\"").doesNotContain("\"Suspend\"")
                .contains("\"Open in Mastodon\"");
        assertThat(threadReplies("resolved the report")).hasSize(1);
    }

    @Test
    void suspendCallsTheAccountActionWithTheReport() {
        String id = newReport("spam");
        webhook("report.created", FakeMastodon.reportJson(id, "spam", false, false));
        firstPost(id);
        awaitWaiting(id);
        SlackRequests.send(http, SIGNING_SECRET, SlackRequests.press("report.suspend", id, "U0MODERATOR", FakeSlack.CHANNEL));
        await().atMost(Duration.ofSeconds(15)).until(() -> finished(id));
        MASTODON.server().verify(postRequestedFor(urlPathEqualTo("/api/v1/admin/accounts/110000000000000002/action")));
        List<LoggedRequest> actions = MASTODON.server().findAll(
                postRequestedFor(urlPathEqualTo("/api/v1/admin/accounts/110000000000000002/action")));
        String actionBody = actions.get(actions.size() - 1).getBodyAsString();
        assertThat(actionBody).contains("suspend").contains(id);
        assertThat(FakeSlack.form(updates(id).get(updates(id).size() - 1)).get("blocks")).contains("suspended the account");
    }

    @Test
    void reportGoneFromMastodonEndsTheRunWithANoteAndNoIncident() {
        String id = String.valueOf(IDS.incrementAndGet()); // unknown to the fake Mastodon: every call is a 404
        webhook("report.created", FakeMastodon.reportJson(id, "deleted meanwhile", false, false));
        firstPost(id);
        awaitWaiting(id);
        SlackRequests.send(http, SIGNING_SECRET, SlackRequests.press("report.resolve", id, "U0MODERATOR", FakeSlack.CHANNEL));
        await().atMost(Duration.ofSeconds(15)).until(() -> finished(id));
        assertThat(FakeSlack.form(updates(id).get(updates(id).size() - 1)).get("blocks")).contains("no longer exists");
        assertThat(incidents(id)).isZero();
    }

    @Test
    void markSensitiveAndLimitSendTheirActionTypes() {
        for (String[] button : new String[][] {{"report.sensitive", "sensitive"}, {"report.limit", "silence"}}) {
            String id = newReport("spam");
            webhook("report.created", FakeMastodon.reportJson(id, "spam", false, false));
            firstPost(id);
            awaitWaiting(id);
            SlackRequests.send(http, SIGNING_SECRET, SlackRequests.press(button[0], id, "U0MODERATOR", FakeSlack.CHANNEL));
            await().atMost(Duration.ofSeconds(15)).until(() -> finished(id));
            assertThat(MASTODON.server().findAll(postRequestedFor(urlPathEqualTo("/api/v1/admin/accounts/110000000000000002/action")))
                    .stream().map(LoggedRequest::getBodyAsString)).anyMatch(b -> b.contains(button[1]) && b.contains(id));
        }
    }

    @Test
    void reportResolvedInMastodonUpdatesTheMessageAndEndsTheRun() {
        String id = newReport("spam");
        webhook("report.created", FakeMastodon.reportJson(id, "spam", false, false));
        firstPost(id);
        awaitWaiting(id);
        webhook("report.updated", FakeMastodon.reportJson(id, "spam", true, false));
        await().atMost(Duration.ofSeconds(15)).until(() -> finished(id));
        assertThat(FakeSlack.form(updates(id).get(updates(id).size() - 1)).get("blocks"))
                .contains("Resolved in Mastodon by @mod").doesNotContain("\"Resolve\"");
    }

    @Test
    void pressBySomeoneElseChangesNothing() throws Exception {
        String id = newReport("spam");
        webhook("report.created", FakeMastodon.reportJson(id, "spam", false, false));
        firstPost(id);
        awaitWaiting(id);
        SlackRequests.send(http, SIGNING_SECRET, SlackRequests.press("report.resolve", id, "U0INTRUDER", FakeSlack.CHANNEL));
        await().atMost(Duration.ofSeconds(10)).until(() -> !SLACK.requestsContaining("chat.postEphemeral", "U0INTRUDER").isEmpty());
        // The refusal is answered before anything is stored: nothing is left that could still act on the press.
        assertThat(Inbox.settled(jdbc)).isTrue();
        assertThat(finished(id)).isFalse();
        MASTODON.server().verify(0, postRequestedFor(urlPathEqualTo("/api/v1/admin/reports/" + id + "/resolve")));
    }

    @Test
    void legalReportIsEscalatedAtOnce() {
        String id = newReport("illegal content");
        String json = FakeMastodon.reportJson(id, "illegal content", false, false).replace("\"category\":\"spam\"", "\"category\":\"legal\"");
        webhook("report.created", json);
        firstPost(id);
        await().atMost(Duration.ofSeconds(15)).until(() -> !threadReplies("needs a decision now").isEmpty());
        assertThat(FakeSlack.form(threadReplies("needs a decision now").get(0)).get("text")).startsWith("<!subteam^S0MODS>");
    }

    @Test
    void reportWithoutActionIsEscalatedOnceInItsThread() throws Exception {
        String id = newReport("nobody looks");
        webhook("report.created", FakeMastodon.reportJson(id, "nobody looks", false, false));
        firstPost(id);
        awaitWaiting(id);
        String runId = history.createHistoricProcessInstanceQuery().processDefinitionKey("report-to-moderators")
                .processInstanceBusinessKey(id).singleResult().getId();
        String ts = ((tools.jackson.databind.JsonNode) history.createHistoricVariableInstanceQuery().processInstanceId(runId)
                .variableName("posted").singleResult().getValue()).path("ts").asString();
        await().atMost(Duration.ofSeconds(15)).until(() -> escalations(ts) == 1);
        // Back at the wait, the timeout is now ten years away instead of escalate-after: no second escalation.
        await().atMost(Duration.ofSeconds(15)).until(() -> management.createTimerJobQuery().processInstanceId(runId)
                .list().stream().anyMatch(t -> "onTimeout".equals(t.getElementId())
                        && t.getDuedate().toInstant().isAfter(java.time.Instant.now().plus(Duration.ofDays(3000)))));
        assertThat(escalations(ts)).isEqualTo(1);
        assertThat(finished(id)).isFalse();
    }

    long escalations(String threadTs) {
        return threadReplies("no action yet").stream()
                .filter(r -> threadTs.equals(FakeSlack.form(r).get("thread_ts"))).count();
    }

    @Test
    void slackDownThenBackPostsOnce() {
        SLACK.unavailable("chat.postMessage");
        try {
            String id = newReport("while slack was down");
            webhook("report.created", FakeMastodon.reportJson(id, "while slack was down", false, false));
            await().atMost(Duration.ofSeconds(10)).until(() -> !posts(id).isEmpty());
            SLACK.reset();
            SLACK.server().resetRequests(); // count only what reaches Slack once it is back
            firstPost(id);
            awaitWaiting(id);
            assertThat(posts(id)).hasSize(1);
        } finally {
            SLACK.reset();
        }
    }
}
