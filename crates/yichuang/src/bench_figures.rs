//! Figures benchmarks (docs/BENCHMARKS.md): a generator of years of history over the demo on
//! SQLite — cases (with their reminders and cards), case ratings with rectification orders, and
//! queue tickets — written with set-based SQL for speed; then the product's own aggregate builds
//! (`rating_days`, and the day roll-up of cases and tickets), a check of the aggregates against a
//! direct count, and the dashboard's views timed through the router.

use std::time::Instant;

use anyhow::{Context, bail};
use app::App;
use chrono::{NaiveDate, TimeZone, Utc};
use sqlx::Connection;
use sqlx::sqlite::SqliteConnection;

use crate::config::DbArgs;
use crate::demo::{DEMO_PASSWORD, fail};

fn app_on_day(app: &App, day: NaiveDate) -> App {
    let at = Utc.from_utc_datetime(&day.and_hms_opt(2, 0, 0).unwrap_or_default());
    App::new(
        app.db.clone(),
        app.cipher.clone(),
        app.files.clone(),
        app::Clock::Fixed(std::sync::Arc::new(std::sync::Mutex::new(at))),
        app.settings.clone(),
    )
}

async fn exec(c: &mut SqliteConnection, sql: &str) -> anyhow::Result<u64> {
    Ok(sqlx::query(sqlx::AssertSqlSafe(sql.to_owned()))
        .execute(&mut *c)
        .await
        .with_context(|| format!("running {}", &sql[..sql.len().min(80)]))?
        .rows_affected())
}

async fn count(c: &mut SqliteConnection, sql: &str) -> anyhow::Result<i64> {
    Ok(sqlx::query_scalar(sqlx::AssertSqlSafe(sql.to_owned())).fetch_one(&mut *c).await?)
}

/// Loads the demo (when empty) and generates, over the `days` working days before `today`:
/// `cases` cases (each item taken in at three windows, as a department's items are) (the last 30 days' half still open, the rest decided and completed, about one in
/// twelve late with a reminder and a yellow card), `ratings` ratings of completed cases (a few
/// bad, with their rectification orders) and `tickets` tickets at the windows of halls with a
/// queue; then builds the aggregates as the product does.
pub async fn seed(db: &DbArgs, cases: usize, ratings: usize, tickets: usize, days: usize, today: NaiveDate) -> anyhow::Result<()> {
    if db.database_url.as_deref().is_some_and(|u| !u.starts_with("sqlite")) {
        bail!("bench seed-figures writes SQLite directly; leave out --database-url");
    }
    let started = Instant::now();
    let app = app_on_day(&db.open().await?, today);
    if !crate::demo::is_loaded(&app).await? {
        crate::demo::load(&app).await?;
    }
    let cal = app::calendar::calendar(&app).await.map_err(fail)?;
    let mut tx = app.db.read().await?;
    let versions = store::catalog::list_current_versions(&mut tx, today).await?;
    let items = store::catalog::list_items(&mut tx).await?;
    let names = store::figures::names(&mut tx).await?;
    drop(tx);
    let mut item_rows = Vec::new();
    for v in &versions {
        let Some(item) = items.iter().find(|i| i.id == v.summary.item_id) else { continue };
        item_rows.push(format!(
            "({}, {}, {}, '{}', {}, {}, {})",
            item_rows.len(),
            item.id,
            v.summary.id,
            v.summary.name.replace('\'', "''"),
            item.department_id,
            v.summary.promised_days,
            v.summary.statutory_days.max(v.summary.promised_days)
        ));
    }
    // A window is staffed by one account; accounts with a staff record first.
    let mut users: Vec<(i64, Option<i64>)> = names.users.iter().map(|(id, (_, s))| (*id, *s)).collect();
    users.sort_by_key(|u| (u.1.is_none(), u.0));
    let mut slot_rows = Vec::new();
    for (wid, w) in names.windows.iter().filter(|(_, w)| w.active) {
        let org = names.sites.get(&w.site_id).map_or(0, |s| s.1);
        let (clerk, staff) = users[slot_rows.len() % users.len()];
        let approver = users[(slot_rows.len() * 7 + 3) % users.len()].0;
        slot_rows.push(format!(
            "({}, {}, {org}, {wid}, {clerk}, {}, {approver})",
            slot_rows.len(),
            w.site_id,
            staff.map_or_else(|| "null".to_owned(), |s| s.to_string())
        ));
    }
    let mut day_rows = Vec::new();
    let mut d = today;
    while day_rows.len() < days {
        d = d.pred_opt().context("date")?;
        if cal.is_working_day(d) {
            day_rows.push(format!("({}, '{d}')", days - 1 - day_rows.len()));
        }
    }
    let first_day = d;
    app.db.close().await;
    anyhow::ensure!(!item_rows.is_empty() && !slot_rows.is_empty(), "the demo has no items or windows");

    let path = db.data_dir.join("yichuang.db");
    let mut c = SqliteConnection::connect(&format!("sqlite://{}", path.display())).await?;
    for p in ["pragma journal_mode = wal", "pragma synchronous = off", "pragma cache_size = -1000000", "pragma temp_store = memory"] {
        exec(&mut c, p).await?;
    }
    exec(&mut c, "create temp table g_items (k integer primary key, item_id, version_id, name, dept, promised, statutory)").await?;
    exec(&mut c, &format!("insert into g_items values {}", item_rows.join(", "))).await?;
    exec(
        &mut c,
        "create temp table g_slots (k integer primary key, site_id, org_unit_id, window_id, clerk_id, staff_id, approver_id, category_id)",
    )
    .await?;
    exec(
        &mut c,
        &format!(
            "insert into g_slots (k, site_id, org_unit_id, window_id, clerk_id, staff_id, approver_id) values {}",
            slot_rows.join(", ")
        ),
    )
    .await?;
    exec(&mut c, "update g_slots set category_id = (select min(q.id) from queue_categories q where q.site_id = g_slots.site_id)").await?;
    exec(&mut c, "create temp table g_days (k integer primary key, day text)").await?;
    exec(&mut c, &format!("insert into g_days values {}", day_rows.join(", "))).await?;
    let (n_items, n_slots) = (item_rows.len(), slot_rows.len());
    let recent = (today - chrono::Duration::days(30)).to_string();
    let yesterday = today.pred_opt().context("date")?.to_string();

    // Cases, a million per transaction.
    let t = Instant::now();
    let chunk = 1_000_000usize;
    let mut done = 0usize;
    while done < cases {
        let n = chunk.min(cases - done);
        exec(&mut c, "begin").await?;
        exec(
            &mut c,
            &format!(
                "with recursive s(i) as (select {done} union all select i + 1 from s where i < {last}), \
                 x as (select s.i, d.day, it.item_id, it.version_id, it.name, it.dept, it.promised, it.statutory, \
                        sl.site_id, sl.org_unit_id, sl.window_id, sl.clerk_id, sl.approver_id, \
                        (s.i * 2654435761) % 1000 as r \
                       from s join g_days d on d.k = s.i * {days} / {cases} \
                       join g_items it on it.k = (s.i * 7919) % {n_items} join g_slots sl on sl.k = (((s.i * 7919) % {n_items}) * 7 + s.i % 3) % {n_slots}), \
                 y as (select x.*, \
                        x.day >= '{recent}' and x.r < 500 as open, \
                        date(x.day, '+' || (x.promised * 7 / 5) || ' days') as promised_deadline, \
                        date(x.day, '+' || (x.statutory * 7 / 5) || ' days') as statutory_deadline, \
                        min(date(x.day, '+' || (case when x.r < 80 then x.promised * 7 / 5 + 1 + x.r % 6 else (x.r % (x.promised * 7 / 5 + 1)) end) || ' days'), '{yesterday}') as decided_on \
                       from x) \
                 insert into cases (case_no, query_code, site_id, org_unit_id, item_id, item_version_id, item_name, department_id, case_kind, \
                   channel, status, applicant_kind, applicant_name, phone_enc, phone_hash, phone_masked, window_id, intake_user_id, accepted_by, \
                   accepted_on, reviewer_id, decided_by, decided_on, promised_days, statutory_days, promised_deadline, statutory_deadline, due_on, \
                   created_at, updated_at) \
                 select 'H' || printf('%010d', i), 'Q' || (i % 999983), site_id, org_unit_id, item_id, version_id, name, dept, \
                   case when promised = 0 then 'instant' else 'promise' end, case when r % 5 = 0 then 'online' else 'window' end, \
                   case when open then 'in_review' else 'completed' end, 'person', '申请人' || (i % 997), x'00', 'bench', '139****0000', \
                   window_id, clerk_id, clerk_id, day, approver_id, case when open then null else approver_id end, \
                   case when open then null else decided_on end, promised, statutory, promised_deadline, statutory_deadline, promised_deadline, \
                   strftime('%Y-%m-%dT%H:%M:%S+00:00', day, '+1 hours', '+' || (i % 28000) || ' seconds'), \
                   case when open then strftime('%Y-%m-%dT%H:%M:%S+00:00', day, '+2 hours') \
                     else strftime('%Y-%m-%dT%H:%M:%S+00:00', decided_on, '+26 hours', '+' || (i % 20000) || ' seconds') end \
                 from y",
                last = done + n - 1
            ),
        )
        .await?;
        exec(&mut c, "commit").await?;
        done += n;
        eprintln!("  cases: {done} of {cases} ({:.0} s)", t.elapsed().as_secs_f64());
    }
    // The open ones' warning levels, and a reminder and a yellow card for each late decision.
    exec(&mut c, "begin").await?;
    exec(
        &mut c,
        &format!(
            "insert into case_ladder (case_id, org_unit_id, department_id, handler_id, case_no, item_name, level) \
             select id, org_unit_id, department_id, reviewer_id, case_no, item_name, \
               case when statutory_deadline < '{today}' then 3 when promised_deadline < '{today}' then 2 else 0 end \
             from cases where case_no like 'H%' and status = 'in_review'"
        ),
    )
    .await?;
    exec(
        &mut c,
        "insert into case_reminders (case_id, org_unit_id, level, recipient_role, user_id, channel, created_at) \
         select id, org_unit_id, 2, 'handler', reviewer_id, 'in_app', strftime('%Y-%m-%dT%H:%M:%S+00:00', promised_deadline, '+25 hours') \
         from cases where case_no like 'H%' and decided_on > promised_deadline",
    )
    .await?;
    exec(
        &mut c,
        "insert into case_cards (case_id, org_unit_id, level, department_id, user_id, issued_on, created_at) \
         select id, org_unit_id, 2, department_id, reviewer_id, date(promised_deadline, '+1 day'), \
           strftime('%Y-%m-%dT%H:%M:%S+00:00', promised_deadline, '+25 hours') \
         from cases where case_no like 'H%' and decided_on > promised_deadline",
    )
    .await?;
    exec(&mut c, "commit").await?;
    eprintln!("  ladder, reminders, cards ({:.0} s)", t.elapsed().as_secs_f64());

    // Ratings of completed cases, spread over them; 1 % level 1, 1 % level 2, 3 % level 3.
    let completed = count(&mut c, "select count(*) from cases where case_no like 'H%' and status = 'completed'").await?;
    let every = (completed as f64 / ratings.max(1) as f64).max(1.0);
    exec(&mut c, "begin").await?;
    let rated = exec(
        &mut c,
        &format!(
            "insert into ratings (org_unit_id, site_id, case_id, window_id, staff_id, level, channel, rated_at, mode, served_on, department_id, \
               item_id, owner_user_id, real_name) \
             select org_unit_id, site_id, id, window_id, null, \
               case when (id * 31) % 100 < 1 then 1 when (id * 31) % 100 < 2 then 2 when (id * 31) % 100 < 5 then 3 \
                 when (id * 31) % 100 < 20 then 4 else 5 end, \
               case when channel = 'online' then 'portal' else 'kiosk' end, updated_at, \
               case when channel = 'online' then 'online' else 'onsite' end, date(decided_on, '+1 day'), department_id, item_id, \
               reviewer_id, id % 3 = 0 \
             from cases where case_no like 'H%' and status = 'completed' and cast(id / {every} as integer) <> cast((id - 1) / {every} as integer) \
             limit {ratings}"
        ),
    )
    .await?;
    exec(
        &mut c,
        "insert into rectification_orders (rating_id, org_unit_id, site_id, department_id, owner_user_id, status, real_name, opened_on, \
           verify_due_on, rectify_due_on, reply, replied_at, callback_at, closed_at, created_at, updated_at) \
         select g.id, g.org_unit_id, g.site_id, g.department_id, g.owner_user_id, \
           case when g.id % 20 = 0 then 'rectifying' else 'closed' end, g.real_name, g.served_on, date(g.served_on, '+1 day'), \
           date(g.served_on, '+7 days'), case when g.id % 20 = 0 then '' else '已整改' end, \
           case when g.id % 20 = 0 then null else g.rated_at end, \
           case when g.id % 20 = 0 or not g.real_name then null else g.rated_at end, \
           case when g.id % 20 = 0 then null else g.rated_at end, g.rated_at, g.rated_at \
         from ratings g where g.level <= 2 and g.case_id is not null",
    )
    .await?;
    exec(&mut c, "commit").await?;
    eprintln!("  {rated} ratings ({:.0} s)", t.elapsed().as_secs_f64());

    // Tickets at the windows of halls with a queue.
    let queue_slots = count(&mut c, "select count(*) from g_slots where category_id is not null").await?;
    if queue_slots > 0 && tickets > 0 {
        exec(&mut c, "create temp table g_qslots as select row_number() over (order by k) - 1 as k, site_id, org_unit_id, window_id, staff_id, category_id from g_slots where category_id is not null").await?;
        let mut done = 0usize;
        while done < tickets {
            let n = chunk.min(tickets - done);
            exec(&mut c, "begin").await?;
            exec(
                &mut c,
                &format!(
                    "with recursive s(i) as (select {done} union all select i + 1 from s where i < {last}), \
                     x as (select s.i, d.day, q.site_id, q.org_unit_id, q.window_id, q.staff_id, q.category_id, \
                            strftime('%Y-%m-%dT%H:%M:%S+00:00', d.day, '+1 hours', '+' || (s.i % 27000) || ' seconds') as issued_at, \
                            60 + (s.i * 37) % 2400 as wait, 120 + (s.i * 53) % 1200 as service \
                           from s join g_days d on d.k = s.i * {days} / {tickets} join g_qslots q on q.k = (s.i * 7 + s.i / 101) % {queue_slots}) \
                     insert into tickets (site_id, org_unit_id, category_id, day, seq, ticket_no, channel, priority, status, rank_at, issued_at, \
                       called_at, first_called_at, finished_at, window_id, staff_id, follow_code, updated_at) \
                     select site_id, org_unit_id, category_id, day, i, 'H' || i, 'kiosk', 'normal', case when i % 20 = 0 then 'no_show' else 'done' end, \
                       issued_at, issued_at, strftime('%Y-%m-%dT%H:%M:%S+00:00', issued_at, '+' || wait || ' seconds'), \
                       strftime('%Y-%m-%dT%H:%M:%S+00:00', issued_at, '+' || wait || ' seconds'), \
                       strftime('%Y-%m-%dT%H:%M:%S+00:00', issued_at, '+' || (wait + service) || ' seconds'), window_id, staff_id, 'HB' || i, issued_at \
                     from x",
                    last = done + n - 1
                ),
            )
            .await?;
            exec(&mut c, "commit").await?;
            done += n;
            eprintln!("  tickets: {done} of {tickets} ({:.0} s)", t.elapsed().as_secs_f64());
        }
    }
    exec(&mut c, "analyze").await?;
    c.close().await?;
    let generated = started.elapsed();

    println!(
        "seeded {cases} cases, {rated} ratings, {tickets} tickets over {days} working days ({first_day} .. {yesterday}) in {:.0} s",
        generated.as_secs_f64()
    );
    rebuild(db, today).await
}

/// Builds the aggregates as the product does — `rating_days` and `rating_months` recounted, every
/// day rolled up again (with its months) — timed, then checks them against direct counts.
pub async fn rebuild(db: &DbArgs, today: NaiveDate) -> anyhow::Result<()> {
    let app = app_on_day(&db.open().await?, today);
    let t = Instant::now();
    let mut tx = app.db.begin().await?;
    let rows = store::ratings::rebuild_days(&mut tx).await?;
    tx.commit().await?;
    let rating_s = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let rolled = app::figures::rebuild(&app).await.map_err(fail)?;
    let roll_s = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let overdue = app::figures::refresh_overdue(&app).await.map_err(fail)?;
    println!("overdue snapshot ({overdue} rows) taken in {:.0} ms", t.elapsed().as_secs_f64() * 1e3);
    println!("rating_days rebuilt ({rows} rows) in {rating_s:.1} s; {rolled} days rolled up in {roll_s:.1} s");
    check(&app, today - chrono::Duration::days(365), today).await?;
    app.db.close().await;
    Ok(())
}

/// The aggregates against direct counts over the base tables, over the last year.
async fn check(app: &App, from: NaiveDate, today: NaiveDate) -> anyhow::Result<()> {
    let sys = app::Actor::system("bench");
    let (f, t) = (from.to_string(), today.to_string());
    let d = app::figures::dashboard(app, &sys, &app::figures::Ask { scope: None, by: Some("site"), from: Some(&f), to: Some(&t) })
        .await
        .map_err(fail)?;
    let mut tx = app.db.read().await?;
    let direct = store::figures::case_facts(&mut tx, from, today, app::cst()).await?;
    let sum = direct.values().fold(store::figures::CaseCounts::default(), |a, c| a.plus(c));
    let stored = store::ratings::rating_days(&mut tx).await?.iter().fold(store::ratings::Counts::default(), |a, r| a.plus(&r.counts));
    let recount = store::ratings::recount_days(&mut tx).await?;
    let fresh = recount.iter().fold(store::ratings::Counts::default(), |a, r| a.plus(&r.counts));
    let in_period = recount
        .iter()
        .filter(|r| r.key.day >= from && r.key.day <= today)
        .fold(store::ratings::Counts::default(), |a, r| a.plus(&r.counts));
    drop(tx);
    let c = &d.total.cases;
    anyhow::ensure!(
        (c.accepted, c.decided, c.completed, c.overdue_decided) == (sum.accepted, sum.decided, sum.completed, sum.late),
        "the dashboard's case figures {c:?} differ from a direct count {sum:?}"
    );
    anyhow::ensure!(stored == fresh, "rating_days differ from a recount");
    anyhow::ensure!(
        d.total.ratings.ratings == in_period.n,
        "the dashboard counts {} ratings, a recount {}",
        d.total.ratings.ratings,
        in_period.n
    );
    println!(
        "check: the dashboard over {f} .. {t} equals a direct count: {} accepted, {} decided ({} late), {} completed, {} ratings",
        c.accepted, c.decided, c.overdue_decided, c.completed, in_period.n
    );
    Ok(())
}

/// Every dashboard view through the router, in-process, as the demo's leader: p50 and max over
/// `requests` each, after two warm-up requests.
pub async fn views(db: &DbArgs, today: NaiveDate, requests: usize) -> anyhow::Result<()> {
    let app = app_on_day(&db.open().await?, today);
    let login = app::accounts::login(&app, "leader", DEMO_PASSWORD).await.map_err(fail)?;
    let router = web::router(web::AppState::new(app.clone()));
    let year = (today - chrono::Duration::days(364)).to_string();
    let month_start = today.format("%Y-%m-01").to_string();
    let last_month = (today.format("%Y-%m-01").to_string().parse::<NaiveDate>()?.pred_opt().context("date")?).format("%Y-%m").to_string();
    let mut paths = Vec::new();
    for by in ["banner", "town", "site", "department", "window", "staff"] {
        paths.push(format!("/api/v1/figures?by={by}&from={year}&to={today}"));
        paths.push(format!("/api/v1/figures?by={by}&from={month_start}&to={today}"));
    }
    paths.push(format!("/api/v1/figures/ranking?month={last_month}"));
    paths.push(format!("/figures?by=site&from={year}&to={today}"));
    paths.push(format!("/figures/report?month={last_month}"));
    paths.push(format!("/api/v1/figures.xlsx?by=window&from={year}&to={today}"));
    let mut worst = 0f64;
    for path in &paths {
        let times = crate::bench_cases::time_gets(&router, path, &login.token, requests).await?;
        let pct = |p: f64| crate::bench_cases::percentile_ms(&times, p);
        worst = worst.max(pct(0.5));
        println!("{path}: p50 {:.1} ms, max {:.1} ms", pct(0.5), pct(1.0));
    }
    println!("slowest view p50: {worst:.1} ms");
    app.db.close().await;
    Ok(())
}
