package org.fediflow.inbox;

import org.fediflow.shared.Json;
import java.nio.charset.StandardCharsets;
import java.util.Set;

import org.springframework.stereotype.Component;

import tools.jackson.databind.JsonNode;

/** Patreon: {@code X-Patreon-Signature: <hex HMAC-MD5(secret, raw body)>}, trigger in {@code X-Patreon-Event}. */
@Component
class PatreonVerifier implements SourceVerifier {

    static final Set<String> EVENTS = Set.of("members:create", "members:update", "members:delete",
            "members:pledge:create", "members:pledge:update", "members:pledge:delete",
            "posts:publish", "posts:update", "posts:delete");

    private final String secret;

    PatreonVerifier(InboxProperties properties) {
        this.secret = properties.patreon().webhookSecret();
    }

    @Override
    public String source() {
        return "patreon";
    }

    @Override
    public Verdict verify(Delivery delivery) {
        if (secret == null || secret.isBlank()) {
            return Verdict.notConfigured("fediflow.patreon.webhook-secret");
        }
        String signature = delivery.header("X-Patreon-Signature");
        if (signature == null) {
            return Verdict.unauthorized("missing X-Patreon-Signature");
        }
        if (!Signatures.sameHex(Signatures.hmacHex("HmacMD5", secret, delivery.body()), signature)) {
            return Verdict.unauthorized("signature does not match");
        }
        String event = delivery.header("X-Patreon-Event");
        if (event == null || event.isBlank()) {
            return Verdict.badRequest("missing X-Patreon-Event");
        }
        JsonNode json = Json.parse(delivery.body());
        JsonNode data = json == null ? null : json.get("data");
        String id = Json.scalarAt(data, "/id");
        if (data == null || !data.isObject() || id == null || Json.string(data, "type") == null) {
            return Verdict.badRequest("expected a JSON:API document with data.id and data.type");
        }
        // Patreon sends no delivery id; a redelivery repeats the trigger and the body.
        String dedupe = Signatures.sha256Hex((event + "\n" + new String(delivery.body(), StandardCharsets.UTF_8))
                .getBytes(StandardCharsets.UTF_8));
        return new Verdict.Accept(event, EVENTS.contains(event), dedupe, id, new String(delivery.body(), StandardCharsets.UTF_8));
    }
}
