//! Network import: a clean file creates the whole tree with its audit rows; a bad file is refused
//! with every problem named by its path and nothing written; only administrators may import.

use app::AppError;
use app::org::io::import;
use serde_json::{Value, json};
use testkit::{app_on, each_backend};

use crate::common::{actor, counts, system, world};

fn network() -> Value {
    json!({
        "format": "yichuang-network",
        "version": 1,
        "org_units": [
            {"code": "150626", "name": "乌审旗", "level": "banner"},
            {"code": "150626100", "name": "嘎鲁图镇", "parent": "150626"},
            {"code": "150626100001", "name": "萨如拉社区", "level": "village", "parent": "150626100"}
        ],
        "departments": [
            {"code": "zwfwj", "name": "乌审旗政务服务局", "short_name": "政务服务局"},
            {"code": "mzj", "name": "乌审旗民政局", "short_name": "民政局", "phone": "0477-7211111"}
        ],
        "sites": [{
            "key": "centre", "name": "乌审旗政务服务中心", "kind": "centre", "org_unit": "150626",
            "address": "乌审旗嘎鲁图镇", "phone": "0477-7216001",
            "hours_weekday": "08:30-12:00,14:30-18:00", "hours_weekend": "",
            "zones": [
                {"name": "综合受理区", "kind": "comprehensive", "floor": "一楼", "windows": [
                    {"number": "1", "name": "综合受理1号窗口", "kind": "comprehensive", "departments": ["zwfwj", "mzj"]},
                    {"number": "2", "name": "综合受理2号窗口", "kind": "comprehensive", "departments": ["mzj"]}
                ]},
                {"name": "等候区", "kind": "waiting"}
            ]
        }],
        "staff": [
            {"key": "s1", "name": "王慧", "department": "zwfwj", "org_unit": "150626", "stationed_since": "2024-07-10",
             "grade": "senior", "phone": "13912345678", "seat": {"site": "centre", "window": "1"}},
            {"key": "s2", "name": "高峰", "department": "mzj", "org_unit": "150626100", "stationed_since": "2021-01-19",
             "grade": "junior", "phone": "13887654321"}
        ],
        "accounts": [
            {"username": "admin", "name": "系统管理员", "grants": [{"role": "sys_admin", "org_unit": "150626"}]},
            {"username": "clerk1", "name": "王慧", "staff": "s1", "grants": [{"role": "clerk", "org_unit": "150626"}]},
            {"username": "approver-mzj", "name": "民政局审批人",
             "grants": [{"role": "approver", "org_unit": "150626", "department": "mzj"}]}
        ]
    })
}

fn bytes(v: &Value) -> Vec<u8> {
    serde_json::to_vec(v).unwrap()
}

#[tokio::test]
async fn a_clean_file_creates_the_whole_network_with_its_audit_rows() {
    each_backend(|t| async move {
        let app = app_on(&t);
        let hash = app::accounts::hash_password("Yichuang2026").unwrap();
        let r = import(&app, &system(), &bytes(&network()), Some(&hash)).await.unwrap();
        assert_eq!((r.org_units, r.departments, r.sites, r.zones, r.windows), (3, 2, 1, 2, 2));
        assert_eq!((r.staff, r.seats, r.accounts, r.grants), (2, 1, 3, 3));
        assert!(r.summary().contains("新增组织机构 3 个"), "{}", r.summary());
        let sys = system();
        let units = app::org::list_org_units(&app, &sys).await.unwrap();
        let levels: Vec<&str> = units.iter().map(|u| u.level.as_str()).collect();
        assert_eq!(levels, ["banner", "town", "village"]);
        let centre = app::org::get_site(&app, &sys, r.ids.sites["centre"]).await.unwrap();
        assert_eq!(centre.windows.len(), 2);
        assert_eq!(centre.seats.len(), 1, "王慧 sits at window 1 today");
        assert_eq!(centre.seats[0].window_id, r.ids.windows["centre"]["1"]);
        let c = counts(&app).await;
        assert_eq!((c.window_departments, c.users, c.grants, c.seats), (3, 3, 3, 1));
        // 3 units + 2 departments + 1 site + 2 zones + 2 windows + 2 staff + 1 seat + 3 users + 3 grants.
        assert_eq!(c.audit, 19);
        // The accounts sign in with the shared initial password and carry their grants.
        let login = app::accounts::login(&app, "clerk1", "Yichuang2026").await.unwrap();
        assert_eq!(login.actor.roles(), [domain::access::Role::Clerk]);
        assert_eq!(login.window_id, Some(r.ids.windows["centre"]["1"]));
        t
    })
    .await;
}

#[tokio::test]
async fn a_bad_file_is_refused_with_every_problem_by_path_and_nothing_written() {
    each_backend(|t| async move {
        let app = app_on(&t);
        let mut bad = network();
        bad["org_units"][2]["parent"] = json!("150626999");
        bad["sites"][0]["zones"][0]["windows"][1]["departments"] = json!(["mzj", "gaj"]);
        bad["sites"][0]["zones"][0]["windows"][1]["number"] = json!("1");
        bad["staff"][1]["phone"] = json!("12345");
        bad["staff"][1]["seat"] = json!({"site": "centre", "window": "1"});
        bad["accounts"][2]["username"] = json!("Admin");
        bad["accounts"][1]["grants"][0]["role"] = json!("king");
        let hash = app::accounts::hash_password("Yichuang2026").unwrap();
        let Err(AppError::Invalid(inv)) = import(&app, &system(), &bytes(&bad), Some(&hash)).await else {
            panic!("a bad file is refused as invalid");
        };
        let fields: Vec<&str> = inv.fields.iter().map(|f| f.field.as_str()).collect();
        for path in [
            "org_units[2].parent",
            "sites[0].zones[0].windows[1].number",
            "sites[0].zones[0].windows[1].departments[1]",
            "staff[1].phone",
            "staff[1].seat",
            "accounts[2].username",
            "accounts[1].grants[0].role",
        ] {
            assert!(fields.contains(&path), "{path} is not named in {fields:?}");
        }
        let msg = inv.message_for("sites[0].zones[0].windows[1].departments[1]").unwrap();
        assert!(msg.contains("第 1 个场所（乌审旗政务服务中心）") && msg.contains("代办部门 gaj 不存在"), "{msg}");
        assert!(inv.message_for("org_units[2].parent").unwrap().contains("上级机构 150626999 不存在"));
        // Nothing was written.
        let c = counts(&app).await;
        assert_eq!((c.org_units, c.departments, c.sites, c.staff, c.users, c.audit), (0, 0, 0, 0, 0, 0));
        // Accounts need an initial password; not JSON, or not a network file, is refused as such.
        let Err(AppError::Invalid(inv)) = import(&app, &system(), &bytes(&network()), None).await else {
            panic!("accounts need a password")
        };
        assert!(inv.message_for("accounts").unwrap().contains("须指定初始密码"));
        let Err(AppError::Invalid(inv)) = import(&app, &system(), b"{\"format\": \"yichuang-catalog\", \"version\": 1}", None).await else {
            panic!("a catalogue file is not a network file")
        };
        assert!(inv.summary().contains("不是一窗服务网络文件"), "{}", inv.summary());
        let Err(AppError::Invalid(inv)) = import(&app, &system(), b"{\"format\": ", None).await else { panic!("truncated JSON") };
        assert!(inv.summary().contains("提前结束"), "{}", inv.summary());
        t
    })
    .await;
}

#[tokio::test]
async fn only_administrators_import_and_codes_already_stored_are_refused() {
    each_backend(|t| async move {
        let w = world(&t).await;
        let mut more = network();
        more["org_units"] = json!([{"code": "150626300", "name": "新设镇", "parent": w.banner.code}]);
        more["accounts"] = json!([]);
        more["staff"] = json!([]);
        let (clerk, mgr) = (actor(&w.app, "clerk1").await, actor(&w.app, "mgr1").await);
        let before = counts(&w.app).await;
        for who in [clerk, mgr] {
            assert!(matches!(import(&w.app, &who, &bytes(&more), None).await, Err(AppError::Forbidden(_))), "{}", who.username);
        }
        // The world already has the banner: a second root and a stored site name are refused.
        let mut twice = more.clone();
        twice["org_units"] = json!([{"code": "150699", "name": "别的旗"}]);
        twice["sites"][0]["name"] = json!(w.centre.name);
        twice["sites"][0]["org_unit"] = json!(w.banner.code);
        let Err(AppError::Invalid(inv)) = import(&w.app, &system(), &bytes(&twice), None).await else { panic!("refused") };
        assert!(inv.message_for("org_units[0].parent").is_some(), "{inv:?}");
        assert!(inv.message_for("sites[0].name").unwrap().contains("已存在"), "{inv:?}");
        assert_eq!(counts(&w.app).await, before, "nothing was written");
        // Adding a town under the stored banner works for the system actor.
        more["sites"] = json!([]);
        more["departments"] = json!([{"code": "zzz", "name": "新部门", "short_name": "新部门"}]);
        let r = import(&w.app, &system(), &bytes(&more), None).await.unwrap();
        assert_eq!((r.org_units, r.departments), (1, 1));
        assert_eq!(counts(&w.app).await.org_units, before.org_units + 1);
        t
    })
    .await;
}
