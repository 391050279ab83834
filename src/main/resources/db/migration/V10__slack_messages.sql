-- Slack messages Fediflow posted, by the step's idempotency key: a retried step finds its message here
-- instead of posting it a second time (Slack's chat.postMessage has no idempotency key of its own).
CREATE TABLE slack_message (
    idempotency_key VARCHAR(255) NOT NULL PRIMARY KEY,
    channel         VARCHAR(64)  NOT NULL,
    ts              VARCHAR(32)  NOT NULL,
    posted_at       TIMESTAMP WITH TIME ZONE NOT NULL
);
