//! Organisation records (R0, R5, R6): org units, departments, sites, zones, windows, staff and
//! today's seating. Lists are filtered by org-path scope so a town's staff see only their town.

use chrono::NaiveDate;
use sqlx::AssertSqlSafe;

use crate::sql::{self, Col};
use crate::{Result, StoreError, Timestamp, Tx};

/// The org subtrees a query may see: `All` for system work, else materialised-path prefixes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    All,
    Paths(Vec<String>),
}

impl Scope {
    /// A SQL condition on `col` (an org path column) with params numbered from `first`, and the
    /// LIKE patterns to bind in order. Paths hold only digits and `/`, so no escaping is needed.
    pub(crate) fn condition(&self, col: &str, first: usize) -> (String, Vec<String>) {
        match self {
            Scope::All => ("1 = 1".to_owned(), vec![]),
            Scope::Paths(p) if p.is_empty() => ("1 = 0".to_owned(), vec![]),
            Scope::Paths(p) => {
                let conds: Vec<String> = (0..p.len()).map(|i| format!("{col} like ${}", first + i)).collect();
                (format!("({})", conds.join(" or ")), p.iter().map(|x| format!("{x}%")).collect())
            }
        }
    }
}

#[derive(Debug, Clone, sqlx::FromRow, serde::Serialize)]
pub struct OrgUnitRow {
    pub id: i64,
    pub parent_id: Option<i64>,
    pub code: String,
    pub name: String,
    pub level: String,
    pub path: String,
    pub sort_order: i64,
}

#[derive(Debug, Clone, sqlx::FromRow, serde::Serialize)]
pub struct DepartmentRow {
    pub id: i64,
    pub org_unit_id: i64,
    pub code: String,
    pub name: String,
    pub short_name: String,
    pub phone: Option<String>,
    pub active: bool,
}

#[derive(Debug, Clone, sqlx::FromRow, serde::Serialize)]
pub struct SiteRow {
    pub id: i64,
    pub org_unit_id: i64,
    pub name: String,
    pub kind: String,
    pub address: String,
    pub phone: Option<String>,
    pub hours_weekday: String,
    pub hours_weekend: String,
    pub active: bool,
    pub org_path: String,
    pub org_name: String,
    /// The name in traditional Mongolian script, when entered.
    #[sqlx(default)]
    pub name_mn: Option<String>,
}

#[derive(Debug, Clone, sqlx::FromRow, serde::Serialize)]
pub struct ZoneRow {
    pub id: i64,
    pub site_id: i64,
    pub org_unit_id: i64,
    pub name: String,
    pub kind: String,
    pub floor: Option<String>,
    pub sort_order: i64,
}

#[derive(Debug, Clone, sqlx::FromRow, serde::Serialize)]
pub struct WindowRow {
    pub id: i64,
    pub site_id: i64,
    pub org_unit_id: i64,
    pub zone_id: i64,
    pub number: String,
    pub name: String,
    pub kind: String,
    pub active: bool,
    pub zone_name: String,
    pub site_name: String,
    pub org_path: String,
    /// The name in traditional Mongolian script, when entered.
    #[sqlx(default)]
    pub name_mn: Option<String>,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct StaffRow {
    pub id: i64,
    pub org_unit_id: i64,
    pub department_id: i64,
    pub name: String,
    pub photo_sha256: Option<String>,
    pub stationed_since: NaiveDate,
    pub grade: String,
    pub phone_enc: Vec<u8>,
    pub phone_masked: String,
    pub active: bool,
    pub department_name: String,
    pub org_name: String,
    pub org_path: String,
}

#[derive(Debug, Clone, sqlx::FromRow, serde::Serialize)]
pub struct SeatRow {
    pub day: NaiveDate,
    pub staff_id: i64,
    pub window_id: i64,
    pub site_id: i64,
    pub staff_name: String,
    pub window_number: String,
}

/// A window's department link, with the department's short name.
#[derive(Debug, Clone, sqlx::FromRow, serde::Serialize)]
pub struct WindowDeptRow {
    pub window_id: i64,
    pub department_id: i64,
    pub short_name: String,
}

// ---------------------------------------------------------------- org units

/// Inserts an org unit below `parent` (whose path is given), computing its materialised path.
pub async fn insert_org_unit(
    tx: &mut Tx,
    parent: Option<(i64, &str)>,
    code: &str,
    name: &str,
    level: &str,
    sort_order: i64,
    now: Timestamp,
) -> Result<OrgUnitRow> {
    let id: i64 = sql::scalar(
        tx,
        "insert into org_units (parent_id, code, name, level, path, sort_order, created_at, updated_at) \
         values ($1, $2, $3, $4, '', $5, $6, $6) returning id",
        &[&parent.map(|p| p.0), &code, &name, &level, &sort_order, &now],
    )
    .await?;
    let path = match parent {
        Some((_, pp)) => format!("{pp}{id}/"),
        None => format!("/{id}/"),
    };
    sql::execute(tx, "update org_units set path = $1 where id = $2", &[&path, &id]).await?;
    get_org_unit(tx, id).await
}

pub async fn update_org_unit(tx: &mut Tx, id: i64, code: &str, name: &str, sort_order: i64, now: Timestamp) -> Result<()> {
    let n = sql::execute(
        tx,
        "update org_units set code = $1, name = $2, sort_order = $3, updated_at = $4 where id = $5",
        &[&code, &name, &sort_order, &now, &id],
    )
    .await?;
    sql::found(n, "org unit")
}

pub async fn find_org_unit(tx: &mut Tx, id: i64) -> Result<Option<OrgUnitRow>> {
    sql::fetch_optional(tx, "select id, parent_id, code, name, level, path, sort_order from org_units where id = $1", &[&id]).await
}

pub async fn get_org_unit(tx: &mut Tx, id: i64) -> Result<OrgUnitRow> {
    find_org_unit(tx, id).await?.ok_or(StoreError::NotFound("org unit"))
}

pub async fn find_org_unit_by_code(tx: &mut Tx, code: &str) -> Result<Option<OrgUnitRow>> {
    sql::fetch_optional(tx, "select id, parent_id, code, name, level, path, sort_order from org_units where code = $1", &[&code]).await
}

/// Org units in scope, parents before children, siblings by sort order then id.
pub async fn list_org_units(tx: &mut Tx, scope: &Scope) -> Result<Vec<OrgUnitRow>> {
    let (cond, binds) = scope.condition("path", 1);
    let sql = format!(
        "select id, parent_id, code, name, level, path, sort_order from org_units where {cond} order by length(path), sort_order, id"
    );
    let mut rows: Vec<OrgUnitRow> = sql::fetch_scoped(tx, sql, &[], &binds).await?;
    // Ancestors outside the scope still decide the order of their visible descendants.
    let order: Vec<(i64, i64)> = sql::fetch_all(tx, "select id, sort_order from org_units", &[]).await?;
    sort_tree(&mut rows, &order.into_iter().collect());
    Ok(rows)
}

/// Orders rows depth-first so that each unit is followed by its subtree (siblings by sort order).
fn sort_tree(rows: &mut [OrgUnitRow], order: &std::collections::HashMap<i64, i64>) {
    rows.sort_by_cached_key(|r| {
        r.path.split('/').filter_map(|s| s.parse::<i64>().ok()).map(|id| (order.get(&id).copied().unwrap_or(0), id)).collect::<Vec<_>>()
    });
}

/// How many records refer to an org unit (children, sites, staff, users); 0 means it may be removed.
pub async fn count_org_unit_uses(tx: &mut Tx, id: i64) -> Result<i64> {
    sql::scalar(
        tx,
        "select (select count(*) from org_units where parent_id = $1) + (select count(*) from sites where org_unit_id = $1) \
         + (select count(*) from staff where org_unit_id = $1) + (select count(*) from users where org_unit_id = $1)",
        &[&id],
    )
    .await
}

pub async fn delete_org_unit(tx: &mut Tx, id: i64) -> Result<()> {
    sql::execute(tx, "delete from org_units where id = $1", &[&id]).await?;
    Ok(())
}

// ---------------------------------------------------------------- departments

/// The fields of a department as entered.
#[derive(Debug, Clone)]
pub struct DepartmentFields<'a> {
    pub org_unit_id: i64,
    pub code: &'a str,
    pub name: &'a str,
    pub short_name: &'a str,
    pub phone: Option<&'a str>,
    pub active: bool,
}

impl DepartmentFields<'_> {
    /// The columns both the insert and the update write.
    fn cols(&self) -> [Col<'_>; 5] {
        [("code", &self.code), ("name", &self.name), ("short_name", &self.short_name), ("phone", &self.phone), ("active", &self.active)]
    }
}

pub async fn insert_department(tx: &mut Tx, f: &DepartmentFields<'_>, now: Timestamp) -> Result<DepartmentRow> {
    let id = sql::insert_stamped(tx, "departments", &[("org_unit_id", &f.org_unit_id)], &f.cols(), now).await?;
    get_department(tx, id).await
}

pub async fn update_department(tx: &mut Tx, id: i64, f: &DepartmentFields<'_>, now: Timestamp) -> Result<()> {
    sql::update_stamped(tx, "departments", id, &f.cols(), now, "department").await
}

pub async fn find_department(tx: &mut Tx, id: i64) -> Result<Option<DepartmentRow>> {
    sql::fetch_optional(tx, "select id, org_unit_id, code, name, short_name, phone, active from departments where id = $1", &[&id]).await
}

pub async fn get_department(tx: &mut Tx, id: i64) -> Result<DepartmentRow> {
    find_department(tx, id).await?.ok_or(StoreError::NotFound("department"))
}

pub async fn find_department_by_code(tx: &mut Tx, code: &str) -> Result<Option<DepartmentRow>> {
    sql::fetch_optional(tx, "select id, org_unit_id, code, name, short_name, phone, active from departments where code = $1", &[&code])
        .await
}

/// Every department, by code. Departments are banner-wide and visible to all staff.
pub async fn list_departments(tx: &mut Tx) -> Result<Vec<DepartmentRow>> {
    sql::fetch_all(tx, "select id, org_unit_id, code, name, short_name, phone, active from departments order by code", &[]).await
}

// ---------------------------------------------------------------- sites

/// The fields of a site as entered.
#[derive(Debug, Clone)]
pub struct SiteFields<'a> {
    pub org_unit_id: i64,
    pub name: &'a str,
    pub kind: &'a str,
    pub address: &'a str,
    pub phone: Option<&'a str>,
    pub hours_weekday: &'a str,
    pub hours_weekend: &'a str,
    pub active: bool,
}

impl SiteFields<'_> {
    /// The columns both the insert and the update write.
    fn cols(&self) -> [Col<'_>; 8] {
        [
            ("org_unit_id", &self.org_unit_id),
            ("name", &self.name),
            ("kind", &self.kind),
            ("address", &self.address),
            ("phone", &self.phone),
            ("hours_weekday", &self.hours_weekday),
            ("hours_weekend", &self.hours_weekend),
            ("active", &self.active),
        ]
    }
}

const SITE_SELECT: &str = "select s.id, s.org_unit_id, s.name, s.kind, s.address, s.phone, s.hours_weekday, s.hours_weekend, s.active, \
     o.path as org_path, o.name as org_name, s.name_mn from sites s join org_units o on o.id = s.org_unit_id";

pub async fn insert_site(tx: &mut Tx, f: &SiteFields<'_>, now: Timestamp) -> Result<SiteRow> {
    let id = sql::insert_stamped(tx, "sites", &[], &f.cols(), now).await?;
    get_site(tx, id).await
}

pub async fn update_site(tx: &mut Tx, id: i64, f: &SiteFields<'_>, now: Timestamp) -> Result<()> {
    sql::update_stamped(tx, "sites", id, &f.cols(), now, "site").await
}

pub async fn find_site(tx: &mut Tx, id: i64) -> Result<Option<SiteRow>> {
    let sql = format!("{SITE_SELECT} where s.id = $1");
    sql::fetch_optional(tx, AssertSqlSafe(sql), &[&id]).await
}

pub async fn get_site(tx: &mut Tx, id: i64) -> Result<SiteRow> {
    find_site(tx, id).await?.ok_or(StoreError::NotFound("site"))
}

/// Sites in scope, banner centre first, then by org path and name.
pub async fn list_sites(tx: &mut Tx, scope: &Scope) -> Result<Vec<SiteRow>> {
    let (cond, binds) = scope.condition("o.path", 1);
    let sql = format!("{SITE_SELECT} where {cond} order by length(o.path), o.path, s.name");
    sql::fetch_scoped(tx, sql, &[], &binds).await
}

// ---------------------------------------------------------------- zones

/// The fields of a zone as entered.
#[derive(Debug, Clone)]
pub struct ZoneFields<'a> {
    pub name: &'a str,
    pub kind: &'a str,
    pub floor: Option<&'a str>,
    pub sort_order: i64,
}

impl ZoneFields<'_> {
    /// The columns both the insert and the update write.
    fn cols(&self) -> [Col<'_>; 4] {
        [("name", &self.name), ("kind", &self.kind), ("floor", &self.floor), ("sort_order", &self.sort_order)]
    }
}

pub async fn insert_zone(tx: &mut Tx, site_id: i64, org_unit_id: i64, f: &ZoneFields<'_>, now: Timestamp) -> Result<ZoneRow> {
    let id = sql::insert_stamped(tx, "zones", &[("site_id", &site_id), ("org_unit_id", &org_unit_id)], &f.cols(), now).await?;
    get_zone(tx, id).await
}

pub async fn update_zone(tx: &mut Tx, id: i64, f: &ZoneFields<'_>, now: Timestamp) -> Result<()> {
    sql::update_stamped(tx, "zones", id, &f.cols(), now, "zone").await
}

pub async fn find_zone(tx: &mut Tx, id: i64) -> Result<Option<ZoneRow>> {
    sql::fetch_optional(tx, "select id, site_id, org_unit_id, name, kind, floor, sort_order from zones where id = $1", &[&id]).await
}

pub async fn get_zone(tx: &mut Tx, id: i64) -> Result<ZoneRow> {
    find_zone(tx, id).await?.ok_or(StoreError::NotFound("zone"))
}

pub async fn list_zones(tx: &mut Tx, site_id: i64) -> Result<Vec<ZoneRow>> {
    sql::fetch_all(
        tx,
        "select id, site_id, org_unit_id, name, kind, floor, sort_order from zones where site_id = $1 order by sort_order, id",
        &[&site_id],
    )
    .await
}

pub async fn count_zone_windows(tx: &mut Tx, zone_id: i64) -> Result<i64> {
    sql::scalar(tx, "select count(*) from windows where zone_id = $1", &[&zone_id]).await
}

pub async fn delete_zone(tx: &mut Tx, id: i64) -> Result<()> {
    sql::execute(tx, "delete from zones where id = $1", &[&id]).await?;
    Ok(())
}

// ---------------------------------------------------------------- windows

/// The fields of a window as entered.
#[derive(Debug, Clone)]
pub struct WindowFields<'a> {
    pub zone_id: i64,
    pub number: &'a str,
    pub name: &'a str,
    pub kind: &'a str,
    pub active: bool,
}

impl WindowFields<'_> {
    /// The columns both the insert and the update write.
    fn cols(&self) -> [Col<'_>; 5] {
        [("zone_id", &self.zone_id), ("number", &self.number), ("name", &self.name), ("kind", &self.kind), ("active", &self.active)]
    }
}

const WINDOW_SELECT: &str = "select w.id, w.site_id, w.org_unit_id, w.zone_id, w.number, w.name, w.kind, w.active, \
     z.name as zone_name, s.name as site_name, o.path as org_path, w.name_mn \
     from windows w join zones z on z.id = w.zone_id join sites s on s.id = w.site_id join org_units o on o.id = w.org_unit_id";

pub async fn insert_window(tx: &mut Tx, site_id: i64, org_unit_id: i64, f: &WindowFields<'_>, now: Timestamp) -> Result<WindowRow> {
    let id = sql::insert_stamped(tx, "windows", &[("site_id", &site_id), ("org_unit_id", &org_unit_id)], &f.cols(), now).await?;
    get_window(tx, id).await
}

pub async fn update_window(tx: &mut Tx, id: i64, f: &WindowFields<'_>, now: Timestamp) -> Result<()> {
    sql::update_stamped(tx, "windows", id, &f.cols(), now, "window").await
}

pub async fn find_window(tx: &mut Tx, id: i64) -> Result<Option<WindowRow>> {
    let sql = format!("{WINDOW_SELECT} where w.id = $1");
    sql::fetch_optional(tx, AssertSqlSafe(sql), &[&id]).await
}

pub async fn get_window(tx: &mut Tx, id: i64) -> Result<WindowRow> {
    find_window(tx, id).await?.ok_or(StoreError::NotFound("window"))
}

/// Windows of a site by zone order, then number (numerically where numbers are numeric).
pub async fn list_site_windows(tx: &mut Tx, site_id: i64) -> Result<Vec<WindowRow>> {
    let sql = format!("{WINDOW_SELECT} where w.site_id = $1 order by z.sort_order, z.id, length(w.number), w.number");
    sql::fetch_all(tx, AssertSqlSafe(sql), &[&site_id]).await
}

/// Windows in scope, a page at a time by id.
pub async fn list_windows(tx: &mut Tx, scope: &Scope, after_id: i64, limit: i64) -> Result<Vec<WindowRow>> {
    let (cond, binds) = scope.condition("o.path", 3);
    let sql = format!("{WINDOW_SELECT} where w.id > $1 and {cond} order by w.id limit $2");
    sql::fetch_scoped(tx, sql, &[&after_id, &limit], &binds).await
}

/// Replaces the departments a window acts for.
pub async fn set_window_departments(tx: &mut Tx, window_id: i64, department_ids: &[i64]) -> Result<()> {
    sql::execute(tx, "delete from window_departments where window_id = $1", &[&window_id]).await?;
    for d in department_ids {
        sql::execute(
            tx,
            "insert into window_departments (window_id, department_id) values ($1, $2) on conflict do nothing",
            &[&window_id, &d],
        )
        .await?;
    }
    Ok(())
}

/// The department links of every window of a site.
pub async fn list_site_window_departments(tx: &mut Tx, site_id: i64) -> Result<Vec<WindowDeptRow>> {
    sql::fetch_all(
        tx,
        "select wd.window_id, wd.department_id, d.short_name from window_departments wd \
         join windows w on w.id = wd.window_id join departments d on d.id = wd.department_id \
         where w.site_id = $1 order by wd.window_id, d.code",
        &[&site_id],
    )
    .await
}

/// The department ids one window acts for.
pub async fn list_window_department_ids(tx: &mut Tx, window_id: i64) -> Result<Vec<i64>> {
    sql::scalars(tx, "select department_id from window_departments where window_id = $1 order by department_id", &[&window_id]).await
}

// ---------------------------------------------------------------- staff

/// The fields of a staff record as stored (phone already encrypted by the caller).
#[derive(Debug, Clone)]
pub struct StaffFields<'a> {
    pub org_unit_id: i64,
    pub department_id: i64,
    pub name: &'a str,
    pub stationed_since: NaiveDate,
    pub grade: &'a str,
    pub phone_enc: &'a [u8],
    pub phone_hash: &'a str,
    pub phone_masked: &'a str,
    pub active: bool,
}

impl StaffFields<'_> {
    /// The columns both the insert and the update write.
    fn cols(&self) -> [Col<'_>; 9] {
        [
            ("org_unit_id", &self.org_unit_id),
            ("department_id", &self.department_id),
            ("name", &self.name),
            ("stationed_since", &self.stationed_since),
            ("grade", &self.grade),
            ("phone_enc", &self.phone_enc),
            ("phone_hash", &self.phone_hash),
            ("phone_masked", &self.phone_masked),
            ("active", &self.active),
        ]
    }
}

const STAFF_SELECT: &str = "select st.id, st.org_unit_id, st.department_id, st.name, st.photo_sha256, st.stationed_since, st.grade, \
     st.phone_enc, st.phone_masked, st.active, d.short_name as department_name, o.name as org_name, o.path as org_path \
     from staff st join departments d on d.id = st.department_id join org_units o on o.id = st.org_unit_id";

pub async fn insert_staff(tx: &mut Tx, f: &StaffFields<'_>, now: Timestamp) -> Result<StaffRow> {
    let id = sql::insert_stamped(tx, "staff", &[], &f.cols(), now).await?;
    get_staff(tx, id).await
}

pub async fn update_staff(tx: &mut Tx, id: i64, f: &StaffFields<'_>, now: Timestamp) -> Result<()> {
    sql::update_stamped(tx, "staff", id, &f.cols(), now, "staff").await
}

pub async fn set_staff_photo(tx: &mut Tx, id: i64, sha: &str, now: Timestamp) -> Result<()> {
    sql::execute(tx, "update staff set photo_sha256 = $1, updated_at = $2 where id = $3", &[&sha, &now, &id]).await?;
    Ok(())
}

pub async fn find_staff(tx: &mut Tx, id: i64) -> Result<Option<StaffRow>> {
    let sql = format!("{STAFF_SELECT} where st.id = $1");
    sql::fetch_optional(tx, AssertSqlSafe(sql), &[&id]).await
}

pub async fn get_staff(tx: &mut Tx, id: i64) -> Result<StaffRow> {
    find_staff(tx, id).await?.ok_or(StoreError::NotFound("staff"))
}

/// Staff in scope (by home org unit), a page at a time by id, optionally only one department.
pub async fn list_staff(tx: &mut Tx, scope: &Scope, department_id: Option<i64>, after_id: i64, limit: i64) -> Result<Vec<StaffRow>> {
    let (cond, binds) = scope.condition("o.path", 4);
    let sql = format!("{STAFF_SELECT} where st.id > $1 and ($2 is null or st.department_id = $2) and {cond} order by st.id limit $3");
    sql::fetch_scoped(tx, sql, &[&after_id, &department_id, &limit], &binds).await
}

/// Staff whose phone has this blind index.
pub async fn find_staff_by_phone_hash(tx: &mut Tx, hash: &str) -> Result<Vec<i64>> {
    sql::scalars(tx, "select id from staff where phone_hash = $1", &[&hash]).await
}

// ---------------------------------------------------------------- seats

/// Seats `staff_id` at `window_id` on `day`, replacing whoever sat there and wherever they sat.
pub async fn seat_staff(tx: &mut Tx, day: NaiveDate, staff_id: i64, window: &WindowRow, now: Timestamp) -> Result<()> {
    sql::execute(tx, "delete from staff_seats where day = $1 and (staff_id = $2 or window_id = $3)", &[&day, &staff_id, &window.id])
        .await?;
    sql::execute(
        tx,
        "insert into staff_seats (day, staff_id, window_id, site_id, org_unit_id, created_at) values ($1, $2, $3, $4, $5, $6)",
        &[&day, &staff_id, &window.id, &window.site_id, &window.org_unit_id, &now],
    )
    .await?;
    Ok(())
}

/// Leaves a window empty on `day`.
pub async fn unseat_window(tx: &mut Tx, day: NaiveDate, window_id: i64) -> Result<()> {
    sql::execute(tx, "delete from staff_seats where day = $1 and window_id = $2", &[&day, &window_id]).await?;
    Ok(())
}

const SEAT_SELECT: &str = "select se.day, se.staff_id, se.window_id, se.site_id, st.name as staff_name, w.number as window_number \
     from staff_seats se join staff st on st.id = se.staff_id join windows w on w.id = se.window_id";

/// Who sits where in a site on `day`.
pub async fn list_site_seats(tx: &mut Tx, site_id: i64, day: NaiveDate) -> Result<Vec<SeatRow>> {
    let sql = format!("{SEAT_SELECT} where se.site_id = $1 and se.day = $2 order by w.number");
    sql::fetch_all(tx, AssertSqlSafe(sql), &[&site_id, &day]).await
}

/// Where a staff member sits on `day`, if anywhere.
pub async fn find_staff_seat(tx: &mut Tx, staff_id: i64, day: NaiveDate) -> Result<Option<SeatRow>> {
    let sql = format!("{SEAT_SELECT} where se.staff_id = $1 and se.day = $2");
    sql::fetch_optional(tx, AssertSqlSafe(sql), &[&staff_id, &day]).await
}
