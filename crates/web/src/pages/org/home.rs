//! The console's home page `/`: who is signed in, today, and the network at a glance (sites,
//! windows and the share of comprehensive windows, staff), with links to every section.

use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use crate::extract::caller::PageUser;
use crate::respond::page::app_error_page;
use crate::respond::view::{self, Chrome, chrome};
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new().route("/", get(home))
}

#[derive(Template, WebTemplate)]
#[template(path = "home.html")]
struct HomePage {
    chrome: Option<Chrome>,
    name: String,
    today: String,
    window: Option<String>,
    sites: usize,
    windows: i64,
    share: String,
    share_ok: bool,
    staff: usize,
    links: Vec<(&'static str, &'static str)>,
    /// The year whose holiday schedule is missing, shown to those who keep the calendar.
    schedule_missing: Option<i32>,
}

async fn home(State(s): State<AppState>, PageUser(a): PageUser) -> Response {
    let r = async {
        let sites = app::org::list_sites(&s.app, &a.actor).await?;
        let windows: i64 = sites.iter().map(|x| x.windows).sum();
        let comp: i64 = sites.iter().map(|x| x.comprehensive_windows).sum();
        let staff = app::org::list_staff(&s.app, &a.actor, None, None, 500).await?.items.len();
        let window = match a.window_id {
            Some(w) => app::org::get_window(&s.app, &a.actor, w).await.ok().map(|(w, _)| format!("{} {} 号窗口", w.site_name, w.number)),
            None => None,
        };
        let schedule_missing = app::calendar::schedule_missing(&s.app, &a.actor).await?;
        Ok::<_, app::AppError>((sites.len(), windows, comp, staff, window, schedule_missing))
    }
    .await;
    match r {
        Ok((sites, windows, comp, staff, window, schedule_missing)) => {
            let share = view::percent(comp, windows);
            let chrome = chrome(&a, "home");
            let links = chrome.nav.iter().filter(|n| n.key != "home").map(|n| (n.href, n.label)).collect();
            HomePage {
                links,
                chrome: Some(chrome),
                name: a.actor.name.clone(),
                today: s.app.clock.today().format("%Y年%m月%d日").to_string(),
                window,
                sites,
                windows,
                share_ok: windows > 0 && comp * 100 >= windows * 80,
                share: share.unwrap_or_else(|| "—".to_owned()),
                staff,
                schedule_missing,
            }
            .into_response()
        }
        Err(e) => app_error_page(&e, Some(&a)),
    }
}
