package org.fediflow.connector.credentials;

import java.util.LinkedHashMap;
import java.util.Map;

import org.fediflow.HttpUrls;
import org.fediflow.InvalidConfiguration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Named credentials, {@code fediflow.credentials.<name>.*}, checked at start: one that cannot work stops the start
 * with one line naming the property.
 *
 * <pre>{@code
 * fediflow:
 *   credentials:
 *     ntfy:    { type: bearer, token: ${NTFY_TOKEN} }
 *     grafana: { type: basic, username: fediflow, password: ${GRAFANA_PASSWORD} }
 *     statuspage: { type: header, header: X-Api-Key, value: ${STATUSPAGE_KEY} }
 *     partner: { type: hmac-sha256, header: X-Signature, secret: ${PARTNER_SECRET}, prefix: "sha256=" }
 *     discord: { url: ${DISCORD_WEBHOOK_URL} }
 * }</pre>
 */
@ConfigurationProperties("fediflow")
public record CredentialsProperties(Map<String, Entry> credentials) {

    /**
     * One credential as configured; which fields it needs depends on {@code type}.
     *
     * @param type     bearer, basic, header or hmac-sha256; may be left out when the credential is only a secret {@code url}
     * @param token    bearer: sent as {@code Authorization: Bearer <token>}
     * @param username basic
     * @param password basic
     * @param header   header and hmac-sha256: the header's name
     * @param value    header: the header's value
     * @param secret   hmac-sha256: the key of the HMAC-SHA256 of the request body
     * @param prefix   hmac-sha256: put before the hex digest, e.g. {@code sha256=}
     * @param url      a secret URL (a Discord or Slack webhook): a step naming the credential may give a relative
     *                 {@code url} ({@code ?wait=true}, {@code /slack}, or empty), which is appended to it
     */
    public record Entry(Credential.Type type, String token, String username, String password, String header,
                        String value, String secret, String prefix, String url) {

        @Override
        public String toString() {
            return "Credential[type=" + type + ", header=" + header + ", secrets masked]";
        }
    }

    public CredentialsProperties {
        credentials = credentials == null ? Map.of() : credentials;
    }

    /** The checked credentials by name. */
    Map<String, Credential> checked() {
        Map<String, Credential> checked = new LinkedHashMap<>();
        credentials.forEach((name, entry) -> checked.put(name, check(name, entry)));
        return checked;
    }

    private static Credential check(String name, Entry e) {
        String prefix = "fediflow.credentials." + name;
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9_-]{0,63}")) {
            throw new InvalidConfiguration(prefix, "a credential name is letters, digits, '-' and '_'");
        }
        String url = blank(e.url()) ? null : HttpUrls.check(prefix + ".url", e.url());
        if (e.type() == null) {
            if (url == null) {
                throw new InvalidConfiguration(prefix + ".type", "required (bearer, basic, header or hmac-sha256) "
                        + "unless the credential is only a url");
            }
            return new Credential(name, null, Map.of(), url);
        }
        return switch (e.type()) {
            case BEARER -> new Credential(name, e.type(), Map.of("token", need(prefix, "token", e.token(), e.type())), url);
            case BASIC -> new Credential(name, e.type(), Map.of("username", need(prefix, "username", e.username(), e.type()),
                    "password", need(prefix, "password", e.password(), e.type())), url);
            case HEADER -> new Credential(name, e.type(), Map.of("header", header(prefix, e),
                    "value", need(prefix, "value", e.value(), e.type())), url);
            case HMAC_SHA256 -> new Credential(name, e.type(), Map.of("header", header(prefix, e),
                    "secret", need(prefix, "secret", e.secret(), e.type()),
                    "prefix", e.prefix() == null ? "" : e.prefix()), url);
        };
    }

    private static String header(String prefix, Entry e) {
        String header = need(prefix, "header", e.header(), e.type());
        if (!header.matches("[A-Za-z0-9!#$%&'*+.^_`|~-]+")) {
            throw new InvalidConfiguration(prefix + ".header", "'" + header + "' is not an HTTP header name");
        }
        return header;
    }

    private static String need(String prefix, String field, String value, Credential.Type type) {
        if (blank(value)) {
            throw new InvalidConfiguration(prefix + "." + field, "required when type is " + type.label());
        }
        return value;
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
