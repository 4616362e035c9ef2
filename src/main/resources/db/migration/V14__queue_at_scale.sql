-- The queue at 1 M conversations (issue 14). Each filter of GET /api/conversations reads its page
-- from an index in queue order (due time, then id) instead of walking the whole queue's index and
-- dropping other channels' rows (the smallest channel's page dropped thousands for 50).
create index ix_conversation_channel_queue on conversation (channel_id, status, due_at, id);
create index ix_conversation_channel_due on conversation (channel_id, due_at, id);
create index ix_conversation_marketplace_due on conversation (marketplace, due_at, id);

-- The open queue's figures (metrics refresh every 15 s, the inbox's counts per marketplace) and the
-- SLA watch's candidates (every minute: open, due within the longest lead) read the open
-- conversations from this index alone (an index-only scan on PostgreSQL), not every conversation.
create index ix_conversation_open_figures on conversation (status, due_at, channel_id, marketplace, clock_started_at, id);
