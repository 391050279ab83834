package org.fediflow.workflow;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param bpmn     where the diagrams live ({@code fediflow.bpmn.dir})
 * @param workflow engine tuning ({@code fediflow.workflow.*})
 * @param flows    per process key ({@code fediflow.flows.<key>.enabled}): switch a flow off
 */
@ConfigurationProperties("fediflow")
public record WorkflowProperties(@DefaultValue Bpmn bpmn, @DefaultValue Workflow workflow, Map<String, Flow> flows) {

    public WorkflowProperties {
        flows = flows == null ? Map.of() : Map.copyOf(flows);
    }

    /** Whether the flow of this process key runs ({@code fediflow.flows.<key>.enabled}, default true). */
    public boolean enabled(String key) {
        Flow flow = flows.get(key);
        return flow == null || flow.enabled();
    }

    /**
     * @param dir           folder of diagrams, deployed at start and on change
     * @param watchInterval how often the folder is checked for changed files (read by DiagramWatcher's schedule)
     */
    public record Bpmn(@DefaultValue("./bpmn") Path dir, @DefaultValue("2s") Duration watchInterval) {
    }

    /**
     * @param retries        tries of a connector step before it becomes an incident, unless the diagram says
     *                       otherwise with {@code flowable:failedJobRetryTimeCycle}
     * @param retryWait      wait between those tries
     * @param jobLockTime    how long a node owns a job it took; after a crash another node takes it over then
     *                       (plus up to 10 s). Every step must finish within it: the HTTP connectors' timeouts do.
     */
    public record Workflow(@DefaultValue("3") int retries, @DefaultValue("60s") Duration retryWait,
                           @DefaultValue("60s") Duration jobLockTime) {
    }

    /** @param enabled false: the flow is not deployed and an already deployed version starts no new runs */
    public record Flow(@DefaultValue("true") boolean enabled) {
    }
}
