package org.fediflow.workflow;

import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param bpmn     where the diagrams live ({@code fediflow.bpmn.*})
 * @param workflow engine tuning ({@code fediflow.workflow.*})
 * @param timeZone the zone timer cycles are read in ({@code fediflow.time-zone}, an IANA id); empty = the server's
 * @param flows    per process key ({@code fediflow.flows.<key>.enabled}): switch a flow off
 */
@ConfigurationProperties("fediflow")
public record WorkflowProperties(@DefaultValue Bpmn bpmn, @DefaultValue Workflow workflow, String timeZone,
                                 Map<String, Flow> flows) {

    public WorkflowProperties {
        flows = flows == null ? Map.of() : Map.copyOf(flows);
    }

    /** {@code fediflow.time-zone} as a zone, the server's when not set. */
    public ZoneId zone() {
        if (timeZone == null || timeZone.isBlank()) {
            return ZoneId.systemDefault();
        }
        try {
            return ZoneId.of(timeZone.trim());
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("fediflow.time-zone: unknown time zone '" + timeZone
                    + "' (an IANA id such as Europe/Berlin or UTC)", e);
        }
    }

    /**
     * Whether the flow of this process key runs ({@code fediflow.flows.<key>.enabled}, default true). Keys are compared
     * without dashes and case, as an environment variable cannot spell a dash: {@code FEDIFLOW_FLOWS_RELEASEWATCH_ENABLED}
     * is release-watch's.
     */
    public boolean enabled(String key) {
        return flows.entrySet().stream().filter(e -> plain(e.getKey()).equals(plain(key)))
                .allMatch(e -> e.getValue().enabled());
    }

    static String plain(String key) {
        return key.toLowerCase(java.util.Locale.ROOT).replace("-", "").replace("_", "");
    }

    /**
     * @param dir           the operator's diagrams: their own, and their versions of shipped ones (which then win over
     *                      the jar's); written by the console. Unset: {@code ./data/bpmn}, and {@code ./bpmn} is read
     *                      too when it exists (docs/adr/0011)
     * @param watchInterval how often the folder is checked for changed files (read by DiagramWatcher's schedule)
     * @param shipped       deploy the diagrams that come with the jar (unless the folder has the operator's own version)
     */
    public record Bpmn(Path dir, @DefaultValue("2s") Duration watchInterval, @DefaultValue("true") boolean shipped) {
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
