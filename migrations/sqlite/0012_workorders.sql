-- Work orders (工单) from the 12345 hotline and the 办不成事 window (issue 6 item 3), their trail,
-- and local deadline policy. Twin of migrations/postgres/0012_workorders.sql.
create table work_orders (
    id integer primary key,
    order_no text not null unique,
    org_unit_id integer not null references org_units(id),
    site_id integer references sites(id),
    channel text not null check (channel in ('hotline', 'cannot_do', 'online', 'letter')),
    kind text not null check (kind in ('consultation', 'help', 'complaint', 'suggestion')),
    category text not null default '',
    content text not null,
    contact_name text not null default '',
    contact_phone_enc blob,
    contact_phone_hash text,
    contact_phone_masked text,
    case_id integer references cases(id),
    item_id integer references items(id),
    department_id integer references departments(id),
    -- A complaint against a staff member, and what its verification found.
    staff_id integer references staff(id),
    verification text check (verification in ('founded', 'partly', 'unfounded')),
    status text not null check (status in ('registered', 'assigned', 'signed', 'replied', 'closed')),
    assigned_on text,
    sign_due_on text,
    reply_due_on text,
    signed_at text,
    reply text not null default '',
    replied_at text,
    satisfied boolean,
    reopen_count integer not null default 0,
    closed_at text,
    created_by integer references users(id),
    created_at text not null,
    updated_at text not null
);
create index work_orders_department on work_orders(department_id, status);
create index work_orders_org on work_orders(org_unit_id, id);
create index work_orders_created on work_orders(created_at);

-- The day's last order number (GD{date}{sequence}), taken with an upsert so concurrent intakes
-- never draw the same one.
create table work_order_counters (
    day text primary key,
    last_seq integer not null
);

create table work_order_events (
    id integer primary key,
    work_order_id integer not null references work_orders(id),
    action text not null,
    from_status text not null,
    to_status text not null,
    note text not null default '',
    department_id integer references departments(id),
    actor_id integer references users(id),
    actor_name text not null,
    at text not null
);
create index work_order_events_order on work_order_events(work_order_id, id);

create table work_order_policies (
    org_unit_id integer primary key references org_units(id),
    sign_days integer not null check (sign_days between 1 and 5),
    consultation_days integer not null check (consultation_days between 1 and 30),
    help_days integer not null check (help_days between 1 and 30),
    complaint_days integer not null check (complaint_days between 1 and 30),
    suggestion_days integer not null check (suggestion_days between 1 and 30),
    updated_by integer references users(id),
    updated_at text not null
);
