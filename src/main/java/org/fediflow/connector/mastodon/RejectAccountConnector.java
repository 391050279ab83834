package org.fediflow.connector.mastodon;

import org.fediflow.connector.Connector;
import org.fediflow.connector.ConnectorFailure;
import org.fediflow.connector.ConnectorInfo;
import org.fediflow.connector.Doc;
import org.fediflow.connector.StepContext;
import org.springframework.stereotype.Component;

/**
 * Rejects a pending local sign-up; Mastodon deletes the user, so this cannot be undone.
 *
 * <p>The account is read first: if someone approved it meanwhile, rejecting would delete a member, so the step
 * ends in the business error {@code already-approved} instead. A retry after a rejection whose answer was lost
 * finds the account gone and ends in {@code not-found}.
 */
@ConnectorInfo(id = "mastodon.reject-account", name = "Reject a sign-up",
        description = "Rejects a pending local account; Mastodon deletes the user (POST "
        + "/api/v1/admin/accounts/:id/reject). Reads the account first and refuses to reject an "
        + "approved one. A retry after a lost answer finds the account gone (not-found). " + MastodonDocs.FAILURES,
        errors = {
                @ConnectorInfo.ErrorCode(code = "not-found", description = MastodonDocs.NOT_FOUND),
                @ConnectorInfo.ErrorCode(code = "already-approved",
                        description = "The account was approved meanwhile; nothing was deleted"),
                @ConnectorInfo.ErrorCode(code = "unprocessable", description = MastodonDocs.UNPROCESSABLE)})
@Component
public class RejectAccountConnector implements Connector<AccountInput, RejectAccountConnector.Output> {

    public record Output(
            @Doc("Account id")
            String id,
            @Doc("user handle")
            String acct,
            @Doc("The Admin::Account as last answered")
            tools.jackson.databind.JsonNode json) {
    }

    private final MastodonClient client;

    public RejectAccountConnector(MastodonClient client) {
        this.client = client;
    }

    @Override
    public Output execute(AccountInput input, StepContext context) {
        MastodonAccount before = MastodonAccount.from(client.account(input.accountId()));
        if (before.approved()) {
            throw new ConnectorFailure.Business("already-approved",
                    "account " + before.acct() + " is already approved; not rejecting (it would delete the user)");
        }
        MastodonAccount after = MastodonAccount.from(client.accountDecision(input.accountId(), "reject"));
        return new Output(after.id(), after.acct(), after.json());
    }
}
