//! 差评整改 pages: the list `/rectifications` (one's own orders, or `?view=all` within one's
//! scope), an order `/rectifications/{id}` with the rating and each step so far, and one form per
//! action (`/rectifications/{id}/{action}`: verify, reply, callback, close, appeal, uphold_appeal,
//! reject_appeal).

use app::ratings::{OrderActionInput, OrderQuery, OrderView};
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use domain::ratings::{OrderAction, RESOLUTIONS};
use serde::Deserialize;

use crate::extract::action::{ActionPath, PathAction};
use crate::extract::caller::{Auth, PageUser};
use crate::extract::form::{PageForm, yes_no};
use crate::respond::form::done_or_again;
use crate::respond::page::app_error_page;
use crate::respond::view::{Cell, Field, FormPage, Link, Msg, TablePage, done, local_minute, opts};
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/rectifications", get(list))
        .route("/rectifications/{id}", get(detail))
        .route("/rectifications/{id}/{action}", get(action_form).post(action_post))
}

#[derive(Debug, Deserialize, Default)]
struct ListQuery {
    view: Option<String>,
    status: Option<String>,
    overdue: Option<String>,
    before: Option<i64>,
    msg: Option<String>,
}

fn subject(o: &OrderView) -> Cell {
    match (&o.order.case_no, o.order.case_id, &o.order.ticket_no) {
        (Some(no), Some(id), _) => Cell::link(no, format!("/cases/{id}")),
        (_, _, Some(t)) => Cell::text(format!("现场服务（号票 {t}）")),
        _ => Cell::text("—"),
    }
}

fn status_cell(o: &OrderView) -> Cell {
    let class = match o.order.status.as_str() {
        "closed" => "good",
        "voided" => "muted",
        _ if o.overdue => "bad",
        _ => "wait",
    };
    Cell::badge(if o.overdue { format!("{}（逾期）", o.status_label) } else { o.status_label.clone() }, class)
}

async fn list(State(s): State<AppState>, PageUser(a): PageUser, Query(q): Query<ListQuery>) -> Response {
    let query = OrderQuery {
        view: q.view.clone().filter(|v| !v.is_empty()),
        status: q.status.clone().filter(|v| !v.is_empty()),
        overdue: q.overdue.as_deref() == Some("1"),
        before: q.before,
        limit: Some(50),
    };
    let page = match app::ratings::list_orders(&s.app, &a.actor, &query).await {
        Ok(p) => p,
        Err(e) => return app_error_page(&e, Some(&a)),
    };
    let all = query.view.as_deref().unwrap_or(app::ratings::default_view(&a.actor)) == "all";
    let mut t = TablePage::new(
        &a,
        "rectifications",
        if all { "差评整改（本辖区）" } else { "我的差评整改" },
        vec!["评价时间", "评价", "对象", "场所", "部门", "责任人", "核实期限", "整改期限", "状态", ""],
    )
    .flash(q.msg.clone());
    t.intro = Some(
        "不满意、非常不满意的评价自动生成整改单，由办理人负责（谁办理谁负责）：核实、整改或解释说明并回复评价人；实名差评须回访后办结。误评、恶意评价可申诉，由效能监察复核。"
            .to_owned(),
    );
    let base = if all { "/rectifications?view=all" } else { "/rectifications?view=mine" };
    // Only the lists the role may open; the current one first.
    if app::ratings::may_list_all(&a.actor) {
        t.actions.push(Link { label: "本辖区全部", href: "/rectifications?view=all".into() });
        t.actions.push(Link { label: "我的整改单", href: "/rectifications?view=mine".into() });
    }
    t.actions.push(Link { label: "逾期", href: format!("{base}&overdue=1") });
    t.actions.push(Link { label: "申诉待复核", href: format!("{base}&status=appealed") });
    t.empty_text = "暂无整改单。";
    for o in &page.items {
        t.rows.push(vec![
            Cell::text(local_minute(o.order.rated_at)),
            Cell::text(if o.reasons_labels.is_empty() {
                o.level_label.clone()
            } else {
                format!("{}（{}）", o.level_label, o.reasons_labels.join("、"))
            }),
            subject(o),
            Cell::text(o.order.site_name.clone().unwrap_or_default()),
            Cell::text(o.order.department_name.clone().unwrap_or_default()),
            Cell::text(o.order.owner_name.clone().unwrap_or_else(|| "—".to_owned())),
            Cell::text(o.order.verify_due_on.to_string()),
            Cell::text(o.order.rectify_due_on.to_string()),
            status_cell(o),
            Cell::link("查看", format!("/rectifications/{}", o.order.id)),
        ]);
    }
    let keep = |k: &str, v: &Option<String>| v.as_deref().map(|x| format!("&{k}={}", urlencoding::encode(x))).unwrap_or_default();
    t.next_href = page.next_cursor.map(|c| {
        format!("/rectifications?before={c}{}{}{}", keep("view", &q.view), keep("status", &q.status), keep("overdue", &q.overdue))
    });
    t.into_response()
}

async fn detail(State(s): State<AppState>, PageUser(a): PageUser, Path(id): Path<i64>, Query(q): Query<Msg>) -> Response {
    let o = match app::ratings::get_order(&s.app, &a.actor, id).await {
        Ok(o) => o,
        Err(e) => return app_error_page(&e, Some(&a)),
    };
    let r = &o.order;
    let mut t = TablePage::new(&a, "rectifications", format!("差评整改单 {}", r.id), vec!["项目", "内容"]).flash(q.msg);
    for action in &o.allowed {
        if let Some(x) = OrderAction::parse(action) {
            t.actions.push(Link { label: x.label(), href: format!("/rectifications/{id}/{action}") });
        }
    }
    t.actions.push(Link { label: "返回列表", href: "/rectifications".into() });
    let opt = |v: &Option<String>| v.clone().unwrap_or_else(|| "—".to_owned());
    let when = |t: Option<chrono::DateTime<chrono::Utc>>| t.map(local_minute).unwrap_or_else(|| "—".to_owned());
    let mut rows: Vec<(&str, Cell)> = vec![
        ("状态", status_cell(&o)),
        ("评价", Cell::text(format!("{}（{}星）", o.level_label, r.level))),
        ("不满意原因", Cell::text(if o.reasons_labels.is_empty() { "—".to_owned() } else { o.reasons_labels.join("、") })),
        ("评价内容", Cell::text(if r.comment.is_empty() { "—".to_owned() } else { r.comment.clone() })),
        ("评价渠道", Cell::text(domain::ratings::channel(&r.channel).map_or(r.channel.as_str(), |c| c.0).to_owned())),
        ("评价时间", Cell::text(local_minute(r.rated_at))),
        ("实名", Cell::text(if r.real_name { format!("实名（{}）", opt(&r.rater_phone_masked)) } else { "匿名".to_owned() })),
        ("评价对象", subject(&o)),
        ("事项", Cell::text(opt(&r.item_name))),
        ("场所 / 部门", Cell::text(format!("{} / {}", opt(&r.site_name), opt(&r.department_name)))),
        ("责任人", Cell::text(opt(&r.owner_name))),
        ("核实期限", Cell::text(r.verify_due_on.to_string())),
        ("整改期限", Cell::text(r.rectify_due_on.to_string())),
        ("核实情况", Cell::text(if r.finding.is_empty() { "—".to_owned() } else { format!("{}（{}）", r.finding, when(r.verified_at)) })),
    ];
    if let Some(res) = &r.resolution {
        let label = RESOLUTIONS.iter().find(|(c, _)| c == res).map_or(res.as_str(), |(_, l)| l);
        rows.push(("处理方式", Cell::text(label)));
        rows.push(("整改措施", Cell::text(if r.rectify_note.is_empty() { "—".to_owned() } else { r.rectify_note.clone() })));
        rows.push(("回复评价人", Cell::text(format!("{}（{}）", r.reply, when(r.replied_at)))));
    }
    if r.callback_at.is_some() {
        let satisfied = match r.callback_satisfied {
            Some(true) => "满意",
            Some(false) => "不满意",
            None => "—",
        };
        rows.push(("回访", Cell::text(format!("{}；评价人{}（{}）", r.callback_note, satisfied, when(r.callback_at)))));
        if let Some(l) = r.final_level {
            rows.push(("回访后重新评价", Cell::text(domain::ratings::level_label(l).unwrap_or_default())));
        }
    }
    if r.appealed_at.is_some() {
        rows.push(("申诉理由", Cell::text(format!("{}（{}）", r.appeal_reason, when(r.appealed_at)))));
        if r.appeal_decided_at.is_some() {
            rows.push(("复核意见", Cell::text(format!("{}（{}）", r.appeal_decision, when(r.appeal_decided_at)))));
        }
    }
    for m in &o.reminders {
        let level = match m.level {
            1 => "提醒",
            2 => "黄牌",
            _ => "红牌",
        };
        let channel = if m.channel == "sms" { "短信" } else { "站内" };
        rows.push(("超期督办", Cell::text(format!("{level} · {}（{channel}）· {}", m.user_name, local_minute(m.created_at)))));
    }
    for (k, v) in rows {
        t.rows.push(vec![Cell::text(k), v]);
    }
    t.into_response()
}

#[derive(Debug, Deserialize, Default)]
struct ActionForm {
    #[serde(default)]
    finding: String,
    #[serde(default)]
    resolution: String,
    #[serde(default)]
    note: String,
    #[serde(default)]
    reply: String,
    #[serde(default)]
    satisfied: String,
    #[serde(default)]
    rerate_level: String,
    #[serde(default)]
    reason: String,
}

fn fields(action: OrderAction, f: &ActionForm) -> Vec<Field> {
    match action {
        OrderAction::Verify => {
            vec![Field::new("finding", "核实情况", "text", &f.finding).required().placeholder("如：经调取监控，当日排队等候约 70 分钟")]
        }
        OrderAction::Reply => vec![
            Field::new("resolution", "处理方式", "select", "")
                .options(opts(RESOLUTIONS.iter().copied(), std::slice::from_ref(&f.resolution)))
                .required(),
            Field::new("note", "整改措施", "text", &f.note).help("立行立改、限期整改须写明措施；解释说明可不填"),
            Field::new("reply", "回复评价人", "text", &f.reply).required().help("未回复评价人的整改单不能办结"),
        ],
        OrderAction::Callback => vec![
            Field::new("note", "回访记录", "text", &f.note).required().placeholder("如：电话回访，评价人认可整改措施"),
            Field::new("satisfied", "评价人是否满意", "select", "")
                .options(opts([("yes", "满意"), ("no", "不满意")], std::slice::from_ref(&f.satisfied)))
                .required(),
            Field::new("rerate_level", "评价人重新评价（可选）", "select", "").options(opts(
                [("", "未重新评价")].into_iter().chain(domain::ratings::LEVELS.iter().map(|(l, s)| (level_code(*l), *s))),
                std::slice::from_ref(&f.rerate_level),
            )),
        ],
        OrderAction::Close => vec![],
        OrderAction::Appeal => {
            vec![Field::new("reason", "申诉理由", "text", &f.reason).required().help("误评、恶意评价等，附上可核实的情况")]
        }
        OrderAction::UpholdAppeal | OrderAction::RejectAppeal => vec![Field::new("reason", "复核意见", "text", &f.reason).required()],
    }
}

fn level_code(l: i64) -> &'static str {
    ["", "1", "2", "3", "4", "5"].get(usize::try_from(l).unwrap_or(0)).copied().unwrap_or("")
}

fn form_page(a: &Auth, id: i64, action: OrderAction) -> FormPage {
    let (title, to) = (format!("整改单 {id}：{}", action.label()), format!("/rectifications/{id}/{}", action.code()));
    FormPage::new(a, "rectifications", title, to, ("返回整改单", format!("/rectifications/{id}"))).submit(action.label())
}

impl PathAction for OrderAction {
    const WHAT: &'static str = "整改操作";
    fn from_path(s: &str) -> Option<Self> {
        OrderAction::parse(s)
    }
}

async fn action_form(PageUser(a): PageUser, ActionPath(id, x): ActionPath<OrderAction>) -> Response {
    form_page(&a, id, x).with(fields(x, &ActionForm::default()), vec![]).into_response()
}

async fn action_post(
    State(s): State<AppState>,
    PageUser(a): PageUser,
    ActionPath(id, x): ActionPath<OrderAction>,
    PageForm(f): PageForm<ActionForm>,
) -> Response {
    let input = OrderActionInput {
        action: x.code().to_owned(),
        finding: f.finding.clone(),
        resolution: Some(f.resolution.clone()).filter(|r| !r.is_empty()),
        note: f.note.clone(),
        reply: f.reply.clone(),
        satisfied: yes_no(&f.satisfied),
        rerate_level: f.rerate_level.parse().ok(),
        reason: f.reason.clone(),
    };
    let r = app::ratings::act(&s.app, &a.actor, id, &input).await;
    done_or_again(
        &a,
        r,
        |o| done(&format!("/rectifications/{id}"), &format!("已{}，整改单{}", x.label(), o.status_label)),
        async |errs| Ok(form_page(&a, id, x).refill(fields(x, &f), &errs)),
    )
    .await
}
