package org.fediflow.console;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.fediflow.inbox.InboxOperations;
import org.fediflow.workflow.Incidents;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Incidents (the engine's, and deliveries that never reached it) and the hand on them: retry. */
@RestController
@RequestMapping("/api")
class IncidentsController {

    /** Incidents of the inbox (deliveries that never reached the engine) carry this prefix in their id. */
    static final String INBOX_INCIDENT = "inbox-";

    private final Incidents incidents;
    private final InboxOperations inbox;

    IncidentsController(Incidents incidents, InboxOperations inbox) {
        this.incidents = incidents;
        this.inbox = inbox;
    }

    @GetMapping("/incidents")
    List<IncidentView> list() {
        List<IncidentView> all = new ArrayList<>();
        incidents.all().forEach(i -> all.add(new IncidentView(i.id(), i.instanceId(), i.definitionKey(), i.activityId(),
                i.message(), i.createdAt())));
        inbox.list().forEach(f -> all.add(new IncidentView(INBOX_INCIDENT + f.id(), null, null, null,
                "delivery " + f.message() + " could not be handed to the engine: " + f.error(), f.receivedAt())));
        return all;
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
            String run = incidents.find(id).map(Incidents.Incident::instanceId).orElse(null);
            retried = incidents.retry(id);
            if (run != null) {
                AuditedRequests.describe("run:" + run, retried ? "retrying incident " + id : "not found: incident " + id);
            }
        }
        return retried ? ResponseEntity.accepted().body(Map.of("status", "retrying"))
                : Problems.notFound("no incident '" + id + "'");
    }

    /** Bulk retry: every open incident of one step of a process. */
    @PostMapping("/processes/{key}/elements/{elementId}/retry")
    ResponseEntity<?> retryAll(@PathVariable String key, @PathVariable String elementId) {
        int retried = incidents.retryAll(key, elementId);
        AuditedRequests.describe("process:" + key + "/" + elementId, "retrying " + retried + " incident(s)");
        return ResponseEntity.accepted().body(Map.of("retried", retried));
    }

    /** The webhook queue: deliveries per status and the oldest one still waiting for the engine. */
    @GetMapping("/inbox")
    Map<String, Object> inbox() {
        return inbox.stats();
    }

    record IncidentView(String id, String instanceId, String definitionKey, String activityId, String message,
                        Instant createdAt) {
    }
}
