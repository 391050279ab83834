package org.fediflow.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.fediflow.testing.Programs;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The monitoring files operators load: Prometheus accepts the rules, they fire when they should, Grafana's JSON parses. */
class AlertRulesTest {

    static final Path MONITORING = Path.of("docs/monitoring");

    @Test
    void promtoolAcceptsTheAlertRules() throws Exception {
        String output = Programs.run(List.of("promtool", "check", "rules", MONITORING.resolve("alerts.yml").toString()));
        assertThat(output).contains("SUCCESS: 9 rules found");
    }

    @Test
    void alertsFireOnTheirConditionsAndNotBefore() throws Exception {
        // alerts.test.yml: a 7 h old backup and none at all, incidents on two nodes counted once, inbox lag, Mastodon
        // 503s, a failed drill, a rollout past its deadline; each also checked silent before its condition holds.
        String output = Programs.run(List.of("promtool", "test", "rules",
                MONITORING.resolve("alerts.test.yml").toString()));
        assertThat(output).contains("SUCCESS");
    }

    @Test
    void dashboardIsGrafanaJsonQueryingFediflowMetrics() throws Exception {
        JsonNode dashboard = JsonMapper.builder().build().readTree(Files.readString(MONITORING.resolve("grafana-dashboard.json")));
        assertThat(dashboard.path("title").asString()).isEqualTo("Fediflow");
        assertThat(dashboard.path("panels").size()).isGreaterThanOrEqualTo(10);
        for (JsonNode panel : dashboard.path("panels")) {
            if ("row".equals(panel.path("type").asString())) {
                continue;
            }
            assertThat(panel.path("targets").size()).as(panel.path("title").asString()).isPositive();
            for (JsonNode target : panel.path("targets")) {
                assertThat(target.path("expr").asString()).as(panel.path("title").asString())
                        .containsPattern("fediflow_|jvm_|hikaricp_|process_|up\\{");
            }
        }
    }
}
