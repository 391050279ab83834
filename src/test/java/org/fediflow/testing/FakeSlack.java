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
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

/**
 * Slack's Web API on loopback, answering like Slack does (protocols.md §6.3): HTTP 200 with {@code {"ok":true,…}},
 * errors as HTTP 200 {@code {"ok":false,"error":"…"}}, rate limits as HTTP 429 with {@code Retry-After} and
 * {@code {"ok":false,"error":"ratelimited"}}. Point a client at {@link #apiUrl()} (trailing slash included).
 *
 * <p>Implements {@code auth.test} (Bolt calls it on incoming requests), {@code chat.postMessage},
 * {@code chat.update}, {@code chat.postEphemeral}, and {@code conversations.history}/{@code .replies} over what
 * was posted (with message metadata); each post gets a new ts. Any other method answers
 * {@code unknown_method}.
 */
public final class FakeSlack implements AutoCloseable {

    public static final String BOT_TOKEN = "xoxb-test-0000-fediflow";
    public static final String CHANNEL = "C0MODERATE";

    private static final Pattern REPORT = Pattern.compile("Report #(\\d+)");

    private final History history = new History();
    private final WireMockServer server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1")
            .globalTemplating(true).extensions(history));

    public FakeSlack() {
        history.server = server;
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
        String ts = "{{now format='unix'}}.{{randomValue length=6 type='NUMERIC'}}";
        server.stubFor(post(urlPathEqualTo("/api/chat.postMessage")).willReturn(okJson("""
                {"ok":true,"channel":"{{formData request.body 'form' urlDecode=true}}{{form.channel}}","ts":"%s",
                 "message":{"type":"message","bot_id":"B0FEDIFLOW","text":"","ts":"%s"}}""".formatted(ts, ts))));
        server.stubFor(post(urlPathEqualTo("/api/chat.update")).willReturn(okJson("""
                {"ok":true,"channel":"{{formData request.body 'form' urlDecode=true}}{{form.channel}}","ts":"{{form.ts}}",
                 "text":"","message":{"type":"message","text":""}}""")));
        server.stubFor(post(urlPathEqualTo("/api/conversations.history")).willReturn(aResponse().withTransformers(History.NAME)));
        server.stubFor(post(urlPathEqualTo("/api/conversations.replies")).willReturn(aResponse().withTransformers(History.NAME)));
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

    /** Report cards (top-level posts whose text names {@code Report #<id>}) counted by report id. */
    public Map<String, Long> cardsPerReport() {
        return requests("chat.postMessage").stream()
                .filter(request -> !form(request).containsKey("thread_ts"))
                .map(request -> REPORT.matcher(form(request).getOrDefault("text", "")))
                .filter(Matcher::find).map(matcher -> matcher.group(1))
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
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

    /**
     * {@code conversations.history} and {@code conversations.replies} from what this fake answered to
     * {@code chat.postMessage}: the messages of the channel (top level) or of the thread, newest first, with
     * their {@code metadata} only when {@code include_all_metadata} is set, as Slack does.
     */
    static final class History implements ResponseDefinitionTransformerV2 {

        static final String NAME = "slack-history";
        private static final Pattern TS = Pattern.compile("\"ts\":\"([0-9.]+)\"");
        WireMockServer server;

        @Override
        public ResponseDefinition transform(ServeEvent asked) {
            Map<String, String> query = form(asked.getRequest());
            boolean replies = asked.getRequest().getUrl().contains("conversations.replies");
            boolean metadata = "true".equals(query.get("include_all_metadata")) || "1".equals(query.get("include_all_metadata"));
            double oldest = query.containsKey("oldest") ? Double.parseDouble(query.get("oldest")) : 0;
            StringBuilder messages = new StringBuilder();
            for (ServeEvent event : server.getAllServeEvents()) {
                if (!event.getRequest().getUrl().contains("chat.postMessage") || event.getResponse().getStatus() != 200) {
                    continue;
                }
                Map<String, String> posted = form(event.getRequest());
                Matcher ts = TS.matcher(event.getResponse().getBodyAsString());
                String thread = posted.get("thread_ts");
                boolean inPlace = replies ? query.get("ts").equals(thread) : thread == null;
                if (!ts.find() || !query.get("channel").equals(posted.get("channel")) || !inPlace
                        || Double.parseDouble(ts.group(1)) < oldest) {
                    continue;
                }
                messages.append(messages.isEmpty() ? "" : ",").append("{\"type\":\"message\",\"ts\":\"")
                        .append(ts.group(1)).append('"');
                if (metadata && posted.containsKey("metadata")) {
                    messages.append(",\"metadata\":").append(posted.get("metadata"));
                }
                messages.append('}');
            }
            return ResponseDefinitionBuilder.okForJson(Map.of()).but()
                    .withBody("{\"ok\":true,\"messages\":[" + messages + "],\"has_more\":false}").build();
        }

        @Override
        public boolean applyGlobally() {
            return false;
        }

        @Override
        public String getName() {
            return NAME;
        }
    }

    @Override
    public void close() {
        server.stop();
    }
}
