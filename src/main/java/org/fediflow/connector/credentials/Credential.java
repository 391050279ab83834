package org.fediflow.connector.credentials;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * One checked credential: what it adds to a request. Its {@link #toString()} never shows a secret.
 *
 * @param url a secret base URL, or null
 */
public record Credential(String name, Type type, Map<String, String> fields, String url) {

    public enum Type {
        BEARER, BASIC, HEADER, HMAC_SHA256;

        public String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /** The header to add to a request with this body ({@code name -> value}), or an empty map for a url-only credential. */
    public Map<String, String> headers(byte[] body) {
        if (type == null) {
            return Map.of();
        }
        return switch (type) {
            case BEARER -> Map.of("Authorization", "Bearer " + fields.get("token"));
            case BASIC -> Map.of("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                    (fields.get("username") + ":" + fields.get("password")).getBytes(StandardCharsets.UTF_8)));
            case HEADER -> Map.of(fields.get("header"), fields.get("value"));
            case HMAC_SHA256 -> Map.of(fields.get("header"), fields.get("prefix") + hmac(body));
        };
    }

    /** The secret values, so that anything shown can be checked against them. */
    public List<String> secretValues() {
        List<String> values = new ArrayList<>();
        for (String key : new String[] {"token", "password", "value", "secret"}) {
            if (fields.get(key) != null) {
                values.add(fields.get(key));
            }
        }
        if (type == Type.BASIC) {
            values.add(headers(null).get("Authorization").substring("Basic ".length()));
        }
        if (url != null) {
            values.add(url);
            // a webhook URL's secret is its long path segment; a server may echo that alone
            for (String segment : java.net.URI.create(url).getPath().split("/")) {
                if (segment.length() >= 16) {
                    values.add(segment);
                }
            }
        }
        return values;
    }

    private String hmac(byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(fields.get("secret").getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body == null ? new byte[0] : body));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    @Override
    public String toString() {
        return "Credential[name=" + name + ", type=" + (type == null ? "url" : type.label()) + ", secrets masked]";
    }
}
