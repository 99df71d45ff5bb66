//! Rating a service (好差评): the form, the rating, and the case or visit it rates.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use domain::Invalid;
use domain::ratings::{self as r, Form, Mode};
use serde::{Deserialize, Serialize};
use store::Tx;
use store::accounts::DeviceRow;
use store::ratings::{Counts, NewOrder, NewRating, RatingRow};
use utoipa::ToSchema;

use crate::accounts::citizen::Citizen;
use crate::queue::views::Caller;
use crate::runtime::events::Event;
use crate::support::input::constant_eq;
use crate::support::input::opt_id;
use crate::{Actor, App, AppError, Result, cst};

/// Who is rating.
#[derive(Debug, Clone, Copy)]
pub enum Rater<'a> {
    /// A device: the rating pad of a window (visits), a kiosk (cases, with the query code).
    Device(&'a DeviceRow),
    /// A citizen signed in to the portal (their own cases).
    Citizen(&'a Citizen),
    /// Someone with a code (the ticket's follow code or the case's query code from an SMS link),
    /// from this client address.
    Public(&'a str),
    /// Staff may not rate on anyone's behalf.
    Staff,
}

impl<'a> Rater<'a> {
    /// The rater behind a queue caller, a portal session taking precedence.
    pub fn of(caller: Caller<'a>, citizen: Option<&'a Citizen>) -> Rater<'a> {
        match (citizen, caller) {
            (Some(c), _) => Rater::Citizen(c),
            (None, Caller::Device(d)) => Rater::Device(d),
            (None, Caller::Public(client)) => Rater::Public(client),
            (None, Caller::Staff(_)) => Rater::Staff,
        }
    }
}

/// A rating as submitted (`POST /api/v1/ratings`).
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct RatingInput {
    /// The visit rated (rating pad), or …
    #[serde(default, deserialize_with = "opt_id")]
    pub ticket_id: Option<i64>,
    /// … the case rated, by id or by its number.
    #[serde(default, deserialize_with = "opt_id")]
    pub case_id: Option<i64>,
    #[serde(default)]
    pub case_no: Option<String>,
    /// 1 (非常不满意) … 5 (非常满意).
    #[serde(default)]
    pub level: i64,
    /// pad, qr, web, mobile, sms, kiosk; defaults from who rates.
    #[serde(default)]
    pub channel: Option<String>,
    /// Indicator code → level (see `GET /api/v1/ratings/form`).
    #[serde(default)]
    pub indicators: BTreeMap<String, i64>,
    /// Reason codes of the chosen level.
    #[serde(default)]
    pub reasons: Vec<String>,
    #[serde(default)]
    pub comment: String,
    /// Rate without name: no callback is possible then.
    #[serde(default)]
    pub anonymous: bool,
    /// The ticket's follow code (QR page) …
    #[serde(default)]
    pub follow_code: Option<String>,
    /// … or the case's query code (受理通知书, SMS link).
    #[serde(default)]
    pub query_code: Option<String>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RatingSaved {
    pub id: i64,
    pub ticket_id: Option<i64>,
    pub case_id: Option<i64>,
    pub level: i64,
    pub level_label: String,
    /// The rectification order a bad rating (1–2) opened.
    pub rectification_order_id: Option<i64>,
}

/// The form of one mode: indicators, and the reasons of each level.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct FormView {
    pub mode: String,
    pub mode_label: String,
    pub levels: Vec<Choice>,
    pub indicators: Vec<Choice>,
    /// Per level (as a string key "1"…"5"), its reason options.
    pub reasons: BTreeMap<String, Vec<Choice>>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Choice {
    pub code: String,
    pub label: String,
}

/// The national form of a mode.
pub fn form(mode: Mode) -> FormView {
    let ch = |(c, l): &(&str, &str)| Choice { code: (*c).to_owned(), label: (*l).to_owned() };
    FormView {
        mode: mode.code().to_owned(),
        mode_label: r::mode_label(mode).to_owned(),
        levels: r::LEVELS.iter().map(|(l, s)| Choice { code: l.to_string(), label: (*s).to_owned() }).collect(),
        indicators: mode.indicators().iter().map(ch).collect(),
        reasons: (1..=5).map(|l| (l.to_string(), r::reasons(mode, l).iter().map(ch).collect())).collect(),
    }
}

/// The policy in force for an org unit (its own, an ancestor's, or the defaults).
pub(crate) async fn policy_in(tx: &mut Tx, org_path: &str) -> Result<r::Policy> {
    Ok(match store::ratings::policy_for(tx, org_path).await? {
        None => r::Policy::default(),
        Some(p) => r::Policy {
            late_days: u32::try_from(p.late_days).unwrap_or(7),
            verify_days: u32::try_from(p.verify_days).unwrap_or(1),
            rectify_days: u32::try_from(p.rectify_days).unwrap_or(5),
            remind_after_days: u32::try_from(p.remind_after_days).unwrap_or(3),
        },
    })
}

pub(super) fn uid(actor: &Actor) -> Option<i64> {
    actor.user_id.map(|u| u.0)
}

/// What is being rated, resolved and authorised.
pub(super) struct Subject {
    pub(super) rating: NewRatingOwned,
    pub(super) org_path: String,
    pub(super) label: String,
    pub(super) event_site: Option<(i64, Option<i64>)>,
}

pub(super) struct NewRatingOwned {
    pub(super) org_unit_id: i64,
    pub(super) site_id: Option<i64>,
    pub(super) ticket_id: Option<i64>,
    pub(super) case_id: Option<i64>,
    pub(super) window_id: Option<i64>,
    pub(super) staff_id: Option<i64>,
    pub(super) department_id: Option<i64>,
    pub(super) item_id: Option<i64>,
    pub(super) owner_user_id: Option<i64>,
    pub(super) phone: Option<(Vec<u8>, String)>,
    pub(super) served_on: NaiveDate,
}

/// Stores a rating (see the module doc) and, for a bad one, its rectification order.
pub async fn rate(app: &App, rater: Rater<'_>, input: &RatingInput) -> Result<RatingSaved> {
    let is_visit = input.ticket_id.is_some() || input.follow_code.is_some();
    match rater {
        Rater::Staff => return Err(AppError::forbidden("代替群众评价")),
        Rater::Device(d) if is_visit && d.kind != "rating_pad" => return Err(AppError::forbidden("评价其他窗口的服务")),
        _ => {}
    }
    let channel = match (&input.channel, rater, is_visit) {
        (Some(c), _, _) => c.clone(),
        (None, Rater::Device(d), _) if d.kind == "rating_pad" => "pad".to_owned(),
        (None, Rater::Device(_), _) => "kiosk".to_owned(),
        (None, _, true) => "qr".to_owned(),
        (None, Rater::Citizen(_), false) => "web".to_owned(),
        (None, _, false) => "sms".to_owned(),
    };
    let indicators = input.indicators.clone();
    let mode = r::check(&Form {
        level: input.level,
        channel: &channel,
        indicators: &indicators,
        reasons: &input.reasons,
        comment: &input.comment,
    })?;
    // Due dates of a bad rating's order; loaded before the write transaction, as a first load may
    // itself need to write (seeding the calendar).
    let cal = if r::is_bad(input.level) { Some(crate::calendar::days::calendar(app).await?) } else { None };
    // A case is found and its rater checked first: a wrong query code is counted as a failed
    // look-up (shared with the progress page's limit), which must outlive this request.
    let case_row = if is_visit {
        None
    } else if input.case_id.is_some() || input.case_no.is_some() {
        if mode != Mode::Online {
            return Err(Invalid::one("channel", "办件请通过网上办事大厅、移动端、短信链接或自助终端评价").into());
        }
        Some(case_of(app, rater, input).await?)
    } else {
        return Err(Invalid::one("ticket_id", "请指定要评价的号票（ticket_id）或办件（case_id / case_no）").into());
    };
    let mut tx = app.write().await?;
    let today = app.clock.today();
    let subject = match case_row {
        None => {
            if mode != Mode::Onsite {
                return Err(Invalid::one("channel", "现场服务请在窗口评价器或扫号票二维码评价").into());
            }
            visit(&mut tx, rater, input, &channel).await?
        }
        Some(k) => case(&mut tx, k).await?,
    };
    let policy = policy_in(&mut tx, &subject.org_path).await?;
    if !policy.may_rate(subject.rating.served_on, today) {
        return Err(AppError::Conflict(format!("{}已超过补评期限（办结后 {} 天内可评价），不能再评价", subject.label, policy.late_days)));
    }
    let s = &subject.rating;
    let real_name = !input.anonymous && s.phone.is_some();
    let indicators_json =
        serde_json::to_string(&indicators).map_err(|e| AppError::internal("cannot serialise the rating indicators", e))?;
    let reasons_json = serde_json::to_string(&input.reasons).map_err(|e| AppError::internal("cannot serialise the rating reasons", e))?;
    let now = app.clock.now();
    let phone = if real_name { s.phone.as_ref() } else { None };
    let new = NewRating {
        org_unit_id: s.org_unit_id,
        site_id: s.site_id,
        ticket_id: s.ticket_id,
        case_id: s.case_id,
        window_id: s.window_id,
        staff_id: s.staff_id,
        department_id: s.department_id,
        item_id: s.item_id,
        owner_user_id: s.owner_user_id,
        level: input.level,
        mode: mode.code(),
        channel: &channel,
        indicators: &indicators_json,
        reasons: &reasons_json,
        comment: input.comment.trim(),
        real_name,
        rater_phone_enc: phone.map(|p| p.0.as_slice()),
        rater_phone_masked: phone.map(|p| p.1.as_str()),
        served_on: s.served_on,
        rated_at: now,
    };
    let label = subject.label.clone();
    let id = store::ratings::insert_rating(&mut tx, &new).await.map_err(|e| match e {
        store::StoreError::Duplicate(_) => AppError::Conflict(format!("{label}已经评价过了，每次服务只能评价一次")),
        other => other.into(),
    })?;
    let row = store::ratings::get_rating(&mut tx, id).await?.ok_or(AppError::NotFound("评价"))?;
    let order_id = if r::is_bad(input.level) {
        let cal = cal.as_deref().ok_or_else(|| AppError::bug("calendar not loaded for a bad rating"))?;
        let (verify_due_on, rectify_due_on) = policy.due_dates(cal, today);
        Some(
            store::ratings::insert_order(
                &mut tx,
                &NewOrder {
                    rating_id: id,
                    org_unit_id: s.org_unit_id,
                    site_id: s.site_id,
                    department_id: s.department_id,
                    owner_user_id: s.owner_user_id,
                    real_name,
                    opened_on: today,
                    verify_due_on,
                    rectify_due_on,
                },
                now,
            )
            .await?,
        )
    } else {
        None
    };
    apply_counts(&mut tx, &row, Counts::default(), order_id.map(|_| ("verifying", false))).await?;
    let who = match rater {
        Rater::Device(d) => format!("device:{}", d.id),
        Rater::Citizen(_) => "citizen".to_owned(),
        Rater::Public(_) | Rater::Staff => "public".to_owned(),
    };
    let summary =
        serde_json::json!({"level": input.level, "mode": mode.code(), "channel": channel, "ticket_id": s.ticket_id, "case_id": s.case_id});
    crate::support::audit::record_by(app, &mut tx, &who, "rate", "rating", id, &subject.org_path, None::<&()>, Some(&summary)).await?;
    if let Some(order) = order_id {
        let opened = serde_json::json!({"rating_id": id, "status": "verifying"});
        crate::support::audit::record_by(
            app,
            &mut tx,
            &who,
            "open_rectification",
            "rectification_order",
            order,
            &subject.org_path,
            None::<&()>,
            Some(&opened),
        )
        .await?;
    }
    tx.commit().await?;
    let saved = RatingSaved {
        id,
        ticket_id: s.ticket_id,
        case_id: s.case_id,
        level: input.level,
        level_label: r::level_label(input.level).unwrap_or_default().to_owned(),
        rectification_order_id: order_id,
    };
    if let Some((site_id, window_id)) = subject.event_site {
        app.publish(Event::new(site_id, window_id, "rating_saved", &saved, now.timestamp_millis()));
    }
    Ok(saved)
}

/// Adds a rating's contribution now minus `before` to its day.
pub(super) async fn apply_counts(tx: &mut Tx, row: &RatingRow, before: Counts, order: Option<(&str, bool)>) -> Result<()> {
    let after = Counts::of(row.level, row.final_level, row.real_name, row.excluded, order);
    if let Some(k) = store::ratings::key_of(row) {
        store::ratings::add_day(tx, &k, &after.minus(&before)).await?;
    }
    Ok(())
}

pub(super) async fn visit(tx: &mut Tx, rater: Rater<'_>, input: &RatingInput, channel: &str) -> Result<Subject> {
    let t = match (&input.follow_code, input.ticket_id) {
        (Some(code), _) => store::queue::find_ticket_by_follow_code(tx, code).await?,
        (None, Some(id)) => store::queue::find_ticket(tx, id).await?,
        (None, None) => None,
    }
    .ok_or(AppError::NotFound("号票"))?;
    match rater {
        Rater::Device(d) if d.kind == "rating_pad" && d.window_id.is_some() && d.window_id == t.window_id && channel == "pad" => {}
        Rater::Device(_) => return Err(AppError::forbidden("评价其他窗口的服务")),
        Rater::Public(_) | Rater::Citizen(_) if input.follow_code.is_some() && channel != "pad" => {}
        Rater::Public(_) | Rater::Citizen(_) => return Err(AppError::Unauthorized("请通过号票上的二维码评价".to_owned())),
        Rater::Staff => return Err(AppError::forbidden("代替群众评价")),
    }
    if t.status != domain::queue::TicketStatus::Done.code() {
        return Err(AppError::Conflict(format!("{} 号还没有办结，办结后才能评价", t.ticket_no)));
    }
    let served_on = t.finished_at.map_or(t.day, |f| f.with_timezone(&cst()).date_naive());
    let (owner, department) = match t.staff_id {
        Some(sid) => {
            let staff = store::org::find_staff(tx, sid).await?;
            (store::ratings::user_of_staff(tx, sid).await?, staff.map(|s| s.department_id))
        }
        None => (None, None),
    };
    let org_path = store::org::get_org_unit(tx, t.org_unit_id).await?.path;
    Ok(Subject {
        rating: NewRatingOwned {
            org_unit_id: t.org_unit_id,
            site_id: Some(t.site_id),
            ticket_id: Some(t.id),
            case_id: None,
            window_id: t.window_id,
            staff_id: t.staff_id,
            department_id: department,
            item_id: t.item_id,
            owner_user_id: owner,
            phone: store::ratings::ticket_phone(tx, t.id).await?,
            served_on,
        },
        org_path,
        label: format!("{} 号", t.ticket_no),
        event_site: Some((t.site_id, t.window_id)),
    })
}

/// The case statuses after which a case may be rated (the service has ended).
pub(crate) const RATABLE: &[&str] = &["completed", "not_accepted"];

/// The case a rating is for, once the rater is shown to be its applicant: a portal session with
/// the applicant's phone, or the case's query code (public page, SMS, kiosk).
pub(super) async fn case_of(app: &App, rater: Rater<'_>, input: &RatingInput) -> Result<store::cases::CaseRow> {
    let refused = || AppError::forbidden("评价他人的办件（请使用受理通知书中的办件编号和查询码，或登录本人账号）");
    let mut tx = app.read().await?;
    let found = match (input.case_id, input.case_no.as_deref().map(str::trim)) {
        (Some(id), _) => store::cases::find_case(&mut tx, id).await?,
        (None, Some(no)) => store::cases::find_by_no(&mut tx, no).await?,
        (None, None) => None,
    };
    let code = input.query_code.as_deref().map(str::trim).filter(|c| !c.is_empty());
    let k = match (rater, code) {
        (Rater::Staff, _) => return Err(AppError::forbidden("代替群众评价")),
        (Rater::Device(d), _) if d.kind != "kiosk" => return Err(refused()),
        (Rater::Citizen(c), None) => {
            let k = found.ok_or(AppError::NotFound("办件"))?;
            let mine = store::ratings::case_phone_hash(&mut tx, k.id).await?.is_some_and(|h| constant_eq(&h, &c.phone_hash));
            if !mine {
                return Err(refused());
            }
            k
        }
        (_, Some(code)) => {
            drop(tx);
            // An unknown id and a wrong code answer alike; both count against the number.
            let no = match (&found, input.case_no.as_deref()) {
                (Some(k), _) => k.case_no.clone(),
                (None, Some(no)) => no.trim().to_owned(),
                (None, None) => return Err(refused()),
            };
            let client = match rater {
                Rater::Public(client) => client.to_owned(),
                Rater::Device(d) => format!("device:{}", d.id),
                Rater::Citizen(c) => format!("citizen:{}", c.phone_hash),
                Rater::Staff => "staff".to_owned(),
            };
            match crate::cases::online::case_by_code(app, &no, code, &client).await {
                Ok(k) if input.case_id.is_none_or(|id| id == k.id) => k,
                Ok(_) | Err(AppError::Invalid(_)) => return Err(refused()),
                Err(e) => return Err(e),
            }
        }
        (_, None) => return Err(refused()),
    };
    if !RATABLE.contains(&k.status.as_str()) {
        return Err(AppError::Conflict(format!("办件 {} 尚未办结，办结后才能评价", k.case_no)));
    }
    Ok(k)
}

pub(super) async fn case(tx: &mut Tx, k: store::cases::CaseRow) -> Result<Subject> {
    Ok(Subject {
        rating: NewRatingOwned {
            org_unit_id: k.org_unit_id,
            site_id: Some(k.site_id),
            ticket_id: None,
            case_id: Some(k.id),
            window_id: k.window_id,
            staff_id: None,
            department_id: Some(k.department_id),
            item_id: Some(k.item_id),
            // 谁办理谁负责: who decided, else who reviewed, else who took it in.
            owner_user_id: k.decided_by.or(k.reviewer_id).or(k.accepted_by).or(k.intake_user_id),
            phone: store::ratings::case_phone(tx, k.id).await?,
            served_on: k.updated_at.with_timezone(&cst()).date_naive(),
        },
        org_path: k.org_path.clone(),
        label: format!("办件 {} ", k.case_no),
        event_site: None,
    })
}

// ---------------------------------------------------------------- rectification orders
