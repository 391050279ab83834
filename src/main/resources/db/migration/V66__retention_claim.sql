-- One row per periodic clean-up: the node whose conditional UPDATE moves claimed_at forward does this round's work,
-- the others find it claimed and skip. Works the same on one H2 node and on many PostgreSQL nodes.
CREATE TABLE retention_claim (
    name       VARCHAR(64)  NOT NULL PRIMARY KEY,
    claimed_at TIMESTAMP WITH TIME ZONE NOT NULL,
    claimed_by VARCHAR(255)
);
INSERT INTO retention_claim (name, claimed_at) VALUES ('prune', TIMESTAMP WITH TIME ZONE '1970-01-01 00:00:00+00:00');
