-- Figures (issue 6, X1): per-day aggregates of cases and queue tickets for the leadership
-- dashboard. A business day's facts no longer change once it is over (decisions, completions,
-- reminders and cards are dated when they happen; tickets end by the day's close), so a day is
-- rolled up once it has passed and the dashboard adds today's facts live.
-- Twin of migrations/postgres/0014_figures.sql.

create table case_days (
    day text not null,
    org_unit_id integer not null,
    site_id integer not null,
    department_id integer not null,
    -- 0 stands for "none".
    window_id integer not null,
    user_id integer not null,
    accepted integer not null default 0,
    decided integer not null default 0,
    on_time integer not null default 0,
    late integer not null default 0,
    over_statutory integer not null default 0,
    completed integer not null default 0,
    remind1 integer not null default 0,
    remind2 integer not null default 0,
    remind3 integer not null default 0,
    yellow integer not null default 0,
    red integer not null default 0,
    primary key (day, org_unit_id, site_id, department_id, window_id, user_id)
);

create table queue_days (
    day text not null,
    org_unit_id integer not null,
    site_id integer not null,
    window_id integer not null,
    staff_id integer not null,
    issued integer not null default 0,
    called integer not null default 0,
    served integer not null default 0,
    no_shows integer not null default 0,
    wait_sum_s integer not null default 0,
    service_n integer not null default 0,
    service_sum_s integer not null default 0,
    -- Counts per duration bucket (domain::figures::BUCKETS), comma-separated, for the p90.
    wait_hist text not null default '',
    service_hist text not null default '',
    primary key (day, org_unit_id, site_id, window_id, staff_id)
);

-- The last business day rolled up into case_days and queue_days.
create table figure_rollups (
    name text primary key,
    through text not null,
    updated_at text not null
);

create index tickets_business_day on tickets(day);
