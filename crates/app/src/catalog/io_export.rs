//! Exports the whole catalogue as JSON or as an `.xlsx` workbook.

use std::collections::HashMap;

use domain::access::Permission;
use rust_xlsxwriter::{Format, FormatAlign, Workbook, XlsxError};
use store::catalog::VersionRow;

use super::io_format::*;
use crate::catalog::items::parse_content;
use crate::{Actor, App, AppError, Result};

/// Every item the actor may see, with the standard in effect today (else the newest version) and
/// its implementation records. Without catalogue rights only items in effect are included.
pub(super) async fn snapshot(app: &App, actor: &Actor) -> Result<Vec<DocItem>> {
    actor.require_role(Permission::ViewCatalog, "导出事项库")?;
    let drafts = actor.has(Permission::ManageCatalog) || actor.has(Permission::ApproveCatalog);
    let mut tx = app.read().await?;
    let items = store::catalog::list_items(&mut tx).await?;
    let mut current: HashMap<i64, VersionRow> =
        store::catalog::list_current_versions(&mut tx, app.clock.today()).await?.into_iter().map(|v| (v.summary.item_id, v)).collect();
    // Ordered by item then number, so the last one of each item is its newest.
    let newest: HashMap<i64, i64> = store::catalog::list_version_summaries(&mut tx).await?.into_iter().map(|v| (v.item_id, v.id)).collect();
    let mut sites: HashMap<i64, Vec<DocSite>> = HashMap::new();
    for s in store::catalog::list_all_item_sites(&mut tx).await? {
        sites.entry(s.item_id).or_default().push(DocSite {
            site_name: s.site_name,
            state: if s.stationed { "stationed" } else { "negative" },
            negative_reason: if s.stationed { None } else { s.negative_reason },
            negative_note: if s.stationed { String::new() } else { s.negative_note },
        });
    }
    let mut out = Vec::with_capacity(items.len());
    for item in items {
        let content = match current.remove(&item.id) {
            Some(v) => parse_content(&v)?,
            None if drafts => match newest.get(&item.id) {
                Some(id) => parse_content(&store::catalog::get_version(&mut tx, *id).await?)?,
                None => continue,
            },
            None => continue,
        };
        out.push(DocItem {
            sites: sites.remove(&item.id).unwrap_or_default(),
            basic_code: item.basic_code,
            department_code: item.department_code,
            name_mn: item.name_mn,
            content,
        });
    }
    Ok(out)
}

/// The whole catalogue as pretty-printed UTF-8 JSON (`{"format":"yichuang-catalog","version":1,"items":[…]}`).
pub async fn export_json(app: &App, actor: &Actor) -> Result<Vec<u8>> {
    let items = snapshot(app, actor).await?;
    serde_json::to_vec_pretty(&Doc { format: JSON_FORMAT, version: JSON_VERSION, items })
        .map_err(|e| AppError::internal("cannot serialise the catalogue", e))
}

// ---------------------------------------------------------------- Excel layout

pub(super) fn write_workbook(items: &[DocItem]) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    let bold = Format::new().set_bold().set_align(FormatAlign::Center);
    let wrap = Format::new().set_text_wrap();
    {
        let ws = add_sheet(&mut wb, SHEET_ITEMS, ITEM_COLS, &bold)?;
        for (i, it) in items.iter().enumerate() {
            put_row(ws, i as u32 + 1, item_cells(it), &wrap)?;
        }
    }
    {
        let ws = add_sheet(&mut wb, SHEET_MATERIALS, MATERIAL_COLS, &bold)?;
        let mut row = 1;
        for it in items {
            for (i, m) in it.content.materials.iter().enumerate() {
                put_row(ws, row, material_cells(&it.basic_code, i as u32 + 1, m), &wrap)?;
                row += 1;
            }
        }
    }
    {
        let ws = add_sheet(&mut wb, SHEET_STEPS, STEP_COLS, &bold)?;
        let mut row = 1;
        for it in items {
            for (i, s) in it.content.steps.iter().enumerate() {
                let cells = vec![
                    Cell::Text(it.basic_code.clone()),
                    Cell::Num(i as u32 + 1),
                    Cell::Text(s.name.clone()),
                    Cell::Text(s.post.clone()),
                    Cell::Num(s.days),
                ];
                put_row(ws, row, cells, &wrap)?;
                row += 1;
            }
        }
    }
    {
        let ws = add_sheet(&mut wb, SHEET_FAQ, FAQ_COLS, &bold)?;
        let mut row = 1;
        for it in items {
            for (i, f) in it.content.faq.iter().enumerate() {
                let cells =
                    vec![Cell::Text(it.basic_code.clone()), Cell::Num(i as u32 + 1), Cell::Text(f.q.clone()), Cell::Text(f.a.clone())];
                put_row(ws, row, cells, &wrap)?;
                row += 1;
            }
        }
    }
    {
        let ws = add_sheet(&mut wb, SHEET_SITES, SITE_COLS, &bold)?;
        let mut row = 1;
        for it in items {
            for s in &it.sites {
                put_row(ws, row, site_cells(&it.basic_code, s), &wrap)?;
                row += 1;
            }
        }
    }
    wb.save_to_buffer()
}

/// The whole catalogue as an Excel workbook: sheets 事项, 材料, 流程, 答疑 and 实施, Chinese
/// headers, coded values as their Chinese labels.
pub async fn export_xlsx(app: &App, actor: &Actor) -> Result<Vec<u8>> {
    let items = snapshot(app, actor).await?;
    write_workbook(&items).map_err(xlsx_err)
}

// ---------------------------------------------------------------- what an import file says
