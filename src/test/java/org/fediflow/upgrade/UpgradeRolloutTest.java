package org.fediflow.upgrade;

import org.fediflow.testing.Slow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;

import org.fediflow.testing.FakeSlack;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;

import tools.jackson.databind.JsonNode;

/**
 * The shipped {@code upgrade-rollout} and {@code release-watch} diagrams against a simulated fleet over real SSH:
 * what runs on which host in which order, what reaches Slack, and what the run keeps.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "fediflow.admin.password=test-admin-pw",
        "fediflow.slack.signing-secret=" + FleetTestSupport.SIGNING_SECRET,
        "fediflow.slack.bot-token=" + FakeSlack.BOT_TOKEN,
        "fediflow.slack.channels.ops=" + FakeSlack.CHANNEL,
        "fediflow.slack.moderators=" + FleetTestSupport.OPERATOR,
        "fediflow.alerts.enabled=false",
        "fediflow.inbox.poll-interval=100ms",
        "fediflow.workflow.retry-wait=1s",
        "fediflow.upgrade.health-interval=300ms",
        "fediflow.upgrade.health-timeout=4s",
        "fediflow.upgrade.extra-commands[4.3.2]=[[\"bin/tootctl\",\"cache\",\"clear\"]]",
        "flowable.process.async.executor.default-timer-job-acquire-wait-time=300ms"})
@Slow
class UpgradeRolloutTest extends FleetTestSupport {

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void rollsOutHostByHostWithHealthWaitedForAndReportsTheTimeAgainstTheDeadline() {
        String run = startRollout("4.3.2", Instant.now().minus(Duration.ofHours(2)), false);
        awaitWaitingFor("4.3.2", "slack.upgrade.approve");
        String announcement = FakeSlack.form(announcements().get(announcements().size() - 1)).get("text");
        assertThat(announcement).contains("4.3.2").contains("running *4.3.0*").contains("Deadline")
                .contains("releases/tag/v4.3.2").doesNotContain("Urgent");
        assertThat(FLEET.calls()).as("nothing runs before approval").isEmpty();

        press("upgrade.approve", "4.3.2");
        awaitEnded(run);

        List<String> calls = FLEET.calls();
        assertThat(calls).containsExactly(
                "sidekiq1 docker compose --project-directory /opt/mastodon pull sidekiq MASTODON_VERSION=v4.3.2",
                "streaming1 git -C /home/mastodon/live fetch --tags origin",
                "streaming1 git -C /home/mastodon/live checkout --force v4.3.2",
                "streaming1 git -C /home/mastodon/live apply --check /home/mastodon/local.patch",
                "streaming1 git -C /home/mastodon/live apply /home/mastodon/local.patch",
                "web1 docker compose --project-directory /opt/mastodon pull web MASTODON_VERSION=v4.3.2",
                "web2 docker compose --project-directory /opt/mastodon pull web MASTODON_VERSION=v4.3.2",
                "web1 docker compose --project-directory /opt/mastodon run --rm -e SKIP_POST_DEPLOYMENT_MIGRATIONS=true "
                        + "web bundle exec rails db:migrate MASTODON_VERSION=v4.3.2",
                "web1 docker compose --project-directory /opt/mastodon up -d web MASTODON_VERSION=v4.3.2",
                "web1 healthy v4.3.2",
                "web2 docker compose --project-directory /opt/mastodon up -d web MASTODON_VERSION=v4.3.2",
                "web2 healthy v4.3.2",
                "sidekiq1 docker compose --project-directory /opt/mastodon up -d sidekiq MASTODON_VERSION=v4.3.2",
                "streaming1 systemctl restart mastodon-streaming",
                "streaming1 healthy v4.3.2",
                "web1 docker compose --project-directory /opt/mastodon run --rm web bundle exec rails db:migrate "
                        + "MASTODON_VERSION=v4.3.2",
                "web1 docker compose --project-directory /opt/mastodon run --rm web bin/tootctl cache clear "
                        + "MASTODON_VERSION=v4.3.2");

        JsonNode rollout = rollout(run);
        assertThat(rollout.path("ok").asBoolean()).isTrue();
        assertThat(rollout.path("switched").toString()).isEqualTo("[\"web1\",\"web2\",\"sidekiq1\",\"streaming1\"]");
        assertThat(rollout.path("checkedOut").toString()).isEqualTo("[\"streaming1\"]");
        JsonNode firstCommand = rollout.path("commands").get(0);
        assertThat(firstCommand.path("host").asString()).isEqualTo("sidekiq1");
        assertThat(firstCommand.path("exitStatus").asInt()).isZero();
        assertThat(firstCommand.path("stdoutTail").asString()).contains("done");
        assertThat(firstCommand.path("argv").toString()).startsWith("[\"env\",\"MASTODON_VERSION=v4.3.2\",\"docker\"");
        assertThat(threadReplies("is live")).singleElement().asString()
                .contains("Mastodon *4.3.2* is live").contains("before the deadline");
        assertThat(threadReplies("Approved by <@" + OPERATOR + ">")).hasSize(1);
    }

    @Test
    void aWebHostThatStaysUnhealthyStopsTheRolloutAndRollBackTouchesOnlyTheHostsAlreadySwitched() throws Exception {
        FLEET.neverHealthyOn("web2", "v4.3.3");
        String run = startRollout("4.3.3", Instant.now(), false);
        awaitWaitingFor("4.3.3", "slack.upgrade.approve");
        press("upgrade.approve", "4.3.3");
        awaitWaitingFor("4.3.3", "slack.upgrade.rollback");

        assertThat(threadReplies("stopped: step *restart-web* failed on *web2*")).singleElement().asString()
                .contains("did not answer 200 within PT4S").contains("upgrade.rollback").contains("upgrade.retry")
                .contains("upgrade.abort");
        assertThat(commandsOn("sidekiq1")).as("sidekiq1 was only pulled").hasSize(1);
        assertThat(commandsOn("streaming1")).noneMatch(c -> c.contains("systemctl"));

        press("upgrade.rollback", "4.3.3");
        awaitEnded(run);

        assertThat(commandsOn("web1")).last().isEqualTo(
                "web1 docker compose --project-directory /opt/mastodon up -d web MASTODON_VERSION=v4.3.0");
        assertThat(commandsOn("web2")).last().isEqualTo(
                "web2 docker compose --project-directory /opt/mastodon up -d web MASTODON_VERSION=v4.3.0");
        assertThat(FLEET.host("web1").read("running")).isEqualTo("v4.3.0");
        assertThat(FLEET.host("web2").read("running")).isEqualTo("v4.3.0");
        assertThat(commandsOn("sidekiq1")).as("never switched: untouched").hasSize(1).noneMatch(c -> c.contains(" up "));
        assertThat(commandsOn("streaming1")).noneMatch(c -> c.contains("systemctl"))
                .contains("streaming1 git -C /home/mastodon/live checkout --force v4.3.0");
        assertThat(FLEET.calls()).noneMatch(c -> c.contains("db:migrate") && !c.contains("SKIP_POST_DEPLOYMENT"));
        assertThat(threadReplies("Rolled back to *4.3.0*")).singleElement().asString()
                .contains("back on 4.3.0: streaming1, web1, web2").contains("never switched): sidekiq1");
    }

    @Test
    void aPatchThatNoLongerAppliesStopsBeforeAnyRestartAndSaysSo() throws Exception {
        FLEET.breakPatch("streaming1");
        String run = startRollout("4.3.4", Instant.now(), false);
        awaitWaitingFor("4.3.4", "slack.upgrade.approve");
        press("upgrade.approve", "4.3.4");
        awaitWaitingFor("4.3.4", "slack.upgrade.abort");

        assertThat(threadReplies("step *pull* failed on *streaming1*")).singleElement().asString()
                .contains("the local patch /home/mastodon/local.patch no longer applies to v4.3.4")
                .contains("patch does not apply");
        assertThat(FLEET.calls()).noneMatch(c -> c.contains(" up ") || c.contains("systemctl") || c.contains("db:migrate"));
        assertThat(commandsOn("streaming1")).last().asString().contains("apply --check");

        press("upgrade.abort", "4.3.4");
        awaitEnded(run);
        assertThat(threadReplies("Aborted by")).hasSize(1);
        JsonNode failed = rollout(run).path("failed");
        assertThat(failed.path("phase").asString()).isEqualTo("pull");
        assertThat(rollout(run).path("commands").get(rollout(run).path("commands").size() - 1)
                .path("exitStatus").asInt()).isEqualTo(1);
    }

    @Test
    void aHostileVersionFromTheReleaseFeedIsRefusedAndNothingRuns() {
        releases(new String[] {"v4.3.9$(touch /tmp/fediflow-pwned)"}, new String[] {"v4.3.0;reboot"});
        String watch = runtime.startProcessInstanceByKey("release-watch").getId();
        awaitEnded(watch);

        JsonNode releases = (JsonNode) history.createHistoricVariableInstanceQuery().processInstanceId(watch)
                .variableName("releases").singleResult().getValue();
        assertThat(releases.path("target").isNull() || releases.path("target").isMissingNode()).isTrue();
        assertThat(releases.path("refused").toString()).contains("v4.3.9$(touch /tmp/fediflow-pwned)")
                .contains("v4.3.0;reboot");
        assertThat(history.createHistoricProcessInstanceQuery().processDefinitionKey("upgrade-rollout")
                .processInstanceBusinessKey("4.3.9").count()).isZero();
        assertThat(FLEET.calls()).isEmpty();

        String direct = startRollout("4.3.9;reboot", Instant.now(), false);
        await().atMost(Duration.ofSeconds(30)).until(() -> runtimeIncident(direct) != null);
        assertThat(runtimeIncident(direct)).contains("refused version '4.3.9;reboot'").contains("nothing was run");
        assertThat(FLEET.calls()).isEmpty();
        assertThat(announcements()).noneMatch(r -> r.getBodyAsString().contains("4.3.9"));
        runtime.deleteProcessInstance(direct, "test over");
    }

    @Test
    void theDeadlinePassingEscalatesOnceInTheThread() {
        String run = startRollout("4.3.5", Instant.now().minus(Duration.ofDays(1)).minusSeconds(2), true);
        awaitWaitingFor("4.3.5", "slack.upgrade.approve");
        await().atMost(Duration.ofSeconds(30)).until(() -> !threadReplies("deadline for Mastodon 4.3.5 has passed").isEmpty());
        assertThat(threadReplies("deadline for Mastodon 4.3.5 has passed")).singleElement().asString().startsWith(":alarm_clock: <!here>");
        assertThat(FakeSlack.form(announcements().get(announcements().size() - 1)).get("text")).contains("Urgent")
                .contains("+ P1D");

        press("upgrade.skip", "4.3.5");
        awaitEnded(run);
        assertThat(threadReplies("Skipped by")).hasSize(1);
        assertThat(FLEET.calls()).isEmpty();
    }

    @Test
    void repeatedAndConcurrentWatchTicksStartExactlyOneRolloutPerVersion() throws Exception {
        releases(new String[] {"v4.4.0-rc.1", "true"}, new String[] {"v4.3.1"}, new String[] {"v4.3.0"});
        var pool = Executors.newFixedThreadPool(4);
        try {
            List<String> ticks = IntStream.range(0, 4).mapToObj(i -> pool.submit(
                    () -> runtime.startProcessInstanceByKey("release-watch").getId())).map(f -> {
                        try {
                            return f.get();
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    }).toList();
            ticks.forEach(this::awaitEnded);
        } finally {
            pool.shutdown();
        }
        String another = runtime.startProcessInstanceByKey("release-watch").getId();
        awaitEnded(another);

        assertThat(history.createHistoricProcessInstanceQuery().processDefinitionKey("upgrade-rollout")
                .processInstanceBusinessKey("4.3.1").count()).isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM upgrade_rollout WHERE version = '4.3.1'", Integer.class))
                .isEqualTo(1);
        awaitWaitingFor("4.3.1", "slack.upgrade.approve");
        press("upgrade.skip", "4.3.1");
        await().atMost(Duration.ofSeconds(30)).until(() -> history.createHistoricProcessInstanceQuery()
                .processDefinitionKey("upgrade-rollout").processInstanceBusinessKey("4.3.1").finished().count() == 1);

        String afterSkip = runtime.startProcessInstanceByKey("release-watch").getId();
        awaitEnded(afterSkip);
        assertThat(history.createHistoricProcessInstanceQuery().processDefinitionKey("upgrade-rollout")
                .processInstanceBusinessKey("4.3.1").count()).as("a skipped version is not started again").isEqualTo(1);
    }

    @Test
    void aFailedBackupStopsTheRolloutBeforeAnyHostIsTouched() {
        backupFails();
        String run = startRollout("4.3.6", Instant.now(), false);
        awaitWaitingFor("4.3.6", "slack.upgrade.approve");
        press("upgrade.approve", "4.3.6");
        awaitEnded(run);
        assertThat(threadReplies("The backup before the upgrade to 4.3.6 failed")).hasSize(1);
        assertThat(FLEET.calls()).isEmpty();
    }

    private String runtimeIncident(String runId) {
        return history.createHistoricProcessInstanceQuery().processInstanceId(runId).count() == 0 ? null
                : jobFailure(runId);
    }

    @Autowired
    org.flowable.engine.ManagementService management;

    private String jobFailure(String runId) {
        var jobs = management.createDeadLetterJobQuery().processInstanceId(runId).list();
        return jobs.isEmpty() ? null : jobs.get(0).getExceptionMessage();
    }
}
