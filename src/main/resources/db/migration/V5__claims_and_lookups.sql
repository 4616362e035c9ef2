-- Alert mails are claimed with a lease and each mail is recorded as sent on its own, in its own
-- transaction: a run whose SMTP server takes the first mail and refuses the second resends only
-- the second. A node that dies mid-run leaves SENDING rows that another claim takes after the lease.
alter table sla_alert add column claim_token varchar(64);
alter table sla_alert add column lease_until timestamp with time zone;
create index ix_sla_alert_sending on sla_alert (status, lease_until);

-- The outbox is claimed per channel (each channel has its own sends in flight).
create index ix_reply_channel_due on reply (channel_id, status, next_attempt_at);

-- A sent reply adopts the receiver's id through its outbound message: an index lookup, not a scan.
create index ix_message_reply on message (reply_id);
