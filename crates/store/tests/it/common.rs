//! Builders shared by the store tests: small org networks written straight through the store.

use chrono::NaiveDate;
use store::Timestamp;
use store::accounts::{UserFields, UserRow};
use store::crypto::Cipher;
use store::org::{
    DepartmentFields, DepartmentRow, OrgUnitRow, SiteFields, SiteRow, StaffFields, StaffRow, WindowFields, WindowRow, ZoneFields, ZoneRow,
};
use store::{Db, Tx};

/// The instant every test writes at.
pub fn now() -> Timestamp {
    testkit::test_now()
}

/// The business day of [`now`] in Asia/Shanghai.
pub fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 3, 2).unwrap()
}

pub fn cipher() -> Cipher {
    Cipher::new(&[7u8; 32])
}

pub async fn org_unit(tx: &mut Tx, parent: Option<&OrgUnitRow>, code: &str, name: &str, level: &str, sort_order: i64) -> OrgUnitRow {
    store::org::insert_org_unit(tx, parent.map(|p| (p.id, p.path.as_str())), code, name, level, sort_order, now()).await.unwrap()
}

pub async fn department(tx: &mut Tx, org_unit_id: i64, code: &str, name: &str, short_name: &str) -> DepartmentRow {
    let f = DepartmentFields { org_unit_id, code, name, short_name, phone: Some("0477-7561234"), active: true };
    store::org::insert_department(tx, &f, now()).await.unwrap()
}

pub fn site_fields<'a>(org_unit_id: i64, name: &'a str, kind: &'a str) -> SiteFields<'a> {
    SiteFields {
        org_unit_id,
        name,
        kind,
        address: "嘎鲁图镇团结路 1 号",
        phone: Some("0477-7560000"),
        hours_weekday: "09:00-12:00,13:30-17:30",
        hours_weekend: "",
        active: true,
    }
}

pub async fn site(tx: &mut Tx, unit: &OrgUnitRow, name: &str, kind: &str) -> SiteRow {
    store::org::insert_site(tx, &site_fields(unit.id, name, kind), now()).await.unwrap()
}

pub async fn zone(tx: &mut Tx, site: &SiteRow, name: &str, sort_order: i64) -> ZoneRow {
    let f = ZoneFields { name, kind: "comprehensive", floor: Some("1"), sort_order };
    store::org::insert_zone(tx, site.id, site.org_unit_id, &f, now()).await.unwrap()
}

pub async fn window(tx: &mut Tx, site: &SiteRow, zone: &ZoneRow, number: &str) -> WindowRow {
    let name = format!("{number} 号窗口");
    let f = WindowFields { zone_id: zone.id, number, name: &name, kind: "comprehensive", active: true };
    store::org::insert_window(tx, site.id, site.org_unit_id, &f, now()).await.unwrap()
}

/// The stored form of a phone number: ciphertext, blind index and masked text.
pub fn phone_parts(phone: &str) -> (Vec<u8>, String, String) {
    let c = cipher();
    (c.encrypt(phone), c.blind_index("phone", phone), format!("{}****{}", &phone[..3], &phone[7..]))
}

pub async fn staff(tx: &mut Tx, unit: &OrgUnitRow, dept: &DepartmentRow, name: &str, phone: &str) -> StaffRow {
    let (enc, hash, masked) = phone_parts(phone);
    let f = StaffFields {
        org_unit_id: unit.id,
        department_id: dept.id,
        name,
        stationed_since: NaiveDate::from_ymd_opt(2024, 3, 1).unwrap(),
        grade: "junior",
        phone_enc: &enc,
        phone_hash: &hash,
        phone_masked: &masked,
        active: true,
    };
    store::org::insert_staff(tx, &f, now()).await.unwrap()
}

pub async fn user(tx: &mut Tx, unit: &OrgUnitRow, username: &str, staff_id: Option<i64>) -> UserRow {
    let f = UserFields { username, name: "测试用户", staff_id, org_unit_id: unit.id, active: true };
    store::accounts::insert_user(tx, &f, "$argon2id$not-a-real-hash", now()).await.unwrap()
}

/// A small network: a banner with two towns (A before B), a village in A, two departments, a
/// centre at the banner and a town centre in each town, each town centre with one zone, one
/// window numbered "1" and one staff member.
#[derive(Debug, Clone)]
pub struct Net {
    pub banner: OrgUnitRow,
    pub town_a: OrgUnitRow,
    pub town_b: OrgUnitRow,
    pub village_a: OrgUnitRow,
    pub dept_x: DepartmentRow,
    pub dept_y: DepartmentRow,
    pub centre: SiteRow,
    pub site_a: SiteRow,
    pub site_b: SiteRow,
    pub zone_a: ZoneRow,
    pub zone_b: ZoneRow,
    pub window_a: WindowRow,
    pub window_b: WindowRow,
    pub staff_a: StaffRow,
    pub staff_b: StaffRow,
}

pub async fn net(db: &Db) -> Net {
    let mut tx = db.begin().await.unwrap();
    let banner = org_unit(&mut tx, None, "150626000", "乌审旗", "banner", 0).await;
    let town_a = org_unit(&mut tx, Some(&banner), "150626100", "嘎鲁图镇", "town", 1).await;
    let town_b = org_unit(&mut tx, Some(&banner), "150626101", "乌审召镇", "town", 2).await;
    let village_a = org_unit(&mut tx, Some(&town_a), "150626100201", "巴音温都尔嘎查", "village", 1).await;
    let dept_x = department(&mut tx, banner.id, "rsj", "乌审旗人力资源和社会保障局", "人社").await;
    let dept_y = department(&mut tx, banner.id, "scjgj", "乌审旗市场监督管理局", "市场监管").await;
    let centre = site(&mut tx, &banner, "乌审旗政务服务中心", "centre").await;
    let site_a = site(&mut tx, &town_a, "嘎鲁图镇便民服务中心", "town_centre").await;
    let site_b = site(&mut tx, &town_b, "乌审召镇便民服务中心", "town_centre").await;
    let zone_a = zone(&mut tx, &site_a, "综合受理区", 0).await;
    let zone_b = zone(&mut tx, &site_b, "综合受理区", 0).await;
    let window_a = window(&mut tx, &site_a, &zone_a, "1").await;
    let window_b = window(&mut tx, &site_b, &zone_b, "1").await;
    let staff_a = staff(&mut tx, &town_a, &dept_x, "张三", "13912345678").await;
    let staff_b = staff(&mut tx, &town_b, &dept_y, "李四", "13887654321").await;
    tx.commit().await.unwrap();
    Net { banner, town_a, town_b, village_a, dept_x, dept_y, centre, site_a, site_b, zone_a, zone_b, window_a, window_b, staff_a, staff_b }
}

/// A banner with 33 towns, so that town 3's path `/1/3/` is a string prefix of the text of
/// town 33's path `/1/33/` without covering it. Returns (banner, town 3, town 33).
pub async fn look_alike_towns(db: &Db) -> (OrgUnitRow, OrgUnitRow, OrgUnitRow) {
    let mut tx = db.begin().await.unwrap();
    let banner = org_unit(&mut tx, None, "150626000", "乌审旗", "banner", 0).await;
    let mut towns = Vec::new();
    for i in 2..=33 {
        towns.push(org_unit(&mut tx, Some(&banner), &format!("1506261{i:02}"), &format!("第{i}镇"), "town", i).await);
    }
    tx.commit().await.unwrap();
    let t3 = towns.iter().find(|t| t.id == 3).cloned().unwrap();
    let t33 = towns.iter().find(|t| t.id == 33).cloned().unwrap();
    assert_eq!((banner.path.as_str(), t3.path.as_str(), t33.path.as_str()), ("/1/", "/1/3/", "/1/33/"), "a fresh database numbers from 1");
    (banner, t3, t33)
}

/// Runs one raw statement on whichever backend `db` is (for tampering and counting).
pub async fn exec(db: &Db, sql: &'static str) -> u64 {
    match db {
        Db::Sqlite(p) => sqlx::query(sql).execute(&p.write).await.unwrap().rows_affected(),
        Db::Postgres(p) => sqlx::query(sql).execute(p).await.unwrap().rows_affected(),
    }
}

/// Runs one raw `select count(*) …` on whichever backend `db` is.
pub async fn count(db: &Db, sql: &'static str) -> i64 {
    match db {
        Db::Sqlite(p) => sqlx::query_scalar(sql).fetch_one(&p.read).await.unwrap(),
        Db::Postgres(p) => sqlx::query_scalar(sql).fetch_one(p).await.unwrap(),
    }
}

/// A date in the calendar the tests use.
pub fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// The searchable fields of an item version named `name`, with `content` as its JSON.
pub fn version_fields<'a>(name: &'a str, content: &'a str) -> store::catalog::VersionFields<'a> {
    store::catalog::VersionFields {
        name,
        item_type: "administrative_licensing",
        online_depth: "full",
        statutory_days: 20,
        promised_days: 5,
        content,
        change_note: "",
    }
}

/// An item of `dept`'s at `unit` with one draft version named `name`; returns (item id, version id).
pub async fn item(tx: &mut Tx, unit: &OrgUnitRow, dept: &DepartmentRow, basic_code: &str, name: &str) -> (i64, i64) {
    let id = store::catalog::insert_item(tx, unit.id, basic_code, dept.id, now()).await.unwrap();
    let v = store::catalog::insert_version(tx, id, 1, &version_fields(name, "{}"), "admin", now()).await.unwrap();
    (id, v)
}

/// Adds a version of an item and moves it to `status`, effective on `effective` (for `published`).
pub async fn version(tx: &mut Tx, item_id: i64, name: &str, status: &str, effective: Option<NaiveDate>) -> i64 {
    let no = store::catalog::next_version_no(tx, item_id).await.unwrap();
    let v = store::catalog::insert_version(tx, item_id, no, &version_fields(name, "{}"), "admin", now()).await.unwrap();
    if status != "draft" {
        store::catalog::set_version_status(tx, v, status, "approver", effective, now()).await.unwrap();
    }
    v
}
