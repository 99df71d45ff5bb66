//! The audit trail (X3) as a feature: listing entries, verifying the hash chain, and the signed
//! checkpoints that anchor it outside the database. Recording lives in
//! [`crate::support::audit`], since every feature writes it.

pub mod checkpoint;
pub(crate) mod log;

pub use log::*;
