//! The machinery under the use cases: the application handle, the clock, the group-commit
//! writer, the in-process caches and the event bus.

pub mod app;
pub(crate) mod batch;
pub(crate) mod caches;
pub mod clock;
pub mod events;
pub(crate) mod later;
