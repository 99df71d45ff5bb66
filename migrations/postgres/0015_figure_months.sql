-- Figures by month (issue 6): the same counts as case_days, queue_days and rating_days summed per
-- calendar month (`month` is its first day), so a dashboard over a year reads twelve rows per key
-- instead of 365. rating_months moves with every delta to rating_days in the same transaction;
-- case_months and queue_months are rebuilt from the day rows of each month a roll-up touches.
-- Twin of migrations/sqlite/0015_figure_months.sql.

create table case_months (
    month date not null,
    org_unit_id bigint not null,
    site_id bigint not null,
    department_id bigint not null,
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
    primary key (month, org_unit_id, site_id, department_id, window_id, user_id)
);

create table queue_months (
    month date not null,
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
    wait_hist text not null default '',
    service_hist text not null default '',
    primary key (month, org_unit_id, site_id, window_id, staff_id)
);

create table rating_months (
    month date not null,
    org_unit_id bigint not null,
    site_id bigint not null,
    department_id bigint not null,
    window_id bigint not null,
    staff_id bigint not null,
    subject text not null check (subject in ('visit', 'case')),
    mode text not null,
    n bigint not null default 0,
    l1 bigint not null default 0,
    l2 bigint not null default 0,
    l3 bigint not null default 0,
    l4 bigint not null default 0,
    l5 bigint not null default 0,
    bad bigint not null default 0,
    bad_real_name bigint not null default 0,
    rectified bigint not null default 0,
    called_back bigint not null default 0,
    voided bigint not null default 0,
    primary key (month, org_unit_id, site_id, department_id, window_id, staff_id, subject, mode)
);

-- Open cases past their limits, counted at the last supervision sweep (a snapshot: reading it is
-- cheap whatever the number of open cases; figure_rollups' 'overdue' row says when it was taken).
create table overdue_snapshot (
    org_unit_id bigint not null,
    site_id bigint not null,
    department_id bigint not null,
    window_id bigint not null,
    handler_id bigint not null,
    over_promised bigint not null,
    over_statutory bigint not null,
    primary key (org_unit_id, site_id, department_id, window_id, handler_id)
);

-- The day's acceptances, decisions and completions are counted from covering indexes (no visit to
-- the case rows): the same leading columns as before, with the keys the figures group by.
drop index cases_accepted_on;
create index cases_accepted_on on cases(accepted_on, org_unit_id, site_id, department_id, window_id, accepted_by);
drop index cases_decided_on;
create index cases_decided_on on cases(decided_on, org_unit_id, site_id, department_id, window_id, decided_by, promised_deadline, statutory_deadline);
drop index cases_completed;
create index cases_completed on cases(updated_at, status, org_unit_id, site_id, department_id, window_id, reviewer_id, accepted_by, decided_by) where status = 'completed';

-- Existing ratings' months.
insert into rating_months (month, org_unit_id, site_id, department_id, window_id, staff_id, subject, mode,
    n, l1, l2, l3, l4, l5, bad, bad_real_name, rectified, called_back, voided)
select cast(date_trunc('month', day) as date), org_unit_id, site_id, department_id, window_id, staff_id, subject, mode,
    sum(n), sum(l1), sum(l2), sum(l3), sum(l4), sum(l5), sum(bad), sum(bad_real_name), sum(rectified), sum(called_back), sum(voided)
from rating_days group by cast(date_trunc('month', day) as date), org_unit_id, site_id, department_id, window_id, staff_id, subject, mode;

-- Day rows are rolled up again (with their months) from the first day.
delete from case_days;
delete from queue_days;
delete from figure_rollups;
