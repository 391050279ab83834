-- The dispatcher keeps each run's events in order by looking for earlier waiting events with the same
-- source and business key; without this index that look-up reads the whole table.
CREATE INDEX ix_inbox_event_run ON inbox_event (source, business_key, id);
