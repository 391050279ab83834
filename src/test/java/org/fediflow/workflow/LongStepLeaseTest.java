package org.fediflow.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.fediflow.testing.TestDiagrams;
import org.flowable.engine.RuntimeService;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A step running far longer than {@code fediflow.workflow.job-lock-time} keeps its lock: it is never left with an
 * expired lock for another node to take over, and it runs once.
 */
@SpringBootTest(properties = {"fediflow.workflow.job-lock-time=2s",
        "flowable.process.async.executor.default-async-job-acquire-wait-time=200ms"})
class LongStepLeaseTest {

    @Autowired
    RuntimeService runtime;
    @Autowired
    JdbcTemplate jdbc;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> "jdbc:h2:file:" + TestDiagrams.tempFolder() + "/fediflow");
        registry.add("fediflow.bpmn.dir", () -> TestDiagrams.folderWith("slow-step.bpmn").toString());
    }

    @Test
    void aStepLongerThanTheLockTimeKeepsItsLockFreshAndRunsOnce() throws Exception {
        Path marker = Files.createTempFile("ran", ".txt");
        String command = "[\"sh\", \"-c\", \"echo ran >> " + marker + "; sleep 8\"]";
        String run = runtime.startProcessInstanceByKey("slow-step", Map.of("command", command)).getId();

        await().atMost(Duration.ofSeconds(10)).until(() -> Files.size(marker) > 0);
        for (int i = 0; i < 5; i++) {
            Thread.sleep(1000);
            List<Timestamp> expiries = jdbc.queryForList(
                    "select LOCK_EXP_TIME_ from ACT_RU_JOB where PROCESS_INSTANCE_ID_ = ?", Timestamp.class, run);
            assertThat(expiries).hasSize(1);
            assertThat(expiries.get(0).toInstant()).as("lock expiry while the step runs").isAfter(java.time.Instant.now());
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> runtime.createProcessInstanceQuery().processInstanceId(run).count() == 0);
        assertThat(Files.readAllLines(marker)).containsExactly("ran");
    }
}
