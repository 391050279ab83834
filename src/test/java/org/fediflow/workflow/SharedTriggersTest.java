package org.fediflow.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.fediflow.testing.Http;
import org.fediflow.testing.TestDiagrams;
import org.fediflow.testing.Webhooks;
import org.flowable.engine.HistoryService;
import org.flowable.engine.ManagementService;
import org.flowable.engine.RepositoryService;
import org.flowable.engine.RuntimeService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

import tools.jackson.databind.json.JsonMapper;

/**
 * Several diagrams on one message (ADR 9): both deploy, each gets one run per delivery, a run waiting for the message
 * gets it once, and a delivery handed over again (re-offered, or dispatched twice) starts and reaches nothing twice.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "fediflow.mastodon.webhook-secret=" + SharedTriggersTest.SECRET,
        "fediflow.admin.password=test-admin-pw",
        "fediflow.inbox.poll-interval=100ms"})
class SharedTriggersTest {

    static final String SECRET = "shared-triggers-secret";

    @DynamicPropertySource
    static void folders(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> "jdbc:h2:file:" + TestDiagrams.tempFolder() + "/fediflow");
        registry.add("fediflow.bpmn.dir", () -> TestDiagrams.folderWith("inbox-report.bpmn", "report-created-second.bpmn",
                "waits-for-report.bpmn", "every-mastodon-event.bpmn", "status-created-failing-step.bpmn").toString());
    }

    @LocalServerPort
    int port;
    @Autowired
    RuntimeService runtime;
    @Autowired
    HistoryService history;
    @Autowired
    RepositoryService repository;
    @Autowired
    ManagementService management;
    @Autowired
    EventRouter router;
    @Autowired
    TransactionTemplate transactions;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    Runs runs;
    Http http;

    @BeforeEach
    void client() {
        http = new Http(port);
    }

    long runsOf(String key, String businessKey) {
        return history.createHistoricProcessInstanceQuery().processDefinitionKey(key).processInstanceBusinessKey(businessKey)
                .count();
    }

    long timesSeen(String waitingRun) {
        return history.createHistoricActivityInstanceQuery().processInstanceId(waitingRun).activityId("seen").finished()
                .count();
    }

    @Test
    void twoDiagramsOnOneMessageBothDeployAndEachStartsOncePerDelivery() {
        assertThat(repository.createProcessDefinitionQuery().messageEventSubscriptionName("mastodon.report.created").list())
                .extracting(d -> d.getKey()).containsExactlyInAnyOrder("test-inbox-report", "test-report-second");
        String id = UUID.randomUUID().toString();
        String waiting = runs.start("test-waits-for-report", id, Map.of()).orElseThrow();

        String body = Webhooks.mastodonEvent("report.created", "{\"id\":\"" + id + "\",\"comment\":\"twice\"}");
        for (int i = 0; i < 3; i++) {
            assertThat(http.post("/webhooks/mastodon", body, "Content-Type", "application/json",
                    "X-Hub-Signature", Webhooks.mastodonSignature(SECRET, body)).statusCode()).isEqualTo(200);
        }
        await().atMost(Duration.ofSeconds(15)).until(() -> runsOf("test-inbox-report", id) == 1
                && runsOf("test-report-second", id) == 1 && timesSeen(waiting) == 1);
        String status = jdbc.queryForObject("SELECT status FROM inbox_event WHERE business_key = ?", String.class, id);
        String runIds = jdbc.queryForObject("SELECT run_ids FROM inbox_event WHERE business_key = ?", String.class, id);
        assertThat(status).isEqualTo("dispatched");
        assertThat(runIds.split(",")).as("the row names every run it started or reached").hasSize(3).contains(waiting);
        // The waiting run goes round and waits for the next report.created: a second hand-over would reach it again.
        await().atMost(Duration.ofSeconds(10)).until(() -> runtime.createExecutionQuery().processInstanceId(waiting)
                .activityId("seen").count() == 1);
        assertThat(timesSeen(waiting)).isEqualTo(1);
    }

    @Test
    void aDeliveryHandedOverAgainStartsAndReachesNothingTwice() {
        String id = UUID.randomUUID().toString();
        String waiting = runs.start("test-waits-for-report", id, Map.of()).orElseThrow();
        InboundEvent event = new InboundEvent("mastodon.report.created", id,
                JsonMapper.builder().build().readTree("{\"object\":{\"id\":\"" + id + "\"}}"), "mastodon", "report.created",
                -System.nanoTime());
        EventRouter.Routed first = transactions.execute(tx -> router.route(event));
        await().atMost(Duration.ofSeconds(10)).until(() -> runtime.createExecutionQuery().processInstanceId(waiting)
                .activityId("seen").count() == 1 && timesSeen(waiting) == 1);
        EventRouter.Routed again = transactions.execute(tx -> router.route(event));

        assertThat(first.started()).hasSize(2);
        assertThat(first.reached()).containsExactly(waiting);
        assertThat(again).as("the second hand-over reports what the delivery did, and does nothing new")
                .isEqualTo(new EventRouter.Routed(first.started(), first.reached(), false));
        assertThat(runsOf("test-inbox-report", id)).isEqualTo(1);
        assertThat(runsOf("test-report-second", id)).isEqualTo(1);
        assertThat(timesSeen(waiting)).isEqualTo(1);
    }

    @Test
    void aSuspendedDiagramStartsNoRun() {
        repository.suspendProcessDefinitionByKey("test-report-second");
        try {
            String id = UUID.randomUUID().toString();
            String body = Webhooks.mastodonEvent("report.created", "{\"id\":\"" + id + "\",\"comment\":\"off\"}");
            http.post("/webhooks/mastodon", body, "Content-Type", "application/json",
                    "X-Hub-Signature", Webhooks.mastodonSignature(SECRET, body));
            await().atMost(Duration.ofSeconds(10)).until(() -> runsOf("test-inbox-report", id) == 1);
            assertThat(runsOf("test-report-second", id)).isZero();
        } finally {
            repository.activateProcessDefinitionByKey("test-report-second");
        }
    }

    @Test
    void aStepThatFailsInOneDiagramHoldsBackNoOtherDiagramOnTheSameEvent() {
        String id = UUID.randomUUID().toString();
        String body = Webhooks.mastodonEvent("status.created", "{\"id\":\"" + id + "\"}");
        http.post("/webhooks/mastodon", body, "Content-Type", "application/json",
                "X-Hub-Signature", Webhooks.mastodonSignature(SECRET, body));
        await().atMost(Duration.ofSeconds(15)).until(() -> history.createHistoricProcessInstanceQuery()
                .processDefinitionKey("test-every-mastodon-event").processInstanceBusinessKey(id).finished().count() == 1);
        String failing = history.createHistoricProcessInstanceQuery().processDefinitionKey("test-failing-step")
                .processInstanceBusinessKey(id).singleResult().getId();
        await().atMost(Duration.ofSeconds(15)).until(() -> managementFailures(failing) > 0);
        assertThat(jdbc.queryForObject("SELECT status FROM inbox_event WHERE business_key = ?", String.class, id))
                .as("the delivery itself succeeded: the failure is the failing run's own").isEqualTo("dispatched");
    }

    long managementFailures(String run) {
        return management.createJobQuery().processInstanceId(run).withException().count()
                + management.createTimerJobQuery().processInstanceId(run).withException().count()
                + management.createDeadLetterJobQuery().processInstanceId(run).count();
    }

    @Test
    void everyMastodonEventStartsTheDiagramNamingItAlsoOneMastodonAddsLater() {
        for (String event : List.of("account.approved", "account.created", "account.updated", "report.updated",
                "status.created", "status.updated", "account.deleted")) {
            String id = UUID.randomUUID().toString();
            String body = Webhooks.mastodonEvent(event, "{\"id\":\"" + id + "\"}");
            assertThat(http.post("/webhooks/mastodon", body, "Content-Type", "application/json",
                    "X-Hub-Signature", Webhooks.mastodonSignature(SECRET, body)).body()).as(event).contains("accepted");
            await().atMost(Duration.ofSeconds(10)).until(() -> history.createHistoricProcessInstanceQuery()
                    .processDefinitionKey("test-every-mastodon-event").processInstanceBusinessKey(id).finished().count() == 1);
            String run = history.createHistoricProcessInstanceQuery().processDefinitionKey("test-every-mastodon-event")
                    .processInstanceBusinessKey(id).singleResult().getId();
            assertThat(history.createHistoricVariableInstanceQuery().processInstanceId(run).variableName("event")
                    .singleResult().getValue()).isEqualTo(event);
        }
    }
}
