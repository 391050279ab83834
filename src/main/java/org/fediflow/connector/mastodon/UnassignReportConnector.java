package org.fediflow.connector.mastodon;

import org.springframework.stereotype.Component;

/** Removes the report's assignee. */
@Component
public class UnassignReportConnector extends ReportConnector {

    public UnassignReportConnector(MastodonClient client) {
        super("mastodon.unassign-report", "unassign", client);
    }
}
