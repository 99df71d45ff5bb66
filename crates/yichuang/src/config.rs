//! Configuration: database URL, listen address and data directory from flags or `YICHUANG_*`
//! environment variables; the PII master key from `YICHUANG_SECRET_KEY` or a key file generated
//! once into the data directory.

use std::path::{Path, PathBuf};

use anyhow::Context;
use app::{App, Clock, Settings};
use store::Db;
use store::crypto::Cipher;
use store::files::FileStore;

/// Where the data lives.
#[derive(clap::Args, Clone, Debug)]
pub struct DbArgs {
    /// `sqlite://PATH` or `postgres://…`; defaults to SQLite under the data dir.
    #[arg(long, env = "YICHUANG_DATABASE_URL")]
    pub database_url: Option<String>,
    /// Directory for the SQLite file, the key file and stored files.
    #[arg(long, env = "YICHUANG_DATA_DIR", default_value = "./data")]
    pub data_dir: PathBuf,
}

/// The server's settings.
#[derive(clap::Args, Clone, Debug)]
pub struct ServeArgs {
    #[command(flatten)]
    pub db: DbArgs,
    /// Address to listen on.
    #[arg(long, env = "YICHUANG_ADDR", default_value = "127.0.0.1:8080")]
    pub addr: String,
    /// The address people reach the hall at (e.g. `https://zwfw.example.gov.cn` behind a TLS proxy);
    /// with `https://`, cookies are `Secure`.
    #[arg(long, env = "YICHUANG_PUBLIC_URL")]
    pub public_url: Option<String>,
}

impl ServeArgs {
    pub async fn open(&self) -> anyhow::Result<App> {
        self.db.open().await
    }
}

impl DbArgs {
    /// Connects, migrates, and builds the application.
    pub async fn open(&self) -> anyhow::Result<App> {
        std::fs::create_dir_all(&self.data_dir).with_context(|| format!("cannot create data dir {}", self.data_dir.display()))?;
        let url = match &self.database_url {
            Some(u) => u.clone(),
            None => format!("sqlite://{}", self.data_dir.join("yichuang.db").display()),
        };
        open_app(&url, &self.data_dir).await
    }
}

impl DbArgs {
    /// Opens an existing installation for a read-only command (`audit verify`): creates nothing
    /// (no data dir, database file or key) and migrates nothing; a missing piece is named.
    pub async fn open_existing(&self) -> anyhow::Result<App> {
        let url = match &self.database_url {
            Some(u) => u.clone(),
            None => {
                let file = self.data_dir.join("yichuang.db");
                if !file.exists() {
                    anyhow::bail!("no database at {}: pass --data-dir DIR or --database-url URL of the installation", file.display());
                }
                format!("sqlite://{}", file.display())
            }
        };
        let key = match std::env::var("YICHUANG_SECRET_KEY") {
            Ok(k) => Cipher::from_hex(&k).context("YICHUANG_SECRET_KEY must be 64 hex digits")?,
            Err(_) => {
                let path = self.data_dir.join("secret.key");
                if !path.exists() {
                    anyhow::bail!(
                        "no key at {}: pass --data-dir DIR of the installation or set YICHUANG_SECRET_KEY (a read-only command never creates a key)",
                        path.display()
                    );
                }
                read_key(&path)?
            }
        };
        let db = Db::connect(url.as_str()).await.with_context(|| format!("cannot open database {}", redact(&url)))?;
        Ok(App::new(db, key, FileStore::new(self.data_dir.join("files")), Clock::System, Settings::default()))
    }
}

/// Opens the database at `url` (migrating it) with files and key under `data_dir`.
pub async fn open_app(url: &str, data_dir: &Path) -> anyhow::Result<App> {
    let db = Db::connect(url).await.with_context(|| format!("cannot open database {}", redact(url)))?;
    db.migrate().await.context("migrations failed")?;
    Ok(App::new(db, load_key(data_dir)?, FileStore::new(data_dir.join("files")), Clock::System, Settings::default()))
}

/// The master key: `YICHUANG_SECRET_KEY`, else `DATA_DIR/secret.key`, generated on first use.
fn load_key(data_dir: &Path) -> anyhow::Result<Cipher> {
    if let Ok(k) = std::env::var("YICHUANG_SECRET_KEY") {
        return Cipher::from_hex(&k).context("YICHUANG_SECRET_KEY must be 64 hex digits");
    }
    let path = data_dir.join("secret.key");
    if !path.exists() {
        let key = Cipher::generate_hex();
        write_private(&path, &key).with_context(|| format!("cannot write key file {}", path.display()))?;
        tracing::warn!(key.path = %path.display(), "generated a new encryption key for personal data; back it up with the database");
    }
    read_key(&path)
}

fn read_key(path: &Path) -> anyhow::Result<Cipher> {
    let hex = std::fs::read_to_string(path).with_context(|| format!("cannot read key file {}", path.display()))?;
    Cipher::from_hex(&hex).with_context(|| format!("key file {} is damaged", path.display()))
}

fn write_private(path: &Path, contents: &str) -> std::io::Result<()> {
    use std::io::Write;
    #[cfg(unix)]
    let mut f = {
        use std::os::unix::fs::OpenOptionsExt;
        std::fs::OpenOptions::new().write(true).create_new(true).mode(0o600).open(path)?
    };
    #[cfg(not(unix))]
    let mut f = std::fs::OpenOptions::new().write(true).create_new(true).open(path)?;
    f.write_all(contents.as_bytes())?;
    f.sync_all()
}

/// Hides a password in a database URL for messages.
fn redact(url: &str) -> String {
    match (url.find("://"), url.find('@')) {
        (Some(s), Some(at)) if at > s => match url[s + 3..at].find(':') {
            Some(c) => format!("{}:***{}", &url[..s + 3 + c], &url[at..]),
            None => url.to_owned(),
        },
        _ => url.to_owned(),
    }
}

/// Serves until Ctrl-C or SIGTERM, calling `ready` with the URL once the socket accepts.
/// `demo_sms` (the demo only) delivers texts through the demo gateway, shown in clear at
/// `/demo/sms` and on the console; otherwise they go through the recording adapter.
pub async fn serve(
    app: App,
    data_dir: &Path,
    addr: &str,
    public_url: Option<&str>,
    demo_sms: Option<std::sync::Arc<app::outbox::DemoGateway>>,
    ready: impl FnOnce(&str),
) -> anyhow::Result<()> {
    let listener = tokio::net::TcpListener::bind(addr).await.with_context(|| format!("cannot listen on {addr}"))?;
    let local = listener.local_addr()?;
    // `/metrics` for a scraper elsewhere needs this bearer token; without it, this host only.
    let metrics_token = std::env::var("YICHUANG_METRICS_TOKEN").ok();
    let mut state = web::AppState::new(app.clone()).with_metrics_token(metrics_token).with_public_url(public_url);
    let adapter: std::sync::Arc<dyn app::outbox::SmsAdapter> = match demo_sms {
        Some(g) => {
            state = state.with_demo_sms(g.clone());
            g
        }
        // SMS go through the recording adapter until a carrier gateway is configured.
        None => std::sync::Arc::new(app::outbox::RecordingAdapter),
    };
    let router = web::router(state);
    let sweeper = tokio::spawn(sweep_sessions(app.clone()));
    let queue_sweeper = tokio::spawn(sweep_queue(app.clone()));
    let sender = tokio::spawn(app::outbox::run_sender(app.clone(), adapter));
    // Appointments: no-shows after each slot, reminders the day before (every five minutes).
    let appointment_jobs = tokio::spawn(app::appointments::run_jobs(app.clone()));
    let supervision = tokio::spawn(sweep_cases(app.clone()));
    let checkpoints = tokio::spawn(audit_checkpoints(app.clone(), data_dir.to_owned()));
    ready(&format!("http://{local}"));
    axum::serve(listener, router.into_make_service_with_connect_info::<std::net::SocketAddr>()).with_graceful_shutdown(shutdown()).await?;
    sweeper.abort();
    queue_sweeper.abort();
    sender.abort();
    appointment_jobs.abort();
    supervision.abort();
    checkpoints.abort();
    // A last checkpoint of what this process wrote, before the database closes.
    if let Err(e) = app::audit::checkpoint::take(&app, data_dir, -1).await {
        tracing::warn!(error = %e, "audit checkpoint at shutdown failed");
    }
    app.db.close().await;
    Ok(())
}

/// Anchors the audit chain outside the database once a minute (when it moved).
async fn audit_checkpoints(app: App, dir: PathBuf) {
    let mut every = tokio::time::interval(std::time::Duration::from_secs(60));
    let mut last = -1;
    loop {
        every.tick().await;
        match app::audit::checkpoint::take(&app, &dir, last).await {
            Ok(id) => last = id,
            Err(e) => tracing::warn!(error = %e, "audit checkpoint failed"),
        }
    }
}

/// Removes expired sessions once an hour.
async fn sweep_sessions(app: App) {
    let mut every = tokio::time::interval(std::time::Duration::from_secs(3600));
    loop {
        every.tick().await;
        match app::accounts::purge_expired_sessions(&app).await {
            Ok(n) if n > 0 => tracing::info!(sessions.purged = n, "purged {n} expired sessions"),
            Ok(_) => {}
            Err(e) => tracing::warn!(error = %e, "session purge failed"),
        }
        match app::portal::purge_expired(&app).await {
            Ok(n) if n > 0 => tracing::info!(portal.purged = n, "purged {n} expired portal codes, sessions and look-up failures"),
            Ok(_) => {}
            Err(e) => tracing::warn!(error = %e, "portal purge failed"),
        }
    }
}

/// Ends tickets left open from an earlier business day, at start-up and every ten minutes.
async fn sweep_queue(app: App) {
    let mut every = tokio::time::interval(std::time::Duration::from_secs(600));
    loop {
        every.tick().await;
        match app::queue::expire_stale(&app).await {
            Ok(n) if n > 0 => tracing::info!(tickets.expired = n, "closed {n} tickets left open from earlier days"),
            Ok(_) => {}
            Err(e) => tracing::warn!(error = %e, "queue sweep failed"),
        }
    }
}

/// Keeps cases' warning levels current (三级提醒), re-invites applicants of unrated cases to rate,
/// reminds about overdue rectification orders, and rolls past days up into the figures' day
/// tables, at start-up and every five minutes.
async fn sweep_cases(app: App) {
    let mut every = tokio::time::interval(std::time::Duration::from_secs(300));
    loop {
        every.tick().await;
        if let Err(e) = app::cases::sweep(&app).await {
            tracing::warn!(error = %e, "supervision sweep failed");
        }
        if let Err(e) = app::figures::refresh_overdue(&app).await {
            tracing::warn!(error = %e, "overdue snapshot failed");
        }
        if let Err(e) = app::ratings::remind_unrated(&app).await {
            tracing::warn!(error = %e, "rating re-invitation failed");
        }
        if let Err(e) = app::ratings::sweep_orders(&app).await {
            tracing::warn!(error = %e, "rectification order sweep failed");
        }
        // Past business days into the figures' day tables (at most a year per round).
        if let Err(e) = app::figures::roll_up(&app, 366).await {
            tracing::warn!(error = %e, "figures roll-up failed");
        }
    }
}

async fn shutdown() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! { () = ctrl_c => {}, () = term => {} }
    tracing::info!("shutting down");
}

#[cfg(test)]
mod tests {
    use super::redact;

    #[test]
    fn passwords_are_hidden_in_urls() {
        assert_eq!(redact("postgres://u:secret@h/db"), "postgres://u:***@h/db");
        assert_eq!(redact("postgres://u@h/db"), "postgres://u@h/db");
        assert_eq!(redact("sqlite://x.db"), "sqlite://x.db");
    }
}
