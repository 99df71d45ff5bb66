//! The `yichuang` binary: serve the platform, run the demo, migrate, manage accounts, verify the
//! audit chain. Configuration comes from flags with `YICHUANG_*` environment fallbacks.

use std::process::ExitCode;

use anyhow::Context;
use clap::{Parser, Subcommand};
use yichuang::config::{self, DbArgs, ServeArgs};
use yichuang::demo;

#[derive(Parser)]
#[command(name = "yichuang", version, about = "一窗：政务服务中心平台 (government service centre platform)")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Runs the Uxin Banner demo on an embedded SQLite database in DIR (created or reused).
    Demo {
        /// Directory holding the demo's database, key and files.
        #[arg(long, default_value = "./yichuang-demo")]
        dir: std::path::PathBuf,
        /// Address to listen on.
        #[arg(long, default_value = "127.0.0.1:8080")]
        addr: String,
        /// Load and serve the demo on this database instead (e.g. an empty PostgreSQL database);
        /// the key and files stay in `--dir`.
        #[arg(long)]
        database_url: Option<String>,
    },
    /// Runs the server.
    Serve(ServeArgs),
    /// Applies database migrations and exits.
    Migrate(DbArgs),
    /// Manages accounts from the command line.
    User {
        #[command(subcommand)]
        action: UserAction,
    },
    /// Audit log tools.
    Audit {
        #[command(subcommand)]
        action: AuditAction,
    },
    /// Catalogue import and export (Excel `.xlsx` or JSON).
    Catalog {
        #[command(subcommand)]
        action: CatalogAction,
    },
    /// Service-network import (org units, departments, sites, staff, accounts) from JSON.
    Org {
        #[command(subcommand)]
        action: OrgAction,
    },
    /// The project's own benchmarks (see docs/BENCHMARKS.md); run on a release build.
    Bench {
        #[command(subcommand)]
        what: BenchWhat,
    },
}

#[derive(Subcommand)]
enum BenchWhat {
    /// Working-day arithmetic (add_working_days calls per second, one core).
    Calendar {
        #[arg(long, default_value_t = 5)]
        rounds: usize,
        #[arg(long, default_value_t = 100_000_000)]
        calls: u64,
    },
    /// Catalogue search over synthetic items (p50/p99 per query).
    Search {
        #[arg(long, default_value_t = 10_000)]
        items: usize,
        #[arg(long, default_value_t = 1_000)]
        queries: usize,
        #[arg(long, default_value_t = 3)]
        rounds: usize,
    },
    /// The public guide page over the demo, in-process (p50/p99 per request).
    Guide {
        #[arg(long, default_value_t = 2_000)]
        requests: usize,
    },
    /// Creates a round-the-clock bench hall and prints its ids and tokens as JSON.
    QueueFixture {
        #[command(flatten)]
        db: DbArgs,
        #[arg(long, default_value_t = 20)]
        windows: usize,
    },
    /// Adds N open cases over the demo (loading it into an empty database) for the case benchmarks.
    SeedCases {
        #[command(flatten)]
        db: DbArgs,
        #[arg(long, default_value_t = 1_000_000)]
        count: usize,
        /// The business day the cases are open on (YYYY-MM-DD; default today).
        #[arg(long)]
        today: Option<chrono::NaiveDate>,
    },
    /// One supervision sweep (and a second, idle one) on a day, timed.
    Sweep {
        #[command(flatten)]
        db: DbArgs,
        #[arg(long)]
        today: Option<chrono::NaiveDate>,
    },
    /// The department inbox page through the router, in-process (p50/p99 per page).
    Inbox {
        #[command(flatten)]
        db: DbArgs,
        /// The department code (its approver `approver-CODE` reads the inbox).
        #[arg(long, default_value = "scjgj")]
        department: String,
        #[arg(long, default_value_t = 2_000)]
        requests: usize,
    },
    /// The supervision dashboard and stationing checks through the router, in-process (p50, max).
    Supervision {
        #[command(flatten)]
        db: DbArgs,
        #[arg(long)]
        today: Option<chrono::NaiveDate>,
        #[arg(long, default_value_t = 5)]
        requests: usize,
    },
    /// Generates years of history over the demo (SQLite) for the figures benchmarks and builds the aggregates.
    SeedFigures {
        #[command(flatten)]
        db: DbArgs,
        #[arg(long, default_value_t = 10_000_000)]
        cases: usize,
        #[arg(long, default_value_t = 5_000_000)]
        ratings: usize,
        #[arg(long, default_value_t = 3_000_000)]
        tickets: usize,
        /// Working days of history before `today`.
        #[arg(long, default_value_t = 750)]
        days: usize,
        #[arg(long)]
        today: Option<chrono::NaiveDate>,
    },
    /// Rebuilds the figures' aggregates from the base tables (timed) and checks them.
    RebuildFigures {
        #[command(flatten)]
        db: DbArgs,
        #[arg(long)]
        today: Option<chrono::NaiveDate>,
    },
    /// Every figures dashboard view through the router, in-process (p50, max).
    Figures {
        #[command(flatten)]
        db: DbArgs,
        #[arg(long)]
        today: Option<chrono::NaiveDate>,
        #[arg(long, default_value_t = 20)]
        requests: usize,
    },
    /// The full case lifecycle over HTTP against a running demo server (cases per second).
    Lifecycle {
        /// The demo's database (to find the item), as the server uses it.
        #[command(flatten)]
        db: DbArgs,
        /// The server, e.g. http://127.0.0.1:8080
        #[arg(long)]
        url: String,
        #[arg(long, default_value_t = 5_000)]
        cases: usize,
        #[arg(long, default_value_t = 32)]
        concurrency: usize,
    },
    /// SSE fan-out against a running server: calls reaching N connected screens (p50/p99).
    Sse {
        /// The server, e.g. http://127.0.0.1:8080
        #[arg(long)]
        url: String,
        /// The JSON printed by `bench queue-fixture`.
        #[arg(long)]
        fixture: String,
        #[arg(long, default_value_t = 1_000)]
        screens: usize,
        #[arg(long, default_value_t = 50)]
        calls: usize,
    },
}

#[derive(Subcommand)]
enum UserAction {
    /// Creates a system administrator on the root org unit (password read from YICHUANG_PASSWORD or prompted on stdin).
    CreateAdmin {
        #[command(flatten)]
        db: DbArgs,
        #[arg(long)]
        username: String,
        #[arg(long)]
        name: String,
    },
    /// Sets a new password (from YICHUANG_PASSWORD or stdin) and unlocks the account.
    ResetPassword {
        #[command(flatten)]
        db: DbArgs,
        #[arg(long)]
        username: String,
    },
    /// Disables an account and ends its sessions.
    Disable {
        #[command(flatten)]
        db: DbArgs,
        #[arg(long)]
        username: String,
    },
}

#[derive(Subcommand)]
enum CatalogAction {
    /// Writes the whole catalogue to FILE (`.xlsx` or `.json`, by extension).
    Export {
        #[command(flatten)]
        db: DbArgs,
        file: std::path::PathBuf,
    },
    /// Imports FILE (`.xlsx` or `.json`) all or nothing; changes become drafts awaiting review.
    Import {
        #[command(flatten)]
        db: DbArgs,
        file: std::path::PathBuf,
    },
}

#[derive(Subcommand)]
enum OrgAction {
    /// Imports a network FILE (`yichuang-network` JSON, as `crates/yichuang/demo/network.json`) all
    /// or nothing. Accounts in it get one initial password, read from YICHUANG_PASSWORD or stdin.
    Import {
        #[command(flatten)]
        db: DbArgs,
        file: std::path::PathBuf,
    },
}

#[derive(Subcommand)]
enum AuditAction {
    /// Checks the audit log's hash chain; exits non-zero and names the first bad row if broken.
    Verify(DbArgs),
}

fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("YICHUANG_LOG").unwrap_or_else(|_| "info,sqlx=warn,tower_http=warn".into()),
        )
        .with_target(false)
        .init();
    let cli = Cli::parse();
    // YICHUANG_WORKERS sets the runtime's worker threads (default: one per core).
    let mut builder = tokio::runtime::Builder::new_multi_thread();
    if let Some(n) = std::env::var("YICHUANG_WORKERS").ok().and_then(|v| v.parse::<usize>().ok()).filter(|n| *n > 0) {
        builder.worker_threads(n);
    }
    let rt = match builder.enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match rt.block_on(run(cli)) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

async fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Demo { dir, addr, database_url } => {
            demo::run(&dir, &addr, database_url.as_deref()).await?;
        }
        Command::Serve(args) => {
            let app = args.open().await?;
            config::serve(app, &args.db.data_dir, &args.addr, args.public_url.as_deref(), None, |url| println!("listening on {url}"))
                .await?;
        }
        Command::Migrate(db) => {
            let app = db.open().await?;
            app.db.migrate().await.context("migrations failed")?;
            println!("migrations applied");
        }
        Command::User { action } => return user(action).await,
        Command::Catalog { action } => return catalog(action).await,
        Command::Org { action } => return org(action).await,
        Command::Bench { what } => match what {
            BenchWhat::Calendar { rounds, calls } => yichuang::bench::calendar(rounds, calls),
            BenchWhat::Search { items, queries, rounds } => yichuang::bench::search(items, queries, rounds),
            BenchWhat::Guide { requests } => yichuang::bench::guide(requests).await?,
            BenchWhat::SeedCases { db, count, today } => {
                yichuang::bench_cases::seed(&db, count, today.unwrap_or_else(|| app::Clock::System.today())).await?
            }
            BenchWhat::Sweep { db, today } => {
                yichuang::bench_cases::sweep(&db, today.unwrap_or_else(|| app::Clock::System.today())).await?
            }
            BenchWhat::Inbox { db, department, requests } => yichuang::bench_cases::inbox(&db, &department, requests).await?,
            BenchWhat::Supervision { db, today, requests } => {
                yichuang::bench_cases::supervision(&db, today.unwrap_or_else(|| app::Clock::System.today()), requests).await?
            }
            BenchWhat::SeedFigures { db, cases, ratings, tickets, days, today } => {
                yichuang::bench_figures::seed(&db, cases, ratings, tickets, days, today.unwrap_or_else(|| app::Clock::System.today()))
                    .await?
            }
            BenchWhat::RebuildFigures { db, today } => {
                yichuang::bench_figures::rebuild(&db, today.unwrap_or_else(|| app::Clock::System.today())).await?
            }
            BenchWhat::Figures { db, today, requests } => {
                yichuang::bench_figures::views(&db, today.unwrap_or_else(|| app::Clock::System.today()), requests).await?
            }
            BenchWhat::Lifecycle { db, url, cases, concurrency } => {
                yichuang::bench_cases::lifecycle(&db, url.trim_end_matches('/'), cases, concurrency).await?
            }
            BenchWhat::QueueFixture { db, windows } => yichuang::bench_queue::fixture(&db, windows).await?,
            BenchWhat::Sse { url, fixture, screens, calls } => {
                let f: serde_json::Value =
                    serde_json::from_str(&fixture).context("--fixture must be the JSON printed by bench queue-fixture")?;
                yichuang::bench_queue::sse(url.trim_end_matches('/'), &f, screens, calls).await?
            }
        },
        Command::Audit { action: AuditAction::Verify(db) } => {
            let app = db.open_existing().await?;
            let report = app::audit::checkpoint::verify(&app, &db.data_dir).await.map_err(|e| anyhow::anyhow!("{e}"))?;
            match &report.chain {
                store::audit::Verdict::Intact(n) => println!("audit chain intact: {n} entries"),
                store::audit::Verdict::Broken { id, reason } => println!("audit chain BROKEN at entry {id}: {reason}"),
            }
            let file = app::audit::checkpoint::file_in(&db.data_dir);
            if report.no_file {
                println!("no checkpoints: {} not found, so a deleted tail cannot be detected (the server writes it)", file.display());
            } else {
                println!("checkpoints: {} good in {}", report.checkpoints, file.display());
            }
            for p in &report.problems {
                println!("checkpoint problem: {p}");
            }
            return Ok(if report.intact() { ExitCode::SUCCESS } else { ExitCode::from(2) });
        }
    }
    Ok(ExitCode::SUCCESS)
}

async fn catalog(action: CatalogAction) -> anyhow::Result<ExitCode> {
    use app::catalog::{ImportKind, export_json, export_xlsx, import};
    let sys = app::Actor::system("cli");
    let fail = |e: app::AppError| anyhow::anyhow!("{e}");
    match action {
        CatalogAction::Export { db, file } => {
            let app = db.open().await?;
            let json = file.extension().is_some_and(|e| e.eq_ignore_ascii_case("json"));
            let bytes = if json { export_json(&app, &sys).await } else { export_xlsx(&app, &sys).await }.map_err(fail)?;
            std::fs::write(&file, bytes).with_context(|| format!("cannot write {}", file.display()))?;
            println!("exported the catalogue to {}", file.display());
        }
        CatalogAction::Import { db, file } => {
            let app = db.open().await?;
            let bytes = std::fs::read(&file).with_context(|| format!("cannot read {}", file.display()))?;
            let name = file.file_name().and_then(|n| n.to_str());
            let kind = ImportKind::detect(name, &bytes).context("not an .xlsx or .json catalogue file")?;
            return import_report(import(&app, &sys, &bytes, kind).await.map(|r| r.summary()));
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Prints what an import did, or every field it refused (exit code 2, nothing imported).
fn import_report(r: Result<String, app::AppError>) -> anyhow::Result<ExitCode> {
    match r {
        Ok(summary) => println!("{summary}"),
        Err(app::AppError::Invalid(inv)) => {
            for f in inv.fields {
                println!("{}: {}", f.field, f.message);
            }
            println!("nothing was imported");
            return Ok(ExitCode::from(2));
        }
        Err(e) => return Err(anyhow::anyhow!("{e}")),
    }
    Ok(ExitCode::SUCCESS)
}

async fn org(action: OrgAction) -> anyhow::Result<ExitCode> {
    let OrgAction::Import { db, file } = action;
    let fail = |e: app::AppError| anyhow::anyhow!("{e}");
    let app = db.open().await?;
    let bytes = std::fs::read(&file).with_context(|| format!("cannot read {}", file.display()))?;
    let has_accounts = app::org::io::NetworkFile::parse(&bytes).is_ok_and(|f| !f.accounts.is_empty());
    let hash = if has_accounts {
        let pw = read_password()?;
        app::accounts::check_password_strength("password", &pw).map_err(|e| anyhow::anyhow!("{}", e.summary()))?;
        Some(app::accounts::hash_password(&pw).map_err(fail)?)
    } else {
        None
    };
    import_report(app::org::io::import(&app, &app::Actor::system("cli"), &bytes, hash.as_deref()).await.map(|r| r.summary()))
}

fn read_password() -> anyhow::Result<String> {
    if let Ok(p) = std::env::var("YICHUANG_PASSWORD") {
        return Ok(p);
    }
    eprint!("password: ");
    let mut s = String::new();
    std::io::stdin().read_line(&mut s)?;
    Ok(s.trim_end_matches(['\r', '\n']).to_owned())
}

async fn user(action: UserAction) -> anyhow::Result<ExitCode> {
    let sys = app::Actor::system("cli");
    let fail = |e: app::AppError| anyhow::anyhow!("{e}");
    match action {
        UserAction::CreateAdmin { db, username, name } => {
            let app = db.open().await?;
            let root = app::org::list_org_units(&app, &sys)
                .await
                .map_err(fail)?
                .into_iter()
                .find(|u| u.parent_id.is_none())
                .context("no root org unit: load org data first")?;
            let input = app::accounts::UserInput {
                username,
                name,
                org_unit_id: Some(root.id),
                staff_id: None,
                password: Some(read_password()?),
                active: true,
            };
            let u = app::accounts::create_user(&app, &sys, &input).await.map_err(fail)?;
            let g = app::accounts::GrantInput { role: "sys_admin".into(), org_unit_id: Some(root.id), department_id: None };
            app::accounts::add_grant(&app, &sys, u.id, &g).await.map_err(fail)?;
            println!("created administrator {}", u.username);
        }
        UserAction::ResetPassword { db, username } => {
            let app = db.open().await?;
            change_user(&app, &sys, &username, Some(read_password()?), true).await?;
            println!("password reset for {username}");
        }
        UserAction::Disable { db, username } => {
            let app = db.open().await?;
            change_user(&app, &sys, &username, None, false).await?;
            println!("disabled {username}");
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Resets the password (when given) and sets the active flag of the account named `username`.
async fn change_user(app: &app::App, sys: &app::Actor, username: &str, password: Option<String>, active: bool) -> anyhow::Result<()> {
    let fail = |e: app::AppError| anyhow::anyhow!("{e}");
    let mut cursor = None;
    let u = loop {
        let page = app::accounts::list_users(app, sys, cursor, 500).await.map_err(fail)?;
        if let Some(u) = page.items.into_iter().find(|u| u.username == username) {
            break u;
        }
        match page.next_cursor {
            Some(c) => cursor = Some(c),
            None => anyhow::bail!("no account named {username}"),
        }
    };
    let input = app::accounts::UserInput {
        username: u.username,
        name: u.name,
        org_unit_id: Some(u.org_unit_id),
        staff_id: u.staff_id,
        password,
        active,
    };
    app::accounts::update_user(app, sys, u.id, &input).await.map_err(fail)?;
    Ok(())
}
