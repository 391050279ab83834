package org.fediflow.console;

import org.fediflow.shared.Json;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.fediflow.inbox.Deliveries;
import org.fediflow.workflow.Secrets;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/** Every delivery and what became of it; its body with secrets removed; replay as a new delivery. */
@RestController
@RequestMapping("/api/deliveries")
class DeliveriesController {

    private static final JsonMapper JSON = Json.MAPPER;

    private final Deliveries deliveries;
    private final Secrets secrets;

    DeliveriesController(Deliveries deliveries, Secrets secrets) {
        this.deliveries = deliveries;
        this.secrets = secrets;
    }

    @GetMapping
    List<Map<String, Object>> list(@RequestParam(required = false) String source,
                                   @RequestParam(required = false) String event,
                                   @RequestParam(required = false) String outcome,
                                   @RequestParam(defaultValue = "200") int limit) {
        return deliveries.list(source, event, outcome, Math.max(1, Math.min(limit, 1000))).stream()
                .map(d -> view(d, false)).toList();
    }

    @GetMapping("/{id}")
    ResponseEntity<?> get(@PathVariable String id) {
        return deliveries.get(id).<ResponseEntity<?>>map(d -> ResponseEntity.ok(view(d, true)))
                .orElseGet(() -> notFound(id));
    }

    @PostMapping("/{id}/replay")
    ResponseEntity<?> replay(@PathVariable String id) {
        var original = deliveries.get(id);
        if (original.isEmpty()) {
            return notFound(id);
        }
        return deliveries.replay(id).<ResponseEntity<?>>map(newId -> ResponseEntity.accepted().body(Map.of("id", newId)))
                .orElseGet(() -> Problems.answer(HttpStatus.CONFLICT, "delivery '" + id + "' was refused: nothing was stored to deliver again"));
    }

    private Map<String, Object> view(Deliveries.Delivery d, boolean withBody) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", d.id());
        view.put("source", d.source());
        view.put("event", d.event());
        view.put("receivedAt", d.receivedAt());
        view.put("outcome", d.outcome());
        view.put("reason", secrets.mask(d.reason()));
        view.put("runs", d.runs());
        view.put("businessKey", d.businessKey());
        view.put("relatedTo", d.relatedTo());
        if (withBody) {
            view.put("body", body(d.body()));
        }
        return view;
    }

    private Object body(String stored) {
        if (stored == null) {
            return null;
        }
        try {
            return secrets.maskValue("body", JSON.readTree(stored));
        } catch (JacksonException e) {
            return secrets.mask(stored);
        }
    }

    private static ResponseEntity<?> notFound(String id) {
        return Problems.answer(HttpStatus.NOT_FOUND, "no delivery '" + id + "'");
    }
}
