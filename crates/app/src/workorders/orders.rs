//! Work orders (工单, R17 / R15): taken down from the 12345 hotline or at the 办不成事 window
//! ([`Permission::RegisterWorkOrders`]), routed to a department by the dispatcher (hall manager,
//! supervision: [`Permission::DispatchWorkOrders`]), signed off and answered by that department
//! (`ReviewCases` for it) within the working-day deadlines of its kind, then called back: a
//! satisfied citizen closes it, an unsatisfied one reopens it. A complaint against a staff member
//! carries the verification with the answer; an unfounded one is cleared on the record (澄清).
//! Every step is a conditional update on the state it started from, with a trail row and an
//! audit entry; the contact's phone is encrypted and shown masked.

use domain::Invalid;
use domain::access::Permission;
use domain::workorders::{Action, Deadlines, Kind, Status, VERIFICATIONS, allowed, channel_label, next};
use serde::{Deserialize, Serialize};
use store::Tx;
use store::workorders::{Change, EventRow, NewEvent, NewWorkOrder, PolicyRow, WorkOrderRow};
use utoipa::ToSchema;

use crate::support::audit::record;
use crate::support::input::opt_id;
use crate::{Actor, App, AppError, Result};

fn uid(actor: &Actor) -> Option<i64> {
    actor.user_id.map(|u| u.0)
}

/// A work order as taken down (`POST /api/v1/work-orders`).
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct WorkOrderInput {
    /// The org unit it belongs to (a town's orders to the town); defaults to the actor's first.
    #[serde(default, deserialize_with = "opt_id")]
    pub org_unit_id: Option<i64>,
    #[serde(default, deserialize_with = "opt_id")]
    pub site_id: Option<i64>,
    /// hotline (12345), cannot_do (办不成事窗口), online, letter.
    #[serde(default)]
    pub channel: String,
    /// consultation, help, complaint, suggestion.
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub category: String,
    #[serde(default)]
    pub content: String,
    #[serde(default)]
    pub contact_name: String,
    #[serde(default)]
    pub contact_phone: String,
    #[serde(default, deserialize_with = "opt_id")]
    pub case_id: Option<i64>,
    #[serde(default, deserialize_with = "opt_id")]
    pub item_id: Option<i64>,
    /// A complaint against this staff member.
    #[serde(default, deserialize_with = "opt_id")]
    pub staff_id: Option<i64>,
    /// Route at once to this department.
    #[serde(default, deserialize_with = "opt_id")]
    pub department_id: Option<i64>,
}

/// A work order as the API and pages show it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct WorkOrderView {
    #[serde(flatten)]
    #[schema(value_type = Object)]
    pub order: WorkOrderRow,
    pub channel_label: String,
    pub kind_label: String,
    pub status_label: String,
    /// Past its sign-off or reply deadline today.
    pub overdue: bool,
    pub allowed: Vec<&'static str>,
    #[schema(value_type = Vec<Object>)]
    pub events: Vec<EventRow>,
}

fn view(o: WorkOrderRow, events: Vec<EventRow>, today: chrono::NaiveDate) -> WorkOrderView {
    let status = Status::parse(&o.status).unwrap_or(Status::Closed);
    let overdue = match status {
        Status::Assigned => o.sign_due_on.is_some_and(|d| d < today),
        Status::Signed => o.reply_due_on.is_some_and(|d| d < today),
        _ => false,
    };
    WorkOrderView {
        channel_label: channel_label(&o.channel).unwrap_or_default().to_owned(),
        kind_label: Kind::parse(&o.kind).map_or("", Kind::label).to_owned(),
        status_label: status.label().to_owned(),
        overdue,
        allowed: allowed(status).into_iter().map(Action::code).collect(),
        events,
        order: o,
    }
}

/// The deadlines in force at an org unit.
async fn deadlines_in(tx: &mut Tx, path: &str) -> Result<Deadlines> {
    Ok(match store::workorders::policy_for(tx, path).await? {
        None => Deadlines::default(),
        Some(p) => {
            let d = |v: i64, def: u32| u32::try_from(v).unwrap_or(def);
            Deadlines {
                sign_days: d(p.sign_days, 1),
                consultation_days: d(p.consultation_days, 2),
                help_days: d(p.help_days, 5),
                complaint_days: d(p.complaint_days, 5),
                suggestion_days: d(p.suggestion_days, 5),
            }
        }
    })
}

fn check(input: &WorkOrderInput) -> std::result::Result<(Kind, Option<domain::validate::Mobile>), Invalid> {
    let mut bad = Invalid::default();
    if channel_label(&input.channel).is_none() {
        bad.push("channel", "请选择工单来源：12345 热线、办不成事窗口、网上留言或来信来访");
    }
    let kind = Kind::parse(&input.kind);
    if kind.is_none() {
        bad.push("kind", "请选择工单类型：咨询、求助、投诉或意见建议");
    }
    let content = input.content.trim();
    if content.is_empty() {
        bad.push("content", "请填写诉求内容");
    } else if content.chars().count() > 2000 {
        bad.push("content", "诉求内容不能超过 2000 个字");
    }
    if input.contact_name.chars().count() > 50 {
        bad.push("contact_name", "联系人姓名不能超过 50 个字");
    }
    let phone = match input.contact_phone.trim() {
        "" => None,
        p => match domain::validate::Mobile::parse("contact_phone", p) {
            Ok(m) => Some(m),
            Err(e) => {
                bad.fields.extend(e.fields);
                None
            }
        },
    };
    if input.staff_id.is_some() && kind != Some(Kind::Complaint) {
        bad.push("staff_id", "只有投诉可以指向工作人员");
    }
    bad.into_result()?;
    Ok((kind.unwrap_or(Kind::Consultation), phone))
}

/// Takes a work order down (and routes it at once when a department is given).
pub async fn create(app: &App, actor: &Actor, input: &WorkOrderInput) -> Result<WorkOrderView> {
    let (kind, phone) = check(input)?;
    let mut tx = app.write().await?;
    let org_unit_id = match input.org_unit_id {
        Some(id) => id,
        // The unit of the actor's first grant: the last id of its path (`/1/4/` → 4).
        None => actor
            .grants
            .iter()
            .find_map(|g| g.org_path.0.trim_end_matches('/').rsplit('/').next()?.parse::<i64>().ok())
            .ok_or_else(|| Invalid::one("org_unit_id", "请选择工单所属的组织机构"))?,
    };
    let unit = store::org::find_org_unit(&mut tx, org_unit_id).await?.ok_or(AppError::NotFound("组织机构"))?;
    actor.require(Permission::RegisterWorkOrders, &unit.path, None, "登记工单")?;
    let now = app.clock.now();
    let today = app.clock.today();
    let seq = store::workorders::next_seq(&mut tx, today).await?;
    let order_no = format!("GD{}{:04}", today.format("%Y%m%d"), seq);
    let sealed = phone.as_ref().map(|m| app.seal_phone(m));
    let new = NewWorkOrder {
        order_no: &order_no,
        org_unit_id,
        site_id: input.site_id,
        channel: &input.channel,
        kind: kind.code(),
        category: input.category.trim(),
        content: input.content.trim(),
        contact_name: input.contact_name.trim(),
        phone: sealed.as_ref().map(|(e, h, m)| (e.as_slice(), h.as_str(), m.as_str())),
        case_id: input.case_id,
        item_id: input.item_id,
        staff_id: input.staff_id,
        created_by: uid(actor),
    };
    let id = store::workorders::insert(&mut tx, &new, now).await?;
    let event = NewEvent {
        work_order_id: id,
        action: "register",
        from_status: "",
        to_status: Status::Registered.code(),
        note: "",
        department_id: None,
        actor_id: uid(actor),
        actor_name: &actor.name,
    };
    store::workorders::insert_event(&mut tx, &event, now).await?;
    if let Some(dept) = input.department_id {
        let cal = crate::calendar::days::calendar_in(&mut tx).await?;
        let d = deadlines_in(&mut tx, &unit.path).await?;
        assign(&mut tx, actor, id, Status::Registered, dept, kind, &d, &cal, today, now).await?;
    }
    let row = store::workorders::get(&mut tx, id).await?.ok_or(AppError::NotFound("工单"))?;
    record(app, &mut tx, actor, "work_order.create", "work_order", id, &unit.path, None::<&()>, Some(&row)).await?;
    tx.commit().await?;
    get(app, actor, id).await
}

#[allow(clippy::too_many_arguments)]
async fn assign(
    tx: &mut Tx,
    actor: &Actor,
    id: i64,
    from: Status,
    dept: i64,
    kind: Kind,
    d: &Deadlines,
    cal: &domain::calendar::Calendar,
    today: chrono::NaiveDate,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<()> {
    store::org::find_department(tx, dept).await?.ok_or_else(|| Invalid::one("department_id", "承办部门不存在"))?;
    let (sign_due, reply_due) = d.due(cal, kind, today);
    let ch = Change {
        status: Status::Assigned.code(),
        department_id: Some(dept),
        assigned_on: Some(today),
        sign_due_on: Some(sign_due),
        reply_due_on: Some(reply_due),
        ..Change::default()
    };
    if !store::workorders::change(tx, id, from.code(), &ch, now).await? {
        return Err(AppError::Conflict("工单刚被他人处理，请刷新后重试".to_owned()));
    }
    let e = NewEvent {
        work_order_id: id,
        action: Action::Assign.code(),
        from_status: from.code(),
        to_status: Status::Assigned.code(),
        note: "",
        department_id: Some(dept),
        actor_id: uid(actor),
        actor_name: &actor.name,
    };
    store::workorders::insert_event(tx, &e, now).await?;
    Ok(())
}

/// Who may see an order: dispatchers and registrars over its org unit, and the department it is
/// routed to.
fn may_see(actor: &Actor, o: &WorkOrderRow) -> bool {
    actor.can(Permission::DispatchWorkOrders, &o.org_path, None)
        || actor.can(Permission::RegisterWorkOrders, &o.org_path, None)
        || o.department_id.is_some_and(|d| actor.can(Permission::ReviewCases, &o.org_path, Some(d)))
}

pub async fn get(app: &App, actor: &Actor, id: i64) -> Result<WorkOrderView> {
    let mut tx = app.read().await?;
    let o = store::workorders::get(&mut tx, id).await?.filter(|o| may_see(actor, o)).ok_or(AppError::NotFound("工单"))?;
    let events = store::workorders::events(&mut tx, id).await?;
    Ok(view(o, events, app.clock.today()))
}

#[derive(Debug, Clone, Default, Deserialize, ToSchema, utoipa::IntoParams)]
pub struct WorkOrderQuery {
    #[serde(default)]
    pub status: Option<String>,
    /// Only those routed to this department.
    #[serde(default, deserialize_with = "opt_id")]
    pub department_id: Option<i64>,
    #[serde(default)]
    pub before: Option<i64>,
    /// 1–200, default 50.
    #[serde(default, deserialize_with = "crate::support::input::limit_200")]
    pub limit: Option<i64>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct WorkOrderPage {
    pub items: Vec<WorkOrderView>,
    pub next_cursor: Option<String>,
}

/// Orders within the actor's scope as dispatcher or registrar; a department's handlers see the
/// orders routed to their department.
pub async fn list(app: &App, actor: &Actor, q: &WorkOrderQuery) -> Result<WorkOrderPage> {
    if let Some(s) = &q.status
        && Status::parse(s).is_none()
    {
        return Err(Invalid::one("status", format!("未知的工单状态“{s}”")).into());
    }
    let (scope, department) = if actor.has(Permission::DispatchWorkOrders) || actor.has(Permission::RegisterWorkOrders) {
        let mut paths = Vec::new();
        let mut all = false;
        for p in [Permission::DispatchWorkOrders, Permission::RegisterWorkOrders] {
            match actor.scope(p) {
                store::org::Scope::All => all = true,
                store::org::Scope::Paths(v) => paths.extend(v),
            }
        }
        (if all { store::org::Scope::All } else { store::org::Scope::Paths(paths) }, q.department_id)
    } else if actor.has(Permission::ReviewCases) {
        let dept = q
            .department_id
            .or_else(|| actor.grants.iter().find_map(|g| g.department.map(|d| d.0)))
            .ok_or(AppError::forbidden("查看工单"))?;
        (actor.scope(Permission::ReviewCases), Some(dept))
    } else {
        return Err(AppError::forbidden("查看工单"));
    };
    let limit = q.limit.unwrap_or(50).clamp(1, 200);
    let mut tx = app.read().await?;
    let rows = store::workorders::list(&mut tx, &scope, department, q.status.as_deref(), q.before.unwrap_or(i64::MAX), limit).await?;
    let rows: Vec<WorkOrderRow> = rows.into_iter().filter(|o| may_see(actor, o)).collect();
    let next_cursor = if i64::try_from(rows.len()).unwrap_or(0) == limit { rows.last().map(|o| o.id.to_string()) } else { None };
    let today = app.clock.today();
    Ok(WorkOrderPage { items: rows.into_iter().map(|o| view(o, vec![], today)).collect(), next_cursor })
}

/// A step on a work order (`POST /api/v1/work-orders/{id}/actions`).
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct WorkOrderActionInput {
    pub action: String,
    /// assign: the department.
    #[serde(default, deserialize_with = "opt_id")]
    pub department_id: Option<i64>,
    /// reply: the answer; send_back / callback / close: the note.
    #[serde(default)]
    pub note: String,
    /// reply to a complaint against staff: founded, partly, unfounded.
    #[serde(default)]
    pub verification: Option<String>,
    /// callback: whether the citizen is satisfied.
    #[serde(default)]
    pub satisfied: Option<bool>,
}

fn need(field: &str, v: &str, what: &str) -> Result<()> {
    Ok(crate::support::input::need_text(field, v, what)?)
}

pub async fn act(app: &App, actor: &Actor, id: i64, input: &WorkOrderActionInput) -> Result<WorkOrderView> {
    let mut tx = app.write().await?;
    let o = store::workorders::get(&mut tx, id).await?.filter(|o| may_see(actor, o)).ok_or(AppError::NotFound("工单"))?;
    let action = Action::parse(&input.action).ok_or_else(|| Invalid::one("action", format!("未知的工单操作“{}”", input.action)))?;
    if action.by_department() {
        let dept_ok = o.department_id.is_some_and(|d| actor.can(Permission::ReviewCases, &o.org_path, Some(d)));
        if !dept_ok && !actor.can(Permission::DispatchWorkOrders, &o.org_path, None) {
            return Err(AppError::forbidden("办理其他部门的工单"));
        }
    } else {
        actor.require(Permission::DispatchWorkOrders, &o.org_path, None, "派单、回访或办结工单")?;
    }
    let from = Status::parse(&o.status).unwrap_or(Status::Closed);
    let satisfied = input.satisfied.unwrap_or(false);
    let Some(to) = next(from, action, satisfied) else {
        return Err(AppError::Transition {
            message: format!("工单{}，不能{}", from.label(), action.label()),
            allowed: allowed(from).into_iter().map(Action::code).collect(),
        });
    };
    let now = app.clock.now();
    let kind = Kind::parse(&o.kind).unwrap_or(Kind::Consultation);
    let mut ch = Change { status: to.code(), ..Change::default() };
    let mut dept_of_event = o.department_id;
    match action {
        Action::Assign => {
            let dept = input.department_id.ok_or_else(|| Invalid::one("department_id", "请选择承办部门"))?;
            let cal = crate::calendar::days::calendar_in(&mut tx).await?;
            let d = deadlines_in(&mut tx, &o.org_path).await?;
            assign(&mut tx, actor, id, from, dept, kind, &d, &cal, app.clock.today(), now).await?;
            let after = store::workorders::get(&mut tx, id).await?.ok_or(AppError::NotFound("工单"))?;
            record(app, &mut tx, actor, "work_order.assign", "work_order", id, &o.org_path, Some(&o), Some(&after)).await?;
            tx.commit().await?;
            return get(app, actor, id).await;
        }
        Action::Sign => ch.signed = true,
        Action::SendBack => {
            need("note", &input.note, "退回理由")?;
            ch.unassign = true;
        }
        Action::Reply => {
            need("note", &input.note, "答复内容")?;
            if o.staff_id.is_some() {
                let v = input.verification.as_deref().unwrap_or("");
                if !VERIFICATIONS.iter().any(|(c, _)| *c == v) {
                    return Err(Invalid::one("verification", "投诉工作人员的工单须先核实：属实、部分属实或不属实").into());
                }
                ch.verification = Some(v);
            }
            ch.reply = Some(input.note.trim());
        }
        Action::Callback => {
            need("note", &input.note, "回访记录")?;
            if input.satisfied.is_none() {
                return Err(Invalid::one("satisfied", "请记录群众对答复是否满意").into());
            }
            ch.satisfied = input.satisfied;
            if to == Status::Signed {
                // Reopened: a new reply deadline from today.
                let cal = crate::calendar::days::calendar_in(&mut tx).await?;
                let d = deadlines_in(&mut tx, &o.org_path).await?;
                ch.reply_due_on = Some(d.due(&cal, kind, app.clock.today()).1);
                ch.reopened = true;
            } else {
                ch.closes = true;
            }
        }
        Action::Close => {
            need("note", &input.note, "办结说明（如：多次联系未接通）")?;
            ch.closes = true;
        }
    }
    if !store::workorders::change(&mut tx, id, from.code(), &ch, now).await? {
        return Err(AppError::Conflict("工单刚被他人处理，请刷新后重试".to_owned()));
    }
    if action == Action::SendBack {
        dept_of_event = o.department_id;
    }
    let note = match (action, input.satisfied) {
        (Action::Callback, Some(true)) => format!("满意：{}", input.note.trim()),
        (Action::Callback, _) => format!("不满意，重新办理：{}", input.note.trim()),
        _ => input.note.trim().to_owned(),
    };
    let e = NewEvent {
        work_order_id: id,
        action: action.code(),
        from_status: from.code(),
        to_status: to.code(),
        note: &note,
        department_id: dept_of_event,
        actor_id: uid(actor),
        actor_name: &actor.name,
    };
    store::workorders::insert_event(&mut tx, &e, now).await?;
    let after = store::workorders::get(&mut tx, id).await?.ok_or(AppError::NotFound("工单"))?;
    record(app, &mut tx, actor, &format!("work_order.{}", action.code()), "work_order", id, &o.org_path, Some(&o), Some(&after)).await?;
    tx.commit().await?;
    get(app, actor, id).await
}

/// The deadlines in force at an org unit.
pub async fn get_policy(app: &App, actor: &Actor, org_unit_id: i64) -> Result<Deadlines> {
    let mut tx = app.read().await?;
    let unit = store::org::find_org_unit(&mut tx, org_unit_id).await?.ok_or(AppError::NotFound("组织机构"))?;
    actor.require(Permission::DispatchWorkOrders, &unit.path, None, "查看工单时限")?;
    deadlines_in(&mut tx, &unit.path).await
}

/// Sets an org unit's work-order deadlines (local policy).
pub async fn put_policy(app: &App, actor: &Actor, org_unit_id: i64, d: &Deadlines) -> Result<Deadlines> {
    let mut bad = Invalid::default();
    if !(1..=5).contains(&d.sign_days) {
        bad.push("sign_days", "签收时限应为 1–5 个工作日");
    }
    for (f, v) in [
        ("consultation_days", d.consultation_days),
        ("help_days", d.help_days),
        ("complaint_days", d.complaint_days),
        ("suggestion_days", d.suggestion_days),
    ] {
        if !(1..=30).contains(&v) {
            bad.push(f, "答复时限应为 1–30 个工作日");
        }
    }
    bad.into_result()?;
    let mut tx = app.write().await?;
    let unit = store::org::find_org_unit(&mut tx, org_unit_id).await?.ok_or(AppError::NotFound("组织机构"))?;
    actor.require(Permission::DispatchWorkOrders, &unit.path, None, "设置工单时限")?;
    let before = deadlines_in(&mut tx, &unit.path).await?;
    let row = PolicyRow {
        sign_days: i64::from(d.sign_days),
        consultation_days: i64::from(d.consultation_days),
        help_days: i64::from(d.help_days),
        complaint_days: i64::from(d.complaint_days),
        suggestion_days: i64::from(d.suggestion_days),
    };
    store::workorders::put_policy(&mut tx, org_unit_id, &row, uid(actor), app.clock.now()).await?;
    record(app, &mut tx, actor, "work_order_policy.put", "org_unit", org_unit_id, &unit.path, Some(&before), Some(d)).await?;
    tx.commit().await?;
    Ok(*d)
}
