//! The audit trail (X3) as a feature: listing entries and verifying the hash chain. Recording
//! lives in [`crate::support::audit`], since every feature writes it.

pub(crate) mod log;

pub use log::*;
