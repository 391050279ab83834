package org.fediflow.proof;

import org.fediflow.testing.Slow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import org.fediflow.testing.FakeMastodon;
import org.fediflow.testing.FakeSlack;
import org.fediflow.testing.NodeProcess;
import org.fediflow.testing.Postgres;
import org.fediflow.testing.TestDiagrams;
import org.fediflow.testing.Webhooks;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * Two nodes in their own JVMs on one PostgreSQL database, running the shipped report-to-moderators diagram. One node
 * is killed with SIGKILL in the middle of a burst of reports and started again. Every accepted report still reaches
 * Slack exactly once, and what the dead node held is taken over within two minutes (the job lock time, not the
 * engine's default hour).
 */
@Slow
class CrashRecoveryTest {

    static final String SECRET = "crash-webhook-secret";
    static final FakeSlack SLACK = new FakeSlack();
    static final FakeMastodon MASTODON = new FakeMastodon();
    static final String DATABASE = Postgres.freshDatabase();
    static final List<NodeProcess> NODES = new ArrayList<>();

    @AfterAll
    static void stop() {
        NODES.forEach(NodeProcess::close);
        SLACK.close();
        MASTODON.close();
    }

    static NodeProcess node(String name) {
        NodeProcess node = new NodeProcess(name,
                "--spring.datasource.url=" + DATABASE, "--spring.datasource.username=postgres",
                "--spring.datasource.password=",
                "--fediflow.bpmn.dir=" + TestDiagrams.shipped("report-to-moderators.bpmn"),
                "--fediflow.admin.password=test-admin-pw",
                "--fediflow.mastodon.webhook-secret=" + SECRET,
                "--fediflow.mastodon.base-url=" + MASTODON.baseUrl(),
                "--fediflow.mastodon.access-token=" + FakeMastodon.TOKEN,
                "--fediflow.slack.api-url=" + SLACK.apiUrl(),
                "--fediflow.slack.bot-token=" + FakeSlack.BOT_TOKEN,
                "--fediflow.slack.channels.moderation=" + FakeSlack.CHANNEL,
                "--fediflow.slack.moderators=U0MODERATOR",
                "--fediflow.inbox.poll-interval=100ms");
        NODES.add(node);
        return node;
    }

    @Test
    void everyAcceptedReportReachesSlackOnceThoughANodeIsKilledMidBurst() throws Exception {
        // The first node creates the schema; the second starts on it (README: a cluster's first start).
        NodeProcess a = node("crash-a").start().awaitUp(Duration.ofSeconds(90));
        NodeProcess b = node("crash-b").start().awaitUp(Duration.ofSeconds(90));
        NodeProcess[] targets = {a, b};

        int reports = 400;
        AtomicInteger accepted = new AtomicInteger();
        ExecutorService senders = Executors.newFixedThreadPool(8);
        List<Future<?>> sent = new ArrayList<>();
        for (int i = 0; i < reports; i++) {
            String id = String.valueOf(900_000 + i);
            int first = i % 2;
            sent.add(senders.submit(() -> deliver(id, targets, first, accepted)));
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> accepted.get() >= reports / 3);
        a.kill();
        Instant killed = Instant.now();
        JdbcTemplate jdbc = new JdbcTemplate(new DriverManagerDataSource(DATABASE, "postgres", ""));
        List<String> lockedAtKill = lockedJobs(jdbc);
        for (Future<?> delivery : sent) {
            delivery.get();
        }
        senders.shutdown();
        assertThat(accepted.get()).as("every report accepted by one node or the other").isEqualTo(reports);

        NodeProcess restarted = node("crash-a-again");
        restarted.start().awaitUp(Duration.ofSeconds(90));
        // What the living node held at the kill it finished long ago; what is still locked is the dead node's.
        List<String> heldByTheDead = lockedJobs(jdbc).stream().filter(lockedAtKill::contains).toList();

        try {
            await().atMost(Duration.ofMinutes(2).minus(Duration.between(killed, Instant.now()))).pollInterval(Duration.ofSeconds(1))
                    .until(() -> jdbc.queryForObject("SELECT COUNT(*) FROM act_ru_job", Integer.class) == 0
                            && SLACK.cardsPerReport().size() == reports);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("not done 2 minutes after the kill: " + SLACK.cardsPerReport().size() + " of " + reports
                    + " reports in Slack; jobs left " + jdbc.queryForList("SELECT element_id_, lock_owner_, lock_exp_time_,"
                    + " retries_, exception_msg_ FROM act_ru_job") + "; dead letters "
                    + jdbc.queryForList("SELECT element_id_, exception_msg_ FROM act_ru_deadletter_job"), e);
        }
        Duration recovered = Duration.between(killed, Instant.now());
        System.out.printf("crash test: %d steps held by the killed node; all %d reports done %d s after the kill%n",
                heldByTheDead.size(), reports, recovered.toSeconds());

        Map<String, Long> posts = SLACK.cardsPerReport();
        assertThat(posts.values()).as("one card per report, none twice").containsOnly(1L);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM act_hi_procinst WHERE proc_def_id_ LIKE 'report-to-moderators:%'",
                Integer.class)).as("one run per report").isEqualTo(reports);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM inbox_event WHERE status <> 'dispatched'", Integer.class))
                .as("nothing left in the inbox").isZero();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM act_ru_event_subscr WHERE event_name_ = 'slack.report.resolve'",
                Integer.class)).as("every run waits for its moderators").isEqualTo(reports);
    }

    /** A sender that retries elsewhere when a node does not answer or answers 503, as a load balancer would. */
    static Void deliver(String id, NodeProcess[] targets, int first, AtomicInteger accepted) throws InterruptedException {
        String body = Webhooks.mastodonEvent("report.created", FakeMastodon.reportJson(id, "crash " + id, false, false));
        String signature = Webhooks.mastodonSignature(SECRET, body);
        Instant giveUp = Instant.now().plusSeconds(120);
        for (int attempt = 0; Instant.now().isBefore(giveUp); attempt++) {
            NodeProcess target = targets[(first + attempt) % targets.length];
            try {
                HttpResponse<String> response = target.http().post("/webhooks/mastodon", body,
                        "Content-Type", "application/json", "X-Hub-Signature", signature);
                if (response.statusCode() == 200) {
                    accepted.incrementAndGet();
                    return null;
                }
            } catch (IllegalStateException connectionRefusedOrReset) {
                // the node is gone: try the other one
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("report " + id + " never accepted");
    }

    static List<String> lockedJobs(JdbcTemplate jdbc) {
        return jdbc.queryForList("SELECT id_ FROM act_ru_job WHERE lock_owner_ IS NOT NULL", String.class);
    }
}
