-- A shop message that never reached the customer (its reply ended FAILED) does not stop the
-- clock, and does not answer a customer message in the report. Said once, on the message row,
-- by the conversation feature when the reply fails; the clock and the report read the flag.
alter table message add column undelivered boolean default false not null;
update message set undelivered = true
where reply_id is not null and reply_id in (select id from reply where status = 'FAILED');
