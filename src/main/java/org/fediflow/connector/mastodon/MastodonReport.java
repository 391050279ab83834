package org.fediflow.connector.mastodon;

import org.fediflow.connector.Doc;

import static org.fediflow.connector.mastodon.MastodonAccount.acct;
import static org.fediflow.shared.Json.flag;
import static org.fediflow.shared.Json.ids;
import static org.fediflow.shared.Json.object;
import static org.fediflow.shared.Json.text;

import java.util.List;

import tools.jackson.databind.JsonNode;

/**
 * The fields of an Admin::Report a diagram usually needs, plus the whole answer as {@code json}.
 * {@code comment} is the reporter's free text: untrusted, escape it before showing it in Slack.
 */
public record MastodonReport(
        @Doc("Report id")
        String id,
        @Doc("True once resolved")
        boolean actionTaken,
        @Doc("When it was resolved (ISO-8601) or null")
        String actionTakenAt,
        @Doc("spam, legal, violation or other")
        String category,
        @Doc(value = "The reporter's free text: untrusted, escape before showing it (SlackText)", type = Doc.Type.TEXT)
        String comment,
        @Doc("Forwarded to the remote instance")
        boolean forwarded,
        @Doc("ISO-8601")
        String createdAt,
        @Doc("ISO-8601")
        String updatedAt,
        @Doc("Account id of the reporter (a remote instance's actor for remote reports)")
        String reporterId,
        @Doc("user or user@domain of the reporter")
        String reporterAcct,
        @Doc("Account id of the reported account")
        String targetAccountId,
        @Doc("user or user@domain of the reported account")
        String targetAcct,
        @Doc("Account id of the assigned moderator, or null")
        String assignedAccountId,
        @Doc("Handle of the assigned moderator, or null")
        String assignedAcct,
        @Doc("Handle of the moderator who resolved it, or null")
        String actionTakenByAcct,
        @Doc("Ids of the reported statuses")
        List<String> statusIds,
        @Doc("Ids of the rules said to be broken")
        List<String> ruleIds,
        @Doc("The whole Admin::Report as Mastodon answered")
        JsonNode json) {

    public static MastodonReport from(JsonNode report) {
        JsonNode reporter = object(report, "account");
        JsonNode target = object(report, "target_account");
        JsonNode assigned = object(report, "assigned_account");
        return new MastodonReport(text(report, "id"), flag(report, "action_taken"), text(report, "action_taken_at"),
                text(report, "category"), text(report, "comment"), flag(report, "forwarded"),
                text(report, "created_at"), text(report, "updated_at"),
                text(reporter, "id"), acct(reporter), text(target, "id"), acct(target),
                text(assigned, "id"), acct(assigned), acct(object(report, "action_taken_by_account")),
                ids(report, "statuses"), ids(report, "rules"), report);
    }
}
