//! `yichuang bench …`: the project's own measurements, printed as medians (docs/BENCHMARKS.md).

use std::time::{Duration, Instant};

use anyhow::Context;
use domain::calendar::{Calendar, bench_add_working_days, shipped};
use domain::search::synthetic::{synthetic_corpus, synthetic_queries};
use domain::search::{FieldText, SearchIndex};

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

/// Working-day arithmetic: `add_working_days` calls per second on one core.
pub fn calendar(rounds: usize, calls: u64) {
    let cal = Calendar::new(&shipped());
    let rates: Vec<f64> = (0..rounds)
        .map(|_| {
            let t = bench_add_working_days(&cal, calls);
            calls as f64 / t.as_secs_f64()
        })
        .collect();
    println!(
        "add_working_days: {calls} calls x {rounds} rounds; median {:.1} M calls/s (rounds: {})",
        median(rates.clone()) / 1e6,
        rates.iter().map(|r| format!("{:.1}", r / 1e6)).collect::<Vec<_>>().join(", ")
    );
}

/// Catalogue search over `n` synthetic items: index build time and per-query p50/p99.
pub fn search(n: usize, queries: usize, rounds: usize) {
    let corpus = synthetic_corpus(n, 7);
    let t = Instant::now();
    let mut index = SearchIndex::new();
    for (id, fields) in &corpus {
        let f: Vec<FieldText<'_>> = fields.iter().map(|(field, text)| FieldText { field: *field, text }).collect();
        index.upsert(*id, &f);
    }
    let build = t.elapsed();
    let qs = synthetic_queries(&corpus, queries, 11);
    let mut times = Vec::with_capacity(queries * rounds);
    let mut hits = 0usize;
    for _ in 0..rounds {
        for q in &qs {
            let t = Instant::now();
            hits += std::hint::black_box(index.search(q, 20)).len();
            times.push(t.elapsed());
        }
    }
    times.sort();
    println!(
        "search: {n} items, index built in {:.0} ms; {} queries x {rounds} rounds ({hits} hits): p50 {:.1} µs, p99 {:.1} µs, max {:.1} µs",
        build.as_secs_f64() * 1e3,
        qs.len(),
        percentile(&times, 0.5).as_secs_f64() * 1e6,
        percentile(&times, 0.99).as_secs_f64() * 1e6,
        times.last().map_or(0.0, |d| d.as_secs_f64() * 1e6),
    );
}

/// The public guide page served in-process over the demo (database read + render), per request.
pub async fn guide(requests: usize) -> anyhow::Result<()> {
    use tower::ServiceExt;
    let dir = std::env::temp_dir().join(format!("yichuang-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let app = crate::config::open_app(&format!("sqlite://{}", dir.join("bench.db").display()), &dir).await?;
    let ids = crate::demo::load(&app).await?;
    let items: Vec<i64> = ids.items.values().copied().collect();
    let router = web::router(web::AppState::new(app.clone()));
    let mut times = Vec::with_capacity(requests);
    for i in 0..requests + 50 {
        let id = items[i % items.len()];
        let req = axum::http::Request::get(format!("/guide/items/{id}")).body(axum::body::Body::empty()).context("request")?;
        let t = Instant::now();
        let res = router.clone().oneshot(req).await.context("router")?;
        let body = axum::body::to_bytes(res.into_body(), 1 << 20).await.context("body")?;
        let el = t.elapsed();
        std::hint::black_box(body);
        if i >= 50 {
            times.push(el);
        }
    }
    times.sort();
    println!(
        "guide page: {requests} requests over {} items (SQLite read + render, in-process): p50 {:.0} µs, p99 {:.0} µs",
        items.len(),
        percentile(&times, 0.5).as_secs_f64() * 1e6,
        percentile(&times, 0.99).as_secs_f64() * 1e6
    );
    app.db.close().await;
    let _ = std::fs::remove_dir_all(&dir);
    Ok(())
}
