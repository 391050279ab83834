package org.fediflow.connector.mastodon;

import org.springframework.stereotype.Component;

/** Marks a report resolved (without acting on the account; use account-action for that). */
@ReportChange(id = "mastodon.resolve-report", name = "Resolve a Mastodon report",
        description = "Marks the report resolved without acting on the account (POST .../resolve); use "
        + "mastodon.account-action to act and resolve together. Safe to retry. " + MastodonDocs.FAILURES)
@Component
public class ResolveReportConnector extends ReportConnector {

    public ResolveReportConnector(MastodonClient client) {
        super("resolve", client);
    }
}
