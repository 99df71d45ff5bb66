//! Rolling past business days up into the figures' day tables.

use std::collections::BTreeMap;

use super::compute::*;
use crate::{App, Result, cst};

/// Counts the open cases past their limits now into the overdue snapshot the dashboard reads
/// (after each supervision sweep, which is what raises levels).
pub async fn refresh_overdue(app: &App) -> Result<u64> {
    let mut tx = app.write().await?;
    let n = store::figures::take_overdue_snapshot(&mut tx, app.clock.today(), app.clock.now()).await?;
    tx.commit().await?;
    Ok(n)
}

/// Rolls up every business day that ended more than ten minutes ago and is not rolled up yet, at most `max_days` per call, a
/// week per transaction; returns the days rolled up.
pub async fn roll_up(app: &App, max_days: i64) -> Result<i64> {
    let today = app.clock.today();
    let through = {
        let mut tx = app.read().await?;
        match store::figures::rolled_through(&mut tx).await? {
            Some(d) => d,
            None => match store::figures::first_day(&mut tx).await? {
                Some(d) => d.pred_opt().unwrap_or(d),
                None => today.pred_opt().unwrap_or(today),
            },
        }
    };
    let mut from = through.succ_opt().unwrap_or(through);
    // A day is rolled up ten minutes after it ends, when every write dated on it has committed.
    let settled = (app.clock.now() - chrono::Duration::minutes(10)).with_timezone(&cst()).date_naive();
    let last = settled.pred_opt().unwrap_or(settled);
    let mut done = 0;
    while from <= last && done < max_days {
        let to = (from + chrono::Duration::days((max_days - done - 1).clamp(0, 6))).min(last);
        // The days are over, so their facts are counted outside the write transaction, which then
        // only replaces the rows (the hall's writes wait for the writer no longer than that).
        let (cases, queue) = {
            let mut tx = app.read().await?;
            (store::figures::case_facts(&mut tx, from, to, cst()).await?, store::figures::queue_facts(&mut tx, from, to).await?)
        };
        let mut tx = app.write().await?;
        store::figures::replace_days(&mut tx, from, to, &cases, &queue).await?;
        store::figures::rebuild_months(&mut tx, month_start(from), month_start(to)).await?;
        store::figures::set_rolled_through(&mut tx, to, app.clock.now()).await?;
        tx.commit().await?;
        done += (to - from).num_days() + 1;
        from = to.succ_opt().unwrap_or(to);
    }
    Ok(done)
}

/// Rolls up every day again from the first (after an import, or to check the roll-up).
pub async fn rebuild(app: &App) -> Result<i64> {
    {
        let mut tx = app.write().await?;
        let first = store::figures::first_day(&mut tx).await?;
        let today = app.clock.today();
        let start = first.unwrap_or(today);
        store::figures::replace_days(&mut tx, start, today, &BTreeMap::new(), &BTreeMap::new()).await?;
        store::figures::set_rolled_through(&mut tx, start.pred_opt().unwrap_or(start), app.clock.now()).await?;
        tx.commit().await?;
    }
    roll_up(app, i64::MAX).await
}

// ---------------------------------------------------------------- grouping helpers
