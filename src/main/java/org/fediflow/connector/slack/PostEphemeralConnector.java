package org.fediflow.connector.slack;

import jakarta.validation.constraints.NotBlank;

import org.fediflow.connector.Connector;
import org.fediflow.connector.ConnectorInfo;
import org.fediflow.connector.Doc;
import org.fediflow.connector.StepContext;
import org.springframework.stereotype.Component;

/**
 * Shows a message only to one user in a channel, e.g. "you are not a moderator" after a button press.
 * Posted at most once per step, like {@code slack.post-message}.
 */
@ConnectorInfo(name = "Show a Slack message to one user",
        description = "Posts a message only one user in the channel sees (chat.postEphemeral). Posted "
        + "at most once per step: the message is recorded by the step's idempotency key "
        + "(table slack_message) right after Slack confirms, and a retry returns it "
        + "instead of posting again; only a crash between Slack's answer and that insert "
        + "can still post twice. ok:false answers are incidents carrying Slack's error "
        + "code (channel_not_found, not_in_channel, invalid_blocks…); HTTP "
        + "429/ratelimited, 5xx and timeouts are retried after Retry-After.")
@Component
public class PostEphemeralConnector implements Connector<PostEphemeralConnector.Input, PostEphemeralConnector.Output> {

    /** @param user Slack user id ({@code U…}) who sees the message; must be in the channel */
    public record Input(
            @Doc("Channel id (C…), or a purpose whose id is configured: moderation, onboarding, "
                    + "donations, ops")
            @NotBlank String channel,
            @Doc("Slack user id (U…) who sees it; must be a member of the channel")
            @NotBlank String user,
            @Doc(value = "Message text; cut at 4000 characters", type = Doc.Type.TEXT)
            @NotBlank String text,
            @Doc("True when text is already Slack markup (built with SlackText, may hold <@U…> "
                    + "mentions); by default & < > are escaped so Mastodon text cannot ping "
                    + "(<!channel>) or disguise links")
            Boolean formatted) {
    }

    public record Output(
            @Doc("Channel id")
            String channel,
            @Doc("ts of the ephemeral message")
            String messageTs,
            @Doc("True when an earlier try of this step had posted it")
            boolean alreadyPosted) {
    }

    private final SlackPoster poster;

    public PostEphemeralConnector(SlackPoster poster) {
        this.poster = poster;
    }

    @Override
    public String id() {
        return "slack.post-ephemeral";
    }

    @Override
    public Class<Input> inputType() {
        return Input.class;
    }

    @Override
    public Output execute(Input input, StepContext context) {
        String text = SlackPoster.text(input.text(), input.formatted());
        SlackPoster.Outcome outcome = poster.once(context,
                () -> poster.slack().postEphemeral(input.channel(), input.user(), text, null));
        return new Output(outcome.posted().channel(), outcome.posted().ts(), !outcome.fresh());
    }
}
