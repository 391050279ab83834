package org.fediflow.workflow;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.StringNode;

/**
 * What each connector step really did (table {@code step_record}): inputs as evaluated and output, masked by the
 * caller. A step that completes is written in its own transaction, so the record and the step commit together; a try
 * that fails is written in a transaction of its own (the step's rolls back), and the next try overwrites it.
 */
@Repository
class StepRecords {

    /** Larger inputs or outputs are kept as a note of their size: the run page is no archive of bodies. */
    static final int MAX_JSON = 64 * 1024;

    private final JdbcTemplate jdbc;
    private final ObjectMapper mapper;
    private final Clock clock;
    private final TransactionTemplate separately;

    StepRecords(JdbcTemplate jdbc, ObjectMapper mapper, Clock clock, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.mapper = mapper;
        this.clock = clock;
        this.separately = new TransactionTemplate(transactions);
        this.separately.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    /** In the step's transaction: the step completed (or ended in a business error the diagram catches). */
    void completed(Step step, JsonNode output, String error) {
        save(step, clock.instant(), output, error);
    }

    /** Outside the step's transaction, which is about to roll back: this try failed. */
    void failed(Step step, String error) {
        separately.executeWithoutResult(tx -> save(step, null, null, error));
    }

    List<Recorded> of(String runId) {
        return jdbc.query("SELECT * FROM step_record WHERE run_id = ? ORDER BY started_at, step_key",
                (rs, n) -> new Recorded(rs.getString("step_key"), rs.getString("activity_id"), rs.getString("connector"),
                        rs.getTimestamp("started_at").toInstant(), instant(rs.getTimestamp("ended_at")),
                        json(rs.getString("inputs")), json(rs.getString("output")), rs.getString("error")), runId);
    }

    private void save(Step step, Instant endedAt, JsonNode output, String error) {
        String inputs = text(step.inputs());
        String out = output == null ? null : text(output);
        String cut = error == null ? null : error.length() > 4000 ? error.substring(0, 3999) + "…" : error;
        int updated = jdbc.update("UPDATE step_record SET started_at = ?, ended_at = ?, inputs = ?, output = ?, error = ?"
                + " WHERE step_key = ?", Timestamp.from(step.startedAt()), timestamp(endedAt), inputs, out, cut, step.key());
        if (updated == 0) {
            jdbc.update("INSERT INTO step_record (step_key, run_id, activity_id, connector, started_at, ended_at, inputs,"
                    + " output, error) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", step.key(), step.runId(), step.activityId(),
                    step.connector(), Timestamp.from(step.startedAt()), timestamp(endedAt), inputs, out, cut);
        }
    }

    private String text(JsonNode node) {
        String text = mapper.writeValueAsString(node);
        return text.length() <= MAX_JSON ? text
                : mapper.writeValueAsString(StringNode.valueOf("(" + text.length() + " characters, not kept)"));
    }

    private JsonNode json(String text) {
        return text == null ? null : mapper.readTree(text);
    }

    private static Timestamp timestamp(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }

    /** One visit of a connector step, as the delegate sees it; inputs already masked. */
    record Step(String key, String runId, String activityId, String connector, Instant startedAt, JsonNode inputs) {
    }

    record Recorded(String key, String activityId, String connector, Instant startedAt, Instant endedAt, JsonNode inputs,
                    JsonNode output, String error) {
    }
}
