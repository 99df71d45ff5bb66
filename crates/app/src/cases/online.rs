//! Finding an online case by its number and query code, with a lock-out after repeated failures.

use chrono::Duration;
use domain::Invalid;

use crate::support::input::constant_eq;
use crate::{App, AppError, Result};

/// Wrong case number + query code pairs allowed per client and case number per hour.
pub const LOOKUP_FAILURES_PER_HOUR: i64 = 10;
/// Wrong pairs allowed per client per hour, across case numbers (guessing numbers).
pub const LOOKUP_CLIENT_FAILURES_PER_HOUR: i64 = 30;
/// The one answer for an unknown case number or a wrong query code.
pub const LOOKUP_REFUSED: &str = "办件编号或查询码不正确，请核对受理通知书或短信后重新输入";

/// The case with this number and query code, under the failure limits of the asking client
/// (`client`: an address, or a device): per case number and across numbers. Failures elsewhere
/// never lock the applicant out: the right pair from a client that has not failed gets in. A wrong
/// pair and an unknown number get the same answer and count as a failure. Progress look-ups and
/// ratings by code share it.
pub(crate) async fn case_by_code(app: &App, case_no: &str, query_code: &str, client: &str) -> Result<store::cases::CaseRow> {
    let query_code = query_code.trim().to_ascii_uppercase();
    let now = app.clock.now();
    let keys = [
        (app.cipher.blind_index("progress_lookup", &format!("{client}|{case_no}")), LOOKUP_FAILURES_PER_HOUR),
        (app.cipher.blind_index("progress_lookup_client", client), LOOKUP_CLIENT_FAILURES_PER_HOUR),
    ];
    let mut tx = app.read().await?;
    for (key, limit) in &keys {
        if store::portal::count_lookup_failures(&mut tx, key, now - Duration::hours(1)).await? >= *limit {
            return Err(AppError::Locked("查询错误次数过多，请 1 小时后再试，或致电办理大厅咨询".to_owned()));
        }
    }
    let found = store::cases::find_by_no(&mut tx, case_no).await?.filter(|r| constant_eq(&r.query_code, &query_code));
    drop(tx);
    match found {
        Some(row) => Ok(row),
        None => {
            let mut w = app.write().await?;
            for (key, _) in &keys {
                store::portal::insert_lookup_failure(&mut w, key, now).await?;
            }
            w.commit().await?;
            Err(Invalid::one("query_code", LOOKUP_REFUSED).into())
        }
    }
}
