//! Acting on a case: the state machine's transitions with their checks, pauses and notices.

use std::sync::Arc;

use chrono::NaiveDate;
use domain::Invalid;
use domain::access::Permission;
use domain::calendar::Calendar;
use domain::cases::Action;
use domain::catalog::{DeliveryMode, ItemContent, SpecialProcedure};
use domain::text::collect;
use store::cases::{CaseRow, Change, EventRecord, LadderState, LadderWrite, MaterialRow, PauseRow};

use super::intake::*;
use super::model::*;
use super::notices::*;
use crate::cases::ladder::{Policy, policy_for};
use crate::outbox::messages::NewMessage;
use crate::runtime::batch::submit;
use crate::runtime::later::Text;
use crate::{Actor, App, AppError, Result};

/// Checks that `actor` may take `action` on `row`; the permission depends on the action's side
/// (intake, back office, extension, void).
pub(super) fn may(actor: &Actor, row: &CaseRow, action: Action) -> Result<()> {
    use Action as A;
    let path = row.org_path.as_str();
    let dept = Some(row.department_id);
    match action {
        A::Submit | A::Precheck | A::Receive | A::RequestSupplement | A::Resubmit | A::Accept | A::Reject | A::Settle | A::Withdraw => {
            actor.require(Permission::IntakeCases, path, None, "受理该办件")
        }
        A::Deliver | A::Complete => {
            if actor.can(Permission::IntakeCases, path, None) || actor.can(Permission::ReviewCases, path, dept) {
                Ok(())
            } else {
                Err(AppError::forbidden("办理该办件的出件"))
            }
        }
        A::StartReview | A::StartSpecial | A::EndSpecial | A::RequestMore | A::MoreReceived | A::Approve | A::Deny | A::PrepareResult => {
            actor.require(Permission::ReviewCases, path, dept, "审查该部门的办件")
        }
        A::Extend => actor.require(Permission::ExtendCases, path, dept, "批准该办件延期"),
        A::Void => actor.require(Permission::VoidCases, path, None, "作废办件"),
    }
}

/// Reads a case for an actor who may see it.
pub(super) async fn visible_case(tx: &mut store::Tx, actor: &Actor, id: i64) -> Result<CaseRow> {
    let row = store::cases::find_case(tx, id).await?.ok_or(AppError::NotFound("办件"))?;
    let dept = Some(row.department_id);
    if !(actor.can(Permission::ViewCases, &row.org_path, None) || actor.can(Permission::ReviewCases, &row.org_path, dept)) {
        return Err(AppError::NotFound("办件"));
    }
    Ok(row)
}

/// A case with its checklist, pauses and trail.
pub async fn get_case(app: &App, actor: &Actor, id: i64) -> Result<CaseDetail> {
    let mut tx = app.read().await?;
    let row = visible_case(&mut tx, actor, id).await?;
    let materials = store::cases::list_materials(&mut tx, id).await?;
    let pauses = store::cases::list_pauses(&mut tx, id).await?;
    let events = store::cases::list_events(&mut tx, id).await?;
    let reminders = store::cases::list_reminders(&mut tx, Some(id), None, 500).await?;
    let cards = store::cases::list_cards(&mut tx, id).await?;
    drop(tx);
    let cal = crate::calendar::days::calendar(app).await?;
    let policy = policy_for(app, row.site_id, row.item_id).await?;
    Ok(CaseDetail { view: view(&cal, &policy, row, &pauses, app.clock.today()), materials, pauses, events, reminders, cards })
}

/// What an action needs besides the state, checked before the writer runs.
#[derive(Debug, Clone, Default)]
pub(super) struct Prepared {
    pub(super) reason: String,
    pub(super) missing: Vec<String>,
    pub(super) special: Option<SpecialProcedure>,
    pub(super) expected_days: Option<i64>,
    pub(super) days: i64,
    pub(super) delivery: Option<(DeliveryMode, String)>,
    pub(super) materials: Option<Vec<MaterialRow>>,
    /// The review points checked and how many the version has.
    pub(super) review: Option<(Vec<i64>, usize)>,
}

pub(super) fn prepare(action: Action, input: &ActionInput, content: Option<&ItemContent>, today: NaiveDate) -> Result<Prepared> {
    let mut e = Invalid::default();
    let reason: String = input.reason.trim().to_owned();
    if reason.chars().count() > 500 {
        e.push("reason", "说明不能超过 500 字");
    }
    if action.needs_reason() && reason.is_empty() {
        let what = match action {
            Action::Reject => "请填写不予受理的理由（将写入不予受理通知书）",
            Action::Deny => "请填写不予许可的理由（将告知申请人）",
            Action::Extend => "请填写延期理由（将告知申请人）",
            Action::StartSpecial => "请填写特别程序告知内容（将书面告知申请人）",
            _ => "请填写原因",
        };
        e.push("reason", what);
    }
    let missing: Vec<String> = input.missing.iter().map(|m| m.trim().to_owned()).filter(|m| !m.is_empty()).collect();
    if matches!(action, Action::RequestSupplement | Action::RequestMore) && missing.is_empty() {
        e.push("missing", "一次性告知须列明全部需补正的材料或事项");
    }
    if missing.len() > 50 || missing.iter().any(|m| m.chars().count() > 200) {
        e.push("missing", "补正事项最多 50 条，每条不超过 200 字");
    }
    let mut p = Prepared { reason, missing, ..Prepared::default() };
    match action {
        Action::StartSpecial => {
            p.special = collect(&mut e, SpecialProcedure::parse("special_type", &input.special_type));
            match input.expected_days {
                Some(d) if (1..=365).contains(&d) => p.expected_days = Some(d),
                _ => e.push("expected_days", "请填写特别程序预计所需的工作日（1–365）"),
            }
        }
        Action::Extend => match input.days {
            Some(d) if (1..=30).contains(&d) => p.days = d,
            _ => e.push("days", "延期天数应为 1–30 个工作日"),
        },
        Action::Deliver => {
            let mode = collect(&mut e, DeliveryMode::parse("delivery_mode", &input.delivery_mode));
            let detail = input.delivery_detail.trim().to_owned();
            if let Some(m) = mode {
                if detail.is_empty() || detail.chars().count() > 100 {
                    e.push(
                        "delivery_detail",
                        match m {
                            DeliveryMode::Window => "窗口领取须登记领取人姓名及身份核验情况（签收记录）",
                            DeliveryMode::Mail => "邮寄送达须填写快递单号",
                            DeliveryMode::Electronic => "电子送达须填写电子证照编号或送达渠道",
                        },
                    );
                }
                p.delivery = Some((m, detail));
            }
        }
        _ => {}
    }
    if let (Some(m), Some(content)) = (&input.materials, content) {
        p.materials = Some(checklist(content, m, today, &mut e));
    }
    if let (Some(points), Some(content), true) = (&input.review_points, content, action.is_decision()) {
        let total = content.review_points.len();
        let mut checked: Vec<i64> = points.clone();
        checked.sort_unstable();
        checked.dedup();
        if checked.iter().any(|n| *n < 1 || usize::try_from(*n).map_or(true, |n| n > total)) {
            e.push("review_points", format!("审查要点序号应在 1–{total} 之间"));
        }
        p.review = Some((checked, total));
    }
    e.into_result()?;
    Ok(p)
}

/// Carries out one transition of a case; 409 (`transition_not_allowed`, with the allowed actions)
/// when its state does not allow it, or when someone else changed the case first.
pub async fn act(app: &App, actor: &Actor, id: i64, input: &ActionInput) -> Result<CaseView> {
    let action = Action::parse("action", &input.action)?;
    // No snapshot needed: the writer's update is conditional on the status and version read here.
    let mut tx = app.db.conn().await?;
    let row = visible_case(&mut tx, actor, id).await?;
    status_of(&row).after_for(kind_of(&row), action).map_err(AppError::from)?;
    may(actor, &row, action)?;
    let user_id = actor.user_id.map(|u| u.0);
    if action.is_decision() && user_id.is_some() && row.accepted_by == user_id {
        return Err(AppError::Forbidden("受审分离：受理人不能审批本人受理的办件，请由后台审批人员办理".to_owned()));
    }
    let today = app.clock.today();
    // The item version's checklist is needed only when the request brings materials.
    let content = if input.materials.is_some() || (input.review_points.is_some() && action.is_decision()) {
        Some(item_content(app, &mut tx, row.item_version_id).await?)
    } else {
        None
    };
    let prep = prepare(action, input, content.as_deref(), today)?;
    if action == Action::Accept {
        let current = match &prep.materials {
            Some(m) => m.clone(),
            None => store::cases::list_materials(&mut tx, id).await?,
        };
        let missing = missing_required(&current);
        if !missing.is_empty() {
            return Err(AppError::Conflict(format!(
                "必要材料不齐，不能受理：{}。请一次性告知补正，或对可容缺的材料登记承诺补齐日期",
                missing.join("、")
            )));
        }
    }
    // Pauses only when the case has had any; the phone only for a notice.
    let pauses = if row.pause_count > 0 { store::cases::list_pauses(&mut tx, id).await? } else { Vec::new() };
    let notice = match notice_of(&row, action, &prep) {
        Some(body) => Some(notice_text(app, &row, action, body, &store::cases::phone_enc(&mut tx, id).await?)?),
        None => None,
    };
    drop(tx);
    let cal = crate::calendar::days::calendar(app).await?;
    let policy = Arc::new(policy_for(app, row.site_id, row.item_id).await?);
    let who = actor.audit_name();
    let (cal2, policy2) = (cal.clone(), policy.clone());
    let read = Arc::new((row, pauses, notice));
    let updated = submit(app, move |ctx| {
        let (prep, who, cal, policy, read) = (prep.clone(), who.clone(), cal2.clone(), policy2.clone(), read.clone());
        Box::pin(async move { apply(ctx, &cal, &policy, &read, action, prep, user_id, &who).await })
    })
    .await?;
    let (row, pauses) = updated;
    Ok(view(&cal, &policy, row, &pauses, today))
}

/// The transition inside the writer, from the case as read before: side writes, the conditional
/// update (on the status and version read, so a case someone changed meanwhile is refused), the
/// trail, the applicant's notice. The answer is built from what was written, not read back.
#[expect(clippy::too_many_arguments, reason = "the writer's job carries what was read and checked before it")]
pub(super) async fn apply(
    ctx: crate::runtime::app::Ctx<'_>,
    cal: &Arc<Calendar>,
    policy: &Policy,
    read: &(CaseRow, Vec<PauseRow>, Option<Text>),
    action: Action,
    p: Prepared,
    user_id: Option<i64>,
    who: &str,
) -> Result<(CaseRow, Vec<PauseRow>)> {
    let (row, pauses, notice) = read;
    let id = row.id;
    let now = ctx.app.clock.now();
    let today = ctx.app.clock.today();
    let from = status_of(row);
    let to = from.after_for(kind_of(row), action)?;
    let mut pauses = pauses.clone();
    let mut ch = Change { status: to.code(), ..Change::default() };
    let mut data = serde_json::Map::new();
    match action {
        Action::Accept => {
            ch.accepted_by = user_id;
            ch.accepted_on = Some(today);
        }
        Action::Settle | Action::Approve | Action::Deny => {
            ch.decided_by = user_id;
            ch.decided_on = Some(today);
            if action == Action::Deny {
                ch.decision_reason = Some(&p.reason);
            }
        }
        Action::Reject => ch.decision_reason = Some(&p.reason),
        Action::StartReview => ch.reviewer_id = user_id,
        Action::StartSpecial | Action::RequestMore => {
            let (kind, special, notice) = match action {
                Action::StartSpecial => ("special", p.special.map(|s| s.code()), p.reason.clone()),
                _ => ("supplement", None, p.missing.join("；")),
            };
            let expected = if action == Action::StartSpecial { p.expected_days } else { None };
            let pid = store::cases::open_pause(ctx.tx, id, kind, special, expected, &notice, today, user_id, now).await?;
            if action == Action::StartSpecial {
                data.insert("special_type".into(), special.into());
                data.insert("expected_days".into(), p.expected_days.into());
            }
            pauses.push(PauseRow {
                id: pid,
                kind: kind.to_owned(),
                special_type: special.map(str::to_owned),
                expected_days: expected,
                notice,
                start_on: today,
                end_on: None,
                started_by: user_id,
                ended_by: None,
            });
        }
        Action::EndSpecial | Action::MoreReceived => close_pauses(ctx.tx, id, &mut pauses, today, user_id).await?,
        Action::Withdraw | Action::Void if from.is_paused() => close_pauses(ctx.tx, id, &mut pauses, today, user_id).await?,
        Action::Extend => {
            let approver = user_id.ok_or_else(|| AppError::Forbidden("延期须由具体审批人批准".to_owned()))?;
            store::cases::insert_extension(ctx.tx, id, p.days, &p.reason, approver, now).await?;
            ch.add_extension_days = p.days;
            data.insert("days".into(), p.days.into());
        }
        Action::Deliver => {
            if let Some((m, d)) = &p.delivery {
                ch.delivery_mode = Some(m.code());
                ch.delivery_detail = Some(d);
                data.insert("delivery_mode".into(), m.code().into());
            }
        }
        _ => {}
    }
    if !p.missing.is_empty() {
        data.insert("missing".into(), p.missing.clone().into());
    }
    if let Some(m) = &p.materials {
        store::cases::put_materials(ctx.tx, id, m, now).await?;
    }
    // The case after the transition: the stored deadlines, the sweep's next date, the answer.
    let mut after = row.clone();
    after.status = to.code().to_owned();
    after.accepted_by = ch.accepted_by.or(row.accepted_by);
    after.accepted_on = ch.accepted_on.or(row.accepted_on);
    after.reviewer_id = ch.reviewer_id.or(row.reviewer_id);
    after.decided_by = ch.decided_by.or(row.decided_by);
    after.decided_on = ch.decided_on.or(row.decided_on);
    if let Some(r) = ch.decision_reason {
        after.decision_reason = Some(r.to_owned());
    }
    after.extension_days += ch.add_extension_days;
    if let Some(m) = ch.delivery_mode {
        after.delivery_mode = Some(m.to_owned());
    }
    if let Some(d) = ch.delivery_detail {
        after.delivery_detail = Some(d.to_owned());
    }
    after.updated_at = now;
    after.pause_count = i64::try_from(pauses.len()).unwrap_or(i64::MAX);
    let (_, w) = clock_view(cal, policy, &after, &pauses, today);
    if let Some(c) = clock_of(&after, &pauses, after.extension_days) {
        ch.promised_deadline = c.promised_deadline(cal);
        ch.statutory_deadline = c.statutory_deadline(cal);
    }
    after.promised_deadline = ch.promised_deadline;
    after.statutory_deadline = ch.statutory_deadline;
    ch.ladder = if to.is_running() { ladder_state(&w) } else { LadderState { warning_level: w.level.rank(), ..LadderState::default() } };
    ch.handler_id = after.reviewer_id.or(after.accepted_by);
    // The ladder row, when it changes, is written with the batch.
    ch.write_ladder = false;
    if !store::cases::transition(ctx.tx, id, from.code(), row.version, &ch, now).await? {
        return Err(AppError::Conflict("该办件刚被他人处理，请刷新后重试".to_owned()));
    }
    if ch.ladder != row.ladder || after.reviewer_id != row.reviewer_id || after.accepted_by != row.accepted_by {
        ctx.later.ladders.push(LadderWrite {
            case_id: id,
            org_unit_id: row.org_unit_id,
            department_id: row.department_id,
            case_no: row.case_no.clone(),
            item_name: row.item_name.clone(),
            handler_id: ch.handler_id,
            ladder: ch.ladder.clone(),
        });
    }
    after.ladder = ch.ladder.clone();
    after.version = row.version + 1;
    let mut note = if p.reason.is_empty() { p.missing.join("；") } else { p.reason.clone() };
    if let Some((checked, total)) = &p.review {
        let list = checked.iter().map(ToString::to_string).collect::<Vec<_>>().join("、");
        let mark = if list.is_empty() {
            format!("〔审查要点已核 0/{total}〕")
        } else {
            format!("〔审查要点已核 {}/{total}：第{list}项〕", checked.len())
        };
        note = if note.is_empty() { mark } else { format!("{note}\n{mark}") };
        data.insert("review_points".into(), checked.clone().into());
        data.insert("review_points_total".into(), (*total).into());
    }
    ctx.later.case_events.push(EventRecord {
        case_id: id,
        at: now,
        action: action.code(),
        from_status: from.code(),
        to_status: to.code(),
        user_id,
        actor: who.to_owned(),
        note,
        data: serde_json::Value::Object(data).to_string(),
    });
    if let Some(t) = notice {
        ctx.later.texts.push(t.clone());
    }
    Ok((after, pauses))
}

/// Ends the open pause of a case, in the table and in the list read before.
pub(super) async fn close_pauses(tx: &mut store::Tx, id: i64, pauses: &mut [PauseRow], today: NaiveDate, by: Option<i64>) -> Result<()> {
    store::cases::close_pause(tx, id, today, by).await?;
    for p in pauses.iter_mut().filter(|p| p.end_on.is_none()) {
        p.end_on = Some(today);
        p.ended_by = by;
    }
    Ok(())
}

/// The text the applicant gets for a transition they must know of, if any.
pub(super) fn notice_of(row: &CaseRow, action: Action, p: &Prepared) -> Option<String> {
    let body = match action {
        Action::Accept => format!("您申请的“{}”已受理，办件编号 {}，可凭办件编号和查询码查询进度。", row.item_name, row.case_no),
        Action::RequestSupplement | Action::RequestMore => {
            format!("您申请的“{}”（{}）需补正材料：{}。请一次性补齐后提交。", row.item_name, row.case_no, p.missing.join("；"))
        }
        Action::Reject => format!("您申请的“{}”（{}）不予受理，理由：{}。", row.item_name, row.case_no, p.reason),
        Action::Extend => format!("您申请的“{}”（{}）办理期限延长 {} 个工作日，原因：{}。", row.item_name, row.case_no, p.days, p.reason),
        Action::StartSpecial => format!(
            "您申请的“{}”（{}）进入特别程序（{}），预计 {} 个工作日，期间不计入办理时限。",
            row.item_name,
            row.case_no,
            p.special.map_or("", |s| s.label()),
            p.expected_days.unwrap_or(0)
        ),
        Action::PrepareResult => format!("您申请的“{}”（{}）已办理完毕，请按选择的方式领取结果。", row.item_name, row.case_no),
        // 一事一评: the invitation to rate (again after a few days if unrated: `ratings::remind_unrated`).
        Action::Complete | Action::Settle => format!("{}{}", completed_text(&row.item_name, &row.case_no), RATE_HINT),
        _ => return None,
    };
    Some(body.chars().take(300).collect())
}

/// The text to the applicant, checked and sealed before the writer (which adds it to the outbox
/// with the transition; once per case, action and version).
pub(super) fn notice_text(app: &App, row: &CaseRow, action: Action, body: String, phone_enc: &[u8]) -> Result<Text> {
    let phone = app.cipher.decrypt(phone_enc)?;
    crate::outbox::messages::prepare(
        app,
        NewMessage {
            org_unit_id: row.org_unit_id,
            kind: "case_notice",
            phone: &phone,
            body,
            idempotency_key: format!("case-{}-{}-{}", row.id, action.code(), row.version),
        },
    )
}
