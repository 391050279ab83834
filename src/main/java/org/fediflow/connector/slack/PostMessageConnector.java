package org.fediflow.connector.slack;

import jakarta.validation.constraints.NotBlank;

import org.fediflow.connector.Connector;
import org.fediflow.connector.ConnectorInfo;
import org.fediflow.connector.Doc;
import org.fediflow.connector.StepContext;
import org.springframework.stereotype.Component;

import tools.jackson.databind.JsonNode;

/** Posts a message to a channel (or into a thread); a retried step returns the first message instead. */
@ConnectorInfo(id = "slack.post-message", name = "Post to Slack",
        description = "Posts a message with chat.postMessage (scope chat:write). "
        + SlackDocs.ONCE + SlackDocs.FAILURES)
@Component
public class PostMessageConnector implements Connector<PostMessageConnector.Input, PostMessageConnector.Output> {

    /**
     * @param channel   channel id, or a purpose: moderation, onboarding, donations, ops
     * @param text      notification fallback (also shown where blocks cannot be)
     * @param formatted true when {@code text} is already Slack markup; otherwise {@code & < >} are escaped
     */
    public record Input(
            @Doc(SlackDocs.CHANNEL)
            @NotBlank String channel,
            @Doc(value = "Notification fallback, shown in notifications and where blocks cannot be; cut "
                    + "at 4000 characters", type = Doc.Type.TEXT)
            @NotBlank String text,
            @Doc(SlackDocs.BLOCKS)
            JsonNode blocks,
            @Doc("ts of a message to reply under")
            String threadTs,
            @Doc(SlackDocs.FORMATTED)
            Boolean formatted) {
    }

    /** @param alreadyPosted true when an earlier try of this step had posted it */
    public record Output(
            @Doc("Channel id: keep it with ts to update the message")
            String channel,
            @Doc("Message ts")
            String ts,
            @Doc(SlackDocs.ALREADY_POSTED)
            boolean alreadyPosted) {
    }

    private final SlackPoster poster;

    public PostMessageConnector(SlackPoster poster) {
        this.poster = poster;
    }

    @Override
    public Output execute(Input input, StepContext context) {
        SlackPoster.Outcome outcome = poster.post(context, input.channel(), input.text(), input.formatted(),
                input.blocks(), input.threadTs());
        return new Output(outcome.posted().channel(), outcome.posted().ts(), !outcome.fresh());
    }
}
