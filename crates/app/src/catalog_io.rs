//! Import and export of the whole catalogue: Excel (.xlsx, one sheet per table, Chinese headers)
//! and JSON. An export holds, for each item, the standard in effect today (else its newest
//! version) and where the item is implemented. An import is all-or-nothing: the whole file is
//! read and checked first, every bad row is reported with its sheet, row and reason, and only a
//! clean file is written, in one transaction. Imported standards become drafts, so publication
//! still goes through review.

use std::collections::{HashMap, HashSet};
use std::fmt::Display;
use std::io::Cursor;

use calamine::{Data, Reader, Xlsx, open_workbook_from_rs};
use domain::Invalid;
use domain::access::Permission;
use domain::catalog::{
    CaseKind, DeliveryMode, Faq, ItemContent, ItemLevel, ItemType, Material, MaterialSource, NegativeReason, OnlineDepth, SpecialProcedure,
    Step, diff,
};
use rust_xlsxwriter::{Format, FormatAlign, Workbook, Worksheet, XlsxError};
use serde::Serialize;
use serde_json::{Map, Value};
use store::Tx;
use store::catalog::{ItemRow, VersionRow};

use crate::audit::record;
use crate::catalog::{parse_content, to_json, version_fields};
use crate::{Actor, App, AppError, Result};

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

    fn label(self) -> &'static str {
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

#[derive(Debug, Serialize)]
struct Doc {
    format: &'static str,
    version: u64,
    items: Vec<DocItem>,
}

#[derive(Debug, Clone, Serialize)]
struct DocItem {
    basic_code: String,
    department_code: String,
    content: ItemContent,
    sites: Vec<DocSite>,
}

#[derive(Debug, Clone, Serialize)]
struct DocSite {
    site_name: String,
    /// `stationed` or `negative`.
    state: &'static str,
    negative_reason: Option<String>,
    negative_note: String,
}

/// Every item the actor may see, with the standard in effect today (else the newest version) and
/// its implementation records. Without catalogue rights only items in effect are included.
async fn snapshot(app: &App, actor: &Actor) -> Result<Vec<DocItem>> {
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
            content,
        });
    }
    Ok(out)
}

/// The whole catalogue as pretty-printed UTF-8 JSON (`{"format":"yichuang-catalog","version":1,"items":[…]}`).
pub async fn export_json(app: &App, actor: &Actor) -> Result<Vec<u8>> {
    let items = snapshot(app, actor).await?;
    serde_json::to_vec_pretty(&Doc { format: JSON_FORMAT, version: JSON_VERSION, items })
        .map_err(|e| AppError::Internal(format!("cannot serialise the catalogue: {e}")))
}

// ---------------------------------------------------------------- Excel layout

const SHEET_ITEMS: &str = "事项";
const SHEET_MATERIALS: &str = "材料";
const SHEET_STEPS: &str = "流程";
const SHEET_FAQ: &str = "答疑";
const SHEET_SITES: &str = "实施";

/// The columns of each sheet, with their display widths. On import a header is matched by its
/// text before any bracket, so “实施部门（简码）” may also be written “实施部门”.
const ITEM_COLS: &[(&str, f64)] = &[
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
const MATERIAL_COLS: &[(&str, f64)] = &[
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
const STEP_COLS: &[(&str, f64)] = &[("基本编码", 16.0), ("序号", 6.0), ("环节", 20.0), ("岗位", 20.0), ("时限", 8.0)];
const FAQ_COLS: &[(&str, f64)] = &[("基本编码", 16.0), ("序号", 6.0), ("问题", 36.0), ("解答", 50.0)];
const SITE_COLS: &[(&str, f64)] = &[("基本编码", 16.0), ("场所", 28.0), ("状态", 10.0), ("负面清单原因", 16.0), ("原因说明", 36.0)];

const STATIONED: &str = "进驻";
const NEGATIVE: &str = "负面清单";
const FREE: &str = "不收费";

/// One cell to write.
enum Cell {
    Text(String),
    Num(u32),
}

fn yes_no(b: bool) -> Cell {
    Cell::Text(if b { "是" } else { "否" }.to_owned())
}

fn labels<T: Copy>(v: &[T], label: impl Fn(T) -> &'static str) -> Cell {
    Cell::Text(v.iter().map(|x| label(*x)).collect::<Vec<_>>().join("、"))
}

fn xlsx_err(e: XlsxError) -> AppError {
    AppError::Internal(format!("cannot write the Excel export: {e}"))
}

/// Adds a sheet with a bold, frozen header row and the given column widths.
fn add_sheet<'a>(wb: &'a mut Workbook, name: &str, cols: &[(&str, f64)], bold: &Format) -> Result<&'a mut Worksheet, XlsxError> {
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

fn put_row(ws: &mut Worksheet, row: u32, cells: Vec<Cell>, wrap: &Format) -> Result<(), XlsxError> {
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

fn item_cells(it: &DocItem) -> Vec<Cell> {
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

fn material_cells(code: &str, no: u32, m: &Material) -> Vec<Cell> {
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

fn site_cells(code: &str, s: &DocSite) -> Vec<Cell> {
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

fn write_workbook(items: &[DocItem]) -> Result<Vec<u8>, XlsxError> {
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

/// Where a problem is: the field name (`事项!第5行`, `JSON!第3个事项`) and the start of its message.
#[derive(Debug, Clone)]
struct Loc {
    field: String,
    prefix: String,
}

impl Loc {
    fn row(sheet: &str, no: u32) -> Loc {
        Loc { field: format!("{sheet}!第{no}行"), prefix: format!("第 {no} 行") }
    }

    fn push(&self, e: &mut Invalid, msg: impl Display) {
        e.push(&self.field, format!("{}{msg}", self.prefix));
    }
}

/// One implementation record as read.
#[derive(Debug, Clone)]
struct SiteSpec {
    at: Loc,
    site_name: String,
    stationed: bool,
    reason: Option<NegativeReason>,
    note: String,
}

/// One item as read from the file.
#[derive(Debug, Clone)]
struct Entry {
    at: Loc,
    basic_code: String,
    department_code: String,
    content: ItemContent,
    sites: Vec<SiteSpec>,
}

/// Reads an implementation record's state, reason and note (codes or Chinese labels).
fn site_spec(at: Loc, site_name: &str, state: &str, reason: &str, note: &str, e: &mut Invalid) -> Option<SiteSpec> {
    let site_name = site_name.trim();
    let mut ok = true;
    if site_name.is_empty() {
        at.push(e, "“场所”未填写");
        ok = false;
    }
    let note = note.trim().to_owned();
    let (stationed, reason) = match state.trim() {
        "stationed" | STATIONED => (true, None),
        "negative" | NEGATIVE => {
            let reason = match reason.trim() {
                "" => {
                    at.push(e, "：列入负面清单须填写“负面清单原因”");
                    None
                }
                r => match NegativeReason::parse("negative_reason", r) {
                    Ok(r) => Some(r),
                    Err(inv) => {
                        at.push(e, format!("：{}", inv.summary()));
                        None
                    }
                },
            };
            if reason == Some(NegativeReason::Other) && note.is_empty() {
                at.push(e, "：负面清单原因为“其他”时，须在“原因说明”写明具体原因");
                ok = false;
            }
            if note.chars().count() > 200 {
                at.push(e, "“原因说明”不能超过 200 个字");
                ok = false;
            }
            ok &= reason.is_some();
            (false, reason)
        }
        "" => {
            at.push(e, "“状态”未填写，应为“进驻”或“负面清单”");
            return None;
        }
        other => {
            at.push(e, format!("“状态”应为“进驻”或“负面清单”，现为“{other}”"));
            return None;
        }
    };
    ok.then(|| SiteSpec { at, site_name: site_name.to_owned(), stationed, reason, note: if stationed { String::new() } else { note } })
}

// ---------------------------------------------------------------- reading Excel

/// One data row of a sheet: its Excel row number and its cells in the order of the sheet's columns.
struct Row {
    sheet: &'static str,
    no: u32,
    cells: Vec<Data>,
}

/// A cell as text; whole numbers lose their `.0`.
fn cell_text(d: &Data) -> String {
    match d {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Bool(b) => if *b { "是" } else { "否" }.to_owned(),
        other => other.to_string(),
    }
}

fn split_list(s: &str) -> impl Iterator<Item = &str> {
    s.split(['、', '，', ',', '；', ';', '\n']).map(str::trim).filter(|t| !t.is_empty())
}

impl Row {
    fn at(&self) -> Loc {
        Loc::row(self.sheet, self.no)
    }

    fn bad(&self, e: &mut Invalid, msg: impl Display) {
        self.at().push(e, msg);
    }

    fn text(&self, i: usize) -> String {
        self.cells.get(i).map(cell_text).unwrap_or_default()
    }

    fn label(&self, cols: &[(&str, f64)], i: usize) -> String {
        header_key(cols.get(i).map_or("", |c| c.0)).to_owned()
    }

    /// A whole number 0..=u32::MAX; an empty cell gives `default`, or an error when there is none.
    fn uint(&self, e: &mut Invalid, cols: &[(&str, f64)], i: usize, default: Option<u32>) -> u32 {
        let label = self.label(cols, i);
        let text = self.text(i);
        let n: Option<f64> = match self.cells.get(i) {
            Some(Data::Int(n)) => Some(*n as f64),
            Some(Data::Float(f)) => Some(*f),
            _ if text.trim().is_empty() => {
                return default.unwrap_or_else(|| {
                    self.bad(e, format!("“{label}”未填写，应为整数"));
                    0
                });
            }
            _ => text.trim().parse::<f64>().ok().filter(|f| f.is_finite()),
        };
        match n {
            Some(f) if f.fract() == 0.0 && (0.0..=f64::from(u32::MAX)).contains(&f) => f as u32,
            Some(f) if f.fract() == 0.0 => {
                self.bad(e, format!("“{label}”应为不小于 0 的整数，现为“{text}”"));
                0
            }
            _ => {
                self.bad(e, format!("“{label}”应为整数，现为“{text}”"));
                0
            }
        }
    }

    fn opt_uint(&self, e: &mut Invalid, cols: &[(&str, f64)], i: usize) -> Option<u32> {
        if self.text(i).trim().is_empty() { None } else { Some(self.uint(e, cols, i, None)) }
    }

    /// 是/否 (also true/false, 1/0, Y/N, √); empty means 否.
    fn boolean(&self, e: &mut Invalid, cols: &[(&str, f64)], i: usize) -> bool {
        if let Some(Data::Bool(b)) = self.cells.get(i) {
            return *b;
        }
        let t = self.text(i);
        match t.trim().to_ascii_lowercase().as_str() {
            "是" | "true" | "1" | "y" | "yes" | "√" => true,
            "否" | "false" | "0" | "n" | "no" | "" => false,
            _ => {
                self.bad(e, format!("“{}”应为“是”或“否”，现为“{t}”", self.label(cols, i)));
                false
            }
        }
    }

    /// One coded value (code or Chinese label); `None` (reported) when empty or unknown.
    fn coded<T>(&self, e: &mut Invalid, cols: &[(&str, f64)], i: usize, parse: fn(&str, &str) -> Result<T, Invalid>) -> Option<T> {
        let t = self.text(i);
        if t.trim().is_empty() {
            self.bad(e, format!("“{}”未填写", self.label(cols, i)));
            return None;
        }
        match parse("v", &t) {
            Ok(v) => Some(v),
            Err(inv) => {
                self.bad(e, format!("：{}", inv.summary()));
                None
            }
        }
    }

    /// Coded values separated by 、 (or commas); empty gives an empty list.
    fn coded_list<T>(&self, e: &mut Invalid, i: usize, parse: fn(&str, &str) -> Result<T, Invalid>) -> Vec<T> {
        let t = self.text(i);
        let mut out = Vec::new();
        for part in split_list(&t) {
            match parse("v", part) {
                Ok(v) => out.push(v),
                Err(inv) => self.bad(e, format!("：{}", inv.summary())),
            }
        }
        out
    }
}

/// The text of a header before any bracket: “实施部门（简码）” → “实施部门”.
fn header_key(h: &str) -> &str {
    h.split(['（', '(']).next().unwrap_or(h).trim()
}

/// Reads one sheet: finds each expected column by its header, then gives the non-empty data rows.
fn read_sheet(wb: &mut Xlsx<Cursor<&[u8]>>, sheet: &'static str, cols: &[(&str, f64)], e: &mut Invalid) -> Option<Vec<Row>> {
    let range = match wb.worksheet_range(sheet) {
        Ok(r) => r,
        Err(err) => {
            e.push(sheet, format!("工作表“{sheet}”无法读取（{err}）"));
            return None;
        }
    };
    let Some((top, _)) = range.start() else {
        e.push(sheet, format!("工作表“{sheet}”是空的，缺少表头行"));
        return None;
    };
    let mut rows = range.rows().enumerate().filter(|(_, r)| r.iter().any(|c| !cell_text(c).trim().is_empty()));
    let Some((header_at, header)) = rows.next() else {
        e.push(sheet, format!("工作表“{sheet}”是空的，缺少表头行"));
        return None;
    };
    let found: Vec<String> = header.iter().map(|c| header_key(&cell_text(c)).to_owned()).collect();
    let mut index = Vec::with_capacity(cols.len());
    let mut missing = Vec::new();
    for (title, _) in cols {
        match found.iter().position(|f| f == header_key(title)) {
            Some(i) => index.push(i),
            None => missing.push(*title),
        }
    }
    if !missing.is_empty() {
        let no = top as usize + header_at + 1;
        e.push(
            &format!("{sheet}!第{no}行"),
            format!("工作表“{sheet}”的表头缺少列：{}", missing.iter().map(|m| format!("“{m}”")).collect::<Vec<_>>().join("、")),
        );
        return None;
    }
    Some(
        rows.map(|(i, r)| Row {
            sheet,
            no: top + i as u32 + 1,
            cells: index.iter().map(|&c| r.get(c).cloned().unwrap_or(Data::Empty)).collect(),
        })
        .collect(),
    )
}

fn item_from_row(r: &Row, e: &mut Invalid) -> Entry {
    let c = ITEM_COLS;
    let fee = r.text(12);
    let content = ItemContent {
        name: r.text(2),
        impl_code: r.text(3),
        item_type: r.coded(e, c, 4, ItemType::parse).unwrap_or(ItemType::Permit),
        levels: r.coded_list(e, 5, ItemLevel::parse),
        legal_basis: r.text(6),
        conditions: r.text(7),
        steps: vec![],
        statutory_days: r.uint(e, c, 8, None),
        promised_days: r.uint(e, c, 9, None),
        case_kind: r.coded(e, c, 10, CaseKind::parse).unwrap_or(CaseKind::Promise),
        special_procedures: r.coded_list(e, 11, SpecialProcedure::parse),
        fee: if fee.trim().is_empty() || fee.trim() == FREE { None } else { Some(fee) },
        fee_basis: r.text(13),
        result_name: r.text(14),
        delivery: r.coded_list(e, 15, DeliveryMode::parse),
        visits: r.uint(e, c, 16, None),
        online_depth: r.coded(e, c, 17, OnlineDepth::parse).unwrap_or(OnlineDepth::Offline),
        appointment: r.boolean(e, c, 18),
        keywords: split_list(&r.text(19)).map(str::to_owned).collect(),
        review_points: r.text(20).split('\n').map(str::trim).filter(|t| !t.is_empty()).map(str::to_owned).collect(),
        faq: vec![],
        consult_phone: r.text(21),
        complaint_phone: r.text(22),
        materials: vec![],
    };
    Entry { at: r.at(), basic_code: r.text(0).trim().to_owned(), department_code: r.text(1).trim().to_owned(), content, sites: vec![] }
}

/// Finds the item a child row belongs to, reporting an unknown or missing code.
fn owner(r: &Row, codes: &HashMap<String, usize>, e: &mut Invalid) -> Option<usize> {
    let code = r.text(0).trim().to_owned();
    if code.is_empty() {
        r.bad(e, "“基本编码”未填写");
        return None;
    }
    let found = codes.get(&code).copied();
    if found.is_none() {
        e.push(&r.at().field, format!("{}表第 {} 行的基本编码 {code} 在事项表中没有", r.sheet, r.no));
    }
    found
}

/// Child rows of one item in order: by 序号, then by row.
type Ordered<T> = Vec<(u32, u32, T)>;

fn ordered<T>(mut v: Ordered<T>) -> Vec<T> {
    v.sort_by_key(|(seq, row, _)| (*seq, *row));
    v.into_iter().map(|(_, _, x)| x).collect()
}

fn parse_xlsx(bytes: &[u8]) -> Result<(Vec<Entry>, Invalid), Invalid> {
    let bad_file = || Invalid::one("文件", "文件不是有效的 Excel（.xlsx）文件，请上传由本系统导出或按模板填写的 .xlsx 文件");
    if !bytes.starts_with(b"PK") {
        return Err(bad_file());
    }
    let mut wb: Xlsx<Cursor<&[u8]>> = open_workbook_from_rs(Cursor::new(bytes)).map_err(|_| bad_file())?;
    let names = wb.sheet_names();
    let mut fatal = Invalid::default();
    for s in [SHEET_ITEMS, SHEET_MATERIALS, SHEET_STEPS, SHEET_FAQ, SHEET_SITES] {
        if !names.iter().any(|n| n == s) {
            fatal.push(s, format!("缺少工作表“{s}”（应有工作表：事项、材料、流程、答疑、实施）"));
        }
    }
    fatal.into_result()?;
    let mut e = Invalid::default();
    let items = read_sheet(&mut wb, SHEET_ITEMS, ITEM_COLS, &mut e);
    let materials = read_sheet(&mut wb, SHEET_MATERIALS, MATERIAL_COLS, &mut e);
    let steps = read_sheet(&mut wb, SHEET_STEPS, STEP_COLS, &mut e);
    let faq = read_sheet(&mut wb, SHEET_FAQ, FAQ_COLS, &mut e);
    let sites = read_sheet(&mut wb, SHEET_SITES, SITE_COLS, &mut e);
    let (Some(items), Some(materials), Some(steps), Some(faq), Some(sites)) = (items, materials, steps, faq, sites) else {
        return Err(e);
    };

    let mut entries: Vec<Entry> = items.iter().map(|r| item_from_row(r, &mut e)).collect();
    let mut codes: HashMap<String, usize> = HashMap::new();
    for (i, en) in entries.iter().enumerate() {
        if !en.basic_code.is_empty() {
            codes.entry(en.basic_code.clone()).or_insert(i);
        }
    }

    let mut mats: Vec<Ordered<Material>> = entries.iter().map(|_| vec![]).collect();
    for r in &materials {
        let c = MATERIAL_COLS;
        let m = Material {
            name: r.text(2),
            required: r.boolean(&mut e, c, 3),
            originals: r.uint(&mut e, c, 4, Some(0)),
            copies: r.uint(&mut e, c, 5, Some(0)),
            electronic: r.boolean(&mut e, c, 6),
            source: if r.text(7).trim().is_empty() { None } else { r.coded(&mut e, c, 7, MaterialSource::parse) },
            rongque: r.boolean(&mut e, c, 8),
            replaced_by: r.text(9),
            commitment: r.boolean(&mut e, c, 10),
            note: r.text(11),
        };
        let seq = r.opt_uint(&mut e, c, 1).unwrap_or(u32::MAX);
        if let Some(i) = owner(r, &codes, &mut e) {
            mats[i].push((seq, r.no, m));
        }
    }
    let mut stps: Vec<Ordered<Step>> = entries.iter().map(|_| vec![]).collect();
    for r in &steps {
        let c = STEP_COLS;
        let s = Step { name: r.text(2), post: r.text(3), days: r.uint(&mut e, c, 4, Some(0)) };
        let seq = r.opt_uint(&mut e, c, 1).unwrap_or(u32::MAX);
        if let Some(i) = owner(r, &codes, &mut e) {
            stps[i].push((seq, r.no, s));
        }
    }
    let mut faqs: Vec<Ordered<Faq>> = entries.iter().map(|_| vec![]).collect();
    for r in &faq {
        let f = Faq { q: r.text(2), a: r.text(3) };
        let seq = r.opt_uint(&mut e, FAQ_COLS, 1).unwrap_or(u32::MAX);
        if let Some(i) = owner(r, &codes, &mut e) {
            faqs[i].push((seq, r.no, f));
        }
    }
    for r in &sites {
        let spec = site_spec(r.at(), &r.text(1), &r.text(2), &r.text(3), &r.text(4), &mut e);
        if let Some(i) = owner(r, &codes, &mut e)
            && let Some(s) = spec
        {
            entries[i].sites.push(s);
        }
    }
    for (((en, m), s), f) in entries.iter_mut().zip(mats).zip(stps).zip(faqs) {
        en.content.materials = ordered(m);
        en.content.steps = ordered(s);
        en.content.faq = ordered(f);
    }
    Ok((entries, e))
}

// ---------------------------------------------------------------- reading JSON

/// What a JSON value must be.
#[derive(Clone, Copy)]
enum Kind {
    Text,
    OptText,
    Uint,
    Bool,
    TextList,
    /// A coded value; the function maps a code or Chinese label to the code.
    Coded(fn(&str) -> Option<&'static str>),
    OptCoded(fn(&str) -> Option<&'static str>),
    CodedList(fn(&str) -> Option<&'static str>),
    Objects(fn() -> Vec<Spec>),
}

struct Spec {
    key: &'static str,
    label: &'static str,
    kind: Kind,
}

const fn spec(key: &'static str, label: &'static str, kind: Kind) -> Spec {
    Spec { key, label, kind }
}

macro_rules! code_of {
    ($t:ty) => {
        |s: &str| <$t>::parse("v", s).ok().map(<$t>::code)
    };
}

fn content_specs() -> Vec<Spec> {
    vec![
        spec("name", "事项名称", Kind::Text),
        spec("impl_code", "实施编码", Kind::Text),
        spec("item_type", "事项类型", Kind::Coded(code_of!(ItemType))),
        spec("levels", "行使层级", Kind::CodedList(code_of!(ItemLevel))),
        spec("legal_basis", "设定依据", Kind::Text),
        spec("conditions", "受理条件", Kind::Text),
        spec("steps", "办理流程", Kind::Objects(step_specs)),
        spec("statutory_days", "法定办结时限", Kind::Uint),
        spec("promised_days", "承诺办结时限", Kind::Uint),
        spec("case_kind", "办件类型", Kind::Coded(code_of!(CaseKind))),
        spec("special_procedures", "特别程序", Kind::CodedList(code_of!(SpecialProcedure))),
        spec("fee", "收费", Kind::OptText),
        spec("fee_basis", "收费依据", Kind::Text),
        spec("result_name", "办理结果", Kind::Text),
        spec("delivery", "送达方式", Kind::CodedList(code_of!(DeliveryMode))),
        spec("visits", "到现场次数", Kind::Uint),
        spec("online_depth", "网办深度", Kind::Coded(code_of!(OnlineDepth))),
        spec("appointment", "支持预约", Kind::Bool),
        spec("keywords", "关键词", Kind::TextList),
        spec("review_points", "审查要点", Kind::TextList),
        spec("faq", "答疑", Kind::Objects(faq_specs)),
        spec("consult_phone", "咨询电话", Kind::Text),
        spec("complaint_phone", "投诉电话", Kind::Text),
        spec("materials", "申请材料", Kind::Objects(material_specs)),
    ]
}

fn step_specs() -> Vec<Spec> {
    vec![spec("name", "环节", Kind::Text), spec("post", "岗位", Kind::Text), spec("days", "时限", Kind::Uint)]
}

fn faq_specs() -> Vec<Spec> {
    vec![spec("q", "问题", Kind::Text), spec("a", "解答", Kind::Text)]
}

fn material_specs() -> Vec<Spec> {
    vec![
        spec("name", "材料名称", Kind::Text),
        spec("required", "必要", Kind::Bool),
        spec("originals", "原件份数", Kind::Uint),
        spec("copies", "复印件份数", Kind::Uint),
        spec("electronic", "电子", Kind::Bool),
        spec("source", "来源", Kind::OptCoded(code_of!(MaterialSource))),
        spec("rongque", "容缺", Kind::Bool),
        spec("replaced_by", "可替代为", Kind::Text),
        spec("commitment", "告知承诺", Kind::Bool),
        spec("note", "填报须知", Kind::Text),
    ]
}

/// A JSON value shown briefly in a message.
fn shown(v: &Value) -> String {
    let s = v.to_string();
    if s.chars().count() > 40 { format!("{}…", s.chars().take(40).collect::<String>()) } else { s }
}

/// Checks `obj` against `specs`, rewriting Chinese labels of coded values to their codes, and
/// pushes one message per problem (`path` names where the object is, for nested lists).
fn check_object(obj: &mut Map<String, Value>, specs: &[Spec], path: &str, out: &mut Vec<String>) {
    for s in specs {
        let what = format!("{path}“{}”（{}）", s.label, s.key);
        let Some(v) = obj.get_mut(s.key) else {
            out.push(format!("缺少{what}"));
            continue;
        };
        let coded = |v: &mut Value, f: fn(&str) -> Option<&'static str>| -> bool {
            match v.as_str().and_then(f) {
                Some(code) => {
                    *v = Value::String(code.to_owned());
                    true
                }
                None => false,
            }
        };
        let problem: Option<&str> = match s.kind {
            Kind::Text => (!v.is_string()).then_some("应为文本"),
            Kind::OptText => (!v.is_string() && !v.is_null()).then_some("应为文本或 null"),
            Kind::Uint => v.as_u64().is_none_or(|n| n > u64::from(u32::MAX)).then_some("应为不小于 0 的整数"),
            Kind::Bool => (!v.is_boolean()).then_some("应为 true 或 false"),
            Kind::TextList => v.as_array().is_none_or(|a| a.iter().any(|x| !x.is_string())).then_some("应为文本的列表"),
            Kind::Coded(f) => {
                let ok = coded(v, f);
                (!ok).then_some("不是可选的值")
            }
            Kind::OptCoded(f) => {
                let ok = v.is_null() || coded(v, f);
                (!ok).then_some("不是可选的值（或 null）")
            }
            Kind::CodedList(f) => match v.as_array_mut() {
                Some(a) => {
                    let mut ok = true;
                    for x in a.iter_mut() {
                        ok &= coded(x, f);
                    }
                    (!ok).then_some("含有不可选的值")
                }
                None => Some("应为列表"),
            },
            Kind::Objects(sub) => match v.as_array_mut() {
                Some(a) => {
                    let sub = sub();
                    for (j, x) in a.iter_mut().enumerate() {
                        match x.as_object_mut() {
                            Some(o) => check_object(o, &sub, &format!("{path}“{}”第 {} 项的", s.label, j + 1), out),
                            None => out.push(format!("{path}“{}”第 {} 项应为对象", s.label, j + 1)),
                        }
                    }
                    None
                }
                None => Some("应为列表"),
            },
        };
        if let Some(p) = problem {
            out.push(format!("{what}{p}，现为 {}", shown(v)));
        }
    }
}

fn json_text<'a>(obj: &'a Map<String, Value>, key: &str) -> Option<&'a str> {
    obj.get(key).and_then(Value::as_str)
}

fn json_item(i: usize, v: &mut Value, e: &mut Invalid) -> Option<Entry> {
    let mut at = Loc { field: format!("JSON!第{}个事项", i + 1), prefix: format!("第 {} 个事项", i + 1) };
    let Some(obj) = v.as_object_mut() else {
        at.push(e, "应为对象");
        return None;
    };
    let basic_code = json_text(obj, "basic_code").map(|s| s.trim().to_owned());
    if let Some(code) = basic_code.as_deref().filter(|c| !c.is_empty()) {
        at.prefix = format!("第 {} 个事项（{code}）", i + 1);
    } else if obj.get("basic_code").is_some_and(|c| !c.is_string()) {
        at.push(e, "的“基本编码”（basic_code）应为文本");
    }
    let department_code = match obj.get("department_code") {
        Some(Value::String(s)) => s.trim().to_owned(),
        None => {
            at.push(e, "缺少“实施部门”（department_code）");
            String::new()
        }
        Some(_) => {
            at.push(e, "的“实施部门”（department_code）应为文本");
            String::new()
        }
    };
    let content = match obj.get_mut("content") {
        Some(Value::Object(c)) => {
            let mut problems = Vec::new();
            check_object(c, &content_specs(), "", &mut problems);
            for p in &problems {
                at.push(e, format!("的内容：{p}"));
            }
            if problems.is_empty() {
                match serde_json::from_value::<ItemContent>(Value::Object(c.clone())) {
                    Ok(c) => Some(c),
                    Err(err) => {
                        at.push(e, format!("的内容格式有误（{err}）"));
                        None
                    }
                }
            } else {
                None
            }
        }
        None => {
            at.push(e, "缺少“内容”（content）");
            None
        }
        Some(_) => {
            at.push(e, "的“内容”（content）应为对象");
            None
        }
    };
    let mut sites = Vec::new();
    match obj.get("sites") {
        None | Some(Value::Null) => {}
        Some(Value::Array(a)) => {
            for (j, s) in a.iter().enumerate() {
                let sat = Loc { field: at.field.clone(), prefix: format!("{}的第 {} 个实施场所", at.prefix, j + 1) };
                let Some(o) = s.as_object() else {
                    sat.push(e, "应为对象");
                    continue;
                };
                let text = |k: &str| json_text(o, k).unwrap_or_default().to_owned();
                if let Some(spec) = site_spec(sat, &text("site_name"), &text("state"), &text("negative_reason"), &text("negative_note"), e)
                {
                    sites.push(spec);
                }
            }
        }
        Some(_) => at.push(e, "的“实施场所”（sites）应为列表"),
    }
    Some(Entry { at, basic_code: basic_code.unwrap_or_default(), department_code, content: content?, sites })
}

fn parse_json(bytes: &[u8]) -> Result<(Vec<Entry>, Invalid), Invalid> {
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF".as_slice()).unwrap_or(bytes);
    let mut doc: Value = serde_json::from_slice(body).map_err(|err| {
        let why = match err.classify() {
            serde_json::error::Category::Eof => format!("文件在第 {} 行提前结束，内容不完整", err.line()),
            serde_json::error::Category::Io => "文件无法读取".to_owned(),
            _ if std::str::from_utf8(body).is_err() => "文件不是 UTF-8 编码的文本".to_owned(),
            _ => format!("第 {} 行第 {} 列附近格式有误", err.line(), err.column()),
        };
        Invalid::one("文件", format!("文件不是有效的 JSON：{why}"))
    })?;
    let not_ours = || Invalid::one("文件", format!("该 JSON 文件不是一窗事项库的导出文件（应含 \"format\": \"{JSON_FORMAT}\"）"));
    let obj = doc.as_object_mut().ok_or_else(not_ours)?;
    if obj.get("format").and_then(Value::as_str) != Some(JSON_FORMAT) {
        return Err(not_ours());
    }
    match obj.get("version").and_then(Value::as_u64) {
        Some(JSON_VERSION) => {}
        Some(v) => return Err(Invalid::one("文件", format!("不支持第 {v} 版的导出文件，本系统读取第 {JSON_VERSION} 版"))),
        None => return Err(Invalid::one("文件", "文件缺少版本号（version）")),
    }
    let Some(items) = obj.get_mut("items").and_then(Value::as_array_mut) else {
        return Err(Invalid::one("文件", "文件缺少事项列表（items）"));
    };
    let mut e = Invalid::default();
    let entries = items.iter_mut().enumerate().filter_map(|(i, v)| json_item(i, v, &mut e)).collect();
    Ok((entries, e))
}

// ---------------------------------------------------------------- checking and writing

/// The rules that need no database: codes present and unique, each standard a valid draft.
fn check_entries(entries: &[Entry], e: &mut Invalid) {
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
enum Plan {
    Create,
    NewDraft { item: ItemRow, no: i64, before: ItemContent },
    UpdateDraft { item: ItemRow, version_id: i64, note: String, before: ItemContent },
    Unchanged(ItemRow),
}

/// Decides what to do with an existing item. It is unchanged when its department is the same and
/// the file's standard equals its newest version or the one in effect (what an export gives).
async fn plan_existing(app: &App, tx: &mut Tx, en: &Entry, item: ItemRow, dept: i64, e: &mut Invalid) -> Result<Plan> {
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

    let root = store::org::list_org_units(&mut tx, &store::org::Scope::All)
        .await?
        .into_iter()
        .find(|u| u.parent_id.is_none())
        .ok_or(AppError::NotFound("旗级机构"))?;
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
    crate::catalog::invalidate(app).await;
    Ok(report)
}
