-- Due times of customer messages on channels whose contract counts working days only, computed by
-- the service for one report run (SQL cannot count working days) and joined by the report's
-- statement. A bind-parameter list would hit PostgreSQL's 32,767-parameter limit on a busy
-- channel; rows here are deleted when the run ends (and any a crashed run left, after an hour).
create table report_calendar_due (
    run_id      varchar(36)    not null,
    message_id  bigint         not null,
    due_epoch   numeric(20, 6) not null,
    created_at  timestamp with time zone not null,
    primary key (run_id, message_id)
);
