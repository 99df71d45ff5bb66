//! 好差评 (R17): one rating per visit (一次一评, the rating pad at the window or the ticket's QR
//! page) and one per case (一事一评, the portal, the SMS link, a kiosk), on the national form; a
//! bad rating (1–2) opens a rectification order owned by whoever handled the service (谁办理谁负责)
//! with verify and rectify deadlines in working days from the local policy; the owner verifies,
//! rectifies or explains and replies, calls back (mandatory for a real-name rating), or appeals,
//! which the supervision office upholds (the rating leaves the figures, the decision stays) or
//! rejects. Every change keeps `rating_days` exact in the same transaction.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use domain::Invalid;
use domain::access::Permission;
use domain::ratings::{self as r, Form, Mode, OrderAction, OrderStatus};
use serde::{Deserialize, Serialize};
use store::Tx;
use store::accounts::DeviceRow;
use store::ratings::{Counts, NewOrder, NewRating, OrderChange, OrderFilter, OrderRow, PolicyRow, RatingRow};
use utoipa::ToSchema;

use crate::audit::record;
use crate::events::Event;
use crate::input::opt_id;
use crate::portal::Citizen;
use crate::queue::Caller;
use crate::{Actor, App, AppError, Result, cst};

/// Who is rating.
#[derive(Debug, Clone, Copy)]
pub enum Rater<'a> {
    /// A device: the rating pad of a window (visits), a kiosk (cases, with the query code).
    Device(&'a DeviceRow),
    /// A citizen signed in to the portal (their own cases).
    Citizen(&'a Citizen),
    /// Someone with a code: the ticket's follow code or the case's query code (SMS link).
    Public,
    /// Staff may not rate on anyone's behalf.
    Staff,
}

impl<'a> Rater<'a> {
    /// The rater behind a queue caller, a portal session taking precedence.
    pub fn of(caller: Caller<'a>, citizen: Option<&'a Citizen>) -> Rater<'a> {
        match (citizen, caller) {
            (Some(c), _) => Rater::Citizen(c),
            (None, Caller::Device(d)) => Rater::Device(d),
            (None, Caller::Public) => Rater::Public,
            (None, Caller::Staff(_)) => Rater::Staff,
        }
    }
}

/// A rating as submitted (`POST /api/v1/ratings`).
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct RatingInput {
    /// The visit rated (rating pad), or …
    #[serde(default, deserialize_with = "opt_id")]
    pub ticket_id: Option<i64>,
    /// … the case rated, by id or by its number.
    #[serde(default, deserialize_with = "opt_id")]
    pub case_id: Option<i64>,
    #[serde(default)]
    pub case_no: Option<String>,
    /// 1 (非常不满意) … 5 (非常满意).
    #[serde(default)]
    pub level: i64,
    /// pad, qr, web, mobile, sms, kiosk; defaults from who rates.
    #[serde(default)]
    pub channel: Option<String>,
    /// Indicator code → level (see `GET /api/v1/ratings/form`).
    #[serde(default)]
    pub indicators: BTreeMap<String, i64>,
    /// Reason codes of the chosen level.
    #[serde(default)]
    pub reasons: Vec<String>,
    #[serde(default)]
    pub comment: String,
    /// Rate without name: no callback is possible then.
    #[serde(default)]
    pub anonymous: bool,
    /// The ticket's follow code (QR page) …
    #[serde(default)]
    pub follow_code: Option<String>,
    /// … or the case's query code (受理通知书, SMS link).
    #[serde(default)]
    pub query_code: Option<String>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RatingSaved {
    pub id: i64,
    pub ticket_id: Option<i64>,
    pub case_id: Option<i64>,
    pub level: i64,
    pub level_label: String,
    /// The rectification order a bad rating (1–2) opened.
    pub rectification_order_id: Option<i64>,
}

/// The form of one mode: indicators, and the reasons of each level.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct FormView {
    pub mode: String,
    pub mode_label: String,
    pub levels: Vec<Choice>,
    pub indicators: Vec<Choice>,
    /// Per level (as a string key "1"…"5"), its reason options.
    pub reasons: BTreeMap<String, Vec<Choice>>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Choice {
    pub code: String,
    pub label: String,
}

/// The national form of a mode.
pub fn form(mode: Mode) -> FormView {
    let ch = |(c, l): &(&str, &str)| Choice { code: (*c).to_owned(), label: (*l).to_owned() };
    FormView {
        mode: mode.code().to_owned(),
        mode_label: r::mode_label(mode).to_owned(),
        levels: r::LEVELS.iter().map(|(l, s)| Choice { code: l.to_string(), label: (*s).to_owned() }).collect(),
        indicators: mode.indicators().iter().map(ch).collect(),
        reasons: (1..=5).map(|l| (l.to_string(), r::reasons(mode, l).iter().map(ch).collect())).collect(),
    }
}

/// The policy in force for an org unit (its own, an ancestor's, or the defaults).
pub(crate) async fn policy_in(tx: &mut Tx, org_path: &str) -> Result<r::Policy> {
    Ok(match store::ratings::policy_for(tx, org_path).await? {
        None => r::Policy::default(),
        Some(p) => r::Policy {
            late_days: u32::try_from(p.late_days).unwrap_or(7),
            verify_days: u32::try_from(p.verify_days).unwrap_or(1),
            rectify_days: u32::try_from(p.rectify_days).unwrap_or(5),
            remind_after_days: u32::try_from(p.remind_after_days).unwrap_or(3),
        },
    })
}

fn uid(actor: &Actor) -> Option<i64> {
    actor.user_id.map(|u| u.0)
}

fn constant_eq(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// What is being rated, resolved and authorised.
struct Subject {
    rating: NewRatingOwned,
    org_path: String,
    label: String,
    event_site: Option<(i64, Option<i64>)>,
}

struct NewRatingOwned {
    org_unit_id: i64,
    site_id: Option<i64>,
    ticket_id: Option<i64>,
    case_id: Option<i64>,
    window_id: Option<i64>,
    staff_id: Option<i64>,
    department_id: Option<i64>,
    item_id: Option<i64>,
    owner_user_id: Option<i64>,
    phone: Option<(Vec<u8>, String)>,
    served_on: NaiveDate,
}

/// Stores a rating (see the module doc) and, for a bad one, its rectification order.
pub async fn rate(app: &App, rater: Rater<'_>, input: &RatingInput) -> Result<RatingSaved> {
    let is_visit = input.ticket_id.is_some() || input.follow_code.is_some();
    match rater {
        Rater::Staff => return Err(AppError::forbidden("代替群众评价")),
        Rater::Device(d) if is_visit && d.kind != "rating_pad" => return Err(AppError::forbidden("评价其他窗口的服务")),
        _ => {}
    }
    let channel = match (&input.channel, rater, is_visit) {
        (Some(c), _, _) => c.clone(),
        (None, Rater::Device(d), _) if d.kind == "rating_pad" => "pad".to_owned(),
        (None, Rater::Device(_), _) => "kiosk".to_owned(),
        (None, _, true) => "qr".to_owned(),
        (None, Rater::Citizen(_), false) => "web".to_owned(),
        (None, _, false) => "sms".to_owned(),
    };
    let indicators = input.indicators.clone();
    let mode = r::check(&Form {
        level: input.level,
        channel: &channel,
        indicators: &indicators,
        reasons: &input.reasons,
        comment: &input.comment,
    })?;
    // Due dates of a bad rating's order; loaded before the write transaction, as a first load may
    // itself need to write (seeding the calendar).
    let cal = if r::is_bad(input.level) { Some(crate::calendar::calendar(app).await?) } else { None };
    // A case is found and its rater checked first: a wrong query code is counted as a failed
    // look-up (shared with the progress page's limit), which must outlive this request.
    let case_row = if is_visit {
        None
    } else if input.case_id.is_some() || input.case_no.is_some() {
        if mode != Mode::Online {
            return Err(Invalid::one("channel", "办件请通过网上办事大厅、移动端、短信链接或自助终端评价").into());
        }
        Some(case_of(app, rater, input).await?)
    } else {
        return Err(Invalid::one("ticket_id", "请指定要评价的号票（ticket_id）或办件（case_id / case_no）").into());
    };
    let mut tx = app.write().await?;
    let today = app.clock.today();
    let subject = match case_row {
        None => {
            if mode != Mode::Onsite {
                return Err(Invalid::one("channel", "现场服务请在窗口评价器或扫号票二维码评价").into());
            }
            visit(&mut tx, rater, input, &channel).await?
        }
        Some(k) => case(&mut tx, k).await?,
    };
    let policy = policy_in(&mut tx, &subject.org_path).await?;
    if !policy.may_rate(subject.rating.served_on, today) {
        return Err(AppError::Conflict(format!("{}已超过补评期限（办结后 {} 天内可评价），不能再评价", subject.label, policy.late_days)));
    }
    let s = &subject.rating;
    let real_name = !input.anonymous && s.phone.is_some();
    let indicators_json = serde_json::to_string(&indicators).map_err(|e| AppError::Internal(e.to_string()))?;
    let reasons_json = serde_json::to_string(&input.reasons).map_err(|e| AppError::Internal(e.to_string()))?;
    let now = app.clock.now();
    let phone = if real_name { s.phone.as_ref() } else { None };
    let new = NewRating {
        org_unit_id: s.org_unit_id,
        site_id: s.site_id,
        ticket_id: s.ticket_id,
        case_id: s.case_id,
        window_id: s.window_id,
        staff_id: s.staff_id,
        department_id: s.department_id,
        item_id: s.item_id,
        owner_user_id: s.owner_user_id,
        level: input.level,
        mode: mode.code(),
        channel: &channel,
        indicators: &indicators_json,
        reasons: &reasons_json,
        comment: input.comment.trim(),
        real_name,
        rater_phone_enc: phone.map(|p| p.0.as_slice()),
        rater_phone_masked: phone.map(|p| p.1.as_str()),
        served_on: s.served_on,
        rated_at: now,
    };
    let label = subject.label.clone();
    let id = store::ratings::insert_rating(&mut tx, &new).await.map_err(|e| match e {
        store::StoreError::Duplicate(_) => AppError::Conflict(format!("{label}已经评价过了，每次服务只能评价一次")),
        other => other.into(),
    })?;
    let row = store::ratings::get_rating(&mut tx, id).await?.ok_or(AppError::NotFound("评价"))?;
    let order_id = if r::is_bad(input.level) {
        let cal = cal.as_deref().ok_or_else(|| AppError::Internal("calendar not loaded for a bad rating".to_owned()))?;
        let (verify_due_on, rectify_due_on) = policy.due_dates(cal, today);
        Some(
            store::ratings::insert_order(
                &mut tx,
                &NewOrder {
                    rating_id: id,
                    org_unit_id: s.org_unit_id,
                    site_id: s.site_id,
                    department_id: s.department_id,
                    owner_user_id: s.owner_user_id,
                    real_name,
                    opened_on: today,
                    verify_due_on,
                    rectify_due_on,
                },
                now,
            )
            .await?,
        )
    } else {
        None
    };
    apply_counts(&mut tx, &row, Counts::default(), order_id.map(|_| ("verifying", false))).await?;
    tx.commit().await?;
    let saved = RatingSaved {
        id,
        ticket_id: s.ticket_id,
        case_id: s.case_id,
        level: input.level,
        level_label: r::level_label(input.level).unwrap_or_default().to_owned(),
        rectification_order_id: order_id,
    };
    if let Some((site_id, window_id)) = subject.event_site {
        app.publish(Event::new(site_id, window_id, "rating_saved", &saved, now.timestamp_millis()));
    }
    Ok(saved)
}

/// Adds a rating's contribution now minus `before` to its day.
async fn apply_counts(tx: &mut Tx, row: &RatingRow, before: Counts, order: Option<(&str, bool)>) -> Result<()> {
    let after = Counts::of(row.level, row.final_level, row.real_name, row.excluded, order);
    if let Some(k) = store::ratings::key_of(row) {
        store::ratings::add_day(tx, &k, &after.minus(&before)).await?;
    }
    Ok(())
}

async fn visit(tx: &mut Tx, rater: Rater<'_>, input: &RatingInput, channel: &str) -> Result<Subject> {
    let t = match (&input.follow_code, input.ticket_id) {
        (Some(code), _) => store::queue::find_ticket_by_follow_code(tx, code).await?,
        (None, Some(id)) => store::queue::find_ticket(tx, id).await?,
        (None, None) => None,
    }
    .ok_or(AppError::NotFound("号票"))?;
    match rater {
        Rater::Device(d) if d.kind == "rating_pad" && d.window_id.is_some() && d.window_id == t.window_id && channel == "pad" => {}
        Rater::Device(_) => return Err(AppError::forbidden("评价其他窗口的服务")),
        Rater::Public | Rater::Citizen(_) if input.follow_code.is_some() && channel != "pad" => {}
        Rater::Public | Rater::Citizen(_) => return Err(AppError::Unauthorized("请通过号票上的二维码评价".to_owned())),
        Rater::Staff => return Err(AppError::forbidden("代替群众评价")),
    }
    if t.status != domain::queue::TicketStatus::Done.code() {
        return Err(AppError::Conflict(format!("{} 号还没有办结，办结后才能评价", t.ticket_no)));
    }
    let served_on = t.finished_at.map_or(t.day, |f| f.with_timezone(&cst()).date_naive());
    let (owner, department) = match t.staff_id {
        Some(sid) => {
            let staff = store::org::find_staff(tx, sid).await?;
            (store::ratings::user_of_staff(tx, sid).await?, staff.map(|s| s.department_id))
        }
        None => (None, None),
    };
    let org_path = store::org::get_org_unit(tx, t.org_unit_id).await?.path;
    Ok(Subject {
        rating: NewRatingOwned {
            org_unit_id: t.org_unit_id,
            site_id: Some(t.site_id),
            ticket_id: Some(t.id),
            case_id: None,
            window_id: t.window_id,
            staff_id: t.staff_id,
            department_id: department,
            item_id: t.item_id,
            owner_user_id: owner,
            phone: store::ratings::ticket_phone(tx, t.id).await?,
            served_on,
        },
        org_path,
        label: format!("{} 号", t.ticket_no),
        event_site: Some((t.site_id, t.window_id)),
    })
}

/// The case statuses after which a case may be rated (the service has ended).
pub(crate) const RATABLE: &[&str] = &["completed", "not_accepted"];

/// The case a rating is for, once the rater is shown to be its applicant: a portal session with
/// the applicant's phone, or the case's query code (public page, SMS, kiosk).
async fn case_of(app: &App, rater: Rater<'_>, input: &RatingInput) -> Result<store::cases::CaseRow> {
    let refused = || AppError::forbidden("评价他人的办件（请使用受理通知书中的办件编号和查询码，或登录本人账号）");
    let mut tx = app.read().await?;
    let found = match (input.case_id, input.case_no.as_deref().map(str::trim)) {
        (Some(id), _) => store::cases::find_case(&mut tx, id).await?,
        (None, Some(no)) => store::cases::find_by_no(&mut tx, no).await?,
        (None, None) => None,
    };
    let code = input.query_code.as_deref().map(str::trim).filter(|c| !c.is_empty());
    let k = match (rater, code) {
        (Rater::Staff, _) => return Err(AppError::forbidden("代替群众评价")),
        (Rater::Device(d), _) if d.kind != "kiosk" => return Err(refused()),
        (Rater::Citizen(c), None) => {
            let k = found.ok_or(AppError::NotFound("办件"))?;
            let mine = store::ratings::case_phone_hash(&mut tx, k.id).await?.is_some_and(|h| constant_eq(&h, &c.phone_hash));
            if !mine {
                return Err(refused());
            }
            k
        }
        (_, Some(code)) => {
            drop(tx);
            // An unknown id and a wrong code answer alike; both count against the number.
            let no = match (&found, input.case_no.as_deref()) {
                (Some(k), _) => k.case_no.clone(),
                (None, Some(no)) => no.trim().to_owned(),
                (None, None) => return Err(refused()),
            };
            match crate::portal::case_by_code(app, &no, code).await {
                Ok(k) if input.case_id.is_none_or(|id| id == k.id) => k,
                Ok(_) | Err(AppError::Invalid(_)) => return Err(refused()),
                Err(e) => return Err(e),
            }
        }
        (_, None) => return Err(refused()),
    };
    if !RATABLE.contains(&k.status.as_str()) {
        return Err(AppError::Conflict(format!("办件 {} 尚未办结，办结后才能评价", k.case_no)));
    }
    Ok(k)
}

async fn case(tx: &mut Tx, k: store::cases::CaseRow) -> Result<Subject> {
    Ok(Subject {
        rating: NewRatingOwned {
            org_unit_id: k.org_unit_id,
            site_id: Some(k.site_id),
            ticket_id: None,
            case_id: Some(k.id),
            window_id: k.window_id,
            staff_id: None,
            department_id: Some(k.department_id),
            item_id: Some(k.item_id),
            // 谁办理谁负责: who decided, else who reviewed, else who took it in.
            owner_user_id: k.decided_by.or(k.reviewer_id).or(k.accepted_by).or(k.intake_user_id),
            phone: store::ratings::case_phone(tx, k.id).await?,
            served_on: k.updated_at.with_timezone(&cst()).date_naive(),
        },
        org_path: k.org_path.clone(),
        label: format!("办件 {} ", k.case_no),
        event_site: None,
    })
}

// ---------------------------------------------------------------- rectification orders

/// An order as the pages and the API show it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct OrderView {
    #[serde(flatten)]
    #[schema(value_type = Object)]
    pub order: OrderRow,
    pub status_label: String,
    pub level_label: String,
    pub reasons_labels: Vec<String>,
    /// Overdue on today: verification or rectification past its deadline.
    pub overdue: bool,
    pub allowed: Vec<&'static str>,
    /// The supervision reminders it has caused, with whom they reached (on a single order only).
    #[schema(value_type = Vec<Object>)]
    pub reminders: Vec<store::ratings::OrderReminderRow>,
}

fn view(o: OrderRow, today: NaiveDate) -> OrderView {
    let status = OrderStatus::parse(&o.status).unwrap_or(OrderStatus::Closed);
    let mode = Mode::parse(&o.mode).unwrap_or(Mode::Onsite);
    let codes: Vec<String> = serde_json::from_str(&o.reasons).unwrap_or_default();
    let options = r::reasons(mode, o.level);
    let reasons_labels =
        codes.iter().map(|c| options.iter().find(|(x, _)| x == c).map_or_else(|| c.clone(), |(_, l)| (*l).to_owned())).collect();
    let overdue = match status {
        OrderStatus::Verifying => o.verify_due_on < today,
        OrderStatus::Rectifying => o.rectify_due_on < today,
        _ => false,
    };
    OrderView {
        status_label: status.label().to_owned(),
        level_label: r::level_label(o.level).unwrap_or_default().to_owned(),
        reasons_labels,
        overdue,
        allowed: r::allowed(status, o.real_name).into_iter().map(OrderAction::code).collect(),
        reminders: Vec::new(),
        order: o,
    }
}

/// Whether the actor may see an order: its owner, or one who handles or supervises orders there.
fn may_see(actor: &Actor, o: &OrderRow, path: &str) -> bool {
    (o.owner_user_id.is_some() && o.owner_user_id == uid(actor))
        || actor.can(Permission::RectifyRatings, path, o.department_id)
        || actor.can(Permission::DecideAppeals, path, None)
        || actor.can(Permission::ViewSupervision, path, None)
}

async fn load(tx: &mut Tx, id: i64) -> Result<(OrderRow, String)> {
    let o = store::ratings::get_order(tx, id).await?.ok_or(AppError::NotFound("整改单"))?;
    let path = store::org::get_org_unit(tx, o.org_unit_id).await?.path;
    Ok((o, path))
}

pub async fn get_order(app: &App, actor: &Actor, id: i64) -> Result<OrderView> {
    let mut tx = app.read().await?;
    let (o, path) = load(&mut tx, id).await?;
    if !may_see(actor, &o, &path) {
        return Err(AppError::NotFound("整改单"));
    }
    let reminders = store::ratings::order_reminders(&mut tx, id).await?;
    Ok(OrderView { reminders, ..view(o, app.clock.today()) })
}

/// Which orders to list.
#[derive(Debug, Clone, Default, Deserialize, ToSchema, utoipa::IntoParams)]
pub struct OrderQuery {
    /// `mine` (default for staff who handle none of others'), or `all` within one's scope.
    #[serde(default)]
    pub view: Option<String>,
    #[serde(default)]
    pub status: Option<String>,
    /// Only open orders past a deadline today.
    #[serde(default)]
    pub overdue: bool,
    #[serde(default)]
    pub before: Option<i64>,
    #[serde(default)]
    pub limit: Option<i64>,
}

/// The orders the actor owns, or (`view=all`) those within the scope where they handle or
/// supervise orders; newest first.
pub async fn list_orders(app: &App, actor: &Actor, q: &OrderQuery) -> Result<OrderPage> {
    if let Some(s) = &q.status
        && OrderStatus::parse(s).is_none()
    {
        return Err(Invalid::one("status", format!("未知的整改单状态“{s}”")).into());
    }
    let today = app.clock.today();
    let all = q.view.as_deref() == Some("all");
    let scope = if all {
        let mut paths = Vec::new();
        for p in [Permission::RectifyRatings, Permission::DecideAppeals, Permission::ViewSupervision] {
            match actor.scope(p) {
                store::org::Scope::All => {
                    paths.clear();
                    paths.push(None);
                    break;
                }
                store::org::Scope::Paths(v) => paths.extend(v.into_iter().map(Some)),
            }
        }
        if paths.is_empty() {
            return Err(AppError::forbidden("查看他人的整改单"));
        }
        if paths.contains(&None) { store::org::Scope::All } else { store::org::Scope::Paths(paths.into_iter().flatten().collect()) }
    } else {
        store::org::Scope::All
    };
    let filter = OrderFilter {
        owner_user_id: if all { None } else { Some(uid(actor).unwrap_or(-1)) },
        status: q.status.clone(),
        overdue_on: q.overdue.then_some(today),
    };
    let mut tx = app.read().await?;
    let limit = q.limit.unwrap_or(50).clamp(1, 200);
    let rows = store::ratings::list_orders(&mut tx, &scope, &filter, q.before.unwrap_or(i64::MAX), limit).await?;
    let next_cursor = if i64::try_from(rows.len()).unwrap_or(0) == limit { rows.last().map(|o| o.id.to_string()) } else { None };
    Ok(OrderPage { items: rows.into_iter().map(|o| view(o, today)).collect(), next_cursor })
}

/// A page of orders; `next_cursor` is the `before` of the next page.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct OrderPage {
    pub items: Vec<OrderView>,
    pub next_cursor: Option<String>,
}

/// An action on an order (`POST /api/v1/rectifications/{id}/actions`).
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct OrderActionInput {
    pub action: String,
    /// verify: what was found (核实情况).
    #[serde(default)]
    pub finding: String,
    /// reply: immediate, ledger or explain.
    #[serde(default)]
    pub resolution: Option<String>,
    /// reply: what was done (整改措施).
    #[serde(default)]
    pub note: String,
    /// reply: the answer given to the rater (required).
    #[serde(default)]
    pub reply: String,
    /// callback: whether the rater was satisfied.
    #[serde(default)]
    pub satisfied: Option<bool>,
    /// callback: a re-rating the rater gave (1–5), if any.
    #[serde(default)]
    pub rerate_level: Option<i64>,
    /// appeal: why the rating is mistaken or malicious; uphold/reject: the decision.
    #[serde(default)]
    pub reason: String,
}

fn need(field: &str, v: &str, what: &str) -> Result<()> {
    Ok(crate::input::need_text(field, v, what)?)
}

/// Takes one action on an order (state machine in `domain::ratings`): the owner or one who
/// handles orders there for the owner's steps, the supervision office for appeal decisions.
pub async fn act(app: &App, actor: &Actor, id: i64, input: &OrderActionInput) -> Result<OrderView> {
    let action = OrderAction::parse(&input.action).ok_or_else(|| Invalid::one("action", format!("未知的整改操作“{}”", input.action)))?;
    let mut tx = app.write().await?;
    let (o, path) = load(&mut tx, id).await?;
    if !may_see(actor, &o, &path) {
        return Err(AppError::NotFound("整改单"));
    }
    if action.is_supervisor() {
        actor.require(Permission::DecideAppeals, &path, None, "复核申诉")?;
    } else if (o.owner_user_id.is_none() || o.owner_user_id != uid(actor)) && !actor.can(Permission::RectifyRatings, &path, o.department_id)
    {
        return Err(AppError::forbidden("处理他人的整改单"));
    }
    let from = OrderStatus::parse(&o.status).unwrap_or(OrderStatus::Closed);
    let Some(to) = r::next(from, action, o.real_name) else {
        let allowed: Vec<&'static str> = r::allowed(from, o.real_name).into_iter().map(OrderAction::code).collect();
        let why = if action == OrderAction::Close && o.real_name {
            "实名差评必须回访后才能办结".to_owned()
        } else {
            format!("整改单{}，不能{}", from.label(), action.label())
        };
        return Err(AppError::Transition { message: why, allowed });
    };
    let me = uid(actor);
    let mut ch = OrderChange { status: to.code(), closes: !to.is_open(), ..OrderChange::default() };
    match action {
        OrderAction::Verify => {
            need("finding", &input.finding, "核实情况")?;
            ch.verified_by = me;
            ch.finding = Some(input.finding.trim());
        }
        OrderAction::Reply => {
            let res = input.resolution.as_deref().unwrap_or("");
            if !r::RESOLUTIONS.iter().any(|(c, _)| *c == res) {
                return Err(Invalid::one("resolution", "请选择处理方式：立行立改、限期整改或解释说明").into());
            }
            if res != "explain" {
                need("note", &input.note, "整改措施")?;
            }
            need("reply", &input.reply, "给评价人的回复（未回复不能办结）")?;
            ch.resolution = Some(res);
            ch.rectify_note = Some(input.note.trim());
            ch.reply = Some(input.reply.trim());
            ch.replied_by = me;
        }
        OrderAction::Callback => {
            need("note", &input.note, "回访记录")?;
            if input.satisfied.is_none() {
                return Err(Invalid::one("satisfied", "请记录评价人对整改是否满意").into());
            }
            if let Some(l) = input.rerate_level
                && r::level_label(l).is_none()
            {
                return Err(Invalid::one("rerate_level", "重新评价的等级应为 1–5").into());
            }
            ch.callback_by = me;
            ch.callback_note = Some(input.note.trim());
            ch.callback_satisfied = input.satisfied;
        }
        OrderAction::Close => {}
        OrderAction::Appeal => {
            need("reason", &input.reason, "申诉理由")?;
            ch.appealed_by = me;
            ch.appeal_reason = Some(input.reason.trim());
        }
        OrderAction::UpholdAppeal | OrderAction::RejectAppeal => {
            need("reason", &input.reason, "复核意见")?;
            ch.appeal_decided_by = me;
            ch.appeal_decision = Some(input.reason.trim());
        }
    }
    let rating = store::ratings::get_rating(&mut tx, o.rating_id).await?.ok_or(AppError::NotFound("评价"))?;
    let before =
        Counts::of(rating.level, rating.final_level, rating.real_name, rating.excluded, Some((&o.status, o.callback_at.is_some())));
    let now = app.clock.now();
    if !store::ratings::change_order(&mut tx, id, &o.status, &ch, now).await? {
        return Err(AppError::Conflict("整改单刚被他人处理，请刷新后重试".to_owned()));
    }
    if action == OrderAction::UpholdAppeal {
        store::ratings::set_excluded(&mut tx, rating.id).await?;
    }
    if let (OrderAction::Callback, Some(l)) = (action, input.rerate_level) {
        store::ratings::set_final_level(&mut tx, rating.id, l, now).await?;
    }
    let rating = store::ratings::get_rating(&mut tx, o.rating_id).await?.ok_or(AppError::NotFound("评价"))?;
    let called_back = o.callback_at.is_some() || action == OrderAction::Callback;
    apply_counts(&mut tx, &rating, before, Some((to.code(), called_back))).await?;
    let (after, _) = load(&mut tx, id).await?;
    record(app, &mut tx, actor, &format!("rectification.{}", action.code()), "rectification_order", id, &path, Some(&o), Some(&after))
        .await?;
    tx.commit().await?;
    Ok(view(after, app.clock.today()))
}

// ---------------------------------------------------------------- policy

/// The rating policy in force at an org unit.
pub async fn get_policy(app: &App, actor: &Actor, org_unit_id: i64) -> Result<r::Policy> {
    let mut tx = app.read().await?;
    let path = store::org::get_org_unit(&mut tx, org_unit_id).await?.path;
    if !(actor.can(Permission::DecideAppeals, &path, None) || actor.can(Permission::RectifyRatings, &path, None)) {
        return Err(AppError::forbidden("查看评价规则"));
    }
    policy_in(&mut tx, &path).await
}

/// Sets an org unit's rating policy (local policy; the supervision office).
pub async fn put_policy(app: &App, actor: &Actor, org_unit_id: i64, p: &r::Policy) -> Result<r::Policy> {
    p.check()?;
    let mut tx = app.write().await?;
    let path = store::org::get_org_unit(&mut tx, org_unit_id).await?.path;
    actor.require(Permission::DecideAppeals, &path, None, "设置评价规则")?;
    let before = policy_in(&mut tx, &path).await?;
    let row = PolicyRow {
        org_unit_id,
        late_days: i64::from(p.late_days),
        verify_days: i64::from(p.verify_days),
        rectify_days: i64::from(p.rectify_days),
        remind_after_days: i64::from(p.remind_after_days),
    };
    store::ratings::put_policy(&mut tx, &row, uid(actor), app.clock.now()).await?;
    record(app, &mut tx, actor, "rating_policy.put", "org_unit", org_unit_id, &path, Some(&before), Some(p)).await?;
    tx.commit().await?;
    Ok(*p)
}

// ---------------------------------------------------------------- invitations

/// Days after a case became due for its re-invitation in which one is still sent (catch-up).
const REMIND_CATCH_UP_DAYS: i64 = 7;

/// Sends the second invitation to rate (短信邀评) to applicants of cases completed at least the
/// policy's `remind_after_days` ago and still inside its late-rating window, unrated and not yet
/// reminded; once per case (outbox key `rate-remind-{id}`). Answers how many were queued.
pub async fn remind_unrated(app: &App) -> Result<u64> {
    let now = app.clock.now();
    let mut queued = 0;
    let mut after = 0;
    // Cases become due at their policy's delay, and the loop runs every few minutes, so it looks
    // back only over the longest delay in force plus a week of catch-up (a server that was down),
    // not over every completed case; each case is then judged by its own org unit's policy.
    let longest = {
        let mut tx = app.read().await?;
        store::ratings::max_remind_after_days(&mut tx).await?.unwrap_or(0).max(i64::from(r::Policy::default().remind_after_days))
    };
    let (from, to) = (now - chrono::Duration::days(longest + REMIND_CATCH_UP_DAYS + 1), now - chrono::Duration::days(1));
    let today = app.clock.today();
    loop {
        let mut tx = app.read().await?;
        let batch = store::ratings::unrated_completed(&mut tx, from, to, after, 500).await?;
        let mut policies: BTreeMap<String, r::Policy> = BTreeMap::new();
        let mut due = Vec::new();
        for k in &batch {
            let p = match policies.get(&k.org_path) {
                Some(p) => *p,
                None => {
                    let p = policy_in(&mut tx, &k.org_path).await?;
                    policies.insert(k.org_path.clone(), p);
                    p
                }
            };
            let ended = k.updated_at.with_timezone(&cst()).date_naive();
            let waited = (today - ended).num_days();
            if waited >= i64::from(p.remind_after_days) && p.may_rate(ended, today) {
                due.push(k);
            }
        }
        drop(tx);
        if !due.is_empty() {
            let mut tx = app.write().await?;
            for k in due {
                let phone = app.cipher.decrypt(&k.phone_enc)?;
                let body = format!("{}{}", crate::cases::completed_text(&k.item_name, &k.case_no), crate::cases::RATE_HINT);
                let m = crate::outbox::NewMessage {
                    org_unit_id: k.org_unit_id,
                    kind: "rating_invite",
                    phone: &phone,
                    body,
                    idempotency_key: format!("rate-remind-{}", k.id),
                };
                crate::outbox::enqueue(app, &mut tx, m).await?;
                queued += 1;
            }
            tx.commit().await?;
        }
        match batch.last() {
            Some(k) if batch.len() == 500 => after = k.id,
            _ => break,
        }
    }
    if queued > 0 {
        tracing::info!(queued, "invited applicants of unrated cases to rate again");
    }
    Ok(queued)
}

// ---------------------------------------------------------------- overdue orders

/// What one sweep of overdue orders did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, ToSchema)]
pub struct OrderSweep {
    /// Open orders past a deadline.
    pub overdue: usize,
    /// Reminders recorded (in-app and SMS), each once per order, level and person.
    pub reminders: usize,
    /// Texts queued.
    pub texts: usize,
}

/// The level an overdue order stands at on `today` (local policy, like the cases' ladder): 1 (提醒)
/// while only the verification is late, 2 (黄牌) once the rectification deadline has passed, 3
/// (红牌) two working days after that.
pub fn order_level(cal: &domain::calendar::Calendar, o: &store::ratings::OverdueOrder, today: NaiveDate) -> i64 {
    if o.rectify_due_on >= today {
        1
    } else if cal.add_working_days(o.rectify_due_on, 2) < today {
        3
    } else {
        2
    }
}

/// Overdue rectification orders join the three-level supervision: level 1 reaches the owner,
/// level 2 also the department's heads, level 3 also the supervision office and leadership; each
/// in-app and, where the person has a mobile on record, by text, once per order, level and person.
pub async fn sweep_orders(app: &App) -> Result<OrderSweep> {
    let today = app.clock.today();
    let cal = crate::calendar::calendar(app).await?;
    let mut tx = app.read().await?;
    let overdue = store::ratings::overdue_orders(&mut tx, today).await?;
    let mut rows = Vec::new();
    let mut phones: BTreeMap<i64, Option<Vec<u8>>> = BTreeMap::new();
    for o in &overdue {
        let level = order_level(&cal, o, today);
        let mut to: Vec<(i64, &'static str)> = o.owner_user_id.map(|u| (u, "owner")).into_iter().collect();
        if level >= 2 {
            let heads = store::cases::users_with_role(&mut tx, "dept_head", &o.org_path, o.department_id).await?;
            to.extend(heads.into_iter().map(|u| (u, "dept_head")));
        }
        if level >= 3 {
            for role in ["supervisor", "leader"] {
                let people = store::cases::users_with_role(&mut tx, role, &o.org_path, None).await?;
                to.extend(people.into_iter().map(|u| (u, role)));
            }
        }
        to.sort_unstable();
        to.dedup_by_key(|x| x.0);
        for (user_id, role) in to {
            let base = store::ratings::NewOrderReminder {
                order_id: o.id,
                org_unit_id: o.org_unit_id,
                level,
                recipient_role: role,
                user_id,
                channel: "in_app",
            };
            if let std::collections::btree_map::Entry::Vacant(e) = phones.entry(user_id) {
                e.insert(store::cases::user_phone_enc(&mut tx, user_id).await?);
            }
            if phones.get(&user_id).is_some_and(Option::is_some) {
                rows.push(store::ratings::NewOrderReminder { channel: "sms", ..base.clone() });
            }
            rows.push(base);
        }
    }
    drop(tx);
    let mut report = OrderSweep { overdue: overdue.len(), ..OrderSweep::default() };
    if rows.is_empty() {
        return Ok(report);
    }
    let now = app.clock.now();
    let mut tx = app.write().await?;
    let fresh = store::ratings::insert_order_reminders(&mut tx, &rows, now).await?;
    report.reminders = fresh.len();
    for r in fresh.iter().filter(|r| r.channel == "sms") {
        let Some(Some(enc)) = phones.get(&r.user_id) else { continue };
        let phone = app.cipher.decrypt(enc)?;
        let body = match r.level {
            1 => format!("【差评整改提醒】整改单 {} 核实已超期，请尽快核实并整改。", r.order_id),
            2 => format!("【差评整改黄牌】整改单 {} 已超过整改时限，请督促办理并回复评价人。", r.order_id),
            _ => format!("【差评整改红牌】整改单 {} 超期未整改，已列入效能督办。", r.order_id),
        };
        let m = crate::outbox::NewMessage {
            org_unit_id: r.org_unit_id,
            kind: "rectification_reminder",
            phone: &phone,
            body,
            idempotency_key: format!("order-remind-{}-{}-{}", r.order_id, r.level, r.user_id),
        };
        crate::outbox::enqueue(app, &mut tx, m).await?;
        report.texts += 1;
    }
    tx.commit().await?;
    if report.reminders > 0 {
        tracing::info!(overdue = report.overdue, reminders = report.reminders, texts = report.texts, "rectification order sweep");
    }
    Ok(report)
}
