package org.fediflow.connector.slack;

import jakarta.validation.constraints.NotBlank;

import org.fediflow.connector.Connector;
import org.fediflow.connector.ConnectorInfo;
import org.fediflow.connector.Doc;
import org.fediflow.connector.StepContext;
import org.springframework.stereotype.Component;

import tools.jackson.databind.JsonNode;

/**
 * Replies in the thread of an earlier message, e.g. "resolved by @mod" under a report's message.
 * Posted at most once per step, like {@code slack.post-message}.
 */
@ConnectorInfo(id = "slack.reply-in-thread", name = "Reply in a Slack thread",
        description = "Posts a reply under an earlier message (chat.postMessage with thread_ts). "
        + SlackDocs.ONCE + SlackDocs.FAILURES)
@Component
public class ReplyInThreadConnector implements Connector<ReplyInThreadConnector.Input, ReplyInThreadConnector.Output> {

    /** @param threadTs the {@code ts} of the message to reply to (the output of slack.post-message) */
    public record Input(
            @Doc(SlackDocs.CHANNEL)
            @NotBlank String channel,
            @Doc("ts of the message to reply to (the output of slack.post-message)")
            @NotBlank String threadTs,
            @Doc(value = "Reply text; cut at 4000 characters", type = Doc.Type.TEXT)
            @NotBlank String text,
            @Doc(SlackDocs.BLOCKS)
            JsonNode blocks,
            @Doc(SlackDocs.FORMATTED)
            Boolean formatted) {
    }

    public record Output(
            @Doc("Channel id")
            String channel,
            @Doc("ts of the reply")
            String ts,
            @Doc("The thread")
            String threadTs,
            @Doc(SlackDocs.ALREADY_POSTED)
            boolean alreadyPosted) {
    }

    private final SlackPoster poster;

    public ReplyInThreadConnector(SlackPoster poster) {
        this.poster = poster;
    }

    @Override
    public Output execute(Input input, StepContext context) {
        SlackPoster.Outcome outcome = poster.post(context, input.channel(), input.text(), input.formatted(),
                input.blocks(), input.threadTs());
        return new Output(outcome.posted().channel(), outcome.posted().ts(), input.threadTs(), !outcome.fresh());
    }
}
