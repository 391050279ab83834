package org.fediflow.connector.slack;

import jakarta.validation.constraints.NotBlank;

import org.fediflow.connector.Connector;
import org.fediflow.connector.StepContext;
import org.springframework.stereotype.Component;

import tools.jackson.databind.JsonNode;

/**
 * Replies in the thread of an earlier message, e.g. "resolved by @mod" under a report's message.
 * Posted at most once per step, like {@code slack.post-message}.
 */
@Component
public class ReplyInThreadConnector implements Connector<ReplyInThreadConnector.Input, ReplyInThreadConnector.Output> {

    /** @param threadTs the {@code ts} of the message to reply to (the output of slack.post-message) */
    public record Input(@NotBlank String channel, @NotBlank String threadTs, @NotBlank String text, JsonNode blocks,
                        Boolean formatted) {
    }

    public record Output(String channel, String ts, String threadTs, boolean alreadyPosted) {
    }

    private final SlackPoster poster;

    public ReplyInThreadConnector(SlackPoster poster) {
        this.poster = poster;
    }

    @Override
    public String id() {
        return "slack.reply-in-thread";
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
        return new Output(outcome.posted().channel(), outcome.posted().ts(), input.threadTs(), !outcome.fresh());
    }
}
