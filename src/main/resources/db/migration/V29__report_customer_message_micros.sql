-- The SLA report at 1 M conversations (issue 14), second step: the report's arithmetic on whole
-- microseconds (bigint) instead of epoch seconds with six decimals (numeric). A 90-day report at 1 M
-- conversations classifies about 385,000 rows; numeric subtraction, additions of the contract and
-- comparisons were a third of its PostgreSQL CPU. sent_us and answered_us are the same instants, exact
-- (numeric(20, 6) times 10^6 is a whole number), so every figure stays the same.
--
-- The table is copied rather than updated in place: an update of every row would leave PostgreSQL a
-- table twice the size whose freed space later ingests fill out of sent order, where a period's rows
-- now lie together on disk. On an upgraded database this copies every row once (about 10 s for
-- 2.1 million customer messages).
create table report_customer_message_copy (
    message_id      bigint primary key,
    conversation_id bigint        not null,
    channel_id      varchar(100)  not null,
    marketplace     varchar(50)   not null,
    sla_policy      varchar(50),
    topic           varchar(30),
    no_reply_at     timestamp with time zone,
    sent_at         timestamp with time zone not null,
    sent_us         bigint        not null,
    answered_us     bigint
);

insert into report_customer_message_copy (message_id, conversation_id, channel_id, marketplace, sla_policy, topic,
                                          no_reply_at, sent_at, sent_us, answered_us)
select message_id, conversation_id, channel_id, marketplace, sla_policy, topic, no_reply_at, sent_at,
       cast(sent_epoch * 1000000 as bigint), cast(answered_epoch * 1000000 as bigint)
from report_customer_message
order by sent_at;

drop table report_customer_message;
alter table report_customer_message_copy rename to report_customer_message;
create index ix_report_customer_message_sent on report_customer_message (sent_at);
-- A conversation's rows, recomputed when it changes.
create index ix_report_customer_message_conversation on report_customer_message (conversation_id);

-- The calendar dues of one report run, in the same unit. Its rows live only while a report runs.
delete from report_calendar_due;
alter table report_calendar_due drop column due_epoch;
alter table report_calendar_due add column due_us bigint not null;
