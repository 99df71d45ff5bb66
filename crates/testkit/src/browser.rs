//! End-to-end test harness: headless Chromium driven through chromedriver (WebDriver).
//!
//! [`launch`] starts a private chromedriver on a free localhost port and opens a fresh
//! Chromium profile; [`journey`] wraps a whole test so that a failure (an `Err` or a panic)
//! leaves a screenshot and the page source under `<workspace>/target/test-artifacts/`:
//!
//! ```no_run
//! # async fn hall_adds_window(base: &str) {
//! testkit::browser::journey("hall_adds_window", async |b| {
//!     b.goto(&format!("{base}/halls")).await?;
//!     b.fill("#name", "东窗口").await?;
//!     b.click("button[type=submit]").await?;
//!     b.wait_for_text("东窗口").await?;
//!     Ok(())
//! })
//! .await;
//! # }
//! ```
//!
//! Without Chromium/chromedriver the tests are skipped (a line on stderr), unless the `CI`
//! environment variable is set, in which case they fail. At most two browsers run at once per
//! test process.

use std::future::Future;
use std::io::{Read, Write};
use std::net::{Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};
use std::pin::{Pin, pin};
use std::process::{Child, Command, Stdio};
use std::task::{Context as TaskContext, Poll};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use fantoccini::elements::Element;
use fantoccini::wd::Capabilities;
use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::json;
use tokio::sync::{Semaphore, SemaphorePermit};

/// How long [`Browser::find`] and [`Browser::wait_for_text`] wait before giving up.
pub const WAIT: Duration = Duration::from_secs(5);
/// Interval between two checks while waiting.
const POLL: Duration = Duration::from_millis(100);
/// How long chromedriver may take to answer `/status`.
const DRIVER_START: Duration = Duration::from_secs(10);
/// Chromium flags: headless, no background traffic, fixed window and locale.
const CHROMIUM_FLAGS: &[&str] = &[
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--no-first-run",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--window-size=1366,900",
    "--lang=zh-CN",
];

/// Browsers alive at once in this process (the CI machine has two cores).
static SLOTS: Semaphore = Semaphore::const_new(2);

/// A headless Chromium session. Dropping it shuts chromedriver (and Chromium) down and
/// deletes the temporary profile; [`Browser::close`] also ends the WebDriver session first.
pub struct Browser {
    client: Client,
    /// How long [`Browser::find`] and [`Browser::wait_for_text`] wait ([`WAIT`] unless set).
    wait: Duration,
    _driver: Driver,
    _slot: SemaphorePermit<'static>,
}

/// Starts a headless Chromium, or returns `None` (after printing
/// `skipping browser test: <reason>` to stderr) when Chromium or chromedriver is not
/// installed.
///
/// Binaries come from `$CHROMIUM` / `$CHROMEDRIVER`, else `/usr/bin`, else `$PATH`.
///
/// # Panics
/// When they are missing while `CI` is set, and when they are installed but fail to start.
pub async fn launch() -> Option<Browser> {
    let (chromium, chromedriver) = match locate() {
        Ok(found) => found,
        Err(reason) if crate::in_ci() => panic!(
            "CI is set but Chromium/chromedriver is missing: \
             apt-get install -y chromium chromium-driver ({reason})"
        ),
        Err(reason) => {
            // Straight to stderr, past libtest's capture, so the skip is visible.
            let _ = writeln!(std::io::stderr(), "skipping browser test: {reason}");
            return None;
        }
    };
    let Ok(slot) = SLOTS.acquire().await else { unreachable!("the browser semaphore is never closed") };
    match start(&chromium, &chromedriver).await {
        Ok((client, driver)) => Some(Browser { client, wait: WAIT, _driver: driver, _slot: slot }),
        Err(e) => panic!("cannot start {} through {}: {e:#}", chromium.display(), chromedriver.display()),
    }
}

/// Runs one browser test: launches a browser, hands it to `f` and closes it.
///
/// If `f` returns an error or panics, saves `<name>.png` (screenshot) and `<name>.html`
/// (page source) to `<workspace>/target/test-artifacts/`, then panics with the error and
/// the artifact paths. Returns without calling `f` when no browser is available (see
/// [`launch`]).
pub async fn journey<F>(name: &str, f: F)
where
    F: AsyncFnOnce(&Browser) -> Result<()>,
{
    let Some(browser) = launch().await else {
        return;
    };
    let outcome = CatchUnwind(pin!(f(&browser))).await;
    let error = match outcome {
        Ok(Ok(())) => {
            for ext in ["png", "html"] {
                // Stale artifacts of an earlier failure would only mislead.
                let _ = std::fs::remove_file(artifact_path(name, ext));
            }
            if let Err(e) = browser.close().await {
                tracing::warn!("journey {name}: closing the browser failed: {e:#}");
            }
            return;
        }
        Ok(Err(e)) => format!("{e:?}"),
        Err(payload) => payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "panic with a non-string payload".into()),
    };
    let artifacts = save_artifacts(&browser, name).await;
    let _ = browser.close().await;
    panic!("browser journey `{name}` failed: {error}\n{artifacts}");
}

impl Browser {
    /// The underlying fantoccini client, for anything this wrapper does not cover.
    pub fn client(&self) -> &Client {
        &self.client
    }

    /// Navigates to `url` and waits for the page load.
    pub async fn goto(&self, url: &str) -> Result<()> {
        self.client.goto(url).await.with_context(|| format!("goto {url}"))
    }

    /// The URL of the current page.
    pub async fn current_url(&self) -> Result<String> {
        let url = self.client.current_url().await.context("reading the current URL")?;
        Ok(url.to_string())
    }

    /// Sets how long [`Browser::find`] and [`Browser::wait_for_text`] wait from now on (tests that
    /// expect an element or text to stay absent need not wait the full [`WAIT`]).
    pub fn set_wait(&mut self, wait: Duration) {
        self.wait = wait;
    }

    /// The first element matching the CSS selector, waiting up to [`WAIT`] for it.
    pub async fn find(&self, css: &str) -> Result<Element> {
        let wait = self.wait;
        match self.client.wait().at_most(wait).every(POLL).for_element(Locator::Css(css)).await {
            Ok(element) => Ok(element),
            Err(e) => {
                let url = self.current_url().await.unwrap_or_else(|_| "?".into());
                Err(e).with_context(|| format!("element `{css}` not found within {wait:?} on {url}"))
            }
        }
    }

    /// Clicks the element matching `css`.
    pub async fn click(&self, css: &str) -> Result<()> {
        self.find(css).await?.click().await.with_context(|| format!("click `{css}`"))
    }

    /// Clears the input matching `css`, then types `text` into it.
    pub async fn fill(&self, css: &str, text: &str) -> Result<()> {
        let input = self.find(css).await?;
        input.clear().await.with_context(|| format!("clear `{css}`"))?;
        input.send_keys(text).await.with_context(|| format!("type {text:?} into `{css}`"))
    }

    /// Selects the option with `value` in the `<select>` matching `css`.
    pub async fn select_by_value(&self, css: &str, value: &str) -> Result<()> {
        let select = self.find(css).await?;
        select.select_by_value(value).await.with_context(|| format!("select value {value:?} in `{css}`"))
    }

    /// The rendered (visible) text of the element matching `css`.
    pub async fn text(&self, css: &str) -> Result<String> {
        self.find(css).await?.text().await.with_context(|| format!("text of `{css}`"))
    }

    /// The current page's HTML as serialised by the browser.
    pub async fn page_source(&self) -> Result<String> {
        self.client.source().await.context("reading the page source")
    }

    /// Waits up to [`WAIT`] for `text` to appear in the visible text of `<body>`.
    pub async fn wait_for_text(&self, text: &str) -> Result<()> {
        let wait = self.wait;
        let deadline = Instant::now() + wait;
        loop {
            // Errors (e.g. a stale body during navigation) just mean "not yet".
            let body = match self.client.find(Locator::Css("body")).await {
                Ok(body) => body.text().await.unwrap_or_default(),
                Err(_) => String::new(),
            };
            if body.contains(text) {
                return Ok(());
            }
            if Instant::now() >= deadline {
                let url = self.current_url().await.unwrap_or_else(|_| "?".into());
                let start: String = body.chars().take(300).collect();
                bail!("text {text:?} not on {url} within {wait:?}; the page reads: {start:?}");
            }
            tokio::time::sleep(POLL).await;
        }
    }

    /// A PNG screenshot of the viewport.
    pub async fn screenshot_png(&self) -> Result<Vec<u8>> {
        self.client.screenshot().await.context("taking a screenshot")
    }

    /// Ends the WebDriver session, then stops chromedriver as on drop.
    pub async fn close(self) -> Result<()> {
        self.client.clone().close().await.context("closing the WebDriver session")
    }
}

/// The chromedriver child and the Chromium profile directory, cleaned up on drop.
struct Driver {
    child: Child,
    port: u16,
    profile: PathBuf,
}

impl Drop for Driver {
    fn drop(&mut self) {
        // `/shutdown` makes chromedriver quit its browsers too; kill it if that does not work.
        let _ = http_get(self.port, "/shutdown");
        let deadline = Instant::now() + Duration::from_secs(3);
        while matches!(self.child.try_wait(), Ok(None)) && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
        // Chromium may still be writing to its profile for a moment.
        for _ in 0..10 {
            if std::fs::remove_dir_all(&self.profile).is_ok() || !self.profile.exists() {
                break;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

/// Starts chromedriver on a free port and opens a session; retries on a port race.
async fn start(chromium: &Path, chromedriver: &Path) -> Result<(Client, Driver)> {
    let mut attempt = 0;
    let driver = loop {
        attempt += 1;
        let port = TcpListener::bind((Ipv4Addr::LOCALHOST, 0))?.local_addr()?.port();
        let child = Command::new(chromedriver)
            .arg(format!("--port={port}"))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .with_context(|| format!("spawning {}", chromedriver.display()))?;
        let profile = std::env::temp_dir().join(format!("yichuang-chromium-{}-{:016x}", std::process::id(), rand::random::<u64>()));
        let mut driver = Driver { child, port, profile };
        match wait_until_ready(&mut driver).await {
            Ok(()) => break driver,
            Err(e) if attempt >= 3 => return Err(e),
            Err(e) => tracing::debug!("chromedriver on port {port}: {e:#}; retrying"),
        }
    };
    std::fs::create_dir(&driver.profile).with_context(|| format!("creating {}", driver.profile.display()))?;

    let mut args: Vec<String> = CHROMIUM_FLAGS.iter().map(|f| f.to_string()).collect();
    args.push(format!("--user-data-dir={}", driver.profile.display()));
    let mut caps = Capabilities::new();
    caps.insert("browserName".into(), json!("chrome"));
    caps.insert(
        "goog:chromeOptions".into(),
        json!({
            "binary": chromium.display().to_string(),
            "args": args,
            // `--lang` does not reach navigator.language / Accept-Language on Linux; this does.
            "prefs": { "intl": { "accept_languages": "zh-CN,zh" } },
        }),
    );
    // A hung page load should fail the test, not stall it for WebDriver's default 5 minutes.
    caps.insert("timeouts".into(), json!({ "pageLoad": 30_000, "script": 30_000, "implicit": 0 }));
    let client = ClientBuilder::new(HttpConnector::new())
        .capabilities(caps)
        .connect(&format!("http://127.0.0.1:{}", driver.port))
        .await
        .context("creating a WebDriver session")?;
    Ok((client, driver))
}

/// Polls chromedriver's `/status` until it answers 200, it exits, or [`DRIVER_START`] passes.
async fn wait_until_ready(driver: &mut Driver) -> Result<()> {
    let deadline = Instant::now() + DRIVER_START;
    loop {
        if let Some(status) = driver.child.try_wait()? {
            bail!("chromedriver exited early ({status})");
        }
        if http_get(driver.port, "/status").is_ok_and(|r| r.starts_with("HTTP/1.1 200")) {
            return Ok(());
        }
        if Instant::now() >= deadline {
            bail!("chromedriver did not answer on port {} within {DRIVER_START:?}", driver.port);
        }
        tokio::time::sleep(POLL).await;
    }
}

/// A minimal blocking HTTP GET to chromedriver on localhost; returns the status line.
///
/// Reads only that far, since chromedriver keeps the connection open regardless of
/// `Connection: close`.
fn http_get(port: u16, path: &str) -> std::io::Result<String> {
    let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, port));
    let mut stream = TcpStream::connect_timeout(&addr, Duration::from_millis(200))?;
    stream.set_read_timeout(Some(Duration::from_secs(2)))?;
    stream.set_write_timeout(Some(Duration::from_secs(2)))?;
    write!(stream, "GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n")?;
    let mut head = Vec::new();
    let mut buf = [0u8; 256];
    while !head.contains(&b'\n') {
        match stream.read(&mut buf)? {
            0 => break,
            n => head.extend_from_slice(&buf[..n]),
        }
    }
    let head = String::from_utf8_lossy(&head);
    Ok(head.lines().next().unwrap_or_default().to_string())
}

/// Finds Chromium and chromedriver, or says why not.
fn locate() -> std::result::Result<(PathBuf, PathBuf), String> {
    let chromium = find_binary("CHROMIUM", &["chromium", "chromium-browser", "google-chrome"])?;
    let chromedriver = find_binary("CHROMEDRIVER", &["chromedriver"])?;
    Ok((chromium, chromedriver))
}

/// `$var` if set, else the first of `names` in `/usr/bin` or on `$PATH`.
fn find_binary(var: &str, names: &[&str]) -> std::result::Result<PathBuf, String> {
    if let Some(path) = std::env::var_os(var).filter(|v| !v.is_empty()) {
        let path = PathBuf::from(path);
        if path.is_file() {
            return Ok(path);
        }
        return Err(format!("{var}={} does not exist", path.display()));
    }
    let path_var = std::env::var_os("PATH").unwrap_or_default();
    std::iter::once(PathBuf::from("/usr/bin"))
        .chain(std::env::split_paths(&path_var))
        .flat_map(|dir| names.iter().map(move |name| dir.join(name)))
        .find(|candidate| candidate.is_file())
        .ok_or_else(|| format!("{} not found in /usr/bin or on PATH (or set {var})", names[0]))
}

/// `<workspace>/target/test-artifacts/<name>.<ext>`, with `name` made file-name safe.
fn artifact_path(name: &str, ext: &str) -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let root = root.canonicalize().unwrap_or(root);
    let safe: String = name.chars().map(|c| if c.is_alphanumeric() || c == '-' || c == '_' { c } else { '_' }).collect();
    root.join("target/test-artifacts").join(format!("{safe}.{ext}"))
}

/// Saves a screenshot and the page source; describes where they went (or why not).
async fn save_artifacts(browser: &Browser, name: &str) -> String {
    let png = artifact_path(name, "png");
    let html = artifact_path(name, "html");
    let screenshot = write_artifact(&png, browser.screenshot_png().await);
    let source = write_artifact(&html, browser.page_source().await.map(String::into_bytes));
    let describe = |what: &str, path: &Path, result: Result<()>| match result {
        Ok(()) => format!("{what}: {}", path.display()),
        Err(e) => format!("{what}: not saved ({e:#})"),
    };
    format!("{}\n{}", describe("screenshot", &png, screenshot), describe("page source", &html, source))
}

/// Writes `bytes` (if capturing them worked) to `path`, creating its directory.
fn write_artifact(path: &Path, bytes: Result<Vec<u8>>) -> Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    }
    std::fs::write(path, bytes?).with_context(|| format!("writing {}", path.display()))
}

/// Turns a panic while polling the wrapped future into an `Err` with the panic payload.
struct CatchUnwind<'a, F>(Pin<&'a mut F>);

impl<F: Future> Future for CatchUnwind<'_, F> {
    type Output = std::thread::Result<F::Output>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut TaskContext<'_>) -> Poll<Self::Output> {
        let inner = self.0.as_mut();
        match std::panic::catch_unwind(AssertUnwindSafe(|| inner.poll(cx))) {
            Ok(Poll::Pending) => Poll::Pending,
            Ok(Poll::Ready(output)) => Poll::Ready(Ok(output)),
            Err(payload) => Poll::Ready(Err(payload)),
        }
    }
}
