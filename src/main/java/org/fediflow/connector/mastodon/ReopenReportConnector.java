package org.fediflow.connector.mastodon;

import org.fediflow.connector.ConnectorInfo;
import org.springframework.stereotype.Component;

/** Reopens a resolved report. */
@ConnectorInfo(name = "Reopen a Mastodon report",
        description = "Reopens a resolved report (POST .../reopen). Safe to retry. Temporary failures "
        + "(429 with X-RateLimit-Reset, 5xx, timeouts) are retried; 401/403 (token, scope "
        + "or role permission) become an incident.",
        errors = {
                @ConnectorInfo.ErrorCode(code = "not-found",
                        description = "Mastodon answered 404 (Record not found): the report or account does not exist "
                                + "(any more)"),
                @ConnectorInfo.ErrorCode(code = "unprocessable",
                        description = "Mastodon answered 422: it refused the change in the report's current state")})
@Component
public class ReopenReportConnector extends ReportConnector {

    public ReopenReportConnector(MastodonClient client) {
        super("mastodon.reopen-report", "reopen", client);
    }
}
