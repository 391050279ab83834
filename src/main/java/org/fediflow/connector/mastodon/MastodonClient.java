package org.fediflow.connector.mastodon;

import org.fediflow.shared.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import org.fediflow.connector.ConnectorFailure;
import org.fediflow.connector.OutboundCalls;
import org.fediflow.shared.Lazy;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The few Mastodon REST calls Fediflow needs, over the JDK's HTTP client.
 *
 * <p>Answers come back as JSON trees (the connectors pick the fields they expose); every failure is already
 * classified as a {@link ConnectorFailure}. Which kind a 422 is depends on the call, so callers say it with
 * {@link Unprocessable}. Redirects are not followed, so the bearer token never travels to another host.
 */
@Component
public class MastodonClient {

    /** What a 422 from a call means. */
    public enum Unprocessable {
        /** Mastodon refused the state change; the diagram may catch {@code unprocessable}. */
        BUSINESS,
        /** The inputs are wrong and will be wrong on every retry. */
        BAD_INPUT
    }

    // Mastodon ids are numeric strings; anything else would let an input reshape the request path.
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final int MAX_PAGES = 50;
    private static final Pattern NEXT_LINK = Pattern.compile("<([^>]+)>\\s*;\\s*rel=\"next\"");

    private final MastodonProperties properties;
    private final Lazy<HttpClient> http;
    private final JsonMapper json = Json.MAPPER;
    private final MastodonAnswers answers;
    private final OutboundCalls calls;

    public MastodonClient(MastodonProperties properties, Clock clock) {
        this(properties, clock, Metrics.globalRegistry);
    }

    @Autowired
    public MastodonClient(MastodonProperties properties, Clock clock, MeterRegistry meters) {
        this.calls = new OutboundCalls(meters, "mastodon", "Mastodon");
        this.properties = properties;
        this.answers = new MastodonAnswers(clock);
        this.http = new Lazy<>(HttpClient.newBuilder()
                .connectTimeout(properties.timeout())
                .followRedirects(HttpClient.Redirect.NEVER)::build);
    }

    public JsonNode report(String id) {
        return get("/api/v1/admin/reports/" + segment(id, "reportId"), true);
    }

    /** {@code action} is one of assign_to_self, unassign, resolve, reopen; each answers the updated report. */
    public JsonNode reportAction(String id, String action) {
        return post("/api/v1/admin/reports/" + segment(id, "reportId") + "/" + action, null, null,
                Unprocessable.BUSINESS);
    }

    public JsonNode account(String id) {
        return get("/api/v1/admin/accounts/" + segment(id, "accountId"), true);
    }

    /** {@code decision} is approve or reject; both only work on local pending accounts (403 otherwise). */
    public JsonNode accountDecision(String id, String decision) {
        return post("/api/v1/admin/accounts/" + segment(id, "accountId") + "/" + decision, null, null,
                Unprocessable.BUSINESS);
    }

    /** Mastodon answers 422 only for a missing or unknown {@code type}: that is our input's fault. */
    public JsonNode accountAction(String id, ObjectNode body) {
        return post("/api/v1/admin/accounts/" + segment(id, "accountId") + "/action", body, null,
                Unprocessable.BAD_INPUT);
    }

    /** Mastodon keeps {@code Idempotency-Key} for an hour: a retry within it returns the first status. */
    public JsonNode postStatus(ObjectNode body, String idempotencyKey) {
        return post("/api/v1/statuses", body, idempotencyKey, Unprocessable.BAD_INPUT);
    }

    /**
     * The domains on the server's e-mail domain block list ({@code GET /api/v1/admin/email_domain_blocks}, scope
     * {@code admin:read:email_domain_blocks}, all pages up to {@value #MAX_PAGES} × 200), or empty when the token
     * or its role may not read it (401/403): the caller says "could not check" instead of failing.
     */
    public Optional<List<String>> emailDomainBlocks() {
        List<String> domains = new ArrayList<>();
        String path = "/api/v1/admin/email_domain_blocks?limit=200";
        for (int page = 0; page < MAX_PAGES && path != null; page++) {
            String what = "GET /api/v1/admin/email_domain_blocks";
            HttpResponse<String> response = exchange(request(path, true).GET().build(), what);
            if (response.statusCode() == 401 || response.statusCode() == 403) {
                return Optional.empty();
            }
            for (JsonNode block : answers.read(response, what, Unprocessable.BUSINESS)) {
                String domain = Json.text(block, "domain");
                if (domain != null) {
                    domains.add(domain);
                }
            }
            path = nextPage(response);
        }
        return Optional.of(List.copyOf(domains));
    }

    /** The path of the {@code rel="next"} link, only when it points at the configured instance. */
    private String nextPage(HttpResponse<?> response) {
        String base = properties.baseUrl().replaceAll("/+$", "");
        for (String link : response.headers().firstValue("Link").orElse("").split(",")) {
            Matcher next = NEXT_LINK.matcher(link.trim());
            if (next.matches() && next.group(1).startsWith(base + "/")) {
                return next.group(1).substring(base.length());
            }
        }
        return null;
    }

    /** What any call answered: its status and body (JSON, or text when it is not JSON; null when empty). */
    public record Answer(int status, JsonNode body) {
    }

    /**
     * Any call with the configured token, for {@code mastodon.request}: {@code pathAndQuery} is on the configured
     * instance (so the token never goes elsewhere). 2xx is the answer; 429, 408 and 5xx are temporary (until
     * {@code X-RateLimit-Reset} or {@code Retry-After}); 401 and 403 (token, scope or role) are bad input; any other
     * status is a business error whose code is the status.
     */
    public Answer call(String method, String pathAndQuery, JsonNode body, String idempotencyKey) {
        String what = method + " " + pathAndQuery.replaceAll("[?#].*", "");
        HttpRequest.BodyPublisher publisher = body == null || body.isNull() ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body), StandardCharsets.UTF_8);
        HttpRequest.Builder request = request(pathAndQuery, true).method(method, publisher);
        if (body != null && !body.isNull()) {
            request.header("Content-Type", "application/json");
        }
        if (idempotencyKey != null && !idempotencyKey.isBlank()) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        return answers.any(exchange(request.build(), what), what);
    }

    /** Public endpoint: sent without the token. */
    public JsonNode instance() {
        return get("/api/v2/instance", false);
    }

    public ObjectNode newObject() {
        return json.createObjectNode();
    }

    private JsonNode get(String path, boolean authenticated) {
        HttpRequest.Builder request = request(path, authenticated).GET();
        return send(request.build(), "GET " + path, Unprocessable.BUSINESS);
    }

    private JsonNode post(String path, ObjectNode body, String idempotencyKey, Unprocessable unprocessable) {
        HttpRequest.Builder request = request(path, true)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body == null ? "{}" : json.writeValueAsString(body),
                        StandardCharsets.UTF_8));
        if (idempotencyKey != null && !idempotencyKey.isBlank()) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        return send(request.build(), "POST " + path, unprocessable);
    }

    private HttpRequest.Builder request(String path, boolean authenticated) {
        String base = properties.baseUrl();
        if (base == null || base.isBlank()) {
            throw new ConnectorFailure.BadInput("Mastodon is not configured: set fediflow.mastodon.base-url "
                    + "(e.g. https://mastodon.example)");
        }
        URI uri;
        try {
            uri = URI.create(base.replaceAll("/+$", "") + path);
        } catch (IllegalArgumentException e) {
            throw new ConnectorFailure.BadInput("fediflow.mastodon.base-url is not a URL: " + base, e);
        }
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri)
                .timeout(properties.timeout())
                .header("Accept", "application/json")
                .header("User-Agent", "Fediflow");
        if (authenticated) {
            String token = properties.accessToken();
            if (token == null || token.isBlank()) {
                throw new ConnectorFailure.BadInput("Mastodon is not configured: set fediflow.mastodon.access-token "
                        + "(a token of the automation account with admin scopes)");
            }
            builder.header("Authorization", "Bearer " + token);
        }
        return builder;
    }

    private JsonNode send(HttpRequest request, String what, Unprocessable unprocessable) {
        return answers.read(exchange(request, what), what, unprocessable);
    }

    private HttpResponse<String> exchange(HttpRequest request, String what) {
        HttpResponse<String> response;
        long started = System.nanoTime();
        String method = template(what);
        try {
            response = http.get().send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            calls.record(method, String.valueOf(response.statusCode()), started);
        } catch (IOException e) {
            throw calls.unanswered(method, what, e, properties.timeout(), started);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectorFailure.Temporary("interrupted while calling Mastodon for " + what, e);
        }
        return response;
    }

    /** {@code GET /api/v1/admin/reports/123?x=y} as {@code GET /api/v1/admin/reports/{id}}: one series per call kind. */
    static String template(String what) {
        int query = what.indexOf('?');
        String path = query < 0 ? what : what.substring(0, query);
        return path.replaceAll("/\\d+(?=/|$)", "/{id}");
    }

    private static String segment(String id, String input) {
        if (id == null || !ID.matcher(id).matches()) {
            throw new ConnectorFailure.BadInput(input + " must be a Mastodon id (letters, digits), not '" + id + "'");
        }
        return id;
    }
}
