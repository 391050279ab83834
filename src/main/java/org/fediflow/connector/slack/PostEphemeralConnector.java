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
@ConnectorInfo(id = "slack.post-ephemeral", name = "Show a Slack message to one user",
        description = "Posts a message only one user in the channel sees (chat.postEphemeral). "
        + SlackDocs.ONCE + SlackDocs.FAILURES)
@Component
public class PostEphemeralConnector implements Connector<PostEphemeralConnector.Input, PostEphemeralConnector.Output> {

    /** @param user Slack user id ({@code U…}) who sees the message; must be in the channel */
    public record Input(
            @Doc(SlackDocs.CHANNEL)
            @NotBlank String channel,
            @Doc("Slack user id (U…) who sees it; must be a member of the channel")
            @NotBlank String user,
            @Doc(value = "Message text; cut at 4000 characters", type = Doc.Type.TEXT)
            @NotBlank String text,
            @Doc(SlackDocs.FORMATTED)
            Boolean formatted) {
    }

    public record Output(
            @Doc("Channel id")
            String channel,
            @Doc("ts of the ephemeral message")
            String messageTs,
            @Doc(SlackDocs.ALREADY_POSTED)
            boolean alreadyPosted) {
    }

    private final SlackPoster poster;

    public PostEphemeralConnector(SlackPoster poster) {
        this.poster = poster;
    }

    @Override
    public Output execute(Input input, StepContext context) {
        String text = SlackPoster.text(input.text(), input.formatted());
        SlackPoster.Outcome outcome = poster.once(context,
                () -> poster.slack().postEphemeral(input.channel(), input.user(), text, null));
        return new Output(outcome.posted().channel(), outcome.posted().ts(), !outcome.fresh());
    }
}
