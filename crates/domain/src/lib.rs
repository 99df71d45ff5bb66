//! Pure rules and types of yichuang: identifiers, organisation enums, access scoping,
//! validators for Chinese identifiers, the audit hash chain. No I/O and no async here.

pub mod access;
pub mod appointments;
pub mod audit;
pub mod calendar;
pub mod cases;
pub mod catalog;
pub mod clock;
pub mod error;
pub mod figures;
pub mod ids;
pub mod org;
pub mod queue;
pub mod ratings;
pub mod search;
pub mod text;
pub mod validate;
pub mod workorders;

pub use error::{FieldError, Invalid};
