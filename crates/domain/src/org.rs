//! The organisation of a banner's service network (R0, R5, R6): org units as a tree
//! (旗 → 苏木镇 → 嘎查村/社区), service sites at org units, zones in a site, windows in a zone,
//! and the post grades of window staff (R14). Enum values are stored by their `code()`.

use serde::{Deserialize, Serialize};

use crate::Invalid;

macro_rules! coded_enum {
    ($(#[$m:meta])* $name:ident, $what:literal { $($var:ident = $code:literal, $label:literal;)* }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($var),* }

        impl $name {
            /// Every value, in display order.
            pub const ALL: &'static [$name] = &[$($name::$var),*];

            /// The stable code stored in the database and used in the API.
            pub fn code(self) -> &'static str {
                match self { $($name::$var => $code),* }
            }

            /// The Chinese name shown to people.
            pub fn label(self) -> &'static str {
                match self { $($name::$var => $label),* }
            }

            /// Parses a stored code (or the Chinese label); the error names the field.
            pub fn parse(field: &str, s: &str) -> Result<Self, $crate::Invalid> {
                let s = s.trim();
                $(if s == $code || s == $label { return Ok($name::$var); })*
                Err($crate::Invalid::one(field, format!("{}“{}”不存在，可选：{}", $what, s, [$($label),*].join("、"))))
            }
        }
    };
}
pub(crate) use coded_enum;

coded_enum!(
    /// The level of an org unit in the banner's tree.
    OrgLevel, "层级" {
        Banner = "banner", "旗";
        Town = "town", "苏木镇";
        Village = "village", "嘎查村/社区";
    }
);

impl OrgLevel {
    /// The level a child of this level has, if it may have children.
    pub fn child(self) -> Option<OrgLevel> {
        match self {
            OrgLevel::Banner => Some(OrgLevel::Town),
            OrgLevel::Town => Some(OrgLevel::Village),
            OrgLevel::Village => None,
        }
    }
}

coded_enum!(
    /// The kind of a service site; each kind belongs at one org level.
    SiteKind, "场所类型" {
        Centre = "centre", "政务服务中心";
        TownCentre = "town_centre", "便民服务中心";
        Station = "station", "便民服务站";
    }
);

impl SiteKind {
    /// The org level a site of this kind stands at.
    pub fn level(self) -> OrgLevel {
        match self {
            SiteKind::Centre => OrgLevel::Banner,
            SiteKind::TownCentre => OrgLevel::Town,
            SiteKind::Station => OrgLevel::Village,
        }
    }
}

coded_enum!(
    /// The functional zones of a hall (综合受理区 …).
    ZoneKind, "区域类型" {
        Comprehensive = "comprehensive", "综合受理区";
        Domain = "domain", "分领域综合受理区";
        Enterprise = "enterprise", "企业服务专区";
        Proxy = "proxy", "帮办代办专区";
        SelfService = "self_service", "自助服务区";
        Disclosure = "disclosure", "政务公开专区";
        Unresolved = "unresolved", "办不成事反映窗口";
        Waiting = "waiting", "等候区";
        Special = "special", "专业窗口区";
    }
);

coded_enum!(
    /// The kind of a window; the first two count as comprehensive windows (R6).
    WindowKind, "窗口类型" {
        Comprehensive = "comprehensive", "无差别综合";
        Domain = "domain", "分领域综合";
        Department = "department", "专业(部门)";
        Proxy = "proxy", "帮办代办";
        Enterprise = "enterprise", "企业服务";
        Unresolved = "unresolved", "办不成事";
    }
);

impl WindowKind {
    /// Whether the window counts toward the comprehensive-window share (target ≥ 80 %).
    pub fn is_comprehensive(self) -> bool {
        matches!(self, WindowKind::Comprehensive | WindowKind::Domain)
    }
}

coded_enum!(
    /// Post grade of comprehensive-window staff (R14).
    PostGrade, "岗位等级" {
        Junior = "junior", "初级";
        Middle = "middle", "中级";
        Senior = "senior", "高级";
    }
);

/// Opening hours of one day kind: up to four `HH:MM-HH:MM` spans, e.g. `09:00-12:00,13:30-17:30`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Hours {
    /// Minutes after midnight, `[start, end)`, sorted and disjoint.
    pub spans: Vec<(u16, u16)>,
}

impl Hours {
    /// Parses `HH:MM-HH:MM[,HH:MM-HH:MM…]`; an empty text means closed.
    pub fn parse(field: &str, s: &str) -> Result<Hours, Invalid> {
        let s = s.trim().replace(['，', '；', ';', ' '], ",").replace(['—', '–', '～', '~', '至'], "-").replace('：', ":");
        let bad = || Invalid::one(field, format!("办公时间“{s}”格式不对，应写成 09:00-12:00,13:30-17:30"));
        let mut spans = Vec::new();
        for part in s.split(',').filter(|p| !p.is_empty()) {
            let (a, b) = part.split_once('-').ok_or_else(bad)?;
            let (a, b) = (hhmm(a).ok_or_else(bad)?, hhmm(b).ok_or_else(bad)?);
            if a >= b {
                return Err(Invalid::one(field, format!("办公时间“{part}”的结束时间应晚于开始时间")));
            }
            spans.push((a, b));
        }
        if spans.len() > 4 {
            return Err(Invalid::one(field, "办公时间最多分四段"));
        }
        spans.sort_unstable();
        if spans.windows(2).any(|w| w[0].1 > w[1].0) {
            return Err(Invalid::one(field, "办公时间的各段不能重叠"));
        }
        Ok(Hours { spans })
    }

    /// Whether the site is open at `minute` after midnight.
    pub fn is_open_at(&self, minute: u16) -> bool {
        self.spans.iter().any(|&(a, b)| a <= minute && minute < b)
    }

    pub fn is_closed(&self) -> bool {
        self.spans.is_empty()
    }
}

impl std::fmt::Display for Hours {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let parts: Vec<String> =
            self.spans.iter().map(|&(a, b)| format!("{:02}:{:02}-{:02}:{:02}", a / 60, a % 60, b / 60, b % 60)).collect();
        f.write_str(&parts.join(","))
    }
}

fn hhmm(s: &str) -> Option<u16> {
    let (h, m) = s.trim().split_once(':')?;
    let (h, m): (u16, u16) = (h.parse().ok()?, m.parse().ok()?);
    (h <= 24 && m < 60 && h * 60 + m <= 24 * 60).then_some(h * 60 + m)
}

/// A department's short code (旗直部门简码): 2–16 lowercase ASCII letters, digits or `-`,
/// used in account names such as `approver-scjgj`.
pub fn parse_dept_code(field: &str, s: &str) -> Result<String, Invalid> {
    let s = s.trim().to_ascii_lowercase();
    let ok = (2..=16).contains(&s.len())
        && s.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && s.starts_with(|c: char| c.is_ascii_lowercase());
    if ok { Ok(s) } else { Err(Invalid::one(field, "部门简码应为 2–16 位小写字母、数字或连字符，并以字母开头")) }
}

/// A window number as painted above the window: 1–8 characters of digits, letters or `-`.
pub fn parse_window_no(field: &str, s: &str) -> Result<String, Invalid> {
    let s = s.trim().to_ascii_uppercase();
    let ok = (1..=8).contains(&s.len()) && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
    if ok { Ok(s) } else { Err(Invalid::one(field, "窗口号应为 1–8 位数字、字母或连字符，如 12 或 A-03")) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hours_parse_and_display_round_trip() {
        let h = Hours::parse("hours", "13:30-17:30, 09:00-12:00").unwrap();
        assert_eq!(h.to_string(), "09:00-12:00,13:30-17:30");
        assert!(h.is_open_at(9 * 60));
        assert!(!h.is_open_at(12 * 60 + 30));
        assert!(Hours::parse("hours", "").unwrap().is_closed());
    }

    #[test]
    fn hours_reject_nonsense() {
        assert!(Hours::parse("hours", "9点到5点").is_err());
        assert!(Hours::parse("hours", "12:00-09:00").is_err());
        assert!(Hours::parse("hours", "09:00-12:00,11:00-13:00").is_err());
        assert!(Hours::parse("hours", "09:00-25:00").is_err());
    }

    #[test]
    fn enums_parse_by_code_or_label() {
        assert_eq!(WindowKind::parse("kind", "comprehensive"), Ok(WindowKind::Comprehensive));
        assert_eq!(WindowKind::parse("kind", "分领域综合"), Ok(WindowKind::Domain));
        let e = WindowKind::parse("kind", "x").unwrap_err();
        assert_eq!(e.fields[0].field, "kind");
        assert!(e.fields[0].message.contains("无差别综合"));
    }

    #[test]
    fn codes_are_checked() {
        assert_eq!(parse_dept_code("code", " SCJGJ "), Ok("scjgj".to_owned()));
        assert!(parse_dept_code("code", "市场").is_err());
        assert!(parse_dept_code("code", "1ab").is_err());
        assert_eq!(parse_window_no("no", "a-03"), Ok("A-03".to_owned()));
        assert!(parse_window_no("no", "").is_err());
    }
}
