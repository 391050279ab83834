package org.fediflow.console;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.fediflow.connector.ConnectorDescriptor;
import org.fediflow.connector.ConnectorRegistry;
import org.fediflow.workflow.DeploymentOutcome;
import org.fediflow.workflow.Diagrams;
import org.fediflow.workflow.Processes;
import org.fediflow.workflow.Runs;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** What the console's pages read and do beyond the contract's operator API (same login: Basic or the session). */
@RestController
@RequestMapping("/api")
class ConsoleApiController {

    private final Processes processes;
    private final Diagrams diagrams;
    private final ConnectorRegistry connectors;

    ConsoleApiController(Processes processes, Diagrams diagrams, ConnectorRegistry connectors) {
        this.processes = processes;
        this.diagrams = diagrams;
        this.connectors = connectors;
    }

    /** The connector catalog for the editor: id, name, inputs with types and required marks. */
    @GetMapping("/connectors")
    List<ConnectorDescriptor> connectors() {
        return connectors.descriptors();
    }

    @GetMapping("/processes")
    List<Processes.Summary> processes() {
        return processes.summaries();
    }

    @GetMapping("/processes/{key}/elements")
    Map<String, Processes.ElementCounts> elements(@PathVariable String key) {
        return processes.elementCounts(key);
    }

    @GetMapping("/processes/{key}/versions")
    List<Processes.Version> versions(@PathVariable String key) {
        return processes.versions(key);
    }

    @GetMapping(value = "/processes/{key}/xml", produces = MediaType.APPLICATION_XML_VALUE)
    ResponseEntity<byte[]> latestXml(@PathVariable String key) {
        return xml(key, null);
    }

    @GetMapping(value = "/processes/{key}/versions/{version}/xml", produces = MediaType.APPLICATION_XML_VALUE)
    ResponseEntity<byte[]> xml(@PathVariable String key, @PathVariable Integer version) {
        return processes.xml(key, version).map(x -> ResponseEntity.ok(x.content()))
                .orElseGet(() -> ResponseEntity.notFound().build());
    }

    /** Deploys an older version's XML as the newest version and writes it into the diagrams folder. */
    @PostMapping("/processes/{key}/versions/{version}/restore")
    ResponseEntity<?> restore(@PathVariable String key, @PathVariable int version, java.security.Principal who) {
        var old = processes.xml(key, version);
        var latest = processes.xml(key, null);
        if (old.isEmpty() || latest.isEmpty()) {
            return ResponseEntity.status(HttpStatus.NOT_FOUND).body(Map.of("error", "no version " + version + " of '" + key + "'"));
        }
        DeploymentOutcome outcome = diagrams.save(latest.get().resource(), old.get().content(), who.getName());
        AuditedRequests.deployment(outcome, "restored version " + version + " as");
        return deployed(outcome);
    }

    /** Deploy-time checks without deploying: {@code {errors:[{elementId, message}]}}, empty when it would deploy. */
    @PostMapping("/diagrams/validate")
    Map<String, Object> validate(@RequestBody(required = false) byte[] xml) {
        if (xml == null || xml.length == 0) {
            return Map.of("errors", List.of(error(null, "empty body: send the BPMN XML")));
        }
        return Map.of("errors", processes.problems(xml).stream().map(p -> error(p.elementId(), p.message())).toList());
    }

    @GetMapping("/runs")
    ResponseEntity<?> runs(@RequestParam(required = false) String definition, @RequestParam(required = false) String state,
                           @RequestParam(required = false) String businessKey, @RequestParam(required = false) String from,
                           @RequestParam(required = false) String to, @RequestParam(defaultValue = "200") int limit) {
        Runs.State wanted = null;
        Instant since;
        Instant until;
        try {
            if (state != null && !state.isBlank()) {
                wanted = Runs.State.valueOf(state.trim().toUpperCase(Locale.ROOT));
            }
            since = blank(from) ? null : Instant.parse(from.trim());
            until = blank(to) ? null : Instant.parse(to.trim());
        } catch (IllegalArgumentException | DateTimeParseException e) {
            return ResponseEntity.badRequest().body(Map.of("error",
                    "state must be active, completed, failed or cancelled; from and to ISO-8601 instants"));
        }
        return ResponseEntity.ok(processes.runs(blank(definition) ? null : definition, wanted,
                        blank(businessKey) ? null : businessKey.trim(), since, until, Math.max(1, Math.min(limit, 1000)))
                .stream().map(r -> new RunRow(r.id(), r.definitionKey(), r.businessKey(), r.state().label(), r.startedAt(),
                        r.endedAt())).toList());
    }

    /**
     * The run page's view: its steps with inputs and outputs, where it waits, its incidents with stack traces.
     * ({@code /api/runs/{id}/steps} is the contract's list of steps, in OperatorApiController.)
     */
    @GetMapping("/runs/{id}/inspection")
    ResponseEntity<?> inspection(@PathVariable String id) {
        return processes.inspect(id).<ResponseEntity<?>>map(ResponseEntity::ok)
                .orElseGet(() -> ResponseEntity.status(HttpStatus.NOT_FOUND).body(Map.of("error", "no run '" + id + "'")));
    }

    @PostMapping("/runs/{id}/cancel")
    ResponseEntity<?> cancel(@PathVariable String id, java.security.Principal who) {
        return processes.cancel(id, "cancelled by " + who.getName())
                ? ResponseEntity.accepted().body(Map.of("status", "cancelled"))
                : ResponseEntity.status(HttpStatus.NOT_FOUND).body(Map.of("error", "no running run '" + id + "'"));
    }

    /** Bulk retry: every open incident of one step of a process. */
    @PostMapping("/processes/{key}/elements/{elementId}/retry")
    ResponseEntity<?> retryAll(@PathVariable String key, @PathVariable String elementId) {
        int retried = processes.retryAll(key, elementId);
        AuditedRequests.describe("process:" + key + "/" + elementId, "retrying " + retried + " incident(s)");
        return ResponseEntity.accepted().body(Map.of("retried", retried));
    }

    private static ResponseEntity<?> deployed(DeploymentOutcome outcome) {
        if (outcome instanceof DeploymentOutcome.Deployed d) {
            return ResponseEntity.status(HttpStatus.CREATED).body(Map.of("key", d.key(), "version", d.version()));
        }
        var rejected = (DeploymentOutcome.Rejected) outcome;
        return ResponseEntity.unprocessableContent().body(Map.of("errors",
                rejected.problems().stream().map(p -> error(p.elementId(), p.message())).toList()));
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static Map<String, Object> error(String elementId, String message) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("elementId", elementId);
        error.put("message", message);
        return error;
    }

    record RunRow(String id, String definitionKey, String businessKey, String state, Instant startedAt, Instant endedAt) {
    }
}
