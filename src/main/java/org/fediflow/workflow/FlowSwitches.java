package org.fediflow.workflow;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;

import org.flowable.engine.RepositoryService;
import org.flowable.engine.repository.ProcessDefinition;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Which diagrams may start new runs: the one place manual starts and the console ask. A disabled diagram starts
 * nothing (its runs already going finish): its definitions are suspended in the engine, so the router (which starts
 * only active definitions) passes it by and no node fires its timers. The operator's switch is stored (table {@code flow_switch}, shared by all
 * nodes); without one, {@code fediflow.flows.<key>.enabled} decides, default on.
 */
@Service
public class FlowSwitches {

    private final JdbcTemplate jdbc;
    private final RepositoryService repository;
    private final WorkflowProperties configured;
    private final Clock clock;

    FlowSwitches(JdbcTemplate jdbc, RepositoryService repository, WorkflowProperties properties, Clock clock) {
        this.jdbc = jdbc;
        this.repository = repository;
        this.configured = properties;
        this.clock = clock;
    }

    /** False for a disabled or deleted diagram: it must start no new run. */
    public boolean isEnabled(String key) {
        List<Boolean> stored = jdbc.queryForList("SELECT enabled FROM flow_switch WHERE process_key = ?", Boolean.class, key);
        if (!stored.isEmpty()) {
            return stored.get(0);
        }
        return configured.enabled(key);
    }

    public boolean isDeleted(String key) {
        return !jdbc.queryForList("SELECT process_key FROM flow_switch WHERE process_key = ? AND deleted = TRUE",
                String.class, key).isEmpty();
    }

    @Transactional
    public void enable(String key) {
        store(key, true, false);
        for (ProcessDefinition definition : definitions(key)) {
            if (definition.isSuspended()) {
                repository.activateProcessDefinitionById(definition.getId());
            }
        }
    }

    @Transactional
    public void disable(String key) {
        store(key, false, false);
        hold(key);
    }

    /** Disabled for good: the diagram leaves the dashboard; its runs and history stay. */
    @Transactional
    void markDeleted(String key) {
        store(key, false, true);
        hold(key);
    }

    /**
     * After a deploy: a new version of a disabled diagram is held like the older ones (the engine makes each new
     * version active and schedules its timers); a deleted diagram deployed again is back, with its own default.
     */
    void deployed(String key) {
        if (isDeleted(key)) {
            jdbc.update("DELETE FROM flow_switch WHERE process_key = ?", key);
        }
        if (!isEnabled(key)) {
            hold(key);
        }
    }

    private void hold(String key) {
        for (ProcessDefinition definition : definitions(key)) {
            if (!definition.isSuspended()) {
                // Running runs go on: only new starts (messages, timers, manual) are refused by the engine.
                repository.suspendProcessDefinitionById(definition.getId(), false, null);
            }
        }
    }

    private List<ProcessDefinition> definitions(String key) {
        return repository.createProcessDefinitionQuery().processDefinitionKey(key).list();
    }

    private void store(String key, boolean enabled, boolean deleted) {
        Timestamp now = Timestamp.from(clock.instant());
        if (jdbc.update("UPDATE flow_switch SET enabled = ?, deleted = ?, changed_at = ? WHERE process_key = ?",
                enabled, deleted, now, key) == 0) {
            jdbc.update("INSERT INTO flow_switch (process_key, enabled, deleted, changed_at) VALUES (?, ?, ?, ?)",
                    key, enabled, deleted, now);
        }
    }
}
