package org.fediflow.connector.http;

import org.fediflow.shared.Json;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import org.fediflow.connector.ConnectorFailure;
import org.fediflow.connector.credentials.Credential;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The request side of {@code http.request}: the target URL (absolute, or a part added to a credential's secret
 * url), redirects, query, headers, body and timeout, each checked and refused with a message that names the input
 * (and never shows a query or a secret url).
 */
final class HttpRequestParts {

    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    static final Duration MAX_TIMEOUT = Duration.ofMinutes(10);
    private static final java.util.regex.Pattern HEADER_NAME = java.util.regex.Pattern.compile("[A-Za-z0-9!#$%&'*+.^_`|~-]+");
    private static final String FORM = "application/x-www-form-urlencoded";
    /** The one mapper of {@code http.request}: request bodies and parsed answers. */
    static final JsonMapper JSON = Json.MAPPER;

    private HttpRequestParts() {
    }

    record Target(URI uri, String shown) {
    }

    static Target target(String url, JsonNode queryInput, Credential credential) {
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

    static URI redirect(URI from, String location, String shown) {
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
    static String show(URI uri) {
        return uri.getScheme() + "://" + uri.getRawAuthority().replaceAll("^.*@", "") + (uri.getRawPath() == null ? "" : uri.getRawPath());
    }

    static String origin(URI uri) {
        return (uri.getScheme() + "://" + uri.getHost() + ":" + uri.getPort()).toLowerCase(Locale.ROOT);
    }

    static String query(JsonNode input) {
        ObjectNode object = object(input, "query");
        return object.properties().stream().flatMap(e -> {
            JsonNode value = e.getValue();
            var values = value.isArray() ? value.valueStream() : java.util.stream.Stream.of(value);
            return values.filter(v -> !v.isNull()).map(v -> encode(e.getKey()) + "=" + encode(v.isValueNode() ? v.asString() : v.toString()));
        }).collect(Collectors.joining("&"));
    }

    static Map<String, String> headers(JsonNode input) {
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

    static byte[] body(JsonNode body, Map<String, String> headers) {
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
        return JSON.writeValueAsBytes(body);
    }

    /** Structured, or text holding a JSON object or array. */
    static boolean isJson(JsonNode body) {
        if (!body.isString()) {
            return true;
        }
        String text = body.asString().trim();
        if (!(text.startsWith("{") || text.startsWith("["))) {
            return false;
        }
        try {
            JSON.readTree(text);
            return true;
        } catch (JacksonException e) {
            return false;
        }
    }

    /** A JSON object given as one, or as JSON text of one; nothing is an empty object. */
    static ObjectNode object(JsonNode node, String input) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return JSON.createObjectNode();
        }
        JsonNode value = node;
        if (node.isString()) {
            if (node.asString().isBlank()) {
                return JSON.createObjectNode();
            }
            try {
                value = JSON.readTree(node.asString());
            } catch (JacksonException e) {
                throw new ConnectorFailure.BadInput(input + " is not JSON: " + e.getOriginalMessage());
            }
        }
        if (!(value instanceof ObjectNode object)) {
            throw new ConnectorFailure.BadInput(input + " must be a JSON object, not " + value.getNodeType());
        }
        return object;
    }

    static String header(Map<String, String> headers, String name) {
        return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue)
                .findFirst().orElse(null);
    }

    static Duration timeout(String text) {
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

    static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    static boolean blank(String text) {
        return text == null || text.isBlank();
    }
}
