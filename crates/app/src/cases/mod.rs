//! Case use cases (综合一窗, R6–R8, R16): any-window intake, the back office's review and decision,
//! result delivery, each transition one function of the canonical state machine
//! ([`domain::cases`]), and the case clock with its warning level.
//!
//! Rules enforced here:
//! - A clerk takes in an item only at a window authorised for it, under the item's current
//!   published version (the case keeps that version for good).
//! - A case is accepted only when every required material is provided or flagged 容缺 with a
//!   promise date; the one-time notice (一次性告知) lists what is missing instead.
//! - 受审分离: whoever accepted a case may never approve or deny it.
//! - Transitions are conditional updates on the case's state and version: of two people acting on
//!   one case at once, exactly one wins and the other gets 409.
//! - ID numbers and phones are sealed (ciphertext, blind index, masked copy); only masks are shown.
//! - Writes go through the group-commit writer ([`crate::batch`]); the applicant's notices go
//!   through the SMS outbox in the same transaction.

pub(crate) mod act;
pub(crate) mod inbox;
pub(crate) mod intake;
pub mod ladder;
pub(crate) mod model;
pub(crate) mod notices;
pub(crate) mod online;
pub(crate) mod sweep;
pub(crate) mod views;

pub use act::*;
pub use inbox::*;
pub use intake::*;
pub use model::*;
pub use notices::*;
pub use online::*;
pub use sweep::*;
pub use views::*;
