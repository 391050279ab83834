-- The row is now written before posting (ts still NULL: "about to post"), and completed with the ts after Slack
-- answers. A retry that finds a row without ts knows an earlier try may have posted and died before recording
-- it, and looks for the message by its metadata mark instead of posting blindly.
ALTER TABLE slack_message ALTER COLUMN ts DROP NOT NULL;
ALTER TABLE slack_message ADD COLUMN thread_ts VARCHAR(32);
