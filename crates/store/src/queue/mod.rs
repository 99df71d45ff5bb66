//! The queue (R1, R3): per-site categories with their items, window work profiles, the daily
//! number counters, tickets and their event trail, window states, and visit ratings.
//!
//! Claiming a ticket is a conditional update (`… where id = $1 and status = $2`), so two windows
//! calling at once can never both get it, on either backend and across processes.

pub(crate) mod categories;
pub(crate) mod claims;
pub(crate) mod rows;
pub(crate) mod tickets;
pub(crate) mod windows;

pub use categories::*;
pub use claims::*;
pub use rows::*;
pub use tickets::*;
pub use windows::*;
