package org.fediflow.testing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

/**
 * Slack's Web API on loopback, answering like Slack does (protocols.md §6.3): HTTP 200 with {@code {"ok":true,…}},
 * errors as HTTP 200 {@code {"ok":false,"error":"…"}}, rate limits as HTTP 429 with {@code Retry-After} and
 * {@code {"ok":false,"error":"ratelimited"}}. Point a client at {@link #apiUrl()} (trailing slash included).
 *
 * <p>Implements {@code auth.test} (Bolt calls it on incoming requests), {@code chat.postMessage},
 * {@code chat.update} and {@code chat.postEphemeral}; each post gets a new ts. Any other method answers
 * {@code unknown_method}.
 */
public final class FakeSlack implements AutoCloseable {

    public static final String BOT_TOKEN = "xoxb-test-0000-fediflow";
    public static final String CHANNEL = "C0MODERATE";

    private final WireMockServer server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1")
            .globalTemplating(true));

    public FakeSlack() {
        server.start();
        reset();
    }

    /** Back to a healthy Slack: every known method succeeds. */
    public void reset() {
        server.resetMappings();
        server.stubFor(post(anyUrl()).atPriority(10).willReturn(okJson("{\"ok\":false,\"error\":\"unknown_method\"}")));
        server.stubFor(post(urlPathEqualTo("/api/auth.test")).willReturn(okJson("""
                {"ok":true,"url":"https://fediflow-test.slack.com/","team":"Fediflow Test","user":"fediflow",
                 "team_id":"T0FEDIFLOW","user_id":"U0FEDIFLOW","bot_id":"B0FEDIFLOW","is_enterprise_install":false}""")));
        // The ts is unique per request, like Slack's "<epoch seconds>.<sequence>".
        String ts = "1752228000.{{randomValue length=6 type='NUMERIC'}}";
        server.stubFor(post(urlPathEqualTo("/api/chat.postMessage")).willReturn(okJson("""
                {"ok":true,"channel":"{{formData request.body 'form' urlDecode=true}}{{form.channel}}","ts":"%s",
                 "message":{"type":"message","bot_id":"B0FEDIFLOW","text":"","ts":"%s"}}""".formatted(ts, ts))));
        server.stubFor(post(urlPathEqualTo("/api/chat.update")).willReturn(okJson("""
                {"ok":true,"channel":"{{formData request.body 'form' urlDecode=true}}{{form.channel}}","ts":"{{form.ts}}",
                 "text":"","message":{"type":"message","text":""}}""")));
        server.stubFor(post(urlPathEqualTo("/api/chat.postEphemeral")).willReturn(okJson("""
                {"ok":true,"message_ts":"%s"}""".formatted(ts))));
    }

    public String apiUrl() {
        return server.baseUrl() + "/api/";
    }

    public WireMockServer server() {
        return server;
    }

    /** The method answers HTTP 200 {@code {"ok":false,"error":error}}. */
    public void failing(String method, String error) {
        server.stubFor(post(urlPathEqualTo("/api/" + method)).atPriority(1)
                .willReturn(okJson("{\"ok\":false,\"error\":\"" + error + "\"}")));
    }

    /** The method answers HTTP 429 with {@code Retry-After}, as Slack's rate limiter does. */
    public void rateLimited(String method, int retryAfterSeconds) {
        server.stubFor(post(urlPathEqualTo("/api/" + method)).atPriority(1).willReturn(aResponse().withStatus(429)
                .withHeader("Content-Type", "application/json; charset=utf-8")
                .withHeader("Retry-After", String.valueOf(retryAfterSeconds))
                .withBody("{\"ok\":false,\"error\":\"ratelimited\"}")));
    }

    public void unavailable(String method) {
        server.stubFor(post(urlPathEqualTo("/api/" + method)).atPriority(1).willReturn(aResponse().withStatus(503)
                .withHeader("Content-Type", "text/html").withBody("<html>Service Unavailable</html>")));
    }

    public List<LoggedRequest> requests(String method) {
        return server.findAll(postRequestedFor(urlPathEqualTo("/api/" + method)));
    }

    public List<LoggedRequest> requestsContaining(String method, String text) {
        return server.findAll(postRequestedFor(urlPathEqualTo("/api/" + method)).withRequestBody(containing(text)));
    }

    /** The form fields of a request as the client sent them (the SDK posts application/x-www-form-urlencoded). */
    public static Map<String, String> form(LoggedRequest request) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String pair : request.getBodyAsString().split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                fields.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return fields;
    }

    @Override
    public void close() {
        server.stop();
    }
}
