package org.fediflow.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.fediflow.testing.Http;
import org.fediflow.testing.Programs;
import org.fediflow.testing.Slow;
import org.fediflow.testing.TestDiagrams;
import org.flowable.engine.RuntimeService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.util.FileSystemUtils;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real Prometheus server (Debian's {@code prometheus}, on a free loopback port with a config of its own) scrapes a
 * running node with the bearer token, as an operator's would, and answers queries for Fediflow's metrics through its
 * HTTP API.
 */
@Slow
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "fediflow.admin.password=test-admin-pw",
        "fediflow.metrics.token=" + PrometheusScrapeTest.TOKEN,
        "fediflow.metrics.refresh-interval=200ms",
        "fediflow.alerts.enabled=false",
        "fediflow.sources.probe.auth=token",
        "fediflow.sources.probe.secret=probe-secret",
        "fediflow.sources.probe.header=X-Probe-Token"})
class PrometheusScrapeTest {

    static final String TOKEN = "scrape-token-for-tests";

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> "jdbc:h2:file:" + TestDiagrams.tempFolder() + "/fediflow");
        registry.add("fediflow.bpmn.dir", () -> TestDiagrams.folderWith("flaky-steps.bpmn").toString());
    }

    @LocalServerPort
    int port;
    @Autowired
    RuntimeService runtime;

    Process prometheus;
    Path work;

    @AfterEach
    void stopPrometheus() throws Exception {
        if (prometheus != null) {
            prometheus.destroy();
            if (!prometheus.waitFor(10, TimeUnit.SECONDS)) {
                prometheus.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
        if (work != null) {
            FileSystemUtils.deleteRecursively(work);
        }
    }

    @Test
    void prometheusScrapesTheNodeWithTheTokenAndAnswersQueries() throws Exception {
        int prometheusPort = Programs.freePort();
        Http api = new Http(prometheusPort);
        work = Files.createTempDirectory("fediflow-prometheus");
        Files.writeString(work.resolve("prometheus.yml"), """
                global:
                  scrape_interval: 1s
                  evaluation_interval: 1s
                scrape_configs:
                  - job_name: fediflow
                    metrics_path: /actuator/prometheus
                    authorization:
                      credentials: %s
                    static_configs:
                      - targets: ["127.0.0.1:%d"]
                  - job_name: fediflow-without-token
                    metrics_path: /actuator/prometheus
                    static_configs:
                      - targets: ["127.0.0.1:%d"]
                """.formatted(TOKEN, port, port));
        prometheus = new ProcessBuilder("prometheus", "--config.file=" + work.resolve("prometheus.yml"),
                "--storage.tsdb.path=" + work.resolve("data"), "--web.listen-address=127.0.0.1:" + prometheusPort)
                .redirectErrorStream(true).redirectOutput(work.resolve("prometheus.log").toFile()).start();
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                .until(() -> api.get("/-/ready").statusCode() == 200);

        String completed = runtime.startProcessInstanceByKey("test-flaky", Map.of("key", UUID.randomUUID().toString(),
                "failures", 0, "kind", "temporary")).getId();
        Http node = new Http(port);
        assertThat(node.post("/webhooks/probe", "{\"n\":1}", "X-Probe-Token", "probe-secret").statusCode()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertThat(value(api, "up{job=\"fediflow\"}")).isEqualTo(1);
            // A scrape without the token is refused (401), which Prometheus reports as a target that is down.
            assertThat(value(api, "up{job=\"fediflow-without-token\"}")).isEqualTo(0);
            assertThat(value(api, "fediflow_runs_completed_total{job=\"fediflow\",diagram=\"test-flaky\"}")).isEqualTo(1);
            assertThat(value(api, "fediflow_webhook_deliveries_total{job=\"fediflow\",source=\"probe\",outcome=\"accepted\"}"))
                    .isEqualTo(1);
            assertThat(value(api, "fediflow_inbox_oldest_waiting_age_seconds{job=\"fediflow\"}")).isEqualTo(0);
            assertThat(value(api, "histogram_quantile(0.5, sum by (le) (fediflow_step_duration_seconds_bucket"
                    + "{job=\"fediflow\",connector=\"test.flaky\",outcome=\"ok\"}))")).isPositive();
        });
        assertThat(completed).isNotBlank();
        String targets = api.get("/api/v1/targets").body();
        assertThat(targets).contains("401");
    }

    /** The single value of an instant query, or fails when the query has no result. */
    private static double value(Http api, String query) throws IOException {
        HttpResponse<String> answer = api.get("/api/v1/query?query=" + URLEncoder.encode(query, StandardCharsets.UTF_8));
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        JsonNode result = JsonMapper.builder().build().readTree(answer.body()).path("data").path("result");
        assertThat(result.size()).as("%s answered %s", query, answer.body()).isEqualTo(1);
        return Double.parseDouble(result.get(0).path("value").get(1).asString());
    }
}
