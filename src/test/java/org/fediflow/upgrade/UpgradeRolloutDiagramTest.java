package org.fediflow.upgrade;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.fediflow.workflow.DiagramRuns;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import tools.jackson.databind.JsonNode;

/**
 * Every path of the shipped {@code bpmn/upgrade-rollout.bpmn} (with {@code bpmn/backup.bpmn}, which it calls) on a
 * bare engine with stub connectors: approval by policy or by a press, skip, later, the backup failing, health waits,
 * a failed step in each phase retried from that phase, roll back, abort and the deadline.
 */
class UpgradeRolloutDiagramTest {

    static final DiagramRuns FLOWS = DiagramRuns.of("upgrade-rollout.bpmn", "backup.bpmn");
    static final List<String> ROLLOUT = List.of("pull", "pull", "preMigrate", "restartWebRestart", "restartWebHealth",
            "restartSidekiqRestart", "restartSidekiqHealth", "restartStreamingRestart", "restartStreamingHealth",
            "postMigrate", "extra", "verify", "summary");

    /** Actions of upgrade.step that fail once (on their first call). */
    final Set<String> failOnce = new HashSet<>();
    /** Hosts whose first health check says "not yet". */
    final Set<String> slowHosts = new HashSet<>();

    @AfterAll
    static void close() {
        FLOWS.close();
    }

    @BeforeEach
    void stubs() {
        FLOWS.reset();
        failOnce.clear();
        slowHosts.clear();
        FLOWS.answer("mastodon.get-instance", Map.of("version", "4.3.1"));
        FLOWS.answer("slack.post-message", Map.of("channel", "C0OPS", "ts", "1700000000.000100"));
        FLOWS.answer("upgrade.step", input -> {
            String action = input.path("action").asString();
            if (failOnce.remove(action)) {
                return Map.of("ok", false, "failed", Map.of("phase", action, "host", input.path("host").asString("mgmt"),
                        "message", "exit 1"), "question", Map.of("text", "Step " + action + " failed: retry?"));
            }
            return Map.of("ok", true, "summary", action.equals("rollback") ? "Rolled back" : "Live on 4.3.2");
        });
        FLOWS.answer("upgrade.check-health", input -> {
            // As the real check: a failed restart passes its state through; otherwise the health is added.
            JsonNode state = input.path("state");
            if (!state.path("ok").asBoolean()) {
                return state;
            }
            String host = input.path("host").asString();
            return Map.of("ok", true, "summary", "Live on 4.3.2",
                    "health", Map.of("host", host, "healthy", !slowHosts.remove(host)));
        });
        FLOWS.answer("backup.begin", Map.of("folder", "2026-12-01T1200Z", "startedAt", "2026-12-01T12:00:00Z"));
        FLOWS.answer("backup.summary", Map.of("text", "Backup done"));
    }

    void plan(boolean autoApproved, boolean dryRun) {
        FLOWS.answer("upgrade.plan-rollout", input -> {
            Map<String, Object> plan = new LinkedHashMap<>();
            plan.put("version", input.path("version").asString());
            plan.put("previousVersion", input.path("runningVersion").asString());
            plan.put("deadline", Instant.now().plus(Duration.ofDays(2)).toString());
            plan.put("dryRun", dryRun);
            plan.put("autoApproved", autoApproved);
            plan.put("hosts", List.of("web1", "worker1"));
            plan.put("webHosts", List.of("web1"));
            plan.put("sidekiqHosts", List.of("worker1"));
            plan.put("streamingHosts", List.of("worker1"));
            plan.put("management", "web1");
            plan.put("healthInterval", "PT5S");
            plan.put("text", "Mastodon 4.3.2 is out");
            plan.put("askBlocks", List.of(Map.of("type", "actions")));
            return plan;
        });
    }

    DiagramRuns.Run start() {
        return FLOWS.start("upgrade-rollout", "4.3.2", Map.of("version", "4.3.2"));
    }

    static Map<String, Object> press(String action) {
        return Map.of("action", action, "value", "4.3.2", "user", Map.of("id", "U0OPERATOR", "name", "op"));
    }

    DiagramRuns.Run waitingForApproval() {
        plan(false, false);
        var run = start();
        assertThat(run.steps()).containsExactly("readInstance", "plan", "announce");
        assertThat(run.waitsFor("slack.upgrade.approve")).isTrue();
        return run;
    }

    @Test
    void approvedByPolicyInADryRunRollsOutWithoutABackupHostByHost() {
        plan(true, true);

        var run = start();

        assertThat(run.steps().subList(0, 4)).containsExactly("readInstance", "plan", "announce", "noteAuto");
        assertThat(run.steps().subList(4, run.steps().size())).isEqualTo(ROLLOUT);
        assertThat(run.inputsOf("plan").get(0).path("runningVersion").asString()).isEqualTo("4.3.1");
        assertThat(run.inputsOf("pull")).extracting(i -> i.path("host").asString()).containsExactly("web1", "worker1");
        assertThat(run.inputsOf("restartWebRestart").get(0).path("host").asString()).isEqualTo("web1");
        assertThat(run.inputsOf("summary").get(0).path("text").asString()).isEqualTo("Live on 4.3.2");
        assertThat(run.inputsOf("summary").get(0).path("threadTs").asString()).isEqualTo("1700000000.000100");
        assertThat(run.children()).isEmpty();
        assertThat(run.endEvents()).contains("live", "finished");
    }

    @Test
    void approvePressedTakesAFreshBackupFirstThenRollsOut() {
        var run = waitingForApproval();

        run.receive("slack.upgrade.approve", press("upgrade.approve"));

        assertThat(run.steps()).startsWith("readInstance", "plan", "announce", "noteApproved", "pull");
        assertThat(run.inputsOf("noteApproved").get(0).path("text").asString()).contains("<@U0OPERATOR>");
        assertThat(run.children()).hasSize(1);
        assertThat(run.children().get(0).steps()).startsWith("begin").endsWith("summarize", "report");
        assertThat(run.endEvents()).contains("live", "finished");
    }

    @Test
    void skipPressedEndsWithoutTouchingAnyHost() {
        var run = waitingForApproval();

        run.receive("slack.upgrade.skip", press("upgrade.skip"));

        assertThat(run.steps()).containsExactly("readInstance", "plan", "announce", "noteSkipped");
        assertThat(run.endEvents()).contains("skipped", "finished");
    }

    @ParameterizedTest
    @CsvSource({"slack.upgrade.later-4h, upgrade.later-4h, 4", "slack.upgrade.later-24h, upgrade.later-24h, 24"})
    void laterPostponesByItsHoursThenAsksAgain(String message, String action, int hours) {
        var run = waitingForApproval();

        run.receive(message, press(action));

        assertThat(run.steps()).endsWith("noteLater");
        assertThat(run.inputsOf("noteLater").get(0).path("text").asString()).contains("for " + hours + " hours");
        assertThat(run.timerDue("later")).isBetween(Instant.now().plus(Duration.ofHours(hours).minusMinutes(5)),
                Instant.now().plus(Duration.ofHours(hours)));
        run.fireTimer("later");
        assertThat(run.steps()).endsWith("noteLater", "askAgain");
        assertThat(run.inputsOf("askAgain").get(0).path("blocks").get(0).path("type").asString()).isEqualTo("actions");
        assertThat(run.waitsFor("slack.upgrade.approve")).isTrue();
    }

    @Test
    void aFailedBackupStopsTheRolloutBeforeAnyHost() {
        FLOWS.failWith("backup.begin", "storage-unreachable");
        var run = waitingForApproval();

        run.receive("slack.upgrade.approve", press("upgrade.approve"));

        assertThat(run.steps()).endsWith("noteApproved", "backupFailed").doesNotContain("pull");
        assertThat(run.endEvents()).contains("stoppedByBackup", "finished");
    }

    @Test
    void aHostNotHealthyYetIsCheckedAgainAfterTheHealthInterval() {
        plan(true, true);
        slowHosts.add("web1");

        var run = start();

        assertThat(run.steps()).endsWith("restartWebRestart", "restartWebHealth");
        assertThat(run.timers()).contains("restartWebWait");
        run.fireTimer("restartWebWait");
        assertThat(run.steps()).containsSubsequence("restartWebRestart", "restartWebHealth", "restartWebHealth",
                "restartSidekiqRestart");
        assertThat(run.endEvents()).contains("live");
    }

    @ParameterizedTest
    @CsvSource({"pull, pull", "pre-migrate, preMigrate", "restart-web, restartWebRestart",
            "restart-sidekiq, restartSidekiqRestart", "restart-streaming, restartStreamingRestart",
            "post-migrate, postMigrate", "extra, extra", "verify, verify"})
    void aFailedStepAsksAndRetryRunsThatStepAgainThenTheRest(String phase, String step) {
        plan(true, true);
        failOnce.add(phase);

        var run = start();

        assertThat(run.steps()).containsSubsequence(step, "ask").endsWith("ask").doesNotContain("summary");
        assertThat(run.inputsOf("ask").get(0).path("text").asString()).isEqualTo("Step " + phase + " failed: retry?");
        run.receive("slack.upgrade.retry", press("upgrade.retry"));
        List<String> afterRetry = run.steps().subList(run.steps().indexOf("ask") + 1, run.steps().size());
        assertThat(afterRetry.get(0)).isEqualTo("noteRetry");
        assertThat(afterRetry.get(1)).isEqualTo(step);
        assertThat(afterRetry).endsWith("verify", "summary");
        assertThat(run.endEvents()).contains("live", "finished");
    }

    @Test
    void rollBackPressedRollsBackAndReports() {
        plan(true, true);
        failOnce.add("restart-web");
        var run = start();

        run.receive("slack.upgrade.rollback", press("upgrade.rollback"));

        assertThat(run.steps()).endsWith("ask", "rollback", "noteRolledBack");
        assertThat(run.inputsOf("noteRolledBack").get(0).path("text").asString()).isEqualTo("Rolled back");
        assertThat(run.endEvents()).contains("rolledBack", "finished");
    }

    @Test
    void abortPressedLeavesTheHostsAsTheyAre() {
        plan(true, true);
        failOnce.add("pull");
        var run = start();

        run.receive("slack.upgrade.abort", press("upgrade.abort"));

        assertThat(run.steps()).endsWith("ask", "noteAbort");
        assertThat(run.endEvents()).contains("aborted", "finished");
    }

    @Test
    void thePassedDeadlineEscalatesOnceAndTheRolloutKeepsWaiting() {
        var run = waitingForApproval();
        assertThat(run.timerDue("deadline")).isAfter(Instant.now().plus(Duration.ofDays(1)));

        run.fireTimer("deadline");

        assertThat(run.steps()).endsWith("announce", "escalate");
        JsonNode escalation = run.inputsOf("escalate").get(0);
        assertThat(escalation.path("text").asString()).contains("deadline for Mastodon 4.3.2 has passed");
        assertThat(run.endEvents()).containsExactly("escalated");
        assertThat(run.waitsFor("slack.upgrade.approve")).isTrue();
    }
}
