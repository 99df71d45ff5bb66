//! Appointment pages: the citizen's mobile booking page `/m/sites/{id}/appointments` (category →
//! day → slot with places left → phone and optional ID number → the booking code; and a cancel
//! form), and the staff page `/admin/sites/{id}/appointments` (a day's bookings with their status,
//! the slot templates and the settings). Pages never show a full phone or ID number.

use app::appointments::{AppointmentView, BookingInput, BookingOptions, CancelInput, SlotView, TemplateInput, TemplateView};
use app::{AppError, Result};
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Extension, Router};
use chrono::{Duration, NaiveDate};
use domain::Invalid;
use domain::access::Permission;
use domain::appointments::{Settings, day_label, local};
use serde::Deserialize;

use crate::extract::caller::{Auth, PageUser};
use crate::extract::form::PageForm;
use crate::respond::form::{done_or_again, unprocessable};
use crate::respond::page::{app_error_page, page};
use crate::respond::view::{Chrome, Field, FormPage, attach_errors, chrome, done, opts};
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/m/sites/{id}/appointments", get(mobile).post(mobile_book))
        .route("/m/sites/{id}/appointments/cancel", post(mobile_cancel))
        .route("/admin/sites/{id}/appointments", get(admin))
        .route("/admin/sites/{id}/appointment-templates", post(template_create))
        .route("/admin/appointment-templates/{id}/edit", get(template_edit).post(template_update))
        .route("/admin/appointment-templates/{id}/delete", post(template_delete))
        .route("/admin/sites/{id}/appointment-settings", get(settings_edit).post(settings_update))
}

fn hm(t: chrono::DateTime<chrono::Utc>) -> String {
    local(t).format("%H:%M").to_string()
}

fn when(t: chrono::DateTime<chrono::Utc>) -> String {
    let l = local(t);
    format!("{} {}", day_label(l.date()), l.format("%H:%M"))
}

// ---------------------------------------------------------------- the citizen's page

struct CatChoice {
    id: i64,
    name: String,
    description: String,
    selected: bool,
}

struct DayChoice {
    value: String,
    label: String,
    left: i64,
    selected: bool,
}

struct SlotChoice {
    start: String,
    end: String,
    remaining: i64,
    checked: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "appointments/mobile.html")]
struct MobilePage {
    site_id: i64,
    site_name: String,
    csrf: String,
    categories: Vec<CatChoice>,
    category_id: i64,
    category_name: String,
    days: Vec<DayChoice>,
    day: String,
    day_label: String,
    slots: Vec<SlotChoice>,
    phone: String,
    id_card_no: String,
    errors: Vec<String>,
    cancel_code: String,
    cancel_phone: String,
    cancel_errors: Vec<String>,
    rules: Vec<String>,
}

#[derive(Template, WebTemplate)]
#[template(path = "appointments/mobile_done.html")]
struct DonePage {
    site_id: i64,
    site_name: String,
    cancelled: bool,
    v: AppointmentView,
    day_label: String,
    checkin: String,
    cancel_before: String,
}

#[derive(Deserialize, Default)]
struct StepQuery {
    #[serde(default, deserialize_with = "app::support::input::opt_id")]
    category_id: Option<i64>,
    #[serde(default)]
    day: String,
}

/// The rules a citizen should know before booking, from the hall's settings.
fn rules(s: &Settings) -> Vec<String> {
    let mut r = vec![
        format!("可预约今天起 {} 个工作日内的时段；法定节假日不开放，调休上班日照常开放。", s.days_ahead),
        format!(
            "请在预约时段开始前 {} 分钟至开始后 {} 分钟内，到大厅取号机输入预约码或手机号签到取号。",
            s.checkin_before_min, s.checkin_after_min
        ),
        format!("如需取消，请在时段开始 {} 分钟前在本页取消。", s.cancel_cutoff_min),
        format!("每人每天最多预约 {} 个、每周最多 {} 个时段。", s.daily_quota, s.weekly_quota),
    ];
    if s.no_show_limit > 0 {
        r.push(format!("{} 天内 {} 次预约未签到，将暂停网上预约 {} 天。", s.no_show_window_days, s.no_show_limit, s.no_show_block_days));
    }
    r
}

#[derive(Default)]
struct Filled<'a> {
    category_id: Option<i64>,
    day: &'a str,
    start: &'a str,
    phone: &'a str,
    id_card_no: &'a str,
    errors: Vec<String>,
    cancel: (&'a str, &'a str, Vec<String>),
}

async fn render_mobile(s: &AppState, site_id: i64, csrf: String, f: Filled<'_>) -> Result<MobilePage> {
    let o: BookingOptions = app::appointments::options(&s.app, site_id).await?;
    let category = f.category_id.and_then(|c| o.categories.iter().find(|x| x.id == c));
    let mut days = vec![];
    let mut slots: Vec<SlotView> = vec![];
    if let Some(c) = category {
        let all = app::appointments::slots(&s.app, site_id, Some(c.id), None, None).await?;
        for d in &o.days {
            let left: i64 = all.iter().filter(|x| x.day == *d).map(|x| x.remaining).sum();
            if all.iter().any(|x| x.day == *d) {
                days.push(DayChoice { value: d.to_string(), label: day_label(*d), left, selected: d.to_string() == f.day });
            }
        }
        slots = all.into_iter().filter(|x| x.day.to_string() == f.day).collect();
    }
    let day_label = NaiveDate::parse_from_str(f.day, "%Y-%m-%d").map(day_label).unwrap_or_default();
    Ok(MobilePage {
        site_id,
        site_name: o.site_name.clone(),
        csrf,
        categories: o
            .categories
            .iter()
            .map(|c| CatChoice {
                id: c.id,
                name: c.name.clone(),
                description: c.description.clone(),
                selected: Some(c.id) == f.category_id,
            })
            .collect(),
        category_id: category.map_or(0, |c| c.id),
        category_name: category.map(|c| c.name.clone()).unwrap_or_default(),
        days,
        day: if slots.is_empty() && f.errors.is_empty() { String::new() } else { f.day.to_owned() },
        day_label,
        slots: slots
            .into_iter()
            .map(|x| SlotChoice { checked: x.start == f.start, start: x.start, end: x.end, remaining: x.remaining })
            .collect(),
        phone: f.phone.to_owned(),
        id_card_no: f.id_card_no.to_owned(),
        errors: f.errors,
        cancel_code: f.cancel.0.to_owned(),
        cancel_phone: f.cancel.1.to_owned(),
        cancel_errors: f.cancel.2,
        rules: rules(&o.settings),
    })
}

fn csrf_of(auth: Option<&Extension<Auth>>) -> String {
    auth.map(|a| a.0.csrf.clone()).unwrap_or_default()
}

fn no_store(status: StatusCode, page: impl IntoResponse) -> Response {
    (status, [(header::CACHE_CONTROL, "no-store")], page).into_response()
}

/// The citizen's page `f` with `status`, never cached.
async fn mobile_page(s: &AppState, auth: Option<&Extension<Auth>>, site_id: i64, status: StatusCode, f: Filled<'_>) -> Response {
    match render_mobile(s, site_id, csrf_of(auth), f).await {
        Ok(p) => no_store(status, p),
        Err(e) => app_error_page(&e, None),
    }
}

async fn mobile(State(s): State<AppState>, auth: Option<Extension<Auth>>, Path(id): Path<i64>, Query(q): Query<StepQuery>) -> Response {
    let f = Filled { category_id: q.category_id, day: q.day.trim(), ..Filled::default() };
    mobile_page(&s, auth.as_ref(), id, StatusCode::OK, f).await
}

/// The messages of a failed booking or cancellation, and the status to answer with.
fn failure(e: AppError) -> std::result::Result<(StatusCode, Vec<String>), AppError> {
    match e {
        AppError::Invalid(inv) => Ok((StatusCode::UNPROCESSABLE_ENTITY, inv.fields.into_iter().map(|f| f.message).collect())),
        AppError::Conflict(m) => Ok((StatusCode::CONFLICT, vec![m])),
        other => Err(other),
    }
}

/// The citizen's page again after the failure `e` of a booking or cancellation, `filled` with
/// its messages; any other failure as the error page.
async fn mobile_again<'a>(
    s: &AppState,
    auth: Option<&Extension<Auth>>,
    site_id: i64,
    e: AppError,
    filled: impl FnOnce(Vec<String>) -> Filled<'a>,
) -> Response {
    match failure(e) {
        Ok((status, errors)) => mobile_page(s, auth, site_id, status, filled(errors)).await,
        Err(e) => app_error_page(&e, None),
    }
}

async fn mobile_book(
    State(s): State<AppState>,
    auth: Option<Extension<Auth>>,
    Path(id): Path<i64>,
    PageForm(i): PageForm<BookingInput>,
) -> Response {
    let input = BookingInput { site_id: Some(id), ..i };
    match app::appointments::book(&s.app, &input).await {
        Ok(v) => no_store(StatusCode::CREATED, done_page(&v, false)),
        Err(e) => {
            let filled = |errors| Filled {
                category_id: input.category_id,
                day: input.day.trim(),
                start: input.start.trim(),
                phone: input.phone.trim(),
                id_card_no: input.id_card_no.trim(),
                errors,
                cancel: ("", "", vec![]),
            };
            mobile_again(&s, auth.as_ref(), id, e, filled).await
        }
    }
}

fn done_page(v: &AppointmentView, cancelled: bool) -> DonePage {
    DonePage {
        site_id: v.site_id,
        site_name: v.site_name.clone(),
        cancelled,
        day_label: day_label(v.day),
        checkin: format!("{}–{}", hm(v.checkin_from), hm(v.checkin_to)),
        cancel_before: when(v.cancel_before),
        v: v.clone(),
    }
}

async fn mobile_cancel(
    State(s): State<AppState>,
    auth: Option<Extension<Auth>>,
    Path(id): Path<i64>,
    PageForm(i): PageForm<CancelInput>,
) -> Response {
    let input = CancelInput { site_id: Some(id), ..i };
    match app::appointments::cancel(&s.app, &input).await {
        Ok(v) => no_store(StatusCode::OK, done_page(&v, true)),
        Err(e) => {
            let filled = |errors| Filled { cancel: (input.code.trim(), input.phone.trim(), errors), ..Filled::default() };
            mobile_again(&s, auth.as_ref(), id, e, filled).await
        }
    }
}

// ---------------------------------------------------------------- the staff page

struct BookingLine {
    time: String,
    category: String,
    code: String,
    phone: String,
    id_card: String,
    status: String,
    status_label: String,
    badge: &'static str,
    ticket: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "appointments/admin.html")]
struct AdminPage {
    chrome: Option<Chrome>,
    csrf: String,
    site_id: i64,
    site_name: String,
    day: String,
    day_label: String,
    prev: String,
    next: String,
    today: String,
    lines: Vec<BookingLine>,
    summary: String,
    templates: Vec<TemplateView>,
    can_manage: bool,
    fields: Vec<Field>,
    errors: Vec<String>,
    settings: Vec<(&'static str, String)>,
}

#[derive(Deserialize, Default)]
struct DayQuery {
    #[serde(default)]
    day: String,
    msg: Option<String>,
}

async fn template_fields(s: &AppState, site_id: i64, i: &TemplateInput) -> Result<Vec<Field>> {
    let cats = app::queue::categories(&s.app, site_id).await?;
    let cat_sel = i.category_id.map(|c| vec![c.to_string()]).unwrap_or_default();
    let wd_sel: Vec<String> =
        if i.weekdays.is_empty() { (1..=5).map(|d: i64| d.to_string()).collect() } else { i.weekdays.iter().map(i64::to_string).collect() };
    let names = ["周一", "周二", "周三", "周四", "周五"];
    Ok(vec![
        Field::new("category_id", "取号类别", "select", "")
            .options(opts(cats.iter().map(|c| (c.category.id, format!("{} {}", c.category.prefix, c.category.name))), &cat_sel))
            .required(),
        Field::new("weekdays", "星期", "multiselect", "")
            .options(opts((1..=5).map(|d| (d, names[d as usize - 1])), &wd_sel))
            .help("调休上班的周末按全部工作日模板开放"),
        Field::new("start", "开始时间", "time", &i.start).required(),
        Field::new("end", "结束时间", "time", &i.end).required(),
        Field::new("slot_minutes", "每段分钟数", "number", i.slot_minutes.map(|n| n.to_string()).unwrap_or_default()).required(),
        Field::new("capacity", "每段可约人数", "number", i.capacity.map(|n| n.to_string()).unwrap_or_default()).required(),
        Field::new("effective_from", "生效日期", "date", &i.effective_from).help("留空为今天"),
        Field::new("effective_to", "失效日期", "date", &i.effective_to).help("留空为长期有效"),
    ])
}

fn settings_lines(s: &Settings) -> Vec<(&'static str, String)> {
    vec![
        ("可提前预约", format!("{} 个工作日", s.days_ahead)),
        ("取消截止", format!("时段开始前 {} 分钟", s.cancel_cutoff_min)),
        ("签到时间", format!("开始前 {} 分钟至开始后 {} 分钟", s.checkin_before_min, s.checkin_after_min)),
        ("每人限额", format!("每天 {} 个，每周 {} 个", s.daily_quota, s.weekly_quota)),
        (
            "爽约规则",
            if s.no_show_limit > 0 {
                format!("{} 天内 {} 次未签到，暂停预约 {} 天", s.no_show_window_days, s.no_show_limit, s.no_show_block_days)
            } else {
                "不限制".to_owned()
            },
        ),
    ]
}

async fn render_admin(
    s: &AppState,
    a: &Auth,
    site_id: i64,
    day: &str,
    flash: Option<String>,
    form: (&TemplateInput, Vec<String>),
) -> Result<AdminPage> {
    let site = app::queue::require_view(&s.app, &a.actor, site_id).await?;
    let bookings = app::appointments::day_bookings(&s.app, &a.actor, site_id, Some(day)).await?;
    let templates = app::appointments::templates(&s.app, &a.actor, site_id).await?;
    let settings = app::appointments::settings(&s.app, &a.actor, site_id).await?;
    let can_manage = a.actor.can(Permission::ManageQueue, &site.org_path, None);
    let lines: Vec<BookingLine> = bookings
        .items
        .iter()
        .map(|b| BookingLine {
            time: format!("{}–{}", b.start, b.end),
            category: b.category_name.clone(),
            code: b.code.clone(),
            phone: b.phone_masked.clone(),
            id_card: b.id_masked.clone().unwrap_or_default(),
            badge: match b.status.as_str() {
                "checked_in" => "good",
                "no_show" => "bad",
                _ => "",
            },
            status: b.status.clone(),
            status_label: b.status_label.clone(),
            ticket: b.ticket_id.map(|t| t.to_string()).unwrap_or_default(),
        })
        .collect();
    let count = |st: &str| lines.iter().filter(|l| l.status == st).count();
    let summary = format!(
        "共 {} 个：待签到 {}，已签到 {}，未到 {}，已取消 {}",
        lines.len(),
        count("booked"),
        count("checked_in"),
        count("no_show"),
        count("cancelled")
    );
    let fields = template_fields(s, site_id, form.0).await?;
    let mut c = chrome(a, "sites");
    c.flash = flash;
    let d = bookings.day;
    Ok(AdminPage {
        chrome: Some(c),
        csrf: a.csrf.clone(),
        site_id,
        site_name: site.name,
        day: d.to_string(),
        day_label: day_label(d),
        prev: (d - Duration::days(1)).to_string(),
        next: (d + Duration::days(1)).to_string(),
        today: s.app.clock.today().to_string(),
        lines,
        summary,
        templates,
        can_manage,
        fields,
        errors: form.1,
        settings: settings_lines(&settings),
    })
}

async fn admin(State(s): State<AppState>, PageUser(a): PageUser, Path(id): Path<i64>, Query(q): Query<DayQuery>) -> Response {
    let blank =
        TemplateInput { slot_minutes: Some(30), capacity: Some(5), start: "09:00".into(), end: "12:00".into(), ..TemplateInput::default() };
    let r = render_admin(&s, &a, id, q.day.trim(), q.msg, (&blank, vec![])).await.map(IntoResponse::into_response);
    page(&a, r)
}

async fn template_create(
    State(s): State<AppState>,
    PageUser(a): PageUser,
    Path(id): Path<i64>,
    PageForm(i): PageForm<TemplateInput>,
) -> Response {
    match app::appointments::create_template(&s.app, &a.actor, id, &i).await {
        Ok(t) => done(&format!("/admin/sites/{id}/appointments"), &format!("已添加预约模板：{} {}", t.category_name, t.label)),
        Err(e) => {
            let (status, msgs, inv) = match e {
                AppError::Invalid(inv) => (StatusCode::UNPROCESSABLE_ENTITY, inv.fields.iter().map(|f| f.message.clone()).collect(), inv),
                AppError::Conflict(m) => (StatusCode::CONFLICT, vec![m], Invalid::default()),
                other => return app_error_page(&other, Some(&a)),
            };
            let r = render_admin(&s, &a, id, "", None, (&i, msgs)).await.map(|mut p| {
                attach_errors(&mut p.fields, &inv);
                (status, p).into_response()
            });
            page(&a, r)
        }
    }
}

/// A form of the staff page's settings: `title`, posted to `action`, back to the site's bookings.
fn admin_form(a: &Auth, site_id: i64, title: &'static str, action: String) -> FormPage {
    FormPage::new(a, "sites", title, action, ("预约管理", format!("/admin/sites/{site_id}/appointments")))
}

fn template_form(a: &Auth, id: i64, site_id: i64) -> FormPage {
    admin_form(a, site_id, "编辑预约模板", format!("/admin/appointment-templates/{id}/edit"))
}

fn input_of(t: &TemplateView) -> TemplateInput {
    TemplateInput {
        category_id: Some(t.category_id),
        weekdays: t.weekdays.iter().map(|&d| i64::from(d)).collect(),
        start: t.start.clone(),
        end: t.end.clone(),
        slot_minutes: Some(t.slot_minutes),
        capacity: Some(t.capacity),
        effective_from: t.effective_from.to_string(),
        effective_to: t.effective_to.map(|d| d.to_string()).unwrap_or_default(),
    }
}

async fn template_edit(State(s): State<AppState>, PageUser(a): PageUser, Path(id): Path<i64>) -> Response {
    let r = async {
        let t = app::appointments::get_template(&s.app, &a.actor, id).await?;
        let fields = template_fields(&s, t.site_id, &input_of(&t)).await?;
        Ok(template_form(&a, id, t.site_id).with(fields, vec![]).into_response())
    }
    .await;
    page(&a, r)
}

async fn template_update(
    State(s): State<AppState>,
    PageUser(a): PageUser,
    Path(id): Path<i64>,
    PageForm(i): PageForm<TemplateInput>,
) -> Response {
    let r = async {
        let t = app::appointments::get_template(&s.app, &a.actor, id).await?;
        match app::appointments::update_template(&s.app, &a.actor, id, &i).await {
            Ok(v) => {
                Ok(done(&format!("/admin/sites/{}/appointments", v.site_id), &format!("已保存预约模板：{} {}", v.category_name, v.label)))
            }
            Err(AppError::Invalid(inv)) => {
                let fields = template_fields(&s, t.site_id, &i).await?;
                Ok(unprocessable(template_form(&a, id, t.site_id).refill(fields, &inv)))
            }
            Err(AppError::Conflict(m)) => {
                let fields = template_fields(&s, t.site_id, &i).await?;
                Ok((StatusCode::CONFLICT, template_form(&a, id, t.site_id).with(fields, vec![m])).into_response())
            }
            Err(e) => Err(e),
        }
    }
    .await;
    page(&a, r)
}

async fn template_delete(State(s): State<AppState>, PageUser(a): PageUser, Path(id): Path<i64>) -> Response {
    let r = async {
        let t = app::appointments::get_template(&s.app, &a.actor, id).await?;
        app::appointments::delete_template(&s.app, &a.actor, id).await?;
        Ok(done(&format!("/admin/sites/{}/appointments", t.site_id), &format!("已删除预约模板：{} {}", t.category_name, t.label)))
    }
    .await;
    page(&a, r)
}

/// The settings form as posted: every number as text, checked by field.
#[derive(Deserialize, Default)]
struct SettingsForm {
    #[serde(default)]
    days_ahead: String,
    #[serde(default)]
    cancel_cutoff_min: String,
    #[serde(default)]
    checkin_before_min: String,
    #[serde(default)]
    checkin_after_min: String,
    #[serde(default)]
    daily_quota: String,
    #[serde(default)]
    weekly_quota: String,
    #[serde(default)]
    no_show_limit: String,
    #[serde(default)]
    no_show_window_days: String,
    #[serde(default)]
    no_show_block_days: String,
}

const SETTINGS_LABELS: [(&str, &str, &str); 9] = [
    ("days_ahead", "可提前预约的工作日数", "含今天在内，向后开放的工作日数"),
    ("cancel_cutoff_min", "取消截止（开始前分钟数）", "时段开始前多少分钟停止网上取消"),
    ("checkin_before_min", "提前签到分钟数", "时段开始前多少分钟起可以签到"),
    ("checkin_after_min", "迟到可签到分钟数", "时段开始后多少分钟内仍可签到"),
    ("daily_quota", "每人每日预约上限", "按手机号和身份证号计"),
    ("weekly_quota", "每人每周预约上限", "周一至周日"),
    ("no_show_limit", "爽约次数上限", "0 表示不因爽约暂停预约"),
    ("no_show_window_days", "爽约统计天数", ""),
    ("no_show_block_days", "暂停预约天数", ""),
];

impl SettingsForm {
    fn of(s: &Settings) -> SettingsForm {
        SettingsForm {
            days_ahead: s.days_ahead.to_string(),
            cancel_cutoff_min: s.cancel_cutoff_min.to_string(),
            checkin_before_min: s.checkin_before_min.to_string(),
            checkin_after_min: s.checkin_after_min.to_string(),
            daily_quota: s.daily_quota.to_string(),
            weekly_quota: s.weekly_quota.to_string(),
            no_show_limit: s.no_show_limit.to_string(),
            no_show_window_days: s.no_show_window_days.to_string(),
            no_show_block_days: s.no_show_block_days.to_string(),
        }
    }

    fn values(&self) -> [&str; 9] {
        [
            &self.days_ahead,
            &self.cancel_cutoff_min,
            &self.checkin_before_min,
            &self.checkin_after_min,
            &self.daily_quota,
            &self.weekly_quota,
            &self.no_show_limit,
            &self.no_show_window_days,
            &self.no_show_block_days,
        ]
    }

    fn parse(&self) -> std::result::Result<Settings, Invalid> {
        let mut e = Invalid::default();
        let mut n = [0i64; 9];
        for (k, ((field, label, _), v)) in SETTINGS_LABELS.iter().zip(self.values()).enumerate() {
            match app::support::input::opt_num(field, label, Some(v)) {
                Ok(Some(x)) => n[k] = x,
                Ok(None) => e.push(field, format!("请填写{label}")),
                Err(x) => e.fields.extend(x.fields),
            }
        }
        e.into_result()?;
        Ok(Settings {
            days_ahead: n[0],
            cancel_cutoff_min: n[1],
            checkin_before_min: n[2],
            checkin_after_min: n[3],
            daily_quota: n[4],
            weekly_quota: n[5],
            no_show_limit: n[6],
            no_show_window_days: n[7],
            no_show_block_days: n[8],
        })
    }

    fn fields(&self) -> Vec<Field> {
        SETTINGS_LABELS
            .iter()
            .zip(self.values())
            .map(|((name, label, help), v)| {
                let f = Field::new(name, label, "number", v).required();
                if help.is_empty() { f } else { f.help(help) }
            })
            .collect()
    }
}

fn settings_form(a: &Auth, site_id: i64) -> FormPage {
    admin_form(a, site_id, "预约设置", format!("/admin/sites/{site_id}/appointment-settings"))
}

async fn settings_edit(State(s): State<AppState>, PageUser(a): PageUser, Path(id): Path<i64>) -> Response {
    let r = async {
        let site = app::queue::require_view(&s.app, &a.actor, id).await?;
        a.actor.require(Permission::ManageQueue, &site.org_path, None, "修改该场所的预约设置")?;
        let cur = app::appointments::settings(&s.app, &a.actor, id).await?;
        Ok(settings_form(&a, id).with(SettingsForm::of(&cur).fields(), vec![]).into_response())
    }
    .await;
    page(&a, r)
}

async fn settings_update(
    State(s): State<AppState>,
    PageUser(a): PageUser,
    Path(id): Path<i64>,
    PageForm(f): PageForm<SettingsForm>,
) -> Response {
    let r = match f.parse() {
        Ok(v) => app::appointments::set_settings(&s.app, &a.actor, id, &v).await,
        Err(inv) => Err(inv.into()),
    };
    done_or_again(
        &a,
        r,
        |_| done(&format!("/admin/sites/{id}/appointments"), "预约设置已保存"),
        async |inv| Ok(settings_form(&a, id).refill(f.fields(), &inv)),
    )
    .await
}
