//! The Uxin Banner (乌审旗) demo: loads the org network, departments, sites, windows, staff and
//! demo accounts through the same use cases a person would use, then serves them. All demo
//! accounts share the password [`DEMO_PASSWORD`], which exists only in demo data.

use std::collections::HashMap;
use std::path::Path;

use anyhow::{Context, anyhow};
use app::accounts::{GrantInput, UserInput};
use app::org::{DepartmentInput, OrgUnitInput, SiteInput, StaffInput, WindowInput, ZoneInput};
use app::{Actor, App, AppError};

use crate::config::{open_app, serve};
use crate::demo_catalog::ITEMS;
use crate::demo_data::{ACCOUNTS, DEPARTMENTS, ORG_UNITS, SITES, STAFF};

/// The password of every demo account.
pub const DEMO_PASSWORD: &str = "yichuang-demo";

pub(crate) fn fail(e: AppError) -> anyhow::Error {
    anyhow!("{e}")
}

/// Ids of what the demo created, by the demo data's keys.
#[derive(Debug, Default, Clone, serde::Serialize, serde::Deserialize)]
pub struct DemoIds {
    pub org_units: HashMap<String, i64>,
    pub departments: HashMap<String, i64>,
    pub sites: HashMap<String, i64>,
    /// Site key → window number → window id.
    pub windows: HashMap<String, HashMap<String, i64>>,
    pub staff: HashMap<String, i64>,
    pub users: HashMap<String, i64>,
    /// Basic code → item id.
    pub items: HashMap<String, i64>,
}

impl DemoIds {
    /// The id of window `number` at the site with demo key `site`, if the demo has it.
    pub fn window_at(&self, site: &str, number: &str) -> Option<i64> {
        self.windows.get(site).and_then(|w| w.get(number)).copied()
    }

    /// The id of window `number` at the site with demo key `site`; panics when the demo lacks it.
    pub fn window(&self, site: &str, number: &str) -> i64 {
        self.window_at(site, number).unwrap_or_else(|| panic!("the demo has no window {number} at {site}"))
    }
}

/// Whether the database already holds an org tree.
pub async fn is_loaded(app: &App) -> anyhow::Result<bool> {
    Ok(!app::org::list_org_units(app, &Actor::system("demo")).await.map_err(fail)?.is_empty())
}

/// Loads the whole demo into an empty database.
pub async fn load(app: &App) -> anyhow::Result<DemoIds> {
    let sys = Actor::system("demo");
    let mut ids = DemoIds::default();
    for u in ORG_UNITS {
        let parent_id = match u.parent {
            Some(p) => Some(*ids.org_units.get(p).with_context(|| format!("parent {p} of {} not loaded first", u.code))?),
            None => None,
        };
        let input = OrgUnitInput { parent_id, code: u.code.into(), name: u.name.into(), sort_order: Some(ids.org_units.len().to_string()) };
        let row = app::org::create_org_unit(app, &sys, &input).await.map_err(fail)?;
        if row.level != u.level.code() {
            anyhow::bail!("demo org unit {} should be {} but its parent makes it {}", u.code, u.level.label(), row.level);
        }
        ids.org_units.insert(u.code.into(), row.id);
    }
    for d in DEPARTMENTS {
        let input =
            DepartmentInput { code: d.code.into(), name: d.name.into(), short_name: d.short_name.into(), phone: None, active: true };
        let row = app::org::create_department(app, &sys, &input).await.map_err(fail)?;
        ids.departments.insert(d.code.into(), row.id);
    }
    for s in SITES {
        let input = SiteInput {
            org_unit_id: Some(ids.org_units[s.org_unit]),
            name: s.name.into(),
            kind: s.kind.code().into(),
            address: s.address.into(),
            phone: Some(s.phone.into()),
            hours_weekday: s.hours_weekday.into(),
            hours_weekend: s.hours_weekend.into(),
            active: true,
        };
        let site = app::org::create_site(app, &sys, &input).await.map_err(fail)?;
        ids.sites.insert(s.key.into(), site.id);
        for (i, z) in s.zones.iter().enumerate() {
            let zi =
                ZoneInput { name: z.name.into(), kind: z.kind.code().into(), floor: Some(z.floor.into()), sort_order: Some(i.to_string()) };
            let zone = app::org::create_zone(app, &sys, site.id, &zi).await.map_err(fail)?;
            for w in z.windows {
                let wi = WindowInput {
                    site_id: Some(site.id),
                    zone_id: Some(zone.id),
                    number: w.number.into(),
                    name: w.name.into(),
                    kind: w.kind.code().into(),
                    department_ids: w.departments.iter().map(|d| ids.departments[*d]).collect(),
                    active: true,
                };
                let win = app::org::create_window(app, &sys, site.id, &wi).await.map_err(fail)?;
                ids.windows.entry(s.key.into()).or_default().insert(w.number.into(), win.id);
            }
        }
    }
    for st in STAFF {
        let input = StaffInput {
            name: st.name.into(),
            department_id: Some(ids.departments[st.department]),
            org_unit_id: Some(ids.org_units[st.org_unit]),
            stationed_since: st.stationed_since.into(),
            grade: st.grade.code().into(),
            phone: Some(st.phone.into()),
            active: true,
        };
        let v = app::org::create_staff(app, &sys, &input).await.map_err(fail)?;
        ids.staff.insert(st.key.into(), v.id);
        if let Some(seat) = st.seat {
            let w = ids.window_at(seat.0, seat.1).with_context(|| format!("seat {seat:?} of {} names no window", st.key))?;
            app::org::seat_today(app, &sys, w, Some(v.id)).await.map_err(fail)?;
        }
    }
    // One argon2id hash for every demo account keeps loading fast; real accounts get their own.
    let hash = app::accounts::hash_password(DEMO_PASSWORD).map_err(fail)?;
    for acc in ACCOUNTS {
        let home = acc.grants.first().map_or("150626", |g| g.org_unit);
        let input = UserInput {
            username: acc.username.into(),
            name: acc.name.into(),
            org_unit_id: Some(ids.org_units[home]),
            staff_id: acc.staff.map(|k| ids.staff[k]),
            password: None,
            active: true,
        };
        let u = app::accounts::create_user_hashed(app, &sys, &input, &hash).await.map_err(fail)?;
        for g in acc.grants {
            let gi = GrantInput {
                role: g.role.code().into(),
                org_unit_id: Some(ids.org_units[g.org_unit]),
                department_id: g.department.map(|d| ids.departments[d]),
            };
            app::accounts::add_grant(app, &sys, u.id, &gi).await.map_err(fail)?;
        }
        ids.users.insert(acc.username.into(), u.id);
    }
    load_catalog(app, &mut ids).await?;
    crate::demo_queue::load_queue(app, &ids).await?;
    Ok(ids)
}

/// The catalogue: every demo item drafted, submitted, approved by a second person and published
/// today, then recorded as implemented (stationed, or on the negative list) at the banner centre
/// and, for town-level items, at every town centre.
async fn load_catalog(app: &App, ids: &mut DemoIds) -> anyhow::Result<()> {
    use domain::catalog::{Faq, ItemContent, ItemLevel, Material, VersionStatus};
    let drafter = Actor::system("demo-catalog");
    let approver = Actor::system("demo-approver");
    let today = app.clock.today();
    let centre = ids.sites["wsq-zwzx"];
    let town_centres: Vec<i64> = SITES.iter().filter(|s| s.kind == domain::org::SiteKind::TownCentre).map(|s| ids.sites[s.key]).collect();
    for (n, it) in ITEMS.iter().enumerate() {
        let dept_index = DEPARTMENTS.iter().position(|d| d.code == it.department).unwrap_or(0);
        let content = ItemContent {
            name: it.name.into(),
            impl_code: format!("11150626MB{:08}{}", 1_000_000 + n, it.basic_code),
            item_type: it.item_type,
            levels: it.levels.to_vec(),
            legal_basis: it.legal_basis.into(),
            conditions: it.conditions.into(),
            steps: it
                .steps
                .iter()
                .map(|s| domain::catalog::Step { name: s.name.into(), post: s.post.into(), days: u32::from(s.days) })
                .collect(),
            statutory_days: u32::from(it.statutory_days),
            promised_days: u32::from(it.promised_days),
            case_kind: it.case_kind,
            special_procedures: it.special_procedures.to_vec(),
            fee: it.fee.map(str::to_owned),
            fee_basis: it.fee_basis.into(),
            result_name: it.result_name.into(),
            delivery: it.delivery.to_vec(),
            visits: u32::from(it.visits),
            online_depth: it.online_depth,
            appointment: it.appointment,
            keywords: it.keywords.iter().map(|k| (*k).to_owned()).collect(),
            review_points: it.review_points.iter().map(|r| (*r).to_owned()).collect(),
            faq: it.faq.iter().map(|(q, a)| Faq { q: (*q).into(), a: (*a).into() }).collect(),
            consult_phone: format!("0477-72{:05}", 13_100 + dept_index),
            complaint_phone: "12345".into(),
            materials: it
                .materials
                .iter()
                .map(|m| Material {
                    name: m.name.into(),
                    required: m.required,
                    originals: u32::from(m.originals),
                    copies: u32::from(m.copies),
                    electronic: m.electronic,
                    source: Some(m.source),
                    rongque: m.rongque,
                    replaced_by: m.replaced_by.unwrap_or_default().into(),
                    commitment: m.commitment,
                    note: m.note.into(),
                })
                .collect(),
        };
        let input = app::catalog::ItemInput {
            basic_code: it.basic_code.into(),
            department_id: Some(ids.departments[it.department]),
            change_note: "首次发布".into(),
            content,
        };
        let v = app::catalog::create_item(app, &drafter, &input).await.map_err(fail)?;
        let vid = v.version.id;
        app::catalog::transition(app, &drafter, vid, VersionStatus::Submitted, None).await.map_err(fail)?;
        app::catalog::transition(app, &approver, vid, VersionStatus::Approved, None).await.map_err(fail)?;
        app::catalog::transition(app, &approver, vid, VersionStatus::Published, Some(today)).await.map_err(fail)?;
        let site = |site_id: i64, stationed: bool| app::catalog::ItemSiteInput {
            site_id: Some(site_id),
            state: if stationed { "stationed".into() } else { "negative".into() },
            negative_reason: it.negative_reason.map_or(String::new(), |r| r.0.into()),
            negative_note: it.negative_reason.map_or(String::new(), |r| r.1.into()),
        };
        app::catalog::set_item_site(app, &drafter, v.item.id, &site(centre, it.stationed)).await.map_err(fail)?;
        if it.levels.contains(&ItemLevel::Town) {
            for &tc in &town_centres {
                app::catalog::set_item_site(app, &drafter, v.item.id, &site(tc, true)).await.map_err(fail)?;
            }
        }
        ids.items.insert(it.basic_code.into(), v.item.id);
    }
    Ok(())
}

/// Seats the demo staff again for today (seating is per day; a reused demo starts a new day).
pub async fn reseat_today(app: &App) -> anyhow::Result<()> {
    let sys = Actor::system("demo");
    let sites = app::org::list_sites(app, &sys).await.map_err(fail)?;
    let staff = app::org::list_staff(app, &sys, None, None, 500).await.map_err(fail)?.items;
    for (i, st) in STAFF.iter().enumerate() {
        let Some((site_key, number)) = st.seat else { continue };
        let Some(site_def) = SITES.iter().find(|s| s.key == site_key) else { continue };
        let Some(site) = sites.iter().find(|s| s.site.name == site_def.name) else { continue };
        let detail = app::org::get_site(app, &sys, site.site.id).await.map_err(fail)?;
        if detail.seats.iter().any(|s| s.window_number == number) {
            continue;
        }
        let Some(w) = detail.windows.iter().find(|w| w.number == number) else { continue };
        // Staff were created in STAFF order, so the i-th created staff member is STAFF[i].
        if let Some(v) = staff.get(i).filter(|v| v.name == st.name) {
            app::org::seat_today(app, &sys, w.id, Some(v.id)).await.map_err(fail)?;
        }
    }
    Ok(())
}

/// `yichuang demo`: open or create DIR, load the demo once, print the surfaces, serve.
pub async fn run(dir: &Path, addr: &str, database_url: Option<&str>) -> anyhow::Result<()> {
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let url = database_url.map_or_else(|| format!("sqlite://{}", dir.join("yichuang.db").display()), str::to_owned);
    let app = open_app(&url, dir).await?;
    if is_loaded(&app).await? {
        reseat_today(&app).await?;
        println!("reusing demo data in {}", dir.display());
    } else {
        let t = std::time::Instant::now();
        load(&app).await?;
        println!("loaded the 乌审旗 demo into {} in {:.1} s", dir.display(), t.elapsed().as_secs_f64());
    }
    let sys = Actor::system("demo");
    let centre = app::org::list_sites(&app, &sys)
        .await
        .map_err(fail)?
        .into_iter()
        .find(|s| s.site.name == "乌审旗政务服务中心")
        .map_or(1, |s| s.site.id);
    serve(app, addr, move |base| {
        print_surfaces(base, centre);
        println!("listening on {base}");
    })
    .await
}

fn print_surfaces(base: &str, centre: i64) {
    println!();
    println!("一窗 yichuang demo — 乌审旗政务服务中心");
    println!("pages:");
    for (path, what) in [
        ("/login", "登录 login"),
        ("/", "首页 home"),
        ("/admin/map", "场所地图 site map"),
        ("/admin/sites", "服务场所 sites (each site's page lists zones, windows, today's seating)"),
        ("/admin/org-units", "组织机构 org units"),
        ("/admin/departments", "部门 departments"),
        ("/admin/staff", "工作人员 staff"),
        ("/admin/users", "账号与授权 accounts"),
        ("/admin/devices", "大厅设备 device tokens"),
        ("/admin/api-tokens", "接口令牌 API tokens"),
        ("/admin/audit", "审计日志 audit log"),
        ("/counter", "窗口叫号 counter workstation (sign in as clerk1…clerk5)"),
        ("/queue", "排队实况 hall managers' live view (hall)"),
        ("/queue/figures", "排队统计 queue figures and Excel export"),
        ("/cases/new", "办件受理 any-window intake (clerk1…clerk5)"),
        ("/cases/inbox", "待办件 back-office inbox (approver-scjgj, depthead-scjgj, …)"),
        ("/cases/online", "网上预审 pre-check of online applications (clerks)"),
        ("/supervision", "效能监察 supervision dashboard, chases, stationing checks (supervisor, leader)"),
        ("/admin/ladder-policies", "时限预警规则 warning-ladder rules and local policy (hall)"),
        ("/admin/outbox", "短信发件箱 SMS outbox (what would be sent)"),
        ("/api/v1/openapi.json", "OpenAPI document"),
        ("/healthz", "liveness"),
        ("/readyz", "readiness"),
        ("/metrics", "Prometheus metrics"),
    ] {
        println!("  {base}{path:<24} {what}");
    }
    println!("hall devices of the centre (open once on the device; the link binds it):");
    for (what, token) in [
        ("取号机 kiosk", crate::demo_queue::demo_device_token("kiosk", "wsq-zwzx", None)),
        ("叫号屏 calling screen", crate::demo_queue::demo_device_token("screen", "wsq-zwzx", None)),
        ("1号窗口屏 window terminal", crate::demo_queue::demo_device_token("terminal", "wsq-zwzx", Some("1"))),
        ("1号评价器 rating pad", crate::demo_queue::demo_device_token("pad", "wsq-zwzx", Some("1"))),
    ] {
        println!("  {base}/device?token={token:<36} {what}");
    }
    println!("citizens' phone pages:");
    println!("  {base}/m/sites/{centre:<30} 手机取号 take a ticket");
    println!("  {base}/m/sites/{centre}/appointments{:<17} 预约 book an appointment", "");
    println!("  {base}/portal{:<31} 网上办事 apply online (phone + SMS code; the code shows in the outbox)", "");
    println!("  {base}/progress{:<29} 办件进度 progress by case number and query code", "");
    println!("demo logins (password for all: {DEMO_PASSWORD}):");
    let mut line = String::new();
    for a in ACCOUNTS {
        if line.len() + a.username.len() > 100 {
            println!("  {line}");
            line.clear();
        }
        line.push_str(a.username);
        line.push(' ');
    }
    if !line.is_empty() {
        println!("  {line}");
    }
    println!("  e.g. admin (系统管理员), hall (大厅管理员), clerk1 (综合窗口), townclerk1 (嘎鲁图镇便民服务中心)");
    println!();
}
