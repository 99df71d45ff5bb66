//! My applications (`/portal/mine`): submit, withdraw, resubmit after a supplement request, and
//! the files of one's own cases.

use app::AppError;
use app::accounts::Citizen;
use app::cases::MaterialInput;
use app::portal::{CitizenActionInput, PortalCase};
use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::{Multipart, Path, Query, State};

use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use serde::Deserialize;

use super::apply::read_form;
use super::common::*;
use crate::extract::citizen::CitizenCtx;
use crate::extract::form::PageForm;
use crate::respond::page::app_error_page;
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/portal/mine", get(mine))
        .route("/portal/cases/{id}/action", post(citizen_action))
        .route("/portal/cases/{id}/resubmit", post(resubmit))
        .route("/portal/cases/{id}/files/{sha}", get(citizen_file))
        .layer(axum::extract::DefaultBodyLimit::max(12 * 1024 * 1024))
}

// ---------------------------------------------------------------- my applications

pub(super) struct MaterialLine {
    position: i64,
    name: String,
    state_label: String,
}

pub(super) struct MineCase {
    case: PortalCase,
    materials: Vec<MaterialLine>,
}

#[derive(Template, WebTemplate)]
#[template(path = "portal/mine.html")]
pub(super) struct MinePage {
    who: Option<String>,
    csrf: String,
    notice: Option<String>,
    errors: Vec<String>,
    cases: Vec<MineCase>,
}

pub(super) async fn render_mine(
    s: &AppState,
    ctx: &CitizenCtx,
    who: &Citizen,
    notice: Option<String>,
    errors: Vec<String>,
    status: StatusCode,
) -> Response {
    let r = async {
        let mut out = Vec::new();
        for case in app::portal::my_cases(&s.app, who).await? {
            let materials = if case.can.contains(&"resubmit") {
                app::portal::my_materials(&s.app, who, case.id)
                    .await?
                    .into_iter()
                    .map(|m| MaterialLine {
                        position: m.position,
                        state_label: if m.file_sha256.is_some() {
                            "已上传，可重新上传替换".to_owned()
                        } else {
                            "未上传".to_owned()
                        },
                        name: m.name,
                    })
                    .collect()
            } else {
                Vec::new()
            };
            out.push(MineCase { case, materials });
        }
        Ok::<_, AppError>(out)
    }
    .await;
    let (w, csrf) = who_of(ctx);
    match r {
        Ok(cases) => no_store(status, MinePage { who: w, csrf, notice, errors, cases }),
        Err(e) => app_error_page(&e, None),
    }
}

pub(super) async fn mine(State(s): State<AppState>, ctx: CitizenCtx, Query(q): Query<DoneQuery>) -> Response {
    let Some(who) = ctx.citizen.clone() else { return to_login("/portal/mine") };
    render_mine(&s, &ctx, &who, q.done, vec![], StatusCode::OK).await
}

#[derive(Deserialize, Default)]
pub(super) struct ActionForm {
    #[serde(default)]
    action: String,
}

pub(super) async fn citizen_action(
    State(s): State<AppState>,
    ctx: CitizenCtx,
    Path(id): Path<i64>,
    PageForm(f): PageForm<ActionForm>,
) -> Response {
    let Some(who) = ctx.citizen.clone() else { return to_login("/portal/mine") };
    let input = CitizenActionInput { action: f.action, ..CitizenActionInput::default() };
    done_or_errors(&s, &ctx, &who, app::portal::citizen_act(&s.app, &who, id, &input).await).await
}

pub(super) async fn done_or_errors(s: &AppState, ctx: &CitizenCtx, who: &Citizen, r: app::Result<PortalCase>) -> Response {
    match r {
        Ok(c) => Redirect::to(&format!("/portal/mine?done={}", urlencoding::encode(&format!("办件 {} {}", c.case_no, c.status_label))))
            .into_response(),
        Err(e) => match messages(e) {
            Ok((status, errors)) => render_mine(s, ctx, who, None, errors, status).await,
            Err(e) => app_error_page(&e, None),
        },
    }
}

pub(super) async fn resubmit(State(s): State<AppState>, ctx: CitizenCtx, Path(id): Path<i64>, mp: Multipart) -> Response {
    let Some(who) = ctx.citizen.clone() else { return to_login("/portal/mine") };
    let (fields, upload_errors) = match read_form(&s, mp).await {
        Ok(x) => x,
        Err(e) => return app_error_page(&e, None),
    };
    if !upload_errors.is_empty() {
        return render_mine(&s, &ctx, &who, None, upload_errors, StatusCode::UNPROCESSABLE_ENTITY).await;
    }
    let materials = fields
        .iter()
        .filter_map(|(k, v)| {
            let pos = k.strip_prefix("sha_")?.parse().ok()?;
            Some(MaterialInput { position: pos, state: "provided".into(), file_sha256: Some(v.clone()), ..MaterialInput::default() })
        })
        .collect();
    let input = CitizenActionInput { action: "resubmit".into(), materials, ..CitizenActionInput::default() };
    done_or_errors(&s, &ctx, &who, app::portal::citizen_act(&s.app, &who, id, &input).await).await
}

pub(super) fn file_response(r: app::Result<(Vec<u8>, String)>) -> Response {
    match r {
        Ok((bytes, ct)) => (
            [
                (header::CONTENT_TYPE, ct),
                (header::CACHE_CONTROL, "private, no-store".to_owned()),
                (header::CONTENT_DISPOSITION, "inline".to_owned()),
            ],
            bytes,
        )
            .into_response(),
        Err(e) => app_error_page(&e, None),
    }
}

pub(super) async fn citizen_file(State(s): State<AppState>, ctx: CitizenCtx, Path((id, sha)): Path<(i64, String)>) -> Response {
    let Some(who) = ctx.citizen else { return to_login("/portal/mine") };
    file_response(app::portal::citizen_scan(&s.app, &who, id, &sha).await)
}
