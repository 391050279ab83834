package org.fediflow.scaleout;

import org.fediflow.testing.Slow;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.fediflow.testing.Http;
import org.fediflow.testing.NodeProcess;
import org.fediflow.testing.Postgres;
import org.fediflow.testing.TestDiagrams;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * Two nodes started at the same moment on an empty PostgreSQL database, as {@code docker compose up} with two
 * replicas does: both come up, the schema is made once, and each diagram is deployed as one version, not one per
 * node.
 */
@Slow
class StartingTogetherTest {

    @Test
    void twoNodesStartingTogetherOnAnEmptyDatabaseBothComeUpWithOneVersionOfEachDiagram() {
        String url = Postgres.freshDatabase();
        var diagrams = TestDiagrams.shipped("report-to-moderators.bpmn", "backup.bpmn", "release-watch.bpmn");
        List<NodeProcess> nodes = List.of(node("together-a", url, diagrams), node("together-b", url, diagrams));
        try {
            nodes.forEach(NodeProcess::start);
            nodes.forEach(node -> node.awaitUp(Duration.ofMinutes(2)));

            JdbcTemplate jdbc = new JdbcTemplate(new DriverManagerDataSource(url, Postgres.USER, ""));
            List<Map<String, Object>> versions = jdbc.queryForList(
                    "SELECT key_, count(*) AS versions FROM act_re_procdef GROUP BY key_ ORDER BY key_");
            assertThat(versions).extracting(row -> row.get("key_") + "=" + row.get("versions"))
                    .containsExactly("backup=1", "release-watch=1", "report-to-moderators=1");
            for (NodeProcess node : nodes) {
                assertThat(node.http().get("/api/definitions", "Authorization",
                        Http.basic("admin", "test-admin-pw")).statusCode()).isEqualTo(200);
            }
        } finally {
            nodes.forEach(NodeProcess::close);
        }
    }

    private static NodeProcess node(String name, String url, Path diagrams) {
        return new NodeProcess(name,
                "--spring.datasource.url=" + url, "--spring.datasource.username=postgres",
                "--spring.datasource.password=",
                "--fediflow.bpmn.dir=" + diagrams,
                "--fediflow.admin.password=test-admin-pw");
    }
}
