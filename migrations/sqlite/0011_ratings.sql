-- 好差评 (issue 6): ratings of a visit or a case with the national form, the rectification order a
-- bad rating opens, local rating policy, and the exact per-day aggregates the figures read.
-- Twin of migrations/postgres/0011_ratings.sql.

-- A rating now also carries its form (mode), the day of the service it rates (a late rating still
-- counts on that day), who is responsible (谁办理谁负责), whether it is real-name (the rater's phone,
-- encrypted, for the callback), a re-rating after rectification, and whether an upheld appeal
-- took it out of the figures.
alter table ratings add column mode text not null default 'onsite' check (mode in ('onsite', 'online'));
alter table ratings add column served_on text;
alter table ratings add column department_id integer references departments(id);
alter table ratings add column item_id integer references items(id);
alter table ratings add column owner_user_id integer references users(id);
alter table ratings add column real_name boolean not null default false;
alter table ratings add column rater_phone_enc blob;
alter table ratings add column rater_phone_masked text;
alter table ratings add column final_level integer check (final_level between 1 and 5);
alter table ratings add column rerated_at text;
alter table ratings add column excluded boolean not null default false;
create unique index ratings_case on ratings(case_id) where case_id is not null;
create index ratings_served on ratings(served_on);
-- Completed cases by when they ended: the re-invitation to rate looks back a few days.
create index cases_completed on cases(updated_at) where status = 'completed';

create table rating_policies (
    org_unit_id integer primary key references org_units(id),
    late_days integer not null check (late_days between 1 and 90),
    verify_days integer not null check (verify_days between 1 and 10),
    rectify_days integer not null check (rectify_days between 1 and 30),
    remind_after_days integer not null check (remind_after_days between 1 and 30),
    updated_by integer references users(id),
    updated_at text not null
);

-- 差评整改单: one per bad rating.
create table rectification_orders (
    id integer primary key,
    rating_id integer not null unique references ratings(id),
    org_unit_id integer not null references org_units(id),
    site_id integer references sites(id),
    department_id integer references departments(id),
    owner_user_id integer references users(id),
    status text not null check (status in ('verifying', 'rectifying', 'replied', 'appealed', 'closed', 'voided')),
    real_name boolean not null,
    opened_on text not null,
    verify_due_on text not null,
    rectify_due_on text not null,
    verified_at text,
    verified_by integer references users(id),
    finding text not null default '',
    resolution text check (resolution in ('immediate', 'ledger', 'explain')),
    rectify_note text not null default '',
    reply text not null default '',
    replied_at text,
    replied_by integer references users(id),
    callback_at text,
    callback_by integer references users(id),
    callback_note text not null default '',
    callback_satisfied boolean,
    appeal_reason text not null default '',
    appealed_at text,
    appealed_by integer references users(id),
    appeal_decision text not null default '',
    appeal_decided_at text,
    appeal_decided_by integer references users(id),
    closed_at text,
    created_at text not null,
    updated_at text not null
);
create index rectification_orders_open on rectification_orders(status, rectify_due_on);
create index rectification_orders_owner on rectification_orders(owner_user_id, status);
create index rectification_orders_org on rectification_orders(org_unit_id, id);

-- Per service day and responsible unit: the counts the figures need, kept exact in the same
-- transaction as every change to a rating or its order (0 stands for "none" in the key).
create table rating_days (
    day text not null,
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
    primary key (day, org_unit_id, site_id, department_id, window_id, staff_id, subject, mode)
);
