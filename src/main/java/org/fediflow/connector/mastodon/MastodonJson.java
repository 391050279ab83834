package org.fediflow.connector.mastodon;

import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;

/** Null-tolerant field access: Mastodon omits or nulls many fields (remote accounts, older versions). */
final class MastodonJson {

    private MastodonJson() {
    }

    static String text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value == null || value.isNull() || value.isMissingNode() ? null : value.asString();
    }

    static boolean flag(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value != null && value.asBoolean(false);
    }

    static JsonNode object(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value == null || value.isNull() ? null : value;
    }

    static List<String> ids(JsonNode node, String field) {
        List<String> ids = new ArrayList<>();
        JsonNode array = node == null ? null : node.get(field);
        if (array != null && array.isArray()) {
            array.forEach(item -> {
                String id = text(item, "id");
                if (id != null) {
                    ids.add(id);
                }
            });
        }
        return List.copyOf(ids);
    }

    /** The account's handle: {@code user} for local accounts, {@code user@domain} for remote ones. */
    static String acct(JsonNode adminAccount) {
        if (adminAccount == null) {
            return null;
        }
        String acct = text(object(adminAccount, "account"), "acct");
        if (acct != null) {
            return acct;
        }
        String username = text(adminAccount, "username");
        String domain = text(adminAccount, "domain");
        return username == null ? null : domain == null ? username : username + "@" + domain;
    }
}
