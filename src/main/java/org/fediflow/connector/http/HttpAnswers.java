package org.fediflow.connector.http;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;

import org.fediflow.connector.ConnectorFailure;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.node.StringNode;

/** The answer side of {@code http.request}: read within the size cap and the timeout, parsed, scrubbed. */
final class HttpAnswers {

    private HttpAnswers() {
    }

    /** At most the size cap, within what is left of the timeout: a server dribbling its answer is cut off too. */
    static byte[] read(InputStream in, long cap, long deadline, String shown, Duration timeout) {
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

    static String size(long bytes) {
        return bytes % (1024 * 1024) == 0 ? bytes / (1024 * 1024) + " MB"
                : bytes % 1024 == 0 ? bytes / 1024 + " KB" : bytes + " bytes";
    }

    static void close(InputStream in) {
        try {
            in.close();
        } catch (IOException e) {
            // closing only to stop the read
        }
    }

    static JsonNode parse(byte[] bytes, HttpResponse<?> response, Scrubber scrub) {
        if (bytes.length == 0) {
            return null;
        }
        String type = response.headers().firstValue("Content-Type").orElse("").toLowerCase(Locale.ROOT);
        String text = scrub.apply(new String(bytes, charset(type)));
        if (type.contains("json")) {
            try {
                return HttpRequestParts.JSON.readTree(text);
            } catch (JacksonException e) {
                // a JSON type with a body that is not: keep the text
            }
        }
        return StringNode.valueOf(text);
    }

    static Charset charset(String contentType) {
        Matcher m = java.util.regex.Pattern.compile("charset=\"?([A-Za-z0-9._:-]+)").matcher(contentType);
        try {
            return m.find() ? Charset.forName(m.group(1)) : StandardCharsets.UTF_8;
        } catch (RuntimeException e) {
            return StandardCharsets.UTF_8;
        }
    }

    static ObjectNode headersOf(HttpResponse<?> response, Scrubber scrub) {
        ObjectNode headers = HttpRequestParts.JSON.createObjectNode();
        response.headers().map().forEach((name, values) -> {
            if (!name.startsWith(":")) {
                headers.put(name.toLowerCase(Locale.ROOT), scrub.apply(String.join(", ", values)));
            }
        });
        return headers;
    }

    static String snippet(JsonNode body) {
        if (body == null) {
            return "";
        }
        String text = body.isString() ? body.asString() : body.toString();
        text = text.replaceAll("\\s+", " ").trim();
        return text.isEmpty() ? "" : ": " + (text.length() > 300 ? text.substring(0, 300) + "…" : text);
    }
}
