//! The portal's public pages: `/progress` (case number + query code), rating a case (`/rate`) and
//! the monthly rating disclosure (`/public/ratings`).

use app::AppError;
use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::{Query, State};

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde::Deserialize;

use super::common::*;
use crate::extract::citizen::CitizenCtx;
use crate::extract::client::ClientAddr;
use crate::extract::form::PageForm;
use crate::respond::page::app_error_page;
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/progress", get(progress_form).post(progress))
        .route("/rate", post(rate))
        .route("/public/ratings", get(public_ratings))
        .layer(axum::extract::DefaultBodyLimit::max(12 * 1024 * 1024))
}

// ---------------------------------------------------------------- progress (public)

#[derive(Template, WebTemplate)]
#[template(path = "portal/progress.html")]
pub(super) struct ProgressPage {
    who: Option<String>,
    csrf: String,
    case_no: String,
    errors: Vec<String>,
    view: Option<app::portal::ProgressView>,
    steps: Vec<(String, String, String)>,
    /// The code the applicant typed, kept for the rating form under the card.
    query_code: String,
    notice: Option<String>,
    levels: &'static [(i64, &'static str)],
    bad_reasons: &'static [(&'static str, &'static str)],
}

impl ProgressPage {
    fn new(who: Option<String>, csrf: String, case_no: String) -> ProgressPage {
        ProgressPage {
            who,
            csrf,
            case_no,
            errors: vec![],
            view: None,
            steps: vec![],
            query_code: String::new(),
            notice: None,
            levels: domain::ratings::LEVELS,
            bad_reasons: domain::ratings::reasons(domain::ratings::Mode::Online, 1),
        }
    }
}

/// The progress card of a case, or the page with what went wrong.
pub(super) async fn progress_page(s: &AppState, client: &ClientAddr, mut page: ProgressPage, query_code: &str) -> Response {
    match app::portal::progress(&s.app, &page.case_no, query_code, &client.0).await {
        Ok(v) => {
            page.steps = v
                .steps
                .iter()
                .map(|x| (x.at.with_timezone(&app::cst()).format("%Y-%m-%d %H:%M").to_string(), x.label.clone(), x.note.clone()))
                .collect();
            page.query_code = query_code.trim().to_owned();
            page.view = Some(v);
            no_store(StatusCode::OK, page)
        }
        Err(e) => match messages(e) {
            Ok((status, errors)) => {
                page.errors.extend(errors);
                no_store(status, page)
            }
            Err(e) => app_error_page(&e, None),
        },
    }
}

#[derive(Deserialize, Default)]
pub(super) struct RateForm {
    #[serde(default)]
    case_no: String,
    #[serde(default)]
    query_code: String,
    #[serde(default)]
    level: String,
    #[serde(default)]
    reason: String,
    #[serde(default)]
    comment: String,
    #[serde(default)]
    anonymous: Option<String>,
}

/// 一事一评 from the progress page: the rating of an ended case by its number and query code
/// (or the signed-in applicant's session).
pub(super) async fn rate(State(s): State<AppState>, client: ClientAddr, ctx: CitizenCtx, PageForm(f): PageForm<RateForm>) -> Response {
    let (who, csrf) = who_of(&ctx);
    let mut page = ProgressPage::new(who, csrf, f.case_no.trim().to_owned());
    let input = app::ratings::RatingInput {
        case_no: Some(f.case_no.trim().to_owned()),
        query_code: Some(f.query_code.clone()),
        level: f.level.trim().parse().unwrap_or(0),
        channel: Some("web".to_owned()),
        reasons: if f.reason.trim().is_empty() { vec![] } else { vec![f.reason.trim().to_owned()] },
        comment: f.comment.clone(),
        anonymous: f.anonymous.is_some(),
        ..app::ratings::RatingInput::default()
    };
    let rater = app::ratings::Rater::of(app::queue::Caller::Public(&client.0), ctx.citizen.as_ref());
    match app::ratings::rate(&s.app, rater, &input).await {
        Ok(r) => {
            page.notice = Some(if r.rectification_order_id.is_some() {
                "感谢您的评价。我们将在规定时限内核实整改并回复您。".to_owned()
            } else {
                "感谢您的评价！".to_owned()
            });
        }
        Err(e) => match messages(e) {
            Ok((_, errors)) => page.errors = errors,
            Err(AppError::Forbidden(m)) => page.errors = vec![m],
            Err(e) => return app_error_page(&e, None),
        },
    }
    progress_page(&s, &client, page, &f.query_code).await
}

#[derive(Deserialize, Default)]
pub(super) struct ProgressForm {
    #[serde(default)]
    case_no: String,
    #[serde(default)]
    query_code: String,
}

pub(super) async fn progress_form(ctx: CitizenCtx, Query(q): Query<ProgressForm>) -> Response {
    let (who, csrf) = who_of(&ctx);
    no_store(StatusCode::OK, ProgressPage::new(who, csrf, q.case_no.trim().to_owned()))
}

pub(super) async fn progress(
    State(s): State<AppState>,
    client: ClientAddr,
    ctx: CitizenCtx,
    PageForm(f): PageForm<ProgressForm>,
) -> Response {
    let (who, csrf) = who_of(&ctx);
    progress_page(&s, &client, ProgressPage::new(who, csrf, f.case_no.trim().to_owned()), &f.query_code).await
}

// ---------------------------------------------------------------- public disclosure

/// 评价公示: what the halls publish of their ratings for a month, no login, no personal data.
#[derive(Template, WebTemplate)]
#[template(path = "ratings/public.html")]
pub(super) struct PublicRatingsPage {
    who: Option<String>,
    csrf: String,
    p: app::figures::PublicRatings,
}

impl PublicRatingsPage {
    fn pct(&self, r: &app::figures::Rate) -> String {
        r.percent.map_or_else(|| "—".to_owned(), |p| format!("{p:.1}%"))
    }

    fn mark(&self, r: &app::figures::Rate) -> &'static str {
        match r.meets(100.0) {
            Some(true) => "✓ 达标",
            Some(false) => "✗ 未达标",
            None => "",
        }
    }
}

#[derive(Deserialize, Default)]
pub(super) struct MonthQuery {
    month: Option<String>,
}

pub(super) async fn public_ratings(State(s): State<AppState>, ctx: CitizenCtx, Query(q): Query<MonthQuery>) -> Response {
    let (who, csrf) = who_of(&ctx);
    match app::figures::public_ratings(&s.app, q.month.as_deref()).await {
        Ok(p) => PublicRatingsPage { who, csrf, p }.into_response(),
        Err(e) => app_error_page(&e, None),
    }
}
