//! Catalogue import and export: JSON and Excel round trips, all-or-nothing imports that list every
//! bad row with its sheet and row, refusal of unreadable files, and who may do it.

use app::catalog::{ImportKind, ImportReport};
use app::catalog::{ItemInput, ItemSiteInput};
use app::{Actor, App, AppError};
use domain::catalog::{DeliveryMode, Faq, ItemContent, ItemLevel, Material, MaterialSource, SpecialProcedure, Step, VersionStatus};
use serde_json::{Value, json};
use store::audit::Verdict;
use testkit::each_backend;

use crate::common::{PASSWORD, World, assert_forbidden, system, user_input, user_with_role, world};

fn content(name: &str) -> ItemContent {
    ItemContent {
        name: name.into(),
        impl_code: format!("11150626MB{name}"),
        legal_basis: "《中华人民共和国食品安全法》第三十五条".into(),
        conditions: "具有与经营的食品品种、数量相适应的经营场所\n有专职食品安全管理人员".into(),
        levels: vec![ItemLevel::Banner, ItemLevel::Town],
        steps: vec![
            Step { name: "受理".into(), post: "综合窗口".into(), days: 1 },
            Step { name: "审查".into(), post: "审批股".into(), days: 3 },
        ],
        special_procedures: vec![SpecialProcedure::SiteSurvey, SpecialProcedure::Publicity],
        fee: Some("每件 10 元".into()),
        fee_basis: "发改价格〔2020〕1 号".into(),
        result_name: "食品经营许可证".into(),
        delivery: vec![DeliveryMode::Window, DeliveryMode::Mail],
        keywords: vec!["开饭店".into(), "餐馆".into()],
        review_points: vec!["场所与申请一致".into(), "人员有健康证明".into()],
        faq: vec![Faq { q: "要带公章吗？".into(), a: "企业申请须加盖公章。".into() }],
        consult_phone: "0477-7560001".into(),
        complaint_phone: "12345".into(),
        materials: vec![
            Material { name: "食品经营许可申请书".into(), required: true, originals: 1, ..Material::default() },
            Material {
                name: "营业执照".into(),
                required: true,
                copies: 1,
                electronic: true,
                source: Some(MaterialSource::Government),
                rongque: true,
                replaced_by: "电子营业执照".into(),
                commitment: true,
                note: "复印件加盖公章".into(),
                ..Material::default()
            },
        ],
        ..ItemContent::default()
    }
}

fn input(w: &World, code: &str, name: &str) -> ItemInput {
    ItemInput { basic_code: code.into(), department_id: Some(w.dept_sj.id), change_note: "首次发布".into(), content: content(name) }
}

/// Two catalogue administrators: one drafts and submits, the other approves and publishes.
async fn editors(w: &World) -> (Actor, Actor) {
    user_with_role(&w.app, &w.banner, "cat1", None, "catalog_admin", &w.banner).await;
    user_with_role(&w.app, &w.banner, "cat2", None, "catalog_admin", &w.banner).await;
    let a = app::accounts::login(&w.app, "cat1", PASSWORD).await.unwrap().actor;
    let b = app::accounts::login(&w.app, "cat2", PASSWORD).await.unwrap().actor;
    (a, b)
}

async fn publish(w: &World, cat1: &Actor, cat2: &Actor, version_id: i64) {
    app::catalog::transition(&w.app, cat1, version_id, VersionStatus::Submitted, None).await.unwrap();
    app::catalog::transition(&w.app, cat2, version_id, VersionStatus::Approved, None).await.unwrap();
    app::catalog::transition(&w.app, cat2, version_id, VersionStatus::Published, Some(w.app.clock.today())).await.unwrap();
}

/// Items, item versions, implementation records and the (intact) audit chain's length.
async fn catalog_counts(app: &App) -> (usize, usize, usize, i64) {
    let mut tx = app.db.read().await.unwrap();
    let items = store::catalog::list_items(&mut tx).await.unwrap().len();
    let versions = store::catalog::list_version_summaries(&mut tx).await.unwrap().len();
    let sites = store::catalog::list_all_item_sites(&mut tx).await.unwrap().len();
    let audit = match store::audit::verify(&mut tx).await.unwrap() {
        Verdict::Intact(n) => n,
        v => panic!("the audit chain is broken: {v:?}"),
    };
    (items, versions, sites, audit)
}

/// Two items: A001 published and implemented at two sites, A002 still a first draft.
async fn two_items(w: &World, cat1: &Actor, cat2: &Actor) -> (i64, i64) {
    let a = app::catalog::create_item(&w.app, cat1, &input(w, "A001", "食品经营许可（新办）")).await.unwrap();
    publish(w, cat1, cat2, a.version.id).await;
    let stationed = ItemSiteInput { site_id: Some(w.centre.id), state: "stationed".into(), ..ItemSiteInput::default() };
    app::catalog::set_item_site(&w.app, cat1, a.item.id, &stationed).await.unwrap();
    let negative = ItemSiteInput {
        site_id: Some(w.site1.id),
        state: "negative".into(),
        negative_reason: "other".into(),
        negative_note: "需现场检测设备".into(),
    };
    app::catalog::set_item_site(&w.app, cat1, a.item.id, &negative).await.unwrap();
    let mut b = input(w, "A002", "小餐饮登记");
    b.content.fee = None;
    b.content.review_points.clear();
    let b = app::catalog::create_item(&w.app, cat1, &b).await.unwrap();
    (a.item.id, b.item.id)
}

fn invalid(r: Result<ImportReport, AppError>) -> domain::Invalid {
    match r {
        Err(AppError::Invalid(inv)) => inv,
        other => panic!("expected invalid input, got {other:?}"),
    }
}

/// The message for `field`, failing with every problem listed when there is none.
#[track_caller]
fn message<'a>(inv: &'a domain::Invalid, field: &str) -> &'a str {
    inv.message_for(field).unwrap_or_else(|| panic!("no problem at {field:?} among {:#?}", inv.fields))
}

#[tokio::test]
async fn a_json_export_imports_back_and_changes_become_drafts() {
    each_backend(|t| async move {
        let w = world(&t).await;
        let (cat1, cat2) = editors(&w).await;
        let (a, b) = two_items(&w, &cat1, &cat2).await;
        let bytes = app::catalog::export_json(&w.app, &cat1).await.unwrap();
        let mut doc: Value = serde_json::from_slice(&bytes).unwrap();
        assert_eq!((doc["format"].as_str(), doc["version"].as_u64()), (Some("yichuang-catalog"), Some(1)));
        assert_eq!(doc["items"].as_array().unwrap().len(), 2);
        assert_eq!(doc["items"][0]["department_code"], "scjgj");
        assert_eq!(
            doc["items"][0]["sites"][1],
            json!({"site_name": "嘎鲁图镇便民服务中心", "state": "negative", "negative_reason": "other", "negative_note": "需现场检测设备"})
        );

        // Importing an untouched export changes nothing.
        let before = catalog_counts(&w.app).await;
        let r = app::catalog::import(&w.app, &cat1, &bytes, ImportKind::Json).await.unwrap();
        assert_eq!(r, ImportReport { items: 2, unchanged: 2, ..ImportReport::default() });
        assert_eq!(catalog_counts(&w.app).await, before);

        // A changed limit, a renamed draft, a changed site and a new item (labels accepted for codes).
        doc["items"][0]["content"]["promised_days"] = json!(3);
        doc["items"][0]["sites"][1] = json!({"site_name": "嘎鲁图镇便民服务中心", "state": "进驻"});
        doc["items"][1]["content"]["name"] = json!("小餐饮登记（改）");
        let mut new = doc["items"][0].clone();
        new["basic_code"] = json!("N001");
        new["content"]["name"] = json!("食品经营许可（延续）");
        new["content"]["item_type"] = json!("行政许可");
        doc["items"].as_array_mut().unwrap().push(new);
        let changed = serde_json::to_vec(&doc).unwrap();
        let r = app::catalog::import(&w.app, &cat1, &changed, ImportKind::Json).await.unwrap();
        assert_eq!(
            r,
            ImportReport { items: 3, items_created: 1, drafts_created: 1, drafts_updated: 1, sites_set: 3, unchanged: 0 },
            "{}",
            r.summary()
        );
        let (items, versions, sites, audit) = catalog_counts(&w.app).await;
        assert_eq!((items, versions, sites, audit), (before.0 + 1, before.1 + 2, before.2 + 2, before.3 + 3), "one audit entry per item");

        let da = app::catalog::get_item(&w.app, &cat1, a).await.unwrap();
        assert_eq!(da.versions.iter().map(|v| (v.version_no, v.status.as_str())).collect::<Vec<_>>(), vec![(2, "draft"), (1, "published")]);
        assert_eq!(da.current.as_ref().map(|c| c.1.promised_days), Some(10), "the published version stays in effect");
        let v2 = app::catalog::get_version(&w.app, &cat1, da.versions[0].id).await.unwrap();
        assert_eq!(v2.content.promised_days, 3);
        assert!(da.sites.iter().all(|s| s.stationed));
        let db = app::catalog::get_item(&w.app, &cat1, b).await.unwrap();
        assert_eq!(db.versions.len(), 1);
        assert_eq!(db.versions[0].name, "小餐饮登记（改）");
        let hits = app::catalog::search(&w.app, &cat1, "延续", None, 10).await.unwrap();
        assert_eq!(hits.len(), 1, "the search index sees the imported item");
        assert_eq!(hits[0].summary.latest.status, "draft");
        assert_eq!(hits[0].summary.latest.created_by, "cat1");

        // The same file again: the drafts already hold it.
        let r = app::catalog::import(&w.app, &cat1, &changed, ImportKind::Json).await.unwrap();
        assert_eq!(r, ImportReport { items: 3, unchanged: 3, ..ImportReport::default() });

        // Without catalogue rights only standards in effect are exported.
        let clerk = app::accounts::login(&w.app, "clerk1", PASSWORD).await.unwrap().actor;
        let seen: Value = serde_json::from_slice(&app::catalog::export_json(&w.app, &clerk).await.unwrap()).unwrap();
        let codes: Vec<&str> = seen["items"].as_array().unwrap().iter().filter_map(|i| i["basic_code"].as_str()).collect();
        assert_eq!(codes, vec!["A001"]);
        assert_eq!(seen["items"][0]["content"]["promised_days"], 10);
        t
    })
    .await;
}

#[tokio::test]
async fn an_item_under_review_refuses_a_changed_import() {
    each_backend(|t| async move {
        let w = world(&t).await;
        let (cat1, _) = editors(&w).await;
        let v = app::catalog::create_item(&w.app, &cat1, &input(&w, "R001", "特种设备使用登记")).await.unwrap();
        app::catalog::transition(&w.app, &cat1, v.version.id, VersionStatus::Submitted, None).await.unwrap();
        let bytes = app::catalog::export_json(&w.app, &cat1).await.unwrap();
        let r = app::catalog::import(&w.app, &cat1, &bytes, ImportKind::Json).await.unwrap();
        assert_eq!(r.unchanged, 1, "an unchanged item under review is left alone");
        let mut doc: Value = serde_json::from_slice(&bytes).unwrap();
        doc["items"][0]["content"]["visits"] = json!(0);
        let before = catalog_counts(&w.app).await;
        let inv = invalid(app::catalog::import(&w.app, &cat1, &serde_json::to_vec(&doc).unwrap(), ImportKind::Json).await);
        assert!(message(&inv, "JSON!第1个事项").contains("事项 R001 有待审核的版本"), "{inv:?}");
        assert_eq!(catalog_counts(&w.app).await, before);
        t
    })
    .await;
}

#[tokio::test]
async fn an_excel_export_imports_back_unchanged() {
    each_backend(|t| async move {
        let w = world(&t).await;
        let (cat1, cat2) = editors(&w).await;
        two_items(&w, &cat1, &cat2).await;
        let bytes = app::catalog::export_xlsx(&w.app, &cat1).await.unwrap();
        assert!(bytes.starts_with(b"PK"));
        assert_eq!(ImportKind::detect(None, &bytes), Some(ImportKind::Xlsx));
        let before = catalog_counts(&w.app).await;
        // Every field survives the trip through the sheets, so nothing counts as changed.
        let r = app::catalog::import(&w.app, &cat1, &bytes, ImportKind::Xlsx).await.unwrap();
        assert_eq!(r, ImportReport { items: 2, unchanged: 2, ..ImportReport::default() });
        assert_eq!(catalog_counts(&w.app).await, before);
        t
    })
    .await;
}

const ITEM_HEADERS: &[&str] = &[
    "基本编码",
    "实施部门（简码）",
    "事项名称",
    "实施编码",
    "事项类型",
    "行使层级",
    "设定依据",
    "受理条件",
    "法定办结时限",
    "承诺办结时限",
    "办件类型",
    "特别程序",
    "收费",
    "收费依据",
    "办理结果",
    "送达方式",
    "到现场次数",
    "网办深度",
    "支持预约",
    "关键词",
    "审查要点",
    "咨询电话",
    "投诉电话",
];
const MATERIAL_HEADERS: &[&str] =
    &["基本编码", "序号", "材料名称", "必要", "原件份数", "复印件份数", "电子", "来源", "容缺", "可替代为", "告知承诺", "填报须知"];
const STEP_HEADERS: &[&str] = &["基本编码", "序号", "环节", "岗位", "时限"];
const FAQ_HEADERS: &[&str] = &["基本编码", "序号", "问题", "解答"];
const SITE_HEADERS: &[&str] = &["基本编码", "场所", "状态", "负面清单原因", "原因说明"];

type Sheet<'a> = (&'a str, &'a [&'a str], Vec<Vec<String>>);

/// A workbook with the given sheets, every cell written as text.
fn book(sheets: &[Sheet<'_>]) -> Vec<u8> {
    let mut wb = rust_xlsxwriter::Workbook::new();
    for (name, headers, rows) in sheets {
        let ws = wb.add_worksheet();
        ws.set_name(*name).unwrap();
        for (c, h) in headers.iter().enumerate() {
            ws.write_string(0, c as u16, *h).unwrap();
        }
        for (r, row) in rows.iter().enumerate() {
            for (c, v) in row.iter().enumerate().filter(|(_, v)| !v.is_empty()) {
                ws.write_string(r as u32 + 1, c as u16, v).unwrap();
            }
        }
    }
    wb.save_to_buffer().unwrap()
}

fn item_row(code: &str, dept: &str, name: &str, statutory: &str, promised: &str) -> Vec<String> {
    [
        code,
        dept,
        name,
        "",
        "行政许可",
        "旗级、苏木镇级",
        "《条例》第五条",
        "依法设立",
        statutory,
        promised,
        "承诺件",
        "",
        "不收费",
        "",
        "登记证",
        "窗口领取、邮寄",
        "1",
        "全程网办",
        "是",
        "登记",
        "",
        "",
        "",
    ]
    .map(str::to_owned)
    .to_vec()
}

fn material_row(code: &str, no: &str, name: &str) -> Vec<String> {
    [code, no, name, "是", "1", "0", "否", "申请人自备", "否", "", "否", ""].map(str::to_owned).to_vec()
}

fn workbook(items: Vec<Vec<String>>, materials: Vec<Vec<String>>, sites: Vec<Vec<String>>) -> Vec<u8> {
    book(&[
        ("事项", ITEM_HEADERS, items),
        ("材料", MATERIAL_HEADERS, materials),
        ("流程", STEP_HEADERS, vec![]),
        ("答疑", FAQ_HEADERS, vec![]),
        ("实施", SITE_HEADERS, sites),
    ])
}

#[tokio::test]
async fn a_file_with_bad_rows_lists_each_one_and_changes_nothing() {
    each_backend(|t| async move {
        let w = world(&t).await;
        let (cat1, cat2) = editors(&w).await;
        two_items(&w, &cat1, &cat2).await;
        let bad = workbook(
            vec![
                item_row("G001", "scjgj", "个体工商户登记", "20", "10"),
                item_row("B001", "scjgj", "食品小作坊登记", "二十", "10"),
                item_row("B002", "scjgx", "食品摊贩备案", "20", "10"),
                item_row("B003", "scjgj", "特种设备登记", "400", "400"),
            ],
            vec![material_row("G001", "1", "申请书"), material_row("X999", "1", "身份证")],
            vec![
                ["G001", "乌审旗政务服务中心", "进驻", "", ""].map(str::to_owned).to_vec(),
                ["G001", "不存在的大厅", "进驻", "", ""].map(str::to_owned).to_vec(),
                ["G001", "嘎鲁图镇便民服务中心", "负面清单", "其他", ""].map(str::to_owned).to_vec(),
            ],
        );
        let before = catalog_counts(&w.app).await;
        let inv = invalid(app::catalog::import(&w.app, &cat1, &bad, ImportKind::Xlsx).await);
        assert_eq!(message(&inv, "事项!第3行"), "第 3 行“法定办结时限”应为整数，现为“二十”");
        assert!(message(&inv, "事项!第4行").contains("“实施部门”scjgx 不存在"), "{inv:?}");
        assert!(message(&inv, "事项!第5行").contains("办结时限不能超过 365 个工作日"), "{inv:?}");
        assert_eq!(message(&inv, "材料!第3行"), "材料表第 3 行的基本编码 X999 在事项表中没有");
        assert!(message(&inv, "实施!第3行").contains("场所“不存在的大厅”不存在"), "{inv:?}");
        assert!(message(&inv, "实施!第4行").contains("原因说明"), "{inv:?}");
        assert!(inv.message_for("事项!第2行").is_none(), "the good row is not blamed: {inv:?}");
        assert_eq!(inv.fields.len(), 6, "{:#?}", inv.fields);
        assert_eq!(catalog_counts(&w.app).await, before, "nothing was written");

        // The good rows alone import, creating the item with its material and site.
        let good = workbook(
            vec![item_row("G001", "scjgj", "个体工商户登记", "20", "10")],
            vec![material_row("G001", "2", "营业执照"), material_row("G001", "1", "申请书")],
            vec![["G001", "乌审旗政务服务中心", "进驻", "", ""].map(str::to_owned).to_vec()],
        );
        let r = app::catalog::import(&w.app, &cat1, &good, ImportKind::Xlsx).await.unwrap();
        assert_eq!(r, ImportReport { items: 1, items_created: 1, sites_set: 1, ..ImportReport::default() });
        let hit = &app::catalog::search(&w.app, &cat1, "个体工商户", None, 1).await.unwrap()[0];
        let v = app::catalog::get_version(&w.app, &cat1, hit.summary.latest.id).await.unwrap();
        assert_eq!(v.content.materials.iter().map(|m| m.name.as_str()).collect::<Vec<_>>(), vec!["申请书", "营业执照"], "ordered by 序号");
        assert_eq!(v.content.levels, vec![ItemLevel::Banner, ItemLevel::Town]);
        assert_eq!(v.content.delivery, vec![DeliveryMode::Window, DeliveryMode::Mail]);
        assert_eq!(v.content.fee, None);
        assert_eq!(v.version.status, "draft");
        t
    })
    .await;
}

#[tokio::test]
async fn unreadable_files_are_refused_with_a_reason() {
    each_backend(|t| async move {
        let w = world(&t).await;
        let (cat1, _) = editors(&w).await;
        let before = catalog_counts(&w.app).await;
        let why = |r| invalid(r).fields.into_iter().map(|f| f.message).collect::<Vec<_>>().join("；");
        let r = app::catalog::import(&w.app, &cat1, b"\x00\x01 this is not a workbook", ImportKind::Xlsx).await;
        assert!(why(r).contains("不是有效的 Excel（.xlsx）文件"));
        let r = app::catalog::import(&w.app, &cat1, b"PK\x03\x04 broken zip", ImportKind::Xlsx).await;
        assert!(why(r).contains("不是有效的 Excel（.xlsx）文件"));
        let r = app::catalog::import(&w.app, &cat1, b"{\"format\": ", ImportKind::Json).await;
        assert!(why(r).contains("不是有效的 JSON"));
        let r = app::catalog::import(&w.app, &cat1, b"{\"a\": 1}", ImportKind::Json).await;
        assert!(why(r).contains("不是一窗事项库的导出文件"));
        let r = app::catalog::import(&w.app, &cat1, b"", ImportKind::Json).await;
        assert!(why(r).contains("文件是空的"));
        let only_items = book(&[("事项", ITEM_HEADERS, vec![item_row("G001", "scjgj", "个体工商户登记", "20", "10")])]);
        let msg = why(app::catalog::import(&w.app, &cat1, &only_items, ImportKind::Xlsx).await);
        assert!(msg.contains("缺少工作表“材料”") && msg.contains("缺少工作表“实施”"), "{msg}");
        // A JSON item with wrongly typed fields names each of them.
        let doc = json!({"format": "yichuang-catalog", "version": 1, "items": [
            {"basic_code": "J001", "department_code": "scjgj", "content": {"name": "x", "statutory_days": "二十"}}
        ]});
        let inv = invalid(app::catalog::import(&w.app, &cat1, &serde_json::to_vec(&doc).unwrap(), ImportKind::Json).await);
        let all = inv.fields.iter().map(|f| f.message.as_str()).collect::<Vec<_>>().join("\n");
        assert!(all.contains("第 1 个事项（J001）的内容：“法定办结时限”（statutory_days）应为不小于 0 的整数，现为 \"二十\""), "{all}");
        assert!(all.contains("缺少“事项类型”（item_type）"), "{all}");
        assert!(inv.fields.iter().all(|f| f.field == "JSON!第1个事项"));
        assert_eq!(catalog_counts(&w.app).await, before);
        // The type is told by the name, else by the first bytes.
        assert_eq!(ImportKind::detect(Some("事项库.JSON"), b"PK"), Some(ImportKind::Json));
        assert_eq!(ImportKind::detect(Some("upload"), b"\xEF\xBB\xBF  {\"format\": 1}"), Some(ImportKind::Json));
        assert_eq!(ImportKind::detect(Some("a.txt"), b"hello"), None);
        t
    })
    .await;
}

#[tokio::test]
async fn only_catalogue_administrators_import() {
    each_backend(|t| async move {
        let w = world(&t).await;
        let (cat1, _) = editors(&w).await;
        let bytes = app::catalog::export_json(&w.app, &cat1).await.unwrap();
        let clerk = app::accounts::login(&w.app, "clerk1", PASSWORD).await.unwrap().actor;
        assert_forbidden(app::catalog::import(&w.app, &clerk, &bytes, ImportKind::Json).await);
        let mgr1 = app::accounts::login(&w.app, "mgr1", PASSWORD).await.unwrap().actor;
        assert_forbidden(app::catalog::import(&w.app, &mgr1, &bytes, ImportKind::Json).await);
        // An account without any role may not even export.
        app::accounts::create_user(&w.app, &system(), &user_input(&w.town1, "nobody", None)).await.unwrap();
        let nobody = app::accounts::login(&w.app, "nobody", PASSWORD).await.unwrap().actor;
        assert_forbidden(app::catalog::export_json(&w.app, &nobody).await);
        assert_forbidden(app::catalog::export_xlsx(&w.app, &nobody).await);
        t
    })
    .await;
}
