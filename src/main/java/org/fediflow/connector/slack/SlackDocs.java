package org.fediflow.connector.slack;

/**
 * The words the Slack connectors' descriptors share: compile-time constants, so that {@code @ConnectorInfo} and
 * {@code @Doc} can use them and every connector says the same about the same input and failure.
 */
final class SlackDocs {

    /** How {@link SlackPoster} posts at most once per step. */
    static final String ONCE = "Posted at most once per step: the message is recorded by the step's idempotency key "
            + "(table slack_message) right after Slack confirms, and a retry returns it instead of posting again; "
            + "only a crash between Slack's answer and that insert can still post twice. ";

    /** How {@link SlackWebApi} treats failures; the last sentence of each description. */
    static final String FAILURES = "ok:false answers are incidents carrying Slack's error code (channel_not_found, "
            + "not_in_channel, invalid_blocks…); HTTP 429/ratelimited, 5xx and timeouts are retried after Retry-After.";

    static final String CHANNEL = "Channel id (C…), or a purpose whose id is configured: moderation, onboarding, "
            + "donations, ops";

    static final String BLOCKS = "Block Kit blocks (array, or JSON text of one); cut to Slack's limits (50 blocks, "
            + "section 3000, header 150, button 75 chars) with an ellipsis. Texts in blocks are not escaped: build "
            + "untrusted parts with SlackText";

    static final String FORMATTED = "True when text is already Slack markup (built with SlackText, may hold <@U…> "
            + "mentions); by default & < > are escaped so Mastodon text cannot ping (<!channel>) or disguise links";

    static final String ALREADY_POSTED = "True when an earlier try of this step had posted it";

    private SlackDocs() {
    }
}
