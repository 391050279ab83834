package org.fediflow.connector.slack;

import java.time.Instant;
import java.util.Optional;

/**
 * Remembers which step posted which Slack message, so a retried step does not post again. Both writes must outlive
 * a rollback of the step's own transaction: the message is in Slack whatever happens next.
 */
public interface SlackMessageLog {

    /**
     * What a step did so far: {@code posted} when Slack confirmed its message, null when the step only announced
     * it was about to post ({@link #intend}) at {@code since}.
     */
    record Entry(String channel, String threadTs, SlackWebApi.Posted posted, Instant since) {
    }

    Optional<Entry> find(String idempotencyKey);

    /**
     * Written and committed before the step posts.
     *
     * @return false when another try of the same step announced itself first: that try posts, this one must not
     */
    boolean intend(String idempotencyKey, String channel, String threadTs);

    /**
     * A new "about to post" for a retry that found only the one an earlier try left ({@code since}) and no message
     * of it in Slack, committed before it posts.
     *
     * @return false when another retry of the same step took it over first: that retry posts, this one must not
     */
    boolean retake(String idempotencyKey, Instant since);

    void record(String idempotencyKey, SlackWebApi.Posted posted);
}
