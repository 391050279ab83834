package org.fediflow.connector.mastodon;

import org.fediflow.connector.Connector;
import org.fediflow.connector.ConnectorFailure;
import org.fediflow.connector.StepContext;
import org.springframework.stereotype.Component;

/**
 * Rejects a pending local sign-up; Mastodon deletes the user, so this cannot be undone.
 *
 * <p>The account is read first: if someone approved it meanwhile, rejecting would delete a member, so the step
 * ends in the business error {@code already-approved} instead. A retry after a rejection whose answer was lost
 * finds the account gone and ends in {@code not-found}.
 */
@Component
public class RejectAccountConnector implements Connector<AccountInput, RejectAccountConnector.Output> {

    public record Output(String id, String acct, tools.jackson.databind.JsonNode json) {
    }

    private final MastodonClient client;

    public RejectAccountConnector(MastodonClient client) {
        this.client = client;
    }

    @Override
    public String id() {
        return "mastodon.reject-account";
    }

    @Override
    public Class<AccountInput> inputType() {
        return AccountInput.class;
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
