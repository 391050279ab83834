package org.fediflow.retention;

import org.fediflow.testing.Postgres;
import org.fediflow.testing.Slow;
import org.fediflow.testing.TestDiagrams;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Retention on PostgreSQL. Slow lane: a context of its own on a real server; {@link RetentionOnH2Test} keeps the same
 * contract in the fast lane. */
@Slow
@SpringBootTest(properties = {
        "fediflow.admin.password=test-admin-pw",
        "fediflow.alerts.enabled=false",
        "fediflow.retention.enabled=false",
        "fediflow.retention.runs=2s",
        "fediflow.retention.deliveries=1h",
        "fediflow.retention.slack-messages=1h",
        "fediflow.retention.batch-size=20",
        "fediflow.retention.batch-pause=0s",
        "spring.datasource.username=postgres",
        "spring.datasource.password="})
class RetentionOnPostgresTest extends RetentionContract {

    static final String URL = Postgres.freshDatabase();

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> URL);
        registry.add("fediflow.bpmn.dir", () -> TestDiagrams.folderWith("flaky-steps.bpmn", "waiting.bpmn").toString());
    }
}
