package org.fediflow.connector.slack;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import com.slack.api.audit.AuditConfig;
import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.MethodsConfig;
import com.slack.api.methods.SlackApiException;
import com.slack.api.methods.SlackApiTextResponse;
import com.slack.api.methods.request.chat.ChatPostEphemeralRequest;
import com.slack.api.methods.request.chat.ChatPostMessageRequest;
import com.slack.api.methods.request.chat.ChatUpdateRequest;
import com.slack.api.methods.request.conversations.ConversationsHistoryRequest;
import com.slack.api.methods.request.conversations.ConversationsRepliesRequest;
import com.slack.api.model.Message;
import com.slack.api.rate_limits.metrics.MetricsDatastore;
import com.slack.api.scim.SCIMConfig;
import com.slack.api.scim2.SCIM2Config;
import com.slack.api.util.http.SlackHttpClient;
import com.sun.net.httpserver.HttpServer;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;

import org.fediflow.connector.ConnectorFailure;
import org.fediflow.connector.OutboundCalls;
import org.fediflow.connector.Warmup;
import org.fediflow.shared.Lazy;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import okhttp3.HttpUrl;

/**
 * The chat methods Fediflow uses, over Slack's official client, with every failure classified:
 * HTTP 429 and {@code ratelimited} are temporary (with Retry-After), so are 5xx, I/O errors and Slack's own
 * transient codes; any other {@code ok:false} is bad input carrying Slack's error code.
 */
@Component
public class SlackWebApi implements AutoCloseable, Warmup {

    /** Slack's documented "try again later" error codes; everything else will fail the same way on a retry. */
    private static final Set<String> TRANSIENT_ERRORS = Set.of("ratelimited", "internal_error", "fatal_error",
            "service_unavailable", "request_timeout");

    /** Where a message landed: the channel id (even when a purpose was named) and its ts. */
    public record Posted(String channel, String ts) {
    }

    /** Slack message metadata marking a message with the step that posted it. */
    static final String MARK_EVENT_TYPE = "fediflow_step";
    static final String MARK_KEY = "idempotency_key";
    private static final int MARK_SEARCH_PAGES = 10;

    private final SlackProperties properties;
    /**
     * Built now when a bot token is set (the first report's card does not wait for it), otherwise at the first call: a
     * node without Slack configured never loads the client (its configuration, HTTP client and JSON classes).
     */
    private final Lazy<Slack> slack = new Lazy<>(this::client);
    private final OutboundCalls calls;

    public SlackWebApi(SlackProperties properties) {
        this(properties, Metrics.globalRegistry);
    }

    @Autowired
    public SlackWebApi(SlackProperties properties, MeterRegistry meters) {
        this.properties = properties;
        this.calls = new OutboundCalls(meters, "slack", "Slack");
        if (!blank(properties.botToken())) {
            slack.get();
        }
    }

    /**
     * A Slack SDK configuration that keeps no API statistics: nothing here reads them, and each of the SDK's
     * statistics stores runs a thread ("slack-api-metrics") that wakes every second. The SDK makes twelve such stores
     * (four in each configuration, its shared default and the four shared defaults of its parts, all started when
     * its classes load), and {@code setStatsEnabled(false)} stops only three: every store is stopped here.
     */
    public static SlackConfig configWithoutStatistics() {
        SlackConfig config = new SlackConfig();
        config.setStatsEnabled(false);
        for (SlackConfig each : List.of(config, SlackConfig.DEFAULT)) {
            stop(each.getMethodsConfig().getMetricsDatastore(), each.getAuditConfig().getMetricsDatastore(),
                    each.getSCIMConfig().getMetricsDatastore(), each.getSCIM2Config().getMetricsDatastore());
        }
        stop(MethodsConfig.DEFAULT_SINGLETON.getMetricsDatastore(), AuditConfig.DEFAULT_SINGLETON.getMetricsDatastore(),
                SCIMConfig.DEFAULT_SINGLETON.getMetricsDatastore(), SCIM2Config.DEFAULT_SINGLETON.getMetricsDatastore());
        return config;
    }

    private static void stop(MetricsDatastore... stores) {
        for (MetricsDatastore store : stores) {
            store.setStatsEnabled(false);
        }
    }

    private Slack client() {
        // SlackConfig.DEFAULT is immutable; each instance gets its own.
        SlackConfig config = configWithoutStatistics();
        config.setMethodsEndpointUrlPrefix(properties.apiUrl());
        int millis = (int) Math.min(Integer.MAX_VALUE, properties.timeout().toMillis());
        config.setHttpClientCallTimeoutMillis(millis);
        config.setHttpClientReadTimeoutMillis(millis);
        config.setHttpClientWriteTimeoutMillis(millis);
        // OkHttp resends a request that failed on a connection kept from an earlier call, even a POST whose first copy
        // Slack took before the connection died: a message posted twice. A step's retry decides instead, by the
        // message log and Slack's history (SlackPoster).
        SlackHttpClient http = new SlackHttpClient(SlackHttpClient.buildOkHttpClient(config).newBuilder()
                .retryOnConnectionFailure(false).build());
        http.setConfig(config);
        return Slack.getInstance(config, http);
    }

    /**
     * Posts one message through this client to a stand-in for Slack on the loopback address, which answers as Slack
     * does; nothing reaches Slack. The first real post after a start then does not load the client's classes (the
     * SDK's half-megabyte methods class, OkHttp's call path, the answer's JSON binding) while every job thread that
     * posts waits for them: the first card after a restart took 450-600 ms in Slack's call alone
     * ({@code bench/README.md}). Not counted in the outbound call metrics.
     *
     * @see #postToStandIn()
     */
    @Override
    public void warmUp() throws IOException {
        postToStandIn();
    }

    /** @return the stand-in's answer as the client read it; empty without a bot token (no client to warm) */
    Optional<Posted> postToStandIn() throws IOException {
        if (blank(properties.botToken())) {
            return Optional.empty();
        }
        HttpUrl.get(properties.apiUrl());   // what each call does with the configured host (IDN for a name)
        byte[] answer = "{\"ok\":true,\"channel\":\"C0\",\"ts\":\"1700000000.000100\"}".getBytes(StandardCharsets.UTF_8);
        HttpServer standIn = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1);
        standIn.createContext("/api/", exchange -> {
            try (InputStream in = exchange.getRequestBody(); OutputStream out = exchange.getResponseBody()) {
                in.readAllBytes();
                exchange.getResponseHeaders().add("Content-Type", "application/json; charset=utf-8");
                exchange.getResponseHeaders().add("Connection", "close");
                exchange.sendResponseHeaders(200, answer.length);
                out.write(answer);
            }
        });
        standIn.start();
        try {
            MethodsClient methods = slack.get().methods("xoxb-warm-up");
            methods.setEndpointUrlPrefix("http://" + standIn.getAddress().getAddress().getHostAddress() + ":"
                    + standIn.getAddress().getPort() + "/api/");
            var response = methods.chatPostMessage(ChatPostMessageRequest.builder().channel("C0").text("warm-up")
                    .blocksAsString("[{\"type\":\"section\",\"text\":{\"type\":\"mrkdwn\",\"text\":\"warm-up\"}}]")
                    .metadata(Message.Metadata.builder().eventType(MARK_EVENT_TYPE)
                            .eventPayload(Map.of(MARK_KEY, "warm-up")).build())
                    .build());
            return Optional.of(new Posted(response.getChannel(), response.getTs()));
        } catch (SlackApiException e) {
            throw new IOException(e);
        } finally {
            standIn.stop(0);
        }
    }

    public Posted postMessage(String channel, String text, String blocksJson, String threadTs) {
        return postMessage(channel, text, blocksJson, threadTs, null);
    }

    /**
     * Posts a message; with a {@code mark}, the message carries it as Slack message metadata (event type
     * {@value #MARK_EVENT_TYPE}) so that {@link #findMarked} can find it again.
     */
    Posted postMessage(String channel, String text, String blocksJson, String threadTs, String mark) {
        String channelId = channel(channel);
        Message.Metadata metadata = mark == null ? null
                : Message.Metadata.builder().eventType(MARK_EVENT_TYPE).eventPayload(Map.of(MARK_KEY, mark)).build();
        var response = call("chat.postMessage", methods -> methods.chatPostMessage(ChatPostMessageRequest.builder()
                .channel(channelId).text(text).blocksAsString(blocksJson).threadTs(blank(threadTs) ? null : threadTs)
                .metadata(metadata).build()));
        return new Posted(response.getChannel(), response.getTs());
    }

    /**
     * The message carrying {@code mark} posted in the channel (or the thread) since {@code since}, if Slack has
     * it. Needs the {@code channels:history} (private channels: {@code groups:history}) scope.
     */
    Optional<Posted> findMarked(String channelId, String threadTs, String mark, Instant since) {
        String oldest = since.minusSeconds(60).getEpochSecond() + ".000000";
        String cursor = null;
        for (int page = 0; page < MARK_SEARCH_PAGES; page++) {
            String from = cursor;
            List<Message> messages;
            if (blank(threadTs)) {
                var response = call("conversations.history", methods -> methods.conversationsHistory(
                        ConversationsHistoryRequest.builder().channel(channelId).oldest(oldest).includeAllMetadata(true)
                                .limit(200).cursor(from).build()));
                messages = response.getMessages();
                cursor = response.getResponseMetadata() == null ? null : response.getResponseMetadata().getNextCursor();
            } else {
                var response = call("conversations.replies", methods -> methods.conversationsReplies(
                        ConversationsRepliesRequest.builder().channel(channelId).ts(threadTs).oldest(oldest)
                                .includeAllMetadata(true).limit(200).cursor(from).build()));
                messages = response.getMessages();
                cursor = response.getResponseMetadata() == null ? null : response.getResponseMetadata().getNextCursor();
            }
            for (Message message : messages == null ? List.<Message>of() : messages) {
                Message.Metadata metadata = message.getMetadata();
                if (metadata != null && MARK_EVENT_TYPE.equals(metadata.getEventType())
                        && metadata.getEventPayload() != null && mark.equals(metadata.getEventPayload().get(MARK_KEY))) {
                    return Optional.of(new Posted(channelId, message.getTs()));
                }
            }
            if (blank(cursor)) {
                break;
            }
        }
        return Optional.empty();
    }

    public Posted updateMessage(String channel, String ts, String text, String blocksJson) {
        String channelId = channel(channel);
        var response = call("chat.update", methods -> methods.chatUpdate(ChatUpdateRequest.builder()
                .channel(channelId).ts(ts).text(text).blocksAsString(blocksJson).build()));
        return new Posted(response.getChannel(), response.getTs());
    }

    public Posted postEphemeral(String channel, String user, String text, String blocksJson) {
        String channelId = channel(channel);
        var response = call("chat.postEphemeral", methods -> methods.chatPostEphemeral(ChatPostEphemeralRequest
                .builder().channel(channelId).user(user).text(text).blocksAsString(blocksJson).build()));
        return new Posted(channelId, response.getMessageTs());
    }

    /** A purpose name ({@code moderation}, {@code onboarding}, {@code donations}, {@code ops}) or a channel id. */
    String channel(String nameOrId) {
        if (!SlackProperties.Channels.PURPOSES.contains(nameOrId)) {
            return nameOrId;
        }
        String id = properties.channels().forPurpose(nameOrId);
        if (blank(id)) {
            throw new ConnectorFailure.BadInput("channel '" + nameOrId + "' names fediflow.slack.channels."
                    + nameOrId + ", which is not set");
        }
        return id;
    }

    @FunctionalInterface
    private interface SlackCall<T extends SlackApiTextResponse> {
        T call(MethodsClient methods) throws IOException, SlackApiException;
    }

    private <T extends SlackApiTextResponse> T call(String method, SlackCall<T> call) {
        String token = properties.botToken();
        if (blank(token)) {
            throw new ConnectorFailure.BadInput("Slack is not configured: set fediflow.slack.bot-token (xoxb-…)");
        }
        T response;
        long started = System.nanoTime();
        try {
            response = call.call(slack.get().methods(token));
            // The client answers only 200s; anything else arrives as a SlackApiException.
            calls.record(method, "200", started);
        } catch (SlackApiException e) {
            calls.record(method, String.valueOf(e.getResponse().code()), started);
            throw failure(method, e);
        } catch (IOException e) {
            throw calls.unanswered(method, method, e, properties.timeout(), started);
        }
        if (response.isOk()) {
            return response;
        }
        String error = response.getError();
        String message = "Slack " + method + " failed: " + error;
        if (TRANSIENT_ERRORS.contains(error)) {
            throw new ConnectorFailure.Temporary(message, retryAfter(response.getHttpResponseHeaders()), null);
        }
        throw new ConnectorFailure.BadInput(message);
    }

    /** Non-200 answers: 429 (rate limit, with Retry-After), 5xx from Slack or a proxy, or a wrong api-url. */
    private static ConnectorFailure failure(String method, SlackApiException e) {
        int status = e.getResponse().code();
        String error = e.getError() != null && e.getError().getError() != null ? e.getError().getError()
                : "HTTP " + status;
        String message = "Slack " + method + " answered " + status + ": " + error;
        if (status == 429 || status >= 500 || status == 408) {
            Duration wait = retryAfter(e.getResponse().headers().toMultimap());
            return new ConnectorFailure.Temporary(message, wait, e);
        }
        return new ConnectorFailure.BadInput(message, e);
    }

    private static Duration retryAfter(Map<String, List<String>> headers) {
        if (headers == null) {
            return null;
        }
        for (Map.Entry<String, List<String>> header : headers.entrySet()) {
            if ("retry-after".equalsIgnoreCase(header.getKey()) && !header.getValue().isEmpty()) {
                String value = header.getValue().get(0).trim();
                if (value.matches("\\d{1,9}")) {
                    return Duration.ofSeconds(Math.max(1, Long.parseLong(value)));
                }
            }
        }
        return null;
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    @Override
    public void close() throws Exception {
        if (slack.built()) {
            slack.get().close();
        }
    }
}
