//! Rectification orders (整改) raised by bad ratings, and the rating policy.

use chrono::NaiveDate;
use domain::Invalid;
use domain::access::Permission;
use domain::ratings::{self as r, Mode, OrderAction, OrderStatus};
use serde::{Deserialize, Serialize};
use store::Tx;
use store::ratings::{Counts, OrderChange, OrderFilter, OrderRow, PolicyRow};
use utoipa::ToSchema;

use super::rate::*;
use crate::support::audit::record;
use crate::{Actor, App, AppError, Result};

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

pub(super) fn view(o: OrderRow, today: NaiveDate) -> OrderView {
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
pub(super) fn may_see(actor: &Actor, o: &OrderRow, path: &str) -> bool {
    (o.owner_user_id.is_some() && o.owner_user_id == uid(actor))
        || actor.can(Permission::RectifyRatings, path, o.department_id)
        || actor.can(Permission::DecideAppeals, path, None)
        || actor.can(Permission::ViewSupervision, path, None)
}

pub(super) async fn load(tx: &mut Tx, id: i64) -> Result<(OrderRow, String)> {
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
    /// `mine` (the default for staff who handle none of others'), or `all` within one's scope (the
    /// default for those who oversee orders).
    #[serde(default)]
    pub view: Option<String>,
    #[serde(default)]
    pub status: Option<String>,
    /// Only open orders past a deadline today.
    #[serde(default)]
    pub overdue: bool,
    #[serde(default)]
    pub before: Option<i64>,
    /// 1–200, default 50.
    #[serde(default, deserialize_with = "crate::support::input::limit_200")]
    pub limit: Option<i64>,
}

/// The rights that open others' orders: handling them, deciding appeals, supervising.
const OVERSEE: [Permission; 3] = [Permission::RectifyRatings, Permission::DecideAppeals, Permission::ViewSupervision];

/// Whether the actor may open the list of all orders within a scope (`view=all`).
pub fn may_list_all(actor: &Actor) -> bool {
    OVERSEE.iter().any(|p| match actor.scope(*p) {
        store::org::Scope::All => true,
        store::org::Scope::Paths(v) => !v.is_empty(),
    })
}

/// The list a role works on when none is asked for: the scope's orders for those who oversee
/// them, one's own otherwise.
pub fn default_view(actor: &Actor) -> &'static str {
    if may_list_all(actor) { "all" } else { "mine" }
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
    let all = match q.view.as_deref().map(str::trim) {
        None | Some("") => may_list_all(actor),
        Some("all") => true,
        Some("mine") => false,
        Some(v) => return Err(Invalid::one("view", format!("列表“{v}”不存在，应为 mine（我的）或 all（本辖区全部）")).into()),
    };
    let scope = if all {
        let mut paths = Vec::new();
        for p in OVERSEE {
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

pub(super) fn need(field: &str, v: &str, what: &str) -> Result<()> {
    Ok(crate::support::input::need_text(field, v, what)?)
}

/// Takes one action on an order (state machine in `domain::ratings`): the owner or one who
/// handles orders there for the owner's steps, the supervision office for appeal decisions.
pub async fn act(app: &App, actor: &Actor, id: i64, input: &OrderActionInput) -> Result<OrderView> {
    let mut tx = app.write().await?;
    let (o, path) = load(&mut tx, id).await?;
    if !may_see(actor, &o, &path) {
        return Err(AppError::NotFound("整改单"));
    }
    let action = OrderAction::parse(&input.action).ok_or_else(|| Invalid::one("action", format!("未知的整改操作“{}”", input.action)))?;
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
