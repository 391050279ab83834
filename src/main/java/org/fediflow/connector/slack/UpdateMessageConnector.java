package org.fediflow.connector.slack;

import jakarta.validation.constraints.NotBlank;

import org.fediflow.connector.Connector;
import org.fediflow.connector.StepContext;
import org.springframework.stereotype.Component;

import tools.jackson.databind.JsonNode;

/**
 * Replaces an earlier message's text and blocks, e.g. to swap a report's buttons for "resolved by @mod".
 * Setting content is naturally idempotent, so a retry simply sets it again.
 */
@Component
public class UpdateMessageConnector implements Connector<UpdateMessageConnector.Input, UpdateMessageConnector.Output> {

    public record Input(@NotBlank String channel, @NotBlank String ts, @NotBlank String text, JsonNode blocks,
                        Boolean formatted) {
    }

    public record Output(String channel, String ts) {
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
