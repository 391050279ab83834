package org.fediflow.console;

import java.security.Principal;
import java.util.List;
import java.util.Map;

import org.fediflow.connector.ConnectorDescriptor;
import org.fediflow.connector.ConnectorRegistry;
import org.fediflow.workflow.DeploymentOutcome;
import org.fediflow.workflow.Diagrams;
import org.fediflow.workflow.FlowSwitches;
import org.fediflow.workflow.Processes;
import org.fediflow.workflow.Runs;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
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

/**
 * The deployed processes: {@code /api/processes/…}. The contract's {@code /api/definitions/…} paths answer the same
 * (aliases; see docs/adr/0014-one-api-vocabulary.md): the list, deploy, start, enable, disable, delete.
 */
@RestController
@RequestMapping("/api")
class ProcessesController {

    private final Processes processes;
    private final Runs runs;
    private final Diagrams diagrams;
    private final FlowSwitches switches;
    private final ConnectorRegistry connectors;

    ProcessesController(Processes processes, Runs runs, Diagrams diagrams, FlowSwitches switches,
                        ConnectorRegistry connectors) {
        this.processes = processes;
        this.runs = runs;
        this.diagrams = diagrams;
        this.switches = switches;
        this.connectors = connectors;
    }

    /** The latest version of each process, {@code {key, name, version, resource, …}} with its figures. */
    @GetMapping({"/processes", "/definitions"})
    List<Processes.Summary> list() {
        return processes.summaries();
    }

    /** Deploys a diagram and writes it into the diagrams folder: {@code 201 {key, version}} or {@code 422 {errors}}. */
    @PostMapping({"/processes", "/definitions"})
    ResponseEntity<?> deploy(@RequestParam("name") String name, @RequestBody(required = false) byte[] xml, Principal who) {
        if (xml == null || xml.length == 0) {
            return Problems.rejected("empty body: send the BPMN XML");
        }
        DeploymentOutcome outcome = diagrams.save(name, xml, who.getName());
        AuditedRequests.deployment(outcome, "deployed");
        return deployed(outcome);
    }

    /** The JSON object reaches the run as {@code payload}, as a webhook's would, and its fields as variables. */
    @PostMapping({"/processes/{key}/start", "/definitions/{key}/start"})
    ResponseEntity<?> start(@PathVariable String key, @RequestParam(required = false) String businessKey,
                            @RequestBody(required = false) JsonNode body) {
        if (!switches.isEnabled(key)) {
            return Problems.answer(HttpStatus.CONFLICT, "'" + key + "' is disabled: enable it first");
        }
        if (body != null && !body.isObject() && !body.isNull()) {
            return Problems.badRequest("send a JSON object (or nothing)");
        }
        ObjectNode payload = body instanceof ObjectNode object ? object : JsonNodeFactory.instance.objectNode();
        return runs.startByHand(key, businessKey, payload)
                .<ResponseEntity<?>>map(id -> {
                    AuditedRequests.describe("run:" + id, "started (process " + key + ")");
                    return ResponseEntity.status(HttpStatus.CREATED).body(Map.of("id", id));
                })
                .orElseGet(() -> noProcess(key));
    }

    /** Switching a process on and off: no new runs while off, the runs it has go on. */
    @PostMapping({"/processes/{key}/enable", "/definitions/{key}/enable"})
    ResponseEntity<?> enable(@PathVariable String key) {
        if (!processes.exists(key)) {
            return noProcess(key);
        }
        switches.enable(key);
        return ResponseEntity.ok(Map.of("key", key, "enabled", true));
    }

    @PostMapping({"/processes/{key}/disable", "/definitions/{key}/disable"})
    ResponseEntity<?> disable(@PathVariable String key) {
        if (!processes.exists(key)) {
            return noProcess(key);
        }
        switches.disable(key);
        return ResponseEntity.ok(Map.of("key", key, "enabled", false));
    }

    /** No new runs, the file leaves the diagrams folder, its runs stay in history. */
    @DeleteMapping({"/processes/{key}", "/definitions/{key}"})
    ResponseEntity<?> delete(@PathVariable String key) {
        return diagrams.delete(key) ? ResponseEntity.noContent().build() : noProcess(key);
    }

    /** Per element: how many runs wait there, how many incidents are open. */
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
    ResponseEntity<?> restore(@PathVariable String key, @PathVariable int version, Principal who) {
        var old = processes.xml(key, version);
        var latest = processes.xml(key, null);
        if (old.isEmpty() || latest.isEmpty()) {
            return Problems.notFound("no version " + version + " of '" + key + "'");
        }
        DeploymentOutcome outcome = diagrams.save(latest.get().resource(), old.get().content(), who.getName());
        AuditedRequests.deployment(outcome, "restored version " + version + " as");
        return deployed(outcome);
    }

    /** Deploy-time checks without deploying: {@code {errors:[{elementId, message}]}}, empty when it would deploy. */
    @PostMapping("/diagrams/validate")
    Map<String, Object> validate(@RequestBody(required = false) byte[] xml) {
        if (xml == null || xml.length == 0) {
            return Map.of("errors", List.of(Problems.error(null, "empty body: send the BPMN XML")));
        }
        return Map.of("errors", processes.problems(xml).stream().map(p -> Problems.error(p.elementId(), p.message())).toList());
    }

    /** The connector catalog for the editor: id, name, inputs with types and required marks. */
    @GetMapping("/connectors")
    List<ConnectorDescriptor> connectors() {
        return connectors.descriptors();
    }

    private static ResponseEntity<?> deployed(DeploymentOutcome outcome) {
        if (outcome instanceof DeploymentOutcome.Deployed d) {
            return ResponseEntity.status(HttpStatus.CREATED).body(Map.of("key", d.key(), "version", d.version()));
        }
        return Problems.rejected(((DeploymentOutcome.Rejected) outcome).problems());
    }

    private static ResponseEntity<?> noProcess(String key) {
        return Problems.notFound("no process '" + key + "'");
    }
}
