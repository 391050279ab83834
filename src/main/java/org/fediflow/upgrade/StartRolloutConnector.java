package org.fediflow.upgrade;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.validation.constraints.NotNull;

import org.fediflow.connector.Connector;
import org.fediflow.connector.ConnectorFailure;
import org.fediflow.connector.ConnectorInfo;
import org.fediflow.connector.Doc;
import org.fediflow.connector.StepContext;
import org.fediflow.workflow.Runs;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * {@code upgrade.start-rollout}: starts the {@code upgrade-rollout} run of a release, once per version. The row in
 * {@code upgrade_rollout} and the run's start commit in the step's transaction; a second node or tick finds the row
 * (or hits its primary key, and its step is retried and then finds it). No rollout starts while another is going.
 */
@ConnectorInfo(id = "upgrade.start-rollout", name = "Start the rollout of a release",
        description = "Starts one upgrade-rollout run with business key = version, exactly once per "
        + "version across ticks and nodes (table upgrade_rollout, committed with the run's "
        + "start). Nothing is started while another rollout is going.")
@Component
class StartRolloutConnector implements Connector<StartRolloutConnector.Input, StartRolloutConnector.Output> {

    static final String ROLLOUT = "upgrade-rollout";

    record Input(
            @Doc("The release ({version, publishedAt, urgent, type, notesUrl}), e.g. the target "
                    + "of upgrade.find-releases")
            @NotNull Release release) {
    }

    /** @param note why nothing was started, or null */
    record Output(
            @Doc("True when a run was started")
            boolean started,
            @Doc("The new run")
            String runId,
            @Doc("Why nothing was started")
            String note) {
    }

    private final JdbcTemplate jdbc;
    private final Runs runs;
    private final Clock clock;

    StartRolloutConnector(JdbcTemplate jdbc, Runs runs, Clock clock) {
        this.jdbc = jdbc;
        this.runs = runs;
        this.clock = clock;
    }

    @Override
    public Output execute(Input input, StepContext context) {
        Release release = input.release();
        Version version = Version.require(release.version());
        String key = version.toString();
        if (!jdbc.queryForList("SELECT run_id FROM upgrade_rollout WHERE version = ?", String.class, key).isEmpty()) {
            return new Output(false, null, "a rollout of " + key + " was started before");
        }
        if (runs.anotherActive(ROLLOUT, key)) {
            return new Output(false, null, "another rollout is still going; " + key + " waits for the next watch");
        }
        Map<String, Object> variables = new LinkedHashMap<>();
        variables.put("version", key);
        variables.put("publishedAt", release.publishedAt());
        variables.put("urgent", release.urgent());
        variables.put("releaseType", release.type());
        variables.put("notesUrl", release.notesUrl());
        String runId = runs.start(ROLLOUT, key, variables).orElseThrow(() -> new ConnectorFailure.BadInput(
                "no diagram '" + ROLLOUT + "' is deployed (bpmn/" + ROLLOUT + ".bpmn)"));
        try {
            jdbc.update("INSERT INTO upgrade_rollout (version, run_id, started_at) VALUES (?, ?, ?)",
                    key, runId, Timestamp.from(clock.instant()));
        } catch (DuplicateKeyException e) {
            // Another node took this version in the same moment; this step's transaction (and run) is rolled back.
            throw new ConnectorFailure.Temporary("a rollout of " + key + " is being started elsewhere", e);
        }
        return new Output(true, runId, null);
    }
}
