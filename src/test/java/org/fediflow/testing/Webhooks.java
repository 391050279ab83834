package org.fediflow.testing;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Signs test deliveries the way each sender does. */
public final class Webhooks {

    private Webhooks() {
    }

    public static String hmacHex(String algorithm, String secret, String body) {
        return hmacHex(algorithm, secret, body.getBytes(StandardCharsets.UTF_8));
    }

    /** The HMAC of the concatenated parts, as raw bytes go over the wire. */
    public static String hmacHex(String algorithm, String secret, byte[]... parts) {
        try {
            Mac mac = Mac.getInstance(algorithm);
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), algorithm));
            for (byte[] part : parts) {
                mac.update(part);
            }
            return HexFormat.of().formatHex(mac.doFinal());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A Mastodon admin webhook envelope. */
    public static String mastodonEvent(String event, String objectJson) {
        return "{\"event\":\"" + event + "\",\"created_at\":\"2026-11-28T10:00:00.000Z\",\"object\":" + objectJson + "}";
    }

    public static String mastodonSignature(String secret, String body) {
        return "sha256=" + hmacHex("HmacSHA256", secret, body);
    }
}
