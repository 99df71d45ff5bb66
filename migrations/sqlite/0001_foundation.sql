-- Foundation: organisation, staff, accounts, devices, API tokens, files, audit log.
-- Twin of migrations/postgres/0001_foundation.sql; types differ only where the dialects do.

create table org_units (
    id integer primary key,
    parent_id integer references org_units(id),
    code text not null unique,
    name text not null,
    level text not null,
    path text not null,
    sort_order integer not null default 0,
    created_at text not null,
    updated_at text not null
);
create index org_units_path on org_units(path);
create index org_units_parent on org_units(parent_id);

create table departments (
    id integer primary key,
    org_unit_id integer not null references org_units(id),
    code text not null unique,
    name text not null unique,
    short_name text not null,
    phone text,
    active boolean not null default true,
    created_at text not null,
    updated_at text not null
);

create table sites (
    id integer primary key,
    org_unit_id integer not null references org_units(id),
    name text not null unique,
    kind text not null,
    address text not null,
    phone text,
    hours_weekday text not null,
    hours_weekend text not null,
    active boolean not null default true,
    created_at text not null,
    updated_at text not null
);
create index sites_org_unit on sites(org_unit_id);

create table zones (
    id integer primary key,
    site_id integer not null references sites(id),
    org_unit_id integer not null references org_units(id),
    name text not null,
    kind text not null,
    floor text,
    sort_order integer not null default 0,
    created_at text not null,
    updated_at text not null,
    unique (site_id, name)
);

create table windows (
    id integer primary key,
    site_id integer not null references sites(id),
    org_unit_id integer not null references org_units(id),
    zone_id integer not null references zones(id),
    number text not null,
    name text not null,
    kind text not null,
    active boolean not null default true,
    created_at text not null,
    updated_at text not null,
    unique (site_id, number)
);
create index windows_zone on windows(zone_id);

create table window_departments (
    window_id integer not null references windows(id) on delete cascade,
    department_id integer not null references departments(id),
    primary key (window_id, department_id)
);

create table files (
    sha256 text primary key,
    content_type text not null,
    size_bytes integer not null,
    created_at text not null
);

create table staff (
    id integer primary key,
    org_unit_id integer not null references org_units(id),
    department_id integer not null references departments(id),
    name text not null,
    photo_sha256 text references files(sha256),
    stationed_since text not null,
    grade text not null,
    phone_enc blob not null,
    phone_hash text not null,
    phone_masked text not null,
    active boolean not null default true,
    created_at text not null,
    updated_at text not null
);
create index staff_org_unit on staff(org_unit_id);
create index staff_phone_hash on staff(phone_hash);

create table staff_seats (
    id integer primary key,
    day text not null,
    staff_id integer not null references staff(id),
    window_id integer not null references windows(id),
    site_id integer not null references sites(id),
    org_unit_id integer not null references org_units(id),
    created_at text not null,
    unique (day, window_id),
    unique (day, staff_id)
);

create table users (
    id integer primary key,
    username text not null unique,
    name text not null,
    password_hash text not null,
    staff_id integer references staff(id),
    org_unit_id integer not null references org_units(id),
    active boolean not null default true,
    failed_logins integer not null default 0,
    locked_until text,
    last_login_at text,
    created_at text not null,
    updated_at text not null
);

create table role_grants (
    id integer primary key,
    user_id integer not null references users(id) on delete cascade,
    role text not null,
    org_unit_id integer not null references org_units(id),
    department_id integer references departments(id),
    created_at text not null
);
create index role_grants_user on role_grants(user_id);

create table sessions (
    token_hash text primary key,
    user_id integer not null references users(id) on delete cascade,
    csrf_token text not null,
    created_at text not null,
    expires_at text not null,
    last_seen_at text not null
);
create index sessions_user on sessions(user_id);

create table devices (
    id integer primary key,
    name text not null,
    kind text not null,
    site_id integer not null references sites(id),
    window_id integer references windows(id),
    org_unit_id integer not null references org_units(id),
    token_hash text not null unique,
    token_prefix text not null,
    created_by integer references users(id),
    created_at text not null,
    revoked_at text,
    last_seen_at text
);

create table api_tokens (
    id integer primary key,
    name text not null,
    user_id integer not null references users(id),
    org_unit_id integer not null references org_units(id),
    token_hash text not null unique,
    token_prefix text not null,
    created_by integer references users(id),
    created_at text not null,
    expires_at text,
    revoked_at text,
    last_used_at text
);

create table audit_log (
    id integer primary key,
    at text not null,
    actor text not null,
    action text not null,
    entity text not null,
    entity_id text not null,
    org_path text not null,
    before_summary text not null,
    after_summary text not null,
    prev_hash text not null,
    hash text not null
);
create index audit_log_entity on audit_log(entity, entity_id);

-- The newest chain link, so that deleting the last rows of audit_log is detected too.
create table audit_head (
    singleton integer primary key check (singleton = 1),
    last_id bigint not null,
    last_hash text not null
);
