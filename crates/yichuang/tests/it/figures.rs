//! The figures dashboard over HTTP on the demo (both backends): the leader's JSON with targets,
//! groups and trend; a new case counted at once; the ranking; refusals in the house error shape;
//! the Excel download; the dashboard and A4 report pages. In headless Chromium: the leader opens
//! the dashboard from the navigation, regroups it by town and prints the monthly report.

use axum::http::{StatusCode, header};
use yichuang::demo::DEMO_PASSWORD;

use crate::supervision::{accepted_case, get, page_login};
use crate::support::{Demo, on_demo};

#[tokio::test]
async fn the_leader_reads_the_figures_and_a_clerk_is_refused() {
    on_demo(|d| async move {
        let leader = d.token("leader").await;
        let (s, before) = d.json("GET", "/api/v1/figures?by=site", Some(&leader), None).await;
        assert_eq!(s, StatusCode::OK, "{before}");
        let targets: Vec<&str> = before["targets"].as_array().expect("targets").iter().filter_map(|t| t["code"].as_str()).collect();
        assert_eq!(targets, ["comprehensive_window_share", "full_online_share", "stationing_rate", "rectify_rate", "callback_rate"]);
        for key in [
            "comprehensive_window_share",
            "full_online_share",
            "stationing_rate",
            "tickets",
            "cases",
            "ladder",
            "ratings",
            "active_rating_rate",
            "work_orders",
        ] {
            assert!(!before["total"][key].is_null(), "total lacks {key}: {}", before["total"]);
        }
        assert!(before["groups"].as_array().is_some_and(|g| g.len() > 1), "the demo has several sites");
        assert_eq!(before["trend"].as_array().map(Vec::len), Some(13), "a year drawn by month");
        // A case accepted now counts at once (today is read live).
        accepted_case(&d).await;
        let (_, after) = d.json("GET", "/api/v1/figures?by=site", Some(&leader), None).await;
        let accepted = |v: &serde_json::Value| v["total"]["cases"]["accepted"].as_i64().expect("accepted");
        assert_eq!(accepted(&after), accepted(&before) + 1);
        let (s, v) = d.json("GET", "/api/v1/figures?by=department&scope=all&from=2026-03-01&to=2026-03-31", Some(&leader), None).await;
        assert_eq!((s, v["by"].as_str(), v["from"].as_str()), (StatusCode::OK, Some("department"), Some("2026-03-01")), "{v}");
        let (s, v) = d.json("GET", "/api/v1/figures/ranking?month=2026-02", Some(&leader), None).await;
        assert_eq!((s, v["month"].as_str(), v["previous_month"].as_str()), (StatusCode::OK, Some("2026-02"), Some("2026-01")), "{v}");

        // Refusals: 422 naming the field, 404 for an unknown place, 403 for a clerk, 401 without a token.
        for (q, field) in [("by=floor", "by"), ("scope=site:abc", "scope"), ("from=2026-13-01", "from")] {
            let (s, v) = d.json("GET", &format!("/api/v1/figures?{q}"), Some(&leader), None).await;
            assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{q}: {v}");
            assert_eq!(v["error"]["details"]["fields"][0]["field"].as_str(), Some(field), "{v}");
        }
        let (s, _) = d.json("GET", "/api/v1/figures?scope=site:999999", Some(&leader), None).await;
        assert_eq!(s, StatusCode::NOT_FOUND);
        let clerk = d.token("clerk1").await;
        let (s, v) = d.json("GET", "/api/v1/figures", Some(&clerk), None).await;
        assert_eq!((s, v["error"]["code"].as_str()), (StatusCode::FORBIDDEN, Some("forbidden")), "{v}");
        let (s, _) = d.json("GET", "/api/v1/figures", None, None).await;
        assert_eq!(s, StatusCode::UNAUTHORIZED);

        // Pages: the dashboard, the workbook, the A4 report; none for a clerk.
        let session = page_login(&d, "leader").await;
        let (s, _, home) = d.send(get("/", &session)).await;
        assert_eq!(s, StatusCode::OK);
        assert!(home.contains("href=\"/figures\""), "navigation link");
        let (s, _, body) = d.send(get("/figures?by=town", &session)).await;
        assert_eq!(s, StatusCode::OK, "{body}");
        for text in [
            "数据看板",
            "目标指标",
            "综合窗口占比",
            "全程网办率",
            "实名差评回访率",
            "<svg",
            "按苏木镇",
            "窗口月度排名",
            "导出 Excel",
            "月度报告",
        ] {
            assert!(body.contains(text), "dashboard lacks {text}");
        }
        let (s, headers, bytes) = d.send(get("/figures.xlsx?by=window", &session)).await;
        assert_eq!(s, StatusCode::OK);
        assert!(headers[header::CONTENT_TYPE].to_str().is_ok_and(|t| t.contains("spreadsheetml")));
        assert!(bytes.starts_with("PK"), "an xlsx is a zip");
        let (s, _, body) = d.send(get("/figures/report?month=2026-02", &session)).await;
        assert_eq!(s, StatusCode::OK, "{body}");
        assert!(body.contains("政务服务运行情况月报（2026年2月）") && body.contains("目标完成情况") && body.contains("class=\"a4\""));
        let (s, _, body) = d.send(get("/figures?from=2026-13-01", &session)).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(body.contains("YYYY-MM-DD"));
        let (s, _, _) = d.send(get("/figures/report?month=2026-2x", &session)).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
        let clerk = page_login(&d, "clerk1").await;
        for path in ["/figures", "/figures.xlsx", "/figures/report"] {
            let (s, _, _) = d.send(get(path, &clerk)).await;
            assert_eq!(s, StatusCode::FORBIDDEN, "{path}");
        }
        d
    })
    .await;
}

#[tokio::test]
async fn the_leader_regroups_the_dashboard_and_opens_the_monthly_report_in_a_browser() {
    let d = Demo::sqlite().await;
    let base = testkit::serve(d.router()).await;
    testkit::browser::journey("leader_figures", async |b| {
        b.goto(&format!("{base}/login?next=%2F")).await?;
        b.fill("#username", "leader").await?;
        b.fill("#password", DEMO_PASSWORD).await?;
        b.click("button[type=submit]").await?;
        b.wait_for_text("数据看板").await?;
        b.click("nav.side a[href='/figures']").await?;
        b.wait_for_text("目标指标").await?;
        let targets = b.text("#targets").await?;
        anyhow::ensure!(targets.contains("综合窗口占比") && targets.contains("目标 ≥ 80%"), "targets read {targets:?}");
        anyhow::ensure!(b.find("#chart-good").await.is_ok(), "the trend is drawn");
        b.select_by_value("select[name=by]", "town").await?;
        b.click("form.card button.primary").await?;
        b.wait_for_text("按苏木镇").await?;
        let table = b.text("#groups").await?;
        anyhow::ensure!(table.contains("嘎鲁图镇") && table.contains("合计"), "the town breakdown reads {table:?}");
        b.click("#report").await?;
        b.wait_for_text("政务服务运行情况月报").await?;
        let report = b.text("#report-targets").await?;
        anyhow::ensure!(report.contains("全程网办率") && (report.contains("达标") || report.contains("无数据")), "report reads {report:?}");
        Ok(())
    })
    .await;
    d.cleanup().await;
}
