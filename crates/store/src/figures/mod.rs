//! Storage of the leadership figures (X1): the per-day aggregates `case_days` and `queue_days`, the
//! roll-up that fills them, and the grouped sums the dashboard reads from them and from
//! `rating_days`.
//!
//! A business day's facts are final once the day is over: acceptances, decisions, completions,
//! reminders and cards are dated the day they happen and tickets end by the day's close. So a
//! past day is rolled up once ([`case_facts`] and [`queue_facts`] grouped into rows, then
//! [`replace_days`]); the dashboard reads the rolled-up days and computes the days after the
//! roll-up's mark from the base tables with the same functions, so both give the same answer.
//! [`case_days`] and [`queue_days`] list the stored rows for the test that compares them with a
//! fresh count.

pub(crate) mod days;
pub(crate) mod facts;
pub(crate) mod sums;

pub use days::*;
pub use facts::*;
pub use sums::*;
