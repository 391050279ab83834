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

import org.flowable.bpmn.model.FlowElement;
import org.flowable.bpmn.model.ServiceTask;
import org.flowable.engine.HistoryService;
import org.flowable.engine.ManagementService;
import org.flowable.engine.RepositoryService;
import org.flowable.engine.RuntimeService;
import org.flowable.engine.history.HistoricActivityInstance;
import org.flowable.engine.history.HistoricProcessInstance;
import org.flowable.engine.repository.Deployment;
import org.flowable.engine.repository.ProcessDefinition;
import org.flowable.engine.runtime.Execution;
import org.flowable.job.api.Job;
import org.springframework.stereotype.Service;

/**
 * What the console shows beyond the operator API of the contract: per-process figures, waiting runs and incidents
 * per element, version history with each version's XML, a run's steps with their inputs and outputs, incidents with
 * their stack traces; and the operator's hands: cancel a run, retry every incident of one step. Secrets masked.
 */
@Service
public class Processes {

    private final RepositoryService repository;
    private final RuntimeService runtime;
    private final HistoryService history;
    private final ManagementService management;
    private final DiagramValidator validator;
    private final Runs runs;
    private final Secrets secrets;
    private final Clock clock;
    private final FlowReadiness readiness;
    private final WorkflowProperties properties;

    Processes(RepositoryService repository, RuntimeService runtime, HistoryService history, ManagementService management,
              DiagramValidator validator, Runs runs, Secrets secrets, Clock clock, FlowReadiness readiness,
              WorkflowProperties properties) {
        this.readiness = readiness;
        this.properties = properties;
        this.repository = repository;
        this.runtime = runtime;
        this.history = history;
        this.management = management;
        this.validator = validator;
        this.runs = runs;
        this.secrets = secrets;
        this.clock = clock;
    }

    /** One row per process (latest version): running, completed in the last 24 hours, failed, next timer, incidents. */
    public List<Summary> summaries() {
        Date dayAgo = Date.from(clock.instant().minus(Duration.ofHours(24)));
        List<Summary> summaries = new ArrayList<>();
        for (Runs.Definition d : runs.definitions()) {
            List<Job> incidents = management.createDeadLetterJobQuery().processDefinitionKey(d.key()).list();
            long failed = incidents.stream().map(Job::getProcessInstanceId).filter(Objects::nonNull).distinct().count();
            long active = runtime.createProcessInstanceQuery().processDefinitionKey(d.key()).count();
            long completed = history.createHistoricProcessInstanceQuery().processDefinitionKey(d.key()).finished()
                    .notDeleted().finishedAfter(dayAgo).count();
            Instant nextTimer = management.createTimerJobQuery().processDefinitionKey(d.key()).orderByJobDuedate().asc()
                    .listPage(0, 1).stream().findFirst().map(j -> instant(j.getDuedate())).orElse(null);
            summaries.add(new Summary(d.key(), d.name(), d.version(), active - failed, completed, failed, nextTimer,
                    incidents.size(), readiness.missing(d.key()), !properties.enabled(d.key())));
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

    /** A run's steps in order with what each really did (Runs.steps), the path taken, where it waits, incidents in full. */
    public Optional<Inspection> inspect(String runId) {
        HistoricProcessInstance instance = history.createHistoricProcessInstanceQuery().processInstanceId(runId).singleResult();
        Optional<List<Runs.Step>> recorded = runs.steps(runId);
        if (instance == null || recorded.isEmpty()) {
            return Optional.empty();
        }
        var model = repository.getBpmnModel(instance.getProcessDefinitionId());
        List<Runs.Step> steps = new ArrayList<>(recorded.get());
        List<String> path = new ArrayList<>();
        for (HistoricActivityInstance a : runs.history(instance)) {
            if (a.getEndTime() != null && !path.contains(a.getActivityId())) {
                path.add(a.getActivityId());
            }
        }
        List<IncidentDetail> incidents = management.createDeadLetterJobQuery().processInstanceId(runId).list().stream()
                .map(j -> new IncidentDetail(j.getId(), j.getElementId(), secrets.mask(j.getExceptionMessage()),
                        secrets.mask(management.getDeadLetterJobExceptionStacktrace(j.getId())), instant(j.getCreateTime())))
                .toList();
        List<String> waitingAt = runtime.createExecutionQuery().processInstanceId(runId).list().stream()
                .map(Execution::getActivityId).filter(Objects::nonNull).distinct().toList();
        // A step that failed before it could record anything (an unknown connector) is shown from the model.
        for (IncidentDetail incident : incidents) {
            if (steps.stream().noneMatch(s -> s.activityId().equals(incident.activityId()) && s.endedAt() == null)) {
                FlowElement element = model.getFlowElement(incident.activityId());
                steps.add(new Runs.Step(incident.activityId(), element == null ? null : element.getName(),
                        element instanceof ServiceTask ? "serviceTask" : null, null, incident.createdAt(), null, null, null,
                        incident.message()));
            }
        }
        return Optional.of(new Inspection(instance.getProcessDefinitionKey(), instance.getProcessDefinitionVersion(),
                steps, path, waitingAt, incidents));
    }

    /** The contract's run filters plus a range of start times (from inclusive, to exclusive), newest first. */
    public List<Runs.Run> runs(String key, Runs.State state, String businessKey, Instant from, Instant to, int limit) {
        boolean ranged = from != null || to != null;
        return runs.runs(key, state, businessKey, ranged ? 5000 : limit).stream()
                .filter(r -> from == null || !r.startedAt().isBefore(from))
                .filter(r -> to == null || r.startedAt().isBefore(to))
                .limit(limit).toList();
    }

    /** Ends a running run; false when there is no such running run. */
    public boolean cancel(String runId, String reason) {
        if (runtime.createProcessInstanceQuery().processInstanceId(runId).count() == 0) {
            return false;
        }
        runtime.deleteProcessInstance(runId, reason);
        return true;
    }

    /** Retries every open incident of one step of a process; returns how many. */
    public int retryAll(String key, String elementId) {
        int n = 0;
        for (Job job : management.createDeadLetterJobQuery().processDefinitionKey(key).elementId(elementId).list()) {
            if (runs.retry(job.getId())) {
                n++;
            }
        }
        return n;
    }

    private static Instant instant(Date date) {
        return date == null ? null : date.toInstant();
    }

    /**
     * @param notConfigured settings the flow still needs ({@link FlowReadiness}); not empty = "not configured"
     * @param switchedOff   {@code fediflow.flows.<key>.enabled=false}
     */
    public record Summary(String key, String name, int version, long running, long completedLast24h, long failed,
                          Instant nextTimer, long openIncidents, List<String> notConfigured, boolean switchedOff) {
    }

    public record ElementCounts(long waiting, long incidents) {
    }

    /** @param author who deployed it in the console or through the API; null = from the diagrams folder */
    public record Version(int version, String resource, Instant deployedAt, String author) {
        public record Xml(int version, String resource, byte[] content) {
        }
    }

    public record IncidentDetail(String id, String activityId, String message, String stackTrace, Instant createdAt) {
    }

    /** {@code path}: the elements (steps and flows) the run has passed; {@code waitingAt}: where it is now. */
    public record Inspection(String definitionKey, int definitionVersion, List<Runs.Step> steps, List<String> path,
                             List<String> waitingAt, List<IncidentDetail> incidents) {
    }
}
