//! The in-process event bus: committed changes that screens and consoles follow live (SSE).
//! Each event is serialised once and shared by every subscriber.

use std::sync::Arc;

use serde::Serialize;
use tokio::sync::broadcast;

/// One published change.
#[derive(Debug, Clone)]
pub struct Event {
    /// The hall the event belongs to.
    pub site_id: i64,
    /// The window it concerns, if any (window terminals and rating pads follow only theirs).
    pub window_id: Option<i64>,
    /// The SSE event name, e.g. `ticket_called`.
    pub name: &'static str,
    /// The event's JSON body.
    pub data: String,
    /// When it was committed, milliseconds since the Unix epoch (for latency figures).
    pub at_ms: i64,
}

impl Event {
    pub fn new(site_id: i64, window_id: Option<i64>, name: &'static str, data: &impl Serialize, at_ms: i64) -> Arc<Event> {
        Arc::new(Event { site_id, window_id, name, data: serde_json::to_string(data).unwrap_or_else(|_| "{}".to_owned()), at_ms })
    }
}

/// How many events a slow subscriber may fall behind before it is told to resynchronise.
pub const BUS_CAPACITY: usize = 4096;

#[derive(Debug)]
pub(crate) struct Bus {
    pub(crate) tx: broadcast::Sender<Arc<Event>>,
}

impl Default for Bus {
    fn default() -> Self {
        Bus { tx: broadcast::channel(BUS_CAPACITY).0 }
    }
}
