package org.fediflow.onboarding;

import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import org.fediflow.connector.ComputeOnly;
import org.fediflow.connector.Connector;
import org.fediflow.connector.ConnectorInfo;
import org.fediflow.connector.Doc;
import org.fediflow.connector.StepContext;
import org.fediflow.connector.mastodon.MastodonAccount;
import org.fediflow.connector.mastodon.MastodonProperties;
import org.springframework.stereotype.Component;

import tools.jackson.databind.JsonNode;

/**
 * {@code onboarding.render-signup}: the Slack card of a pending sign-up, with Approve and Reject while undecided, and
 * after a decision the line saying who decided what and when (the buttons gone).
 */
@ConnectorInfo(id = "onboarding.render-signup", name = "Render a sign-up for Slack",
        description = "Builds the Slack card of a pending sign-up: username, display name, e-mail "
        + "domain, sign-up IP, locale, invite used, the applicant's reason to join and the "
        + "screening signals, every Mastodon text escaped; buttons Approve, Reject (with "
        + "confirmation) and Open in Mastodon while undecided, afterwards who decided what "
        + "and when.")
@ComputeOnly
@Component
class RenderSignupConnector implements Connector<RenderSignupConnector.Input, RenderSignupConnector.Output> {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    /**
     * @param account   the Admin::Account
     * @param screening the output of onboarding.screen (emailDomain, signals, notes)
     * @param decision  what happened, none for the first card
     * @param moderator Slack user id of who pressed the button
     */
    record Input(
            @Doc("The Admin::Account")
            @NotNull JsonNode account,
            @Doc("onboarding.screen's output")
            JsonNode screening,
            @Doc("approved, rejected, approved-in-mastodon or gone; none for the first card")
            @Pattern(regexp = "approved|rejected|approved-in-mastodon|gone") String decision,
            @Doc("Slack user id of who pressed the button")
            @Pattern(regexp = "[A-Z0-9]{1,30}") String moderator) {
    }

    /** @param logLine the decision as one line (Fediflow's markup), null for the first card */
    record Output(
            @Doc(value = "Notification text", type = Doc.Type.TEXT)
            String text,
            @Doc("Block Kit blocks")
            JsonNode blocks,
            @Doc(value = "The decision as one line", type = Doc.Type.TEXT)
            String logLine) {
    }

    private final MastodonProperties mastodon;
    private final Clock clock;

    RenderSignupConnector(MastodonProperties mastodon, Clock clock) {
        this.mastodon = mastodon;
        this.clock = clock;
    }

    @Override
    public Output execute(Input input, StepContext context) {
        JsonNode screening = input.screening();
        String emailDomain = screening == null || !screening.path("emailDomain").isString() ? null
                : screening.path("emailDomain").asString();
        String line = input.decision() == null ? null : line(input.decision(), input.moderator()) + " at "
                + TIME.format(clock.instant());
        String status = input.decision() == null ? null : switch (input.decision()) {
            case "approved", "approved-in-mastodon" -> "approved";
            case "rejected" -> "rejected";
            default -> "gone";
        };
        SignupCard.Rendered card = SignupCard.render(MastodonAccount.from(input.account()), input.account(), emailDomain,
                strings(screening, "signals"), strings(screening, "notes"), mastodon.baseUrl(), line, status);
        return new Output(card.text(), card.blocks(), line);
    }

    private static String line(String decision, String moderator) {
        String who = moderator == null ? "a moderator" : "<@" + moderator + ">";
        return switch (decision) {
            case "approved" -> "✅ Approved by " + who;
            case "rejected" -> "❌ Rejected by " + who + "; the applicant gets no message";
            case "approved-in-mastodon" -> "✅ Approved in Mastodon";
            default -> "The account no longer exists in Mastodon (rejected or deleted there)";
        };
    }

    private static List<String> strings(JsonNode screening, String field) {
        List<String> values = new ArrayList<>();
        if (screening != null) {
            screening.path(field).forEach(value -> values.add(value.asString()));
        }
        return values;
    }
}
