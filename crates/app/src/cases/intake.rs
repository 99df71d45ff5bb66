//! Case intake (接件): checking the applicant and the checklist, and creating the case.

use chrono::NaiveDate;
use domain::Invalid;
use domain::cases::{Action, CaseChannel, CaseStatus, case_no};
use domain::catalog::{CaseKind, ItemContent};
use domain::text::collect;
use domain::validate::{CreditCode, CreditCodeCheck, IdCardNo, Mobile};
use store::cases::{EventRecord, LadderWrite, MaterialRow, NewCase};
use store::catalog::VersionSummaryRow;
use store::org::SiteRow;

use super::model::*;
use crate::cases::ladder::policy_for;
use crate::runtime::batch::submit;
use crate::{Actor, App, AppError, Result};

pub(super) type Sealed = (Vec<u8>, String, String);

pub(crate) fn seal_id(app: &App, id: &IdCardNo) -> Sealed {
    (app.cipher.encrypt(id.as_str()), app.cipher.blind_index("id_card", id.as_str()), id.masked())
}

pub(crate) fn checklist(content: &ItemContent, input: &[MaterialInput], today: NaiveDate, e: &mut Invalid) -> Vec<MaterialRow> {
    let count = i64::try_from(content.materials.len()).unwrap_or(0);
    for x in input.iter().filter(|x| x.position < 1 || x.position > count) {
        e.push("materials", format!("材料序号 {} 不在本事项的材料清单内（共 {count} 项）", x.position));
    }
    content
        .materials
        .iter()
        .enumerate()
        .map(|(i, m)| {
            let pos = i64::try_from(i).unwrap_or(i64::MAX) + 1;
            let given = input.iter().find(|x| x.position == pos);
            let state = given.map_or("missing", |g| if g.state.trim().is_empty() { "provided" } else { g.state.trim() });
            let field = format!("materials[{pos}]");
            if !matches!(state, "provided" | "missing" | "rongque" | "waived") {
                e.push(&field, format!("材料“{}”的状态“{state}”不存在，可选：已收、缺、容缺、免提交", m.name));
            }
            let promise_on = given.and_then(|g| g.promise_on);
            if state == "rongque" {
                if !m.rongque {
                    e.push(&field, format!("材料“{}”不在本事项的容缺受理清单内", m.name));
                }
                match promise_on {
                    None => e.push(&field, format!("容缺材料“{}”须填写承诺补齐日期", m.name)),
                    Some(d) if d < today => e.push(&field, format!("容缺材料“{}”的承诺补齐日期不能早于今天", m.name)),
                    _ => {}
                }
            }
            let file = given.and_then(|g| g.file_sha256.clone()).filter(|s| !s.is_empty());
            if let Some(f) = &file
                && !(f.len() == 64 && f.bytes().all(|b| b.is_ascii_hexdigit()))
            {
                e.push(&field, "扫描件标识无效，请重新上传");
            }
            let note = given.map(|g| g.note.trim().chars().take(200).collect()).unwrap_or_default();
            MaterialRow {
                position: pos,
                name: m.name.clone(),
                required: m.required,
                state: state.to_owned(),
                promise_on: if state == "rongque" { promise_on } else { None },
                file_sha256: file,
                note,
            }
        })
        .collect()
}

/// The required materials neither provided nor waived nor flagged 容缺.
pub(super) fn missing_required(rows: &[MaterialRow]) -> Vec<String> {
    rows.iter().filter(|m| m.required && m.state == "missing").map(|m| m.name.clone()).collect()
}

/// Checks an applicant: the name, and the ID number of a person or the credit code of an
/// enterprise. A credit code whose check character does not match may be taken in at a window
/// when the clerk has checked the licence (`may_override`); online it is refused.
pub(crate) fn check_applicant(
    a: &ApplicantInput,
    may_override: bool,
    e: &mut Invalid,
) -> (String, &'static str, Option<IdCardNo>, Option<String>) {
    let name = a.name.trim().to_owned();
    if name.is_empty() {
        e.push("applicant.name", "请填写申请人姓名或单位名称");
    } else if name.chars().count() > 100 {
        e.push("applicant.name", "申请人名称不能超过 100 字");
    }
    let (kind, id, code) = match a.kind.trim() {
        "" | "person" => ("person", collect(e, IdCardNo::parse("applicant.id_number", &a.id_number)), None),
        "enterprise" => {
            let code = match collect(e, CreditCode::parse("applicant.credit_code", &a.credit_code)) {
                Some(CreditCodeCheck::Valid(c)) => Some(c),
                Some(CreditCodeCheck::ChecksumMismatch { code, expected }) => {
                    if may_override && a.accept_checksum_mismatch {
                        Some(code)
                    } else {
                        let hint = if may_override {
                            "；核对营业执照无误后可勾选“校验位不符仍受理”"
                        } else {
                            "，请核对营业执照"
                        };
                        e.push("applicant.credit_code", format!("统一社会信用代码校验位不符（按规则应为“{expected}”）{hint}"));
                        None
                    }
                }
                None => None,
            };
            ("enterprise", None, code)
        }
        other => {
            e.push("applicant.kind", format!("申请人类型“{other}”不存在，可选：个人、企业"));
            ("person", None, None)
        }
    };
    (name, kind, id, code.map(|c| c.as_str().to_owned()))
}

/// A checked applicant, its identifiers sealed.
#[derive(Debug, Clone)]
pub(crate) struct Applicant {
    kind: &'static str,
    name: String,
    id: Option<Sealed>,
    credit_code: Option<String>,
    phone: Sealed,
}

impl Applicant {
    /// Seals what [`check_applicant`] returned and the contact mobile.
    pub(crate) fn seal(app: &App, checked: (String, &'static str, Option<IdCardNo>, Option<String>), phone: &Mobile) -> Applicant {
        let (name, kind, id, credit_code) = checked;
        Applicant { kind, name, id: id.map(|i| seal_id(app, &i)), credit_code, phone: app.seal_phone(phone) }
    }
}

/// The item version a case is taken in under, and the limits its guide sets.
#[derive(Debug, Clone)]
pub(crate) struct ItemTaken {
    item_id: i64,
    version_id: i64,
    item_name: String,
    department_id: i64,
    case_kind: CaseKind,
    promised_days: i64,
    statutory_days: i64,
}

impl ItemTaken {
    /// The item's name as of the version.
    pub(crate) fn name(&self) -> &str {
        &self.item_name
    }

    pub(crate) fn of(version: &VersionSummaryRow, department_id: i64, content: &ItemContent) -> ItemTaken {
        ItemTaken {
            item_id: version.item_id,
            version_id: version.id,
            item_name: version.name.clone(),
            department_id,
            case_kind: content.case_kind,
            promised_days: i64::from(content.promised_days),
            statutory_days: i64::from(content.statutory_days),
        }
    }
}

/// Where and by whom a case was taken in at a window.
#[derive(Debug, Clone)]
pub(crate) struct Desk {
    channel: CaseChannel,
    /// The agent (帮办代办): name, sealed ID number, authorisation.
    agent: Option<(String, Option<Sealed>, String)>,
    ticket_id: Option<i64>,
    window_id: i64,
    intake_user_id: Option<i64>,
}

/// A case checked and sealed, ready for the writer: its row but the number. Every channel builds
/// one, so a case row is written the same way whichever way it came in. Without a desk it is an
/// online application: channel `online`, a draft, no window and no intake user.
#[derive(Debug, Clone)]
pub(crate) struct Intake {
    pub(crate) site: SiteRow,
    pub(crate) item: ItemTaken,
    pub(crate) applicant: Applicant,
    pub(crate) form: String,
    pub(crate) desk: Option<Desk>,
}

impl Intake {
    /// The next case number of a site on a business day, and a fresh query code.
    pub(crate) async fn number(tx: &mut store::Tx, site_id: i64, today: NaiveDate) -> Result<(String, String)> {
        let seq = store::cases::next_seq(tx, site_id, today).await?;
        Ok((case_no(site_id, today, seq), query_code()))
    }

    /// The row to insert under number `no` and query code `code`.
    pub(crate) fn row<'a>(&'a self, no: &'a str, code: &'a str) -> NewCase<'a> {
        let (i, a, desk) = (&self.item, &self.applicant, self.desk.as_ref());
        let agent = desk.and_then(|d| d.agent.as_ref());
        NewCase {
            case_no: no,
            query_code: code,
            site_id: self.site.id,
            org_unit_id: self.site.org_unit_id,
            parent_id: None,
            item_id: i.item_id,
            item_version_id: i.version_id,
            item_name: &i.item_name,
            department_id: i.department_id,
            case_kind: i.case_kind.code(),
            channel: desk.map_or(CaseChannel::Online, |d| d.channel).code(),
            status: if desk.is_some() { CaseStatus::Received } else { CaseStatus::Draft }.code(),
            applicant_kind: a.kind,
            applicant_name: &a.name,
            applicant_id: a.id.as_ref(),
            credit_code: a.credit_code.as_deref(),
            phone: &a.phone,
            agent_name: agent.map(|g| g.0.as_str()),
            agent_id: agent.and_then(|g| g.1.as_ref()),
            agent_authorisation: agent.map(|g| g.2.as_str()),
            ticket_id: desk.and_then(|d| d.ticket_id),
            window_id: desk.map(|d| d.window_id),
            intake_user_id: desk.and_then(|d| d.intake_user_id),
            promised_days: i.promised_days,
            statutory_days: i.statutory_days,
            form: &self.form,
        }
    }
}

/// Takes a case in at a window (接件): the item's current version, the applicant, the checklist.
pub async fn create_case(app: &App, actor: &Actor, input: &CaseInput) -> Result<CreatedCase> {
    let mut e = Invalid::default();
    let today = app.clock.today();
    let channel = if input.channel.trim().is_empty() {
        if input.agent.is_some() { CaseChannel::Proxy } else { CaseChannel::Window }
    } else {
        collect(&mut e, CaseChannel::parse("channel", &input.channel)).unwrap_or(CaseChannel::Window)
    };
    let item_id = input.item_id.ok_or_else(|| Invalid::one("item_id", "请选择办理的事项"))?;
    // Plain reads: the writer's job re-checks nothing of these, and none can change in a way a
    // snapshot would catch (published versions and window grants are checked as of now).
    let mut tx = app.db.conn().await?;
    let item = store::catalog::find_item(&mut tx, item_id).await?.ok_or_else(|| Invalid::one("item_id", "事项不存在"))?;
    let summary = store::catalog::find_current_summary(&mut tx, item_id, today)
        .await?
        .ok_or_else(|| AppError::Conflict("该事项目前没有已发布的办事指南版本，不能受理".to_owned()))?;
    let content = item_content(app, &mut tx, summary.id).await?;
    // The window: the one named, or the clerk's seat today; only one's own seat, unless one
    // manages the hall.
    let seat = crate::org::seating::seat_window(app, &mut tx, actor).await?;
    let window_id = input.window_id.or(seat).ok_or_else(|| Invalid::one("window_id", "您今天没有安排窗口，请选择受理窗口"))?;
    let window = store::org::find_window(&mut tx, window_id).await?.ok_or_else(|| Invalid::one("window_id", "窗口不存在"))?;
    crate::org::seating::may_take_in_at(actor, seat, &window)?;
    if !store::catalog::window_accepts(&mut tx, window.id, item.id).await? {
        return Err(AppError::Conflict(format!(
            "{} 号窗口未获授权受理“{}”，请联系大厅管理员授权或引导至授权窗口",
            window.number, summary.name
        )));
    }
    let site = store::org::get_site(&mut tx, window.site_id).await?;
    if let Some(t) = input.ticket_id {
        match store::queue::find_ticket(&mut tx, t).await? {
            Some(t) if t.site_id == site.id => {}
            _ => e.push("ticket_id", "号票不存在或不属于本场所"),
        }
    }
    drop(tx);

    let a = &input.applicant;
    let (name, kind, applicant_id, credit_code) = check_applicant(a, true, &mut e);
    let phone = collect(&mut e, Mobile::parse("applicant.phone", &a.phone));
    let agent = match &input.agent {
        None if channel == CaseChannel::Proxy => {
            e.push("agent", "帮办代办须登记代办人及授权情况");
            None
        }
        None => None,
        Some(g) => {
            let gname = g.name.trim().to_owned();
            if gname.is_empty() || gname.chars().count() > 50 {
                e.push("agent.name", "请填写代办人姓名（不超过 50 字）");
            }
            let gid = collect(&mut e, IdCardNo::parse("agent.id_number", &g.id_number));
            let auth = g.authorisation.trim().to_owned();
            if auth.is_empty() || auth.chars().count() > 200 {
                e.push("agent.authorisation", "请登记授权委托情况（不超过 200 字），如“授权委托书原件已核验”");
            }
            Some((gname, gid, auth))
        }
    };
    let materials = checklist(&content, &input.materials, today, &mut e);
    let form = match &input.form {
        None => "{}".to_owned(),
        Some(v) if v.is_object() => {
            let s = v.to_string();
            if s.len() > 64 * 1024 {
                e.push("form", "表单内容过长");
            }
            s
        }
        Some(_) => {
            e.push("form", "表单应为对象");
            "{}".to_owned()
        }
    };
    e.into_result()?;
    let applicant = Applicant::seal(app, (name, kind, applicant_id, credit_code), &phone.expect("validated"));
    let agent = agent.map(|(n, gid, auth)| (n, gid.map(|i| seal_id(app, &i)), auth));
    let user_id = actor.user_id.map(|u| u.0);
    let desk = Desk { channel, agent, ticket_id: input.ticket_id, window_id, intake_user_id: user_id };
    let intake = Intake { site, item: ItemTaken::of(&summary, item.department_id, &content), applicant, form, desk: Some(desk) };
    let who = actor.audit_name();
    let created = submit(app, move |ctx| {
        let (intake, materials, who) = (intake.clone(), materials.clone(), who.clone());
        Box::pin(async move {
            let now = ctx.app.clock.now();
            let (no, code) = Intake::number(ctx.tx, intake.site.id, today).await?;
            let new = intake.row(&no, &code);
            let id = store::cases::insert_case_row(ctx.tx, &new, now).await?;
            ctx.later.ladders.push(LadderWrite::new_case(id, &new));
            ctx.later.materials.extend(materials.into_iter().map(|m| (id, m)));
            ctx.later.case_events.push(EventRecord {
                case_id: id,
                at: now,
                action: Action::Receive.code(),
                from_status: "",
                to_status: CaseStatus::Received.code(),
                user_id,
                actor: who,
                note: String::new(),
                data: "{}".to_owned(),
            });
            Ok((id, code))
        })
    })
    .await?;
    let cal = crate::calendar::days::calendar(app).await?;
    let (id, query_code) = created;
    // Read after the commit, outside the writer, which then serves the next batch sooner.
    let row = store::cases::get_case(&mut app.db.conn().await?, id).await?;
    let policy = policy_for(app, row.site_id, row.item_id).await?;
    Ok(CreatedCase { view: view(&cal, &policy, row, &[], today), query_code })
}
