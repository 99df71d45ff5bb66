//! Import of a whole service network from one JSON file: org units, departments, sites with their
//! zones and windows, staff (optionally seated today) and accounts with their role grants. The
//! file is read and checked completely first — every problem is reported with its JSON path and
//! a Chinese message naming the record — and only a clean file is written, in one transaction,
//! with an audit row per record as the single-record use cases write them. Records refer to each
//! other by code (org units, departments), key (sites, staff) or number (windows within a site);
//! an org unit or department may also be one already stored.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use domain::Invalid;
use domain::access::{Permission, Role};
use domain::org::{Hours, OrgLevel, PostGrade, SiteKind, WindowKind, ZoneKind, parse_dept_code, parse_window_no};
use domain::text::{mongolian, optional, required};
use domain::validate::Mobile;
use serde::{Deserialize, Serialize};
use store::Tx;
use store::mongolian::Named;
use store::org::{DepartmentFields, OrgUnitRow, Scope, SiteFields, StaffFields, WindowFields, WindowRow, ZoneFields};

use crate::accounts::parse_username;
use crate::org::staff::StaffView;
use crate::support::audit::record;
use crate::{Actor, App, AppError, Result};

/// The `format` marker of a network file.
pub const FORMAT: &str = "yichuang-network";
/// The network file's layout version.
pub const VERSION: u64 = 1;
/// The largest file an import accepts.
pub const MAX_BYTES: usize = 10 * 1024 * 1024;

// ---------------------------------------------------------------- the file's shape

/// A network file: `{"format":"yichuang-network","version":1,"org_units":[…],…}`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NetworkFile {
    pub format: String,
    pub version: u64,
    /// Parents before their children.
    #[serde(default)]
    pub org_units: Vec<OrgUnitSpec>,
    #[serde(default)]
    pub departments: Vec<DepartmentSpec>,
    #[serde(default)]
    pub sites: Vec<SiteSpec>,
    #[serde(default)]
    pub staff: Vec<StaffSpec>,
    #[serde(default)]
    pub accounts: Vec<AccountSpec>,
}

/// An org unit; its level follows its parent's and, when given, must be `level`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OrgUnitSpec {
    #[serde(default)]
    pub code: String,
    #[serde(default)]
    pub name: String,
    /// `banner`, `town` or `village`.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub level: String,
    /// The parent's code (in the file or stored); absent only for the banner.
    #[serde(default)]
    pub parent: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DepartmentSpec {
    #[serde(default)]
    pub code: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub short_name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SiteSpec {
    /// The site's handle within the file (staff seats refer to it).
    #[serde(default)]
    pub key: String,
    #[serde(default)]
    pub name: String,
    /// `centre`, `town_centre` or `station`.
    #[serde(default)]
    pub kind: String,
    /// Code of the org unit the site serves.
    #[serde(default)]
    pub org_unit: String,
    #[serde(default)]
    pub address: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    #[serde(default)]
    pub hours_weekday: String,
    /// Blank when closed at weekends.
    #[serde(default)]
    pub hours_weekend: String,
    /// The name in traditional Mongolian script, when entered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name_mn: Option<String>,
    #[serde(default)]
    pub zones: Vec<ZoneSpec>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ZoneSpec {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub kind: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub floor: Option<String>,
    #[serde(default)]
    pub windows: Vec<WindowSpec>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WindowSpec {
    #[serde(default)]
    pub number: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub kind: String,
    /// Codes of the departments the window acts for.
    #[serde(default)]
    pub departments: Vec<String>,
    /// The name in traditional Mongolian script, when entered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name_mn: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StaffSpec {
    /// The person's handle within the file (accounts refer to it).
    #[serde(default)]
    pub key: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub department: String,
    #[serde(default)]
    pub org_unit: String,
    /// `YYYY-MM-DD`.
    #[serde(default)]
    pub stationed_since: String,
    /// `junior`, `middle` or `senior`.
    #[serde(default)]
    pub grade: String,
    #[serde(default)]
    pub phone: String,
    /// Where the person sits today.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seat: Option<SeatSpec>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeatSpec {
    /// Site key.
    pub site: String,
    /// Window number at that site.
    pub window: String,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AccountSpec {
    #[serde(default)]
    pub username: String,
    #[serde(default)]
    pub name: String,
    /// Home org unit; by default the first grant's, else the banner.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub org_unit: Option<String>,
    /// Staff key of the person behind the login.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub staff: Option<String>,
    #[serde(default)]
    pub grants: Vec<GrantSpec>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GrantSpec {
    pub role: String,
    pub org_unit: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub department: Option<String>,
}

impl NetworkFile {
    /// Reads a network file's JSON (an optional UTF-8 byte-order mark is skipped); a file that is
    /// not JSON of this shape is refused with the line and column of the first problem.
    pub fn parse(bytes: &[u8]) -> Result<NetworkFile, Invalid> {
        let body = bytes.strip_prefix(b"\xEF\xBB\xBF".as_slice()).unwrap_or(bytes);
        let file: NetworkFile = serde_json::from_slice(body).map_err(|err| {
            let why = match err.classify() {
                serde_json::error::Category::Eof => format!("文件在第 {} 行提前结束，内容不完整", err.line()),
                serde_json::error::Category::Data => {
                    format!("第 {} 行第 {} 列附近的内容不符合服务网络文件的格式（{err}）", err.line(), err.column())
                }
                _ if std::str::from_utf8(body).is_err() => "文件不是 UTF-8 编码的文本".to_owned(),
                _ => format!("第 {} 行第 {} 列附近格式有误", err.line(), err.column()),
            };
            Invalid::one("文件", format!("文件不是有效的服务网络 JSON：{why}"))
        })?;
        if file.format != FORMAT {
            return Err(Invalid::one("format", format!("该 JSON 文件不是一窗服务网络文件（应含 \"format\": \"{FORMAT}\"）")));
        }
        if file.version != VERSION {
            return Err(Invalid::one("version", format!("不支持第 {} 版的服务网络文件，本系统读取第 {VERSION} 版", file.version)));
        }
        Ok(file)
    }

    /// Iterates the windows of a site as (zone index, window).
    pub fn windows<'a>(site: &'a SiteSpec) -> impl Iterator<Item = &'a WindowSpec> + 'a {
        site.zones.iter().flat_map(|z| z.windows.iter())
    }
}

// ---------------------------------------------------------------- what an import did

/// Ids of what an import created, by the file's codes and keys.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NetworkIds {
    /// Org unit code → id.
    pub org_units: HashMap<String, i64>,
    /// Department code → id.
    pub departments: HashMap<String, i64>,
    /// Site key → id.
    pub sites: HashMap<String, i64>,
    /// Site key → window number → id.
    pub windows: HashMap<String, HashMap<String, i64>>,
    /// Staff key → id.
    pub staff: HashMap<String, i64>,
    /// Username → id.
    pub users: HashMap<String, i64>,
}

impl NetworkIds {
    /// The id of window `number` at the site with key `site`, if the file had it.
    pub fn window_at(&self, site: &str, number: &str) -> Option<i64> {
        self.windows.get(site).and_then(|w| w.get(number)).copied()
    }
}

/// What an import wrote.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ImportReport {
    pub org_units: usize,
    pub departments: usize,
    pub sites: usize,
    pub zones: usize,
    pub windows: usize,
    pub staff: usize,
    pub seats: usize,
    pub accounts: usize,
    pub grants: usize,
    pub ids: NetworkIds,
}

impl ImportReport {
    /// The outcome in one Chinese sentence.
    pub fn summary(&self) -> String {
        format!(
            "导入完成：新增组织机构 {} 个、部门 {} 个、场所 {} 个（区域 {} 个、窗口 {} 个）、工作人员 {} 名（今日上岗 {} 名）、账号 {} 个（授权 {} 项）。",
            self.org_units, self.departments, self.sites, self.zones, self.windows, self.staff, self.seats, self.accounts, self.grants
        )
    }
}

// ---------------------------------------------------------------- checking

/// Problems found so far; each one names its JSON path and, in its message, the record.
#[derive(Default)]
struct Problems(Invalid);

impl Problems {
    fn push(&mut self, path: &str, at: &str, msg: impl std::fmt::Display) {
        self.0.push(path, format!("{at}：{msg}"));
    }

    /// The value of a domain check, or its problems (already named by path) under `at`.
    fn take<T>(&mut self, at: &str, r: Result<T, Invalid>) -> Option<T> {
        match r {
            Ok(v) => Some(v),
            Err(inv) => {
                for f in inv.fields {
                    self.push(&f.field, at, f.message);
                }
                None
            }
        }
    }
}

/// Remembers the first place each value of a unique field was seen.
fn first_seen<'a>(seen: &mut HashMap<&'a str, String>, value: &'a str, at: &str) -> Option<String> {
    match seen.get(value) {
        Some(first) => Some(first.clone()),
        None => {
            seen.insert(value, at.to_owned());
            None
        }
    }
}

/// What is already stored that the file may refer to or must not repeat.
struct Stored {
    org_units: HashMap<String, OrgUnitRow>,
    departments: HashMap<String, i64>,
    department_names: HashSet<String>,
    site_names: HashSet<String>,
}

async fn stored(tx: &mut Tx) -> Result<Stored> {
    let org_units = store::org::list_org_units(tx, &Scope::All).await?.into_iter().map(|u| (u.code.clone(), u)).collect();
    let depts = store::org::list_departments(tx).await?;
    let department_names = depts.iter().map(|d| d.name.clone()).collect();
    let departments = depts.into_iter().map(|d| (d.code, d.id)).collect();
    let site_names = store::org::list_sites(tx, &Scope::All).await?.into_iter().map(|s| s.name).collect();
    Ok(Stored { org_units, departments, department_names, site_names })
}

/// Checks the whole file against itself and the store; returns every org unit's level by code.
async fn check(app: &App, tx: &mut Tx, f: &NetworkFile, db: &Stored, with_password: bool) -> Result<Problems> {
    let mut e = Problems::default();
    let today = app.clock.today();
    let mut levels: HashMap<&str, OrgLevel> =
        db.org_units.values().filter_map(|u| Some((u.code.as_str(), OrgLevel::parse("level", &u.level).ok()?))).collect();
    let mut has_root = db.org_units.values().any(|u| u.parent_id.is_none());
    let mut seen = HashMap::new();
    for (i, u) in f.org_units.iter().enumerate() {
        let p = |k: &str| format!("org_units[{i}].{k}");
        let at = format!("第 {} 个组织机构（{}）", i + 1, u.code.trim());
        let code = e.take(&at, required(&p("code"), "机构代码", &u.code, 20));
        e.take(&at, required(&p("name"), "机构名称", &u.name, 40));
        let Some(code) = code else { continue };
        if !code.chars().all(|c| c.is_ascii_alphanumeric()) {
            e.push(&p("code"), &at, "机构代码只能由数字和字母组成，如 150626100");
        }
        if db.org_units.contains_key(&code) {
            e.push(&p("code"), &at, format!("机构代码 {code} 已存在"));
        } else if let Some(first) = first_seen(&mut seen, u.code.trim(), &at) {
            e.push(&p("code"), &at, format!("机构代码 {code} 与{first}重复"));
        }
        let level = match u.parent.as_deref().map(str::trim) {
            None | Some("") if has_root => {
                e.push(&p("parent"), &at, "请填写上级机构代码（旗级机构只能有一个）");
                None
            }
            None | Some("") => {
                has_root = true;
                Some(OrgLevel::Banner)
            }
            Some(parent) => match levels.get(parent) {
                None => {
                    e.push(&p("parent"), &at, format!("上级机构 {parent} 不存在（上级须写在下级之前）"));
                    None
                }
                Some(l) => {
                    let child = l.child();
                    if child.is_none() {
                        e.push(&p("parent"), &at, "嘎查村/社区下不能再设下级机构");
                    }
                    child
                }
            },
        };
        if let Some(level) = level {
            if !u.level.trim().is_empty()
                && let Some(want) = e.take(&at, OrgLevel::parse(&p("level"), u.level.trim()))
                && want != level
            {
                e.push(&p("level"), &at, format!("应为{}，但按其上级只能是{}", want.label(), level.label()));
            }
            levels.insert(u.code.trim(), level);
        }
    }
    let mut dept_codes: HashSet<&str> = db.departments.keys().map(String::as_str).collect();
    let (mut seen, mut seen_names) = (HashMap::new(), HashMap::new());
    for (i, d) in f.departments.iter().enumerate() {
        let p = |k: &str| format!("departments[{i}].{k}");
        let at = format!("第 {} 个部门（{}）", i + 1, d.code.trim());
        let code = e.take(&at, parse_dept_code(&p("code"), &d.code));
        let name = e.take(&at, required(&p("name"), "部门全称", &d.name, 40));
        e.take(&at, required(&p("short_name"), "部门简称", &d.short_name, 16));
        e.take(&at, optional(&p("phone"), "联系电话", d.phone.as_deref(), 20));
        if let Some(code) = code {
            if db.departments.contains_key(&code) {
                e.push(&p("code"), &at, format!("部门简码 {code} 已存在"));
            } else if let Some(first) = first_seen(&mut seen, d.code.trim(), &at) {
                e.push(&p("code"), &at, format!("部门简码 {code} 与{first}重复"));
            }
            dept_codes.insert(d.code.trim());
        }
        if let Some(name) = name {
            if db.department_names.contains(&name) {
                e.push(&p("name"), &at, format!("部门“{name}”已存在"));
            } else if let Some(first) = first_seen(&mut seen_names, d.name.trim(), &at) {
                e.push(&p("name"), &at, format!("部门名称与{first}重复"));
            }
        }
    }

    let mut windows_at: HashMap<&str, HashSet<&str>> = HashMap::new();
    let (mut seen, mut seen_names) = (HashMap::new(), HashMap::new());
    for (i, s) in f.sites.iter().enumerate() {
        let p = |k: &str| format!("sites[{i}].{k}");
        let at = format!("第 {} 个场所（{}）", i + 1, s.name.trim());
        let key = e.take(&at, required(&p("key"), "场所标识（key）", &s.key, 40));
        if let Some(key) = &key
            && let Some(first) = first_seen(&mut seen, s.key.trim(), &at)
        {
            e.push(&p("key"), &at, format!("场所标识 {key} 与{first}重复"));
        }
        if let Some(name) = e.take(&at, required(&p("name"), "场所名称", &s.name, 40)) {
            if db.site_names.contains(&name) {
                e.push(&p("name"), &at, format!("场所“{name}”已存在"));
            } else if let Some(first) = first_seen(&mut seen_names, s.name.trim(), &at) {
                e.push(&p("name"), &at, format!("场所名称与{first}重复"));
            }
        }
        let kind = e.take(&at, SiteKind::parse(&p("kind"), s.kind.trim()));
        match levels.get(s.org_unit.trim()) {
            None => e.push(&p("org_unit"), &at, format!("所属机构 {} 不存在", s.org_unit.trim())),
            Some(l) => {
                if let Some(kind) = kind
                    && kind.level() != *l
                {
                    e.push(
                        &p("org_unit"),
                        &at,
                        format!("{}应设在{}级机构，{} 是{}", kind.label(), kind.level().label(), s.org_unit.trim(), l.label()),
                    );
                }
            }
        }
        e.take(&at, required(&p("address"), "地址", &s.address, 100));
        e.take(&at, optional(&p("phone"), "咨询电话", s.phone.as_deref(), 20));
        if let Some(h) = e.take(&at, Hours::parse(&p("hours_weekday"), &s.hours_weekday))
            && h.is_closed()
        {
            e.push(&p("hours_weekday"), &at, "请填写工作日办公时间");
        }
        e.take(&at, Hours::parse(&p("hours_weekend"), &s.hours_weekend));
        e.take(&at, mongolian(&p("name_mn"), "蒙古文名称", s.name_mn.as_deref()));
        let numbers = windows_at.entry(s.key.trim()).or_default();
        let (mut zone_names, mut window_numbers) = (HashMap::new(), HashMap::new());
        for (j, z) in s.zones.iter().enumerate() {
            let p = |k: &str| format!("sites[{i}].zones[{j}].{k}");
            let at = format!("{at}的第 {} 个区域（{}）", j + 1, z.name.trim());
            if e.take(&at, required(&p("name"), "区域名称", &z.name, 30)).is_some()
                && let Some(first) = first_seen(&mut zone_names, z.name.trim(), &at)
            {
                e.push(&p("name"), &at, format!("区域名称与{first}重复"));
            }
            e.take(&at, ZoneKind::parse(&p("kind"), z.kind.trim()));
            e.take(&at, optional(&p("floor"), "楼层", z.floor.as_deref(), 10));
            for (k, w) in z.windows.iter().enumerate() {
                let p = |f: &str| format!("sites[{i}].zones[{j}].windows[{k}].{f}");
                let at = format!("{at}的第 {} 个窗口（{} 号）", k + 1, w.number.trim());
                if let Some(no) = e.take(&at, parse_window_no(&p("number"), &w.number)) {
                    if let Some(first) = first_seen(&mut window_numbers, w.number.trim(), &at) {
                        e.push(&p("number"), &at, format!("窗口号 {no} 与{first}重复"));
                    }
                    numbers.insert(w.number.trim());
                }
                e.take(&at, required(&p("name"), "窗口名称", &w.name, 30));
                e.take(&at, mongolian(&p("name_mn"), "蒙古文名称", w.name_mn.as_deref()));
                e.take(&at, WindowKind::parse(&p("kind"), w.kind.trim()));
                if w.departments.is_empty() {
                    e.push(&p("departments"), &at, "请至少填写一个窗口代办的部门");
                }
                let mut once = HashSet::new();
                for (n, d) in w.departments.iter().enumerate() {
                    if !dept_codes.contains(d.trim()) {
                        e.push(&format!("{}[{n}]", p("departments")), &at, format!("代办部门 {} 不存在", d.trim()));
                    } else if !once.insert(d.trim()) {
                        e.push(&format!("{}[{n}]", p("departments")), &at, format!("代办部门 {} 填写了不止一次", d.trim()));
                    }
                }
            }
        }
    }

    let (mut seen, mut seats) = (HashMap::new(), HashMap::new());
    for (i, st) in f.staff.iter().enumerate() {
        let p = |k: &str| format!("staff[{i}].{k}");
        let at = format!("第 {} 名工作人员（{}）", i + 1, st.name.trim());
        if let Some(key) = e.take(&at, required(&p("key"), "人员标识（key）", &st.key, 40))
            && let Some(first) = first_seen(&mut seen, st.key.trim(), &at)
        {
            e.push(&p("key"), &at, format!("人员标识 {key} 与{first}重复"));
        }
        e.take(&at, required(&p("name"), "姓名", &st.name, 20));
        if !dept_codes.contains(st.department.trim()) {
            e.push(&p("department"), &at, format!("派驻部门 {} 不存在", st.department.trim()));
        }
        if !levels.contains_key(st.org_unit.trim()) {
            e.push(&p("org_unit"), &at, format!("所属机构 {} 不存在", st.org_unit.trim()));
        }
        match NaiveDate::parse_from_str(st.stationed_since.trim(), "%Y-%m-%d") {
            Ok(d) if d > today => e.push(&p("stationed_since"), &at, "进驻日期不能晚于今天"),
            Ok(_) => {}
            Err(_) => e.push(&p("stationed_since"), &at, "进驻日期格式应为 2024-03-01"),
        }
        e.take(&at, PostGrade::parse(&p("grade"), st.grade.trim()));
        if st.phone.trim().is_empty() {
            e.push(&p("phone"), &at, "请填写手机号");
        } else {
            e.take(&at, Mobile::parse(&p("phone"), st.phone.trim()));
        }
        if let Some(seat) = &st.seat {
            let (site, number) = (seat.site.trim(), seat.window.trim());
            if !windows_at.get(site).is_some_and(|w| w.contains(number)) {
                e.push(&p("seat"), &at, format!("上岗窗口不存在：场所 {site} 没有 {number} 号窗口"));
            } else if let Some(first) = seats.get(&(site, number)) {
                e.push(&p("seat"), &at, format!("与{first}安排在同一窗口（{site} 的 {number} 号）"));
            } else {
                seats.insert((site, number), at.clone());
            }
        }
    }

    let staff_keys: HashSet<&str> = f.staff.iter().map(|s| s.key.trim()).collect();
    if !f.accounts.is_empty() && !with_password {
        e.push("accounts", "账号", format!("文件含 {} 个账号，导入账号须指定初始密码", f.accounts.len()));
    }
    let mut seen: HashMap<String, String> = HashMap::new();
    for (i, a) in f.accounts.iter().enumerate() {
        let p = |k: &str| format!("accounts[{i}].{k}");
        let at = format!("第 {} 个账号（{}）", i + 1, a.username.trim());
        if let Some(name) = e.take(&at, parse_username(&p("username"), &a.username)) {
            if store::accounts::find_user_by_username(tx, &name).await?.is_some() {
                e.push(&p("username"), &at, format!("用户名 {name} 已存在"));
            } else if let Some(first) = seen.get(&name) {
                e.push(&p("username"), &at, format!("用户名 {name} 与{first}重复"));
            } else {
                seen.insert(name, at.clone());
            }
        }
        e.take(&at, required(&p("name"), "姓名", &a.name, 20));
        if let Some(u) = a.org_unit.as_deref()
            && !levels.contains_key(u.trim())
        {
            e.push(&p("org_unit"), &at, format!("所属机构 {} 不存在", u.trim()));
        }
        if let Some(s) = a.staff.as_deref()
            && !staff_keys.contains(s.trim())
        {
            e.push(&p("staff"), &at, format!("工作人员 {} 不存在", s.trim()));
        }
        let mut grants = HashSet::new();
        for (j, g) in a.grants.iter().enumerate() {
            let p = |k: &str| format!("accounts[{i}].grants[{j}].{k}");
            let gat = format!("{at}的第 {} 项授权", j + 1);
            e.take(&gat, Role::parse(&p("role"), g.role.trim()));
            if !levels.contains_key(g.org_unit.trim()) {
                e.push(&p("org_unit"), &gat, format!("授权范围 {} 不存在", g.org_unit.trim()));
            }
            if let Some(d) = g.department.as_deref()
                && !dept_codes.contains(d.trim())
            {
                e.push(&p("department"), &gat, format!("部门 {} 不存在", d.trim()));
            }
            if !grants.insert((g.role.trim(), g.org_unit.trim(), g.department.as_deref().map(str::trim))) {
                e.push(&p("role"), &gat, "与该账号的另一项授权相同");
            }
        }
    }
    Ok(e)
}

// ---------------------------------------------------------------- writing

/// Imports a network file. The actor needs to manage the banner's structure (a system
/// administrator); creating the banner itself is for the system actor on an empty database.
/// Accounts are created only when `password_hash` (the initial password's hash, shared by every
/// imported account) is given. Every problem is reported at once; if there is any, nothing is
/// written.
pub async fn import(app: &App, actor: &Actor, bytes: &[u8], password_hash: Option<&str>) -> Result<ImportReport> {
    if bytes.is_empty() {
        return Err(Invalid::one("文件", "文件是空的").into());
    }
    if bytes.len() > MAX_BYTES {
        return Err(Invalid::one("文件", format!("文件超过 {} MB，请拆分后分批导入", MAX_BYTES / 1024 / 1024)).into());
    }
    let f = NetworkFile::parse(bytes)?;
    let mut tx = app.write().await?;
    let db = stored(&mut tx).await?;
    match db.org_units.values().find(|u| u.parent_id.is_none()) {
        Some(root) => actor.require(Permission::ManageStructure, &root.path, None, "导入服务网络")?,
        None if actor.is_system() => {}
        None => return Err(AppError::forbidden("导入服务网络（旗级机构只能在初始化时创建）")),
    }
    check(app, &mut tx, &f, &db, password_hash.is_some()).await?.0.into_result()?;
    let report = write(app, &mut tx, actor, &f, db, password_hash.unwrap_or_default()).await?;
    app.commit_network(tx).await?;
    app.caches.auth.clear();
    Ok(report)
}

/// Writes a checked file, record by record in file order, each with its audit row.
async fn write(app: &App, tx: &mut Tx, actor: &Actor, f: &NetworkFile, db: Stored, hash: &str) -> Result<ImportReport> {
    let now = app.clock.now();
    let today = app.clock.today();
    let mut r = ImportReport::default();
    let mut units: HashMap<String, OrgUnitRow> = db.org_units;
    let sort_base = units.len();
    for (i, u) in f.org_units.iter().enumerate() {
        let parent = u.parent.as_deref().map(str::trim).filter(|p| !p.is_empty()).map(|p| units[p].clone());
        let level = match &parent {
            Some(p) => OrgLevel::parse("level", &p.level)?.child().ok_or(AppError::NotFound("上级机构"))?,
            None => OrgLevel::Banner,
        };
        let (code, name) = (u.code.trim(), u.name.trim());
        let parent = parent.as_ref().map(|p| (p.id, p.path.as_str()));
        let row = store::org::insert_org_unit(tx, parent, code, name, level.code(), (sort_base + i) as i64, now).await?;
        record::<(), _>(app, tx, actor, "create", "org_unit", row.id, &row.path, None, Some(&row)).await?;
        r.ids.org_units.insert(code.to_owned(), row.id);
        units.insert(code.to_owned(), row);
    }
    r.org_units = f.org_units.len();
    let root = units.values().find(|u| u.parent_id.is_none()).cloned().ok_or(AppError::NotFound("旗级机构"))?;

    let mut depts = db.departments;
    for d in &f.departments {
        let fields = DepartmentFields {
            org_unit_id: root.id,
            code: d.code.trim(),
            name: d.name.trim(),
            short_name: d.short_name.trim(),
            phone: d.phone.as_deref().map(str::trim).filter(|p| !p.is_empty()),
            active: true,
        };
        let row = store::org::insert_department(tx, &fields, now).await?;
        record::<(), _>(app, tx, actor, "create", "department", row.id, &root.path, None, Some(&row)).await?;
        r.ids.departments.insert(row.code.clone(), row.id);
        depts.insert(row.code, row.id);
    }
    r.departments = f.departments.len();

    let mut windows: HashMap<(String, String), WindowRow> = HashMap::new();
    for s in &f.sites {
        let unit = &units[s.org_unit.trim()];
        let (wd, we) =
            (Hours::parse("hours_weekday", &s.hours_weekday)?.to_string(), Hours::parse("hours_weekend", &s.hours_weekend)?.to_string());
        let fields = SiteFields {
            org_unit_id: unit.id,
            name: s.name.trim(),
            kind: SiteKind::parse("kind", s.kind.trim())?.code(),
            address: s.address.trim(),
            phone: s.phone.as_deref().map(str::trim).filter(|p| !p.is_empty()),
            hours_weekday: &wd,
            hours_weekend: &we,
            active: true,
        };
        let mut site = store::org::insert_site(tx, &fields, now).await?;
        site.name_mn = mongolian("name_mn", "蒙古文名称", s.name_mn.as_deref())?;
        store::mongolian::set_name_mn(tx, Named::Site, site.id, site.name_mn.as_deref(), now).await?;
        record::<(), _>(app, tx, actor, "create", "site", site.id, &site.org_path, None, Some(&site)).await?;
        r.ids.sites.insert(s.key.trim().to_owned(), site.id);
        for (j, z) in s.zones.iter().enumerate() {
            let floor = z.floor.as_deref().map(str::trim).filter(|f| !f.is_empty());
            let zf = ZoneFields { name: z.name.trim(), kind: ZoneKind::parse("kind", z.kind.trim())?.code(), floor, sort_order: j as i64 };
            let zone = store::org::insert_zone(tx, site.id, site.org_unit_id, &zf, now).await?;
            record::<(), _>(app, tx, actor, "create", "zone", zone.id, &site.org_path, None, Some(&zone)).await?;
            r.zones += 1;
            for w in &z.windows {
                let kind = WindowKind::parse("kind", w.kind.trim())?;
                let wf = WindowFields { zone_id: zone.id, number: w.number.trim(), name: w.name.trim(), kind: kind.code(), active: true };
                let mut row = store::org::insert_window(tx, site.id, site.org_unit_id, &wf, now).await?;
                row.name_mn = mongolian("name_mn", "蒙古文名称", w.name_mn.as_deref())?;
                store::mongolian::set_name_mn(tx, Named::Window, row.id, row.name_mn.as_deref(), now).await?;
                let dept_ids: Vec<i64> = w.departments.iter().map(|d| depts[d.trim()]).collect();
                store::org::set_window_departments(tx, row.id, &dept_ids).await?;
                let after = serde_json::json!({"window": &row, "department_ids": &dept_ids});
                let after = flatten_window(after);
                record::<(), _>(app, tx, actor, "create", "window", row.id, &site.org_path, None, Some(&after)).await?;
                r.ids.windows.entry(s.key.trim().to_owned()).or_default().insert(row.number.clone(), row.id);
                windows.insert((s.key.trim().to_owned(), row.number.clone()), row);
                r.windows += 1;
            }
        }
    }
    r.sites = f.sites.len();

    for st in &f.staff {
        let unit = &units[st.org_unit.trim()];
        let phone = Mobile::parse("phone", st.phone.trim())?;
        let (enc, phone_hash, masked) = app.seal_phone(&phone);
        let since = NaiveDate::parse_from_str(st.stationed_since.trim(), "%Y-%m-%d")
            .map_err(|_| Invalid::one("stationed_since", "进驻日期有误"))?;
        let fields = StaffFields {
            org_unit_id: unit.id,
            department_id: depts[st.department.trim()],
            name: st.name.trim(),
            stationed_since: since,
            grade: PostGrade::parse("grade", st.grade.trim())?.code(),
            phone_enc: &enc,
            phone_hash: &phone_hash,
            phone_masked: &masked,
            active: true,
        };
        let row = store::org::insert_staff(tx, &fields, now).await?;
        let view = StaffView::from_row(row, None);
        record::<(), _>(app, tx, actor, "create", "staff", view.id, &unit.path, None, Some(&view)).await?;
        r.ids.staff.insert(st.key.trim().to_owned(), view.id);
        if let Some(seat) = &st.seat {
            let w = &windows[&(seat.site.trim().to_owned(), seat.window.trim().to_owned())];
            store::org::seat_staff(tx, today, view.id, w, now).await?;
            let after = store::org::list_site_seats(tx, w.site_id, today).await?.into_iter().find(|s| s.window_id == w.id);
            record::<(), _>(app, tx, actor, "seat", "window", w.id, &w.org_path, None, after.as_ref()).await?;
            r.seats += 1;
        }
    }
    r.staff = f.staff.len();

    for a in &f.accounts {
        let home = a.org_unit.as_deref().or(a.grants.first().map(|g| g.org_unit.as_str())).map_or(&root, |c| &units[c.trim()]);
        let username = parse_username("username", &a.username)?;
        let staff_id = a.staff.as_deref().map(|k| r.ids.staff[k.trim()]);
        let uf = store::accounts::UserFields { username: &username, name: a.name.trim(), staff_id, org_unit_id: home.id, active: true };
        let u = store::accounts::insert_user(tx, &uf, hash, now).await?;
        let v = crate::accounts::users::view(u, &[], now);
        record::<(), _>(app, tx, actor, "create", "user", v.id, &home.path, None, Some(&v)).await?;
        for g in &a.grants {
            let role = Role::parse("role", g.role.trim())?;
            let unit = &units[g.org_unit.trim()];
            let dept = g.department.as_deref().map(|d| depts[d.trim()]);
            let id = store::accounts::insert_grant(tx, v.id, role.code(), unit.id, dept, now).await?;
            let row = store::accounts::find_grant(tx, id).await?.ok_or(AppError::NotFound("授权"))?;
            record::<(), _>(app, tx, actor, "grant", "user", v.id, &v.org_path, None, Some(&row)).await?;
            r.grants += 1;
        }
        r.ids.users.insert(username, v.id);
    }
    r.accounts = f.accounts.len();
    Ok(r)
}

/// The window's audit shape as `create_window` writes it: the row's fields and `department_ids`.
fn flatten_window(v: serde_json::Value) -> serde_json::Value {
    let mut out = v["window"].as_object().cloned().unwrap_or_default();
    out.insert("department_ids".into(), v["department_ids"].clone());
    serde_json::Value::Object(out)
}
