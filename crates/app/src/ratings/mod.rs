//! 好差评 (R17): one rating per visit (一次一评, the rating pad at the window or the ticket's QR
//! page) and one per case (一事一评, the portal, the SMS link, a kiosk), on the national form; a
//! bad rating (1–2) opens a rectification order owned by whoever handled the service (谁办理谁负责)
//! with verify and rectify deadlines in working days from the local policy; the owner verifies,
//! rectifies or explains and replies, calls back (mandatory for a real-name rating), or appeals,
//! which the supervision office upholds (the rating leaves the figures, the decision stays) or
//! rejects. Every change keeps `rating_days` exact in the same transaction.

pub(crate) mod orders;
pub(crate) mod rate;
pub(crate) mod reminders;

pub use orders::*;
pub use rate::*;
pub use reminders::*;
