package org.fediflow.workflow;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.flowable.bpmn.model.BoundaryEvent;
import org.flowable.bpmn.model.ServiceTask;
import org.flowable.engine.HistoryService;
import org.flowable.engine.ManagementService;
import org.flowable.engine.RepositoryService;
import org.flowable.engine.RuntimeService;
import org.flowable.engine.history.HistoricActivityInstance;
import org.flowable.engine.history.HistoricProcessInstance;
import org.flowable.engine.history.HistoricProcessInstanceQuery;
import org.flowable.engine.runtime.Execution;
import org.flowable.variable.api.history.HistoricVariableInstance;
import org.springframework.stereotype.Service;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The runs of the deployed processes ({@link Processes} are the diagrams themselves): start one, list and filter them,
 * one run with its activities and variables, what each step did, the run page's inspection, cancel. Secrets masked on
 * the way out. Longer than most classes: the list, the detail, the steps and the inspection share one reading of a
 * run's history ({@link #history}), and splitting them would spread that reading over several classes.
 */
@Service
public class Runs {

    private static final Set<String> HIDDEN_ACTIVITY_TYPES = Set.of("sequenceFlow");

    private final RepositoryService repository;
    private final RuntimeService runtime;
    private final HistoryService history;
    private final ManagementService management;
    private final Secrets secrets;
    private final StepRecords records;
    private final Incidents incidents;

    Runs(RepositoryService repository, RuntimeService runtime, HistoryService history, ManagementService management,
         Secrets secrets, StepRecords records, Incidents incidents) {
        this.records = records;
        this.incidents = incidents;
        this.repository = repository;
        this.runtime = runtime;
        this.history = history;
        this.management = management;
        this.secrets = secrets;
    }

    /** @return the new run's id, or empty when no definition has this key */
    public Optional<String> start(String key, Map<String, Object> variables) {
        if (repository.createProcessDefinitionQuery().processDefinitionKey(key).latestVersion().count() == 0) {
            return Optional.empty();
        }
        return Optional.of(runtime.startProcessInstanceByKey(key, variables).getId());
    }

    /**
     * A start by hand (the operator API, the console): the run sees the JSON object as {@code payload}, as if a webhook
     * had brought it, with {@code event} and {@code source} {@code manual}; its top-level fields are variables too
     * (scalars as such, objects and arrays as JSON), so {@code ${key}} and {@code ${payload.key}} both work.
     *
     * @return the new run's id, or empty when no definition has this key
     */
    public Optional<String> startByHand(String key, String businessKey, ObjectNode payload) {
        if (repository.createProcessDefinitionQuery().processDefinitionKey(key).latestVersion().count() == 0) {
            return Optional.empty();
        }
        Map<String, Object> variables = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> field : payload.properties()) {
            JsonNode value = field.getValue();
            variables.put(field.getKey(), value.isContainer() ? value : value.isNumber() ? value.numberValue()
                    : value.isBoolean() ? (Object) value.booleanValue() : value.isNull() ? null : value.asString());
        }
        variables.put("payload", payload);
        variables.put("event", "manual");
        variables.put("source", "manual");
        return Optional.of(runtime.startProcessInstanceByKey(key, businessKey, variables).getId());
    }

    /**
     * Starts the latest version of {@code key} with a business key, in the caller's transaction (a step starting
     * another run commits both together).
     *
     * @return the new run's id, or empty when no definition has this key
     */
    public Optional<String> start(String key, String businessKey, Map<String, Object> variables) {
        if (repository.createProcessDefinitionQuery().processDefinitionKey(key).latestVersion().count() == 0) {
            return Optional.empty();
        }
        return Optional.of(runtime.startProcessInstanceByKey(key, businessKey, variables).getId());
    }

    /** True when a run of {@code key} other than the given business key is still going. */
    public boolean anotherActive(String key, String businessKey) {
        return runtime.createProcessInstanceQuery().processDefinitionKey(key).active().list().stream()
                .anyMatch(run -> !businessKey.equals(run.getBusinessKey()));
    }

    /** The contract's run filters plus a range of start times (from inclusive, to exclusive; either may be null), newest first. */
    public List<Run> runs(String key, State state, String businessKey, Instant from, Instant to, int limit) {
        if (from == null && to == null) {
            return runs(key, state, businessKey, limit);
        }
        return runs(key, state, businessKey, 5000).stream()
                .filter(r -> from == null || !r.startedAt().isBefore(from))
                .filter(r -> to == null || r.startedAt().isBefore(to))
                .limit(limit).toList();
    }

    public List<Run> runs(String definitionKey, State state, String businessKey, int limit) {
        HistoricProcessInstanceQuery query = history.createHistoricProcessInstanceQuery();
        if (definitionKey != null) {
            query.processDefinitionKey(definitionKey);
        }
        if (businessKey != null) {
            query.processInstanceBusinessKey(businessKey);
        }
        Set<String> failing = incidents.failingRunIds();
        if (state == State.FAILED) {
            if (failing.isEmpty()) {
                return List.of();
            }
            query.processInstanceIds(failing);
        } else if (state == State.ACTIVE) {
            query.unfinished();
        } else if (state == State.COMPLETED) {
            query.finished();
        }
        return query.orderByProcessInstanceStartTime().desc().listPage(0, limit).stream()
                .map(p -> run(p, failing))
                .filter(r -> state == null || r.state() == state)
                .toList();
    }

    public Optional<RunDetail> run(String id) {
        HistoricProcessInstance instance = history.createHistoricProcessInstanceQuery().processInstanceId(id).singleResult();
        if (instance == null) {
            return Optional.empty();
        }
        List<Activity> activities = history(instance).stream()
                .filter(a -> !HIDDEN_ACTIVITY_TYPES.contains(a.getActivityType()))
                .map(Runs::activity).toList();
        Map<String, Object> variables = new LinkedHashMap<>();
        history.createHistoricVariableInstanceQuery().processInstanceId(id).list().stream()
                .filter(v -> v.getTaskId() == null)
                .sorted(Comparator.comparing(HistoricVariableInstance::getVariableName))
                .forEach(v -> variables.put(v.getVariableName(), secrets.maskValue(v.getVariableName(), v.getValue())));
        return Optional.of(new RunDetail(run(instance, incidents.failingRunIds()), activities, variables));
    }

    /**
     * What each step of a run really did, in order: every element the run passed or waits at, and for each connector
     * step its inputs as evaluated and its output (secrets masked), or the error of its last failed try. A try that
     * failed leaves no trace in the engine's history (its transaction rolled back); it is shown from its record.
     *
     * @return empty when there is no such run
     */
    public Optional<List<Step>> steps(String runId) {
        HistoricProcessInstance instance = history.createHistoricProcessInstanceQuery().processInstanceId(runId).singleResult();
        if (instance == null) {
            return Optional.empty();
        }
        Map<String, StepRecords.Recorded> recorded = new LinkedHashMap<>();
        records.of(runId).forEach(r -> recorded.put(r.key(), r));
        Map<String, Integer> visits = new HashMap<>();
        List<Step> steps = new ArrayList<>();
        for (HistoricActivityInstance a : history(instance)) {
            if (HIDDEN_ACTIVITY_TYPES.contains(a.getActivityType())) {
                continue;
            }
            // The n-th visit of a step is recorded under the step's idempotency key for that visit.
            int visit = visits.merge(a.getActivityId(), 1, Integer::sum) - 1;
            StepRecords.Recorded r = recorded.remove(runId + ":" + a.getActivityId() + (visit == 0 ? "" : ":" + visit));
            steps.add(new Step(a.getActivityId(), a.getActivityName(), a.getActivityType(), r == null ? null : r.connector(),
                    instant(a.getStartTime()), instant(a.getEndTime()), r == null ? null : r.inputs(),
                    r == null ? null : r.output(), r == null ? null : r.error()));
        }
        if (!recorded.isEmpty()) {
            var model = repository.getBpmnModel(instance.getProcessDefinitionId());
            for (StepRecords.Recorded r : recorded.values()) {
                var element = model.getFlowElement(r.activityId());
                steps.add(new Step(r.activityId(), element == null ? null : element.getName(), "serviceTask", r.connector(),
                        r.startedAt(), r.endedAt(), r.inputs(), r.output(), r.error()));
            }
            steps.sort(Comparator.comparing(Step::startedAt, Comparator.nullsLast(Comparator.naturalOrder())));
        }
        return Optional.of(steps);
    }

    /** A run's steps in order with what each really did ({@link #steps}), the path taken, where it waits, incidents in full. */
    public Optional<Inspection> inspect(String runId) {
        HistoricProcessInstance instance = history.createHistoricProcessInstanceQuery().processInstanceId(runId).singleResult();
        Optional<List<Step>> recorded = steps(runId);
        if (instance == null || recorded.isEmpty()) {
            return Optional.empty();
        }
        var model = repository.getBpmnModel(instance.getProcessDefinitionId());
        List<Step> steps = new ArrayList<>(recorded.get());
        List<String> path = new ArrayList<>();
        for (HistoricActivityInstance a : history(instance)) {
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
                var element = model.getFlowElement(incident.activityId());
                steps.add(new Step(incident.activityId(), element == null ? null : element.getName(),
                        element instanceof ServiceTask ? "serviceTask" : null, null,
                        incident.createdAt(), null, null, null, incident.message()));
            }
        }
        return Optional.of(new Inspection(instance.getProcessDefinitionKey(), instance.getProcessDefinitionVersion(),
                steps, path, waitingAt, incidents));
    }

    /** Ends a running run; false when there is no such running run. */
    public boolean cancel(String runId, String reason) {
        if (runtime.createProcessInstanceQuery().processInstanceId(runId).count() == 0) {
            return false;
        }
        runtime.deleteProcessInstance(runId, reason);
        return true;
    }

    /**
     * The elements a run passed or waits at, in order. The engine records a boundary event for as long as its step
     * runs, whether it fires or not; one that ended without leaving through any of its outgoing flows never fired and
     * is left out, so a caught error that did not happen is not shown as the path taken.
     */
    List<HistoricActivityInstance> history(HistoricProcessInstance instance) {
        List<HistoricActivityInstance> all = history.createHistoricActivityInstanceQuery().processInstanceId(instance.getId())
                .orderByHistoricActivityInstanceStartTime().asc().list();
        if (all.stream().noneMatch(a -> "boundaryEvent".equals(a.getActivityType()) && a.getEndTime() != null)) {
            return all;
        }
        var model = repository.getBpmnModel(instance.getProcessDefinitionId());
        Set<String> passed = all.stream().map(HistoricActivityInstance::getActivityId).collect(Collectors.toSet());
        return all.stream().filter(a -> !"boundaryEvent".equals(a.getActivityType()) || a.getEndTime() == null
                || !(model.getFlowElement(a.getActivityId()) instanceof BoundaryEvent event)
                || event.getOutgoingFlows().isEmpty()
                || event.getOutgoingFlows().stream().anyMatch(flow -> passed.contains(flow.getId()))).toList();
    }

    private Run run(HistoricProcessInstance p, Set<String> failing) {
        State state;
        if (p.getEndTime() != null) {
            state = p.getDeleteReason() == null ? State.COMPLETED : State.CANCELLED;
        } else {
            state = failing.contains(p.getId()) ? State.FAILED : State.ACTIVE;
        }
        return new Run(p.getId(), p.getProcessDefinitionKey(), p.getBusinessKey(), state, instant(p.getStartTime()),
                instant(p.getEndTime()));
    }

    private static Activity activity(HistoricActivityInstance a) {
        return new Activity(a.getActivityId(), a.getActivityName(), a.getActivityType(), instant(a.getStartTime()),
                instant(a.getEndTime()));
    }

    private static Instant instant(Date date) {
        return date == null ? null : date.toInstant();
    }

    public enum State {
        ACTIVE, COMPLETED, FAILED, CANCELLED;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public record Run(String id, String definitionKey, String businessKey, State state, Instant startedAt,
                      Instant endedAt) {
    }

    public record Activity(String activityId, String name, String type, Instant startedAt, Instant endedAt) {
    }

    /**
     * One step of a run. {@code inputs}, {@code output} and {@code error} are there for connector steps that ran:
     * inputs as evaluated and output as returned (whether or not the diagram keeps it), secrets masked.
     */
    public record Step(String activityId, String name, String type, String connector, Instant startedAt, Instant endedAt,
                       JsonNode inputs, JsonNode output, String error) {
    }

    public record RunDetail(Run run, List<Activity> activities, Map<String, Object> variables) {
    }

    public record IncidentDetail(String id, String activityId, String message, String stackTrace, Instant createdAt) {
    }

    /** {@code path}: the elements (steps and flows) the run has passed; {@code waitingAt}: where it is now. */
    public record Inspection(String definitionKey, int definitionVersion, List<Step> steps, List<String> path,
                             List<String> waitingAt, List<IncidentDetail> incidents) {
    }

}
