//! Accounts in the API: sign-in and sessions ([`sessions`]), users, grants, device and API tokens
//! ([`users`]).

pub mod sessions;
pub mod users;
