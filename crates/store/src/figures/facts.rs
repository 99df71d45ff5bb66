//! Day-level facts of cases and tickets, counted from the base tables.

use std::collections::BTreeMap;

use chrono::{FixedOffset, NaiveDate};
use domain::figures::Histogram;
use serde::Serialize;

use crate::{Result, Timestamp, Tx, sql};

/// The key of a `case_days` row; 0 stands for "none".
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, sqlx::FromRow, Serialize)]
pub struct CaseKey {
    pub day: NaiveDate,
    pub org_unit_id: i64,
    pub site_id: i64,
    pub department_id: i64,
    pub window_id: i64,
    pub user_id: i64,
}

/// The counts of a `case_days` row.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, sqlx::FromRow, Serialize)]
pub struct CaseCounts {
    /// Cases accepted (受理).
    pub accepted: i64,
    /// Cases decided (办结: approved, denied or settled on the spot).
    pub decided: i64,
    /// Decided within the promised limit (or with no limit running).
    pub on_time: i64,
    /// Decided after the promised limit.
    pub late: i64,
    /// Decided after the statutory limit.
    pub over_statutory: i64,
    /// Cases that reached 已办结 (completed), the base of 主动评价率.
    pub completed: i64,
    pub remind1: i64,
    pub remind2: i64,
    pub remind3: i64,
    pub yellow: i64,
    pub red: i64,
}

impl CaseCounts {
    pub fn plus(&self, o: &CaseCounts) -> CaseCounts {
        CaseCounts {
            accepted: self.accepted + o.accepted,
            decided: self.decided + o.decided,
            on_time: self.on_time + o.on_time,
            late: self.late + o.late,
            over_statutory: self.over_statutory + o.over_statutory,
            completed: self.completed + o.completed,
            remind1: self.remind1 + o.remind1,
            remind2: self.remind2 + o.remind2,
            remind3: self.remind3 + o.remind3,
            yellow: self.yellow + o.yellow,
            red: self.red + o.red,
        }
    }
}

/// The key of a `queue_days` row; 0 stands for "none".
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, sqlx::FromRow, Serialize)]
pub struct QueueKey {
    pub day: NaiveDate,
    pub org_unit_id: i64,
    pub site_id: i64,
    pub window_id: i64,
    pub staff_id: i64,
}

/// The counts of a `queue_days` row.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct QueueCounts {
    pub issued: i64,
    /// Called at least once; each has a wait (first call − issue).
    pub called: i64,
    pub served: i64,
    pub no_shows: i64,
    pub wait_sum_s: i64,
    /// Served tickets with a service time (finish − first call).
    pub service_n: i64,
    pub service_sum_s: i64,
    #[serde(skip)]
    pub wait_hist: Histogram,
    #[serde(skip)]
    pub service_hist: Histogram,
}

impl QueueCounts {
    pub fn merge(&mut self, o: &QueueCounts) {
        self.issued += o.issued;
        self.called += o.called;
        self.served += o.served;
        self.no_shows += o.no_shows;
        self.wait_sum_s += o.wait_sum_s;
        self.service_n += o.service_n;
        self.service_sum_s += o.service_sum_s;
        self.wait_hist.merge(&o.wait_hist);
        self.service_hist.merge(&o.service_hist);
    }
}

// ---------------------------------------------------------------- facts from the base tables

#[derive(sqlx::FromRow)]
pub(super) struct CaseFact {
    pub(super) kind: i64,
    pub(super) level: i64,
    pub(super) org_unit_id: i64,
    pub(super) site_id: i64,
    pub(super) department_id: i64,
    pub(super) window_id: i64,
    pub(super) user_id: i64,
    pub(super) n: i64,
    pub(super) late: i64,
    pub(super) over_statutory: i64,
}

/// The case facts of the business days `from..=to` (a day runs from midnight to midnight at
/// `offset`, China time), grouped into `case_days` rows. Who a fact counts for: the clerk who
/// accepted (acceptances), the one who decided (decisions), the reviewer or else the clerk
/// (completions), the person reminded or carded (reminders, cards). Counted in SQL one day at a
/// time, each kind from its own (covering) index.
pub async fn case_facts(tx: &mut Tx, from: NaiveDate, to: NaiveDate, offset: FixedOffset) -> Result<BTreeMap<CaseKey, CaseCounts>> {
    let k = "k.org_unit_id, k.site_id, k.department_id, coalesce(k.window_id, 0) as window_id";
    let sql = format!(
        "select x.kind, x.level, x.org_unit_id, x.site_id, x.department_id, x.window_id, x.user_id, cast(count(*) as bigint) as n, \
           cast(sum(x.late) as bigint) as late, cast(sum(x.over_statutory) as bigint) as over_statutory from ( \
         select cast(1 as bigint) as kind, cast(0 as bigint) as level, {k}, coalesce(k.accepted_by, 0) as user_id, \
           cast(0 as bigint) as late, cast(0 as bigint) as over_statutory from cases k where k.accepted_on = $1 \
         union all \
         select 2, 0, {k}, coalesce(k.decided_by, 0), \
           case when k.promised_deadline is not null and k.decided_on > k.promised_deadline then 1 else 0 end, \
           case when k.statutory_deadline is not null and k.decided_on > k.statutory_deadline then 1 else 0 end \
           from cases k where k.decided_on = $1 \
         union all \
         select 3, 0, {k}, coalesce(k.reviewer_id, k.accepted_by, k.decided_by, 0), 0, 0 \
           from cases k where k.status = 'completed' and k.updated_at >= $2 and k.updated_at < $3 \
         union all \
         select 4, r.level, {k}, r.user_id, 0, 0 \
           from case_reminders r join cases k on k.id = r.case_id \
           where r.channel = 'in_app' and r.created_at >= $2 and r.created_at < $3 \
         union all \
         select 5, c.level, k.org_unit_id, k.site_id, c.department_id, coalesce(k.window_id, 0), coalesce(c.user_id, 0), 0, 0 \
           from case_cards c join cases k on k.id = c.case_id where c.issued_on = $1) x \
         group by x.kind, x.level, x.org_unit_id, x.site_id, x.department_id, x.window_id, x.user_id"
    );
    let mut out: BTreeMap<CaseKey, CaseCounts> = BTreeMap::new();
    let mut day = from;
    while day <= to {
        let start = |d: NaiveDate| {
            d.and_hms_opt(0, 0, 0).and_then(|m| m.and_local_timezone(offset).single()).map(|t| t.to_utc()).unwrap_or_default()
        };
        let next = day.succ_opt().unwrap_or(day);
        let facts: Vec<CaseFact> = sql::fetch_all(tx, sqlx::AssertSqlSafe(sql.as_str()), &[&day, &start(day), &start(next)]).await?;
        for f in facts {
            let key = CaseKey {
                day,
                org_unit_id: f.org_unit_id,
                site_id: f.site_id,
                department_id: f.department_id,
                window_id: f.window_id,
                user_id: f.user_id,
            };
            let c = out.entry(key).or_default();
            match (f.kind, f.level) {
                (1, _) => c.accepted += f.n,
                (2, _) => {
                    c.decided += f.n;
                    c.late += f.late;
                    c.on_time += f.n - f.late;
                    c.over_statutory += f.over_statutory;
                }
                (3, _) => c.completed += f.n,
                (4, 1) => c.remind1 += f.n,
                (4, 2) => c.remind2 += f.n,
                (4, _) => c.remind3 += f.n,
                (_, 2) => c.yellow += f.n,
                _ => c.red += f.n,
            }
        }
        if next == day {
            break;
        }
        day = next;
    }
    Ok(out)
}

#[derive(sqlx::FromRow)]
pub(super) struct TicketFact {
    pub(super) day: NaiveDate,
    pub(super) org_unit_id: i64,
    pub(super) site_id: i64,
    pub(super) window_id: i64,
    pub(super) staff_id: i64,
    pub(super) status: String,
    pub(super) issued_at: Timestamp,
    pub(super) first_called_at: Option<Timestamp>,
    pub(super) finished_at: Option<Timestamp>,
}

/// The tickets of the business days `from..=to`, grouped into `queue_days` rows with the
/// definitions of the queue figures (`app::queue_figures`): a wait for every ticket called, a
/// service time for every ticket served; a ticket counts where it ended.
pub async fn queue_facts(tx: &mut Tx, from: NaiveDate, to: NaiveDate) -> Result<BTreeMap<QueueKey, QueueCounts>> {
    let facts: Vec<TicketFact> = sql::fetch_all(
        tx,
        "select day, org_unit_id, site_id, coalesce(window_id, 0) as window_id, coalesce(staff_id, 0) as staff_id, status, \
         issued_at, first_called_at, finished_at from tickets where day >= $1 and day <= $2",
        &[&from, &to],
    )
    .await?;
    let mut out: BTreeMap<QueueKey, QueueCounts> = BTreeMap::new();
    for t in facts {
        let key = QueueKey { day: t.day, org_unit_id: t.org_unit_id, site_id: t.site_id, window_id: t.window_id, staff_id: t.staff_id };
        let c = out.entry(key).or_default();
        c.issued += 1;
        if let Some(fc) = t.first_called_at {
            let wait = (fc - t.issued_at).num_seconds().max(0);
            c.called += 1;
            c.wait_sum_s += wait;
            c.wait_hist.add(wait);
            if t.status == "done"
                && let Some(fin) = t.finished_at
            {
                let s = (fin - fc).num_seconds().max(0);
                c.service_n += 1;
                c.service_sum_s += s;
                c.service_hist.add(s);
            }
        }
        match t.status.as_str() {
            "done" => c.served += 1,
            "no_show" => c.no_shows += 1,
            _ => {}
        }
    }
    Ok(out)
}

// ---------------------------------------------------------------- the roll-up
