package org.fediflow.connector.mastodon;

import org.springframework.stereotype.Component;

/** Reopens a resolved report. */
@ReportChange(id = "mastodon.reopen-report", name = "Reopen a Mastodon report",
        description = "Reopens a resolved report (POST .../reopen). Safe to retry. " + MastodonDocs.FAILURES)
@Component
public class ReopenReportConnector extends ReportConnector {

    public ReopenReportConnector(MastodonClient client) {
        super("reopen", client);
    }
}
