-- Figures by month (issue 6): the same counts as case_days, queue_days and rating_days summed per
-- calendar month (`month` is its first day), so a dashboard over a year reads twelve rows per key
-- instead of 365. rating_months moves with every delta to rating_days in the same transaction;
-- case_months and queue_months are rebuilt from the day rows of each month a roll-up touches.
-- Twin of migrations/postgres/0015_figure_months.sql.

create table case_months (
    month text not null,
    org_unit_id integer not null,
    site_id integer not null,
    department_id integer not null,
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
    primary key (month, org_unit_id, site_id, department_id, window_id, user_id)
);

create table queue_months (
    month text not null,
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
    wait_hist text not null default '',
    service_hist text not null default '',
    primary key (month, org_unit_id, site_id, window_id, staff_id)
);

create table rating_months (
    month text not null,
    org_unit_id integer not null,
    site_id integer not null,
    department_id integer not null,
    window_id integer not null,
    staff_id integer not null,
    subject text not null check (subject in ('visit', 'case')),
    mode text not null,
    n integer not null default 0,
    l1 integer not null default 0,
    l2 integer not null default 0,
    l3 integer not null default 0,
    l4 integer not null default 0,
    l5 integer not null default 0,
    bad integer not null default 0,
    bad_real_name integer not null default 0,
    rectified integer not null default 0,
    called_back integer not null default 0,
    voided integer not null default 0,
    primary key (month, org_unit_id, site_id, department_id, window_id, staff_id, subject, mode)
);

-- Open cases past their limits, counted at the last supervision sweep (a snapshot: reading it is
-- cheap whatever the number of open cases; figure_rollups' 'overdue' row says when it was taken).
create table overdue_snapshot (
    org_unit_id integer not null,
    site_id integer not null,
    department_id integer not null,
    window_id integer not null,
    handler_id integer not null,
    over_promised integer not null,
    over_statutory integer not null,
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
select substr(day, 1, 8) || '01', org_unit_id, site_id, department_id, window_id, staff_id, subject, mode,
    sum(n), sum(l1), sum(l2), sum(l3), sum(l4), sum(l5), sum(bad), sum(bad_real_name), sum(rectified), sum(called_back), sum(voided)
from rating_days group by substr(day, 1, 8) || '01', org_unit_id, site_id, department_id, window_id, staff_id, subject, mode;

-- Day rows are rolled up again (with their months) from the first day.
delete from case_days;
delete from queue_days;
delete from figure_rollups;
