package org.fediflow.connector.slack;

import jakarta.validation.constraints.NotBlank;

import org.fediflow.connector.Connector;
import org.fediflow.connector.ConnectorInfo;
import org.fediflow.connector.Doc;
import org.fediflow.connector.StepContext;
import org.springframework.stereotype.Component;

import tools.jackson.databind.JsonNode;

/** Posts a message to a channel (or into a thread); a retried step returns the first message instead. */
@ConnectorInfo(name = "Post to Slack",
        description = "Posts a message with chat.postMessage (scope chat:write). Posted at most once "
        + "per step: the message is recorded by the step's idempotency key (table "
        + "slack_message) right after Slack confirms, and a retry returns it instead of "
        + "posting again; only a crash between Slack's answer and that insert can still "
        + "post twice. ok:false answers are incidents carrying Slack's error code "
        + "(channel_not_found, not_in_channel, invalid_blocks…); HTTP 429/ratelimited, 5xx "
        + "and timeouts are retried after Retry-After.")
@Component
public class PostMessageConnector implements Connector<PostMessageConnector.Input, PostMessageConnector.Output> {

    /**
     * @param channel   channel id, or a purpose: moderation, onboarding, donations, ops
     * @param text      notification fallback (also shown where blocks cannot be)
     * @param formatted true when {@code text} is already Slack markup; otherwise {@code & < >} are escaped
     */
    public record Input(
            @Doc("Channel id (C…), or a purpose whose id is configured: moderation, onboarding, "
                    + "donations, ops")
            @NotBlank String channel,
            @Doc(value = "Notification fallback, shown in notifications and where blocks cannot be; cut "
                    + "at 4000 characters", type = Doc.Type.TEXT)
            @NotBlank String text,
            @Doc("Block Kit blocks (array, or JSON text of one); cut to Slack's limits (50 "
                    + "blocks, section 3000, header 150, button 75 chars) with an ellipsis. Texts in "
                    + "blocks are not escaped: build untrusted parts with SlackText")
            JsonNode blocks,
            @Doc("ts of a message to reply under")
            String threadTs,
            @Doc("True when text is already Slack markup (built with SlackText, may hold <@U…> "
                    + "mentions); by default & < > are escaped so Mastodon text cannot ping "
                    + "(<!channel>) or disguise links")
            Boolean formatted) {
    }

    /** @param alreadyPosted true when an earlier try of this step had posted it */
    public record Output(
            @Doc("Channel id: keep it with ts to update the message")
            String channel,
            @Doc("Message ts")
            String ts,
            @Doc("True when an earlier try of this step had posted it")
            boolean alreadyPosted) {
    }

    private final SlackPoster poster;

    public PostMessageConnector(SlackPoster poster) {
        this.poster = poster;
    }

    @Override
    public String id() {
        return "slack.post-message";
    }

    @Override
    public Class<Input> inputType() {
        return Input.class;
    }

    @Override
    public Output execute(Input input, StepContext context) {
        String text = SlackPoster.text(input.text(), input.formatted());
        String blocks = SlackPoster.blocks(input.blocks());
        SlackPoster.Outcome outcome = poster.post(context, input.channel(), text, blocks, input.threadTs());
        return new Output(outcome.posted().channel(), outcome.posted().ts(), !outcome.fresh());
    }
}
