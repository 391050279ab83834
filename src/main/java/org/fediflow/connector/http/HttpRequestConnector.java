package org.fediflow.connector.http;

import org.fediflow.shared.Json;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.stream.Collectors;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import org.fediflow.connector.Connector;
import org.fediflow.connector.ConnectorFailure;
import org.fediflow.connector.ConnectorInfo;
import org.fediflow.connector.Doc;
import org.fediflow.connector.StepContext;
import org.fediflow.connector.credentials.Credential;
import org.fediflow.connector.credentials.Credentials;
import org.springframework.stereotype.Component;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.node.StringNode;

/**
 * Any HTTP call: a chat webhook, a status page, an internal service. A 2xx (or a status listed in
 * {@code expectedStatuses}) is the output; 429, 408, 5xx, timeouts and unreachable hosts are retried (never sooner
 * than {@code Retry-After}); any other status is a BPMN error whose code is the status, so a diagram can catch
 * {@code 404}. Secrets come from a named credential, never from the diagram, and are scrubbed from every message
 * and answer the step keeps.
 */
@ConnectorInfo(name = "HTTP request",
        description = "Calls any HTTP API or webhook (Discord, Matrix, ntfy, a status page, an "
        + "internal service). A 2xx, or a status in expectedStatuses, is the output. 429, "
        + "408, 5xx, timeouts and unreachable hosts are retried, never sooner than "
        + "Retry-After; any other status is a BPMN error whose code is the status (catch "
        + "404 with a boundary error event). Secrets come from a named credential "
        + "(fediflow.credentials.<name>), never from the diagram, and are scrubbed from "
        + "the output and from error messages. POST and PATCH carry the step's idempotency "
        + "key as Idempotency-Key. At most fediflow.http.max-redirects redirects (a "
        + "credential is not sent to another host); answers over "
        + "fediflow.http.max-response-size are an incident; link-local and cloud metadata "
        + "addresses (169.254.0.0/16, fd00:ec2::254, metadata.google.internal) are refused "
        + "unless fediflow.http.allow-link-local.",
        errors = {
                @ConnectorInfo.ErrorCode(code = "<status>",
                        description = "Any 4xx other than 408 and 429 that is not expected, e.g. 404, 410, 422")},
        readOnly = true, readOnlyInput = "method", readOnlyValues = {"", "GET", "HEAD", "OPTIONS"})
@Component
public class HttpRequestConnector implements Connector<HttpRequestConnector.Input, HttpRequestConnector.Output> {

    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration MAX_TIMEOUT = Duration.ofMinutes(10);
    private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);
    private static final java.util.regex.Pattern HEADER_NAME = java.util.regex.Pattern.compile("[A-Za-z0-9!#$%&'*+.^_`|~-]+");
    private static final java.util.regex.Pattern STATUSES = java.util.regex.Pattern.compile("\\s*(?:([1-5])xx|(\\d{3})(?:\\s*-\\s*(\\d{3}))?)\\s*");
    private static final String FORM = "application/x-www-form-urlencoded";

    /**
     * @param url              absolute http(s) URL; or, with a credential that has a {@code url}, a part appended to it
     *                         ({@code ?wait=true}, {@code /path}, or empty)
     * @param method           GET (default), HEAD, POST, PUT, PATCH, DELETE or OPTIONS
     * @param query            JSON object of query parameters (an array value repeats the parameter)
     * @param headers          JSON object of request headers
     * @param body             JSON (sent as application/json), text (text/plain), or a JSON object sent as a form when
     *                         the Content-Type header is application/x-www-form-urlencoded
     * @param credential       the name of a configured credential ({@code fediflow.credentials.<name>})
     * @param timeout          ISO-8601 duration for the whole call (default PT30S, at most PT10M)
     * @param expectedStatuses statuses that are a success, e.g. {@code 200-299,404} or {@code 2xx,3xx} (default 2xx)
     */
    public record Input(
            @Doc("Absolute http(s) URL; with a credential that has a url (a secret webhook URL), "
                    + "a part appended to it: ?wait=true, /path, or empty")
            @NotNull String url,
            @Doc("GET (default), HEAD, POST, PUT, PATCH, DELETE or OPTIONS")
            @Pattern(regexp = "GET|HEAD|POST|PUT|PATCH|DELETE|OPTIONS", flags = Pattern.Flag.CASE_INSENSITIVE) String method,
            @Doc("JSON object of query parameters; an array value repeats the parameter")
            JsonNode query,
            @Doc("JSON object of request headers (secrets go in a credential instead)")
            JsonNode headers,
            @Doc("JSON (sent as application/json), text (text/plain), or a JSON object sent as a "
                    + "form when headers set Content-Type: application/x-www-form-urlencoded. Shape it "
                    + "with data.set")
            JsonNode body,
            @Doc("Name of a configured credential: bearer, basic, header or hmac-sha256 (HMAC of "
                    + "the body), optionally with a secret url")
            String credential,
            @Doc("ISO-8601 duration for the whole call (default PT30S, at most PT10M)")
            String timeout,
            @Doc("Statuses that count as success, e.g. 200-299,404 or 2xx,3xx (default 2xx)")
            String expectedStatuses) {
    }

    /**
     * @param status  the final status (after redirects)
     * @param headers the answer's headers, lower-case names, repeated ones joined with ", "
     * @param body    parsed when the answer is JSON, otherwise its text; null when empty
     */
    public record Output(
            @Doc("The final status, after redirects")
            int status,
            @Doc("Answer headers, lower-case names")
            JsonNode headers,
            @Doc("Parsed when the answer is JSON, otherwise its text; null when empty")
            JsonNode body) {
    }

    private final Credentials credentials;
    private final HttpProperties properties;
    private final Clock clock;
    private final AddressGuard guard;
    private final HttpClient http;
    private final JsonMapper json = Json.MAPPER;

    public HttpRequestConnector(Credentials credentials, HttpProperties properties, Clock clock) {
        this.credentials = credentials;
        this.properties = properties;
        this.clock = clock;
        this.guard = properties == null ? null : new AddressGuard(properties.allowLinkLocal());
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    @Override
    public String id() {
        return "http.request";
    }

    @Override
    public Class<Input> inputType() {
        return Input.class;
    }

    @Override
    public Output execute(Input input, StepContext context) {
        Credential credential = blank(input.credential()) ? null : credentials.named(input.credential().trim());
        Scrubber scrub = new Scrubber(credential);
        String method = blank(input.method()) ? "GET" : input.method().trim().toUpperCase(Locale.ROOT);
        Duration timeout = timeout(input.timeout());
        Target target = target(input.url(), input.query(), credential);
        Map<String, String> headers = headers(input.headers());
        byte[] body = body(input.body(), headers);
        if (body != null && header(headers, "Content-Type") == null) {
            headers.put("Content-Type", isJson(input.body()) ? "application/json" : "text/plain; charset=utf-8");
        }
        if (("POST".equals(method) || "PATCH".equals(method)) && header(headers, "Idempotency-Key") == null) {
            headers.put("Idempotency-Key", context.idempotencyKey());
        }
        if (credential != null) {
            credential.headers(body).forEach(headers::put);
        }
        StatusSet expected = StatusSet.parse(input.expectedStatuses());

        URI uri = target.uri();
        String origin = origin(uri);
        for (int hop = 0; ; hop++) {
            String shown = method + " " + (hop == 0 ? target.shown() : show(uri));
            guard.check(uri, shown);
            Answer answer = exchange(uri, method, headers, body, timeout, shown, scrub);
            int status = answer.response().statusCode();
            if (REDIRECTS.contains(status) && !expected.contains(status)) {
                String location = answer.response().headers().firstValue("Location").orElse(null);
                if (location != null) {
                    if (hop >= properties.maxRedirects()) {
                        throw new ConnectorFailure.BadInput(shown + ": more than " + properties.maxRedirects()
                                + " redirects");
                    }
                    uri = redirect(uri, location, shown);
                    if (status == 303 || (status != 307 && status != 308 && !"GET".equals(method) && !"HEAD".equals(method))) {
                        method = "GET";
                        body = null;
                        headers.keySet().removeIf(h -> h.equalsIgnoreCase("Content-Type"));
                    }
                    if (credential != null && !origin(uri).equals(origin)) {
                        // like curl: a credential is for the host the step named, not for wherever it redirects
                        credential.headers(null).keySet().forEach(h -> headers.keySet().removeIf(h::equalsIgnoreCase));
                    }
                    continue;
                }
            }
            return outcome(answer, expected, shown, scrub);
        }
    }

    private Output outcome(Answer answer, StatusSet expected, String shown, Scrubber scrub) {
        HttpResponse<?> response = answer.response();
        int status = response.statusCode();
        if (expected.contains(status)) {
            return new Output(status, headersOf(response, scrub), answer.body());
        }
        String message = shown + " answered " + status + snippet(answer.body());
        if (status == 429 || status == 408 || status >= 500) {
            throw new ConnectorFailure.Temporary(message, RetryAfter.parse(
                    response.headers().firstValue("Retry-After").orElse(null), clock.instant()).orElse(null), null);
        }
        throw new ConnectorFailure.Business(String.valueOf(status), message);
    }

    private record Answer(HttpResponse<?> response, JsonNode body) {
    }

    private Answer exchange(URI uri, String method, Map<String, String> headers, byte[] body, Duration timeout,
                            String shown, Scrubber scrub) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        request.setHeader("User-Agent", "Fediflow");
        try {
            headers.forEach(request::setHeader);
        } catch (IllegalArgumentException e) {
            throw new ConnectorFailure.BadInput(shown + ": " + e.getMessage(), e);
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        HttpResponse<InputStream> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (HttpTimeoutException e) {
            throw new ConnectorFailure.Temporary(shown + " did not answer within " + timeout, e);
        } catch (IOException e) {
            throw new ConnectorFailure.Temporary("cannot reach " + shown + ": " + scrub.apply(String.valueOf(e.getMessage())), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectorFailure.Temporary("interrupted during " + shown, e);
        }
        byte[] bytes = read(response.body(), deadline, shown, timeout);
        return new Answer(response, parse(bytes, response, scrub));
    }

    /** At most the size cap, within what is left of the timeout: a server dribbling its answer is cut off too. */
    private byte[] read(InputStream in, long deadline, String shown, Duration timeout) {
        long cap = properties.maxResponseSize().toBytes();
        long left = Math.max(1, deadline - System.nanoTime());
        CompletableFuture<Void> watchdog = CompletableFuture.runAsync(() -> close(in),
                CompletableFuture.delayedExecutor(left, TimeUnit.NANOSECONDS));
        try (in) {
            byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, cap + 1));
            if (bytes.length > cap) {
                throw new ConnectorFailure.BadInput(shown + ": the answer is larger than " + size(cap)
                        + " (fediflow.http.max-response-size)");
            }
            return bytes;
        } catch (IOException e) {
            if (System.nanoTime() - deadline >= 0) {
                throw new ConnectorFailure.Temporary(shown + " did not answer within " + timeout, e);
            }
            throw new ConnectorFailure.Temporary("reading the answer of " + shown + " failed: " + e.getMessage(), e);
        } finally {
            watchdog.cancel(false);
        }
    }

    private static String size(long bytes) {
        return bytes % (1024 * 1024) == 0 ? bytes / (1024 * 1024) + " MB"
                : bytes % 1024 == 0 ? bytes / 1024 + " KB" : bytes + " bytes";
    }

    private static void close(InputStream in) {
        try {
            in.close();
        } catch (IOException e) {
            // closing only to stop the read
        }
    }

    private JsonNode parse(byte[] bytes, HttpResponse<?> response, Scrubber scrub) {
        if (bytes.length == 0) {
            return null;
        }
        String type = response.headers().firstValue("Content-Type").orElse("").toLowerCase(Locale.ROOT);
        String text = scrub.apply(new String(bytes, charset(type)));
        if (type.contains("json")) {
            try {
                return json.readTree(text);
            } catch (JacksonException e) {
                // a JSON type with a body that is not: keep the text
            }
        }
        return StringNode.valueOf(text);
    }

    private static Charset charset(String contentType) {
        Matcher m = java.util.regex.Pattern.compile("charset=\"?([A-Za-z0-9._:-]+)").matcher(contentType);
        try {
            return m.find() ? Charset.forName(m.group(1)) : StandardCharsets.UTF_8;
        } catch (RuntimeException e) {
            return StandardCharsets.UTF_8;
        }
    }

    private ObjectNode headersOf(HttpResponse<?> response, Scrubber scrub) {
        ObjectNode headers = json.createObjectNode();
        response.headers().map().forEach((name, values) -> {
            if (!name.startsWith(":")) {
                headers.put(name.toLowerCase(Locale.ROOT), scrub.apply(String.join(", ", values)));
            }
        });
        return headers;
    }

    private record Target(URI uri, String shown) {
    }

    private Target target(String url, JsonNode queryInput, Credential credential) {
        String given = url == null ? "" : url.trim();
        String full;
        String shown;
        if (given.regionMatches(true, 0, "http://", 0, 7) || given.regionMatches(true, 0, "https://", 0, 8)) {
            full = given;
            shown = null;
        } else if (credential != null && credential.url() != null) {
            if (!(given.isEmpty() || given.startsWith("/") || given.startsWith("?"))) {
                throw new ConnectorFailure.BadInput("url '" + given + "': with credential '" + credential.name()
                        + "' (which has a url) give an absolute URL, or a part starting with / or ?, or nothing");
            }
            full = credential.url().replaceAll("/+$", given.startsWith("/") ? "" : "$0") + given;
            shown = "<" + credential.name() + " url>" + given.replaceAll("[?#].*", "");
        } else {
            throw new ConnectorFailure.BadInput("url '" + given + "' is not an absolute http(s) URL"
                    + (credential == null ? "" : " (credential '" + credential.name() + "' has no url to add it to)"));
        }
        String query = query(queryInput);
        if (!query.isEmpty()) {
            full = full + (full.contains("?") ? (full.endsWith("?") || full.endsWith("&") ? "" : "&") : "?") + query;
        }
        URI uri;
        try {
            uri = new URI(full);
        } catch (java.net.URISyntaxException e) {
            throw new ConnectorFailure.BadInput("url is not a URL: " + (shown != null ? shown : e.getMessage()));
        }
        if (uri.getHost() == null) {
            throw new ConnectorFailure.BadInput("url has no host: " + (shown != null ? shown : given));
        }
        return new Target(uri, shown != null ? shown : show(uri));
    }

    private URI redirect(URI from, String location, String shown) {
        URI next;
        try {
            next = from.resolve(new URI(location.trim()));
        } catch (java.net.URISyntaxException | IllegalArgumentException e) {
            throw new ConnectorFailure.BadInput(shown + ": redirect to something that is not a URL");
        }
        if (!("http".equalsIgnoreCase(next.getScheme()) || "https".equalsIgnoreCase(next.getScheme())) || next.getHost() == null) {
            throw new ConnectorFailure.BadInput(shown + ": redirect to a URL that is not http(s)");
        }
        return next;
    }

    /** Scheme, host and path: queries often carry keys, so messages leave them out. */
    private static String show(URI uri) {
        return uri.getScheme() + "://" + uri.getRawAuthority().replaceAll("^.*@", "") + (uri.getRawPath() == null ? "" : uri.getRawPath());
    }

    private static String origin(URI uri) {
        return (uri.getScheme() + "://" + uri.getHost() + ":" + uri.getPort()).toLowerCase(Locale.ROOT);
    }

    private String query(JsonNode input) {
        ObjectNode object = object(input, "query");
        return object.properties().stream().flatMap(e -> {
            JsonNode value = e.getValue();
            var values = value.isArray() ? value.valueStream() : java.util.stream.Stream.of(value);
            return values.filter(v -> !v.isNull()).map(v -> encode(e.getKey()) + "=" + encode(v.isValueNode() ? v.asString() : v.toString()));
        }).collect(Collectors.joining("&"));
    }

    private Map<String, String> headers(JsonNode input) {
        Map<String, String> headers = new LinkedHashMap<>();
        object(input, "headers").properties().forEach(e -> {
            if (!HEADER_NAME.matcher(e.getKey()).matches()) {
                throw new ConnectorFailure.BadInput("headers: '" + e.getKey() + "' is not an HTTP header name");
            }
            if (!e.getValue().isNull()) {
                headers.put(e.getKey(), e.getValue().isValueNode() ? e.getValue().asString() : e.getValue().toString());
            }
        });
        return headers;
    }

    private byte[] body(JsonNode body, Map<String, String> headers) {
        if (body == null || body.isNull() || body.isMissingNode()) {
            return null;
        }
        String type = header(headers, "Content-Type");
        if (type != null && type.toLowerCase(Locale.ROOT).startsWith(FORM)) {
            return query(body).getBytes(StandardCharsets.UTF_8);
        }
        if (body.isString()) {
            return body.asString().getBytes(StandardCharsets.UTF_8);
        }
        return json.writeValueAsBytes(body);
    }

    /** Structured, or text holding a JSON object or array. */
    private boolean isJson(JsonNode body) {
        if (!body.isString()) {
            return true;
        }
        String text = body.asString().trim();
        if (!(text.startsWith("{") || text.startsWith("["))) {
            return false;
        }
        try {
            json.readTree(text);
            return true;
        } catch (JacksonException e) {
            return false;
        }
    }

    /** A JSON object given as one, or as JSON text of one; nothing is an empty object. */
    private ObjectNode object(JsonNode node, String input) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return json.createObjectNode();
        }
        JsonNode value = node;
        if (node.isString()) {
            if (node.asString().isBlank()) {
                return json.createObjectNode();
            }
            try {
                value = json.readTree(node.asString());
            } catch (JacksonException e) {
                throw new ConnectorFailure.BadInput(input + " is not JSON: " + e.getOriginalMessage());
            }
        }
        if (!(value instanceof ObjectNode object)) {
            throw new ConnectorFailure.BadInput(input + " must be a JSON object, not " + value.getNodeType());
        }
        return object;
    }

    private static String header(Map<String, String> headers, String name) {
        return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue)
                .findFirst().orElse(null);
    }

    private static Duration timeout(String text) {
        if (blank(text)) {
            return DEFAULT_TIMEOUT;
        }
        Duration timeout;
        try {
            timeout = Duration.parse(text.trim());
        } catch (RuntimeException e) {
            throw new ConnectorFailure.BadInput("timeout '" + text + "' is not an ISO-8601 duration such as PT30S");
        }
        if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(MAX_TIMEOUT) > 0) {
            throw new ConnectorFailure.BadInput("timeout must be above zero and at most " + MAX_TIMEOUT);
        }
        return timeout;
    }

    private static String snippet(JsonNode body) {
        if (body == null) {
            return "";
        }
        String text = body.isString() ? body.asString() : body.toString();
        text = text.replaceAll("\\s+", " ").trim();
        return text.isEmpty() ? "" : ": " + (text.length() > 300 ? text.substring(0, 300) + "…" : text);
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private static boolean blank(String text) {
        return text == null || text.isBlank();
    }

    /** Which statuses are a success: {@code 2xx} by default. */
    record StatusSet(String text) {

        static StatusSet parse(String text) {
            String spec = blank(text) ? "2xx" : text;
            for (String part : spec.split(",")) {
                if (!STATUSES.matcher(part).matches()) {
                    throw new ConnectorFailure.BadInput("expectedStatuses '" + text
                            + "': give statuses and ranges like 200-299,404 or 2xx");
                }
            }
            return new StatusSet(spec);
        }

        boolean contains(int status) {
            for (String part : text.split(",")) {
                Matcher m = STATUSES.matcher(part);
                m.matches();
                if (m.group(1) != null ? status / 100 == Integer.parseInt(m.group(1))
                        : m.group(3) == null ? status == Integer.parseInt(m.group(2))
                        : status >= Integer.parseInt(m.group(2)) && status <= Integer.parseInt(m.group(3))) {
                    return true;
                }
            }
            return false;
        }
    }

    /** Replaces the credential's secrets in what the step keeps or reports (a server may echo them back). */
    private record Scrubber(Credential credential) {
        String apply(String text) {
            if (credential == null || text == null) {
                return text;
            }
            String scrubbed = text;
            for (String secret : credential.secretValues()) {
                if (secret.length() >= 4) {
                    scrubbed = scrubbed.replace(secret, "********");
                }
            }
            return scrubbed;
        }
    }
}
