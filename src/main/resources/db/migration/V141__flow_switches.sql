-- Diagrams switched off or deleted by the operator (console or API). No row: fediflow.flows.<key>.enabled decides
-- (default on). Shared by every node, read by the router for each delivery.
CREATE TABLE flow_switch (
    process_key VARCHAR(255) PRIMARY KEY,
    enabled     BOOLEAN      NOT NULL,
    deleted     BOOLEAN      DEFAULT FALSE NOT NULL,
    changed_at  TIMESTAMP WITH TIME ZONE NOT NULL
);
