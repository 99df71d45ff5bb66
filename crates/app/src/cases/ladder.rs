//! Local policy (本地政策) for the three-level warning ladder: a site, an item, or an item at a
//! site may change the plan's defaults (level 1 at 80 % of the promised limit used or one working
//! day left; red two working days after yellow). The most specific policy wins; the case page
//! says which is in force. A change recomputes the running cases' ladders through the same job
//! as a calendar edit.

use std::sync::Arc;

use domain::Invalid;
use domain::access::Permission;
use domain::cases::Ladder;
use serde::{Deserialize, Serialize};
use store::cases::{NewPolicy, PolicyRow};
use utoipa::ToSchema;

use crate::support::audit::record;
use crate::{Actor, App, AppError, Result};

/// The ladder in force for a case and how to name it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Policy {
    pub ladder: Ladder,
    pub label: String,
}

fn describe(l: &Ladder) -> String {
    format!(
        "已用承诺时限 {}% 或剩余 {} 个工作日时提醒；超承诺时限黄牌；超法定时限或黄牌 {} 个工作日未办结红牌",
        l.remind_used_percent, l.remind_days_left, l.red_after_working_days
    )
}

/// Every policy, resolved per case in memory.
#[derive(Debug, Clone, Default)]
pub(crate) struct Policies(pub Arc<Vec<PolicyRow>>);

impl Policies {
    pub fn resolve(&self, site_id: i64, item_id: i64) -> Policy {
        let find = |site: Option<i64>, item: Option<i64>| self.0.iter().find(|p| p.site_id == site && p.item_id == item);
        let hit = find(Some(site_id), Some(item_id))
            .map(|p| (p, "本事项在本场所"))
            .or_else(|| find(None, Some(item_id)).map(|p| (p, "本事项")))
            .or_else(|| find(Some(site_id), None).map(|p| (p, "本场所")));
        match hit {
            None => {
                let l = Ladder::default();
                Policy { label: format!("默认规则：{}", describe(&l)), ladder: l }
            }
            Some((p, scope)) => {
                let l = Ladder {
                    remind_used_percent: u32::try_from(p.remind_used_percent).unwrap_or(80),
                    remind_days_left: u32::try_from(p.remind_days_left).unwrap_or(1),
                    red_after_working_days: u32::try_from(p.red_after_working_days).unwrap_or(2),
                };
                Policy { label: format!("本地政策（{scope}）：{}", describe(&l)), ladder: l }
            }
        }
    }
}

async fn policies(app: &App) -> Result<Policies> {
    let now = app.clock.now();
    let rows = app
        .caches
        .ladders
        .get_or_load((), now, async || -> Result<_> { Ok(Arc::new(store::cases::list_policies(&mut app.read().await?).await?)) })
        .await?;
    Ok(Policies(rows))
}

/// The ladder in force for a case of `item_id` at `site_id`.
pub(crate) async fn policy_for(app: &App, site_id: i64, item_id: i64) -> Result<Policy> {
    Ok(policies(app).await?.resolve(site_id, item_id))
}

/// A policy as set by a hall manager or administrator.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct PolicyInput {
    /// The site (场所); with no item, every item there.
    #[serde(default, deserialize_with = "crate::support::input::opt_id")]
    pub site_id: Option<i64>,
    /// The item (事项); with no site, at every site.
    #[serde(default, deserialize_with = "crate::support::input::opt_id")]
    pub item_id: Option<i64>,
    /// The item by its basic code (基本编码), when no `item_id` is given.
    #[serde(default)]
    pub item_code: String,
    /// Level 1 when this share of the promised limit is used (50–100 %).
    #[serde(default, deserialize_with = "crate::support::input::opt_id")]
    pub remind_used_percent: Option<i64>,
    /// … or when this many working days or fewer are left (0–5).
    #[serde(default, deserialize_with = "crate::support::input::opt_id")]
    pub remind_days_left: Option<i64>,
    /// Red card when yellow has stood this many working days (1–10).
    #[serde(default, deserialize_with = "crate::support::input::opt_id")]
    pub red_after_working_days: Option<i64>,
    /// The local document or decision the policy follows.
    #[serde(default)]
    pub note: String,
}

/// A policy as listed, with its description.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PolicyView {
    pub id: i64,
    pub site_id: Option<i64>,
    pub site_name: Option<String>,
    pub item_id: Option<i64>,
    pub item_code: Option<String>,
    pub remind_used_percent: i64,
    pub remind_days_left: i64,
    pub red_after_working_days: i64,
    pub note: String,
    /// The rule in words, as the case page shows it.
    pub label: String,
}

fn view(p: &PolicyRow) -> PolicyView {
    let label = Policies(Arc::new(vec![p.clone()])).resolve(p.site_id.unwrap_or(0), p.item_id.unwrap_or(0)).label;
    PolicyView {
        id: p.id,
        site_id: p.site_id,
        site_name: p.site_name.clone(),
        item_id: p.item_id,
        item_code: p.item_code.clone(),
        remind_used_percent: p.remind_used_percent,
        remind_days_left: p.remind_days_left,
        red_after_working_days: p.red_after_working_days,
        note: p.note.clone(),
        label,
    }
}

/// The policies within the actor's reach, and the defaults they replace.
pub async fn list(app: &App, actor: &Actor) -> Result<(String, Vec<PolicyView>)> {
    actor.require_role(Permission::ViewCases, "查看时限预警规则")?;
    let rows = store::cases::list_policies(&mut app.read().await?).await?;
    let visible = rows.iter().filter(|p| actor.can(Permission::ViewCases, &p.org_path, None)).map(view).collect();
    Ok((Policies::default().resolve(0, 0).label, visible))
}

/// Where a policy applies and who may set it: a site's managers for a site (or an item at it);
/// administrators of the whole tree for an item everywhere.
async fn scope(tx: &mut store::Tx, actor: &Actor, site_id: Option<i64>, item_id: Option<i64>) -> Result<i64> {
    let mut e = Invalid::default();
    let item = match item_id {
        Some(i) => {
            let found = store::catalog::find_item(tx, i).await?;
            if found.is_none() {
                e.push("item_id", "事项不存在");
            }
            found
        }
        None => None,
    };
    let site = match site_id {
        Some(s) => match store::org::find_site(tx, s).await? {
            Some(s) => Some(s),
            None => {
                e.push("site_id", "场所不存在");
                None
            }
        },
        None => None,
    };
    if site_id.is_none() && item_id.is_none() {
        e.push("site_id", "请选择适用的场所或事项（默认规则不能在此修改）");
    }
    e.into_result()?;
    match site {
        Some(s) => {
            actor.require(Permission::ManageSites, &s.org_path, None, "设置该场所的时限预警规则")?;
            Ok(s.org_unit_id)
        }
        None => {
            let item = item.ok_or(AppError::NotFound("事项"))?;
            let unit = store::org::get_org_unit(tx, item.org_unit_id).await?;
            actor.require(Permission::ManageStructure, &unit.path, None, "设置各场所通用的事项时限预警规则")?;
            Ok(unit.id)
        }
    }
}

/// The running cases' ladders follow a policy change: the recomputation job commits with it.
fn far_future() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(9999, 12, 31).expect("a valid date")
}

/// Sets (or replaces) the policy of a site, an item, or an item at a site.
pub async fn set(app: &App, actor: &Actor, input: &PolicyInput) -> Result<PolicyView> {
    let mut e = Invalid::default();
    let pct = input.remind_used_percent.unwrap_or(80);
    if !(50..=100).contains(&pct) {
        e.push("remind_used_percent", "提醒比例应为 50–100（%）");
    }
    let left = input.remind_days_left.unwrap_or(1);
    if !(0..=5).contains(&left) {
        e.push("remind_days_left", "剩余工作日提醒应为 0–5 天");
    }
    let red = input.red_after_working_days.unwrap_or(2);
    if !(1..=10).contains(&red) {
        e.push("red_after_working_days", "黄牌升红牌应为 1–10 个工作日");
    }
    let note = input.note.trim();
    if note.is_empty() || note.chars().count() > 200 {
        e.push("note", "请注明依据的本地文件或决定（不超过 200 字）");
    }
    e.into_result()?;
    let mut tx = app.write().await?;
    let code = input.item_code.trim();
    let item_id = match (input.item_id, code) {
        (Some(i), _) => Some(i),
        (None, "") => None,
        (None, c) => Some(
            store::catalog::find_item_by_code(&mut tx, c)
                .await?
                .ok_or_else(|| Invalid::one("item_code", format!("基本编码为“{c}”的事项不存在")))?
                .id,
        ),
    };
    let org_unit_id = scope(&mut tx, actor, input.site_id, item_id).await?;
    let now = app.clock.now();
    let p = NewPolicy {
        site_id: input.site_id,
        item_id,
        org_unit_id,
        remind_used_percent: pct,
        remind_days_left: left,
        red_after_working_days: red,
        note,
        updated_by: actor.user_id.map(|u| u.0),
    };
    let id = store::cases::upsert_policy(&mut tx, &p, now).await?;
    let row = store::cases::find_policy(&mut tx, id).await?.ok_or(AppError::NotFound("时限预警规则"))?;
    let v = view(&row);
    store::cases::insert_recompute(&mut tx, far_future(), now).await?;
    record::<(), _>(app, &mut tx, actor, "set", "ladder_policy", id, &row.org_path, None, Some(&v.label)).await?;
    tx.commit().await?;
    // The job committed with the change; the supervision sweep recomputes the running cases.
    app.caches.ladders.clear();
    Ok(v)
}

/// Removes a policy: its cases fall back to the next one that applies, or the defaults.
pub async fn delete(app: &App, actor: &Actor, id: i64) -> Result<()> {
    let mut tx = app.write().await?;
    let row = store::cases::find_policy(&mut tx, id).await?.ok_or(AppError::NotFound("时限预警规则"))?;
    scope(&mut tx, actor, row.site_id, row.item_id).await?;
    store::cases::delete_policy(&mut tx, id).await?;
    store::cases::insert_recompute(&mut tx, far_future(), app.clock.now()).await?;
    record::<_, ()>(app, &mut tx, actor, "delete", "ladder_policy", id, &row.org_path, Some(&view(&row).label), None).await?;
    tx.commit().await?;
    // The job committed with the change; the supervision sweep recomputes the running cases.
    app.caches.ladders.clear();
    Ok(())
}
