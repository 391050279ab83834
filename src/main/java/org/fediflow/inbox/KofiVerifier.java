package org.fediflow.inbox;

import org.fediflow.shared.Json;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Set;

import org.springframework.stereotype.Component;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Ko-fi: a form field {@code data} holding a JSON string with {@code verification_token} inside. */
@Component
class KofiVerifier implements SourceVerifier {

    static final Set<String> TYPES = Set.of("Donation", "Subscription", "Commission", "Shop Order");

    private final String token;

    KofiVerifier(InboxProperties properties) {
        this.token = properties.kofi().verificationToken();
    }

    @Override
    public String source() {
        return "kofi";
    }

    @Override
    public Verdict verify(Delivery delivery) {
        if (token == null || token.isBlank()) {
            return Verdict.notConfigured("fediflow.kofi.verification-token");
        }
        String data = formField(delivery.body(), "data");
        if (data == null) {
            return Verdict.badRequest("expected a form body with a 'data' field");
        }
        JsonNode json = Json.parse(data);
        if (json == null || !json.isObject()) {
            return Verdict.badRequest("'data' is not a JSON object");
        }
        if (!Signatures.sameSecret(token, Json.string(json, "verification_token"))) {
            return Verdict.unauthorized("verification_token does not match");
        }
        String messageId = Json.scalarAt(json, "/message_id");
        String type = Json.string(json, "type");
        if (messageId == null || type == null) {
            return Verdict.badRequest("'data' lacks message_id or type");
        }
        ObjectNode stored = ((ObjectNode) json).deepCopy();
        stored.remove("verification_token");
        return new Verdict.Accept(type, TYPES.contains(type), messageId, Json.scalarAt(json, "/kofi_transaction_id"),
                stored.toString());
    }

    /** The first value of a field in an application/x-www-form-urlencoded body, or null. */
    static String formField(byte[] body, String name) {
        String form = new String(body, StandardCharsets.US_ASCII);
        for (String pair : form.split("&")) {
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            try {
                if (name.equals(URLDecoder.decode(key, StandardCharsets.UTF_8))) {
                    return eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                }
            } catch (IllegalArgumentException malformedEscape) {
                return null;
            }
        }
        return null;
    }
}
