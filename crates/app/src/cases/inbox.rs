//! The back office inbox: cases by status, department and handler.

use chrono::NaiveDate;
use domain::Invalid;
use domain::access::Permission;
use domain::cases::{CaseStatus, Level};
use serde::Serialize;
use store::cases::CaseRow;
use utoipa::ToSchema;

use super::model::*;
use crate::{Actor, App, AppError, Result};

/// The back office's open work: accepted, in review, paused, decided and awaiting the result.
pub const INBOX_STATUSES: &[&str] =
    &["accepted", "in_review", "special_procedure", "supplement_after_accept", "approved", "denied", "result_ready"];

/// A line of an inbox: the case and its time-limit light from the stored days (no per-row clock).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct InboxItem {
    #[serde(flatten)]
    #[schema(value_type = Object)]
    pub case: CaseRow,
    pub status_label: String,
    /// none, remind, yellow, red (时限灯).
    pub light: String,
    pub paused: bool,
}

/// A page of an inbox with the cursor of the next one (`YYYY-MM-DD.id`).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct InboxPage {
    pub items: Vec<InboxItem>,
    pub next_cursor: Option<String>,
}

/// A department's cases nearest their promised deadline first, within the org units where the
/// actor reviews for that department. `department_id` defaults to the actor's one department.
pub async fn inbox(
    app: &App,
    actor: &Actor,
    department_id: Option<i64>,
    status: Option<&str>,
    cursor: Option<&str>,
    limit: i64,
) -> Result<InboxPage> {
    let grants: Vec<&domain::access::Grant> = actor.grants.iter().filter(|g| Permission::ReviewCases.roles().contains(&g.role)).collect();
    let own: Vec<i64> = grants.iter().filter_map(|g| g.department.map(|d| d.0)).collect();
    let department_id = match department_id.or_else(|| if own.len() == 1 { own.first().copied() } else { None }) {
        Some(d) => d,
        None => return Err(Invalid::one("department_id", "请选择部门").into()),
    };
    let paths: Vec<String> =
        grants.iter().filter(|g| g.department.is_none_or(|d| d.0 == department_id)).map(|g| g.org_path.0.clone()).collect();
    let scope = match actor.scope(Permission::ReviewCases) {
        store::org::Scope::All => store::org::Scope::All,
        _ if paths.is_empty() => return Err(AppError::forbidden("查看该部门的待办件")),
        _ => store::org::Scope::Paths(paths),
    };
    let statuses: Vec<&str> = match status.map(str::trim).filter(|s| !s.is_empty()) {
        None => INBOX_STATUSES.to_vec(),
        Some(s) => {
            let one = CaseStatus::parse("status", s)?;
            vec![one.code()]
        }
    };
    let after = match cursor.map(str::trim).filter(|c| !c.is_empty()) {
        None => None,
        Some(c) => {
            let parsed = c.split_once('.').and_then(|(d, i)| Some((d.parse::<NaiveDate>().ok()?, i.parse::<i64>().ok()?)));
            Some(parsed.ok_or_else(|| Invalid::one("cursor", "翻页标记无效，请从第一页重新查看"))?)
        }
    };
    let limit = limit.clamp(1, 200);
    let rows = store::cases::inbox(&mut app.read().await?, department_id, &statuses, &scope, after, limit + 1).await?;
    let today = app.clock.today();
    let far = NaiveDate::from_ymd_opt(9999, 12, 31).unwrap_or(NaiveDate::MAX);
    let more = rows.len() > usize::try_from(limit).unwrap_or(usize::MAX);
    let items: Vec<InboxItem> = rows
        .into_iter()
        .take(usize::try_from(limit).unwrap_or(0))
        .map(|case| {
            let reached = |d: Option<NaiveDate>| d.is_some_and(|d| d <= today);
            let l = &case.ladder;
            let by_days = if reached(l.red_on) {
                3
            } else if reached(l.yellow_on) {
                2
            } else if reached(l.remind_on) {
                1
            } else {
                0
            };
            let light = Level::from_rank(by_days.max(case.ladder.warning_level));
            let status = status_of(&case);
            InboxItem { status_label: status.label().to_owned(), light: light.code().to_owned(), paused: status.is_paused(), case }
        })
        .collect();
    let next_cursor = if more { items.last().map(|i| format!("{}.{}", i.case.promised_deadline.unwrap_or(far), i.case.id)) } else { None };
    Ok(InboxPage { items, next_cursor })
}
