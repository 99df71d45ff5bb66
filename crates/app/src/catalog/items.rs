//! The service-item catalogue (R4–R8, "dynamic management"): items whose standard is kept in
//! versions that move draft → submitted → approved → published with an effective date. A published
//! version is never edited again; a change is a new version, and whatever refers to an item later
//! (a case) pins the version it used. Approval needs a second person (the submitter cannot approve).

use chrono::NaiveDate;
use domain::Invalid;
use domain::access::Permission;
use domain::catalog::{Change, ItemContent, NegativeReason, VersionStatus, diff};
use domain::text::{collect, required};
use serde::{Deserialize, Serialize};
use store::Tx;
use store::catalog::{ItemRow, ItemSiteRow, VersionFields, VersionRow, VersionSummaryRow};
use utoipa::ToSchema;

use crate::support::audit::record;
use crate::support::input::opt_id;
use crate::{Actor, App, AppError, Result};

/// An item and the identity fields of its standard, as entered.
#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct ItemInput {
    /// 基本编码 (opaque, ≤ 40 characters; unique).
    #[serde(default)]
    pub basic_code: String,
    #[serde(default, deserialize_with = "opt_id")]
    pub department_id: Option<i64>,
    /// What changed in this version (变更说明).
    #[serde(default)]
    pub change_note: String,
    #[schema(value_type = Object)]
    pub content: ItemContent,
}

/// An item with its version in effect today and its newest version.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ItemSummary {
    #[schema(value_type = Object)]
    pub item: ItemRow,
    /// The version in effect today; null when none is.
    #[schema(value_type = Option<Object>)]
    pub current: Option<VersionSummaryRow>,
    #[schema(value_type = Object)]
    pub latest: VersionSummaryRow,
}

/// Everything on an item's page.
#[derive(Debug, Clone, Serialize)]
pub struct ItemDetail {
    pub item: ItemRow,
    pub versions: Vec<VersionSummaryRow>,
    pub current: Option<(VersionSummaryRow, ItemContent)>,
    pub sites: Vec<ItemSiteRow>,
}

/// One version with its standard.
#[derive(Debug, Clone, Serialize)]
pub struct VersionView {
    pub item: ItemRow,
    pub version: VersionSummaryRow,
    pub content: ItemContent,
}

/// A version's content, parsed.
pub(crate) fn parse_content(v: &VersionRow) -> Result<ItemContent> {
    serde_json::from_str(&v.content).map_err(|e| AppError::internal(format!("item version {} holds unreadable content", v.summary.id), e))
}

fn status_of(v: &VersionSummaryRow) -> Result<VersionStatus> {
    Ok(VersionStatus::parse("status", &v.status)?)
}

fn root_path(actor: &Actor) -> &str {
    actor.grants.iter().map(|g| g.org_path.0.as_str()).min_by_key(|p| p.len()).unwrap_or("/")
}

/// Items with their current and newest versions. Without catalogue rights only items with a
/// version in effect are listed.
pub async fn list_items(app: &App, actor: &Actor) -> Result<Vec<ItemSummary>> {
    let drafts = actor.has(Permission::ManageCatalog) || actor.has(Permission::ApproveCatalog);
    let mut tx = app.read().await?;
    let items = store::catalog::list_items(&mut tx).await?;
    let versions = store::catalog::list_version_summaries(&mut tx).await?;
    let today = app.clock.today();
    let mut out = Vec::with_capacity(items.len());
    let mut vi = versions.into_iter().peekable();
    for item in items {
        let mut mine = Vec::new();
        while vi.peek().is_some_and(|v| v.item_id < item.id) {
            vi.next();
        }
        while vi.peek().is_some_and(|v| v.item_id == item.id) {
            mine.extend(vi.next());
        }
        let current = mine.iter().rev().find(|v| v.status == "published" && v.effective_date.is_some_and(|d| d <= today)).cloned();
        let Some(latest) = mine.last().cloned() else { continue };
        if current.is_some() || drafts {
            out.push(ItemSummary { item, current, latest });
        }
    }
    Ok(out)
}

pub async fn get_item(app: &App, actor: &Actor, id: i64) -> Result<ItemDetail> {
    actor.require_role(Permission::ViewCatalog, "查看事项库")?;
    let mut tx = app.read().await?;
    let item = store::catalog::get_item(&mut tx, id).await?;
    let versions = store::catalog::list_item_versions(&mut tx, id).await?;
    let current = match store::catalog::find_current_version(&mut tx, id, app.clock.today()).await? {
        Some(v) => Some((v.summary.clone(), parse_content(&v)?)),
        None => None,
    };
    let sites = store::catalog::list_item_sites(&mut tx, id).await?;
    Ok(ItemDetail { item, versions, current, sites })
}

/// The version of an item in effect today, for the public guide (no sign-in needed).
pub async fn public_guide(app: &App, item_id: i64) -> Result<VersionView> {
    let mut tx = app.read().await?;
    let item = store::catalog::find_item(&mut tx, item_id).await?.ok_or(AppError::NotFound("事项"))?;
    let v = store::catalog::find_current_version(&mut tx, item_id, app.clock.today()).await?.ok_or(AppError::NotFound("已发布的事项"))?;
    let content = parse_content(&v)?;
    Ok(VersionView { item, version: v.summary, content })
}

pub async fn get_version(app: &App, actor: &Actor, version_id: i64) -> Result<VersionView> {
    actor.require_role(Permission::ViewCatalog, "查看事项库")?;
    let mut tx = app.read().await?;
    let v = store::catalog::get_version(&mut tx, version_id).await?;
    let item = store::catalog::get_item(&mut tx, v.summary.item_id).await?;
    let content = parse_content(&v)?;
    Ok(VersionView { item, version: v.summary, content })
}

/// The changed fields between two versions of the same item (older first).
pub async fn diff_versions(app: &App, actor: &Actor, a: i64, b: i64) -> Result<(VersionView, VersionView, Vec<Change>)> {
    let va = get_version(app, actor, a).await?;
    let vb = get_version(app, actor, b).await?;
    if va.item.id != vb.item.id {
        return Err(Invalid::one("b", "只能比较同一事项的两个版本").into());
    }
    let (old, new) = if va.version.version_no <= vb.version.version_no { (va, vb) } else { (vb, va) };
    let changes = diff(&old.content, &new.content);
    Ok((old, new, changes))
}

fn check_item_fields(input: &ItemInput) -> Result<(String, i64), Invalid> {
    let mut e = Invalid::default();
    let code = collect(&mut e, required("basic_code", "基本编码", &input.basic_code, 40));
    if input.department_id.is_none() {
        e.push("department_id", "请选择实施部门");
    }
    if input.change_note.chars().count() > 500 {
        e.push("change_note", "变更说明不能超过 500 个字");
    }
    if let Err(more) = input.content.check_draft() {
        e.fields.extend(more.fields);
    }
    e.into_result()?;
    Ok((code.unwrap_or_default(), input.department_id.unwrap_or_default()))
}

/// The searchable columns of a version beside its JSON content.
pub(crate) fn version_fields<'a>(c: &'a ItemContent, json: &'a str, note: &'a str) -> VersionFields<'a> {
    VersionFields {
        name: c.name.trim(),
        item_type: c.item_type.code(),
        online_depth: c.online_depth.code(),
        statutory_days: i64::from(c.statutory_days),
        promised_days: i64::from(c.promised_days),
        content: json,
        change_note: note,
    }
}

/// A version's content as stored.
pub(crate) fn to_json(c: &ItemContent) -> Result<String> {
    serde_json::to_string(c).map_err(|e| AppError::internal("cannot serialise item content", e))
}

async fn check_department(tx: &mut Tx, id: i64) -> Result<()> {
    if store::org::find_department(tx, id).await?.is_none() {
        return Err(Invalid::one("department_id", "所选实施部门不存在").into());
    }
    Ok(())
}

/// Creates an item with its first version as a draft.
pub async fn create_item(app: &App, actor: &Actor, input: &ItemInput) -> Result<VersionView> {
    actor.require_role(Permission::ManageCatalog, "新增事项")?;
    let (code, dept) = check_item_fields(input)?;
    let mut tx = app.write().await?;
    check_department(&mut tx, dept).await?;
    let root = crate::org::root_unit(&mut tx).await?;
    let now = app.clock.now();
    let item_id = store::catalog::insert_item(&mut tx, root.id, &code, dept, now).await?;
    let json = to_json(&input.content)?;
    let vid = store::catalog::insert_version(
        &mut tx,
        item_id,
        1,
        &version_fields(&input.content, &json, &input.change_note),
        &actor.audit_name(),
        now,
    )
    .await?;
    let view = version_view(&mut tx, vid).await?;
    record::<(), _>(
        app,
        &mut tx,
        actor,
        "create",
        "item",
        item_id,
        &root.path,
        None,
        Some(&serde_json::json!({"basic_code": code, "version": 1, "name": input.content.name})),
    )
    .await?;
    tx.commit().await?;
    invalidate(app).await;
    Ok(view)
}

async fn version_view(tx: &mut Tx, vid: i64) -> Result<VersionView> {
    let v = store::catalog::get_version(tx, vid).await?;
    let item = store::catalog::get_item(tx, v.summary.item_id).await?;
    let content = parse_content(&v)?;
    Ok(VersionView { item, version: v.summary, content })
}

/// Saves a draft (only drafts can change; a published version is fixed forever).
pub async fn update_draft(app: &App, actor: &Actor, version_id: i64, input: &ItemInput) -> Result<VersionView> {
    actor.require_role(Permission::ManageCatalog, "修改事项")?;
    let (code, dept) = check_item_fields(input)?;
    let mut tx = app.write().await?;
    let before = version_view(&mut tx, version_id).await?;
    match status_of(&before.version)? {
        VersionStatus::Draft => {}
        VersionStatus::Published | VersionStatus::Superseded => {
            return Err(AppError::Conflict("已发布的版本不能修改；如需调整，请在事项页“新建版本”".to_owned()));
        }
        s => return Err(AppError::Conflict(format!("该版本处于“{}”状态，不能修改；请先退回为草稿", s.label()))),
    }
    check_department(&mut tx, dept).await?;
    let now = app.clock.now();
    store::catalog::update_item(&mut tx, before.item.id, &code, dept, now).await?;
    let json = to_json(&input.content)?;
    store::catalog::update_version(&mut tx, version_id, &version_fields(&input.content, &json, &input.change_note), now).await?;
    let after = version_view(&mut tx, version_id).await?;
    let changes = diff(&before.content, &after.content);
    record(app, &mut tx, actor, "update_draft", "item_version", version_id, root_path(actor), Some(&before.version), Some(&changes))
        .await?;
    tx.commit().await?;
    invalidate(app).await;
    Ok(after)
}

/// Sets (or with blank clears) an item's name in traditional Mongolian script. It belongs to the
/// item, not to a version, so it shows in the guide at once.
pub async fn set_item_name_mn(app: &App, actor: &Actor, item_id: i64, name_mn: Option<&str>) -> Result<ItemRow> {
    actor.require_role(Permission::ManageCatalog, "修改事项")?;
    let name_mn = domain::text::mongolian("name_mn", "蒙古文名称", name_mn)?;
    let mut tx = app.write().await?;
    let before = store::catalog::get_item(&mut tx, item_id).await?;
    store::mongolian::set_name_mn(&mut tx, store::mongolian::Named::Item, item_id, name_mn.as_deref(), app.clock.now()).await?;
    let after = store::catalog::get_item(&mut tx, item_id).await?;
    record(app, &mut tx, actor, "set_name_mn", "item", item_id, root_path(actor), Some(&before), Some(&after)).await?;
    tx.commit().await?;
    invalidate(app).await;
    Ok(after)
}

/// Starts a new draft from the newest version. Refused while an unpublished version is open.
pub async fn new_version(app: &App, actor: &Actor, item_id: i64) -> Result<VersionView> {
    actor.require_role(Permission::ManageCatalog, "新建事项版本")?;
    let mut tx = app.write().await?;
    let versions = store::catalog::list_item_versions(&mut tx, item_id).await?;
    let latest = versions.first().ok_or(AppError::NotFound("事项"))?;
    if let Some(open) = versions.iter().find(|v| !matches!(v.status.as_str(), "published" | "superseded")) {
        return Err(AppError::Conflict(format!(
            "第 {} 版尚未发布（{}），请先完成或退回它",
            open.version_no,
            VersionStatus::parse("status", &open.status).map_or("", |s| s.label())
        )));
    }
    let source = version_view(&mut tx, latest.id).await?;
    let no = store::catalog::next_version_no(&mut tx, item_id).await?;
    let json = to_json(&source.content)?;
    let vid = store::catalog::insert_version(
        &mut tx,
        item_id,
        no,
        &version_fields(&source.content, &json, ""),
        &actor.audit_name(),
        app.clock.now(),
    )
    .await?;
    let view = version_view(&mut tx, vid).await?;
    record::<(), _>(
        app,
        &mut tx,
        actor,
        "new_version",
        "item",
        item_id,
        root_path(actor),
        None,
        Some(&serde_json::json!({"version": no, "from": latest.version_no})),
    )
    .await?;
    tx.commit().await?;
    invalidate(app).await;
    Ok(view)
}

/// Negative-list entries of an item that lack a reason, as a refusal.
fn check_negative_reasons(sites: &[ItemSiteRow]) -> Result<(), Invalid> {
    for s in sites.iter().filter(|s| !s.stationed) {
        match s.negative_reason.as_deref() {
            None => {}
            Some("other") if s.negative_note.trim().is_empty() => {
                return Err(Invalid::one("sites", format!("“{}”的负面清单条目缺少原因说明", s.site_name)));
            }
            Some(_) => {}
        }
    }
    Ok(())
}

/// Moves a version one step along draft → submitted → approved → published, or back to draft.
pub async fn transition(app: &App, actor: &Actor, version_id: i64, to: VersionStatus, effective: Option<NaiveDate>) -> Result<VersionView> {
    let mut tx = app.write().await?;
    let v = version_view(&mut tx, version_id).await?;
    let from = status_of(&v.version)?;
    let me = actor.audit_name();
    match (from, to) {
        (VersionStatus::Draft, VersionStatus::Submitted) => {
            actor.require_role(Permission::ManageCatalog, "提交事项版本")?;
            v.content.check_publishable()?;
        }
        (VersionStatus::Submitted, VersionStatus::Approved) => {
            actor.require_role(Permission::ApproveCatalog, "审核事项版本")?;
            if v.version.submitted_by.as_deref() == Some(me.as_str()) {
                return Err(AppError::Forbidden("不能审核自己提交的版本，请由另一位管理员审核".to_owned()));
            }
        }
        (VersionStatus::Approved, VersionStatus::Published) => {
            actor.require_role(Permission::ApproveCatalog, "发布事项版本")?;
            let day = effective.ok_or_else(|| Invalid::one("effective_date", "请填写生效日期"))?;
            if day < app.clock.today() {
                return Err(Invalid::one("effective_date", "生效日期不能早于今天").into());
            }
            v.content.check_publishable()?;
            check_negative_reasons(&store::catalog::list_item_sites(&mut tx, v.item.id).await?)?;
        }
        (VersionStatus::Submitted | VersionStatus::Approved, VersionStatus::Draft) => {
            if !actor.has(Permission::ApproveCatalog) && !actor.has(Permission::ManageCatalog) {
                return Err(AppError::forbidden("退回事项版本"));
            }
        }
        (from, to) => {
            return Err(AppError::Conflict(format!("版本处于“{}”状态，不能改为“{}”", from.label(), to.label())));
        }
    }
    let effective = if to == VersionStatus::Published { effective } else { None };
    store::catalog::set_version_status(&mut tx, version_id, to.code(), &me, effective, app.clock.now()).await?;
    let after = version_view(&mut tx, version_id).await?;
    record(app, &mut tx, actor, to.code(), "item_version", version_id, root_path(actor), Some(&v.version), Some(&after.version)).await?;
    tx.commit().await?;
    invalidate(app).await;
    Ok(after)
}

/// Where an item is implemented, as entered.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct ItemSiteInput {
    #[serde(default, deserialize_with = "opt_id")]
    pub site_id: Option<i64>,
    /// `stationed` (进驻), `negative` (负面清单) or `none` (the site does not implement the item).
    #[serde(default)]
    pub state: String,
    /// For `negative`: `site_limit`, `state_secret` or `other`.
    #[serde(default)]
    pub negative_reason: String,
    #[serde(default)]
    pub negative_note: String,
}

/// Records whether a site implements an item, stationed or on the negative list with a reason.
pub async fn set_item_site(app: &App, actor: &Actor, item_id: i64, input: &ItemSiteInput) -> Result<()> {
    let site_id = input.site_id.ok_or_else(|| Invalid::one("site_id", "请选择场所"))?;
    let mut tx = app.write().await?;
    let item = store::catalog::get_item(&mut tx, item_id).await?;
    let site = store::org::find_site(&mut tx, site_id).await?.ok_or_else(|| Invalid::one("site_id", "所选场所不存在"))?;
    if !actor.has(Permission::ManageCatalog) && !actor.can(Permission::ManageSites, &site.org_path, None) {
        return Err(AppError::forbidden("修改该场所的事项进驻情况"));
    }
    let before = store::catalog::list_item_sites(&mut tx, item_id).await?.into_iter().find(|s| s.site_id == site_id);
    let now = app.clock.now();
    let note = input.negative_note.trim();
    match input.state.as_str() {
        "stationed" => store::catalog::upsert_item_site(&mut tx, item.id, site.id, site.org_unit_id, true, None, "", now).await?,
        "negative" => {
            let reason = NegativeReason::parse("negative_reason", &input.negative_reason)?;
            if reason == NegativeReason::Other && note.is_empty() {
                return Err(Invalid::one("negative_note", "负面清单原因为“其他”时，须写明具体原因").into());
            }
            if note.chars().count() > 200 {
                return Err(Invalid::one("negative_note", "原因说明不能超过 200 个字").into());
            }
            store::catalog::upsert_item_site(&mut tx, item.id, site.id, site.org_unit_id, false, Some(reason.code()), note, now).await?;
        }
        "none" => store::catalog::delete_item_site(&mut tx, item.id, site.id).await?,
        other => return Err(Invalid::one("state", format!("进驻状态“{other}”不正确，可选：进驻、负面清单、不实施")).into()),
    }
    let after = store::catalog::list_item_sites(&mut tx, item_id).await?.into_iter().find(|s| s.site_id == site_id);
    record(app, &mut tx, actor, "set_site", "item", item_id, &site.org_path, before.as_ref(), after.as_ref()).await?;
    tx.commit().await?;
    Ok(())
}

/// The catalogue figures of one site (R5, R6, R8).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SiteCatalogFigures {
    pub site_id: i64,
    pub site_name: String,
    pub windows: i64,
    pub comprehensive_windows: i64,
    /// Items implemented at the site with a version in effect.
    pub items: i64,
    pub full_online_items: i64,
    pub stationed_items: i64,
    /// Items that should be stationed: implemented and not on the negative list.
    pub should_be_stationed: i64,
    pub negative_list: Vec<NegativeEntry>,
}

/// One negative-list entry with its reason.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct NegativeEntry {
    pub item_id: i64,
    pub item_name: String,
    pub reason: String,
    pub note: String,
}

/// Catalogue figures for every site the actor may see.
pub async fn figures(app: &App, actor: &Actor) -> Result<Vec<SiteCatalogFigures>> {
    let sites = crate::org::sites::list_sites(app, actor).await?;
    let mut tx = app.read().await?;
    let current = store::catalog::list_current_versions(&mut tx, app.clock.today()).await?;
    let depth: std::collections::HashMap<i64, (&str, &str)> =
        current.iter().map(|v| (v.summary.item_id, (v.summary.online_depth.as_str(), v.summary.name.as_str()))).collect();
    let links = store::catalog::list_all_item_sites(&mut tx).await?;
    Ok(sites
        .into_iter()
        .map(|s| {
            let mine: Vec<&ItemSiteRow> = links.iter().filter(|l| l.site_id == s.site.id && depth.contains_key(&l.item_id)).collect();
            let negative: Vec<&&ItemSiteRow> = mine.iter().filter(|l| !l.stationed && l.negative_reason.is_some()).collect();
            SiteCatalogFigures {
                site_id: s.site.id,
                site_name: s.site.name.clone(),
                windows: s.windows,
                comprehensive_windows: s.comprehensive_windows,
                items: mine.len() as i64,
                full_online_items: mine.iter().filter(|l| depth.get(&l.item_id).is_some_and(|d| d.0 == "full")).count() as i64,
                stationed_items: mine.iter().filter(|l| l.stationed).count() as i64,
                should_be_stationed: (mine.len() - negative.len()) as i64,
                negative_list: negative
                    .iter()
                    .map(|l| NegativeEntry {
                        item_id: l.item_id,
                        item_name: depth.get(&l.item_id).map_or(String::new(), |d| d.1.to_owned()),
                        reason: l
                            .negative_reason
                            .as_deref()
                            .and_then(|r| NegativeReason::parse("r", r).ok())
                            .map_or(String::new(), |r| r.label().to_owned()),
                        note: l.negative_note.clone(),
                    })
                    .collect(),
            }
        })
        .collect())
}

/// One search result: the item, its name with the matched part marked, and where else it matched.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SearchResult {
    pub summary: ItemSummary,
    pub score: f32,
    /// The name as HTML, escaped, with `<mark>` around what matched.
    pub name_html: String,
    /// Another matched field (code, keyword, department or material) as escaped HTML, if any.
    pub matched_html: Option<String>,
}

/// Builds the search index over every item's newest version (name, codes, keywords, department,
/// materials); items are filtered for visibility after searching.
async fn build_index(app: &App) -> Result<domain::search::SearchIndex> {
    use domain::search::{Field, FieldText};
    let mut tx = app.read().await?;
    let items: std::collections::HashMap<i64, ItemRow> =
        store::catalog::list_items(&mut tx).await?.into_iter().map(|i| (i.id, i)).collect();
    let latest = store::catalog::list_latest_versions(&mut tx).await?;
    let mut index = domain::search::SearchIndex::new();
    for v in &latest {
        let Some(item) = items.get(&v.summary.item_id) else { continue };
        let c = parse_content(v)?;
        let mut fields = vec![
            FieldText { field: Field::Name, text: &c.name },
            FieldText { field: Field::Code, text: &item.basic_code },
            FieldText { field: Field::Department, text: &item.department_name },
        ];
        if !c.impl_code.is_empty() {
            fields.push(FieldText { field: Field::Code, text: &c.impl_code });
        }
        fields.extend(c.keywords.iter().map(|k| FieldText { field: Field::Keyword, text: k }));
        fields.extend(c.materials.iter().map(|m| FieldText { field: Field::Material, text: &m.name }));
        index.upsert(item.id, &fields);
    }
    Ok(index)
}

/// Forgets the search index so the next search rebuilds it (after any catalogue write).
pub(crate) async fn invalidate(app: &App) {
    *app.caches.search.write().await = None;
}

/// Searches the catalogue (name, code, department, keywords, materials; any substring of two or
/// more characters, or pinyin initials such as `yyzz`), best first. An empty query lists every
/// visible item. `department_id` narrows the result.
pub async fn search(app: &App, actor: &Actor, q: &str, department_id: Option<i64>, limit: usize) -> Result<Vec<SearchResult>> {
    use domain::search::{Field, highlight_html};
    actor.require_role(Permission::ViewCatalog, "查看事项库")?;
    let visible = list_items(app, actor).await?;
    let keep = |s: &ItemSummary| department_id.is_none_or(|d| s.item.department_id == d);
    if q.trim().is_empty() {
        return Ok(visible
            .into_iter()
            .filter(|s| keep(s))
            .take(limit)
            .map(|s| {
                let name = s.current.as_ref().unwrap_or(&s.latest).name.clone();
                SearchResult { name_html: highlight_html(&name, &[]), matched_html: None, score: 0.0, summary: s }
            })
            .collect());
    }
    if app.caches.search.read().await.is_none() {
        let index = build_index(app).await?;
        *app.caches.search.write().await = Some(index);
    }
    let guard = app.caches.search.read().await;
    let Some(index) = guard.as_ref() else { return Ok(vec![]) };
    let hits = index.search(q, limit.saturating_mul(4).max(50));
    drop(guard);
    let mut by_id: std::collections::HashMap<i64, ItemSummary> = visible.into_iter().filter(|s| keep(s)).map(|s| (s.item.id, s)).collect();
    let mut out = Vec::new();
    for h in hits {
        let Some(summary) = by_id.remove(&h.id) else { continue };
        let name = summary.latest.name.clone();
        let name_html = h
            .matched
            .iter()
            .find(|m| m.field == Field::Name)
            .map_or_else(|| highlight_html(&name, &[]), |m| highlight_html(&m.text, &m.ranges));
        let label = |f: Field| match f {
            Field::Code => "编码",
            Field::Keyword => "关键词",
            Field::Department => "部门",
            Field::Material => "材料",
            Field::Name => "名称",
        };
        let matched_html = h
            .matched
            .iter()
            .find(|m| m.field != Field::Name)
            .map(|m| format!("{}：{}", label(m.field), highlight_html(&m.text, &m.ranges)));
        out.push(SearchResult { summary, score: h.score, name_html, matched_html });
        if out.len() >= limit {
            break;
        }
    }
    Ok(out)
}

/// The windows (within the actor's reach) that may accept an item: every active window acting for
/// the item's department (a comprehensive window accepts all its departments' items), plus windows
/// authorised for the item one by one.
pub async fn authorised_windows(app: &App, actor: &Actor, item_id: i64) -> Result<Vec<store::catalog::ItemWindowRow>> {
    actor.require_role(Permission::ViewCatalog, "查看事项库")?;
    let mut tx = app.read().await?;
    store::catalog::get_item(&mut tx, item_id).await?;
    let rows = store::catalog::list_item_windows(&mut tx, item_id).await?;
    Ok(rows.into_iter().filter(|w| actor.can(Permission::ViewOrg, &w.org_path, None)).collect())
}

/// Authorises a window for one item beyond its departments, or withdraws that authorisation.
pub async fn set_window_authorisation(app: &App, actor: &Actor, item_id: i64, window_id: Option<i64>, authorised: bool) -> Result<()> {
    let window_id = window_id.ok_or_else(|| Invalid::one("window_id", "请选择窗口"))?;
    let mut tx = app.write().await?;
    store::catalog::get_item(&mut tx, item_id).await?;
    let w = store::org::find_window(&mut tx, window_id).await?.ok_or_else(|| Invalid::one("window_id", "所选窗口不存在"))?;
    if !actor.has(Permission::ManageCatalog) && !actor.can(Permission::ManageSites, &w.org_path, None) {
        return Err(AppError::forbidden("为该窗口授权受理事项"));
    }
    store::catalog::set_window_item(&mut tx, window_id, item_id, authorised).await?;
    let after = serde_json::json!({"window_id": window_id, "site": w.site_name, "number": w.number, "authorised": authorised});
    record::<(), _>(app, &mut tx, actor, "authorise_window", "item", item_id, &w.org_path, None, Some(&after)).await?;
    tx.commit().await?;
    Ok(())
}
