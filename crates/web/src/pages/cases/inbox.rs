//! The department inbox `/cases/inbox`: the cases waiting for the caller's departments.

use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde::Deserialize;

use super::common::*;
use crate::extract::caller::PageUser;
use crate::extract::form::query_id;
use crate::respond::page::page;
use crate::respond::view::{Chrome, Opt, chrome, opts};
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new().route("/cases/inbox", get(inbox))
}

// ---------------------------------------------------------------- inbox

#[derive(Deserialize, Default)]
pub(super) struct InboxQuery {
    #[serde(default)]
    department: String,
    #[serde(default)]
    status: String,
    #[serde(default)]
    cursor: String,
    /// Rows per page (1–200, default 50).
    #[serde(default)]
    limit: Option<i64>,
}

pub(super) struct InboxLine {
    id: i64,
    case_no: String,
    item: String,
    applicant: String,
    status: &'static str,
    accepted: String,
    due: String,
    light: &'static str,
    light_label: &'static str,
    paused: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "cases/inbox.html")]
pub(super) struct InboxPageView {
    chrome: Option<Chrome>,
    departments: Vec<Opt>,
    statuses: Vec<Opt>,
    department: Option<i64>,
    lines: Vec<InboxLine>,
    next_href: Option<String>,
    message: Option<String>,
}

pub(super) async fn inbox(State(s): State<AppState>, PageUser(a): PageUser, Query(q): Query<InboxQuery>) -> Response {
    let r = async {
        let depts = app::cases::inbox_departments(&s.app, &a.actor).await?;
        let limit = q.limit.unwrap_or(50).clamp(1, 200);
        let department =
            query_id(Some(q.department.as_str()), "部门")?.or_else(|| if depts.len() == 1 { depts.first().map(|d| d.0) } else { None });
        let status = q.status.trim().to_owned();
        let mut statuses = vec![Opt { value: String::new(), label: "全部待办".to_owned(), selected: status.is_empty() }];
        statuses.extend(app::cases::INBOX_STATUSES.iter().map(|c| Opt {
            value: (*c).to_owned(),
            label: status_label(c).to_owned(),
            selected: status == *c,
        }));
        let departments = opts(depts.iter().map(|d| (d.0, d.1.clone())), &[department.map(|d| d.to_string()).unwrap_or_default()]);
        let mut view = InboxPageView {
            chrome: Some(chrome(&a, "case_inbox")),
            departments,
            statuses,
            department,
            lines: vec![],
            next_href: None,
            message: None,
        };
        let Some(dept) = department else {
            view.message = Some("请选择部门查看待办件。".to_owned());
            return Ok(view.into_response());
        };
        let page = app::cases::inbox(&s.app, &a.actor, Some(dept), Some(&status), Some(q.cursor.as_str()), limit).await?;
        view.lines = page
            .items
            .iter()
            .map(|i| InboxLine {
                id: i.case.id,
                case_no: i.case.case_no.clone(),
                item: i.case.item_name.clone(),
                applicant: i.case.applicant_name.clone(),
                status: status_label(&i.case.status),
                accepted: day(i.case.accepted_on),
                due: day(i.case.promised_deadline),
                light: light_class(&i.light),
                light_label: level_label(&i.light),
                paused: i.paused,
            })
            .collect();
        view.next_href = page.next_cursor.map(|c| {
            format!(
                "/cases/inbox?department={dept}&status={}&limit={limit}&cursor={}",
                urlencoding::encode(&status),
                urlencoding::encode(&c)
            )
        });
        Ok(view.into_response())
    }
    .await;
    page(&a, r)
}
