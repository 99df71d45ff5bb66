//! `yichuang demo`: load (or reuse) the demo in a data folder, print its surfaces and serve it.

use std::path::Path;

use anyhow::Context;
use app::Actor;

use super::data::*;
use super::history::load_history;
use super::load::*;
use super::queue::demo_device_token;
use crate::config::{open_app, serve};

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
        let past = std::time::Instant::now();
        let h = load_history(&app).await?;
        println!(
            "loaded the 乌审旗 demo into {} in {:.1} s, its past in {:.1} of them ({} visits, {} ratings, {} rectification orders, {} cases, {} work orders)",
            dir.display(),
            t.elapsed().as_secs_f64(),
            past.elapsed().as_secs_f64(),
            h.tickets,
            h.ratings,
            h.orders,
            h.cases,
            h.work_orders
        );
    }
    let sys = Actor::system("demo");
    let centre = app::org::list_sites(&app, &sys)
        .await
        .map_err(fail)?
        .into_iter()
        .find(|s| s.site.name == "乌审旗政务服务中心")
        .map_or(1, |s| s.site.id);
    let texts = std::sync::Arc::new(app::outbox::DemoGateway::default());
    serve(app, dir, addr, std::env::var("YICHUANG_PUBLIC_URL").ok().as_deref(), Some(texts), move |base| {
        print_surfaces(base, centre);
        println!("demo SMS: not sent; every text (portal login codes too) is printed here and shown at {base}/demo/sms");
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
        ("取号机 kiosk", demo_device_token("kiosk", CENTRE_KEY, None)),
        ("叫号屏 calling screen", demo_device_token("screen", CENTRE_KEY, None)),
        ("1号窗口屏 window terminal", demo_device_token("terminal", CENTRE_KEY, Some("1"))),
        ("1号评价器 rating pad", demo_device_token("pad", CENTRE_KEY, Some("1"))),
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
