-- Catalogue: items with versioned standards, per-site implementation, window authorisation,
-- and the working-day calendar. Twin of migrations/postgres/0002_catalog.sql.

create table items (
    id integer primary key,
    org_unit_id integer not null references org_units(id),
    basic_code text not null unique,
    department_id integer not null references departments(id),
    created_at text not null,
    updated_at text not null
);
create index items_department on items(department_id);

create table item_versions (
    id integer primary key,
    item_id integer not null references items(id),
    version_no integer not null,
    status text not null,
    name text not null,
    item_type text not null,
    online_depth text not null,
    statutory_days integer not null,
    promised_days integer not null,
    content text not null,
    change_note text not null,
    effective_date text,
    created_by text not null,
    submitted_by text,
    approved_by text,
    published_by text,
    created_at text not null,
    updated_at text not null,
    unique (item_id, version_no)
);
create index item_versions_status on item_versions(status, effective_date);

create table item_sites (
    item_id integer not null references items(id),
    site_id integer not null references sites(id),
    org_unit_id integer not null references org_units(id),
    stationed boolean not null,
    negative_reason text,
    negative_note text not null,
    updated_at text not null,
    primary key (item_id, site_id)
);
create index item_sites_site on item_sites(site_id);

create table window_items (
    window_id integer not null references windows(id) on delete cascade,
    item_id integer not null references items(id),
    primary key (window_id, item_id)
);

create table calendar_days (
    day text primary key,
    kind text not null,
    name text not null,
    updated_at text not null
);
