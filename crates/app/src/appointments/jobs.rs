//! The appointment jobs: no-shows and reminder texts.

use std::collections::HashMap;

use chrono::{Duration, NaiveTime, Timelike};
use domain::appointments::{AppointmentStatus, Settings, instant, local};

use super::views::*;
use crate::outbox::messages::{NewMessage, enqueue};
use crate::support::audit::record;
use crate::{Actor, App, Result};

/// Marks as no-show every booking not checked in once its slot (and check-in window) is over;
/// returns how many. One audit row per site and run lists the bookings.
pub async fn mark_no_shows(app: &App) -> Result<u64> {
    let now = app.clock.now();
    let mut tx = app.write().await?;
    let rows = store::appointments::list_overdue(&mut tx, now, JOB_BATCH).await?;
    let mut settings: HashMap<i64, Settings> = HashMap::new();
    let mut marked: HashMap<i64, (String, Vec<i64>)> = HashMap::new();
    for a in rows {
        if let std::collections::hash_map::Entry::Vacant(e) = settings.entry(a.site_id) {
            e.insert(load_settings(&mut tx, a.site_id).await?);
        }
        let s = &settings[&a.site_id];
        if now >= s.no_show_at(a.slot_start, a.slot_end) && store::appointments::mark_no_show(&mut tx, a.id, now).await? {
            marked.entry(a.site_id).or_insert_with(|| (a.org_path.clone(), vec![])).1.push(a.id);
        }
    }
    let sys = Actor::system("appointments");
    let mut n = 0;
    for (site_id, (path, ids)) in &marked {
        n += ids.len() as u64;
        let after = serde_json::json!({ "status": AppointmentStatus::NoShow.code(), "ids": ids });
        record::<(), _>(app, &mut tx, &sys, "mark_appointment_no_show", "site", site_id, path, None, Some(&after)).await?;
    }
    tx.commit().await?;
    Ok(n)
}

/// Queues the day-before reminder of every booking for tomorrow made before today, once each
/// (between [`REMINDER_FROM_HOUR`] and [`REMINDER_UNTIL_HOUR`] local time); returns how many.
pub async fn send_reminders(app: &App) -> Result<u64> {
    let now = app.clock.now();
    let hour = local(now).hour();
    if !(REMINDER_FROM_HOUR..REMINDER_UNTIL_HOUR).contains(&hour) {
        return Ok(0);
    }
    let today = app.clock.today();
    let tomorrow = today + Duration::days(1);
    let start_of_today = instant(today, NaiveTime::MIN);
    let mut tx = app.write().await?;
    let rows = store::appointments::list_due_reminders(&mut tx, tomorrow, start_of_today, JOB_BATCH).await?;
    let mut settings: HashMap<i64, Settings> = HashMap::new();
    let mut n = 0;
    for a in rows {
        if let std::collections::hash_map::Entry::Vacant(e) = settings.entry(a.site_id) {
            e.insert(load_settings(&mut tx, a.site_id).await?);
        }
        let v = AppointmentView::from_row(&a, &settings[&a.site_id]);
        let phone = app.cipher.decrypt(&a.phone_enc)?;
        let body = booking_text(REMINDER, &v);
        let m = NewMessage {
            org_unit_id: a.org_unit_id,
            kind: "appointment_reminder",
            phone: &phone,
            body,
            idempotency_key: format!("appt-remind-{}", a.id),
        };
        enqueue(app, &mut tx, m).await?;
        if store::appointments::mark_reminded(&mut tx, a.id, now).await? {
            n += 1;
        }
    }
    tx.commit().await?;
    Ok(n)
}

/// The appointment job (spawned by `yichuang serve`): every five minutes marks no-shows and
/// queues reminders. Logs counts only.
pub async fn run_jobs(app: App) {
    let mut every = tokio::time::interval(JOB_EVERY);
    every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        every.tick().await;
        match mark_no_shows(&app).await {
            Ok(n) if n > 0 => tracing::info!(appointments.no_show = n, "marked {n} appointments as no-show"),
            Ok(_) => {}
            Err(e) => tracing::warn!(error = %e, "appointment no-show job failed"),
        }
        match send_reminders(&app).await {
            Ok(n) if n > 0 => tracing::info!(appointments.reminded = n, "queued {n} appointment reminders"),
            Ok(_) => {}
            Err(e) => tracing::warn!(error = %e, "appointment reminder job failed"),
        }
    }
}
