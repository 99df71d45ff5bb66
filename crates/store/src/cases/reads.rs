//! Reads for the case pages: the items a window accepts, each with its version in effect.
//! Written once for both backends (`on_tx!`); the acceptance rule is the one of
//! [`crate::catalog::window_accepts`]: the window acts for the item's department, or it is
//! authorised for the item one by one (`window_items`).

use chrono::NaiveDate;

use crate::{Result, Tx, sql};

/// An item a window may take in, with the version in effect today.
#[derive(Debug, Clone, sqlx::FromRow, serde::Serialize)]
pub struct AcceptedItemRow {
    pub item_id: i64,
    pub basic_code: String,
    pub department_id: i64,
    pub department_name: String,
    pub version_id: i64,
    pub name: String,
    pub promised_days: i64,
    pub statutory_days: i64,
}

/// The items an active window accepts that have a published version in effect on `day`, by
/// department and name.
pub async fn list_window_accepted_items(tx: &mut Tx, window_id: i64, day: NaiveDate) -> Result<Vec<AcceptedItemRow>> {
    sql::fetch_all(tx, "select i.id as item_id, i.basic_code, i.department_id, d.short_name as department_name, v.id as version_id, v.name, \
         v.promised_days, v.statutory_days \
         from items i join departments d on d.id = i.department_id \
         join item_versions v on v.item_id = i.id and v.status = 'published' and v.effective_date <= $2 \
         and v.version_no = (select max(x.version_no) from item_versions x where x.item_id = i.id and x.status = 'published' and x.effective_date <= $2) \
         where exists (select 1 from windows w where w.id = $1 and w.active) \
         and (exists (select 1 from window_departments wd where wd.window_id = $1 and wd.department_id = i.department_id) \
              or exists (select 1 from window_items wi where wi.window_id = $1 and wi.item_id = i.id)) \
         order by d.short_name, v.name, i.id", &[&window_id, &day]).await
}
