-- Clocks: recomputation after a calendar edit (X2): the edit and its job commit together, so a
-- process that dies before every running case's deadlines are recomputed resumes from the cursor.
-- Twin of migrations/postgres/0010_clocks.sql.
create table clock_recomputes (
    id integer primary key,
    from_on text not null,
    after_case_id integer not null default 0,
    cases_changed integer not null default 0,
    created_at text not null,
    done_at text
);
create index clock_recomputes_pending on clock_recomputes(id) where done_at is null;
create index cases_running on cases(id) where status in ('accepted', 'in_review', 'special_procedure', 'supplement_after_accept');

-- Local policy (本地政策) for the warning ladder: per site, per item, or per item at a site; none
-- of them means the defaults of the plan (80 % used or 1 working day left; red 2 working days
-- after yellow). The most specific row wins: item at site, item, site.
create table ladder_policies (
    id integer primary key,
    site_id integer references sites(id),
    item_id integer references items(id),
    org_unit_id integer not null references org_units(id),
    remind_used_percent integer not null check (remind_used_percent between 50 and 100),
    remind_days_left integer not null check (remind_days_left between 0 and 5),
    red_after_working_days integer not null check (red_after_working_days between 1 and 10),
    note text not null default '',
    updated_by integer references users(id),
    updated_at text not null,
    check (site_id is not null or item_id is not null)
);
create unique index ladder_policies_scope on ladder_policies(coalesce(site_id, 0), coalesce(item_id, 0));
