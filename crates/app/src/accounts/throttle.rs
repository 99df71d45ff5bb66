//! Back-off for failed staff sign-ins (X3). Failures are counted per (user name, client address)
//! and per client address over an hour. From the `lockout_after`-th failure of a pair, that pair
//! waits 1, 2, 4 … minutes (at most `lockout_minutes`) before its next try; a client that fails
//! `client_limit` times across any names waits the same way. Nothing is kept per account alone, so
//! no one can lock the owner out: the owner on a client that has not failed signs in at once, and
//! an administrator's password reset forgets every pair of the account.

use chrono::{DateTime, Duration, Utc};

use crate::{App, AppError, Result};

/// The keys a sign-in attempt counts against: the (user name, client) pair first, then the client.
pub(crate) fn keys(username: &str, client: &str) -> Vec<String> {
    vec![pair_prefix(username) + client, format!("c:{client}")]
}

/// The key prefix of every pair of a user name.
pub(crate) fn pair_prefix(username: &str) -> String {
    format!("u:{}|c:", username.trim().to_lowercase())
}

/// The refusal while a key is blocked.
pub(crate) fn refused(until: DateTime<Utc>) -> AppError {
    let local = until.with_timezone(&crate::cst()).format("%H:%M");
    AppError::Locked(format!("登录尝试过于频繁，请于 {local} 后再试；忘记密码请联系管理员重置"))
}

/// How long a key waits after its `failures`-th failure, when `limit` failures start the back-off.
pub(crate) fn wait(failures: i64, limit: i64, cap_minutes: i64) -> Option<Duration> {
    (failures >= limit).then(|| {
        let steps = u32::try_from(failures - limit).unwrap_or(u32::MAX).min(16);
        Duration::minutes((1i64 << steps).min(cap_minutes.max(1)))
    })
}

/// Counts a failure against every key and blocks those that reached their limit.
pub(crate) async fn fail(app: &App, tx: &mut store::Tx, keys: &[String], now: DateTime<Utc>) -> Result<()> {
    let s = &app.settings;
    let since = now - Duration::hours(1);
    for (i, key) in keys.iter().enumerate() {
        let failures = store::accounts::throttle_fail(tx, key, now, since).await?;
        let limit = if i == 0 { s.lockout_after } else { s.client_limit };
        if let Some(w) = wait(failures, limit, s.lockout_minutes) {
            store::accounts::throttle_block(tx, key, now + w).await?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::wait;
    use chrono::Duration;

    #[test]
    fn the_wait_doubles_from_the_limit_up_to_the_cap() {
        assert_eq!(wait(4, 5, 15), None);
        assert_eq!(wait(5, 5, 15), Some(Duration::minutes(1)));
        assert_eq!(wait(6, 5, 15), Some(Duration::minutes(2)));
        assert_eq!(wait(8, 5, 15), Some(Duration::minutes(8)));
        assert_eq!(wait(9, 5, 15), Some(Duration::minutes(15)));
        assert_eq!(wait(500, 5, 15), Some(Duration::minutes(15)));
    }
}
