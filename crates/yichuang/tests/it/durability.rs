//! A dying process loses no acknowledged write: a real server under issue + call-next load is
//! killed with SIGKILL; afterwards every ticket a client got a 201 for exists with its number, no
//! number was issued twice, no ticket was called twice, and a restarted server numbers on.

use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::Duration;

use axum::body::Bytes;
use axum::http::{Method, Request};
use http_body_util::{BodyExt, Full};
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;
use serde_json::{Value, json};
use tokio::sync::Mutex;

use yichuang::bench_queue::HttpClient;

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").expect("bind").local_addr().expect("addr").port()
}

fn serve(dir: &std::path::Path, port: u16) -> Child {
    Command::new(env!("CARGO_BIN_EXE_yichuang"))
        .args(["serve", "--data-dir", dir.to_str().expect("utf-8 dir"), "--addr", &format!("127.0.0.1:{port}")])
        .env("YICHUANG_LOG", "error")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("server starts")
}

async fn wait_ready(client: &HttpClient, base: &str) {
    for _ in 0..200 {
        let req = Request::builder().uri(format!("{base}/healthz")).body(Full::new(Bytes::new())).expect("request");
        if client.request(req).await.is_ok_and(|r| r.status().is_success()) {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("server did not become ready");
}

async fn post(client: &HttpClient, url: &str, token: &str, body: &Value) -> Option<(u16, Value)> {
    yichuang::bench_queue::post(client, url, token, body).await.ok()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigkill_under_load_loses_no_acknowledged_ticket_or_call() {
    let dir = std::env::temp_dir().join(format!("yichuang-kill-{:016x}", rand_u64()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let out = Command::new(env!("CARGO_BIN_EXE_yichuang"))
        .args(["bench", "queue-fixture", "--data-dir", dir.to_str().expect("utf-8"), "--windows", "4"])
        .env("YICHUANG_LOG", "error")
        .output()
        .expect("fixture runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let fixture: Value =
        serde_json::from_str(String::from_utf8_lossy(&out.stdout).lines().last().expect("json line")).expect("fixture json");
    let token = fixture["token"].as_str().expect("token").to_owned();
    let site = fixture["site_id"].as_i64().expect("site");
    let category = fixture["category_id"].as_i64().expect("category");
    let windows: Vec<i64> = fixture["window_ids"].as_array().expect("windows").iter().filter_map(Value::as_i64).collect();

    let port = free_port();
    let base = format!("http://127.0.0.1:{port}");
    let mut server = serve(&dir, port);
    let client: HttpClient = Client::builder(TokioExecutor::new()).build_http();
    wait_ready(&client, &base).await;

    let issued: Arc<Mutex<Vec<(i64, String)>>> = Arc::default();
    let called: Arc<Mutex<Vec<i64>>> = Arc::default();
    let mut tasks = Vec::new();
    for (i, &w) in windows.iter().chain(windows.iter()).enumerate() {
        let (client, base, token, issued, called) = (client.clone(), base.clone(), token.clone(), issued.clone(), called.clone());
        tasks.push(tokio::spawn(async move {
            for n in 0.. {
                let key = format!("k{i}-{n}");
                let body = json!({ "site_id": site, "category_id": category });
                let req = Request::builder()
                    .method(Method::POST)
                    .uri(format!("{base}/api/v1/tickets"))
                    .header("authorization", format!("Bearer {token}"))
                    .header("content-type", "application/json")
                    .header("idempotency-key", key)
                    .body(Full::new(Bytes::from(body.to_string())))
                    .expect("request");
                let Ok(res) = client.request(req).await else { break };
                let status = res.status().as_u16();
                let Ok(bytes) = res.into_body().collect().await else { break };
                if status == 201 {
                    let v: Value = serde_json::from_slice(&bytes.to_bytes()).expect("ticket json");
                    issued.lock().await.push((v["id"].as_i64().expect("id"), v["ticket_no"].as_str().expect("no").to_owned()));
                }
                match post(&client, &format!("{base}/api/v1/windows/{w}/call-next"), &token, &json!({})).await {
                    Some((200, v)) => {
                        if let Some(id) = v["ticket"]["id"].as_i64() {
                            called.lock().await.push(id);
                        }
                    }
                    Some(_) => {}
                    None => break,
                }
            }
        }));
    }
    tokio::time::sleep(Duration::from_millis(1500)).await;
    server.kill().expect("SIGKILL the server");
    server.wait().expect("server reaped");
    for t in tasks {
        let _ = t.await;
    }
    let issued = issued.lock().await.clone();
    let called = called.lock().await.clone();
    assert!(issued.len() > 20, "the load ran ({} tickets acknowledged)", issued.len());

    // What the database holds after the crash.
    let url = format!("sqlite://{}", dir.join("yichuang.db").display());
    let pool = sqlx::SqlitePool::connect(&url).await.expect("database opens after the crash");
    let rows: Vec<(i64, String, String)> =
        sqlx::query_as("select id, ticket_no, status from tickets").fetch_all(&pool).await.expect("tickets");
    for (id, no) in &issued {
        let row = rows.iter().find(|r| r.0 == *id).unwrap_or_else(|| panic!("acknowledged ticket {id} ({no}) is missing after the crash"));
        assert_eq!(&row.1, no, "ticket {id} keeps its number");
    }
    let (n, distinct): (i64, i64) =
        sqlx::query_as("select count(*), count(distinct ticket_no) from tickets").fetch_one(&pool).await.expect("count");
    assert_eq!(n, distinct, "no number was issued twice");
    for id in &called {
        let row = rows.iter().find(|r| r.0 == *id).unwrap_or_else(|| panic!("acknowledged call of ticket {id} is missing"));
        assert!(row.2 == "called" || row.2 == "done", "ticket {id} was called, yet is {}", row.2);
    }
    let mut sorted = called.clone();
    sorted.sort_unstable();
    sorted.dedup();
    assert_eq!(sorted.len(), called.len(), "no ticket was handed to two windows");
    let twice: i64 = sqlx::query_scalar(
        "select count(*) from (select ticket_id from ticket_events where kind = 'call' group by ticket_id having count(*) > 1) x",
    )
    .fetch_one(&pool)
    .await
    .expect("call events");
    assert_eq!(twice, 0, "no ticket was called twice");
    let max_seq: i64 = sqlx::query_scalar("select max(seq) from tickets").fetch_one(&pool).await.expect("max seq");
    pool.close().await;

    // A restarted server numbers on from where the dead one stopped.
    let mut server = serve(&dir, port);
    wait_ready(&client, &base).await;
    let (status, v) = post(&client, &format!("{base}/api/v1/tickets"), &token, &json!({ "site_id": site, "category_id": category }))
        .await
        .expect("answer");
    server.kill().expect("stop");
    let _ = server.wait();
    assert_eq!(status, 201, "{v}");
    let no = v["ticket_no"].as_str().expect("number");
    assert_eq!(no, domain::queue::ticket_no("A", max_seq + 1));
    let _ = std::fs::remove_dir_all(&dir);
}

fn rand_u64() -> u64 {
    use std::hash::{BuildHasher, Hasher};
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u64(std::process::id().into());
    h.finish()
}
