-- Chases (催办) and the supervision dashboard: who was told of a chase, and the indexes the
-- dashboard's set-wise counts and the stationing checks walk (tables of a million cases).
-- Twin of migrations/postgres/0009_chases.sql; types differ only where the dialects do.

-- One in-app notice and one text per chase and person: a repeat records nothing.
create table chase_notices (
    id integer primary key,
    chase_id integer not null references case_chases(id),
    org_unit_id integer not null references org_units(id),
    user_id integer not null references users(id),
    channel text not null check (channel in ('in_app', 'sms')),
    created_at text not null,
    read_at text,
    unique (chase_id, user_id, channel)
);
create index chase_notices_user on chase_notices(user_id, read_at);

create index case_chases_case on case_chases(case_id);
create index case_chases_created on case_chases(created_at);
create index case_chases_due on case_chases(due_on, answered_at);
-- Cases on the warning ladder by level (most cases stand at 0 and are skipped).
create index case_ladder_level on case_ladder(level, case_id);
create index case_cards_issued on case_cards(issued_on);
create index case_reminders_created on case_reminders(created_at);
-- Stationing checks: cases decided in a period, and a site's cases of an item since a time.
create index cases_decided_on on cases(decided_on);
create index cases_accepted_on on cases(accepted_on);
create index cases_item_site_created on cases(item_id, site_id, created_at);
-- Whether a case ever went to review.
create index case_events_action on case_events(action, case_id);
