//! The dashboard as an Excel workbook, and the scopes an actor may choose.

use domain::access::Permission;
use rust_xlsxwriter::{Format, FormatAlign, Workbook, XlsxError};
use serde::Serialize;

use super::compute::*;
use super::model::*;
use super::ranking::*;
use crate::{Actor, App, AppError, Result};

/// The sheets of the figures workbook, in order.
pub const SHEETS: [&str; 4] = ["目标与总体", "分组明细", "趋势", "窗口排名"];

pub(super) fn write_cell(ws: &mut rust_xlsxwriter::Worksheet, row: u32, col: u16, c: &Cell) -> Result<(), XlsxError> {
    match c {
        Cell::Count(n) => ws.write_number(row, col, *n as f64).map(|_| ()),
        Cell::Percent(Some(p), _) | Cell::Minutes(Some(p)) => ws.write_number(row, col, *p).map(|_| ()),
        _ => ws.write_string(row, col, "—").map(|_| ()),
    }
}

pub(super) fn workbook(d: &Dashboard, r: &Ranking) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    let bold = Format::new().set_bold().set_align(FormatAlign::Center);
    let header = |ws: &mut rust_xlsxwriter::Worksheet, cols: &[&str]| -> Result<(), XlsxError> {
        for (i, c) in cols.iter().enumerate() {
            let col = u16::try_from(i).unwrap_or(u16::MAX);
            ws.write_string_with_format(0, col, *c, &bold)?;
            ws.set_column_width(col, if i == 0 { 30.0 } else { 13.0 })?;
        }
        ws.set_freeze_panes(1, 1)?;
        Ok(())
    };
    let row_of = |i: usize| u32::try_from(i).unwrap_or(u32::MAX);
    {
        let ws = wb.add_worksheet();
        ws.set_name(SHEETS[0])?;
        header(ws, &["指标", "数值", "目标", "是否达标", "依据"])?;
        ws.write_string(1, 0, "统计区间")?;
        ws.write_string(1, 1, format!("{} 至 {}（{}）", d.from, d.to, d.scope.label))?;
        let mut row = 2;
        for t in &d.targets {
            ws.write_string(row, 0, t.label)?;
            match t.value {
                Some(v) => ws.write_number(row, 1, v)?,
                None => ws.write_string(row, 1, "—")?,
            };
            ws.write_string(row, 2, format!("≥ {}%", t.target))?;
            ws.write_string(
                row,
                3,
                match t.met {
                    Some(true) => "达标",
                    Some(false) => "未达标",
                    None => "无数据",
                },
            )?;
            ws.write_string(row, 4, t.source)?;
            row += 1;
        }
        for (label, c) in COLUMNS.iter().zip(cells(&d.total)) {
            ws.write_string(row, 0, *label)?;
            write_cell(ws, row, 1, &c)?;
            row += 1;
        }
    }
    {
        let ws = wb.add_worksheet();
        ws.set_name(SHEETS[1])?;
        let mut cols = vec![d.by.label()];
        cols.extend(COLUMNS);
        header(ws, &cols)?;
        for (i, g) in d.groups.iter().enumerate() {
            ws.write_string(row_of(i + 1), 0, &g.name)?;
            for (j, c) in cells(&g.figures).iter().enumerate() {
                write_cell(ws, row_of(i + 1), u16::try_from(j + 1).unwrap_or(u16::MAX), c)?;
            }
        }
    }
    {
        let ws = wb.add_worksheet();
        ws.set_name(SHEETS[2])?;
        header(ws, &["时段", "办结量", "按时办结率", "评价数", "好评率", "取号量", "平均等候(分)"])?;
        for (i, p) in d.trend.iter().enumerate() {
            let row = row_of(i + 1);
            ws.write_string(row, 0, &p.period)?;
            write_cell(ws, row, 1, &Cell::Count(p.decided))?;
            write_cell(ws, row, 2, &Cell::Percent(p.on_time_rate, None))?;
            write_cell(ws, row, 3, &Cell::Count(p.ratings))?;
            write_cell(ws, row, 4, &Cell::Percent(p.good_rate, None))?;
            write_cell(ws, row, 5, &Cell::Count(p.tickets))?;
            write_cell(ws, row, 6, &minutes(p.avg_wait_s))?;
        }
    }
    {
        let ws = wb.add_worksheet();
        ws.set_name(SHEETS[3])?;
        header(ws, &["窗口", "名次", "评价数", "好评率", "差评数", "办结取号", "排名后10%", "连续两月靠后（约谈）"])?;
        for (i, w) in r.windows.iter().enumerate() {
            let row = row_of(i + 1);
            ws.write_string(row, 0, &w.name)?;
            ws.write_number(row, 1, w.rank as f64)?;
            ws.write_number(row, 2, w.ratings as f64)?;
            write_cell(ws, row, 3, &Cell::Percent(w.good_rate.percent, None))?;
            ws.write_number(row, 4, w.bad as f64)?;
            ws.write_number(row, 5, w.served as f64)?;
            ws.write_string(row, 6, if w.bottom { "是" } else { "" })?;
            ws.write_string(row, 7, if w.talk { "约谈" } else { "" })?;
        }
    }
    wb.save_to_buffer()
}

/// The dashboard and the ranking of the month `to` falls in, as one workbook ([`SHEETS`]).
pub async fn export_xlsx(app: &App, actor: &Actor, ask: &Ask<'_>) -> Result<Vec<u8>> {
    let d = dashboard(app, actor, ask).await?;
    let month = d.to.format("%Y-%m").to_string();
    let r = ranking(app, actor, ask.scope, Some(&month)).await?;
    workbook(&d, &r).map_err(|e| AppError::internal("cannot write the figures workbook", e))
}

/// A choice of the scope filter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ScopeOption {
    pub code: String,
    pub label: String,
}

/// The scopes the actor may choose: everything, then org units (banner and towns), sites and
/// departments, each within the actor's subtrees.
pub async fn scope_options(app: &App, actor: &Actor) -> Result<Vec<ScopeOption>> {
    actor.require_role(Permission::ViewSupervision, "查看数据看板")?;
    let names = store::figures::names(&mut app.read().await?).await?;
    let scope = actor.scope(Permission::ViewSupervision);
    let mut out = vec![ScopeOption { code: "all".into(), label: "全部".into() }];
    for (id, (name, level, path)) in &names.org_units {
        if level != "village" && in_scope(&scope, path) {
            out.push(ScopeOption { code: format!("org:{id}"), label: format!("组织：{name}") });
        }
    }
    for (id, (name, org)) in &names.sites {
        if names.org_units.get(org).is_some_and(|o| in_scope(&scope, &o.2)) {
            out.push(ScopeOption { code: format!("site:{id}"), label: format!("场所：{name}") });
        }
    }
    for (id, name) in &names.departments {
        out.push(ScopeOption { code: format!("department:{id}"), label: format!("部门：{name}") });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("test date")
    }

    #[test]
    fn a_long_span_reads_whole_months_and_the_days_around_them() {
        assert_eq!(
            spans(d("2025-11-27"), d("2026-11-26"), true),
            vec![
                (d("2025-11-27"), d("2025-11-30"), false),
                (d("2025-12-01"), d("2026-10-01"), true),
                (d("2026-11-01"), d("2026-11-26"), false)
            ]
        );
        assert_eq!(spans(d("2026-01-01"), d("2026-03-31"), true), vec![(d("2026-01-01"), d("2026-03-01"), true)]);
        assert_eq!(spans(d("2026-01-05"), d("2026-02-20"), true), vec![(d("2026-01-05"), d("2026-02-20"), false)]);
        assert_eq!(spans(d("2026-01-01"), d("2026-03-31"), false), vec![(d("2026-01-01"), d("2026-03-31"), false)]);
        assert!(spans(d("2026-01-02"), d("2026-01-01"), true).is_empty());
        assert_eq!(month_end(d("2026-02-10")), d("2026-02-28"));
        assert_eq!(month_end(d("2026-12-10")), d("2026-12-31"));
    }
}
