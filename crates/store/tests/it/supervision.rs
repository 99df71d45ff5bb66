//! Supervision storage: chases answered once and listed by state, department and scope; notices
//! recorded once per chase, person and channel; the dashboard's grouped counts and drill-down over
//! ladder levels, cards, reminders and chases; the two stationing checks.

use chrono::{Duration, NaiveDate};
use store::Tx;
use store::cases::{self as cs, Change, LadderState, NewCard, NewCase, NewReminder};
use store::org::{Scope, SiteRow};
use store::supervision::{self as sv, ChaseState, Dimension, NewChase, NewNotice, Period};
use testkit::each_backend;

use crate::common::{Net, item, net, now, phone_parts, today, user};

async fn case(tx: &mut Tx, n: &Net, site: &SiteRow, item: (i64, i64), dept: i64, no: &str) -> i64 {
    let phone = phone_parts("13912345678");
    let c = NewCase {
        case_no: no,
        query_code: "ABCD2345",
        site_id: site.id,
        org_unit_id: site.org_unit_id,
        parent_id: None,
        item_id: item.0,
        item_version_id: item.1,
        item_name: "食品经营许可",
        department_id: dept,
        case_kind: "promise",
        channel: "window",
        status: "accepted",
        applicant_kind: "person",
        applicant_name: "王五",
        applicant_id: None,
        credit_code: None,
        phone: &phone,
        agent_name: None,
        agent_id: None,
        agent_authorisation: None,
        ticket_id: None,
        window_id: Some(if site.id == n.site_a.id { n.window_a.id } else { n.window_b.id }),
        intake_user_id: None,
        promised_days: 5,
        statutory_days: 20,
        form: "{}",
    };
    cs::insert_case(tx, &c, now()).await.unwrap()
}

/// Moves a case from `accepted` to `status` with the given level, acceptor and decider.
async fn set(tx: &mut Tx, id: i64, status: &str, level: i64, accepted_by: Option<i64>, decided_by: Option<i64>) {
    let ch = Change {
        status,
        accepted_by,
        accepted_on: Some(today()),
        decided_by,
        decided_on: decided_by.map(|_| today()),
        ladder: LadderState { warning_level: level, ..LadderState::default() },
        write_ladder: true,
        handler_id: accepted_by,
        ..Change::default()
    };
    let version = cs::get_case(tx, id).await.unwrap().version;
    assert!(cs::transition(tx, id, "accepted", version, &ch, now()).await.unwrap());
}

fn period(site_id: Option<i64>) -> Period {
    Period {
        from: today() - Duration::days(30),
        to: today(),
        from_at: now() - Duration::days(30),
        to_at: now() + Duration::days(1),
        site_id,
        today: today(),
    }
}

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

#[tokio::test]
async fn chases_are_answered_once_and_listed_by_state_department_and_scope() {
    each_backend(|t| async move {
        let n = net(&t.db).await;
        let mut tx = t.db.begin().await.unwrap();
        let it = item(&mut tx, &n.town_a, &n.dept_y, "00010500100", "食品经营许可").await;
        let sup = user(&mut tx, &n.banner, "sup", None).await;
        let head = user(&mut tx, &n.banner, "head", Some(n.staff_b.id)).await;
        let c1 = case(&mut tx, &n, &n.site_a, it, n.dept_y.id, "0002-20260302-00001").await;
        let c2 = case(&mut tx, &n, &n.site_b, it, n.dept_x.id, "0003-20260302-00001").await;
        let new = |case_id: i64, org: i64, dept: i64, due: &str| NewChase {
            case_id,
            org_unit_id: org,
            department_id: dept,
            note: "请加快办理",
            chased_by: sup.id,
            due_on: day(due),
        };
        let open = sv::insert_chase(&mut tx, &new(c1, n.town_a.id, n.dept_y.id, "2026-03-03"), now()).await.unwrap();
        let late = sv::insert_chase(&mut tx, &new(c2, n.town_b.id, n.dept_x.id, "2026-03-01"), now()).await.unwrap();
        let row = sv::find_chase(&mut tx, open).await.unwrap().unwrap();
        assert_eq!(
            (row.case_no.as_str(), row.site_name.as_str(), row.chased_by_name.as_str()),
            ("0002-20260302-00001", n.site_a.name.as_str(), "测试用户")
        );
        assert_eq!((row.org_path.as_str(), row.answer.as_deref()), (n.town_a.path.as_str(), None));

        let ids = |rows: Vec<sv::ChaseRow>| rows.into_iter().map(|r| r.id).collect::<Vec<_>>();
        let list = async |tx: &mut Tx, scope: &Scope, state: Option<ChaseState>, dept: Option<i64>| {
            ids(sv::list_chases(tx, scope, state, dept, today(), i64::MAX, 100).await.unwrap())
        };
        assert_eq!(list(&mut tx, &Scope::All, None, None).await, [late, open], "newest first");
        assert_eq!(list(&mut tx, &Scope::All, Some(ChaseState::Open), None).await, [open]);
        assert_eq!(list(&mut tx, &Scope::All, Some(ChaseState::Overdue), None).await, [late]);
        assert_eq!(list(&mut tx, &Scope::All, None, Some(n.dept_y.id)).await, [open]);
        assert_eq!(list(&mut tx, &Scope::Paths(vec![n.town_a.path.clone()]), None, None).await, [open]);
        assert_eq!(ids(sv::list_chases(&mut tx, &Scope::All, None, None, today(), late, 100).await.unwrap()), [open], "after the cursor");

        assert!(sv::answer_chase(&mut tx, open, "已办结", head.id, now()).await.unwrap());
        assert!(!sv::answer_chase(&mut tx, open, "再答", head.id, now()).await.unwrap(), "answered once");
        let row = sv::find_chase(&mut tx, open).await.unwrap().unwrap();
        assert_eq!(
            (row.answer.as_deref(), row.answered_by_name.as_deref(), row.answered_at),
            (Some("已办结"), Some("测试用户"), Some(now()))
        );
        assert_eq!(list(&mut tx, &Scope::All, Some(ChaseState::Answered), None).await, [open]);

        let notices = [
            NewNotice { chase_id: open, org_unit_id: n.town_a.id, user_id: head.id, channel: "in_app" },
            NewNotice { chase_id: open, org_unit_id: n.town_a.id, user_id: head.id, channel: "sms" },
        ];
        assert_eq!(sv::insert_notices(&mut tx, &notices, now()).await.unwrap(), 2);
        assert_eq!(sv::insert_notices(&mut tx, &notices, now()).await.unwrap(), 0, "a repeat records nothing");
        assert_eq!(sv::list_notices(&mut tx, Some(open), None, 10).await.unwrap().len(), 2);
        assert_eq!(sv::list_notices(&mut tx, None, Some(head.id), 10).await.unwrap().len(), 1, "in-app only");
        tx.commit().await.unwrap();
        t
    })
    .await;
}

#[tokio::test]
async fn the_dashboard_groups_levels_cards_reminders_and_chases_by_site_department_and_handler() {
    each_backend(|t| async move {
        let n = net(&t.db).await;
        let mut tx = t.db.begin().await.unwrap();
        let it = item(&mut tx, &n.town_a, &n.dept_y, "00010500100", "食品经营许可").await;
        let (h1, h2) = (user(&mut tx, &n.town_a, "h1", None).await, user(&mut tx, &n.town_b, "h2", None).await);
        let a1 = case(&mut tx, &n, &n.site_a, it, n.dept_y.id, "A-1").await;
        let a2 = case(&mut tx, &n, &n.site_a, it, n.dept_x.id, "A-2").await;
        let b1 = case(&mut tx, &n, &n.site_b, it, n.dept_y.id, "B-1").await;
        let quiet = case(&mut tx, &n, &n.site_b, it, n.dept_y.id, "B-2").await;
        set(&mut tx, a1, "in_review", 3, Some(h1.id), None).await;
        set(&mut tx, a2, "in_review", 1, Some(h1.id), None).await;
        set(&mut tx, b1, "in_review", 2, Some(h2.id), None).await;
        set(&mut tx, quiet, "in_review", 0, Some(h2.id), None).await;
        let card = |case_id: i64, org: i64, level: i64, dept: i64, user: i64| NewCard {
            case_id,
            org_unit_id: org,
            level,
            department_id: dept,
            user_id: Some(user),
            issued_on: today(),
        };
        let cards = [
            card(a1, n.town_a.id, 2, n.dept_y.id, h1.id),
            card(a1, n.town_a.id, 3, n.dept_y.id, h1.id),
            card(b1, n.town_b.id, 2, n.dept_y.id, h2.id),
        ];
        cs::insert_cards(&mut tx, &cards, now()).await.unwrap();
        let rem = |case_id: i64, org: i64, level: i64, user: i64, channel: &'static str| NewReminder {
            case_id,
            org_unit_id: org,
            level,
            recipient_role: "handler",
            user_id: user,
            channel,
        };
        let reminders = [
            rem(a1, n.town_a.id, 3, h1.id, "in_app"),
            rem(a1, n.town_a.id, 3, h1.id, "sms"),
            rem(a1, n.town_a.id, 3, h2.id, "in_app"),
            rem(a2, n.town_a.id, 1, h1.id, "in_app"),
        ];
        cs::insert_reminders(&mut tx, &reminders, now()).await.unwrap();
        let chase = NewChase {
            case_id: b1,
            org_unit_id: n.town_b.id,
            department_id: n.dept_y.id,
            note: "催",
            chased_by: h1.id,
            due_on: today() - Duration::days(1),
        };
        sv::insert_chase(&mut tx, &chase, now()).await.unwrap();
        tx.commit().await.unwrap();

        let mut tx = t.db.read().await.unwrap();
        let rows = sv::dashboard_counts(&mut tx, &Scope::All, &period(None)).await.unwrap();
        let mut got: Vec<(String, i64, i64, Option<i64>, i64)> =
            rows.iter().map(|r| (r.metric.clone(), r.site_id, r.department_id, r.handler_id, r.n)).collect();
        got.sort();
        let (sa, sb, dx, dy) = (n.site_a.id, n.site_b.id, n.dept_x.id, n.dept_y.id);
        let mut want = vec![
            ("chase_overdue".to_owned(), sb, dy, Some(h2.id), 1),
            ("level1".to_owned(), sa, dx, Some(h1.id), 1),
            ("level2".to_owned(), sb, dy, Some(h2.id), 1),
            ("level3".to_owned(), sa, dy, Some(h1.id), 1),
            ("red".to_owned(), sa, dy, Some(h1.id), 1),
            ("remind1".to_owned(), sa, dx, Some(h1.id), 1),
            // Reminders count per recipient (in-app), grouped by the case's handler.
            ("remind3".to_owned(), sa, dy, Some(h1.id), 2),
            ("yellow".to_owned(), sa, dy, Some(h1.id), 1),
            ("yellow".to_owned(), sb, dy, Some(h2.id), 1),
        ];
        want.sort();
        assert_eq!(got, want);
        let names = rows.iter().find(|r| r.metric == "level3").unwrap();
        assert_eq!(
            (names.site_name.as_str(), names.department_name.as_str(), names.handler_name.as_deref()),
            (n.site_a.name.as_str(), n.dept_y.name.as_str(), Some("测试用户"))
        );
        // One site, one scope, another period.
        let only_b = sv::dashboard_counts(&mut tx, &Scope::All, &period(Some(sb))).await.unwrap();
        assert!(only_b.iter().all(|r| r.site_id == sb) && only_b.len() == 3, "{only_b:?}");
        let town_a = sv::dashboard_counts(&mut tx, &Scope::Paths(vec![n.town_a.path.clone()]), &period(None)).await.unwrap();
        assert!(town_a.iter().all(|r| r.site_id == sa) && town_a.len() == 6, "{town_a:?}");
        let old = Period {
            from: day("2025-01-01"),
            to: day("2025-01-31"),
            from_at: now() - Duration::days(400),
            to_at: now() - Duration::days(370),
            ..period(None)
        };
        assert!(sv::dashboard_counts(&mut tx, &Scope::All, &old).await.unwrap().is_empty());

        // Drill-down: the cases behind a count, narrowed by group.
        let drill = async |tx: &mut Tx, m: &str, dim: Option<Dimension>| {
            sv::drill(tx, &Scope::All, &period(None), m, dim, 100)
                .await
                .unwrap()
                .map(|v| v.into_iter().map(|r| r.case_id).collect::<Vec<_>>())
        };
        let mut yellow = drill(&mut tx, "yellow", None).await.unwrap();
        yellow.sort_unstable();
        assert_eq!(yellow, [a1, b1]);
        assert_eq!(drill(&mut tx, "yellow", Some(Dimension::Site(sb))).await.unwrap(), [b1]);
        assert_eq!(drill(&mut tx, "remind3", Some(Dimension::Handler(Some(h1.id)))).await.unwrap(), [a1], "each case once");
        assert_eq!(drill(&mut tx, "level1", Some(Dimension::Department(dy))).await.unwrap(), Vec::<i64>::new());
        assert_eq!(drill(&mut tx, "chase_overdue", None).await.unwrap(), [b1]);
        assert!(drill(&mut tx, "nonsense", None).await.is_none());
        let row = sv::drill(&mut tx, &Scope::All, &period(None), "level3", None, 10).await.unwrap().unwrap().remove(0);
        assert_eq!((row.case_no.as_str(), row.level, row.status.as_str(), row.handler_id), ("A-1", 3, "in_review", Some(h1.id)));
        t
    })
    .await;
}

#[tokio::test]
async fn stationing_checks_find_idle_stationed_items_and_cases_decided_without_review() {
    each_backend(|t| async move {
        let n = net(&t.db).await;
        let mut tx = t.db.begin().await.unwrap();
        let used = item(&mut tx, &n.town_a, &n.dept_y, "00010500100", "食品经营许可").await;
        let idle = item(&mut tx, &n.town_a, &n.dept_x, "00010600100", "失业登记").await;
        let negative = item(&mut tx, &n.town_a, &n.dept_x, "00010600200", "社保转移").await;
        for (it, stationed) in [(used.0, true), (idle.0, true), (negative.0, false)] {
            store::catalog::upsert_item_site(&mut tx, it, n.site_a.id, n.town_a.id, stationed, None, "", now()).await.unwrap();
        }
        let clerk = user(&mut tx, &n.town_a, "clerk", None).await;
        let approver = user(&mut tx, &n.banner, "approver", None).await;
        // Decided by whoever accepted it: flagged. Decided with a reviewer: not flagged.
        // Decided by someone else, no reviewer and no start_review: flagged (no_review).
        let same = case(&mut tx, &n, &n.site_a, used, n.dept_y.id, "A-1").await;
        set(&mut tx, same, "approved", 0, Some(clerk.id), Some(clerk.id)).await;
        let reviewed = case(&mut tx, &n, &n.site_a, used, n.dept_y.id, "A-2").await;
        let ch = Change { status: "in_review", reviewer_id: Some(approver.id), ..Change::default() };
        assert!(cs::transition(&mut tx, reviewed, "accepted", 1, &ch, now()).await.unwrap());
        let ch = Change { status: "approved", decided_by: Some(approver.id), decided_on: Some(today()), ..Change::default() };
        assert!(cs::transition(&mut tx, reviewed, "in_review", 2, &ch, now()).await.unwrap());
        let unreviewed = case(&mut tx, &n, &n.site_a, used, n.dept_y.id, "A-3").await;
        set(&mut tx, unreviewed, "denied", 0, Some(clerk.id), Some(approver.id)).await;
        tx.commit().await.unwrap();

        let mut tx = t.db.read().await.unwrap();
        let p = period(None);
        let rows = sv::stationed_without_cases(&mut tx, &Scope::All, None, p.from_at, p.to_at).await.unwrap();
        assert_eq!(
            rows.iter().map(|r| (r.site_id, r.item_id, r.item_name.as_str())).collect::<Vec<_>>(),
            [(n.site_a.id, idle.0, "失业登记")]
        );
        let later =
            sv::stationed_without_cases(&mut tx, &Scope::All, None, now() + Duration::days(1), now() + Duration::days(2)).await.unwrap();
        assert_eq!(later.len(), 2, "no case at all later: both stationed items");
        assert!(
            sv::stationed_without_cases(&mut tx, &Scope::Paths(vec![n.town_b.path.clone()]), None, p.from_at, p.to_at)
                .await
                .unwrap()
                .is_empty()
        );

        let flagged = sv::decided_without_review(&mut tx, &Scope::All, None, p.from, p.to).await.unwrap();
        let mut got: Vec<(i64, &str)> = flagged.iter().map(|r| (r.case_id, r.rule.as_str())).collect();
        got.sort_unstable();
        assert_eq!(got, [(same, "same_person"), (unreviewed, "no_review")]);
        assert!(sv::decided_without_review(&mut tx, &Scope::All, Some(n.site_b.id), p.from, p.to).await.unwrap().is_empty());
        drop(tx);
        // An online application is not a hall case: not flagged.
        crate::common::exec(&t.db, "update cases set channel = 'online' where case_no = 'A-1'").await;
        let mut tx = t.db.read().await.unwrap();
        let flagged = sv::decided_without_review(&mut tx, &Scope::All, None, p.from, p.to).await.unwrap();
        assert_eq!(flagged.iter().map(|r| r.case_id).collect::<Vec<_>>(), [unreviewed]);
        t
    })
    .await;
}
