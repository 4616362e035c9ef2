-- The SLA report at 1 M conversations (issue 14): each customer message (inbound, starting the
-- clock) with the time it was answered and what the report judges it by, kept by the report
-- (AnsweredCustomerMessages) in the transaction of every write that changes any of it, so that a
-- period is a range of these narrow rows rather than, for each customer message, a look-up of its
-- answer among all messages and of its conversation (13.7 s for 90 days at 1 M conversations).
-- The answer is the report's rule: the first shop message of the conversation sent at or after
-- the customer message and not marked undelivered; null while there is none. Its time and the
-- message's are also kept as epoch seconds (extract(epoch ...), exact to the microsecond), which is
-- what the report computes with. channel_id, marketplace, sla_policy, topic and no_reply_at are the
-- conversation's.
create table report_customer_message (
    message_id      bigint primary key,
    conversation_id bigint        not null,
    channel_id      varchar(100)  not null,
    marketplace     varchar(50)   not null,
    sla_policy      varchar(50),
    topic           varchar(30),
    no_reply_at     timestamp with time zone,
    sent_at         timestamp with time zone not null,
    sent_epoch      numeric(20, 6) not null,
    answered_epoch  numeric(20, 6)
);
create index ix_report_customer_message_sent on report_customer_message (sent_at);
-- A conversation's rows, recomputed when it changes.
create index ix_report_customer_message_conversation on report_customer_message (conversation_id);

-- In sent order, as the ingest adds them: a period's rows lie together on disk.
insert into report_customer_message (message_id, conversation_id, channel_id, marketplace, sla_policy, topic,
                                     no_reply_at, sent_at, sent_epoch, answered_epoch)
select m.id, m.conversation_id, c.channel_id, c.marketplace, c.sla_policy, c.topic, c.no_reply_at, m.sent_at,
       extract(epoch from m.sent_at),
       extract(epoch from (select min(o.sent_at) from message o
                           where o.conversation_id = m.conversation_id and o.direction = 'OUTBOUND'
                             and o.sent_at >= m.sent_at and o.undelivered = false))
from message m
join conversation c on c.id = m.conversation_id
where m.direction = 'INBOUND' and m.starts_clock = true
order by m.sent_at;
