package org.fediflow.workflow;

import java.util.Set;
import java.util.TreeSet;

import org.fediflow.shared.InvalidConfiguration;
import org.flowable.engine.RepositoryService;
import org.flowable.engine.repository.ProcessDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** The flows switched off in the settings, applied to the engine at every start (see {@link #apply()}). */
@Component
class ConfiguredSwitches {

    private static final Logger log = LoggerFactory.getLogger(ConfiguredSwitches.class);

    private final ShippedDiagrams shipped;
    private final RepositoryService repository;
    private final JdbcTemplate jdbc;
    private final WorkflowProperties properties;

    ConfiguredSwitches(ShippedDiagrams shipped, RepositoryService repository, JdbcTemplate jdbc,
                       WorkflowProperties properties) {
        this.shipped = shipped;
        this.repository = repository;
        this.jdbc = jdbc;
        this.properties = properties;
    }

    /**
     * {@code fediflow.flows.<key>.enabled=false}: a deployed process of that key is suspended (no new runs, by timer
     * or message; running ones go on); switched on again, only what the setting suspended is resumed.
     */
    void apply() {
        Set<String> known = new TreeSet<>(shipped.keys());
        repository.createProcessDefinitionQuery().latestVersion().list().forEach(d -> known.add(d.getKey()));
        Set<String> keys = new TreeSet<>();
        for (String named : properties.flows().keySet()) {
            String key = known.stream().filter(k -> WorkflowProperties.plain(k).equals(WorkflowProperties.plain(named)))
                    .findFirst().orElseThrow(() -> new InvalidConfiguration("fediflow.flows." + named,
                            "no flow has the key '" + named + "'; the flows are " + String.join(", ", known)));
            keys.add(key);
        }
        keys.addAll(jdbc.queryForList("SELECT process_key FROM shipped_diagram WHERE switched_off = TRUE", String.class));
        for (String key : keys) {
            ProcessDefinition latest = repository.createProcessDefinitionQuery().processDefinitionKey(key).latestVersion()
                    .singleResult();
            boolean off = !properties.enabled(key);
            if (off) {
                if (latest != null && !latest.isSuspended()) {
                    repository.suspendProcessDefinitionByKey(key);
                }
                log.info("flow {} is switched off (fediflow.flows.{}.enabled=false)", key, key);
            } else if (latest != null && latest.isSuspended()) {
                repository.activateProcessDefinitionByKey(key);
                log.info("flow {} is switched on again", key);
            }
            if (jdbc.update("UPDATE shipped_diagram SET switched_off = ? WHERE process_key = ?", off, key) == 0 && off) {
                try {
                    jdbc.update("INSERT INTO shipped_diagram (process_key, switched_off) VALUES (?, ?)", key, true);
                } catch (DuplicateKeyException e) {
                    // another node recorded it
                }
            }
        }
    }
}
