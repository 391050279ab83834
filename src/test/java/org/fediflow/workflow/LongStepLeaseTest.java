package org.fediflow.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.fediflow.testing.FlowTestSupport;
import org.junit.jupiter.api.Test;

/**
 * A step running far longer than {@code fediflow.workflow.job-lock-time} keeps its lock: it is never left with an
 * expired lock for another node to take over, and it runs once ({@code job-lock-time=2s} in the shared setup).
 */
class LongStepLeaseTest extends FlowTestSupport {

    @Test
    void aStepLongerThanTheLockTimeKeepsItsLockFreshAndRunsOnce() throws Exception {
        Path marker = Files.createTempFile("ran", ".txt");
        String command = "[\"sh\", \"-c\", \"echo ran >> " + marker + "; sleep 8\"]";
        String run = runtime.startProcessInstanceByKey("slow-step", Map.of("command", command)).getId();

        await().atMost(Duration.ofSeconds(10)).until(() -> Files.size(marker) > 0);
        // Looked at twice a second until the run ends (the step takes 8 s, four lock times): whenever the job is
        // there, its lock has not expired.
        AtomicInteger looks = new AtomicInteger();
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(500)).until(() -> {
            List<Timestamp> expiries = jdbc.queryForList(
                    "select LOCK_EXP_TIME_ from ACT_RU_JOB where PROCESS_INSTANCE_ID_ = ?", Timestamp.class, run);
            if (runtime.createProcessInstanceQuery().processInstanceId(run).count() == 0) {
                return true;
            }
            assertThat(expiries).hasSize(1);
            assertThat(expiries.get(0).toInstant()).as("lock expiry while the step runs").isAfter(java.time.Instant.now());
            looks.incrementAndGet();
            return false;
        });
        assertThat(looks.get()).as("looks at the lock while the step ran").isGreaterThan(5);
        assertThat(Files.readAllLines(marker)).containsExactly("ran");
    }
}
