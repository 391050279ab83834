package org.fediflow.inbox;

import org.fediflow.shared.Json;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.regex.Pattern;

import org.springframework.stereotype.Component;

import tools.jackson.databind.JsonNode;

/**
 * Mastodon admin webhooks: {@code X-Hub-Signature: sha256=<hex HMAC-SHA256(secret, raw body)>}. Every event type is
 * stored and routed, also one Mastodon adds after this was written: a diagram starts on it by naming
 * {@code mastodon.<event>} (docs/events.md).
 */
@Component
class MastodonVerifier implements SourceVerifier {

    /** What Mastodon sends today ({@code Webhook::EVENTS}); docs/events.md shows each. */
    static final Set<String> EVENTS = Set.of("account.approved", "account.created", "account.updated",
            "report.created", "report.updated", "status.created", "status.updated");
    /** The shape of Mastodon's event names; anything else cannot be a message name and is stored as ignored. */
    private static final Pattern EVENT_NAME = Pattern.compile("[a-z][a-z0-9_]{0,63}(\\.[a-z][a-z0-9_]{0,63}){1,3}");
    private static final String PREFIX = "sha256=";

    private final String secret;

    MastodonVerifier(InboxProperties properties) {
        this.secret = properties.mastodon().webhookSecret();
    }

    @Override
    public String source() {
        return "mastodon";
    }

    @Override
    public Verdict verify(Delivery delivery) {
        if (secret == null || secret.isBlank()) {
            return Verdict.notConfigured("fediflow.mastodon.webhook-secret");
        }
        String signature = delivery.header("X-Hub-Signature");
        if (signature == null || !signature.startsWith(PREFIX)) {
            return Verdict.unauthorized("missing X-Hub-Signature: sha256=<hex>");
        }
        String expected = Signatures.hmacHex("HmacSHA256", secret, delivery.body());
        if (!Signatures.sameHex(expected, signature.substring(PREFIX.length()))) {
            return Verdict.unauthorized("signature does not match");
        }
        JsonNode json = Json.parse(delivery.body());
        String event = Json.string(json, "event");
        JsonNode object = json == null ? null : json.get("object");
        if (event == null || object == null || !object.isObject()) {
            return Verdict.badRequest("expected a JSON object with 'event' and 'object'");
        }
        // Mastodon has no delivery id and retries the same serialised body, so the body identifies the delivery.
        return new Verdict.Accept(event, EVENT_NAME.matcher(event).matches(), Signatures.sha256Hex(delivery.body()),
                Json.scalarAt(object, "/id"), new String(delivery.body(), StandardCharsets.UTF_8));
    }
}
