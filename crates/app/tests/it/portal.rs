//! Online application on both backends: login codes through the outbox (wrong five times, expired,
//! throttled), an online submission, ownership, the window's pre-check → receive → accept, the
//! supplement round trip, and the public progress look-up.

use app::cases::{ActionInput, MaterialInput};
use app::catalog::{ItemInput, ItemSiteInput};
use app::portal::{ApplyInput, CitizenActionInput, DeliveryChoice, OnlineApplicant};
use app::{Actor, App, AppError};
use chrono::Duration;
use domain::catalog::{DeliveryMode, ItemContent, Material, OnlineDepth, VersionStatus};
use store::org::Scope;
use testkit::each_backend;

use crate::common::{World, actor, system, user_with_role, world};

const PHONE: &str = "13700001111";
const OTHER: &str = "13600002222";
const ID: &str = "11010519491231002X";
const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR fake png for tests";

pub struct Portal {
    pub w: World,
    pub item: i64,
    pub clerk: Actor,
}

pub fn online_content(name: &str) -> ItemContent {
    ItemContent {
        name: name.into(),
        legal_basis: "《中华人民共和国食品安全法》第三十五条".into(),
        conditions: "具有与经营的食品品种、数量相适应的经营场所".into(),
        promised_days: 5,
        statutory_days: 20,
        online_depth: OnlineDepth::Full,
        delivery: vec![DeliveryMode::Window, DeliveryMode::Mail, DeliveryMode::Electronic],
        materials: vec![
            Material { name: "申请书".into(), required: true, originals: 1, ..Material::default() },
            Material { name: "营业执照".into(), required: true, copies: 1, rongque: true, ..Material::default() },
        ],
        ..ItemContent::default()
    }
}

async fn publish(w: &World, code: &str, c: ItemContent) -> i64 {
    user_with_role(&w.app, &w.banner, &format!("cat-{code}"), None, "catalog_admin", &w.banner).await;
    user_with_role(&w.app, &w.banner, &format!("cbt-{code}"), None, "catalog_admin", &w.banner).await;
    let (a, b) = (actor(&w.app, &format!("cat-{code}")).await, actor(&w.app, &format!("cbt-{code}")).await);
    let input = ItemInput { basic_code: code.into(), department_id: Some(w.dept_sj.id), change_note: "首次发布".into(), content: c };
    let v = app::catalog::create_item(&w.app, &a, &input).await.unwrap();
    app::catalog::transition(&w.app, &a, v.version.id, VersionStatus::Submitted, None).await.unwrap();
    app::catalog::transition(&w.app, &b, v.version.id, VersionStatus::Approved, None).await.unwrap();
    app::catalog::transition(&w.app, &b, v.version.id, VersionStatus::Published, Some(w.app.clock.today())).await.unwrap();
    let site = ItemSiteInput { site_id: Some(w.site1.id), state: "stationed".into(), ..ItemSiteInput::default() };
    app::catalog::set_item_site(&w.app, &system(), v.item.id, &site).await.unwrap();
    v.item.id
}

pub async fn portal(t: &testkit::TestDb) -> Portal {
    let w = world(t).await;
    let item = publish(&w, "00010500100", online_content("食品经营许可（新办）")).await;
    let clerk = actor(&w.app, "clerk1").await;
    Portal { w, item, clerk }
}

/// The newest login code texted to anyone, read from the outbox.
pub async fn last_code(app: &App) -> String {
    let mut tx = app.db.read().await.unwrap();
    let rows = store::outbox::list(&mut tx, &Scope::All, None, Some("login_code"), None, 1).await.unwrap();
    let body = &rows.first().expect("a login code was queued").body;
    let digits: String = body.chars().filter(char::is_ascii_digit).collect();
    digits[..6].to_owned()
}

pub async fn sign_in(app: &App, phone: &str) -> app::accounts::Citizen {
    app::portal::request_code(app, phone, "test").await.unwrap();
    let code = last_code(app).await;
    let s = app::portal::verify_code(app, phone, &code).await.unwrap();
    app::portal::citizen(app, &s.token).await.unwrap().unwrap()
}

async fn upload(app: &App) -> String {
    app::support::uploads::store_scan(app, "file", PNG).await.unwrap().sha256
}

fn application(p: &Portal, files: &[(i64, &str)], submit: bool) -> ApplyInput {
    ApplyInput {
        item_id: Some(p.item),
        site_id: Some(p.w.site1.id),
        applicant: OnlineApplicant { kind: "person".into(), name: "王五".into(), id_number: ID.into(), ..OnlineApplicant::default() },
        materials: files
            .iter()
            .map(|(pos, sha)| MaterialInput {
                position: *pos,
                state: "provided".into(),
                file_sha256: Some((*sha).into()),
                ..MaterialInput::default()
            })
            .collect(),
        delivery: DeliveryChoice {
            mode: "mail".into(),
            address: "内蒙古鄂尔多斯市乌审旗嘎鲁图镇团结路 8 号".into(),
            ..DeliveryChoice::default()
        },
        submit,
    }
}

fn act(action: &str) -> ActionInput {
    ActionInput { action: action.into(), ..ActionInput::default() }
}

#[tokio::test]
async fn a_login_code_goes_through_the_outbox_and_opens_a_session() {
    each_backend(|t| async move {
        let p = portal(&t).await;
        let app = &p.w.app;
        let sent = app::portal::request_code(app, PHONE, "test").await.unwrap();
        assert_eq!(sent.phone_masked, "137****1111");
        let code = last_code(app).await;
        let filter = app::outbox::OutboxFilter { status: None, kind: Some("login_code".into()) };
        let view = app::outbox::list(app, &system(), &filter, 10, None).await.unwrap();
        assert!(!view.items[0].body.contains(&code), "the outbox page hides the digits: {}", view.items[0].body);
        let s = app::portal::verify_code(app, PHONE, &code).await.unwrap();
        assert!(s.token.starts_with("cit_"));
        let c = app::portal::citizen(app, &s.token).await.unwrap().unwrap();
        assert_eq!(c.phone_masked, "137****1111");
        let audit = app::audit::list(app, &system(), None, None, 1000).await.unwrap();
        assert!(audit.iter().any(|r| r.action == "citizen_login" && r.entity_id == "137****1111"));
        assert!(audit.iter().all(|r| !format!("{r:?}").contains(PHONE)), "no full phone in the audit log");
        // A code is good once.
        assert!(matches!(app::portal::verify_code(app, PHONE, &code).await, Err(AppError::Unauthorized(_))));
        app::portal::logout(app, &s.token).await.unwrap();
        assert!(app::portal::citizen(app, &s.token).await.unwrap().is_none());
        t
    })
    .await;
}

#[tokio::test]
async fn five_wrong_tries_kill_a_code_and_an_expired_code_is_refused() {
    each_backend(|t| async move {
        let p = portal(&t).await;
        let app = &p.w.app;
        app::portal::request_code(app, PHONE, "test").await.unwrap();
        let code = last_code(app).await;
        let wrong = if code == "000000" { "111111" } else { "000000" };
        for i in 1..=5 {
            match app::portal::verify_code(app, PHONE, wrong).await {
                Err(AppError::Unauthorized(m)) if i < 5 => assert!(m.contains(&format!("还可尝试 {} 次", 5 - i)), "{m}"),
                Err(AppError::Unauthorized(m)) => assert!(m.contains("错误次数过多"), "{m}"),
                other => panic!("try {i}: {other:?}"),
            }
        }
        // The right code no longer works.
        assert!(matches!(app::portal::verify_code(app, PHONE, &code).await, Err(AppError::Unauthorized(_))));
        // A fresh code after a minute, left to expire.
        app.clock.advance(Duration::seconds(61));
        app::portal::request_code(app, PHONE, "test").await.unwrap();
        let code = last_code(app).await;
        app.clock.advance(Duration::minutes(5) + Duration::seconds(1));
        match app::portal::verify_code(app, PHONE, &code).await {
            Err(AppError::Unauthorized(m)) => assert!(m.contains("过期"), "{m}"),
            other => panic!("{other:?}"),
        }
        t
    })
    .await;
}

#[tokio::test]
async fn codes_are_throttled_per_minute_and_per_day() {
    each_backend(|t| async move {
        let p = portal(&t).await;
        let app = &p.w.app;
        // A fresh client for each request: the limits here are the phone's.
        let n = std::cell::Cell::new(0);
        let client = || {
            n.set(n.get() + 1);
            format!("client-{}", n.get())
        };
        app::portal::request_code(app, PHONE, &client()).await.unwrap();
        match app::portal::request_code(app, PHONE, &client()).await {
            Err(AppError::Locked(m)) => assert!(m.contains("秒后"), "{m}"),
            other => panic!("{other:?}"),
        }
        // Another phone is not held up.
        app::portal::request_code(app, OTHER, &client()).await.unwrap();
        for _ in 1..app::portal::CODES_PER_DAY {
            app.clock.advance(Duration::seconds(61));
            app::portal::request_code(app, PHONE, &client()).await.unwrap();
        }
        app.clock.advance(Duration::seconds(61));
        match app::portal::request_code(app, PHONE, &client()).await {
            Err(AppError::Locked(m)) => assert!(m.contains("今日"), "{m}"),
            other => panic!("{other:?}"),
        }
        assert!(matches!(app::portal::request_code(app, "12345", &client()).await, Err(AppError::Invalid(_))));
        // Two days on, the old codes are purged and the phone may ask again.
        app.clock.advance(Duration::days(3));
        assert!(app::portal::purge_expired(app).await.unwrap() >= app::portal::CODES_PER_DAY as u64);
        app::portal::request_code(app, PHONE, &client()).await.unwrap();
        t
    })
    .await;
}

#[tokio::test]
async fn one_client_is_sent_at_most_ten_codes_an_hour_across_phones() {
    each_backend(|t| async move {
        let p = portal(&t).await;
        let app = &p.w.app;
        let phone = |i: i64| format!("1390000{:04}", i);
        for i in 0..app::support::rate::SMS_CODES_PER_CLIENT_HOUR {
            app::portal::request_code(app, &phone(i), "198.51.100.7").await.unwrap();
        }
        match app::portal::request_code(app, &phone(99), "198.51.100.7").await {
            Err(AppError::Locked(m)) => assert!(m.contains("每小时至多 10 次"), "{m}"),
            other => panic!("the 11th code from one client: {other:?}"),
        }
        // Nothing was sent for the refused request; another client, and the same one an hour on, are served.
        app::portal::request_code(app, &phone(99), "198.51.100.8").await.unwrap();
        app.clock.advance(Duration::minutes(61));
        app::portal::request_code(app, &phone(98), "198.51.100.7").await.unwrap();
        t
    })
    .await;
}

#[tokio::test]
async fn an_online_submission_creates_a_submitted_online_case() {
    each_backend(|t| async move {
        let p = portal(&t).await;
        let app = &p.w.app;
        let items = app::portal::list_items(app, "食品").await.unwrap();
        assert_eq!(items.len(), 1);
        assert_eq!(items[0].sites[0].id, p.w.site1.id);
        let me = sign_in(app, PHONE).await;
        let sha = upload(app).await;
        // Submitting without the required licence is refused and names it; nothing is written.
        match app::portal::apply(app, &me, &application(&p, &[(1, &sha)], true)).await {
            Err(AppError::Invalid(i)) => assert!(i.to_string().contains("营业执照"), "{i}"),
            other => panic!("{other:?}"),
        }
        assert!(app::portal::my_cases(app, &me).await.unwrap().is_empty());
        // A hall where the item is not stationed, an unknown file, an offered delivery mode.
        let mut bad = application(&p, &[(1, &sha), (2, &sha)], true);
        bad.site_id = Some(p.w.site2.id);
        bad.materials[0].file_sha256 = Some("a".repeat(64));
        bad.delivery.address = String::new();
        match app::portal::apply(app, &me, &bad).await {
            Err(AppError::Invalid(i)) => {
                let fields: Vec<&str> = i.fields.iter().map(|f| f.field.as_str()).collect();
                assert!(
                    fields.contains(&"site_id") && fields.contains(&"materials[1]") && fields.contains(&"delivery.address"),
                    "{fields:?}"
                );
            }
            other => panic!("{other:?}"),
        }
        let c = app::portal::apply(app, &me, &application(&p, &[(1, &sha), (2, &sha)], true)).await.unwrap();
        assert_eq!(c.status, "submitted");
        assert!(c.delivery_label.starts_with("邮寄"));
        assert_eq!(c.applicant_id_masked.as_deref(), Some("110105********002X"));
        let detail = app::cases::get_case(app, &system(), c.id).await.unwrap();
        assert_eq!(detail.view.case.channel, "online");
        assert_eq!(detail.view.case.window_id, None);
        assert_eq!(detail.view.case.intake_user_id, None);
        assert!(detail.view.case.form.contains("\"mail\""));
        assert_eq!(detail.events.iter().map(|e| e.action.as_str()).collect::<Vec<_>>(), ["save_draft", "submit"]);
        let audit = app::audit::list(app, &system(), None, None, 1000).await.unwrap();
        assert!(audit.iter().any(|r| r.action == "apply_online" && r.entity_id == c.id.to_string()));
        assert!(audit.iter().all(|r| !format!("{r:?}").contains(ID)), "no ID number in the audit log");
        // A draft is kept, then submitted from the list.
        let d = app::portal::apply(app, &me, &application(&p, &[(1, &sha)], false)).await.unwrap();
        assert_eq!(d.status, "draft");
        assert_eq!(d.can, ["submit", "withdraw"]);
        let submit = CitizenActionInput { action: "submit".into(), ..CitizenActionInput::default() };
        assert!(matches!(app::portal::citizen_act(app, &me, d.id, &submit).await, Err(AppError::Invalid(_))));
        let withdraw = CitizenActionInput { action: "withdraw".into(), ..CitizenActionInput::default() };
        assert_eq!(app::portal::citizen_act(app, &me, d.id, &withdraw).await.unwrap().status, "withdrawn");
        assert_eq!(app::portal::my_cases(app, &me).await.unwrap().len(), 2);
        t
    })
    .await;
}

#[tokio::test]
async fn a_citizen_cannot_see_or_act_on_another_phones_case() {
    each_backend(|t| async move {
        let p = portal(&t).await;
        let app = &p.w.app;
        let me = sign_in(app, PHONE).await;
        let sha = upload(app).await;
        let c = app::portal::apply(app, &me, &application(&p, &[(1, &sha), (2, &sha)], true)).await.unwrap();
        let other = sign_in(app, OTHER).await;
        assert!(app::portal::my_cases(app, &other).await.unwrap().is_empty());
        assert!(matches!(app::portal::my_case(app, &other, c.id).await, Err(AppError::NotFound(_))));
        let withdraw = CitizenActionInput { action: "withdraw".into(), ..CitizenActionInput::default() };
        assert!(matches!(app::portal::citizen_act(app, &other, c.id, &withdraw).await, Err(AppError::NotFound(_))));
        assert!(matches!(app::portal::citizen_scan(app, &other, c.id, &sha).await, Err(AppError::NotFound(_))));
        // Nor may a citizen take a window's action on their own case.
        let precheck = CitizenActionInput { action: "precheck".into(), ..CitizenActionInput::default() };
        assert!(matches!(app::portal::citizen_act(app, &me, c.id, &precheck).await, Err(AppError::Forbidden(_))));
        assert_eq!(app::portal::my_case(app, &me, c.id).await.unwrap().status, "submitted");
        t
    })
    .await;
}

#[tokio::test]
async fn a_window_prechecks_receives_and_accepts_an_online_case() {
    each_backend(|t| async move {
        let p = portal(&t).await;
        let app = &p.w.app;
        let me = sign_in(app, PHONE).await;
        let sha = upload(app).await;
        let c = app::portal::apply(app, &me, &application(&p, &[(1, &sha), (2, &sha)], true)).await.unwrap();
        let queue = app::portal::online_queue(app, &p.clerk).await.unwrap();
        assert_eq!(queue.len(), 1);
        assert_eq!(queue[0].case.id, c.id);
        assert!(queue[0].case.query_code.is_empty(), "the window's list does not carry the query code");
        assert_eq!(queue[0].materials.len(), 2);
        // The scan is readable by the clerk, not by a clerk of another town.
        assert_eq!(app::portal::staff_scan(app, &p.clerk, c.id, &sha).await.unwrap().1, "image/png");
        let clerk2 = user_with_role(app, &p.w.town2, "clerk-t2", None, "clerk", &p.w.town2).await;
        let clerk2 = actor(app, &clerk2.username).await;
        assert!(app::portal::online_queue(app, &clerk2).await.unwrap().is_empty());
        assert!(app::portal::staff_scan(app, &clerk2, c.id, &sha).await.is_err());
        for (a, to) in [("precheck", "prechecked"), ("receive", "received"), ("accept", "accepted")] {
            let v = app::cases::act(app, &p.clerk, c.id, &act(a)).await.unwrap();
            assert_eq!(v.case.status, to);
        }
        let v = app::cases::get_case(app, &p.clerk, c.id).await.unwrap();
        assert_eq!(v.view.clock.accepted_on, Some(app.clock.today()));
        assert!(app::portal::online_queue(app, &p.clerk).await.unwrap().is_empty());
        // The applicant was told by text.
        let mut tx = app.db.read().await.unwrap();
        let texts = store::outbox::list(&mut tx, &Scope::All, None, Some("case_notice"), None, 10).await.unwrap();
        assert!(texts.iter().any(|m| m.body.contains("已受理") && m.phone_masked == "137****1111"));
        t
    })
    .await;
}

#[tokio::test]
async fn a_supplement_request_goes_to_the_citizen_and_back() {
    each_backend(|t| async move {
        let p = portal(&t).await;
        let app = &p.w.app;
        let me = sign_in(app, PHONE).await;
        let sha = upload(app).await;
        let mut input = application(&p, &[(1, &sha)], true);
        input.materials.push(MaterialInput {
            position: 2,
            state: "rongque".into(),
            promise_on: Some(app.clock.today() + Duration::days(10)),
            ..MaterialInput::default()
        });
        let c = app::portal::apply(app, &me, &input).await.unwrap();
        let ask =
            ActionInput {
                action: "request_supplement".into(), missing: vec!["营业执照（副本扫描件）".into()], ..ActionInput::default()
            };
        app::cases::act(app, &p.clerk, c.id, &ask).await.unwrap();
        let mine = app::portal::my_case(app, &me, c.id).await.unwrap();
        assert_eq!(mine.status, "supplement_requested");
        assert_eq!(mine.missing, ["营业执照（副本扫描件）"]);
        assert_eq!(mine.can, ["resubmit"]);
        let mut tx = app.db.read().await.unwrap();
        let texts = store::outbox::list(&mut tx, &Scope::All, None, Some("case_notice"), None, 10).await.unwrap();
        drop(tx);
        assert!(texts.iter().any(|m| m.body.contains("需补正材料") && m.body.contains("营业执照")));
        // Resubmitting without the file is refused; with it the case is received again.
        let empty = CitizenActionInput { action: "resubmit".into(), ..CitizenActionInput::default() };
        let after = app::portal::citizen_act(app, &me, c.id, &empty).await;
        assert!(after.is_ok(), "容缺 still stands: {after:?}");
        assert_eq!(after.unwrap().status, "received");
        let ask2 =
            ActionInput { action: "request_supplement".into(), missing: vec!["申请书签字页".into()], ..ActionInput::default() };
        app::cases::act(app, &p.clerk, c.id, &ask2).await.unwrap();
        let sha2 = app::support::uploads::store_scan(app, "file", b"%PDF-1.7 signed page").await.unwrap().sha256;
        let again = CitizenActionInput {
            action: "resubmit".into(),
            materials: vec![MaterialInput { position: 2, file_sha256: Some(sha2.clone()), ..MaterialInput::default() }],
            ..CitizenActionInput::default()
        };
        assert_eq!(app::portal::citizen_act(app, &me, c.id, &again).await.unwrap().status, "received");
        let m = app::portal::my_materials(app, &me, c.id).await.unwrap();
        assert_eq!(m[1].state, "provided");
        assert_eq!(m[1].file_sha256.as_deref(), Some(sha2.as_str()));
        app::cases::act(app, &p.clerk, c.id, &act("accept")).await.unwrap();
        t
    })
    .await;
}

#[tokio::test]
async fn progress_is_read_by_case_number_and_query_code_only() {
    each_backend(|t| async move {
        let p = portal(&t).await;
        let app = &p.w.app;
        let me = sign_in(app, PHONE).await;
        let sha = upload(app).await;
        let c = app::portal::apply(app, &me, &application(&p, &[(1, &sha), (2, &sha)], true)).await.unwrap();
        let v = app::portal::progress(app, &c.case_no, &c.query_code.to_lowercase(), "test").await.unwrap();
        assert_eq!(v.status_label, "网上已提交");
        assert_eq!(v.steps.len(), 2);
        assert!(v.delivery_label.starts_with("邮寄"));
        let json = serde_json::to_string(&v).unwrap();
        assert!(!json.contains(ID) && !json.contains(PHONE) && !json.contains("002X"), "{json}");
        // A wrong code and an unknown number get the same answer.
        let wrong = app::portal::progress(app, &c.case_no, "ZZZZZZZZ", "test").await.unwrap_err().to_string();
        let unknown = app::portal::progress(app, "9999-20260302-00001", &c.query_code, "test").await.unwrap_err().to_string();
        assert_eq!(wrong, unknown);
        assert!(wrong.contains(app::cases::LOOKUP_REFUSED), "{wrong}");
        // Ten wrong pairs within the hour lock the number for that client, even with the right
        // code; the applicant on their own phone is not locked out by someone else's guessing.
        for _ in 1..app::cases::LOOKUP_FAILURES_PER_HOUR {
            assert!(app::portal::progress(app, &c.case_no, "ZZZZZZZZ", "test").await.is_err());
        }
        assert!(matches!(app::portal::progress(app, &c.case_no, &c.query_code, "test").await, Err(AppError::Locked(_))));
        assert_eq!(app::portal::progress(app, &c.case_no, &c.query_code, "applicant").await.unwrap().case_no, c.case_no);
        // A client guessing across numbers is stopped too.
        for i in 0..app::cases::LOOKUP_CLIENT_FAILURES_PER_HOUR {
            assert!(app::portal::progress(app, &format!("9999-20260302-{i:05}"), "ZZZZZZZZ", "guesser").await.is_err());
        }
        assert!(matches!(app::portal::progress(app, &c.case_no, &c.query_code, "guesser").await, Err(AppError::Locked(_))));
        app.clock.advance(Duration::minutes(61));
        assert_eq!(app::portal::progress(app, &c.case_no, &c.query_code, "test").await.unwrap().case_no, c.case_no);
        t
    })
    .await;
}
