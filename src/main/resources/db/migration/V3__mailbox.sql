-- Mailbox channels: mail attachments are kept in the database (a mailbox has no API to fetch
-- them later), the sanitized HTML is kept for display, and a conversation may follow another
-- policy than its channel's (Amazon buyer messages arriving in the shop mailbox).

alter table attachment add column content bytea;
alter table attachment add column stored boolean default false not null;
alter table message add column html_body text;
alter table conversation add column sla_policy varchar(50);
create index ix_conversation_channel_id on conversation (channel_id, id);
