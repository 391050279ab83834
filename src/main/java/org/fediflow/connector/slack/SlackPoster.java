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
 * <p>Once per step, even across a crash: before posting, the step's idempotency key is written as "about to
 * post" (committed on its own), and the message carries the key as Slack message metadata. After Slack answers,
 * the row gets the message's ts. A retry that finds the ts reuses the message; one that finds only "about to post"
 * (the earlier try died, or timed out, between posting and recording) looks for the marked message in the channel
 * or thread and reuses it when Slack has it. Only when that lookup is refused (no {@code channels:history} scope)
 * does it post without knowing, which is logged. Of two tries of one step at once (the engine's job locks should
 * prevent it), the one whose "about to post" comes second does not post (on a retry: whose update of the earlier
 * one comes second): it fails for now, and its retry reuses the other's message.
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

    /**
     * Posts to a channel, or a thread when {@code threadTs} is set, at most once per step: the text as
     * {@link #text(String, Boolean)} makes it, the blocks as {@link #blocks(JsonNode)} fits them.
     */
    Outcome post(StepContext context, String channel, String rawText, Boolean formatted, JsonNode rawBlocks,
                 String threadTs) {
        String text = text(rawText, formatted);
        String blocks = blocks(rawBlocks);
        String key = context == null ? null : context.idempotencyKey();
        if (key == null) {
            return new Outcome(slack.postMessage(channel, text, blocks, threadTs), true);
        }
        Optional<SlackMessageLog.Entry> entry = messages.find(key);
        if (entry.isPresent() && entry.get().posted() != null) {
            return new Outcome(entry.get().posted(), false);
        }
        if (entry.isPresent()) {
            Optional<SlackWebApi.Posted> earlier = findEarlierTry(entry.get(), key);
            if (earlier.isPresent()) {
                record(key, earlier.get());
                return new Outcome(earlier.get(), false);
            }
        }
        boolean announced = entry.isPresent() ? messages.retake(key, entry.get().since())
                : messages.intend(key, slack.channel(channel), blank(threadTs) ? null : threadTs);
        if (!announced) {
            // Another try of this step announced itself between our look and our announcement: it posts. This one
            // fails for now; its retry finds that try's message (or its announcement) and reuses it.
            throw new ConnectorFailure.Temporary("another try of step " + key + " is posting this message");
        }
        SlackWebApi.Posted posted = slack.postMessage(channel, text, blocks, threadTs, key);
        record(key, posted);
        return new Outcome(posted, true);
    }

    /** An ephemeral message cannot be looked up again: at most once per step as far as the log knows. */
    Outcome once(StepContext context, Supplier<SlackWebApi.Posted> post) {
        String key = context == null ? null : context.idempotencyKey();
        if (key != null) {
            Optional<SlackMessageLog.Entry> earlier = messages.find(key);
            if (earlier.isPresent() && earlier.get().posted() != null) {
                return new Outcome(earlier.get().posted(), false);
            }
        }
        SlackWebApi.Posted posted = post.get();
        if (key != null) {
            record(key, posted);
        }
        return new Outcome(posted, true);
    }

    private Optional<SlackWebApi.Posted> findEarlierTry(SlackMessageLog.Entry entry, String key) {
        try {
            return slack.findMarked(entry.channel(), entry.threadTs(), key, entry.since());
        } catch (ConnectorFailure.BadInput e) {
            log.warn("step {} may have posted before it stopped, but Slack refused the lookup ({}); posting again",
                    key, e.getMessage());
            return Optional.empty();
        }
    }

    private void record(String key, SlackWebApi.Posted posted) {
        try {
            messages.record(key, posted);
        } catch (RuntimeException e) {
            // The message is in Slack: failing the step now would only make its retry post it again.
            log.warn("posted Slack message {} in {} but could not record it for step {}: {}", posted.ts(),
                    posted.channel(), key, e.toString());
        }
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
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
