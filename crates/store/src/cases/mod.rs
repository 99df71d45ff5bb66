//! Cases (办件): numbering, the case row and its conditional transitions, the event trail, the
//! clock's pauses and extensions, and the material checklist. Encrypted columns (ID numbers,
//! phones) are written here but only their masked copies are ever read back for display.

pub(crate) mod bulk;
pub(crate) mod clocks;
pub(crate) mod inbox;
pub(crate) mod ladder;
pub(crate) mod reads;
pub(crate) mod reminders;
pub(crate) mod rows;
pub(crate) mod trail;

pub use bulk::*;
pub use clocks::*;
pub use inbox::*;
pub use ladder::*;
pub use reads::*;
pub use reminders::*;
pub use rows::*;
pub use trail::*;
