//! Imports checked entries: all or nothing, changed items become drafts, unchanged ones are skipped.

use std::collections::{HashMap, HashSet};

use domain::Invalid;
use domain::access::Permission;
use domain::catalog::{ItemContent, NegativeReason, diff};
use store::Tx;
use store::catalog::ItemRow;

use super::io_format::*;
use super::io_json::*;
use super::io_xlsx::*;
use crate::catalog::items::{parse_content, to_json, version_fields};
use crate::support::audit::record;
use crate::{Actor, App, Result};

/// The rules that need no database: codes present and unique, each standard a valid draft.
pub(super) fn check_entries(entries: &[Entry], e: &mut Invalid) {
    let mut seen: HashMap<&str, &Loc> = HashMap::new();
    for en in entries {
        if let Err(inv) = domain::text::required("basic_code", "“基本编码”", &en.basic_code, 40) {
            en.at.push(e, format!("：{}", inv.summary()));
        } else if let Some(first) = seen.get(en.basic_code.as_str()) {
            en.at.push(e, format!("：基本编码 {} 与{}重复", en.basic_code, first.prefix));
        } else {
            seen.insert(&en.basic_code, &en.at);
        }
        if en.department_code.is_empty() {
            en.at.push(e, "“实施部门”未填写");
        }
        if let Err(inv) = en.content.check_draft() {
            for f in inv.fields {
                en.at.push(e, format!("：{}", f.message));
            }
        }
        let mut sites = HashSet::new();
        for s in &en.sites {
            if !sites.insert(s.site_name.as_str()) {
                s.at.push(e, format!("：事项 {} 在场所“{}”的实施情况填写了不止一次", en.basic_code, s.site_name));
            }
        }
    }
}

/// What to do with one item.
pub(super) enum Plan {
    Create,
    NewDraft { item: ItemRow, no: i64, before: ItemContent },
    UpdateDraft { item: ItemRow, version_id: i64, note: String, before: ItemContent },
    Unchanged(ItemRow),
}

/// Decides what to do with an existing item. It is unchanged when its department is the same and
/// the file's standard equals its newest version or the one in effect (what an export gives).
pub(super) async fn plan_existing(app: &App, tx: &mut Tx, en: &Entry, item: ItemRow, dept: i64, e: &mut Invalid) -> Result<Plan> {
    let versions = store::catalog::list_item_versions(tx, item.id).await?;
    let Some(newest) = versions.first() else {
        return Ok(Plan::NewDraft { item, no: 1, before: ItemContent::default() });
    };
    let newest_content = parse_content(&store::catalog::get_version(tx, newest.id).await?)?;
    let in_effect = match store::catalog::find_current_version(tx, item.id, app.clock.today()).await? {
        Some(v) => Some(parse_content(&v)?),
        None => None,
    };
    if item.department_id == dept && (newest_content == en.content || in_effect.as_ref() == Some(&en.content)) {
        return Ok(Plan::Unchanged(item));
    }
    match versions.iter().find(|v| !matches!(v.status.as_str(), "published" | "superseded")) {
        Some(open) if open.status == "draft" => {
            let before = parse_content(&store::catalog::get_version(tx, open.id).await?)?;
            Ok(Plan::UpdateDraft { version_id: open.id, note: open.change_note.clone(), item, before })
        }
        Some(open) => {
            en.at.push(e, format!("：事项 {} 有待审核的版本（第 {} 版），请先处理", item.basic_code, open.version_no));
            Ok(Plan::Unchanged(item))
        }
        None => {
            let no = store::catalog::next_version_no(tx, item.id).await?;
            Ok(Plan::NewDraft { item, no, before: newest_content })
        }
    }
}

/// Imports a whole catalogue file (catalogue administrators). Every problem is reported at once;
/// if there is any, nothing is written. New items get a first draft; existing items get a new
/// draft, or their open draft replaced; items whose standard is unchanged are left alone.
/// Implementation records are added or updated by site name (none are removed).
pub async fn import(app: &App, actor: &Actor, bytes: &[u8], kind: ImportKind) -> Result<ImportReport> {
    actor.require_role(Permission::ManageCatalog, "导入事项库")?;
    if bytes.is_empty() {
        return Err(Invalid::one("文件", "文件是空的").into());
    }
    if bytes.len() > MAX_BYTES {
        return Err(Invalid::one("文件", format!("文件超过 {} MB，请拆分后分批导入", MAX_BYTES / 1024 / 1024)).into());
    }
    let (entries, mut e) = match kind {
        ImportKind::Json => parse_json(bytes)?,
        ImportKind::Xlsx => parse_xlsx(bytes)?,
    };
    if entries.is_empty() && e.is_empty() {
        return Err(Invalid::one("文件", "文件中没有任何事项，未导入").into());
    }
    check_entries(&entries, &mut e);

    let mut tx = app.write().await?;
    let departments: HashMap<String, i64> = store::org::list_departments(&mut tx).await?.into_iter().map(|d| (d.code, d.id)).collect();
    let sites: HashMap<String, (i64, i64)> =
        store::org::list_sites(&mut tx, &store::org::Scope::All).await?.into_iter().map(|s| (s.name, (s.id, s.org_unit_id))).collect();
    let mut plans = Vec::with_capacity(entries.len());
    for en in &entries {
        let dept = departments.get(&en.department_code).copied();
        if dept.is_none() && !en.department_code.is_empty() {
            en.at.push(&mut e, format!("“实施部门”{} 不存在", en.department_code));
        }
        for s in &en.sites {
            if !sites.contains_key(&s.site_name) {
                s.at.push(&mut e, format!("：场所“{}”不存在", s.site_name));
            }
        }
        let plan = match (store::catalog::find_item_by_code(&mut tx, &en.basic_code).await?, dept) {
            (None, _) => Plan::Create,
            (Some(item), Some(dept)) => plan_existing(app, &mut tx, en, item, dept, &mut e).await?,
            (Some(item), None) => Plan::Unchanged(item),
        };
        plans.push((plan, dept.unwrap_or_default()));
    }
    // Nothing has been written yet; dropping the transaction leaves the database as it was.
    e.into_result()?;

    let root = crate::org::root_unit(&mut tx).await?;
    let now = app.clock.now();
    let me = actor.audit_name();
    let import_note = format!("从 {} 文件导入", kind.label());
    let mut report = ImportReport { items: entries.len(), ..ImportReport::default() };
    for (en, (plan, dept)) in entries.iter().zip(plans) {
        let json = to_json(&en.content)?;
        let (item_id, outcome, version, changes) = match plan {
            Plan::Create => {
                let id = store::catalog::insert_item(&mut tx, root.id, &en.basic_code, dept, now).await?;
                store::catalog::insert_version(&mut tx, id, 1, &version_fields(&en.content, &json, &import_note), &me, now).await?;
                report.items_created += 1;
                (id, Some("created"), Some(1), vec![])
            }
            Plan::NewDraft { item, no, before } => {
                if item.department_id != dept {
                    store::catalog::update_item(&mut tx, item.id, &item.basic_code, dept, now).await?;
                }
                store::catalog::insert_version(&mut tx, item.id, no, &version_fields(&en.content, &json, &import_note), &me, now).await?;
                report.drafts_created += 1;
                (item.id, Some("draft_created"), Some(no), diff(&before, &en.content))
            }
            Plan::UpdateDraft { item, version_id, note, before } => {
                if item.department_id != dept {
                    store::catalog::update_item(&mut tx, item.id, &item.basic_code, dept, now).await?;
                }
                let note = if note.trim().is_empty() { import_note.clone() } else { note };
                store::catalog::update_version(&mut tx, version_id, &version_fields(&en.content, &json, &note), now).await?;
                report.drafts_updated += 1;
                let no = store::catalog::get_version(&mut tx, version_id).await?.summary.version_no;
                (item.id, Some("draft_updated"), Some(no), diff(&before, &en.content))
            }
            Plan::Unchanged(item) => {
                report.unchanged += 1;
                (item.id, None, None, vec![])
            }
        };
        if en.name_mn.is_some() {
            store::mongolian::set_name_mn(&mut tx, store::mongolian::Named::Item, item_id, en.name_mn.as_deref(), now).await?;
        }
        let existing = store::catalog::list_item_sites(&mut tx, item_id).await?;
        let mut sites_set = Vec::new();
        for s in &en.sites {
            let Some(&(site_id, org_unit_id)) = sites.get(&s.site_name) else { continue };
            let reason = s.reason.map(NegativeReason::code);
            let same = existing.iter().any(|x| {
                x.site_id == site_id && x.stationed == s.stationed && x.negative_reason.as_deref() == reason && x.negative_note == s.note
            });
            if !same {
                store::catalog::upsert_item_site(&mut tx, item_id, site_id, org_unit_id, s.stationed, reason, &s.note, now).await?;
                sites_set.push(s.site_name.as_str());
            }
        }
        report.sites_set += sites_set.len();
        if outcome.is_some() || !sites_set.is_empty() {
            let after = serde_json::json!({
                "source": kind.label(),
                "basic_code": en.basic_code,
                "name": en.content.name,
                "outcome": outcome.unwrap_or("sites"),
                "version": version,
                "changes": changes.iter().map(|c| c.label.as_str()).collect::<Vec<_>>(),
                "sites": sites_set,
            });
            record::<(), _>(app, &mut tx, actor, "import", "item", item_id, &root.path, None, Some(&after)).await?;
        }
    }
    tx.commit().await?;
    crate::catalog::items::invalidate(app).await;
    Ok(report)
}
