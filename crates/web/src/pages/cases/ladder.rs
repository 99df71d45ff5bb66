//! The warning-ladder rules page (时限预警规则): the plan's defaults and the local policies
//! (本地政策) of sites and items, set by a site's managers (or, for an item everywhere, by
//! administrators). Saving recomputes the running cases' ladders in the background.

use app::cases::ladder::{PolicyInput, PolicyView};
use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use domain::access::Permission;
use serde::Deserialize;

use crate::extract::caller::{Auth, PageUser};
use crate::extract::form::PageForm;
use crate::respond::form::done_or_again;
use crate::respond::page::app_error_page;
use crate::respond::view::{Chrome, chrome, done};
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new().route("/admin/ladder-policies", get(list_page).post(save)).route("/admin/ladder-policies/{id}/delete", post(remove))
}

struct SiteOpt {
    id: i64,
    name: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "cases/ladder_policies.html")]
struct LadderPage {
    chrome: Option<Chrome>,
    csrf: String,
    default: String,
    policies: Vec<PolicyView>,
    sites: Vec<SiteOpt>,
    can_edit: bool,
    errors: Vec<String>,
}

#[derive(Deserialize, Default)]
struct Msg {
    msg: Option<String>,
}

async fn render(s: &AppState, a: &Auth, flash: Option<String>, errors: Vec<String>) -> app::Result<LadderPage> {
    let (default, policies) = app::cases::ladder::list(&s.app, &a.actor).await?;
    let sites = app::org::list_sites(&s.app, &a.actor)
        .await?
        .into_iter()
        .filter(|x| a.actor.can(Permission::ManageSites, &x.site.org_path, None))
        .map(|x| SiteOpt { id: x.site.id, name: x.site.name })
        .collect::<Vec<_>>();
    let mut c = chrome(a, "ladder");
    c.flash = flash;
    Ok(LadderPage {
        chrome: Some(c),
        csrf: a.csrf.clone(),
        default,
        policies,
        can_edit: !sites.is_empty() || a.actor.has(Permission::ManageStructure),
        sites,
        errors,
    })
}

async fn list_page(State(s): State<AppState>, PageUser(a): PageUser, Query(q): Query<Msg>) -> Response {
    match render(&s, &a, q.msg, vec![]).await {
        Ok(p) => p.into_response(),
        Err(e) => app_error_page(&e, Some(&a)),
    }
}

async fn save(State(s): State<AppState>, PageUser(a): PageUser, PageForm(i): PageForm<PolicyInput>) -> Response {
    let r = app::cases::ladder::set(&s.app, &a.actor, &i).await;
    done_or_again(
        &a,
        r,
        |v| done("/admin/ladder-policies", &format!("已保存：{}", v.label)),
        async |inv| render(&s, &a, None, inv.fields.into_iter().map(|f| f.message).collect()).await,
    )
    .await
}

async fn remove(State(s): State<AppState>, PageUser(a): PageUser, Path(id): Path<i64>) -> Response {
    match app::cases::ladder::delete(&s.app, &a.actor, id).await {
        Ok(()) => done("/admin/ladder-policies", "已删除该本地政策，相关办件恢复适用上一级规则"),
        Err(e) => app_error_page(&e, Some(&a)),
    }
}
