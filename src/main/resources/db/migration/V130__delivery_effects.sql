-- What each inbox delivery did: one row per diagram it started ('start:<definition key>') and per run it reached
-- ('reach:<run id>'), written in the transaction that starts or reaches the run. Any number of diagrams may start on
-- one event; this keeps it to one run per diagram per delivery across re-offers, retries and nodes (ADR 9).
CREATE TABLE delivery_effect (
    inbox_id BIGINT                   NOT NULL,
    target   VARCHAR(300)             NOT NULL,
    run_id   VARCHAR(64)              NOT NULL,
    at       TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (inbox_id, target)
);
