//! The catalogue: versions move draft → submitted → approved → published with a second person
//! approving; published versions never change; publication rules; stationing; search.

use app::AppError;
use app::catalog::{ItemInput, ItemSiteInput};
use chrono::Duration;
use domain::catalog::{ItemContent, Material, VersionStatus};
use testkit::each_backend;

use crate::common::{PASSWORD, World, assert_forbidden, assert_invalid, system, user_with_role, world};

fn content(name: &str) -> ItemContent {
    ItemContent {
        name: name.into(),
        legal_basis: "《中华人民共和国食品安全法》第三十五条".into(),
        conditions: "具有与经营的食品品种、数量相适应的经营场所".into(),
        keywords: vec!["开饭店".into()],
        materials: vec![
            Material { name: "食品经营许可申请书".into(), required: true, originals: 1, ..Material::default() },
            Material {
                name: "营业执照".into(), required: true, copies: 1, replaced_by: "电子营业执照".into(), ..Material::default()
            },
        ],
        ..ItemContent::default()
    }
}

fn input(w: &World, code: &str, name: &str) -> ItemInput {
    ItemInput { basic_code: code.into(), department_id: Some(w.dept_sj.id), change_note: "首次发布".into(), content: content(name) }
}

/// Two catalogue administrators: one drafts and submits, the other approves and publishes.
async fn editors(w: &World) -> (app::Actor, app::Actor) {
    user_with_role(&w.app, &w.banner, "cat1", None, "catalog_admin", &w.banner).await;
    user_with_role(&w.app, &w.banner, "cat2", None, "catalog_admin", &w.banner).await;
    let a = app::accounts::login(&w.app, "cat1", PASSWORD).await.unwrap().actor;
    let b = app::accounts::login(&w.app, "cat2", PASSWORD).await.unwrap().actor;
    (a, b)
}

#[tokio::test]
async fn a_version_is_published_only_after_a_second_person_approves_it() {
    each_backend(|t| async move {
        let w = world(&t).await;
        let (cat1, cat2) = editors(&w).await;
        let v = app::catalog::create_item(&w.app, &cat1, &input(&w, "00010500100", "食品经营许可（新办）")).await.unwrap();
        assert_eq!(v.version.status, "draft");
        let id = v.version.id;
        let s = app::catalog::transition(&w.app, &cat1, id, VersionStatus::Submitted, None).await.unwrap();
        assert_eq!(s.version.submitted_by.as_deref(), Some("cat1"));
        assert_forbidden(app::catalog::transition(&w.app, &cat1, id, VersionStatus::Approved, None).await);
        app::catalog::transition(&w.app, &cat2, id, VersionStatus::Approved, None).await.unwrap();
        let today = w.app.clock.today();
        assert_invalid(app::catalog::transition(&w.app, &cat2, id, VersionStatus::Published, None).await, "effective_date");
        assert_invalid(
            app::catalog::transition(&w.app, &cat2, id, VersionStatus::Published, Some(today - Duration::days(1))).await,
            "effective_date",
        );
        let p = app::catalog::transition(&w.app, &cat2, id, VersionStatus::Published, Some(today)).await.unwrap();
        assert_eq!(p.version.status, "published");
        let guide = app::catalog::public_guide(&w.app, p.item.id).await.unwrap();
        assert_eq!(guide.content.name, "食品经营许可（新办）");
        // Illegal moves answer with a conflict naming the states.
        let r = app::catalog::transition(&w.app, &cat2, id, VersionStatus::Approved, None).await;
        assert!(matches!(&r, Err(AppError::Conflict(m)) if m.contains("已发布")), "{r:?}");
        t
    })
    .await;
}

#[tokio::test]
async fn a_published_version_cannot_be_edited_and_a_new_version_pins_the_old_one() {
    each_backend(|t| async move {
        let w = world(&t).await;
        let (cat1, cat2) = editors(&w).await;
        let v1 = app::catalog::create_item(&w.app, &cat1, &input(&w, "00010500101", "食品经营许可（变更）")).await.unwrap();
        for (who, to) in [(&cat1, VersionStatus::Submitted), (&cat2, VersionStatus::Approved)] {
            app::catalog::transition(&w.app, who, v1.version.id, to, None).await.unwrap();
        }
        app::catalog::transition(&w.app, &cat2, v1.version.id, VersionStatus::Published, Some(w.app.clock.today())).await.unwrap();
        let r = app::catalog::update_draft(&w.app, &cat1, v1.version.id, &input(&w, "00010500101", "改名")).await;
        assert!(matches!(&r, Err(AppError::Conflict(m)) if m.contains("已发布的版本不能修改")), "{r:?}");

        let v2 = app::catalog::new_version(&w.app, &cat1, v1.item.id).await.unwrap();
        assert_eq!((v2.version.version_no, v2.version.status.as_str()), (2, "draft"));
        let r = app::catalog::new_version(&w.app, &cat1, v1.item.id).await;
        assert!(matches!(r, Err(AppError::Conflict(_))), "only one open version at a time");
        let mut i = input(&w, "00010500101", "食品经营许可（变更）");
        i.content.promised_days = 3;
        app::catalog::update_draft(&w.app, &cat1, v2.version.id, &i).await.unwrap();
        // The old version is what applies until the new one is published.
        let detail = app::catalog::get_item(&w.app, &cat1, v1.item.id).await.unwrap();
        assert_eq!(detail.current.as_ref().map(|c| c.0.version_no), Some(1));
        let (_, _, changes) = app::catalog::diff_versions(&w.app, &cat1, v1.version.id, v2.version.id).await.unwrap();
        assert_eq!(changes.iter().map(|c| c.label.as_str()).collect::<Vec<_>>(), vec!["承诺办结时限"]);
        let old = app::catalog::get_version(&w.app, &cat1, v1.version.id).await.unwrap();
        assert_eq!(old.content.promised_days, 10, "older versions stay readable as they were");
        t
    })
    .await;
}

#[tokio::test]
async fn publication_refuses_a_promise_above_the_statutory_limit_or_no_materials() {
    each_backend(|t| async move {
        let w = world(&t).await;
        let (cat1, _) = editors(&w).await;
        let mut i = input(&w, "00010500102", "小餐饮登记");
        i.content.promised_days = 30;
        let v = app::catalog::create_item(&w.app, &cat1, &i).await.unwrap();
        let r = app::catalog::transition(&w.app, &cat1, v.version.id, VersionStatus::Submitted, None).await;
        match r {
            Err(AppError::Invalid(e)) => assert!(e.message_for("promised_days").is_some_and(|m| m.contains("不能超过法定时限"))),
            other => panic!("{other:?}"),
        }
        i.content.promised_days = 5;
        i.content.materials.clear();
        app::catalog::update_draft(&w.app, &cat1, v.version.id, &i).await.unwrap();
        assert_invalid(app::catalog::transition(&w.app, &cat1, v.version.id, VersionStatus::Submitted, None).await, "materials");
        // Without catalogue rights nothing can be created.
        let clerk = app::accounts::login(&w.app, "clerk1", PASSWORD).await.unwrap().actor;
        assert_forbidden(app::catalog::create_item(&w.app, &clerk, &input(&w, "x1", "任意事项")).await);
        t
    })
    .await;
}

#[tokio::test]
async fn a_negative_list_entry_needs_a_reason() {
    each_backend(|t| async move {
        let w = world(&t).await;
        let (cat1, _) = editors(&w).await;
        let v = app::catalog::create_item(&w.app, &cat1, &input(&w, "00010500103", "特种设备使用登记")).await.unwrap();
        let neg = |reason: &str, note: &str| ItemSiteInput {
            site_id: Some(w.centre.id),
            state: "negative".into(),
            negative_reason: reason.into(),
            negative_note: note.into(),
        };
        assert_invalid(app::catalog::set_item_site(&w.app, &cat1, v.item.id, &neg("", "")).await, "negative_reason");
        assert_invalid(app::catalog::set_item_site(&w.app, &cat1, v.item.id, &neg("other", " ")).await, "negative_note");
        app::catalog::set_item_site(&w.app, &cat1, v.item.id, &neg("site_limit", "需现场检测设备")).await.unwrap();
        let stationed = ItemSiteInput { site_id: Some(w.site1.id), state: "stationed".into(), ..ItemSiteInput::default() };
        app::catalog::set_item_site(&w.app, &cat1, v.item.id, &stationed).await.unwrap();
        let d = app::catalog::get_item(&w.app, &cat1, v.item.id).await.unwrap();
        assert_eq!(d.sites.len(), 2);
        // A town hall manager may record stationing only for their own town's site.
        let mgr2 = app::accounts::login(&w.app, "mgr2", PASSWORD).await.unwrap().actor;
        assert_forbidden(app::catalog::set_item_site(&w.app, &mgr2, v.item.id, &stationed).await);
        t
    })
    .await;
}

#[tokio::test]
async fn search_finds_items_by_substring_pinyin_initials_keywords_and_materials() {
    each_backend(|t| async move {
        let w = world(&t).await;
        let (cat1, cat2) = editors(&w).await;
        for (code, name) in [("A001", "营业执照注销登记"), ("A002", "食品经营许可（新办）"), ("A003", "残疾人证核发")]
        {
            let v = app::catalog::create_item(&w.app, &cat1, &input(&w, code, name)).await.unwrap();
            app::catalog::transition(&w.app, &cat1, v.version.id, VersionStatus::Submitted, None).await.unwrap();
            app::catalog::transition(&w.app, &cat2, v.version.id, VersionStatus::Approved, None).await.unwrap();
            app::catalog::transition(&w.app, &cat2, v.version.id, VersionStatus::Published, Some(w.app.clock.today())).await.unwrap();
        }
        let clerk = app::accounts::login(&w.app, "clerk1", PASSWORD).await.unwrap().actor;
        let names = |r: Vec<app::catalog::SearchResult>| r.into_iter().map(|x| x.summary.latest.name).collect::<Vec<_>>();
        assert_eq!(names(app::catalog::search(&w.app, &clerk, "yyzz", None, 10).await.unwrap()), vec!["营业执照注销登记"]);
        assert_eq!(names(app::catalog::search(&w.app, &clerk, "残疾", None, 10).await.unwrap()), vec!["残疾人证核发"]);
        assert_eq!(names(app::catalog::search(&w.app, &clerk, "A002", None, 10).await.unwrap()), vec!["食品经营许可（新办）"]);
        // Every item lists the business-licence material, so it matches all three.
        assert_eq!(app::catalog::search(&w.app, &clerk, "申请书", None, 10).await.unwrap().len(), 3);
        let hit = &app::catalog::search(&w.app, &clerk, "食品", None, 10).await.unwrap()[0];
        assert!(hit.name_html.contains("<mark>食品</mark>"), "{}", hit.name_html);
        // A new version's name is found as soon as it is saved (the index is rebuilt).
        let item = app::catalog::search(&w.app, &cat1, "残疾", None, 1).await.unwrap()[0].summary.item.id;
        let v2 = app::catalog::new_version(&w.app, &cat1, item).await.unwrap();
        let i = ItemInput {
            basic_code: "A003".into(),
            department_id: Some(w.dept_rs.id),
            change_note: String::new(),
            content: content("残疾人证换领"),
        };
        app::catalog::update_draft(&w.app, &cat1, v2.version.id, &i).await.unwrap();
        assert_eq!(names(app::catalog::search(&w.app, &cat1, "换领", None, 10).await.unwrap()), vec!["残疾人证换领"]);
        let _ = system();
        t
    })
    .await;
}

#[tokio::test]
async fn windows_accept_their_departments_items_and_others_only_when_authorised() {
    each_backend(|t| async move {
        let w = world(&t).await;
        let (cat1, _) = editors(&w).await;
        let v = app::catalog::create_item(&w.app, &cat1, &input(&w, "00010500104", "食品小作坊登记")).await.unwrap();
        let item = v.item.id;
        let only_rs = crate::common::window_input(&w.zone0, "9", &[w.dept_rs.id]);
        let win9 = app::org::create_window(&w.app, &system(), w.centre.id, &only_rs).await.unwrap();
        let admin = app::accounts::login(&w.app, "admin", PASSWORD).await.unwrap().actor;
        let listed =
            |rows: Vec<store::catalog::ItemWindowRow>| rows.into_iter().map(|r| (r.window_id, r.via_department)).collect::<Vec<_>>();
        let before = listed(app::catalog::authorised_windows(&w.app, &admin, item).await.unwrap());
        assert_eq!(before.len(), 3, "the three windows acting for 市场监管 accept it: {before:?}");
        assert!(before.iter().all(|(id, via)| *via && *id != win9.id));
        let mgr2 = app::accounts::login(&w.app, "mgr2", PASSWORD).await.unwrap().actor;
        assert_forbidden(app::catalog::set_window_authorisation(&w.app, &mgr2, item, Some(win9.id), true).await);
        app::catalog::set_window_authorisation(&w.app, &cat1, item, Some(win9.id), true).await.unwrap();
        let after = listed(app::catalog::authorised_windows(&w.app, &admin, item).await.unwrap());
        assert!(after.contains(&(win9.id, false)), "{after:?}");
        // A town's hall manager sees only the windows of their town.
        let mgr1 = app::accounts::login(&w.app, "mgr1", PASSWORD).await.unwrap().actor;
        let mine = listed(app::catalog::authorised_windows(&w.app, &mgr1, item).await.unwrap());
        assert_eq!(mine, vec![(w.window1.id, true)]);
        app::catalog::set_window_authorisation(&w.app, &cat1, item, Some(win9.id), false).await.unwrap();
        assert_eq!(listed(app::catalog::authorised_windows(&w.app, &admin, item).await.unwrap()).len(), 3);
        t
    })
    .await;
}
