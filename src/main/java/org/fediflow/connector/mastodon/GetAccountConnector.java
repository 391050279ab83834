package org.fediflow.connector.mastodon;

import org.fediflow.connector.Connector;
import org.fediflow.connector.StepContext;
import org.springframework.stereotype.Component;

/** Reads one account as moderators see it (email, IPs, approval state, invite request). */
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
