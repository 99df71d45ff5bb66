//! Bulk insertion of open cases (benchmarks and the demo), and counting them.

use chrono::NaiveDate;

use super::rows::*;
use crate::{Result, Timestamp, Tx, on_tx, sql};

/// An accepted case as loaded in bulk (cases carried over from an earlier system, or the
/// benchmark's generator): the clock's stored days are computed by the caller.
#[derive(Debug, Clone)]
pub struct OpenCase {
    pub case_no: String,
    pub site_id: i64,
    pub org_unit_id: i64,
    pub item_id: i64,
    pub item_version_id: i64,
    pub item_name: String,
    pub department_id: i64,
    pub status: &'static str,
    pub applicant_name: String,
    pub phone: Sealed,
    pub accepted_by: Option<i64>,
    pub accepted_on: NaiveDate,
    pub reviewer_id: Option<i64>,
    pub promised_days: i64,
    pub statutory_days: i64,
    pub promised_deadline: Option<NaiveDate>,
    pub statutory_deadline: Option<NaiveDate>,
    pub ladder: LadderState,
}

/// Rows per multi-row insert of [`insert_open_cases`], and parameters per row (within both
/// backends' limits).
pub(super) const BULK_ROWS: usize = 300;
pub(super) const PER_ROW: usize = 26;

/// Inserts accepted cases with their places on the warning ladder in multi-row statements (no
/// trail, checklist or notices). Case numbers must be unique within the call.
pub async fn insert_open_cases(tx: &mut Tx, rows: &[OpenCase], now: Timestamp) -> Result<()> {
    for chunk in rows.chunks(BULK_ROWS) {
        let values = crate::values_list(tx.backend(), chunk.len(), PER_ROW);
        let sql = format!(
            "insert into cases (case_no, query_code, site_id, org_unit_id, item_id, item_version_id, item_name, department_id, case_kind, \
             channel, status, applicant_kind, applicant_name, phone_enc, phone_hash, phone_masked, accepted_by, accepted_on, reviewer_id, \
             promised_days, statutory_days, promised_deadline, statutory_deadline, due_on, created_at, updated_at) values {values} \
             returning id, case_no"
        );
        let ids: Vec<(i64, String)> = on_tx!(tx, |c| {
            let mut q = sqlx::query_as(sqlx::AssertSqlSafe(sql.clone()));
            for r in chunk {
                q = q
                    .bind(&r.case_no)
                    .bind("BULK")
                    .bind(r.site_id)
                    .bind(r.org_unit_id)
                    .bind(r.item_id)
                    .bind(r.item_version_id)
                    .bind(&r.item_name)
                    .bind(r.department_id)
                    .bind("promise")
                    .bind("window")
                    .bind(r.status)
                    .bind("person")
                    .bind(&r.applicant_name)
                    .bind(&r.phone.0)
                    .bind(&r.phone.1)
                    .bind(&r.phone.2)
                    .bind(r.accepted_by)
                    .bind(r.accepted_on)
                    .bind(r.reviewer_id)
                    .bind(r.promised_days)
                    .bind(r.statutory_days)
                    .bind(r.promised_deadline)
                    .bind(r.statutory_deadline)
                    .bind(r.promised_deadline.unwrap_or_else(no_deadline))
                    .bind(now)
                    .bind(now);
            }
            q.fetch_all(c).await
        })?;
        let ids: std::collections::HashMap<String, i64> = ids.into_iter().map(|(id, no)| (no, id)).collect();
        crate::insert_rows!(
            tx,
            chunk,
            BULK_ROWS,
            12,
            |values| format!(
                "insert into case_ladder (case_id, org_unit_id, department_id, handler_id, case_no, item_name, level, next_level, \
                 next_level_on, remind_on, yellow_on, red_on) values {values}"
            ),
            |q, r| q
                .bind(ids.get(&r.case_no).copied())
                .bind(r.org_unit_id)
                .bind(r.department_id)
                .bind(r.reviewer_id.or(r.accepted_by))
                .bind(&r.case_no)
                .bind(&r.item_name)
                .bind(r.ladder.warning_level)
                .bind(r.ladder.next_level)
                .bind(r.ladder.next_level_on)
                .bind(r.ladder.remind_on)
                .bind(r.ladder.yellow_on)
                .bind(r.ladder.red_on)
        );
    }
    Ok(())
}

/// How many cases are open (neither final nor awaiting nothing).
pub async fn count_open(tx: &mut Tx) -> Result<i64> {
    sql::scalar(tx, "select count(*) from cases where status not in ('not_accepted', 'completed', 'withdrawn', 'void')", &[]).await
}

// ---------------------------------------------------------------- clock recomputation
