package org.fediflow.workflow;

import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param bpmn     where the diagrams live ({@code fediflow.bpmn.dir})
 * @param workflow engine tuning ({@code fediflow.workflow.*})
 * @param timeZone the zone timer cycles are read in ({@code fediflow.time-zone}, an IANA id); empty = the server's
 */
@ConfigurationProperties("fediflow")
public record WorkflowProperties(@DefaultValue Bpmn bpmn, @DefaultValue Workflow workflow, String timeZone) {

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
}
