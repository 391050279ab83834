package org.fediflow.retention;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.flowable.engine.HistoryService;
import org.flowable.engine.history.HistoricProcessInstance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Deletes what is past its retention, in batches of {@code batch-size}, each its own transaction. Every node looks
 * every minute; the first to move the claim row's time forward does the round, the rest skip it, so
 * a round runs once per due time however many nodes share the database.
 */
@Component
class Pruning {

    private static final Logger log = LoggerFactory.getLogger(Pruning.class);
    private static final String ROUND = "prune";

    private final RetentionProperties.Retention settings;
    private final HistoryService history;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final MeterRegistry meters;
    private final String node;

    Pruning(RetentionProperties properties, HistoryService history, JdbcTemplate jdbc, TransactionTemplate transactions,
            Clock clock, MeterRegistry meters) {
        this.settings = properties.retention();
        this.history = history;
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.clock = clock;
        this.meters = meters;
        this.node = nodeName();
    }

    /** What one round deleted. */
    record Pruned(long runs, long deliveries, long slackMessages, Duration took) {
    }

    /** Every node asks each minute whether a round is due; {@link #claim()} lets one of them do it. */
    @Scheduled(initialDelay = 60_000, fixedDelay = 60_000)
    void onSchedule() {
        if (!settings.enabled()) {
            return;
        }
        try {
            if (claim()) {
                Pruned pruned = prune();
                if (pruned.runs() + pruned.deliveries() + pruned.slackMessages() > 0) {
                    log.info("retention: deleted {} runs, {} deliveries, {} Slack message records in {} ms",
                            pruned.runs(), pruned.deliveries(), pruned.slackMessages(), pruned.took().toMillis());
                }
            }
        } catch (RuntimeException e) {
            // The database is away or similar: the next round tries again, nothing is half-deleted (batches commit whole).
            log.warn("retention: pruning paused: {}", e.toString());
        }
    }

    /** @return true when this node takes the round that is due now; false when it is not due or another node took it */
    boolean claim() {
        Instant now = clock.instant();
        // A little early is still this round: nodes' ticks drift apart, and a round must not be skipped for a second.
        Instant due = now.minus(settings.interval()).plus(settings.interval().dividedBy(10));
        return jdbc.update("UPDATE retention_claim SET claimed_at = ?, claimed_by = ? WHERE name = ? AND claimed_at <= ?",
                Timestamp.from(now), node, ROUND, Timestamp.from(due)) == 1;
    }

    /** One round: everything past its retention, batch by batch. */
    Pruned prune() {
        long started = System.nanoTime();
        Instant now = clock.instant();
        long runs = pruneRuns(now.minus(settings.runs()));
        long deliveries = pruneRows("deliveries", "SELECT id FROM inbox_event WHERE received_at < ? "
                + "AND status NOT IN ('received', 'failed') ORDER BY id",
                List.of("DELETE FROM delivery_effect WHERE inbox_id = ?", "DELETE FROM inbox_event WHERE id = ?"),
                now.minus(settings.deliveries()), Long.class);
        long messages = pruneRows("slack-messages", "SELECT idempotency_key FROM slack_message m WHERE posted_at < ? "
                        + "AND NOT EXISTS (SELECT 1 FROM ACT_RU_EXECUTION e WHERE e.ID_ = e.PROC_INST_ID_ "
                        + "AND m.idempotency_key LIKE CONCAT(e.ID_, ':%')) ORDER BY posted_at",
                List.of("DELETE FROM slack_message WHERE idempotency_key = ?"), now.minus(settings.slackMessages()), String.class);
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        Timer.builder("fediflow.retention.round").description("Pruning rounds").register(meters).record(took);
        return new Pruned(runs, deliveries, messages, took);
    }

    /** Ended runs only: a running run, or one whose step failed and waits for an operator, has no end time. */
    private long pruneRuns(Instant endedBefore) {
        long deleted = 0;
        List<String> previous = List.of();
        while (true) {
            List<String> ids = history.createHistoricProcessInstanceQuery().finishedBefore(Date.from(endedBefore))
                    .orderByProcessInstanceEndTime().asc().listPage(0, settings.batchSize()).stream()
                    .map(HistoricProcessInstance::getId).toList();
            if (ids.isEmpty() || ids.equals(previous)) {
                return deleted; // nothing left, or nothing the engine would delete: never loop on it
            }
            previous = ids;
            // One command, one transaction: the runs with their steps, variables (and their byte arrays) and links.
            history.bulkDeleteHistoricProcessInstances(ids);
            // What each step really did (GET /api/runs/{id}/steps) goes with its run.
            jdbc.batchUpdate("DELETE FROM step_record WHERE run_id = ?", ids, ids.size(),
                    (statement, id) -> statement.setString(1, id));
            deleted += ids.size();
            counted("runs", ids.size());
            pause();
        }
    }

    private <K> long pruneRows(String kind, String select, List<String> deletes, Instant before, Class<K> key) {
        long deleted = 0;
        while (true) {
            List<K> keys = jdbc.queryForList(select + " LIMIT ?", key, Timestamp.from(before), settings.batchSize());
            if (keys.isEmpty()) {
                return deleted;
            }
            transactions.executeWithoutResult(tx -> deletes.forEach(delete -> jdbc.batchUpdate(delete, keys, keys.size(),
                    (statement, k) -> statement.setObject(1, k))));
            deleted += keys.size();
            counted(kind, keys.size());
            if (keys.size() < settings.batchSize()) {
                return deleted;
            }
            pause();
        }
    }

    private void counted(String kind, int n) {
        Counter.builder("fediflow.retention.pruned").description("Rows deleted by retention").tag("kind", kind)
                .register(meters).increment(n);
    }

    private void pause() {
        if (settings.batchPause().isZero()) {
            return;
        }
        try {
            Thread.sleep(settings.batchPause().toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while pruning", e);
        }
    }

    private static String nodeName() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "unknown-host";
        }
        return host + ":" + ProcessHandle.current().pid();
    }
}
