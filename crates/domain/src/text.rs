//! Text input rules shared by every form: trimmed, non-empty, bounded in characters.

use crate::Invalid;

/// A required single-line text: trimmed, 1..=max characters.
pub fn required(field: &str, label: &str, value: &str, max: usize) -> Result<String, Invalid> {
    let v = value.trim();
    if v.is_empty() {
        return Err(Invalid::one(field, format!("请填写{label}")));
    }
    if v.chars().count() > max {
        return Err(Invalid::one(field, format!("{label}不能超过 {max} 个字")));
    }
    if v.chars().any(char::is_control) {
        return Err(Invalid::one(field, format!("{label}含有不可见的控制字符")));
    }
    Ok(v.to_owned())
}

/// Whether `s` holds a control character other than the line breaks and tabs of multi-line text
/// (NUL, escape, bell, the C1 range…): refused in every text a request carries, before any use
/// case reads it.
pub fn has_control(s: &str) -> bool {
    s.chars().any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
}

/// An optional single-line text: trimmed; empty becomes `None`.
pub fn optional(field: &str, label: &str, value: Option<&str>, max: usize) -> Result<Option<String>, Invalid> {
    match value.map(str::trim) {
        None | Some("") => Ok(None),
        Some(v) => required(field, label, v, max).map(Some),
    }
}

/// Collects the result of one field parse into `errs`, returning the value when it parsed.
pub fn collect<T>(errs: &mut Invalid, r: Result<T, Invalid>) -> Option<T> {
    match r {
        Ok(v) => Some(v),
        Err(e) => {
            errs.fields.extend(e.fields);
            None
        }
    }
}

#[cfg(test)]
mod control_tests {
    use super::has_control;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn text_without_control_characters_passes(s in "[^\\p{Cc}]*") {
            prop_assert!(!has_control(&s));
        }

        #[test]
        fn any_control_character_but_line_breaks_and_tabs_is_found(a in "[^\\p{Cc}]{0,8}", c in "\\p{Cc}", b in "[^\\p{Cc}]{0,8}") {
            let s = format!("{a}{c}{b}");
            prop_assert_eq!(has_control(&s), !matches!(c.as_str(), "\n" | "\r" | "\t"));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn required_text_is_trimmed_and_bounded() {
        assert_eq!(required("name", "名称", "  综合窗口 ", 10), Ok("综合窗口".to_owned()));
        assert_eq!(required("name", "名称", "   ", 10).unwrap_err().fields[0].message, "请填写名称");
        assert!(required("name", "名称", "一二三四五六", 5).is_err());
        assert!(required("name", "名称", "a\u{0}b", 5).is_err());
    }

    #[test]
    fn optional_text_maps_blank_to_none() {
        assert_eq!(optional("n", "备注", Some("  "), 5), Ok(None));
        assert_eq!(optional("n", "备注", None, 5), Ok(None));
        assert_eq!(optional("n", "备注", Some(" x "), 5), Ok(Some("x".to_owned())));
    }
}
