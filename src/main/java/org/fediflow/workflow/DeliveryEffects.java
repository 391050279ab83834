package org.fediflow.workflow;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * What each delivery has done: the diagrams it started and the runs it reached, each written in the transaction that
 * starts or reaches the run. A delivery offered again (a run it is meant for was busy) or handed over twice skips what it
 * already did, so it starts each diagram and reaches each run at most once. The primary key is the last guard.
 */
@Repository
class DeliveryEffects {

    static final String START = "start:";
    static final String REACH = "reach:";

    private final JdbcTemplate jdbc;
    private final Clock clock;

    DeliveryEffects(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Target ({@code start:<definition key>} or {@code reach:<run id>}) to run id, in the order they happened. */
    Map<String, String> of(long inboxId) {
        Map<String, String> effects = new LinkedHashMap<>();
        jdbc.query("SELECT target, run_id FROM delivery_effect WHERE inbox_id = ? ORDER BY at, target",
                rs -> {
                    effects.put(rs.getString(1), rs.getString(2));
                }, inboxId);
        return effects;
    }

    void record(long inboxId, String target, String runId) {
        jdbc.update("INSERT INTO delivery_effect (inbox_id, target, run_id, at) VALUES (?, ?, ?, ?)",
                inboxId, target, runId, Timestamp.from(clock.instant()));
    }
}
