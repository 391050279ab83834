package org.fediflow.console;

import java.util.Map;

import org.fediflow.workflow.Diagrams;
import org.fediflow.workflow.FlowSwitches;
import org.fediflow.workflow.Runs;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Switching a diagram on and off, and deleting it: no new runs, the runs it has go on and stay in history. */
@RestController
@RequestMapping("/api/definitions/{key}")
class DefinitionSwitchesController {

    private final Runs runs;
    private final FlowSwitches switches;
    private final Diagrams diagrams;

    DefinitionSwitchesController(Runs runs, FlowSwitches switches, Diagrams diagrams) {
        this.runs = runs;
        this.switches = switches;
        this.diagrams = diagrams;
    }

    @PostMapping("/enable")
    ResponseEntity<?> enable(@PathVariable String key) {
        if (!exists(key)) {
            return notFound(key);
        }
        switches.enable(key);
        return ResponseEntity.ok(Map.of("key", key, "enabled", true));
    }

    @PostMapping("/disable")
    ResponseEntity<?> disable(@PathVariable String key) {
        if (!exists(key)) {
            return notFound(key);
        }
        switches.disable(key);
        return ResponseEntity.ok(Map.of("key", key, "enabled", false));
    }

    @DeleteMapping
    ResponseEntity<?> delete(@PathVariable String key) {
        return diagrams.delete(key) ? ResponseEntity.noContent().build() : notFound(key);
    }

    private boolean exists(String key) {
        return runs.definitions().stream().anyMatch(d -> d.key().equals(key));
    }

    private static ResponseEntity<?> notFound(String key) {
        return ResponseEntity.status(HttpStatus.NOT_FOUND).body(Map.of("error", "no definition '" + key + "'"));
    }
}
