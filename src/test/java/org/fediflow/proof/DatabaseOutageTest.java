package org.fediflow.proof;

import org.fediflow.testing.Slow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.fediflow.testing.FakeMastodon;
import org.fediflow.testing.FakeSlack;
import org.fediflow.testing.Http;
import org.fediflow.testing.ScratchPostgres;
import org.fediflow.testing.TestDiagrams;
import org.fediflow.testing.Webhooks;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * PostgreSQL stopped for 30 seconds while reports keep arriving (a server of the test's own, stopped with
 * {@code pg_ctl stop} and started again): meanwhile webhooks answer 503 so Mastodon retries them; nothing that was
 * answered 200 is lost, and once the database is back every report reaches Slack exactly once.
 */
@DirtiesContext
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "fediflow.admin.password=test-admin-pw",
        "fediflow.mastodon.webhook-secret=" + DatabaseOutageTest.SECRET,
        "fediflow.mastodon.access-token=" + FakeMastodon.TOKEN,
        "fediflow.slack.bot-token=" + FakeSlack.BOT_TOKEN,
        "fediflow.slack.channels.moderation=" + FakeSlack.CHANNEL,
        "fediflow.slack.moderators=U0MODERATOR",
        "fediflow.inbox.poll-interval=100ms",
        "fediflow.workflow.retry-wait=1s",
        "spring.datasource.username=postgres",
        "spring.datasource.password="})
@Slow
class DatabaseOutageTest {

    static final String SECRET = "outage-webhook-secret";
    static final ScratchPostgres SERVER = ScratchPostgres.untilExit(false);
    static final FakeSlack SLACK = new FakeSlack();
    static final FakeMastodon MASTODON = new FakeMastodon();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", SERVER::jdbcUrl);
        registry.add("fediflow.bpmn.dir", () -> TestDiagrams.shipped("report-to-moderators.bpmn").toString());
        registry.add("fediflow.slack.api-url", SLACK::apiUrl);
        registry.add("fediflow.mastodon.base-url", MASTODON::baseUrl);
    }

    @AfterAll
    static void stopFakes() {
        SLACK.close();
        MASTODON.close();
    }

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;

    /** What one delivery attempt got, and when. */
    record Answer(Instant at, int status) {
    }

    @Test
    void thirtySecondsWithoutTheDatabaseLoseNothingAndDoubleNothing() throws Exception {
        Http http = new Http(port);
        int reports = 300;
        Map<String, List<Answer>> answers = new ConcurrentHashMap<>();
        ExecutorService senders = Executors.newFixedThreadPool(8);
        List<Future<?>> deliveries = new ArrayList<>();
        Instant start = Instant.now();
        for (int i = 0; i < reports; i++) {
            String id = String.valueOf(800_000 + i);
            Instant due = start.plusMillis(i * 150L); // ~7 reports a second for 45 s
            deliveries.add(senders.submit(() -> deliverUntilAccepted(http, id, due, answers)));
        }
        Thread.sleep(8_000);
        Instant cut = Instant.now();
        SERVER.stop();
        Thread.sleep(30_000);
        // The server answers again somewhere during start(): the outage is what comes before it begins.
        Instant restarting = Instant.now();
        SERVER.start();
        Instant restored = Instant.now();
        for (Future<?> delivery : deliveries) {
            delivery.get();
        }
        senders.shutdown();

        List<Answer> duringOutage = answers.values().stream().flatMap(List::stream)
                .filter(a -> a.at().isAfter(cut.plusSeconds(1)) && a.at().isBefore(restarting)).toList();
        assertThat(duringOutage).as("deliveries during the outage").hasSizeGreaterThan(20);
        assertThat(duringOutage).as("while the database is away every delivery is refused with 503")
                .allSatisfy(a -> assertThat(a.status()).isEqualTo(503));

        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1))
                .until(() -> SLACK.cardsPerReport().size() == reports);
        assertThat(SLACK.cardsPerReport().values()).as("one card per report").containsOnly(1L);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM act_hi_procinst WHERE business_key_ LIKE '8_____'",
                Integer.class)).as("one run per report").isEqualTo(reports);
        System.out.printf("outage test: %d deliveries refused with 503 during the outage; all %d reports in Slack %d s after it%n",
                duringOutage.size(), reports, Duration.between(restored, Instant.now()).toSeconds());
    }

    /** Mastodon's side: a delivery that is not answered 2xx is sent again later. */
    static Void deliverUntilAccepted(Http http, String id, Instant due, Map<String, List<Answer>> answers)
            throws InterruptedException {
        Thread.sleep(Math.max(0, Duration.between(Instant.now(), due).toMillis()));
        String body = Webhooks.mastodonEvent("report.created", FakeMastodon.reportJson(id, "outage " + id, false, false));
        String signature = Webhooks.mastodonSignature(SECRET, body);
        List<Answer> mine = answers.computeIfAbsent(id, k -> new ArrayList<>());
        while (true) {
            int status = http.post("/webhooks/mastodon", body, "Content-Type", "application/json",
                    "X-Hub-Signature", signature).statusCode();
            mine.add(new Answer(Instant.now(), status));
            if (status == 200) {
                return null;
            }
            assertThat(status).as("report %s answered", id).isEqualTo(503);
            Thread.sleep(1_000);
        }
    }
}
