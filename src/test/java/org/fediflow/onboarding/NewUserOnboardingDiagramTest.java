package org.fediflow.onboarding;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.fediflow.workflow.DiagramRuns;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every path of the shipped {@code bpmn/new-user-onboarding.bpmn} on a bare engine with stub connectors. */
class NewUserOnboardingDiagramTest {

    static final DiagramRuns FLOWS = DiagramRuns.of("new-user-onboarding.bpmn");
    static final DiagramRuns QUIET = DiagramRuns.of(Map.of("fediflow.onboarding.announce-members", "false"),
            "new-user-onboarding.bpmn");

    @AfterAll
    static void close() {
        FLOWS.close();
        QUIET.close();
    }

    @BeforeEach
    void stubs() {
        for (DiagramRuns flows : List.of(FLOWS, QUIET)) {
            flows.reset();
            flows.answer("mastodon.get-account", account(false));
            flows.answer("onboarding.screen", Map.of("first", true, "emailDomain", "example.org"));
            flows.answer("onboarding.render-signup", input -> Map.of("text", "Sign-up " + input.path("decision")
                    .asString("pending")));
            flows.answer("slack.post-message", Map.of("channel", "C0ONBOARD", "ts", "1700000000.000100"));
            flows.answer("onboarding.welcome", Map.of("sent", true, "acct", "newbie"));
        }
    }

    static Map<String, Object> account(boolean approved) {
        Map<String, Object> account = new LinkedHashMap<>();
        account.put("id", "42");
        account.put("username", "newbie");
        account.put("approved", approved);
        account.put("json", Map.of("id", "42", "username", "newbie", "approved", approved));
        return account;
    }

    static Map<String, Object> press(String action) {
        return Map.of("action", action, "value", "42", "user", Map.of("id", "U0MODERATOR", "name", "mo"));
    }

    static DiagramRuns.Run pending(DiagramRuns flows) {
        var run = flows.startByMessage("mastodon.account.created", "42", Map.of("object", Map.of("id", "42")));
        assertThat(run.steps()).containsExactly("fetch", "screen", "render", "post");
        assertThat(run.waitsFor("slack.onboarding.approve")).isTrue();
        return run;
    }

    @Test
    void aPendingSignUpIsScreenedRenderedAndPostedToTheOnboardingChannel() {
        var run = pending(FLOWS);

        assertThat(run.inputsOf("fetch").get(0).path("accountId").asString()).isEqualTo("42");
        assertThat(run.inputsOf("screen").get(0).path("account").path("username").asString()).isEqualTo("newbie");
        assertThat(run.inputsOf("render").get(0).path("screening").path("emailDomain").asString())
                .isEqualTo("example.org");
        assertThat(run.inputsOf("post").get(0).path("channel").asString()).isEqualTo("onboarding");
        assertThat(run.timerDue("onRemind")).isBetween(Instant.now().plus(Duration.ofHours(23)),
                Instant.now().plus(Duration.ofHours(25)));
    }

    @Test
    void approvePressedApprovesUpdatesTheCardWelcomesAndAnnounces() {
        var run = pending(FLOWS);

        run.receive("slack.onboarding.approve", press("onboarding.approve"));

        assertThat(run.steps()).containsExactly("fetch", "screen", "render", "post", "approve", "renderApproved",
                "updateApproved", "welcome", "announce");
        assertThat(run.inputsOf("approve").get(0).path("accountId").asString()).isEqualTo("42");
        assertThat(run.inputsOf("renderApproved").get(0).path("moderator").asString()).isEqualTo("U0MODERATOR");
        assertThat(run.inputsOf("updateApproved").get(0).path("text").asString()).isEqualTo("Sign-up approved");
        assertThat(run.inputsOf("announce").get(0).path("text").asString())
                .isEqualTo("New member: @newbie joined and got the welcome message.");
        assertThat(run.endEvents()).containsExactly("endWelcomed");
    }

    @Test
    void anAccountWelcomedBeforeIsNotAnnouncedAgain() {
        FLOWS.answer("onboarding.welcome", Map.of("sent", false, "acct", "newbie"));
        var run = pending(FLOWS);

        run.receive("slack.onboarding.approve", press("onboarding.approve"));

        assertThat(run.steps()).endsWith("welcome");
        assertThat(run.endEvents()).containsExactly("endWelcomed");
    }

    @Test
    void withAnnouncementsOffTheWelcomeIsTheLastStep() {
        var run = pending(QUIET);

        run.receive("slack.onboarding.approve", press("onboarding.approve"));

        assertThat(run.steps()).endsWith("updateApproved", "welcome");
        assertThat(run.endEvents()).containsExactly("endWelcomed");
    }

    @Test
    void rejectPressedRejectsAndUpdatesTheCardWithoutAnyMessageToTheUser() {
        var run = pending(FLOWS);

        run.receive("slack.onboarding.reject", press("onboarding.reject"));

        assertThat(run.steps()).containsExactly("fetch", "screen", "render", "post", "reject", "renderRejected",
                "updateRejected");
        assertThat(run.inputsOf("renderRejected").get(0).path("decision").asString()).isEqualTo("rejected");
        assertThat(run.endEvents()).containsExactly("endRejected");
    }

    @Test
    void rejectingAnAccountApprovedMeanwhileTurnsIntoTheApprovedPath() {
        FLOWS.failWith("mastodon.reject-account", "already-approved");
        var run = pending(FLOWS);

        run.receive("slack.onboarding.reject", press("onboarding.reject"));

        assertThat(run.steps()).endsWith("reject", "renderApprovedMastodon", "updateApproved", "welcome", "announce");
        assertThat(run.endEvents()).containsExactly("endWelcomed");
    }

    @Test
    void approvedInMastodonUpdatesTheCardAndWelcomes() {
        var run = pending(FLOWS);

        run.receive("mastodon.account.approved", Map.of("object", Map.of("id", "42")));

        assertThat(run.steps()).endsWith("post", "renderApprovedMastodon", "updateApproved", "welcome", "announce");
        assertThat(run.inputsOf("renderApprovedMastodon").get(0).path("decision").asString())
                .isEqualTo("approved-in-mastodon");
    }

    @Test
    void anAlreadyApprovedAccountIsWelcomedWithoutACard() {
        FLOWS.answer("mastodon.get-account", account(true));

        var run = FLOWS.startByMessage("mastodon.account.approved", "42", Map.of("object", Map.of("id", "42")));

        assertThat(run.steps()).containsExactly("fetch", "welcome", "announce");
        assertThat(run.endEvents()).containsExactly("endWelcomed");
    }

    @Test
    void aSecondRunForTheSameAccountLeavesTheCardToTheFirst() {
        FLOWS.answer("onboarding.screen", Map.of("first", false));

        var run = FLOWS.startByMessage("mastodon.account.created", "42", Map.of("object", Map.of("id", "42")));

        assertThat(run.steps()).containsExactly("fetch", "screen");
        assertThat(run.endEvents()).containsExactly("endDuplicate");
    }

    @Test
    void anAccountGoneBeforeTheCardEndsQuietly() {
        FLOWS.failWith("mastodon.get-account", "not-found");

        var run = FLOWS.startByMessage("mastodon.account.created", "42", Map.of("object", Map.of("id", "42")));

        assertThat(run.steps()).containsExactly("fetch");
        assertThat(run.endEvents()).containsExactly("endQuiet");
    }

    @Test
    void anAccountGoneWhenApprovedOrRejectedMarksTheCardGone() {
        FLOWS.failWith("mastodon.approve-account", "not-found");
        FLOWS.failWith("mastodon.reject-account", "not-found");
        var approved = pending(FLOWS);
        approved.receive("slack.onboarding.approve", press("onboarding.approve"));
        assertThat(approved.steps()).endsWith("approve", "renderGone", "updateGone");
        assertThat(approved.endEvents()).containsExactly("endGone");

        var rejected = pending(FLOWS);
        rejected.receive("slack.onboarding.reject", press("onboarding.reject"));
        assertThat(rejected.steps()).endsWith("reject", "renderGone", "updateGone");
        assertThat(rejected.endEvents()).containsExactly("endGone");
    }

    @Test
    void noDecisionForAWhileRemindsOnceInTheThreadAndKeepsWaiting() {
        var run = pending(FLOWS);

        run.fireTimer("onRemind");

        assertThat(run.steps()).endsWith("post", "recheck", "remind");
        assertThat(run.inputsOf("remind").get(0).path("threadTs").asString()).isEqualTo("1700000000.000100");
        assertThat(run.waitsFor("slack.onboarding.approve")).isTrue();
        assertThat(run.timerDue("onRemind")).isAfter(Instant.now().plus(Duration.ofDays(3000)));
    }

    @Test
    void theReminderFindsTheAccountApprovedMeanwhileAndWelcomesInstead() {
        var run = pending(FLOWS);
        FLOWS.answer("mastodon.get-account", account(true));

        run.fireTimer("onRemind");

        assertThat(run.steps()).endsWith("recheck", "renderApprovedMastodon", "updateApproved", "welcome", "announce");
    }

    @Test
    void theReminderFindsTheAccountGoneAndMarksTheCardGone() {
        var run = pending(FLOWS);
        FLOWS.failWith("mastodon.get-account", "not-found");

        run.fireTimer("onRemind");

        assertThat(run.steps()).endsWith("recheck", "renderGone", "updateGone");
        assertThat(run.endEvents()).containsExactly("endGone");
    }
}
