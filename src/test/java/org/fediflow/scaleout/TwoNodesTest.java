package org.fediflow.scaleout;

import org.fediflow.testing.Slow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.fediflow.FediflowApplication;
import org.fediflow.testing.FakeMastodon;
import org.fediflow.testing.FakeSlack;
import org.fediflow.testing.Http;
import org.fediflow.testing.Postgres;
import org.fediflow.testing.TestDiagrams;
import org.fediflow.testing.Webhooks;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Two Fediflow nodes on one PostgreSQL database running the shipped report flow: a burst of 2,000 reports, every
 * delivery sent twice and the copies spread over both nodes at once, gives exactly 2,000 runs and 2,000 cards in
 * Slack; a timer-started process fires once per tick, not once per node.
 */
@Slow
class TwoNodesTest {

    static final String SECRET = "two-nodes-webhook-secret";
    static final String URL = Postgres.freshDatabase();
    static final FakeSlack SLACK = new FakeSlack();
    static final FakeMastodon MASTODON = new FakeMastodon();
    static final List<ConfigurableApplicationContext> NODES = new ArrayList<>();

    @BeforeAll
    static void startTwoNodes() throws Exception {
        Path diagrams = TestDiagrams.shipped("report-to-moderators.bpmn");
        Files.copy(TestDiagrams.folderWith("every-two-seconds.bpmn").resolve("every-two-seconds.bpmn"),
                diagrams.resolve("every-two-seconds.bpmn"));
        for (int i = 0; i < 2; i++) {
            NODES.add(new SpringApplicationBuilder(FediflowApplication.class).run(
                    "--server.port=0",
                    "--spring.datasource.url=" + URL, "--spring.datasource.username=postgres", "--spring.datasource.password=",
                    "--fediflow.bpmn.dir=" + diagrams,
                    "--fediflow.mastodon.webhook-secret=" + SECRET,
                    "--fediflow.mastodon.base-url=" + MASTODON.baseUrl(),
                    "--fediflow.mastodon.access-token=" + FakeMastodon.TOKEN,
                    "--fediflow.slack.api-url=" + SLACK.apiUrl(),
                    "--fediflow.slack.bot-token=" + FakeSlack.BOT_TOKEN,
                    "--fediflow.slack.channels.moderation=" + FakeSlack.CHANNEL,
                    "--fediflow.admin.password=test-admin-pw",
                    "--fediflow.inbox.poll-interval=100ms",
                    "--flowable.process.async.executor.default-timer-job-acquire-wait-time=300ms",
                    "--spring.jmx.enabled=false",
                    "--logging.level.org.fediflow.connector.core=warn"));
        }
    }

    @AfterAll
    static void stopNodes() {
        NODES.forEach(ConfigurableApplicationContext::close);
        SLACK.close();
        MASTODON.close();
    }

    static Http node(int i) {
        return new Http(((WebServerApplicationContext) NODES.get(i)).getWebServer().getPort());
    }

    static JdbcTemplate jdbc() {
        return NODES.get(0).getBean(JdbcTemplate.class);
    }

    @Test
    void everyReportRunsAndPostsOnceWhateverNodeAndHowEverOftenItArrives() throws Exception {
        int reports = 2000;
        List<Callable<Integer>> sends = new ArrayList<>();
        for (int i = 0; i < reports; i++) {
            String body = Webhooks.mastodonEvent("report.created",
                    FakeMastodon.reportJson(String.valueOf(600_000 + i), "burst", false, false));
            String signature = Webhooks.mastodonSignature(SECRET, body);
            for (int copy = 0; copy < 2; copy++) {
                Http target = node((i + copy) % 2);
                sends.add(() -> target.post("/webhooks/mastodon", body, "Content-Type", "application/json",
                        "X-Hub-Signature", signature).statusCode());
            }
        }
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            for (Future<Integer> status : pool.invokeAll(sends)) {
                assertThat(status.get()).isEqualTo(200);
            }
        } finally {
            pool.shutdown();
        }
        await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(1))
                .until(() -> SLACK.cardsPerReport().size() == reports);
        assertThat(SLACK.cardsPerReport().values()).as("one card per report").containsOnly(1L);
        assertThat(jdbc().queryForObject("SELECT COUNT(*) FROM inbox_event WHERE source = 'mastodon'", Long.class))
                .as("each delivery stored once").isEqualTo(reports);
        assertThat(jdbc().queryForObject("SELECT COUNT(*) FROM act_hi_procinst WHERE proc_def_id_ LIKE 'report-to-moderators:%'",
                Long.class)).as("one run per report").isEqualTo(reports);
        assertThat(jdbc().queryForObject("SELECT COUNT(DISTINCT business_key_) FROM act_hi_procinst"
                + " WHERE proc_def_id_ LIKE 'report-to-moderators:%'", Long.class)).isEqualTo(reports);
    }

    @Test
    void aTimerStartFiresOncePerTickNotOncePerNode() throws Exception {
        String runs = "SELECT start_time_ FROM act_hi_procinst WHERE proc_def_id_ LIKE 'test-every-two-seconds:%' ORDER BY start_time_";
        int before = jdbc().queryForList(runs, Timestamp.class).size();
        Thread.sleep(10_000);
        List<Timestamp> starts = jdbc().queryForList(runs, Timestamp.class);
        // Ten seconds are five 2 s ticks: both nodes firing each would give about ten runs. (A tick due while the
        // executor is swamped, as in the burst above, may be skipped; it is never doubled.)
        assertThat(starts.size() - before).as("runs in 10 s of 2 s ticks on two nodes").isBetween(4, 6);
        // A tick fired by both nodes would give two runs within milliseconds.
        for (int i = 1; i < starts.size(); i++) {
            assertThat(Duration.between(starts.get(i - 1).toInstant(), starts.get(i).toInstant()))
                    .as("ticks %d and %d", i - 1, i).isGreaterThan(Duration.ofMillis(500));
        }
    }
}
