package org.fediflow.connector.slack;

import java.util.Optional;

/** Remembers which step posted which Slack message, so a retried step does not post again. */
public interface SlackMessageLog {

    Optional<SlackWebApi.Posted> find(String idempotencyKey);

    /** Must outlive a rollback of the step's own transaction: the message is in Slack whatever happens next. */
    void record(String idempotencyKey, SlackWebApi.Posted posted);
}
