//! Past records written in bulk (the demo's history, or records carried over): tickets with their
//! steps, ratings, rectification orders, cases with trails, ladder places, reminders, cards and
//! special procedures, and work orders with their steps.

use chrono::{Duration, NaiveDate};
use store::cases::LadderState;
use store::history::*;
use store::queue::CategoryFields;
use testkit::each_backend;

use crate::common::{count, item, net, now, phone_parts, user};

fn ymd(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, d).unwrap()
}

#[tokio::test]
async fn past_records_are_written_in_bulk_with_their_steps() {
    each_backend(|t| async move {
        let n = net(&t.db).await;
        let mut tx = t.db.begin().await.unwrap();
        let cat = CategoryFields { prefix: "A", name: "综合受理", description: "", sort_order: 0, daily_limit: None, active: true };
        let cat = store::queue::insert_category(&mut tx, n.site_a.id, n.site_a.org_unit_id, &cat, now()).await.unwrap();
        let (item_id, version_id) = item(&mut tx, &n.banner, &n.dept_x, "070300100100", "出生登记").await;
        let t0 = now() - Duration::days(10);
        let clerk = user(&mut tx, &n.town_a, "clerk1", Some(n.staff_a.id)).await.id;
        let user = Some(clerk);
        // 300 tickets: more than one statement's worth; every tenth missed.
        let tickets: Vec<PastTicket> = (1..=300)
            .map(|i| PastTicket {
                site_id: n.site_a.id,
                org_unit_id: n.site_a.org_unit_id,
                category_id: cat,
                day: ymd(2),
                seq: i,
                ticket_no: format!("A{i:03}"),
                channel: "kiosk",
                priority: "normal",
                status: if i % 10 == 0 { "no_show" } else { "done" },
                issued_at: t0,
                called_at: t0 + Duration::minutes(10),
                finished_at: t0 + Duration::minutes(20),
                window_id: n.window_a.id,
                staff_id: Some(n.staff_a.id),
                outcome: (i % 10 != 0).then_some("accepted"),
                item_id: Some(item_id),
                follow_code: format!("past{i:08}"),
                caller: "clerk1".into(),
            })
            .collect();
        let ids = insert_tickets(&mut tx, &tickets).await.unwrap();
        assert_eq!(ids.len(), 300);
        let steps = store::queue::list_events(&mut tx, ids[9]).await.unwrap();
        assert_eq!(steps.iter().map(|e| e.kind.as_str()).collect::<Vec<_>>(), ["issue", "call", "no_show"]);
        let first = store::queue::find_ticket(&mut tx, ids[0]).await.unwrap().unwrap();
        assert_eq!((first.ticket_no.as_str(), first.status.as_str(), first.finished_at.is_some()), ("A001", "done", true));

        let case = |no: &str, status: &'static str, ladder: Option<LadderState>| PastCase {
            case_no: no.into(),
            query_code: "ABCD2345".into(),
            site_id: n.site_a.id,
            org_unit_id: n.site_a.org_unit_id,
            item_id,
            item_version_id: version_id,
            item_name: "出生登记".into(),
            department_id: n.dept_x.id,
            status,
            applicant_name: "王秀英".into(),
            phone: phone_parts("13912345678"),
            ticket_id: Some(ids[0]),
            window_id: Some(n.window_a.id),
            clerk_id: None,
            accepted_on: Some(ymd(2)),
            reviewer_id: None,
            decided_by: None,
            decided_on: (status == "completed").then(|| ymd(12)),
            decision_reason: None,
            promised_days: 5,
            statutory_days: 20,
            promised_deadline: Some(ymd(9)),
            statutory_deadline: Some(ymd(30)),
            created_at: t0,
            updated_at: t0 + Duration::days(10),
            steps: vec![PastStep {
                at: t0,
                action: "accept",
                from_status: "received",
                to_status: "accepted",
                user_id: None,
                actor: "clerk1".into(),
                note: String::new(),
            }],
            ladder,
            reminders: vec![(1, clerk, ymd(6))],
            cards: vec![(2, None, ymd(10))],
            special: (status == "special_procedure").then(|| ("专家评审".to_owned(), 10, ymd(3))),
        };
        let open = LadderState {
            warning_level: 2,
            next_level: Some(3),
            next_level_on: Some(ymd(13)),
            remind_on: Some(ymd(6)),
            yellow_on: Some(ymd(10)),
            red_on: Some(ymd(13)),
        };
        let cases = vec![case("0001-20261102-00001", "completed", None), case("0001-20261102-00002", "special_procedure", Some(open))];
        let case_ids = insert_cases(&mut tx, &cases).await.unwrap();
        let done = store::cases::get_case(&mut tx, case_ids[0]).await.unwrap();
        assert_eq!((done.status.as_str(), done.decided_on), ("completed", Some(ymd(12))));
        assert_eq!(store::cases::list_events(&mut tx, case_ids[1]).await.unwrap().len(), 1);

        let rating = |ticket_id, case_id, level| PastRating {
            org_unit_id: n.site_a.org_unit_id,
            site_id: n.site_a.id,
            ticket_id,
            case_id,
            window_id: Some(n.window_a.id),
            staff_id: Some(n.staff_a.id),
            department_id: Some(n.dept_x.id),
            item_id: Some(item_id),
            owner_user_id: None,
            level,
            final_level: None,
            mode: if case_id.is_some() { "online" } else { "onsite" },
            channel: if case_id.is_some() { "sms" } else { "pad" },
            reasons: "[]".into(),
            comment: String::new(),
            real_name: true,
            served_on: ymd(2),
            rated_at: t0 + Duration::minutes(21),
            rerated_at: None,
            excluded: false,
        };
        let ratings = vec![rating(Some(ids[0]), None, 5), rating(None, Some(case_ids[0]), 1), rating(Some(ids[1]), None, 2)];
        let rating_ids = insert_ratings(&mut tx, &ratings).await.unwrap();
        let r = store::ratings::get_rating(&mut tx, rating_ids[1]).await.unwrap().unwrap();
        assert_eq!((r.level, r.case_id, r.ticket_id), (1, Some(case_ids[0]), None), "ids come back in the order given");
        let order = |rating_id, status| PastOrder {
            rating_id,
            org_unit_id: n.site_a.org_unit_id,
            site_id: n.site_a.id,
            department_id: Some(n.dept_x.id),
            owner_user_id: user,
            status,
            real_name: true,
            opened_on: ymd(2),
            verify_due_on: ymd(3),
            rectify_due_on: ymd(9),
            verified_at: Some(t0 + Duration::hours(3)),
            finding: "情况属实".into(),
            resolution: Some("immediate"),
            rectify_note: String::new(),
            reply: "已整改".into(),
            replied_at: Some(t0 + Duration::hours(30)),
            callback_at: None,
            callback_note: String::new(),
            callback_satisfied: None,
            appeal_reason: String::new(),
            appealed_at: None,
            closed_at: (status == "closed").then(|| t0 + Duration::hours(40)),
            created_at: t0,
            updated_at: t0 + Duration::hours(40),
        };
        assert_eq!(insert_orders(&mut tx, &[order(rating_ids[1], "closed"), order(rating_ids[2], "replied")]).await.unwrap(), 2);

        let wo = PastWorkOrder {
            order_no: "GD202611020001".into(),
            org_unit_id: n.banner.id,
            site_id: Some(n.centre.id),
            channel: "hotline",
            kind: "complaint",
            category: String::new(),
            content: "窗口排队时间长".into(),
            contact_name: "王先生".into(),
            contact_phone: Some(phone_parts("13912345678")),
            department_id: Some(n.dept_x.id),
            status: "closed",
            assigned_on: Some(ymd(2)),
            sign_due_on: Some(ymd(3)),
            reply_due_on: Some(ymd(9)),
            signed_at: Some(t0 + Duration::hours(2)),
            reply: "已核实并整改".into(),
            replied_at: Some(t0 + Duration::hours(20)),
            satisfied: Some(true),
            closed_at: Some(t0 + Duration::hours(30)),
            created_by: None,
            created_at: t0,
            updated_at: t0 + Duration::hours(30),
            steps: vec![PastOrderStep {
                action: "register",
                from_status: "registered",
                to_status: "registered",
                note: String::new(),
                department_id: None,
                actor_id: None,
                actor_name: "hall".into(),
                at: t0,
            }],
        };
        assert_eq!(insert_work_orders(&mut tx, &[wo]).await.unwrap().len(), 1);
        tx.commit().await.unwrap();

        for (sql, want) in [
            ("select count(*) from tickets", 300),
            ("select count(*) from ticket_events", 900),
            ("select count(*) from cases", 2),
            ("select count(*) from case_ladder", 1),
            ("select count(*) from case_cards", 2),
            ("select count(*) from case_pauses where end_on is null", 1),
            ("select count(*) from ratings", 3),
            ("select count(*) from rectification_orders where status = 'closed'", 1),
            ("select count(*) from work_orders", 1),
            ("select count(*) from work_order_events", 1),
        ] {
            assert_eq!(count(&t.db, sql).await, want, "{sql}");
        }
        t
    })
    .await;
}
