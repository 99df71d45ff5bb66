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

/// The longest Mongolian name accepted (characters, spaces included).
pub const MONGOLIAN_MAX: usize = 120;

/// An optional name in traditional Mongolian script: trimmed, empty becomes `None`; only letters
/// of the Mongolian block (U+1800–U+18AF: letters, punctuation, digits, free variation selectors
/// U+180B–U+180F and the vowel separator U+180E), ASCII digits, spaces, the narrow no-break
/// space U+202F before case suffixes and the zero-width joiners U+200C/U+200D; at most
/// [`MONGOLIAN_MAX`] characters. «{label}只能填写传统蒙古文» names the field otherwise.
pub fn mongolian(field: &str, label: &str, value: Option<&str>) -> Result<Option<String>, Invalid> {
    let Some(v) = value.map(str::trim).filter(|v| !v.is_empty()) else {
        return Ok(None);
    };
    if v.chars().count() > MONGOLIAN_MAX {
        return Err(Invalid::one(field, format!("{label}不能超过 {MONGOLIAN_MAX} 个字符")));
    }
    let allowed = |c: char| matches!(c, '\u{1800}'..='\u{18AF}' | '0'..='9' | ' ' | '\u{202F}' | '\u{200C}' | '\u{200D}');
    if !v.chars().all(allowed) || !v.chars().any(|c| matches!(c, '\u{1820}'..='\u{18AF}')) {
        return Err(Invalid::one(field, format!("{label}只能填写传统蒙古文（蒙古文字母、数字和空格）")));
    }
    Ok(Some(v.to_owned()))
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
    fn mongolian_names_take_mongolian_script_only() {
        let centre = "ᠦᠦᠰᠢᠨ ᠬᠣᠰᠢᠭᠤ\u{202F}ᠶᠢᠨ ᠲᠥᠪ";
        assert_eq!(mongolian("name_mn", "蒙古文名称", Some(&format!(" {centre} "))), Ok(Some(centre.to_owned())));
        assert_eq!(mongolian("name_mn", "蒙古文名称", Some("1 ᠳ᠋ᠦᠭᠡᠷ ᠴᠣᠩᠬᠣ")), Ok(Some("1 ᠳ᠋ᠦᠭᠡᠷ ᠴᠣᠩᠬᠣ".to_owned())));
        assert_eq!(mongolian("name_mn", "蒙古文名称", Some("  ")), Ok(None));
        assert_eq!(mongolian("name_mn", "蒙古文名称", None), Ok(None));
        for bad in ["综合受理", "Uushin", "ᠲᠥᠪ（一）", "12", "Улаанбаатар"] {
            let e = mongolian("name_mn", "蒙古文名称", Some(bad)).unwrap_err();
            assert_eq!(e.fields[0].field, "name_mn");
            assert!(e.fields[0].message.starts_with("蒙古文名称只能填写传统蒙古文"), "{bad}: {e:?}");
        }
        assert!(mongolian("name_mn", "蒙古文名称", Some(&"ᠠ".repeat(MONGOLIAN_MAX + 1))).is_err());
    }

    #[test]
    fn optional_text_maps_blank_to_none() {
        assert_eq!(optional("n", "备注", Some("  "), 5), Ok(None));
        assert_eq!(optional("n", "备注", None, 5), Ok(None));
        assert_eq!(optional("n", "备注", Some(" x "), 5), Ok(Some("x".to_owned())));
    }
}
