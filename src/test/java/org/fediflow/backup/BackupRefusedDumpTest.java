package org.fediflow.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.fediflow.connector.storage.ObjectStorage;
import org.fediflow.testing.FakeSlack;
import org.fediflow.testing.Http;
import org.fediflow.testing.S3MockProcess;
import org.fediflow.testing.TestDiagrams;
import org.flowable.engine.ManagementService;
import org.flowable.engine.RuntimeService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import tools.jackson.databind.json.JsonMapper;

/**
 * A dump the database refuses (its login is rejected, as with a wrong password: the local server trusts every
 * existing role, so a role that does not exist stands in): the run is marked incomplete with pg_dump's error, no
 * manifest is written, and the incident is alerted in the ops channel naming the step.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "fediflow.admin.password=test-admin-pw",
        "fediflow.slack.bot-token=" + FakeSlack.BOT_TOKEN,
        "fediflow.slack.channels.ops=C0OPS",
        "fediflow.alerts.interval=300ms",
        "fediflow.storage.bucket=" + S3MockProcess.BUCKET,
        "fediflow.storage.key-id=test-key",
        "fediflow.storage.application-key=test-secret",
        "fediflow.backup.recipients=age12yxsa3d0l2h5y4kepgze6qarq0zeawg0xddyfqwgkc0krn9w6qasrwccgu",
        "fediflow.backup.postgres.url=postgresql://no_such_role@127.0.0.1:5432/postgres",
        "fediflow.workflow.retries=1",
        "fediflow.workflow.retry-wait=1s",
        "flowable.process.async.executor.default-async-job-acquire-wait-time=200ms"})
class BackupRefusedDumpTest {

    static final FakeSlack SLACK = new FakeSlack();
    static final S3MockProcess S3 = BackupFlowTest.start();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> "jdbc:h2:file:" + TestDiagrams.tempFolder() + "/fediflow");
        registry.add("fediflow.bpmn.dir", () -> TestDiagrams.shipped("backup.bpmn").toString());
        registry.add("fediflow.slack.api-url", SLACK::apiUrl);
        registry.add("fediflow.storage.endpoint", S3::endpoint);
    }

    @AfterAll
    static void stop() throws Exception {
        S3.close();
        SLACK.close();
    }

    @Autowired
    RuntimeService runtime;
    @Autowired
    ManagementService management;
    @Autowired
    ObjectStorage storage;
    @LocalServerPort
    int port;

    @Test
    void aRefusedDumpMarksTheRunIncompleteAndAlertsWithTheStepAndTheError() {
        String run = runtime.startProcessInstanceByKey("backup").getId();
        await().atMost(Duration.ofSeconds(60)).until(() ->
                management.createDeadLetterJobQuery().processInstanceId(run).count() > 0);

        var response = new Http(port).get("/api/backups", "Authorization", Http.basic("admin", "test-admin-pw"));
        List<Map<String, Object>> runs = JsonMapper.builder().build().readValue(response.body(),
                new tools.jackson.core.type.TypeReference<>() { });
        Map<String, Object> mine = runs.stream().filter(b -> run.equals(b.get("runId"))).findFirst().orElseThrow();
        assertThat(mine.get("status")).isEqualTo("incomplete");
        assertThat((String) mine.get("error")).contains("pg_dump").contains("no_such_role");
        assertThat(storage.list(mine.get("folder") + "/")).noneMatch(o -> o.key().endsWith("manifest.json"));
        await().atMost(Duration.ofSeconds(10)).until(() -> SLACK.requestsContaining("chat.postMessage", run).stream()
                .anyMatch(r -> FakeSlack.form(r).getOrDefault("text", "").contains("pg_dump")));
    }
}
