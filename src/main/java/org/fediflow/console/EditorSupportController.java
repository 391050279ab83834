package org.fediflow.console;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.fediflow.connector.credentials.Credentials;
import org.fediflow.inbox.InboxOperations;
import org.fediflow.workflow.DryRun;
import org.fediflow.workflow.Timers;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * What the editor offers beside the diagram: templates to start from (the shipped diagrams and examples), the
 * sources a trigger can name, credential names (never their secrets), and the next firings of a timer.
 */
@RestController
@RequestMapping("/api")
class EditorSupportController {

    private static final Pattern PROCESS = Pattern.compile("<(?:\\w+:)?process\\b[^>]*?\\bid=\"([^\"]+)\"[^>]*?>", Pattern.DOTALL);
    private static final Pattern NAME = Pattern.compile("\\bname=\"([^\"]*)\"");
    private static final Pattern TEMPLATE_FILE = Pattern.compile("(examples/)?[A-Za-z0-9][A-Za-z0-9._-]*\\.bpmn");
    private static final Pattern ZONE_PREFIX = Pattern.compile("^(?:CRON_)?TZ=(\\S+)\\s+.*$", Pattern.DOTALL);

    private final InboxOperations inbox;
    private final Timers timers;
    private final Clock clock;
    private final DryRun dryRun;
    private final Credentials credentials;

    EditorSupportController(InboxOperations inbox, Timers timers, Clock clock, DryRun dryRun, Credentials credentials) {
        this.credentials = credentials;
        this.dryRun = dryRun;
        this.inbox = inbox;
        this.timers = timers;
        this.clock = clock;
    }

    @GetMapping("/templates")
    List<Map<String, String>> templates() throws IOException {
        List<Map<String, String>> out = new ArrayList<>();
        for (String folder : List.of("bpmn/examples/", "bpmn/")) {
            for (Resource resource : new PathMatchingResourcePatternResolver().getResources("classpath*:" + folder + "*.bpmn")) {
                String xml = read(resource);
                Matcher process = PROCESS.matcher(xml);
                if (!process.find()) {
                    continue;
                }
                Matcher name = NAME.matcher(process.group());
                String file = folder.substring("bpmn/".length()) + resource.getFilename();
                out.add(Map.of("file", file, "key", process.group(1), "name", name.find() ? name.group(1) : process.group(1)));
            }
        }
        return out;
    }

    @GetMapping(value = "/templates/{*file}", produces = MediaType.APPLICATION_XML_VALUE)
    ResponseEntity<String> template(@PathVariable String file) throws IOException {
        String name = file.startsWith("/") ? file.substring(1) : file;
        if (!TEMPLATE_FILE.matcher(name).matches()) {
            return ResponseEntity.notFound().build();
        }
        Resource resource = new PathMatchingResourcePatternResolver().getResource("classpath:bpmn/" + name);
        return resource.exists() ? ResponseEntity.ok(read(resource)) : ResponseEntity.notFound().build();
    }

    /** Sources a trigger can name: the built-in senders and the operator's own ({@code fediflow.sources.*}). */
    @GetMapping("/sources")
    List<String> sources() {
        return inbox.sources();
    }

    /** Names of the configured credentials ({@code fediflow.credentials.<name>.*}), for steps to pick by name. */
    @GetMapping("/credentials")
    List<String> credentials() {
        return credentials.names().stream().sorted().toList();
    }

    /**
     * The next three firings of a timer as the engine will read it ({@link Timers}: five-field cron such as
     * {@code 0 9 * * *}, Quartz cron, an ISO-8601 cycle such as {@code R/PT6H}), in the configured time zone or the
     * expression's own {@code TZ=}; an expression the engine cannot read gets the reason and the accepted forms.
     */
    @GetMapping("/timers/preview")
    Map<String, Object> preview(@RequestParam String expression) {
        String text = expression.trim();
        Matcher prefixed = ZONE_PREFIX.matcher(text);
        ZoneId zone = timers.zone();
        try {
            zone = prefixed.matches() ? ZoneId.of(prefixed.group(1)) : zone;
        } catch (java.time.DateTimeException e) {
            // Timers.problem names the unknown zone.
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("zone", zone.getId());
        String problem = timers.problem(text);
        if (problem != null) {
            out.put("next", List.of());
            out.put("error", problem);
            return out;
        }
        ZoneId in = zone;
        out.put("next", timers.upcoming(text, clock.instant(), 3).stream()
                .map(at -> at.atZone(in).toOffsetDateTime().toString()).toList());
        return out;
    }

    /**
     * The diagram as drawn (not deployed) run on a payload: {@code {problems, steps, path}}, each step with its inputs
     * as worked out and its flows' conditions. No connector is called, except with {@code callReadOnly: true} the
     * steps whose connector only reads or computes (their output shown and used by later steps).
     */
    @PostMapping("/diagrams/dry-run")
    ResponseEntity<?> dryRun(@RequestBody tools.jackson.databind.JsonNode request) {
        String xml = request.path("xml").asString("");
        if (xml.isBlank()) {
            return Problems.badRequest("send {xml, payload}: the diagram's XML and a JSON payload");
        }
        return ResponseEntity.ok(dryRun.run(xml.getBytes(StandardCharsets.UTF_8), request.path("payload"),
                request.path("callReadOnly").asBoolean(false)));
    }

    private static String read(Resource resource) throws IOException {
        try (InputStream in = resource.getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
