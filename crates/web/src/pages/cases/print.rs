//! The A4 notices of a case (`/cases/{id}/print/{kind}`).

use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum_extra::extract::cookie::CookieJar;
use domain::catalog::DeliveryMode;

use super::common::*;
use crate::extract::caller::PageUser;
use crate::respond::page::page;
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new().route("/cases/{id}/print/{kind}", get(print))
}

// ---------------------------------------------------------------- print

#[derive(Template, WebTemplate)]
#[template(path = "cases/print.html")]
pub(super) struct PrintPage {
    kind: String,
    title: &'static str,
    c: store::cases::CaseRow,
    centre: String,
    today: String,
    received_on: String,
    accepted_on: String,
    promised_deadline: String,
    statutory_deadline: String,
    promised_limit: u32,
    statutory_limit: u32,
    query_code: Option<String>,
    legal_basis: String,
    missing: Vec<String>,
    notice_on: String,
    reason: String,
    delivery_mode: String,
    delivery_detail: String,
    result_name: String,
    applicant_id: String,
}

pub(super) async fn print(
    State(s): State<AppState>,
    PageUser(a): PageUser,
    jar: CookieJar,
    Path((id, kind)): Path<(i64, String)>,
) -> Response {
    let r = async {
        let n = app::cases::notice(&s.app, &a.actor, id, app::cases::NoticeKind::parse(&kind)?).await?;
        let p = &n.page;
        let row = &p.detail.view.case;
        let clock = &p.detail.view.clock;
        let notice_on = n.event.as_ref().map_or(s.app.clock.today(), |e| e.at.with_timezone(&app::cst()).date_naive());
        Ok(PrintPage {
            title: n.kind.title(),
            centre: row.site_name.clone(),
            today: cn_day(s.app.clock.today()),
            received_on: cn_day(row.created_at.with_timezone(&app::cst()).date_naive()),
            accepted_on: row.accepted_on.map(cn_day).unwrap_or_default(),
            promised_deadline: clock.promised_deadline.map(cn_day).unwrap_or_default(),
            statutory_deadline: clock.statutory_deadline.map(cn_day).unwrap_or_default(),
            promised_limit: clock.promised_limit,
            statutory_limit: clock.statutory_limit,
            query_code: query_code_shown(&jar, row),
            legal_basis: p.content.legal_basis.clone(),
            missing: n.missing.clone(),
            notice_on: cn_day(notice_on),
            reason: n.reason.clone(),
            delivery_mode: row
                .delivery_mode
                .as_deref()
                .map(|m| DeliveryMode::parse("m", m).map_or(m.to_owned(), |d| d.label().to_owned()))
                .unwrap_or_default(),
            delivery_detail: row.delivery_detail.clone().unwrap_or_default(),
            result_name: p.content.result_name.clone(),
            applicant_id: row.applicant_id_masked.clone().or_else(|| row.credit_code.clone()).unwrap_or_default(),
            c: row.clone(),
            kind: n.kind.code().to_owned(),
        }
        .into_response())
    }
    .await;
    page(&a, r)
}
