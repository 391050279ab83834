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
@ConnectorInfo(id = "slack.update-message", name = "Update a Slack message",
        description = "Replaces an earlier message's text and blocks with chat.update; a retry sets the same "
        + "content again. " + SlackDocs.FAILURES)
@Component
public class UpdateMessageConnector implements Connector<UpdateMessageConnector.Input, UpdateMessageConnector.Output> {

    public record Input(
            @Doc("Channel id from slack.post-message (or a configured purpose)")
            @NotBlank String channel,
            @Doc("ts of the message to update")
            @NotBlank String ts,
            @Doc(value = "New fallback text", type = Doc.Type.TEXT)
            @NotBlank String text,
            @Doc(SlackDocs.BLOCKS)
            JsonNode blocks,
            @Doc(SlackDocs.FORMATTED)
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
    public Output execute(Input input, StepContext context) {
        SlackWebApi.Posted updated = slack.updateMessage(input.channel(), input.ts(),
                SlackPoster.text(input.text(), input.formatted()), SlackPoster.blocks(input.blocks()));
        return new Output(updated.channel(), updated.ts());
    }
}
