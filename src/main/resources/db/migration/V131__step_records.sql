-- What each connector step really did: its inputs as evaluated (secrets masked) and its output, whether or not the
-- diagram keeps it. One row per visit of a step (key = the step's idempotency key), written in the step's own
-- transaction; a try that failed is written on its own, with the error, and replaced by the try that succeeds.
CREATE TABLE step_record (
    step_key    VARCHAR(300)             NOT NULL PRIMARY KEY,
    run_id      VARCHAR(64)              NOT NULL,
    activity_id VARCHAR(255)             NOT NULL,
    connector   VARCHAR(200)             NOT NULL,
    started_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    ended_at    TIMESTAMP WITH TIME ZONE,
    inputs      VARCHAR(1000000),
    output      VARCHAR(1000000),
    error       VARCHAR(4000)
);

CREATE INDEX ix_step_record_run ON step_record (run_id);
