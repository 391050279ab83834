package org.fediflow.connector.mastodon;

import org.fediflow.shared.Json;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;

import org.fediflow.connector.Connector;
import org.fediflow.connector.ConnectorFailure;
import org.fediflow.connector.ConnectorInfo;
import org.fediflow.connector.Doc;
import org.fediflow.connector.StepContext;
import org.springframework.stereotype.Component;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Any Mastodon API call with the automation account's token, for what no dedicated connector covers: admin measures
 * for sign-up counts, domain blocks, announcements. A POST carries the step's idempotency key as
 * {@code Idempotency-Key}. Retry rules as every Mastodon step; a 4xx other than 401/403 is a BPMN error whose code is
 * the status ({@code 404}, {@code 422}).
 */
@ConnectorInfo(id = "mastodon.request", name = "Mastodon API call",
        description = "Any Mastodon API call on the configured instance with the automation account's "
        + "token, for what no dedicated connector covers (POST /api/v1/admin/measures for "
        + "sign-up counts, domain blocks, announcements). POST carries the step's "
        + "idempotency key as Idempotency-Key. 429 (until X-RateLimit-Reset or "
        + "Retry-After), 408, 5xx and timeouts are retried; 401 and 403 (token, scope or "
        + "role) are an incident; any other 4xx is a BPMN error whose code is the status "
        + "(404, 422).",
        errors = {
                @ConnectorInfo.ErrorCode(code = "<status>",
                        description = "Any 4xx other than 401, 403, 408 and 429, e.g. 404, 422")},
        readOnly = true, readOnlyInput = "method", readOnlyValues = {"", "GET"})
@Component
public class MastodonRequestConnector implements Connector<MastodonRequestConnector.Input, MastodonRequestConnector.Output> {

    // A path on the instance: no scheme or host (the token must not leave it), no dot segments, no query of its own.
    private static final java.util.regex.Pattern PATH = java.util.regex.Pattern.compile("/(?!.*(?:^|/)\\.\\.?(?:/|$))[A-Za-z0-9._~!$&'()*+,;=:@%/-]*");

    /**
     * @param path   the API path, e.g. {@code /api/v1/admin/measures}
     * @param method GET (default), POST, PUT, PATCH or DELETE
     * @param query  JSON object of query parameters; an array value is sent Rails-style as {@code key[]=…}
     * @param body   JSON body (object, or JSON text of one)
     */
    public record Input(
            @Doc("API path on the instance, e.g. /api/v1/admin/measures (no host, no query)")
            @NotBlank String path,
            @Doc("GET (default), POST, PUT, PATCH or DELETE")
            @Pattern(regexp = "GET|POST|PUT|PATCH|DELETE", flags = Pattern.Flag.CASE_INSENSITIVE) String method,
            @Doc("JSON object of query parameters; an array value is sent as key[]=…")
            JsonNode query,
            @Doc("JSON body")
            JsonNode body) {
    }

    /** @param body the answer, parsed when JSON; null when empty */
    public record Output(
            @Doc("The answer's status")
            int status,
            @Doc("The answer, parsed when JSON")
            JsonNode body) {
    }

    private final MastodonClient client;
    private final JsonMapper json = Json.MAPPER;

    public MastodonRequestConnector(MastodonClient client) {
        this.client = client;
    }

    @Override
    public Output execute(Input input, StepContext context) {
        String path = input.path().trim();
        if (!PATH.matcher(path).matches() || path.contains("//")) {
            throw new ConnectorFailure.BadInput("path '" + path + "' must be a path on the instance such as "
                    + "/api/v1/admin/measures (no host, no query, no . or .. segments)");
        }
        String method = input.method() == null || input.method().isBlank() ? "GET" : input.method().trim().toUpperCase(Locale.ROOT);
        String query = query(input.query());
        JsonNode body = json(input.body(), "body");
        MastodonClient.Answer answer = client.call(method, query.isEmpty() ? path : path + "?" + query, body,
                "POST".equals(method) ? context.idempotencyKey() : null);
        return new Output(answer.status(), answer.body());
    }

    private String query(JsonNode input) {
        JsonNode query = json(input, "query");
        if (query == null) {
            return "";
        }
        if (!query.isObject()) {
            throw new ConnectorFailure.BadInput("query must be a JSON object");
        }
        return query.properties().stream().flatMap(e -> e.getValue().isArray()
                ? e.getValue().valueStream().map(v -> encode(e.getKey() + "[]") + "=" + encode(v.asString()))
                : e.getValue().isNull() ? Stream.empty()
                : Stream.of(encode(e.getKey()) + "=" + encode(e.getValue().asString())))
                .collect(Collectors.joining("&"));
    }

    /** JSON given as such or as JSON text; null or blank is nothing. */
    private JsonNode json(JsonNode node, String input) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        if (!node.isString()) {
            return node;
        }
        if (node.asString().isBlank()) {
            return null;
        }
        try {
            return json.readTree(node.asString());
        } catch (JacksonException e) {
            throw new ConnectorFailure.BadInput(input + " is not JSON: " + e.getOriginalMessage());
        }
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
