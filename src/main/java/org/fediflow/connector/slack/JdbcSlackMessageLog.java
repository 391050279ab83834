package org.fediflow.connector.slack;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * {@link SlackMessageLog} in the {@code slack_message} table (migrations V10, V21); a row without {@code ts}
 * says "about to post".
 *
 * <p>A connector step runs inside the engine's job transaction. If the rows were written in that transaction, a
 * failure later in the same job (storing the output variables, say) would roll the row back while the message
 * stays in Slack, and the retry would post it again. So each write is a transaction of its own.
 */
@Component
class JdbcSlackMessageLog implements SlackMessageLog {

    private final JdbcTemplate jdbc;
    private final TransactionTemplate ownTransaction;
    private final Clock clock;

    JdbcSlackMessageLog(JdbcTemplate jdbc, PlatformTransactionManager transactions, Clock clock) {
        this.jdbc = jdbc;
        this.ownTransaction = new TransactionTemplate(transactions);
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.clock = clock;
    }

    @Override
    public Optional<Entry> find(String idempotencyKey) {
        return jdbc.query("SELECT channel, thread_ts, ts, posted_at FROM slack_message WHERE idempotency_key = ?",
                (rs, row) -> new Entry(rs.getString("channel"), rs.getString("thread_ts"),
                        rs.getString("ts") == null ? null : new SlackWebApi.Posted(rs.getString("channel"), rs.getString("ts")),
                        rs.getTimestamp("posted_at").toInstant()), idempotencyKey)
                .stream().findFirst();
    }

    @Override
    public boolean intend(String idempotencyKey, String channel, String threadTs) {
        try {
            ownTransaction.executeWithoutResult(status -> jdbc.update(
                    "INSERT INTO slack_message (idempotency_key, channel, thread_ts, posted_at) VALUES (?, ?, ?, ?)",
                    idempotencyKey, channel, threadTs, Timestamp.from(clock.instant())));
            return true;
        } catch (DuplicateKeyException e) {
            // Two tries of the same step raced (the engine's job locks should prevent it): the first row stays.
            return false;
        }
    }

    @Override
    public boolean retake(String idempotencyKey, Instant since) {
        return ownTransaction.execute(status -> jdbc.update(
                "UPDATE slack_message SET posted_at = ? WHERE idempotency_key = ? AND ts IS NULL AND posted_at = ?",
                Timestamp.from(clock.instant()), idempotencyKey, Timestamp.from(since))) == 1;
    }

    @Override
    public void record(String idempotencyKey, SlackWebApi.Posted posted) {
        try {
            ownTransaction.executeWithoutResult(status -> {
                int updated = jdbc.update("UPDATE slack_message SET channel = ?, ts = ? WHERE idempotency_key = ? AND ts IS NULL",
                        posted.channel(), posted.ts(), idempotencyKey);
                if (updated == 0) {
                    jdbc.update("INSERT INTO slack_message (idempotency_key, channel, ts, posted_at) VALUES (?, ?, ?, ?)",
                            idempotencyKey, posted.channel(), posted.ts(), Timestamp.from(clock.instant()));
                }
            });
        } catch (DuplicateKeyException e) {
            // Already complete: the first message stays.
        }
    }
}
