//! Staff (`/admin/staff`): the list, the form, and photos.

use app::org::StaffInput;
use app::{AppError, Result};
use axum::Router;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use domain::Invalid;
use domain::access::Permission;
use domain::org::PostGrade;
use serde::Deserialize;

use super::common::*;
use crate::extract::caller::{Auth, PageUser};
use crate::extract::form::PageForm;
use crate::respond::form::unprocessable;
use crate::respond::page::{app_error_page, page};
use crate::respond::view::{Cell, Field, FormPage, Link, TablePage, attach_errors, chrome, done, opts, unit_options};
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/admin/staff", get(staff_list))
        .route("/admin/staff/new", get(staff_new).post(staff_create))
        .route("/admin/staff/{id}/edit", get(staff_edit).post(staff_update))
        .route("/admin/staff/{id}/photo", get(photo_form).post(photo_upload))
        .route("/admin/staff/{id}/image", get(photo_image))
}

// ---------------------------------------------------------------- staff

#[derive(Deserialize, Default)]
pub(super) struct StaffQuery {
    department_id: Option<String>,
    cursor: Option<i64>,
    msg: Option<String>,
}

pub(super) async fn staff_list(State(s): State<AppState>, PageUser(a): PageUser, Query(q): Query<StaffQuery>) -> Response {
    let r = async {
        let dept = q.department_id.as_deref().and_then(|d| d.parse::<i64>().ok());
        let p = app::org::list_staff(&s.app, &a.actor, dept, q.cursor, 100).await?;
        let mut t = TablePage::new(
            &a,
            "staff",
            "工作人员",
            vec!["照片", "姓名", "派驻部门", "所属机构", "岗位等级", "进驻日期", "手机", "今日岗位", ""],
        )
        .flash(q.msg);
        if a.actor.has(Permission::ManageStaff) {
            t.actions.push(Link { label: "新增工作人员", href: "/admin/staff/new".to_owned() });
        }
        t.intro = Some("手机号已加密存储，页面只显示脱敏号码。".to_owned());
        for x in p.items {
            let manage = a.actor.can(Permission::ManageStaff, &x.org_path, None);
            t.rows.push(vec![
                if x.has_photo {
                    Cell::link("查看", format!("/admin/staff/{}/image", x.id))
                } else if manage {
                    Cell::link("上传", format!("/admin/staff/{}/photo", x.id))
                } else {
                    Cell::text("—")
                },
                Cell::text(&x.name),
                Cell::text(&x.department_name),
                Cell::text(&x.org_name),
                Cell::text(&x.grade_label),
                Cell::text(x.stationed_since.to_string()),
                Cell::text(&x.phone_masked),
                Cell::text(x.seat_today.clone().unwrap_or_else(|| "—".into())),
                if manage { Cell::link("编辑", format!("/admin/staff/{}/edit", x.id)) } else { Cell::text("") },
            ]);
        }
        t.next_href =
            p.next_cursor.map(|c| format!("/admin/staff?cursor={c}{}", dept.map(|d| format!("&department_id={d}")).unwrap_or_default()));
        Ok(t.into_response())
    }
    .await;
    page(&a, r)
}

pub(super) async fn staff_fields(s: &AppState, a: &Auth, i: &StaffInput, editing: bool) -> Result<Vec<Field>> {
    let units = app::org::list_org_units(&s.app, &a.actor).await?;
    let depts = app::org::list_departments(&s.app, &a.actor).await?;
    let sel = |v: Option<i64>| vec![v.map(|x| x.to_string()).unwrap_or_default()];
    let mut f = vec![
        Field::new("name", "姓名", "text", &i.name).required(),
        Field::new("department_id", "派驻部门", "select", "")
            .options(opts(depts.iter().map(|d| (d.id, d.short_name.clone())), &sel(i.department_id)))
            .required(),
        Field::new("org_unit_id", "所属机构", "select", "").options(unit_options(&units, i.org_unit_id, None)).required(),
        Field::new("stationed_since", "进驻日期", "date", &i.stationed_since).required().help("派驻人员原则上进驻不少于一年"),
        Field::new("grade", "岗位等级", "select", "")
            .options(opts(PostGrade::ALL.iter().map(|g| (g.code(), g.label())), std::slice::from_ref(&i.grade)))
            .required(),
    ];
    let phone = Field::new("phone", "手机号", "text", i.phone.clone().unwrap_or_default());
    if editing {
        f.push(phone.help("已加密保存；不修改请留空"));
        f.push(Field::new("active", "在岗（未停用）", "checkbox", checked(i.active)));
    } else {
        f.push(phone.required());
    }
    Ok(f)
}

pub(super) async fn staff_form(s: &AppState, a: &Auth, i: &StaffInput, editing: Option<i64>, inv: Option<&Invalid>) -> Result<FormPage> {
    let mut f = staff_fields(s, a, i, editing.is_some()).await?;
    let errs = inv.map(|e| attach_errors(&mut f, e)).unwrap_or_default();
    let (title, action) = match editing {
        Some(id) => (format!("编辑工作人员：{}", i.name), format!("/admin/staff/{id}/edit")),
        None => ("新增工作人员".to_owned(), "/admin/staff/new".to_owned()),
    };
    Ok(form_page(a, "staff", title, action, f, errs, ("工作人员", "/admin/staff".into())))
}

pub(super) async fn staff_failed(s: &AppState, a: &Auth, i: &StaffInput, editing: Option<i64>, e: AppError) -> Response {
    let (status, inv) = match e {
        AppError::Invalid(inv) => (StatusCode::UNPROCESSABLE_ENTITY, inv),
        other => return app_error_page(&other, Some(a)),
    };
    // Never echo a phone number back into the page.
    let i = StaffInput { phone: None, ..i.clone() };
    let r = staff_form(s, a, &i, editing, Some(&inv)).await.map(|p| (status, p).into_response());
    page(a, r)
}

pub(super) async fn staff_new(State(s): State<AppState>, PageUser(a): PageUser) -> Response {
    let i = StaffInput { grade: PostGrade::Junior.code().into(), ..StaffInput::default() };
    let r = staff_form(&s, &a, &i, None, None).await.map(IntoResponse::into_response);
    page(&a, r)
}

pub(super) async fn staff_create(State(s): State<AppState>, PageUser(a): PageUser, PageForm(i): PageForm<StaffInput>) -> Response {
    match app::org::create_staff(&s.app, &a.actor, &i).await {
        Ok(v) => done("/admin/staff", &format!("已新增工作人员 {}", v.name)),
        Err(e) => staff_failed(&s, &a, &i, None, e).await,
    }
}

pub(super) async fn staff_edit(State(s): State<AppState>, PageUser(a): PageUser, Path(id): Path<i64>) -> Response {
    let r = async {
        let v = app::org::get_staff(&s.app, &a.actor, id).await?;
        let i = StaffInput {
            name: v.name,
            department_id: Some(v.department_id),
            org_unit_id: Some(v.org_unit_id),
            stationed_since: v.stationed_since.to_string(),
            grade: v.grade,
            phone: None,
            active: v.active,
        };
        Ok(staff_form(&s, &a, &i, Some(id), None).await?.into_response())
    }
    .await;
    page(&a, r)
}

pub(super) async fn staff_update(
    State(s): State<AppState>,
    PageUser(a): PageUser,
    Path(id): Path<i64>,
    PageForm(i): PageForm<StaffInput>,
) -> Response {
    match app::org::update_staff(&s.app, &a.actor, id, &i).await {
        Ok(v) => done("/admin/staff", &format!("已保存工作人员 {}", v.name)),
        Err(e) => staff_failed(&s, &a, &i, Some(id), e).await,
    }
}

pub(super) fn photo_page(a: &Auth, id: i64, name: &str, errs: Vec<String>) -> FormPage {
    let mut f = vec![Field::new("photo", "照片", "file", "").required().help("JPG、PNG 或 WebP，不超过 2 MB；用于窗口屏展示")];
    if let Some(e) = errs.first() {
        f[0].error = Some(e.clone());
    }
    let mut p = form_page(
        a,
        "staff",
        format!("上传照片：{name}"),
        format!("/admin/staff/{id}/photo?_csrf={}", a.csrf),
        f,
        errs,
        ("工作人员", "/admin/staff".into()),
    );
    p.multipart = true;
    p.submit = "上传";
    p
}

pub(super) async fn photo_form(State(s): State<AppState>, PageUser(a): PageUser, Path(id): Path<i64>) -> Response {
    let r = async {
        let v = app::org::get_staff(&s.app, &a.actor, id).await?;
        Ok(photo_page(&a, id, &v.name, vec![]).into_response())
    }
    .await;
    page(&a, r)
}

pub(super) async fn photo_upload(State(s): State<AppState>, PageUser(a): PageUser, Path(id): Path<i64>, mut mp: Multipart) -> Response {
    let mut bytes = Vec::new();
    loop {
        match mp.next_field().await {
            Ok(Some(field)) if field.name() == Some("photo") => match field.bytes().await {
                Ok(b) => bytes = b.to_vec(),
                Err(_) => {
                    return crate::respond::page::error_page(
                        StatusCode::BAD_REQUEST,
                        "上传失败",
                        "照片文件读取失败，请重试",
                        Some(chrome(&a, "staff")),
                    );
                }
            },
            Ok(Some(_)) => {}
            Ok(None) => break,
            Err(_) => {
                return crate::respond::page::error_page(
                    StatusCode::BAD_REQUEST,
                    "上传失败",
                    "上传内容无法识别，请重新选择文件",
                    Some(chrome(&a, "staff")),
                );
            }
        }
    }
    match app::org::set_staff_photo(&s.app, &a.actor, id, &bytes).await {
        Ok(()) => done("/admin/staff", "照片已上传"),
        Err(AppError::Invalid(inv)) => {
            let name = app::org::get_staff(&s.app, &a.actor, id).await.map(|v| v.name).unwrap_or_default();
            unprocessable(photo_page(&a, id, &name, inv.fields.into_iter().map(|f| f.message).collect()))
        }
        Err(e) => app_error_page(&e, Some(&a)),
    }
}

pub(super) async fn photo_image(State(s): State<AppState>, PageUser(a): PageUser, Path(id): Path<i64>) -> Response {
    match app::org::staff_photo(&s.app, &a.actor, id).await {
        Ok((bytes, ct)) => {
            ([(header::CONTENT_TYPE, ct), (header::CACHE_CONTROL, "private, max-age=300".to_owned())], bytes).into_response()
        }
        Err(e) => app_error_page(&e, Some(&a)),
    }
}
