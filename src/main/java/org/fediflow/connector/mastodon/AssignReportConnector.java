package org.fediflow.connector.mastodon;

import org.fediflow.connector.ConnectorInfo;
import org.springframework.stereotype.Component;

/** Assigns a report to the automation account. */
@ConnectorInfo(name = "Assign a Mastodon report to Fediflow",
        description = "Assigns the report to the automation account (POST .../assign_to_self; scope "
        + "admin:write:reports). Safe to retry. Temporary failures (429 with "
        + "X-RateLimit-Reset, 5xx, timeouts) are retried; 401/403 (token, scope or role "
        + "permission) become an incident.",
        errors = {
                @ConnectorInfo.ErrorCode(code = "not-found",
                        description = "Mastodon answered 404 (Record not found): the report or account does not exist "
                                + "(any more)"),
                @ConnectorInfo.ErrorCode(code = "unprocessable",
                        description = "Mastodon answered 422: it refused the change in the report's current state")})
@Component
public class AssignReportConnector extends ReportConnector {

    public AssignReportConnector(MastodonClient client) {
        super("mastodon.assign-report", "assign_to_self", client);
    }
}
