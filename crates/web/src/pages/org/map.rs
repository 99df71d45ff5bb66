//! `/admin/map`: the org tree with each unit's sites, their windows and comprehensive-window share.

use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use domain::access::Permission;

use crate::extract::caller::PageUser;
use crate::respond::page::app_error_page;
use crate::respond::view::{self, Chrome, chrome};
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new().route("/admin/map", get(map))
}

#[derive(Template, WebTemplate)]
#[template(path = "org/map.html")]
struct MapPage {
    chrome: Option<Chrome>,
    nodes: Vec<view::MapNode>,
}

async fn map(State(s): State<AppState>, PageUser(a): PageUser) -> Response {
    if !a.actor.has(Permission::ViewOrg) {
        return app_error_page(&app::AppError::forbidden("查看场所地图"), Some(&a));
    }
    let r = async {
        Ok::<_, app::AppError>((app::org::list_org_units(&s.app, &a.actor).await?, app::org::list_sites(&s.app, &a.actor).await?))
    }
    .await;
    match r {
        Ok((units, sites)) => MapPage { chrome: Some(chrome(&a, "map")), nodes: view::map_nodes(&units, &sites) }.into_response(),
        Err(e) => app_error_page(&e, Some(&a)),
    }
}
