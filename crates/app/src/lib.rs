//! Use cases of yichuang. Each public function takes the [`App`] and an [`Actor`], checks the
//! actor's role and org scope, runs one transaction, and writes its audit record inside that same
//! transaction, so a failed request leaves the database as it was.
//!
//! Error policy: [`AppError`] is what a person may see (a Chinese message, mapped to a 4xx by
//! `web`); anything unexpected becomes [`AppError::Internal`], logged once at the edge and shown
//! as an opaque 500.

pub mod accounts;
pub mod appointments;
pub mod audit;
pub mod auth;
mod batch;
mod caches;
pub mod calendar;
pub mod case_views;
pub mod cases;
pub mod catalog;
pub mod catalog_io;
pub mod dashboard;
pub mod events;
pub mod figures;
pub mod input;
pub mod kiosk;
pub mod ladder_policy;
pub mod org;
pub mod org_io;
pub mod outbox;
pub mod portal;
pub mod queue;
pub mod queue_figures;
pub mod ratings;
pub mod supervision;
pub mod uploads;
pub mod workorders;

use std::sync::{Arc, Mutex};

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};
use domain::Invalid;
use domain::access::{Grant, OrgPath, Permission, permits, visible_paths};
use domain::ids::UserId;
use store::files::FileStore;
use store::org::Scope;
use store::{Db, StoreError, crypto::Cipher};

/// Errors a use case reports; each has a stable snake_case code and a Chinese message.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("{0}")]
    Invalid(#[from] Invalid),
    #[error("{0}不存在")]
    NotFound(&'static str),
    #[error("{0}")]
    Unauthorized(String),
    #[error("{0}")]
    Forbidden(String),
    #[error("{0}")]
    Conflict(String),
    #[error("{0}")]
    Locked(String),
    /// A state transition the record's state does not allow, with the actions it does allow.
    #[error("{message}")]
    Transition { message: String, allowed: Vec<&'static str> },
    #[error("系统内部错误")]
    Internal(String),
}

impl AppError {
    /// The stable machine code of the error (the `code` of the JSON error shape).
    pub fn code(&self) -> &'static str {
        match self {
            AppError::Invalid(_) => "invalid_input",
            AppError::NotFound(_) => "not_found",
            AppError::Unauthorized(_) => "unauthorized",
            AppError::Forbidden(_) => "forbidden",
            AppError::Conflict(_) => "conflict",
            AppError::Locked(_) => "account_locked",
            AppError::Transition { .. } => "transition_not_allowed",
            AppError::Internal(_) => "internal",
        }
    }

    pub fn forbidden(what: &str) -> AppError {
        AppError::Forbidden(format!("您无权{what}"))
    }
}

impl From<domain::cases::Refused> for AppError {
    fn from(r: domain::cases::Refused) -> AppError {
        AppError::Transition { message: r.message(), allowed: r.allowed() }
    }
}

impl From<StoreError> for AppError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound(what) => AppError::NotFound(store_label(what)),
            StoreError::Duplicate(c) => AppError::Conflict(format!("已存在相同的记录（{}），请检查后重试", duplicate_label(&c))),
            StoreError::Reference(_) => AppError::Conflict("所引用的记录不存在或仍被其他记录使用".to_owned()),
            other => AppError::Internal(other.to_string()),
        }
    }
}

fn store_label(what: &'static str) -> &'static str {
    match what {
        "org unit" => "组织机构",
        "department" => "部门",
        "site" => "场所",
        "zone" => "区域",
        "window" => "窗口",
        "staff" => "工作人员",
        "user" => "账号",
        "device" => "设备",
        "api token" => "接口令牌",
        "item" => "事项",
        "item version" => "事项版本",
        "outbox message" => "短信",
        _ => "记录",
    }
}

/// Names the field behind a unique-constraint message of either backend.
fn duplicate_label(constraint: &str) -> &'static str {
    let c = constraint.to_ascii_lowercase();
    if c.contains("username") {
        "用户名已被使用"
    } else if c.contains("windows") || c.contains("number") {
        "该场所已有相同窗口号"
    } else if c.contains("zones") {
        "该场所已有同名区域"
    } else if c.contains("sites") {
        "场所名称已被使用"
    } else if c.contains("departments") && c.contains("code") {
        "部门简码已被使用"
    } else if c.contains("departments") {
        "部门名称已被使用"
    } else if c.contains("basic_code") || c.contains("items") {
        "事项基本编码已被使用"
    } else if c.contains("org_units") {
        "机构代码已被使用"
    } else if c.contains("staff_seats") {
        "该窗口或人员今日已有安排"
    } else {
        "唯一性约束"
    }
}

pub type Result<T, E = AppError> = std::result::Result<T, E>;

/// Where "now" comes from: the system clock, or a fixed instant that tests move by hand.
#[derive(Clone, Debug)]
pub enum Clock {
    System,
    Fixed(Arc<Mutex<DateTime<Utc>>>),
}

/// China Standard Time; the business day of a hall is a date in this offset (no DST since 1991).
pub fn cst() -> FixedOffset {
    FixedOffset::east_opt(8 * 3600).expect("UTC+8 is a valid offset")
}

impl Clock {
    pub fn now(&self) -> DateTime<Utc> {
        match self {
            // Microseconds: what PostgreSQL keeps, so a time read back equals the one written.
            Clock::System => chrono::SubsecRound::trunc_subsecs(Utc::now(), 6),
            Clock::Fixed(t) => *t.lock().expect("clock mutex is never poisoned"),
        }
    }

    /// Today's business date in Asia/Shanghai.
    pub fn today(&self) -> NaiveDate {
        self.now().with_timezone(&cst()).date_naive()
    }

    /// Moves a fixed clock forward (tests only; a system clock ignores it).
    pub fn advance(&self, by: chrono::Duration) {
        if let Clock::Fixed(t) = self {
            let mut g = t.lock().expect("clock mutex is never poisoned");
            *g += by;
        }
    }
}

/// Tunable security settings.
#[derive(Clone, Debug)]
pub struct Settings {
    /// How long a session lives after login.
    pub session_hours: i64,
    /// Failed logins in a row that lock an account.
    pub lockout_after: i64,
    /// How long a lock-out lasts.
    pub lockout_minutes: i64,
}

impl Default for Settings {
    fn default() -> Self {
        Settings { session_hours: 12, lockout_after: 5, lockout_minutes: 15 }
    }
}

/// Everything a use case needs: the database, the PII cipher, file storage, the clock, and the
/// in-process caches derived from the database (catalogue search index, working-day calendar).
#[derive(Clone, Debug)]
pub struct App {
    pub db: Db,
    pub cipher: Cipher,
    pub files: FileStore,
    pub clock: Clock,
    pub settings: Settings,
    pub(crate) caches: Arc<caches::Caches>,
}

/// Who is acting: a signed-in user, an API token acting for a user, or the system itself
/// (command line, demo loader).
#[derive(Clone, Debug)]
pub struct Actor {
    pub user_id: Option<UserId>,
    pub username: String,
    pub name: String,
    pub grants: Vec<Grant>,
    pub staff_id: Option<i64>,
    /// Set when acting through an API token (its id), for the audit trail.
    pub api_token: Option<i64>,
    system: bool,
}

impl Actor {
    /// The system actor, for command-line and start-up work; it may do anything.
    pub fn system(label: &str) -> Actor {
        Actor {
            user_id: None,
            username: format!("system:{label}"),
            name: "系统".to_owned(),
            grants: vec![],
            staff_id: None,
            api_token: None,
            system: true,
        }
    }

    pub fn is_system(&self) -> bool {
        self.system
    }

    /// How the actor is named in the audit log.
    pub fn audit_name(&self) -> String {
        match self.api_token {
            Some(t) => format!("{} (api-token {t})", self.username),
            None => self.username.clone(),
        }
    }

    /// Whether the actor may do `perm` on a record at `path` belonging to `dept`.
    pub fn can(&self, perm: Permission, path: &str, dept: Option<i64>) -> bool {
        self.system || permits(&self.grants, perm, &OrgPath(path.to_owned()), dept.map(domain::ids::DepartmentId))
    }

    /// Fails with a Chinese "no permission to …" unless the actor may do `perm` at `path`.
    pub fn require(&self, perm: Permission, path: &str, dept: Option<i64>, what: &str) -> Result<()> {
        if self.can(perm, path, dept) { Ok(()) } else { Err(AppError::forbidden(what)) }
    }

    /// Fails with a Chinese "no permission to …" unless the actor holds `perm` somewhere.
    pub fn require_role(&self, perm: Permission, what: &str) -> Result<()> {
        if self.has(perm) { Ok(()) } else { Err(AppError::forbidden(what)) }
    }

    /// Whether the actor holds `perm` anywhere.
    pub fn has(&self, perm: Permission) -> bool {
        self.system || self.grants.iter().any(|g| perm.roles().contains(&g.role))
    }

    /// The scope of org subtrees in which the actor holds `perm`.
    pub fn scope(&self, perm: Permission) -> Scope {
        if self.system { Scope::All } else { Scope::Paths(visible_paths(&self.grants, perm).into_iter().map(|p| p.0).collect()) }
    }

    /// The distinct roles the actor holds.
    pub fn roles(&self) -> Vec<domain::access::Role> {
        let mut r: Vec<_> = self.grants.iter().map(|g| g.role).collect();
        r.dedup();
        let mut out = Vec::new();
        for x in r {
            if !out.contains(&x) {
                out.push(x);
            }
        }
        out
    }
}

impl App {
    /// An application over `db` with empty caches (they fill on first use).
    pub fn new(db: Db, cipher: Cipher, files: FileStore, clock: Clock, settings: Settings) -> App {
        App { db, cipher, files, clock, settings, caches: Arc::default() }
    }

    /// A mobile as stored: ciphertext, blind index (for look-ups and quotas) and the masked text.
    pub(crate) fn seal_phone(&self, m: &domain::validate::Mobile) -> (Vec<u8>, String, String) {
        (self.cipher.encrypt(m.as_str()), self.phone_hash(m.as_str()), m.masked())
    }

    /// The blind index of a mobile number.
    pub(crate) fn phone_hash(&self, phone: &str) -> String {
        self.cipher.blind_index("phone", phone)
    }

    /// Opens a read unit of work.
    pub(crate) async fn read(&self) -> Result<store::Tx> {
        Ok(self.db.read().await?)
    }

    /// Opens a write transaction.
    pub(crate) async fn write(&self) -> Result<store::Tx> {
        Ok(self.db.begin().await?)
    }
}
