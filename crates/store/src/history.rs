//! Past records written in bulk: the visits, ratings, rectification orders, closed cases and work
//! orders of the days before a hall started on yichuang (carried over from an earlier system, or
//! the demo's generated history). Rows arrive complete and final, in multi-row statements; the
//! figures' day tables are rebuilt from them afterwards by the usual roll-up.

use std::collections::HashMap;

use chrono::NaiveDate;

use crate::cases::Sealed;
use crate::queue::NewEvent;
use crate::{Result, Timestamp, Tx, insert_rows, on_tx, values_list};

/// Rows per multi-row statement (every table here stays within both backends' parameter limits).
const CHUNK: usize = 250;

/// A past visit: issued, called once, then served (`done`) or missed (`no_show`).
#[derive(Debug, Clone)]
pub struct PastTicket {
    pub site_id: i64,
    pub org_unit_id: i64,
    pub category_id: i64,
    pub day: NaiveDate,
    pub seq: i64,
    pub ticket_no: String,
    pub channel: &'static str,
    pub priority: &'static str,
    /// `done` or `no_show`.
    pub status: &'static str,
    pub issued_at: Timestamp,
    pub called_at: Timestamp,
    /// When the visit ended (served) or the ticket was given up (no show).
    pub finished_at: Timestamp,
    pub window_id: i64,
    pub staff_id: Option<i64>,
    pub outcome: Option<&'static str>,
    pub item_id: Option<i64>,
    /// Unique over all tickets.
    pub follow_code: String,
    /// Who called (the clerk's audit name).
    pub caller: String,
}

/// Inserts past tickets with their steps (issue, call, then finish or no-show); returns their
/// ids in the order given.
pub async fn insert_tickets(tx: &mut Tx, rows: &[PastTicket]) -> Result<Vec<i64>> {
    let mut ids = Vec::with_capacity(rows.len());
    for chunk in rows.chunks(CHUNK) {
        let values = values_list(tx.backend(), chunk.len(), 20);
        let sql = format!(
            "insert into tickets (site_id, org_unit_id, category_id, day, seq, ticket_no, channel, priority, status, rank_at, issued_at, \
             called_at, first_called_at, finished_at, window_id, staff_id, outcome, item_id, follow_code, updated_at) values {values} \
             returning id, follow_code"
        );
        let got: Vec<(i64, String)> = on_tx!(tx, |c| {
            let mut q = sqlx::query_as(sqlx::AssertSqlSafe(sql.clone()));
            for r in chunk {
                let finished = (r.status == "done").then_some(r.finished_at);
                q = q
                    .bind(r.site_id)
                    .bind(r.org_unit_id)
                    .bind(r.category_id)
                    .bind(r.day)
                    .bind(r.seq)
                    .bind(&r.ticket_no)
                    .bind(r.channel)
                    .bind(r.priority)
                    .bind(r.status)
                    .bind(r.issued_at)
                    .bind(r.issued_at)
                    .bind(r.called_at)
                    .bind(r.called_at)
                    .bind(finished)
                    .bind(r.window_id)
                    .bind(r.staff_id)
                    .bind(r.outcome)
                    .bind(r.item_id)
                    .bind(&r.follow_code)
                    .bind(r.finished_at);
            }
            q.fetch_all(c).await
        })?;
        let by_code: HashMap<String, i64> = got.into_iter().map(|(id, code)| (code, id)).collect();
        let mut events = Vec::with_capacity(chunk.len() * 3);
        for r in chunk {
            let id = by_code.get(&r.follow_code).copied().ok_or(crate::StoreError::NotFound("ticket"))?;
            ids.push(id);
            let step = |at, kind, window_id, staff_id, actor: &str, note: &str| NewEvent {
                ticket_id: id,
                site_id: r.site_id,
                at,
                kind,
                window_id,
                staff_id,
                actor: actor.to_owned(),
                note: note.to_owned(),
            };
            events.push(step(r.issued_at, "issue", None, None, "device:kiosk", r.channel));
            events.push(step(r.called_at, "call", Some(r.window_id), r.staff_id, &r.caller, ""));
            let last = if r.status == "done" { "finish" } else { "no_show" };
            events.push(step(r.finished_at, last, Some(r.window_id), r.staff_id, &r.caller, r.outcome.unwrap_or("")));
        }
        crate::queue::insert_events(tx, &events).await?;
    }
    Ok(ids)
}

/// A past rating of a visit or a case.
#[derive(Debug, Clone)]
pub struct PastRating {
    pub org_unit_id: i64,
    pub site_id: i64,
    pub ticket_id: Option<i64>,
    pub case_id: Option<i64>,
    pub window_id: Option<i64>,
    pub staff_id: Option<i64>,
    pub department_id: Option<i64>,
    pub item_id: Option<i64>,
    pub owner_user_id: Option<i64>,
    pub level: i64,
    /// The level after a re-rating following the callback, when there was one.
    pub final_level: Option<i64>,
    pub mode: &'static str,
    pub channel: &'static str,
    /// JSON list of reason codes.
    pub reasons: String,
    pub comment: String,
    pub real_name: bool,
    pub served_on: NaiveDate,
    pub rated_at: Timestamp,
    pub rerated_at: Option<Timestamp>,
    /// Taken out of the figures (a voided order found it a mistake).
    pub excluded: bool,
}

/// Inserts past ratings (each of a ticket or a case, never both twice); returns their ids in the
/// order given.
pub async fn insert_ratings(tx: &mut Tx, rows: &[PastRating]) -> Result<Vec<i64>> {
    let mut ids = Vec::with_capacity(rows.len());
    for chunk in rows.chunks(CHUNK) {
        let values = values_list(tx.backend(), chunk.len(), 21);
        let sql = format!(
            "insert into ratings (org_unit_id, site_id, ticket_id, case_id, window_id, staff_id, department_id, item_id, owner_user_id, \
             level, final_level, mode, channel, indicators, reasons, comment, real_name, served_on, rated_at, rerated_at, excluded) values {values} \
             returning id, ticket_id, case_id"
        );
        let got: Vec<(i64, Option<i64>, Option<i64>)> = on_tx!(tx, |c| {
            let mut q = sqlx::query_as(sqlx::AssertSqlSafe(sql.clone()));
            for r in chunk {
                q = q
                    .bind(r.org_unit_id)
                    .bind(r.site_id)
                    .bind(r.ticket_id)
                    .bind(r.case_id)
                    .bind(r.window_id)
                    .bind(r.staff_id)
                    .bind(r.department_id)
                    .bind(r.item_id)
                    .bind(r.owner_user_id)
                    .bind(r.level)
                    .bind(r.final_level)
                    .bind(r.mode)
                    .bind(r.channel)
                    .bind("{}")
                    .bind(&r.reasons)
                    .bind(&r.comment)
                    .bind(r.real_name)
                    .bind(r.served_on)
                    .bind(r.rated_at)
                    .bind(r.rerated_at)
                    .bind(r.excluded);
            }
            q.fetch_all(c).await
        })?;
        let by_subject: HashMap<(Option<i64>, Option<i64>), i64> = got.into_iter().map(|(id, t, c)| ((t, c), id)).collect();
        for r in chunk {
            ids.push(by_subject.get(&(r.ticket_id, r.case_id)).copied().ok_or(crate::StoreError::NotFound("rating"))?);
        }
    }
    Ok(ids)
}

/// A past rectification order (整改单) of a bad rating, in the state it reached.
#[derive(Debug, Clone)]
pub struct PastOrder {
    pub rating_id: i64,
    pub org_unit_id: i64,
    pub site_id: i64,
    pub department_id: Option<i64>,
    pub owner_user_id: Option<i64>,
    /// `verifying`, `rectifying`, `replied`, `appealed`, `closed` or `voided`.
    pub status: &'static str,
    pub real_name: bool,
    pub opened_on: NaiveDate,
    pub verify_due_on: NaiveDate,
    pub rectify_due_on: NaiveDate,
    pub verified_at: Option<Timestamp>,
    pub finding: String,
    pub resolution: Option<&'static str>,
    pub rectify_note: String,
    pub reply: String,
    pub replied_at: Option<Timestamp>,
    pub callback_at: Option<Timestamp>,
    pub callback_note: String,
    pub callback_satisfied: Option<bool>,
    pub appeal_reason: String,
    pub appealed_at: Option<Timestamp>,
    pub closed_at: Option<Timestamp>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

/// Inserts past rectification orders (who verified and replied: the owner).
pub async fn insert_orders(tx: &mut Tx, rows: &[PastOrder]) -> Result<u64> {
    Ok(insert_rows!(
        tx,
        rows,
        CHUNK,
        26,
        |values| format!(
            "insert into rectification_orders (rating_id, org_unit_id, site_id, department_id, owner_user_id, status, real_name, opened_on, \
             verify_due_on, rectify_due_on, verified_at, verified_by, finding, resolution, rectify_note, reply, replied_at, replied_by, \
             callback_at, callback_note, callback_satisfied, appeal_reason, appealed_at, closed_at, created_at, updated_at) values {values}"
        ),
        |q, r| q
            .bind(r.rating_id)
            .bind(r.org_unit_id)
            .bind(r.site_id)
            .bind(r.department_id)
            .bind(r.owner_user_id)
            .bind(r.status)
            .bind(r.real_name)
            .bind(r.opened_on)
            .bind(r.verify_due_on)
            .bind(r.rectify_due_on)
            .bind(r.verified_at)
            .bind(r.verified_at.and(r.owner_user_id))
            .bind(&r.finding)
            .bind(r.resolution)
            .bind(&r.rectify_note)
            .bind(&r.reply)
            .bind(r.replied_at)
            .bind(r.replied_at.and(r.owner_user_id))
            .bind(r.callback_at)
            .bind(&r.callback_note)
            .bind(r.callback_satisfied)
            .bind(&r.appeal_reason)
            .bind(r.appealed_at)
            .bind(r.closed_at)
            .bind(r.created_at)
            .bind(r.updated_at)
    ))
}

/// One step of a past case's trail.
#[derive(Debug, Clone)]
pub struct PastStep {
    pub at: Timestamp,
    pub action: &'static str,
    pub from_status: &'static str,
    pub to_status: &'static str,
    pub user_id: Option<i64>,
    pub actor: String,
    pub note: String,
}

/// A past case as it stands today: its row, its trail, and (while open) its place on the warning
/// ladder, with the reminders, cards and special procedure it went through.
#[derive(Debug, Clone)]
pub struct PastCase {
    pub case_no: String,
    pub query_code: String,
    pub site_id: i64,
    pub org_unit_id: i64,
    pub item_id: i64,
    pub item_version_id: i64,
    pub item_name: String,
    pub department_id: i64,
    pub status: &'static str,
    pub applicant_name: String,
    pub phone: Sealed,
    pub ticket_id: Option<i64>,
    pub window_id: Option<i64>,
    pub clerk_id: Option<i64>,
    pub accepted_on: Option<NaiveDate>,
    pub reviewer_id: Option<i64>,
    pub decided_by: Option<i64>,
    pub decided_on: Option<NaiveDate>,
    pub decision_reason: Option<String>,
    pub promised_days: i64,
    pub statutory_days: i64,
    pub promised_deadline: Option<NaiveDate>,
    pub statutory_deadline: Option<NaiveDate>,
    pub created_at: Timestamp,
    /// The last change (for a completed case, its completion).
    pub updated_at: Timestamp,
    pub steps: Vec<PastStep>,
    /// Open cases only.
    pub ladder: Option<crate::cases::LadderState>,
    /// (level 1–3, recipient, day) of each in-app reminder.
    pub reminders: Vec<(i64, i64, NaiveDate)>,
    /// (level 2 yellow or 3 red, the handler, day) of each card.
    pub cards: Vec<(i64, Option<i64>, NaiveDate)>,
    /// (kind of special procedure, expected days, first day) while one runs.
    pub special: Option<(String, i64, NaiveDate)>,
}

/// The moment a past day's reminder or card was written (09:00 China time, the morning sweep).
fn morning(day: NaiveDate) -> Timestamp {
    chrono::TimeZone::from_utc_datetime(&chrono::Utc, &day.and_hms_opt(1, 0, 0).unwrap_or_default())
}

/// Inserts past cases with their trails, ladder places, reminders, cards and special procedures;
/// returns their ids in the order given. Case numbers must be new.
pub async fn insert_cases(tx: &mut Tx, rows: &[PastCase]) -> Result<Vec<i64>> {
    let mut ids = Vec::with_capacity(rows.len());
    for chunk in rows.chunks(CHUNK / 2) {
        let values = values_list(tx.backend(), chunk.len(), 32);
        let sql = format!(
            "insert into cases (case_no, query_code, site_id, org_unit_id, item_id, item_version_id, item_name, department_id, case_kind, \
             channel, status, applicant_kind, applicant_name, phone_enc, phone_hash, phone_masked, ticket_id, window_id, intake_user_id, \
             accepted_by, accepted_on, reviewer_id, decided_by, decided_on, decision_reason, promised_days, statutory_days, \
             promised_deadline, statutory_deadline, due_on, created_at, updated_at) values {values} returning id, case_no"
        );
        let got: Vec<(i64, String)> = on_tx!(tx, |c| {
            let mut q = sqlx::query_as(sqlx::AssertSqlSafe(sql.clone()));
            for r in chunk {
                let open = r.ladder.is_some();
                let due = if open { r.promised_deadline } else { None }.unwrap_or_else(crate::cases::no_deadline);
                q = q
                    .bind(&r.case_no)
                    .bind(&r.query_code)
                    .bind(r.site_id)
                    .bind(r.org_unit_id)
                    .bind(r.item_id)
                    .bind(r.item_version_id)
                    .bind(&r.item_name)
                    .bind(r.department_id)
                    .bind("promise")
                    .bind("window")
                    .bind(r.status)
                    .bind("person")
                    .bind(&r.applicant_name)
                    .bind(&r.phone.0)
                    .bind(&r.phone.1)
                    .bind(&r.phone.2)
                    .bind(r.ticket_id)
                    .bind(r.window_id)
                    .bind(r.clerk_id)
                    .bind(r.accepted_on.and(r.clerk_id))
                    .bind(r.accepted_on)
                    .bind(r.reviewer_id)
                    .bind(r.decided_by)
                    .bind(r.decided_on)
                    .bind(&r.decision_reason)
                    .bind(r.promised_days)
                    .bind(r.statutory_days)
                    .bind(r.promised_deadline)
                    .bind(r.statutory_deadline)
                    .bind(due)
                    .bind(r.created_at)
                    .bind(r.updated_at);
            }
            q.fetch_all(c).await
        })?;
        let by_no: HashMap<String, i64> = got.into_iter().map(|(id, no)| (no, id)).collect();
        let id_of = |r: &PastCase| by_no.get(&r.case_no).copied().ok_or(crate::StoreError::NotFound("case"));
        let mut steps = Vec::new();
        let mut ladder = Vec::new();
        let mut reminders = Vec::new();
        let mut cards = Vec::new();
        let mut special = Vec::new();
        for r in chunk {
            let id = id_of(r)?;
            ids.push(id);
            steps.extend(r.steps.iter().map(|s| (id, s)));
            if let Some(l) = &r.ladder {
                ladder.push((id, r, l));
            }
            reminders.extend(r.reminders.iter().map(|x| (id, r, *x)));
            cards.extend(r.cards.iter().map(|x| (id, r, *x)));
            if let Some(sp) = &r.special {
                special.push((id, r, sp));
            }
        }
        insert_rows!(
            tx,
            &steps,
            CHUNK,
            9,
            |values| format!(
                "insert into case_events (case_id, at, action, from_status, to_status, user_id, actor, note, data) values {values}"
            ),
            |q, e| q
                .bind(e.0)
                .bind(e.1.at)
                .bind(e.1.action)
                .bind(e.1.from_status)
                .bind(e.1.to_status)
                .bind(e.1.user_id)
                .bind(&e.1.actor)
                .bind(&e.1.note)
                .bind("{}")
        );
        insert_rows!(
            tx,
            &ladder,
            CHUNK,
            12,
            |values| format!(
                "insert into case_ladder (case_id, org_unit_id, department_id, handler_id, case_no, item_name, level, next_level, \
                 next_level_on, remind_on, yellow_on, red_on) values {values}"
            ),
            |q, x| q
                .bind(x.0)
                .bind(x.1.org_unit_id)
                .bind(x.1.department_id)
                .bind(x.1.reviewer_id.or(x.1.clerk_id))
                .bind(&x.1.case_no)
                .bind(&x.1.item_name)
                .bind(x.2.warning_level)
                .bind(x.2.next_level)
                .bind(x.2.next_level_on)
                .bind(x.2.remind_on)
                .bind(x.2.yellow_on)
                .bind(x.2.red_on)
        );
        insert_rows!(
            tx,
            &reminders,
            CHUNK,
            7,
            |values| format!(
                "insert into case_reminders (case_id, org_unit_id, level, recipient_role, user_id, channel, created_at) values {values}"
            ),
            |q, x| q.bind(x.0).bind(x.1.org_unit_id).bind(x.2.0).bind("handler").bind(x.2.1).bind("in_app").bind(morning(x.2.2))
        );
        insert_rows!(
            tx,
            &cards,
            CHUNK,
            7,
            |values| format!(
                "insert into case_cards (case_id, org_unit_id, level, department_id, user_id, issued_on, created_at) values {values}"
            ),
            |q, x| q.bind(x.0).bind(x.1.org_unit_id).bind(x.2.0).bind(x.1.department_id).bind(x.2.1).bind(x.2.2).bind(morning(x.2.2))
        );
        insert_rows!(
            tx,
            &special,
            CHUNK,
            7,
            |values| format!(
                "insert into case_pauses (case_id, kind, special_type, expected_days, notice, start_on, created_at) values {values}"
            ),
            |q, x| q
                .bind(x.0)
                .bind("special")
                .bind(&x.2.0)
                .bind(x.2.1)
                .bind(format!("因{}，依法启动特别程序，所需时间不计入办理时限。", x.2.0))
                .bind(x.2.2)
                .bind(morning(x.2.2))
        );
    }
    Ok(ids)
}

/// One step of a past work order.
#[derive(Debug, Clone)]
pub struct PastOrderStep {
    pub action: &'static str,
    pub from_status: &'static str,
    pub to_status: &'static str,
    pub note: String,
    pub department_id: Option<i64>,
    pub actor_id: Option<i64>,
    pub actor_name: String,
    pub at: Timestamp,
}

/// A past work order (工单) in the state it reached, with its steps.
#[derive(Debug, Clone)]
pub struct PastWorkOrder {
    pub order_no: String,
    pub org_unit_id: i64,
    pub site_id: Option<i64>,
    pub channel: &'static str,
    pub kind: &'static str,
    pub category: String,
    pub content: String,
    pub contact_name: String,
    pub contact_phone: Option<Sealed>,
    pub department_id: Option<i64>,
    pub status: &'static str,
    pub assigned_on: Option<NaiveDate>,
    pub sign_due_on: Option<NaiveDate>,
    pub reply_due_on: Option<NaiveDate>,
    pub signed_at: Option<Timestamp>,
    pub reply: String,
    pub replied_at: Option<Timestamp>,
    pub satisfied: Option<bool>,
    pub closed_at: Option<Timestamp>,
    pub created_by: Option<i64>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    pub steps: Vec<PastOrderStep>,
}

/// Inserts past work orders with their steps; order numbers must be new.
pub async fn insert_work_orders(tx: &mut Tx, rows: &[PastWorkOrder]) -> Result<Vec<i64>> {
    let mut ids = Vec::with_capacity(rows.len());
    for chunk in rows.chunks(CHUNK) {
        let values = values_list(tx.backend(), chunk.len(), 24);
        let sql = format!(
            "insert into work_orders (order_no, org_unit_id, site_id, channel, kind, category, content, contact_name, contact_phone_enc, \
             contact_phone_hash, contact_phone_masked, department_id, status, assigned_on, sign_due_on, reply_due_on, signed_at, reply, \
             replied_at, satisfied, closed_at, created_by, created_at, updated_at) values {values} returning id, order_no"
        );
        let got: Vec<(i64, String)> = on_tx!(tx, |c| {
            let mut q = sqlx::query_as(sqlx::AssertSqlSafe(sql.clone()));
            for r in chunk {
                let (enc, hash, masked) = match &r.contact_phone {
                    Some((e, h, m)) => (Some(e), Some(h), Some(m)),
                    None => (None, None, None),
                };
                q = q
                    .bind(&r.order_no)
                    .bind(r.org_unit_id)
                    .bind(r.site_id)
                    .bind(r.channel)
                    .bind(r.kind)
                    .bind(&r.category)
                    .bind(&r.content)
                    .bind(&r.contact_name)
                    .bind(enc)
                    .bind(hash)
                    .bind(masked)
                    .bind(r.department_id)
                    .bind(r.status)
                    .bind(r.assigned_on)
                    .bind(r.sign_due_on)
                    .bind(r.reply_due_on)
                    .bind(r.signed_at)
                    .bind(&r.reply)
                    .bind(r.replied_at)
                    .bind(r.satisfied)
                    .bind(r.closed_at)
                    .bind(r.created_by)
                    .bind(r.created_at)
                    .bind(r.updated_at);
            }
            q.fetch_all(c).await
        })?;
        let by_no: HashMap<String, i64> = got.into_iter().map(|(id, no)| (no, id)).collect();
        let mut steps = Vec::new();
        for r in chunk {
            let id = by_no.get(&r.order_no).copied().ok_or(crate::StoreError::NotFound("work order"))?;
            ids.push(id);
            steps.extend(r.steps.iter().map(|s| (id, s)));
        }
        insert_rows!(
            tx,
            &steps,
            CHUNK,
            9,
            |values| format!(
                "insert into work_order_events (work_order_id, action, from_status, to_status, note, department_id, actor_id, actor_name, at) \
                 values {values}"
            ),
            |q, e| q
                .bind(e.0)
                .bind(e.1.action)
                .bind(e.1.from_status)
                .bind(e.1.to_status)
                .bind(&e.1.note)
                .bind(e.1.department_id)
                .bind(e.1.actor_id)
                .bind(&e.1.actor_name)
                .bind(e.1.at)
        );
    }
    Ok(ids)
}
