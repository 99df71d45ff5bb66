//! Computing the dashboard for a scope and span from the day and month aggregates.

use std::collections::{BTreeMap, HashMap};

use chrono::{Datelike, NaiveDate};
use domain::Invalid;
use domain::access::Permission;
use domain::figures::TARGETS;
use domain::org::WindowKind;
use store::figures::{By, CaseCounts, Filter, Names, QueueCounts};
use store::org::Scope;
use store::ratings::Counts;

use super::model::*;
use crate::figures::rates::{Rate, RatingFigures};
use crate::support::time::start_of;
use crate::{Actor, App, AppError, Result, cst};

pub(super) struct Ctx {
    pub(super) names: Names,
    pub(super) by: Dimension,
    /// staff id → user id
    pub(super) user_of_staff: HashMap<i64, i64>,
}

impl Ctx {
    /// The ancestor (or self) of an org unit at `level`, else the unit itself.
    pub(super) fn org_at(&self, org_unit_id: i64, level: &str) -> i64 {
        let Some((_, _, path)) = self.names.org_units.get(&org_unit_id) else { return org_unit_id };
        for id in path.split('/').filter_map(|p| p.parse::<i64>().ok()) {
            if self.names.org_units.get(&id).is_some_and(|o| o.1 == level) {
                return id;
            }
        }
        org_unit_id
    }

    /// The group of a row's key (an org unit, site, department, window, or person: a staff id when
    /// `staff_key`, else a user id).
    pub(super) fn group_of(&self, key: i64, staff_key: bool) -> i64 {
        match self.by {
            Dimension::Banner => self.org_at(key, "banner"),
            Dimension::Town => self.org_at(key, "town"),
            Dimension::Staff if staff_key => {
                if key == 0 {
                    0
                } else {
                    self.user_of_staff.get(&key).copied().unwrap_or(-key)
                }
            }
            _ => key,
        }
    }

    pub(super) fn name_of(&self, id: i64) -> String {
        let none = || "（未记录）".to_owned();
        match self.by {
            Dimension::Banner | Dimension::Town => self
                .names
                .org_units
                .get(&id)
                .map_or_else(none, |o| if self.by == Dimension::Town && o.1 == "banner" { format!("{}本级", o.0) } else { o.0.clone() }),
            Dimension::Site => self.names.sites.get(&id).map_or_else(none, |s| s.0.clone()),
            Dimension::Department => self.names.departments.get(&id).cloned().unwrap_or_else(none),
            Dimension::Window => self.names.windows.get(&id).map_or_else(none, |w| w.label.clone()),
            Dimension::Staff if id < 0 => self.names.staff.get(&-id).cloned().unwrap_or_else(none),
            Dimension::Staff => self.names.users.get(&id).map_or_else(none, |u| u.0.clone()),
        }
    }

    /// The group of a site (for the catalogue and window figures), `None` where the dimension
    /// does not apply to sites.
    pub(super) fn group_of_site(&self, site_id: i64) -> Option<i64> {
        let org = self.names.sites.get(&site_id)?.1;
        match self.by {
            Dimension::Banner => Some(self.org_at(org, "banner")),
            Dimension::Town => Some(self.org_at(org, "town")),
            Dimension::Site => Some(site_id),
            _ => None,
        }
    }
}

/// Sums of one group before they become [`Figures`].
#[derive(Debug, Clone, Default)]
pub(super) struct Acc {
    pub(super) windows: (i64, i64),
    /// Whether windows apply (no department narrowing, a place-like group).
    pub(super) has_windows: bool,
    pub(super) items: (i64, i64, i64, i64),
    pub(super) catalogue: bool,
    pub(super) queue: QueueCounts,
    pub(super) cases: CaseCounts,
    pub(super) open: (i64, i64),
    pub(super) visit_ratings: Counts,
    pub(super) case_ratings: Counts,
    pub(super) orders: Vec<(String, bool, bool)>,
}

impl Acc {
    pub(super) fn figures(&self) -> Figures {
        let q = &self.queue;
        let c = &self.cases;
        let all = self.visit_ratings.plus(&self.case_ratings);
        let mut by_status: Vec<StatusCount> =
            domain::workorders::Status::ALL.iter().map(|s| StatusCount { status: s.code(), label: s.label(), count: 0 }).collect();
        let (mut replied, mut on_time, mut overdue) = (0, 0, 0);
        for (status, replied_on_time, is_overdue) in &self.orders {
            if let Some(x) = by_status.iter_mut().find(|x| x.status == status) {
                x.count += 1;
            }
            if matches!(status.as_str(), "replied" | "closed") {
                replied += 1;
                on_time += i64::from(*replied_on_time);
            }
            overdue += i64::from(*is_overdue);
        }
        Figures {
            comprehensive_window_share: self.has_windows.then(|| Rate::of(self.windows.0, self.windows.1)),
            full_online_share: self.catalogue.then(|| Rate::of(self.items.1, self.items.0)),
            stationing_rate: self.catalogue.then(|| Rate::of(self.items.2, self.items.3)),
            tickets: TicketFigures {
                issued: q.issued,
                served: q.served,
                no_shows: q.no_shows,
                waiting: Timing::of(q.called, q.wait_sum_s, &q.wait_hist),
                service: Timing::of(q.service_n, q.service_sum_s, &q.service_hist),
            },
            cases: CaseFigures {
                accepted: c.accepted,
                decided: c.decided,
                on_time_rate: Rate::of(c.on_time, c.decided),
                overdue_decided: c.late,
                over_statutory_decided: c.over_statutory,
                overdue_open: self.open.0 + self.open.1,
                over_statutory_open: self.open.1,
                completed: c.completed,
            },
            ladder: LadderFigures {
                reminders_level1: c.remind1,
                reminders_level2: c.remind2,
                reminders_level3: c.remind3,
                yellow_cards: c.yellow,
                red_cards: c.red,
            },
            ratings: RatingFigures::of(&all),
            active_rating_rate: Rate::of(self.case_ratings.n + self.case_ratings.voided, c.completed),
            work_orders: WorkOrderFigures {
                registered: self.orders.len() as i64,
                by_status,
                on_time_reply_rate: Rate::of(on_time, replied),
                overdue_open: overdue,
            },
        }
    }
}

// ---------------------------------------------------------------- the dashboard

/// Parses `scope`, checks the actor may read it, and gives the filter's narrowing and label.
/// A resolved scope: its view, and the narrowing it puts on the figures (an org unit's path, a
/// site, a department).
pub(super) type Narrowing = (ScopeView, Option<String>, Option<i64>, Option<i64>);

pub(super) fn resolve_scope(actor: &Actor, scope: Option<&str>, names: &Names) -> Result<Narrowing> {
    let s = scope.map(str::trim).filter(|s| !s.is_empty() && *s != "all");
    let Some(s) = s else { return Ok((ScopeView { code: "all".into(), label: "全部".into() }, None, None, None)) };
    let bad = || Invalid::one("scope", format!("范围应为 all、org:编号、site:编号 或 department:编号（收到“{s}”）"));
    let (kind, id) = s.split_once(':').ok_or_else(bad)?;
    let id: i64 = id.trim().parse().map_err(|_| bad())?;
    let view = |label: String| ScopeView { code: format!("{kind}:{id}"), label };
    match kind {
        "org" => {
            let (name, _, path) = names.org_units.get(&id).ok_or(AppError::NotFound("组织"))?;
            if !actor.can(Permission::ViewSupervision, path, None) {
                return Err(AppError::forbidden("查看该组织的数据"));
            }
            Ok((view(name.clone()), Some(path.clone()), None, None))
        }
        "site" => {
            let (name, org) = names.sites.get(&id).ok_or(AppError::NotFound("场所"))?;
            let path = names.org_units.get(org).map(|o| o.2.clone()).unwrap_or_default();
            if !actor.can(Permission::ViewSupervision, &path, None) {
                return Err(AppError::forbidden("查看该场所的数据"));
            }
            Ok((view(name.clone()), None, Some(id), None))
        }
        "department" => {
            let name = names.departments.get(&id).ok_or(AppError::NotFound("部门"))?;
            Ok((view(name.clone()), None, None, Some(id)))
        }
        _ => Err(bad().into()),
    }
}

pub(super) fn in_scope(scope: &Scope, path: &str) -> bool {
    match scope {
        Scope::All => true,
        Scope::Paths(p) => p.iter().any(|x| path.starts_with(x.as_str())),
    }
}

/// Whether a live row (org unit, site, department) passes the filter and the actor's scope.
pub(super) fn keeps(names: &Names, scope: &Scope, f: &Filter, org_unit_id: i64, site_id: i64, department_id: Option<i64>) -> bool {
    let path = names.org_units.get(&org_unit_id).map_or("", |o| o.2.as_str());
    in_scope(scope, path)
        && f.org_path.as_ref().is_none_or(|p| path.starts_with(p.as_str()))
        && f.site_id.is_none_or(|s| s == site_id)
        && f.department_id.is_none_or(|d| department_id == Some(d))
}

/// Period of a trend point: the day, or its month for spans over 62 days.
pub(super) fn bucket(d: NaiveDate, monthly: bool) -> String {
    if monthly { format!("{:04}-{:02}", d.year(), d.month()) } else { d.to_string() }
}

/// The first day of `d`'s month.
pub(super) fn month_start(d: NaiveDate) -> NaiveDate {
    d.with_day(1).unwrap_or(d)
}

/// The last day of `d`'s month.
pub(super) fn month_end(d: NaiveDate) -> NaiveDate {
    let next =
        if d.month() == 12 { NaiveDate::from_ymd_opt(d.year() + 1, 1, 1) } else { NaiveDate::from_ymd_opt(d.year(), d.month() + 1, 1) };
    next.and_then(|n| n.pred_opt()).unwrap_or(d)
}

/// How `from..=to` is read: `(from, to, months)` pieces — with `by_month`, the whole months inside
/// as one piece of month rows (first days of the first and last month) and the days before and
/// after them as day pieces; else the days as one piece. Empty when `to < from`.
pub fn spans(from: NaiveDate, to: NaiveDate, by_month: bool) -> Vec<(NaiveDate, NaiveDate, bool)> {
    if to < from {
        return vec![];
    }
    let first_full = if from.day() == 1 { from } else { month_end(from).succ_opt().unwrap_or(from) };
    let last_full = if month_end(to) == to { to } else { month_start(to).pred_opt().unwrap_or(to) };
    if !by_month || first_full > last_full {
        return vec![(from, to, false)];
    }
    let mut out = Vec::new();
    if from < first_full {
        out.push((from, first_full.pred_opt().unwrap_or(from), false));
    }
    out.push((first_full, month_start(last_full), true));
    if last_full < to {
        out.push((last_full.succ_opt().unwrap_or(to), to, false));
    }
    out
}

/// The dashboard for a request. Needs [`Permission::ViewSupervision`].
pub async fn dashboard(app: &App, actor: &Actor, ask: &Ask<'_>) -> Result<Dashboard> {
    compute(app, actor, ask, false).await
}

/// The dashboard, or with `light` only its ratings and tickets (what the window ranking needs).
pub(super) async fn compute(app: &App, actor: &Actor, ask: &Ask<'_>, light: bool) -> Result<Dashboard> {
    actor.require_role(Permission::ViewSupervision, "查看数据看板")?;
    let today = app.clock.today();
    let (from, to) = crate::supervision::chases::period(ask.from, ask.to, today)?;
    let by = Dimension::parse(ask.by)?;
    let scope = actor.scope(Permission::ViewSupervision);
    let mut tx = app.read().await?;
    let names = store::figures::names(&mut tx).await?;
    let (view, org_path, site_id, department_id) = resolve_scope(actor, ask.scope, &names)?;
    let user_of_staff = names.users.iter().filter_map(|(u, (_, s))| s.map(|s| (s, *u))).collect();
    let ctx = Ctx { names, by, user_of_staff };
    let rolled = store::figures::rolled_through(&mut tx).await?;
    // The stored part ends at the roll-up's mark; later days are counted live.
    let stored_to = rolled.map_or(from.pred_opt().unwrap_or(from), |r| r.min(to));
    let live_from = stored_to.succ_opt().unwrap_or(stored_to).max(from);
    let f = Filter { from, to: stored_to, months: false, org_path, site_id, department_id };
    let monthly = (to - from).num_days() > 62;
    // Whole months are read from the month rows over long spans (the trend is then by month too),
    // and always for the ranking, which draws no trend.
    let use_months = monthly || light;
    let mut groups: BTreeMap<i64, Acc> = BTreeMap::new();
    let mut total = Acc::default();
    let mut trend: BTreeMap<String, (CaseCounts, Counts, QueueCounts)> = BTreeMap::new();
    let mut d = from;
    while d <= to {
        trend.entry(bucket(d, monthly)).or_default();
        d = d.succ_opt().unwrap_or(to + chrono::Duration::days(1));
    }

    // Stored days (and, over long spans, whole months) of cases, reminders, cards and tickets up
    // to the roll-up's mark; ratings are exact for every day, so they are read over the whole span.
    let span = |a: NaiveDate, b: NaiveDate, months: bool| Filter { from: a, to: b, months, ..f.clone() };
    for (a, b, months) in spans(from, stored_to, use_months) {
        let sf = span(a, b, months);
        let sums = if light { vec![] } else { store::figures::sum_cases(&mut tx, &scope, &sf, by.by()).await? };
        for r in sums {
            let g = groups.entry(ctx.group_of(r.key, false)).or_default();
            g.cases = g.cases.plus(&r.counts);
            total.cases = total.cases.plus(&r.counts);
        }
        let days = if light { vec![] } else { store::figures::sum_cases_by_day(&mut tx, &scope, &sf).await? };
        for r in days {
            let t = trend.entry(bucket(r.day, monthly)).or_default();
            t.0 = t.0.plus(&r.counts);
        }
        for (key, k, c) in store::figures::queue_rows(&mut tx, &scope, &sf, by.by()).await? {
            groups.entry(ctx.group_of(key, true)).or_default().queue.merge(&c);
            total.queue.merge(&c);
            trend.entry(bucket(k.day, monthly)).or_default().2.merge(&c);
        }
    }
    for (a, b, months) in spans(from, to, use_months) {
        let sf = span(a, b, months);
        for r in store::figures::sum_ratings(&mut tx, &scope, &sf, by.by()).await? {
            let g = groups.entry(ctx.group_of(r.key, true)).or_default();
            let (gs, ts) = if r.subject == "case" {
                (&mut g.case_ratings, &mut total.case_ratings)
            } else {
                (&mut g.visit_ratings, &mut total.visit_ratings)
            };
            *gs = gs.plus(&r.counts);
            *ts = ts.plus(&r.counts);
        }
        for r in store::figures::sum_ratings_by_day(&mut tx, &scope, &sf).await? {
            let t = trend.entry(bucket(r.day, monthly)).or_default();
            t.1 = t.1.plus(&r.counts);
        }
    }
    // Days after the roll-up's mark, counted from the base tables.
    if live_from <= to {
        let cases = if light { BTreeMap::new() } else { store::figures::case_facts(&mut tx, live_from, to, cst()).await? };
        for (k, c) in &cases {
            if !keeps(&ctx.names, &scope, &f, k.org_unit_id, k.site_id, Some(k.department_id)) {
                continue;
            }
            let key = match by.by() {
                By::OrgUnit => k.org_unit_id,
                By::Site => k.site_id,
                By::Department => k.department_id,
                By::Window => k.window_id,
                By::Person | By::Nothing => k.user_id,
            };
            let g = groups.entry(ctx.group_of(key, false)).or_default();
            g.cases = g.cases.plus(c);
            total.cases = total.cases.plus(c);
            let t = trend.entry(bucket(k.day, monthly)).or_default();
            t.0 = t.0.plus(c);
        }
        if f.department_id.is_none() {
            for (k, c) in &store::figures::queue_facts(&mut tx, live_from, to).await? {
                if !keeps(&ctx.names, &scope, &f, k.org_unit_id, k.site_id, None) {
                    continue;
                }
                let key = match by.by() {
                    By::OrgUnit => k.org_unit_id,
                    By::Site => k.site_id,
                    By::Department => continue,
                    By::Window => k.window_id,
                    By::Person | By::Nothing => k.staff_id,
                };
                groups.entry(ctx.group_of(key, true)).or_default().queue.merge(c);
                total.queue.merge(c);
                trend.entry(bucket(k.day, monthly)).or_default().2.merge(c);
            }
        }
    }
    // Open cases past their limits, as the last sweep counted them.
    let overdue_as_of = store::figures::overdue_taken_at(&mut tx).await?;
    let overdue = if light { vec![] } else { store::figures::open_overdue(&mut tx, &scope, &f, by.by()).await? };
    for (key, promised, statutory) in overdue {
        let g = groups.entry(ctx.group_of(key, false)).or_default();
        g.open.0 += promised;
        g.open.1 += statutory;
        total.open.0 += promised;
        total.open.1 += statutory;
    }
    // Work orders registered in the period.
    let orders = if light {
        vec![]
    } else {
        store::figures::work_orders(&mut tx, &scope, &f, start_of(from), start_of(to + chrono::Duration::days(1))).await?
    };
    for w in orders {
        let replied_on = w.replied_at.map(|a| a.with_timezone(&cst()).date_naive());
        let on_time = match (replied_on, w.reply_due_on) {
            (Some(r), Some(due)) => r <= due,
            (Some(_), None) => true,
            _ => false,
        };
        let overdue = replied_on.is_none() && w.status != "closed" && w.reply_due_on.is_some_and(|d| d < today);
        let key = match by {
            Dimension::Banner | Dimension::Town => Some(ctx.group_of(w.org_unit_id, false)),
            Dimension::Site => w.site_id,
            Dimension::Department => w.department_id,
            Dimension::Window => None,
            Dimension::Staff => w.staff_id.map(|s| ctx.group_of(s, true)),
        };
        let fact = (w.status.clone(), on_time, overdue);
        if let Some(k) = key {
            groups.entry(k).or_default().orders.push(fact.clone());
        }
        total.orders.push(fact);
    }
    // Windows and the catalogue (today's).
    if !light && f.department_id.is_none() {
        for w in ctx.names.windows.values() {
            let site = w.site_id;
            let org = ctx.names.sites.get(&site).map_or(0, |s| s.1);
            if !w.active || !keeps(&ctx.names, &scope, &f, org, site, None) {
                continue;
            }
            let comp = i64::from(WindowKind::parse("kind", &w.kind).is_ok_and(WindowKind::is_comprehensive));
            total.windows.0 += comp;
            total.windows.1 += 1;
            if let Some(g) = ctx.group_of_site(site) {
                let a = groups.entry(g).or_default();
                a.windows.0 += comp;
                a.windows.1 += 1;
            }
        }
    }
    let current = if light { vec![] } else { store::catalog::current_depths(&mut tx, today).await? };
    let depth: HashMap<i64, bool> = current.into_iter().map(|(item, depth)| (item, depth == "full")).collect();
    let dept_of: HashMap<i64, i64> = store::catalog::list_items(&mut tx).await?.into_iter().map(|i| (i.id, i.department_id)).collect();
    let links = if light { vec![] } else { store::catalog::list_all_item_sites(&mut tx).await? };
    for l in links {
        let Some(full) = depth.get(&l.item_id) else { continue };
        let dept = dept_of.get(&l.item_id).copied();
        if !keeps(&ctx.names, &scope, &f, l.org_unit_id, l.site_id, dept) {
            continue;
        }
        let negative = !l.stationed && l.negative_reason.is_some();
        let add = |a: &mut Acc| {
            a.catalogue = true;
            a.items.0 += 1;
            a.items.1 += i64::from(*full);
            a.items.2 += i64::from(l.stationed);
            a.items.3 += i64::from(!negative);
        };
        add(&mut total);
        let g = match by {
            Dimension::Department => dept,
            _ => ctx.group_of_site(l.site_id),
        };
        if let Some(g) = g {
            add(groups.entry(g).or_default());
        }
    }
    drop(tx);
    let place_like = f.department_id.is_none() && matches!(by, Dimension::Banner | Dimension::Town | Dimension::Site);
    total.has_windows = f.department_id.is_none();
    total.catalogue = total.catalogue || total.has_windows;
    for a in groups.values_mut() {
        a.has_windows = place_like;
        a.catalogue = a.catalogue || place_like;
    }
    let total_figures = total.figures();
    let targets = TARGETS
        .iter()
        .map(|t| {
            let rate = match t.code {
                "comprehensive_window_share" => total_figures.comprehensive_window_share,
                "full_online_share" => total_figures.full_online_share,
                "stationing_rate" => total_figures.stationing_rate,
                "rectify_rate" => Some(total_figures.ratings.rectify_rate),
                _ => Some(total_figures.ratings.callback_rate),
            };
            let value = rate.and_then(|r| r.percent);
            TargetMark {
                code: t.code,
                label: t.label,
                target: t.at_least,
                source: t.source,
                value,
                met: rate.and_then(|r| r.meets(t.at_least)),
            }
        })
        .collect();
    let mut out_groups: Vec<Group> = groups.into_iter().map(|(id, a)| Group { id, name: ctx.name_of(id), figures: a.figures() }).collect();
    out_groups.sort_by(|a, b| (a.id == 0, &a.name).cmp(&(b.id == 0, &b.name)));
    let trend = trend
        .into_iter()
        .map(|(period, (c, r, q))| TrendPoint {
            period,
            decided: c.decided,
            on_time_rate: Rate::of(c.on_time, c.decided).percent,
            ratings: r.n,
            good_rate: Rate::of(r.l4 + r.l5, r.n).percent,
            tickets: q.issued,
            avg_wait_s: (q.called > 0).then(|| (q.wait_sum_s as f64 / q.called as f64).round() as i64),
        })
        .collect();
    Ok(Dashboard {
        from,
        to,
        scope: view,
        by,
        total: total_figures,
        targets,
        groups: out_groups,
        trend,
        rolled_through: rolled,
        overdue_as_of,
    })
}

// ---------------------------------------------------------------- tables (page, workbook, report)
