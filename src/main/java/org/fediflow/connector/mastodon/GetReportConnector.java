package org.fediflow.connector.mastodon;

import org.fediflow.connector.ConnectorInfo;
import org.springframework.stereotype.Component;

/** Reads one report. */
@ConnectorInfo(id = "mastodon.get-report", name = "Read a Mastodon report",
        description = "Reads one report (GET /api/v1/admin/reports/:id; scope admin:read:reports). "
        + MastodonDocs.FAILURES,
        errors = {
                @ConnectorInfo.ErrorCode(code = "not-found", description = MastodonDocs.NOT_FOUND)},
        readOnly = true)
@Component
public class GetReportConnector extends ReportConnector {

    public GetReportConnector(MastodonClient client) {
        super(null, client);
    }
}
