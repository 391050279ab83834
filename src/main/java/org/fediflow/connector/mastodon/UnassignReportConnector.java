package org.fediflow.connector.mastodon;

import org.fediflow.connector.ConnectorInfo;
import org.springframework.stereotype.Component;

/** Removes the report's assignee. */
@ConnectorInfo(name = "Unassign a Mastodon report",
        description = "Removes the report's assignee (POST .../unassign). Safe to retry. Temporary "
        + "failures (429 with X-RateLimit-Reset, 5xx, timeouts) are retried; 401/403 "
        + "(token, scope or role permission) become an incident.",
        errors = {
                @ConnectorInfo.ErrorCode(code = "not-found",
                        description = "Mastodon answered 404 (Record not found): the report or account does not exist "
                                + "(any more)"),
                @ConnectorInfo.ErrorCode(code = "unprocessable",
                        description = "Mastodon answered 422: it refused the change in the report's current state")})
@Component
public class UnassignReportConnector extends ReportConnector {

    public UnassignReportConnector(MastodonClient client) {
        super("mastodon.unassign-report", "unassign", client);
    }
}
