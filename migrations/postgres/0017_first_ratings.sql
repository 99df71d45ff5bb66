-- The figures count each rating at its first level (a re-rating after the callback never hides
-- that a bad rating happened) and count bad ratings re-rated 3–5 as improved (整改后好转). The
-- aggregates are rebuilt from the ratings with the new definition (store::ratings::Counts::of).
alter table rating_days add column improved bigint not null default 0;
alter table rating_months add column improved bigint not null default 0;

delete from rating_days;
insert into rating_days (day, org_unit_id, site_id, department_id, window_id, staff_id, subject, mode,
    n, l1, l2, l3, l4, l5, bad, bad_real_name, rectified, called_back, voided, improved)
select g.served_on, g.org_unit_id, coalesce(g.site_id, 0), coalesce(g.department_id, 0), coalesce(g.window_id, 0),
    coalesce(g.staff_id, 0), case when g.case_id is null then 'visit' else 'case' end, g.mode,
    sum(case when g.excluded then 0 else 1 end),
    sum(case when g.level = 1 and not g.excluded then 1 else 0 end),
    sum(case when g.level = 2 and not g.excluded then 1 else 0 end),
    sum(case when g.level = 3 and not g.excluded then 1 else 0 end),
    sum(case when g.level = 4 and not g.excluded then 1 else 0 end),
    sum(case when g.level = 5 and not g.excluded then 1 else 0 end),
    sum(case when not g.excluded and g.level <= 2 then 1 else 0 end),
    sum(case when not g.excluded and g.level <= 2 and g.real_name then 1 else 0 end),
    sum(case when not g.excluded and g.level <= 2 and r.status in ('replied', 'closed') then 1 else 0 end),
    sum(case when not g.excluded and g.level <= 2 and g.real_name and r.callback_at is not null then 1 else 0 end),
    sum(case when g.excluded then 1 else 0 end),
    sum(case when not g.excluded and g.level <= 2 and g.final_level >= 3 then 1 else 0 end)
from ratings g left join rectification_orders r on r.rating_id = g.id
where g.served_on is not null
group by g.served_on, g.org_unit_id, coalesce(g.site_id, 0), coalesce(g.department_id, 0), coalesce(g.window_id, 0),
    coalesce(g.staff_id, 0), case when g.case_id is null then 'visit' else 'case' end, g.mode;

delete from rating_months;
insert into rating_months (month, org_unit_id, site_id, department_id, window_id, staff_id, subject, mode,
    n, l1, l2, l3, l4, l5, bad, bad_real_name, rectified, called_back, voided, improved)
select cast(date_trunc('month', day) as date), org_unit_id, site_id, department_id, window_id, staff_id, subject, mode,
    sum(n), sum(l1), sum(l2), sum(l3), sum(l4), sum(l5), sum(bad), sum(bad_real_name), sum(rectified), sum(called_back),
    sum(voided), sum(improved)
from rating_days
group by cast(date_trunc('month', day) as date), org_unit_id, site_id, department_id, window_id, staff_id, subject, mode;
