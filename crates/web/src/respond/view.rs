//! View models shared by the pages: the page chrome (user, navigation, message), form fields,
//! table cells, and the site map's rows.

use app::org::{OrgUnitView, SiteSummary};
use domain::Invalid;
use domain::access::Permission;
use domain::org::{OrgLevel, SiteKind};

use crate::extract::caller::Auth;

/// The chrome showing a one-off message (from a redirect's `msg`).
pub fn with_flash(mut c: Chrome, msg: Option<String>) -> Chrome {
    c.flash = msg;
    c
}

/// One navigation entry.
pub struct NavItem {
    pub key: &'static str,
    pub label: &'static str,
    pub href: &'static str,
}

/// What every signed-in page shows around its content.
pub struct Chrome {
    pub user_name: String,
    pub roles_label: String,
    pub csrf: String,
    pub nav: Vec<NavItem>,
    pub active: &'static str,
    pub flash: Option<String>,
}

use Permission as P;

/// The navigation, in order: an entry shows to whoever holds any of its permissions (none: everyone).
const NAV: &[(&[Permission], &str, &str, &str)] = &[
    (&[], "home", "首页", "/"),
    (&[P::ViewCatalog], "quick", "事项速查", "/catalog/quick"),
    (&[P::ViewCatalog], "catalog", "事项库", "/catalog"),
    (&[P::IntakeCases], "online", "网上预审", "/cases/online"),
    (&[P::ServeQueue], "counter", "窗口叫号", "/counter"),
    (&[P::IntakeCases], "case_new", "办件受理", "/cases/new"),
    (&[P::ReviewCases], "case_inbox", "待办件", "/cases/inbox"),
    (&[P::ViewQueue], "queue", "排队实况", "/queue"),
    (&[P::ViewQueueFigures], "queue_figures", "排队统计", "/queue/figures"),
    (&[P::ViewSupervision], "supervision", "效能监察", "/supervision"),
    (&[P::ViewSupervision], "stationing", "进驻核查", "/supervision/stationing"),
    (&[P::ViewSupervision], "figures", "数据看板", "/figures"),
    (&[P::ChaseCases, P::ReviewCases], "chases", "催办", "/supervision/chases"),
    // Whoever serves or handles cases may own a rectification order (谁办理谁负责).
    (
        &[P::ServeQueue, P::IntakeCases, P::ReviewCases, P::RectifyRatings, P::DecideAppeals],
        "rectifications",
        "差评整改",
        "/rectifications",
    ),
    (&[P::RegisterWorkOrders, P::DispatchWorkOrders, P::ReviewCases], "work_orders", "工单", "/work-orders"),
    (&[P::ViewOrg], "map", "场所地图", "/admin/map"),
    (&[P::ViewOrg], "sites", "服务场所", "/admin/sites"),
    (&[P::ViewOrg], "org", "组织机构", "/admin/org-units"),
    (&[P::ViewOrg], "depts", "部门", "/admin/departments"),
    (&[P::ViewOrg], "staff", "工作人员", "/admin/staff"),
    (&[P::ManageAccounts], "users", "账号与授权", "/admin/users"),
    (&[P::ManageAccounts], "devices", "大厅设备", "/admin/devices"),
    (&[P::ManageAccounts], "tokens", "接口令牌", "/admin/api-tokens"),
    (&[P::ManageAccounts], "outbox", "短信发件箱", "/admin/outbox"),
    (&[P::ViewOrg], "calendar", "工作日历", "/admin/calendar"),
    (&[P::ManageSites], "ladder", "时限预警规则", "/admin/ladder-policies"),
    (&[P::ViewAudit], "audit", "审计日志", "/admin/audit"),
];

/// The chrome for a signed-in user; `active` names the current navigation entry.
pub fn chrome(a: &Auth, active: &'static str) -> Chrome {
    let act = &a.actor;
    let nav = NAV
        .iter()
        .filter(|(needs, ..)| needs.is_empty() || needs.iter().any(|p| act.has(*p)))
        .map(|&(_, key, label, href)| NavItem { key, label, href })
        .collect();
    let roles_label = act.roles().iter().map(|r| r.label()).collect::<Vec<_>>().join("、");
    Chrome { user_name: act.name.clone(), roles_label, csrf: a.csrf.clone(), nav, active, flash: None }
}

/// An option of a select or a multi-select.
pub struct Opt {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

/// Options from `(value, label)` pairs with one or more selected values.
pub fn opts<I, V, L>(items: I, selected: &[String]) -> Vec<Opt>
where
    I: IntoIterator<Item = (V, L)>,
    V: ToString,
    L: ToString,
{
    items
        .into_iter()
        .map(|(v, l)| {
            let value = v.to_string();
            Opt { selected: selected.contains(&value), value, label: l.to_string() }
        })
        .collect()
}

/// One form field.
pub struct Field {
    pub name: &'static str,
    pub label: &'static str,
    /// `text`, `date`, `password`, `number`, `mongolian` (a name in traditional Mongolian script),
    /// `select`, `multiselect`, `checkbox` or `file`.
    pub kind: &'static str,
    pub value: String,
    pub options: Vec<Opt>,
    pub error: Option<String>,
    pub help: Option<&'static str>,
    pub placeholder: Option<&'static str>,
    pub required: bool,
}

impl Field {
    pub fn new(name: &'static str, label: &'static str, kind: &'static str, value: impl Into<String>) -> Field {
        Field { name, label, kind, value: value.into(), options: vec![], error: None, help: None, placeholder: None, required: false }
    }
    pub fn required(mut self) -> Field {
        self.required = true;
        self
    }
    pub fn options(mut self, o: Vec<Opt>) -> Field {
        self.options = o;
        self
    }
    pub fn help(mut self, h: &'static str) -> Field {
        self.help = Some(h);
        self
    }
    pub fn placeholder(mut self, p: &'static str) -> Field {
        self.placeholder = Some(p);
        self
    }
}

/// Attaches each field's error from `errs`; returns the messages not tied to a shown field.
pub fn attach_errors(fields: &mut [Field], errs: &Invalid) -> Vec<String> {
    let mut all = Vec::new();
    for e in &errs.fields {
        if let Some(f) = fields.iter_mut().find(|f| f.name == e.field) {
            f.error = Some(e.message.clone());
        }
        all.push(e.message.clone());
    }
    all
}

/// A table cell: text, optionally a link, a POST button, or a badge.
#[derive(Default)]
pub struct Cell {
    pub text: String,
    pub href: Option<String>,
    pub post: Option<String>,
    pub badge: Option<&'static str>,
}

impl Cell {
    pub fn text(t: impl Into<String>) -> Cell {
        Cell { text: t.into(), ..Cell::default() }
    }
    pub fn link(t: impl Into<String>, href: impl Into<String>) -> Cell {
        Cell { text: t.into(), href: Some(href.into()), ..Cell::default() }
    }
    pub fn post(t: impl Into<String>, action: impl Into<String>) -> Cell {
        Cell { text: t.into(), post: Some(action.into()), ..Cell::default() }
    }
    pub fn badge(t: impl Into<String>, class: &'static str) -> Cell {
        Cell { text: t.into(), badge: Some(class), ..Cell::default() }
    }
}

/// A page action link.
pub struct Link {
    pub label: &'static str,
    pub href: String,
}

/// A small inline form under a table.
pub struct InlineForm {
    pub title: &'static str,
    pub action: String,
    pub fields: Vec<Field>,
    pub submit: &'static str,
    pub errors: Vec<String>,
}

/// `n / d` as a percentage with one decimal, or `None` when `d` is 0.
pub fn percent(n: i64, d: i64) -> Option<String> {
    (d > 0).then(|| format!("{:.1}%", n as f64 * 100.0 / d as f64))
}

/// A site on the map.
pub struct MapSite {
    pub id: i64,
    pub name: String,
    pub kind_label: &'static str,
    pub windows: i64,
    pub share: Option<String>,
}

/// An org unit row of the map with its sites.
pub struct MapNode {
    pub depth: usize,
    pub name: String,
    pub code: String,
    pub level: String,
    pub level_label: &'static str,
    pub sites: Vec<MapSite>,
}

/// Builds the map rows in tree order; depth is relative to the shallowest visible unit.
pub fn map_nodes(units: &[OrgUnitView], sites: &[SiteSummary]) -> Vec<MapNode> {
    let depth = |u: &OrgUnitView| u.path.matches('/').count().saturating_sub(2);
    let min = units.iter().map(depth).min().unwrap_or(0);
    units
        .iter()
        .map(|u| MapNode {
            depth: depth(u) - min,
            name: u.name.clone(),
            code: u.code.clone(),
            level: u.level.clone(),
            level_label: OrgLevel::parse("level", &u.level).map_or("", |l| l.label()),
            sites: sites
                .iter()
                .filter(|s| s.site.org_unit_id == u.id)
                .map(|s| MapSite {
                    id: s.site.id,
                    name: s.site.name.clone(),
                    kind_label: SiteKind::parse("kind", &s.site.kind).map_or("", |k| k.label()),
                    windows: s.windows,
                    share: percent(s.comprehensive_windows, s.windows),
                })
                .collect(),
        })
        .collect()
}

/// The org unit's name indented by depth, for selects.
pub fn unit_options(units: &[OrgUnitView], selected: Option<i64>, only: Option<OrgLevel>) -> Vec<Opt> {
    let min = units.iter().map(|u| u.path.matches('/').count()).min().unwrap_or(0);
    units
        .iter()
        .filter(|u| only.is_none_or(|l| u.level == l.code()))
        .map(|u| {
            let indent = "　".repeat(u.path.matches('/').count().saturating_sub(min));
            Opt { value: u.id.to_string(), label: format!("{indent}{}", u.name), selected: Some(u.id) == selected }
        })
        .collect()
}

/// The generic form page.
#[derive(askama::Template, askama_web::WebTemplate)]
#[template(path = "form.html")]
pub struct FormPage {
    pub chrome: Option<Chrome>,
    pub title: String,
    pub action: String,
    pub csrf: String,
    pub fields: Vec<Field>,
    pub errors: Vec<String>,
    pub submit: &'static str,
    pub back_href: String,
    pub back_label: &'static str,
    pub multipart: bool,
}

/// The generic list page.
#[derive(askama::Template, askama_web::WebTemplate)]
#[template(path = "table.html")]
pub struct TablePage {
    pub chrome: Option<Chrome>,
    pub csrf: String,
    pub title: String,
    pub actions: Vec<Link>,
    /// Trusted HTML built by the handler from escaped parts (e.g. a token shown once).
    pub notice: Option<String>,
    pub intro: Option<String>,
    pub columns: Vec<&'static str>,
    pub rows: Vec<Vec<Cell>>,
    pub empty_text: &'static str,
    pub next_href: Option<String>,
    pub form: Option<InlineForm>,
}

impl TablePage {
    /// An empty list page for `a`, with `active` navigation.
    pub fn new(a: &Auth, active: &'static str, title: impl Into<String>, columns: Vec<&'static str>) -> TablePage {
        TablePage {
            chrome: Some(chrome(a, active)),
            csrf: a.csrf.clone(),
            title: title.into(),
            actions: vec![],
            notice: None,
            intro: None,
            columns,
            rows: vec![],
            empty_text: "暂无记录。",
            next_href: None,
            form: None,
        }
    }

    /// Shows a one-off message (from a redirect's `msg`).
    pub fn flash(mut self, msg: Option<String>) -> TablePage {
        if let Some(c) = &mut self.chrome {
            c.flash = msg;
        }
        self
    }
}

/// A moment as the console shows it: China time, to the minute.
pub fn local_minute(t: chrono::DateTime<chrono::Utc>) -> String {
    t.with_timezone(&app::cst()).format("%Y-%m-%d %H:%M").to_string()
}

/// `?msg=` of a page reached by a redirect after a successful change.
#[derive(serde::Deserialize, Default)]
pub struct Msg {
    pub msg: Option<String>,
}

/// Escapes text for the few places that build HTML by hand.
pub fn esc(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;").replace('\'', "&#39;")
}

/// A redirect to `to` that shows `msg` there.
pub fn done(to: &str, msg: &str) -> axum::response::Response {
    use axum::response::IntoResponse;
    let sep = if to.contains('?') { '&' } else { '?' };
    axum::response::Redirect::to(&format!("{to}{sep}msg={}", urlencoding::encode(msg))).into_response()
}

/// The content type of the Excel downloads.
pub const XLSX_TYPE: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// An Excel workbook as a download called `name` (with its `.xlsx`), never cached.
pub fn xlsx_download(bytes: Vec<u8>, name: &str) -> axum::response::Response {
    use axum::http::header;
    use axum::response::IntoResponse;
    (
        [
            (header::CONTENT_TYPE, XLSX_TYPE.to_owned()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{name}\"")),
            (header::CACHE_CONTROL, "no-store".to_owned()),
        ],
        bytes,
    )
        .into_response()
}
