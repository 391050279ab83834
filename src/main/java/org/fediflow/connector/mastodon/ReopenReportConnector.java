package org.fediflow.connector.mastodon;

import org.springframework.stereotype.Component;

/** Reopens a resolved report. */
@Component
public class ReopenReportConnector extends ReportConnector {

    public ReopenReportConnector(MastodonClient client) {
        super("mastodon.reopen-report", "reopen", client);
    }
}
