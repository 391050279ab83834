package org.fediflow.workflow;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

import org.flowable.engine.HistoryService;
import org.flowable.engine.ManagementService;
import org.flowable.engine.RepositoryService;
import org.flowable.engine.RuntimeService;
import org.flowable.engine.repository.Deployment;
import org.flowable.engine.repository.ProcessDefinition;
import org.flowable.engine.runtime.Execution;
import org.flowable.job.api.Job;
import org.springframework.stereotype.Service;

/**
 * The deployed processes (the diagrams; their runs are {@link Runs}): the latest version of each with its figures
 * (running, completed in the last 24 hours, failed, next timer, incidents, switches), waiting runs and incidents per
 * element, version history with each version's XML, the deploy-time checks without deploying.
 */
@Service
public class Processes {

    private final RepositoryService repository;
    private final RuntimeService runtime;
    private final HistoryService history;
    private final ManagementService management;
    private final DiagramValidator validator;
    private final Clock clock;
    private final FlowReadiness readiness;
    private final WorkflowProperties properties;
    private final FlowSwitches switches;

    Processes(RepositoryService repository, RuntimeService runtime, HistoryService history, ManagementService management,
              DiagramValidator validator, Clock clock, FlowReadiness readiness, WorkflowProperties properties,
              FlowSwitches switches) {
        this.readiness = readiness;
        this.properties = properties;
        this.repository = repository;
        this.runtime = runtime;
        this.history = history;
        this.management = management;
        this.validator = validator;
        this.clock = clock;
        this.switches = switches;
    }

    /** The latest version of every process not deleted, by key. */
    public List<Definition> definitions() {
        return repository.createProcessDefinitionQuery().latestVersion().orderByProcessDefinitionKey().asc().list()
                .stream().filter(d -> !switches.isDeleted(d.getKey()))
                .map(d -> new Definition(d.getKey(), d.getName(), d.getVersion(), d.getResourceName(),
                        switches.isEnabled(d.getKey())))
                .toList();
    }

    /** Whether a process with this key is deployed (and not deleted). */
    public boolean exists(String key) {
        return definitions().stream().anyMatch(d -> d.key().equals(key));
    }

    /** One row per process (latest version): running, completed in the last 24 hours, failed, next timer, incidents. */
    public List<Summary> summaries() {
        Date dayAgo = Date.from(clock.instant().minus(Duration.ofHours(24)));
        List<Summary> summaries = new ArrayList<>();
        for (Definition d : definitions()) {
            List<Job> incidents = management.createDeadLetterJobQuery().processDefinitionKey(d.key()).list();
            long failed = incidents.stream().map(Job::getProcessInstanceId).filter(Objects::nonNull).distinct().count();
            long active = runtime.createProcessInstanceQuery().processDefinitionKey(d.key()).count();
            long completed = history.createHistoricProcessInstanceQuery().processDefinitionKey(d.key()).finished()
                    .notDeleted().finishedAfter(dayAgo).count();
            Instant nextTimer = management.createTimerJobQuery().processDefinitionKey(d.key()).orderByJobDuedate().asc()
                    .listPage(0, 1).stream().findFirst().map(j -> instant(j.getDuedate())).orElse(null);
            summaries.add(new Summary(d.key(), d.name(), d.version(), d.resource(), d.enabled(), active - failed,
                    completed, failed, nextTimer, incidents.size(), readiness.missing(d.key()), !properties.enabled(d.key())));
        }
        return summaries;
    }

    /** Per element id of the process (any version): how many runs wait there and how many incidents are open. */
    public Map<String, ElementCounts> elementCounts(String key) {
        Map<String, Long> waiting = new HashMap<>();
        for (Execution e : runtime.createExecutionQuery().processDefinitionKey(key).list()) {
            if (e.getActivityId() != null && e.getParentId() != null) {
                waiting.merge(e.getActivityId(), 1L, Long::sum);
            }
        }
        Map<String, Long> failing = new HashMap<>();
        management.createDeadLetterJobQuery().processDefinitionKey(key).list()
                .forEach(j -> failing.merge(j.getElementId(), 1L, Long::sum));
        Map<String, ElementCounts> counts = new TreeMap<>();
        waiting.forEach((id, n) -> counts.put(id, new ElementCounts(n, failing.getOrDefault(id, 0L))));
        failing.forEach((id, n) -> counts.putIfAbsent(id, new ElementCounts(0, n)));
        return counts;
    }

    /** Every deployed version of a process, newest first. */
    public List<Version> versions(String key) {
        return repository.createProcessDefinitionQuery().processDefinitionKey(key).orderByProcessDefinitionVersion()
                .desc().list().stream().map(d -> {
                    Deployment deployment = repository.createDeploymentQuery().deploymentId(d.getDeploymentId()).singleResult();
                    return new Version(d.getVersion(), d.getResourceName(), instant(deployment.getDeploymentTime()),
                            deployment.getCategory());
                }).toList();
    }

    /** The XML of one version (the latest when {@code version} is null). */
    public Optional<Version.Xml> xml(String key, Integer version) {
        var query = repository.createProcessDefinitionQuery().processDefinitionKey(key);
        ProcessDefinition definition = version == null ? query.latestVersion().singleResult()
                : query.processDefinitionVersion(version).singleResult();
        if (definition == null) {
            return Optional.empty();
        }
        try (InputStream in = repository.getResourceAsStream(definition.getDeploymentId(), definition.getResourceName())) {
            return Optional.of(new Version.Xml(definition.getVersion(), definition.getResourceName(), in.readAllBytes()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The deploy-time checks, without deploying. */
    public List<DiagramProblem> problems(byte[] xml) {
        return validator.validate(xml).problems();
    }

    private static Instant instant(Date date) {
        return date == null ? null : date.toInstant();
    }

    /** @param enabled whether it starts new runs ({@link FlowSwitches}) */
    public record Definition(String key, String name, int version, String resource, boolean enabled) {
    }

    /**
     * A {@link Definition} with its figures: {@code GET /api/processes} (and the contract's {@code /api/definitions}).
     *
     * @param enabled       whether it starts new runs ({@link FlowSwitches}, the console's switch)
     * @param notConfigured settings the flow still needs ({@link FlowReadiness}); not empty = "not configured"
     * @param switchedOff   {@code fediflow.flows.<key>.enabled=false}
     */
    public record Summary(String key, String name, int version, String resource, boolean enabled, long running,
                          long completedLast24h, long failed, Instant nextTimer, long openIncidents,
                          List<String> notConfigured, boolean switchedOff) {
    }

    public record ElementCounts(long waiting, long incidents) {
    }

    /** @param author who deployed it in the console or through the API; null = from the diagrams folder */
    public record Version(int version, String resource, Instant deployedAt, String author) {
        public record Xml(int version, String resource, byte[] content) {
        }
    }
}
