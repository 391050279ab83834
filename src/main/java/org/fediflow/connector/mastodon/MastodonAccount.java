package org.fediflow.connector.mastodon;

import org.fediflow.connector.Doc;

import static org.fediflow.shared.Json.flag;
import static org.fediflow.shared.Json.object;
import static org.fediflow.shared.Json.text;

import tools.jackson.databind.JsonNode;

/**
 * The fields of an Admin::Account a diagram usually needs, plus the whole answer as {@code json}.
 * {@code inviteRequest} (the applicant's "why join" text) and {@code displayName} are untrusted.
 */
public record MastodonAccount(
        @Doc("Account id")
        String id,
        @Doc("Username without domain")
        String username,
        @Doc("null for local accounts")
        String domain,
        @Doc("user or user@domain")
        String acct,
        @Doc("Display name: untrusted")
        String displayName,
        @Doc("Email (local accounts)")
        String email,
        @Doc("Preferred locale")
        String locale,
        @Doc("ISO-8601")
        String createdAt,
        @Doc("Role name")
        String role,
        @Doc("Email confirmed")
        boolean confirmed,
        @Doc("Sign-up approved")
        boolean approved,
        @Doc("Login disabled")
        boolean disabled,
        @Doc("Limited")
        boolean silenced,
        @Doc("Suspended")
        boolean suspended,
        @Doc("Media forced sensitive")
        boolean sensitized,
        @Doc(value = "The applicant's reason to join: untrusted, escape before showing it", type = Doc.Type.TEXT)
        String inviteRequest,
        @Doc("Profile URL")
        String url,
        @Doc("The whole Admin::Account as Mastodon answered")
        JsonNode json) {

    public static MastodonAccount from(JsonNode account) {
        JsonNode publicAccount = object(account, "account");
        JsonNode role = object(account, "role");
        // Before 4.0 the role was a plain string; since then an object with a name.
        String roleName = role == null ? null : role.isObject() ? text(role, "name") : role.asString();
        return new MastodonAccount(text(account, "id"), text(account, "username"), text(account, "domain"),
                acct(account), text(publicAccount, "display_name"), text(account, "email"), text(account, "locale"),
                text(account, "created_at"), roleName, flag(account, "confirmed"), flag(account, "approved"),
                flag(account, "disabled"), flag(account, "silenced"), flag(account, "suspended"),
                flag(account, "sensitized"), text(account, "invite_request"), text(publicAccount, "url"), account);
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
