package org.fediflow.connector.slack;

import java.util.Optional;
import java.util.function.Supplier;

import org.fediflow.connector.ConnectorFailure;
import org.fediflow.connector.StepContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import tools.jackson.databind.JsonNode;

/**
 * What the posting connectors share: escaping of the fallback text, fitting blocks to Slack's limits, and
 * posting at most once per step.
 *
 * <p>Once per step: the step's idempotency key is looked up before posting and recorded right after Slack
 * confirms. The window left is between Slack's answer and that insert (a crash or a lost database in those
 * milliseconds, or a timeout after Slack already posted): then a retry posts a second time. Slack offers
 * nothing to close it (chat.postMessage has no idempotency key).
 */
@Component
class SlackPoster {

    private static final Logger log = LoggerFactory.getLogger(SlackPoster.class);

    private final SlackWebApi slack;
    private final SlackMessageLog messages;

    SlackPoster(SlackWebApi slack, SlackMessageLog messages) {
        this.slack = slack;
        this.messages = messages;
    }

    SlackWebApi slack() {
        return slack;
    }

    /** @return the earlier message when this step already posted, otherwise what {@code post} posted */
    Outcome once(StepContext context, Supplier<SlackWebApi.Posted> post) {
        String key = context == null ? null : context.idempotencyKey();
        if (key != null) {
            Optional<SlackWebApi.Posted> earlier = messages.find(key);
            if (earlier.isPresent()) {
                return new Outcome(earlier.get(), false);
            }
        }
        SlackWebApi.Posted posted = post.get();
        if (key != null) {
            try {
                messages.record(key, posted);
            } catch (RuntimeException e) {
                // The message is in Slack: failing the step now would only make its retry post it again.
                log.warn("posted Slack message {} in {} but could not record it for step {}: {}", posted.ts(),
                        posted.channel(), key, e.toString());
            }
        }
        return new Outcome(posted, true);
    }

    record Outcome(SlackWebApi.Posted posted, boolean fresh) {
    }

    /** The notification text: escaped unless the author says it is already Slack markup. */
    static String text(String text, Boolean formatted) {
        String safe = Boolean.TRUE.equals(formatted) ? text : SlackText.escape(text);
        return SlackText.truncateMarkup(safe, SlackText.MAX_MESSAGE_TEXT);
    }

    /** Blocks as JSON text fitted to Slack's limits, or null without blocks. */
    static String blocks(JsonNode blocks) {
        if (blocks == null || blocks.isNull() || blocks.isMissingNode()
                || (blocks.isString() && blocks.asString().isBlank())) {
            return null;
        }
        try {
            return SlackText.toJson(SlackText.fit(blocks));
        } catch (IllegalArgumentException | tools.jackson.core.JacksonException e) {
            throw new ConnectorFailure.BadInput("blocks: " + e.getMessage(), e);
        }
    }
}
