package org.fediflow.connector.mastodon;

import org.springframework.stereotype.Component;

/** Assigns a report to the automation account. */
@ReportChange(id = "mastodon.assign-report", name = "Assign a Mastodon report to Fediflow",
        description = "Assigns the report to the automation account (POST .../assign_to_self; scope "
        + "admin:write:reports). Safe to retry. " + MastodonDocs.FAILURES)
@Component
public class AssignReportConnector extends ReportConnector {

    public AssignReportConnector(MastodonClient client) {
        super("assign_to_self", client);
    }
}
