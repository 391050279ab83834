package org.fediflow.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import org.fediflow.testing.Http;
import org.fediflow.testing.TestDiagrams;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * With {@code management.server.port} the actuator has a port of its own, meant for the monitoring network: Prometheus
 * scrapes it without a token, and the public port no longer serves the metrics at all.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "fediflow.admin.password=test-admin-pw",
        "fediflow.alerts.enabled=false",
        "management.server.port=0"})
class ManagementPortTest {

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> "jdbc:h2:file:" + TestDiagrams.tempFolder() + "/fediflow");
        registry.add("fediflow.bpmn.dir", () -> TestDiagrams.folderWith("flaky-steps.bpmn").toString());
    }

    @LocalServerPort
    int port;
    @LocalManagementPort
    int managementPort;

    @Test
    void managementPortServesMetricsWithoutTokenAndThePublicPortDoesNot() {
        assertThat(managementPort).isNotEqualTo(port);
        var scrape = new Http(managementPort).get("/actuator/prometheus");
        assertThat(scrape.statusCode()).isEqualTo(200);
        assertThat(scrape.body()).contains("fediflow_inbox_oldest_waiting_age_seconds");
        var publicPort = new Http(port).get("/actuator/prometheus");
        assertThat(publicPort.statusCode()).isIn(401, 404);
        assertThat(publicPort.body()).doesNotContain("jvm_");
    }
}
