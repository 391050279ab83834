package org.fediflow.connector.mastodon;

import org.fediflow.connector.Connector;
import org.fediflow.connector.StepContext;

/**
 * The shape shared by the report steps: one report id in, the report as Mastodon answers it out.
 * Each state change (assign, unassign, resolve, reopen) sets a state rather than toggling one, so a retried
 * step lands on the same state and needs no idempotency key.
 */
abstract class ReportConnector implements Connector<ReportInput, MastodonReport> {

    private final String action;
    private final MastodonClient client;

    /** @param action the path segment after the report id, or null to read the report */
    ReportConnector(String action, MastodonClient client) {
        this.action = action;
        this.client = client;
    }

    @Override
    public MastodonReport execute(ReportInput input, StepContext context) {
        return MastodonReport.from(action == null ? client.report(input.reportId())
                : client.reportAction(input.reportId(), action));
    }
}
