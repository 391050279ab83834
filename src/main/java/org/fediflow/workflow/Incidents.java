package org.fediflow.workflow;

import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

import org.flowable.engine.ManagementService;
import org.flowable.engine.RepositoryService;
import org.flowable.engine.repository.ProcessDefinition;
import org.flowable.job.api.Job;
import org.springframework.stereotype.Service;

/**
 * The engine's incidents (steps whose tries are used up: dead-letter jobs), secrets masked, and the operator's hand
 * on them: retry one, or every one of a step.
 */
@Service
public class Incidents {

    private final RepositoryService repository;
    private final ManagementService management;
    private final Secrets secrets;
    private final int retries;

    Incidents(RepositoryService repository, ManagementService management, Secrets secrets, WorkflowProperties properties) {
        this.repository = repository;
        this.management = management;
        this.secrets = secrets;
        this.retries = properties.workflow().retries();
    }

    /** Every open incident, newest first. */
    public List<Incident> all() {
        Map<String, String> keys = new LinkedHashMap<>();
        return management.createDeadLetterJobQuery().orderByJobCreateTime().desc().list().stream()
                .map(job -> of(job, keys.computeIfAbsent(job.getProcessDefinitionId(), this::definitionKey)))
                .toList();
    }

    /** The incident with this id, if it is open. */
    public java.util.Optional<Incident> find(String incidentId) {
        Job job = management.createDeadLetterJobQuery().jobId(incidentId).singleResult();
        return java.util.Optional.ofNullable(job).map(this::of);
    }

    /** Puts the failed step back with a fresh set of tries; false when there is no such incident. */
    public boolean retry(String incidentId) {
        if (management.createDeadLetterJobQuery().jobId(incidentId).count() == 0) {
            return false;
        }
        management.moveDeadLetterJobToExecutableJob(incidentId, retries);
        return true;
    }

    /** Retries every open incident of one step of a process; returns how many. */
    public int retryAll(String key, String elementId) {
        int n = 0;
        for (Job job : management.createDeadLetterJobQuery().processDefinitionKey(key).elementId(elementId).list()) {
            if (retry(job.getId())) {
                n++;
            }
        }
        return n;
    }

    /** The runs with an open incident. */
    Set<String> failingRunIds() {
        return management.createDeadLetterJobQuery().list().stream().map(Job::getProcessInstanceId)
                .filter(Objects::nonNull).collect(Collectors.toSet());
    }

    /** The incident of a dead-letter job, its message masked. */
    Incident of(Job job) {
        return of(job, definitionKey(job.getProcessDefinitionId()));
    }

    /**
     * The incident a job's move to the dead-letter jobs opened, as stored (with the failure's message), once that
     * move committed; empty when it is gone again (retried already).
     */
    java.util.Optional<Incident> opened(Job moved) {
        Job dead = management.createDeadLetterJobQuery().jobId(moved.getId()).singleResult();
        if (dead == null && moved.getExecutionId() != null) {
            dead = management.createDeadLetterJobQuery().executionId(moved.getExecutionId()).orderByJobCreateTime().desc()
                    .listPage(0, 1).stream().findFirst().orElse(null);
        }
        return java.util.Optional.ofNullable(dead).map(this::of);
    }

    private Incident of(Job job, String definitionKey) {
        return new Incident(job.getId(), job.getProcessInstanceId(), definitionKey, job.getElementId(),
                secrets.mask(job.getExceptionMessage()), instant(job.getCreateTime()));
    }

    private String definitionKey(String definitionId) {
        if (definitionId == null) {
            return null;
        }
        ProcessDefinition definition = repository.getProcessDefinition(definitionId);
        return definition == null ? null : definition.getKey();
    }

    private static Instant instant(Date date) {
        return date == null ? null : date.toInstant();
    }

    public record Incident(String id, String instanceId, String definitionKey, String activityId, String message,
                           Instant createdAt) {
    }

    /** Published once when an incident opens, after the engine's transaction committed ({@link IncidentEvents}). */
    public record Opened(Incident incident) {
    }

    /**
     * Published once, on the node that tried last, when a delivery could not be handed to the engine in
     * {@code fediflow.inbox.max-attempts} tries: an incident of the inbox ({@code inbox-<id>} in {@code GET /api/incidents}).
     */
    public record DeliveryFailed(long deliveryId, String source, String eventType, int attempts, String error) {
    }
}
