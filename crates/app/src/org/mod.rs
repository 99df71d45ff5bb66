//! Managing the banner's service network (R0, R5, R6): org units, departments, sites with their
//! zones and windows, staff, and who sits at which window today. Reads are filtered to the
//! actor's org subtrees; writes need a managing role on the record's subtree.

pub mod io;
pub(crate) mod seating;
pub(crate) mod sites;
pub(crate) mod staff;
pub(crate) mod units;

pub use seating::*;
pub use sites::*;
pub use staff::*;
pub use units::*;
