//! The Uxin Banner (乌审旗) demo: the service network (`demo/network.json`) and the catalogue
//! (`demo/catalog.json`) are data files embedded in the binary and loaded through the product's
//! own importers (`app::org_io`, `app::catalog_io`), so the demo also exercises them; the queue
//! set-up (`demo_queue`) is derived from them in code. All demo accounts share the password
//! [`DEMO_PASSWORD`], which exists only in demo data.
//!
//! Town and sumu names are real (DOMAIN.md §11); village names, codes, addresses, phone numbers and
//! people are plausible but fictional. The catalogue's legal bases name real laws; article numbers,
//! fees, promised limits and local practice are plausible demo values, not an official list.

use std::collections::HashMap;
use std::path::Path;

use anyhow::{Context, anyhow};
use app::org_io::NetworkFile;
use app::{Actor, App, AppError};
use domain::catalog::{ItemContent, VersionStatus};

use crate::config::{open_app, serve};

/// The password of every demo account.
pub const DEMO_PASSWORD: &str = "yichuang-demo";

/// The demo service network in the format `app::org_io::import` reads.
pub const NETWORK_JSON: &[u8] = include_bytes!("../demo/network.json");
/// The demo catalogue in the format `app::catalog_io::import` reads (what `catalog export` writes).
pub const CATALOG_JSON: &[u8] = include_bytes!("../demo/catalog.json");

/// The key of the banner centre in the network file.
pub const CENTRE_KEY: &str = "wsq-zwzx";

pub(crate) fn fail(e: AppError) -> anyhow::Error {
    anyhow!("{e}")
}

/// The demo network file, parsed.
pub fn network() -> NetworkFile {
    NetworkFile::parse(NETWORK_JSON).expect("the shipped demo/network.json parses")
}

/// One item of the demo catalogue file, as far as the demo's own set-up reads it.
#[derive(Debug, Clone, serde::Deserialize)]
pub struct CatalogItem {
    pub basic_code: String,
    pub department_code: String,
    pub content: ItemContent,
    #[serde(default)]
    pub sites: Vec<CatalogSite>,
}

/// Where a demo item is implemented.
#[derive(Debug, Clone, serde::Deserialize)]
pub struct CatalogSite {
    pub site_name: String,
    /// `stationed` or `negative`.
    pub state: String,
    #[serde(default)]
    pub negative_reason: Option<String>,
    #[serde(default)]
    pub negative_note: String,
}

#[derive(serde::Deserialize)]
struct CatalogDoc {
    items: Vec<CatalogItem>,
}

/// The demo catalogue's items, in file order.
pub fn catalog_items() -> Vec<CatalogItem> {
    serde_json::from_slice::<CatalogDoc>(CATALOG_JSON).expect("the shipped demo/catalog.json parses").items
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

/// Loads the whole demo into an empty database: the network file, then the catalogue file, then
/// the queue set-up derived from both.
pub async fn load(app: &App) -> anyhow::Result<DemoIds> {
    let sys = Actor::system("demo");
    // One argon2id hash for every demo account keeps loading fast; real accounts get their own.
    let hash = app::auth::hash_password(DEMO_PASSWORD).map_err(fail)?;
    let net = app::org_io::import(app, &sys, NETWORK_JSON, Some(&hash)).await.map_err(fail).context("demo/network.json")?;
    let n = net.ids;
    let mut ids = DemoIds {
        org_units: n.org_units,
        departments: n.departments,
        sites: n.sites,
        windows: n.windows,
        staff: n.staff,
        users: n.users,
        items: HashMap::new(),
    };
    load_catalog(app, &mut ids).await?;
    crate::demo_queue::load_queue(app, &ids, &network(), &catalog_items()).await?;
    Ok(ids)
}

/// The catalogue: the file imported as drafts (with where each item is implemented), then every
/// draft submitted, approved by a second person and published today.
async fn load_catalog(app: &App, ids: &mut DemoIds) -> anyhow::Result<()> {
    use app::catalog_io::ImportKind;
    let drafter = Actor::system("demo-catalog");
    let approver = Actor::system("demo-approver");
    let today = app.clock.today();
    app::catalog_io::import(app, &drafter, CATALOG_JSON, ImportKind::Json).await.map_err(fail).context("demo/catalog.json")?;
    for s in app::catalog::list_items(app, &drafter).await.map_err(fail)? {
        let vid = s.latest.id;
        app::catalog::transition(app, &drafter, vid, VersionStatus::Submitted, None).await.map_err(fail)?;
        app::catalog::transition(app, &approver, vid, VersionStatus::Approved, None).await.map_err(fail)?;
        app::catalog::transition(app, &approver, vid, VersionStatus::Published, Some(today)).await.map_err(fail)?;
        ids.items.insert(s.item.basic_code, s.item.id);
    }
    Ok(())
}

/// Seats the demo staff again for today (seating is per day; a reused demo starts a new day).
pub async fn reseat_today(app: &App) -> anyhow::Result<()> {
    let sys = Actor::system("demo");
    let net = network();
    let sites = app::org::list_sites(app, &sys).await.map_err(fail)?;
    let staff = app::org::list_staff(app, &sys, None, None, 500).await.map_err(fail)?.items;
    for (i, st) in net.staff.iter().enumerate() {
        let Some(seat) = &st.seat else { continue };
        let Some(site_def) = net.sites.iter().find(|s| s.key == seat.site) else { continue };
        let Some(site) = sites.iter().find(|s| s.site.name == site_def.name) else { continue };
        let detail = app::org::get_site(app, &sys, site.site.id).await.map_err(fail)?;
        if detail.seats.iter().any(|s| s.window_number == seat.window) {
            continue;
        }
        let Some(w) = detail.windows.iter().find(|w| w.number == seat.window) else { continue };
        // Staff were created in file order, so the i-th created staff member is the file's i-th.
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
        ("取号机 kiosk", crate::demo_queue::demo_device_token("kiosk", CENTRE_KEY, None)),
        ("叫号屏 calling screen", crate::demo_queue::demo_device_token("screen", CENTRE_KEY, None)),
        ("1号窗口屏 window terminal", crate::demo_queue::demo_device_token("terminal", CENTRE_KEY, Some("1"))),
        ("1号评价器 rating pad", crate::demo_queue::demo_device_token("pad", CENTRE_KEY, Some("1"))),
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
    for a in &network().accounts {
        if line.len() + a.username.len() > 100 {
            println!("  {line}");
            line.clear();
        }
        line.push_str(&a.username);
        line.push(' ');
    }
    if !line.is_empty() {
        println!("  {line}");
    }
    println!("  e.g. admin (系统管理员), hall (大厅管理员), clerk1 (综合窗口), townclerk1 (嘎鲁图镇便民服务中心)");
    println!();
}
