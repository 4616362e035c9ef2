-- What changed in the queue since a reader last looked (issue 14): every writer of a conversation's
-- status, clock or marketplace stamps the row with the database's time, so the SLA watch (every
-- minute) and the metrics refresh (every 15 s) read only the conversations changed since their
-- last run, not every open one. Rows never changed since this migration keep null: the readers'
-- first run after start-up reads them all.
alter table conversation add column queue_changed_at timestamp with time zone;
create index ix_conversation_queue_changed on conversation (queue_changed_at);
