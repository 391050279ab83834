package org.fediflow.console;

import java.util.List;
import java.util.Map;

import org.fediflow.workflow.DeploymentOutcome;
import org.fediflow.workflow.ShippedDiagrams;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The diagrams that come with Fediflow: which run from the jar, which the operator overrides, and for an override
 * whether a newer shipped version is available (with the element differences); one call adopts it.
 */
@RestController
@RequestMapping("/api/diagrams/shipped")
class ShippedDiagramsController {

    private final ShippedDiagrams shipped;

    ShippedDiagramsController(ShippedDiagrams shipped) {
        this.shipped = shipped;
    }

    @GetMapping
    List<ShippedDiagrams.Status> statuses() {
        return shipped.statuses();
    }

    @PostMapping("/{key}/adopt")
    ResponseEntity<?> adopt(@PathVariable String key) {
        return shipped.adopt(key).<ResponseEntity<?>>map(outcome -> outcome instanceof DeploymentOutcome.Deployed d
                ? ResponseEntity.ok(Map.of("key", d.key(), "version", d.version()))
                : Problems.rejected(((DeploymentOutcome.Rejected) outcome).problems()))
                .orElseGet(() -> Problems.answer(HttpStatus.NOT_FOUND, "'" + key + "' is not a shipped diagram that you override"));
    }
}
