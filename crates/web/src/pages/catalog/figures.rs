//! The catalogue's figures (`/catalog/figures`).

use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use crate::extract::caller::PageUser;
use crate::respond::page::page;
use crate::respond::view::{Chrome, chrome, percent};
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new().route("/catalog/figures", get(figures))
}

// ---------------------------------------------------------------- figures

pub(super) struct FigureRow {
    site: String,
    windows_share: String,
    windows_ok: bool,
    items: i64,
    online_share: String,
    online_ok: bool,
    stationed_share: String,
    stationed_ok: bool,
    negative: Vec<app::catalog::NegativeEntry>,
}

#[derive(Template, WebTemplate)]
#[template(path = "catalog/figures.html")]
pub(super) struct FiguresPage {
    chrome: Option<Chrome>,
    rows: Vec<FigureRow>,
}

pub(super) async fn figures(State(s): State<AppState>, PageUser(a): PageUser) -> Response {
    let r = async {
        let f = app::catalog::figures(&s.app, &a.actor).await?;
        let rows = f
            .into_iter()
            .map(|x| FigureRow {
                site: x.site_name,
                windows_share: percent(x.comprehensive_windows, x.windows).unwrap_or_else(|| "—".into()),
                windows_ok: x.windows > 0 && x.comprehensive_windows * 100 >= x.windows * 80,
                items: x.items,
                online_share: percent(x.full_online_items, x.items).unwrap_or_else(|| "—".into()),
                online_ok: x.items > 0 && x.full_online_items * 100 >= x.items * 85,
                stationed_share: percent(x.stationed_items, x.should_be_stationed).unwrap_or_else(|| "—".into()),
                stationed_ok: x.should_be_stationed > 0 && x.stationed_items == x.should_be_stationed,
                negative: x.negative_list,
            })
            .collect();
        Ok(FiguresPage { chrome: Some(chrome(&a, "catalog")), rows }.into_response())
    }
    .await;
    page(&a, r)
}
