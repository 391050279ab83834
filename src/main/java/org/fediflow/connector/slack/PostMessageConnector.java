package org.fediflow.connector.slack;

import jakarta.validation.constraints.NotBlank;

import org.fediflow.connector.Connector;
import org.fediflow.connector.StepContext;
import org.springframework.stereotype.Component;

import tools.jackson.databind.JsonNode;

/** Posts a message to a channel (or into a thread); a retried step returns the first message instead. */
@Component
public class PostMessageConnector implements Connector<PostMessageConnector.Input, PostMessageConnector.Output> {

    /**
     * @param channel   channel id, or a purpose: moderation, onboarding, donations, ops
     * @param text      notification fallback (also shown where blocks cannot be)
     * @param formatted true when {@code text} is already Slack markup; otherwise {@code & < >} are escaped
     */
    public record Input(@NotBlank String channel, @NotBlank String text, JsonNode blocks, String threadTs,
                        Boolean formatted) {
    }

    /** @param alreadyPosted true when an earlier try of this step had posted it */
    public record Output(String channel, String ts, boolean alreadyPosted) {
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
