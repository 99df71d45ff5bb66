//! Notification outbox: enqueue inside a use case transaction, a sender job with retries.
//!
//! A use case that must tell a citizen something by SMS (a ticket called, an appointment
//! reminder, a login code) calls [`enqueue`] inside its own transaction, so the message exists if
//! and only if the business write committed. [`run_sender`] then delivers due messages through an
//! [`SmsAdapter`], retrying with backoff (30 s, 2 min, 10 min, 1 h; failed after
//! [`MAX_ATTEMPTS`]). Each message carries an idempotency key: enqueuing twice with one key
//! stores one message, and the adapter receives the key so a provider can drop a repeat after a
//! crash between sending and recording. Phones are stored encrypted (PIPL 个人信息保护法 第51条)
//! and shown masked; a body may never carry a resident ID number; the sender never logs a phone
//! or a body.

use std::fmt::Debug;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use domain::Invalid;
use domain::access::Permission;
use domain::validate::{Mobile, mask_pii};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use store::outbox::{OutboxRow, StatusCounts};
use store::{Page, Tx};

use crate::runtime::batch::submit;
use crate::runtime::later::Text;
use crate::support::audit::record;
use crate::{Actor, App, AppError, Result};

/// Attempts before a message is given up as failed.
pub const MAX_ATTEMPTS: i64 = 5;
/// How long a claimed message is left to its sender before another may try it again.
const LEASE: chrono::Duration = chrono::Duration::minutes(5);
/// How long one adapter call may take before it counts as a failed attempt.
const SEND_TIMEOUT: Duration = Duration::from_secs(30);
/// How many due messages the sender job takes per round.
const BATCH: i64 = 50;
/// The longest body accepted (a long SMS is split by the carrier; 500 characters is ample).
const MAX_BODY_CHARS: usize = 500;
/// Reading the outbox shows what citizens were told; it is the hall administrators' business
/// (the same people who manage accounts and devices), not every supervisor's.
const PERM: Permission = Permission::ManageAccounts;

/// The known message kinds and their Chinese names; other short codes are accepted and shown as is.
pub const KINDS: &[(&str, &str)] = &[
    ("ticket_called", "叫号通知"),
    ("appointment_reminder", "预约提醒"),
    ("appointment_confirmed", "预约成功"),
    ("appointment_cancelled", "预约取消"),
    ("login_code", "登录验证码"),
];

/// The Chinese name of a message kind (the code itself when unknown).
pub fn kind_label(code: &str) -> &str {
    KINDS.iter().find(|(c, _)| *c == code).map_or(code, |(_, l)| l)
}

/// Where a message is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OutboxStatus {
    Pending,
    Sent,
    Failed,
}

impl OutboxStatus {
    pub const ALL: &'static [OutboxStatus] = &[OutboxStatus::Pending, OutboxStatus::Sent, OutboxStatus::Failed];

    /// The stored code.
    pub fn code(self) -> &'static str {
        match self {
            OutboxStatus::Pending => "pending",
            OutboxStatus::Sent => "sent",
            OutboxStatus::Failed => "failed",
        }
    }

    /// The Chinese name.
    pub fn label(self) -> &'static str {
        match self {
            OutboxStatus::Pending => "待发送",
            OutboxStatus::Sent => "已发送",
            OutboxStatus::Failed => "发送失败",
        }
    }

    /// Parses a code or a Chinese name; the error names `field`.
    pub fn parse(field: &str, s: &str) -> Result<OutboxStatus, Invalid> {
        let s = s.trim();
        OutboxStatus::ALL.iter().copied().find(|x| x.code() == s || x.label() == s).ok_or_else(|| {
            Invalid::one(
                field,
                format!("状态“{s}”不存在，可选：{}", OutboxStatus::ALL.iter().map(|x| x.label()).collect::<Vec<_>>().join("、")),
            )
        })
    }
}

/// The delay before the next attempt after `attempts` attempts failed; `None` after the last.
pub fn retry_delay(attempts: i64) -> Option<chrono::Duration> {
    match attempts {
        1 => Some(chrono::Duration::seconds(30)),
        2 => Some(chrono::Duration::minutes(2)),
        3 => Some(chrono::Duration::minutes(10)),
        n if n < MAX_ATTEMPTS => Some(chrono::Duration::hours(1)),
        _ => None,
    }
}

/// Whether `text` holds an 18-character resident-ID-like run (17 digits then a digit or X,
/// ASCII or full-width), the same runs that [`mask_pii`] masks.
pub fn contains_id_number(text: &str) -> bool {
    let half = |c: char| match c {
        '\u{FF10}'..='\u{FF19}' | '\u{FF38}' | '\u{FF58}' => char::from_u32(u32::from(c) - 0xFEE0).unwrap_or(c),
        _ => c,
    };
    let chars: Vec<char> = text.chars().map(half).collect();
    let mut i = 0;
    while i < chars.len() {
        let start = i;
        while i < chars.len() && chars[i].is_ascii_digit() {
            i += 1;
        }
        let mut run = i - start;
        if run == 17 && chars.get(i).is_some_and(|&c| c == 'X' || c == 'x') {
            run += 1;
        }
        if run == 18 {
            return true;
        }
        i = i.max(start + 1);
    }
    false
}

/// A message a use case wants sent.
#[derive(Debug, Clone)]
pub struct NewMessage<'a> {
    /// The org unit the message belongs to (whose administrators see it).
    pub org_unit_id: i64,
    /// A short code such as `ticket_called`, `appointment_reminder`, `login_code`.
    pub kind: &'a str,
    /// The recipient's mainland mobile, in clear; stored encrypted.
    pub phone: &'a str,
    pub body: String,
    /// Unique per message, e.g. `ticket:42:called`; a repeat stores nothing new.
    pub idempotency_key: String,
}

/// Checks and stores a message inside the caller's transaction; returns its id (the existing
/// message's id when the idempotency key was used before). Refuses a body holding an ID number.
pub async fn enqueue(app: &App, tx: &mut Tx, m: NewMessage<'_>) -> Result<i64> {
    let t = prepare(app, m)?;
    Ok(store::outbox::insert(tx, &t.as_new(), app.clock.now()).await?)
}

/// Checks a message and seals its phone; nothing is written.
pub(crate) fn prepare(app: &App, m: NewMessage<'_>) -> Result<Text> {
    let mut e = Invalid::default();
    let phone = domain::text::collect(&mut e, Mobile::parse("phone", m.phone));
    let kind = m.kind.trim();
    if kind.is_empty() || kind.len() > 40 || !kind.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_') {
        e.push("kind", "消息类型应为不超过40个字符的小写字母、数字或下划线");
    }
    let body = m.body.trim();
    if body.is_empty() {
        e.push("body", "请填写短信内容");
    } else if body.chars().count() > MAX_BODY_CHARS {
        e.push("body", format!("短信内容不能超过{MAX_BODY_CHARS}个字"));
    } else if contains_id_number(body) {
        e.push("body", "短信内容不得包含身份证号");
    }
    let key = m.idempotency_key.trim();
    if key.is_empty() || key.chars().count() > 200 {
        e.push("idempotency_key", "幂等键不能为空且不能超过200个字符");
    }
    e.into_result()?;
    let phone = phone.expect("collected without error");
    let (enc, hash, masked) = app.seal_phone(&phone);
    Ok(Text { org_unit_id: m.org_unit_id, kind: kind.to_owned(), enc, hash, masked, body: body.to_owned(), key: key.to_owned() })
}

/// What one adapter call returns: the provider's reference, or an error text (never holding
/// the phone or the body).
pub type SendFuture<'a> = Pin<Box<dyn Future<Output = std::result::Result<String, String>> + Send + 'a>>;

/// A way to deliver SMS (a carrier gateway, or the recording default).
pub trait SmsAdapter: Send + Sync + Debug {
    /// A short name for logs.
    fn name(&self) -> &str;
    /// Sends one SMS; a provider should treat a repeated `idempotency_key` as the same message.
    fn send<'a>(&'a self, phone: &'a str, body: &'a str, idempotency_key: &'a str) -> SendFuture<'a>;
}

/// The default adapter: sends nothing and "delivers" every message, so the outbox page shows
/// what would have been sent. Its reference is derived from the idempotency key.
#[derive(Debug, Clone, Copy, Default)]
pub struct RecordingAdapter;

impl SmsAdapter for RecordingAdapter {
    fn name(&self) -> &str {
        "recording"
    }

    fn send<'a>(&'a self, _phone: &'a str, _body: &'a str, idempotency_key: &'a str) -> SendFuture<'a> {
        let digest = hex::encode(Sha256::digest(idempotency_key.as_bytes()));
        Box::pin(async move { Ok(format!("rec-{}", &digest[..16])) })
    }
}

/// The outcome of one [`send_due`] round.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct SendReport {
    /// Messages this round took for an attempt.
    pub claimed: i64,
    pub sent: i64,
    /// Attempts that failed and will be retried later.
    pub retrying: i64,
    /// Messages given up as failed this round.
    pub failed: i64,
}

#[derive(Debug, Clone)]
enum Outcome {
    Sent(String),
    Retry(String),
    GiveUp(String),
}

/// Messages claimed, sent and recorded together: the group-commit writer claims them in one
/// statement, they are sent side by side, and the writer records the outcomes. Small enough that
/// a sender dying mid-send leaves few messages to be tried again after their lease.
const SEND_CHUNK: usize = 20;

/// Delivers up to `limit` due messages through `adapter`, [`SEND_CHUNK`] at a time: the chunk is
/// claimed (so a parallel sender skips it), sent outside any transaction, then each message is
/// marked sent or scheduled for a retry. Claims and outcomes are written through the writer, in
/// the batches of the requests' own writes. A message already sent is never due again, so it is
/// never sent twice.
pub async fn send_due(app: &App, adapter: &dyn SmsAdapter, limit: i64) -> Result<SendReport> {
    let now = app.clock.now();
    let due = {
        let mut tx = app.db.conn().await?;
        store::outbox::list_due(&mut tx, now, limit.clamp(1, 1000)).await?
    };
    let mut report = SendReport::default();
    for chunk in due.chunks(SEND_CHUNK) {
        let ids: Vec<i64> = chunk.iter().map(|m| m.id).collect();
        let ids = Arc::new(ids);
        let claimed_ids = submit(app, move |ctx| {
            let ids = ids.clone();
            Box::pin(async move { Ok(store::outbox::claim_many(ctx.tx, &ids, now, now + LEASE).await?) })
        })
        .await?;
        let claimed: Vec<&store::outbox::DueRow> = chunk.iter().filter(|m| claimed_ids.contains(&m.id)).collect();
        if claimed.is_empty() {
            continue;
        }
        report.claimed += i64::try_from(claimed.len()).unwrap_or(i64::MAX);
        let outcomes = futures_util::future::join_all(claimed.iter().map(|m| attempt(app, adapter, m))).await;
        let at = app.clock.now();
        let mut marks: Vec<(i64, Outcome, Option<DateTime<Utc>>)> = Vec::with_capacity(claimed.len());
        for (m, outcome) in claimed.iter().zip(outcomes) {
            let attempt = m.attempts + 1;
            let retry_at = match &outcome {
                Outcome::Sent(_) => {
                    report.sent += 1;
                    None
                }
                Outcome::Retry(e) => {
                    let retry_at = retry_delay(attempt).map(|d| at + d);
                    tracing::warn!(
                        outbox.id = m.id,
                        outbox.attempt = attempt,
                        sms.adapter = adapter.name(),
                        error = %e,
                        "sms attempt {attempt} of outbox message {} failed: {e}",
                        m.id
                    );
                    if retry_at.is_some() {
                        report.retrying += 1
                    } else {
                        report.failed += 1
                    }
                    retry_at
                }
                Outcome::GiveUp(e) => {
                    tracing::warn!(outbox.id = m.id, outbox.attempt = attempt, error = %e, "outbox message {} given up: {e}", m.id);
                    report.failed += 1;
                    None
                }
            };
            marks.push((m.id, outcome, retry_at));
        }
        let marks = Arc::new(marks);
        submit(app, move |ctx| {
            let marks = marks.clone();
            Box::pin(async move {
                for (id, outcome, retry_at) in marks.iter() {
                    match outcome {
                        Outcome::Sent(r) => store::outbox::mark_sent(ctx.tx, *id, &clean_text(r), at).await?,
                        Outcome::Retry(e) => store::outbox::mark_failed_attempt(ctx.tx, *id, e, *retry_at).await?,
                        Outcome::GiveUp(e) => store::outbox::mark_failed_attempt(ctx.tx, *id, e, None).await?,
                    };
                }
                Ok(())
            })
        })
        .await?;
    }
    Ok(report)
}

/// One attempt at a claimed message.
async fn attempt(app: &App, adapter: &dyn SmsAdapter, m: &store::outbox::DueRow) -> Outcome {
    if m.attempts + 1 > MAX_ATTEMPTS {
        // Earlier claims never recorded a result (the sender stopped mid-send): stop here.
        return Outcome::GiveUp("多次发送未得到结果，已停止重试".to_owned());
    }
    match app.cipher.decrypt(&m.phone_enc) {
        Err(_) => Outcome::GiveUp("手机号无法解密（密钥已更换？）".to_owned()),
        Ok(phone) => match tokio::time::timeout(SEND_TIMEOUT, adapter.send(&phone, &m.body, &m.idempotency_key)).await {
            Ok(Ok(provider_ref)) => Outcome::Sent(provider_ref),
            Ok(Err(e)) => Outcome::Retry(clean_text(&e)),
            Err(_) => Outcome::Retry(format!("发送超时（{} 秒）", SEND_TIMEOUT.as_secs())),
        },
    }
}

/// An adapter's text (error or reference) as stored: personal identifiers masked, at most 500 characters.
fn clean_text(e: &str) -> String {
    mask_pii(e).chars().take(500).collect()
}

/// The sender job: every 2 s delivers what is due (at once again while a full batch came back).
/// Logs counts and errors only, never a phone or a body.
pub async fn run_sender(app: App, adapter: Arc<dyn SmsAdapter>) {
    let mut every = tokio::time::interval(Duration::from_secs(2));
    every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        every.tick().await;
        loop {
            match send_due(&app, adapter.as_ref(), BATCH).await {
                Ok(r) => {
                    if r.claimed > 0 {
                        tracing::info!(
                            outbox.sent = r.sent,
                            outbox.retrying = r.retrying,
                            outbox.failed = r.failed,
                            sms.adapter = adapter.name(),
                            "outbox: {} sent, {} to retry, {} failed",
                            r.sent,
                            r.retrying,
                            r.failed
                        );
                    }
                    if r.claimed < BATCH {
                        break;
                    }
                }
                Err(e) => {
                    tracing::warn!(error = ?e, sms.adapter = adapter.name(), "outbox send round failed: {e:?}");
                    break;
                }
            }
        }
    }
}

/// Which messages to list.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct OutboxFilter {
    /// `pending`, `sent` or `failed` (blank for all).
    pub status: Option<String>,
    /// A message kind code (blank for all).
    pub kind: Option<String>,
}

/// A message as administrators see it: the phone masked, a login code hidden.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct OutboxView {
    pub id: i64,
    pub org_unit_id: i64,
    pub channel: String,
    pub kind: String,
    pub kind_label: String,
    pub phone_masked: String,
    pub body: String,
    pub idempotency_key: String,
    pub status: String,
    pub status_label: String,
    pub attempts: i64,
    pub next_attempt_at: DateTime<Utc>,
    pub last_error: Option<String>,
    pub created_at: DateTime<Utc>,
    pub sent_at: Option<DateTime<Utc>>,
    pub provider_ref: Option<String>,
}

impl OutboxView {
    fn from_row(r: OutboxRow) -> OutboxView {
        // A login code read off this page would let its reader sign in as the recipient.
        let body = if r.kind == "login_code" {
            r.body.chars().map(|c| if c.is_ascii_digit() { '*' } else { c }).collect()
        } else {
            mask_pii(&r.body)
        };
        OutboxView {
            id: r.id,
            org_unit_id: r.org_unit_id,
            kind_label: kind_label(&r.kind).to_owned(),
            channel: r.channel,
            kind: r.kind,
            phone_masked: r.phone_masked,
            body,
            idempotency_key: mask_pii(&r.idempotency_key),
            status_label: OutboxStatus::parse("status", &r.status).map_or_else(|_| r.status.clone(), |s| s.label().to_owned()),
            status: r.status,
            attempts: r.attempts,
            next_attempt_at: r.next_attempt_at,
            last_error: r.last_error,
            created_at: r.created_at,
            sent_at: r.sent_at,
            provider_ref: r.provider_ref,
        }
    }
}

/// Messages of the actor's org units, newest first, a page at a time (hall and system
/// administrators).
pub async fn list(app: &App, actor: &Actor, filter: &OutboxFilter, limit: i64, cursor: Option<i64>) -> Result<Page<OutboxView>> {
    actor.require_role(PERM, "查看短信发件箱")?;
    let mut e = Invalid::default();
    let status = match filter.status.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        Some(s) => domain::text::collect(&mut e, OutboxStatus::parse("status", s)),
        None => None,
    };
    e.into_result()?;
    let kind = filter.kind.as_deref().map(str::trim).filter(|s| !s.is_empty());
    let limit = limit.clamp(1, 500);
    let mut tx = app.read().await?;
    let rows = store::outbox::list(&mut tx, &actor.scope(PERM), status.map(OutboxStatus::code), kind, cursor, limit + 1).await?;
    let page = Page::from_rows(rows, limit, |r| r.id);
    Ok(Page { items: page.items.into_iter().map(OutboxView::from_row).collect(), next_cursor: page.next_cursor })
}

/// How many of the actor's messages are pending, sent and failed.
pub async fn counts(app: &App, actor: &Actor) -> Result<StatusCounts> {
    actor.require_role(PERM, "查看短信发件箱")?;
    let mut tx = app.read().await?;
    Ok(store::outbox::count_by_status(&mut tx, &actor.scope(PERM)).await?)
}

/// Puts a failed message back to pending with a fresh count of attempts (audited).
pub async fn retry(app: &App, actor: &Actor, id: i64) -> Result<OutboxView> {
    actor.require_role(PERM, "重发短信")?;
    let mut tx = app.write().await?;
    let before = store::outbox::get(&mut tx, id).await?;
    actor.require(PERM, &before.org_path, None, "重发该短信")?;
    let path = before.org_path.clone();
    if !store::outbox::requeue(&mut tx, id, app.clock.now()).await? {
        return Err(AppError::Conflict(format!("只有发送失败的短信可以重试，该短信{}", status_text(&before.status))));
    }
    let (b, a) = (OutboxView::from_row(before), OutboxView::from_row(store::outbox::get(&mut tx, id).await?));
    record(app, &mut tx, actor, "retry", "outbox", id, &path, Some(&b), Some(&a)).await?;
    tx.commit().await?;
    Ok(a)
}

fn status_text(code: &str) -> &'static str {
    match OutboxStatus::parse("status", code) {
        Ok(OutboxStatus::Pending) => "正在等待发送",
        Ok(OutboxStatus::Sent) => "已发送",
        _ => "状态不符",
    }
}
