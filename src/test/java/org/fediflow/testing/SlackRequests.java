package org.fediflow.testing;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Interaction payloads as Slack posts them to {@code /slack/events}, signed with Slack's v0 scheme. */
public final class SlackRequests {

    private static final AtomicLong SEQUENCE = new AtomicLong();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private SlackRequests() {
    }

    /**
     * A block_actions payload: {@code user} pressed the button {@code actionId} carrying {@code value}. Fields as in
     * java-slack-sdk's {@code json-logs/samples/app-backend/interactive-components/BlockActionPayload.json}, in the
     * order of a payload Slack generated; written as Slack writes JSON: compact, {@code /} escaped as {@code \/}.
     */
    public static String press(String actionId, String value, String user, String channel) {
        String actionTs = Instant.now().getEpochSecond() + "." + String.format("%06d", SEQUENCE.incrementAndGet());
        ObjectNode p = JSON.createObjectNode().put("type", "block_actions");
        p.putObject("user").put("id", user).put("username", "someone").put("name", "someone").put("team_id", "T0FEDIFLOW");
        p.put("api_app_id", "A0FEDIFLOW").put("token", "legacy-verification-token");
        p.putObject("container").put("type", "message").put("message_ts", "1752228000.000100").put("channel_id", channel)
                .put("is_ephemeral", false);
        p.put("trigger_id", "1589929845329.1544764577655.4f82db2690090418bf03f9b221f0a18e");
        p.putObject("team").put("id", "T0FEDIFLOW").put("domain", "fediflow-test");
        p.putNull("enterprise");
        p.put("is_enterprise_install", false);
        p.putObject("channel").put("id", channel).put("name", "moderation");
        ObjectNode message = p.putObject("message");
        message.put("user", "U0FEDIFLOWBOT").put("type", "message").put("ts", "1752228000.000100")
                .put("bot_id", "B0FEDIFLOW").put("app_id", "A0FEDIFLOW").put("text", "Report #1 against @someone (spam)")
                .put("team", "T0FEDIFLOW");
        message.putArray("blocks");
        p.putObject("state").putObject("values");
        p.put("response_url", "https://hooks.slack.com/actions/T0FEDIFLOW/1577299513202/EkXGc3AD4Ha1u9Yj0FPUve8x");
        ObjectNode action = p.putArray("actions").addObject();
        action.put("action_id", actionId).put("block_id", "b1");
        action.putObject("text").put("type", "plain_text").put("text", "Press").put("emoji", true);
        action.put("value", value).put("type", "button").put("action_ts", actionTs);
        return JSON.writeValueAsString(p).replace("/", "\\/");
    }

    /** Slack's form body for an interaction: {@code payload=} the JSON, form-encoded with {@code +} for spaces. */
    public static String form(String payloadJson) {
        return "payload=" + URLEncoder.encode(payloadJson, StandardCharsets.UTF_8);
    }

    public static HttpResponse<String> send(Http http, String signingSecret, String payloadJson, long timestamp) {
        return sendForm(http, signingSecret, form(payloadJson), timestamp);
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
