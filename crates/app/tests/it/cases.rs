//! Cases on both backends: intake at an authorised window, the material rule, the full lifecycle
//! with a special procedure and an extension, the clock and its warning level, 受审分离, refused
//! transitions with the allowed list, concurrent decisions, and masked personal data.

use app::accounts::GrantInput;
use app::cases::{ActionInput, ApplicantInput, CaseInput, MaterialInput};
use app::catalog::ItemInput;
use app::{Actor, AppError};
use chrono::{Duration, NaiveDate};
use domain::catalog::{CaseKind, ItemContent, Material, VersionStatus};
use testkit::each_backend;

use crate::common::{PASSWORD, World, actor, system, user_with_role, world};

const ID: &str = "11010519491231002X";
const PHONE: &str = "13912345678";

pub(crate) struct Desk {
    pub w: World,
    pub item: i64,
    pub instant: i64,
    pub clerk: Actor,
    pub approver: Actor,
    pub approver2: Actor,
    pub head: Actor,
}

fn content(name: &str, promised: u32, kind: CaseKind) -> ItemContent {
    ItemContent {
        name: name.into(),
        legal_basis: "《中华人民共和国食品安全法》第三十五条".into(),
        conditions: "具有与经营的食品品种、数量相适应的经营场所".into(),
        keywords: vec!["开饭店".into()],
        promised_days: promised,
        statutory_days: 20,
        case_kind: kind,
        review_points: vec!["经营场所与申请一致".into()],
        materials: vec![
            Material { name: "食品经营许可申请书".into(), required: true, originals: 1, ..Material::default() },
            Material { name: "营业执照".into(), required: true, copies: 1, rongque: true, ..Material::default() },
        ],
        ..ItemContent::default()
    }
}

async fn publish(w: &World, code: &str, c: ItemContent, a: &Actor, b: &Actor) -> i64 {
    let input = ItemInput { basic_code: code.into(), department_id: Some(w.dept_sj.id), change_note: "首次发布".into(), content: c };
    let v = app::catalog::create_item(&w.app, a, &input).await.unwrap();
    app::catalog::transition(&w.app, a, v.version.id, VersionStatus::Submitted, None).await.unwrap();
    app::catalog::transition(&w.app, b, v.version.id, VersionStatus::Approved, None).await.unwrap();
    app::catalog::transition(&w.app, b, v.version.id, VersionStatus::Published, Some(w.app.clock.today())).await.unwrap();
    app::catalog::set_window_authorisation(&w.app, &system(), v.item.id, Some(w.window1.id), true).await.unwrap();
    v.item.id
}

async fn dept_user(w: &World, username: &str, role: &str) -> Actor {
    let u = app::accounts::create_user(&w.app, &system(), &crate::common::user_input(&w.town1, username, None)).await.unwrap();
    let g = GrantInput { role: role.into(), org_unit_id: Some(w.town1.id), department_id: Some(w.dept_sj.id) };
    app::accounts::add_grant(&w.app, &system(), u.id, &g).await.unwrap();
    app::accounts::login(&w.app, username, PASSWORD).await.unwrap().actor
}

pub(crate) async fn desk(t: &testkit::TestDb) -> Desk {
    let w = world(t).await;
    user_with_role(&w.app, &w.banner, "cat1", None, "catalog_admin", &w.banner).await;
    user_with_role(&w.app, &w.banner, "cat2", None, "catalog_admin", &w.banner).await;
    let (a, b) = (actor(&w.app, "cat1").await, actor(&w.app, "cat2").await);
    let item = publish(&w, "00010500100", content("食品经营许可（新办）", 5, CaseKind::Promise), &a, &b).await;
    let instant = publish(&w, "00010500200", content("食品经营许可（注销）", 0, CaseKind::Instant), &a, &b).await;
    let clerk = actor(&w.app, "clerk1").await;
    // Intake is at one's own seat today.
    app::org::seat_today(&w.app, &system(), w.window1.id, Some(w.staff1.id)).await.unwrap();
    let approver = dept_user(&w, "appr1", "approver").await;
    let approver2 = dept_user(&w, "appr2", "approver").await;
    let head = dept_user(&w, "head1", "dept_head").await;
    Desk { w, item, instant, clerk, approver, approver2, head }
}

pub(crate) fn intake(d: &Desk, item: i64, materials: &[(i64, &str)]) -> CaseInput {
    CaseInput {
        item_id: Some(item),
        window_id: Some(d.w.window1.id),
        applicant: ApplicantInput {
            kind: "person".into(),
            name: "王五".into(),
            id_number: ID.into(),
            phone: PHONE.into(),
            ..ApplicantInput::default()
        },
        materials: materials.iter().map(|(p, s)| MaterialInput { position: *p, state: (*s).into(), ..MaterialInput::default() }).collect(),
        ..CaseInput::default()
    }
}

pub(crate) fn act(action: &str) -> ActionInput {
    ActionInput { action: action.into(), ..ActionInput::default() }
}

fn with_reason(action: &str, reason: &str) -> ActionInput {
    ActionInput { action: action.into(), reason: reason.into(), ..ActionInput::default() }
}

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

#[tokio::test]
async fn a_case_goes_from_intake_to_completion_with_its_clock() {
    each_backend(|t| async move {
        let d = desk(&t).await;
        let app = &d.w.app;
        // Taken in on Monday 2 March 2026 with the licence missing: received, not yet accepted.
        let c = app::cases::create_case(app, &d.clerk, &intake(&d, d.item, &[(1, "provided")])).await.unwrap();
        let id = c.view.case.id;
        assert_eq!(c.view.case.status, "received");
        assert!(c.view.case.case_no.ends_with("-20260302-00001"), "{}", c.view.case.case_no);
        assert_eq!(c.query_code.len(), 8);
        assert_eq!(c.view.case.applicant_id_masked.as_deref(), Some("110105********002X"));
        assert_eq!(c.view.case.phone_masked, "139****5678");
        let json = serde_json::to_string(&c.view).unwrap();
        assert!(!json.contains(ID) && !json.contains(PHONE) && !json.contains(&c.query_code), "{json}");
        // Accepting with a required material missing is refused and names it.
        let r = app::cases::act(app, &d.clerk, id, &act("accept")).await;
        assert!(matches!(&r, Err(AppError::Conflict(m)) if m.contains("营业执照")), "{r:?}");
        // The one-time notice lists everything missing; the clock has not started.
        let r = app::cases::act(app, &d.clerk, id, &act("request_supplement")).await;
        assert!(matches!(r, Err(AppError::Invalid(ref i)) if i.message_for("missing").is_some()), "{r:?}");
        let n = ActionInput { missing: vec!["营业执照复印件 1 份".into()], ..act("request_supplement") };
        let v = app::cases::act(app, &d.clerk, id, &n).await.unwrap();
        assert_eq!((v.case.status.as_str(), v.clock.accepted_on), ("supplement_requested", None));
        // Back with the licence flagged 容缺 (promised for Friday): accepted.
        let promise =
            MaterialInput { position: 2, state: "rongque".into(), promise_on: Some(day("2026-03-06")), ..MaterialInput::default() };
        let materials = vec![MaterialInput { position: 1, state: "provided".into(), ..MaterialInput::default() }, promise];
        app::cases::act(app, &d.clerk, id, &ActionInput { materials: Some(materials), ..act("resubmit") }).await.unwrap();
        let v = app::cases::act(app, &d.clerk, id, &act("accept")).await.unwrap();
        assert_eq!(v.case.status, "accepted");
        assert_eq!(v.clock.accepted_on, Some(day("2026-03-02")));
        assert_eq!(v.clock.promised_deadline, Some(day("2026-03-09")));
        assert_eq!(v.clock.statutory_deadline, Some(day("2026-03-30")));
        assert_eq!((v.clock.working_days_used, v.clock.warning_level.as_str()), (0, "none"));
        assert_eq!(v.case.ladder.next_level_on, Some(day("2026-03-06")), "level 1 when 4 of 5 days are used");

        // The back office: review, a special procedure that stops the clock, an extension.
        let clerk_review = app::cases::act(app, &d.clerk, id, &act("start_review")).await;
        assert!(matches!(clerk_review, Err(AppError::Forbidden(_))), "{clerk_review:?}");
        app::cases::act(app, &d.approver, id, &act("start_review")).await.unwrap();
        app.clock.advance(Duration::days(1)); // Tue 3
        let special = ActionInput {
            special_type: "expert_review".into(),
            expected_days: Some(5),
            ..with_reason("start_special", "组织专家现场评审，预计 5 个工作日")
        };
        let v = app::cases::act(app, &d.approver, id, &special).await.unwrap();
        assert!(v.clock.paused);
        assert_eq!((v.case.status.as_str(), v.case.ladder.next_level_on), ("special_procedure", None));
        app.clock.advance(Duration::days(7)); // Tue 10
        let v = app::cases::act(app, &d.approver, id, &act("end_special")).await.unwrap();
        // The pause began on Tue 3, so Tue 3 – Mon 9 did not count; Tue 10 did.
        assert_eq!(v.clock.working_days_used, 1);
        assert_eq!(v.clock.promised_deadline, Some(day("2026-03-16")));
        let ext = ActionInput { days: Some(3), ..with_reason("extend", "需补充现场核查") };
        assert!(matches!(app::cases::act(app, &d.approver, id, &ext).await, Err(AppError::Forbidden(_))));
        let v = app::cases::act(app, &d.head, id, &ext).await.unwrap();
        assert_eq!((v.clock.promised_limit, v.clock.promised_deadline), (8, Some(day("2026-03-19"))));
        let v = app::cases::act(app, &d.approver, id, &act("approve")).await.unwrap();
        assert_eq!((v.case.status.as_str(), v.case.decided_on), ("approved", Some(day("2026-03-10"))));
        app::cases::act(app, &d.approver, id, &act("prepare_result")).await.unwrap();
        let r = app::cases::act(app, &d.clerk, id, &ActionInput { delivery_mode: "mail".into(), ..act("deliver") }).await;
        assert!(matches!(r, Err(AppError::Invalid(ref i)) if i.message_for("delivery_detail").is_some()), "{r:?}");
        let deliver = ActionInput { delivery_mode: "mail".into(), delivery_detail: "EMS 1234567890".into(), ..act("deliver") };
        app::cases::act(app, &d.clerk, id, &deliver).await.unwrap();
        let v = app::cases::act(app, &d.clerk, id, &act("complete")).await.unwrap();
        assert_eq!((v.case.status.as_str(), v.allowed.len()), ("completed", 0));

        // The trail, the pause and the notices the applicant received.
        let detail = app::cases::get_case(app, &d.clerk, id).await.unwrap();
        let actions: Vec<&str> = detail.events.iter().map(|e| e.action.as_str()).collect();
        assert_eq!(
            actions,
            [
                "receive",
                "request_supplement",
                "resubmit",
                "accept",
                "start_review",
                "start_special",
                "end_special",
                "extend",
                "approve",
                "prepare_result",
                "deliver",
                "complete"
            ]
        );
        assert_eq!(detail.pauses.len(), 1);
        assert_eq!((detail.pauses[0].start_on, detail.pauses[0].end_on), (day("2026-03-03"), Some(day("2026-03-10"))));
        assert_eq!(detail.materials[1].state, "rongque");
        let mut tx = app.db.read().await.unwrap();
        let sent = store::outbox::list(&mut tx, &store::org::Scope::All, None, Some("case_notice"), None, 100).await.unwrap();
        assert_eq!(
            sent.len(),
            6,
            "supplement, accepted, special procedure, extension, result ready, completed (with the invitation to rate)"
        );
        assert!(sent[0].body.contains("已办结") && sent[0].body.contains("欢迎评价本次服务"), "newest first: {}", sent[0].body);
        assert!(sent.iter().all(|m| m.phone_masked == "139****5678" && !m.body.contains(ID)));
        t
    })
    .await;
}

#[tokio::test]
async fn refusals_name_the_problem_and_write_nothing() {
    each_backend(|t| async move {
        let d = desk(&t).await;
        let app = &d.w.app;
        let mut bad = intake(&d, d.item, &[]);
        bad.applicant.id_number = "110105194912310021".into();
        bad.applicant.phone = "12345".into();
        let r = app::cases::create_case(app, &d.clerk, &bad).await;
        match r {
            Err(AppError::Invalid(i)) => {
                assert!(i.message_for("applicant.id_number").is_some() && i.message_for("applicant.phone").is_some(), "{i:?}");
            }
            other => panic!("{other:?}"),
        }
        let proxy = CaseInput { channel: "proxy".into(), ..intake(&d, d.item, &[]) };
        assert!(matches!(app::cases::create_case(app, &d.clerk, &proxy).await, Err(AppError::Invalid(ref i)) if i.message_for("agent").is_some()));
        let rq = intake(&d, d.item, &[(2, "rongque")]);
        assert!(matches!(app::cases::create_case(app, &d.clerk, &rq).await, Err(AppError::Invalid(ref i)) if i.message_for("materials[2]").is_some()));
        // A window acting for another department and not authorised for the item.
        let wi = crate::common::window_input(&d.w.zone1, "9", &[d.w.dept_rs.id]);
        let w9 = app::org::create_window(app, &system(), d.w.site1.id, &wi).await.unwrap();
        let other = CaseInput { window_id: Some(w9.id), ..intake(&d, d.item, &[]) };
        let r = app::cases::create_case(app, &d.clerk, &other).await;
        assert!(matches!(&r, Err(AppError::Forbidden(m)) if m.contains("您今天不在 9 号窗口")), "{r:?}");
        // The hall manager covering window 9 is told what the window lacks.
        let r = app::cases::create_case(app, &actor(app, "mgr1").await, &other).await;
        assert!(matches!(&r, Err(AppError::Conflict(m)) if m.contains("未获授权")), "{r:?}");
        // Nothing was stored.
        let mut tx = app.db.read().await.unwrap();
        assert!(store::cases::find_case(&mut tx, 1).await.unwrap().is_none());
        drop(tx);

        // An illegal transition lists what is allowed; 即办件 only settle on the spot.
        let c = app::cases::create_case(app, &d.clerk, &intake(&d, d.item, &[(1, ""), (2, "")])).await.unwrap();
        match app::cases::act(app, &d.approver, c.view.case.id, &act("approve")).await {
            Err(AppError::Transition { allowed, message }) => {
                assert_eq!(allowed, ["accept", "request_supplement", "reject", "withdraw", "void"]);
                assert!(message.contains("已接件"), "{message}");
            }
            other => panic!("{other:?}"),
        }
        assert!(matches!(app::cases::act(app, &d.clerk, c.view.case.id, &act("reject")).await, Err(AppError::Invalid(_))));
        app::cases::act(app, &d.clerk, c.view.case.id, &act("accept")).await.unwrap();
        let r = app::cases::act(app, &d.clerk, c.view.case.id, &act("settle")).await;
        assert!(matches!(&r, Err(AppError::Transition { message, allowed }) if message.contains("后台审查") && !allowed.contains(&"settle")), "{r:?}");
        let i = app::cases::create_case(app, &d.clerk, &intake(&d, d.instant, &[(1, ""), (2, "")])).await.unwrap();
        app::cases::act(app, &d.clerk, i.view.case.id, &act("accept")).await.unwrap();
        let v = app::cases::act(app, &d.clerk, i.view.case.id, &act("settle")).await.unwrap();
        assert_eq!((v.case.status.as_str(), v.clock.working_days_used), ("completed", 0));
        // Another town's manager cannot see the case at all.
        let mgr2 = actor(app, "mgr2").await;
        assert!(matches!(app::cases::get_case(app, &mgr2, c.view.case.id).await, Err(AppError::NotFound(_))));
        t
    })
    .await;
}

#[tokio::test]
async fn whoever_accepted_a_case_never_decides_it_and_one_of_two_decisions_wins() {
    each_backend(|t| async move {
        let d = desk(&t).await;
        let app = &d.w.app;
        // A user who is both a window clerk (seated at window 1 today) and an approver of the department.
        let g = GrantInput { role: "approver".into(), org_unit_id: Some(d.w.town1.id), department_id: Some(d.w.dept_sj.id) };
        app::accounts::add_grant(app, &system(), d.clerk.user_id.unwrap().0, &g).await.unwrap();
        let both = actor(app, "clerk1").await;
        let c = app::cases::create_case(app, &both, &intake(&d, d.item, &[(1, ""), (2, "")])).await.unwrap();
        let id = c.view.case.id;
        app::cases::act(app, &both, id, &act("accept")).await.unwrap();
        app::cases::act(app, &both, id, &act("start_review")).await.unwrap();
        for decision in [act("approve"), with_reason("deny", "不符合条件")] {
            let r = app::cases::act(app, &both, id, &decision).await;
            assert!(matches!(&r, Err(AppError::Forbidden(m)) if m.contains("受审分离")), "{r:?}");
        }
        // Two approvers decide at the same moment: exactly one wins, the other gets 409.
        let (a, b) = (app.clone(), app.clone());
        let (x, y) = (d.approver.clone(), d.approver2.clone());
        let one = tokio::spawn(async move { app::cases::act(&a, &x, id, &act("approve")).await });
        let two = tokio::spawn(async move { app::cases::act(&b, &y, id, &with_reason("deny", "材料不实")).await });
        let (one, two) = (one.await.unwrap(), two.await.unwrap());
        assert_eq!(one.is_ok() as u8 + two.is_ok() as u8, 1, "{one:?} {two:?}");
        let loser = if one.is_ok() { two } else { one };
        assert!(matches!(loser, Err(AppError::Transition { .. }) | Err(AppError::Conflict(_))), "{loser:?}");
        let detail = app::cases::get_case(app, &d.approver, id).await.unwrap();
        assert_eq!(detail.events.iter().filter(|e| e.action == "approve" || e.action == "deny").count(), 1);
        t
    })
    .await;
}

#[tokio::test]
async fn the_sweep_climbs_the_ladder_once_and_reminds_each_person_once() {
    each_backend(|t| async move {
        let d = desk(&t).await;
        let app = &d.w.app;
        user_with_role(app, &d.w.banner, "super1", None, "supervisor", &d.w.banner).await;
        // Accepted Monday 2 March by clerk1 (张三, who has a staff phone): promised 5, statutory 20.
        let c = app::cases::create_case(app, &d.clerk, &intake(&d, d.item, &[(1, ""), (2, "")])).await.unwrap();
        let id = c.view.case.id;
        let v = app::cases::act(app, &d.clerk, id, &act("accept")).await.unwrap();
        assert_eq!(v.case.ladder.remind_on, Some(day("2026-03-06")));
        assert_eq!((v.case.ladder.yellow_on, v.case.ladder.red_on), (Some(day("2026-03-10")), Some(day("2026-03-12"))));
        // A second case, paused by a special procedure, is never raised.
        let p = app::cases::create_case(app, &d.clerk, &intake(&d, d.item, &[(1, ""), (2, "")])).await.unwrap();
        app::cases::act(app, &d.clerk, p.view.case.id, &act("accept")).await.unwrap();
        app::cases::act(app, &d.approver, p.view.case.id, &act("start_review")).await.unwrap();
        let special = ActionInput { special_type: "testing".into(), expected_days: Some(30), ..with_reason("start_special", "送检") };
        app::cases::act(app, &d.approver, p.view.case.id, &special).await.unwrap();

        assert_eq!(app::cases::sweep(app).await.unwrap(), app::cases::SweepReport::default(), "nothing due on day 0");
        app.clock.advance(Duration::days(4)); // Fri 6: 4 of 5 days used
        let r = app::cases::sweep(app).await.unwrap();
        assert_eq!((r.raised, r.reminders, r.texts, r.cards), (1, 1, 1, 0), "{r:?}");
        assert_eq!(app::cases::sweep(app).await.unwrap().raised, 0, "a second sweep touches nothing");
        app.clock.advance(Duration::days(4)); // Tue 10: past the promised deadline
        let r = app::cases::sweep(app).await.unwrap();
        // The handler again (level 2) and the department head; a yellow card.
        assert_eq!((r.raised, r.reminders, r.texts, r.cards), (1, 2, 1, 1), "{r:?}");
        app.clock.advance(Duration::days(2)); // Thu 12: yellow stood two working days
        // Two sweeps at once (two processes on PostgreSQL): one reminder per person all the same.
        let (a, b) = (app.clone(), app.clone());
        let (x, y) = tokio::join!(app::cases::sweep(&a), app::cases::sweep(&b));
        let (x, y) = (x.unwrap(), y.unwrap());
        assert_eq!(x.raised + y.raised, 1, "{x:?} {y:?}");
        assert_eq!((x.reminders + y.reminders, x.cards + y.cards), (3, 1), "handler, head, supervisor; a red card");

        let detail = app::cases::get_case(app, &d.clerk, id).await.unwrap();
        assert_eq!(detail.view.clock.warning_level, "red");
        let levels: Vec<i64> = detail.cards.iter().map(|c| c.level).collect();
        assert_eq!(levels, [2, 3]);
        let mut in_app: Vec<(i64, &str)> =
            detail.reminders.iter().filter(|r| r.channel == "in_app").map(|r| (r.level, r.recipient_role.as_str())).collect();
        in_app.sort_unstable();
        assert_eq!(in_app, [(1, "handler"), (2, "dept_head"), (2, "handler"), (3, "dept_head"), (3, "handler"), (3, "supervisor")]);
        let mine = app::cases::my_reminders(app, &d.head, 10).await.unwrap();
        assert_eq!(mine.iter().map(|r| r.level).collect::<Vec<_>>(), [3, 2]);
        let mut tx = app.db.read().await.unwrap();
        let texts = store::outbox::list(&mut tx, &store::org::Scope::All, None, Some("case_reminder"), None, 100).await.unwrap();
        assert_eq!(texts.len(), 3, "the handler's staff phone, once per level");
        assert!(texts.iter().all(|m| m.phone_masked == "139****5678"));
        drop(tx);
        let paused = app::cases::get_case(app, &d.clerk, p.view.case.id).await.unwrap();
        assert_eq!((paused.view.clock.warning_level.as_str(), paused.reminders.len()), ("none", 0));
        t
    })
    .await;
}

#[tokio::test]
async fn a_calendar_edit_moves_the_deadlines_of_running_cases_and_keeps_levels_reached() {
    each_backend(|t| async move {
        let d = desk(&t).await;
        let app = &d.w.app;
        let admin = actor(app, "cat1").await;
        let all = [(1, "provided"), (2, "provided")];
        // Two cases accepted on Monday 2 March (promised 5, statutory 20 working days); one is
        // decided at once and keeps its deadlines.
        let mut ids = Vec::new();
        for _ in 0..2 {
            let id = app::cases::create_case(app, &d.clerk, &intake(&d, d.item, &all)).await.unwrap().view.case.id;
            app::cases::act(app, &d.clerk, id, &act("accept")).await.unwrap();
            app::cases::act(app, &d.approver, id, &act("start_review")).await.unwrap();
            ids.push(id);
        }
        app::cases::act(app, &d.approver, ids[1], &act("approve")).await.unwrap();
        // Friday 6 March: 4 of 5 days used, level 1 (提醒).
        app.clock.advance(Duration::days(4));
        assert_eq!(app::cases::sweep(app).await.unwrap().raised, 1);
        let v = app::cases::get_case(app, &d.approver, ids[0]).await.unwrap().view;
        assert_eq!((v.clock.promised_deadline, v.clock.warning_level.as_str()), (Some(day("2026-03-09")), "remind"));

        // Thursday 5 March becomes a holiday: every later deadline moves one working day on.
        let holiday = app::calendar::DayInput { date: "2026-03-05".into(), kind: "holiday".into(), name: "临时调整".into() };
        app::calendar::set_day(app, &admin, &holiday).await.unwrap();
        // The edit committed a recompute job; the supervision sweep runs it, as in the product.
        app::cases::sweep(app).await.unwrap();
        let v = app::cases::get_case(app, &d.approver, ids[0]).await.unwrap().view;
        assert_eq!(v.clock.promised_deadline, Some(day("2026-03-10")));
        assert_eq!(v.clock.statutory_deadline, Some(day("2026-03-31")));
        assert_eq!(v.case.promised_deadline, Some(day("2026-03-10")), "stored, so the inbox and figures follow");
        // The reminder already went out: the level stays, and the next one is the yellow card the
        // day after the new promised deadline.
        assert_eq!(
            (v.case.ladder.warning_level, v.case.ladder.next_level, v.case.ladder.next_level_on),
            (1, Some(2), Some(day("2026-03-11")))
        );
        let decided = app::cases::get_case(app, &d.approver, ids[1]).await.unwrap().view.case;
        assert_eq!(decided.promised_deadline, Some(day("2026-03-09")), "a decided case keeps the deadlines it was decided under");

        // A job left pending by a process that died after the edit is finished by the next sweep.
        let mut tx = app.db.begin().await.unwrap();
        store::calendar::upsert_day(&mut tx, day("2026-03-12"), "holiday", "再次调整", app.clock.now()).await.unwrap();
        store::cases::insert_recompute(&mut tx, day("2026-03-12"), app.clock.now()).await.unwrap();
        tx.commit().await.unwrap();
        app::calendar::set_day(
            app,
            &admin,
            &app::calendar::DayInput { date: "2026-12-31".into(), kind: "holiday".into(), name: "测试".into() },
        )
        .await
        .unwrap(); // clears the cached calendar and commits a job of its own (no case runs into December)
        app.clock.advance(Duration::days(3)); // Monday 9 March
        app::cases::sweep(app).await.unwrap();
        let v = app::cases::get_case(app, &d.approver, ids[0]).await.unwrap().view;
        assert_eq!(v.clock.statutory_deadline, Some(day("2026-04-01")));
        assert_eq!(v.case.statutory_deadline, Some(day("2026-04-01")));
        let mut tx = app.db.read().await.unwrap();
        assert!(store::cases::next_recompute(&mut tx).await.unwrap().is_none(), "every job done");
        drop(tx);
        t
    })
    .await;
}

#[tokio::test]
async fn a_local_ladder_policy_applies_to_its_site_and_is_named_on_the_case() {
    each_backend(|t| async move {
        let d = desk(&t).await;
        let app = &d.w.app;
        let all = [(1, "provided"), (2, "provided")];
        let id = app::cases::create_case(app, &d.clerk, &intake(&d, d.item, &all)).await.unwrap().view.case.id;
        let v = app::cases::act(app, &d.clerk, id, &act("accept")).await.unwrap();
        assert!(v.clock.ladder_policy.starts_with("默认规则"), "{}", v.clock.ladder_policy);
        assert_eq!(v.case.ladder.next_level_on, Some(day("2026-03-06")), "80 % of 5 days: after 4");

        let policy = app::cases::ladder::PolicyInput {
            site_id: Some(d.w.window1.site_id),
            remind_used_percent: Some(50),
            remind_days_left: Some(1),
            red_after_working_days: Some(1),
            note: "乌审旗政务服务局〔2026〕3 号".into(),
            ..app::cases::ladder::PolicyInput::default()
        };
        // Only the site's managers may set it, and only within range, with the local document named.
        let r = app::cases::ladder::set(app, &d.clerk, &policy).await;
        assert!(matches!(r, Err(AppError::Forbidden(_))), "{r:?}");
        let mgr = actor(app, "mgr1").await;
        let bad = app::cases::ladder::PolicyInput { remind_used_percent: Some(30), note: String::new(), ..policy.clone() };
        match app::cases::ladder::set(app, &mgr, &bad).await {
            Err(AppError::Invalid(i)) => {
                assert!(i.message_for("remind_used_percent").is_some() && i.message_for("note").is_some(), "{i:?}");
            }
            other => panic!("{other:?}"),
        }
        let set = app::cases::ladder::set(app, &mgr, &policy).await.unwrap();
        assert!(set.label.starts_with("本地政策（本场所）") && set.label.contains("50%"), "{}", set.label);
        // The running case follows at once (level 1 after 3 of 5 days: 50 % rounds up).
        app::cases::recompute_clocks(app).await.unwrap();
        let v = app::cases::get_case(app, &d.approver, id).await.unwrap().view;
        assert_eq!(v.case.ladder.next_level_on, Some(day("2026-03-05")));
        assert!(v.clock.ladder_policy.starts_with("本地政策（本场所）"), "{}", v.clock.ladder_policy);
        let (default, listed) = app::cases::ladder::list(app, &mgr).await.unwrap();
        assert!(default.starts_with("默认规则") && listed.len() == 1, "{default} {listed:?}");
        // Removed: back to the defaults.
        app::cases::ladder::delete(app, &mgr, set.id).await.unwrap();
        app::cases::recompute_clocks(app).await.unwrap();
        let v = app::cases::get_case(app, &d.approver, id).await.unwrap().view;
        assert_eq!(v.case.ladder.next_level_on, Some(day("2026-03-06")));
        t
    })
    .await;
}
