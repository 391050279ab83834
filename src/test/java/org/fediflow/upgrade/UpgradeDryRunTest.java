package org.fediflow.upgrade;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.fediflow.testing.FakeSlack;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;

import tools.jackson.databind.JsonNode;

/** {@code fediflow.upgrade.dry-run=true}: the whole diagram runs, every command is recorded, no host is touched. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "fediflow.admin.password=test-admin-pw",
        "fediflow.slack.signing-secret=" + FleetTestSupport.SIGNING_SECRET,
        "fediflow.slack.bot-token=" + FakeSlack.BOT_TOKEN,
        "fediflow.slack.channels.ops=" + FakeSlack.CHANNEL,
        "fediflow.slack.moderators=" + FleetTestSupport.OPERATOR,
        "fediflow.alerts.enabled=false",
        "fediflow.inbox.poll-interval=100ms",
        "fediflow.upgrade.dry-run=true",
        "fediflow.upgrade.auto-approve=patch",
        "flowable.process.async.executor.default-timer-job-acquire-wait-time=300ms"})
class UpgradeDryRunTest extends FleetTestSupport {

    @Test
    void dryRunRecordsWhatItWouldRunOnEachHostAndTouchesNothing() {
        backupFails(); // a dry run takes no backup, so not even a failing one stops it
        String run = startRollout("4.3.7", Instant.now(), false);
        awaitEnded(run);

        assertThat(FLEET.calls()).as("no command reached any host").isEmpty();
        assertThat(FLEET.host("web1").read("running")).isEqualTo("v4.3.0");
        JsonNode commands = rollout(run).path("commands");
        assertThat(commands.size()).isGreaterThan(10);
        commands.forEach(c -> assertThat(c.path("dryRun").asBoolean()).as(c.toString()).isTrue());
        assertThat(threadReplies("Approved automatically by policy")).hasSize(1);
        assertThat(threadReplies("Dry run of the upgrade to *4.3.7* finished")).singleElement().asString()
                .contains("web1: env MASTODON_VERSION=v4.3.7 docker compose --project-directory /opt/mastodon up -d web")
                .contains("streaming1: git -C /home/mastodon/live apply --check /home/mastodon/local.patch")
                .contains("streaming1: systemctl restart mastodon-streaming");
        assertThat(history.createHistoricActivityInstanceQuery().processInstanceId(run).activityId("backup").count())
                .isZero();
    }
}
