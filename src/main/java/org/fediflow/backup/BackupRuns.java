package org.fediflow.backup;

import org.fediflow.shared.Json;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.fediflow.connector.ConnectorFailure;
import org.fediflow.connector.StepContext;
import org.fediflow.connector.storage.StorageUnavailable;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** The record of backup runs behind {@code GET /api/backups} (table {@code backup_run}). */
@Component
class BackupRuns {

    static final String RUNNING = "running";
    static final String COMPLETE = "complete";
    static final String INCOMPLETE = "incomplete";

    private static final JsonMapper JSON = Json.MAPPER;
    private final JdbcTemplate jdbc;

    private final TransactionTemplate ownTransaction;

    BackupRuns(JdbcTemplate jdbc, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.ownTransaction = new TransactionTemplate(transactions);
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    void started(String runId, String folder, Instant at) {
        if (jdbc.update("update backup_run set folder = ? where run_id = ?", folder, runId) == 0) {
            jdbc.update("insert into backup_run (run_id, folder, status, started_at, objects) values (?, ?, ?, ?, ?)",
                    runId, folder, RUNNING, Timestamp.from(at), "{}");
        }
    }

    /** A run refused at its first step (nothing configured): listed as incomplete with why. Its own transaction. */
    void refused(String runId, Instant at, String why) {
        ownTransaction.executeWithoutResult(status -> {
            if (jdbc.update("update backup_run set status = ?, error = ? where run_id = ?", INCOMPLETE, "begin: " + why, runId) == 0) {
                jdbc.update("insert into backup_run (run_id, folder, status, started_at, error, objects) values (?, ?, ?, ?, ?, ?)",
                        runId, "-", INCOMPLETE, Timestamp.from(at), "begin: " + why, "{}");
            }
        });
    }

    /**
     * Records one step's outcome under {@code name} in the run's objects; marks the run running again. Its own
     * transaction, holding the row: the dumps run in parallel, and two steps writing the objects they had read
     * before the other's commit lost one of them ("the postgres dump of this run is missing" at the manifest).
     */
    synchronized void step(String runId, String name, JsonNode outcome) {
        ownTransaction.executeWithoutResult(status -> {
            List<String> rows = jdbc.queryForList("select objects from backup_run where run_id = ? for update", String.class, runId);
            ObjectNode objects = rows.isEmpty() ? JSON.createObjectNode() : (ObjectNode) JSON.readTree(rows.get(0));
            objects.set(name, outcome);
            jdbc.update("update backup_run set objects = ?, error = null, status = case when status = ? then ? else status end"
                    + " where run_id = ?", objects.toString(), INCOMPLETE, RUNNING, runId);
        });
    }

    /**
     * A failed step: the run is incomplete (and stays so unless a retry gets it to a manifest). Written in its own
     * transaction, as the step's is rolled back.
     */
    void failed(String runId, String step, String error) {
        String cut = error == null ? "" : error.length() > 3000 ? error.substring(0, 3000) + "…" : error;
        ownTransaction.executeWithoutResult(status -> jdbc.update("update backup_run set status = ?, error = ? where run_id = ? and status <> ?", INCOMPLETE,
                step + ": " + cut, runId, COMPLETE));
    }

    void complete(String runId, Instant at) {
        jdbc.update("update backup_run set status = ?, ended_at = ?, error = null where run_id = ?", COMPLETE,
                Timestamp.from(at), runId);
    }

    ObjectNode objects(String runId) {
        List<String> rows = jdbc.queryForList("select objects from backup_run where run_id = ?", String.class, runId);
        return rows.isEmpty() ? JSON.createObjectNode() : (ObjectNode) JSON.readTree(rows.get(0));
    }

    List<Map<String, Object>> recent(int limit) {
        return jdbc.query("select run_id, folder, status, started_at, ended_at, error, objects from backup_run "
                + "order by started_at desc limit ?", (rs, i) -> {
            Map<String, Object> run = new java.util.LinkedHashMap<>();
            run.put("runId", rs.getString("run_id"));
            run.put("folder", rs.getString("folder"));
            run.put("status", rs.getString("status"));
            run.put("startedAt", rs.getTimestamp("started_at").toInstant().toString());
            Timestamp ended = rs.getTimestamp("ended_at");
            run.put("endedAt", ended == null ? null : ended.toInstant().toString());
            run.put("error", rs.getString("error"));
            run.put("steps", JSON.readTree(rs.getString("objects")));
            return run;
        }, limit);
    }

    /**
     * Does one step's work; a failure marks the run incomplete before it is reported (an unreachable bucket as a
     * temporary failure, so the step is retried).
     */
    <T> T recordingFailure(StepContext step, Supplier<T> work) {
        try {
            return work.get();
        } catch (StorageUnavailable e) {
            failed(step.runId(), step.stepId(), e.getMessage());
            throw new ConnectorFailure.Temporary(e.getMessage(), e);
        } catch (RuntimeException e) {
            failed(step.runId(), step.stepId(), e.getMessage());
            throw e;
        }
    }
}
