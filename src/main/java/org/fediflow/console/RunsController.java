package org.fediflow.console;

import java.security.Principal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.fediflow.workflow.Runs;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The runs: {@code /api/runs/…}. The contract's {@code /api/instances} and {@code /api/instances/{id}} answer the
 * same (aliases; see docs/adr/0014-one-api-vocabulary.md).
 */
@RestController
@RequestMapping("/api")
class RunsController {

    private final Runs runs;

    RunsController(Runs runs) {
        this.runs = runs;
    }

    /** {@code [{id, definitionKey, businessKey, state, startedAt, endedAt}]}, newest first; from/to bound the start. */
    @GetMapping({"/runs", "/instances"})
    ResponseEntity<?> list(@RequestParam(required = false) String definition, @RequestParam(required = false) String state,
                           @RequestParam(required = false) String businessKey, @RequestParam(required = false) String from,
                           @RequestParam(required = false) String to, @RequestParam(defaultValue = "200") int limit) {
        Runs.State wanted = null;
        Instant since;
        Instant until;
        try {
            if (!blank(state)) {
                wanted = Runs.State.valueOf(state.trim().toUpperCase(Locale.ROOT));
            }
            since = blank(from) ? null : Instant.parse(from.trim());
            until = blank(to) ? null : Instant.parse(to.trim());
        } catch (IllegalArgumentException | DateTimeParseException e) {
            return Problems.badRequest("state must be active, completed, failed or cancelled; from and to ISO-8601 instants");
        }
        return ResponseEntity.ok(runs.runs(blank(definition) ? null : definition, wanted,
                        blank(businessKey) ? null : businessKey.trim(), since, until, Math.max(1, Math.min(limit, 1000)))
                .stream().map(RunView::of).toList());
    }

    /** One run: the above plus {@code activities} and {@code variables} (secrets masked). */
    @GetMapping({"/runs/{id}", "/instances/{id}"})
    ResponseEntity<?> run(@PathVariable String id) {
        return runs.run(id).<ResponseEntity<?>>map(d -> ResponseEntity.ok(RunDetailView.of(d))).orElseGet(() -> noRun(id));
    }

    /** What each step of a run really did: inputs as evaluated and output, secrets masked (contract). */
    @GetMapping("/runs/{id}/steps")
    ResponseEntity<?> steps(@PathVariable String id) {
        return runs.steps(id).<ResponseEntity<?>>map(ResponseEntity::ok).orElseGet(() -> noRun(id));
    }

    /** The run page's view: its steps with inputs and outputs, where it waits, its incidents with stack traces. */
    @GetMapping("/runs/{id}/inspection")
    ResponseEntity<?> inspection(@PathVariable String id) {
        return runs.inspect(id).<ResponseEntity<?>>map(ResponseEntity::ok).orElseGet(() -> noRun(id));
    }

    @PostMapping("/runs/{id}/cancel")
    ResponseEntity<?> cancel(@PathVariable String id, Principal who) {
        return runs.cancel(id, "cancelled by " + who.getName())
                ? ResponseEntity.accepted().body(Map.of("status", "cancelled"))
                : Problems.notFound("no running run '" + id + "'");
    }

    private static ResponseEntity<?> noRun(String id) {
        return Problems.notFound("no run '" + id + "'");
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    record RunView(String id, String definitionKey, String businessKey, String state, Instant startedAt, Instant endedAt) {
        static RunView of(Runs.Run run) {
            return new RunView(run.id(), run.definitionKey(), run.businessKey(), run.state().label(), run.startedAt(),
                    run.endedAt());
        }
    }

    record RunDetailView(String id, String definitionKey, String businessKey, String state, Instant startedAt,
                         Instant endedAt, List<Runs.Activity> activities, Map<String, Object> variables) {
        static RunDetailView of(Runs.RunDetail detail) {
            Runs.Run run = detail.run();
            return new RunDetailView(run.id(), run.definitionKey(), run.businessKey(), run.state().label(),
                    run.startedAt(), run.endedAt(), detail.activities(), detail.variables());
        }
    }
}
