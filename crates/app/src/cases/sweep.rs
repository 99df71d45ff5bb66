//! The supervision sweep: durable clock recomputation jobs and the warning ladder (三级提醒).

use std::collections::HashMap;
use std::sync::Arc;

use domain::calendar::Calendar;
use domain::cases::{Level, Warning};
use domain::validate::Mobile;
use serde::Serialize;
use store::cases::{LadderState, PauseRow};
use utoipa::ToSchema;

use super::intake::*;
use super::model::*;
use super::notices::*;
use crate::cases::ladder::Policies;
use crate::{Actor, App, Result};

/// What one supervision sweep did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, ToSchema)]
pub struct SweepReport {
    /// Cases whose warning level rose.
    pub raised: usize,
    /// In-app reminders recorded.
    pub reminders: usize,
    /// Text messages queued in the outbox.
    pub texts: usize,
    /// Yellow and red cards issued.
    pub cards: usize,
}

/// Running cases recomputed per transaction after a calendar edit.
pub(super) const RECOMPUTE_BATCH: i64 = 2_000;

/// The ladder of a running case recomputed under an edited calendar. A level already reached
/// stays (its reminders and cards went out under the calendar then in force); the days are
/// the new calendar's, and the next level is the first above the level held.
pub(super) fn recomputed_ladder(w: &Warning, held: i64) -> LadderState {
    let mut l = ladder_state(w);
    if held > l.warning_level {
        l.warning_level = held;
        let next = [(2, w.yellow_on), (3, w.red_on)].into_iter().find(|(level, day)| *level > held && day.is_some());
        l.next_level = next.map(|(level, _)| level);
        l.next_level_on = next.and_then(|(_, day)| day);
    }
    l
}

/// Recomputes the deadlines and ladders of running cases after calendar edits, from each pending
/// job's cursor (the job commits with the edit, so an interrupted run resumes here). Writes only
/// the cases whose clocks moved; answers how many.
pub async fn recompute_clocks(app: &App) -> Result<usize> {
    let mut changed = 0usize;
    // The calendar and the policies are read once per run: an edit made meanwhile commits a job
    // of its own, which this loop reaches after the current one.
    let mut rules: Option<(Calendar, Policies)> = None;
    loop {
        let mut tx = app.write().await?;
        let Some(job) = store::cases::next_recompute(&mut tx).await? else { return Ok(changed) };
        if rules.is_none() {
            rules =
                Some((crate::calendar::days::calendar_in(&mut tx).await?, Policies(Arc::new(store::cases::list_policies(&mut tx).await?))));
        }
        let (cal, policies) = rules.as_ref().expect("read above");
        let today = app.clock.today();
        let now = app.clock.now();
        let rows = store::cases::running_cases(&mut tx, job.after_case_id, job.from_on, RECOMPUTE_BATCH).await?;
        let mut n = 0i64;
        if let (Some(first), Some(last)) = (rows.first(), rows.last()) {
            let mut pauses: HashMap<i64, Vec<PauseRow>> = HashMap::new();
            for (case_id, p) in store::cases::pauses_between(&mut tx, first.id, last.id).await? {
                pauses.entry(case_id).or_default().push(p);
            }
            for row in &rows {
                let ps = pauses.get(&row.id).map_or(&[][..], Vec::as_slice);
                let Some(c) = clock_of(row, ps, row.extension_days) else { continue };
                let (promised, statutory) = (c.promised_deadline(cal), c.statutory_deadline(cal));
                let (_, w) = clock_view(cal, &policies.resolve(row.site_id, row.item_id), row, ps, today);
                let ladder = recomputed_ladder(&w, row.ladder.warning_level);
                if (promised, statutory) == (row.promised_deadline, row.statutory_deadline) && ladder == row.ladder {
                    continue;
                }
                if store::cases::set_clock(&mut tx, row.id, row.version, promised, statutory, &ladder, now).await? {
                    n += 1;
                }
            }
        }
        let done = rows.len() < usize::try_from(RECOMPUTE_BATCH).unwrap_or(usize::MAX);
        let cursor = rows.last().map_or(job.after_case_id, |r| r.id);
        store::cases::advance_recompute(&mut tx, job.id, cursor, n, done.then_some(now)).await?;
        if done {
            let total = job.cases_changed + n;
            crate::support::audit::record(
                app,
                &mut tx,
                &Actor::system("calendar"),
                "recompute",
                "clock",
                job.id,
                "/",
                None::<&()>,
                Some(&serde_json::json!({"from_on": job.from_on, "cases_changed": total})),
            )
            .await?;
        }
        tx.commit().await?;
        changed += usize::try_from(n).unwrap_or(0);
    }
}

/// Cases raised per transaction of a sweep.
pub(super) const SWEEP_BATCH: i64 = 50_000;

/// What a sweep looks up once and reuses: org paths, recipients by role, staff phones.
#[derive(Default)]
pub(super) struct SweepCache {
    pub(super) paths: HashMap<i64, String>,
    pub(super) recipients: HashMap<(&'static str, i64, Option<i64>), Vec<i64>>,
    pub(super) phones: HashMap<i64, Option<Sealed>>,
}

impl SweepCache {
    pub(super) async fn path(&mut self, tx: &mut store::Tx, org_unit_id: i64) -> Result<String> {
        if let Some(p) = self.paths.get(&org_unit_id) {
            return Ok(p.clone());
        }
        let p = store::org::get_org_unit(tx, org_unit_id).await?.path;
        self.paths.insert(org_unit_id, p.clone());
        Ok(p)
    }

    pub(super) async fn holders(
        &mut self,
        tx: &mut store::Tx,
        role: &'static str,
        org_unit_id: i64,
        dept: Option<i64>,
    ) -> Result<Vec<i64>> {
        if let Some(v) = self.recipients.get(&(role, org_unit_id, dept)) {
            return Ok(v.clone());
        }
        let path = self.path(tx, org_unit_id).await?;
        let v = store::cases::users_with_role(tx, role, &path, dept).await?;
        self.recipients.insert((role, org_unit_id, dept), v.clone());
        Ok(v)
    }

    /// The sealed staff phone behind a user account, if any.
    pub(super) async fn phone(&mut self, app: &App, tx: &mut store::Tx, user: i64) -> Result<Option<Sealed>> {
        if let Some(p) = self.phones.get(&user) {
            return Ok(p.clone());
        }
        let sealed = match store::cases::user_phone_enc(tx, user).await? {
            None => None,
            Some(enc) => Mobile::parse("phone", &app.cipher.decrypt(&enc)?).ok().map(|m| app.seal_phone(&m)),
        };
        self.phones.insert(user, sealed.clone());
        Ok(sealed)
    }
}

/// Keeps every open case's warning level current: raises the cases whose next level has begun
/// (only those are touched) and, for each, records who was reminded and how: level 1 the handler,
/// level 2 also the department's heads (a yellow card), level 3 also the supervision office and the
/// leadership (a red card). In-app reminders and texts to the staff phone (through the outbox) are
/// recorded once per case, level, person and channel, so overlapping sweeps never remind twice.
/// Everything is written set-wise, a few statements per thousands of cases.
pub async fn sweep(app: &App) -> Result<SweepReport> {
    // A calendar edit whose recomputation a dying process left unfinished is finished first, so
    // the levels raised below come from the calendar in force.
    recompute_clocks(app).await?;
    let today = app.clock.today();
    let mut report = SweepReport::default();
    let mut cache = SweepCache::default();
    loop {
        let mut tx = app.write().await?;
        let now = app.clock.now();
        let raised = store::cases::raise_due(&mut tx, today, SWEEP_BATCH).await?;
        let mut reminders = Vec::new();
        let mut cards = Vec::new();
        for r in &raised {
            let level = r.warning_level;
            let mut to: Vec<(i64, &'static str)> = r.handler_id.map(|h| (h, "handler")).into_iter().collect();
            if level >= 2 {
                to.extend(
                    cache.holders(&mut tx, "dept_head", r.org_unit_id, Some(r.department_id)).await?.into_iter().map(|u| (u, "dept_head")),
                );
                cards.push(store::cases::NewCard {
                    case_id: r.id,
                    org_unit_id: r.org_unit_id,
                    level: 2,
                    department_id: r.department_id,
                    user_id: r.handler_id,
                    issued_on: today,
                });
            }
            if level >= 3 {
                for role in ["supervisor", "leader"] {
                    to.extend(cache.holders(&mut tx, role, r.org_unit_id, None).await?.into_iter().map(|u| (u, role)));
                }
                cards.push(store::cases::NewCard { level: 3, ..cards.last().cloned().expect("the yellow card pushed above") });
            }
            to.sort_unstable();
            to.dedup_by_key(|x| x.0);
            for (user_id, recipient_role) in to {
                let base = store::cases::NewReminder {
                    case_id: r.id,
                    org_unit_id: r.org_unit_id,
                    level,
                    recipient_role,
                    user_id,
                    channel: "in_app",
                };
                if cache.phone(app, &mut tx, user_id).await?.is_some() {
                    reminders.push(store::cases::NewReminder { channel: "sms", ..base.clone() });
                }
                reminders.push(base);
            }
        }
        // Each reminder is recorded once (its unique key), each text sent once (its idempotency
        // key): a repeat of either is nothing.
        let (sms, in_app): (Vec<_>, Vec<_>) = reminders.into_iter().partition(|x| x.channel == "sms");
        report.reminders += usize::try_from(store::cases::insert_reminders(&mut tx, &in_app, now).await?).unwrap_or(0);
        store::cases::insert_reminders(&mut tx, &sms, now).await?;
        let by_id: HashMap<i64, &store::cases::Raised> = raised.iter().map(|r| (r.id, r)).collect();
        let texts: Vec<(i64, String, String, Sealed)> = sms
            .iter()
            .filter_map(|x| {
                let r = by_id.get(&x.case_id)?;
                let phone = cache.phones.get(&x.user_id).cloned().flatten()?;
                Some((r.org_unit_id, reminder_text(r), format!("case-remind-{}-{}-{}", x.case_id, x.level, x.user_id), phone))
            })
            .collect();
        let messages: Vec<store::outbox::NewOutbox<'_>> = texts
            .iter()
            .map(|(org_unit_id, body, key, phone)| store::outbox::NewOutbox {
                org_unit_id: *org_unit_id,
                kind: "case_reminder",
                phone_enc: &phone.0,
                phone_hash: &phone.1,
                phone_masked: &phone.2,
                body,
                idempotency_key: key,
            })
            .collect();
        report.texts += usize::try_from(store::outbox::insert_many(&mut tx, &messages, now).await?).unwrap_or(0);
        report.cards += usize::try_from(store::cases::insert_cards(&mut tx, &cards, now).await?).unwrap_or(0);
        tx.commit().await?;
        report.raised += raised.len();
        if i64::try_from(raised.len()).unwrap_or(0) < SWEEP_BATCH {
            break;
        }
    }
    if report.raised > 0 {
        tracing::info!(
            raised = report.raised,
            reminders = report.reminders,
            texts = report.texts,
            cards = report.cards,
            "supervision sweep"
        );
    }
    Ok(report)
}

pub(super) fn reminder_text(r: &store::cases::Raised) -> String {
    match Level::from_rank(r.warning_level) {
        Level::Remind => format!("【效能提醒】办件 {}（{}）即将到期，请抓紧办理。", r.case_no, r.item_name),
        Level::Yellow => format!("【黄牌预警】办件 {}（{}）已超过承诺时限，请立即办理并说明原因。", r.case_no, r.item_name),
        Level::Red | Level::None => format!("【红牌督办】办件 {}（{}）已超期未办结，已列入效能督办。", r.case_no, r.item_name),
    }
}
