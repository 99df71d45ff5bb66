-- Cases (办件): intake, back-office review, delivery, and the clock's pauses and extensions.
-- Twin of migrations/postgres/0006_cases.sql; types differ only where the dialects do.

-- The last case sequence of a site on a business day (case numbers unique across processes).
create table case_counters (
    site_id integer not null references sites(id),
    day text not null,
    last_seq integer not null,
    primary key (site_id, day)
);

create table cases (
    id integer primary key,
    case_no text not null unique,
    query_code text not null,
    site_id integer not null references sites(id),
    org_unit_id integer not null references org_units(id),
    -- A bundle (一件事) parent, later.
    parent_id integer references cases(id),
    item_id integer not null references items(id),
    item_version_id integer not null references item_versions(id),
    item_name text not null,
    department_id integer not null references departments(id),
    case_kind text not null,
    channel text not null,
    status text not null,
    -- Applicant: a person (ID number encrypted, blind index, masked) or an enterprise (credit code).
    applicant_kind text not null check (applicant_kind in ('person', 'enterprise')),
    applicant_name text not null,
    applicant_id_enc blob,
    applicant_id_hash text,
    applicant_id_masked text,
    credit_code text,
    phone_enc blob not null,
    phone_hash text not null,
    phone_masked text not null,
    -- 帮办代办: who filed on the applicant's behalf, and the authorisation recorded.
    agent_name text,
    agent_id_enc blob,
    agent_id_hash text,
    agent_id_masked text,
    agent_authorisation text,
    ticket_id integer references tickets(id),
    window_id integer references windows(id),
    intake_user_id integer references users(id),
    accepted_by integer references users(id),
    accepted_on text,
    reviewer_id integer references users(id),
    decided_by integer references users(id),
    decided_on text,
    decision_reason text,
    promised_days integer not null,
    statutory_days integer not null,
    extension_days integer not null default 0,
    promised_deadline text,
    statutory_deadline text,
    -- The inbox order: the promised deadline, or 9999-12-31 while there is none.
    due_on text not null,
    delivery_mode text,
    delivery_detail text,
    form text not null default '{}',
    version integer not null default 1,
    created_at text not null,
    updated_at text not null
);
create index cases_site_status on cases(site_id, status);
create index cases_department_due on cases(department_id, due_on, id);
create index cases_item_site on cases(item_id, site_id);
create index cases_applicant_id on cases(applicant_id_hash);
create index cases_phone on cases(phone_hash);

-- One row per transition: who did what, from which state to which, with the reason or details.
create table case_events (
    id integer primary key,
    case_id integer not null references cases(id),
    at text not null,
    action text not null,
    from_status text not null,
    to_status text not null,
    user_id integer references users(id),
    actor text not null,
    note text not null,
    data text not null default '{}'
);
create index case_events_case on case_events(case_id, id);

-- Spans during which the clock stands still: a special procedure or a supplement after acceptance.
-- Dates [start_on, end_on) do not count; end_on is null while the pause lasts.
create table case_pauses (
    id integer primary key,
    case_id integer not null references cases(id),
    kind text not null check (kind in ('special', 'supplement')),
    special_type text,
    expected_days integer,
    notice text not null,
    start_on text not null,
    end_on text,
    started_by integer references users(id),
    ended_by integer references users(id),
    created_at text not null
);
create index case_pauses_case on case_pauses(case_id, id);

-- Extensions granted (+N working days to both limits), with the approver.
create table case_extensions (
    id integer primary key,
    case_id integer not null references cases(id),
    days integer not null check (days > 0),
    reason text not null,
    approved_by integer not null references users(id),
    created_at text not null
);
create index case_extensions_case on case_extensions(case_id);

-- The material checklist as taken in: each material of the item version, its state, and scans.
create table case_materials (
    id integer primary key,
    case_id integer not null references cases(id),
    position integer not null,
    name text not null,
    required boolean not null,
    state text not null check (state in ('provided', 'missing', 'rongque', 'waived')),
    promise_on text,
    file_sha256 text references files(sha256),
    note text not null,
    updated_at text not null,
    unique (case_id, position)
);
