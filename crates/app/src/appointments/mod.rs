//! Appointment use cases (R2, 预约): slot templates and settings kept by hall managers, public
//! booking by mobile phone (optionally with an ID number), cancellation up to a cut-off, kiosk
//! check-in that turns a booking into a queue ticket ranked by its slot, the no-show job and the
//! day-before reminders.
//!
//! Rules (see `domain::appointments` for the pure ones): slots only on working days of the
//! calendar; capacity taken by a conditional update of the slot's counter inside the booking
//! transaction; per-person quotas and the no-show block counted by phone and ID number under a
//! per-person lock; a 6-digit code unique among the day's open bookings at the site. The phone
//! and ID number are stored encrypted with a blind index (个人信息保护法 第51条) and only ever
//! shown masked; no SMS carries the ID number. Every booking change writes its audit row and its
//! SMS (through the outbox) in the same transaction.

pub(crate) mod booking;
pub(crate) mod checkin;
pub(crate) mod jobs;
pub(crate) mod templates;
pub(crate) mod views;

pub use booking::*;
pub use checkin::*;
pub use jobs::*;
pub use templates::*;
pub use views::*;
