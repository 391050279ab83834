package org.fediflow.connector.mastodon;

import org.springframework.stereotype.Component;

/** Marks a report resolved (without acting on the account; use account-action for that). */
@Component
public class ResolveReportConnector extends ReportConnector {

    public ResolveReportConnector(MastodonClient client) {
        super("mastodon.resolve-report", "resolve", client);
    }
}
