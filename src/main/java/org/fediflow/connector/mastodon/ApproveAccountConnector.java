package org.fediflow.connector.mastodon;

import org.fediflow.connector.Connector;
import org.fediflow.connector.ConnectorInfo;
import org.fediflow.connector.Doc;
import org.fediflow.connector.StepContext;
import org.springframework.stereotype.Component;

/**
 * Approves a pending local sign-up.
 *
 * <p>Mastodon answers 403 to approving an account that is already approved, which would turn a retry after a
 * lost answer (or a moderator who was quicker in the web UI) into an incident. So the account is read first:
 * already approved means done, with {@code changed=false}. The window between the read and the approval is
 * a few milliseconds; losing that race still ends in a clear 403 incident, never in a double approval.
 */
@ConnectorInfo(id = "mastodon.approve-account", name = "Approve a sign-up",
        description = "Approves a pending local account (POST /api/v1/admin/accounts/:id/approve; scope "
        + "admin:write:accounts). Reads the account first: already approved counts as done "
        + "(changed=false), so a retry never fails. A remote or otherwise not approvable account is "
        + "a 403 incident. " + MastodonDocs.FAILURES,
        errors = {
                @ConnectorInfo.ErrorCode(code = "not-found", description = MastodonDocs.NOT_FOUND),
                @ConnectorInfo.ErrorCode(code = "unprocessable", description = MastodonDocs.UNPROCESSABLE)})
@Component
public class ApproveAccountConnector implements Connector<AccountInput, ApproveAccountConnector.Output> {

    /** @param changed false when the account was already approved before this step */
    public record Output(
            @Doc("Account id")
            String id,
            @Doc("user handle")
            String acct,
            @Doc("Approved after the step")
            boolean approved,
            @Doc("False when it was already approved")
            boolean changed,
            @Doc("The Admin::Account")
            tools.jackson.databind.JsonNode json) {
    }

    private final MastodonClient client;

    public ApproveAccountConnector(MastodonClient client) {
        this.client = client;
    }

    @Override
    public Output execute(AccountInput input, StepContext context) {
        MastodonAccount before = MastodonAccount.from(client.account(input.accountId()));
        if (before.approved()) {
            return new Output(before.id(), before.acct(), true, false, before.json());
        }
        MastodonAccount after = MastodonAccount.from(client.accountDecision(input.accountId(), "approve"));
        return new Output(after.id(), after.acct(), after.approved(), true, after.json());
    }
}
