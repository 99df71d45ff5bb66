//! A small banner built through the use cases, and helpers to count what is stored.

use app::accounts::{GrantInput, UserInput, UserView};
use app::org::{DepartmentInput, OrgUnitInput, SiteInput, StaffInput, StaffView, WindowInput, ZoneInput};
use app::{Actor, App, AppError};
use store::audit::Verdict;
use store::org::{DepartmentRow, OrgUnitRow, Scope, SiteRow, WindowRow, ZoneRow};
use testkit::TestDb;

/// Every test account's password.
pub const PASSWORD: &str = "Yichuang2026";
/// 张三's mobile (town 1), which must never reach the audit log in clear.
pub const PHONE1: &str = "13912345678";
pub const PHONE2: &str = "13887654321";

pub fn system() -> Actor {
    Actor::system("test")
}

/// The banner as the tests know it. `writes` counts the audited writes made while building it.
pub struct World {
    pub app: App,
    pub banner: OrgUnitRow,
    pub town1: OrgUnitRow,
    pub town2: OrgUnitRow,
    pub village1: OrgUnitRow,
    pub village2: OrgUnitRow,
    pub dept_rs: DepartmentRow,
    pub dept_sj: DepartmentRow,
    pub centre: SiteRow,
    pub site1: SiteRow,
    pub site2: SiteRow,
    pub zone0: ZoneRow,
    pub zone1: ZoneRow,
    pub zone2: ZoneRow,
    pub window0: WindowRow,
    pub window1: WindowRow,
    pub window2: WindowRow,
    pub staff1: StaffView,
    pub staff2: StaffView,
    pub admin: UserView,
    pub mgr1: UserView,
    pub clerk1: UserView,
    pub mgr2: UserView,
    pub writes: i64,
}

pub fn org_unit_input(parent: Option<&OrgUnitRow>, code: &str, name: &str) -> OrgUnitInput {
    OrgUnitInput { parent_id: parent.map(|p| p.id), code: code.into(), name: name.into(), sort_order: None }
}

pub fn site_input(unit: &OrgUnitRow, name: &str, kind: &str) -> SiteInput {
    SiteInput {
        org_unit_id: Some(unit.id),
        name: name.into(),
        kind: kind.into(),
        address: "乌审旗嘎鲁图镇团结路 1 号".into(),
        phone: Some("0477-7560000".into()),
        hours_weekday: "09:00-12:00,13:30-17:30".into(),
        hours_weekend: String::new(),
        active: true,
        name_mn: None,
    }
}

pub fn zone_input(name: &str) -> ZoneInput {
    ZoneInput { name: name.into(), kind: "comprehensive".into(), floor: Some("1".into()), sort_order: None }
}

pub fn window_input(zone: &ZoneRow, number: &str, departments: &[i64]) -> WindowInput {
    WindowInput {
        site_id: Some(zone.site_id),
        zone_id: Some(zone.id),
        number: number.into(),
        name: format!("{number} 号综合窗口"),
        kind: "comprehensive".into(),
        department_ids: departments.to_vec(),
        active: true,
        name_mn: None,
    }
}

pub fn staff_input(unit: &OrgUnitRow, dept: &DepartmentRow, name: &str, phone: &str) -> StaffInput {
    StaffInput {
        name: name.into(),
        department_id: Some(dept.id),
        org_unit_id: Some(unit.id),
        stationed_since: "2024-03-01".into(),
        grade: "junior".into(),
        phone: Some(phone.into()),
        active: true,
    }
}

pub fn user_input(unit: &OrgUnitRow, username: &str, staff_id: Option<i64>) -> UserInput {
    UserInput {
        username: username.into(),
        name: "测试".into(),
        org_unit_id: Some(unit.id),
        staff_id,
        password: Some(PASSWORD.into()),
        active: true,
    }
}

pub fn grant_input(role: &str, unit: &OrgUnitRow) -> GrantInput {
    GrantInput { role: role.into(), org_unit_id: Some(unit.id), department_id: None }
}

/// Creates an account and grants it one role on `unit`, as the system.
pub async fn user_with_role(app: &App, unit: &OrgUnitRow, username: &str, staff_id: Option<i64>, role: &str, on: &OrgUnitRow) -> UserView {
    let u = app::accounts::create_user(app, &system(), &user_input(unit, username, staff_id)).await.unwrap();
    app::accounts::add_grant(app, &system(), u.id, &grant_input(role, on)).await.unwrap();
    u
}

/// Builds the banner through the use cases, as the system.
pub async fn world(t: &TestDb) -> World {
    let app = testkit::app_on(t);
    let sys = system();
    let org = async |parent: Option<&OrgUnitRow>, code: &str, name: &str| {
        app::org::create_org_unit(&app, &sys, &org_unit_input(parent, code, name)).await.unwrap()
    };
    let banner = org(None, "150626000", "乌审旗").await;
    let town1 = org(Some(&banner), "150626100", "嘎鲁图镇").await;
    let town2 = org(Some(&banner), "150626101", "乌审召镇").await;
    let village1 = org(Some(&town1), "150626100201", "巴音温都尔嘎查").await;
    let village2 = org(Some(&town2), "150626101201", "查汗庙嘎查").await;
    let dept = async |code: &str, name: &str, short: &str| {
        let i = DepartmentInput { code: code.into(), name: name.into(), short_name: short.into(), phone: None, active: true };
        app::org::create_department(&app, &sys, &i).await.unwrap()
    };
    let dept_rs = dept("rsj", "乌审旗人力资源和社会保障局", "人社").await;
    let dept_sj = dept("scjgj", "乌审旗市场监督管理局", "市场监管").await;
    let site =
        async |unit: &OrgUnitRow, name: &str, kind: &str| app::org::create_site(&app, &sys, &site_input(unit, name, kind)).await.unwrap();
    let centre = site(&banner, "乌审旗政务服务中心", "centre").await;
    let site1 = site(&town1, "嘎鲁图镇便民服务中心", "town_centre").await;
    let site2 = site(&town2, "乌审召镇便民服务中心", "town_centre").await;
    let zone = async |s: &SiteRow| app::org::create_zone(&app, &sys, s.id, &zone_input("综合受理区")).await.unwrap();
    let zone0 = zone(&centre).await;
    let zone1 = zone(&site1).await;
    let zone2 = zone(&site2).await;
    let both = [dept_rs.id, dept_sj.id];
    let window = async |z: &ZoneRow| app::org::create_window(&app, &sys, z.site_id, &window_input(z, "1", &both)).await.unwrap();
    let window0 = window(&zone0).await;
    let window1 = window(&zone1).await;
    let window2 = window(&zone2).await;
    let staff1 = app::org::create_staff(&app, &sys, &staff_input(&town1, &dept_rs, "张三", PHONE1)).await.unwrap();
    let staff2 = app::org::create_staff(&app, &sys, &staff_input(&town2, &dept_sj, "李四", PHONE2)).await.unwrap();
    let admin = user_with_role(&app, &banner, "admin", None, "sys_admin", &banner).await;
    let mgr1 = user_with_role(&app, &town1, "mgr1", None, "hall_manager", &town1).await;
    let clerk1 = user_with_role(&app, &town1, "clerk1", Some(staff1.id), "clerk", &town1).await;
    let mgr2 = user_with_role(&app, &town2, "mgr2", None, "hall_manager", &town2).await;
    // 5 org units, 2 departments, 3 sites, 3 zones, 3 windows, 2 staff, 4 users with 4 grants.
    let writes = 5 + 2 + 3 + 3 + 3 + 2 + 4 * 2;
    World {
        app,
        banner,
        town1,
        town2,
        village1,
        village2,
        dept_rs,
        dept_sj,
        centre,
        site1,
        site2,
        zone0,
        zone1,
        zone2,
        window0,
        window1,
        window2,
        staff1,
        staff2,
        admin,
        mgr1,
        clerk1,
        mgr2,
        writes,
    }
}

/// Signs a test account in and returns its actor.
pub async fn actor(app: &App, username: &str) -> Actor {
    app::accounts::login(app, username, PASSWORD).await.unwrap().actor
}

/// How many of each record are stored, and how long the (intact) audit chain is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Counts {
    pub org_units: usize,
    pub departments: usize,
    pub sites: usize,
    pub zones: usize,
    pub windows: usize,
    pub window_departments: usize,
    pub staff: usize,
    pub users: usize,
    pub grants: usize,
    pub seats: usize,
    pub devices: usize,
    pub api_tokens: usize,
    pub audit: i64,
}

pub async fn counts(app: &App) -> Counts {
    let mut tx = app.db.read().await.unwrap();
    let all = Scope::All;
    let sites = store::org::list_sites(&mut tx, &all).await.unwrap();
    let (mut zones, mut window_departments, mut seats) = (0, 0, 0);
    let today = app.clock.today();
    for s in &sites {
        zones += store::org::list_zones(&mut tx, s.id).await.unwrap().len();
        window_departments += store::org::list_site_window_departments(&mut tx, s.id).await.unwrap().len();
        seats += store::org::list_site_seats(&mut tx, s.id, today).await.unwrap().len();
    }
    let users = store::accounts::list_users(&mut tx, &all, 0, 100_000).await.unwrap();
    let mut grants = 0;
    for u in &users {
        grants += store::accounts::list_user_grants(&mut tx, u.id).await.unwrap().len();
    }
    let audit = match store::audit::verify(&mut tx).await.unwrap() {
        Verdict::Intact(n) => n,
        v => panic!("the audit chain is broken: {v:?}"),
    };
    Counts {
        org_units: store::org::list_org_units(&mut tx, &all).await.unwrap().len(),
        departments: store::org::list_departments(&mut tx).await.unwrap().len(),
        sites: sites.len(),
        zones,
        windows: store::org::list_windows(&mut tx, &all, 0, 100_000).await.unwrap().len(),
        window_departments,
        staff: store::org::list_staff(&mut tx, &all, None, 0, 100_000).await.unwrap().len(),
        users: users.len(),
        grants,
        seats,
        devices: store::accounts::list_devices(&mut tx, &all).await.unwrap().len(),
        api_tokens: store::accounts::list_api_tokens(&mut tx, &all).await.unwrap().len(),
        audit,
    }
}

/// Every audit row, oldest first.
pub async fn audit_rows(app: &App) -> Vec<store::audit::AuditRow> {
    let mut tx = app.db.read().await.unwrap();
    let mut rows = store::audit::list(&mut tx, None, None, 100_000).await.unwrap();
    rows.reverse();
    rows
}

/// Asserts that `r` failed validation naming `field`.
#[track_caller]
pub fn assert_invalid<T: std::fmt::Debug>(r: Result<T, AppError>, field: &str) {
    match r {
        Err(AppError::Invalid(inv)) => {
            assert!(inv.fields.iter().any(|f| f.field == field), "expected field {field:?} among {:?}", inv.fields);
            assert!(inv.message_for(field).is_some_and(|m| !m.is_empty()));
        }
        other => panic!("expected invalid {field:?}, got {other:?}"),
    }
}

#[track_caller]
pub fn assert_forbidden<T: std::fmt::Debug>(r: Result<T, AppError>) {
    assert!(matches!(r, Err(AppError::Forbidden(_))), "expected forbidden, got {r:?}");
}
