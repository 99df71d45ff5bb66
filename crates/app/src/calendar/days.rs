//! The working-day calendar (X2): holidays and make-up working days (调休) as data, shipped for
//! 2024–2026 from the State Council notices and editable by administrators. Every time limit in
//! yichuang is counted on it; the compiled [`Calendar`] is cached and rebuilt after each edit.

use std::sync::Arc;

use chrono::NaiveDate;
use domain::Invalid;
use domain::access::Permission;
use domain::calendar::{Calendar, CalendarEntry, DayKind, shipped};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::support::audit::record;
use crate::{Actor, App, AppError, Result};

/// Longest span the arithmetic routes accept, in working days (about 40 years).
pub const MAX_DAYS: u32 = 10_000;

fn entry_of(r: store::calendar::CalendarDayRow) -> Option<CalendarEntry> {
    Some(CalendarEntry::new(r.day, DayKind::parse("kind", &r.kind).ok()?, r.name))
}

/// The compiled calendar, loading it (and, on a fresh database, the shipped schedules) on first use.
pub async fn calendar(app: &App) -> Result<Arc<Calendar>> {
    if let Some(c) = app.caches.calendar.read().await.as_ref() {
        return Ok(c.clone());
    }
    let mut tx = app.read().await?;
    let mut rows = store::calendar::list_days(&mut tx).await?;
    drop(tx);
    if rows.is_empty() {
        seed(app).await?;
        let mut tx = app.read().await?;
        rows = store::calendar::list_days(&mut tx).await?;
    }
    let entries: Vec<CalendarEntry> = rows.into_iter().filter_map(entry_of).collect();
    let cal = Arc::new(Calendar::with_law(&entries));
    *app.caches.calendar.write().await = Some(cal.clone());
    Ok(cal)
}

/// The calendar as `tx` sees it (not the cache): for work that must follow an edit at once.
pub(crate) async fn calendar_in(tx: &mut store::Tx) -> Result<Calendar> {
    let rows = store::calendar::list_days(tx).await?;
    let entries: Vec<CalendarEntry> = rows.into_iter().filter_map(entry_of).collect();
    Ok(Calendar::with_law(&entries))
}

/// Loads the shipped 2024–2026 schedules into an empty calendar table.
async fn seed(app: &App) -> Result<()> {
    let mut tx = app.write().await?;
    if store::calendar::count_days(&mut tx).await? > 0 {
        return Ok(());
    }
    let now = app.clock.now();
    let entries = shipped();
    for e in &entries {
        store::calendar::upsert_day(&mut tx, e.date, e.kind.code(), &e.name, now).await?;
    }
    let sys = Actor::system("calendar");
    record::<(), _>(app, &mut tx, &sys, "seed", "calendar", "2024-2026", "/", None, Some(&serde_json::json!({"entries": entries.len()})))
        .await?;
    tx.commit().await?;
    Ok(())
}

/// A date counted on the calendar, and whether the count crossed a year whose schedule is not
/// entered yet (counted on the statutory holidays alone: provisional, 暂定).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, ToSchema)]
pub struct Counted<T> {
    pub value: T,
    pub provisional: bool,
}

/// The date `days` working days after `from` (`from` itself not counted).
pub async fn add_working_days(app: &App, from: NaiveDate, days: u32) -> Result<Counted<NaiveDate>> {
    if days > MAX_DAYS {
        return Err(Invalid::one("days", format!("工作日数不能超过 {MAX_DAYS}")).into());
    }
    let cal = calendar(app).await?;
    let to = cal.checked_add_working_days(from, days).ok_or_else(|| AppError::from(Invalid::one("from", "日期超出可计算的范围")))?;
    Ok(Counted { value: to, provisional: cal.provisional_between(from, to) })
}

/// The year whose holiday schedule `actor` should enter now, if they keep the calendar: this year
/// when it has none, or, from 1 November, next year when it has none (its deadlines are
/// provisional until then).
pub async fn schedule_missing(app: &App, actor: &Actor) -> Result<Option<i32>> {
    if !actor.has(Permission::ManageCalendar) {
        return Ok(None);
    }
    let today = app.clock.today();
    let cal = calendar(app).await?;
    let year = chrono::Datelike::year(&today);
    Ok(if cal.is_provisional(year) {
        Some(year)
    } else if chrono::Datelike::month(&today) >= 11 && cal.is_provisional(year + 1) {
        Some(year + 1)
    } else {
        None
    })
}

/// Whether `year` is counted on the statutory holidays alone (its schedule not entered yet).
pub async fn is_provisional(app: &App, year: i32) -> Result<bool> {
    Ok(calendar(app).await?.is_provisional(year))
}

/// Working days in `(from, to]`.
pub async fn count_working_days(app: &App, from: NaiveDate, to: NaiveDate) -> Result<Counted<u32>> {
    if to < from {
        return Err(Invalid::one("to", "结束日期不能早于开始日期").into());
    }
    let cal = calendar(app).await?;
    Ok(Counted { value: cal.count_working_days(from, to), provisional: cal.provisional_between(from, to) })
}

/// One dated exception to the weekday rule as the API shows it (the mirror of
/// [`CalendarEntry`], which has no schema: the domain crate does not know utoipa).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct CalendarDayView {
    pub date: NaiveDate,
    /// `holiday` (法定节假日) or `workday` (调休上班).
    #[schema(value_type = String)]
    pub kind: DayKind,
    /// The holiday this day belongs to (a make-up day names the holiday it pays for), e.g. 春节.
    pub name: String,
}

impl From<&CalendarEntry> for CalendarDayView {
    fn from(e: &CalendarEntry) -> Self {
        let CalendarEntry { date, kind, name } = e;
        CalendarDayView { date: *date, kind: *kind, name: name.clone() }
    }
}

/// The entries of one year.
pub async fn list_year(app: &App, year: i32) -> Result<Vec<CalendarDayView>> {
    Ok(calendar(app).await?.entries_in_year(year).map(CalendarDayView::from).collect())
}

/// One calendar entry as entered.
#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct DayInput {
    /// `YYYY-MM-DD`.
    #[serde(default)]
    pub date: String,
    /// `holiday` (法定节假日) or `workday` (调休上班).
    #[serde(default)]
    pub kind: String,
    /// The holiday's name, e.g. 春节.
    #[serde(default)]
    pub name: String,
}

fn parse_day(i: &DayInput) -> Result<CalendarEntry, Invalid> {
    let mut e = Invalid::default();
    let date = NaiveDate::parse_from_str(i.date.trim(), "%Y-%m-%d")
        .map_err(|_| e.push("date", format!("日期“{}”格式不对，应为 2026-10-01", i.date.trim())))
        .ok();
    let kind = DayKind::parse("kind", &i.kind).map_err(|x| e.fields.extend(x.fields)).ok();
    e.into_result()?;
    let entry = CalendarEntry::new(date.expect("parsed above"), kind.expect("parsed above"), i.name.trim());
    entry.validate()?;
    Ok(entry)
}

async fn apply(app: &App, actor: &Actor, entries: &[CalendarEntry], action: &str) -> Result<()> {
    actor.require_role(Permission::ManageCalendar, "修改工作日历")?;
    calendar(app).await?;
    let mut tx = app.write().await?;
    let now = app.clock.now();
    for e in entries {
        let before = store::calendar::find_day(&mut tx, e.date).await?;
        store::calendar::upsert_day(&mut tx, e.date, e.kind.code(), &e.name, now).await?;
        record(app, &mut tx, actor, action, "calendar", e.date, "/", before.as_ref(), Some(e)).await?;
    }
    if let Some(first) = entries.iter().map(|e| e.date).min() {
        store::cases::insert_recompute(&mut tx, first, now).await?;
    }
    tx.commit().await?;
    // The job committed with the edit; the supervision sweep recomputes the running cases.
    *app.caches.calendar.write().await = None;
    Ok(())
}

/// Sets one date as a holiday or a make-up working day.
pub async fn set_day(app: &App, actor: &Actor, input: &DayInput) -> Result<CalendarEntry> {
    let e = parse_day(input)?;
    apply(app, actor, std::slice::from_ref(&e), "set").await?;
    Ok(e)
}

/// Imports many entries at once: all or nothing; every bad entry is reported with its position.
pub async fn import(app: &App, actor: &Actor, inputs: &[DayInput]) -> Result<usize> {
    let mut errs = Invalid::default();
    let mut entries = Vec::with_capacity(inputs.len());
    for (i, input) in inputs.iter().enumerate() {
        match parse_day(input) {
            Ok(e) => entries.push(e),
            Err(x) => {
                for f in x.fields {
                    errs.push(&format!("entries[{i}].{}", f.field), format!("第 {} 条：{}", i + 1, f.message));
                }
            }
        }
    }
    if inputs.is_empty() {
        errs.push("entries", "没有要导入的日期");
    }
    errs.into_result()?;
    apply(app, actor, &entries, "import").await?;
    Ok(entries.len())
}

/// Removes the entry of a date, making it an ordinary day again.
pub async fn delete_day(app: &App, actor: &Actor, date: NaiveDate) -> Result<()> {
    actor.require_role(Permission::ManageCalendar, "修改工作日历")?;
    calendar(app).await?;
    let mut tx = app.write().await?;
    let before = store::calendar::find_day(&mut tx, date).await?.ok_or(AppError::NotFound("该日期的日历条目"))?;
    store::calendar::delete_day(&mut tx, date).await?;
    record::<_, ()>(app, &mut tx, actor, "delete", "calendar", date, "/", Some(&before), None).await?;
    store::cases::insert_recompute(&mut tx, date, app.clock.now()).await?;
    tx.commit().await?;
    // The job committed with the edit; the supervision sweep recomputes the running cases.
    *app.caches.calendar.write().await = None;
    Ok(())
}
