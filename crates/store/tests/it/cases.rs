//! Cases: numbering per site and day, insert and read-back without ciphertext, the conditional
//! transition, pauses, extensions, the checklist, look-up by number and the department inbox
//! ordered by deadline with its cursor.

use chrono::{Duration, NaiveDate};
use store::Tx;
use store::cases::{self as cs, Change, MaterialRow, NewCase, NewEvent};
use store::org::Scope;
use testkit::each_backend;

use crate::common::{Net, item, net, now, phone_parts, today};

async fn case(tx: &mut Tx, n: &Net, item_id: i64, version_id: i64, no: &str) -> i64 {
    let phone = phone_parts("13912345678");
    let id_no = (vec![1u8, 2, 3], "idhash".to_owned(), "110105********002X".to_owned());
    let c = NewCase {
        case_no: no,
        query_code: "ABCD2345",
        site_id: n.site_a.id,
        org_unit_id: n.site_a.org_unit_id,
        parent_id: None,
        item_id,
        item_version_id: version_id,
        item_name: "食品经营许可",
        department_id: n.dept_y.id,
        case_kind: "promise",
        channel: "window",
        status: "received",
        applicant_kind: "person",
        applicant_name: "王五",
        applicant_id: Some(&id_no),
        credit_code: None,
        phone: &phone,
        agent_name: None,
        agent_id: None,
        agent_authorisation: None,
        ticket_id: None,
        window_id: Some(n.window_a.id),
        intake_user_id: None,
        promised_days: 5,
        statutory_days: 20,
        form: "{}",
    };
    cs::insert_case(tx, &c, now()).await.unwrap()
}

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

#[tokio::test]
async fn cases_are_numbered_stored_and_moved_only_from_the_state_they_are_in() {
    each_backend(|t| async move {
        let n = net(&t.db).await;
        let mut tx = t.db.begin().await.unwrap();
        assert_eq!(cs::next_seq(&mut tx, n.site_a.id, today()).await.unwrap(), 1);
        assert_eq!(cs::next_seq(&mut tx, n.site_a.id, today()).await.unwrap(), 2);
        assert_eq!(cs::next_seq(&mut tx, n.site_b.id, today()).await.unwrap(), 1, "per site");
        assert_eq!(cs::next_seq(&mut tx, n.site_a.id, today() + Duration::days(1)).await.unwrap(), 1, "per day");
        let (item_id, v) = item(&mut tx, &n.town_a, &n.dept_y, "00010500100", "食品经营许可").await;
        let id = case(&mut tx, &n, item_id, v, "0002-20260302-00001").await;
        let row = cs::get_case(&mut tx, id).await.unwrap();
        assert_eq!((row.status.as_str(), row.version, row.site_name.as_str()), ("received", 1, n.site_a.name.as_str()));
        assert_eq!((row.department_name.as_str(), row.org_path.as_str()), ("乌审旗市场监督管理局", n.town_a.path.as_str()));
        assert_eq!((row.phone_masked.as_str(), row.applicant_id_masked.as_deref()), ("139****5678", Some("110105********002X")));
        let json = serde_json::to_string(&row).unwrap();
        assert!(!json.contains("ABCD2345") && !json.contains("idhash") && !json.contains("13912345678"), "{json}");
        assert_eq!(crate::common::cipher().decrypt(&cs::phone_enc(&mut tx, id).await.unwrap()).unwrap(), "13912345678");
        assert_eq!(cs::find_by_no(&mut tx, "0002-20260302-00001").await.unwrap().map(|r| r.id), Some(id));
        assert!(cs::find_by_no(&mut tx, "nope").await.unwrap().is_none());
        assert!(cs::find_case(&mut tx, id + 1000).await.unwrap().is_none());

        // A transition applies only from the state and version read.
        let ch = Change {
            status: "accepted",
            accepted_by: None,
            accepted_on: Some(today()),
            promised_deadline: Some(day("2026-03-09")),
            statutory_deadline: Some(day("2026-03-30")),
            ladder: cs::LadderState { next_level: Some(1), next_level_on: Some(day("2026-03-06")), ..cs::LadderState::default() },
            write_ladder: true,
            ..Change::default()
        };
        assert!(!cs::transition(&mut tx, id, "in_review", 1, &ch, now()).await.unwrap());
        assert!(!cs::transition(&mut tx, id, "received", 2, &ch, now()).await.unwrap());
        assert!(cs::transition(&mut tx, id, "received", 1, &ch, now()).await.unwrap());
        assert!(!cs::transition(&mut tx, id, "received", 1, &ch, now()).await.unwrap(), "the second of two loses");
        let ext = Change { status: "in_review", add_extension_days: 3, decision_reason: Some("理由"), ..ch.clone() };
        assert!(cs::transition(&mut tx, id, "accepted", 2, &ext, now()).await.unwrap());
        let row = cs::get_case(&mut tx, id).await.unwrap();
        assert_eq!((row.status.as_str(), row.version, row.extension_days), ("in_review", 3, 3));
        assert_eq!(
            (row.accepted_on, row.ladder.next_level_on, row.decision_reason.as_deref()),
            (Some(today()), Some(day("2026-03-06")), Some("理由"))
        );
        // A step that leaves the ladder alone does not write it.
        let quiet = Change { status: "in_review", ladder: cs::LadderState::default(), write_ladder: false, ..ch.clone() };
        assert!(cs::transition(&mut tx, id, "in_review", 3, &quiet, now()).await.unwrap());
        let row = cs::get_case(&mut tx, id).await.unwrap();
        assert_eq!((row.version, row.ladder.next_level_on), (4, Some(day("2026-03-06"))));

        // Pauses, extensions, the trail and the checklist.
        assert!(!cs::close_pause(&mut tx, id, today(), None).await.unwrap(), "none open");
        cs::open_pause(&mut tx, id, "special", Some("expert_review"), Some(5), "专家评审", day("2026-03-03"), None, now()).await.unwrap();
        assert!(cs::close_pause(&mut tx, id, day("2026-03-10"), None).await.unwrap());
        cs::open_pause(&mut tx, id, "supplement", None, None, "补正", day("2026-03-11"), None, now()).await.unwrap();
        let p = cs::list_pauses(&mut tx, id).await.unwrap();
        assert_eq!(p.len(), 2);
        assert_eq!(cs::get_case(&mut tx, id).await.unwrap().pause_count, 2, "the case row counts its pauses");
        assert_eq!(
            (p[0].special_type.as_deref(), p[0].expected_days, p[0].end_on),
            (Some("expert_review"), Some(5), Some(day("2026-03-10")))
        );
        assert_eq!((p[1].kind.as_str(), p[1].end_on), ("supplement", None));
        let user = crate::common::user(&mut tx, &n.town_a, "head1", None).await;
        cs::insert_extension(&mut tx, id, 3, "现场核查", user.id, now()).await.unwrap();
        let e = cs::list_extensions(&mut tx, id).await.unwrap();
        assert_eq!((e.len(), e[0].days, e[0].approved_by), (1, 3, user.id));
        let ev = NewEvent {
            case_id: id,
            action: "accept",
            from_status: "received",
            to_status: "accepted",
            user_id: Some(user.id),
            actor: "head1",
            note: "",
            data: "{}",
        };
        cs::insert_event(&mut tx, &ev, now()).await.unwrap();
        let trail = cs::list_events(&mut tx, id).await.unwrap();
        assert_eq!((trail.len(), trail[0].action.as_str(), trail[0].user_id), (1, "accept", Some(user.id)));
        let m = |pos: i64, state: &str| MaterialRow {
            position: pos,
            name: format!("材料{pos}"),
            required: true,
            state: state.into(),
            promise_on: None,
            file_sha256: None,
            note: String::new(),
        };
        cs::put_materials(&mut tx, id, &[m(1, "missing"), m(2, "provided")], now()).await.unwrap();
        cs::put_materials(&mut tx, id, &[m(1, "provided"), m(2, "provided")], now()).await.unwrap();
        assert_eq!(cs::list_materials(&mut tx, id).await.unwrap(), vec![m(1, "provided"), m(2, "provided")]);
        tx.commit().await.unwrap();
        t
    })
    .await;
}

#[tokio::test]
async fn the_writers_batch_rows_go_in_together_and_a_ladder_row_is_inserted_or_replaced() {
    each_backend(|t| async move {
        let n = net(&t.db).await;
        let mut tx = t.db.begin().await.unwrap();
        let (item_id, v) = item(&mut tx, &n.town_a, &n.dept_y, "00010500100", "食品经营许可").await;
        let a = case(&mut tx, &n, item_id, v, "0002-20260302-00001").await;
        let b = case(&mut tx, &n, item_id, v, "0002-20260302-00002").await;
        let row_a = cs::get_case(&mut tx, a).await.unwrap();
        assert_eq!((row_a.ladder.warning_level, row_a.pause_count), (0, 0));
        let lw = |id: i64, level: i64, next: Option<&str>| cs::LadderWrite {
            case_id: id,
            org_unit_id: n.town_a.id,
            department_id: n.dept_y.id,
            case_no: format!("no-{id}"),
            item_name: "食品经营许可".into(),
            handler_id: None,
            ladder: cs::LadderState {
                warning_level: level,
                next_level: next.map(|_| level + 1),
                next_level_on: next.map(day),
                ..Default::default()
            },
        };
        // Case a twice in one batch: the last row wins; b's existing row is replaced.
        cs::put_ladders(&mut tx, &[lw(a, 1, Some("2026-03-09")), lw(b, 2, None), lw(a, 2, Some("2026-03-10"))]).await.unwrap();
        let (ra, rb) = (cs::get_case(&mut tx, a).await.unwrap(), cs::get_case(&mut tx, b).await.unwrap());
        assert_eq!((ra.ladder.warning_level, ra.ladder.next_level_on), (2, Some(day("2026-03-10"))));
        assert_eq!((rb.ladder.warning_level, rb.ladder.next_level_on), (2, None));

        let ev = |id: i64, action: &'static str| cs::EventRecord {
            case_id: id,
            at: now(),
            action,
            from_status: "received",
            to_status: "accepted",
            user_id: None,
            actor: "clerk".into(),
            note: format!("{action} <b>"),
            data: "{}".into(),
        };
        cs::insert_events(&mut tx, &[ev(a, "accept"), ev(b, "accept"), ev(a, "start_review")]).await.unwrap();
        let trail = cs::list_events(&mut tx, a).await.unwrap();
        assert_eq!(trail.iter().map(|e| e.action.as_str()).collect::<Vec<_>>(), vec!["accept", "start_review"]);
        assert_eq!(trail[0].note, "accept <b>");
        let m = |pos: i64| MaterialRow {
            position: pos,
            name: format!("材料{pos}"),
            required: pos == 1,
            state: "provided".into(),
            promise_on: None,
            file_sha256: None,
            note: String::new(),
        };
        cs::insert_materials(&mut tx, &[(a, m(1)), (b, m(1)), (a, m(2))], now()).await.unwrap();
        assert_eq!(cs::list_materials(&mut tx, a).await.unwrap(), vec![m(1), m(2)]);
        assert_eq!(cs::list_materials(&mut tx, b).await.unwrap(), vec![m(1)]);
        tx.commit().await.unwrap();
        t
    })
    .await;
}

#[tokio::test]
async fn the_inbox_lists_a_departments_cases_by_deadline_with_a_cursor() {
    each_backend(|t| async move {
        let n = net(&t.db).await;
        let mut tx = t.db.begin().await.unwrap();
        let (item_id, v) = item(&mut tx, &n.town_a, &n.dept_y, "00010500100", "食品经营许可").await;
        let mut ids = Vec::new();
        // Deadlines 12, 10, none (paused), 10, 11 March.
        for (i, due) in [Some("2026-03-12"), Some("2026-03-10"), None, Some("2026-03-10"), Some("2026-03-11")].into_iter().enumerate() {
            let id = case(&mut tx, &n, item_id, v, &format!("0002-20260302-0000{i}")).await;
            let ch = Change { status: "in_review", promised_deadline: due.map(day), ..Change::default() };
            assert!(cs::transition(&mut tx, id, "received", 1, &ch, now()).await.unwrap());
            ids.push(id);
        }
        let done = case(&mut tx, &n, item_id, v, "0002-20260302-00009").await;
        tx.commit().await.unwrap();
        let mut tx = t.db.read().await.unwrap();
        let page = cs::inbox(&mut tx, n.dept_y.id, &["in_review"], &Scope::All, None, 3).await.unwrap();
        assert_eq!(page.iter().map(|r| r.id).collect::<Vec<_>>(), [ids[1], ids[3], ids[4]]);
        let last = page.last().unwrap();
        let rest = cs::inbox(&mut tx, n.dept_y.id, &["in_review"], &Scope::All, Some((last.promised_deadline.unwrap(), last.id)), 3)
            .await
            .unwrap();
        assert_eq!(rest.iter().map(|r| r.id).collect::<Vec<_>>(), [ids[0], ids[2]], "no deadline last");
        assert!(cs::inbox(&mut tx, n.dept_x.id, &["in_review"], &Scope::All, None, 10).await.unwrap().is_empty(), "another department's");
        let received = cs::inbox(&mut tx, n.dept_y.id, &["received"], &Scope::All, None, 10).await.unwrap();
        assert_eq!(received.iter().map(|r| r.id).collect::<Vec<_>>(), [done]);
        let town_b = Scope::Paths(vec![n.town_b.path.clone()]);
        assert!(cs::inbox(&mut tx, n.dept_y.id, &["in_review"], &town_b, None, 10).await.unwrap().is_empty(), "another town's");
        let town_a = Scope::Paths(vec![n.town_a.path.clone()]);
        assert_eq!(cs::inbox(&mut tx, n.dept_y.id, &["in_review"], &town_a, None, 10).await.unwrap().len(), 5);
        t
    })
    .await;
}

#[tokio::test]
async fn a_sweep_raises_only_the_cases_whose_next_level_has_begun() {
    each_backend(|t| async move {
        let n = net(&t.db).await;
        let mut tx = t.db.begin().await.unwrap();
        let (item_id, v) = item(&mut tx, &n.town_a, &n.dept_y, "00010500100", "食品经营许可").await;
        let handler = crate::common::user(&mut tx, &n.town_a, "appr1", None).await;
        // Thresholds: remind 6 Mar, yellow 10 Mar, red 12 Mar; the second case is a day later; the
        // third is paused (no thresholds).
        let open = |i: i64, shift: i64, scheduled: bool| {
            let at = |s: &str| if scheduled { Some(day(s) + Duration::days(shift)) } else { None };
            cs::OpenCase {
                case_no: format!("B{i}"),
                site_id: n.site_a.id,
                org_unit_id: n.site_a.org_unit_id,
                item_id,
                item_version_id: v,
                item_name: "食品经营许可".into(),
                department_id: n.dept_y.id,
                status: if scheduled { "in_review" } else { "special_procedure" },
                applicant_name: "王五".into(),
                phone: phone_parts("13912345678"),
                accepted_by: None,
                accepted_on: today(),
                reviewer_id: Some(handler.id),
                promised_days: 5,
                statutory_days: 20,
                promised_deadline: Some(day("2026-03-09")),
                statutory_deadline: Some(day("2026-03-30")),
                ladder: cs::LadderState {
                    warning_level: 0,
                    next_level: scheduled.then_some(1),
                    next_level_on: at("2026-03-06"),
                    remind_on: at("2026-03-06"),
                    yellow_on: at("2026-03-10"),
                    red_on: at("2026-03-12"),
                },
            }
        };
        let rows: Vec<cs::OpenCase> = (0..1200).map(|i| open(i, i % 2, i % 3 != 2)).collect();
        cs::insert_open_cases(&mut tx, &rows, now()).await.unwrap();
        assert!(cs::raise_due(&mut tx, day("2026-03-05"), 5000).await.unwrap().is_empty());
        let first = cs::raise_due(&mut tx, day("2026-03-06"), 5000).await.unwrap();
        assert_eq!(first.len(), 400, "only the scheduled cases due on the 6th");
        assert!(first.iter().all(|r| r.warning_level == 1 && r.handler_id == Some(handler.id)));
        assert!(cs::raise_due(&mut tx, day("2026-03-06"), 5000).await.unwrap().is_empty(), "nothing twice");
        // Days later, a case passes several levels at once; `limit` caps one round.
        let some = cs::raise_due(&mut tx, day("2026-03-13"), 300).await.unwrap();
        assert_eq!(some.len(), 300);
        let rest = cs::raise_due(&mut tx, day("2026-03-13"), 5000).await.unwrap();
        assert_eq!(rest.len(), 500);
        assert!(some.iter().chain(&rest).all(|r| r.warning_level == 3));
        let one = cs::get_case(&mut tx, first[0].id).await.unwrap();
        assert_eq!((one.ladder.warning_level, one.ladder.next_level, one.ladder.next_level_on), (3, None, None));
        let paused = cs::find_by_no(&mut tx, "B2").await.unwrap().unwrap();
        assert_eq!((paused.ladder.warning_level, paused.status.as_str()), (0, "special_procedure"));

        // Recipients by role over the case's org path, reminders and cards once each.
        let head = crate::common::user(&mut tx, &n.town_a, "head1", None).await;
        store::accounts::insert_grant(&mut tx, head.id, "dept_head", n.banner.id, Some(n.dept_y.id), now()).await.unwrap();
        let other = crate::common::user(&mut tx, &n.town_a, "head2", None).await;
        store::accounts::insert_grant(&mut tx, other.id, "dept_head", n.banner.id, Some(n.dept_x.id), now()).await.unwrap();
        let far = crate::common::user(&mut tx, &n.town_b, "head3", None).await;
        store::accounts::insert_grant(&mut tx, far.id, "dept_head", n.town_b.id, None, now()).await.unwrap();
        assert_eq!(cs::users_with_role(&mut tx, "dept_head", &n.town_a.path, Some(n.dept_y.id)).await.unwrap(), [head.id]);
        let id = first[0].id;
        let r = |user_id: i64, channel: &'static str| cs::NewReminder {
            case_id: id,
            org_unit_id: n.town_a.id,
            level: 2,
            recipient_role: "dept_head",
            user_id,
            channel,
        };
        assert_eq!(cs::insert_reminders(&mut tx, &[r(head.id, "in_app"), r(head.id, "sms")], now()).await.unwrap(), 2);
        let again = cs::insert_reminders(&mut tx, &[r(head.id, "in_app"), r(handler.id, "in_app")], now()).await.unwrap();
        assert_eq!(again, 1, "only the new one");
        assert_eq!(cs::list_reminders(&mut tx, Some(id), None, 10).await.unwrap().len(), 3);
        assert_eq!(cs::list_reminders(&mut tx, None, Some(head.id), 10).await.unwrap().len(), 1, "in-app only");
        let card = |level: i64| cs::NewCard {
            case_id: id,
            org_unit_id: n.town_a.id,
            level,
            department_id: n.dept_y.id,
            user_id: Some(handler.id),
            issued_on: today(),
        };
        assert_eq!(cs::insert_cards(&mut tx, &[card(2)], now()).await.unwrap(), 1);
        assert_eq!(cs::insert_cards(&mut tx, &[card(2), card(3)], now()).await.unwrap(), 1);
        assert_eq!(cs::list_cards(&mut tx, id).await.unwrap().iter().map(|c| c.level).collect::<Vec<_>>(), [2, 3]);
        assert_eq!(cs::user_phone_enc(&mut tx, head.id).await.unwrap(), None, "no staff behind the account");
        tx.commit().await.unwrap();
        t
    })
    .await;
}
