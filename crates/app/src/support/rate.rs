//! Rate limits on what anyone may ask for without signing in (texts cost money and reach other
//! people's phones; tickets hold places in a queue): at most `limit` requests per key in a
//! sliding hour. Counted in the sign-in throttle table under their own key prefixes (`sms:`,
//! `ticket:`).

use chrono::{DateTime, Duration, Utc};

use crate::{AppError, Result};

/// Text login codes one client address may ask for in an hour (across phone numbers).
pub const SMS_CODES_PER_CLIENT_HOUR: i64 = 10;

/// Phone tickets one client address may take in an hour (across halls and numbers).
pub const MOBILE_TICKETS_PER_CLIENT_HOUR: i64 = 10;

/// Counts one request against `key` in the request's own transaction; past `limit` in the last
/// hour it is refused with 429 and `message`, which should say what was limited and when to try
/// again. The count stands only with the write it counts (a refused request sends or takes nothing
/// and counts nothing).
pub(crate) async fn count(tx: &mut store::Tx, key: &str, limit: i64, now: DateTime<Utc>, message: impl FnOnce() -> String) -> Result<()> {
    let n = store::accounts::throttle_fail(tx, key, now, now - Duration::hours(1)).await?;
    if n > limit {
        return Err(AppError::Locked(message()));
    }
    Ok(())
}
