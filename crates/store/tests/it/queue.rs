//! The queue's storage: settings, categories and their items, work profiles, daily numbering,
//! tickets (claiming, recalls, closing, requeueing, holding, expiring), events, window states,
//! visit ratings and the rows behind the queue figures.

use chrono::{Duration, NaiveDate};
use store::StoreError;
use store::queue::{self as q, CategoryFields, NewTicket};
use store::ratings::{NewRating, insert_rating};
use store::{Db, Timestamp, Tx};
use testkit::each_backend;

use crate::common::{Net, item, net, now, phone_parts, today, window};

fn fields<'a>(prefix: &'a str, name: &'a str, sort_order: i64) -> CategoryFields<'a> {
    CategoryFields { prefix, name, description: "", sort_order, daily_limit: None, active: true }
}

async fn category(tx: &mut Tx, n: &Net, prefix: &str, name: &str, sort: i64) -> i64 {
    q::insert_category(tx, n.site_a.id, n.site_a.org_unit_id, &fields(prefix, name, sort), now()).await.unwrap()
}

/// Issues a ticket the way the use case does: next number, then the row.
async fn ticket(tx: &mut Tx, n: &Net, category_id: i64, prefix: &str, rank: Timestamp, key: Option<&str>) -> i64 {
    let seq = q::next_seq(tx, n.site_a.id, category_id, today()).await.unwrap();
    let no = domain::queue::ticket_no(prefix, seq);
    let code = format!("{:024x}", NEXT_CODE.fetch_add(1, std::sync::atomic::Ordering::Relaxed));
    q::insert_ticket(
        tx,
        &NewTicket {
            site_id: n.site_a.id,
            org_unit_id: n.site_a.org_unit_id,
            category_id,
            day: today(),
            seq,
            ticket_no: &no,
            channel: "kiosk",
            priority: "normal",
            rank_at: rank,
            issued_at: now(),
            item_id: None,
            phone: None,
            idempotency_key: key,
            follow_code: &code,
            appointment_id: None,
            note: "",
        },
    )
    .await
    .unwrap()
}

/// Follow codes are unique; tests number them.
static NEXT_CODE: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);

async fn count(db: &Db, sql: &'static str) -> i64 {
    let mut tx = db.read().await.unwrap();
    store::on_tx!(&mut tx, |c| sqlx::query_scalar::<_, i64>(sql).fetch_one(c).await).unwrap()
}

#[tokio::test]
async fn settings_are_absent_until_saved_then_replaced() {
    each_backend(|t| async move {
        let n = net(&t.db).await;
        let mut tx = t.db.begin().await.unwrap();
        assert_eq!(q::get_policy(&mut tx, n.site_a.id).await.unwrap(), None);
        q::put_policy(&mut tx, n.site_a.id, "{\"a\":1}", now()).await.unwrap();
        q::put_policy(&mut tx, n.site_a.id, "{\"a\":2}", now()).await.unwrap();
        assert_eq!(q::get_policy(&mut tx, n.site_a.id).await.unwrap().as_deref(), Some("{\"a\":2}"));
        tx.commit().await.unwrap();
        t
    })
    .await;
}

#[tokio::test]
async fn categories_keep_their_items_and_prefixes_are_unique_per_site() {
    each_backend(|t| async move {
        let n = net(&t.db).await;
        let mut tx = t.db.begin().await.unwrap();
        let (i1, _) = item(&mut tx, &n.banner, &n.dept_x, "11150626MB0000001", "社保登记").await;
        let (i2, _) = item(&mut tx, &n.banner, &n.dept_y, "11150626MB0000002", "营业执照").await;
        let b = category(&mut tx, &n, "B", "企业服务", 2).await;
        let a = category(&mut tx, &n, "A", "综合受理", 1).await;
        q::set_category_items(&mut tx, a, &[i1, i2]).await.unwrap();
        q::set_category_items(&mut tx, b, &[i2]).await.unwrap();
        q::set_category_items(&mut tx, a, &[i1]).await.unwrap();
        tx.commit().await.unwrap();
        let mut tx = t.db.begin().await.unwrap();
        let dup = q::insert_category(&mut tx, n.site_a.id, n.site_a.org_unit_id, &fields("A", "重复", 0), now()).await;
        assert!(matches!(dup, Err(StoreError::Duplicate(_))), "{dup:?}");
        drop(tx);

        let mut tx = t.db.begin().await.unwrap();
        // The same prefix is fine at another site.
        q::insert_category(&mut tx, n.site_b.id, n.site_b.org_unit_id, &fields("A", "综合受理", 0), now()).await.unwrap();
        let list = q::list_categories(&mut tx, n.site_a.id).await.unwrap();
        assert_eq!(list.iter().map(|c| c.prefix.as_str()).collect::<Vec<_>>(), vec!["A", "B"]);
        let of_a: Vec<i64> =
            q::list_site_category_items(&mut tx, n.site_a.id).await.unwrap().into_iter().filter(|(c, _)| *c == a).map(|(_, i)| i).collect();
        assert_eq!(of_a, vec![i1]);
        assert_eq!(q::list_site_category_items(&mut tx, n.site_a.id).await.unwrap(), vec![(b, i2), (a, i1)]);
        assert_eq!(q::categories_for_item(&mut tx, n.site_a.id, i2).await.unwrap().iter().map(|c| c.id).collect::<Vec<_>>(), vec![b]);
        assert!(q::categories_for_item(&mut tx, n.site_b.id, i2).await.unwrap().is_empty());

        let mut f = fields("AA", "综合", 5);
        f.daily_limit = Some(100);
        f.active = false;
        q::update_category(&mut tx, a, &f, now()).await.unwrap();
        let got = q::get_category(&mut tx, a).await.unwrap();
        assert_eq!((got.prefix.as_str(), got.daily_limit, got.active, got.sort_order), ("AA", Some(100), false, 5));
        assert!(q::categories_for_item(&mut tx, n.site_a.id, i1).await.unwrap().is_empty(), "inactive categories are not offered");
        assert!(matches!(q::update_category(&mut tx, 9999, &f, now()).await, Err(StoreError::NotFound(_))));
        assert!(q::find_category(&mut tx, 9999).await.unwrap().is_none());
        tx.commit().await.unwrap();
        t
    })
    .await;
}

#[tokio::test]
async fn work_profiles_keep_their_order() {
    each_backend(|t| async move {
        let n = net(&t.db).await;
        let mut tx = t.db.begin().await.unwrap();
        let a = category(&mut tx, &n, "A", "综合", 0).await;
        let b = category(&mut tx, &n, "B", "企业", 1).await;
        let w2 = window(&mut tx, &n.site_a, &n.zone_a, "2").await;
        q::set_window_profile(&mut tx, n.window_a.id, &[b, a]).await.unwrap();
        q::set_window_profile(&mut tx, w2.id, &[a]).await.unwrap();
        assert_eq!(q::window_profile(&mut tx, n.window_a.id).await.unwrap(), vec![b, a]);
        q::set_window_profile(&mut tx, n.window_a.id, &[a, b]).await.unwrap();
        assert_eq!(q::window_profile(&mut tx, n.window_a.id).await.unwrap(), vec![a, b]);
        assert_eq!(q::site_profiles(&mut tx, n.site_a.id).await.unwrap(), vec![(n.window_a.id, a), (n.window_a.id, b), (w2.id, a)]);
        tx.commit().await.unwrap();
        t
    })
    .await;
}

#[tokio::test]
async fn numbers_count_per_category_and_restart_each_day() {
    each_backend(|t| async move {
        let n = net(&t.db).await;
        let mut tx = t.db.begin().await.unwrap();
        let a = category(&mut tx, &n, "A", "综合", 0).await;
        let b = category(&mut tx, &n, "B", "企业", 1).await;
        let d1 = today();
        let d2 = d1 + Duration::days(1);
        let mut seen = vec![];
        for (cat, day) in [(a, d1), (a, d1), (b, d1), (a, d1), (a, d2), (b, d2)] {
            seen.push(q::next_seq(&mut tx, n.site_a.id, cat, day).await.unwrap());
        }
        assert_eq!(seen, vec![1, 2, 1, 3, 1, 1]);
        assert_eq!(q::last_seq(&mut tx, a, d1).await.unwrap(), 3);
        assert_eq!(q::last_seq(&mut tx, b, NaiveDate::from_ymd_opt(2020, 1, 1).unwrap()).await.unwrap(), 0);
        tx.commit().await.unwrap();
        t
    })
    .await;
}

#[tokio::test]
async fn tickets_are_ranked_claimed_once_and_closed() {
    each_backend(|t| async move {
        let n = net(&t.db).await;
        let mut tx = t.db.begin().await.unwrap();
        let a = category(&mut tx, &n, "A", "综合", 0).await;
        let t1 = ticket(&mut tx, &n, a, "A", now(), Some("k1")).await;
        let t2 = ticket(&mut tx, &n, a, "A", now() - Duration::minutes(15), None).await; // a priority head start
        let t3 = ticket(&mut tx, &n, a, "A", now() + Duration::minutes(1), None).await;
        tx.commit().await.unwrap();

        let mut tx = t.db.begin().await.unwrap();
        let r1 = q::get_ticket(&mut tx, t1).await.unwrap();
        assert_eq!((r1.ticket_no.as_str(), r1.category_prefix.as_str(), r1.status.as_str(), r1.day), ("A001", "A", "waiting", today()));
        assert_eq!(q::find_ticket_by_idempotency(&mut tx, n.site_a.id, "k1").await.unwrap().unwrap().id, t1);
        assert!(q::find_ticket_by_idempotency(&mut tx, n.site_b.id, "k1").await.unwrap().is_none());
        assert_eq!(q::find_ticket_by_follow_code(&mut tx, &r1.follow_code).await.unwrap().unwrap().id, t1);
        let r3 = q::get_ticket(&mut tx, t3).await.unwrap();
        assert_eq!(q::count_ahead(&mut tx, a, today(), r3.rank_at, r3.id).await.unwrap(), 2);
        assert_eq!(q::count_ahead(&mut tx, a, today(), r1.rank_at, r1.id).await.unwrap(), 1);

        // The earliest rank goes first; a second claim of the same ticket fails.
        let best = q::next_for_window(&mut tx, n.site_a.id, n.window_a.id, today(), &[a]).await.unwrap();
        assert_eq!(best, Some(t2));
        assert!(q::claim(&mut tx, t2, "waiting", n.window_a.id, Some(n.staff_a.id), now()).await.unwrap());
        assert!(!q::claim(&mut tx, t2, "waiting", n.window_a.id, None, now()).await.unwrap());
        let r2 = q::get_ticket(&mut tx, t2).await.unwrap();
        assert_eq!(
            (r2.status.as_str(), r2.window_id, r2.window_no.as_deref(), r2.staff_id),
            ("called", Some(n.window_a.id), Some("1"), Some(n.staff_a.id))
        );
        assert_eq!(r2.first_called_at, Some(now()));
        q::recall(&mut tx, t2, now() + Duration::seconds(30)).await.unwrap();
        q::recall(&mut tx, t2, now() + Duration::seconds(60)).await.unwrap();
        let r2 = q::get_ticket(&mut tx, t2).await.unwrap();
        assert_eq!((r2.recalls, r2.called_at, r2.first_called_at), (2, Some(now() + Duration::seconds(60)), Some(now())));
        assert!(q::close(&mut tx, t2, "called", "done", Some("served"), now() + Duration::minutes(5)).await.unwrap());
        assert!(!q::close(&mut tx, t2, "called", "no_show", None, now()).await.unwrap(), "closing twice fails");
        let r2 = q::get_ticket(&mut tx, t2).await.unwrap();
        assert_eq!((r2.status.as_str(), r2.outcome.as_deref()), ("done", Some("served")));
        assert_eq!(q::latest_finished_at_window(&mut tx, n.window_a.id, today()).await.unwrap().map(|t| t.id), Some(t2));

        // Hold, then transfer to a window: the rank is kept and only that window sees it.
        assert!(q::claim(&mut tx, t1, "waiting", n.window_a.id, None, now()).await.unwrap());
        assert!(q::hold(&mut tx, t1, now()).await.unwrap());
        assert!(!q::hold(&mut tx, t1, now()).await.unwrap());
        let w2 = window(&mut tx, &n.site_a, &n.zone_a, "2").await;
        q::requeue(&mut tx, t1, a, Some(w2.id), now()).await.unwrap();
        let r1b = q::get_ticket(&mut tx, t1).await.unwrap();
        assert_eq!((r1b.status.as_str(), r1b.target_window_id, r1b.window_id, r1b.rank_at), ("waiting", Some(w2.id), None, r1.rank_at));
        assert_eq!(q::next_for_window(&mut tx, n.site_a.id, w2.id, today(), &[]).await.unwrap(), Some(t1));
        assert_eq!(
            q::next_for_window(&mut tx, n.site_a.id, n.window_a.id, today(), &[a]).await.unwrap(),
            Some(t3),
            "targeted tickets are not in the open line"
        );
        q::set_priority(&mut tx, t3, "green", now() - Duration::hours(1), now()).await.unwrap();
        assert_eq!(q::get_ticket(&mut tx, t3).await.unwrap().priority, "green");

        let waiting = q::list_tickets(&mut tx, n.site_a.id, today(), &["waiting"], 10).await.unwrap();
        assert_eq!(waiting.iter().map(|t| t.id).collect::<Vec<_>>(), vec![t3, t1]);
        assert_eq!(q::recent_calls(&mut tx, n.site_a.id, today(), 5).await.unwrap().iter().map(|t| t.id).collect::<Vec<_>>(), vec![t2]);
        let by_cat = q::waiting_by_category(&mut tx, n.site_a.id, today()).await.unwrap();
        assert_eq!(by_cat.len(), 1);
        assert_eq!((by_cat[0].0, by_cat[0].1), (a, 2));
        assert_eq!(q::figure_rows(&mut tx, n.site_a.id, today(), today()).await.unwrap().len(), 3);
        tx.commit().await.unwrap();

        // The next day, yesterday's open tickets are expired.
        let mut tx = t.db.begin().await.unwrap();
        assert_eq!(q::expire_before(&mut tx, today() + Duration::days(1), now()).await.unwrap(), 2);
        assert_eq!(q::get_ticket(&mut tx, t1).await.unwrap().status, "expired");
        assert_eq!(q::get_ticket(&mut tx, t2).await.unwrap().status, "done");
        assert!(matches!(q::get_ticket(&mut tx, 9999).await, Err(StoreError::NotFound(_))));
        tx.commit().await.unwrap();
        t
    })
    .await;
}

#[tokio::test]
async fn a_number_is_never_issued_twice_and_idempotency_keys_are_unique_per_site() {
    each_backend(|t| async move {
        let n = net(&t.db).await;
        let mut tx = t.db.begin().await.unwrap();
        let a = category(&mut tx, &n, "A", "综合", 0).await;
        ticket(&mut tx, &n, a, "A", now(), Some("same")).await;
        tx.commit().await.unwrap();
        let mut tx = t.db.begin().await.unwrap();
        let seq = q::next_seq(&mut tx, n.site_a.id, a, today()).await.unwrap();
        let dup_key = q::insert_ticket(
            &mut tx,
            &NewTicket {
                site_id: n.site_a.id,
                org_unit_id: n.site_a.org_unit_id,
                category_id: a,
                day: today(),
                seq,
                ticket_no: "A002",
                channel: "kiosk",
                priority: "normal",
                rank_at: now(),
                issued_at: now(),
                item_id: None,
                phone: Some(phone_parts("13912345678")),
                idempotency_key: Some("same"),
                follow_code: "00000000000000000000abcd",
                appointment_id: None,
                note: "",
            },
        )
        .await;
        assert!(matches!(dup_key, Err(StoreError::Duplicate(_))), "{dup_key:?}");
        drop(tx);
        assert_eq!(count(&t.db, "select count(*) from tickets").await, 1);
        t
    })
    .await;
}

#[tokio::test]
async fn phones_count_toward_the_daily_quota_while_their_tickets_are_open() {
    each_backend(|t| async move {
        let n = net(&t.db).await;
        let mut tx = t.db.begin().await.unwrap();
        let a = category(&mut tx, &n, "A", "综合", 0).await;
        let (enc, hash, masked) = phone_parts("13912345678");
        let seq = q::next_seq(&mut tx, n.site_a.id, a, today()).await.unwrap();
        let id = q::insert_ticket(
            &mut tx,
            &NewTicket {
                site_id: n.site_a.id,
                org_unit_id: n.site_a.org_unit_id,
                category_id: a,
                day: today(),
                seq,
                ticket_no: "A001",
                channel: "mobile",
                priority: "normal",
                rank_at: now(),
                issued_at: now(),
                item_id: None,
                phone: Some((enc, hash.clone(), masked)),
                idempotency_key: None,
                follow_code: "0000000000000000000000ff",
                appointment_id: None,
                note: "",
            },
        )
        .await
        .unwrap();
        assert_eq!(q::count_open_for_phone(&mut tx, n.site_a.id, today(), &hash).await.unwrap(), 1);
        assert_eq!(q::get_ticket(&mut tx, id).await.unwrap().phone_masked.as_deref(), Some("139****5678"));
        assert!(q::claim(&mut tx, id, "waiting", n.window_a.id, None, now()).await.unwrap());
        assert!(q::close(&mut tx, id, "called", "done", None, now()).await.unwrap());
        assert_eq!(q::count_open_for_phone(&mut tx, n.site_a.id, today(), &hash).await.unwrap(), 0);
        tx.commit().await.unwrap();
        t
    })
    .await;
}

#[tokio::test]
async fn events_window_states_and_ratings_round_trip() {
    each_backend(|t| async move {
        let n = net(&t.db).await;
        let mut tx = t.db.begin().await.unwrap();
        let a = category(&mut tx, &n, "A", "综合", 0).await;
        let id = ticket(&mut tx, &n, a, "A", now(), None).await;
        let step = |kind, window_id, staff_id, actor: &str, note: &str| q::NewEvent {
            ticket_id: id,
            site_id: n.site_a.id,
            at: now(),
            kind,
            window_id,
            staff_id,
            actor: actor.to_owned(),
            note: note.to_owned(),
        };
        q::insert_events(
            &mut tx,
            &[
                step("issue", None, None, "device:1", "kiosk"),
                step("call_out_of_order", Some(n.window_a.id), Some(n.staff_a.id), "clerk1", "老人"),
            ],
        )
        .await
        .unwrap();
        let ev = q::list_events(&mut tx, id).await.unwrap();
        assert_eq!(ev.iter().map(|e| e.kind.as_str()).collect::<Vec<_>>(), vec!["issue", "call_out_of_order"]);
        assert_eq!((ev[1].actor.as_str(), ev[1].note.as_str(), ev[1].window_id), ("clerk1", "老人", Some(n.window_a.id)));

        // A window has no state until it is opened; then it carries status, reason and ticket.
        let ws = q::window_state(&mut tx, n.window_a.id).await.unwrap();
        assert_eq!((ws.status, ws.current_ticket_id, ws.number.as_str()), (None, None, "1"));
        q::put_window_state(&mut tx, n.window_a.id, n.site_a.id, "open", "", Some(n.staff_a.id), Some(id), now()).await.unwrap();
        q::put_window_state(&mut tx, n.window_a.id, n.site_a.id, "paused", "临时离岗", Some(n.staff_a.id), Some(id), now()).await.unwrap();
        let ws = q::window_state(&mut tx, n.window_a.id).await.unwrap();
        assert_eq!((ws.status.as_deref(), ws.pause_reason.as_deref(), ws.current_ticket_id), (Some("paused"), Some("临时离岗"), Some(id)));
        assert_eq!(q::window_states(&mut tx, n.site_a.id).await.unwrap().len(), 1);
        assert!(matches!(q::window_state(&mut tx, 9999).await, Err(StoreError::NotFound(_))));

        let r = NewRating {
            org_unit_id: n.site_a.org_unit_id,
            site_id: Some(n.site_a.id),
            ticket_id: Some(id),
            case_id: None,
            window_id: Some(n.window_a.id),
            staff_id: Some(n.staff_a.id),
            department_id: None,
            item_id: None,
            owner_user_id: None,
            level: 5,
            mode: "onsite",
            channel: "pad",
            indicators: "{}",
            reasons: "[]",
            comment: "",
            real_name: false,
            rater_phone_enc: None,
            rater_phone_masked: None,
            served_on: now().date_naive(),
            rated_at: now(),
        };
        let rid = insert_rating(&mut tx, &r).await.unwrap();
        let got = q::find_rating_for_ticket(&mut tx, id).await.unwrap().unwrap();
        assert_eq!((got.id, got.level, got.staff_id), (rid, 5, Some(n.staff_a.id)));
        assert_eq!(q::staff_rating_summary(&mut tx, n.staff_a.id).await.unwrap(), (1, 5));
        assert_eq!(q::staff_rating_summary(&mut tx, n.staff_b.id).await.unwrap(), (0, 0));
        tx.commit().await.unwrap();
        let mut tx = t.db.begin().await.unwrap();
        assert!(matches!(insert_rating(&mut tx, &r).await, Err(StoreError::Duplicate(_))), "one rating per ticket");
        drop(tx);
        t
    })
    .await;
}

/// Two windows claiming concurrently, each in its own transaction: every ticket goes to
/// exactly one window.
#[tokio::test]
async fn concurrent_claims_never_hand_one_ticket_to_two_windows() {
    each_backend(|t| async move {
        let n = net(&t.db).await;
        let mut tx = t.db.begin().await.unwrap();
        let a = category(&mut tx, &n, "A", "综合", 0).await;
        for i in 0..20 {
            ticket(&mut tx, &n, a, "A", now() + Duration::seconds(i), None).await;
        }
        let w2 = window(&mut tx, &n.site_a, &n.zone_a, "2").await;
        tx.commit().await.unwrap();
        let mut tasks = Vec::new();
        for w in [n.window_a.id, w2.id, n.window_a.id, w2.id] {
            let db = t.db.clone();
            let site = n.site_a.id;
            tasks.push(tokio::spawn(async move {
                let mut got = Vec::new();
                loop {
                    let mut tx = db.begin().await.unwrap();
                    let Some(id) = q::next_for_window(&mut tx, site, w, today(), &[a]).await.unwrap() else { break };
                    if q::claim(&mut tx, id, "waiting", w, None, now()).await.unwrap() {
                        got.push(id);
                    }
                    tx.commit().await.unwrap();
                }
                got
            }));
        }
        let mut all = Vec::new();
        for task in tasks {
            all.extend(task.await.unwrap());
        }
        all.sort_unstable();
        let before = all.len();
        all.dedup();
        assert_eq!((before, all.len()), (20, 20), "each of the 20 tickets was claimed exactly once");
        t
    })
    .await;
}
