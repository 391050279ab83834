package org.fediflow.console;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.fediflow.inbox.InboxOperations;
import org.fediflow.workflow.DeploymentOutcome;
import org.fediflow.workflow.Diagrams;
import org.fediflow.workflow.FlowSwitches;
import org.fediflow.workflow.Runs;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** The operator API of the contract: definitions, runs, incidents. */
@RestController
@RequestMapping("/api")
class OperatorApiController {

    /** Incidents of the inbox (deliveries that never reached the engine) carry this prefix in their id. */
    static final String INBOX_INCIDENT = "inbox-";

    private final Runs runs;
    private final Diagrams diagrams;
    private final InboxOperations inbox;
    private final FlowSwitches switches;

    OperatorApiController(Runs runs, Diagrams diagrams, InboxOperations inbox, FlowSwitches switches) {
        this.switches = switches;
        this.runs = runs;
        this.diagrams = diagrams;
        this.inbox = inbox;
    }

    @GetMapping("/definitions")
    List<Runs.Definition> definitions() {
        return runs.definitions();
    }

    @PostMapping("/definitions")
    ResponseEntity<?> deploy(@RequestParam("name") String name, @RequestBody(required = false) byte[] xml,
                             java.security.Principal who) {
        if (xml == null || xml.length == 0) {
            return ResponseEntity.unprocessableContent().body(Map.of("errors", List.of(error(null, "empty body: send the BPMN XML"))));
        }
        DeploymentOutcome outcome = diagrams.save(name, xml, who.getName());
        AuditedRequests.deployment(outcome, "deployed");
        if (outcome instanceof DeploymentOutcome.Deployed deployed) {
            return ResponseEntity.status(HttpStatus.CREATED).body(Map.of("key", deployed.key(), "version", deployed.version()));
        }
        DeploymentOutcome.Rejected rejected = (DeploymentOutcome.Rejected) outcome;
        return ResponseEntity.unprocessableContent().body(Map.of("errors",
                rejected.problems().stream().map(p -> error(p.elementId(), p.message())).toList()));
    }

    /** The JSON object reaches the run as {@code payload}, as a webhook's would, and its fields as variables. */
    @PostMapping("/definitions/{key}/start")
    ResponseEntity<?> start(@PathVariable String key, @RequestParam(required = false) String businessKey,
                            @RequestBody(required = false) JsonNode body) {
        if (!switches.isEnabled(key)) {
            return ResponseEntity.status(HttpStatus.CONFLICT).body(Map.of("error", "'" + key + "' is disabled: enable it first"));
        }
        if (body != null && !body.isObject() && !body.isNull()) {
            return ResponseEntity.badRequest().body(Map.of("error", "send a JSON object (or nothing)"));
        }
        ObjectNode payload = body instanceof ObjectNode object ? object : JsonNodeFactory.instance.objectNode();
        return runs.startByHand(key, businessKey, payload)
                .<ResponseEntity<?>>map(id -> {
                    AuditedRequests.describe("run:" + id, "started (process " + key + ")");
                    return ResponseEntity.status(HttpStatus.CREATED).body(Map.of("id", id));
                })
                .orElseGet(() -> ResponseEntity.status(HttpStatus.NOT_FOUND).body(Map.of("error", "no definition '" + key + "'")));
    }

    @GetMapping("/instances")
    ResponseEntity<?> instances(@RequestParam(required = false) String definition,
                                @RequestParam(required = false) String state,
                                @RequestParam(required = false) String businessKey,
                                @RequestParam(defaultValue = "200") int limit) {
        Runs.State wanted = null;
        if (state != null && !state.isBlank()) {
            try {
                wanted = Runs.State.valueOf(state.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                return ResponseEntity.badRequest().body(Map.of("error", "state must be active, completed, failed or cancelled"));
            }
        }
        return ResponseEntity.ok(runs.runs(definition, wanted, businessKey, Math.max(1, Math.min(limit, 1000))).stream()
                .map(InstanceView::of).toList());
    }

    @GetMapping("/instances/{id}")
    ResponseEntity<?> instance(@PathVariable String id) {
        return runs.run(id).<ResponseEntity<?>>map(d -> ResponseEntity.ok(InstanceDetailView.of(d)))
                .orElseGet(() -> ResponseEntity.status(HttpStatus.NOT_FOUND).body(Map.of("error", "no run '" + id + "'")));
    }

    /** What each step of a run really did: inputs as evaluated and output, secrets masked (contract). */
    @GetMapping("/runs/{id}/steps")
    ResponseEntity<?> steps(@PathVariable String id) {
        return runs.steps(id).<ResponseEntity<?>>map(ResponseEntity::ok)
                .orElseGet(() -> ResponseEntity.status(HttpStatus.NOT_FOUND).body(Map.of("error", "no run '" + id + "'")));
    }

    @GetMapping("/incidents")
    List<IncidentView> incidents() {
        List<IncidentView> all = new ArrayList<>();
        runs.incidents().forEach(i -> all.add(new IncidentView(i.id(), i.instanceId(), i.definitionKey(), i.activityId(),
                i.message(), i.createdAt())));
        inbox.list().forEach(f -> all.add(new IncidentView(INBOX_INCIDENT + f.id(), null, null, null,
                "delivery " + f.message() + " could not be handed to the engine: " + f.error(), f.receivedAt())));
        return all;
    }

    /** The webhook queue: deliveries per status and the oldest one still waiting for the engine. */
    @GetMapping("/inbox")
    Map<String, Object> inbox() {
        return inbox.stats();
    }

    @PostMapping("/incidents/{id}/retry")
    ResponseEntity<?> retry(@PathVariable String id) {
        boolean retried;
        if (id.startsWith(INBOX_INCIDENT)) {
            try {
                retried = inbox.retry(Long.parseLong(id.substring(INBOX_INCIDENT.length())));
            } catch (NumberFormatException e) {
                retried = false;
            }
        } else {
            String run = runs.incidents().stream().filter(i -> i.id().equals(id)).map(Runs.Incident::instanceId)
                    .findFirst().orElse(null);
            retried = runs.retry(id);
            if (run != null) {
                AuditedRequests.describe("run:" + run, retried ? "retrying incident " + id : "not found: incident " + id);
            }
        }
        return retried ? ResponseEntity.accepted().body(Map.of("status", "retrying"))
                : ResponseEntity.status(HttpStatus.NOT_FOUND).body(Map.of("error", "no incident '" + id + "'"));
    }

    private static Map<String, Object> error(String elementId, String message) {
        Map<String, Object> error = new java.util.LinkedHashMap<>();
        error.put("elementId", elementId);
        error.put("message", message);
        return error;
    }

    record InstanceView(String id, String definitionKey, String businessKey, String state, Instant startedAt,
                        Instant endedAt) {
        static InstanceView of(Runs.Run run) {
            return new InstanceView(run.id(), run.definitionKey(), run.businessKey(), run.state().label(),
                    run.startedAt(), run.endedAt());
        }
    }

    record InstanceDetailView(String id, String definitionKey, String businessKey, String state, Instant startedAt,
                              Instant endedAt, List<Runs.Activity> activities, Map<String, Object> variables) {
        static InstanceDetailView of(Runs.RunDetail detail) {
            Runs.Run run = detail.run();
            return new InstanceDetailView(run.id(), run.definitionKey(), run.businessKey(), run.state().label(),
                    run.startedAt(), run.endedAt(), detail.activities(), detail.variables());
        }
    }

    record IncidentView(String id, String instanceId, String definitionKey, String activityId, String message,
                        Instant createdAt) {
    }
}
