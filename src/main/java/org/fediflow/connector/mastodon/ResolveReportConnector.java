package org.fediflow.connector.mastodon;

import org.fediflow.connector.ConnectorInfo;
import org.springframework.stereotype.Component;

/** Marks a report resolved (without acting on the account; use account-action for that). */
@ConnectorInfo(name = "Resolve a Mastodon report",
        description = "Marks the report resolved without acting on the account (POST .../resolve); use "
        + "mastodon.account-action to act and resolve together. Safe to retry. Temporary "
        + "failures (429 with X-RateLimit-Reset, 5xx, timeouts) are retried; 401/403 "
        + "(token, scope or role permission) become an incident.",
        errors = {
                @ConnectorInfo.ErrorCode(code = "not-found",
                        description = "Mastodon answered 404 (Record not found): the report or account does not exist "
                                + "(any more)"),
                @ConnectorInfo.ErrorCode(code = "unprocessable",
                        description = "Mastodon answered 422: it refused the change in the report's current state")})
@Component
public class ResolveReportConnector extends ReportConnector {

    public ResolveReportConnector(MastodonClient client) {
        super("mastodon.resolve-report", "resolve", client);
    }
}
