-- The queue at 1 M conversations (issue 14). Each filter of GET /api/conversations reads its page
-- from an index in queue order (due time, then id) instead of walking the whole queue's index and
-- dropping other channels' rows (the smallest channel's page dropped thousands for 50).
create index ix_conversation_channel_queue on conversation (channel_id, status, due_at, id);
create index ix_conversation_channel_due on conversation (channel_id, due_at, id);
create index ix_conversation_marketplace_due on conversation (marketplace, due_at, id);

-- The figures of the open queue (metrics refresh every 15 s, the inbox's counts per marketplace)
-- read the open conversations from this index alone: not every conversation of the table.
create index ix_conversation_open_figures on conversation (status, channel_id, marketplace, due_at, clock_started_at);
