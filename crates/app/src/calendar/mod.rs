//! The working-day calendar (X2): holidays and make-up working days (调休) as data, shipped for
//! 2024–2026 from the State Council notices and editable by administrators. Every time limit in

pub(crate) mod days;

pub use days::*;
