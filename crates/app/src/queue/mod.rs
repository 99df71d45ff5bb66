//! Queue use cases (R1, R3, R13): tickets from every channel, the counter's actions, window
//! states, queue settings, visit ratings, and the live snapshot screens show.
//!
//! Every ticket write runs through the group-commit writer ([`crate::batch`]): the caller is
//! answered only after the batch holding its write has committed, and the batch's events
//! (`ticket_called`, …) are published only then. Permission checks that need only reads happen
//! before the job is queued; everything that depends on the queue's state happens inside it.

pub(crate) mod board;
pub(crate) mod calling;
pub(crate) mod categories;
pub(crate) mod issue;
pub(crate) mod views;
pub(crate) mod wait;

pub use board::*;
pub use calling::*;
pub use categories::*;
pub use issue::*;
pub use views::*;
pub use wait::*;
