//! Reads a catalogue workbook (calamine) into checked entries, every problem with its sheet and row.

use std::collections::HashMap;
use std::fmt::Display;
use std::io::Cursor;

use calamine::{Data, Reader, Xlsx, open_workbook_from_rs};
use domain::Invalid;
use domain::catalog::{
    CaseKind, DeliveryMode, Faq, ItemContent, ItemLevel, ItemType, Material, MaterialSource, NegativeReason, OnlineDepth, SpecialProcedure,
    Step,
};

use super::io_format::*;
use crate::Result;

/// Where a problem is: the field name (`事项!第5行`, `JSON!第3个事项`) and the start of its message.
#[derive(Debug, Clone)]
pub(super) struct Loc {
    pub(super) field: String,
    pub(super) prefix: String,
}

impl Loc {
    pub(super) fn row(sheet: &str, no: u32) -> Loc {
        Loc { field: format!("{sheet}!第{no}行"), prefix: format!("第 {no} 行") }
    }

    pub(super) fn push(&self, e: &mut Invalid, msg: impl Display) {
        e.push(&self.field, format!("{}{msg}", self.prefix));
    }
}

/// One implementation record as read.
#[derive(Debug, Clone)]
pub(super) struct SiteSpec {
    pub(super) at: Loc,
    pub(super) site_name: String,
    pub(super) stationed: bool,
    pub(super) reason: Option<NegativeReason>,
    pub(super) note: String,
}

/// One item as read from the file.
#[derive(Debug, Clone)]
pub(super) struct Entry {
    pub(super) at: Loc,
    pub(super) basic_code: String,
    pub(super) department_code: String,
    pub(super) content: ItemContent,
    pub(super) sites: Vec<SiteSpec>,
    /// The Mongolian name (JSON files only; a spreadsheet leaves a stored one as it is).
    pub(super) name_mn: Option<String>,
}

/// Reads an implementation record's state, reason and note (codes or Chinese labels).
pub(super) fn site_spec(at: Loc, site_name: &str, state: &str, reason: &str, note: &str, e: &mut Invalid) -> Option<SiteSpec> {
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
pub(super) struct Row {
    pub(super) sheet: &'static str,
    pub(super) no: u32,
    pub(super) cells: Vec<Data>,
}

/// A cell as text; whole numbers lose their `.0`.
pub(super) fn cell_text(d: &Data) -> String {
    match d {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Bool(b) => if *b { "是" } else { "否" }.to_owned(),
        other => other.to_string(),
    }
}

pub(super) fn split_list(s: &str) -> impl Iterator<Item = &str> {
    s.split(['、', '，', ',', '；', ';', '\n']).map(str::trim).filter(|t| !t.is_empty())
}

impl Row {
    pub(super) fn at(&self) -> Loc {
        Loc::row(self.sheet, self.no)
    }

    pub(super) fn bad(&self, e: &mut Invalid, msg: impl Display) {
        self.at().push(e, msg);
    }

    pub(super) fn text(&self, i: usize) -> String {
        self.cells.get(i).map(cell_text).unwrap_or_default()
    }

    pub(super) fn label(&self, cols: &[(&str, f64)], i: usize) -> String {
        header_key(cols.get(i).map_or("", |c| c.0)).to_owned()
    }

    /// A whole number 0..=u32::MAX; an empty cell gives `default`, or an error when there is none.
    pub(super) fn uint(&self, e: &mut Invalid, cols: &[(&str, f64)], i: usize, default: Option<u32>) -> u32 {
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

    pub(super) fn opt_uint(&self, e: &mut Invalid, cols: &[(&str, f64)], i: usize) -> Option<u32> {
        if self.text(i).trim().is_empty() { None } else { Some(self.uint(e, cols, i, None)) }
    }

    /// 是/否 (also true/false, 1/0, Y/N, √); empty means 否.
    pub(super) fn boolean(&self, e: &mut Invalid, cols: &[(&str, f64)], i: usize) -> bool {
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
    pub(super) fn coded<T>(
        &self,
        e: &mut Invalid,
        cols: &[(&str, f64)],
        i: usize,
        parse: fn(&str, &str) -> Result<T, Invalid>,
    ) -> Option<T> {
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
    pub(super) fn coded_list<T>(&self, e: &mut Invalid, i: usize, parse: fn(&str, &str) -> Result<T, Invalid>) -> Vec<T> {
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
pub(super) fn header_key(h: &str) -> &str {
    h.split(['（', '(']).next().unwrap_or(h).trim()
}

/// Reads one sheet: finds each expected column by its header, then gives the non-empty data rows.
pub(super) fn read_sheet(wb: &mut Xlsx<Cursor<&[u8]>>, sheet: &'static str, cols: &[(&str, f64)], e: &mut Invalid) -> Option<Vec<Row>> {
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

pub(super) fn item_from_row(r: &Row, e: &mut Invalid) -> Entry {
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
    Entry {
        at: r.at(),
        basic_code: r.text(0).trim().to_owned(),
        department_code: r.text(1).trim().to_owned(),
        content,
        sites: vec![],
        name_mn: None,
    }
}

/// Finds the item a child row belongs to, reporting an unknown or missing code.
pub(super) fn owner(r: &Row, codes: &HashMap<String, usize>, e: &mut Invalid) -> Option<usize> {
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
pub(super) type Ordered<T> = Vec<(u32, u32, T)>;

pub(super) fn ordered<T>(mut v: Ordered<T>) -> Vec<T> {
    v.sort_by_key(|(seq, row, _)| (*seq, *row));
    v.into_iter().map(|(_, _, x)| x).collect()
}

pub(super) fn parse_xlsx(bytes: &[u8]) -> Result<(Vec<Entry>, Invalid), Invalid> {
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
