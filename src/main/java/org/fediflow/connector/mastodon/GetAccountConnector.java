package org.fediflow.connector.mastodon;

import org.fediflow.connector.Connector;
import org.fediflow.connector.ConnectorInfo;
import org.fediflow.connector.StepContext;
import org.springframework.stereotype.Component;

/** Reads one account as moderators see it (email, IPs, approval state, invite request). */
@ConnectorInfo(name = "Read a Mastodon account",
        description = "Reads one account as moderators see it (GET /api/v1/admin/accounts/:id; scope "
        + "admin:read:accounts). Temporary failures (429 with X-RateLimit-Reset, 5xx, "
        + "timeouts) are retried; 401/403 (token, scope or role permission) become an "
        + "incident.",
        errors = {
                @ConnectorInfo.ErrorCode(code = "not-found",
                        description = "Mastodon answered 404 (Record not found): the report or account does not exist "
                                + "(any more)")},
        readOnly = true)
@Component
public class GetAccountConnector implements Connector<AccountInput, MastodonAccount> {

    private final MastodonClient client;

    public GetAccountConnector(MastodonClient client) {
        this.client = client;
    }

    @Override
    public String id() {
        return "mastodon.get-account";
    }

    @Override
    public Class<AccountInput> inputType() {
        return AccountInput.class;
    }

    @Override
    public MastodonAccount execute(AccountInput input, StepContext context) {
        return MastodonAccount.from(client.account(input.accountId()));
    }
}
