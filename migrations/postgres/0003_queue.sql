-- Queue: categories, window work profiles, tickets and their events, visit ratings, window state.
-- Twin of migrations/sqlite/0003_queue.sql.

-- A hall's queue settings (domain::queue::Policy as JSON); absent means the defaults.
create table queue_settings (
    site_id bigint primary key references sites(id),
    policy text not null,
    updated_at timestamptz not null
);

create table queue_categories (
    id bigserial primary key,
    site_id bigint not null references sites(id),
    org_unit_id bigint not null references org_units(id),
    prefix text not null,
    name text not null,
    description text not null default '',
    sort_order bigint not null default 0,
    daily_limit bigint,
    active boolean not null default true,
    created_at timestamptz not null,
    updated_at timestamptz not null,
    unique (site_id, prefix)
);

-- The items a category covers (a kiosk finds the category by searching an item).
create table queue_category_items (
    category_id bigint not null references queue_categories(id) on delete cascade,
    item_id bigint not null references items(id),
    primary key (category_id, item_id)
);
create index queue_category_items_item on queue_category_items(item_id);

-- A window's work profile: the categories it serves, in the order it calls them.
create table window_profiles (
    window_id bigint not null references windows(id) on delete cascade,
    category_id bigint not null references queue_categories(id) on delete cascade,
    position bigint not null,
    primary key (window_id, category_id)
);

-- The last number issued per site, category and business day.
create table queue_counters (
    site_id bigint not null references sites(id),
    category_id bigint not null references queue_categories(id),
    day date not null,
    last_seq bigint not null,
    primary key (site_id, category_id, day)
);

-- Whether a window is open, paused (with reason) or closed, and what it is serving.
create table window_states (
    window_id bigint primary key references windows(id),
    site_id bigint not null references sites(id),
    status text not null,
    pause_reason text not null default '',
    staff_id bigint references staff(id),
    current_ticket_id bigint,
    updated_at timestamptz not null
);

create table tickets (
    id bigserial primary key,
    site_id bigint not null references sites(id),
    org_unit_id bigint not null references org_units(id),
    category_id bigint not null references queue_categories(id),
    day date not null,
    seq bigint not null,
    ticket_no text not null,
    channel text not null,
    priority text not null,
    status text not null,
    rank_at timestamptz not null,
    issued_at timestamptz not null,
    called_at timestamptz,
    first_called_at timestamptz,
    finished_at timestamptz,
    window_id bigint references windows(id),
    staff_id bigint references staff(id),
    target_window_id bigint references windows(id),
    recalls bigint not null default 0,
    outcome text,
    item_id bigint references items(id),
    phone_enc bytea,
    phone_hash text,
    phone_masked text,
    idempotency_key text,
    follow_code text not null unique,
    appointment_id bigint,
    note text not null default '',
    updated_at timestamptz not null,
    unique (site_id, day, ticket_no),
    unique (site_id, idempotency_key)
);
create index tickets_waiting on tickets(site_id, category_id, status, rank_at);
create index tickets_target on tickets(target_window_id, status);
create index tickets_window on tickets(window_id, status);
create index tickets_day on tickets(site_id, day, status);
create index tickets_phone on tickets(site_id, day, phone_hash);

-- Every step of every ticket, for the figures and for out-of-order calls (who, when).
create table ticket_events (
    id bigserial primary key,
    ticket_id bigint not null references tickets(id),
    site_id bigint not null references sites(id),
    at timestamptz not null,
    kind text not null,
    window_id bigint references windows(id),
    staff_id bigint references staff(id),
    actor text not null,
    note text not null default ''
);
create index ticket_events_ticket on ticket_events(ticket_id);
create index ticket_events_site_at on ticket_events(site_id, at);

-- Ratings (好差评). A visit rating links ticket, window and staff member; case ratings arrive
-- with the case issue (case_id). One rating per ticket.
create table ratings (
    id bigserial primary key,
    org_unit_id bigint not null references org_units(id),
    site_id bigint references sites(id),
    ticket_id bigint unique references tickets(id),
    case_id bigint,
    window_id bigint references windows(id),
    staff_id bigint references staff(id),
    level bigint not null check (level between 1 and 5),
    channel text not null,
    indicators text not null default '{}',
    reasons text not null default '[]',
    comment text not null default '',
    rated_at timestamptz not null
);
create index ratings_staff on ratings(staff_id, rated_at);
create index ratings_site on ratings(site_id, rated_at);
