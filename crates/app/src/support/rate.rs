//! Rate limits on what anyone may ask for without signing in (texts cost money and reach other
//! people's phones; tickets hold places in a queue): at most `limit` requests per key in a
//! sliding hour. Counted in the sign-in throttle table under their own key prefixes (`sms:`,
//! `ticket:`).

use chrono::{DateTime, Duration, Utc};

use crate::{App, AppError, Result};

/// Text login codes one client address may ask for in an hour (across phone numbers).
pub const SMS_CODES_PER_CLIENT_HOUR: i64 = 10;

/// Phone tickets one client address may take in an hour (across halls and numbers).
pub const MOBILE_TICKETS_PER_CLIENT_HOUR: i64 = 10;

/// Counts one request against `key` in `tx`; past `limit` in the last hour it is refused with 429
/// and `message`, which should say what was limited and when to try again. The count stands only
/// if the caller commits (what was refused and rolled back did not happen).
pub(crate) async fn count(tx: &mut store::Tx, key: &str, limit: i64, now: DateTime<Utc>, message: impl FnOnce() -> String) -> Result<()> {
    let n = store::accounts::throttle_fail(tx, key, now, now - Duration::hours(1)).await?;
    if n > limit {
        return Err(AppError::Locked(message()));
    }
    Ok(())
}

/// [`count`] in a transaction of its own, committed even when the request is then refused for
/// another reason (a request that costs a place in a queue counts when it is asked).
pub(crate) async fn take(app: &App, key: &str, limit: i64, message: impl FnOnce() -> String) -> Result<()> {
    let mut tx = app.write().await?;
    count(&mut tx, key, limit, app.clock.now(), message).await?;
    tx.commit().await?;
    Ok(())
}
