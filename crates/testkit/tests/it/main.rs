//! Self-test of the browser harness against a tiny static page served on localhost.
//!
//! Skipped (with a note on stderr) when Chromium/chromedriver are missing and `CI` is unset.

use std::io::ErrorKind;

use testkit::browser;
use tokio::net::{TcpListener, TcpStream};

/// A Chinese page with a form whose submit handler writes a greeting into `#out`.
const PAGE: &str = r#"<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>易创自测</title></head>
<body>
<h1>易创测试页</h1>
<form id="f">
  <input id="who" value="旧值">
  <select id="city"><option value="bj">北京</option><option value="sh">上海</option></select>
  <button id="go" type="submit">提交</button>
</form>
<p id="out"></p>
<script>
document.getElementById('f').addEventListener('submit', function (e) {
  e.preventDefault();
  var city = document.getElementById('city');
  document.getElementById('out').textContent =
    '你好，' + document.getElementById('who').value + '（' + city.options[city.selectedIndex].text + '）';
});
</script>
</body></html>"#;

/// Serves [`PAGE`] for every request; returns the base URL.
async fn serve() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("local addr");
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            tokio::spawn(respond(stream));
        }
    });
    format!("http://{addr}")
}

/// Reads one request head and writes the fixed response.
async fn respond(stream: TcpStream) -> std::io::Result<()> {
    let mut request = Vec::new();
    let mut buf = [0u8; 4096];
    while !request.windows(4).any(|w| w == b"\r\n\r\n") {
        stream.readable().await?;
        match stream.try_read(&mut buf) {
            Ok(0) => return Ok(()),
            Ok(n) => request.extend_from_slice(&buf[..n]),
            Err(e) if e.kind() == ErrorKind::WouldBlock => continue,
            Err(e) => return Err(e),
        }
    }
    let response = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n{PAGE}",
        PAGE.len()
    );
    let mut rest = response.as_bytes();
    while !rest.is_empty() {
        stream.writable().await?;
        match stream.try_write(rest) {
            Ok(n) => rest = &rest[n..],
            Err(e) if e.kind() == ErrorKind::WouldBlock => continue,
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

#[tokio::test]
async fn journey_fills_a_chinese_form() {
    let base = serve().await;
    browser::journey("testkit_self_test", async |b| {
        b.goto(&format!("{base}/form")).await?;
        assert_eq!(b.current_url().await?, format!("{base}/form"));
        assert_eq!(b.text("h1").await?, "易创测试页");
        let language = b.client().execute("return navigator.language", vec![]).await?;
        assert_eq!(language, "zh-CN");
        b.fill("#who", "张三").await?;
        b.select_by_value("#city", "sh").await?;
        b.click("#go").await?;
        b.wait_for_text("你好，张三（上海）").await?;
        assert!(b.page_source().await?.contains("易创测试页"));
        let png = b.screenshot_png().await?;
        assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"), "not a PNG");
        Ok(())
    })
    .await;
}

#[tokio::test]
async fn errors_name_the_selector() {
    let base = serve().await;
    let Some(mut b) = browser::launch().await else {
        return;
    };
    b.goto(&base).await.expect("goto");
    // Nothing will appear: a short wait proves the message as well as the full one would.
    b.set_wait(std::time::Duration::from_millis(300));
    let err = b.find("#missing").await.expect_err("no such element");
    let msg = format!("{err:#}");
    assert!(msg.contains("`#missing`") && msg.contains(&base), "{msg}");
    let err = b.wait_for_text("不存在的文字").await.expect_err("no such text");
    assert!(format!("{err:#}").contains("不存在的文字"), "{err:#}");
    b.close().await.expect("close");
}

#[test]
fn failed_journeys_leave_artifacts() {
    for (name, panics) in [("testkit_self_test_err", false), ("testkit_self_test_panic", true)] {
        let outcome = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build();
            runtime.expect("runtime").block_on(async move {
                let base = serve().await;
                browser::journey(name, async |b| {
                    b.goto(&base).await?;
                    assert!(!panics, "deliberate panic");
                    anyhow::bail!("deliberate error")
                })
                .await;
            });
        })
        .join();
        let Err(payload) = outcome else {
            // Only a skipped journey (no browser, CI unset) can succeed here.
            assert!(std::env::var_os("CI").is_none_or(|v| v.is_empty()), "{name} passed");
            continue;
        };
        let msg = payload.downcast_ref::<String>().cloned().unwrap_or_default();
        let why = if panics { "deliberate panic" } else { "deliberate error" };
        assert!(msg.contains(&format!("journey `{name}` failed")) && msg.contains(why), "{msg}");
        for (ext, magic) in [("png", &b"\x89PNG"[..]), ("html", &b"<html"[..])] {
            let path = msg
                .lines()
                .find_map(|l| l.split(": ").nth(1).filter(|p| p.ends_with(&format!("{name}.{ext}"))))
                .unwrap_or_else(|| panic!("no .{ext} path in {msg}"));
            let bytes = std::fs::read(path).expect("artifact exists");
            assert!(bytes.starts_with(magic), "{path} starts with {:?}", &bytes[..8]);
            std::fs::remove_file(path).expect("remove artifact");
        }
    }
}
