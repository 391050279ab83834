-- Incident alerts follow the engine's events now (one event per incident, on the node that ran the step):
-- the table that let polling nodes claim an incident is no longer read or written.
DROP TABLE incident_alert;
