package org.fediflow.connector.mastodon;

import org.springframework.stereotype.Component;

/** Removes the report's assignee. */
@ReportChange(id = "mastodon.unassign-report", name = "Unassign a Mastodon report",
        description = "Removes the report's assignee (POST .../unassign). Safe to retry. " + MastodonDocs.FAILURES)
@Component
public class UnassignReportConnector extends ReportConnector {

    public UnassignReportConnector(MastodonClient client) {
        super("unassign", client);
    }
}
