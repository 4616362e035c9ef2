-- The outbox claims a channel's due replies oldest first (next_attempt_at, then id) and stops at its
-- limit. H2 reads an index in order, and so stops at the limit, only when every ORDER BY column is
-- in it; with (channel_id, status, next_attempt_at) it read and sorted the channel's whole backlog
-- for every claim. This index has them all; the old one is its prefix, so it goes.
create index ix_reply_claim on reply (channel_id, status, next_attempt_at, id);
drop index ix_reply_channel_due;
