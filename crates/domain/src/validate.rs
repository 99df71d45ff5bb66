//! Validators for Chinese personal and organisation identifiers, and masking of them.
//!
//! Enforces GB 11643-1999 (居民身份证号码, ISO 7064 MOD 11-2 check char), GB 32100-2015
//! (统一社会信用代码, MOD 31 check char; a mismatch is a warning a clerk may override) and the
//! mainland mobile number shape `^1[3-9]\d{9}$`. Parsers accept full-width (IME) input and
//! report one precise Chinese message per failure. `Debug` of every identifier prints only the
//! masked form; `Display` and `Serialize` give the full value.

use std::fmt;

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use crate::Invalid;

const ID_WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK: &[u8; 11] = b"10X98765432";
const CC_CHARSET: &str = "0123456789ABCDEFGHJKLMNPQRTUWXY";
const CC_WEIGHTS: [usize; 17] = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/// A resident ID number (GB 11643-1999): 18 chars, check char stored uppercase.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct IdCardNo(String);

impl IdCardNo {
    /// Parses a resident ID: length, digits, a birth date in 1900..=2100 that exists, check char.
    pub fn parse(field: &str, s: &str) -> Result<Self, Invalid> {
        let err = |m: String| Err(Invalid::one(field, m));
        let s = halfwidth(s).trim().to_ascii_uppercase();
        let n = s.chars().count();
        if n == 0 {
            return err("请填写身份证号".into());
        }
        if n != 18 {
            return err(format!("身份证号应为18位，现为{n}位"));
        }
        if let Some((i, c)) = s.chars().take(17).enumerate().find(|(_, c)| !c.is_ascii_digit()) {
            return err(format!("身份证号第{}位应为数字，现为“{c}”", i + 1));
        }
        if let Some(c) = s[17..].chars().next().filter(|&c| !c.is_ascii_digit() && c != 'X') {
            return err(format!("身份证号最后一位应为数字或 X，现为“{c}”"));
        }
        if !(1900..=2100).contains(&digits(&s[6..10])) {
            return err(format!("出生日期 {} 超出范围（年份应在1900至2100之间）", &s[6..14]));
        }
        if birth_of(&s).is_none() {
            return err(format!("出生日期 {} 不存在", &s[6..14]));
        }
        if let Some(expected) = Self::check_char(&s[..17])
            && !s.ends_with(expected)
        {
            return err(format!("身份证号校验位不符：应为 {expected}"));
        }
        Ok(Self(s))
    }

    /// The MOD 11-2 check char for the first 17 digits, `None` unless exactly 17 ASCII digits.
    pub fn check_char(first17: &str) -> Option<char> {
        let d = first17.as_bytes();
        if d.len() != 17 || !d.iter().all(u8::is_ascii_digit) {
            return None;
        }
        let sum: u32 = d.iter().zip(ID_WEIGHTS).map(|(b, w)| u32::from(b - b'0') * w).sum();
        Some(char::from(ID_CHECK[(sum % 11) as usize]))
    }

    /// Builds a valid ID from a 6-digit region, a birth date and a sequence 0..=999 (demo data).
    pub fn from_parts(region: &str, birth: NaiveDate, seq: u16) -> Option<Self> {
        let (y, m, d) = (birth.year(), birth.month(), birth.day());
        let first17 = format!("{region}{y:04}{m:02}{d:02}{seq:03}");
        let check = Self::check_char(&first17)?;
        Self::parse("", &format!("{first17}{check}")).ok()
    }

    /// The full 18-char number.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The birth date encoded in chars 7–14.
    pub fn birth_date(&self) -> NaiveDate {
        birth_of(&self.0).expect("an IdCardNo holds a birth date checked by parse")
    }

    /// Whether the holder is male (odd 17th digit).
    pub fn is_male(&self) -> bool {
        (self.0.as_bytes()[16] - b'0') % 2 == 1
    }

    /// The 6-digit address code (GB/T 2260) the number was issued under.
    pub fn region_code(&self) -> &str {
        &self.0[..6]
    }

    /// First 6 and last 4 chars kept, e.g. `152627********1234`.
    pub fn masked(&self) -> String {
        mask_middle(&self.0.chars().collect::<Vec<_>>(), 6, 4)
    }
}

/// A unified social credit code (统一社会信用代码, GB 32100-2015), stored uppercase.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct CreditCode(String);

/// A well-formed credit code, with or without a matching check char.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CreditCodeCheck {
    /// The check char matches.
    Valid(CreditCode),
    /// Real codes exist that fail the check; an authorised clerk may accept them anyway.
    ChecksumMismatch { code: CreditCode, expected: char },
}

impl CreditCodeCheck {
    /// The code whatever the check said (use only after an authorised override).
    pub fn into_code(self) -> CreditCode {
        match self {
            Self::Valid(code) | Self::ChecksumMismatch { code, .. } => code,
        }
    }
}

impl CreditCode {
    /// Parses the format strictly; a wrong check char is reported as `ChecksumMismatch`, not `Err`.
    pub fn parse(field: &str, s: &str) -> Result<CreditCodeCheck, Invalid> {
        let err = |m: String| Err(Invalid::one(field, m));
        let s = halfwidth(s).trim().to_ascii_uppercase();
        let n = s.chars().count();
        if n == 0 {
            return err("请填写统一社会信用代码".into());
        }
        if n != 18 {
            return err(format!("统一社会信用代码应为18位，现为{n}位"));
        }
        for (i, c) in s.chars().enumerate() {
            if (2..8).contains(&i) && !c.is_ascii_digit() {
                return err(format!("统一社会信用代码第3至8位应为行政区划码数字，第{}位是“{c}”", i + 1));
            }
            if matches!(c, 'I' | 'O' | 'S' | 'V' | 'Z') {
                return err(format!("统一社会信用代码含有不允许的字符 {c}（不使用 I、O、S、V、Z）"));
            }
            if !CC_CHARSET.contains(c) {
                return err(format!("统一社会信用代码第{}位含有不允许的字符“{c}”", i + 1));
            }
        }
        let expected = Self::check_char(&s[..17]).unwrap_or('?');
        let code = Self(s);
        Ok(if code.0.ends_with(expected) { CreditCodeCheck::Valid(code) } else { CreditCodeCheck::ChecksumMismatch { code, expected } })
    }

    /// Like [`CreditCode::parse`] but a checksum mismatch is an error naming the expected char.
    pub fn parse_strict(field: &str, s: &str) -> Result<Self, Invalid> {
        match Self::parse(field, s)? {
            CreditCodeCheck::Valid(code) => Ok(code),
            CreditCodeCheck::ChecksumMismatch { expected, .. } => {
                Err(Invalid::one(field, format!("统一社会信用代码校验位不符（应为 {expected}），如确认无误可由有权限的工作人员强制通过")))
            }
        }
    }

    /// The MOD 31 check char for 17 chars of the code charset, `None` otherwise.
    pub fn check_char(first17: &str) -> Option<char> {
        if first17.chars().count() != 17 {
            return None;
        }
        let mut sum = 0;
        for (c, w) in first17.chars().zip(CC_WEIGHTS) {
            sum += CC_CHARSET.find(c)? * w;
        }
        Some(char::from(CC_CHARSET.as_bytes()[(31 - sum % 31) % 31]))
    }

    /// Builds a valid code from its first 17 chars by appending the check char (demo data).
    pub fn from_prefix(first17: &str) -> Option<Self> {
        let check = Self::check_char(first17)?;
        match Self::parse("", &format!("{first17}{check}")).ok()? {
            CreditCodeCheck::Valid(code) => Some(code),
            CreditCodeCheck::ChecksumMismatch { .. } => None,
        }
    }

    /// The full 18-char code.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The registering authority's 6-digit region code (chars 3–8).
    pub fn region_code(&self) -> &str {
        &self.0[2..8]
    }

    /// First 8 and last 2 chars kept, e.g. `91350100********43`.
    pub fn masked(&self) -> String {
        mask_middle(&self.0.chars().collect::<Vec<_>>(), 8, 2)
    }
}

/// A mainland mobile number: 11 digits matching `^1[3-9]\d{9}$`.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct Mobile(String);

impl Mobile {
    /// Parses a mobile, ignoring spaces, hyphens and a leading +86 / 0086 / 86 country code.
    pub fn parse(field: &str, s: &str) -> Result<Self, Invalid> {
        let err = |m: String| Err(Invalid::one(field, m));
        let s: String = halfwidth(s).chars().filter(|&c| !c.is_whitespace() && c != '-').collect();
        let rest = s
            .strip_prefix("+86")
            .or_else(|| s.strip_prefix("0086"))
            .or_else(|| s.strip_prefix("86").filter(|r| r.chars().count() == 11))
            .unwrap_or(&s);
        if rest.is_empty() {
            return err("请填写手机号".into());
        }
        if let Some(c) = rest.chars().find(|c| !c.is_ascii_digit()) {
            return err(format!("手机号只能包含数字，现含有“{c}”"));
        }
        if rest.len() != 11 {
            return err(format!("手机号应为11位且以1开头，第二位为3-9，现为{}位", rest.len()));
        }
        if !rest.starts_with('1') || !matches!(rest.as_bytes()[1], b'3'..=b'9') {
            return err(format!("手机号应为11位且以1开头，第二位为3-9，现以“{}”开头", &rest[..2]));
        }
        Ok(Self(rest.to_owned()))
    }

    /// The 11 digits.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// First 3 and last 4 digits kept, e.g. `138****5678`.
    pub fn masked(&self) -> String {
        mask_middle(&self.0.chars().collect::<Vec<_>>(), 3, 4)
    }
}

macro_rules! masked_debug_full_display {
    ($($t:ident),*) => {$(
        impl fmt::Debug for $t {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.debug_tuple(stringify!($t)).field(&self.masked()).finish()
            }
        }
        impl fmt::Display for $t {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
    )*};
}
masked_debug_full_display!(IdCardNo, CreditCode, Mobile);

/// Masks a personal name: `张*` for two chars, first and last kept beyond that, `·` kept.
pub fn mask_name(name: &str) -> String {
    let chars: Vec<char> = name.trim().chars().collect();
    let n = chars.len();
    let keep = |i: usize, c: char| i == 0 || (n > 2 && i == n - 1) || c == '·';
    let masked = chars.iter().enumerate().map(|(i, &c)| if keep(i, c) { c } else { '*' });
    if n == 1 { "*".to_owned() } else { masked.collect() }
}

/// Masks every contiguous 18-char ID-like run and standalone 11-digit mobile in free text.
///
/// A run is a maximal sequence of (ASCII or full-width) digits: 18 digits, or 17 followed by
/// X/x, is masked like [`IdCardNo::masked`]; exactly 11 digits `1[3-9]…` like [`Mobile::masked`].
/// Other runs (longer numbers, numbers split by spaces) are left as they are.
pub fn mask_pii(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let is_digit = |c: char| half(c).is_ascii_digit();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        let start = i;
        while i < chars.len() && is_digit(chars[i]) {
            i += 1;
        }
        if i == start {
            out.push(chars[i]);
            i += 1;
            continue;
        }
        if i - start == 17 && chars.get(i).is_some_and(|&c| matches!(half(c), 'X' | 'x')) {
            i += 1;
        }
        let run = &chars[start..i];
        let mobile = run.len() == 11 && half(run[0]) == '1' && ('3'..='9').contains(&half(run[1]));
        match run.len() {
            18 => out.push_str(&mask_middle(run, 6, 4)),
            11 if mobile => out.push_str(&mask_middle(run, 3, 4)),
            _ => out.extend(run),
        }
    }
    out
}

/// Keeps `head` and `tail` chars and replaces the rest with `*`.
fn mask_middle(chars: &[char], head: usize, tail: usize) -> String {
    let n = chars.len();
    let keep = |i: usize| i < head || i + tail >= n;
    chars.iter().enumerate().map(|(i, &c)| if keep(i) { c } else { '*' }).collect()
}

/// Maps a full-width ASCII variant (as typed with a Chinese IME) or U+3000 to ASCII.
fn half(c: char) -> char {
    match c {
        '\u{3000}' => ' ',
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(u32::from(c) - 0xFEE0).unwrap_or(c),
        _ => c,
    }
}

fn halfwidth(s: &str) -> String {
    s.chars().map(half).collect()
}

/// The value of an all-ASCII-digit string (callers check the digits).
fn digits(s: &str) -> u32 {
    s.bytes().fold(0, |acc, b| acc * 10 + u32::from(b.wrapping_sub(b'0')))
}

/// The birth date in an 18-char ID whose first 17 chars are digits.
fn birth_of(id: &str) -> Option<NaiveDate> {
    let year = i32::try_from(digits(&id[6..10])).ok().filter(|y| (1900..=2100).contains(y))?;
    NaiveDate::from_ymd_opt(year, digits(&id[10..12]), digits(&id[12..14]))
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn message(r: Result<impl fmt::Debug, Invalid>) -> String {
        r.unwrap_err().fields[0].message.clone()
    }

    #[test]
    fn the_standard_id_vector_is_valid_and_decoded() {
        let id = IdCardNo::parse("id", " 11010519491231002x ").unwrap();
        assert_eq!(id.as_str(), "11010519491231002X");
        assert_eq!(id.birth_date(), NaiveDate::from_ymd_opt(1949, 12, 31).unwrap());
        assert_eq!(id.region_code(), "110105");
        assert!(!id.is_male());
        assert_eq!(id.masked(), "110105********002X");
        assert_eq!(IdCardNo::check_char("11010519491231002"), Some('X'));
    }

    #[test]
    fn full_width_id_input_is_accepted() {
        let id = IdCardNo::parse("id", "１１０１０５１９４９１２３１００２ｘ").unwrap();
        assert_eq!(id.as_str(), "11010519491231002X");
    }

    #[test]
    fn id_errors_name_the_problem() {
        let p = |s| message(IdCardNo::parse("id", s));
        assert_eq!(p(""), "请填写身份证号");
        assert_eq!(p("1101051949123100"), "身份证号应为18位，现为16位");
        assert_eq!(p("11010519491231002"), "身份证号应为18位，现为17位");
        assert_eq!(p("1101051949A231002X"), "身份证号第11位应为数字，现为“A”");
        assert_eq!(p("11010519491231002Y"), "身份证号最后一位应为数字或 X，现为“Y”");
        assert_eq!(p("110105199902310021"), "出生日期 19990231 不存在");
        assert_eq!(p("110105189912310021"), "出生日期 18991231 超出范围（年份应在1900至2100之间）");
        assert_eq!(p("110105194912310021"), "身份证号校验位不符：应为 X");
    }

    #[test]
    fn from_parts_rejects_bad_regions_and_sequences() {
        let d = NaiveDate::from_ymd_opt(1990, 1, 1).unwrap();
        assert!(IdCardNo::from_parts("15062", d, 1).is_none());
        assert!(IdCardNo::from_parts("15062a", d, 1).is_none());
        assert!(IdCardNo::from_parts("150626", d, 1000).is_none());
        assert!(IdCardNo::from_parts("150626", d, 999).unwrap().is_male());
    }

    #[test]
    fn the_published_credit_codes_pass_the_check() {
        for s in ["91350100M000100Y43", "91350200MA2YJ1XR9G", "913502000728319549", "91350500798359476R"] {
            let code = CreditCode::parse_strict("c", &s.to_lowercase()).unwrap();
            assert_eq!(code.as_str(), s);
            assert_eq!(CreditCode::from_prefix(&s[..17]), Some(code));
        }
    }

    #[test]
    fn a_whitelisted_real_code_is_only_a_checksum_warning() {
        let check = CreditCode::parse("c", "91350203M0001QAY9B").unwrap();
        let CreditCodeCheck::ChecksumMismatch { code, expected } = check.clone() else { panic!("{check:?}") };
        assert_eq!(code.region_code(), "350203");
        assert_ne!(expected, 'B');
        assert_eq!(
            message(CreditCode::parse_strict("c", "91350203M0001QAY9B")),
            format!("统一社会信用代码校验位不符（应为 {expected}），如确认无误可由有权限的工作人员强制通过")
        );
        assert_eq!(check.into_code().as_str(), "91350203M0001QAY9B");
    }

    #[test]
    fn credit_code_errors_name_the_problem() {
        let p = |s| message(CreditCode::parse("c", s));
        assert_eq!(p(" "), "请填写统一社会信用代码");
        assert_eq!(p("91350100M000100Y4"), "统一社会信用代码应为18位，现为17位");
        assert_eq!(p("91350100M000100O43"), "统一社会信用代码含有不允许的字符 O（不使用 I、O、S、V、Z）");
        assert_eq!(p("9135A100M000100Y43"), "统一社会信用代码第3至8位应为行政区划码数字，第5位是“A”");
        assert_eq!(p("91350100M000100Y4#"), "统一社会信用代码第18位含有不允许的字符“#”");
    }

    #[test]
    fn a_credit_code_masks_its_middle() {
        let code = CreditCode::parse_strict("c", "91350100M000100Y43").unwrap();
        assert_eq!(code.masked(), "91350100********43");
    }

    #[test]
    fn mobiles_are_normalised_and_masked() {
        for s in ["13812345678", "138 1234 5678", "+86 138-1234-5678", "008613812345678", "8613812345678"] {
            let m = Mobile::parse("m", s).unwrap();
            assert_eq!(m.as_str(), "13812345678");
            assert_eq!(m.masked(), "138****5678");
        }
    }

    #[test]
    fn mobile_errors_name_the_problem() {
        let p = |s| message(Mobile::parse("m", s));
        assert_eq!(p(" - "), "请填写手机号");
        assert_eq!(p("1381234567"), "手机号应为11位且以1开头，第二位为3-9，现为10位");
        assert_eq!(p("12812345678"), "手机号应为11位且以1开头，第二位为3-9，现以“12”开头");
        assert_eq!(p("138123456a8"), "手机号只能包含数字，现含有“a”");
    }

    #[test]
    fn debug_prints_only_the_masked_form_and_display_the_full_value() {
        let id = IdCardNo::parse("id", "11010519491231002X").unwrap();
        let m = Mobile::parse("m", "13812345678").unwrap();
        assert_eq!(format!("{id:?} {m:?}"), r#"IdCardNo("110105********002X") Mobile("138****5678")"#);
        assert_eq!(format!("{id} {m}"), "11010519491231002X 13812345678");
    }

    #[test]
    fn names_keep_only_their_first_and_last_chars() {
        assert_eq!(mask_name("张三"), "张*");
        assert_eq!(mask_name("王小明"), "王*明");
        assert_eq!(mask_name("欧阳娜娜"), "欧**娜");
        assert_eq!(mask_name("乌力吉·巴雅尔"), "乌**·**尔");
        assert_eq!(mask_name("李"), "*");
        assert_eq!(mask_name(""), "");
    }

    #[test]
    fn pii_in_chinese_text_is_masked_and_other_numbers_are_kept() {
        let text = "申请人11010519491231002x，电话13812345678，订单号202405010001，卡号62220213812345678901。";
        assert_eq!(mask_pii(text), "申请人110105********002x，电话138****5678，订单号202405010001，卡号62220213812345678901。");
        assert_eq!(mask_pii("手机１３８１２３４５６７８"), "手机１３８****５６７８");
    }

    fn region() -> impl Strategy<Value = String> {
        "[0-9]{6}"
    }

    fn birth() -> impl Strategy<Value = NaiveDate> {
        // 1900-01-01 ..= 2100-12-31
        (0u64..73_414).prop_map(|d| NaiveDate::from_ymd_opt(1900, 1, 1).unwrap().checked_add_days(chrono::Days::new(d)).unwrap())
    }

    fn valid_id() -> impl Strategy<Value = IdCardNo> {
        (region(), birth(), 0u16..1000).prop_map(|(r, b, s)| IdCardNo::from_parts(&r, b, s).unwrap())
    }

    fn credit_prefix() -> impl Strategy<Value = String> {
        "[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{9}"
    }

    /// Text without ASCII digits, with Chinese, Latin letters and punctuation.
    fn filler() -> impl Strategy<Value = String> {
        "[a-zA-Z\u{4e00}-\u{9fa5}，。：（） ]{0,12}"
    }

    proptest! {
        #[test]
        fn every_generated_id_parses_and_round_trips(
            (r, b, s) in (region(), birth(), 0u16..1000)
        ) {
            let id = IdCardNo::from_parts(&r, b, s).unwrap();
            let again = IdCardNo::parse("id", &id.as_str().to_lowercase()).unwrap();
            prop_assert_eq!(&again, &id);
            prop_assert_eq!(id.birth_date(), b);
            prop_assert_eq!(id.region_code(), r.as_str());
            prop_assert_eq!(id.is_male(), s % 2 == 1);
        }

        #[test]
        fn changing_any_single_char_of_a_valid_id_makes_it_invalid(
            id in valid_id(), pos in 0usize..18, replacement in 0usize..11
        ) {
            let mut chars: Vec<char> = id.as_str().chars().collect();
            let options: &[u8] = if pos == 17 { b"0123456789X" } else { b"0123456789" };
            let new = char::from(options[replacement % options.len()]);
            prop_assume!(new != chars[pos]);
            chars[pos] = new;
            let changed: String = chars.iter().collect();
            prop_assert!(IdCardNo::parse("id", &changed).is_err());
        }

        #[test]
        fn every_prefix_with_its_check_char_is_a_valid_credit_code(prefix in credit_prefix()) {
            let check = CreditCode::check_char(&prefix).unwrap();
            let parsed = CreditCode::parse("c", &format!("{prefix}{check}")).unwrap();
            let built = CreditCode::from_prefix(&prefix).unwrap();
            prop_assert_eq!(parsed, CreditCodeCheck::Valid(built));
        }

        #[test]
        fn a_wrong_check_char_is_a_checksum_mismatch(prefix in credit_prefix(), k in 1usize..31) {
            let expected = CreditCode::check_char(&prefix).unwrap();
            let at = CC_CHARSET.find(expected).unwrap();
            let wrong = CC_CHARSET.chars().cycle().nth(at + k).unwrap();
            let code = format!("{prefix}{wrong}");
            let parsed = CreditCode::parse("c", &code).unwrap();
            let mismatch =
                CreditCodeCheck::ChecksumMismatch { code: CreditCode(code.clone()), expected };
            prop_assert_eq!(parsed, mismatch);
            prop_assert!(CreditCode::parse_strict("c", &code).is_err());
        }

        #[test]
        fn decorated_mobiles_are_accepted(
            second in 3u8..=9, rest in "[0-9]{9}",
            prefix in prop::sample::select(vec!["", "+86", "+86 ", "0086", "86", " +86-"]),
            seps in prop::collection::vec(prop::sample::select(vec!["", "", " ", "-"]), 11)
        ) {
            let plain = format!("1{second}{rest}");
            let decorated: String =
                plain.chars().zip(&seps).map(|(c, s)| format!("{c}{s}")).collect();
            let m = Mobile::parse("m", &format!("{prefix}{decorated}")).unwrap();
            prop_assert_eq!(m.as_str(), plain.as_str());
        }

        #[test]
        fn mobiles_with_other_leading_digits_are_rejected(head in "[0-9]{2}", rest in "[0-9]{9}") {
            prop_assume!(!head.starts_with('1') || head.as_bytes()[1] < b'3');
            let number = format!("{head}{rest}");
            prop_assert!(Mobile::parse("m", &number).is_err());
        }

        #[test]
        fn mask_pii_leaves_no_embedded_mobile_or_id_readable(
            before in filler(), after in filler(), id in valid_id(),
            second in 3u8..=9, rest in "[0-9]{9}"
        ) {
            let mobile = format!("1{second}{rest}");
            let masked = mask_pii(&format!("{before}{mobile}，{after}{id}{before}"));
            prop_assert!(!masked.contains(&mobile));
            prop_assert!(!masked.contains(id.as_str()));
            let masked_mobile = format!("{}****{}", &mobile[..3], &mobile[7..]);
            let id_masked = id.masked();
            prop_assert_eq!(masked, format!("{before}{masked_mobile}，{after}{id_masked}{before}"));
        }

        #[test]
        fn mask_pii_leaves_text_without_digits_unchanged(text in "[^0-9０-９]{0,60}") {
            prop_assert_eq!(mask_pii(&text), text);
        }
    }
}
