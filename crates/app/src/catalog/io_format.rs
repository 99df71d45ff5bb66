//! The catalogue file formats: limits, the import report, sheet and column names of the workbook, cell helpers.

use domain::catalog::{DeliveryMode, ItemLevel, Material, NegativeReason, SpecialProcedure};
use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};
use serde::Serialize;

use crate::{AppError, Result};
use domain::catalog::ItemContent;

/// The largest file an import accepts.
pub const MAX_BYTES: usize = 10 * 1024 * 1024;
/// The `format` marker of a JSON export.
pub const JSON_FORMAT: &str = "yichuang-catalog";
/// The JSON export's layout version.
pub const JSON_VERSION: u64 = 1;

/// The file types an import reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportKind {
    Json,
    Xlsx,
}

impl ImportKind {
    /// Decides the type by the file name's extension, else by the first bytes (`PK` is a zip,
    /// hence .xlsx; `{` is JSON). `None` when neither tells.
    pub fn detect(file_name: Option<&str>, bytes: &[u8]) -> Option<ImportKind> {
        let ext = file_name.and_then(|n| n.rsplit_once('.')).map(|(_, e)| e.trim().to_ascii_lowercase());
        match ext.as_deref() {
            Some("xlsx") => return Some(ImportKind::Xlsx),
            Some("json") => return Some(ImportKind::Json),
            _ => {}
        }
        if bytes.starts_with(b"PK") {
            return Some(ImportKind::Xlsx);
        }
        let body = bytes.strip_prefix(b"\xEF\xBB\xBF".as_slice()).unwrap_or(bytes);
        match body.iter().find(|b| !b.is_ascii_whitespace()) {
            Some(b'{') => Some(ImportKind::Json),
            _ => None,
        }
    }

    pub(super) fn label(self) -> &'static str {
        match self {
            ImportKind::Json => "JSON",
            ImportKind::Xlsx => "Excel",
        }
    }
}

/// What an import did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ImportReport {
    /// Items in the file.
    pub items: usize,
    /// New items (each with a first draft version).
    pub items_created: usize,
    /// New draft versions of existing items.
    pub drafts_created: usize,
    /// Open drafts whose content was replaced.
    pub drafts_updated: usize,
    /// Implementation records (item × site) added or changed.
    pub sites_set: usize,
    /// Items whose standard and department were as stored (nothing written for them).
    pub unchanged: usize,
}

impl ImportReport {
    /// The outcome in one Chinese sentence.
    pub fn summary(&self) -> String {
        format!(
            "导入完成：文件中共 {} 个事项，新增事项 {} 个，新建草稿版本 {} 个，更新草稿 {} 个，设置实施场所 {} 处，未变化 {} 个。导入的内容均为草稿，须经审核后发布。",
            self.items, self.items_created, self.drafts_created, self.drafts_updated, self.sites_set, self.unchanged
        )
    }
}

// ---------------------------------------------------------------- the exchanged shape

pub(super) const SHEET_ITEMS: &str = "事项";
pub(super) const SHEET_MATERIALS: &str = "材料";
pub(super) const SHEET_STEPS: &str = "流程";
pub(super) const SHEET_FAQ: &str = "答疑";
pub(super) const SHEET_SITES: &str = "实施";

/// The columns of each sheet, with their display widths. On import a header is matched by its
/// text before any bracket, so “实施部门（简码）” may also be written “实施部门”.
pub(super) const ITEM_COLS: &[(&str, f64)] = &[
    ("基本编码", 16.0),
    ("实施部门（简码）", 14.0),
    ("事项名称", 30.0),
    ("实施编码", 22.0),
    ("事项类型", 12.0),
    ("行使层级", 16.0),
    ("设定依据", 40.0),
    ("受理条件", 40.0),
    ("法定办结时限", 12.0),
    ("承诺办结时限", 12.0),
    ("办件类型", 10.0),
    ("特别程序", 16.0),
    ("收费", 14.0),
    ("收费依据", 24.0),
    ("办理结果", 20.0),
    ("送达方式", 20.0),
    ("到现场次数", 10.0),
    ("网办深度", 18.0),
    ("支持预约", 10.0),
    ("关键词", 20.0),
    ("审查要点", 36.0),
    ("咨询电话", 16.0),
    ("投诉电话", 16.0),
];
pub(super) const MATERIAL_COLS: &[(&str, f64)] = &[
    ("基本编码", 16.0),
    ("序号", 6.0),
    ("材料名称", 30.0),
    ("必要", 6.0),
    ("原件份数", 9.0),
    ("复印件份数", 10.0),
    ("电子", 6.0),
    ("来源", 14.0),
    ("容缺", 6.0),
    ("可替代为", 20.0),
    ("告知承诺", 9.0),
    ("填报须知", 36.0),
];
pub(super) const STEP_COLS: &[(&str, f64)] = &[("基本编码", 16.0), ("序号", 6.0), ("环节", 20.0), ("岗位", 20.0), ("时限", 8.0)];
pub(super) const FAQ_COLS: &[(&str, f64)] = &[("基本编码", 16.0), ("序号", 6.0), ("问题", 36.0), ("解答", 50.0)];
pub(super) const SITE_COLS: &[(&str, f64)] =
    &[("基本编码", 16.0), ("场所", 28.0), ("状态", 10.0), ("负面清单原因", 16.0), ("原因说明", 36.0)];

pub(super) const STATIONED: &str = "进驻";
pub(super) const NEGATIVE: &str = "负面清单";
pub(super) const FREE: &str = "不收费";

/// One cell to write.
pub(super) enum Cell {
    Text(String),
    Num(u32),
}

pub(super) fn yes_no(b: bool) -> Cell {
    Cell::Text(if b { "是" } else { "否" }.to_owned())
}

pub(super) fn labels<T: Copy>(v: &[T], label: impl Fn(T) -> &'static str) -> Cell {
    Cell::Text(v.iter().map(|x| label(*x)).collect::<Vec<_>>().join("、"))
}

pub(super) fn xlsx_err(e: XlsxError) -> AppError {
    AppError::internal("cannot write the Excel export", e)
}

/// Adds a sheet with a bold, frozen header row and the given column widths.
pub(super) fn add_sheet<'a>(wb: &'a mut Workbook, name: &str, cols: &[(&str, f64)], bold: &Format) -> Result<&'a mut Worksheet, XlsxError> {
    let ws = wb.add_worksheet();
    ws.set_name(name)?;
    for (i, (title, width)) in cols.iter().enumerate() {
        let col = i as u16;
        ws.write_string_with_format(0, col, *title, bold)?;
        ws.set_column_width(col, *width)?;
    }
    ws.set_freeze_panes(1, 0)?;
    Ok(ws)
}

pub(super) fn put_row(ws: &mut Worksheet, row: u32, cells: Vec<Cell>, wrap: &Format) -> Result<(), XlsxError> {
    for (i, c) in cells.into_iter().enumerate() {
        let col = i as u16;
        match c {
            Cell::Num(n) => {
                ws.write_number(row, col, n)?;
            }
            Cell::Text(s) if s.is_empty() => {}
            Cell::Text(s) if s.contains('\n') => {
                ws.write_string_with_format(row, col, s, wrap)?;
            }
            Cell::Text(s) => {
                ws.write_string(row, col, s)?;
            }
        }
    }
    Ok(())
}

pub(super) fn item_cells(it: &DocItem) -> Vec<Cell> {
    let c = &it.content;
    vec![
        Cell::Text(it.basic_code.clone()),
        Cell::Text(it.department_code.clone()),
        Cell::Text(c.name.clone()),
        Cell::Text(c.impl_code.clone()),
        Cell::Text(c.item_type.label().to_owned()),
        labels(&c.levels, ItemLevel::label),
        Cell::Text(c.legal_basis.clone()),
        Cell::Text(c.conditions.clone()),
        Cell::Num(c.statutory_days),
        Cell::Num(c.promised_days),
        Cell::Text(c.case_kind.label().to_owned()),
        labels(&c.special_procedures, SpecialProcedure::label),
        Cell::Text(c.fee.clone().unwrap_or_else(|| FREE.to_owned())),
        Cell::Text(c.fee_basis.clone()),
        Cell::Text(c.result_name.clone()),
        labels(&c.delivery, DeliveryMode::label),
        Cell::Num(c.visits),
        Cell::Text(c.online_depth.label().to_owned()),
        yes_no(c.appointment),
        Cell::Text(c.keywords.join("、")),
        Cell::Text(c.review_points.join("\n")),
        Cell::Text(c.consult_phone.clone()),
        Cell::Text(c.complaint_phone.clone()),
    ]
}

pub(super) fn material_cells(code: &str, no: u32, m: &Material) -> Vec<Cell> {
    vec![
        Cell::Text(code.to_owned()),
        Cell::Num(no),
        Cell::Text(m.name.clone()),
        yes_no(m.required),
        Cell::Num(m.originals),
        Cell::Num(m.copies),
        yes_no(m.electronic),
        Cell::Text(m.source.map(|s| s.label().to_owned()).unwrap_or_default()),
        yes_no(m.rongque),
        Cell::Text(m.replaced_by.clone()),
        yes_no(m.commitment),
        Cell::Text(m.note.clone()),
    ]
}

pub(super) fn site_cells(code: &str, s: &DocSite) -> Vec<Cell> {
    let negative = s.state == "negative";
    let reason =
        s.negative_reason.as_deref().map(|r| NegativeReason::parse("r", r).map_or_else(|_| r.to_owned(), |r| r.label().to_owned()));
    vec![
        Cell::Text(code.to_owned()),
        Cell::Text(s.site_name.clone()),
        Cell::Text(if negative { NEGATIVE } else { STATIONED }.to_owned()),
        Cell::Text(reason.unwrap_or_default()),
        Cell::Text(s.negative_note.clone()),
    ]
}

#[derive(Debug, Serialize)]
pub(super) struct Doc {
    pub(super) format: &'static str,
    pub(super) version: u64,
    pub(super) items: Vec<DocItem>,
}

#[derive(Debug, Clone, Serialize)]
pub(super) struct DocItem {
    pub(super) basic_code: String,
    pub(super) department_code: String,
    /// The item's name in traditional Mongolian script, when entered (JSON only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) name_mn: Option<String>,
    pub(super) content: ItemContent,
    pub(super) sites: Vec<DocSite>,
}

#[derive(Debug, Clone, Serialize)]
pub(super) struct DocSite {
    pub(super) site_name: String,
    /// `stationed` or `negative`.
    pub(super) state: &'static str,
    pub(super) negative_reason: Option<String>,
    pub(super) negative_note: String,
}
