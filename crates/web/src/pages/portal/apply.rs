//! Items open to online application (`/portal`) and applying (`/portal/items/{id}`: guide summary
//! and the application form with uploads).

use std::collections::HashMap;

use app::AppError;
use app::cases::MaterialInput;
use app::portal::{ApplyInput, DeliveryChoice, OnlineApplicant, OnlineItem};
use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::{Multipart, Path, Query, State};

use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use serde::Deserialize;

use super::common::*;
use crate::extract::citizen::CitizenCtx;
use crate::respond::page::app_error_page;
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/portal", get(list))
        .route("/portal/items/{id}", get(item).post(apply))
        .layer(axum::extract::DefaultBodyLimit::max(12 * 1024 * 1024))
}

// ---------------------------------------------------------------- items

#[derive(Template, WebTemplate)]
#[template(path = "portal/list.html")]
pub(super) struct ListPage {
    who: Option<String>,
    csrf: String,
    q: String,
    items: Vec<OnlineItem>,
}

#[derive(Deserialize, Default)]
pub(super) struct SearchQuery {
    #[serde(default)]
    q: String,
}

pub(super) async fn list(State(s): State<AppState>, ctx: CitizenCtx, Query(q): Query<SearchQuery>) -> Response {
    let (who, csrf) = who_of(&ctx);
    match app::portal::list_items(&s.app, &q.q).await {
        Ok(items) => no_store(StatusCode::OK, ListPage { who, csrf, q: q.q.trim().to_owned(), items }),
        Err(e) => app_error_page(&e, None),
    }
}

// ---------------------------------------------------------------- applying

pub(super) struct MaterialSlot {
    position: i64,
    name: String,
    required: bool,
    rongque: bool,
    sha: String,
    rongque_on: bool,
    promise: String,
}

/// What the form held, to show again after a refusal.
#[derive(Default)]
pub(super) struct Filled {
    kind: String,
    name: String,
    id_number: String,
    credit_code: String,
    site_id: i64,
    delivery_mode: String,
    address: String,
    recipient: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "portal/item.html")]
pub(super) struct ItemPage {
    who: Option<String>,
    csrf: String,
    who_masked: String,
    signed_in: bool,
    item: OnlineItem,
    materials: Vec<MaterialSlot>,
    deliveries: Vec<(String, String)>,
    f: Filled,
    errors: Vec<String>,
}

pub(super) fn item_page(ctx: &CitizenCtx, item: OnlineItem, f: Filled, fields: &HashMap<String, String>, errors: Vec<String>) -> ItemPage {
    let (who, csrf) = who_of(ctx);
    let materials = item
        .materials
        .iter()
        .enumerate()
        .map(|(i, m)| {
            let pos = i64::try_from(i).unwrap_or(0) + 1;
            MaterialSlot {
                position: pos,
                name: m.name.clone(),
                required: m.required,
                rongque: m.rongque,
                sha: fields.get(&format!("sha_{pos}")).cloned().unwrap_or_default(),
                rongque_on: fields.contains_key(&format!("rongque_{pos}")),
                promise: fields.get(&format!("promise_{pos}")).cloned().unwrap_or_default(),
            }
        })
        .collect();
    let deliveries = item
        .delivery
        .iter()
        .map(|d| {
            let label = match d.as_str() {
                "mail" => "邮寄送达",
                "electronic" => "电子证照 / 电子送达",
                _ => "窗口自取",
            };
            (d.clone(), label.to_owned())
        })
        .collect();
    ItemPage { who_masked: who.clone().unwrap_or_default(), signed_in: who.is_some(), who, csrf, item, materials, deliveries, f, errors }
}

pub(super) async fn item(State(s): State<AppState>, ctx: CitizenCtx, Path(id): Path<i64>) -> Response {
    match app::portal::get_item(&s.app, id).await {
        Ok(item) => {
            let f = Filled {
                site_id: item.sites.first().map_or(0, |x| x.id),
                delivery_mode: item.delivery.iter().find(|d| *d == "electronic").or(item.delivery.first()).cloned().unwrap_or_default(),
                ..Filled::default()
            };
            no_store(StatusCode::OK, item_page(&ctx, item, f, &HashMap::new(), vec![]))
        }
        Err(e) => app_error_page(&e, None),
    }
}

/// Reads a multipart form: text fields, and each non-empty `file_{n}` stored as a scan (its sha256
/// written back as `sha_{n}`). Upload refusals are returned as messages.
pub(super) async fn read_form(s: &AppState, mut mp: Multipart) -> Result<(HashMap<String, String>, Vec<String>), AppError> {
    let mut fields = HashMap::new();
    let mut errors = Vec::new();
    loop {
        let field = match mp.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(_) => return Err(domain::Invalid::one("file", "上传内容无法识别或超过大小上限，请重新选择文件").into()),
        };
        let name = field.name().unwrap_or_default().to_owned();
        if let Some(pos) = name.strip_prefix("file_") {
            let bytes =
                field.bytes().await.map_err(|_| AppError::from(domain::Invalid::one("file", "文件读取失败或超过 10 MB，请重试")))?;
            if bytes.is_empty() {
                continue;
            }
            match app::support::uploads::store_scan(&s.app, &format!("materials[{pos}]"), &bytes).await {
                Ok(scan) => {
                    fields.insert(format!("sha_{pos}"), scan.sha256);
                }
                Err(AppError::Invalid(i)) => errors.extend(i.fields.into_iter().map(|f| format!("第 {pos} 项材料：{}", f.message))),
                Err(e) => return Err(e),
            }
        } else {
            let text = field.text().await.unwrap_or_default();
            // A freshly uploaded file wins over the one carried from an earlier try.
            if name.starts_with("sha_") && fields.contains_key(&name) {
                continue;
            }
            fields.insert(name, text);
        }
    }
    Ok((fields, errors))
}

pub(super) fn materials_of(fields: &HashMap<String, String>, count: usize) -> Vec<MaterialInput> {
    (1..=i64::try_from(count).unwrap_or(0))
        .filter_map(|pos| {
            let sha = fields.get(&format!("sha_{pos}")).filter(|x| !x.is_empty()).cloned();
            let rongque = fields.contains_key(&format!("rongque_{pos}"));
            let promise_on = fields.get(&format!("promise_{pos}")).and_then(|d| d.parse().ok());
            match (sha, rongque) {
                (Some(f), false) => {
                    Some(MaterialInput { position: pos, state: "provided".into(), file_sha256: Some(f), ..MaterialInput::default() })
                }
                (_, true) => Some(MaterialInput { position: pos, state: "rongque".into(), promise_on, ..MaterialInput::default() }),
                (None, false) => None,
            }
        })
        .collect()
}

pub(super) async fn apply(State(s): State<AppState>, ctx: CitizenCtx, Path(id): Path<i64>, mp: Multipart) -> Response {
    let Some(who) = ctx.citizen.clone() else { return to_login(&format!("/portal/items/{id}")) };
    let item = match app::portal::get_item(&s.app, id).await {
        Ok(i) => i,
        Err(e) => return app_error_page(&e, None),
    };
    let (fields, upload_errors) = match read_form(&s, mp).await {
        Ok(x) => x,
        Err(e) => return app_error_page(&e, None),
    };
    let get = |k: &str| fields.get(k).map(|v| v.trim().to_owned()).unwrap_or_default();
    let f = Filled {
        kind: get("kind"),
        name: get("name"),
        id_number: get("id_number"),
        credit_code: get("credit_code"),
        site_id: get("site_id").parse().unwrap_or(0),
        delivery_mode: get("delivery_mode"),
        address: get("address"),
        recipient: get("recipient"),
    };
    if !upload_errors.is_empty() {
        return no_store(StatusCode::UNPROCESSABLE_ENTITY, item_page(&ctx, item, f, &fields, upload_errors));
    }
    let input = ApplyInput {
        item_id: Some(id),
        site_id: Some(f.site_id).filter(|x| *x > 0),
        applicant: OnlineApplicant {
            kind: f.kind.clone(),
            name: f.name.clone(),
            id_number: f.id_number.clone(),
            credit_code: f.credit_code.clone(),
        },
        materials: materials_of(&fields, item.materials.len()),
        delivery: DeliveryChoice { mode: f.delivery_mode.clone(), address: f.address.clone(), recipient: f.recipient.clone() },
        submit: get("intent") != "draft",
    };
    match app::portal::apply(&s.app, &who, &input).await {
        Ok(c) => {
            let what = if c.status == "draft" { "草稿已保存" } else { "申请已提交" };
            Redirect::to(&format!("/portal/mine?done={}", urlencoding::encode(&format!("{what}，办件编号 {}", c.case_no)))).into_response()
        }
        Err(e) => match messages(e) {
            Ok((status, errors)) => no_store(status, item_page(&ctx, item, f, &fields, errors)),
            Err(e) => app_error_page(&e, None),
        },
    }
}
