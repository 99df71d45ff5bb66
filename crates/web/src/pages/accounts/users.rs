//! Pages to manage accounts and grants, hall device tokens, API tokens, and to read the audit log.

use app::accounts::{ApiTokenInput, GrantInput, UserInput};
use app::devices::{DEVICE_KINDS, DeviceInput, device_kind_label};
use app::{AppError, Result};
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use domain::Invalid;
use domain::access::{Permission, Role};
use serde::Deserialize;

use crate::extract::caller::{Auth, PageUser};
use crate::extract::form::PageForm;
use crate::respond::form::unprocessable;
use crate::respond::page::{app_error_page, page};
use crate::respond::view::{Cell, Field, FormPage, InlineForm, Link, Msg, TablePage, attach_errors, chrome, done, esc, opts, unit_options};
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/admin/users", get(users))
        .route("/admin/users/new", get(user_new).post(user_create))
        .route("/admin/users/{id}", get(user_edit).post(user_update))
        .route("/admin/users/{id}/grants", post(grant_add))
        .route("/admin/grants/{id}/delete", post(grant_delete))
        .route("/admin/devices", get(devices).post(device_issue))
        .route("/admin/devices/{id}/revoke", post(device_revoke))
        .route("/admin/api-tokens", get(tokens).post(token_issue))
        .route("/admin/api-tokens/{id}/revoke", post(token_revoke))
        .route("/admin/audit", get(audit))
}

fn ts(t: Option<chrono::DateTime<chrono::Utc>>) -> String {
    t.map(|t| t.with_timezone(&app::cst()).format("%Y-%m-%d %H:%M").to_string()).unwrap_or_else(|| "—".into())
}

fn role_labels(codes: &[String]) -> String {
    codes.iter().map(|c| Role::parse("role", c).map_or(c.as_str(), |r| r.label())).collect::<Vec<_>>().join("、")
}

// ---------------------------------------------------------------- users

#[derive(Deserialize, Default)]
struct UsersQuery {
    cursor: Option<i64>,
    msg: Option<String>,
}

async fn users(State(s): State<AppState>, PageUser(a): PageUser, Query(q): Query<UsersQuery>) -> Response {
    let r = async {
        let p = app::accounts::list_users(&s.app, &a.actor, q.cursor, 100).await?;
        let mut t = TablePage::new(&a, "users", "账号与授权", vec!["用户名", "姓名", "所属机构", "角色", "状态", ""]).flash(q.msg);
        t.actions.push(Link { label: "新增账号", href: "/admin/users/new".into() });
        t.intro = Some("角色授予在某一机构及其下级范围内，可限定到一个部门。".into());
        for u in p.items {
            t.rows.push(vec![
                Cell::text(&u.username),
                Cell::text(&u.name),
                Cell::text(&u.org_name),
                Cell::text(role_labels(&u.roles)),
                if !u.active {
                    Cell::badge("已停用", "bad")
                } else if u.locked {
                    Cell::badge("登录暂缓中", "wait")
                } else {
                    Cell::badge("正常", "good")
                },
                Cell::link("编辑", format!("/admin/users/{}", u.id)),
            ]);
        }
        t.next_href = p.next_cursor.map(|c| format!("/admin/users?cursor={c}"));
        Ok(t.into_response())
    }
    .await;
    page(&a, r)
}

async fn user_fields(s: &AppState, a: &Auth, i: &UserInput, editing: bool) -> Result<Vec<Field>> {
    let units = app::org::list_org_units(&s.app, &a.actor).await?;
    let staff = app::org::list_staff(&s.app, &a.actor, None, None, 500).await?.items;
    let staff_opts = opts(
        staff.iter().map(|x| (x.id, format!("{}（{}）", x.name, x.department_name))),
        &[i.staff_id.map(|x| x.to_string()).unwrap_or_default()],
    );
    let mut f = vec![
        Field::new("username", "用户名", "text", &i.username).required().help("3–32 位小写字母、数字或 - _ .，以字母开头"),
        Field::new("name", "姓名", "text", &i.name).required(),
        Field::new("org_unit_id", "所属机构", "select", "").options(unit_options(&units, i.org_unit_id, None)).required(),
        Field::new("staff_id", "对应工作人员", "select", "")
            .options(staff_opts)
            .help("窗口工作人员的账号请关联其人员档案，以便登录后显示今日窗口"),
    ];
    if editing {
        f.push(Field::new("password", "重置密码", "password", "").help("不重置请留空；重置后该账号的所有会话将失效"));
        f.push(Field::new("active", "启用", "checkbox", if i.active { "on" } else { "" }));
    } else {
        f.push(Field::new("password", "初始密码", "password", "").required().help("至少 8 位，须同时包含字母和数字"));
    }
    Ok(f)
}

async fn user_form(
    s: &AppState,
    a: &Auth,
    i: &UserInput,
    editing: Option<i64>,
    inv: Option<&Invalid>,
    flash: Option<String>,
) -> Result<Response> {
    let mut f = user_fields(s, a, i, editing.is_some()).await?;
    let errs = inv.map(|e| attach_errors(&mut f, e)).unwrap_or_default();
    let Some(id) = editing else {
        let p = FormPage::new(a, "users", "新增账号", "/admin/users/new", ("账号与授权", "/admin/users".into()));
        return Ok(p.with(f, errs).submit("创建账号").into_response());
    };
    // Editing: the account form, then its grants with a form to add one.
    let (view, grants) = app::accounts::get_user(&s.app, &a.actor, id).await?;
    let units = app::org::list_org_units(&s.app, &a.actor).await?;
    let depts = app::org::list_departments(&s.app, &a.actor).await?;
    let page = UserPage {
        chrome: Some(crate::respond::view::Chrome { flash, ..chrome(a, "users") }),
        csrf: a.csrf.clone(),
        id,
        username: view.username,
        locked: view.locked,
        active: view.active,
        status: if errs.is_empty() { 200 } else { 422 },
        errors: errs,
        fields: f,
        grants: grants
            .iter()
            .map(|g| GrantView {
                id: g.id,
                role: Role::parse("role", &g.role).map_or(g.role.clone(), |r| r.label().to_owned()),
                scope: g.org_name.clone(),
                department: g.department_name.clone().unwrap_or_else(|| "—".into()),
            })
            .collect(),
        roles: opts(Role::ALL.iter().map(|r| (r.code(), r.label())), &[]),
        units: unit_options(&units, None, None),
        departments: opts(depts.iter().map(|d| (d.id, d.short_name.clone())), &[]),
    };
    let status = StatusCode::from_u16(page.status).unwrap_or(StatusCode::OK);
    Ok((status, page).into_response())
}

struct GrantView {
    id: i64,
    role: String,
    scope: String,
    department: String,
}

#[derive(askama::Template, askama_web::WebTemplate)]
#[template(path = "accounts/user.html")]
struct UserPage {
    chrome: Option<crate::respond::view::Chrome>,
    csrf: String,
    id: i64,
    username: String,
    locked: bool,
    active: bool,
    status: u16,
    errors: Vec<String>,
    fields: Vec<Field>,
    grants: Vec<GrantView>,
    roles: Vec<crate::respond::view::Opt>,
    units: Vec<crate::respond::view::Opt>,
    departments: Vec<crate::respond::view::Opt>,
}

async fn user_new(State(s): State<AppState>, PageUser(a): PageUser) -> Response {
    if !a.actor.has(Permission::ManageAccounts) {
        return app_error_page(&AppError::forbidden("管理账号"), Some(&a));
    }
    let r = user_form(&s, &a, &UserInput::default(), None, None, None).await;
    page(&a, r)
}

async fn user_failed(s: &AppState, a: &Auth, i: &UserInput, editing: Option<i64>, e: AppError) -> Response {
    let inv = match e {
        AppError::Invalid(inv) => inv,
        AppError::Conflict(m) => Invalid::one("username", m),
        other => return app_error_page(&other, Some(a)),
    };
    let i = UserInput { password: None, ..i.clone() };
    let r = user_form(s, a, &i, editing, Some(&inv), None).await.map(unprocessable);
    page(a, r)
}

async fn user_create(State(s): State<AppState>, PageUser(a): PageUser, PageForm(i): PageForm<UserInput>) -> Response {
    match app::accounts::create_user(&s.app, &a.actor, &i).await {
        Ok(u) => done(&format!("/admin/users/{}", u.id), "账号已创建，请为其添加授权"),
        Err(e) => user_failed(&s, &a, &i, None, e).await,
    }
}

async fn user_edit(State(s): State<AppState>, PageUser(a): PageUser, Path(id): Path<i64>, Query(m): Query<Msg>) -> Response {
    let r = async {
        let (u, _) = app::accounts::get_user(&s.app, &a.actor, id).await?;
        let i = UserInput {
            username: u.username,
            name: u.name,
            org_unit_id: Some(u.org_unit_id),
            staff_id: u.staff_id,
            password: None,
            active: u.active,
        };
        user_form(&s, &a, &i, Some(id), None, m.msg).await
    }
    .await;
    page(&a, r)
}

async fn user_update(State(s): State<AppState>, PageUser(a): PageUser, Path(id): Path<i64>, PageForm(i): PageForm<UserInput>) -> Response {
    match app::accounts::update_user(&s.app, &a.actor, id, &i).await {
        Ok(_) => done(&format!("/admin/users/{id}"), "账号已保存"),
        Err(e) => user_failed(&s, &a, &i, Some(id), e).await,
    }
}

async fn grant_add(State(s): State<AppState>, PageUser(a): PageUser, Path(id): Path<i64>, PageForm(g): PageForm<GrantInput>) -> Response {
    match app::accounts::add_grant(&s.app, &a.actor, id, &g).await {
        Ok(_) => done(&format!("/admin/users/{id}"), "已添加授权"),
        Err(AppError::Invalid(inv)) => done(&format!("/admin/users/{id}"), &format!("授权未添加：{}", inv.summary())),
        Err(e) => app_error_page(&e, Some(&a)),
    }
}

async fn grant_delete(State(s): State<AppState>, PageUser(a): PageUser, Path(id): Path<i64>) -> Response {
    let r = async {
        let user_id = app::accounts::grant_user(&s.app, id).await?;
        app::accounts::remove_grant(&s.app, &a.actor, id).await?;
        Ok(done(&format!("/admin/users/{user_id}"), "已撤销授权"))
    }
    .await;
    page(&a, r)
}

// ---------------------------------------------------------------- devices

async fn devices_page(
    s: &AppState,
    a: &Auth,
    msg: Option<String>,
    notice: Option<String>,
    input: &DeviceInput,
    inv: Option<&Invalid>,
) -> Result<TablePage> {
    let list = app::devices::list_devices(&s.app, &a.actor).await?;
    let sites = app::org::list_sites(&s.app, &a.actor).await?;
    let mut t =
        TablePage::new(a, "devices", "大厅设备", vec!["名称", "类型", "场所", "窗口", "令牌前缀", "发放时间", "最近在线", "状态", ""])
            .flash(msg);
    t.intro = Some("取号机、叫号屏、窗口屏、评价器等设备凭设备令牌接入；令牌只在发放时显示一次，可随时吊销。".into());
    t.notice = notice;
    for d in list {
        let live = d.revoked_at.is_none();
        t.rows.push(vec![
            Cell::text(&d.name),
            Cell::text(device_kind_label(&d.kind)),
            Cell::text(&d.site_name),
            Cell::text(d.window_number.clone().map(|n| format!("{n} 号")).unwrap_or_else(|| "—".into())),
            Cell::text(format!("{}…", d.token_prefix)),
            Cell::text(ts(Some(d.created_at))),
            Cell::text(ts(d.last_seen_at)),
            if live { Cell::badge("有效", "good") } else { Cell::badge("已吊销", "bad") },
            if live { Cell::post("吊销", format!("/admin/devices/{}/revoke", d.id)) } else { Cell::text("") },
        ]);
    }
    let mut fields = vec![
        Field::new("name", "设备名称", "text", &input.name).placeholder("一楼大厅叫号屏"),
        Field::new("kind", "类型", "select", "").options(opts(DEVICE_KINDS.iter().copied(), std::slice::from_ref(&input.kind))),
        Field::new("site_id", "场所", "select", "").options(opts(
            sites.iter().map(|x| (x.site.id, x.site.name.clone())),
            &[input.site_id.map(|x| x.to_string()).unwrap_or_default()],
        )),
        Field::new("window_id", "窗口编号（窗口屏、评价器必填）", "number", input.window_id.map(|x| x.to_string()).unwrap_or_default())
            .placeholder("窗口 ID"),
    ];
    let errors = inv.map(|e| attach_errors(&mut fields, e)).unwrap_or_default();
    t.form = Some(InlineForm { title: "发放设备令牌", action: "/admin/devices".into(), fields, submit: "发放", errors });
    Ok(t)
}

async fn devices(State(s): State<AppState>, PageUser(a): PageUser, Query(m): Query<Msg>) -> Response {
    let r = devices_page(&s, &a, m.msg, None, &DeviceInput::default(), None).await.map(IntoResponse::into_response);
    page(&a, r)
}

async fn device_issue(State(s): State<AppState>, PageUser(a): PageUser, PageForm(i): PageForm<DeviceInput>) -> Response {
    let r = match app::devices::issue_device(&s.app, &a.actor, &i).await {
        Ok(t) => {
            let notice = format!("设备令牌已发放（只显示这一次，请立即配置到设备上）：<code id=\"new-token\">{}</code>", esc(&t.token));
            devices_page(&s, &a, None, Some(notice), &DeviceInput::default(), None).await.map(IntoResponse::into_response)
        }
        Err(AppError::Invalid(inv)) => devices_page(&s, &a, None, None, &i, Some(&inv)).await.map(unprocessable),
        Err(e) => Err(e),
    };
    page(&a, r)
}

async fn device_revoke(State(s): State<AppState>, PageUser(a): PageUser, Path(id): Path<i64>) -> Response {
    match app::devices::revoke_device(&s.app, &a.actor, id).await {
        Ok(()) => done("/admin/devices", "设备令牌已吊销，该设备需重新配置后才能使用"),
        Err(e) => app_error_page(&e, Some(&a)),
    }
}

// ---------------------------------------------------------------- API tokens

async fn tokens_page(
    s: &AppState,
    a: &Auth,
    msg: Option<String>,
    notice: Option<String>,
    input: &ApiTokenInput,
    inv: Option<&Invalid>,
) -> Result<TablePage> {
    let list = app::accounts::list_api_tokens(&s.app, &a.actor).await?;
    let users = app::accounts::list_users(&s.app, &a.actor, None, 500).await?.items;
    let mut t = TablePage::new(a, "tokens", "接口令牌", vec!["名称", "代表账号", "令牌前缀", "发放时间", "到期", "最近使用", "状态", ""])
        .flash(msg);
    t.intro = Some("供外部系统（如 12345 热线、一体化平台）调用 /api/v1 接口；令牌以所代表账号的权限行事。".into());
    t.notice = notice;
    for x in list {
        let live = x.revoked_at.is_none();
        t.rows.push(vec![
            Cell::text(&x.name),
            Cell::text(&x.username),
            Cell::text(format!("{}…", x.token_prefix)),
            Cell::text(ts(Some(x.created_at))),
            Cell::text(ts(x.expires_at)),
            Cell::text(ts(x.last_used_at)),
            if live { Cell::badge("有效", "good") } else { Cell::badge("已吊销", "bad") },
            if live { Cell::post("吊销", format!("/admin/api-tokens/{}/revoke", x.id)) } else { Cell::text("") },
        ]);
    }
    let mut fields = vec![
        Field::new("name", "令牌名称", "text", &input.name).placeholder("12345 热线对接"),
        Field::new("user_id", "代表账号", "select", "").options(opts(
            users.iter().map(|u| (u.id, format!("{}（{}）", u.username, u.name))),
            &[input.user_id.map(|x| x.to_string()).unwrap_or_default()],
        )),
        Field::new("valid_days", "有效天数", "number", input.valid_days.clone().unwrap_or_default()).placeholder("留空为长期有效"),
    ];
    let errors = inv.map(|e| attach_errors(&mut fields, e)).unwrap_or_default();
    t.form = Some(InlineForm { title: "发放接口令牌", action: "/admin/api-tokens".into(), fields, submit: "发放", errors });
    Ok(t)
}

async fn tokens(State(s): State<AppState>, PageUser(a): PageUser, Query(m): Query<Msg>) -> Response {
    let r = tokens_page(&s, &a, m.msg, None, &ApiTokenInput::default(), None).await.map(IntoResponse::into_response);
    page(&a, r)
}

async fn token_issue(State(s): State<AppState>, PageUser(a): PageUser, PageForm(i): PageForm<ApiTokenInput>) -> Response {
    let r = match app::accounts::issue_api_token(&s.app, &a.actor, &i).await {
        Ok(t) => {
            let notice = format!("接口令牌已发放（只显示这一次）：<code id=\"new-token\">{}</code>", esc(&t.token));
            tokens_page(&s, &a, None, Some(notice), &ApiTokenInput::default(), None).await.map(IntoResponse::into_response)
        }
        Err(AppError::Invalid(inv)) => tokens_page(&s, &a, None, None, &i, Some(&inv)).await.map(unprocessable),
        Err(e) => Err(e),
    };
    page(&a, r)
}

async fn token_revoke(State(s): State<AppState>, PageUser(a): PageUser, Path(id): Path<i64>) -> Response {
    match app::accounts::revoke_api_token(&s.app, &a.actor, id).await {
        Ok(()) => done("/admin/api-tokens", "接口令牌已吊销"),
        Err(e) => app_error_page(&e, Some(&a)),
    }
}

// ---------------------------------------------------------------- audit

#[derive(Deserialize, Default)]
struct AuditQuery {
    entity: Option<String>,
    cursor: Option<i64>,
}

async fn audit(State(s): State<AppState>, PageUser(a): PageUser, Query(q): Query<AuditQuery>) -> Response {
    let r = async {
        let entity = q.entity.as_deref().filter(|e| !e.is_empty());
        let rows = app::audit::list(&s.app, &a.actor, entity, q.cursor, 100).await?;
        let mut t = TablePage::new(&a, "audit", "审计日志", vec!["序号", "时间", "操作人", "操作", "对象", "变更前", "变更后"]);
        t.intro = Some("每一次修改都记录在案，逐条哈希链接，可用 yichuang audit verify 校验是否被篡改。身份证号、手机号已脱敏。".into());
        let next = (rows.len() == 100).then(|| rows.last().map(|r| r.id)).flatten();
        for r in rows {
            let at = chrono::DateTime::parse_from_rfc3339(&r.at)
                .map(|t| t.with_timezone(&app::cst()).format("%m-%d %H:%M:%S").to_string())
                .unwrap_or(r.at.clone());
            t.rows.push(vec![
                Cell::text(r.id.to_string()),
                Cell::text(at),
                Cell::text(&r.actor),
                Cell::text(&r.action),
                Cell::text(format!("{} #{}", r.entity, r.entity_id)),
                Cell::text(shorten(&r.before_summary)),
                Cell::text(shorten(&r.after_summary)),
            ]);
        }
        t.next_href = next.map(|c| format!("/admin/audit?cursor={c}{}", entity.map(|e| format!("&entity={e}")).unwrap_or_default()));
        Ok(t.into_response())
    }
    .await;
    page(&a, r)
}

fn shorten(s: &str) -> String {
    if s.chars().count() > 120 { format!("{}…", s.chars().take(120).collect::<String>()) } else { s.to_owned() }
}
