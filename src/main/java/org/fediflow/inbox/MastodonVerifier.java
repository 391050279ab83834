package org.fediflow.inbox;

import java.nio.charset.StandardCharsets;
import java.util.Set;

import org.springframework.stereotype.Component;

import tools.jackson.databind.JsonNode;

/** Mastodon admin webhooks: {@code X-Hub-Signature: sha256=<hex HMAC-SHA256(secret, raw body)>}. */
@Component
class MastodonVerifier implements SourceVerifier {

    static final Set<String> EVENTS = Set.of("account.approved", "account.created", "account.updated",
            "report.created", "report.updated", "status.created", "status.updated");
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
        String event = Json.text(json, "event");
        JsonNode object = json == null ? null : json.get("object");
        if (event == null || object == null || !object.isObject()) {
            return Verdict.badRequest("expected a JSON object with 'event' and 'object'");
        }
        // Mastodon has no delivery id and retries the same serialised body, so the body identifies the delivery.
        return new Verdict.Accept(event, EVENTS.contains(event), Signatures.sha256Hex(delivery.body()),
                Json.scalarAt(object, "/id"), new String(delivery.body(), StandardCharsets.UTF_8));
    }
}
