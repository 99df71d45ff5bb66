//! The citizen portal (不见面审批): `/portal` (items open to online application), `/portal/login`
//! (phone + SMS code), `/portal/items/{id}` (guide summary and the application form with uploads),
//! `/portal/mine` (my applications: submit, withdraw, resubmit after a supplement request), the
//! public `/progress` (case number + query code), and the windows' `/cases/online` pre-check list.
//!
//! The citizen's session is the `yc_citizen` cookie (HttpOnly, SameSite=Lax) or a `cit_…` bearer
//! token. A cookie-authenticated change must carry the session's CSRF token (`X-CSRF-Token` or the
//! `_csrf` query parameter, which every portal form puts in its action); the login forms use a
//! double-submit cookie. The staff guard in [`crate::extract::auth`] leaves these paths to [`crate::extract::citizen`]:
//! nothing here acts with a staff member's authority except `/cases/…`, which uses the staff guard.

pub mod apply;
pub mod common;
pub mod login;
pub mod mine;
pub mod online;
pub mod progress;
