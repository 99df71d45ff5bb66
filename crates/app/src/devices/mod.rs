//! The hall's devices: device tokens that bind a screen or kiosk to a hall or a window, and
//! what the kiosks and public mobile pages read beyond the queue.

pub(crate) mod kiosk;
pub(crate) mod tokens;

pub use kiosk::*;
pub use tokens::*;
