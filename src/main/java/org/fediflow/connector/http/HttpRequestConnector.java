package org.fediflow.connector.http;

import static org.fediflow.connector.http.HttpRequestParts.*;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import org.fediflow.connector.Connector;
import org.fediflow.connector.ConnectorFailure;
import org.fediflow.connector.ConnectorInfo;
import org.fediflow.connector.Doc;
import org.fediflow.connector.StepContext;
import org.fediflow.connector.credentials.Credential;
import org.fediflow.connector.credentials.Credentials;
import org.fediflow.shared.Lazy;
import org.springframework.stereotype.Component;

import tools.jackson.databind.JsonNode;

/**
 * Any HTTP call: a chat webhook, a status page, an internal service. A 2xx (or a status listed in
 * {@code expectedStatuses}) is the output; 429, 408, 5xx, timeouts and unreachable hosts are retried (never sooner
 * than {@code Retry-After}); any other status is a BPMN error whose code is the status, so a diagram can catch
 * {@code 404}. Secrets come from a named credential, never from the diagram, and are scrubbed from every message
 * and answer the step keeps.
 */
@ConnectorInfo(id = "http.request", name = "HTTP request",
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

    private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);

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
    private final Lazy<HttpClient> http;

    public HttpRequestConnector(Credentials credentials, HttpProperties properties, Clock clock) {
        this.credentials = credentials;
        this.properties = properties;
        this.clock = clock;
        this.guard = properties == null ? null : new AddressGuard(properties.allowLinkLocal());
        this.http = new Lazy<>(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NEVER)::build);
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
            return new Output(status, HttpAnswers.headersOf(response, scrub), answer.body());
        }
        String message = shown + " answered " + status + HttpAnswers.snippet(answer.body());
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
            response = http.get().send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (HttpTimeoutException e) {
            throw new ConnectorFailure.Temporary(shown + " did not answer within " + timeout, e);
        } catch (IOException e) {
            throw new ConnectorFailure.Temporary("cannot reach " + shown + ": " + scrub.apply(String.valueOf(e.getMessage())), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectorFailure.Temporary("interrupted during " + shown, e);
        }
        byte[] bytes = HttpAnswers.read(response.body(), properties.maxResponseSize().toBytes(), deadline, shown, timeout);
        return new Answer(response, HttpAnswers.parse(bytes, response, scrub));
    }
}
