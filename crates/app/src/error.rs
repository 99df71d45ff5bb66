//! The error a use case reports: what a person may see (a Chinese message, mapped to a 4xx by
//! `web`); anything unexpected becomes [`AppError::Internal`], logged once at the edge and shown
//! as an opaque 500.

use domain::Invalid;
use store::StoreError;
use store::unique::UniqueKey;

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
    /// Something that should not happen: what was being done, and the error that stopped it (kept
    /// as the source, so the log line at the edge shows the whole chain).
    #[error("系统内部错误")]
    Internal {
        context: String,
        #[source]
        cause: Option<Cause>,
    },
}

/// The cause of an internal error.
pub type Cause = Box<dyn std::error::Error + Send + Sync + 'static>;

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
            AppError::Internal { .. } => "internal",
        }
    }

    /// An internal error while doing `context`, caused by `cause`.
    pub fn internal(context: impl Into<String>, cause: impl Into<Cause>) -> AppError {
        AppError::Internal { context: context.into(), cause: Some(cause.into()) }
    }

    /// An internal error with no underlying error: a state the code should never reach.
    pub fn bug(context: impl Into<String>) -> AppError {
        AppError::Internal { context: context.into(), cause: None }
    }

    /// The internal error's context and its chain of causes, `context: cause: cause…`, for the log.
    pub fn chain(&self) -> Option<String> {
        let AppError::Internal { context, cause } = self else { return None };
        let mut out = context.clone();
        let mut next: Option<&(dyn std::error::Error + 'static)> = cause.as_deref().map(|c| c as _);
        while let Some(e) = next {
            out.push_str(": ");
            out.push_str(&e.to_string());
            next = e.source();
        }
        Some(out)
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
            StoreError::Duplicate(key) => AppError::Conflict(duplicate_message(&key)),
            StoreError::Reference(_) => AppError::Conflict("所引用的记录不存在或仍被其他记录使用".to_owned()),
            other => AppError::internal("storage", other),
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

/// The message for each unique key of the schema, keyed as [`store::unique::UniqueKey`] displays
/// it. A test walks every unique key of both schemas and fails when one has no entry here (or an
/// entry names a key the schema no longer has).
pub const UNIQUE_MESSAGES: &[(&str, &str)] = &[
    // Names and codes people type.
    ("users(username)", "用户名已被使用"),
    ("org_units(code)", "机构代码已被使用"),
    ("departments(code)", "部门简码已被使用"),
    ("departments(name)", "部门名称已被使用"),
    ("sites(name)", "场所名称已被使用"),
    ("zones(site_id, name)", "该场所已有同名区域"),
    ("windows(site_id, number)", "该场所已有相同窗口号"),
    ("items(basic_code)", "事项基本编码已被使用"),
    ("item_versions(item_id, version_no)", "该事项已有相同版本号"),
    ("queue_categories(site_id, prefix)", "本场所已有相同前缀的取号类别"),
    ("staff_seats(day, window_id)", "该窗口今日已有安排"),
    ("staff_seats(day, staff_id)", "该人员今日已有安排"),
    ("appointment_slots(category_id, start_at)", "该类别在该时段已有预约时段"),
    ("calendar_days(day)", "该日期已在工作日历中"),
    ("index ladder_policies_scope", "该场所与事项已有提醒规则"),
    ("rating_policies(org_unit_id)", "该机构已有评价规则"),
    ("work_order_policies(org_unit_id)", "该机构已有工单规则"),
    // Links between records (set as a whole; a repeat is the same link).
    ("item_sites(item_id, site_id)", "该事项已在该场所办理"),
    ("window_items(window_id, item_id)", "该窗口已可办理该事项"),
    ("window_departments(window_id, department_id)", "该窗口已关联该部门"),
    ("window_profiles(window_id, category_id)", "该窗口已可叫该类别的号"),
    ("queue_category_items(category_id, item_id)", "该事项已在该取号类别中"),
    // One per subject.
    ("ratings(case_id)", "该办件已经评价过了"),
    ("ratings(ticket_id)", "该次取号服务已经评价过了"),
    ("rectification_orders(rating_id)", "该差评已有整改单"),
    ("appointment_settings(site_id)", "该场所的预约设置已存在"),
    ("queue_settings(site_id)", "该场所的取号设置已存在"),
    ("window_states(window_id)", "该窗口的状态已存在"),
    ("case_ladder(case_id)", "该办件的提醒状态已存在"),
    ("case_materials(case_id, position)", "该办件的材料序号重复"),
    ("case_cards(case_id, level)", "该办件的该级提醒卡已存在"),
    ("audit_head(singleton)", "审计链头已存在"),
    ("figure_rollups(name)", "该统计汇总已存在"),
    ("files(sha256)", "相同内容的文件已存在"),
    // Numbers the system hands out (a repeat means two writers raced: retry).
    ("cases(case_no)", "办件编号重复"),
    ("case_counters(site_id, day)", "办件编号计数重复"),
    ("tickets(site_id, day, ticket_no)", "排队号重复"),
    ("tickets(follow_code)", "排队查询码重复"),
    ("tickets(site_id, idempotency_key)", "该取号请求已经提交过"),
    ("queue_counters(site_id, category_id, day)", "排队号计数重复"),
    ("appointments(site_id, day, code)", "预约码重复"),
    ("work_orders(order_no)", "工单编号重复"),
    ("work_order_counters(day)", "工单编号计数重复"),
    ("outbox(idempotency_key)", "该短信已经发送过"),
    // Secrets (hashes of tokens the system generates).
    ("sessions(token_hash)", "登录会话重复"),
    ("citizen_sessions(token_hash)", "群众登录会话重复"),
    ("devices(token_hash)", "设备令牌重复"),
    ("api_tokens(token_hash)", "接口令牌重复"),
    ("login_throttle(key)", "登录失败计数重复"),
    // Reminders and notices sent once per person and channel.
    ("case_reminders(case_id, level, user_id, channel)", "该办件提醒已发送"),
    ("order_reminders(order_id, level, user_id, channel)", "该整改提醒已发送"),
    ("chase_notices(chase_id, user_id, channel)", "该督办通知已发送"),
    // Figures tables, one row per key (written by the roll-ups).
    ("case_days(day, org_unit_id, site_id, department_id, window_id, user_id)", "办件日统计行重复"),
    ("case_months(month, org_unit_id, site_id, department_id, window_id, user_id)", "办件月统计行重复"),
    ("queue_days(day, org_unit_id, site_id, window_id, staff_id)", "排队日统计行重复"),
    ("queue_months(month, org_unit_id, site_id, window_id, staff_id)", "排队月统计行重复"),
    ("rating_days(day, org_unit_id, site_id, department_id, window_id, staff_id, subject, mode)", "评价日统计行重复"),
    ("rating_months(month, org_unit_id, site_id, department_id, window_id, staff_id, subject, mode)", "评价月统计行重复"),
    ("overdue_snapshot(org_unit_id, site_id, department_id, window_id, handler_id)", "超期快照行重复"),
];

/// The message of a unique key, when the table names it.
pub fn unique_message(key: &UniqueKey) -> Option<&'static str> {
    let key = key.to_string();
    UNIQUE_MESSAGES.iter().find(|(k, _)| *k == key).map(|(_, m)| *m)
}

fn duplicate_message(key: &UniqueKey) -> String {
    match unique_message(key) {
        Some(m) => format!("已存在相同的记录（{m}），请检查后重试"),
        None => {
            tracing::warn!(%key, "a unique key without a message in app::error::UNIQUE_MESSAGES");
            "已存在相同的记录，请检查后重试".to_owned()
        }
    }
}

/// The result of a use case.
pub type Result<T, E = AppError> = std::result::Result<T, E>;
