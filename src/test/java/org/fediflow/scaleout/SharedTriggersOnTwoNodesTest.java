package org.fediflow.scaleout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.fediflow.FediflowApplication;
import org.fediflow.testing.Http;
import org.fediflow.testing.Postgres;
import org.fediflow.testing.Slow;
import org.fediflow.testing.TestDiagrams;
import org.fediflow.testing.Webhooks;
import org.fediflow.workflow.Runs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Issue 13's "done when": two diagrams start on {@code mastodon.report.created} and a run waits for it; each event is
 * delivered three times, the copies spread over two nodes on one PostgreSQL database at once. Every event gives exactly
 * one run per diagram, and the waiting run (which goes round to wait again, so a second hand-over would show) gets it once.
 */
@Slow
class SharedTriggersOnTwoNodesTest {

    static final String SECRET = "shared-triggers-two-nodes";
    static final String URL = Postgres.freshDatabase();
    static final List<ConfigurableApplicationContext> NODES = new ArrayList<>();

    @BeforeAll
    static void startTwoNodes() {
        String diagrams = TestDiagrams.folderWith("inbox-report.bpmn", "report-created-second.bpmn", "waits-for-report.bpmn")
                .toString();
        for (int i = 0; i < 2; i++) {
            NODES.add(new SpringApplicationBuilder(FediflowApplication.class).run(
                    "--server.port=0",
                    "--spring.datasource.url=" + URL, "--spring.datasource.username=postgres", "--spring.datasource.password=",
                    "--fediflow.bpmn.dir=" + diagrams,
                    "--fediflow.mastodon.webhook-secret=" + SECRET,
                    "--fediflow.admin.password=test-admin-pw",
                    "--fediflow.inbox.poll-interval=100ms",
                    "--spring.jmx.enabled=false",
                    "--logging.level.org.fediflow.connector.core=warn",
                    "--logging.level.fediflow.diagram=warn"));
        }
    }

    @AfterAll
    static void stopNodes() {
        NODES.forEach(ConfigurableApplicationContext::close);
    }

    static Http node(int i) {
        return new Http(((WebServerApplicationContext) NODES.get(i)).getWebServer().getPort());
    }

    static long count(String sql, Object... args) {
        return NODES.get(0).getBean(JdbcTemplate.class).queryForObject(sql, Long.class, args);
    }

    @Test
    void eachDiagramRunsOncePerEventAndTheWaitingRunIsReachedOnce() throws Exception {
        int events = 20;
        List<String> waiting = new ArrayList<>();
        for (int i = 0; i < events; i++) {
            waiting.add(NODES.get(i % 2).getBean(Runs.class).start("test-waits-for-report", "r-" + i, Map.of()).orElseThrow());
        }
        List<Callable<Integer>> sends = new ArrayList<>();
        for (int i = 0; i < events; i++) {
            String body = Webhooks.mastodonEvent("report.created", "{\"id\":\"r-" + i + "\",\"comment\":\"three times\"}");
            String signature = Webhooks.mastodonSignature(SECRET, body);
            for (int copy = 0; copy < 3; copy++) {
                Http target = node((i + copy) % 2);
                sends.add(() -> target.post("/webhooks/mastodon", body, "Content-Type", "application/json",
                        "X-Hub-Signature", signature).statusCode());
            }
        }
        ExecutorService pool = Executors.newFixedThreadPool(12);
        try {
            for (Future<Integer> status : pool.invokeAll(sends)) {
                assertThat(status.get()).isEqualTo(200);
            }
        } finally {
            pool.shutdown();
        }
        String seen = "SELECT COUNT(*) FROM act_hi_actinst WHERE act_id_ = 'seen' AND end_time_ IS NOT NULL";
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500)).until(() ->
                count("SELECT COUNT(*) FROM act_hi_procinst WHERE proc_def_id_ LIKE 'test-inbox-report:%'") == events
                        && count("SELECT COUNT(*) FROM act_hi_procinst WHERE proc_def_id_ LIKE 'test-report-second:%'") == events
                        && count(seen) == events
                        && count("SELECT COUNT(*) FROM inbox_event WHERE status <> 'dispatched'") == 0);
        // Whatever is still in flight has had time to show up twice.
        Thread.sleep(2000);
        for (String key : List.of("test-inbox-report", "test-report-second")) {
            assertThat(count("SELECT COUNT(*) FROM act_hi_procinst WHERE proc_def_id_ LIKE ?", key + ":%"))
                    .as("runs of %s", key).isEqualTo(events);
            assertThat(count("SELECT COUNT(DISTINCT business_key_) FROM act_hi_procinst WHERE proc_def_id_ LIKE ?", key + ":%"))
                    .as("one run of %s per event", key).isEqualTo(events);
        }
        for (String run : waiting) {
            assertThat(count("SELECT COUNT(*) FROM act_hi_actinst WHERE act_id_ = 'seen' AND end_time_ IS NOT NULL"
                    + " AND proc_inst_id_ = ?", run)).as("waiting run %s reached", run).isEqualTo(1);
        }
        assertThat(count("SELECT COUNT(*) FROM inbox_event WHERE source = 'mastodon'")).isEqualTo(events);
    }
}
