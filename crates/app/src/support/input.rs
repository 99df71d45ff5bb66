//! Lenient field decoding shared by HTML forms and JSON: ids may arrive as numbers or strings,
//! blank means absent, and check boxes arrive as "on". Typed checks happen in each use case.

use serde::{Deserialize, Deserializer};

#[derive(Deserialize)]
#[serde(untagged)]
enum NumOrText {
    Num(i64),
    Text(String),
}

/// An optional id: a number, a numeric string, or blank/absent for none. Anything else is kept
/// as `Some(-1)` so that the use case reports it as "does not exist" by field.
pub fn opt_id<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    Ok(match Option::<NumOrText>::deserialize(d)? {
        None => None,
        Some(NumOrText::Num(n)) => Some(n),
        Some(NumOrText::Text(s)) if s.trim().is_empty() => None,
        Some(NumOrText::Text(s)) => Some(s.trim().parse().unwrap_or(-1)),
    })
}

/// A list of ids from repeated form keys or a JSON array of numbers or strings.
pub fn ids<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<i64>, D::Error> {
    let v = Option::<Vec<NumOrText>>::deserialize(d)?.unwrap_or_default();
    Ok(v.into_iter()
        .filter_map(|x| match x {
            NumOrText::Num(n) => Some(n),
            NumOrText::Text(s) if s.trim().is_empty() => None,
            NumOrText::Text(s) => Some(s.trim().parse().unwrap_or(-1)),
        })
        .collect())
}

#[derive(Deserialize)]
#[serde(untagged)]
enum BoolOrText {
    Bool(bool),
    Text(String),
}

/// A flag: JSON true/false, or a form's "on"/"true"/"1"; absent is false.
pub fn flag<'de, D: Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    Ok(match Option::<BoolOrText>::deserialize(d)? {
        None => false,
        Some(BoolOrText::Bool(b)) => b,
        Some(BoolOrText::Text(s)) => matches!(s.trim(), "on" | "true" | "1" | "yes" | "是"),
    })
}

/// An optional number: a JSON number, a numeric string, or blank for none.
pub fn opt_num(field: &str, label: &str, v: Option<&str>) -> Result<Option<i64>, domain::Invalid> {
    match v.map(str::trim) {
        None | Some("") => Ok(None),
        Some(s) => s.parse().map(Some).map_err(|_| domain::Invalid::one(field, format!("{label}应为整数"))),
    }
}

/// A required free-text field of at most 2,000 characters: "请填写{what}" when blank.
pub(crate) fn need_text(field: &str, v: &str, what: &str) -> Result<(), domain::Invalid> {
    if v.trim().is_empty() {
        return Err(domain::Invalid::one(field, format!("请填写{what}")));
    }
    if v.chars().count() > 2000 {
        return Err(domain::Invalid::one(field, format!("{what}不能超过 2000 个字")));
    }
    Ok(())
}

/// Compares two secrets in time independent of where they first differ.
pub(crate) fn constant_eq(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}
