-- Notification outbox (SMS): messages with idempotency keys, attempts and retry times.
-- Twin of migrations/postgres/0004_outbox.sql; types differ only where the dialects do.
-- A row is written in the same transaction as the business change it announces, so a message
-- exists if and only if that change committed; the sender job delivers it afterwards.

create table outbox (
    id integer primary key,
    org_unit_id integer not null references org_units(id),
    channel text not null default 'sms' check (channel in ('sms')),
    kind text not null,
    phone_enc blob not null,
    phone_hash text not null,
    phone_masked text not null,
    body text not null,
    idempotency_key text not null unique,
    status text not null default 'pending' check (status in ('pending', 'sent', 'failed')),
    attempts integer not null default 0,
    next_attempt_at text not null,
    last_error text,
    created_at text not null,
    sent_at text,
    provider_ref text
);
-- The sender's scan: pending rows whose next attempt is due, oldest due first.
create index outbox_due on outbox(next_attempt_at) where status = 'pending';
-- The admin list: newest first, optionally of one status or one org unit.
create index outbox_status_id on outbox(status, id);
create index outbox_org_unit_id on outbox(org_unit_id, id);
create index outbox_phone_hash on outbox(phone_hash);
