package org.fediflow.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import org.flowable.engine.HistoryService;
import org.flowable.engine.ManagementService;
import org.flowable.engine.RuntimeService;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Bounded history on whichever database the subclass configures: what is past its retention goes, whole (a run's
 * steps, variables and their byte arrays), and what still matters stays: running and failed runs, deliveries not
 * handed over, Slack records of runs still going. Subclasses set runs=2s, deliveries=1h, slack-messages=1h and turn
 * the schedule off, so each test drives a round itself.
 */
abstract class RetentionContract {

    @Autowired
    Pruning pruning;
    @Autowired
    RetentionProperties properties;
    @Autowired
    RuntimeService runtime;
    @Autowired
    HistoryService history;
    @Autowired
    ManagementService management;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    TransactionTemplate transactions;

    @Test
    void prunesEndedRunsWholeAndKeepsRunningAndFailedOnes() {
        // A long text variable is stored in a byte array of its own: it must go with the run.
        String completed = runtime.startProcessInstanceByKey("test-flaky", Map.of("key", UUID.randomUUID().toString(),
                "failures", 0, "kind", "temporary", "notes", "n".repeat(20_000))).getId();
        String failed = runtime.startProcessInstanceByKey("test-flaky", Map.of("key", UUID.randomUUID().toString(),
                "failures", 1, "kind", "bad-input")).getId();
        String waiting = runtime.startProcessInstanceByKey("test-waiting").getId();
        await().atMost(Duration.ofSeconds(20)).until(() ->
                history.createHistoricProcessInstanceQuery().processInstanceId(completed).finished().count() == 1
                        && management.createDeadLetterJobQuery().processInstanceId(failed).count() == 1);
        String notes = jdbc.queryForObject("SELECT BYTEARRAY_ID_ FROM ACT_HI_VARINST WHERE PROC_INST_ID_ = ? "
                + "AND NAME_ = 'notes'", String.class, completed);
        assertThat(count("SELECT COUNT(*) FROM ACT_GE_BYTEARRAY WHERE ID_ = ?", notes)).isOne();
        assertThat(count("SELECT COUNT(*) FROM ACT_HI_ACTINST WHERE PROC_INST_ID_ = ?", completed)).isPositive();
        assertThat(count("SELECT COUNT(*) FROM step_record WHERE run_id = ?", completed)).as("its step records").isPositive();

        await().pollDelay(Duration.ofMillis(2100)).atMost(Duration.ofSeconds(5)).until(() -> true);
        Pruning.Pruned pruned = pruning.prune();

        assertThat(pruned.runs()).isGreaterThanOrEqualTo(1);
        assertThat(history.createHistoricProcessInstanceQuery().processInstanceId(completed).count()).isZero();
        assertThat(count("SELECT COUNT(*) FROM ACT_HI_ACTINST WHERE PROC_INST_ID_ = ?", completed)).isZero();
        assertThat(count("SELECT COUNT(*) FROM ACT_HI_VARINST WHERE PROC_INST_ID_ = ?", completed)).isZero();
        assertThat(count("SELECT COUNT(*) FROM ACT_HI_IDENTITYLINK WHERE PROC_INST_ID_ = ?", completed)).isZero();
        assertThat(count("SELECT COUNT(*) FROM ACT_GE_BYTEARRAY WHERE ID_ = ?", notes)).isZero();
        assertThat(count("SELECT COUNT(*) FROM step_record WHERE run_id = ?", completed)).as("its step records").isZero();
        assertThat(count("SELECT COUNT(*) FROM step_record WHERE run_id = ?", failed)).as("the failed run's").isPositive();

        // The failed run keeps its history and its incident; the waiting one its history and its place.
        assertThat(history.createHistoricProcessInstanceQuery().processInstanceId(failed).count()).isOne();
        assertThat(count("SELECT COUNT(*) FROM ACT_HI_ACTINST WHERE PROC_INST_ID_ = ?", failed)).isPositive();
        assertThat(management.createDeadLetterJobQuery().processInstanceId(failed).count()).isOne();
        assertThat(history.createHistoricProcessInstanceQuery().processInstanceId(waiting).count()).isOne();
        assertThat(runtime.createProcessInstanceQuery().processInstanceId(waiting).count()).isOne();
    }

    @Test
    void prunesHandedOverDeliveriesButNeverWaitingOrFailedOnes() {
        Instant old = Instant.now().minus(Duration.ofHours(2));
        long oldDispatched = delivery("dispatched", old);
        long oldIgnored = delivery("ignored", old);
        long oldReceived = delivery("received", old);
        long oldFailed = delivery("failed", old);
        long recent = delivery("dispatched", Instant.now());
        effect(oldDispatched);
        effect(recent);

        pruning.prune();

        assertThat(deliveryExists(oldDispatched)).isFalse();
        assertThat(deliveryExists(oldIgnored)).isFalse();
        assertThat(deliveryExists(oldReceived)).isTrue();
        assertThat(deliveryExists(oldFailed)).isTrue();
        assertThat(deliveryExists(recent)).isTrue();
        assertThat(count("SELECT COUNT(*) FROM delivery_effect WHERE inbox_id = ?", oldDispatched))
                .as("what the pruned delivery started goes with it").isZero();
        assertThat(count("SELECT COUNT(*) FROM delivery_effect WHERE inbox_id = ?", recent)).isOne();
    }

    private void effect(long inboxId) {
        jdbc.update("INSERT INTO delivery_effect (inbox_id, target, run_id, at) VALUES (?, 'start:test', 'run-1', ?)",
                inboxId, Timestamp.from(Instant.now()));
    }

    @Test
    void prunesSlackRecordsOnlyOnceTheirRunHasEnded() {
        String waiting = runtime.startProcessInstanceByKey("test-waiting").getId();
        Instant old = Instant.now().minus(Duration.ofHours(2));
        String ofEndedRun = "ended-" + UUID.randomUUID() + ":post";
        String ofWaitingRun = waiting + ":post";
        String recent = "recent-" + UUID.randomUUID() + ":post";
        slackMessage(ofEndedRun, old);
        slackMessage(ofWaitingRun, old);
        slackMessage(recent, Instant.now());

        pruning.prune();

        assertThat(slackMessageExists(ofEndedRun)).isFalse();
        assertThat(slackMessageExists(ofWaitingRun)).isTrue();
        assertThat(slackMessageExists(recent)).isTrue();
    }

    @Test
    void deletesInBatchesUntilNothingIsLeft() {
        Instant old = Instant.now().minus(Duration.ofHours(2));
        int rows = properties.retention().batchSize() * 2 + 7;
        for (int i = 0; i < rows; i++) {
            delivery("dispatched", old);
        }
        Pruning.Pruned pruned = pruning.prune();
        assertThat(pruned.deliveries()).isGreaterThanOrEqualTo(rows);
        assertThat(count("SELECT COUNT(*) FROM inbox_event WHERE status = 'dispatched' AND received_at < ?",
                Timestamp.from(Instant.now().minus(Duration.ofHours(1))))).isZero();
    }

    @Test
    void oneNodeTakesEachRound() {
        jdbc.update("UPDATE retention_claim SET claimed_at = ? WHERE name = 'prune'", Timestamp.from(Instant.EPOCH));
        Clock now = Clock.systemUTC();
        Pruning nodeA = node(now);
        Pruning nodeB = node(now);
        assertThat(nodeA.claim()).isTrue();
        assertThat(nodeB.claim()).isFalse();
        assertThat(nodeA.claim()).isFalse();
        // An interval later the next round is due, and again only one node takes it.
        Clock later = Clock.offset(now, properties.retention().interval());
        Pruning laterA = node(later);
        Pruning laterB = node(later);
        assertThat(laterB.claim()).isTrue();
        assertThat(laterA.claim()).isFalse();
    }

    private Pruning node(Clock clock) {
        return new Pruning(properties, history, jdbc, transactions, clock, new SimpleMeterRegistry());
    }

    private long delivery(String status, Instant receivedAt) {
        jdbc.update("INSERT INTO inbox_event (source, event_type, dedupe_key, body, status, received_at) "
                        + "VALUES ('test', 'received', ?, '{\"a\":1}', ?, ?)", UUID.randomUUID().toString(), status,
                Timestamp.from(receivedAt));
        return jdbc.queryForObject("SELECT MAX(id) FROM inbox_event", Long.class);
    }

    private boolean deliveryExists(long id) {
        return count("SELECT COUNT(*) FROM inbox_event WHERE id = ?", id) == 1;
    }

    private void slackMessage(String key, Instant at) {
        jdbc.update("INSERT INTO slack_message (idempotency_key, channel, ts, posted_at) VALUES (?, 'C0TEST', '1.2', ?)",
                key, Timestamp.from(at));
    }

    private boolean slackMessageExists(String key) {
        return count("SELECT COUNT(*) FROM slack_message WHERE idempotency_key = ?", key) == 1;
    }

    private long count(String sql, Object... args) {
        return jdbc.queryForObject(sql, Long.class, args);
    }
}
