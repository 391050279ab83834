package org.fediflow.testing;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/** Interaction payloads as Slack posts them to {@code /slack/events}, signed with Slack's v0 scheme. */
public final class SlackRequests {

    private static final AtomicLong SEQUENCE = new AtomicLong();

    private SlackRequests() {
    }

    /** A block_actions payload: {@code user} pressed the button {@code actionId} carrying {@code value}. */
    public static String press(String actionId, String value, String user, String channel) {
        String actionTs = Instant.now().getEpochSecond() + "." + String.format("%06d", SEQUENCE.incrementAndGet());
        return """
                {"type":"block_actions","user":{"id":"%s","username":"someone","team_id":"T0FEDIFLOW"},
                 "api_app_id":"A0FEDIFLOW","token":"legacy-token","team":{"id":"T0FEDIFLOW","domain":"fediflow-test"},
                 "container":{"type":"message","message_ts":"1752228000.000100","channel_id":"%s","is_ephemeral":false},
                 "trigger_id":"1.2.3","channel":{"id":"%s","name":"moderation"},
                 "response_url":"https://hooks.slack.com/actions/T0/1/secret",
                 "actions":[{"action_id":"%s","block_id":"b1","text":{"type":"plain_text","text":"Press"},
                             "value":"%s","type":"button","action_ts":"%s"}]}"""
                .formatted(user, channel, channel, actionId, value, actionTs);
    }

    public static HttpResponse<String> send(Http http, String signingSecret, String payloadJson, long timestamp) {
        return sendForm(http, signingSecret, "payload=" + URLEncoder.encode(payloadJson, StandardCharsets.UTF_8), timestamp);
    }

    /** A slash command: {@code /fediflow <text>} typed by {@code user}, as Slack posts it. */
    public static HttpResponse<String> command(Http http, String signingSecret, String text, String user) {
        String body = "token=legacy&team_id=T0FEDIFLOW&channel_id=C0OPS&channel_name=ops&user_id=" + user
                + "&user_name=someone&command=%2Ffediflow&text=" + URLEncoder.encode(text, StandardCharsets.UTF_8)
                + "&api_app_id=A0FEDIFLOW&trigger_id=" + SEQUENCE.incrementAndGet() + ".1.2"
                + "&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT0%2F1%2Fsecret";
        return sendForm(http, signingSecret, body, Instant.now().getEpochSecond());
    }

    static HttpResponse<String> sendForm(Http http, String signingSecret, String body, long timestamp) {
        String signature = "v0=" + Webhooks.hmacHex("HmacSHA256", signingSecret, "v0:" + timestamp + ":" + body);
        return http.post("/slack/events", body, "Content-Type", "application/x-www-form-urlencoded",
                "X-Slack-Request-Timestamp", String.valueOf(timestamp), "X-Slack-Signature", signature);
    }

    public static HttpResponse<String> send(Http http, String signingSecret, String payloadJson) {
        return send(http, signingSecret, payloadJson, Instant.now().getEpochSecond());
    }
}
