//! Supervision on both backends: a chase tells the department head once (in-app and by text),
//! is answered once by its own department, and is overdue after its last working day; refusals
//! write nothing; the dashboard's counts equal a hand count over cases at each level in two
//! departments and two sites, and a town supervisor sees only the town; the stationing checks
//! list an idle stationed item and a case decided without review, and not a reviewed one.

use app::accounts::GrantInput;
use app::cases::{ActionInput, ApplicantInput, CaseInput, MaterialInput};
use app::catalog::{ItemInput, ItemSiteInput};
use app::supervision::{AnswerInput, ChaseFilter, ChaseInput, Dashboard, Group};
use app::{Actor, AppError};
use chrono::Duration;
use domain::catalog::{CaseKind, ItemContent, Material, VersionStatus};
use store::org::{DepartmentRow, OrgUnitRow};
use testkit::each_backend;

use crate::common::{PASSWORD, World, actor, system, user_input, user_with_role, world};

fn content(name: &str) -> ItemContent {
    ItemContent {
        name: name.into(),
        legal_basis: "《中华人民共和国行政许可法》".into(),
        conditions: "符合条件".into(),
        promised_days: 5,
        statutory_days: 20,
        case_kind: CaseKind::Promise,
        materials: vec![Material { name: "申请书".into(), required: true, originals: 1, ..Material::default() }],
        ..ItemContent::default()
    }
}

async fn publish(w: &World, code: &str, name: &str, dept: &DepartmentRow, a: &Actor, b: &Actor) -> i64 {
    let input =
        ItemInput { basic_code: code.into(), department_id: Some(dept.id), change_note: "首次发布".into(), content: content(name) };
    let v = app::catalog::create_item(&w.app, a, &input).await.unwrap();
    app::catalog::transition(&w.app, a, v.version.id, VersionStatus::Submitted, None).await.unwrap();
    app::catalog::transition(&w.app, b, v.version.id, VersionStatus::Approved, None).await.unwrap();
    app::catalog::transition(&w.app, b, v.version.id, VersionStatus::Published, Some(w.app.clock.today())).await.unwrap();
    v.item.id
}

/// An account with one role on `on`, bound to `dept`, signed in.
async fn dept_user(w: &World, username: &str, staff: Option<i64>, role: &str, on: &OrgUnitRow, dept: &DepartmentRow) -> Actor {
    let u = app::accounts::create_user(&w.app, &system(), &user_input(on, username, staff)).await.unwrap();
    let g = GrantInput { role: role.into(), org_unit_id: Some(on.id), department_id: Some(dept.id) };
    app::accounts::add_grant(&w.app, &system(), u.id, &g).await.unwrap();
    app::accounts::login(&w.app, username, PASSWORD).await.unwrap().actor
}

struct Fixture {
    w: World,
    /// 市场监管 (sj) and 人社 (rs) items, and a third 人社 item stationed but never applied for.
    item_sj: i64,
    item_rs: i64,
    item_idle: i64,
    clerk1: Actor,
    mgr2: Actor,
    appr_sj: Actor,
    appr_rs: Actor,
    head_sj: Actor,
    sup: Actor,
    sup_town1: Actor,
}

async fn fixture(t: &testkit::TestDb) -> Fixture {
    let w = world(t).await;
    user_with_role(&w.app, &w.banner, "cat1", None, "catalog_admin", &w.banner).await;
    user_with_role(&w.app, &w.banner, "cat2", None, "catalog_admin", &w.banner).await;
    let (a, b) = (actor(&w.app, "cat1").await, actor(&w.app, "cat2").await);
    let item_sj = publish(&w, "00010500100", "食品经营许可", &w.dept_sj, &a, &b).await;
    let item_rs = publish(&w, "00010600100", "失业保险金申领", &w.dept_rs, &a, &b).await;
    let item_idle = publish(&w, "00010600200", "职业技能鉴定", &w.dept_rs, &a, &b).await;
    let appr_sj = dept_user(&w, "appr_sj", None, "approver", &w.banner, &w.dept_sj).await;
    let appr_rs = dept_user(&w, "appr_rs", None, "approver", &w.banner, &w.dept_rs).await;
    // The 市场监管 head has a staff record with a phone (李四), so the chase also texts them.
    let head_sj = dept_user(&w, "head_sj", Some(w.staff2.id), "dept_head", &w.banner, &w.dept_sj).await;
    user_with_role(&w.app, &w.banner, "sup", None, "supervisor", &w.banner).await;
    user_with_role(&w.app, &w.town1, "sup_t1", None, "supervisor", &w.town1).await;
    Fixture {
        clerk1: actor(&w.app, "clerk1").await,
        mgr2: actor(&w.app, "mgr2").await,
        sup: actor(&w.app, "sup").await,
        sup_town1: actor(&w.app, "sup_t1").await,
        w,
        item_sj,
        item_rs,
        item_idle,
        appr_sj,
        appr_rs,
        head_sj,
    }
}

/// Takes a case in at `window` and accepts it; answers its id.
async fn accepted(f: &Fixture, by: &Actor, window: i64, item: i64) -> i64 {
    if let Some(staff) = by.staff_id {
        app::org::seat_today(&f.w.app, &crate::common::system(), window, Some(staff)).await.unwrap();
    }
    let input = CaseInput {
        item_id: Some(item),
        window_id: Some(window),
        applicant: ApplicantInput {
            kind: "person".into(),
            name: "王五".into(),
            id_number: "11010519491231002X".into(),
            phone: "13912345678".into(),
            ..ApplicantInput::default()
        },
        materials: vec![MaterialInput { position: 1, ..MaterialInput::default() }],
        ..CaseInput::default()
    };
    let c = app::cases::create_case(&f.w.app, by, &input).await.unwrap();
    app::cases::act(&f.w.app, by, c.view.case.id, &act("accept")).await.unwrap();
    c.view.case.id
}

fn act(action: &str) -> ActionInput {
    ActionInput { action: action.into(), ..ActionInput::default() }
}

fn chase_input(note: &str, days: Option<i64>) -> ChaseInput {
    ChaseInput { note: note.into(), due_days: days }
}

/// The five cases of the hand count, with the clock left on Thursday 12 March 2026 after a sweep:
/// c1 (镇1, 市场监管, clerk1) and c4 (镇2, 市场监管, mgr2) accepted Mon 2 March → red;
/// c2 (镇1, 人社, clerk1) accepted Tue 3 → yellow; c3 (镇1, 市场监管, in review by appr_sj) and
/// c5 (镇2, 人社, mgr2) accepted Thu 5 → reminder. c2 is chased on Tue 10 (due Wed 11: overdue);
/// c1 and c4 are chased on Thu 12, and c4's chase answered.
struct Cases {
    c1: i64,
    c2: i64,
    c3: i64,
    c4: i64,
}

async fn five_cases(f: &Fixture) -> Cases {
    let app = &f.w.app;
    let (w1, w2) = (f.w.window1.id, f.w.window2.id);
    let c1 = accepted(f, &f.clerk1, w1, f.item_sj).await;
    let c4 = accepted(f, &f.mgr2, w2, f.item_sj).await;
    app.clock.advance(Duration::days(1));
    let c2 = accepted(f, &f.clerk1, w1, f.item_rs).await;
    app.clock.advance(Duration::days(2));
    let c3 = accepted(f, &f.clerk1, w1, f.item_sj).await;
    app::cases::act(app, &f.appr_sj, c3, &act("start_review")).await.unwrap();
    accepted(f, &f.mgr2, w2, f.item_rs).await;
    app.clock.advance(Duration::days(5)); // Tue 10
    app::supervision::chase(app, &f.sup, c2, &chase_input("请说明进度", None)).await.unwrap();
    app.clock.advance(Duration::days(2)); // Thu 12
    app::cases::sweep(app).await.unwrap();
    app::supervision::chase(app, &f.sup, c1, &chase_input("已超法定时限，请立即办理", Some(2))).await.unwrap();
    let ch4 = app::supervision::chase(app, &f.sup, c4, &chase_input("已超法定时限", None)).await.unwrap();
    app::supervision::answer_chase(app, &f.head_sj, ch4.chase.id, &AnswerInput { answer: "今日办结".into() }).await.unwrap();
    Cases { c1, c2, c3, c4 }
}

fn counts_of<'a>(groups: &'a [Group], name: &str) -> &'a [i64] {
    &groups.iter().find(|g| g.name == name).unwrap_or_else(|| panic!("no group {name}: {groups:?}")).counts
}

async fn chase_count(app: &app::App) -> usize {
    let mut tx = app.db.read().await.unwrap();
    store::supervision::list_chases(&mut tx, &store::org::Scope::All, None, None, app.clock.today(), i64::MAX, 1000).await.unwrap().len()
}

#[tokio::test]
async fn a_chase_tells_the_department_head_once_and_is_answered_once_by_that_department() {
    each_backend(|t| async move {
        let f = fixture(&t).await;
        let app = &f.w.app;
        let c = accepted(&f, &f.mgr2, f.w.window2.id, f.item_sj).await;
        // Monday 2 March: one working day to answer → Tuesday 3 March.
        let ch = app::supervision::chase(app, &f.sup, c, &chase_input("  请加快办理  ", None)).await.unwrap();
        assert_eq!((ch.chase.due_on.to_string().as_str(), ch.state, ch.chase.note.as_str()), ("2026-03-03", "open", "请加快办理"));
        let mut tx = app.db.read().await.unwrap();
        let notices = store::supervision::list_notices(&mut tx, Some(ch.chase.id), None, 10).await.unwrap();
        let mut seen: Vec<(i64, &str)> = notices.iter().map(|n| (n.user_id, n.channel.as_str())).collect();
        seen.sort_unstable();
        let head = f.head_sj.user_id.unwrap().0;
        assert_eq!(seen, [(head, "in_app"), (head, "sms")], "the head, once per channel");
        drop(tx);
        let mine = app::supervision::my_notices(app, &f.head_sj, 10).await.unwrap();
        assert_eq!(mine.iter().map(|n| (n.chase_id, n.note.as_str())).collect::<Vec<_>>(), [(ch.chase.id, "请加快办理")]);
        assert!(app::supervision::my_notices(app, &f.appr_rs, 10).await.unwrap().is_empty());
        let mut tx = app.db.read().await.unwrap();
        let texts = store::outbox::list(&mut tx, &store::org::Scope::All, None, Some("case_chase"), None, 10).await.unwrap();
        assert_eq!(texts.len(), 1);
        assert_eq!(texts[0].phone_masked, "138****4321");
        assert!(texts[0].body.contains("2026") || texts[0].body.contains("03月03日"), "{}", texts[0].body);
        drop(tx);

        // Another department cannot answer; the case's department head answers once.
        let e = app::supervision::answer_chase(app, &f.appr_rs, ch.chase.id, &AnswerInput { answer: "已办".into() }).await.unwrap_err();
        assert!(matches!(&e, AppError::Forbidden(m) if m.contains("其他部门")), "{e:?}");
        let e = app::supervision::answer_chase(app, &f.head_sj, ch.chase.id, &AnswerInput { answer: "  ".into() }).await.unwrap_err();
        assert!(matches!(&e, AppError::Invalid(i) if i.message_for("answer").is_some()), "{e:?}");
        let a = app::supervision::answer_chase(app, &f.head_sj, ch.chase.id, &AnswerInput { answer: "今日办结".into() }).await.unwrap();
        assert_eq!((a.state, a.answered_late, a.chase.answer.as_deref()), ("answered", false, Some("今日办结")));
        let e = app::supervision::answer_chase(app, &f.appr_sj, ch.chase.id, &AnswerInput { answer: "再答".into() }).await.unwrap_err();
        assert!(matches!(&e, AppError::Conflict(m) if m.contains("不能重复答复")), "{e:?}");

        // A second chase, unanswered: overdue once Tuesday has passed.
        let late = app::supervision::chase(app, &f.sup, c, &chase_input("仍未办结", None)).await.unwrap();
        app.clock.advance(Duration::days(1));
        let open = ChaseFilter { state: Some("open"), limit: 50, ..ChaseFilter::default() };
        assert_eq!(app::supervision::list_chases(app, &f.sup, &open).await.unwrap().items.len(), 1, "Tuesday: still open");
        app.clock.advance(Duration::days(1));
        let overdue = ChaseFilter { state: Some("overdue"), limit: 50, ..ChaseFilter::default() };
        let list = app::supervision::list_chases(app, &f.sup, &overdue).await.unwrap();
        assert_eq!(list.items.iter().map(|c| (c.chase.id, c.state)).collect::<Vec<_>>(), [(late.chase.id, "overdue")]);
        // The department sees its chases; another department's approver sees none of them.
        let mine = app::supervision::list_chases(app, &f.appr_sj, &ChaseFilter { limit: 50, ..ChaseFilter::default() }).await.unwrap();
        assert_eq!(mine.items.len(), 2);
        let theirs = app::supervision::list_chases(app, &f.appr_rs, &ChaseFilter { limit: 50, ..ChaseFilter::default() }).await.unwrap();
        assert!(theirs.items.is_empty());
        // Both the chase and the answer are in the audit log.
        let mut tx = app.db.read().await.unwrap();
        let audit = store::audit::list(&mut tx, Some("case_chase"), None, 1000).await.unwrap();
        let actions: Vec<&str> = audit.iter().map(|r| r.action.as_str()).filter(|a| a.contains("chase")).collect();
        assert_eq!(actions.iter().filter(|a| **a == "chase_case").count(), 2);
        assert_eq!(actions.iter().filter(|a| **a == "answer_chase").count(), 1);
        t
    })
    .await;
}

#[tokio::test]
async fn bad_chases_are_refused_with_the_reason_and_write_nothing() {
    each_backend(|t| async move {
        let f = fixture(&t).await;
        let app = &f.w.app;
        let c = accepted(&f, &f.clerk1, f.w.window1.id, f.item_sj).await;
        let refused = async |who: &Actor, case: i64, input: ChaseInput| app::supervision::chase(app, who, case, &input).await.unwrap_err();
        let e = refused(&f.sup, c, chase_input("请办理", Some(0))).await;
        assert!(matches!(&e, AppError::Invalid(i) if i.message_for("due_days").is_some_and(|m| m.contains("1 至 30"))), "{e:?}");
        let e = refused(&f.sup, c, chase_input("请办理", Some(31))).await;
        assert!(matches!(&e, AppError::Invalid(i) if i.message_for("due_days").is_some()), "{e:?}");
        let e = refused(&f.sup, c, chase_input("   ", None)).await;
        assert!(matches!(&e, AppError::Invalid(i) if i.message_for("note").is_some_and(|m| m.contains("催办内容"))), "{e:?}");
        let e = refused(&f.clerk1, c, chase_input("请办理", None)).await;
        assert!(matches!(e, AppError::Forbidden(_)), "{e:?}");
        let e = refused(&f.sup, 999_999, chase_input("请办理", None)).await;
        assert!(matches!(e, AppError::NotFound(_)), "{e:?}");
        let e =
            app::supervision::list_chases(app, &f.sup, &ChaseFilter { department_id: Some(999_999), limit: 50, ..ChaseFilter::default() })
                .await
                .unwrap_err();
        assert!(matches!(&e, AppError::Invalid(i) if i.message_for("department_id").is_some_and(|m| m.contains("部门不存在"))), "{e:?}");
        let e = app::supervision::list_chases(app, &f.sup, &ChaseFilter { state: Some("late"), limit: 50, ..ChaseFilter::default() })
            .await
            .unwrap_err();
        assert!(matches!(e, AppError::Invalid(_)), "{e:?}");
        assert_eq!(chase_count(app).await, 0, "nothing written");
        let mut tx = app.db.read().await.unwrap();
        assert!(store::outbox::list(&mut tx, &store::org::Scope::All, None, Some("case_chase"), None, 10).await.unwrap().is_empty());
        t
    })
    .await;
}

#[tokio::test]
async fn the_dashboard_counts_equal_a_hand_count_by_site_department_and_person() {
    each_backend(|t| async move {
        let f = fixture(&t).await;
        let app = &f.w.app;
        let cs = five_cases(&f).await;
        let d: Dashboard = app::supervision::dashboard(app, &f.sup, None, None, None).await.unwrap();
        let codes: Vec<&str> = d.metrics.iter().map(|m| m.code).collect();
        assert_eq!(
            codes,
            [
                "level1",
                "level2",
                "level3",
                "yellow",
                "red",
                "remind1",
                "remind2",
                "remind3",
                "chase_open",
                "chase_overdue",
                "chase_answered"
            ]
        );
        // Reminders: level 1 the handler; level 2 also the 市场监管 head (人社 has none); level 3 also
        // the supervisors over the case (镇1: sup and sup_t1; 镇2: sup).
        //                        L1 L2 L3 黄 红 提1 提2 提3 待答 逾期 已答
        assert_eq!(d.total, [2, 1, 2, 3, 2, 2, 1, 7, 1, 1, 1]);
        let (s1, s2) = (&f.w.site1.name, &f.w.site2.name);
        assert_eq!(counts_of(&d.by_site, s1), [1, 1, 1, 2, 1, 1, 1, 4, 1, 1, 0]);
        assert_eq!(counts_of(&d.by_site, s2), [1, 0, 1, 1, 1, 1, 0, 3, 0, 0, 1]);
        assert_eq!(counts_of(&d.by_department, &f.w.dept_sj.name), [1, 0, 2, 2, 2, 1, 0, 7, 1, 0, 1]);
        assert_eq!(counts_of(&d.by_department, &f.w.dept_rs.name), [1, 1, 0, 1, 0, 1, 1, 0, 0, 1, 0]);
        // By handler: clerk1 accepted c1 and c2; appr_sj reviews c3; mgr2 accepted c4 and c5.
        let person = |id: i64| d.by_person.iter().find(|g| g.id == Some(id)).map(|g| g.counts.clone()).unwrap();
        assert_eq!(person(f.clerk1.user_id.unwrap().0), [0, 1, 1, 2, 1, 0, 1, 4, 1, 1, 0]);
        assert_eq!(person(f.appr_sj.user_id.unwrap().0), [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0]);
        assert_eq!(person(f.mgr2.user_id.unwrap().0), [1, 0, 1, 1, 1, 1, 0, 3, 0, 0, 1]);

        // One site only.
        let one = app::supervision::dashboard(app, &f.sup, None, None, Some(&f.w.site2.id.to_string())).await.unwrap();
        assert_eq!(one.total, counts_of(&d.by_site, s2));
        // A town's supervisor sees the town's site only.
        let town = app::supervision::dashboard(app, &f.sup_town1, None, None, None).await.unwrap();
        assert_eq!(town.by_site.iter().map(|g| g.name.as_str()).collect::<Vec<_>>(), [s1.as_str()]);
        assert_eq!(town.total, counts_of(&d.by_site, s1));
        let e = app::supervision::dashboard(app, &f.sup_town1, None, None, Some(&f.w.site2.id.to_string())).await.unwrap_err();
        assert!(matches!(e, AppError::Forbidden(_)), "{e:?}");
        // A period before the cases: nothing.
        let before = app::supervision::dashboard(app, &f.sup, Some("2026-01-01"), Some("2026-02-28"), None).await.unwrap();
        assert!(before.total.iter().all(|n| *n == 0) && before.by_site.is_empty(), "{before:?}");
        let e = app::supervision::dashboard(app, &f.sup, Some("2026-03-12"), Some("2026-03-01"), None).await.unwrap_err();
        assert!(matches!(e, AppError::Invalid(_)), "{e:?}");
        // A clerk may not look.
        let e = app::supervision::dashboard(app, &f.clerk1, None, None, None).await.unwrap_err();
        assert!(matches!(e, AppError::Forbidden(_)), "{e:?}");

        // Drill-down: the red cases, the cases of one department, one handler's.
        let ids = |dr: app::supervision::Drill| {
            let mut v: Vec<i64> = dr.items.iter().map(|c| c.case.case_id).collect();
            v.sort_unstable();
            v
        };
        let red = app::supervision::drill(app, &f.sup, None, None, None, "level3", None, None).await.unwrap();
        let mut expect = vec![cs.c1, cs.c4];
        expect.sort_unstable();
        assert_eq!(ids(red), expect);
        let yellow_rs =
            app::supervision::drill(app, &f.sup, None, None, None, "yellow", Some("department"), Some(f.w.dept_rs.id)).await.unwrap();
        assert_eq!(yellow_rs.group.as_deref(), Some(format!("部门：{}", f.w.dept_rs.name).as_str()));
        assert_eq!(ids(yellow_rs), [cs.c2]);
        let reviewing =
            app::supervision::drill(app, &f.sup, None, None, None, "level1", Some("person"), Some(f.appr_sj.user_id.unwrap().0))
                .await
                .unwrap();
        assert_eq!(ids(reviewing), [cs.c3]);
        let overdue = app::supervision::drill(app, &f.sup, None, None, None, "chase_overdue", None, None).await.unwrap();
        assert_eq!(overdue.items.iter().map(|c| (c.case.case_id, c.light)).collect::<Vec<_>>(), [(cs.c2, "yellow")]);
        let e = app::supervision::drill(app, &f.sup, None, None, None, "purple", None, None).await.unwrap_err();
        assert!(matches!(&e, AppError::Invalid(i) if i.message_for("metric").is_some()), "{e:?}");

        // The Excel workbook opens with its sheets.
        let bytes = app::supervision::export_xlsx(app, &f.sup, None, None, None).await.unwrap();
        assert!(bytes.starts_with(b"PK"), "an xlsx is a zip");
        t
    })
    .await;
}

#[tokio::test]
async fn stationing_checks_list_idle_stationed_items_and_cases_decided_without_review() {
    each_backend(|t| async move {
        let f = fixture(&t).await;
        let app = &f.w.app;
        let stationed = |site: i64| ItemSiteInput { site_id: Some(site), state: "stationed".into(), ..ItemSiteInput::default() };
        for (item, site) in [(f.item_sj, f.w.site1.id), (f.item_rs, f.w.site1.id), (f.item_sj, f.w.site2.id), (f.item_idle, f.w.site2.id)] {
            app::catalog::set_item_site(app, &system(), item, &stationed(site)).await.unwrap();
        }
        // Reviewed and approved by the back office: not flagged.
        let reviewed = accepted(&f, &f.clerk1, f.w.window1.id, f.item_sj).await;
        app::cases::act(app, &f.appr_sj, reviewed, &act("start_review")).await.unwrap();
        app::cases::act(app, &f.appr_sj, reviewed, &act("approve")).await.unwrap();
        // In review, not decided: not flagged.
        let c_rs = accepted(&f, &f.clerk1, f.w.window1.id, f.item_rs).await;
        app::cases::act(app, &f.appr_rs, c_rs, &act("start_review")).await.unwrap();
        // Accepted at 镇2 and marked approved by the same window manager, with no review (as an
        // import from an older system or a write around the application would leave it).
        let skipped = accepted(&f, &f.mgr2, f.w.window2.id, f.item_sj).await;
        let mut tx = app.db.begin().await.unwrap();
        let row = store::cases::get_case(&mut tx, skipped).await.unwrap();
        let ch = store::cases::Change {
            status: "approved",
            decided_by: f.mgr2.user_id.map(|u| u.0),
            decided_on: Some(app.clock.today()),
            ..store::cases::Change::default()
        };
        assert!(store::cases::transition(&mut tx, skipped, "accepted", row.version, &ch, app.clock.now()).await.unwrap());
        tx.commit().await.unwrap();

        let st = app::supervision::stationing(app, &f.sup, None, None, None).await.unwrap();
        let idle: Vec<(i64, i64)> = st.idle_items.iter().map(|r| (r.site_id, r.item_id)).collect();
        assert_eq!(idle, [(f.w.site2.id, f.item_idle)], "the only stationed item nobody applied for");
        let flagged: Vec<(i64, &str)> = st.unreviewed.iter().map(|u| (u.case.case_id, u.case.rule.as_str())).collect();
        assert_eq!(flagged, [(skipped, "same_person")]);
        let rs = st.by_department.iter().find(|g| g.id == f.w.dept_rs.id).unwrap();
        let sj = st.by_department.iter().find(|g| g.id == f.w.dept_sj.id).unwrap();
        assert_eq!((rs.idle_items, rs.unreviewed_cases, sj.idle_items, sj.unreviewed_cases), (1, 0, 0, 1));
        // The town 1 supervisor sees neither (both are in town 2).
        let town = app::supervision::stationing(app, &f.sup_town1, None, None, None).await.unwrap();
        assert!(town.idle_items.is_empty() && town.unreviewed.is_empty());
        // A later period: every stationed item is idle, and nothing was decided then.
        let later = app::supervision::stationing(app, &f.sup, Some("2026-04-01"), Some("2026-04-30"), None).await.unwrap();
        assert_eq!(later.idle_items.len(), 4);
        assert!(later.unreviewed.is_empty());
        t
    })
    .await;
}

/// Times the dashboard, a drill-down and the stationing checks over a seeded database (a million
/// cases from `yichuang bench seed-cases` and a `bench sweep`): `SUPERVISION_BENCH_DB=sqlite://…`
/// or `postgres://…`, `SUPERVISION_BENCH_DAY=YYYY-MM-DD`. Ignored by default.
#[tokio::test]
#[ignore = "needs a seeded database"]
async fn the_dashboard_over_a_seeded_database_is_timed() {
    let Ok(url) = std::env::var("SUPERVISION_BENCH_DB") else { return };
    let day: chrono::NaiveDate = std::env::var("SUPERVISION_BENCH_DAY").unwrap_or_else(|_| "2026-03-20".into()).parse().unwrap();
    let db = store::Db::connect(&url).await.unwrap();
    let at = day.and_hms_opt(2, 0, 0).unwrap().and_utc();
    let dir = std::env::temp_dir().join("supervision-bench-files");
    let app = app::App::new(
        db,
        store::crypto::Cipher::new(&[0u8; 32]),
        store::files::FileStore::new(dir),
        app::Clock::Fixed(std::sync::Arc::new(std::sync::Mutex::new(at))),
        app::Settings::default(),
    );
    let sys = system();
    for round in 0..3 {
        let t = std::time::Instant::now();
        let d = app::supervision::dashboard(&app, &sys, None, None, None).await.unwrap();
        let dash = t.elapsed();
        let t = std::time::Instant::now();
        let red = app::supervision::drill(&app, &sys, None, None, None, "level3", None, None).await.unwrap();
        let drill = t.elapsed();
        let t = std::time::Instant::now();
        let st = app::supervision::stationing(&app, &sys, None, None, None).await.unwrap();
        let station = t.elapsed();
        println!(
            "round {round}: dashboard {dash:?} (total {:?}, {} people), drill level3 {drill:?} ({} rows), stationing {station:?} ({} idle, {} flagged)",
            d.total,
            d.by_person.len(),
            red.items.len(),
            st.idle_items.len(),
            st.unreviewed.len()
        );
    }
}
