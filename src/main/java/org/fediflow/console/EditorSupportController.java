package org.fediflow.console;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.fediflow.connector.credentials.Credentials;
import org.fediflow.inbox.InboxOperations;
import org.fediflow.workflow.DryRun;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.scheduling.support.CronExpression;
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
    private static final Pattern ISO_CYCLE = Pattern.compile("R(\\d*)/(?:([^/]+)/)?(P[^/]+)");

    private final InboxOperations inbox;
    private final ConfigurableEnvironment environment;
    private final Clock clock;
    private final DryRun dryRun;
    private final Credentials credentials;

    EditorSupportController(InboxOperations inbox, ConfigurableEnvironment environment, Clock clock, DryRun dryRun,
                            Credentials credentials) {
        this.credentials = credentials;
        this.dryRun = dryRun;
        this.inbox = inbox;
        this.environment = environment;
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
     * The next three firings of a timer in the configured time zone: five-field cron ({@code 0 9 * * *}), six-field
     * (seconds first) cron, or an ISO-8601 cycle ({@code R/PT6H}).
     */
    @GetMapping("/timers/preview")
    Map<String, Object> preview(@RequestParam String expression) {
        ZoneId zone = zone();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("zone", zone.getId());
        try {
            out.put("next", next(expression.trim(), ZonedDateTime.now(clock).withZoneSameInstant(zone)));
        } catch (IllegalArgumentException | DateTimeParseException e) {
            out.put("next", List.of());
            out.put("error", "cannot read '" + expression + "': use five-field cron like 0 9 * * * (minute hour day "
                    + "month weekday) or an ISO-8601 cycle like R/PT6H");
        }
        return out;
    }

    /**
     * The diagram as drawn (not deployed) run on a payload, no connector called: {@code {problems, steps, path}},
     * each step with its inputs as worked out and its flows' conditions.
     */
    @PostMapping("/diagrams/dry-run")
    ResponseEntity<?> dryRun(@RequestBody tools.jackson.databind.JsonNode request) {
        String xml = request.path("xml").asString("");
        if (xml.isBlank()) {
            return Problems.badRequest("send {xml, payload}: the diagram's XML and a JSON payload");
        }
        return ResponseEntity.ok(dryRun.run(xml.getBytes(StandardCharsets.UTF_8), request.path("payload")));
    }

    private ZoneId zone() {
        String configured = environment.getProperty("fediflow.time-zone");
        return configured == null || configured.isBlank() ? ZoneId.systemDefault() : ZoneId.of(configured.trim());
    }

    static List<String> next(String expression, ZonedDateTime now) {
        List<String> out = new ArrayList<>();
        Matcher iso = ISO_CYCLE.matcher(expression);
        if (iso.matches()) {
            Duration every = Duration.parse(iso.group(3));
            ZonedDateTime at = iso.group(2) == null ? now.plus(every) : ZonedDateTime.parse(iso.group(2)).withZoneSameInstant(now.getZone());
            while (at.isBefore(now)) {
                at = at.plus(every);
            }
            for (int i = 0; i < 3; i++, at = at.plus(every)) {
                out.add(at.toOffsetDateTime().toString());
            }
            return out;
        }
        String[] fields = expression.split("\\s+");
        CronExpression cron = CronExpression.parse(fields.length == 5 ? "0 " + expression : expression);
        ZonedDateTime at = now;
        for (int i = 0; i < 3; i++) {
            at = Optional.ofNullable(cron.next(at)).orElseThrow(() -> new IllegalArgumentException("never fires"));
            out.add(at.toOffsetDateTime().toString());
        }
        return out;
    }

    private static String read(Resource resource) throws IOException {
        try (InputStream in = resource.getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
