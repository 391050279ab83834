package org.fediflow.connector.mastodon;

import static org.fediflow.connector.mastodon.MastodonJson.acct;
import static org.fediflow.connector.mastodon.MastodonJson.flag;
import static org.fediflow.connector.mastodon.MastodonJson.ids;
import static org.fediflow.connector.mastodon.MastodonJson.object;
import static org.fediflow.connector.mastodon.MastodonJson.text;

import java.util.List;

import tools.jackson.databind.JsonNode;

/**
 * The fields of an Admin::Report a diagram usually needs, plus the whole answer as {@code json}.
 * {@code comment} is the reporter's free text: untrusted, escape it before showing it in Slack.
 */
public record MastodonReport(String id, boolean actionTaken, String actionTakenAt, String category, String comment,
                             boolean forwarded, String createdAt, String updatedAt,
                             String reporterId, String reporterAcct, String targetAccountId, String targetAcct,
                             String assignedAccountId, String assignedAcct, String actionTakenByAcct,
                             List<String> statusIds, List<String> ruleIds, JsonNode json) {

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
