package org.fediflow.connector.mastodon;

import org.fediflow.shared.Json;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.net.http.HttpResponse;
import java.util.Optional;

import org.fediflow.connector.ConnectorFailure;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.StringNode;

/**
 * Mastodon's answers read for {@link MastodonClient}: the body as JSON, or the failure classified by status, with
 * Mastodon's own error text and when to try again. The message names the call, never the request headers (the
 * token).
 */
final class MastodonAnswers {

    private static final Duration MIN_RETRY_AFTER = Duration.ofSeconds(1);
    private static final JsonMapper JSON = Json.MAPPER;

    private final Clock clock;

    MastodonAnswers(Clock clock) {
        this.clock = clock;
    }

    /**
     * What {@code mastodon.request} gets: 2xx is the answer; 429, 408 and 5xx are temporary; 401 and 403 are bad
     * input; any other status is a business error whose code is the status.
     */
    MastodonClient.Answer any(HttpResponse<String> response, String what) {
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return new MastodonClient.Answer(status, parseLeniently(response.body()));
        }
        String message = "Mastodon answered " + status + " to " + what + ": " + errorText(response);
        if (status == 429 || status == 408 || status >= 500) {
            throw new ConnectorFailure.Temporary(message, retryAfter(response).orElse(null), null);
        }
        if (status == 401 || status == 403) {
            throw new ConnectorFailure.BadInput(message);
        }
        throw new ConnectorFailure.Business(String.valueOf(status), message);
    }

    /** What the client's own calls get: JSON, or a failure classified by status (a 422 as the caller says). */
    JsonNode read(HttpResponse<String> response, String what, MastodonClient.Unprocessable unprocessable) {
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return parse(response.body(), what);
        }
        // The message names the call and Mastodon's own error text; never the request headers (the token).
        String message = "Mastodon answered " + status + " to " + what + ": " + errorText(response);
        if (status == 429) {
            throw new ConnectorFailure.Temporary(message, retryAfter(response).orElse(null), null);
        }
        if (status >= 500 || status == 408) {
            throw new ConnectorFailure.Temporary(message, retryAfter(response).orElse(null), null);
        }
        if (status == 404) {
            throw new ConnectorFailure.Business("not-found", message);
        }
        if (status == 422) {
            if (unprocessable == MastodonClient.Unprocessable.BUSINESS) {
                throw new ConnectorFailure.Business("unprocessable", message);
            }
            throw new ConnectorFailure.BadInput(message);
        }
        // 401 (token revoked or wrong), 403 (missing role permission or scope), other 4xx: a retry will not help.
        throw new ConnectorFailure.BadInput(message);
    }

    private static JsonNode parse(String body, String what) {
        if (body == null || body.isBlank()) {
            return JSON.createObjectNode();
        }
        try {
            return JSON.readTree(body);
        } catch (JacksonException e) {
            // A proxy's HTML page with a 200: the instance is misbehaving, likely transiently.
            throw new ConnectorFailure.Temporary("Mastodon answered " + what + " with something that is not JSON", e);
        }
    }

    /** Mastodon's {@code {"error": "..."}} text, or a hint when the body is not Mastodon's (a proxy's page). */
    private static String errorText(HttpResponse<String> response) {
        try {
            JsonNode node = JSON.readTree(response.body());
            if (node != null && node.hasNonNull("error")) {
                String text = node.get("error").asString();
                return text.length() > 500 ? text.substring(0, 500) + "…" : text;
            }
        } catch (JacksonException | IllegalArgumentException e) {
            // not JSON: fall through
        }
        return "(no Mastodon error text)";
    }

    /**
     * When to try again: Mastodon's {@code X-RateLimit-Reset} is an ISO-8601 timestamp (not epoch seconds);
     * proxies may send {@code Retry-After} as seconds or an HTTP date instead.
     */
    Optional<Duration> retryAfter(HttpResponse<?> response) {
        Instant now = clock.instant();
        Optional<Instant> at = response.headers().firstValue("X-RateLimit-Reset").flatMap(MastodonAnswers::instant);
        if (at.isEmpty()) {
            at = response.headers().firstValue("Retry-After").flatMap(value -> {
                String v = value.trim();
                if (v.matches("\\d{1,9}")) {
                    return Optional.of(now.plusSeconds(Long.parseLong(v)));
                }
                try {
                    return Optional.of(ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
                } catch (DateTimeParseException e) {
                    return Optional.empty();
                }
            });
        }
        return at.map(instant -> {
            Duration wait = Duration.between(now, instant);
            return wait.compareTo(MIN_RETRY_AFTER) < 0 ? MIN_RETRY_AFTER : wait;
        });
    }

    private static Optional<Instant> instant(String iso) {
        try {
            return Optional.of(OffsetDateTime.parse(iso.trim()).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static JsonNode parseLeniently(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            return JSON.readTree(body);
        } catch (JacksonException e) {
            return StringNode.valueOf(body);
        }
    }
}
