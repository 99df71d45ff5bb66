//! Appointments through the use cases, on both backends: templates and settings (validation,
//! permission, audit), slots only on working days (holidays out, make-up days in), capacity under
//! a race, quotas by phone and ID number, the cancellation cut-off, the check-in window and the
//! ticket it issues, the no-show block, and SMS (confirmation, cancellation, one reminder).

use std::sync::Arc;

use app::appointments::{self as ap, AppointmentView, BookingInput, CancelInput, CheckInInput, TemplateInput};
use app::queue::{Caller, CategoryInput};
use app::{Actor, App, AppError};
use chrono::{Duration, NaiveDate};
use domain::appointments::Settings;
use domain::validate::IdCardNo;
use store::accounts::DeviceRow;
use store::org::Scope;
use testkit::{TestDb, each_backend};

use crate::common::{World, actor, assert_forbidden, assert_invalid, audit_rows, system, world};

/// Phones of citizens (not staff).
const CITIZEN1: &str = "13600000001";
const CITIZEN2: &str = "13600000002";

fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn id_card(seq: u16) -> String {
    IdCardNo::from_parts("152627", ymd(1985, 6, 1), seq).unwrap().as_str().to_owned()
}

/// Town 1's hall with a category that takes appointments Monday–Friday 09:00–12:00 in 30-minute
/// slots of `capacity` places, its manager, and a kiosk.
struct Hall {
    w: World,
    cat: i64,
    mgr: Actor,
    kiosk: DeviceRow,
    template: i64,
}

impl Hall {
    fn app(&self) -> &App {
        &self.w.app
    }
    fn site(&self) -> i64 {
        self.w.site1.id
    }
    fn booking(&self, day: &str, start: &str, phone: &str) -> BookingInput {
        BookingInput {
            site_id: Some(self.site()),
            category_id: Some(self.cat),
            day: day.into(),
            start: start.into(),
            phone: phone.into(),
            id_card_no: String::new(),
        }
    }
    async fn book(&self, day: &str, start: &str, phone: &str) -> Result<AppointmentView, AppError> {
        ap::book(self.app(), &self.booking(day, start, phone)).await
    }
    async fn settings(&self, s: Settings) {
        ap::set_settings(self.app(), &self.mgr, self.site(), &s).await.unwrap();
    }
    async fn check_in_code(&self, code: &str) -> Result<app::queue::TicketView, AppError> {
        let i = CheckInInput { site_id: Some(self.site()), code: code.into(), phone: String::new() };
        ap::check_in(self.app(), Caller::Device(&self.kiosk), &i).await
    }
}

fn template_input(cat: i64, capacity: i64) -> TemplateInput {
    TemplateInput {
        category_id: Some(cat),
        weekdays: vec![],
        start: "09:00".into(),
        end: "12:00".into(),
        slot_minutes: Some(30),
        capacity: Some(capacity),
        effective_from: "2026-01-01".into(),
        effective_to: String::new(),
    }
}

async fn hall(t: &TestDb, capacity: i64) -> Hall {
    let w = world(t).await;
    let sys = system();
    let cat_input = CategoryInput {
        prefix: "A".into(),
        name: "综合受理".into(),
        active: true,
        daily_limit: None,
        sort_order: None,
        ..CategoryInput::default()
    };
    let cat = app::queue::create_category(&w.app, &sys, w.site1.id, &cat_input).await.unwrap().category.id;
    let mgr = actor(&w.app, "mgr1").await;
    let template = ap::create_template(&w.app, &mgr, w.site1.id, &template_input(cat, capacity)).await.unwrap().id;
    let di = app::devices::DeviceInput { name: "取号机".into(), kind: "kiosk".into(), site_id: Some(w.site1.id), window_id: None };
    let kiosk = app::devices::issue_device(&w.app, &sys, &di).await.unwrap().record;
    Hall { w, cat, mgr, kiosk, template }
}

/// Every booking of a site in March–May 2026.
async fn bookings(app: &App, site: i64) -> Vec<store::appointments::AppointmentRow> {
    let mut tx = app.db.read().await.unwrap();
    let mut out = Vec::new();
    for d in ymd(2026, 3, 1).iter_days().take(92) {
        out.extend(store::appointments::list_for_site_day(&mut tx, site, d).await.unwrap());
    }
    out
}

/// Every slot counter of a site in March–May 2026.
async fn slot_rows(app: &App, site: i64) -> Vec<store::appointments::SlotRow> {
    let mut tx = app.db.read().await.unwrap();
    store::appointments::list_slots(&mut tx, site, None, ymd(2026, 3, 1), ymd(2026, 5, 31)).await.unwrap()
}

/// Every ticket of a site on Monday 2026-03-02.
async fn tickets(app: &App, site: i64) -> usize {
    let mut tx = app.db.read().await.unwrap();
    let all = ["waiting", "called", "held", "done", "no_show", "expired"];
    store::queue::list_tickets(&mut tx, site, ymd(2026, 3, 2), &all, 1000).await.unwrap().len()
}

/// Every outbox message, oldest first.
async fn messages(app: &App) -> Vec<store::outbox::OutboxRow> {
    let mut tx = app.db.read().await.unwrap();
    let mut rows = store::outbox::list(&mut tx, &Scope::All, None, None, None, 1000).await.unwrap();
    rows.reverse();
    rows
}

#[track_caller]
fn assert_conflict<T: std::fmt::Debug>(r: Result<T, AppError>, needle: &str) -> String {
    match r {
        Err(AppError::Conflict(m)) => {
            assert!(m.contains(needle), "expected {needle:?} in {m:?}");
            m
        }
        other => panic!("expected a conflict naming {needle:?}, got {other:?}"),
    }
}

#[tokio::test]
async fn templates_are_checked_scoped_audited_and_kept_from_overlapping() {
    each_backend(|t| async move {
        let h = hall(&t, 2).await;
        let app = h.app();
        let bad = TemplateInput {
            category_id: None,
            weekdays: vec![1, 6],
            start: "9点".into(),
            end: "12:00".into(),
            slot_minutes: Some(0),
            capacity: None,
            effective_from: "2026-02-30".into(),
            effective_to: String::new(),
        };
        for f in ["category_id", "weekdays", "start", "capacity", "effective_from"] {
            assert_invalid(ap::create_template(app, &h.mgr, h.site(), &bad).await, f);
        }
        let backwards = TemplateInput { start: "12:00".into(), end: "09:00".into(), ..template_input(h.cat, 2) };
        assert_invalid(ap::create_template(app, &h.mgr, h.site(), &backwards).await, "end");
        // Overlapping the existing Monday–Friday morning.
        let overlap = TemplateInput { weekdays: vec![3], start: "11:00".into(), end: "13:00".into(), ..template_input(h.cat, 2) };
        assert_invalid(ap::create_template(app, &h.mgr, h.site(), &overlap).await, "start");
        // Another town's manager may not; a category of another site is refused.
        let mgr2 = actor(app, "mgr2").await;
        let afternoon = TemplateInput { start: "14:00".into(), end: "17:00".into(), ..template_input(h.cat, 2) };
        assert_forbidden(ap::create_template(app, &mgr2, h.site(), &afternoon).await);
        assert_invalid(ap::create_template(app, &system(), h.w.site2.id, &afternoon).await, "category_id");
        let clerk = actor(app, "clerk1").await;
        assert_forbidden(ap::create_template(app, &clerk, h.site(), &afternoon).await);
        let before = audit_rows(app).await.len();
        let pm = ap::create_template(app, &h.mgr, h.site(), &afternoon).await.unwrap();
        assert_eq!((pm.weekdays.clone(), pm.label.as_str()), (vec![1, 2, 3, 4, 5], "周一至周五 14:00–17:00，每 30 分钟 2 人"));
        let changed = TemplateInput { weekdays: vec![1, 3], capacity: Some(4), ..afternoon.clone() };
        let pm2 = ap::update_template(app, &h.mgr, pm.id, &changed).await.unwrap();
        assert_eq!((pm2.weekdays_label.as_str(), pm2.capacity), ("周一、周三", 4));
        assert_eq!(ap::templates(app, &clerk, h.site()).await.unwrap().len(), 2, "clerks may look");
        assert_eq!(ap::get_template(app, &clerk, pm.id).await.unwrap().capacity, 4);
        assert_forbidden(ap::templates(app, &mgr2, h.site()).await);
        ap::delete_template(app, &h.mgr, pm.id).await.unwrap();
        assert!(matches!(ap::get_template(app, &h.mgr, pm.id).await, Err(AppError::NotFound(_))));
        let rows = audit_rows(app).await;
        let actions: Vec<&str> = rows[before..].iter().map(|r| r.action.as_str()).collect();
        assert_eq!(actions, vec!["create_appointment_template", "update_appointment_template", "delete_appointment_template"]);

        // A template with an upcoming booking stays.
        h.book("2026-03-03", "09:00", CITIZEN1).await.unwrap();
        assert_conflict(ap::delete_template(app, &h.mgr, h.template).await, "失效日期");
        t
    })
    .await;
}

#[tokio::test]
async fn settings_are_validated_and_kept_per_site() {
    each_backend(|t| async move {
        let h = hall(&t, 2).await;
        let app = h.app();
        assert_eq!(ap::settings(app, &h.mgr, h.site()).await.unwrap(), Settings::default());
        let bad = Settings { days_ahead: 0, cancel_cutoff_min: -1, ..Settings::default() };
        assert_invalid(ap::set_settings(app, &h.mgr, h.site(), &bad).await, "days_ahead");
        assert_invalid(ap::set_settings(app, &h.mgr, h.site(), &bad).await, "cancel_cutoff_min");
        let clerk = actor(app, "clerk1").await;
        assert_forbidden(ap::set_settings(app, &clerk, h.site(), &Settings::default()).await);
        let mine = Settings { days_ahead: 3, ..Settings::default() };
        ap::set_settings(app, &h.mgr, h.site(), &mine).await.unwrap();
        assert_eq!(ap::settings(app, &clerk, h.site()).await.unwrap(), mine);
        assert_eq!(ap::settings(app, &system(), h.w.site2.id).await.unwrap(), Settings::default());
        assert_eq!(audit_rows(app).await.last().unwrap().action, "set_appointment_settings");
        t
    })
    .await;
}

#[tokio::test]
async fn slots_skip_holidays_include_make_up_days_and_show_places_left() {
    each_backend(|t| async move {
        let h = hall(&t, 2).await;
        let app = h.app();
        // Monday 2026-03-02 09:30: today's 10:00 onwards and the next 7 working days.
        let opts = ap::options(app, h.site()).await.unwrap();
        assert_eq!(opts.days.first(), Some(&ymd(2026, 3, 2)));
        assert_eq!(opts.days.last(), Some(&ymd(2026, 3, 11)));
        assert_eq!(opts.categories.iter().map(|c| c.id).collect::<Vec<_>>(), vec![h.cat]);
        let today = ap::slots(app, h.site(), Some(h.cat), Some("2026-03-02"), Some("2026-03-02")).await.unwrap();
        assert_eq!(
            today.iter().map(|s| s.start.as_str()).collect::<Vec<_>>(),
            vec!["10:00", "10:30", "11:00", "11:30"],
            "started slots are gone"
        );
        let all = ap::slots(app, h.site(), None, None, None).await.unwrap();
        assert_eq!(all.len(), 4 + 7 * 6);
        assert!(all.iter().all(|s| s.day.format("%u").to_string().parse::<u32>().unwrap() <= 5), "no weekend in this window");

        // Over Qingming (4/4–4/6) and the May make-up Saturday (5/9) with a wide window.
        h.settings(Settings { days_ahead: 60, ..Settings::default() }).await;
        let qingming = ap::slots(app, h.site(), Some(h.cat), Some("2026-04-03"), Some("2026-04-07")).await.unwrap();
        let days: Vec<NaiveDate> = qingming.iter().map(|s| s.day).fold(vec![], |mut v, d| {
            if !v.contains(&d) {
                v.push(d);
            }
            v
        });
        assert_eq!(days, vec![ymd(2026, 4, 3), ymd(2026, 4, 7)], "Monday 4/6 is a holiday");
        let may = ap::slots(app, h.site(), Some(h.cat), Some("2026-05-08"), Some("2026-05-11")).await.unwrap();
        let may_days: Vec<NaiveDate> = may.iter().map(|s| s.day).collect();
        assert_eq!(may_days.iter().filter(|d| **d == ymd(2026, 5, 9)).count(), 6, "the make-up Saturday has the weekday slots");
        assert!(!may_days.contains(&ymd(2026, 5, 10)), "Sunday has none");
        // A holiday cannot be booked; the make-up Saturday can.
        assert_invalid(h.book("2026-04-06", "09:00", CITIZEN1).await, "day");
        h.book("2026-05-09", "09:00", CITIZEN1).await.unwrap();
        let sat = ap::slots(app, h.site(), Some(h.cat), Some("2026-05-09"), Some("2026-05-09")).await.unwrap();
        assert_eq!((sat[0].capacity, sat[0].remaining, sat[1].remaining), (2, 1, 2));

        assert_invalid(ap::slots(app, h.site(), Some(h.cat), Some("2026-13-01"), None).await, "from");
        assert_invalid(ap::slots(app, h.site(), Some(h.cat), Some("2026-03-05"), Some("2026-03-04")).await, "to");
        assert_invalid(ap::slots(app, h.site(), Some(999), None, None).await, "category_id");
        assert!(matches!(ap::slots(app, 999, None, None, None).await, Err(AppError::NotFound(_))));
        t
    })
    .await;
}

#[tokio::test]
async fn a_booking_is_stored_masked_texted_and_audited() {
    each_backend(|t| async move {
        let h = hall(&t, 2).await;
        let app = h.app();
        let id = id_card(7);
        let input = BookingInput { id_card_no: id.clone(), ..h.booking("2026-03-03", "09:30", CITIZEN1) };
        let v = ap::book(app, &input).await.unwrap();
        assert_eq!((v.day, v.start.as_str(), v.end.as_str(), v.status.as_str()), (ymd(2026, 3, 3), "09:30", "10:00", "booked"));
        assert_eq!(v.code.len(), 6);
        assert!(v.code.bytes().all(|b| b.is_ascii_digit()));
        let id_masked = IdCardNo::parse("", &id).unwrap().masked();
        assert_eq!((v.phone_masked.as_str(), v.id_masked.as_deref()), ("136****0001", Some(id_masked.as_str())));
        assert_eq!(v.status_label, "已预约");
        let msgs = messages(app).await;
        assert_eq!(msgs.len(), 1);
        let m = &msgs[0];
        assert_eq!(
            (m.kind.as_str(), m.idempotency_key.clone(), m.phone_masked.as_str()),
            ("appointment_confirmed", format!("appt-confirm-{}", v.id), "136****0001")
        );
        assert!(m.body.contains(&v.code) && m.body.contains("09:30") && m.body.contains("09:00–09:45"), "{}", m.body);
        assert!(!m.body.contains(&id) && !m.body.contains(CITIZEN1), "{}", m.body);
        let audit = audit_rows(app).await;
        let last = audit.last().unwrap();
        assert_eq!((last.action.as_str(), last.actor.as_str(), last.entity.as_str()), ("book_appointment", "public", "appointment"));
        assert!(
            !last.after_summary.contains(&id) && !last.after_summary.contains(CITIZEN1) && !last.after_summary.contains(&v.code),
            "{}",
            last.after_summary
        );
        // Staff see the day's bookings with masked numbers.
        let clerk = actor(app, "clerk1").await;
        let day = ap::day_bookings(app, &clerk, h.site(), Some("2026-03-03")).await.unwrap();
        assert_eq!(day.items.iter().map(|a| a.id).collect::<Vec<_>>(), vec![v.id]);
        assert_forbidden(ap::day_bookings(app, &actor(app, "mgr2").await, h.site(), None).await);
        assert_invalid(ap::day_bookings(app, &clerk, h.site(), Some("3月3日")).await, "day");
        t
    })
    .await;
}

#[tokio::test]
async fn bad_booking_input_names_each_field_and_writes_nothing() {
    each_backend(|t| async move {
        let h = hall(&t, 2).await;
        let app = h.app();
        // Load the calendar first: its one-time seeding is audited.
        app::calendar::calendar(app).await.unwrap();
        let audit = audit_rows(app).await.len();
        let bad = BookingInput {
            site_id: None,
            category_id: None,
            day: "明天".into(),
            start: "9".into(),
            phone: "1234".into(),
            id_card_no: "15262719850601007Z".into(),
        };
        for f in ["site_id", "category_id", "day", "start", "phone", "id_card_no"] {
            assert_invalid(ap::book(app, &bad).await, f);
        }
        assert_invalid(h.book("2026-03-03", "09:10", CITIZEN1).await, "start");
        assert_invalid(h.book("2026-03-20", "09:00", CITIZEN1).await, "day");
        assert_invalid(h.book("2026-03-07", "09:00", CITIZEN1).await, "day");
        assert_conflict(h.book("2026-03-02", "09:00", CITIZEN1).await, "已开始");
        let other = BookingInput { category_id: Some(999), ..h.booking("2026-03-03", "09:00", CITIZEN1) };
        assert_invalid(ap::book(app, &other).await, "category_id");
        let nowhere = BookingInput { site_id: Some(999), ..h.booking("2026-03-03", "09:00", CITIZEN1) };
        assert!(matches!(ap::book(app, &nowhere).await, Err(AppError::NotFound(_))));
        assert!(bookings(app, h.site()).await.is_empty());
        assert!(slot_rows(app, h.site()).await.is_empty());
        assert!(messages(app).await.is_empty());
        assert_eq!(audit_rows(app).await.len(), audit);
        t
    })
    .await;
}

#[tokio::test]
async fn two_people_racing_for_the_last_place_leave_exactly_one_booked() {
    each_backend(|t| async move {
        let h = hall(&t, 1).await;
        let app = h.app().clone();
        let barrier = Arc::new(tokio::sync::Barrier::new(6));
        let tasks: Vec<_> = (0..6)
            .map(|i| {
                let (app, b) = (app.clone(), barrier.clone());
                let input = h.booking("2026-03-04", "10:00", &format!("1360000010{i}"));
                tokio::spawn(async move {
                    b.wait().await;
                    ap::book(&app, &input).await
                })
            })
            .collect();
        let mut won = 0;
        for task in tasks {
            match task.await.unwrap() {
                Ok(_) => won += 1,
                Err(AppError::Conflict(m)) => assert!(m.contains("已约满"), "{m}"),
                Err(e) => panic!("unexpected {e:?}"),
            }
        }
        assert_eq!(won, 1);
        assert_eq!(bookings(&app, h.site()).await.len(), 1);
        assert_eq!(slot_rows(&app, h.site()).await.iter().map(|s| s.booked).collect::<Vec<_>>(), vec![1]);
        assert_eq!(messages(&app).await.len(), 1, "only the winner is texted");
        let s = ap::slots(&app, h.site(), Some(h.cat), Some("2026-03-04"), Some("2026-03-04")).await.unwrap();
        assert_eq!(s.iter().find(|s| s.start == "10:00").unwrap().remaining, 0);
        t
    })
    .await;
}

#[tokio::test]
async fn quotas_count_by_phone_and_by_id_number() {
    each_backend(|t| async move {
        let h = hall(&t, 5).await;
        let app = h.app();
        h.book("2026-03-03", "09:00", CITIZEN1).await.unwrap();
        assert_conflict(h.book("2026-03-03", "09:00", CITIZEN1).await, "无需重复预约");
        assert_conflict(h.book("2026-03-03", "10:00", CITIZEN1).await, "每天最多预约 1 个");
        h.book("2026-03-04", "09:00", CITIZEN1).await.unwrap();
        h.book("2026-03-05", "09:00", CITIZEN1).await.unwrap();
        assert_conflict(h.book("2026-03-06", "09:00", CITIZEN1).await, "每周最多预约 3 个");
        // The next week starts afresh.
        h.book("2026-03-09", "09:00", CITIZEN1).await.unwrap();
        // The same ID number with another phone counts as the same person.
        let id = id_card(8);
        ap::book(app, &BookingInput { id_card_no: id.clone(), ..h.booking("2026-03-03", "09:00", CITIZEN2) }).await.unwrap();
        let again = BookingInput { id_card_no: id.clone(), ..h.booking("2026-03-03", "10:00", "13600000003") };
        assert_conflict(ap::book(app, &again).await, "每天最多预约 1 个");
        // A cancelled booking no longer counts.
        let code = ap::day_bookings(app, &h.mgr, h.site(), Some("2026-03-03")).await.unwrap().items[0].code.clone();
        ap::cancel(app, &CancelInput { code, phone: CITIZEN1.into(), site_id: None }).await.unwrap();
        h.book("2026-03-03", "11:00", CITIZEN1).await.unwrap();
        // Raised quotas allow more.
        h.settings(Settings { daily_quota: 2, weekly_quota: 10, ..Settings::default() }).await;
        h.book("2026-03-04", "11:00", CITIZEN1).await.unwrap();
        t
    })
    .await;
}

#[tokio::test]
async fn cancellation_closes_at_the_cut_off_and_frees_the_place() {
    each_backend(|t| async move {
        let h = hall(&t, 1).await;
        let app = h.app();
        let tomorrow = h.book("2026-03-03", "09:00", CITIZEN1).await.unwrap();
        let soon = h.book("2026-03-02", "11:00", CITIZEN2).await.unwrap();
        assert_invalid(ap::cancel(app, &CancelInput { code: "12".into(), phone: "x".into(), site_id: None }).await, "code");
        assert_invalid(ap::cancel(app, &CancelInput { code: "12".into(), phone: "x".into(), site_id: None }).await, "phone");
        let wrong_phone = CancelInput { code: tomorrow.code.clone(), phone: CITIZEN2.into(), site_id: None };
        assert_invalid(ap::cancel(app, &wrong_phone).await, "code");
        // 11:00 starts in 90 minutes: past the 2-hour cut-off.
        let m =
            assert_conflict(ap::cancel(app, &CancelInput { code: soon.code.clone(), phone: CITIZEN2.into(), site_id: None }).await, "截止");
        assert!(m.contains("3月2日 09:00"), "{m}");
        let v =
            ap::cancel(app, &CancelInput { code: tomorrow.code.clone(), phone: CITIZEN1.into(), site_id: Some(h.site()) }).await.unwrap();
        assert_eq!((v.status.as_str(), v.status_label.as_str()), ("cancelled", "已取消"));
        let again = CancelInput { code: tomorrow.code.clone(), phone: CITIZEN1.into(), site_id: None };
        assert_invalid(ap::cancel(app, &again).await, "code");
        let msgs = messages(app).await;
        let last = msgs.last().unwrap();
        assert_eq!((last.kind.as_str(), last.idempotency_key.clone()), ("appointment_cancelled", format!("appt-cancel-{}", v.id)));
        assert_eq!(audit_rows(app).await.last().unwrap().action, "cancel_appointment");
        // The place is free again for someone else.
        h.book("2026-03-03", "09:00", "13600000003").await.unwrap();
        // A shorter cut-off lets the 11:00 booking go.
        h.settings(Settings { cancel_cutoff_min: 60, ..Settings::default() }).await;
        ap::cancel(app, &CancelInput { code: soon.code.clone(), phone: CITIZEN2.into(), site_id: None }).await.unwrap();
        t
    })
    .await;
}

#[tokio::test]
async fn check_in_within_the_window_issues_one_appointment_ticket() {
    each_backend(|t| async move {
        let h = hall(&t, 2).await;
        let app = h.app();
        let now_slot = h.book("2026-03-02", "10:00", CITIZEN1).await.unwrap();
        let later = h.book("2026-03-02", "11:00", CITIZEN2).await.unwrap();
        let tomorrow = h.book("2026-03-03", "09:00", "13600000003").await.unwrap();
        // 09:30: the 10:00 slot's window (09:30–10:15) is open.
        let ticket = h.check_in_code(&now_slot.code).await.unwrap();
        assert_eq!((ticket.channel.as_str(), ticket.priority.as_str(), ticket.status.as_str()), ("appointment", "appointment", "waiting"));
        assert!(ticket.follow_code.is_some());
        assert_eq!(ticket.phone_masked.as_deref(), Some("136****0001"));
        let again = h.check_in_code(&now_slot.code).await.unwrap();
        assert_eq!(again.id, ticket.id, "checking in twice returns the same ticket");
        let by_phone = CheckInInput { site_id: Some(h.site()), code: String::new(), phone: CITIZEN1.into() };
        assert_eq!(ap::check_in(app, Caller::Device(&h.kiosk), &by_phone).await.unwrap().id, ticket.id);
        assert_eq!(tickets(app, h.site()).await, 1);
        let day = ap::day_bookings(app, &h.mgr, h.site(), None).await.unwrap();
        let row = day.items.iter().find(|a| a.id == now_slot.id).unwrap();
        assert_eq!((row.status.as_str(), row.ticket_id), ("checked_in", Some(ticket.id)));
        assert_eq!(audit_rows(app).await.last().unwrap().actor, format!("device:{}", h.kiosk.id));

        // Too early, with the allowed time named; tomorrow's code names its day.
        let m = assert_conflict(h.check_in_code(&later.code).await, "还没到签到时间");
        assert!(m.contains("10:30–11:15"), "{m}");
        let m = assert_conflict(h.check_in_code(&tomorrow.code).await, "3月3日");
        assert!(m.contains("08:30–09:15"), "{m}");
        assert!(matches!(h.check_in_code("000000").await, Err(AppError::NotFound(_))));
        // Too late.
        app.clock.advance(Duration::minutes(110));
        let m = assert_conflict(h.check_in_code(&later.code).await, "已超过签到时间");
        assert!(m.contains("10:30–11:15"), "{m}");
        // Cancelled.
        app.clock.advance(Duration::minutes(-110));
        ap::cancel(app, &CancelInput { code: tomorrow.code.clone(), phone: "13600000003".into(), site_id: None }).await.unwrap();
        app.clock.advance(Duration::days(1) - Duration::minutes(20));
        assert_conflict(h.check_in_code(&tomorrow.code).await, "已取消");
        t
    })
    .await;
}

#[tokio::test]
async fn only_a_kiosk_of_the_site_or_its_staff_may_check_in() {
    each_backend(|t| async move {
        let h = hall(&t, 2).await;
        let app = h.app();
        let b = h.book("2026-03-02", "10:00", CITIZEN1).await.unwrap();
        let input = CheckInInput { site_id: Some(h.site()), code: b.code.clone(), phone: String::new() };
        assert!(matches!(ap::check_in(app, Caller::Public("test"), &input).await, Err(AppError::Unauthorized(_))));
        let di =
            app::devices::DeviceInput {
                name: "别处取号机".into(), kind: "kiosk".into(), site_id: Some(h.w.site2.id), window_id: None
            };
        let elsewhere = app::devices::issue_device(app, &system(), &di).await.unwrap().record;
        assert_forbidden(ap::check_in(app, Caller::Device(&elsewhere), &input).await);
        let mgr2 = actor(app, "mgr2").await;
        assert_forbidden(ap::check_in(app, Caller::Staff(&mgr2), &input).await);
        assert_invalid(
            ap::check_in(app, Caller::Device(&h.kiosk), &CheckInInput { site_id: Some(h.site()), ..CheckInInput::default() }).await,
            "code",
        );
        assert_invalid(ap::check_in(app, Caller::Device(&h.kiosk), &CheckInInput { site_id: None, ..input.clone() }).await, "site_id");
        assert_eq!(tickets(app, h.site()).await, 0);
        let clerk = actor(app, "clerk1").await;
        let t1 = ap::check_in(app, Caller::Staff(&clerk), &input).await.unwrap();
        assert_eq!(t1.channel, "appointment");
        t
    })
    .await;
}

#[tokio::test]
async fn no_shows_are_marked_after_the_slot_and_three_block_booking() {
    each_backend(|t| async move {
        let h = hall(&t, 5).await;
        let app = h.app();
        h.settings(Settings { weekly_quota: 10, ..Settings::default() }).await;
        let kept = h.book("2026-03-02", "10:00", CITIZEN2).await.unwrap();
        h.check_in_code(&kept.code).await.unwrap();
        for day in ["2026-03-02", "2026-03-03", "2026-03-04"] {
            // 09:30: book 10:00–10:30; not a no-show before the check-in window closes at 10:15…
            h.book(day, "10:00", CITIZEN1).await.unwrap();
            app.clock.advance(Duration::minutes(55));
            assert_eq!(ap::mark_no_shows(app).await.unwrap(), 0);
            // …but after the slot's end.
            app.clock.advance(Duration::minutes(5));
            assert_eq!(ap::mark_no_shows(app).await.unwrap(), 1);
            assert_eq!(ap::mark_no_shows(app).await.unwrap(), 0, "marked once");
            app.clock.advance(Duration::hours(23));
        }
        // Thursday 09:30: blocked through 30 days after the third no-show (Wednesday 3/4).
        let m = assert_conflict(h.book("2026-03-05", "10:00", CITIZEN1).await, "2026年4月3日");
        assert!(m.contains("3 次") && m.contains("4月4日"), "{m}");
        // Checked-in bookings are never no-shows; others may still book.
        let day = ap::day_bookings(app, &h.mgr, h.site(), Some("2026-03-02")).await.unwrap();
        let statuses: Vec<&str> = day.items.iter().map(|a| a.status.as_str()).collect();
        assert_eq!(statuses, vec!["checked_in", "no_show"]);
        h.book("2026-03-05", "10:00", CITIZEN2).await.unwrap();
        assert!(audit_rows(app).await.iter().any(|r| r.action == "mark_appointment_no_show" && r.actor == "system:appointments"));
        // A hall that does not block.
        h.settings(Settings { weekly_quota: 10, no_show_limit: 0, ..Settings::default() }).await;
        h.book("2026-03-05", "11:00", CITIZEN1).await.unwrap();
        t
    })
    .await;
}

#[tokio::test]
async fn a_reminder_is_queued_once_the_day_before() {
    each_backend(|t| async move {
        let h = hall(&t, 5).await;
        let app = h.app();
        let id = id_card(9);
        // Made Monday for Wednesday (reminded Tuesday) and for Tuesday (the confirmation suffices).
        let wed = ap::book(app, &BookingInput { id_card_no: id.clone(), ..h.booking("2026-03-04", "09:00", CITIZEN1) }).await.unwrap();
        let tue = h.book("2026-03-03", "09:00", CITIZEN2).await.unwrap();
        let cancelled = h.book("2026-03-04", "10:00", "13600000003").await.unwrap();
        ap::cancel(app, &CancelInput { code: cancelled.code, phone: "13600000003".into(), site_id: None }).await.unwrap();
        assert_eq!(ap::send_reminders(app).await.unwrap(), 0, "Monday: nothing is due tomorrow that was made before today");
        // Tuesday 07:30 is too early in the morning; 09:00 onwards it goes out, once.
        app.clock.advance(Duration::hours(22));
        assert_eq!(ap::send_reminders(app).await.unwrap(), 0);
        app.clock.advance(Duration::hours(2));
        assert_eq!(ap::send_reminders(app).await.unwrap(), 1);
        assert_eq!(ap::send_reminders(app).await.unwrap(), 0);
        app.clock.advance(Duration::hours(3));
        assert_eq!(ap::send_reminders(app).await.unwrap(), 0);
        let reminders: Vec<_> = messages(app).await.into_iter().filter(|m| m.kind == "appointment_reminder").collect();
        assert_eq!(reminders.len(), 1);
        assert_eq!(reminders[0].idempotency_key, format!("appt-remind-{}", wed.id));
        assert!(reminders[0].body.contains(&wed.code) && reminders[0].body.contains("明天"), "{}", reminders[0].body);
        assert!(!reminders[0].body.contains(&id));
        assert!(messages(app).await.iter().all(|m| m.idempotency_key != format!("appt-remind-{}", tue.id)));
        t
    })
    .await;
}
