//! One dated exception to the weekday rule, and the years the calendar's table spans.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::Invalid;
use crate::org::coded_enum;

/// First year of the default precomputed table (also the earliest year `CalendarEntry::validate` accepts).
pub const TABLE_FIRST_YEAR: i32 = 2000;
/// Last year of the default precomputed table (also the latest year `CalendarEntry::validate` accepts).
pub const TABLE_LAST_YEAR: i32 = 2099;

coded_enum!(
    /// What a calendar entry makes of its date: a day off or a make-up working day (调休).
    DayKind, "日期类型" {
        Holiday = "holiday", "法定节假日";
        Workday = "workday", "调休上班";
    }
);

/// One dated exception to the weekday rule, e.g. 2025-01-26 调休上班 “春节”.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct CalendarEntry {
    pub date: NaiveDate,
    pub kind: DayKind,
    /// The holiday this day belongs to (a make-up day names the holiday it pays for), e.g. “春节”.
    pub name: String,
}

impl CalendarEntry {
    /// An entry for `date`.
    pub fn new(date: NaiveDate, kind: DayKind, name: impl Into<String>) -> Self {
        Self { date, kind, name: name.into() }
    }

    /// Checks an entry entered by an administrator: a name of 1–20 chars, a year in the table's range.
    pub fn validate(&self) -> Result<(), Invalid> {
        let mut inv = Invalid::default();
        let name = self.name.trim();
        if name.is_empty() {
            inv.push("name", "请填写节日名称");
        } else if name.chars().count() > 20 {
            inv.push("name", "节日名称不能超过20个字");
        }
        if !(TABLE_FIRST_YEAR..=TABLE_LAST_YEAR).contains(&self.date.year()) {
            inv.push("date", format!("日期应在{TABLE_FIRST_YEAR}年至{TABLE_LAST_YEAR}年之间"));
        }
        inv.into_result()
    }
}
