-- Online application (不见面审批): citizens' login codes and sessions, and failed progress look-ups.
-- Twin of migrations/postgres/0008_portal.sql; types differ only where the dialects do.

-- A one-time login code texted to a mobile. The phone is sealed (ciphertext, blind index, masked
-- copy); the code is kept only as a keyed hash (HMAC with the master key, salted per row).
-- `day` is the Asia/Shanghai business day the code was sent on (the daily quota counts by it).
create table portal_login_codes (
    id integer primary key,
    phone_enc blob not null,
    phone_hash text not null,
    phone_masked text not null,
    salt text not null,
    code_hash text not null,
    day text not null,
    attempts integer not null default 0,
    created_at text not null,
    expires_at text not null,
    used_at text,
    dead_at text
);
create index portal_login_codes_phone on portal_login_codes(phone_hash, created_at);

-- A citizen's signed-in session: the token stored as SHA-256, with its CSRF token and the phone
-- (sealed) it was opened for; cases are found by the phone's blind index.
create table citizen_sessions (
    token_hash text primary key,
    phone_enc blob not null,
    phone_hash text not null,
    phone_masked text not null,
    csrf_token text not null,
    created_at text not null,
    expires_at text not null
);
create index citizen_sessions_phone on citizen_sessions(phone_hash);

-- Wrong case number + query code pairs on the public progress page, by a keyed hash of what was
-- tried (the case number); counted per hour to refuse guessing.
create table portal_lookup_failures (
    id integer primary key,
    key_hash text not null,
    at text not null
);
create index portal_lookup_failures_key on portal_lookup_failures(key_hash, at);
