package org.fediflow.scaleout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.fediflow.FediflowApplication;
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
 * Two Fediflow nodes on one PostgreSQL database, every delivery sent twice, the copies spread over both
 * nodes at once: each event is stored once and starts exactly one run.
 */
class TwoNodesTest {

    static final String SECRET = "two-nodes-webhook-secret";
    static final String URL = Postgres.freshDatabase();
    static final List<ConfigurableApplicationContext> NODES = new ArrayList<>();

    @BeforeAll
    static void startTwoNodes() {
        for (int i = 0; i < 2; i++) {
            NODES.add(new SpringApplicationBuilder(FediflowApplication.class).run(
                    "--server.port=0",
                    "--spring.datasource.url=" + URL, "--spring.datasource.username=postgres", "--spring.datasource.password=",
                    "--fediflow.bpmn.dir=" + TestDiagrams.folderWith("inbox-report.bpmn"),
                    "--fediflow.mastodon.webhook-secret=" + SECRET,
                    "--fediflow.admin.password=test-admin-pw",
                    "--fediflow.inbox.poll-interval=100ms",
                    "--spring.jmx.enabled=false"));
        }
    }

    @AfterAll
    static void stopNodes() {
        NODES.forEach(ConfigurableApplicationContext::close);
    }

    static Http node(int i) {
        return new Http(((WebServerApplicationContext) NODES.get(i)).getWebServer().getPort());
    }

    @Test
    void everyDeliveryRunsOnceWhateverNodeAndHowEverOftenItArrives() throws Exception {
        int events = 300;
        String batch = UUID.randomUUID().toString().substring(0, 8);
        List<Callable<Integer>> sends = new ArrayList<>();
        for (int i = 0; i < events; i++) {
            String body = Webhooks.mastodonEvent("report.created", "{\"id\":\"" + batch + "-" + i + "\",\"comment\":\"x\"}");
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
        JdbcTemplate jdbc = NODES.get(0).getBean(JdbcTemplate.class);
        await().atMost(Duration.ofSeconds(90)).until(() -> jdbc.queryForObject(
                "SELECT COUNT(*) FROM inbox_event WHERE status = 'dispatched' AND business_key LIKE ?", Long.class,
                batch + "-%") == events);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM inbox_event WHERE business_key LIKE ?", Long.class,
                batch + "-%")).isEqualTo(events);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM act_hi_procinst WHERE business_key_ LIKE ?", Long.class,
                batch + "-%")).as("one run per event").isEqualTo(events);
        assertThat(jdbc.queryForObject("SELECT COUNT(DISTINCT business_key_) FROM act_hi_procinst WHERE business_key_ LIKE ?",
                Long.class, batch + "-%")).isEqualTo(events);
    }
}
