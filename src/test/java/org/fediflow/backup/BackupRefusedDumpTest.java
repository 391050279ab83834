package org.fediflow.backup;

import org.fediflow.testing.Slow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.fediflow.connector.storage.ObjectStorage;
import org.fediflow.testing.FakeSlack;
import org.fediflow.testing.Http;
import org.fediflow.testing.S3MockProcess;
import org.fediflow.testing.ScratchPostgres;
import org.fediflow.testing.SshTestServer;
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
 * Dumps that cannot be made: PostgreSQL refusing a wrong password (a throw-away cluster with scram-sha-256 auth), and
 * the Redis host over SSH showing another host key than the pinned one (the machine's OpenSSH server). The run is
 * marked incomplete, no manifest is written, each failure is alerted in the ops channel with the step and the error,
 * nothing runs on the host with the wrong key, and the password appears nowhere.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "fediflow.admin.password=test-admin-pw",
        "fediflow.slack.bot-token=" + FakeSlack.BOT_TOKEN,
        "fediflow.slack.channels.ops=C0OPS",
        "fediflow.storage.bucket=" + S3MockProcess.BUCKET,
        "fediflow.storage.key-id=test-key",
        "fediflow.storage.application-key=test-secret",
        "fediflow.backup.recipients=age12yxsa3d0l2h5y4kepgze6qarq0zeawg0xddyfqwgkc0krn9w6qasrwccgu",
        "fediflow.backup.redis.url=redis://127.0.0.1:6379",
        "fediflow.backup.redis.host=cache",
        "fediflow.hosts.cache.address=127.0.0.1",
        "fediflow.hosts.cache.roles=redis",
        "fediflow.workflow.retries=1",
        "fediflow.workflow.retry-wait=1s",
        "flowable.process.async.executor.default-async-job-acquire-wait-time=200ms"})
@Slow
class BackupRefusedDumpTest {

    static final String WRONG_PASSWORD = "wrong-" + UUID.randomUUID();
    static final FakeSlack SLACK = new FakeSlack();
    static final S3MockProcess S3 = BackupFlowTest.start();
    static ScratchPostgres database;
    static SshTestServer cacheHost;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws Exception {
        database = new ScratchPostgres(true);
        cacheHost = new SshTestServer();
        registry.add("spring.datasource.url", () -> "jdbc:h2:file:" + TestDiagrams.tempFolder() + "/fediflow");
        registry.add("fediflow.bpmn.dir", () -> TestDiagrams.shipped("backup.bpmn").toString());
        registry.add("fediflow.slack.api-url", SLACK::apiUrl);
        registry.add("fediflow.storage.endpoint", S3::endpoint);
        registry.add("fediflow.backup.postgres.url", () -> database.url(WRONG_PASSWORD));
        registry.add("fediflow.hosts.cache.port", cacheHost::port);
        registry.add("fediflow.hosts.cache.user", SshTestServer::user);
        String otherKey = SshTestServer.someOtherHostKey();
        registry.add("fediflow.hosts.cache.host-key", () -> otherKey);
        registry.add("fediflow.ssh.private-key-file", () -> cacheHost.clientKeyFile().toString());
    }

    @AfterAll
    static void stop() throws Exception {
        S3.close();
        SLACK.close();
        cacheHost.close();
        database.close();
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
    void refusedDumpsMarkTheRunIncompleteAndAlertWithTheStepAndTheError() {
        String run = runtime.startProcessInstanceByKey("backup").getId();
        await().atMost(Duration.ofSeconds(60)).until(() ->
                management.createDeadLetterJobQuery().processInstanceId(run).count() == 2);

        var response = new Http(port).get("/api/backups", "Authorization", Http.basic("admin", "test-admin-pw"));
        List<Map<String, Object>> runs = JsonMapper.builder().build().readValue(response.body(),
                new tools.jackson.core.type.TypeReference<>() { });
        Map<String, Object> mine = runs.stream().filter(b -> run.equals(b.get("runId"))).findFirst().orElseThrow();
        assertThat(mine.get("status")).isEqualTo("incomplete");
        assertThat(storage.list(mine.get("folder") + "/")).noneMatch(o -> o.key().endsWith("manifest.json"));
        await().atMost(Duration.ofSeconds(10)).until(() -> alerts(run).size() == 2);
        assertThat(alerts(run)).anySatisfy(text -> assertThat(text).contains("pg_dump")
                        .contains("password authentication failed for user \"postgres\""))
                .anySatisfy(text -> assertThat(text).contains("not the pinned").contains("fediflow.hosts.cache.host-key"));
        assertThat(cacheHost.commandsRun()).as("commands started on the host with the wrong key").isZero();
        assertThat(response.body() + alerts(run) + runtime.getVariables(run)).doesNotContain(WRONG_PASSWORD);
    }

    private List<String> alerts(String run) {
        return SLACK.requestsContaining("chat.postMessage", run).stream()
                .map(r -> FakeSlack.form(r).getOrDefault("text", "")).toList();
    }
}
