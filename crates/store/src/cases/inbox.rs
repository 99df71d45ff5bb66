//! The back office inbox query.

use chrono::NaiveDate;

use super::rows::*;
use crate::{Result, Tx, sql};

/// A department's cases in the given states within `scope`, nearest promised deadline first
/// (cases without one last), `limit` rows after the `(deadline, id)` cursor.
pub async fn inbox(
    tx: &mut Tx,
    department_id: i64,
    statuses: &[&str],
    scope: &crate::org::Scope,
    after: Option<(NaiveDate, i64)>,
    limit: i64,
) -> Result<Vec<CaseRow>> {
    let list = statuses.iter().map(|s| format!("'{}'", s.replace('\'', ""))).collect::<Vec<_>>().join(", ");
    let first = NaiveDate::from_ymd_opt(1, 1, 1).unwrap_or(NaiveDate::MIN);
    let (after_day, after_id) = after.unwrap_or((first, 0));
    let (cond, binds) = scope.condition("o.path", 5);
    // Walks the (department, due_on, id) index in order; the row-value comparison keeps deep
    // pages as cheap as the first.
    let sql = format!(
        "{CASE_SELECT} where k.department_id = $1 and (k.due_on, k.id) > ($2, $3) and k.status in ({list}) and {cond} \
         order by k.due_on, k.id limit $4"
    );
    sql::fetch_scoped(tx, sql, &[&department_id, &after_day, &after_id, &limit], &binds).await
}

// ---------------------------------------------------------------- supervision
