//! The shipped demo data files: they import cleanly through the product's importers, a second
//! import changes nothing, and the loaded demo exports exactly the shipped catalogue.

use app::catalog::ImportKind;
use app::{Actor, AppError};
use testkit::{app_on, each_backend};
use yichuang::demo::{CATALOG_JSON, DEMO_PASSWORD, NETWORK_JSON, catalog_items, network};

#[tokio::test]
async fn the_shipped_files_import_cleanly_and_a_second_import_changes_nothing() {
    each_backend(|t| async move {
        let app = app_on(&t);
        let sys = Actor::system("test");
        let hash = app::accounts::hash_password(DEMO_PASSWORD).unwrap();
        let net = network();
        let r = app::org::io::import(&app, &sys, NETWORK_JSON, Some(&hash)).await.expect("demo/network.json imports");
        assert_eq!((r.org_units, r.departments, r.sites), (net.org_units.len(), net.departments.len(), net.sites.len()));
        assert_eq!((r.staff, r.accounts), (net.staff.len(), net.accounts.len()));
        assert_eq!(r.windows, net.sites.iter().map(|s| app::org::io::NetworkFile::windows(s).count()).sum::<usize>());
        let c = app::catalog::import(&app, &sys, CATALOG_JSON, ImportKind::Json).await.expect("demo/catalog.json imports");
        let items = catalog_items().len();
        assert_eq!((c.items, c.items_created, c.unchanged), (items, items, 0));
        assert!(c.sites_set >= items, "every item is implemented somewhere");
        // Again: the catalogue is unchanged; the network's codes and names exist and nothing is written.
        let again = app::catalog::import(&app, &sys, CATALOG_JSON, ImportKind::Json).await.unwrap();
        assert_eq!((again.unchanged, again.items_created, again.sites_set), (items, 0, 0));
        let before = app::org::list_staff(&app, &sys, None, None, 500).await.unwrap().items.len();
        let Err(AppError::Invalid(inv)) = app::org::io::import(&app, &sys, NETWORK_JSON, Some(&hash)).await else {
            panic!("a second network import is refused")
        };
        assert!(inv.message_for("org_units[1].code").is_some_and(|m| m.contains("已存在")), "{inv:?}");
        assert!(inv.message_for("accounts[0].username").is_some_and(|m| m.contains("已存在")), "{inv:?}");
        assert_eq!(app::org::list_staff(&app, &sys, None, None, 500).await.unwrap().items.len(), before);
        t
    })
    .await;
}

#[tokio::test]
async fn the_loaded_demo_exports_the_shipped_catalogue() {
    let t = testkit::TestDb::sqlite().await;
    let app = app_on(&t);
    yichuang::demo::load(&app).await.expect("demo loads");
    let exported: serde_json::Value =
        serde_json::from_slice(&app::catalog::export_json(&app, &Actor::system("test")).await.unwrap()).unwrap();
    let shipped: serde_json::Value = serde_json::from_slice(CATALOG_JSON).unwrap();
    assert_eq!(exported, shipped, "the demo's catalogue is the shipped file");
    t.cleanup().await;
}

#[tokio::test]
async fn org_import_from_the_command_line_names_problems_or_imports_the_whole_file() {
    let t = testkit::TestDb::sqlite().await;
    let url = format!("sqlite://{}", t.dir.join("test.db").display());
    let run = |file: &std::path::Path| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_yichuang"))
            .args(["org", "import", "--database-url", &url, &file.to_string_lossy()])
            .env("YICHUANG_DATA_DIR", &t.dir)
            .env("YICHUANG_PASSWORD", "Yichuang2026")
            .env("YICHUANG_LOG", "error")
            .output()
            .expect("binary runs");
        (out.status.code().unwrap_or(-1), String::from_utf8_lossy(&out.stdout).into_owned())
    };
    let mut bad: serde_json::Value = serde_json::from_slice(NETWORK_JSON).unwrap();
    bad["staff"][0]["department"] = serde_json::json!("nosuch");
    let bad_file = t.dir.join("bad.json");
    std::fs::write(&bad_file, serde_json::to_vec(&bad).unwrap()).unwrap();
    let (code, out) = run(&bad_file);
    assert_eq!(code, 2, "{out}");
    assert!(out.contains("staff[0].department: 第 1 名工作人员（王慧）：派驻部门 nosuch 不存在"), "{out}");
    assert!(out.contains("nothing was imported"), "{out}");
    let good = t.dir.join("network.json");
    std::fs::write(&good, NETWORK_JSON).unwrap();
    let (code, out) = run(&good);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("导入完成"), "{out}");
    let app = app_on(&t);
    assert!(app::accounts::login(&app, "clerk1", "Yichuang2026").await.is_ok());
    t.cleanup().await;
}
