//! The one-time notice (一次性告知书) of an item: the form and its A4 print.

use app::catalog::VersionView;
use app::{AppError, Result};
use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use domain::Invalid;
use domain::catalog::{ItemContent, Material};
use serde::Deserialize;

use crate::extract::caller::{Auth, PageUser};
use crate::respond::page::page;
use crate::respond::view::{Chrome, chrome};
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new().route("/catalog/items/{id}/notice", get(notice_form)).route("/catalog/items/{id}/notice/print", get(notice_print))
}

// ---------------------------------------------------------------- one-time notice

#[derive(Template, WebTemplate)]
#[template(path = "catalog/notice_form.html")]
pub(super) struct NoticeFormPage {
    chrome: Option<Chrome>,
    item_id: i64,
    name: String,
    materials: Vec<Material>,
}

pub(super) async fn current_or_latest(s: &AppState, a: &Auth, id: i64) -> Result<VersionView> {
    let d = app::catalog::get_item(&s.app, &a.actor, id).await?;
    let vid = match &d.current {
        Some((v, _)) => v.id,
        None => d.versions.first().ok_or(AppError::NotFound("事项"))?.id,
    };
    app::catalog::get_version(&s.app, &a.actor, vid).await
}

pub(super) async fn notice_form(State(s): State<AppState>, PageUser(a): PageUser, Path(id): Path<i64>) -> Response {
    let r = async {
        let v = current_or_latest(&s, &a, id).await?;
        Ok(NoticeFormPage {
            chrome: Some(chrome(&a, "catalog")),
            item_id: id,
            name: v.content.name.clone(),
            materials: v.content.materials,
        }
        .into_response())
    }
    .await;
    page(&a, r)
}

#[derive(Template, WebTemplate)]
#[template(path = "catalog/notice.html")]
pub(super) struct NoticePage {
    item_id: i64,
    c: ItemContent,
    dept: String,
    missing: Vec<Material>,
    applicant: String,
    remark: String,
    date: String,
    number: String,
    clerk: String,
    site: String,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct NoticeQuery {
    m: Vec<usize>,
    applicant: String,
    remark: String,
}

/// The printable one-time notice (一次性告知单, 行政许可法 第三十二条) listing the chosen materials.
pub(super) async fn notice_print(
    State(s): State<AppState>,
    PageUser(a): PageUser,
    Path(id): Path<i64>,
    axum_extra::extract::Query(q): axum_extra::extract::Query<NoticeQuery>,
) -> Response {
    let r = async {
        let v = current_or_latest(&s, &a, id).await?;
        let missing: Vec<Material> = q.m.iter().filter_map(|&i| v.content.materials.get(i).cloned()).collect();
        if missing.is_empty() {
            return Err(Invalid::one("m", "请至少勾选一项需要补正的材料").into());
        }
        let applicant = domain::text::optional("applicant", "申请人", Some(&q.applicant), 40)?.unwrap_or_default();
        let remark = domain::text::optional("remark", "其他说明", Some(&q.remark), 300)?.unwrap_or_default();
        let now = s.app.clock.now().with_timezone(&app::cst());
        let site = match a.window_id {
            Some(w) => app::org::get_window(&s.app, &a.actor, w)
                .await
                .map(|(w, _)| format!("{} {} 号窗口", w.site_name, w.number))
                .unwrap_or_default(),
            None => String::new(),
        };
        Ok(NoticePage {
            item_id: id,
            dept: v.item.department_name,
            missing,
            applicant,
            remark,
            date: now.format("%Y年%m月%d日").to_string(),
            number: format!("GZ{}-{}-{:04}", now.format("%Y%m%d%H%M%S"), v.item.id, a.actor.user_id.map_or(0, |u| u.0)),
            clerk: a.actor.name.clone(),
            site,
            c: v.content,
        }
        .into_response())
    }
    .await;
    page(&a, r)
}
