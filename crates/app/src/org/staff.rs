//! Staff members: their records, sealed phones and photos.

use chrono::NaiveDate;
use domain::Invalid;
use domain::access::Permission;
use domain::org::PostGrade;
use domain::text::{collect, required};
use domain::validate::Mobile;
use serde::{Deserialize, Serialize};
use store::org::{OrgUnitRow, StaffFields, StaffRow};
use store::{Page, Tx};
use utoipa::ToSchema;

use crate::support::audit::record;
use crate::support::input::{flag, opt_id};
use crate::{Actor, App, AppError, Result};

/// A staff member as entered. The phone is required on creation and optional on update
/// (blank keeps the stored one).
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct StaffInput {
    #[serde(default)]
    pub name: String,
    #[serde(default, deserialize_with = "opt_id")]
    pub department_id: Option<i64>,
    #[serde(default, deserialize_with = "opt_id")]
    pub org_unit_id: Option<i64>,
    /// `YYYY-MM-DD`.
    #[serde(default)]
    pub stationed_since: String,
    /// `junior`, `middle` or `senior` (初级/中级/高级).
    #[serde(default)]
    pub grade: String,
    #[serde(default)]
    pub phone: Option<String>,
    #[serde(default, deserialize_with = "flag")]
    pub active: bool,
}

pub(super) struct StaffParsed {
    pub(super) name: String,
    pub(super) department_id: i64,
    pub(super) org_unit_id: i64,
    pub(super) stationed_since: NaiveDate,
    pub(super) grade: PostGrade,
    pub(super) phone: Option<Mobile>,
}

pub(super) fn parse_staff(i: &StaffInput, today: NaiveDate, phone_required: bool) -> Result<StaffParsed, Invalid> {
    let mut e = Invalid::default();
    let name = collect(&mut e, required("name", "姓名", &i.name, 20));
    if i.department_id.is_none() {
        e.push("department_id", "请选择派驻部门");
    }
    if i.org_unit_id.is_none() {
        e.push("org_unit_id", "请选择所属机构");
    }
    let since = match NaiveDate::parse_from_str(i.stationed_since.trim(), "%Y-%m-%d") {
        Ok(d) if d > today => {
            e.push("stationed_since", "进驻日期不能晚于今天");
            None
        }
        Ok(d) => Some(d),
        Err(_) => {
            e.push("stationed_since", "进驻日期格式应为 2024-03-01");
            None
        }
    };
    let grade = collect(&mut e, PostGrade::parse("grade", &i.grade));
    let phone = match i.phone.as_deref().map(str::trim) {
        None | Some("") if phone_required => {
            e.push("phone", "请填写手机号");
            None
        }
        None | Some("") => None,
        Some(p) => collect(&mut e, Mobile::parse("phone", p)),
    };
    e.into_result()?;
    Ok(StaffParsed {
        name: name.unwrap_or_default(),
        department_id: i.department_id.unwrap_or_default(),
        org_unit_id: i.org_unit_id.unwrap_or_default(),
        stationed_since: since.unwrap_or(today),
        grade: grade.unwrap_or(PostGrade::Junior),
        phone,
    })
}

/// A staff member as shown: the phone only masked.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct StaffView {
    pub id: i64,
    pub name: String,
    pub department_id: i64,
    pub department_name: String,
    pub org_unit_id: i64,
    pub org_name: String,
    pub stationed_since: NaiveDate,
    pub grade: String,
    pub grade_label: String,
    pub phone_masked: String,
    pub has_photo: bool,
    pub active: bool,
    /// Where the person sits today, as "site · window number".
    pub seat_today: Option<String>,
    #[serde(skip)]
    pub org_path: String,
    #[serde(skip)]
    pub photo_sha256: Option<String>,
}

impl StaffView {
    pub(crate) fn from_row(r: StaffRow, seat_today: Option<String>) -> StaffView {
        let grade_label = PostGrade::parse("grade", &r.grade).map(|g| g.label().to_owned()).unwrap_or_else(|_| r.grade.clone());
        StaffView {
            id: r.id,
            name: r.name,
            department_id: r.department_id,
            department_name: r.department_name,
            org_unit_id: r.org_unit_id,
            org_name: r.org_name,
            stationed_since: r.stationed_since,
            grade: r.grade,
            grade_label,
            phone_masked: r.phone_masked,
            has_photo: r.photo_sha256.is_some(),
            active: r.active,
            seat_today,
            org_path: r.org_path,
            photo_sha256: r.photo_sha256,
        }
    }
}

/// Staff the actor may see, a page at a time, optionally of one department.
pub async fn list_staff(app: &App, actor: &Actor, department_id: Option<i64>, cursor: Option<i64>, limit: i64) -> Result<Page<StaffView>> {
    let limit = limit.clamp(1, 500);
    let mut tx = app.read().await?;
    let rows = store::org::list_staff(&mut tx, &actor.scope(Permission::ViewOrg), department_id, cursor.unwrap_or(0), limit + 1).await?;
    let page = Page::from_rows(rows, limit, |r| r.id);
    let today = app.clock.today();
    let mut items = Vec::with_capacity(page.items.len());
    for r in page.items {
        let seat = store::org::find_staff_seat(&mut tx, r.id, today).await?;
        items.push(StaffView::from_row(r, seat.map(|s| format!("{} 号窗口", s.window_number))));
    }
    Ok(Page { items, next_cursor: page.next_cursor })
}

pub async fn get_staff(app: &App, actor: &Actor, id: i64) -> Result<StaffView> {
    let mut tx = app.read().await?;
    let r = store::org::get_staff(&mut tx, id).await?;
    actor.require(Permission::ViewOrg, &r.org_path, None, "查看该工作人员")?;
    let seat = store::org::find_staff_seat(&mut tx, id, app.clock.today()).await?;
    Ok(StaffView::from_row(r, seat.map(|s| format!("{} 号窗口", s.window_number))))
}

impl StaffParsed {
    /// The stored fields of this staff member under `org_unit_id`, with the sealed phone
    /// (ciphertext, blind index, masked text).
    fn fields<'a>(&'a self, org_unit_id: i64, phone: (&'a [u8], &'a str, &'a str), active: bool) -> StaffFields<'a> {
        let (phone_enc, phone_hash, phone_masked) = phone;
        StaffFields {
            org_unit_id,
            department_id: self.department_id,
            name: &self.name,
            stationed_since: self.stationed_since,
            grade: self.grade.code(),
            phone_enc,
            phone_hash,
            phone_masked,
            active,
        }
    }
}

pub(super) async fn staff_refs(tx: &mut Tx, actor: &Actor, p: &StaffParsed, what: &str) -> Result<OrgUnitRow> {
    let unit = store::org::find_org_unit(tx, p.org_unit_id).await?.ok_or_else(|| Invalid::one("org_unit_id", "所选机构不存在"))?;
    actor.require(Permission::ManageStaff, &unit.path, None, what)?;
    if store::org::find_department(tx, p.department_id).await?.is_none() {
        return Err(Invalid::one("department_id", "所选部门不存在").into());
    }
    Ok(unit)
}

pub async fn create_staff(app: &App, actor: &Actor, input: &StaffInput) -> Result<StaffView> {
    let p = parse_staff(input, app.clock.today(), true)?;
    let mut tx = app.write().await?;
    let unit = staff_refs(&mut tx, actor, &p, "在该机构下新增工作人员").await?;
    let phone = p.phone.as_ref().expect("parse_staff requires a phone on creation");
    let (enc, hash, masked) = app.seal_phone(phone);
    let f = p.fields(unit.id, (&enc, &hash, &masked), true);
    let row = store::org::insert_staff(&mut tx, &f, app.clock.now()).await?;
    let view = StaffView::from_row(row, None);
    record::<(), _>(app, &mut tx, actor, "create", "staff", view.id, &unit.path, None, Some(&view)).await?;
    app.commit_network(tx).await?;
    Ok(view)
}

pub async fn update_staff(app: &App, actor: &Actor, id: i64, input: &StaffInput) -> Result<StaffView> {
    let mut tx = app.write().await?;
    let before = store::org::get_staff(&mut tx, id).await?;
    actor.require(Permission::ManageStaff, &before.org_path, None, "修改该工作人员")?;
    let p = parse_staff(input, app.clock.today(), false)?;
    let unit = staff_refs(&mut tx, actor, &p, "将工作人员调入该机构").await?;
    let (enc, hash, masked) = match &p.phone {
        Some(m) => app.seal_phone(m),
        None => {
            let old = app.cipher.decrypt(&before.phone_enc)?;
            (before.phone_enc.clone(), app.phone_hash(&old), before.phone_masked.clone())
        }
    };
    let f = p.fields(unit.id, (&enc, &hash, &masked), input.active);
    store::org::update_staff(&mut tx, id, &f, app.clock.now()).await?;
    let after = store::org::get_staff(&mut tx, id).await?;
    let (b, a) = (StaffView::from_row(before, None), StaffView::from_row(after, None));
    record(app, &mut tx, actor, "update", "staff", id, &unit.path, Some(&b), Some(&a)).await?;
    app.commit_network(tx).await?;
    get_staff(app, actor, id).await
}

/// Image types accepted for staff photos, by their leading bytes (the scan types less PDF).
pub(super) fn image_type(bytes: &[u8]) -> Option<&'static str> {
    crate::support::uploads::scan_type(bytes).filter(|t| t.starts_with("image/"))
}

/// Largest accepted photo.
pub const MAX_PHOTO_BYTES: usize = 2 * 1024 * 1024;

/// Stores a staff photo (JPEG, PNG or WebP, at most 2 MiB).
pub async fn set_staff_photo(app: &App, actor: &Actor, id: i64, bytes: &[u8]) -> Result<()> {
    if bytes.is_empty() {
        return Err(Invalid::one("photo", "请选择照片文件").into());
    }
    if bytes.len() > MAX_PHOTO_BYTES {
        return Err(Invalid::one("photo", "照片不能超过 2 MB").into());
    }
    let ct = image_type(bytes).ok_or_else(|| Invalid::one("photo", "照片应为 JPG、PNG 或 WebP 格式"))?;
    let mut tx = app.write().await?;
    let st = store::org::get_staff(&mut tx, id).await?;
    actor.require(Permission::ManageStaff, &st.org_path, None, "修改该工作人员")?;
    // The file lands first; a crash before commit leaves an unreferenced file, never a dangling row.
    let sha = app.files.put(bytes).await?;
    store::files::record(&mut tx, &sha, ct, bytes.len() as i64, app.clock.now()).await?;
    store::org::set_staff_photo(&mut tx, id, &sha, app.clock.now()).await?;
    record(app, &mut tx, actor, "set_photo", "staff", id, &st.org_path, Some(&st.photo_sha256), Some(&sha)).await?;
    app.commit_network(tx).await?;
    Ok(())
}

/// A staff photo's bytes and content type, for anyone who may see the staff member.
pub async fn staff_photo(app: &App, actor: &Actor, id: i64) -> Result<(Vec<u8>, String)> {
    let v = get_staff(app, actor, id).await?;
    let sha = v.photo_sha256.ok_or(AppError::NotFound("照片"))?;
    let mut tx = app.read().await?;
    let ct = store::files::find_content_type(&mut tx, &sha).await?.unwrap_or_else(|| "application/octet-stream".to_owned());
    let bytes = app.files.get(&sha)?.ok_or(AppError::NotFound("照片"))?;
    Ok((bytes, ct))
}

// ---------------------------------------------------------------- seating
