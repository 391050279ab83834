package org.fediflow.connector.mastodon;

import org.springframework.stereotype.Component;

/** Assigns a report to the automation account. */
@Component
public class AssignReportConnector extends ReportConnector {

    public AssignReportConnector(MastodonClient client) {
        super("mastodon.assign-report", "assign_to_self", client);
    }
}
