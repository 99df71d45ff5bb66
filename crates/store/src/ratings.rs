//! 好差评 storage: ratings of a visit or a case, the rectification orders bad ratings open, the
//! local rating policy, and `rating_days`, the per-day aggregates the figures read.
//!
//! `rating_days` is kept exact by deltas: whoever changes a rating or its order computes the row's
//! [`Counts`] before and after ([`Counts::of`]) and adds the difference ([`add_day`]) in the same
//! transaction. [`recount_days`] computes the same table from the base rows with the same
//! definition; a test compares the two.

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use crate::org::Scope;
use crate::{Result, Timestamp, Tx, sql};

// ---------------------------------------------------------------- ratings

/// A rating to store.
#[derive(Debug, Clone)]
pub struct NewRating<'a> {
    pub org_unit_id: i64,
    pub site_id: Option<i64>,
    pub ticket_id: Option<i64>,
    pub case_id: Option<i64>,
    pub window_id: Option<i64>,
    pub staff_id: Option<i64>,
    pub department_id: Option<i64>,
    pub item_id: Option<i64>,
    pub owner_user_id: Option<i64>,
    pub level: i64,
    pub mode: &'a str,
    pub channel: &'a str,
    /// JSON object, indicator code → level.
    pub indicators: &'a str,
    /// JSON array of reason codes.
    pub reasons: &'a str,
    pub comment: &'a str,
    pub real_name: bool,
    pub rater_phone_enc: Option<&'a [u8]>,
    pub rater_phone_masked: Option<&'a str>,
    pub served_on: NaiveDate,
    pub rated_at: Timestamp,
}

/// A stored rating (the rater's phone stays in the table: it is read only for the callback).
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow, Serialize)]
pub struct RatingRow {
    pub id: i64,
    pub org_unit_id: i64,
    pub site_id: Option<i64>,
    pub ticket_id: Option<i64>,
    pub case_id: Option<i64>,
    pub window_id: Option<i64>,
    pub staff_id: Option<i64>,
    pub department_id: Option<i64>,
    pub item_id: Option<i64>,
    pub owner_user_id: Option<i64>,
    pub level: i64,
    pub final_level: Option<i64>,
    pub mode: String,
    pub channel: String,
    pub indicators: String,
    pub reasons: String,
    pub comment: String,
    pub real_name: bool,
    pub rater_phone_masked: Option<String>,
    pub served_on: Option<NaiveDate>,
    pub rated_at: Timestamp,
    pub rerated_at: Option<Timestamp>,
    pub excluded: bool,
}

const RATING_COLUMNS: &str = "id, org_unit_id, site_id, ticket_id, case_id, window_id, staff_id, department_id, item_id, owner_user_id, \
     level, final_level, mode, channel, indicators, reasons, comment, real_name, rater_phone_masked, served_on, rated_at, rerated_at, excluded";

/// Stores a rating; a second rating of the same ticket or case is `Duplicate`.
pub async fn insert_rating(tx: &mut Tx, r: &NewRating<'_>) -> Result<i64> {
    sql::scalar(
        tx,
        "insert into ratings (org_unit_id, site_id, ticket_id, case_id, window_id, staff_id, department_id, item_id, owner_user_id, \
         level, mode, channel, indicators, reasons, comment, real_name, rater_phone_enc, rater_phone_masked, served_on, rated_at) \
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20) returning id",
        &[
            &r.org_unit_id,
            &r.site_id,
            &r.ticket_id,
            &r.case_id,
            &r.window_id,
            &r.staff_id,
            &r.department_id,
            &r.item_id,
            &r.owner_user_id,
            &r.level,
            &r.mode,
            &r.channel,
            &r.indicators,
            &r.reasons,
            &r.comment,
            &r.real_name,
            &r.rater_phone_enc,
            &r.rater_phone_masked,
            &r.served_on,
            &r.rated_at,
        ],
    )
    .await
}

pub async fn get_rating(tx: &mut Tx, id: i64) -> Result<Option<RatingRow>> {
    let sql = format!("select {RATING_COLUMNS} from ratings where id = $1");
    sql::fetch_optional(tx, sqlx::AssertSqlSafe(sql), &[&id]).await
}

pub async fn rating_for_case(tx: &mut Tx, case_id: i64) -> Result<Option<RatingRow>> {
    let sql = format!("select {RATING_COLUMNS} from ratings where case_id = $1");
    sql::fetch_optional(tx, sqlx::AssertSqlSafe(sql), &[&case_id]).await
}

/// The rater's encrypted phone (for the callback of a real-name rating).
pub async fn rater_phone(tx: &mut Tx, id: i64) -> Result<Option<Vec<u8>>> {
    Ok(sql::scalar_optional(tx, "select rater_phone_enc from ratings where id = $1", &[&id]).await?.flatten())
}

/// Records a re-rating after rectification (the original level stays for 差评整改率).
pub async fn set_final_level(tx: &mut Tx, id: i64, level: i64, now: Timestamp) -> Result<bool> {
    sql::changed_one(tx, "update ratings set final_level = $2, rerated_at = $3 where id = $1 and rerated_at is null", &[&id, &level, &now])
        .await
}

/// Takes a rating out of the figures (an upheld appeal).
pub async fn set_excluded(tx: &mut Tx, id: i64) -> Result<()> {
    sql::execute(tx, "update ratings set excluded = true where id = $1", &[&id]).await.map(|_| ())?;
    Ok(())
}

// ---------------------------------------------------------------- policy

/// A stored rating policy of one org unit.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow, Serialize)]
pub struct PolicyRow {
    pub org_unit_id: i64,
    pub late_days: i64,
    pub verify_days: i64,
    pub rectify_days: i64,
    pub remind_after_days: i64,
}

/// The policy of the nearest org unit on `path` (an org unit's materialised path) that has one.
pub async fn policy_for(tx: &mut Tx, path: &str) -> Result<Option<PolicyRow>> {
    sql::fetch_optional(
        tx,
        "select p.org_unit_id, p.late_days, p.verify_days, p.rectify_days, p.remind_after_days from rating_policies p \
         join org_units o on o.id = p.org_unit_id where $1 like o.path || '%' order by length(o.path) desc limit 1",
        &[&path],
    )
    .await
}

pub async fn put_policy(tx: &mut Tx, p: &PolicyRow, by: Option<i64>, now: Timestamp) -> Result<()> {
    sql::execute(
        tx,
        "insert into rating_policies (org_unit_id, late_days, verify_days, rectify_days, remind_after_days, updated_by, updated_at) \
         values ($1, $2, $3, $4, $5, $6, $7) on conflict (org_unit_id) do update set late_days = excluded.late_days, \
         verify_days = excluded.verify_days, rectify_days = excluded.rectify_days, remind_after_days = excluded.remind_after_days, \
         updated_by = excluded.updated_by, updated_at = excluded.updated_at",
        &[&p.org_unit_id, &p.late_days, &p.verify_days, &p.rectify_days, &p.remind_after_days, &by, &now],
    )
    .await
    .map(|_| ())?;
    Ok(())
}

// ---------------------------------------------------------------- rectification orders

#[derive(Debug, Clone)]
pub struct NewOrder {
    pub rating_id: i64,
    pub org_unit_id: i64,
    pub site_id: Option<i64>,
    pub department_id: Option<i64>,
    pub owner_user_id: Option<i64>,
    pub real_name: bool,
    pub opened_on: NaiveDate,
    pub verify_due_on: NaiveDate,
    pub rectify_due_on: NaiveDate,
}

pub async fn insert_order(tx: &mut Tx, o: &NewOrder, now: Timestamp) -> Result<i64> {
    sql::scalar(tx, "insert into rectification_orders (rating_id, org_unit_id, site_id, department_id, owner_user_id, status, real_name, opened_on, \
         verify_due_on, rectify_due_on, created_at, updated_at) values ($1, $2, $3, $4, $5, 'verifying', $6, $7, $8, $9, $10, $10) returning id", &[&o.rating_id, &o.org_unit_id, &o.site_id, &o.department_id, &o.owner_user_id, &o.real_name, &o.opened_on, &o.verify_due_on, &o.rectify_due_on, &now]).await
}

/// A rectification order with the rating it answers and the names around it (no phone).
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow, Serialize)]
pub struct OrderRow {
    pub id: i64,
    pub rating_id: i64,
    pub org_unit_id: i64,
    pub site_id: Option<i64>,
    pub site_name: Option<String>,
    pub department_id: Option<i64>,
    pub department_name: Option<String>,
    pub owner_user_id: Option<i64>,
    pub owner_name: Option<String>,
    pub status: String,
    pub real_name: bool,
    pub opened_on: NaiveDate,
    pub verify_due_on: NaiveDate,
    pub rectify_due_on: NaiveDate,
    pub verified_at: Option<Timestamp>,
    pub finding: String,
    pub resolution: Option<String>,
    pub rectify_note: String,
    pub reply: String,
    pub replied_at: Option<Timestamp>,
    pub callback_at: Option<Timestamp>,
    pub callback_note: String,
    pub callback_satisfied: Option<bool>,
    pub appeal_reason: String,
    pub appealed_at: Option<Timestamp>,
    pub appeal_decision: String,
    pub appeal_decided_at: Option<Timestamp>,
    pub closed_at: Option<Timestamp>,
    pub level: i64,
    pub final_level: Option<i64>,
    pub mode: String,
    pub channel: String,
    pub reasons: String,
    pub comment: String,
    pub ticket_id: Option<i64>,
    /// The ticket's number as the citizen saw it (A001).
    pub ticket_no: Option<String>,
    pub case_id: Option<i64>,
    pub case_no: Option<String>,
    pub item_name: Option<String>,
    pub rater_phone_masked: Option<String>,
    pub rated_at: Timestamp,
}

const ORDER_SELECT: &str = "select r.id, r.rating_id, r.org_unit_id, r.site_id, s.name as site_name, r.department_id, \
     d.name as department_name, r.owner_user_id, u.name as owner_name, r.status, r.real_name, r.opened_on, r.verify_due_on, \
     r.rectify_due_on, r.verified_at, r.finding, r.resolution, r.rectify_note, r.reply, r.replied_at, r.callback_at, \
     r.callback_note, r.callback_satisfied, r.appeal_reason, r.appealed_at, r.appeal_decision, r.appeal_decided_at, r.closed_at, \
     g.level, g.final_level, g.mode, g.channel, g.reasons, g.comment, g.ticket_id, t.ticket_no, g.case_id, k.case_no, k.item_name, \
     g.rater_phone_masked, g.rated_at \
     from rectification_orders r join ratings g on g.id = r.rating_id join org_units o on o.id = r.org_unit_id \
     left join sites s on s.id = r.site_id left join departments d on d.id = r.department_id \
     left join users u on u.id = r.owner_user_id left join cases k on k.id = g.case_id left join tickets t on t.id = g.ticket_id";

pub async fn get_order(tx: &mut Tx, id: i64) -> Result<Option<OrderRow>> {
    let sql = format!("{ORDER_SELECT} where r.id = $1");
    sql::fetch_optional(tx, sqlx::AssertSqlSafe(sql), &[&id]).await
}

/// Which orders a list shows.
#[derive(Debug, Clone, Default)]
pub struct OrderFilter {
    /// Only this owner's.
    pub owner_user_id: Option<i64>,
    /// One state, or `None` for all.
    pub status: Option<String>,
    /// Only open orders past a deadline on this day (核实 or 整改 overdue).
    pub overdue_on: Option<NaiveDate>,
}

/// Orders within `scope`, newest first, before the id `before` (a cursor).
pub async fn list_orders(tx: &mut Tx, scope: &Scope, f: &OrderFilter, before: i64, limit: i64) -> Result<Vec<OrderRow>> {
    let (cond, binds) = scope.condition("o.path", 6);
    // The overdue day is compared even when absent (`$4 is null or …`), so both backends type it.
    let sql = format!(
        "{ORDER_SELECT} where r.id < $1 and ($2 is null or r.owner_user_id = $2) and ($3 is null or r.status = $3) \
         and ($4 is null or (r.status in ('verifying', 'rectifying') and ((r.status = 'verifying' and r.verify_due_on < $4) \
         or r.rectify_due_on < $4))) and {cond} order by r.id desc limit $5"
    );
    sql::fetch_scoped(tx, sql, &[&before, &f.owner_user_id, &f.status.clone(), &f.overdue_on, &limit], &binds).await
}

/// What an action writes on an order. `None` fields are left as they are.
#[derive(Debug, Clone, Default)]
pub struct OrderChange<'a> {
    pub status: &'a str,
    pub verified_by: Option<i64>,
    pub finding: Option<&'a str>,
    pub resolution: Option<&'a str>,
    pub rectify_note: Option<&'a str>,
    pub reply: Option<&'a str>,
    pub replied_by: Option<i64>,
    pub callback_by: Option<i64>,
    pub callback_note: Option<&'a str>,
    pub callback_satisfied: Option<bool>,
    pub appealed_by: Option<i64>,
    pub appeal_reason: Option<&'a str>,
    pub appeal_decided_by: Option<i64>,
    pub appeal_decision: Option<&'a str>,
    pub closes: bool,
}

/// Moves an order from `from` to `change.status` and records the step; false when the order was
/// no longer in `from` (a concurrent action won).
pub async fn change_order(tx: &mut Tx, id: i64, from: &str, ch: &OrderChange<'_>, now: Timestamp) -> Result<bool> {
    sql::changed_one(
        tx,
        "update rectification_orders set status = $3, \
           verified_by = coalesce($4, verified_by), verified_at = case when $4 is null then verified_at else $17 end, \
           finding = coalesce($5, finding), resolution = coalesce($6, resolution), rectify_note = coalesce($7, rectify_note), \
           reply = coalesce($8, reply), replied_by = coalesce($9, replied_by), \
           replied_at = case when $9 is null then replied_at else $17 end, \
           callback_by = coalesce($10, callback_by), callback_at = case when $10 is null then callback_at else $17 end, \
           callback_note = coalesce($11, callback_note), callback_satisfied = coalesce($12, callback_satisfied), \
           appealed_by = coalesce($13, appealed_by), appealed_at = case when $13 is null then appealed_at else $17 end, \
           appeal_reason = coalesce($14, appeal_reason), \
           appeal_decided_by = coalesce($15, appeal_decided_by), \
           appeal_decided_at = case when $15 is null then appeal_decided_at else $17 end, \
           appeal_decision = coalesce($16, appeal_decision), \
           closed_at = case when $18 then $17 else closed_at end, updated_at = $17 \
         where id = $1 and status = $2",
        &[
            &id,
            &from,
            &ch.status,
            &ch.verified_by,
            &ch.finding,
            &ch.resolution,
            &ch.rectify_note,
            &ch.reply,
            &ch.replied_by,
            &ch.callback_by,
            &ch.callback_note,
            &ch.callback_satisfied,
            &ch.appealed_by,
            &ch.appeal_reason,
            &ch.appeal_decided_by,
            &ch.appeal_decision,
            &now,
            &ch.closes,
        ],
    )
    .await
}

// ---------------------------------------------------------------- per-day aggregates

/// The key of a `rating_days` row; 0 stands for "none".
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, sqlx::FromRow, Serialize)]
pub struct DayKey {
    pub day: NaiveDate,
    pub org_unit_id: i64,
    pub site_id: i64,
    pub department_id: i64,
    pub window_id: i64,
    pub staff_id: i64,
    /// `visit` or `case`.
    pub subject: String,
    pub mode: String,
}

/// The counts of a `rating_days` row, or one rating's contribution to it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, sqlx::FromRow, Serialize)]
pub struct Counts {
    pub n: i64,
    pub l1: i64,
    pub l2: i64,
    pub l3: i64,
    pub l4: i64,
    pub l5: i64,
    /// Originally 1–2 (差评), whatever the re-rating.
    pub bad: i64,
    pub bad_real_name: i64,
    /// Bad ratings whose order was replied to (整改/解释 done).
    pub rectified: i64,
    /// Real-name bad ratings with a callback recorded (回访).
    pub called_back: i64,
    /// Ratings taken out of the figures by an upheld appeal.
    pub voided: i64,
    /// Bad ratings re-rated 3–5 at the callback after rectification (整改后好转).
    pub improved: i64,
}

impl Counts {
    /// One rating's contribution, from its state and its order's (`None` without an order). A
    /// voided rating counts only as voided. The levels are the first rating's: a re-rating after
    /// the callback never hides that a bad rating happened; it counts as `improved` when 3–5.
    pub fn of(level: i64, final_level: Option<i64>, real_name: bool, excluded: bool, order: Option<(&str, bool)>) -> Counts {
        if excluded {
            return Counts { voided: 1, ..Counts::default() };
        }
        let mut c = Counts { n: 1, ..Counts::default() };
        match level {
            1 => c.l1 = 1,
            2 => c.l2 = 1,
            3 => c.l3 = 1,
            4 => c.l4 = 1,
            _ => c.l5 = 1,
        }
        if (1..=2).contains(&level) {
            c.bad = 1;
            c.bad_real_name = i64::from(real_name);
            if let Some((status, called_back)) = order {
                c.rectified = i64::from(matches!(status, "replied" | "closed"));
                c.called_back = i64::from(real_name && called_back);
            }
            c.improved = i64::from(final_level.is_some_and(|f| f >= 3));
        }
        c
    }

    /// `self - other`, field by field.
    pub fn minus(&self, o: &Counts) -> Counts {
        Counts {
            n: self.n - o.n,
            l1: self.l1 - o.l1,
            l2: self.l2 - o.l2,
            l3: self.l3 - o.l3,
            l4: self.l4 - o.l4,
            l5: self.l5 - o.l5,
            bad: self.bad - o.bad,
            bad_real_name: self.bad_real_name - o.bad_real_name,
            rectified: self.rectified - o.rectified,
            called_back: self.called_back - o.called_back,
            voided: self.voided - o.voided,
            improved: self.improved - o.improved,
        }
    }

    /// `self + other`, field by field.
    pub fn plus(&self, o: &Counts) -> Counts {
        Counts {
            n: self.n + o.n,
            l1: self.l1 + o.l1,
            l2: self.l2 + o.l2,
            l3: self.l3 + o.l3,
            l4: self.l4 + o.l4,
            l5: self.l5 + o.l5,
            bad: self.bad + o.bad,
            bad_real_name: self.bad_real_name + o.bad_real_name,
            rectified: self.rectified + o.rectified,
            called_back: self.called_back + o.called_back,
            voided: self.voided + o.voided,
            improved: self.improved + o.improved,
        }
    }

    pub fn is_zero(&self) -> bool {
        *self == Counts::default()
    }
}

/// The aggregate key of a rating.
pub fn key_of(r: &RatingRow) -> Option<DayKey> {
    Some(DayKey {
        day: r.served_on?,
        org_unit_id: r.org_unit_id,
        site_id: r.site_id.unwrap_or(0),
        department_id: r.department_id.unwrap_or(0),
        window_id: r.window_id.unwrap_or(0),
        staff_id: r.staff_id.unwrap_or(0),
        subject: if r.case_id.is_some() { "case" } else { "visit" }.to_owned(),
        mode: r.mode.clone(),
    })
}

/// The first day of `d`'s month.
pub fn month_of(d: NaiveDate) -> NaiveDate {
    d.with_day(1).unwrap_or(d)
}

/// Adds `d` to the row of `k` (creating it), and to its month's row in `rating_months`.
pub async fn add_day(tx: &mut Tx, k: &DayKey, d: &Counts) -> Result<()> {
    if d.is_zero() {
        return Ok(());
    }
    for (table, col, at) in [("rating_days", "day", k.day), ("rating_months", "month", month_of(k.day))] {
        let sql = format!(
            "insert into {table} ({col}, org_unit_id, site_id, department_id, window_id, staff_id, subject, mode, \
               n, l1, l2, l3, l4, l5, bad, bad_real_name, rectified, called_back, voided, improved) \
             values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20) \
             on conflict ({col}, org_unit_id, site_id, department_id, window_id, staff_id, subject, mode) do update set \
               n = {table}.n + excluded.n, l1 = {table}.l1 + excluded.l1, l2 = {table}.l2 + excluded.l2, \
               l3 = {table}.l3 + excluded.l3, l4 = {table}.l4 + excluded.l4, l5 = {table}.l5 + excluded.l5, \
               bad = {table}.bad + excluded.bad, bad_real_name = {table}.bad_real_name + excluded.bad_real_name, \
               rectified = {table}.rectified + excluded.rectified, called_back = {table}.called_back + excluded.called_back, \
               voided = {table}.voided + excluded.voided, improved = {table}.improved + excluded.improved"
        );
        sql::execute(
            tx,
            sqlx::AssertSqlSafe(sql),
            &[
                &at,
                &k.org_unit_id,
                &k.site_id,
                &k.department_id,
                &k.window_id,
                &k.staff_id,
                &k.subject,
                &k.mode,
                &d.n,
                &d.l1,
                &d.l2,
                &d.l3,
                &d.l4,
                &d.l5,
                &d.bad,
                &d.bad_real_name,
                &d.rectified,
                &d.called_back,
                &d.voided,
                &d.improved,
            ],
        )
        .await
        .map(|_| ())?;
    }
    Ok(())
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow, Serialize)]
pub struct DayRow {
    #[sqlx(flatten)]
    #[serde(flatten)]
    pub key: DayKey,
    #[sqlx(flatten)]
    #[serde(flatten)]
    pub counts: Counts,
}

const DAY_COLUMNS: &str = "day, org_unit_id, site_id, department_id, window_id, staff_id, subject, mode, \
     n, l1, l2, l3, l4, l5, bad, bad_real_name, rectified, called_back, voided, improved";

/// Every stored aggregate row with any count, in key order.
pub async fn rating_days(tx: &mut Tx) -> Result<Vec<DayRow>> {
    let sql = format!(
        "select {DAY_COLUMNS} from rating_days where n <> 0 or voided <> 0 or bad <> 0 \
         order by day, org_unit_id, site_id, department_id, window_id, staff_id, subject, mode"
    );
    sql::fetch_all(tx, sqlx::AssertSqlSafe(sql), &[]).await
}

/// Replaces every `rating_days` row with a fresh count ([`recount_days`]'s definition), for an
/// import of ratings made outside the application.
pub async fn rebuild_days(tx: &mut Tx) -> Result<u64> {
    sql::execute(tx, "delete from rating_days", &[]).await.map(|_| ())?;
    let sql = format!("insert into rating_days ({DAY_COLUMNS}) {}", recount_sql());
    let n = sql::execute(tx, sqlx::AssertSqlSafe(sql), &[]).await?;
    sql::execute(tx, "delete from rating_months", &[]).await.map(|_| ())?;
    let month = crate::sql::month_expr(tx.backend(), "day");
    let sql = format!(
        "insert into rating_months (month, {rest}) select {month}, {rest_sums} from rating_days group by {month}, {keys}",
        rest = DAY_COLUMNS.trim_start_matches("day, "),
        keys = "org_unit_id, site_id, department_id, window_id, staff_id, subject, mode",
        rest_sums = "org_unit_id, site_id, department_id, window_id, staff_id, subject, mode, sum(n), sum(l1), sum(l2), sum(l3), sum(l4), \
           sum(l5), sum(bad), sum(bad_real_name), sum(rectified), sum(called_back), sum(voided), sum(improved)"
    );
    sql::execute(tx, sqlx::AssertSqlSafe(sql), &[]).await.map(|_| ())?;
    Ok(n)
}

/// Every `rating_months` row with any count, in key order (for the test against `rating_days`).
pub async fn rating_months(tx: &mut Tx) -> Result<Vec<DayRow>> {
    let sql = format!(
        "select month as day, {} from rating_months where n <> 0 or voided <> 0 or bad <> 0 \
         order by month, org_unit_id, site_id, department_id, window_id, staff_id, subject, mode",
        DAY_COLUMNS.trim_start_matches("day, ")
    );
    sql::fetch_all(tx, sqlx::AssertSqlSafe(sql), &[]).await
}

fn recount_sql() -> String {
    let live = "case when g.excluded then 0 else 1 end";
    let first = "g.level";
    let bad = "case when not g.excluded and g.level <= 2 then 1 else 0 end";
    format!(
        "select g.served_on as day, g.org_unit_id, coalesce(g.site_id, 0) as site_id, coalesce(g.department_id, 0) as department_id, \
           coalesce(g.window_id, 0) as window_id, coalesce(g.staff_id, 0) as staff_id, \
           case when g.case_id is null then 'visit' else 'case' end as subject, g.mode, \
           cast(sum({live}) as bigint) as n, \
           cast(sum(case when {first} = 1 then {live} else 0 end) as bigint) as l1, \
           cast(sum(case when {first} = 2 then {live} else 0 end) as bigint) as l2, \
           cast(sum(case when {first} = 3 then {live} else 0 end) as bigint) as l3, \
           cast(sum(case when {first} = 4 then {live} else 0 end) as bigint) as l4, \
           cast(sum(case when {first} = 5 then {live} else 0 end) as bigint) as l5, \
           cast(sum({bad}) as bigint) as bad, \
           cast(sum(case when g.real_name then {bad} else 0 end) as bigint) as bad_real_name, \
           cast(sum(case when r.status in ('replied', 'closed') then {bad} else 0 end) as bigint) as rectified, \
           cast(sum(case when g.real_name and r.callback_at is not null then {bad} else 0 end) as bigint) as called_back, \
           cast(sum(case when g.excluded then 1 else 0 end) as bigint) as voided, \
           cast(sum(case when g.final_level >= 3 then {bad} else 0 end) as bigint) as improved \
         from ratings g left join rectification_orders r on r.rating_id = g.id where g.served_on is not null \
         group by g.served_on, g.org_unit_id, coalesce(g.site_id, 0), coalesce(g.department_id, 0), coalesce(g.window_id, 0), \
           coalesce(g.staff_id, 0), case when g.case_id is null then 'visit' else 'case' end, g.mode"
    )
}

/// The aggregates computed afresh from `ratings` and `rectification_orders` with the definition
/// of [`Counts::of`], in the order of [`rating_days`].
pub async fn recount_days(tx: &mut Tx) -> Result<Vec<DayRow>> {
    let sql = format!("{} order by 1, 2, 3, 4, 5, 6, 7, 8", recount_sql());
    sql::fetch_all(tx, sqlx::AssertSqlSafe(sql), &[]).await
}

// ---------------------------------------------------------------- look-ups

/// The active account of a staff member (the owner of a visit's order), if any.
pub async fn user_of_staff(tx: &mut Tx, staff_id: i64) -> Result<Option<i64>> {
    sql::scalar_optional(tx, "select id from users where staff_id = $1 and active order by id limit 1", &[&staff_id]).await
}

/// A case's phone blind index (who may rate it from the portal).
pub async fn case_phone_hash(tx: &mut Tx, case_id: i64) -> Result<Option<String>> {
    sql::scalar_optional(tx, "select phone_hash from cases where id = $1", &[&case_id]).await
}

/// A ticket's encrypted phone and its masked form, when the visitor left one.
pub async fn ticket_phone(tx: &mut Tx, ticket_id: i64) -> Result<Option<(Vec<u8>, String)>> {
    let row: Option<(Option<Vec<u8>>, Option<String>)> =
        sql::fetch_optional(tx, "select phone_enc, phone_masked from tickets where id = $1", &[&ticket_id]).await?;
    Ok(row.and_then(|(e, m)| e.zip(m)))
}

/// A case's encrypted phone and its masked form.
pub async fn case_phone(tx: &mut Tx, case_id: i64) -> Result<Option<(Vec<u8>, String)>> {
    sql::fetch_optional(tx, "select phone_enc, phone_masked from cases where id = $1", &[&case_id]).await
}

/// A completed case still unrated and not yet invited a second time (the re-invitation's key is
/// `rate-remind-{case id}` in the outbox).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Unrated {
    pub id: i64,
    pub case_no: String,
    pub item_name: String,
    pub org_unit_id: i64,
    pub org_path: String,
    pub updated_at: Timestamp,
    pub phone_enc: Vec<u8>,
}

/// Completed cases that ended in `[from, to)`, have no rating and no re-invitation, after `after_id`.
pub async fn unrated_completed(tx: &mut Tx, from: Timestamp, to: Timestamp, after_id: i64, limit: i64) -> Result<Vec<Unrated>> {
    sql::fetch_all(
        tx,
        "select k.id, k.case_no, k.item_name, k.org_unit_id, o.path as org_path, k.updated_at, k.phone_enc from cases k \
         join org_units o on o.id = k.org_unit_id \
         where k.status = 'completed' and k.updated_at >= $1 and k.updated_at < $2 and k.id > $3 \
         and not exists (select 1 from ratings g where g.case_id = k.id) \
         and not exists (select 1 from outbox x where x.idempotency_key = 'rate-remind-' || k.id) \
         order by k.id limit $4",
        &[&from, &to, &after_id, &limit],
    )
    .await
}

/// The counts of one site (0: none) over a span of service days.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow, Serialize)]
pub struct SiteSum {
    pub site_id: i64,
    pub site_name: Option<String>,
    #[sqlx(flatten)]
    #[serde(flatten)]
    pub counts: Counts,
}

/// `rating_days` summed per site over `from..=to`, by site.
pub async fn sum_by_site(tx: &mut Tx, from: NaiveDate, to: NaiveDate) -> Result<Vec<SiteSum>> {
    sql::fetch_all(
        tx,
        "select r.site_id, s.name as site_name, cast(sum(r.n) as bigint) as n, cast(sum(r.l1) as bigint) as l1, \
           cast(sum(r.l2) as bigint) as l2, cast(sum(r.l3) as bigint) as l3, cast(sum(r.l4) as bigint) as l4, \
           cast(sum(r.l5) as bigint) as l5, cast(sum(r.bad) as bigint) as bad, cast(sum(r.bad_real_name) as bigint) as bad_real_name, \
           cast(sum(r.rectified) as bigint) as rectified, cast(sum(r.called_back) as bigint) as called_back, \
           cast(sum(r.voided) as bigint) as voided, cast(sum(r.improved) as bigint) as improved \
         from rating_days r left join sites s on s.id = r.site_id where r.day >= $1 and r.day <= $2 \
         group by r.site_id, s.name order by r.site_id",
        &[&from, &to],
    )
    .await
}

// ---------------------------------------------------------------- overdue orders (three-level supervision)

/// An open order past a deadline on the day asked about.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct OverdueOrder {
    pub id: i64,
    pub org_unit_id: i64,
    pub org_path: String,
    pub department_id: Option<i64>,
    pub owner_user_id: Option<i64>,
    pub status: String,
    pub verify_due_on: NaiveDate,
    pub rectify_due_on: NaiveDate,
}

/// Open orders whose verification or rectification deadline is before `today`.
pub async fn overdue_orders(tx: &mut Tx, today: NaiveDate) -> Result<Vec<OverdueOrder>> {
    sql::fetch_all(
        tx,
        "select r.id, r.org_unit_id, o.path as org_path, r.department_id, r.owner_user_id, r.status, r.verify_due_on, r.rectify_due_on \
         from rectification_orders r join org_units o on o.id = r.org_unit_id \
         where (r.status = 'verifying' and r.verify_due_on < $1) or (r.status in ('verifying', 'rectifying') and r.rectify_due_on < $1) \
         order by r.id",
        &[&today],
    )
    .await
}

/// A reminder of an order to record.
#[derive(Debug, Clone)]
pub struct NewOrderReminder {
    pub order_id: i64,
    pub org_unit_id: i64,
    pub level: i64,
    pub recipient_role: &'static str,
    pub user_id: i64,
    pub channel: &'static str,
}

/// Records reminders, skipping any order, level, person and channel reminded already; answers
/// the rows that were new.
pub async fn insert_order_reminders(tx: &mut Tx, rows: &[NewOrderReminder], now: Timestamp) -> Result<Vec<NewOrderReminder>> {
    let mut fresh = Vec::new();
    for r in rows {
        let n = sql::execute(
            tx,
            "insert into order_reminders (order_id, org_unit_id, level, recipient_role, user_id, channel, created_at) \
             values ($1, $2, $3, $4, $5, $6, $7) on conflict (order_id, level, user_id, channel) do nothing",
            &[&r.order_id, &r.org_unit_id, &r.level, &r.recipient_role, &r.user_id, &r.channel, &now],
        )
        .await?;
        if n == 1 {
            fresh.push(r.clone());
        }
    }
    Ok(fresh)
}

/// A recorded reminder of an order, with whom it reached.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow, Serialize)]
pub struct OrderReminderRow {
    pub level: i64,
    pub recipient_role: String,
    pub user_name: String,
    pub channel: String,
    pub created_at: Timestamp,
}

pub async fn order_reminders(tx: &mut Tx, order_id: i64) -> Result<Vec<OrderReminderRow>> {
    sql::fetch_all(
        tx,
        "select m.level, m.recipient_role, u.name as user_name, m.channel, m.created_at from order_reminders m \
         join users u on u.id = m.user_id where m.order_id = $1 order by m.id",
        &[&order_id],
    )
    .await
}

/// The longest re-invitation delay any org unit has set, if any has a policy.
pub async fn max_remind_after_days(tx: &mut Tx) -> Result<Option<i64>> {
    sql::scalar(tx, "select max(remind_after_days) from rating_policies", &[]).await
}
