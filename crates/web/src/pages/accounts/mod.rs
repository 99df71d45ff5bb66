//! Accounts in the console: signing in and out ([`login`]); users, grants, device and API tokens
//! ([`users`]).

pub mod login;
pub mod users;
