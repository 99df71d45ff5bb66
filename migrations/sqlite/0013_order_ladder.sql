-- Overdue rectification orders join the three-level supervision (issue 6 item 2): each reminder
-- of an order, once per order, level, person and channel. Twin of migrations/postgres/0013_order_ladder.sql.
create table order_reminders (
    id integer primary key,
    order_id integer not null references rectification_orders(id),
    org_unit_id integer not null references org_units(id),
    level integer not null check (level between 1 and 3),
    recipient_role text not null,
    user_id integer not null references users(id),
    channel text not null check (channel in ('in_app', 'sms')),
    created_at text not null,
    read_at text,
    unique (order_id, level, user_id, channel)
);
create index order_reminders_user on order_reminders(user_id, read_at);
create index rectification_orders_verify on rectification_orders(verify_due_on) where status = 'verifying';
