package org.fediflow.retention;

import org.fediflow.testing.TestDiagrams;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

@SpringBootTest(properties = {
        "fediflow.admin.password=test-admin-pw",
        "fediflow.alerts.enabled=false",
        "fediflow.retention.enabled=false",
        "fediflow.retention.runs=2s",
        "fediflow.retention.deliveries=1h",
        "fediflow.retention.slack-messages=1h",
        "fediflow.retention.batch-size=20",
        "fediflow.retention.batch-pause=0s"})
class RetentionOnH2Test extends RetentionContract {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> "jdbc:h2:file:" + TestDiagrams.tempFolder() + "/fediflow");
        registry.add("fediflow.bpmn.dir", () -> TestDiagrams.folderWith("flaky-steps.bpmn", "waiting.bpmn").toString());
    }
}
