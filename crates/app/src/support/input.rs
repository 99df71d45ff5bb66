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

/// A page size of at most `MAX` (`?limit=`): absent is none; 0, negative or over `MAX` is refused
/// rather than silently clamped.
fn bounded_limit<'de, D: Deserializer<'de>, const MAX: i64>(d: D) -> Result<Option<i64>, D::Error> {
    let n = match Option::<NumOrText>::deserialize(d)? {
        None => return Ok(None),
        Some(NumOrText::Text(s)) if s.trim().is_empty() => return Ok(None),
        Some(NumOrText::Num(n)) => Some(n),
        Some(NumOrText::Text(s)) => s.trim().parse().ok(),
    };
    match n {
        Some(n) if (1..=MAX).contains(&n) => Ok(Some(n)),
        _ => Err(serde::de::Error::custom(format!("应为 1–{MAX} 之间的整数"))),
    }
}

/// [`bounded_limit`] up to 200.
pub fn limit_200<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    bounded_limit::<D, 200>(d)
}

/// [`bounded_limit`] up to 500.
pub fn limit_500<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    bounded_limit::<D, 500>(d)
}

/// A flag: JSON true/false, or a form's checkbox ("on", "true"/"false", "1"/"0", blank); absent is
/// false. Anything else ("yes", "是", "maybe") is refused rather than guessed.
pub fn flag<'de, D: Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    match Option::<BoolOrText>::deserialize(d)? {
        None => Ok(false),
        Some(BoolOrText::Bool(b)) => Ok(b),
        Some(BoolOrText::Text(s)) => match s.trim() {
            "on" | "true" | "1" => Ok(true),
            "" | "off" | "false" | "0" => Ok(false),
            _ => Err(serde::de::Error::custom("应为 true 或 false")),
        },
    }
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
