-- Supervision (效能监察): the warning ladder of each case, so a sweep compares dates; the
-- reminders sent and to whom; yellow and red cards; chases and answers.
-- Twin of migrations/postgres/0007_supervision.sql; types differ only where the dialects do.

-- The warning ladder of each case, apart from the wide case row so that a sweep raising many cases
-- writes few pages: the level, the next level and its day (the sweep's index), the days each level
-- begins (none while paused or once decided), and what a reminder names.
create table case_ladder (
    case_id integer primary key references cases(id),
    org_unit_id integer not null references org_units(id),
    department_id integer not null references departments(id),
    handler_id integer references users(id),
    case_no text not null,
    item_name text not null,
    level integer not null default 0,
    next_level integer,
    next_level_on text,
    remind_on text,
    yellow_on text,
    red_on text
);
create index case_ladder_next on case_ladder(next_level_on) where next_level_on is not null;

-- One reminder per case, level, recipient and channel: a second sweep (or process) sends nothing.
create table case_reminders (
    id integer primary key,
    case_id integer not null references cases(id),
    org_unit_id integer not null references org_units(id),
    level integer not null check (level between 1 and 3),
    recipient_role text not null,
    user_id integer not null references users(id),
    channel text not null check (channel in ('in_app', 'sms')),
    created_at text not null,
    read_at text,
    unique (case_id, level, user_id, channel)
);
create index case_reminders_user on case_reminders(user_id, read_at);

-- Yellow (2) and red (3) cards, against the department and the person handling the case.
create table case_cards (
    id integer primary key,
    case_id integer not null references cases(id),
    org_unit_id integer not null references org_units(id),
    level integer not null check (level in (2, 3)),
    department_id integer not null references departments(id),
    user_id integer references users(id),
    issued_on text not null,
    created_at text not null,
    unique (case_id, level)
);
create index case_cards_department on case_cards(department_id, issued_on);

-- A supervisor's chase (催办) and the department's answer, due in working days.
create table case_chases (
    id integer primary key,
    case_id integer not null references cases(id),
    org_unit_id integer not null references org_units(id),
    department_id integer not null references departments(id),
    note text not null,
    chased_by integer not null references users(id),
    due_on text not null,
    answer text,
    answered_by integer references users(id),
    answered_at text,
    created_at text not null
);
create index case_chases_department on case_chases(department_id, answered_at);
