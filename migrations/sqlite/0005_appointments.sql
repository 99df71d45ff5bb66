-- Appointments: slot templates, bookings, no-show blocks.
-- Twin of migrations/postgres/0005_appointments.sql; types differ only where the dialects do.

-- A hall's appointment settings (app::appointments::Settings as JSON); absent means the defaults.
create table appointment_settings (
    site_id integer primary key references sites(id),
    settings text not null,
    updated_at text not null
);

-- A weekly timetable of bookable slots for one queue category: weekdays as a bit set
-- (bit 0 = Monday … bit 4 = Friday), times of day in Asia/Shanghai, slot length and places per slot.
create table appointment_templates (
    id integer primary key,
    site_id integer not null references sites(id),
    org_unit_id integer not null references org_units(id),
    category_id integer not null references queue_categories(id),
    weekdays integer not null check (weekdays between 1 and 31),
    start_time text not null,
    end_time text not null,
    slot_minutes integer not null check (slot_minutes > 0),
    capacity integer not null check (capacity > 0),
    effective_from text not null,
    effective_to text,
    created_at text not null,
    updated_at text not null
);
create index appointment_templates_site on appointment_templates(site_id, category_id);

-- One row per slot that has ever been booked: the counter that enforces capacity with a
-- conditional update (booked < capacity), so two bookings racing for the last place cannot both win.
-- template_id is informational (the template may be deleted later; the slot and its bookings stay).
create table appointment_slots (
    id integer primary key,
    site_id integer not null references sites(id),
    category_id integer not null references queue_categories(id),
    day text not null,
    start_at text not null,
    end_at text not null,
    template_id integer,
    capacity integer not null,
    booked integer not null default 0 check (booked >= 0),
    unique (category_id, start_at)
);
create index appointment_slots_site_day on appointment_slots(site_id, day);

-- A booking. Phone and ID number are stored encrypted with a blind index and a masked copy.
create table appointments (
    id integer primary key,
    site_id integer not null references sites(id),
    org_unit_id integer not null references org_units(id),
    category_id integer not null references queue_categories(id),
    slot_id integer not null references appointment_slots(id),
    day text not null,
    slot_start text not null,
    slot_end text not null,
    code text not null,
    status text not null check (status in ('booked', 'checked_in', 'cancelled', 'no_show')),
    phone_enc blob not null,
    phone_hash text not null,
    phone_masked text not null,
    id_enc blob,
    id_hash text,
    id_masked text,
    ticket_id integer references tickets(id),
    created_at text not null,
    updated_at text not null,
    cancelled_at text,
    checked_in_at text,
    no_show_at text,
    reminded_at text
);
-- A booking code is unique among the open bookings of one site and day.
create unique index appointments_open_code on appointments(site_id, day, code) where status in ('booked', 'checked_in');
create index appointments_site_day on appointments(site_id, day, status);
create index appointments_phone on appointments(phone_hash, day);
create index appointments_id_hash on appointments(id_hash, day);
create index appointments_status_end on appointments(status, slot_end);
