-- The agent closes a conversation (issue 12). Who closed it and when, on the conversation (written by
-- the conversation feature); the close stops the clock at that moment as "no reply needed" does, and a
-- customer message after it opens the conversation again.
alter table conversation add column closed_at timestamp with time zone;
alter table conversation add column closed_by varchar(200);

-- The outbox carries two actions: SEND a reply, or CLOSE the source's thread (for kinds with a CLOSER
-- part). A close row is written in the transaction that closes the conversation and is claimed, retried
-- and leased like a reply, so it survives a crash and is delivered once.
alter table reply add column action varchar(10) default 'SEND' not null;
