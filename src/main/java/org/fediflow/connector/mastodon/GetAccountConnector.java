package org.fediflow.connector.mastodon;

import org.fediflow.connector.Connector;
import org.fediflow.connector.ConnectorInfo;
import org.fediflow.connector.StepContext;
import org.springframework.stereotype.Component;

/** Reads one account as moderators see it (email, IPs, approval state, invite request). */
@ConnectorInfo(id = "mastodon.get-account", name = "Read a Mastodon account",
        description = "Reads one account as moderators see it (GET /api/v1/admin/accounts/:id; scope "
        + "admin:read:accounts). " + MastodonDocs.FAILURES,
        errors = {
                @ConnectorInfo.ErrorCode(code = "not-found", description = MastodonDocs.NOT_FOUND)},
        readOnly = true)
@Component
public class GetAccountConnector implements Connector<AccountInput, MastodonAccount> {

    private final MastodonClient client;

    public GetAccountConnector(MastodonClient client) {
        this.client = client;
    }

    @Override
    public MastodonAccount execute(AccountInput input, StepContext context) {
        return MastodonAccount.from(client.account(input.accountId()));
    }
}
