//! A site's queue settings `/admin/sites/{id}/queue`: the policy, the windows' calling profiles,
//! and the ticket categories.

use app::queue::CategoryInput;
use app::{AppError, Result};
use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use domain::Invalid;
use domain::access::Permission;
use domain::queue::Policy;
use serde::Deserialize;

use crate::extract::caller::{Auth, PageUser};
use crate::extract::form::PageForm;
use crate::respond::form::unprocessable;
use crate::respond::page::{app_error_page, page};
use crate::respond::view::{Chrome, Field, Msg, attach_errors, chrome, done, with_flash};
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/admin/sites/{id}/queue", get(settings))
        .route("/admin/sites/{id}/queue/policy", post(save_policy))
        .route("/admin/sites/{id}/queue/categories/new", get(category_new).post(category_create))
        .route("/admin/sites/{site}/queue/categories/{id}/edit", get(category_edit).post(category_update))
        .route("/admin/windows/{id}/queue-profile", post(save_profile))
}

// ---------------------------------------------------------------- settings

struct CategoryRowView {
    id: i64,
    prefix: String,
    name: String,
    description: String,
    sort_order: i64,
    daily_limit: String,
    active: bool,
    items: usize,
}

/// One category's position box in a window's profile form.
struct Slot {
    category_id: i64,
    prefix: String,
    name: String,
    position: String,
}

struct ProfileRow {
    window_id: i64,
    number: String,
    name: String,
    slots: Vec<Slot>,
}

#[derive(Template, WebTemplate)]
#[template(path = "queue/settings.html")]
struct SettingsPage {
    chrome: Option<Chrome>,
    csrf: String,
    site_id: i64,
    site_name: String,
    categories: Vec<CategoryRowView>,
    profiles: Vec<ProfileRow>,
    policy: Vec<Field>,
    policy_errors: Vec<String>,
}

/// The site, after checking the actor may change its queue settings.
async fn managed_site(s: &AppState, a: &Auth, site_id: i64) -> Result<store::org::SiteRow> {
    let site = app::queue::require_view(&s.app, &a.actor, site_id).await?;
    a.actor.require(Permission::ManageQueue, &site.org_path, None, "修改该场所的叫号设置")?;
    Ok(site)
}

/// The policy as form fields (every value as text).
#[derive(Deserialize, Default, Clone)]
struct PolicyForm {
    #[serde(default)]
    elderly_boost_min: String,
    #[serde(default)]
    green_boost_min: String,
    #[serde(default)]
    appointment_boost_min: String,
    #[serde(default)]
    no_show_after_recalls: String,
    #[serde(default)]
    phone_daily_quota: String,
    #[serde(default, deserialize_with = "app::support::input::flag")]
    enforce_hours: bool,
    #[serde(default, deserialize_with = "app::support::input::flag")]
    show_mongolian: bool,
    #[serde(default)]
    mongolian_template: String,
    #[serde(default)]
    slogans: String,
}

impl PolicyForm {
    fn of(p: &Policy) -> PolicyForm {
        PolicyForm {
            elderly_boost_min: p.elderly_boost_min.to_string(),
            green_boost_min: p.green_boost_min.to_string(),
            appointment_boost_min: p.appointment_boost_min.to_string(),
            no_show_after_recalls: p.no_show_after_recalls.to_string(),
            phone_daily_quota: p.phone_daily_quota.to_string(),
            enforce_hours: p.enforce_hours,
            show_mongolian: p.show_mongolian,
            mongolian_template: p.mongolian_template.clone(),
            slogans: p.slogans.join("\n"),
        }
    }

    /// The policy entered, or the fields that are not whole numbers.
    fn parse(&self) -> std::result::Result<Policy, Invalid> {
        let mut e = Invalid::default();
        let mut num = |field: &str, label: &str, v: &str| match app::support::input::opt_num(field, label, Some(v)) {
            Ok(Some(n)) => n,
            Ok(None) => {
                e.push(field, format!("请填写{label}"));
                0
            }
            Err(x) => {
                e.fields.extend(x.fields);
                0
            }
        };
        let p = Policy {
            elderly_boost_min: num("elderly_boost_min", "敬老/爱心优先分钟数", &self.elderly_boost_min),
            green_boost_min: num("green_boost_min", "绿色通道优先分钟数", &self.green_boost_min),
            appointment_boost_min: num("appointment_boost_min", "预约优先分钟数", &self.appointment_boost_min),
            no_show_after_recalls: num("no_show_after_recalls", "过号前重呼次数", &self.no_show_after_recalls),
            phone_daily_quota: num("phone_daily_quota", "每个手机号每日取号上限", &self.phone_daily_quota),
            enforce_hours: self.enforce_hours,
            show_mongolian: self.show_mongolian,
            mongolian_template: self.mongolian_template.trim().to_owned(),
            slogans: self.slogans.lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_owned).collect(),
        };
        e.into_result().map(|()| p)
    }

    fn fields(&self) -> Vec<Field> {
        let on = |b: bool| if b { "on" } else { "" };
        vec![
            Field::new("elderly_boost_min", "敬老/爱心优先（分钟）", "number", &self.elderly_boost_min)
                .help("老年人、残疾人、孕妇等取“敬老/爱心”号时，按提前这么多分钟取号排序（0–240）"),
            Field::new("green_boost_min", "绿色通道优先（分钟）", "number", &self.green_boost_min)
                .help("大厅管理员设为绿色通道的号提前的分钟数（0–240）"),
            Field::new("appointment_boost_min", "预约优先（分钟）", "number", &self.appointment_boost_min)
                .help("预约签到的号按预约时段开始前这么多分钟排序（0–240）"),
            Field::new("no_show_after_recalls", "过号前须重呼次数", "number", &self.no_show_after_recalls)
                .help("重呼达到该次数仍未到场，才能标记过号（0–10）"),
            Field::new("phone_daily_quota", "每个手机号每日取号上限", "number", &self.phone_daily_quota)
                .help("同一手机号当天在本场所未办结的号不超过该数（1–50）"),
            Field::new("enforce_hours", "仅在办公时间内取号", "checkbox", on(self.enforce_hours)),
            Field::new("show_mongolian", "叫号屏显示蒙古文", "checkbox", on(self.show_mongolian)),
            Field::new("mongolian_template", "蒙古文叫号内容", "text", &self.mongolian_template)
                .help("{ticket} 替换为号码，{window} 替换为窗口号；不超过 200 字"),
            Field::new("slogans", "滚动标语", "textarea", &self.slogans).help("每行一条，最多 10 条，每条不超过 60 字"),
        ]
    }
}

async fn settings_page(
    s: &AppState,
    a: &Auth,
    site_id: i64,
    form: Option<(PolicyForm, Invalid)>,
    flash: Option<String>,
) -> Result<SettingsPage> {
    let site = managed_site(s, a, site_id).await?;
    let cats = app::queue::categories(&s.app, site_id).await?;
    let snap = app::queue::snapshot(&s.app, site_id).await?;
    let policy = app::queue::policy(&s.app, site_id).await?;
    let categories = cats
        .iter()
        .map(|c| CategoryRowView {
            id: c.category.id,
            prefix: c.category.prefix.clone(),
            name: c.category.name.clone(),
            description: c.category.description.clone(),
            sort_order: c.category.sort_order,
            daily_limit: c.category.daily_limit.map_or_else(|| "不限".to_owned(), |n| n.to_string()),
            active: c.category.active,
            items: c.item_ids.len(),
        })
        .collect();
    let profiles = snap
        .windows
        .iter()
        .map(|w| ProfileRow {
            window_id: w.id,
            number: w.number.clone(),
            name: w.name.clone(),
            slots: cats
                .iter()
                .map(|c| Slot {
                    category_id: c.category.id,
                    prefix: c.category.prefix.clone(),
                    name: c.category.name.clone(),
                    position: w.category_ids.iter().position(|x| *x == c.category.id).map(|p| (p + 1).to_string()).unwrap_or_default(),
                })
                .collect(),
        })
        .collect();
    let (pf, errs) = match form {
        Some((f, inv)) => {
            let mut fields = f.fields();
            let errs = attach_errors(&mut fields, &inv);
            (fields, errs)
        }
        None => (PolicyForm::of(&policy).fields(), vec![]),
    };
    Ok(SettingsPage {
        chrome: Some(with_flash(chrome(a, "sites"), flash)),
        csrf: a.csrf.clone(),
        site_id,
        site_name: site.name,
        categories,
        profiles,
        policy: pf,
        policy_errors: errs,
    })
}

async fn settings(State(s): State<AppState>, PageUser(a): PageUser, Path(id): Path<i64>, Query(m): Query<Msg>) -> Response {
    let r = settings_page(&s, &a, id, None, m.msg).await.map(IntoResponse::into_response);
    page(&a, r)
}

async fn save_policy(State(s): State<AppState>, PageUser(a): PageUser, Path(id): Path<i64>, PageForm(f): PageForm<PolicyForm>) -> Response {
    let result = match f.parse() {
        Ok(p) => app::queue::set_policy(&s.app, &a.actor, id, &p).await.map(|_| ()),
        Err(inv) => Err(AppError::Invalid(inv)),
    };
    match result {
        Ok(()) => done(&format!("/admin/sites/{id}/queue"), "叫号规则已保存"),
        Err(AppError::Invalid(inv)) => {
            let r = settings_page(&s, &a, id, Some((f, inv)), None).await.map(unprocessable);
            page(&a, r)
        }
        Err(e) => app_error_page(&e, Some(&a)),
    }
}

/// `o_{category id}` = position in the calling order; blank means the window does not call it.
async fn save_profile(
    State(s): State<AppState>,
    PageUser(a): PageUser,
    Path(id): Path<i64>,
    PageForm(pairs): PageForm<Vec<(String, String)>>,
) -> Response {
    let r = async {
        let (w, _) = app::org::get_window(&s.app, &a.actor, id).await?;
        let mut order: Vec<(i64, i64)> = Vec::new();
        for (k, v) in &pairs {
            let Some(cat) = k.strip_prefix("o_").and_then(|c| c.parse::<i64>().ok()) else { continue };
            match app::support::input::opt_num(k, "呼叫顺序", Some(v)) {
                Ok(Some(pos)) => order.push((pos, cat)),
                Ok(None) => {}
                Err(_) => return Err(Invalid::one("category_ids", format!("呼叫顺序应为整数（收到“{}”）", v.trim())).into()),
            }
        }
        order.sort();
        let cats: Vec<i64> = order.into_iter().map(|(_, c)| c).collect();
        app::queue::set_window_profile(&s.app, &a.actor, id, &cats).await?;
        Ok(done(&format!("/admin/sites/{}/queue", w.site_id), &format!("已保存 {} 号窗口的服务类别", w.number)))
    }
    .await;
    page(&a, r)
}

/// An item to tick in the category form.
struct ItemOpt {
    id: i64,
    label: String,
    checked: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "queue/category_form.html")]
struct CategoryFormPage {
    chrome: Option<Chrome>,
    csrf: String,
    title: String,
    action: String,
    back_href: String,
    fields: Vec<Field>,
    errors: Vec<String>,
    items: Vec<ItemOpt>,
    items_error: Option<String>,
}

/// The category form as posted (an unticked 启用 box arrives as nothing, meaning inactive).
#[derive(Deserialize, Default)]
struct CategoryForm {
    #[serde(default)]
    prefix: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    sort_order: String,
    #[serde(default, deserialize_with = "app::support::input::opt_id")]
    daily_limit: Option<i64>,
    #[serde(default, deserialize_with = "app::support::input::flag")]
    active: bool,
    #[serde(default, deserialize_with = "app::support::input::ids")]
    item_ids: Vec<i64>,
    #[serde(default)]
    name_mn: Option<String>,
}

impl CategoryForm {
    /// The use case's input; a sort order that is not a whole number is reported by field.
    fn input(self) -> (CategoryInput, Option<Invalid>) {
        let (sort_order, bad) = match app::support::input::opt_num("sort_order", "排序", Some(&self.sort_order)) {
            Ok(n) => (n, None),
            Err(e) => (None, Some(e)),
        };
        let i = CategoryInput {
            prefix: self.prefix,
            name: self.name,
            description: self.description,
            sort_order,
            daily_limit: self.daily_limit,
            active: self.active,
            item_ids: self.item_ids,
            name_mn: self.name_mn,
        };
        (i, bad)
    }
}

fn category_fields(i: &CategoryInput) -> Vec<Field> {
    vec![
        Field::new("prefix", "号段前缀", "text", &i.prefix).required().placeholder("A").help("1–2 个英文字母，号码如 A001"),
        Field::new("name", "类别名称", "text", &i.name).required().placeholder("综合受理"),
        Field::new("name_mn", "蒙古文名称", "mongolian", i.name_mn.clone().unwrap_or_default())
            .help("传统蒙古文，叫号屏、取号机和窗口屏竖排显示；不填则只显示汉文"),
        Field::new("description", "说明", "text", &i.description).help("取号机上显示的一句话说明"),
        Field::new("sort_order", "排序", "number", i.sort_order.map(|n| n.to_string()).unwrap_or_default())
            .help("取号机上按此数字从小到大排列"),
        Field::new("daily_limit", "每日放号上限", "number", i.daily_limit.map(|n| n.to_string()).unwrap_or_default()).help("不限请留空"),
        Field::new("active", "启用（可取号）", "checkbox", if i.active { "on" } else { "" }),
    ]
}

async fn category_form(
    s: &AppState,
    a: &Auth,
    site_id: i64,
    title: String,
    action: String,
    i: &CategoryInput,
    inv: Option<&Invalid>,
) -> Result<CategoryFormPage> {
    let site = managed_site(s, a, site_id).await?;
    let items = app::catalog::list_items(&s.app, &a.actor)
        .await?
        .into_iter()
        .filter_map(|x| {
            let cur = x.current?;
            Some(ItemOpt {
                id: x.item.id,
                label: format!("{}（{}）", cur.name, x.item.department_name),
                checked: i.item_ids.contains(&x.item.id),
            })
        })
        .collect();
    let mut fields = category_fields(i);
    let errors = inv.map(|inv| attach_errors(&mut fields, inv)).unwrap_or_default();
    Ok(CategoryFormPage {
        chrome: Some(chrome(a, "sites")),
        csrf: a.csrf.clone(),
        title: format!("{}：{}", title, site.name),
        action,
        back_href: format!("/admin/sites/{site_id}/queue"),
        fields,
        errors,
        items,
        items_error: inv.and_then(|x| x.message_for("item_ids").map(str::to_owned)),
    })
}

async fn category_new(State(s): State<AppState>, PageUser(a): PageUser, Path(id): Path<i64>) -> Response {
    let i = CategoryInput { active: true, ..CategoryInput::default() };
    let r = category_form(&s, &a, id, "新增取号类别".into(), format!("/admin/sites/{id}/queue/categories/new"), &i, None).await;
    page(&a, r.map(IntoResponse::into_response))
}

async fn category_create(
    State(s): State<AppState>,
    PageUser(a): PageUser,
    Path(id): Path<i64>,
    PageForm(f): PageForm<CategoryForm>,
) -> Response {
    let (i, bad) = f.input();
    let r = match bad {
        Some(inv) => Err(AppError::Invalid(inv)),
        None => app::queue::create_category(&s.app, &a.actor, id, &i).await,
    };
    match r {
        Ok(c) => done(&format!("/admin/sites/{id}/queue"), &format!("已新增取号类别“{} {}”", c.category.prefix, c.category.name)),
        Err(e) => category_failed(&s, &a, id, "新增取号类别", format!("/admin/sites/{id}/queue/categories/new"), &i, e).await,
    }
}

async fn category_failed(s: &AppState, a: &Auth, site: i64, title: &str, action: String, i: &CategoryInput, e: AppError) -> Response {
    let (status, inv) = match e {
        AppError::Invalid(inv) => (StatusCode::UNPROCESSABLE_ENTITY, inv),
        AppError::Conflict(msg) => (StatusCode::CONFLICT, Invalid::one("_", msg)),
        other => return app_error_page(&other, Some(a)),
    };
    let r = category_form(s, a, site, title.to_owned(), action, i, Some(&inv)).await.map(|p| (status, p).into_response());
    page(a, r)
}

async fn find_category(s: &AppState, site: i64, id: i64) -> Result<app::queue::CategoryView> {
    app::queue::categories(&s.app, site).await?.into_iter().find(|c| c.category.id == id).ok_or(AppError::NotFound("取号类别"))
}

async fn category_edit(State(s): State<AppState>, PageUser(a): PageUser, Path((site, id)): Path<(i64, i64)>) -> Response {
    let r = async {
        let c = find_category(&s, site, id).await?;
        let i = CategoryInput {
            prefix: c.category.prefix.clone(),
            name: c.category.name.clone(),
            description: c.category.description.clone(),
            sort_order: Some(c.category.sort_order),
            daily_limit: c.category.daily_limit,
            active: c.category.active,
            item_ids: c.item_ids.clone(),
            name_mn: c.category.name_mn.clone(),
        };
        let title = format!("编辑取号类别 {} {}", c.category.prefix, c.category.name);
        Ok(category_form(&s, &a, site, title, format!("/admin/sites/{site}/queue/categories/{id}/edit"), &i, None).await?.into_response())
    }
    .await;
    page(&a, r)
}

async fn category_update(
    State(s): State<AppState>,
    PageUser(a): PageUser,
    Path((site, id)): Path<(i64, i64)>,
    PageForm(f): PageForm<CategoryForm>,
) -> Response {
    if let Err(e) = find_category(&s, site, id).await {
        return app_error_page(&e, Some(&a));
    }
    let (i, bad) = f.input();
    let r = match bad {
        Some(inv) => Err(AppError::Invalid(inv)),
        None => app::queue::update_category(&s.app, &a.actor, id, &i).await,
    };
    match r {
        Ok(c) => done(&format!("/admin/sites/{site}/queue"), &format!("已保存取号类别“{} {}”", c.category.prefix, c.category.name)),
        Err(e) => category_failed(&s, &a, site, "编辑取号类别", format!("/admin/sites/{site}/queue/categories/{id}/edit"), &i, e).await,
    }
}
