-- Per shipped diagram: the jar's version the operator last had in use (deployed from the jar, or adopted), so an
-- upgrade that changes it can offer it to an operator who has their own version; and whether
-- fediflow.flows.<key>.enabled=false suspended the process (so enabling it again resumes only what the setting stopped).
CREATE TABLE shipped_diagram (
    process_key    VARCHAR(255) NOT NULL PRIMARY KEY,
    seen_sha256    VARCHAR(64),
    switched_off   BOOLEAN      NOT NULL DEFAULT FALSE
);
