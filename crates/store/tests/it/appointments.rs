//! Appointments in the store: settings, templates, slot counters (including two bookings racing
//! for the last place), bookings and every lookup and status change, on both backends.

use std::sync::Arc;

use chrono::{Duration, NaiveDate, NaiveTime};
use store::appointments::{self as ap, AppointmentRow, NewAppointment, NewSlot, TemplateFields};
use store::queue::CategoryFields;
use store::{Db, Timestamp, Tx};
use testkit::each_backend;

use crate::common::{Net, net, now, phone_parts, today, ymd};

fn hm(h: u32, m: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(h, m, 0).unwrap()
}

/// 09:00 Asia/Shanghai on `day`, plus `minutes`.
fn at(day: NaiveDate, minutes: i64) -> Timestamp {
    day.and_time(hm(1, 0)).and_utc() + Duration::minutes(minutes)
}

async fn category(tx: &mut Tx, n: &Net, prefix: &str) -> i64 {
    let f = CategoryFields { prefix, name: "综合受理", description: "", sort_order: 0, daily_limit: None, active: true };
    store::queue::insert_category(tx, n.site_a.id, n.site_a.org_unit_id, &f, now()).await.unwrap()
}

fn fields(category_id: i64) -> TemplateFields {
    TemplateFields {
        category_id,
        weekdays: 0b1_1111,
        start_time: hm(9, 0),
        end_time: hm(12, 0),
        slot_minutes: 30,
        capacity: 2,
        effective_from: ymd(2026, 3, 1),
        effective_to: None,
    }
}

fn slot(n: &Net, category_id: i64, day: NaiveDate, minutes: i64, capacity: i64) -> NewSlot {
    NewSlot {
        site_id: n.site_a.id,
        category_id,
        day,
        start_at: at(day, minutes),
        end_at: at(day, minutes + 30),
        template_id: Some(1),
        capacity,
    }
}

/// Inserts a booking of `phone` in `slot_id` with `code`.
async fn booking(tx: &mut Tx, n: &Net, slot_id: i64, s: &NewSlot, code: &str, phone: &str, id_hash: Option<&str>) -> i64 {
    let (enc, hash, masked) = phone_parts(phone);
    let a = NewAppointment {
        site_id: n.site_a.id,
        org_unit_id: n.site_a.org_unit_id,
        category_id: s.category_id,
        slot_id,
        day: s.day,
        slot_start: s.start_at,
        slot_end: s.end_at,
        code,
        phone_enc: &enc,
        phone_hash: &hash,
        phone_masked: &masked,
        id_enc: id_hash.map(|_| &b"sealed"[..]),
        id_hash,
        id_masked: id_hash.map(|_| "152627********1234"),
    };
    ap::insert_appointment(tx, &a, now()).await.unwrap()
}

fn hash(phone: &str) -> String {
    phone_parts(phone).1
}

#[tokio::test]
async fn settings_are_stored_per_site_and_replaced() {
    each_backend(|t| async move {
        let n = net(&t.db).await;
        let mut tx = t.db.begin().await.unwrap();
        assert_eq!(ap::get_settings(&mut tx, n.site_a.id).await.unwrap(), None);
        ap::put_settings(&mut tx, n.site_a.id, r#"{"days_ahead":5}"#, now()).await.unwrap();
        ap::put_settings(&mut tx, n.site_a.id, r#"{"days_ahead":9}"#, now()).await.unwrap();
        tx.commit().await.unwrap();
        let mut tx = t.db.read().await.unwrap();
        assert_eq!(ap::get_settings(&mut tx, n.site_a.id).await.unwrap().as_deref(), Some(r#"{"days_ahead":9}"#));
        assert_eq!(ap::get_settings(&mut tx, n.site_b.id).await.unwrap(), None);
        t
    })
    .await;
}

#[tokio::test]
async fn templates_are_created_listed_changed_and_deleted() {
    each_backend(|t| async move {
        let n = net(&t.db).await;
        let mut tx = t.db.begin().await.unwrap();
        let cat = category(&mut tx, &n, "A").await;
        let id = ap::insert_template(&mut tx, n.site_a.id, n.site_a.org_unit_id, &fields(cat), now()).await.unwrap();
        let row = ap::get_template(&mut tx, id).await.unwrap();
        assert_eq!((row.site_id, row.category_id, row.category_name.as_str()), (n.site_a.id, cat, "综合受理"));
        assert_eq!((row.weekdays, row.start_time, row.end_time, row.slot_minutes, row.capacity), (31, hm(9, 0), hm(12, 0), 30, 2));
        assert_eq!((row.effective_from, row.effective_to, row.updated_at), (ymd(2026, 3, 1), None, now()));
        let changed = TemplateFields { weekdays: 0b101, start_time: hm(14, 30), effective_to: Some(ymd(2026, 6, 30)), ..fields(cat) };
        ap::update_template(&mut tx, id, &changed, now()).await.unwrap();
        let row = ap::get_template(&mut tx, id).await.unwrap();
        assert_eq!((row.weekdays, row.start_time, row.effective_to), (5, hm(14, 30), Some(ymd(2026, 6, 30))));
        let other = ap::insert_template(&mut tx, n.site_a.id, n.site_a.org_unit_id, &fields(cat), now()).await.unwrap();
        assert_eq!(ap::list_templates(&mut tx, n.site_a.id).await.unwrap().iter().map(|r| r.id).collect::<Vec<_>>(), vec![id, other]);
        assert!(ap::list_templates(&mut tx, n.site_b.id).await.unwrap().is_empty());
        ap::delete_template(&mut tx, other).await.unwrap();
        assert!(ap::find_template(&mut tx, other).await.unwrap().is_none());
        assert!(matches!(ap::delete_template(&mut tx, other).await, Err(store::StoreError::NotFound(_))));
        assert!(matches!(ap::update_template(&mut tx, other, &fields(cat), now()).await, Err(store::StoreError::NotFound(_))));
        assert!(matches!(ap::get_template(&mut tx, other).await, Err(store::StoreError::NotFound(_))));
        tx.commit().await.unwrap();
        t
    })
    .await;
}

#[tokio::test]
async fn a_slot_counter_takes_places_up_to_its_capacity_and_gives_them_back() {
    each_backend(|t| async move {
        let n = net(&t.db).await;
        let mut tx = t.db.begin().await.unwrap();
        let cat = category(&mut tx, &n, "A").await;
        let s = slot(&n, cat, today(), 0, 2);
        let id = ap::ensure_slot(&mut tx, &s).await.unwrap();
        assert_eq!(ap::ensure_slot(&mut tx, &s).await.unwrap(), id, "the same slot is found again");
        assert!(ap::take_place(&mut tx, id, 2).await.unwrap());
        assert!(ap::take_place(&mut tx, id, 2).await.unwrap());
        assert!(!ap::take_place(&mut tx, id, 2).await.unwrap(), "full");
        assert!(ap::take_place(&mut tx, id, 3).await.unwrap(), "a raised capacity frees a place");
        assert!(!ap::take_place(&mut tx, id, 2).await.unwrap(), "a lowered capacity below the taken places refuses");
        let row = ap::get_slot(&mut tx, id).await.unwrap();
        assert_eq!((row.booked, row.capacity, row.template_id, row.start_at), (3, 3, Some(1), s.start_at));
        assert!(ap::release_place(&mut tx, id).await.unwrap());
        let other = ap::ensure_slot(&mut tx, &slot(&n, cat, today() + Duration::days(1), 60, 1)).await.unwrap();
        assert!(!ap::release_place(&mut tx, other).await.unwrap(), "nothing to give back");
        let rows = ap::list_slots(&mut tx, n.site_a.id, Some(cat), today(), today() + Duration::days(1)).await.unwrap();
        assert_eq!(rows.iter().map(|r| (r.id, r.booked)).collect::<Vec<_>>(), vec![(id, 2), (other, 0)]);
        assert_eq!(ap::list_slots(&mut tx, n.site_a.id, None, today(), today()).await.unwrap().len(), 1);
        assert!(ap::list_slots(&mut tx, n.site_b.id, None, today(), today() + Duration::days(9)).await.unwrap().is_empty());
        assert!(matches!(ap::get_slot(&mut tx, 9999).await, Err(store::StoreError::NotFound(_))));
        tx.commit().await.unwrap();
        t
    })
    .await;
}

/// Takes the last place of a slot in a transaction of its own, holding it briefly.
async fn race_for_place(db: Db, slot_id: i64, capacity: i64) -> bool {
    let mut tx = db.begin().await.unwrap();
    let won = ap::take_place(&mut tx, slot_id, capacity).await.unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    tx.commit().await.unwrap();
    won
}

#[tokio::test]
async fn two_transactions_racing_for_the_last_place_leave_exactly_one_winner() {
    each_backend(|t| async move {
        let n = net(&t.db).await;
        let mut tx = t.db.begin().await.unwrap();
        let cat = category(&mut tx, &n, "A").await;
        let id = ap::ensure_slot(&mut tx, &slot(&n, cat, today(), 0, 3)).await.unwrap();
        assert!(ap::take_place(&mut tx, id, 3).await.unwrap());
        assert!(ap::take_place(&mut tx, id, 3).await.unwrap());
        tx.commit().await.unwrap();
        for _ in 0..3 {
            let barrier = Arc::new(tokio::sync::Barrier::new(6));
            let tasks: Vec<_> = (0..6)
                .map(|_| {
                    let (db, b) = (t.db.clone(), barrier.clone());
                    tokio::spawn(async move {
                        b.wait().await;
                        race_for_place(db, id, 3).await
                    })
                })
                .collect();
            let mut wins = 0;
            for task in tasks {
                wins += usize::from(task.await.unwrap());
            }
            let mut tx = t.db.read().await.unwrap();
            let booked = ap::get_slot(&mut tx, id).await.unwrap().booked;
            drop(tx);
            assert!(wins <= 1 && booked == 2 + wins as i64, "wins {wins}, booked {booked}");
            if wins == 1 {
                // Free the place again for the next round.
                let mut tx = t.db.begin().await.unwrap();
                assert!(ap::release_place(&mut tx, id).await.unwrap());
                tx.commit().await.unwrap();
            }
            assert_eq!(wins, 1, "exactly one of the racers gets the last place");
        }
        t
    })
    .await;
}

#[tokio::test]
async fn the_person_lock_serialises_two_transactions() {
    each_backend(|t| async move {
        let db = t.db.clone();
        let order = Arc::new(std::sync::Mutex::new(Vec::new()));
        let first = {
            let (db, order) = (db.clone(), order.clone());
            tokio::spawn(async move {
                let mut tx = db.begin().await.unwrap();
                ap::lock_person(&mut tx, &["b", "a", "a"]).await.unwrap();
                order.lock().unwrap().push("first locked");
                tokio::time::sleep(std::time::Duration::from_millis(150)).await;
                order.lock().unwrap().push("first done");
                tx.commit().await.unwrap();
            })
        };
        tokio::time::sleep(std::time::Duration::from_millis(40)).await;
        let mut tx = db.begin().await.unwrap();
        ap::lock_person(&mut tx, &["a"]).await.unwrap();
        order.lock().unwrap().push("second locked");
        tx.commit().await.unwrap();
        first.await.unwrap();
        assert_eq!(*order.lock().unwrap(), vec!["first locked", "first done", "second locked"]);
        t
    })
    .await;
}

#[tokio::test]
async fn bookings_are_found_by_code_phone_person_and_day() {
    each_backend(|t| async move {
        let n = net(&t.db).await;
        let mut tx = t.db.begin().await.unwrap();
        let cat = category(&mut tx, &n, "A").await;
        let day = today();
        let next = day + Duration::days(1);
        let s0 = slot(&n, cat, day, 0, 5);
        let s1 = slot(&n, cat, next, 30, 5);
        let id0 = ap::ensure_slot(&mut tx, &s0).await.unwrap();
        let id1 = ap::ensure_slot(&mut tx, &s1).await.unwrap();
        let a = booking(&mut tx, &n, id0, &s0, "123456", "13912345678", Some("idhash")).await;
        let b = booking(&mut tx, &n, id1, &s1, "123456", "13912345678", None).await;
        let c = booking(&mut tx, &n, id0, &s0, "654321", "13887654321", None).await;
        // The same code on the same day is refused while the first booking is open…
        let (enc, h, m) = phone_parts("13700000000");
        let dup = NewAppointment {
            site_id: n.site_a.id,
            org_unit_id: n.site_a.org_unit_id,
            category_id: cat,
            slot_id: id0,
            day,
            slot_start: s0.start_at,
            slot_end: s0.end_at,
            code: "654321",
            phone_enc: &enc,
            phone_hash: &h,
            phone_masked: &m,
            id_enc: None,
            id_hash: None,
            id_masked: None,
        };
        tx.exec("savepoint dup").await.unwrap();
        assert!(matches!(ap::insert_appointment(&mut tx, &dup, now()).await, Err(store::StoreError::Duplicate(_))));
        tx.exec("rollback to savepoint dup").await.unwrap();
        assert!(ap::code_in_use(&mut tx, n.site_a.id, day, "654321").await.unwrap());
        assert!(!ap::code_in_use(&mut tx, n.site_a.id, day, "000000").await.unwrap());
        assert!(!ap::code_in_use(&mut tx, n.site_b.id, day, "654321").await.unwrap());
        // …and free again once it is cancelled.
        assert!(ap::cancel(&mut tx, c, now()).await.unwrap());
        assert!(!ap::cancel(&mut tx, c, now()).await.unwrap(), "cancelled once");
        assert!(!ap::code_in_use(&mut tx, n.site_a.id, day, "654321").await.unwrap());
        let c2 = ap::insert_appointment(&mut tx, &dup, now()).await.unwrap();

        let row: AppointmentRow = ap::get_appointment(&mut tx, a).await.unwrap();
        assert_eq!((row.site_id, row.site_name.as_str(), row.category_name.as_str()), (n.site_a.id, n.site_a.name.as_str(), "综合受理"));
        assert_eq!(
            (row.day, row.slot_start, row.slot_end, row.code.as_str(), row.status.as_str()),
            (day, s0.start_at, s0.end_at, "123456", "booked")
        );
        assert_eq!(
            (row.phone_masked.as_str(), row.id_masked.as_deref(), row.org_path.as_str()),
            ("139****5678", Some("152627********1234"), n.town_a.path.as_str())
        );
        assert_eq!((row.ticket_id, row.created_at, row.cancelled_at, row.reminded_at), (None, now(), None, None));
        let json = serde_json::to_string(&row).unwrap();
        assert!(!json.contains("phone_enc") && !json.contains("idhash") && !json.contains("13912345678"), "{json}");
        assert!(ap::find_appointment(&mut tx, 9999).await.unwrap().is_none());
        assert!(matches!(ap::get_appointment(&mut tx, 9999).await, Err(store::StoreError::NotFound(_))));

        let by_code = ap::list_by_code(&mut tx, n.site_a.id, day, "654321").await.unwrap();
        assert_eq!(by_code.iter().map(|r| r.id).collect::<Vec<_>>(), vec![c2, c], "open ones first");
        assert!(ap::list_by_code(&mut tx, n.site_a.id, next, "654321").await.unwrap().is_empty());
        assert_eq!(ap::find_later_by_code(&mut tx, n.site_a.id, day, "123456").await.unwrap().map(|r| r.id), Some(b));
        assert!(ap::find_later_by_code(&mut tx, n.site_a.id, next, "123456").await.unwrap().is_none());
        assert_eq!(
            ap::list_by_phone(&mut tx, n.site_a.id, day, &hash("13912345678")).await.unwrap().iter().map(|r| r.id).collect::<Vec<_>>(),
            vec![a]
        );
        let cancellable = ap::list_cancellable(&mut tx, "123456", &hash("13912345678"), now() - Duration::hours(3)).await.unwrap();
        assert_eq!(cancellable.iter().map(|r| r.id).collect::<Vec<_>>(), vec![a, b]);
        let later = ap::list_cancellable(&mut tx, "123456", &hash("13912345678"), s0.start_at).await.unwrap();
        assert_eq!(later.iter().map(|r| r.id).collect::<Vec<_>>(), vec![b], "a slot that started is no longer cancellable");
        assert!(ap::list_cancellable(&mut tx, "123456", &hash("13887654321"), now()).await.unwrap().is_empty());

        // A person by phone or ID number; cancelled bookings do not count.
        let mine = ap::list_for_person(&mut tx, n.site_a.id, &hash("13700000001"), Some("idhash"), day, next).await.unwrap();
        assert_eq!(mine.iter().map(|r| r.id).collect::<Vec<_>>(), vec![a], "found by ID number alone");
        let mine = ap::list_for_person(&mut tx, n.site_a.id, &hash("13912345678"), None, day, next).await.unwrap();
        assert_eq!(mine.iter().map(|r| r.id).collect::<Vec<_>>(), vec![a, b]);
        assert!(ap::list_for_person(&mut tx, n.site_a.id, &hash("13887654321"), None, day, next).await.unwrap().is_empty());
        assert!(ap::list_for_person(&mut tx, n.site_b.id, &hash("13912345678"), None, day, next).await.unwrap().is_empty());
        assert_eq!(
            ap::list_for_site_day(&mut tx, n.site_a.id, day).await.unwrap().iter().map(|r| r.id).collect::<Vec<_>>(),
            vec![a, c, c2]
        );
        tx.commit().await.unwrap();
        t
    })
    .await;
}

#[tokio::test]
async fn check_in_no_show_and_reminder_marks_change_only_booked_rows() {
    each_backend(|t| async move {
        let n = net(&t.db).await;
        let mut tx = t.db.begin().await.unwrap();
        let cat = category(&mut tx, &n, "A").await;
        let day = today();
        let s0 = slot(&n, cat, day, 0, 5);
        let s1 = slot(&n, cat, day, 60, 5);
        let id0 = ap::ensure_slot(&mut tx, &s0).await.unwrap();
        let id1 = ap::ensure_slot(&mut tx, &s1).await.unwrap();
        let a = booking(&mut tx, &n, id0, &s0, "111111", "13912345678", None).await;
        let b = booking(&mut tx, &n, id1, &s1, "222222", "13912345678", Some("idhash")).await;
        let c = booking(&mut tx, &n, id1, &s1, "333333", "13887654321", None).await;

        // Overdue: booked rows whose slot has ended.
        let overdue = ap::list_overdue(&mut tx, s0.end_at, 10).await.unwrap();
        assert_eq!(overdue.iter().map(|r| r.id).collect::<Vec<_>>(), vec![a]);
        assert_eq!(ap::list_overdue(&mut tx, s1.end_at, 10).await.unwrap().len(), 3);
        assert_eq!(ap::list_overdue(&mut tx, s1.end_at, 1).await.unwrap().len(), 1);

        // Check-in needs a ticket.
        let ticket = store::queue::insert_ticket(
            &mut tx,
            &store::queue::NewTicket {
                site_id: n.site_a.id,
                org_unit_id: n.site_a.org_unit_id,
                category_id: cat,
                day,
                seq: 1,
                ticket_no: "A001",
                channel: "appointment",
                priority: "appointment",
                rank_at: s1.start_at,
                issued_at: now(),
                item_id: None,
                phone: None,
                idempotency_key: Some("appt-2"),
                follow_code: "0123456789abcdef01234567",
                appointment_id: Some(b),
                note: "",
            },
        )
        .await
        .unwrap();
        assert!(ap::check_in(&mut tx, b, ticket, now()).await.unwrap());
        assert!(!ap::check_in(&mut tx, b, ticket, now()).await.unwrap(), "checked in once");
        let row = ap::get_appointment(&mut tx, b).await.unwrap();
        assert_eq!((row.status.as_str(), row.ticket_id, row.checked_in_at), ("checked_in", Some(ticket), Some(now())));

        assert!(ap::mark_no_show(&mut tx, a, s0.end_at).await.unwrap());
        assert!(!ap::mark_no_show(&mut tx, a, s0.end_at).await.unwrap());
        assert!(!ap::mark_no_show(&mut tx, b, s0.end_at).await.unwrap(), "a checked-in booking is never a no-show");
        assert_eq!(ap::get_appointment(&mut tx, a).await.unwrap().no_show_at, Some(s0.end_at));
        assert_eq!(ap::list_overdue(&mut tx, s1.end_at, 10).await.unwrap().iter().map(|r| r.id).collect::<Vec<_>>(), vec![c]);
        assert!(!ap::cancel(&mut tx, a, now()).await.unwrap(), "a no-show cannot be cancelled");

        let since = day - Duration::days(60);
        assert_eq!(ap::no_show_days(&mut tx, n.site_a.id, &hash("13912345678"), None, since).await.unwrap(), vec![day]);
        assert_eq!(
            ap::no_show_days(&mut tx, n.site_a.id, &hash("13700000000"), Some("idhash"), since).await.unwrap(),
            Vec::<NaiveDate>::new()
        );
        assert!(ap::no_show_days(&mut tx, n.site_a.id, &hash("13912345678"), None, day + Duration::days(1)).await.unwrap().is_empty());
        assert!(ap::no_show_days(&mut tx, n.site_b.id, &hash("13912345678"), None, since).await.unwrap().is_empty());
        // A still-open booking still uses its template's future slot.
        assert_eq!(ap::count_upcoming_for_template(&mut tx, 1, now() - Duration::hours(2)).await.unwrap(), 1);
        assert_eq!(ap::count_upcoming_for_template(&mut tx, 1, s1.start_at).await.unwrap(), 0);
        assert_eq!(ap::count_upcoming_for_template(&mut tx, 2, now() - Duration::hours(2)).await.unwrap(), 0);

        // Reminders: booked, not yet reminded, made before the cut.
        let due = ap::list_due_reminders(&mut tx, day, now() + Duration::seconds(1), 10).await.unwrap();
        assert_eq!(due.iter().map(|r| r.id).collect::<Vec<_>>(), vec![c]);
        assert!(ap::list_due_reminders(&mut tx, day, now(), 10).await.unwrap().is_empty(), "made at the cut: too late for a reminder");
        assert!(ap::list_due_reminders(&mut tx, day + Duration::days(1), now() + Duration::seconds(1), 10).await.unwrap().is_empty());
        assert!(ap::mark_reminded(&mut tx, c, now()).await.unwrap());
        assert!(!ap::mark_reminded(&mut tx, c, now()).await.unwrap());
        assert!(ap::list_due_reminders(&mut tx, day, now() + Duration::seconds(1), 10).await.unwrap().is_empty());
        tx.commit().await.unwrap();
        t
    })
    .await;
}
