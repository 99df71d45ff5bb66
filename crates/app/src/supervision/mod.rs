//! Supervision (效能监察, R16) and stationing checks (R5).

pub(crate) mod chases;

pub use chases::*;
