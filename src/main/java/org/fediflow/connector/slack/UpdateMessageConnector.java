package org.fediflow.connector.slack;

import jakarta.validation.constraints.NotBlank;

import org.fediflow.connector.Connector;
import org.fediflow.connector.ConnectorInfo;
import org.fediflow.connector.Doc;
import org.fediflow.connector.StepContext;
import org.springframework.stereotype.Component;

import tools.jackson.databind.JsonNode;

/**
 * Replaces an earlier message's text and blocks, e.g. to swap a report's buttons for "resolved by @mod".
 * Setting content is naturally idempotent, so a retry simply sets it again.
 */
@ConnectorInfo(name = "Update a Slack message",
        description = "Replaces an earlier message's text and blocks with chat.update; a retry sets "
        + "the same content again. ok:false answers are incidents carrying Slack's error "
        + "code (channel_not_found, not_in_channel, invalid_blocks…); HTTP "
        + "429/ratelimited, 5xx and timeouts are retried after Retry-After.")
@Component
public class UpdateMessageConnector implements Connector<UpdateMessageConnector.Input, UpdateMessageConnector.Output> {

    public record Input(
            @Doc("Channel id from slack.post-message (or a configured purpose)")
            @NotBlank String channel,
            @Doc("ts of the message to update")
            @NotBlank String ts,
            @Doc(value = "New fallback text", type = Doc.Type.TEXT)
            @NotBlank String text,
            @Doc("Block Kit blocks (array, or JSON text of one); cut to Slack's limits (50 "
                    + "blocks, section 3000, header 150, button 75 chars) with an ellipsis. Texts in "
                    + "blocks are not escaped: build untrusted parts with SlackText")
            JsonNode blocks,
            @Doc("True when text is already Slack markup (built with SlackText, may hold <@U…> "
                    + "mentions); by default & < > are escaped so Mastodon text cannot ping "
                    + "(<!channel>) or disguise links")
            Boolean formatted) {
    }

    public record Output(
            @Doc("Channel id")
            String channel,
            @Doc("Message ts")
            String ts) {
    }

    private final SlackWebApi slack;

    public UpdateMessageConnector(SlackWebApi slack) {
        this.slack = slack;
    }

    @Override
    public String id() {
        return "slack.update-message";
    }

    @Override
    public Class<Input> inputType() {
        return Input.class;
    }

    @Override
    public Output execute(Input input, StepContext context) {
        SlackWebApi.Posted updated = slack.updateMessage(input.channel(), input.ts(),
                SlackPoster.text(input.text(), input.formatted()), SlackPoster.blocks(input.blocks()));
        return new Output(updated.channel(), updated.ts());
    }
}
