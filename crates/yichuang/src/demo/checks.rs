//! Checks of the shipped demo data files (`demo/network.json`, `demo/catalog.json`) beyond what
//! the importers enforce: the shape of the banner's network that CONTRACT.md and DOMAIN.md §11
//! promise (towns in order, every town with its centre, clerks seated at comprehensive windows,
//! one approver and one head per department) and a plausible catalogue.

use std::collections::{HashMap, HashSet};

use app::org::io::{AccountSpec, NetworkFile, OrgUnitSpec, SiteSpec, StaffSpec, WindowSpec};
use domain::access::Role;
use domain::catalog::{DeliveryMode, ItemLevel, ItemType, NegativeReason, OnlineDepth};
use domain::org::{Hours, OrgLevel, PostGrade, SiteKind, WindowKind, ZoneKind};

use super::data::{CENTRE_KEY, CatalogItem, catalog_items, network};

struct Net {
    f: NetworkFile,
}

impl Net {
    fn org(&self, code: &str) -> Option<&OrgUnitSpec> {
        self.f.org_units.iter().find(|u| u.code == code)
    }

    fn level(&self, code: &str) -> OrgLevel {
        OrgLevel::parse("level", &self.org(code).unwrap_or_else(|| panic!("org unit {code} is missing")).level).expect("a level")
    }

    fn dept_exists(&self, code: &str) -> bool {
        self.f.departments.iter().any(|d| d.code == code)
    }

    fn towns(&self) -> Vec<&OrgUnitSpec> {
        self.f.org_units.iter().filter(|u| u.level == "town").collect()
    }

    fn site(&self, key: &str) -> Option<&SiteSpec> {
        self.f.sites.iter().find(|s| s.key == key)
    }

    fn window(&self, site: &str, number: &str) -> Option<&WindowSpec> {
        self.site(site).and_then(|s| NetworkFile::windows(s).find(|w| w.number == number))
    }

    fn staff(&self, key: &str) -> Option<&StaffSpec> {
        self.f.staff.iter().find(|s| s.key == key)
    }

    fn account(&self, username: &str) -> &AccountSpec {
        self.f.accounts.iter().find(|a| a.username == username).unwrap_or_else(|| panic!("account {username} is missing"))
    }

    fn centre(&self) -> &SiteSpec {
        self.site(CENTRE_KEY).expect("the banner centre")
    }
}

fn net() -> Net {
    Net { f: network() }
}

fn kind(s: &SiteSpec) -> SiteKind {
    SiteKind::parse("kind", &s.kind).expect("a site kind")
}

fn wkind(w: &WindowSpec) -> WindowKind {
    WindowKind::parse("kind", &w.kind).expect("a window kind")
}

fn role(r: &str) -> Role {
    Role::parse("role", r).expect("a role")
}

fn assert_unique<'a>(what: &str, items: impl IntoIterator<Item = &'a str>) {
    let mut seen = HashSet::new();
    for item in items {
        assert!(seen.insert(item), "duplicate {what}: {item}");
    }
}

fn is_mobile(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 11 && b[0] == b'1' && (b'3'..=b'9').contains(&b[1]) && b.iter().all(u8::is_ascii_digit)
}

fn is_dept_code(s: &str) -> bool {
    let b = s.as_bytes();
    (2..=16).contains(&b.len()) && b[0].is_ascii_lowercase() && b.iter().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == b'-')
}

fn is_date_in_range(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    let [y, m, d] = parts.as_slice() else {
        return false;
    };
    let ok_len = y.len() == 4 && m.len() == 2 && d.len() == 2;
    match (y.parse::<u32>(), m.parse::<u32>(), d.parse::<u32>()) {
        (Ok(y), Ok(m), Ok(d)) => ok_len && (2019..=2025).contains(&y) && (1..=12).contains(&m) && (1..=28).contains(&d),
        _ => false,
    }
}

#[test]
fn org_codes_are_unique_and_parents_have_the_level_above() {
    let n = net();
    assert_unique("org unit code", n.f.org_units.iter().map(|u| u.code.as_str()));
    assert_eq!(n.f.org_units.iter().filter(|u| n.level(&u.code) == OrgLevel::Banner).count(), 1);
    for u in &n.f.org_units {
        assert!(u.code.starts_with("150626"), "{} is not in the banner", u.code);
        match &u.parent {
            None => assert_eq!(n.level(&u.code), OrgLevel::Banner, "{} has no parent", u.code),
            Some(p) => {
                let parent = n.org(p).unwrap_or_else(|| panic!("parent {p} of {} is missing", u.code));
                assert_eq!(n.level(&parent.code).child(), Some(n.level(&u.code)), "{} sits under a {}", u.code, parent.level);
                assert!(u.code.starts_with(parent.code.as_str()), "{} does not extend {}", u.code, parent.code);
            }
        }
    }
}

#[test]
fn department_codes_are_unique_and_well_formed() {
    let n = net();
    assert!(n.f.departments.len() >= 22);
    assert_unique("department code", n.f.departments.iter().map(|d| d.code.as_str()));
    assert_unique("department name", n.f.departments.iter().map(|d| d.name.as_str()));
    for d in &n.f.departments {
        assert!(is_dept_code(&d.code), "bad department code {}", d.code);
        let parsed = domain::org::parse_dept_code("code", &d.code).expect("a well-formed code parses");
        assert_eq!(parsed, d.code);
    }
}

#[test]
fn sites_stand_at_the_level_of_their_kind_and_every_town_has_one_centre() {
    let n = net();
    assert_unique("site key", n.f.sites.iter().map(|s| s.key.as_str()));
    for s in &n.f.sites {
        assert!(n.org(&s.org_unit).is_some(), "org unit of {} is missing", s.key);
        assert_eq!(n.level(&s.org_unit), kind(s).level(), "{} stands at the wrong level", s.key);
        assert!(s.key.is_ascii());
        assert!(Hours::parse("hours", &s.hours_weekday).is_ok_and(|h| !h.is_closed()), "{}: {}", s.key, s.hours_weekday);
        assert!(Hours::parse("hours", &s.hours_weekend).is_ok(), "{}: {}", s.key, s.hours_weekend);
        let phone = s.phone.as_deref().unwrap_or_default();
        assert!(phone.starts_with("0477-7") && phone.len() == 12, "{}: {phone}", s.key);
    }
    assert_eq!(n.f.sites.iter().filter(|s| kind(s) == SiteKind::Centre).count(), 1);
    for t in n.towns() {
        let centres: Vec<&SiteSpec> = n.f.sites.iter().filter(|s| kind(s) == SiteKind::TownCentre && s.org_unit == t.code).collect();
        assert_eq!(centres.len(), 1, "{} has {} 便民服务中心", t.name, centres.len());
    }
}

#[test]
fn window_numbers_are_unique_per_site_and_departments_exist() {
    let n = net();
    for s in &n.f.sites {
        assert_unique(&format!("window number at {}", s.key), NetworkFile::windows(s).map(|w| w.number.as_str()));
        for w in NetworkFile::windows(s) {
            let parsed = domain::org::parse_window_no("number", &w.number).expect("a well-formed number parses");
            assert_eq!(parsed, w.number);
            assert!(!w.departments.is_empty(), "window {} at {} acts for nobody", w.number, s.key);
            for d in &w.departments {
                assert!(n.dept_exists(d), "window {} at {}: department {d} is missing", w.number, s.key);
            }
        }
    }
}

#[test]
fn staff_are_well_formed_and_seated_at_most_one_per_window() {
    let n = net();
    assert!(n.f.staff.len() >= 60);
    assert_unique("staff key", n.f.staff.iter().map(|s| s.key.as_str()));
    assert_unique("staff phone", n.f.staff.iter().map(|s| s.phone.as_str()));
    let mut seated: HashMap<(&str, &str), &str> = HashMap::new();
    for s in &n.f.staff {
        assert!(s.key.is_ascii(), "{}", s.key);
        assert!(n.dept_exists(&s.department), "{}: department {} is missing", s.key, s.department);
        assert!(n.org(&s.org_unit).is_some(), "{}: org unit {} is missing", s.key, s.org_unit);
        assert!(is_mobile(&s.phone), "{}: bad phone {}", s.key, s.phone);
        assert!(is_date_in_range(&s.stationed_since), "{}: bad date {}", s.key, s.stationed_since);
        if let Some(seat) = &s.seat {
            let (site_key, number) = (seat.site.as_str(), seat.window.as_str());
            assert!(n.window(site_key, number).is_some(), "{}: no window {number} at {site_key}", s.key);
            if let Some(other) = seated.insert((site_key, number), &s.key) {
                panic!("{} and {other} share window {number} at {site_key}", s.key);
            }
        }
    }
    for g in PostGrade::ALL {
        assert!(n.f.staff.iter().any(|s| s.grade == g.code()), "no {g:?} staff");
    }
    // Every town window is staffed, and most banner windows are.
    for s in n.f.sites.iter().filter(|s| kind(s) == SiteKind::TownCentre) {
        for w in NetworkFile::windows(s) {
            assert!(seated.contains_key(&(s.key.as_str(), w.number.as_str())), "window {} at {} is empty", w.number, s.key);
        }
    }
    let centre = n.f.sites.iter().find(|s| kind(s) == SiteKind::Centre).expect("one centre");
    let staffed = NetworkFile::windows(centre).filter(|w| seated.contains_key(&(centre.key.as_str(), w.number.as_str()))).count();
    assert!(staffed * 10 >= NetworkFile::windows(centre).count() * 9, "only {staffed} banner windows are staffed");
}

#[test]
fn accounts_are_unique_and_their_grants_and_staff_exist() {
    let n = net();
    assert_unique("username", n.f.accounts.iter().map(|a| a.username.as_str()));
    for a in &n.f.accounts {
        assert!(!a.grants.is_empty(), "{} has no grant", a.username);
        if let Some(k) = &a.staff {
            assert!(n.staff(k).is_some(), "{}: staff {k} is missing", a.username);
        }
        for gr in &a.grants {
            assert!(n.org(&gr.org_unit).is_some(), "{}: org unit {} is missing", a.username, gr.org_unit);
            if let Some(d) = &gr.department {
                assert!(n.dept_exists(d), "{}: department {d} is missing", a.username);
            }
        }
    }
    // The contract accounts and their roles: `the_contract_accounts_exist_with_their_roles`.
}

#[test]
fn org_codes_nest_and_every_level_is_written_out() {
    let n = net();
    assert_eq!(n.f.org_units.iter().filter(|u| u.parent.is_none()).count(), 1);
    for u in &n.f.org_units {
        assert!(u.code.starts_with("150626"), "{} is not in the banner", u.code);
        match &u.parent {
            None => assert_eq!(n.level(&u.code), OrgLevel::Banner),
            Some(p) => {
                assert_eq!(n.level(p).child(), Some(n.level(&u.code)), "{} sits under a {p}", u.code);
                assert!(u.code.starts_with(p.as_str()), "{} does not extend {p}", u.code);
            }
        }
    }
}

#[test]
fn the_banner_has_its_six_towns_in_order_with_enough_villages() {
    let n = net();
    let names: Vec<&str> = n.towns().iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, ["嘎鲁图镇", "乌审召镇", "图克镇", "乌兰陶勒盖镇", "无定河镇", "苏力德苏木"]);
    for t in n.towns() {
        let k = n.f.org_units.iter().filter(|u| u.parent.as_deref() == Some(t.code.as_str())).count();
        assert!((3..=6).contains(&k), "{} has {k} villages", t.name);
    }
    assert!(n.f.org_units.iter().filter(|u| u.level == "village").count() >= 25);
    assert!(n.f.departments.len() >= 22);
}

#[test]
fn every_town_has_one_mostly_comprehensive_centre_and_stations_are_small() {
    let n = net();
    for t in n.towns() {
        let centres: Vec<&SiteSpec> = n.f.sites.iter().filter(|s| kind(s) == SiteKind::TownCentre && s.org_unit == t.code).collect();
        assert_eq!(centres.len(), 1, "{} has {} 便民服务中心", t.name, centres.len());
        let windows: Vec<&WindowSpec> = NetworkFile::windows(centres[0]).collect();
        let comprehensive = windows.iter().filter(|w| wkind(w).is_comprehensive()).count();
        assert!((3..=6).contains(&windows.len()), "{} has {} windows", centres[0].name, windows.len());
        assert!(comprehensive * 2 > windows.len(), "{} is not mostly comprehensive", centres[0].name);
        assert!(centres[0].zones.len() >= 2);
    }
    let stations: Vec<&SiteSpec> = n.f.sites.iter().filter(|s| kind(s) == SiteKind::Station).collect();
    assert!(stations.len() >= 6);
    for s in stations {
        assert!((1..=2).contains(&NetworkFile::windows(s).count()), "{} has too many windows", s.name);
    }
}

#[test]
fn the_banner_centre_has_every_zone_and_mostly_comprehensive_windows() {
    let n = net();
    let centre = n.centre();
    assert_eq!(centre.org_unit, "150626");
    for z in ZoneKind::ALL {
        assert!(centre.zones.iter().any(|x| x.kind == z.code()), "zone {z:?} is missing");
    }
    let windows: Vec<&WindowSpec> = NetworkFile::windows(centre).collect();
    let comprehensive = windows.iter().filter(|w| wkind(w).is_comprehensive()).count();
    assert!(windows.len() >= 30, "only {} windows", windows.len());
    assert!(comprehensive * 5 >= windows.len() * 4, "{comprehensive} of {} windows are comprehensive", windows.len());
    for k in WindowKind::ALL {
        assert!(windows.iter().any(|w| wkind(w) == *k), "window kind {k:?} is missing");
    }
    for w in windows.iter().filter(|w| wkind(w) == WindowKind::Comprehensive) {
        assert!(w.departments.len() >= 10, "window {} acts for too few departments", w.number);
    }
}

#[test]
fn staff_are_seated_at_most_one_per_window_with_every_town_window_staffed() {
    let n = net();
    assert!(n.f.staff.len() >= 60);
    assert_unique("staff phone", n.f.staff.iter().map(|s| s.phone.as_str()));
    let mut seated: HashMap<(&str, &str), &str> = HashMap::new();
    for s in &n.f.staff {
        if let Some(seat) = &s.seat {
            assert!(seated.insert((&seat.site, &seat.window), &s.key).is_none(), "{} shares a window", s.key);
        }
        let y: i32 = s.stationed_since[..4].parse().expect("a year");
        assert!((2019..=2025).contains(&y), "{}: {}", s.key, s.stationed_since);
    }
    for g in PostGrade::ALL {
        assert!(n.f.staff.iter().any(|s| s.grade == g.code()), "no {g:?} staff");
    }
    for s in n.f.sites.iter().filter(|s| kind(s) == SiteKind::TownCentre) {
        for w in NetworkFile::windows(s) {
            assert!(seated.contains_key(&(s.key.as_str(), w.number.as_str())), "window {} at {} is empty", w.number, s.key);
        }
    }
    let centre = n.centre();
    let total = NetworkFile::windows(centre).count();
    let staffed = NetworkFile::windows(centre).filter(|w| seated.contains_key(&(centre.key.as_str(), w.number.as_str()))).count();
    assert!(staffed * 10 >= total * 9, "only {staffed} banner windows are staffed");
}

#[test]
fn the_contract_accounts_exist_with_their_roles() {
    let n = net();
    for (username, r) in [
        ("admin", Role::SysAdmin),
        ("hall", Role::HallManager),
        ("catalog", Role::CatalogAdmin),
        ("supervisor", Role::Supervisor),
        ("leader", Role::Leader),
        ("guide1", Role::Guide),
    ] {
        assert!(n.account(username).grants.iter().any(|g| role(&g.role) == r && g.org_unit == "150626"), "{username}");
    }
    for d in &n.f.departments {
        for (prefix, r) in [("approver", Role::Approver), ("depthead", Role::DeptHead)] {
            let a = n.account(&format!("{prefix}-{}", d.code));
            assert!(a.grants.iter().any(|g| role(&g.role) == r && g.department.as_deref() == Some(d.code.as_str())), "{}", a.username);
            if let Some(k) = &a.staff {
                assert_eq!(
                    n.staff(k).map(|s| s.department.as_str()),
                    Some(d.code.as_str()),
                    "{} is linked to another department",
                    a.username
                );
            }
        }
    }
    for i in 1..=5 {
        let a = n.account(&format!("clerk{i}"));
        assert!(a.grants.iter().all(|g| role(&g.role) == Role::Clerk && g.org_unit == "150626"));
        let seat =
            a.staff.as_deref().and_then(|k| n.staff(k)).and_then(|s| s.seat.clone()).unwrap_or_else(|| panic!("clerk{i} is not seated"));
        assert_eq!(seat.site, CENTRE_KEY);
        assert_eq!(n.window(&seat.site, &seat.window).map(wkind), Some(WindowKind::Comprehensive), "clerk{i}");
    }
    for (i, town) in n.towns().iter().enumerate() {
        let clerk = n.account(&format!("townclerk{}", i + 1));
        assert!(!clerk.grants.is_empty() && clerk.grants.iter().all(|g| role(&g.role) == Role::Clerk && g.org_unit == town.code));
        let seat = clerk.staff.as_deref().and_then(|k| n.staff(k)).and_then(|s| s.seat.clone()).expect("a seated town clerk");
        let s = n.site(&seat.site).expect("seat site");
        assert_eq!((kind(s), s.org_unit.as_str()), (SiteKind::TownCentre, town.code.as_str()), "{}", clerk.username);
        let hall = n.account(&format!("townhall{}", i + 1));
        assert!(!hall.grants.is_empty() && hall.grants.iter().all(|g| role(&g.role) == Role::HallManager && g.org_unit == town.code));
    }
}

fn items() -> Vec<CatalogItem> {
    catalog_items()
}

fn stationed(it: &CatalogItem, site: &str) -> Option<bool> {
    it.sites.iter().find(|s| s.site_name == site).map(|s| s.state == "stationed")
}

#[test]
fn the_catalogue_covers_the_departments_and_item_types() {
    let (n, items) = (net(), items());
    assert!(items.len() >= 130, "only {} items", items.len());
    let mut depts = HashSet::new();
    for it in &items {
        assert!(n.dept_exists(&it.department_code), "{}: unknown department {}", it.content.name, it.department_code);
        depts.insert(it.department_code.as_str());
    }
    assert!(depts.len() >= 22, "only {} departments", depts.len());
    for t in ItemType::ALL {
        assert!(items.iter().any(|i| i.content.item_type == *t), "no item of type {}", t.label());
    }
    assert_unique("basic code", items.iter().map(|i| i.basic_code.as_str()));
    assert_unique("item name", items.iter().map(|i| i.content.name.as_str()));
    assert_unique("implementation code", items.iter().map(|i| i.content.impl_code.as_str()));
}

#[test]
fn every_item_is_publishable_and_implemented_where_its_levels_say() {
    let (n, items) = (net(), items());
    let centre = n.centre().name.clone();
    let towns: Vec<&str> = n.f.sites.iter().filter(|s| kind(s) == SiteKind::TownCentre).map(|s| s.name.as_str()).collect();
    for it in &items {
        let name = &it.content.name;
        if let Err(e) = it.content.check_publishable() {
            panic!("{name} is not publishable: {e:?}");
        }
        assert_eq!(it.content.levels.first(), Some(&ItemLevel::Banner), "{name}: every item is implemented at the banner");
        assert!(stationed(it, &centre).is_some(), "{name}: no record at the centre");
        for t in &towns {
            let want = it.content.levels.contains(&ItemLevel::Town).then_some(true);
            assert_eq!(stationed(it, t), want, "{name} at {t}");
        }
        assert!((3..=8).contains(&it.content.materials.len()), "{name}: {} materials", it.content.materials.len());
        assert!((2..=5).contains(&it.content.review_points.len()), "{name}: review points");
        assert!((1..=3).contains(&it.content.faq.len()), "{name}: answers");
        assert!(!it.content.keywords.is_empty(), "{name}: no keywords");
        if it.content.visits == 0 {
            assert!(it.content.delivery.iter().any(|d| *d != DeliveryMode::Window), "{name}: zero visits needs mail or e-delivery");
        }
    }
    let full = items.iter().filter(|i| i.content.online_depth == OnlineDepth::Full).count();
    assert!(full * 100 >= items.len() * 85, "{full} of {} fully online", items.len());
}

#[test]
fn the_negative_list_is_small_and_explained() {
    let (n, items) = (net(), items());
    let centre = n.centre().name.clone();
    let outside: Vec<&CatalogItem> = items.iter().filter(|i| stationed(i, &centre) == Some(false)).collect();
    assert!((3..=6).contains(&outside.len()), "{} items not stationed", outside.len());
    for it in outside {
        let s = it.sites.iter().find(|s| s.site_name == centre).expect("the centre's record");
        let reason = s.negative_reason.as_deref().unwrap_or_default();
        assert!(["site_limit", "state_secret", "other"].contains(&reason), "{}: bad reason code {reason}", it.content.name);
        assert!(NegativeReason::parse("negative_reason", reason).is_ok(), "{}: reason {reason}", it.content.name);
        assert!(!s.negative_note.trim().is_empty(), "{}: empty explanation", it.content.name);
    }
    for it in items.iter().filter(|i| stationed(i, &centre) == Some(true)) {
        let s = it.sites.iter().find(|s| s.site_name == centre).expect("the centre's record");
        assert!(s.negative_reason.is_none(), "{}: stationed but has a negative-list reason", it.content.name);
    }
}
