-- eBay channels spend a daily call budget (issue 12). The calls made per channel and UTC day are
-- counted here, not in memory, so that a restart or a second node does not start the day again.
create table ebay_call_budget (
    channel_id varchar(100) not null,
    utc_day    date         not null,
    calls      integer      default 0 not null,
    constraint pk_ebay_call_budget primary key (channel_id, utc_day)
);
