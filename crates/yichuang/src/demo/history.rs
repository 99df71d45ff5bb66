//! The demo's past (`demo/history.json`): about ninety days of hall life before today, generated
//! from the file's parameters with its fixed seed — visits by weekday and hour at every hall that
//! takes tickets, each called and served or missed at a seated window; ratings with some bad ones
//! and their rectification orders in every state; cases from the visits through every end (on
//! time, late, not accepted, in a special procedure, open past their limits with reminders and
//! cards); work orders from the hotline and the 办不成事 window. Written in bulk through
//! `store::history`, then the figures are rebuilt by the product's own roll-up, so what the
//! dashboard shows is what a direct count of the rows gives.

use std::collections::{BTreeMap, HashMap};

use anyhow::Context;
use app::App;
use chrono::{Datelike, Duration, NaiveDate, Weekday};
use domain::cases::{Ladder, Level, warning};
use domain::clock::CaseClock;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use store::history::*;

use super::data::fail;
use super::history_model::*;
use super::history_read::{read_halls, work_orders};

/// The parameters file, embedded like the other demo files.
pub const HISTORY_JSON: &[u8] = include_bytes!("../../demo/history.json");

/// What the history wrote.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct HistoryCounts {
    pub tickets: usize,
    pub ratings: usize,
    pub orders: usize,
    pub cases: usize,
    pub work_orders: usize,
    pub days_rolled_up: i64,
}

/// Generates and writes the demo's past into a freshly loaded demo, then rolls the figures up.
pub async fn load_history(app: &App) -> anyhow::Result<HistoryCounts> {
    let p: Params = serde_json::from_slice(HISTORY_JSON).context("demo/history.json")?;
    let mut rng = StdRng::seed_from_u64(p.seed);
    let today = app.clock.today();
    let cal = app::calendar::calendar(app).await.map_err(fail)?;
    let ladder = Ladder::default();
    let (halls, items, clerk_names) = read_halls(app, &p, today).await?;
    anyhow::ensure!(!halls.is_empty() && !items.is_empty(), "the demo has no hall or no 承诺件 for its history");
    let phone = |rng: &mut StdRng| {
        let digits =
            format!("1{}{:09}", ["39", "58", "87", "52", "98"][rng.gen_range(0..5)], rng.gen_range(0..1_000_000_000u64) % 1_000_000_000);
        let plain = &digits[..11];
        let masked = domain::validate::Mobile::parse("phone", plain).map(|m| m.masked()).unwrap_or_default();
        (app.cipher.encrypt(plain), app.cipher.blind_index("phone", plain), masked)
    };
    let name = |rng: &mut StdRng| {
        let n = &p.applicants;
        format!("{}{}", n.surnames[rng.gen_range(0..n.surnames.len())], n.given[rng.gen_range(0..n.given.len())])
    };

    let mut tickets = Vec::new();
    // For each ticket: (hall index, seat index, outcome, category items).
    let mut visits = Vec::new();
    let first = today - Duration::days(p.days);
    let mut day = first;
    let mut follow = 0u64;
    while day < today {
        let weekend = matches!(day.weekday(), Weekday::Sat | Weekday::Sun);
        let working = cal.is_working_day(day);
        for (hi, h) in halls.iter().enumerate() {
            let hours = if working {
                &h.weekday
            } else if weekend {
                &h.weekend
            } else {
                continue;
            };
            if hours.spans.is_empty() || h.seats.is_empty() || h.categories.is_empty() {
                continue;
            }
            let factor = if working {
                p.weekday_factor.get(day.weekday().num_days_from_monday() as usize).copied().unwrap_or(1.0)
            } else {
                p.weekend_share
            };
            let n = count(&mut rng, h.per_day * factor);
            // Issue times: an hour by weight among the open hours, a minute within it.
            let open_hours: BTreeMap<String, f64> = p
                .hour_weights
                .iter()
                .filter(|(hr, _)| hours.spans.iter().any(|(a, b)| u32::from(*a) < (**hr + 1) * 60 && u32::from(*b) > **hr * 60))
                .map(|(hr, w)| (hr.to_string(), *w))
                .collect();
            if open_hours.is_empty() {
                continue;
            }
            let mut issued: Vec<(i64, usize)> = (0..n)
                .map(|_| {
                    let hr: i64 = pick(&mut rng, &open_hours).parse().unwrap_or(9);
                    let m = hr * 60 + rng.gen_range(0..60);
                    let m = hours
                        .spans
                        .iter()
                        .map(|(a, b)| m.clamp(i64::from(*a), i64::from(*b) - 20))
                        .min_by_key(|c| (c - m).abs())
                        .unwrap_or(m);
                    (m, rng.gen_range(0..h.categories.len()))
                })
                .collect();
            issued.sort_unstable();
            let mut seq_of: HashMap<usize, i64> = HashMap::new();
            for (minute, ci) in issued {
                let (category_id, prefix, cat_items) = &h.categories[ci];
                let seq = seq_of.entry(ci).or_insert(0);
                *seq += 1;
                let issued_at = at(day, minute);
                let called_at = issued_at + Duration::seconds(minutes(&mut rng, &p.wait_minutes));
                let no_show = rng.gen_bool(p.no_show_share);
                let finished_at = called_at + Duration::seconds(if no_show { 90 } else { minutes(&mut rng, &p.service_minutes) });
                let si = rng.gen_range(0..h.seats.len());
                let seat = &h.seats[si];
                let outcome = if no_show { None } else { Some(pick(&mut rng, &p.outcomes)) };
                let channel = pick(&mut rng, &p.channels);
                follow += 1;
                tickets.push(PastTicket {
                    site_id: h.site_id,
                    org_unit_id: h.org_unit_id,
                    category_id: *category_id,
                    day,
                    seq: *seq,
                    ticket_no: format!("{prefix}{:03}", *seq),
                    channel: static_code(channel),
                    priority: if channel == "appointment" {
                        "appointment"
                    } else if rng.gen_bool(p.elderly_share) {
                        "elderly"
                    } else {
                        "normal"
                    },
                    status: if no_show { "no_show" } else { "done" },
                    issued_at,
                    called_at,
                    finished_at,
                    window_id: seat.window_id,
                    staff_id: Some(seat.staff_id),
                    outcome: outcome.map(static_code),
                    item_id: (!cat_items.is_empty()).then(|| cat_items[rng.gen_range(0..cat_items.len())]),
                    follow_code: format!("h{:011x}{:012x}", p.seed % 0xfff_ffff_ffff, follow),
                    caller: seat.username.clone(),
                });
                visits.push((hi, si));
            }
        }
        day = day.succ_opt().context("date")?;
    }

    let mut tx = app.db.begin().await?;
    let ticket_ids = store::history::insert_tickets(&mut tx, &tickets).await?;

    // Cases: from visits whose outcome was 已受理, for a promise item of the seat's department
    // (any promise item when the department has none).
    let by_dept: HashMap<i64, Vec<usize>> = items.iter().enumerate().fold(HashMap::new(), |mut m, (i, it)| {
        m.entry(it.department_id).or_default().push(i);
        m
    });
    let yesterday = today.pred_opt().context("date")?;
    let mut cases = Vec::new();
    let mut case_seq: HashMap<(i64, NaiveDate), i64> = HashMap::new();
    let mut case_of_ticket: HashMap<usize, usize> = HashMap::new();
    for (ti, t) in tickets.iter().enumerate() {
        if t.outcome != Some("accepted") {
            continue;
        }
        let (hi, si) = visits[ti];
        let seat = &halls[hi].seats[si];
        let pool = by_dept.get(&seat.department_id).filter(|v| !v.is_empty());
        let it = &items[match pool {
            Some(v) => v[rng.gen_range(0..v.len())],
            None => rng.gen_range(0..items.len()),
        }];
        let seq = case_seq.entry((t.site_id, t.day)).or_insert(0);
        *seq += 1;
        let age = (today - t.day).num_days();
        let outcome = match pick(&mut rng, &p.case_outcomes) {
            // A case stays open past its limit or in a special procedure for weeks, not months.
            "overdue_open" if age > 30 => "late",
            "special" if age > 40 => "on_time",
            o => o,
        };
        let accepted_on = t.day;
        let clock = CaseClock::new(accepted_on, it.promised, it.statutory.max(it.promised));
        let promised_deadline = clock.promised_deadline(&cal);
        let statutory_deadline = clock.statutory_deadline(&cal);
        let handler = it.reviewer.or(seat.user_id);
        let accepted_at = t.finished_at;
        let who = |u: Option<i64>| u.and_then(|u| clerk_names.get(&u).cloned()).unwrap_or_else(|| "system:demo".to_owned());
        let step = |at, action, from, to, user_id: Option<i64>, note: &str| PastStep {
            at,
            action,
            from_status: from,
            to_status: to,
            user_id,
            actor: who(user_id),
            note: note.to_owned(),
        };
        let mut c = PastCase {
            case_no: domain::cases::case_no(t.site_id, t.day, *seq),
            query_code: app::cases::query_code(),
            site_id: t.site_id,
            org_unit_id: t.org_unit_id,
            item_id: it.item_id,
            item_version_id: it.version_id,
            item_name: it.name.clone(),
            department_id: it.department_id,
            status: "in_review",
            applicant_name: name(&mut rng),
            phone: phone(&mut rng),
            ticket_id: Some(ticket_ids[ti]),
            window_id: Some(seat.window_id),
            clerk_id: seat.user_id,
            accepted_on: Some(accepted_on),
            reviewer_id: it.reviewer,
            decided_by: None,
            decided_on: None,
            decision_reason: None,
            promised_days: i64::from(it.promised),
            statutory_days: i64::from(it.statutory.max(it.promised)),
            promised_deadline,
            statutory_deadline,
            created_at: t.called_at,
            updated_at: accepted_at,
            steps: vec![step(accepted_at, "accept", "received", "accepted", seat.user_id, "")],
            ladder: None,
            reminders: vec![],
            cards: vec![],
            special: None,
        };
        let deadline = promised_deadline.unwrap_or(accepted_on);
        // The working day the case was decided: within its limit, or after it.
        let decided = match outcome {
            "on_time" => Some(cal.add_working_days(accepted_on, rng.gen_range(1..=it.promised.max(1)))),
            "late" => Some(cal.add_working_days(deadline, rng.gen_range(1..=4))),
            _ => None,
        }
        .filter(|d| *d < today);
        match (outcome, decided) {
            ("not_accepted", _) => {
                c.status = "not_accepted";
                c.accepted_on = None;
                c.promised_deadline = None;
                c.statutory_deadline = None;
                c.decided_by = seat.user_id;
                c.decided_on = Some(t.day);
                c.decision_reason = Some("申请事项不属于本机关职权范围，已告知向有关机关申请".to_owned());
                c.steps = vec![step(accepted_at, "reject", "received", "not_accepted", seat.user_id, "不属于本机关职权范围")];
            }
            (_, Some(d)) => {
                let review = at(cal.add_working_days(accepted_on, 1).min(d), 10 * 60);
                let decided_at = at(d, 15 * 60 + rng.gen_range(0..120));
                let done_at = decided_at + Duration::minutes(rng.gen_range(20..180));
                c.status = "completed";
                c.decided_by = handler;
                c.decided_on = Some(d);
                c.updated_at = done_at;
                c.steps.push(step(review.max(accepted_at), "start_review", "accepted", "in_review", handler, ""));
                c.steps.push(step(decided_at, "approve", "in_review", "approved", handler, "符合条件，准予许可"));
                c.steps.push(step(done_at, "complete", "approved", "completed", handler, "已出件，窗口领取"));
                if d > deadline {
                    // The levels it reached while its clock ran, up to the day it was decided.
                    let w = warning(&cal, &ladder, &clock, None, d);
                    add_ladder_history(&mut c, &w, d, handler);
                }
            }
            ("special", _) => {
                let start = cal.add_working_days(accepted_on, 1).min(yesterday);
                let kind = p.special_types[rng.gen_range(0..p.special_types.len())].clone();
                c.status = "special_procedure";
                c.steps.push(step(at(start, 10 * 60), "start_special", "in_review", "special_procedure", handler, &kind));
                c.special = Some((kind, i64::from(rng.gen_range(5..=20u32)), start));
                c.ladder = Some(app::cases::ladder_state(&domain::cases::Warning {
                    level: Level::None,
                    remind_on: None,
                    yellow_on: None,
                    red_on: None,
                }));
            }
            _ => {
                // Still open: in review, perhaps past its limit (the ladder as yesterday's sweep left it).
                let w = warning(&cal, &ladder, &clock, None, yesterday);
                c.steps.push(step(
                    at(cal.add_working_days(accepted_on, 1).min(yesterday), 10 * 60),
                    "start_review",
                    "accepted",
                    "in_review",
                    handler,
                    "",
                ));
                add_ladder_history(&mut c, &w, yesterday, handler);
                c.ladder = Some(app::cases::ladder_state(&w));
            }
        }
        case_of_ticket.insert(ti, cases.len());
        cases.push(c);
    }
    let case_ids = store::history::insert_cases(&mut tx, &cases).await?;

    // Ratings of served visits (a case's visit rates the case), bad ones with their orders.
    let levels: BTreeMap<String, f64> = p.levels.iter().enumerate().map(|(i, w)| ((i + 1).to_string(), *w)).collect();
    let mut ratings = Vec::new();
    for (ti, t) in tickets.iter().enumerate() {
        if t.status != "done" || !rng.gen_bool(p.rating_share) {
            continue;
        }
        let (hi, si) = visits[ti];
        let seat = &halls[hi].seats[si];
        let level: i64 = pick(&mut rng, &levels).parse().unwrap_or(5);
        let mode = domain::ratings::Mode::Onsite;
        let pool = domain::ratings::reasons(mode, level);
        let reasons: Vec<&str> = if pool.is_empty() { vec![] } else { vec![pool[rng.gen_range(0..pool.len())].0] };
        let comments = p.comments.get(&level.to_string()).filter(|c| !c.is_empty());
        let comment = match comments {
            Some(c) if level <= 2 || rng.gen_bool(0.2) => c[rng.gen_range(0..c.len())].clone(),
            _ => String::new(),
        };
        let case = case_of_ticket.get(&ti).map(|ci| (case_ids[*ci], &cases[*ci]));
        ratings.push(PastRating {
            org_unit_id: t.org_unit_id,
            site_id: t.site_id,
            ticket_id: Some(ticket_ids[ti]),
            case_id: None,
            window_id: Some(t.window_id),
            staff_id: t.staff_id,
            department_id: Some(case.map_or(seat.department_id, |c| c.1.department_id)),
            item_id: case.map(|c| c.1.item_id).or(t.item_id),
            owner_user_id: seat.user_id,
            level,
            final_level: None,
            mode: "onsite",
            channel: "pad",
            reasons: serde_json::to_string(&reasons)?,
            comment,
            real_name: level <= 2 && rng.gen_bool(p.real_name_share),
            served_on: t.day,
            rated_at: t.finished_at + Duration::seconds(rng.gen_range(5..60)),
            rerated_at: None,
            excluded: false,
        });
    }
    // 一事一评: about half of the completed cases are rated online after the text message.
    for (c, id) in cases.iter().zip(&case_ids) {
        if c.status != "completed" || !rng.gen_bool(p.case_rating_share) {
            continue;
        }
        let level: i64 = pick(&mut rng, &levels).parse().unwrap_or(5);
        let pool = domain::ratings::reasons(domain::ratings::Mode::Online, level);
        let reasons: Vec<&str> = if pool.is_empty() { vec![] } else { vec![pool[rng.gen_range(0..pool.len())].0] };
        let comment = match p.comments.get(&level.to_string()).filter(|c| !c.is_empty()) {
            Some(x) if level <= 2 => x[rng.gen_range(0..x.len())].clone(),
            _ => String::new(),
        };
        let rated_at = c.updated_at + Duration::hours(rng.gen_range(1..30));
        ratings.push(PastRating {
            org_unit_id: c.org_unit_id,
            site_id: c.site_id,
            ticket_id: None,
            case_id: Some(*id),
            window_id: c.window_id,
            staff_id: None,
            department_id: Some(c.department_id),
            item_id: Some(c.item_id),
            owner_user_id: c.reviewer_id.or(c.clerk_id),
            level,
            final_level: None,
            mode: "online",
            channel: "sms",
            reasons: serde_json::to_string(&reasons)?,
            comment,
            real_name: true,
            served_on: c.decided_on.unwrap_or(c.created_at.date_naive()),
            rated_at: rated_at.min(app.clock.now() - Duration::minutes(30)),
            rerated_at: None,
            excluded: false,
        });
    }
    // Orders for the bad ratings: older ones further along.
    let mut orders = Vec::new();
    for (ri, r) in ratings.iter_mut().enumerate() {
        if r.level > 2 {
            continue;
        }
        let opened = r.served_on;
        let age = (today - opened).num_days();
        let mut state = pick(&mut rng, &p.order_states);
        if age > 20 && matches!(state, "verifying" | "rectifying") {
            state = "closed";
        }
        if age <= 2 {
            state = "verifying";
        }
        let verify_due = cal.add_working_days(opened, 1);
        let rectify_due = cal.add_working_days(opened, 5);
        let t0 = r.rated_at;
        let verified = (state != "verifying").then(|| t0 + Duration::hours(rng.gen_range(2..30)));
        let replied =
            matches!(state, "replied" | "closed" | "appealed").then(|| verified.unwrap_or(t0) + Duration::hours(rng.gen_range(24..96)));
        let called_back = (state == "closed" && r.real_name).then(|| replied.unwrap_or(t0) + Duration::hours(rng.gen_range(4..48)));
        let satisfied = called_back.map(|_| rng.gen_bool(0.8));
        if satisfied == Some(true) && rng.gen_bool(p.rerated_share) {
            r.final_level = Some(rng.gen_range(3..=5));
            r.rerated_at = called_back.map(|c| c + Duration::minutes(5));
        }
        // A voided order is a rating shown to be a mistake: it leaves the figures.
        r.excluded = state == "voided";
        let closed = match state {
            "closed" => Some(called_back.or(replied).unwrap_or(t0) + Duration::hours(1)),
            "voided" => Some(verified.unwrap_or(t0) + Duration::hours(1)),
            _ => None,
        };
        orders.push((
            ri,
            PastOrder {
                rating_id: 0,
                org_unit_id: r.org_unit_id,
                site_id: r.site_id,
                department_id: r.department_id,
                owner_user_id: r.owner_user_id,
                status: static_code(state),
                real_name: r.real_name,
                opened_on: opened,
                verify_due_on: verify_due,
                rectify_due_on: rectify_due,
                verified_at: verified,
                finding: if state == "voided" {
                    "经核实为误评（评价人确认点错）".to_owned()
                } else if verified.is_some() {
                    "经调取录像核实，情况属实".to_owned()
                } else {
                    String::new()
                },
                resolution: verified.filter(|_| state != "voided").map(|_| ["immediate", "ledger", "explain"][rng.gen_range(0..3)]),
                rectify_note: if replied.is_some() {
                    "已对窗口人员进行提醒谈话，并在周例会通报".to_owned()
                } else {
                    String::new()
                },
                reply: if replied.is_some() { "您反映的问题已核实并整改，感谢监督".to_owned() } else { String::new() },
                replied_at: replied,
                callback_at: called_back,
                callback_note: if called_back.is_some() { "已电话回访".to_owned() } else { String::new() },
                callback_satisfied: satisfied,
                appeal_reason: if state == "appealed" {
                    "当事人按规定办理，差评原因为政策规定，申请复核".to_owned()
                } else {
                    String::new()
                },
                appealed_at: (state == "appealed").then(|| replied.unwrap_or(t0) + Duration::hours(2)),
                closed_at: closed,
                created_at: t0,
                updated_at: closed.or(replied).or(verified).unwrap_or(t0),
            },
        ));
    }
    let rating_ids = store::history::insert_ratings(&mut tx, &ratings).await?;
    let orders: Vec<PastOrder> = orders
        .into_iter()
        .map(|(ri, mut o)| {
            o.rating_id = rating_ids[ri];
            o
        })
        .collect();
    store::history::insert_orders(&mut tx, &orders).await?;

    let work_orders = work_orders(&p, &mut rng, &halls, &cal, first, today, &phone, &name);
    store::history::insert_work_orders(&mut tx, &work_orders).await?;
    store::ratings::rebuild_days(&mut tx).await?;
    tx.commit().await?;

    let days_rolled_up = app::figures::rebuild(app).await.map_err(fail)?;
    app::figures::refresh_overdue(app).await.map_err(fail)?;
    Ok(HistoryCounts {
        tickets: tickets.len(),
        ratings: ratings.len(),
        orders: orders.len(),
        cases: cases.len(),
        work_orders: work_orders.len(),
        days_rolled_up,
    })
}

/// The reminders and cards a case received up to `through`, from its warning days.
fn add_ladder_history(c: &mut PastCase, w: &domain::cases::Warning, through: NaiveDate, handler: Option<i64>) {
    let Some(user) = handler else { return };
    for (level, on) in [(1, w.remind_on), (2, w.yellow_on), (3, w.red_on)] {
        let Some(on) = on.filter(|d| *d <= through) else { continue };
        c.reminders.push((level, user, on));
        if level >= 2 {
            c.cards.push((level, Some(user), on));
        }
    }
}
