package org.fediflow.onboarding;

import java.net.URI;
import java.time.Clock;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.validation.constraints.NotNull;

import org.fediflow.connector.Connector;
import org.fediflow.connector.ConnectorFailure;
import org.fediflow.connector.ConnectorInfo;
import org.fediflow.connector.Doc;
import org.fediflow.connector.StepContext;
import org.fediflow.connector.mastodon.MastodonAccount;
import org.fediflow.connector.mastodon.MastodonClient;
import org.fediflow.connector.mastodon.MastodonProperties;
import org.springframework.stereotype.Component;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code onboarding.welcome}: the one welcome direct message of an account, from the automation account.
 *
 * <p>Exactly one per account, whatever mix of events and runs: the step first inserts the account into
 * {@code onboarding_welcome} (primary key = account id) in the step's transaction, then posts. A second run — on this
 * node or another — waits on that row and finds it taken ({@code sent=false}); if the post fails the transaction
 * rolls back and the claim with it, so the retry (or another run) may send. The post carries
 * {@code Idempotency-Key: fediflow-welcome-<account id>}: when Mastodon accepted it but the commit was lost, a retry
 * within Mastodon's hour gets the same status back instead of a second one.
 */
@ConnectorInfo(id = "onboarding.welcome", name = "Welcome a new member",
        description = "Sends the one welcome direct message of an account from the automation account "
        + "(POST /api/v1/statuses, visibility direct, @-mentioning the member; text from "
        + "fediflow.onboarding.welcome-template), with Idempotency-Key "
        + "fediflow-welcome-<account id>. The account is claimed in the onboarding_welcome "
        + "table (unique per account) in the step's transaction first, so whatever runs "
        + "and nodes try, one message is sent; the others get sent=false.")
@Component
class WelcomeConnector implements Connector<WelcomeConnector.Input, WelcomeConnector.Output> {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{(username|display_name|server|rules)}");

    /** @param account the Admin::Account of the new member */
    record Input(
            @Doc("The Admin::Account of the new member")
            @NotNull JsonNode account) {
    }

    /** @param sent false when the account was welcomed before (by this or another run) */
    record Output(
            @Doc("False when the account had been welcomed before")
            boolean sent,
            @Doc("Id of the direct message")
            String statusId,
            @Doc("Its URL")
            String url,
            @Doc("The member's username")
            String acct) {
    }

    private final OnboardingRecords records;
    private final MastodonClient mastodon;
    private final MastodonProperties mastodonProperties;
    private final OnboardingProperties properties;
    private final Clock clock;

    WelcomeConnector(OnboardingRecords records, MastodonClient mastodon, MastodonProperties mastodonProperties,
                     OnboardingProperties properties, Clock clock) {
        this.records = records;
        this.mastodon = mastodon;
        this.mastodonProperties = mastodonProperties;
        this.properties = properties;
        this.clock = clock;
    }

    @Override
    public Output execute(Input input, StepContext context) {
        MastodonAccount account = MastodonAccount.from(input.account());
        if (account.id() == null || account.username() == null || account.domain() != null) {
            throw new ConnectorFailure.BadInput("account must be a local Admin::Account with id and username");
        }
        if (!records.claimWelcome(account.id(), context.runId(), clock.instant())) {
            return new Output(false, null, null, account.username());
        }
        ObjectNode body = mastodon.newObject();
        body.put("status", "@" + account.username() + " " + text(account));
        body.put("visibility", "direct");
        JsonNode status = mastodon.postStatus(body, "fediflow-welcome-" + account.id());
        String statusId = status.path("id").isString() ? status.path("id").asString() : null;
        records.welcomeSent(account.id(), statusId);
        return new Output(true, statusId, status.path("url").isString() ? status.path("url").asString() : null,
                account.username());
    }

    /** The template with its placeholders filled; the display name cannot mention anyone (its {@code @} go). */
    String text(MastodonAccount account) {
        String base = mastodonProperties.baseUrl() == null ? "" : mastodonProperties.baseUrl().replaceAll("/+$", "");
        String server = base.isEmpty() ? "our server" : URI.create(base).getHost();
        String rules = properties.rulesUrl() != null && !properties.rulesUrl().isBlank() ? properties.rulesUrl()
                : base + "/about";
        String displayName = account.displayName() == null || account.displayName().isBlank() ? account.username()
                : account.displayName().replace("@", "").replace("＠", "").strip();
        if (displayName.length() > 60) {
            displayName = displayName.substring(0, 60);
        }
        Map<String, String> values = Map.of("username", account.username(), "display_name", displayName,
                "server", server, "rules", rules);
        // One pass, so a display name that contains "{rules}" stays as it is.
        return PLACEHOLDER.matcher(properties.welcomeTemplate()).replaceAll(
                m -> Matcher.quoteReplacement(values.getOrDefault(m.group(1), m.group())));
    }
}
