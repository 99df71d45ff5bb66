//! The error a use case reports: what a person may see (a Chinese message, mapped to a 4xx by
//! `web`); anything unexpected becomes [`AppError::Internal`], logged once at the edge and shown
//! as an opaque 500.

use domain::Invalid;
use store::StoreError;

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

/// The result of a use case.
pub type Result<T, E = AppError> = std::result::Result<T, E>;
