package org.fediflow.connector.mastodon;

import org.springframework.stereotype.Component;

/** Reads one report. */
@Component
public class GetReportConnector extends ReportConnector {

    public GetReportConnector(MastodonClient client) {
        super("mastodon.get-report", null, client);
    }
}
