//! Checks of the shipped demo catalogue (`demo/catalog.json`) beyond what the importer enforces:
//! the demo's basic-code scheme, consistent time limits and steps, plausible materials, levels,
//! delivery, answers and search keywords (the per-item checks the Rust statics once had).

use std::collections::{BTreeMap, HashSet};

use domain::catalog::{CaseKind, DeliveryMode, ItemLevel, ItemType, Material, OnlineDepth};

use super::data::{CENTRE_KEY, CatalogItem, catalog_items, network};

/// The 2-digit type prefix of the demo basic codes.
const TYPE_PREFIX: &[(ItemType, &str)] = &[
    (ItemType::Permit, "01"),
    (ItemType::Payment, "05"),
    (ItemType::Confirmation, "07"),
    (ItemType::Award, "08"),
    (ItemType::Adjudication, "09"),
    (ItemType::OtherPower, "10"),
    (ItemType::PublicService, "11"),
    (ItemType::Filing, "12"),
];

/// The 2-digit department number of the demo basic codes.
#[rustfmt::skip]
const DEPT_NUMBERS: &[(&str, &str)] = &[
    ("zwfwj", "01"), ("scjgj", "02"), ("gaj", "03"), ("rsj", "04"), ("ybj", "05"), ("swj", "06"), ("zrzyj", "07"),
    ("bdcdj", "08"), ("zjj", "09"), ("jtysj", "10"), ("wjw", "11"), ("mzj", "12"), ("jytyj", "13"), ("nmj", "14"),
    ("lcj", "15"), ("sthjfj", "16"), ("slj", "17"), ("tyjrj", "18"), ("cjrlh", "19"), ("gjj", "20"), ("sfj", "21"),
    ("yjglj", "22"), ("fgw", "23"), ("whlyj", "24"), ("gxj", "25"), ("xfjy", "26"), ("gdgs", "27"), ("gpsgs", "28"),
];

fn items() -> Vec<CatalogItem> {
    catalog_items()
}

fn assert_unique<'a>(what: &str, values: impl IntoIterator<Item = &'a str>) {
    let mut seen = HashSet::new();
    for v in values {
        assert!(seen.insert(v), "duplicate {what}: {v}");
    }
}

fn step_days(item: &CatalogItem) -> u32 {
    item.content.steps.iter().map(|s| s.days).sum()
}

/// The name of the banner centre, where the catalogue records whether an item is stationed.
fn centre_name() -> String {
    network().sites.into_iter().find(|s| s.key == CENTRE_KEY).expect("the banner centre").name
}

/// Whether the item is stationed at the banner centre (not on the negative list).
fn stationed_at_centre(item: &CatalogItem, centre: &str) -> bool {
    item.sites.iter().any(|s| s.site_name == centre && s.state == "stationed")
}

#[test]
fn basic_codes_follow_the_demo_scheme() {
    for item in items() {
        let (c, n) = (item.basic_code.as_str(), &item.content.name);
        assert!(c.len() == 12 && c.bytes().all(|b| b.is_ascii_digit()), "{n}: bad basic code {c}");
        let prefix = TYPE_PREFIX.iter().find(|(t, _)| *t == item.content.item_type).map(|(_, p)| *p);
        assert_eq!(Some(&c[..2]), prefix, "{n}: type prefix of {c}");
        let dept = DEPT_NUMBERS.iter().find(|(d, _)| *d == item.department_code).map(|(_, k)| *k);
        assert_eq!(Some(&c[2..4]), dept, "{n}: department number of {c}");
    }
}

#[test]
fn time_limits_are_consistent() {
    for item in items() {
        let (c, n) = (&item.content, &item.content.name);
        assert!(c.promised_days <= c.statutory_days, "{n}: promised {} > statutory {}", c.promised_days, c.statutory_days);
        match c.case_kind {
            CaseKind::Instant => {
                assert_eq!(c.promised_days, 0, "{n}: an instant item promises 0 days");
                assert!(c.statutory_days <= 5, "{n}: an instant item has a small statutory limit");
            }
            CaseKind::Promise => assert!(c.promised_days > 0, "{n}: a promised item needs a promised limit"),
        }
        assert!(c.statutory_days > 0 || c.case_kind == CaseKind::Instant, "{n}: statutory 0 only for instant items");
    }
}

#[test]
fn steps_fit_within_the_limits() {
    for item in items() {
        let (c, n) = (&item.content, &item.content.name);
        assert!(!c.steps.is_empty(), "{n}: no steps");
        assert!(c.steps.iter().all(|s| !s.name.is_empty() && !s.post.is_empty()), "{n}: a step lacks a name or post");
        let days = step_days(&item);
        if c.statutory_days > 0 {
            assert!(days <= c.statutory_days, "{n}: steps take {days} > statutory {}", c.statutory_days);
        }
        assert!(days <= c.promised_days, "{n}: steps take {days} > promised {}", c.promised_days);
    }
}

#[test]
fn every_item_has_plausible_materials() {
    let items = items();
    for item in &items {
        let (c, n) = (&item.content, &item.content.name);
        assert!((3..=8).contains(&c.materials.len()), "{n}: {} materials", c.materials.len());
        assert!(c.materials.iter().any(|m| m.required), "{n}: no required material");
        assert_unique("material name", c.materials.iter().map(|m| m.name.as_str()));
        for m in &c.materials {
            assert!(!m.name.trim().is_empty(), "{n}: a material has no name");
            // An empty `replaced_by` means "not replaced"; a blank one is an empty replacement.
            assert!(m.replaced_by.is_empty() || !m.replaced_by.trim().is_empty(), "{n}: {} has an empty replacement", m.name);
            assert!(m.originals + m.copies > 0 || m.electronic, "{n}: {} asks for nothing", m.name);
        }
    }
    let count = |f: fn(&Material) -> bool| items.iter().flat_map(|i| &i.content.materials).filter(|m| f(m)).count();
    assert!(count(|m| m.rongque) >= 10, "too few 容缺 materials");
    assert!(count(|m| m.commitment) >= 10, "too few 告知承诺 materials");
    assert!(count(|m| !m.replaced_by.is_empty()) >= 30, "too few materials replaced by e-certificates or shared data");
}

#[test]
fn every_item_has_levels_delivery_review_points_and_answers() {
    for item in items() {
        let (c, n) = (&item.content, &item.content.name);
        assert_eq!(c.levels.first(), Some(&ItemLevel::Banner), "{n}: every item is implemented at the banner");
        assert!(c.levels.iter().collect::<HashSet<_>>().len() == c.levels.len(), "{n}: repeated level");
        assert!(!c.delivery.is_empty(), "{n}: no delivery mode");
        assert!((2..=5).contains(&c.review_points.len()), "{n}: {} review points", c.review_points.len());
        assert!((1..=3).contains(&c.faq.len()), "{n}: {} answers", c.faq.len());
        assert!(c.faq.iter().all(|f| !f.q.trim().is_empty() && !f.a.trim().is_empty()), "{n}: empty question or answer");
        assert!(c.special_procedures.iter().collect::<HashSet<_>>().len() == c.special_procedures.len(), "{n}: repeated procedure");
        for (field, v) in
            [("legal basis", &c.legal_basis), ("conditions", &c.conditions), ("result", &c.result_name), ("fee basis", &c.fee_basis)]
        {
            assert!(!v.trim().is_empty(), "{n}: empty {field}");
        }
        assert!(c.fee.as_deref().is_none_or(|f| !f.trim().is_empty()), "{n}: empty fee text");
    }
}

#[test]
fn visits_agree_with_delivery_and_online_depth() {
    for item in items() {
        let (c, n) = (&item.content, &item.content.name);
        assert!(c.visits <= 2, "{n}: {} visits", c.visits);
        if c.visits == 0 {
            assert!(c.delivery.iter().any(|d| *d != DeliveryMode::Window), "{n}: zero visits needs mail or electronic delivery");
        }
        if c.online_depth == OnlineDepth::Offline {
            assert!(c.visits >= 1, "{n}: an offline item needs a visit");
        }
    }
}

#[test]
fn keywords_help_colloquial_and_pinyin_search() {
    let items = items();
    let pinyin = items.iter().filter(|i| i.content.keywords.iter().any(|k| k.bytes().all(|b| b.is_ascii_lowercase()))).count();
    let colloquial =
        items.iter().filter(|i| i.content.keywords.iter().any(|k| !k.is_ascii() && !i.content.name.contains(k.as_str()))).count();
    assert!(pinyin >= 10, "only {pinyin} items have pinyin-initial keywords");
    assert!(colloquial >= 10, "only {colloquial} items have colloquial keywords");
    for item in &items {
        assert!(!item.content.keywords.is_empty(), "{}: no keywords", item.content.name);
        assert!(item.content.keywords.iter().all(|k| !k.trim().is_empty()), "{}: empty keyword", item.content.name);
    }
}

#[test]
fn every_item_is_publishable_as_stored_content() {
    for item in items() {
        let c = &item.content;
        assert!(c.impl_code.chars().count() <= 40, "{}: implementation code too long", c.name);
        if let Err(e) = c.check_publishable() {
            panic!("{} is not publishable: {e:?}", c.name);
        }
    }
}

/// Prints the counts the brief asks for: `cargo test -- --nocapture summary`.
#[test]
fn summary() {
    let items = items();
    let centre = centre_name();
    let mut by_dept: BTreeMap<&str, usize> = BTreeMap::new();
    let mut by_type: BTreeMap<&str, usize> = BTreeMap::new();
    for item in &items {
        *by_dept.entry(item.department_code.as_str()).or_default() += 1;
        *by_type.entry(item.content.item_type.label()).or_default() += 1;
    }
    let full = items.iter().filter(|i| i.content.online_depth == OnlineDepth::Full).count();
    let outside = items.iter().filter(|i| !stationed_at_centre(i, &centre)).count();
    println!("items: {}", items.len());
    println!("by department: {by_dept:?}");
    println!("by type: {by_type:?}");
    println!("full online: {full} ({:.1} %)", full as f64 * 100.0 / items.len() as f64);
    println!("not stationed: {outside}");
    assert!(!by_dept.is_empty());
}
