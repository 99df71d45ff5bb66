//! Queue figures (R13, issue 4 item 7): for a hall and a period of business days, how long
//! people waited and were served, how many tickets were issued, served and lost to no-shows, by
//! channel and by hour of day, overall and per category, window and staff member.
//!
//! Definitions (kept in one place so the page, the API and the Excel file agree):
//! - **waiting time** = first call − issue, over tickets that were called at least once;
//! - **service time** = finish − first call, over tickets that ended 已办结;
//! - **no-show rate** = tickets marked 过号 ÷ tickets called, as a percentage;
//! - averages are rounded to the second; p90 is the nearest-rank percentile
//!   ([`domain::queue::percentile`]);
//! - hours are China time ([`crate::cst`]); a ticket counts for the window and the staff member
//!   who held it last (a transferred ticket counts where it ended).
//!
//! Staff appear by name only, never by phone.

use std::collections::BTreeMap;

use chrono::{NaiveDate, Timelike};
use domain::Invalid;
use domain::access::Permission;
use domain::queue::{Channel, TicketStatus, percentile};
use rust_xlsxwriter::{Format, FormatAlign, Workbook, Worksheet, XlsxError};
use serde::Serialize;
use store::queue::FigureRow;
use utoipa::ToSchema;

use crate::{Actor, App, AppError, Result, cst};

/// The longest period one request may cover, days (inclusive of both ends).
pub const MAX_DAYS: i64 = 366;

/// Count, average and 90th percentile of a set of durations, seconds.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, ToSchema)]
pub struct Durations {
    pub count: i64,
    pub avg_s: Option<i64>,
    pub p90_s: Option<i64>,
}

impl Durations {
    pub(super) fn of(mut v: Vec<i64>) -> Durations {
        let count = v.len() as i64;
        let avg_s = (count > 0).then(|| (v.iter().sum::<i64>() as f64 / count as f64).round() as i64);
        Durations { count, avg_s, p90_s: percentile(&mut v, 90) }
    }
}

/// Tickets of one channel.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct ChannelCount {
    pub channel: String,
    pub label: String,
    pub tickets: i64,
}

/// The figures of one set of tickets.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct Stats {
    /// Tickets issued.
    pub issued: i64,
    /// Tickets called at least once.
    pub called: i64,
    /// Tickets that ended 已办结.
    pub served: i64,
    /// Tickets that ended 过号.
    pub no_shows: i64,
    /// No-shows ÷ tickets called, percent with one decimal; absent when none was called.
    pub no_show_pct: Option<f64>,
    /// First call − issue.
    pub waiting: Durations,
    /// Finish − first call, of served tickets.
    pub service: Durations,
    /// Tickets per channel, in the channels' order (zeros included).
    pub by_channel: Vec<ChannelCount>,
    /// Tickets issued in each hour of the day (China time), index 0–23.
    pub by_hour: Vec<i64>,
}

/// The figures of one category, window or staff member.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
#[schema(as = QueueFiguresGroup)]
pub struct Group {
    pub id: i64,
    pub name: String,
    #[serde(flatten)]
    pub stats: Stats,
}

/// A hall's queue figures over a period.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct QueueFigures {
    pub site_id: i64,
    pub site_name: String,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub days: i64,
    pub total: Stats,
    /// Every category of the hall, in display order.
    pub categories: Vec<Group>,
    /// Windows that held at least one ticket, by number.
    pub windows: Vec<Group>,
    /// Staff members who held at least one ticket.
    pub staff: Vec<Group>,
}

fn parse_day(field: &str, label: &str, s: Option<&str>) -> Result<Option<NaiveDate>, Invalid> {
    match s.map(str::trim) {
        None | Some("") => Ok(None),
        Some(s) => NaiveDate::parse_from_str(s, "%Y-%m-%d")
            .map(Some)
            .map_err(|_| Invalid::one(field, format!("{label}应为 YYYY-MM-DD 格式的日期，如 2026-03-02（收到“{s}”）"))),
    }
}

/// The period of `?from=&to=`: today when both are blank, one day when only one is given.
/// Refuses malformed dates, an end before the start, and periods over [`MAX_DAYS`].
pub fn period(from: Option<&str>, to: Option<&str>, today: NaiveDate) -> Result<(NaiveDate, NaiveDate)> {
    let mut e = Invalid::default();
    let f = parse_day("from", "开始日期", from).map_err(|x| e.fields.extend(x.fields)).ok().flatten();
    let t = parse_day("to", "结束日期", to).map_err(|x| e.fields.extend(x.fields)).ok().flatten();
    e.into_result()?;
    let (f, t) = match (f, t) {
        (None, None) => (today, today),
        (Some(f), None) => (f, f),
        (None, Some(t)) => (t, t),
        (Some(f), Some(t)) => (f, t),
    };
    if t < f {
        return Err(Invalid::one("to", "结束日期不能早于开始日期").into());
    }
    let days = (t - f).num_days() + 1;
    if days > MAX_DAYS {
        return Err(Invalid::one("to", format!("统计区间最长 {MAX_DAYS} 天（现为 {days} 天），请缩短区间")).into());
    }
    Ok((f, t))
}

fn stats(rows: &[&FigureRow]) -> Stats {
    let done = TicketStatus::Done.code();
    let no_show = TicketStatus::NoShow.code();
    let mut waits = Vec::new();
    let mut services = Vec::new();
    let mut by_hour = vec![0i64; 24];
    let (mut called, mut served, mut no_shows) = (0, 0, 0);
    for r in rows {
        by_hour[r.issued_at.with_timezone(&cst()).hour() as usize] += 1;
        if let Some(fc) = r.first_called_at {
            called += 1;
            waits.push((fc - r.issued_at).num_seconds().max(0));
            if r.status == done
                && let Some(fin) = r.finished_at
            {
                services.push((fin - fc).num_seconds().max(0));
            }
        }
        if r.status == done {
            served += 1;
        } else if r.status == no_show {
            no_shows += 1;
        }
    }
    let by_channel = Channel::ALL
        .iter()
        .map(|c| ChannelCount {
            channel: c.code().to_owned(),
            label: c.label().to_owned(),
            tickets: rows.iter().filter(|r| r.channel == c.code()).count() as i64,
        })
        .collect();
    Stats {
        issued: rows.len() as i64,
        called,
        served,
        no_shows,
        no_show_pct: (called > 0).then(|| (no_shows as f64 * 1000.0 / called as f64).round() / 10.0),
        waiting: Durations::of(waits),
        service: Durations::of(services),
        by_channel,
        by_hour,
    }
}

/// Groups rows by a key, keeping the keys' first-seen order irrelevant (sorted by key).
fn group_by(rows: &[FigureRow], key: impl Fn(&FigureRow) -> Option<i64>) -> BTreeMap<i64, Vec<&FigureRow>> {
    let mut m: BTreeMap<i64, Vec<&FigureRow>> = BTreeMap::new();
    for r in rows {
        if let Some(k) = key(r) {
            m.entry(k).or_default().push(r);
        }
    }
    m
}

/// A hall's figures over `from..=to` (business days). Needs [`Permission::ViewQueueFigures`] at the hall.
pub async fn figures(app: &App, actor: &Actor, site_id: i64, from: NaiveDate, to: NaiveDate) -> Result<QueueFigures> {
    let mut tx = app.read().await?;
    let site = store::org::get_site(&mut tx, site_id).await?;
    actor.require(Permission::ViewQueueFigures, &site.org_path, None, "查看该场所的排队统计")?;
    let rows = store::queue::figure_rows(&mut tx, site_id, from, to).await?;
    let cats = store::queue::list_categories(&mut tx, site_id).await?;
    let windows = store::org::list_site_windows(&mut tx, site_id).await?;
    let by_cat = group_by(&rows, |r| Some(r.category_id));
    let categories = cats
        .iter()
        .map(|c| Group {
            id: c.id,
            name: format!("{} {}", c.prefix, c.name),
            stats: stats(by_cat.get(&c.id).map_or(&[][..], Vec::as_slice)),
        })
        .collect();
    let by_window = group_by(&rows, |r| r.window_id);
    let mut window_groups: Vec<(String, Group)> = by_window
        .iter()
        .map(|(id, rs)| {
            let w = windows.iter().find(|w| w.id == *id);
            let number = w.map_or_else(|| id.to_string(), |w| w.number.clone());
            let name = w.map_or_else(|| format!("{number} 号窗口"), |w| format!("{} 号窗口（{}）", w.number, w.name));
            (format!("{:>8}", number), Group { id: *id, name, stats: stats(rs) })
        })
        .collect();
    window_groups.sort_by(|a, b| a.0.cmp(&b.0));
    let by_staff = group_by(&rows, |r| r.staff_id);
    let mut staff = Vec::with_capacity(by_staff.len());
    for (id, rs) in &by_staff {
        let name = store::org::find_staff(&mut tx, *id).await?.map_or_else(|| format!("工作人员 {id}"), |s| s.name);
        staff.push(Group { id: *id, name, stats: stats(rs) });
    }
    let all: Vec<&FigureRow> = rows.iter().collect();
    Ok(QueueFigures {
        site_id,
        site_name: site.name,
        from,
        to,
        days: (to - from).num_days() + 1,
        total: stats(&all),
        categories,
        windows: window_groups.into_iter().map(|(_, g)| g).collect(),
        staff,
    })
}

/// [`figures`] for the raw `?from=&to=` of a request (see [`period`]).
pub async fn figures_for(app: &App, actor: &Actor, site_id: i64, from: Option<&str>, to: Option<&str>) -> Result<QueueFigures> {
    let (f, t) = period(from, to, app.clock.today())?;
    figures(app, actor, site_id, f, t).await
}

/// The halls whose figures the actor may read.
pub async fn figure_sites(app: &App, actor: &Actor) -> Result<Vec<store::org::SiteRow>> {
    let mut tx = app.read().await?;
    Ok(store::org::list_sites(&mut tx, &actor.scope(Permission::ViewQueueFigures)).await?)
}

// ---------------------------------------------------------------- Excel

/// Seconds as minutes with one decimal.
pub fn minutes(s: Option<i64>) -> Option<f64> {
    s.map(|s| (s as f64 / 6.0).round() / 10.0)
}

const GROUP_COLS: &[(&str, f64)] = &[
    ("名称", 26.0),
    ("取号数", 9.0),
    ("已叫号", 9.0),
    ("办结数", 9.0),
    ("过号数", 9.0),
    ("过号率(%)", 10.0),
    ("平均等候(分钟)", 14.0),
    ("P90等候(分钟)", 14.0),
    ("平均办理(分钟)", 14.0),
    ("P90办理(分钟)", 14.0),
];

fn write_opt(ws: &mut Worksheet, row: u32, col: u16, v: Option<f64>) -> Result<(), XlsxError> {
    if let Some(v) = v {
        ws.write_number(row, col, v)?;
    }
    Ok(())
}

fn header(ws: &mut Worksheet, cols: &[(String, f64)], bold: &Format) -> Result<(), XlsxError> {
    for (i, (title, width)) in cols.iter().enumerate() {
        ws.write_string_with_format(0, i as u16, title, bold)?;
        ws.set_column_width(i as u16, *width)?;
    }
    ws.set_freeze_panes(1, 0)?;
    Ok(())
}

fn group_sheet(wb: &mut Workbook, name: &str, groups: &[Group], bold: &Format) -> Result<(), XlsxError> {
    let ws = wb.add_worksheet();
    ws.set_name(name)?;
    let mut cols: Vec<(String, f64)> = GROUP_COLS.iter().map(|(t, w)| ((*t).to_owned(), *w)).collect();
    cols.extend(Channel::ALL.iter().map(|c| (c.label().to_owned(), 10.0)));
    header(ws, &cols, bold)?;
    for (i, g) in groups.iter().enumerate() {
        let row = i as u32 + 1;
        let s = &g.stats;
        ws.write_string(row, 0, &g.name)?;
        for (col, n) in [(1, s.issued), (2, s.called), (3, s.served), (4, s.no_shows)] {
            ws.write_number(row, col, n as f64)?;
        }
        write_opt(ws, row, 5, s.no_show_pct)?;
        write_opt(ws, row, 6, minutes(s.waiting.avg_s))?;
        write_opt(ws, row, 7, minutes(s.waiting.p90_s))?;
        write_opt(ws, row, 8, minutes(s.service.avg_s))?;
        write_opt(ws, row, 9, minutes(s.service.p90_s))?;
        for (j, c) in s.by_channel.iter().enumerate() {
            ws.write_number(row, 10 + j as u16, c.tickets as f64)?;
        }
    }
    Ok(())
}

/// The names of the workbook's sheets, in order.
pub const SHEETS: &[&str] = &["概况", "按类别", "按窗口", "按人员", "按时段"];

fn write_workbook(f: &QueueFigures) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    let bold = Format::new().set_bold().set_align(FormatAlign::Center);
    {
        let ws = wb.add_worksheet();
        ws.set_name(SHEETS[0])?;
        header(ws, &[("项目".to_owned(), 22.0), ("数值".to_owned(), 40.0)], &bold)?;
        let t = &f.total;
        let mut lines: Vec<(String, Option<f64>, Option<String>)> = vec![
            ("场所".into(), None, Some(f.site_name.clone())),
            ("统计区间".into(), None, Some(format!("{} 至 {}（{} 天）", f.from, f.to, f.days))),
            ("取号数".into(), Some(t.issued as f64), None),
            ("已叫号".into(), Some(t.called as f64), None),
            ("办结数".into(), Some(t.served as f64), None),
            ("过号数".into(), Some(t.no_shows as f64), None),
            ("过号率(%)".into(), t.no_show_pct, None),
            ("平均等候(分钟)".into(), minutes(t.waiting.avg_s), None),
            ("P90等候(分钟)".into(), minutes(t.waiting.p90_s), None),
            ("平均办理(分钟)".into(), minutes(t.service.avg_s), None),
            ("P90办理(分钟)".into(), minutes(t.service.p90_s), None),
        ];
        for c in &t.by_channel {
            lines.push((format!("渠道：{}", c.label), Some(c.tickets as f64), None));
        }
        for (i, (label, n, text)) in lines.into_iter().enumerate() {
            let row = i as u32 + 1;
            ws.write_string(row, 0, label)?;
            match (n, text) {
                (_, Some(s)) => {
                    ws.write_string(row, 1, s)?;
                }
                (Some(n), None) => {
                    ws.write_number(row, 1, n)?;
                }
                (None, None) => {}
            }
        }
    }
    group_sheet(&mut wb, SHEETS[1], &f.categories, &bold)?;
    group_sheet(&mut wb, SHEETS[2], &f.windows, &bold)?;
    group_sheet(&mut wb, SHEETS[3], &f.staff, &bold)?;
    {
        let ws = wb.add_worksheet();
        ws.set_name(SHEETS[4])?;
        let mut cols = vec![("时段".to_owned(), 14.0), ("合计".to_owned(), 9.0)];
        cols.extend(f.categories.iter().map(|c| (c.name.clone(), 12.0)));
        header(ws, &cols, &bold)?;
        for h in 0..24usize {
            let row = h as u32 + 1;
            ws.write_string(row, 0, format!("{h:02}:00–{:02}:00", h + 1))?;
            ws.write_number(row, 1, f.total.by_hour[h] as f64)?;
            for (j, c) in f.categories.iter().enumerate() {
                ws.write_number(row, 2 + j as u16, c.stats.by_hour[h] as f64)?;
            }
        }
    }
    wb.save_to_buffer()
}

/// The figures as an Excel workbook (sheets [`SHEETS`], Chinese headers, times in minutes).
pub async fn export_xlsx(app: &App, actor: &Actor, site_id: i64, from: Option<&str>, to: Option<&str>) -> Result<Vec<u8>> {
    let f = figures_for(app, actor, site_id, from, to).await?;
    write_workbook(&f).map_err(|e| AppError::internal("cannot write the queue figures workbook", e))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn periods_default_to_today_and_refuse_bad_input() {
        let today = d("2026-03-02");
        assert_eq!(period(None, None, today).unwrap(), (today, today));
        assert_eq!(period(Some("2026-03-01"), Some(""), today).unwrap(), (d("2026-03-01"), d("2026-03-01")));
        assert_eq!(period(Some("2025-03-02"), Some("2026-03-02"), today).unwrap(), (d("2025-03-02"), d("2026-03-02")));
        let e = period(Some("2026/03/01"), None, today).unwrap_err();
        assert!(matches!(&e, AppError::Invalid(i) if i.message_for("from").is_some_and(|m| m.contains("YYYY-MM-DD"))), "{e:?}");
        let e = period(Some("2026-03-05"), Some("2026-03-01"), today).unwrap_err();
        assert!(matches!(&e, AppError::Invalid(i) if i.message_for("to").is_some()), "{e:?}");
        let e = period(Some("2025-01-01"), Some("2026-03-01"), today).unwrap_err();
        assert!(e.to_string().contains("366"), "{e}");
    }

    #[test]
    fn minutes_have_one_decimal() {
        assert_eq!(minutes(Some(90)), Some(1.5));
        assert_eq!(minutes(Some(100)), Some(1.7));
        assert_eq!(minutes(None), None);
    }
}
