//! What the demo's history reads of the loaded demo (its halls, seats and promise items), and the
//! work orders it generates.

use std::collections::HashMap;

use app::App;
use chrono::{Duration, NaiveDate};
use domain::calendar::Calendar;
use domain::catalog::CaseKind;
use domain::org::Hours;
use rand::Rng;
use rand::rngs::StdRng;
use store::cases::Sealed;
use store::history::{PastOrderStep, PastWorkOrder};

use super::data::fail;
use super::history_model::*;

/// The halls that take tickets (with their categories and today's seats), the promise items, and
/// the user names of the clerks and approvers by user id.
pub(super) async fn read_halls(
    app: &App,
    p: &Params,
    today: NaiveDate,
) -> anyhow::Result<(Vec<Hall>, Vec<CaseItem>, HashMap<i64, String>)> {
    let mut tx = app.db.read().await?;
    let sites = store::org::list_sites(&mut tx, &store::org::Scope::All).await?;
    let mut names = HashMap::new();
    let mut halls = Vec::new();
    for s in sites {
        let per_day = p.tickets_per_day.get(&s.kind).copied().unwrap_or(0.0);
        if per_day <= 0.0 || !s.active {
            continue;
        }
        let mut seats = Vec::new();
        for seat in store::org::list_site_seats(&mut tx, s.id, today).await? {
            let staff = store::org::get_staff(&mut tx, seat.staff_id).await?;
            let user_id = store::ratings::user_of_staff(&mut tx, seat.staff_id).await?;
            let username = match user_id {
                Some(u) => store::accounts::get_user(&mut tx, u).await?.username,
                None => staff.name.clone(),
            };
            if let Some(u) = user_id {
                names.insert(u, username.clone());
            }
            seats.push(Seat { window_id: seat.window_id, staff_id: seat.staff_id, user_id, username, department_id: staff.department_id });
        }
        halls.push(Hall {
            site_id: s.id,
            org_unit_id: s.org_unit_id,
            per_day,
            weekday: Hours::parse("hours_weekday", &s.hours_weekday).unwrap_or(Hours { spans: vec![] }),
            weekend: Hours::parse("hours_weekend", &s.hours_weekend).unwrap_or(Hours { spans: vec![] }),
            categories: vec![],
            seats,
        });
    }
    let versions = store::catalog::list_current_versions(&mut tx, today).await?;
    let all_items = store::catalog::list_items(&mut tx).await?;
    let mut items = Vec::new();
    for v in &versions {
        let content: domain::catalog::ItemContent = serde_json::from_str(&v.content)?;
        if content.case_kind != CaseKind::Promise || content.promised_days == 0 {
            continue;
        }
        let Some(item) = all_items.iter().find(|i| i.id == v.summary.item_id) else { continue };
        let reviewer = store::accounts::find_user_by_username(&mut tx, &format!("approver-{}", item.department_code)).await?;
        if let Some(r) = &reviewer {
            names.insert(r.id, r.username.clone());
        }
        items.push(CaseItem {
            item_id: item.id,
            version_id: v.summary.id,
            name: v.summary.name.clone(),
            department_id: item.department_id,
            promised: content.promised_days,
            statutory: content.statutory_days,
            reviewer: reviewer.map(|r| r.id),
        });
    }
    drop(tx);
    for h in &mut halls {
        h.categories = app::queue::categories(app, h.site_id)
            .await
            .map_err(fail)?
            .into_iter()
            .filter(|c| c.category.active)
            .map(|c| (c.category.id, c.category.prefix, c.item_ids))
            .collect();
    }
    Ok((halls, items, names))
}

/// The hotline's and the 办不成事 window's work orders of the history's days, each as far along as
/// its age allows.
#[allow(clippy::too_many_arguments, reason = "the generator's shared pieces")]
pub(super) fn work_orders(
    p: &Params,
    rng: &mut StdRng,
    halls: &[Hall],
    cal: &Calendar,
    first: NaiveDate,
    today: NaiveDate,
    phone: &dyn Fn(&mut StdRng) -> Sealed,
    name: &dyn Fn(&mut StdRng) -> String,
) -> Vec<PastWorkOrder> {
    let mut out = Vec::new();
    let Some(centre) = halls.first() else { return out };
    let depts: Vec<i64> = centre.seats.iter().map(|s| s.department_id).collect();
    let mut day = first;
    while day < today {
        if cal.is_working_day(day) {
            for seq in 1..=count(rng, p.work_orders_per_day) {
                let kind = static_code(pick(rng, &p.work_order_kinds));
                let channel = static_code(pick(rng, &p.work_order_channels));
                let texts = p.work_order_texts.get(kind).filter(|t| !t.is_empty());
                let content = texts.map_or_else(|| "群众来电反映办事问题".to_owned(), |t| t[rng.gen_range(0..t.len())].clone());
                let age = cal.count_working_days(day, today) + u32::from(!cal.is_working_day(today));
                // Older orders are done; the last two days' first ones show each open state.
                let state = match (age, seq) {
                    (_, _) if age > 10 => "closed",
                    (..=1, 1) => "registered",
                    (..=1, 2) => "assigned",
                    (2, 1) => "signed",
                    (2, 2) => "replied",
                    _ => pick(rng, &p.work_order_states),
                };
                let created = at(day, 9 * 60 + rng.gen_range(0..8 * 60));
                let dept = depts.get(rng.gen_range(0..depts.len().max(1))).copied();
                let order = |s: &str| ["registered", "assigned", "signed", "replied", "closed"].iter().position(|x| *x == s).unwrap_or(0);
                let reached = order(state);
                let assigned_on = (reached >= 1).then_some(day);
                let signed_at = (reached >= 2).then(|| created + Duration::hours(rng.gen_range(1..20)));
                let replied_at = (reached >= 3).then(|| signed_at.unwrap_or(created) + Duration::hours(rng.gen_range(4..72)));
                let closed_at = (reached >= 4).then(|| replied_at.unwrap_or(created) + Duration::hours(rng.gen_range(2..48)));
                let reply = if replied_at.is_some() {
                    p.work_order_replies[rng.gen_range(0..p.work_order_replies.len())].clone()
                } else {
                    String::new()
                };
                let mut steps = vec![PastOrderStep {
                    action: "register",
                    from_status: "registered",
                    to_status: "registered",
                    note: String::new(),
                    department_id: None,
                    actor_id: None,
                    actor_name: "hall".to_owned(),
                    at: created,
                }];
                let mut push = |when: Option<chrono::DateTime<chrono::Utc>>, action, from, to, note: &str| {
                    if let Some(at) = when {
                        steps.push(PastOrderStep {
                            action,
                            from_status: from,
                            to_status: to,
                            note: note.to_owned(),
                            department_id: dept,
                            actor_id: None,
                            actor_name: "hall".to_owned(),
                            at,
                        });
                    }
                };
                push(assigned_on.map(|_| created + Duration::minutes(20)), "assign", "registered", "assigned", "");
                push(signed_at, "sign", "assigned", "signed", "");
                push(replied_at, "reply", "signed", "replied", &reply);
                push(closed_at, "close", "replied", "closed", "回访满意");
                out.push(PastWorkOrder {
                    order_no: format!("GD{}{:04}", day.format("%Y%m%d"), seq),
                    org_unit_id: centre.org_unit_id,
                    site_id: Some(centre.site_id),
                    channel,
                    kind,
                    category: String::new(),
                    content,
                    contact_name: name(rng),
                    contact_phone: Some(phone(rng)),
                    department_id: assigned_on.and(dept),
                    status: static_code(state),
                    assigned_on,
                    sign_due_on: assigned_on.map(|d| cal.add_working_days(d, 1)),
                    reply_due_on: assigned_on.map(|d| cal.add_working_days(d, 5)),
                    signed_at,
                    reply,
                    replied_at,
                    satisfied: closed_at.map(|_| true),
                    closed_at,
                    created_by: None,
                    created_at: created,
                    updated_at: closed_at.or(replied_at).or(signed_at).unwrap_or(created),
                    steps,
                });
            }
        }
        day += Duration::days(1);
    }
    out
}
