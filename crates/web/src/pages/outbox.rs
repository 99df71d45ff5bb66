//! The SMS outbox page (短信发件箱): what was (or, with the recording adapter, would have been)
//! sent to citizens, filtered by status, with a retry button on failed messages.

use app::outbox::{OutboxFilter, OutboxStatus};
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use serde::Deserialize;

use crate::extract::caller::PageUser;
use crate::respond::page::app_error_page;
use crate::respond::view::{Cell, Link, TablePage, done};
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/admin/outbox", get(outbox))
        .route("/admin/outbox/{id}/retry", post(retry))
        .route("/demo/sms", get(demo_sms))
        // The console's pages live under /admin; this name was used in the issue.
        .route("/console/outbox", get(|| async { Redirect::permanent("/admin/outbox") }))
}

#[derive(Deserialize, Default)]
struct OutboxQuery {
    status: Option<String>,
    cursor: Option<i64>,
    msg: Option<String>,
}

fn ts(t: chrono::DateTime<chrono::Utc>) -> String {
    t.with_timezone(&app::cst()).format("%m-%d %H:%M:%S").to_string()
}

async fn outbox(State(s): State<AppState>, PageUser(a): PageUser, Query(q): Query<OutboxQuery>) -> Response {
    let r = async {
        let status = q.status.as_deref().map(str::trim).filter(|x| !x.is_empty()).map(str::to_owned);
        let filter = OutboxFilter { status: status.clone(), kind: None };
        let page = app::outbox::list(&s.app, &a.actor, &filter, 50, q.cursor).await?;
        let counts = app::outbox::counts(&s.app, &a.actor).await?;
        let label = status.as_deref().and_then(|x| OutboxStatus::parse("status", x).ok()).map(OutboxStatus::label);
        let title = label.map_or_else(|| "短信发件箱".to_owned(), |l| format!("短信发件箱 · {l}"));
        let mut t =
            TablePage::new(&a, "outbox", title, vec!["时间", "类型", "手机号", "内容", "状态", "尝试次数", "最近错误", "发送回执", ""])
                .flash(q.msg);
        t.intro = Some(format!(
            "叫号、预约提醒等短信在业务办理的同一事务中写入发件箱，由后台任务发送，失败后按 30 秒、2 分钟、10 分钟、1 小时重试，共 {} 次。\
             手机号已脱敏，验证码不予显示。当前：待发送 {}，已发送 {}，发送失败 {}。",
            app::outbox::MAX_ATTEMPTS,
            counts.pending,
            counts.sent,
            counts.failed
        ));
        t.actions.push(Link { label: "全部", href: "/admin/outbox".into() });
        for st in OutboxStatus::ALL {
            t.actions.push(Link { label: st.label(), href: format!("/admin/outbox?status={}", st.code()) });
        }
        t.empty_text = "暂无短信。";
        for m in page.items {
            let status = match m.status.as_str() {
                "sent" => Cell::badge(&m.status_label, "good"),
                "failed" => Cell::badge(&m.status_label, "bad"),
                _ => Cell::badge(&m.status_label, "wait"),
            };
            t.rows.push(vec![
                Cell::text(ts(m.created_at)),
                Cell::text(&m.kind_label),
                Cell::text(&m.phone_masked),
                Cell::text(&m.body),
                status,
                Cell::text(m.attempts.to_string()),
                Cell::text(m.last_error.as_deref().unwrap_or("—")),
                Cell::text(m.provider_ref.as_deref().unwrap_or("—")),
                if m.status == "failed" { Cell::post("重试", format!("/admin/outbox/{}/retry", m.id)) } else { Cell::text("") },
            ]);
        }
        let status_q = status.map(|x| format!("&status={}", urlencoding::encode(&x))).unwrap_or_default();
        t.next_href = page.next_cursor.map(|c| format!("/admin/outbox?cursor={c}{status_q}"));
        Ok::<_, app::AppError>(t.into_response())
    }
    .await;
    r.unwrap_or_else(|e| app_error_page(&e, Some(&a)))
}

async fn retry(State(s): State<AppState>, PageUser(a): PageUser, Path(id): Path<i64>) -> Response {
    match app::outbox::retry(&s.app, &a.actor, id).await {
        Ok(_) => done("/admin/outbox", "短信已重新排队，将在几秒内发送"),
        Err(e) => app_error_page(&e, Some(&a)),
    }
}

#[derive(askama::Template, askama_web::WebTemplate)]
#[template(path = "outbox/demo.html")]
struct DemoSmsPage {
    who: Option<String>,
    csrf: String,
    texts: Vec<(String, String, String)>,
}

/// The demo's texts in clear, newest first (only `yichuang demo` has this page): the visitor
/// reads the login code the portal sent to a demo phone.
async fn demo_sms(State(s): State<AppState>) -> Response {
    let Some(g) = &s.demo_sms else {
        return crate::respond::page::error_page(
            axum::http::StatusCode::NOT_FOUND,
            "找不到页面",
            "演示短信只在演示环境中提供；正式环境的短信经短信网关发送。",
            None,
        );
    };
    let texts = g.recent().into_iter().map(|t| (crate::respond::view::local_minute(t.at), t.phone_masked, t.body)).collect();
    ([(axum::http::header::CACHE_CONTROL, "no-store")], DemoSmsPage { who: None, csrf: String::new(), texts }).into_response()
}
