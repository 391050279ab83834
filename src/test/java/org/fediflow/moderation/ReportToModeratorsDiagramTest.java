package org.fediflow.moderation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import org.fediflow.workflow.DiagramRuns;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import tools.jackson.databind.JsonNode;

/** Every path of the shipped {@code bpmn/report-to-moderators.bpmn} on a bare engine with stub connectors. */
class ReportToModeratorsDiagramTest {

    static final DiagramRuns FLOWS = DiagramRuns.of(Map.of("fediflow.reports.escalation-group", "S0MODS"),
            "report-to-moderators.bpmn");

    @AfterAll
    static void close() {
        FLOWS.close();
    }

    @BeforeEach
    void stubs() {
        FLOWS.reset();
        // The renderer hands the report on, as the real one does; the Slack steps answer where the message is.
        FLOWS.answer("moderation.render-report", input -> Map.of("text", "Report #" + input.path("report").path("id")
                        .asString(), "logLine", "did " + input.path("action").asString(), "report", input.path("report"),
                "decisions", input.path("decisions")));
        FLOWS.answer("slack.post-message", Map.of("channel", "C0MOD", "ts", "1700000000.000100"));
        FLOWS.answer("slack.reply-in-thread", Map.of("channel", "C0MOD", "ts", "1700000000.000200"));
    }

    static Map<String, Object> report(String id, String category) {
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("id", id);
        report.put("category", category);
        report.put("action_taken", false);
        report.put("target_account", Map.of("id", "110000000000000002"));
        return report;
    }

    static Map<String, Object> press(String action) {
        return Map.of("action", action, "value", "r", "user", Map.of("id", "U0MODERATOR", "name", "mo"));
    }

    DiagramRuns.Run posted(String id, String category) {
        var run = FLOWS.startByMessage("mastodon.report.created", id, Map.of("object", report(id, category)));
        assertThat(run.waitsFor("slack.report.assign")).isTrue();
        return run;
    }

    @Test
    void aFullReportInTheWebhookIsRenderedAndPostedToTheModerationChannelWithoutFetchingIt() {
        var run = posted("1", "spam");

        assertThat(run.steps()).containsExactly("render", "post");
        assertThat(run.inputsOf("render").get(0).path("report").path("id").asString()).isEqualTo("1");
        JsonNode post = run.inputsOf("post").get(0);
        assertThat(post.path("channel").asString()).isEqualTo("moderation");
        assertThat(post.path("text").asString()).isEqualTo("Report #1");
        assertThat(run.timerDue("onTimeout")).isBetween(Instant.now().plus(Duration.ofHours(11)),
                Instant.now().plus(Duration.ofHours(13)));
    }

    @Test
    void aReportWithoutItsAccountsIsFetchedFirstAndTheFetchedReportRendered() {
        FLOWS.answer("mastodon.get-report", Map.of("id", "2", "json", report("2", "other")));

        var run = FLOWS.startByMessage("mastodon.report.created", "2", Map.of("object", Map.of("id", "2")));

        assertThat(run.steps()).containsExactly("fetch", "render", "post");
        assertThat(run.inputsOf("fetch").get(0).path("reportId").asString()).isEqualTo("2");
        assertThat(run.inputsOf("render").get(0).path("report").path("target_account").path("id").asString())
                .isEqualTo("110000000000000002");
    }

    @Test
    void aLegalReportIsEscalatedAtOnceAndNotAgainByTheTimer() {
        var run = posted("3", "legal");

        assertThat(run.steps()).containsExactly("render", "post", "escalateLegal");
        JsonNode escalation = run.inputsOf("escalateLegal").get(0);
        assertThat(escalation.path("text").asString()).startsWith("<!subteam^S0MODS> Legal report");
        assertThat(escalation.path("threadTs").asString()).isEqualTo("1700000000.000100");
        assertThat(run.timerDue("onTimeout")).isAfter(Instant.now().plus(Duration.ofDays(3000)));
    }

    @Test
    void noActionForAWhileEscalatesOnceInTheThreadAndKeepsWaiting() {
        var run = posted("4", "spam");

        run.fireTimer("onTimeout");

        assertThat(run.steps()).containsExactly("render", "post", "escalate");
        assertThat(run.inputsOf("escalate").get(0).path("text").asString())
                .isEqualTo("<!subteam^S0MODS> This report has had no action yet.");
        assertThat(run.waitsFor("slack.report.resolve")).isTrue();
        assertThat(run.timerDue("onTimeout")).isAfter(Instant.now().plus(Duration.ofDays(3000)));
    }

    @Test
    void assignAssignsInMastodonUpdatesTheMessageLogsItAndKeepsWaiting() {
        FLOWS.answer("mastodon.assign-report", Map.of("id", "5", "assignedAcct", "mo", "json", report("5", "spam")));
        var run = posted("5", "spam");

        run.receive("slack.report.assign", press("report.assign"));

        assertThat(run.steps()).containsExactly("render", "post", "assign", "renderAssigned", "updateAssigned",
                "logAssigned");
        assertThat(run.inputsOf("assign").get(0).path("reportId").asString()).isEqualTo("5");
        JsonNode render = run.inputsOf("renderAssigned").get(0);
        assertThat(render.path("action").asString()).isEqualTo("assign");
        assertThat(render.path("moderator").asString()).isEqualTo("U0MODERATOR");
        assertThat(render.path("outcome").asString()).isEqualTo("assigned (assigned_account mo)");
        assertThat(run.inputsOf("updateAssigned").get(0).path("ts").asString()).isEqualTo("1700000000.000100");
        assertThat(run.inputsOf("logAssigned").get(0).path("text").asString()).isEqualTo("did assign");
        assertThat(run.ended()).isFalse();
        assertThat(run.waitsFor("slack.report.resolve")).isTrue();
    }

    @Test
    void resolveResolvesInMastodonUpdatesTheMessageAndCloses() {
        FLOWS.answer("mastodon.resolve-report", Map.of("id", "6", "actionTaken", true, "json", report("6", "spam")));
        var run = posted("6", "spam");

        run.receive("slack.report.resolve", press("report.resolve"));

        assertThat(run.steps()).containsExactly("render", "post", "resolve", "renderResolved", "updateClosed",
                "logClosed");
        assertThat(run.inputsOf("renderResolved").get(0).path("outcome").asString())
                .isEqualTo("resolved (action_taken true)");
        assertThat(run.endEvents()).containsExactly("closed");
    }

    @ParameterizedTest
    @CsvSource({"slack.report.sensitive, report.sensitive, sensitive, sensitive",
            "slack.report.limit, report.limit, silence, limit",
            "slack.report.suspend, report.suspend, suspend, suspend"})
    void eachAccountActionCallsTheAdminApiWithItsTypeAndTheReportAndCloses(String message, String action, String type,
                                                                          String rendered) {
        FLOWS.answer("mastodon.account-action", input -> Map.of("accountId", input.path("accountId"), "type",
                input.path("type"), "reportId", input.path("reportId"), "performed", true));
        var run = posted("7", "violation");

        run.receive(message, press(action));

        assertThat(run.steps()).containsExactly("render", "post", "accountAction", "renderActioned", "updateClosed",
                "logClosed");
        JsonNode call = run.inputsOf("accountAction").get(0);
        assertThat(call.path("accountId").asString()).isEqualTo("110000000000000002");
        assertThat(call.path("type").asString()).isEqualTo(type);
        assertThat(call.path("reportId").asString()).isEqualTo("7");
        assertThat(run.inputsOf("renderActioned").get(0).path("action").asString()).isEqualTo(rendered);
        assertThat(run.inputsOf("renderActioned").get(0).path("outcome").asString())
                .isEqualTo(type + " (performed true)");
        assertThat(run.endEvents()).containsExactly("closed");
    }

    @Test
    void aReportResolvedInMastodonClosesTheMessage() {
        var run = posted("8", "spam");
        Map<String, Object> resolved = report("8", "spam");
        resolved.put("action_taken", true);

        run.receive("mastodon.report.updated", Map.of("object", resolved));

        assertThat(run.steps()).containsExactly("render", "post", "renderMastodon", "updateClosed", "logClosed");
        assertThat(run.inputsOf("renderMastodon").get(0).path("action").asString()).isEqualTo("resolved-in-mastodon");
        assertThat(run.endEvents()).containsExactly("closed");
    }

    @Test
    void aReportUpdatedButNotResolvedInMastodonKeepsWaiting() {
        var run = posted("9", "spam");

        run.receive("mastodon.report.updated", Map.of("object", report("9", "spam")));

        assertThat(run.steps()).containsExactly("render", "post");
        assertThat(run.waitsFor("slack.report.assign")).isTrue();
    }

    @Test
    void aReportGoneBeforeItWasPostedEndsQuietly() {
        FLOWS.failWith("mastodon.get-report", "not-found");

        var run = FLOWS.startByMessage("mastodon.report.created", "10", Map.of("object", Map.of("id", "10")));

        assertThat(run.steps()).containsExactly("fetch");
        assertThat(run.endEvents()).containsExactly("goneEnd");
    }

    @Test
    void aReportGoneAfterItWasPostedMarksTheMessageGone() {
        FLOWS.failWith("mastodon.assign-report", "not-found");
        var run = posted("11", "spam");

        run.receive("slack.report.assign", press("report.assign"));

        assertThat(run.steps()).containsExactly("render", "post", "assign", "renderGone", "updateGone");
        assertThat(run.inputsOf("renderGone").get(0).path("action").asString()).isEqualTo("gone");
        assertThat(run.endEvents()).containsExactly("goneEnd2");
        assertThat(run.ended()).isTrue();
    }
}
