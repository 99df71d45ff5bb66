//! The service-item catalogue (R4, R5): items, their versions (each holding the full standard as
//! JSON, so older versions stay readable), where each item is implemented and stationed, and which
//! windows are explicitly authorised for it.

use chrono::NaiveDate;

use crate::{Result, StoreError, Timestamp, Tx, sql};

#[derive(Debug, Clone, sqlx::FromRow, serde::Serialize)]
pub struct ItemRow {
    pub id: i64,
    pub org_unit_id: i64,
    pub basic_code: String,
    pub department_id: i64,
    pub department_code: String,
    pub department_name: String,
    /// The name in traditional Mongolian script, when entered.
    #[sqlx(default)]
    pub name_mn: Option<String>,
}

/// A version without its content, for lists.
#[derive(Debug, Clone, sqlx::FromRow, serde::Serialize)]
pub struct VersionSummaryRow {
    pub id: i64,
    pub item_id: i64,
    pub version_no: i64,
    pub status: String,
    pub name: String,
    pub item_type: String,
    pub online_depth: String,
    pub statutory_days: i64,
    pub promised_days: i64,
    pub effective_date: Option<NaiveDate>,
    pub change_note: String,
    pub created_by: String,
    pub submitted_by: Option<String>,
    pub approved_by: Option<String>,
    pub published_by: Option<String>,
    pub updated_at: Timestamp,
}

/// A version with its content (JSON of the item standard).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct VersionRow {
    #[sqlx(flatten)]
    pub summary: VersionSummaryRow,
    pub content: String,
}

/// The searchable columns of a version, kept beside its JSON content.
#[derive(Debug, Clone)]
pub struct VersionFields<'a> {
    pub name: &'a str,
    pub item_type: &'a str,
    pub online_depth: &'a str,
    pub statutory_days: i64,
    pub promised_days: i64,
    pub content: &'a str,
    pub change_note: &'a str,
}

#[derive(Debug, Clone, sqlx::FromRow, serde::Serialize)]
pub struct ItemSiteRow {
    pub item_id: i64,
    pub site_id: i64,
    pub org_unit_id: i64,
    pub stationed: bool,
    pub negative_reason: Option<String>,
    pub negative_note: String,
    pub site_name: String,
}

const ITEM_SELECT: &str = "select i.id, i.org_unit_id, i.basic_code, i.department_id, d.code as department_code, d.short_name as department_name, i.name_mn \
     from items i join departments d on d.id = i.department_id";
const SUMMARY_COLS: &str = "v.id, v.item_id, v.version_no, v.status, v.name, v.item_type, v.online_depth, v.statutory_days, v.promised_days, \
     v.effective_date, v.change_note, v.created_by, v.submitted_by, v.approved_by, v.published_by, v.updated_at";

pub async fn insert_item(tx: &mut Tx, org_unit_id: i64, basic_code: &str, department_id: i64, now: Timestamp) -> Result<i64> {
    sql::scalar(
        tx,
        "insert into items (org_unit_id, basic_code, department_id, created_at, updated_at) values ($1, $2, $3, $4, $4) returning id",
        &[&org_unit_id, &basic_code, &department_id, &now],
    )
    .await
}

pub async fn update_item(tx: &mut Tx, id: i64, basic_code: &str, department_id: i64, now: Timestamp) -> Result<()> {
    let n = sql::execute(
        tx,
        "update items set basic_code = $1, department_id = $2, updated_at = $3 where id = $4",
        &[&basic_code, &department_id, &now, &id],
    )
    .await?;
    sql::found(n, "item")
}

pub async fn find_item(tx: &mut Tx, id: i64) -> Result<Option<ItemRow>> {
    let sql = format!("{ITEM_SELECT} where i.id = $1");
    sql::fetch_optional(tx, sqlx::AssertSqlSafe(sql), &[&id]).await
}

pub async fn get_item(tx: &mut Tx, id: i64) -> Result<ItemRow> {
    find_item(tx, id).await?.ok_or(StoreError::NotFound("item"))
}

pub async fn find_item_by_code(tx: &mut Tx, basic_code: &str) -> Result<Option<ItemRow>> {
    let sql = format!("{ITEM_SELECT} where i.basic_code = $1");
    sql::fetch_optional(tx, sqlx::AssertSqlSafe(sql), &[&basic_code]).await
}

/// Every item, by id.
pub async fn list_items(tx: &mut Tx) -> Result<Vec<ItemRow>> {
    let sql = format!("{ITEM_SELECT} order by i.id");
    sql::fetch_all(tx, sqlx::AssertSqlSafe(sql), &[]).await
}

/// The next version number of an item.
pub async fn next_version_no(tx: &mut Tx, item_id: i64) -> Result<i64> {
    let n: Option<i64> = sql::scalar(tx, "select max(version_no) from item_versions where item_id = $1", &[&item_id]).await?;
    Ok(n.unwrap_or(0) + 1)
}

pub async fn insert_version(
    tx: &mut Tx,
    item_id: i64,
    version_no: i64,
    f: &VersionFields<'_>,
    created_by: &str,
    now: Timestamp,
) -> Result<i64> {
    sql::scalar(
        tx,
        "insert into item_versions (item_id, version_no, status, name, item_type, online_depth, statutory_days, promised_days, content, \
         change_note, created_by, created_at, updated_at) values ($1, $2, 'draft', $3, $4, $5, $6, $7, $8, $9, $10, $11, $11) returning id",
        &[
            &item_id,
            &version_no,
            &f.name,
            &f.item_type,
            &f.online_depth,
            &f.statutory_days,
            &f.promised_days,
            &f.content,
            &f.change_note,
            &created_by,
            &now,
        ],
    )
    .await
}

/// Replaces a draft's content (the caller checks that it is a draft).
pub async fn update_version(tx: &mut Tx, id: i64, f: &VersionFields<'_>, now: Timestamp) -> Result<()> {
    let n = sql::execute(
        tx,
        "update item_versions set name = $1, item_type = $2, online_depth = $3, statutory_days = $4, promised_days = $5, content = $6, \
         change_note = $7, updated_at = $8 where id = $9",
        &[&f.name, &f.item_type, &f.online_depth, &f.statutory_days, &f.promised_days, &f.content, &f.change_note, &now, &id],
    )
    .await?;
    sql::found(n, "item version")
}

/// Moves a version to `status`, recording who did it in the matching column.
pub async fn set_version_status(tx: &mut Tx, id: i64, status: &str, by: &str, effective: Option<NaiveDate>, now: Timestamp) -> Result<()> {
    // The column to stamp depends on the step; each query names it statically.
    let sql: &'static str = match status {
        "submitted" => "update item_versions set status = $1, submitted_by = $2, effective_date = $3, updated_at = $4 where id = $5",
        "approved" => "update item_versions set status = $1, approved_by = $2, effective_date = $3, updated_at = $4 where id = $5",
        "published" => "update item_versions set status = $1, published_by = $2, effective_date = $3, updated_at = $4 where id = $5",
        _ => {
            // A return to draft clears the review trail, so the next submission starts afresh.
            let n = sql::execute(
                tx,
                "update item_versions set status = $1, submitted_by = null, approved_by = null, published_by = null, \
                 effective_date = $2, updated_at = $3 where id = $4",
                &[&status, &effective, &now, &id],
            )
            .await?;
            return sql::found(n, "item version");
        }
    };
    let n = sql::execute(tx, sql, &[&status, &by, &effective, &now, &id]).await?;
    sql::found(n, "item version")
}

pub async fn find_version(tx: &mut Tx, id: i64) -> Result<Option<VersionRow>> {
    let sql = format!("select {SUMMARY_COLS}, v.content from item_versions v where v.id = $1");
    sql::fetch_optional(tx, sqlx::AssertSqlSafe(sql), &[&id]).await
}

pub async fn get_version(tx: &mut Tx, id: i64) -> Result<VersionRow> {
    find_version(tx, id).await?.ok_or(StoreError::NotFound("item version"))
}

/// The versions of one item, newest first.
pub async fn list_item_versions(tx: &mut Tx, item_id: i64) -> Result<Vec<VersionSummaryRow>> {
    let sql = format!("select {SUMMARY_COLS} from item_versions v where v.item_id = $1 order by v.version_no desc");
    sql::fetch_all(tx, sqlx::AssertSqlSafe(sql), &[&item_id]).await
}

/// Every version without content, by item then number.
pub async fn list_version_summaries(tx: &mut Tx) -> Result<Vec<VersionSummaryRow>> {
    let sql = format!("select {SUMMARY_COLS} from item_versions v order by v.item_id, v.version_no");
    sql::fetch_all(tx, sqlx::AssertSqlSafe(sql), &[]).await
}

/// `(item id, online depth)` of each item's version in effect on `day` (as
/// [`list_current_versions`], without the content).
pub async fn current_depths(tx: &mut Tx, day: NaiveDate) -> Result<Vec<(i64, String)>> {
    sql::fetch_all(tx, "select v.item_id, v.online_depth from item_versions v where v.status = 'published' and v.effective_date <= $1 \
         and v.version_no = (select max(w.version_no) from item_versions w where w.item_id = v.item_id and w.status = 'published' and w.effective_date <= $1)", &[&day]).await
}

/// The version of each item in effect on `day`: the newest published one effective by then.
pub async fn list_current_versions(tx: &mut Tx, day: NaiveDate) -> Result<Vec<VersionRow>> {
    let sql = format!(
        "select {SUMMARY_COLS}, v.content from item_versions v where v.status = 'published' and v.effective_date <= $1 \
         and v.version_no = (select max(w.version_no) from item_versions w where w.item_id = v.item_id and w.status = 'published' and w.effective_date <= $1) \
         order by v.item_id"
    );
    sql::fetch_all(tx, sqlx::AssertSqlSafe(sql), &[&day]).await
}

/// The newest version of every item (any status), with content, by item.
pub async fn list_latest_versions(tx: &mut Tx) -> Result<Vec<VersionRow>> {
    let sql = format!(
        "select {SUMMARY_COLS}, v.content from item_versions v \
         where v.version_no = (select max(w.version_no) from item_versions w where w.item_id = v.item_id) order by v.item_id"
    );
    sql::fetch_all(tx, sqlx::AssertSqlSafe(sql), &[]).await
}

/// The version of one item in effect on `day`.
pub async fn find_current_version(tx: &mut Tx, item_id: i64, day: NaiveDate) -> Result<Option<VersionRow>> {
    let sql = format!(
        "select {SUMMARY_COLS}, v.content from item_versions v where v.item_id = $1 and v.status = 'published' and v.effective_date <= $2 \
         order by v.version_no desc limit 1"
    );
    sql::fetch_optional(tx, sqlx::AssertSqlSafe(sql), &[&item_id, &day]).await
}

/// The summary of the version in effect on `day` (the newest published one effective by then),
/// without its content, for callers that cache parsed contents by version id.
pub async fn find_current_summary(tx: &mut Tx, item_id: i64, day: NaiveDate) -> Result<Option<VersionSummaryRow>> {
    let sql = format!(
        "select {SUMMARY_COLS} from item_versions v where v.item_id = $1 and v.status = 'published' and v.effective_date <= $2 \
         order by v.version_no desc limit 1"
    );
    sql::fetch_optional(tx, sqlx::AssertSqlSafe(sql), &[&item_id, &day]).await
}

// ---------------------------------------------------------------- implementation and stationing

/// Records that a site implements an item: stationed (进驻) or on the negative list with a reason.
#[expect(clippy::too_many_arguments, reason = "one per column of the row")]
pub async fn upsert_item_site(
    tx: &mut Tx,
    item_id: i64,
    site_id: i64,
    org_unit_id: i64,
    stationed: bool,
    negative_reason: Option<&str>,
    negative_note: &str,
    now: Timestamp,
) -> Result<()> {
    sql::execute(tx, "insert into item_sites (item_id, site_id, org_unit_id, stationed, negative_reason, negative_note, updated_at) values ($1, $2, $3, $4, $5, $6, $7) \
         on conflict (item_id, site_id) do update set org_unit_id = excluded.org_unit_id, stationed = excluded.stationed, negative_reason = excluded.negative_reason, \
         negative_note = excluded.negative_note, updated_at = excluded.updated_at", &[&item_id, &site_id, &org_unit_id, &stationed, &negative_reason, &negative_note, &now]).await?;
    Ok(())
}

/// The site no longer implements the item.
pub async fn delete_item_site(tx: &mut Tx, item_id: i64, site_id: i64) -> Result<()> {
    sql::execute(tx, "delete from item_sites where item_id = $1 and site_id = $2", &[&item_id, &site_id]).await?;
    Ok(())
}

const ITEM_SITE_SELECT: &str = "select x.item_id, x.site_id, x.org_unit_id, x.stationed, x.negative_reason, x.negative_note, s.name as site_name \
     from item_sites x join sites s on s.id = x.site_id";

/// Where one item is implemented.
pub async fn list_item_sites(tx: &mut Tx, item_id: i64) -> Result<Vec<ItemSiteRow>> {
    let sql = format!("{ITEM_SITE_SELECT} where x.item_id = $1 order by x.site_id");
    sql::fetch_all(tx, sqlx::AssertSqlSafe(sql), &[&item_id]).await
}

/// Every implementation record.
pub async fn list_all_item_sites(tx: &mut Tx) -> Result<Vec<ItemSiteRow>> {
    let sql = format!("{ITEM_SITE_SELECT} order by x.site_id, x.item_id");
    sql::fetch_all(tx, sqlx::AssertSqlSafe(sql), &[]).await
}

/// A window that may accept an item, and whether it is through its departments or explicitly.
#[derive(Debug, Clone, sqlx::FromRow, serde::Serialize)]
pub struct ItemWindowRow {
    pub window_id: i64,
    pub site_id: i64,
    pub site_name: String,
    pub number: String,
    pub name: String,
    pub kind: String,
    pub org_path: String,
    /// True when the window acts for the item's department; false when authorised one by one.
    pub via_department: bool,
}

/// Window `w` acts for the department of item `$1`.
const VIA_DEPARTMENT: &str = "exists (select 1 from window_departments wd join items i on i.department_id = wd.department_id where wd.window_id = w.id and i.id = $1)";
/// Window `w` is authorised for item `$1` one by one.
const VIA_ITEM: &str = "exists (select 1 from window_items wi where wi.window_id = w.id and wi.item_id = $1)";

/// Every active window that may accept an item: those acting for its department, and those
/// explicitly authorised for it.
pub async fn list_item_windows(tx: &mut Tx, item_id: i64) -> Result<Vec<ItemWindowRow>> {
    let sql = format!(
        "select w.id as window_id, w.site_id, s.name as site_name, w.number, w.name, w.kind, o.path as org_path, \
         {VIA_DEPARTMENT} as via_department \
         from windows w join sites s on s.id = w.site_id join org_units o on o.id = w.org_unit_id \
         where w.active and ({VIA_DEPARTMENT} or {VIA_ITEM}) \
         order by length(o.path), s.name, length(w.number), w.number"
    );
    sql::fetch_all(tx, sqlx::AssertSqlSafe(sql), &[&item_id]).await
}

/// Whether an active window may accept an item (by its department or one by one).
pub async fn window_accepts(tx: &mut Tx, window_id: i64, item_id: i64) -> Result<bool> {
    let sql = format!("select count(*) from windows w where w.id = $2 and w.active and ({VIA_DEPARTMENT} or {VIA_ITEM})");
    let n: i64 = sql::scalar(tx, sqlx::AssertSqlSafe(sql), &[&item_id, &window_id]).await?;
    Ok(n > 0)
}

/// Authorises one window for one item explicitly, or withdraws that authorisation.
pub async fn set_window_item(tx: &mut Tx, window_id: i64, item_id: i64, authorised: bool) -> Result<()> {
    if authorised {
        sql::execute(tx, "insert into window_items (window_id, item_id) values ($1, $2) on conflict do nothing", &[&window_id, &item_id])
            .await?;
    } else {
        sql::execute(tx, "delete from window_items where window_id = $1 and item_id = $2", &[&window_id, &item_id]).await?;
    }
    Ok(())
}

/// Replaces the items a window is explicitly authorised for (beyond its departments' items).
pub async fn set_window_items(tx: &mut Tx, window_id: i64, item_ids: &[i64]) -> Result<()> {
    sql::execute(tx, "delete from window_items where window_id = $1", &[&window_id]).await?;
    for i in item_ids {
        sql::execute(tx, "insert into window_items (window_id, item_id) values ($1, $2) on conflict do nothing", &[&window_id, &i]).await?;
    }
    Ok(())
}

/// The items a window is explicitly authorised for.
pub async fn list_window_items(tx: &mut Tx, window_id: i64) -> Result<Vec<i64>> {
    sql::scalars(tx, "select item_id from window_items where window_id = $1 order by item_id", &[&window_id]).await
}
