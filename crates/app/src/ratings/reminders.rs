//! Re-inviting unrated cases and sweeping overdue rectification orders.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use domain::ratings::{self as r};
use serde::Serialize;
use utoipa::ToSchema;

use super::rate::*;
use crate::{App, Result, cst};

/// Days after a case became due for its re-invitation in which one is still sent (catch-up).
pub(super) const REMIND_CATCH_UP_DAYS: i64 = 7;

/// Sends the second invitation to rate (短信邀评) to applicants of cases completed at least the
/// policy's `remind_after_days` ago and still inside its late-rating window, unrated and not yet
/// reminded; once per case (outbox key `rate-remind-{id}`). Answers how many were queued.
pub async fn remind_unrated(app: &App) -> Result<u64> {
    let now = app.clock.now();
    let mut queued = 0;
    let mut after = 0;
    // Cases become due at their policy's delay, and the loop runs every few minutes, so it looks
    // back only over the longest delay in force plus a week of catch-up (a server that was down),
    // not over every completed case; each case is then judged by its own org unit's policy.
    let longest = {
        let mut tx = app.read().await?;
        store::ratings::max_remind_after_days(&mut tx).await?.unwrap_or(0).max(i64::from(r::Policy::default().remind_after_days))
    };
    let (from, to) = (now - chrono::Duration::days(longest + REMIND_CATCH_UP_DAYS + 1), now - chrono::Duration::days(1));
    let today = app.clock.today();
    loop {
        let mut tx = app.read().await?;
        let batch = store::ratings::unrated_completed(&mut tx, from, to, after, 500).await?;
        let mut policies: BTreeMap<String, r::Policy> = BTreeMap::new();
        let mut due = Vec::new();
        for k in &batch {
            let p = match policies.get(&k.org_path) {
                Some(p) => *p,
                None => {
                    let p = policy_in(&mut tx, &k.org_path).await?;
                    policies.insert(k.org_path.clone(), p);
                    p
                }
            };
            let ended = k.updated_at.with_timezone(&cst()).date_naive();
            let waited = (today - ended).num_days();
            if waited >= i64::from(p.remind_after_days) && p.may_rate(ended, today) {
                due.push(k);
            }
        }
        drop(tx);
        if !due.is_empty() {
            let mut tx = app.write().await?;
            for k in due {
                let phone = app.cipher.decrypt(&k.phone_enc)?;
                let body =
                    format!("{}{}", crate::cases::notices::completed_text(&k.item_name, &k.case_no), crate::cases::notices::RATE_HINT);
                let m = crate::outbox::messages::NewMessage {
                    org_unit_id: k.org_unit_id,
                    kind: "rating_invite",
                    phone: &phone,
                    body,
                    idempotency_key: format!("rate-remind-{}", k.id),
                };
                crate::outbox::messages::enqueue(app, &mut tx, m).await?;
                queued += 1;
            }
            tx.commit().await?;
        }
        match batch.last() {
            Some(k) if batch.len() == 500 => after = k.id,
            _ => break,
        }
    }
    if queued > 0 {
        tracing::info!(queued, "invited applicants of unrated cases to rate again");
    }
    Ok(queued)
}

// ---------------------------------------------------------------- overdue orders

/// What one sweep of overdue orders did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, ToSchema)]
pub struct OrderSweep {
    /// Open orders past a deadline.
    pub overdue: usize,
    /// Reminders recorded (in-app and SMS), each once per order, level and person.
    pub reminders: usize,
    /// Texts queued.
    pub texts: usize,
}

/// The level an overdue order stands at on `today` (local policy, like the cases' ladder): 1 (提醒)
/// while only the verification is late, 2 (黄牌) once the rectification deadline has passed, 3
/// (红牌) two working days after that.
pub fn order_level(cal: &domain::calendar::Calendar, o: &store::ratings::OverdueOrder, today: NaiveDate) -> i64 {
    if o.rectify_due_on >= today {
        1
    } else if cal.add_working_days(o.rectify_due_on, 2) < today {
        3
    } else {
        2
    }
}

/// Overdue rectification orders join the three-level supervision: level 1 reaches the owner,
/// level 2 also the department's heads, level 3 also the supervision office and leadership; each
/// in-app and, where the person has a mobile on record, by text, once per order, level and person.
pub async fn sweep_orders(app: &App) -> Result<OrderSweep> {
    let today = app.clock.today();
    let cal = crate::calendar::days::calendar(app).await?;
    let mut tx = app.read().await?;
    let overdue = store::ratings::overdue_orders(&mut tx, today).await?;
    let mut rows = Vec::new();
    let mut phones: BTreeMap<i64, Option<Vec<u8>>> = BTreeMap::new();
    for o in &overdue {
        let level = order_level(&cal, o, today);
        let mut to: Vec<(i64, &'static str)> = o.owner_user_id.map(|u| (u, "owner")).into_iter().collect();
        if level >= 2 {
            let heads = store::cases::users_with_role(&mut tx, "dept_head", &o.org_path, o.department_id).await?;
            to.extend(heads.into_iter().map(|u| (u, "dept_head")));
        }
        if level >= 3 {
            for role in ["supervisor", "leader"] {
                let people = store::cases::users_with_role(&mut tx, role, &o.org_path, None).await?;
                to.extend(people.into_iter().map(|u| (u, role)));
            }
        }
        to.sort_unstable();
        to.dedup_by_key(|x| x.0);
        for (user_id, role) in to {
            let base = store::ratings::NewOrderReminder {
                order_id: o.id,
                org_unit_id: o.org_unit_id,
                level,
                recipient_role: role,
                user_id,
                channel: "in_app",
            };
            if let std::collections::btree_map::Entry::Vacant(e) = phones.entry(user_id) {
                e.insert(store::cases::user_phone_enc(&mut tx, user_id).await?);
            }
            if phones.get(&user_id).is_some_and(Option::is_some) {
                rows.push(store::ratings::NewOrderReminder { channel: "sms", ..base.clone() });
            }
            rows.push(base);
        }
    }
    drop(tx);
    let mut report = OrderSweep { overdue: overdue.len(), ..OrderSweep::default() };
    if rows.is_empty() {
        return Ok(report);
    }
    let now = app.clock.now();
    let mut tx = app.write().await?;
    let fresh = store::ratings::insert_order_reminders(&mut tx, &rows, now).await?;
    report.reminders = fresh.len();
    for r in fresh.iter().filter(|r| r.channel == "sms") {
        let Some(Some(enc)) = phones.get(&r.user_id) else { continue };
        let phone = app.cipher.decrypt(enc)?;
        let body = match r.level {
            1 => format!("【差评整改提醒】整改单 {} 核实已超期，请尽快核实并整改。", r.order_id),
            2 => format!("【差评整改黄牌】整改单 {} 已超过整改时限，请督促办理并回复评价人。", r.order_id),
            _ => format!("【差评整改红牌】整改单 {} 超期未整改，已列入效能督办。", r.order_id),
        };
        let m = crate::outbox::messages::NewMessage {
            org_unit_id: r.org_unit_id,
            kind: "rectification_reminder",
            phone: &phone,
            body,
            idempotency_key: format!("order-remind-{}-{}-{}", r.order_id, r.level, r.user_id),
        };
        crate::outbox::messages::enqueue(app, &mut tx, m).await?;
        report.texts += 1;
    }
    tx.commit().await?;
    if report.reminders > 0 {
        tracing::info!(overdue = report.overdue, reminders = report.reminders, texts = report.texts, "rectification order sweep");
    }
    Ok(report)
}
