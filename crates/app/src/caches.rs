//! In-process caches derived from the database: the catalogue search index and the working-day
//! calendar. Writes through `app` invalidate them; the next read rebuilds them. (With several
//! server processes each keeps its own copy; cross-process invalidation arrives with that issue.)

use std::sync::Arc;

use domain::calendar::Calendar;
use domain::search::SearchIndex;
use tokio::sync::RwLock;

/// The caches of one process.
#[derive(Debug, Default)]
pub(crate) struct Caches {
    /// The catalogue search index, built lazily; `None` after a catalogue write.
    pub search: RwLock<Option<SearchIndex>>,
    /// The compiled working-day calendar; `None` after a calendar edit.
    pub calendar: RwLock<Option<Arc<Calendar>>>,
}
