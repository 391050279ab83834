package org.fediflow.connector.slack;

import jakarta.validation.constraints.NotBlank;

import org.fediflow.connector.Connector;
import org.fediflow.connector.StepContext;
import org.springframework.stereotype.Component;

/**
 * Shows a message only to one user in a channel, e.g. "you are not a moderator" after a button press.
 * Posted at most once per step, like {@code slack.post-message}.
 */
@Component
public class PostEphemeralConnector implements Connector<PostEphemeralConnector.Input, PostEphemeralConnector.Output> {

    /** @param user Slack user id ({@code U…}) who sees the message; must be in the channel */
    public record Input(@NotBlank String channel, @NotBlank String user, @NotBlank String text, Boolean formatted) {
    }

    public record Output(String channel, String messageTs, boolean alreadyPosted) {
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
