-- One row per incident that was alerted, so that an incident is alerted once however many nodes look.
CREATE TABLE incident_alert (
    incident_id VARCHAR(64) PRIMARY KEY,
    alerted_at  TIMESTAMP WITH TIME ZONE NOT NULL
);
