package org.fediflow.connector.mastodon;

import static org.fediflow.connector.mastodon.MastodonJson.flag;
import static org.fediflow.connector.mastodon.MastodonJson.object;
import static org.fediflow.connector.mastodon.MastodonJson.text;

import tools.jackson.databind.JsonNode;

/**
 * The fields of an Admin::Account a diagram usually needs, plus the whole answer as {@code json}.
 * {@code inviteRequest} (the applicant's "why join" text) and {@code displayName} are untrusted.
 */
public record MastodonAccount(String id, String username, String domain, String acct, String displayName,
                              String email, String locale, String createdAt, String role, boolean confirmed,
                              boolean approved, boolean disabled, boolean silenced, boolean suspended,
                              boolean sensitized, String inviteRequest, String url, JsonNode json) {

    public static MastodonAccount from(JsonNode account) {
        JsonNode publicAccount = object(account, "account");
        JsonNode role = object(account, "role");
        // Before 4.0 the role was a plain string; since then an object with a name.
        String roleName = role == null ? null : role.isObject() ? text(role, "name") : role.asString();
        return new MastodonAccount(text(account, "id"), text(account, "username"), text(account, "domain"),
                MastodonJson.acct(account), text(publicAccount, "display_name"), text(account, "email"), text(account, "locale"),
                text(account, "created_at"), roleName, flag(account, "confirmed"), flag(account, "approved"),
                flag(account, "disabled"), flag(account, "silenced"), flag(account, "suspended"),
                flag(account, "sensitized"), text(account, "invite_request"), text(publicAccount, "url"), account);
    }
}
