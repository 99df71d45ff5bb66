-- Figures (issue 6, X1): per-day aggregates of cases and queue tickets for the leadership
-- dashboard. A business day's facts no longer change once it is over (decisions, completions,
-- reminders and cards are dated when they happen; tickets end by the day's close), so a day is
-- rolled up once it has passed and the dashboard adds today's facts live.
-- Twin of migrations/sqlite/0014_figures.sql.

create table case_days (
    day date not null,
    org_unit_id bigint not null,
    site_id bigint not null,
    department_id bigint not null,
    -- 0 stands for "none".
    window_id bigint not null,
    user_id bigint not null,
    accepted bigint not null default 0,
    decided bigint not null default 0,
    on_time bigint not null default 0,
    late bigint not null default 0,
    over_statutory bigint not null default 0,
    completed bigint not null default 0,
    remind1 bigint not null default 0,
    remind2 bigint not null default 0,
    remind3 bigint not null default 0,
    yellow bigint not null default 0,
    red bigint not null default 0,
    primary key (day, org_unit_id, site_id, department_id, window_id, user_id)
);

create table queue_days (
    day date not null,
    org_unit_id bigint not null,
    site_id bigint not null,
    window_id bigint not null,
    staff_id bigint not null,
    issued bigint not null default 0,
    called bigint not null default 0,
    served bigint not null default 0,
    no_shows bigint not null default 0,
    wait_sum_s bigint not null default 0,
    service_n bigint not null default 0,
    service_sum_s bigint not null default 0,
    -- Counts per duration bucket (domain::figures::BUCKETS), comma-separated, for the p90.
    wait_hist text not null default '',
    service_hist text not null default '',
    primary key (day, org_unit_id, site_id, window_id, staff_id)
);

-- The last business day rolled up into case_days and queue_days.
create table figure_rollups (
    name text primary key,
    through date not null,
    updated_at timestamptz not null
);

create index tickets_business_day on tickets(day);
