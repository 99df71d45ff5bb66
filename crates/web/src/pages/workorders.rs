//! Work-order pages (12345 / 办不成事): the list `/work-orders`, the intake form
//! `/work-orders/new`, an order with its trail `/work-orders/{id}`, and one form per step
//! (`/work-orders/{id}/{action}`).

use app::AppError;
use app::workorders::{WorkOrderActionInput, WorkOrderInput, WorkOrderQuery, WorkOrderView};
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use domain::workorders::{Action, CHANNELS, Kind, Status, VERIFICATIONS};
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
        .route("/work-orders", get(list))
        .route("/work-orders/new", get(new_form).post(new_post))
        .route("/work-orders/{id}", get(detail))
        .route("/work-orders/{id}/{action}", get(action_form).post(action_post))
}

#[derive(Debug, Deserialize, Default)]
struct ListQuery {
    status: Option<String>,
    before: Option<i64>,
    msg: Option<String>,
}

fn status_cell(o: &WorkOrderView) -> Cell {
    let class = match o.order.status.as_str() {
        "closed" => "good",
        _ if o.overdue => "bad",
        _ => "wait",
    };
    Cell::badge(if o.overdue { format!("{}（逾期）", o.status_label) } else { o.status_label.clone() }, class)
}

async fn list(State(s): State<AppState>, PageUser(a): PageUser, Query(q): Query<ListQuery>) -> Response {
    let query =
        WorkOrderQuery { status: q.status.clone().filter(|x| !x.is_empty()), before: q.before, limit: Some(50), ..Default::default() };
    let page = match app::workorders::list(&s.app, &a.actor, &query).await {
        Ok(p) => p,
        Err(e) => return app_error_page(&e, Some(&a)),
    };
    let mut t = TablePage::new(
        &a,
        "work_orders",
        "工单（12345 / 办不成事）",
        vec!["工单号", "登记时间", "来源", "类型", "诉求", "承办部门", "答复期限", "状态", ""],
    )
    .flash(q.msg.clone());
    t.intro = Some("12345 热线和“办不成事”窗口的诉求登记为工单，派至承办部门 1 个工作日内签收，咨询 2 个、求助和投诉 5 个工作日内答复；回访不满意的重新办理。".to_owned());
    if a.actor.has(domain::access::Permission::RegisterWorkOrders) {
        t.actions.push(Link { label: "登记工单", href: "/work-orders/new".into() });
    }
    t.actions.push(Link { label: "全部", href: "/work-orders".into() });
    for st in [Status::Registered, Status::Assigned, Status::Signed, Status::Replied, Status::Closed] {
        t.actions.push(Link { label: st.label(), href: format!("/work-orders?status={}", st.code()) });
    }
    t.empty_text = "暂无工单。";
    for o in &page.items {
        let content: String = o.order.content.chars().take(40).collect();
        t.rows.push(vec![
            Cell::link(&o.order.order_no, format!("/work-orders/{}", o.order.id)),
            Cell::text(local_minute(o.order.created_at)),
            Cell::text(&o.channel_label),
            Cell::text(&o.kind_label),
            Cell::text(content),
            Cell::text(o.order.department_name.clone().unwrap_or_else(|| "—".to_owned())),
            Cell::text(o.order.reply_due_on.map_or_else(|| "—".to_owned(), |d| d.to_string())),
            status_cell(o),
            Cell::link("查看", format!("/work-orders/{}", o.order.id)),
        ]);
    }
    let keep = q.status.as_deref().map(|x| format!("&status={}", urlencoding::encode(x))).unwrap_or_default();
    t.next_href = page.next_cursor.map(|c| format!("/work-orders?before={c}{keep}"));
    t.into_response()
}

#[derive(Debug, Deserialize, Default)]
struct NewForm {
    #[serde(default)]
    channel: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    category: String,
    #[serde(default)]
    content: String,
    #[serde(default)]
    contact_name: String,
    #[serde(default)]
    contact_phone: String,
    #[serde(default)]
    department_id: String,
}

async fn new_fields(s: &AppState, actor: &app::Actor, f: &NewForm) -> Vec<Field> {
    // Without the right to read departments the form simply offers no routing.
    let depts = app::org::list_departments(&s.app, actor).await.unwrap_or_default();
    let dept_opts = std::iter::once(("".to_owned(), "暂不派单".to_owned())).chain(depts.into_iter().map(|d| (d.id.to_string(), d.name)));
    vec![
        Field::new("channel", "来源", "select", "").options(opts(CHANNELS.iter().copied(), std::slice::from_ref(&f.channel))).required(),
        Field::new("kind", "类型", "select", "")
            .options(opts(Kind::ALL.iter().map(|k| (k.code(), k.label())), std::slice::from_ref(&f.kind)))
            .required(),
        Field::new("category", "诉求分类", "text", &f.category).placeholder("如：办事指南、材料要求、窗口服务"),
        Field::new("content", "诉求内容", "text", &f.content).required(),
        Field::new("contact_name", "联系人", "text", &f.contact_name),
        Field::new("contact_phone", "联系电话", "text", &f.contact_phone).help("用于回访，加密保存，页面仅显示部分号码"),
        Field::new("department_id", "派至承办部门", "select", "").options(opts(dept_opts, std::slice::from_ref(&f.department_id))),
    ]
}

/// The intake form, without its fields.
fn new_page(a: &Auth) -> FormPage {
    FormPage::new(a, "work_orders", "登记工单", "/work-orders/new", ("返回", "/work-orders".to_owned())).submit("登记")
}

/// The form of one step on order `id`, without its fields.
fn action_page(a: &Auth, id: i64, x: Action) -> FormPage {
    let (title, to) = (format!("工单：{}", x.label()), format!("/work-orders/{id}/{}", x.code()));
    FormPage::new(a, "work_orders", title, to, ("返回", format!("/work-orders/{id}"))).submit(x.label())
}

async fn new_form(State(s): State<AppState>, PageUser(a): PageUser) -> Response {
    if !a.actor.has(domain::access::Permission::RegisterWorkOrders) {
        return app_error_page(&AppError::forbidden("登记工单"), Some(&a));
    }
    let f = NewForm { channel: "cannot_do".to_owned(), kind: "help".to_owned(), ..NewForm::default() };
    let fields = new_fields(&s, &a.actor, &f).await;
    new_page(&a).with(fields, vec![]).into_response()
}

async fn new_post(State(s): State<AppState>, PageUser(a): PageUser, PageForm(f): PageForm<NewForm>) -> Response {
    let input = WorkOrderInput {
        channel: f.channel.clone(),
        kind: f.kind.clone(),
        category: f.category.clone(),
        content: f.content.clone(),
        contact_name: f.contact_name.clone(),
        contact_phone: f.contact_phone.clone(),
        department_id: f.department_id.trim().parse().ok(),
        ..WorkOrderInput::default()
    };
    let r = app::workorders::create(&s.app, &a.actor, &input).await;
    done_or_again(
        &a,
        r,
        |v| done(&format!("/work-orders/{}", v.order.id), &format!("已登记工单 {}", v.order.order_no)),
        async |errs| Ok(new_page(&a).refill(new_fields(&s, &a.actor, &f).await, &errs)),
    )
    .await
}

async fn detail(State(s): State<AppState>, PageUser(a): PageUser, Path(id): Path<i64>, Query(q): Query<Msg>) -> Response {
    let o = match app::workorders::get(&s.app, &a.actor, id).await {
        Ok(o) => o,
        Err(e) => return app_error_page(&e, Some(&a)),
    };
    let w = &o.order;
    let mut t = TablePage::new(&a, "work_orders", format!("工单 {}", w.order_no), vec!["项目", "内容"]).flash(q.msg);
    for action in &o.allowed {
        if let Some(x) = Action::parse(action) {
            t.actions.push(Link { label: x.label(), href: format!("/work-orders/{id}/{action}") });
        }
    }
    t.actions.push(Link { label: "返回列表", href: "/work-orders".into() });
    let dash = |v: Option<String>| v.filter(|x| !x.is_empty()).unwrap_or_else(|| "—".to_owned());
    let mut rows: Vec<(String, Cell)> = vec![
        ("状态".into(), status_cell(&o)),
        ("来源 / 类型".into(), Cell::text(format!("{} / {}", o.channel_label, o.kind_label))),
        ("诉求分类".into(), Cell::text(dash(Some(w.category.clone())))),
        ("诉求内容".into(), Cell::text(&w.content)),
        ("联系人".into(), Cell::text(format!("{} {}", w.contact_name, w.contact_phone_masked.clone().unwrap_or_default()))),
        ("承办部门".into(), Cell::text(dash(w.department_name.clone()))),
        (
            "签收期限 / 答复期限".into(),
            Cell::text(format!("{} / {}", dash(w.sign_due_on.map(|d| d.to_string())), dash(w.reply_due_on.map(|d| d.to_string())))),
        ),
        ("答复".into(), Cell::text(dash(Some(w.reply.clone())))),
    ];
    if let Some(name) = &w.staff_name {
        let v = w.verification.as_deref().and_then(|c| VERIFICATIONS.iter().find(|(x, _)| *x == c)).map_or("待核实", |(_, l)| l);
        rows.push(("被投诉人员".into(), Cell::text(format!("{name}（核实：{v}）"))));
    }
    if w.reopen_count > 0 {
        rows.push(("重新办理".into(), Cell::text(format!("{} 次", w.reopen_count))));
    }
    for e in &o.events {
        let label = Action::parse(&e.action).map_or("登记", Action::label);
        let dept = e.department_name.as_deref().map(|d| format!("（{d}）")).unwrap_or_default();
        rows.push((
            format!("{} {}", local_minute(e.at), label),
            Cell::text(format!("{}{}{}", e.actor_name, dept, if e.note.is_empty() { String::new() } else { format!("：{}", e.note) })),
        ));
    }
    for (k, v) in rows {
        t.rows.push(vec![Cell::text(k), v]);
    }
    t.into_response()
}

#[derive(Debug, Deserialize, Default)]
struct ActionForm {
    #[serde(default)]
    department_id: String,
    #[serde(default)]
    note: String,
    #[serde(default)]
    verification: String,
    #[serde(default)]
    satisfied: String,
}

async fn fields(s: &AppState, actor: &app::Actor, action: Action, f: &ActionForm) -> Vec<Field> {
    match action {
        Action::Assign => {
            let mut fs = new_fields(s, actor, &NewForm { department_id: f.department_id.clone(), ..NewForm::default() }).await;
            let mut d = fs.pop().expect("the department field is last");
            d.required = true;
            vec![d]
        }
        Action::Sign => vec![],
        Action::SendBack => vec![Field::new("note", "退回理由", "text", &f.note).required()],
        Action::Reply => vec![
            Field::new("note", "答复内容", "text", &f.note).required(),
            Field::new("verification", "投诉核实（投诉工作人员时必填）", "select", "")
                .options(opts([("", "—")].into_iter().chain(VERIFICATIONS.iter().copied()), std::slice::from_ref(&f.verification))),
        ],
        Action::Callback => vec![
            Field::new("note", "回访记录", "text", &f.note).required(),
            Field::new("satisfied", "群众是否满意", "select", "")
                .options(opts([("yes", "满意（办结）"), ("no", "不满意（重新办理）")], std::slice::from_ref(&f.satisfied)))
                .required(),
        ],
        Action::Close => vec![Field::new("note", "办结说明", "text", &f.note).required()],
    }
}

impl PathAction for Action {
    const WHAT: &'static str = "工单操作";
    fn from_path(s: &str) -> Option<Self> {
        Action::parse(s)
    }
}

async fn action_form(State(s): State<AppState>, PageUser(a): PageUser, ActionPath(id, x): ActionPath<Action>) -> Response {
    let fs = fields(&s, &a.actor, x, &ActionForm::default()).await;
    action_page(&a, id, x).with(fs, vec![]).into_response()
}

async fn action_post(
    State(s): State<AppState>,
    PageUser(a): PageUser,
    ActionPath(id, x): ActionPath<Action>,
    PageForm(f): PageForm<ActionForm>,
) -> Response {
    let input = WorkOrderActionInput {
        action: x.code().to_owned(),
        department_id: f.department_id.trim().parse().ok(),
        note: f.note.clone(),
        verification: Some(f.verification.clone()).filter(|v| !v.is_empty()),
        satisfied: yes_no(&f.satisfied),
    };
    let r = app::workorders::act(&s.app, &a.actor, id, &input).await;
    done_or_again(
        &a,
        r,
        |o| done(&format!("/work-orders/{id}"), &format!("已{}，工单{}", x.label(), o.status_label)),
        async |errs| Ok(action_page(&a, id, x).refill(fields(&s, &a.actor, x, &f).await, &errs)),
    )
    .await
}
