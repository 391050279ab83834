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

    /**
     * A Mastodon admin webhook envelope ({@code REST::Admin::WebhookEventSerializer}: event, created_at, object),
     * compact as {@code Oj.dump} writes it.
     */
    public static String mastodonEvent(String event, String objectJson) {
        return "{\"event\":\"" + event + "\",\"created_at\":\"2026-11-28T10:00:00.000Z\",\"object\":" + objectJson + "}";
    }

    /**
     * The headers Mastodon sends with a webhook body: {@code Webhooks::DeliveryWorker} adds Content-Type and
     * X-Hub-Signature to what its {@code Request} class always sends (User-Agent, Date as an HTTP date,
     * Accept-Encoding, and Digest, the base64 SHA-256 of the body); Host is the HTTP client's own.
     */
    public static String[] mastodonHeaders(String secret, String body) {
        String digest;
        try {
            digest = java.util.Base64.getEncoder().encodeToString(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(body.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        String date = java.time.format.DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", java.util.Locale.ENGLISH)
                .format(java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC));
        return new String[]{"Content-Type", "application/json", "X-Hub-Signature", mastodonSignature(secret, body),
                "User-Agent", "http.rb/5.2.0 (Mastodon/4.4.3; +https://mastodon.example/)", "Date", date,
                "Accept-Encoding", "gzip", "Digest", "SHA-256=" + digest};
    }

    public static String mastodonSignature(String secret, String body) {
        return "sha256=" + hmacHex("HmacSHA256", secret, body);
    }
}
