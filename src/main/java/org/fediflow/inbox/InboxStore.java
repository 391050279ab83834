package org.fediflow.inbox;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Repository;

/** The inbox table. Each method is one statement; callers own the transactions. */
@Repository
class InboxStore {

    static final String RECEIVED = "received";
    static final String DISPATCHED = "dispatched";
    static final String IGNORED = "ignored";
    static final String FAILED = "failed";

    /** What became of a delivery, as the deliveries page says it. */
    static final String WAITING = "waiting";
    static final String STARTED = "started";
    static final String REACHED = "reached";
    static final String NO_LISTENER = "no-listener";
    static final String DUPLICATE = "duplicate";
    static final String REFUSED = "refused";

    private static final RowMapper<InboxRow> ROW = (rs, n) -> new InboxRow(rs.getLong("id"), rs.getString("source"),
            rs.getString("event_type"), rs.getString("business_key"), rs.getString("body"), rs.getString("status"),
            rs.getInt("attempts"), rs.getString("last_error"), rs.getTimestamp("received_at").toInstant(),
            rs.getString("run_ids"), rs.getString("outcome"), nullableLong(rs, "replay_of"));
    private static final RowMapper<Attempt> ATTEMPT = (rs, n) -> new Attempt(rs.getLong("id"), rs.getString("source"),
            rs.getString("event_type"), rs.getString("outcome"), rs.getString("reason"), nullableLong(rs, "original_id"),
            rs.getTimestamp("received_at").toInstant());

    private final JdbcTemplate jdbc;
    private final Clock clock;

    InboxStore(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** @return the new row's id, or empty when this delivery was stored before */
    Optional<Long> insert(String source, Verdict.Accept accepted) {
        String status = accepted.known() ? RECEIVED : IGNORED;
        String error = accepted.known() ? null : "unknown event type '" + accepted.eventType() + "'";
        return insert(source, accepted.eventType(), accepted.dedupeKey(), accepted.businessKey(), accepted.body(), status,
                accepted.known() ? WAITING : IGNORED, error, null);
    }

    /** A stored delivery once more, as new: its own row, dedupe key and run keys. */
    long insertReplay(InboxRow original) {
        return insert(original.source(), original.eventType(), "replay:" + java.util.UUID.randomUUID(),
                original.businessKey(), original.body(), RECEIVED, WAITING, null, original.id()).orElseThrow();
    }

    private Optional<Long> insert(String source, String eventType, String dedupeKey, String businessKey, String body,
                                  String status, String outcome, String error, Long replayOf) {
        KeyHolder keys = new GeneratedKeyHolder();
        try {
            jdbc.update(connection -> {
                var statement = connection.prepareStatement("""
                        INSERT INTO inbox_event (source, event_type, dedupe_key, business_key, body, status, last_error,
                            received_at, outcome, replay_of)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", new String[] {"id"});
                statement.setString(1, source);
                statement.setString(2, truncate(eventType, 200));
                statement.setString(3, truncate(dedupeKey, 255));
                statement.setString(4, truncate(businessKey, 255));
                statement.setString(5, body);
                statement.setString(6, status);
                statement.setString(7, error);
                statement.setTimestamp(8, Timestamp.from(clock.instant()));
                statement.setString(9, outcome);
                if (replayOf == null) {
                    statement.setNull(10, java.sql.Types.BIGINT);
                } else {
                    statement.setLong(10, replayOf);
                }
                return statement;
            }, keys);
        } catch (DuplicateKeyException e) {
            return Optional.empty();
        }
        return Optional.of(keys.getKey().longValue());
    }

    List<Long> due(int limit) {
        return jdbc.queryForList("""
                SELECT id FROM inbox_event WHERE status = 'received' AND (next_attempt_at IS NULL OR next_attempt_at <= ?)
                ORDER BY id LIMIT ?""", Long.class, Timestamp.from(clock.instant()), limit);
    }

    /**
     * Takes the row for this transaction: a row lock held until it ends, so another thread or node asking for the same
     * row waits and then finds it handed over (or gets it, when this transaction rolled back). One read instead of an
     * update and a read: the row is written once, when {@link #finish} records what became of it.
     *
     * @return the row, or empty when it is no longer waiting
     */
    Optional<InboxRow> claim(long id) {
        return jdbc.query("SELECT * FROM inbox_event WHERE id = ? AND status = 'received' FOR UPDATE", ROW, id).stream()
                .findFirst();
    }

    InboxRow get(long id) {
        return jdbc.queryForObject("SELECT * FROM inbox_event WHERE id = ?", ROW, id);
    }

    void finish(long id, String status, String outcome, String runIds, String note) {
        jdbc.update("UPDATE inbox_event SET status = ?, outcome = ?, run_ids = ?, last_error = ?, dispatched_at = ? WHERE id = ?",
                status, outcome, truncate(runIds, 1000), truncate(note, 2000), Timestamp.from(clock.instant()), id);
    }

    /** True when an earlier delivery for the same run (source and business key) has not been handed over yet. */
    boolean earlierWaiting(InboxRow row) {
        if (row.businessKey() == null) {
            return false;
        }
        return !jdbc.queryForList("SELECT id FROM inbox_event WHERE source = ? AND business_key = ? AND id < ? "
                + "AND status = 'received' LIMIT 1", Long.class, row.source(), row.businessKey(), row.id()).isEmpty();
    }

    /** Leaves a claimed row waiting, to be offered again at {@code at} (its run was busy). */
    void later(long id, Instant at) {
        jdbc.update("UPDATE inbox_event SET next_attempt_at = ? WHERE id = ?", Timestamp.from(at), id);
    }

    /**
     * Records a failed hand-over: back to 'received' after a pause, or 'failed' when out of attempts.
     *
     * @return whether this try made the row failed (an incident): one statement decides, so of two nodes failing the
     *         same row at once only one sees true
     */
    boolean failed(long id, String error, int maxAttempts, Duration pause) {
        String shown = truncate(error, 2000);
        if (jdbc.update("""
                UPDATE inbox_event SET attempts = attempts + 1, last_error = ?, status = 'failed', outcome = 'failed'
                WHERE id = ? AND status = 'received' AND attempts + 1 >= ?""", shown, id, maxAttempts) == 1) {
            return true;
        }
        jdbc.update("""
                UPDATE inbox_event SET attempts = attempts + 1, last_error = ?, next_attempt_at = ?, outcome = 'waiting'
                WHERE id = ? AND status = 'received'""", shown, Timestamp.from(clock.instant().plus(pause)), id);
        return false;
    }

    List<InboxRow> failedRows() {
        return jdbc.query("SELECT * FROM inbox_event WHERE status = 'failed' ORDER BY id", ROW);
    }

    /** @return true when a failed row was put back for dispatch */
    boolean retry(long id) {
        return jdbc.update("UPDATE inbox_event SET status = 'received', outcome = 'waiting', attempts = 0, next_attempt_at = NULL "
                + "WHERE id = ? AND status = 'failed'", id) == 1;
    }

    /** Rows per status, and the oldest still waiting: the queue as an operator watches it. */
    Map<String, Object> stats() {
        Map<String, Object> stats = new LinkedHashMap<>();
        for (String status : List.of(RECEIVED, DISPATCHED, IGNORED, FAILED)) {
            stats.put(status, 0L);
        }
        jdbc.query("SELECT status, COUNT(*) AS n FROM inbox_event GROUP BY status",
                (org.springframework.jdbc.core.RowCallbackHandler) rs -> stats.put(rs.getString("status"), rs.getLong("n")));
        List<Timestamp> oldest = jdbc.queryForList("SELECT MIN(received_at) FROM inbox_event WHERE status = 'received'",
                Timestamp.class);
        stats.put("oldestWaitingSince", oldest.isEmpty() || oldest.get(0) == null ? null : oldest.get(0).toInstant().toString());
        return stats;
    }

    /** The row a repeat delivery repeats. */
    Optional<Long> idOf(String source, String dedupeKey) {
        return jdbc.queryForList("SELECT id FROM inbox_event WHERE source = ? AND dedupe_key = ?", Long.class, source,
                truncate(dedupeKey, 255)).stream().findFirst();
    }

    /** A delivery answered but not stored as an event: a duplicate or a refusal (never its body). */
    void insertAttempt(String source, String eventType, String outcome, String reason, Long originalId) {
        jdbc.update("INSERT INTO delivery_attempt (source, event_type, outcome, reason, original_id, received_at) "
                        + "VALUES (?, ?, ?, ?, ?, ?)", truncate(source, 64), truncate(eventType, 200), outcome,
                truncate(reason, 2000), originalId, Timestamp.from(clock.instant()));
    }

    /** Keeps the newest {@code keep} attempts: refusals from a misconfigured or hostile sender must not pile up. */
    void pruneAttempts(int keep) {
        List<Long> cut = jdbc.queryForList("SELECT id FROM delivery_attempt ORDER BY id DESC LIMIT 1 OFFSET ?", Long.class,
                keep);
        if (!cut.isEmpty()) {
            jdbc.update("DELETE FROM delivery_attempt WHERE id <= ?", cut.get(0));
        }
    }

    /** Newest first, filtered by whichever of source, event type and outcome are given. */
    List<InboxRow> deliveries(String source, String eventType, String outcome, int limit) {
        List<Object> args = new ArrayList<>();
        String where = where(source, eventType, outcome, args);
        args.add(limit);
        return jdbc.query("SELECT * FROM inbox_event" + where + " ORDER BY id DESC LIMIT ?", ROW, args.toArray());
    }

    List<Attempt> attempts(String source, String eventType, String outcome, int limit) {
        List<Object> args = new ArrayList<>();
        String where = where(source, eventType, outcome, args);
        args.add(limit);
        return jdbc.query("SELECT * FROM delivery_attempt" + where + " ORDER BY id DESC LIMIT ?", ATTEMPT, args.toArray());
    }

    Optional<InboxRow> find(long id) {
        return jdbc.query("SELECT * FROM inbox_event WHERE id = ?", ROW, id).stream().findFirst();
    }

    Optional<Attempt> attempt(long id) {
        return jdbc.query("SELECT * FROM delivery_attempt WHERE id = ?", ATTEMPT, id).stream().findFirst();
    }

    private static String where(String source, String eventType, String outcome, List<Object> args) {
        List<String> conditions = new ArrayList<>();
        for (String[] condition : new String[][] {{"source", source}, {"event_type", eventType}, {"outcome", outcome}}) {
            if (condition[1] != null && !condition[1].isBlank()) {
                conditions.add(condition[0] + " = ?");
                args.add(condition[1].trim());
            }
        }
        return conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
    }

    private static Long nullableLong(java.sql.ResultSet rs, String column) throws java.sql.SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }

    private static String truncate(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }

    record InboxRow(long id, String source, String eventType, String businessKey, String body, String status,
                    int attempts, String lastError, Instant receivedAt, String runIds, String outcome, Long replayOf) {
    }

    record Attempt(long id, String source, String eventType, String outcome, String reason, Long originalId,
                   Instant receivedAt) {
    }
}
