package org.fediflow.connector.mastodon;

import org.fediflow.connector.ConnectorInfo;
import org.springframework.stereotype.Component;

/** Reads one report. */
@ConnectorInfo(name = "Read a Mastodon report",
        description = "Reads one report (GET /api/v1/admin/reports/:id; scope admin:read:reports). "
        + "Temporary failures (429 with X-RateLimit-Reset, 5xx, timeouts) are retried; "
        + "401/403 (token, scope or role permission) become an incident.",
        errors = {
                @ConnectorInfo.ErrorCode(code = "not-found",
                        description = "Mastodon answered 404 (Record not found): the report or account does not exist "
                                + "(any more)")},
        readOnly = true)
@Component
public class GetReportConnector extends ReportConnector {

    public GetReportConnector(MastodonClient client) {
        super("mastodon.get-report", null, client);
    }
}
