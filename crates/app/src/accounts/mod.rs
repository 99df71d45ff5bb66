//! Managing accounts (X3): staff logins with roles granted on org subtrees, password resets,
//! device tokens that bind a screen or kiosk to a hall or a window, and API tokens for
//! integrations. A manager may grant only within the subtree they manage, and only roles they
//! could themselves exercise there (a hall manager cannot mint a system administrator).

pub(crate) mod auth;
pub(crate) mod citizen;
pub(crate) mod throttle;
pub(crate) mod users;

pub use auth::*;
pub use citizen::*;
pub use users::*;
