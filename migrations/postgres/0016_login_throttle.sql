-- Failed sign-ins counted per (user name, client address) and per client address, so that back-off
-- slows a guesser without letting anyone lock the owner out: the right password from a client that
-- has not failed still signs in. Keys are `u:<user name>|c:<client>` and `c:<client>`.
create table login_throttle (
    key text primary key,
    failures bigint not null,
    first_at timestamptz not null,
    blocked_until timestamptz
);
