//! Online application (不见面审批, R8; DOMAIN.md §3): a citizen signs in with a one-time code texted
//! to their mobile, applies for an item whose 网办深度 allows it (网上申请 or 全程网办) with uploaded
//! materials, follows the case, withdraws it or supplies what a window's pre-check found missing;
//! windows pre-check online cases (预审 → 接件, or 一次性告知补正 / 不予受理); anyone holding a case
//! number and its query code may read its progress.
//!
//! Rules enforced here:
//! - Login codes: 6 digits, valid 5 minutes, stored only as a keyed hash; 5 wrong tries kill a code;
//!   one code per phone per 60 s and [`CODES_PER_DAY`] per business day; texted through the outbox
//!   (kind `login_code`, whose digits the outbox page hides) in the same transaction; never logged.
//! - A citizen sees and acts on only the cases filed from the phone they signed in with (its blind
//!   index); anything else is "not found".
//! - Online cases have channel `online`, no window and no intake user; they start as `draft` and
//!   move through [`crate::cases::act`] like every other case, so the state machine, the notices
//!   and the trail are the same as at a window.
//! - Progress look-ups answer one message for an unknown case number and a wrong query code, and
//!   refuse after [`LOOKUP_FAILURES_PER_HOUR`] wrong pairs for one case number within an hour
//!   (the query code is the only secret).
//! - Legal anchors: 行政许可法 第29条 and 第33条 (applications by data message, e-government), 第32条
//!   (the one-time notice of everything missing, sent here as an SMS and shown on the portal).
//! - ID numbers and phones are sealed like at a window; pages get masks only.

pub(crate) mod applications;
pub(crate) mod items;
pub(crate) mod login;
pub(crate) mod progress;
pub(crate) mod staff;

pub use applications::*;
pub use items::*;
pub use login::*;
pub use progress::*;
pub use staff::*;
