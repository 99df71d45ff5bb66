//! Read use cases behind the staff case pages (办件受理台、办件页、待办件): which window a clerk
//! takes cases in at, the items that window accepts (its departments' items plus those authorised
//! one by one, as [`store::catalog::window_accepts`] decides), the checklist of an item's current
//! version, a case with the standard it was accepted under, the actions the caller is offered,
//! and a case's scans.
//!
//! Nothing here writes; the writes stay in [`crate::cases`], which remains the guard: what this
//! module leaves out of the offered actions (e.g. 受审分离 — approve/deny for whoever accepted the
//! case) the use case refuses anyway.

use domain::access::Permission;
use domain::cases::{Action, CaseStatus};
use domain::catalog::ItemContent;
use store::cases::AcceptedItemRow;
use store::org::WindowRow;

use crate::cases::model::CaseDetail;
use crate::{Actor, App, AppError, Result};

/// A window a hall manager may pick to take cases in at.
#[derive(Debug, Clone)]
pub struct PickWindow {
    pub id: i64,
    pub label: String,
}

/// The window the caller takes cases in at: `asked` when it is their seat today or they manage
/// its hall, else their seat today. `None` when there is none.
pub async fn intake_window(app: &App, actor: &Actor, asked: Option<i64>) -> Result<Option<WindowRow>> {
    actor.require_role(Permission::IntakeCases, "受理办件")?;
    let mut tx = app.read().await?;
    let seat = crate::org::seating::seat_window(app, &mut tx, actor).await?;
    let Some(id) = asked.or(seat) else { return Ok(None) };
    let w = store::org::find_window(&mut tx, id).await?.ok_or(AppError::NotFound("窗口"))?;
    crate::org::seating::may_take_in_at(actor, seat, &w)?;
    Ok(Some(w))
}

/// The active windows of the halls the caller manages (for hall managers without a seat).
pub async fn intake_windows(app: &App, actor: &Actor) -> Result<Vec<PickWindow>> {
    let mut out = Vec::new();
    if !actor.has(Permission::ManageQueue) {
        return Ok(out);
    }
    for site in crate::org::sites::list_sites(app, actor).await? {
        let path = &site.site.org_path;
        if !(actor.can(Permission::ManageQueue, path, None) && actor.can(Permission::IntakeCases, path, None)) {
            continue;
        }
        let d = crate::org::sites::get_site(app, actor, site.site.id).await?;
        for w in d.windows.iter().filter(|w| w.active) {
            out.push(PickWindow { id: w.id, label: format!("{} · {} 号窗口 {}", site.site.name, w.number, w.name) });
        }
    }
    Ok(out)
}

/// The items `window` accepts with a version in effect today; `q` narrows them by name, code or
/// department (substring), or through the catalogue search (pinyin initials, materials).
pub async fn window_items(app: &App, actor: &Actor, window: &WindowRow, q: &str) -> Result<Vec<AcceptedItemRow>> {
    actor.require(Permission::IntakeCases, &window.org_path, None, "在该窗口受理办件")?;
    let rows = store::cases::list_window_accepted_items(&mut app.read().await?, window.id, app.clock.today()).await?;
    let q = q.trim();
    if q.is_empty() {
        return Ok(rows);
    }
    let found: Vec<i64> = match crate::catalog::items::search(app, actor, q, None, 500).await {
        Ok(hits) => hits.iter().map(|h| h.summary.item.id).collect(),
        // Searching the catalogue needs ViewCatalog; without it the substring match remains.
        Err(AppError::Forbidden(_)) => Vec::new(),
        Err(e) => return Err(e),
    };
    Ok(rows
        .into_iter()
        .filter(|r| found.contains(&r.item_id) || r.name.contains(q) || r.basic_code.contains(q) || r.department_name.contains(q))
        .collect())
}

/// What the intake form needs: the item as the window accepts it, its current standard, and
/// the ticket the window is serving (to prefill).
#[derive(Debug, Clone)]
pub struct IntakeForm {
    pub item: AcceptedItemRow,
    pub content: ItemContent,
    /// The ticket being served at the window: id and number.
    pub serving: Option<(i64, String)>,
}

/// The intake form of `item_id` at `window`; 409 when the window is not authorised for it.
pub async fn intake_form(app: &App, actor: &Actor, window: &WindowRow, item_id: i64) -> Result<IntakeForm> {
    let items = window_items(app, actor, window, "").await?;
    let Some(item) = items.into_iter().find(|i| i.item_id == item_id) else {
        return Err(AppError::Conflict(format!("{} 号窗口未获授权受理该事项，或该事项目前没有已发布的办事指南版本", window.number)));
    };
    let mut tx = app.read().await?;
    let v = store::catalog::get_version(&mut tx, item.version_id).await?;
    let content: ItemContent =
        serde_json::from_str(&v.content).map_err(|x| AppError::internal(format!("item version {}", v.summary.id), x))?;
    let state = store::queue::window_state(&mut tx, window.id).await.ok();
    let serving = match state.and_then(|s| s.current_ticket_id) {
        Some(t) => store::queue::find_ticket(&mut tx, t).await?.map(|t| (t.id, t.ticket_no)),
        None => None,
    };
    Ok(IntakeForm { item, content, serving })
}

/// A case with the item standard of the version it was taken in under and what the caller is
/// offered to do next.
#[derive(Debug, Clone)]
pub struct CasePage {
    pub detail: CaseDetail,
    pub content: ItemContent,
    /// The allowed actions the caller's role may take (受审分离 applied).
    pub offered: Vec<Action>,
    /// The caller reviews for the case's department (the page shows the review points).
    pub reviewer: bool,
}

/// Whether `actor` may take `action` on a case at `path` of department `dept`, by the side of the
/// action (mirrors the use case's check; the use case stays the guard).
fn side_permits(actor: &Actor, path: &str, dept: i64, action: Action) -> bool {
    use Action as A;
    let dept = Some(dept);
    match action {
        A::Submit | A::Precheck | A::Receive | A::RequestSupplement | A::Resubmit | A::Accept | A::Reject | A::Settle | A::Withdraw => {
            actor.can(Permission::IntakeCases, path, None)
        }
        A::Deliver | A::Complete => actor.can(Permission::IntakeCases, path, None) || actor.can(Permission::ReviewCases, path, dept),
        A::StartReview | A::StartSpecial | A::EndSpecial | A::RequestMore | A::MoreReceived | A::Approve | A::Deny | A::PrepareResult => {
            actor.can(Permission::ReviewCases, path, dept)
        }
        A::Extend => actor.can(Permission::ExtendCases, path, dept),
        A::Void => actor.can(Permission::VoidCases, path, None),
    }
}

/// A case as its page shows it (404 when the caller may not see it).
pub async fn case_page(app: &App, actor: &Actor, id: i64) -> Result<CasePage> {
    let detail = crate::cases::act::get_case(app, actor, id).await?;
    let row = &detail.view.case;
    let v = store::catalog::get_version(&mut app.read().await?, row.item_version_id).await?;
    let content: ItemContent =
        serde_json::from_str(&v.content).map_err(|x| AppError::internal(format!("item version {}", v.summary.id), x))?;
    let me = actor.user_id.map(|u| u.0);
    let offered = crate::cases::model::allowed_of(row)
        .into_iter()
        .filter(|a| side_permits(actor, &row.org_path, row.department_id, *a))
        .filter(|a| !(a.is_decision() && me.is_some() && row.accepted_by == me))
        .collect();
    let reviewer = actor.can(Permission::ReviewCases, &row.org_path, Some(row.department_id));
    Ok(CasePage { detail, content, offered, reviewer })
}

/// One scan of a case: only for someone who may see the case, and only a file on that case's
/// checklist (so a file of case A cannot be fetched through case B).
pub async fn case_scan(app: &App, actor: &Actor, case_id: i64, sha: &str) -> Result<(Vec<u8>, String)> {
    let detail = crate::cases::act::get_case(app, actor, case_id).await?;
    if !detail.materials.iter().any(|m| m.file_sha256.as_deref() == Some(sha)) {
        return Err(AppError::NotFound("扫描件"));
    }
    crate::support::uploads::read_scan(app, sha).await
}

/// The departments whose inbox the caller may open: those of their review grants, or every
/// department for a grant not tied to one (and the system actor).
pub async fn inbox_departments(app: &App, actor: &Actor) -> Result<Vec<(i64, String)>> {
    actor.require_role(Permission::ReviewCases, "查看待办件")?;
    let grants: Vec<&domain::access::Grant> = actor.grants.iter().filter(|g| Permission::ReviewCases.roles().contains(&g.role)).collect();
    let any = actor.is_system() || grants.iter().any(|g| g.department.is_none());
    let all = store::org::list_departments(&mut app.read().await?).await?;
    Ok(all
        .into_iter()
        .filter(|d| d.active && (any || grants.iter().any(|g| g.department.is_some_and(|x| x.0 == d.id))))
        .map(|d| (d.id, d.short_name))
        .collect())
}

/// The notices printed for a case (A4, handed to the applicant).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoticeKind {
    /// 受理通知书.
    Accepted,
    /// 不予受理通知书.
    Rejected,
    /// 补正材料告知书（一次性告知单）, 行政许可法 第32条.
    Supplement,
    /// 送达回证.
    Delivery,
}

impl NoticeKind {
    /// From the last segment of `/cases/{id}/print/{kind}`.
    pub fn parse(s: &str) -> Result<NoticeKind> {
        Ok(match s {
            "accepted" => NoticeKind::Accepted,
            "rejected" => NoticeKind::Rejected,
            "supplement" => NoticeKind::Supplement,
            "delivery" => NoticeKind::Delivery,
            _ => return Err(AppError::NotFound("文书")),
        })
    }

    pub fn code(self) -> &'static str {
        match self {
            NoticeKind::Accepted => "accepted",
            NoticeKind::Rejected => "rejected",
            NoticeKind::Supplement => "supplement",
            NoticeKind::Delivery => "delivery",
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            NoticeKind::Accepted => "受理通知书",
            NoticeKind::Rejected => "不予受理通知书",
            NoticeKind::Supplement => "补正材料告知书（一次性告知单）",
            NoticeKind::Delivery => "送达回证",
        }
    }
}

/// A notice of a case: the case page's data, the event it records and what it lists.
#[derive(Debug, Clone)]
pub struct Notice {
    pub kind: NoticeKind,
    pub page: CasePage,
    /// The transition the notice records (acceptance, refusal, the latest one-time notice, delivery).
    pub event: Option<store::cases::EventRow>,
    /// Supplement: every missing material or point, as notified.
    pub missing: Vec<String>,
    /// Refusal: the reason.
    pub reason: String,
}

/// A notice of a case for someone who may see it; 409 while it does not apply (not accepted yet,
/// not refused, never asked to supplement, not delivered).
pub async fn notice(app: &App, actor: &Actor, id: i64, kind: NoticeKind) -> Result<Notice> {
    let page = case_page(app, actor, id).await?;
    let row = &page.detail.view.case;
    let last = |acts: &[&str]| page.detail.events.iter().rev().find(|e| acts.contains(&e.action.as_str())).cloned();
    let refuse = |m: &str| Err(AppError::Conflict(m.to_owned()));
    let event = match kind {
        NoticeKind::Accepted if row.accepted_on.is_none() => return refuse("该办件尚未受理，不能打印受理通知书"),
        NoticeKind::Accepted => last(&["accept"]),
        NoticeKind::Rejected if row.status != CaseStatus::NotAccepted.code() => {
            return refuse("该办件未作不予受理决定，不能打印不予受理通知书");
        }
        NoticeKind::Rejected => last(&["reject"]),
        NoticeKind::Supplement => match last(&["request_supplement", "request_more"]) {
            None => return refuse("该办件没有一次性告知补正的记录"),
            e => e,
        },
        NoticeKind::Delivery if row.delivery_mode.is_none() => return refuse("该办件尚未送达，不能打印送达回证"),
        NoticeKind::Delivery => last(&["deliver"]),
    };
    let missing = match (&event, kind) {
        (Some(e), NoticeKind::Supplement) => {
            // The list as notified (the event's data), else its note.
            let listed: Option<Vec<String>> = serde_json::from_str::<serde_json::Value>(&e.data)
                .ok()
                .and_then(|d| d.get("missing")?.as_array().map(|a| a.iter().filter_map(|x| x.as_str().map(str::to_owned)).collect()));
            listed.unwrap_or_else(|| e.note.split('；').filter(|x| !x.is_empty()).map(str::to_owned).collect())
        }
        _ => Vec::new(),
    };
    let reason = match kind {
        NoticeKind::Rejected => row.decision_reason.clone().or_else(|| event.as_ref().map(|e| e.note.clone())).unwrap_or_default(),
        _ => String::new(),
    };
    Ok(Notice { kind, page, event, missing, reason })
}
