//! Local warning-ladder policies (时限预警规则) of a site, an item, or an item at a site.

use crate::{Result, Timestamp, Tx, sql};

/// A local warning-ladder policy for a site, an item, or an item at a site.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow, serde::Serialize)]
pub struct PolicyRow {
    pub id: i64,
    pub site_id: Option<i64>,
    pub site_name: Option<String>,
    pub item_id: Option<i64>,
    pub item_code: Option<String>,
    pub org_unit_id: i64,
    pub org_path: String,
    pub remind_used_percent: i64,
    pub remind_days_left: i64,
    pub red_after_working_days: i64,
    pub note: String,
    pub updated_at: Timestamp,
}

pub(super) const POLICY_SELECT: &str = "select p.id, p.site_id, s.name as site_name, p.item_id, i.basic_code as item_code, p.org_unit_id, o.path as org_path, \
     p.remind_used_percent, p.remind_days_left, p.red_after_working_days, p.note, p.updated_at from ladder_policies p \
     join org_units o on o.id = p.org_unit_id left join sites s on s.id = p.site_id left join items i on i.id = p.item_id";

/// Every ladder policy (a small table: read whole and cached).
pub async fn list_policies(tx: &mut Tx) -> Result<Vec<PolicyRow>> {
    let sql = format!("{POLICY_SELECT} order by p.site_id, p.item_id");
    sql::fetch_all(tx, sqlx::AssertSqlSafe(sql), &[]).await
}

pub async fn find_policy(tx: &mut Tx, id: i64) -> Result<Option<PolicyRow>> {
    let sql = format!("{POLICY_SELECT} where p.id = $1");
    sql::fetch_optional(tx, sqlx::AssertSqlSafe(sql), &[&id]).await
}

/// The values of a policy to store.
#[derive(Debug, Clone)]
pub struct NewPolicy<'a> {
    pub site_id: Option<i64>,
    pub item_id: Option<i64>,
    pub org_unit_id: i64,
    pub remind_used_percent: i64,
    pub remind_days_left: i64,
    pub red_after_working_days: i64,
    pub note: &'a str,
    pub updated_by: Option<i64>,
}

/// Sets the policy of a scope (site, item, or item at a site), replacing the one there.
pub async fn upsert_policy(tx: &mut Tx, p: &NewPolicy<'_>, now: Timestamp) -> Result<i64> {
    sql::scalar(tx, "insert into ladder_policies (site_id, item_id, org_unit_id, remind_used_percent, remind_days_left, red_after_working_days, note, updated_by, updated_at) \
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9) \
         on conflict (coalesce(site_id, 0), coalesce(item_id, 0)) do update set remind_used_percent = excluded.remind_used_percent, \
         remind_days_left = excluded.remind_days_left, red_after_working_days = excluded.red_after_working_days, note = excluded.note, \
         updated_by = excluded.updated_by, updated_at = excluded.updated_at returning id", &[&p.site_id, &p.item_id, &p.org_unit_id, &p.remind_used_percent, &p.remind_days_left, &p.red_after_working_days, &p.note, &p.updated_by, &now]).await
}

pub async fn delete_policy(tx: &mut Tx, id: i64) -> Result<bool> {
    let n = sql::execute(tx, "delete from ladder_policies where id = $1", &[&id]).await?;
    Ok(n > 0)
}
