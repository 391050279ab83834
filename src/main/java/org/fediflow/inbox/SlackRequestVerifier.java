package org.fediflow.inbox;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;

/**
 * Slack's v0 request signature: {@code X-Slack-Signature: v0=<hex HMAC-SHA256(signing secret, "v0:" + ts + ":" + body)>}
 * with {@code X-Slack-Request-Timestamp} at most five minutes away from now, in either direction (Bolt's own
 * check lets future timestamps through and compares with String.equals; this one does neither).
 */
final class SlackRequestVerifier {

    static final Duration WINDOW = Duration.ofMinutes(5);

    private final String signingSecret;
    private final Clock clock;

    SlackRequestVerifier(String signingSecret, Clock clock) {
        this.signingSecret = signingSecret;
        this.clock = clock;
    }

    boolean configured() {
        return signingSecret != null && !signingSecret.isBlank();
    }

    /** @return null when the request is authentic, else why not */
    String problem(String timestamp, String signature, byte[] body) {
        if (timestamp == null || signature == null || !signature.startsWith("v0=")) {
            return "missing X-Slack-Request-Timestamp or X-Slack-Signature";
        }
        long seconds;
        try {
            seconds = Long.parseLong(timestamp.trim());
        } catch (NumberFormatException e) {
            return "X-Slack-Request-Timestamp is not a number";
        }
        if (Math.abs(clock.instant().getEpochSecond() - seconds) > WINDOW.toSeconds()) {
            return "X-Slack-Request-Timestamp is more than 5 minutes away";
        }
        byte[] base = ("v0:" + timestamp.trim() + ":").getBytes(StandardCharsets.UTF_8);
        byte[] message = new byte[base.length + body.length];
        System.arraycopy(base, 0, message, 0, base.length);
        System.arraycopy(body, 0, message, base.length, body.length);
        if (!Signatures.sameHex(Signatures.hmacHex("HmacSHA256", signingSecret, message), signature.substring(3))) {
            return "signature does not match";
        }
        return null;
    }
}
