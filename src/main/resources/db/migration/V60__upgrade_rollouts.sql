-- One upgrade-rollout run per Mastodon version, whatever the number of nodes and watch ticks: the row and the
-- run's start commit together, and the primary key refuses a second row.
CREATE TABLE upgrade_rollout (
    version    VARCHAR(32)  NOT NULL PRIMARY KEY,
    run_id     VARCHAR(64)  NOT NULL,
    started_at TIMESTAMP    NOT NULL
);
