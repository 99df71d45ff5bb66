//! Cases (办件): `POST /cases` (intake at a window), `POST /cases/{id}/actions` (one transition of
//! the state machine), `GET /cases/{id}` (with the clock, checklist, pauses and trail).

use app::cases::{ActionInput, CaseDetail, CaseInput, CaseView, CreatedCase};
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use serde_json::{Value, json};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::extract::caller::ApiUser;
use crate::extract::json::ApiJson;
use crate::respond::error::ApiError;
use crate::respond::list::{List, all};
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(create))
        .routes(routes!(get))
        .routes(routes!(act))
        .routes(routes!(reminders))
        .routes(routes!(inbox))
        .routes(routes!(upload))
        .routes(routes!(list_policies, set_policy))
        .routes(routes!(delete_policy))
        // Room for the multipart framing around a scan of the largest accepted size.
        .layer(axum::extract::DefaultBodyLimit::max(app::support::uploads::MAX_SCAN_BYTES + 64 * 1024))
}

/// Uploads one scan or document-camera image (multipart field `file`): PDF, JPG, PNG or WebP by
/// content, at most 10 MB. Answers the `sha256` to put in a checklist row's `file_sha256`.
#[utoipa::path(post, path = "/uploads", tag = "cases", responses((status = 201, description = "{sha256, content_type, size}", body = app::support::uploads::StoredScan), (status = 403, description = "无权上传办件材料"), (status = 413, description = "超过大小上限"), (status = 422, description = "文件为空、过大或类型不符")))]
async fn upload(
    State(s): State<AppState>,
    ApiUser(a): ApiUser,
    mut mp: axum::extract::Multipart,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let mut bytes = None;
    loop {
        match mp.next_field().await {
            Ok(Some(f)) if f.name() == Some("file") => {
                bytes = Some(
                    f.bytes().await.map_err(|_| app::AppError::from(domain::Invalid::one("file", "文件读取失败或超过 10 MB，请重试")))?,
                );
            }
            Ok(Some(_)) => {}
            Ok(None) => break,
            Err(_) => {
                return Err(
                    app::AppError::from(domain::Invalid::one("file", "上传内容无法识别，请以 multipart/form-data 提交字段 file")).into()
                );
            }
        }
    }
    let bytes = bytes.ok_or_else(|| app::AppError::from(domain::Invalid::one("file", "请选择要上传的文件")))?;
    Ok((StatusCode::CREATED, Json(json!(app::support::uploads::store_staff_scan(&s.app, &a.actor, "file", &bytes).await?))))
}

/// Takes a case in (接件) at the clerk's window: the item's current version, the applicant (ID
/// number or credit code, phone; stored encrypted, answered masked), an agent with the
/// authorisation, the material checklist. Answers the case number and, once, the query code.
#[utoipa::path(post, path = "/cases", tag = "cases", request_body = CaseInput, responses((status = 201, description = "{id, case_no, status, query_code, clock, …}", body = CreatedCase), (status = 403, description = "无权在该窗口受理"), (status = 409, description = "窗口未获授权或事项无已发布版本"), (status = 422, description = "输入有误，details.fields 列出每个字段")))]
async fn create(
    State(s): State<AppState>,
    ApiUser(a): ApiUser,
    ApiJson(input): ApiJson<CaseInput>,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    Ok((StatusCode::CREATED, Json(json!(app::cases::create_case(&s.app, &a.actor, &input).await?))))
}

/// A case with its clock (`accepted_on`, `promised_deadline`, `statutory_deadline`,
/// `working_days_used`, `paused`, `warning_level`), the allowed actions, checklist, pauses and trail.
#[utoipa::path(get, path = "/cases/{id}", tag = "cases", params(("id" = i64, Path)), responses((status = 200, description = "办件详情", body = CaseDetail), (status = 404, description = "办件不存在或不在您的范围内")))]
async fn get(State(s): State<AppState>, ApiUser(a): ApiUser, Path(id): Path<i64>) -> Result<Json<Value>, ApiError> {
    Ok(Json(json!(app::cases::get_case(&s.app, &a.actor, id).await?)))
}

/// One transition: `{"action": "accept" | "reject" | "request_supplement" | "start_review" |
/// "start_special" | "end_special" | "request_more" | "more_received" | "extend" | "approve" |
/// "deny" | "prepare_result" | "deliver" | "complete" | "settle" | "withdraw" | "void" | …}` with
/// what the action needs. 409 `transition_not_allowed` lists `details.allowed`.
#[utoipa::path(post, path = "/cases/{id}/actions", tag = "cases", params(("id" = i64, Path)), request_body = ActionInput, responses((status = 200, description = "新的状态与时限", body = CaseView), (status = 403, description = "无权操作，或受审分离"), (status = 409, description = "当前状态不允许该操作（details.allowed），或已被他人处理"), (status = 422, description = "缺少理由等")))]
async fn act(
    State(s): State<AppState>,
    ApiUser(a): ApiUser,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<ActionInput>,
) -> Result<Json<Value>, ApiError> {
    Ok(Json(json!(app::cases::act(&s.app, &a.actor, id, &input).await?)))
}

/// The caller's in-app reminders (三级提醒) of cases nearing or past their limits, newest first.
#[utoipa::path(get, path = "/reminders", tag = "cases", responses((status = 200, description = "{items, next_cursor}", body = List<app::cases::ReminderView>)))]
async fn reminders(State(s): State<AppState>, ApiUser(a): ApiUser) -> Result<Json<Value>, ApiError> {
    Ok(Json(all(app::cases::my_reminders(&s.app, &a.actor, 100).await?)))
}

#[derive(Debug, serde::Deserialize, utoipa::IntoParams)]
pub struct InboxQuery {
    /// The department (defaults to the caller's one department).
    pub department_id: Option<i64>,
    /// One status (default: the back office's open work).
    pub status: Option<String>,
    /// 1–200, default 50.
    #[serde(default, deserialize_with = "app::support::input::limit_200")]
    pub limit: Option<i64>,
    /// The `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

/// A department's inbox (待办件): cases nearest their promised deadline first, with the time-limit
/// light of each, within the org units where the caller reviews for that department.
#[utoipa::path(get, path = "/cases", tag = "cases", params(InboxQuery), responses((status = 200, description = "{items, next_cursor}", body = app::cases::InboxPage), (status = 403, description = "无权查看该部门的待办件"), (status = 422, description = "未指定部门或翻页标记无效")))]
async fn inbox(State(s): State<AppState>, ApiUser(a): ApiUser, Query(q): Query<InboxQuery>) -> Result<Json<Value>, ApiError> {
    let page =
        app::cases::inbox(&s.app, &a.actor, q.department_id, q.status.as_deref(), q.cursor.as_deref(), q.limit.unwrap_or(50)).await?;
    Ok(Json(json!(page)))
}

/// The warning-ladder rules in force: the plan's defaults and the local policies (本地政策) of
/// sites and items within the caller's reach.
#[utoipa::path(get, path = "/ladder-policies", tag = "cases", responses((status = 200, description = "{default, items, next_cursor}", body = PolicyList)))]
async fn list_policies(State(s): State<AppState>, ApiUser(a): ApiUser) -> Result<Json<PolicyList>, ApiError> {
    let (default, items) = app::cases::ladder::list(&s.app, &a.actor).await?;
    Ok(Json(PolicyList { default, items, next_cursor: None }))
}

/// The warning-ladder rules in force (one page).
#[derive(Debug, serde::Serialize, utoipa::ToSchema)]
pub struct PolicyList {
    /// The plan's default ladder, as a sentence.
    pub default: String,
    /// The local policies within the caller's reach.
    pub items: Vec<app::cases::ladder::PolicyView>,
    /// Always null: the list is one page.
    pub next_cursor: Option<String>,
}

/// Sets the local policy of a site, an item, or an item at a site (replacing the one there);
/// running cases' ladders are recomputed in the background.
#[utoipa::path(put, path = "/ladder-policies", tag = "cases", request_body = app::cases::ladder::PolicyInput, responses((status = 200, description = "规则", body = app::cases::ladder::PolicyView), (status = 403, description = "无权设置"), (status = 422, description = "取值超出范围或未注明依据")))]
async fn set_policy(
    State(s): State<AppState>,
    ApiUser(a): ApiUser,
    ApiJson(input): ApiJson<app::cases::ladder::PolicyInput>,
) -> Result<Json<Value>, ApiError> {
    Ok(Json(json!(app::cases::ladder::set(&s.app, &a.actor, &input).await?)))
}

/// Removes a local policy: its cases fall back to the next rule that applies, or the defaults.
#[utoipa::path(delete, path = "/ladder-policies/{id}", tag = "cases", params(("id" = i64, Path)), responses((status = 204, description = "已删除"), (status = 404, description = "规则不存在")))]
async fn delete_policy(State(s): State<AppState>, ApiUser(a): ApiUser, Path(id): Path<i64>) -> Result<StatusCode, ApiError> {
    app::cases::ladder::delete(&s.app, &a.actor, id).await?;
    Ok(StatusCode::NO_CONTENT)
}
