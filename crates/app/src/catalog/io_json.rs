//! Reads a catalogue JSON document into checked entries, every problem with its path.

use domain::Invalid;
use domain::catalog::{CaseKind, DeliveryMode, ItemContent, ItemLevel, ItemType, MaterialSource, OnlineDepth, SpecialProcedure};
use serde_json::{Map, Value};

use super::io_format::*;
use super::io_xlsx::*;
use crate::Result;

/// What a JSON value must be.
#[derive(Clone, Copy)]
pub(super) enum Kind {
    Text,
    OptText,
    Uint,
    Bool,
    TextList,
    /// A coded value; the function maps a code or Chinese label to the code.
    Coded(fn(&str) -> Option<&'static str>),
    OptCoded(fn(&str) -> Option<&'static str>),
    CodedList(fn(&str) -> Option<&'static str>),
    Objects(fn() -> Vec<Spec>),
}

pub(super) struct Spec {
    pub(super) key: &'static str,
    pub(super) label: &'static str,
    pub(super) kind: Kind,
}

pub(super) const fn spec(key: &'static str, label: &'static str, kind: Kind) -> Spec {
    Spec { key, label, kind }
}

macro_rules! code_of {
    ($t:ty) => {
        |s: &str| <$t>::parse("v", s).ok().map(<$t>::code)
    };
}

pub(super) fn content_specs() -> Vec<Spec> {
    vec![
        spec("name", "事项名称", Kind::Text),
        spec("impl_code", "实施编码", Kind::Text),
        spec("item_type", "事项类型", Kind::Coded(code_of!(ItemType))),
        spec("levels", "行使层级", Kind::CodedList(code_of!(ItemLevel))),
        spec("legal_basis", "设定依据", Kind::Text),
        spec("conditions", "受理条件", Kind::Text),
        spec("steps", "办理流程", Kind::Objects(step_specs)),
        spec("statutory_days", "法定办结时限", Kind::Uint),
        spec("promised_days", "承诺办结时限", Kind::Uint),
        spec("case_kind", "办件类型", Kind::Coded(code_of!(CaseKind))),
        spec("special_procedures", "特别程序", Kind::CodedList(code_of!(SpecialProcedure))),
        spec("fee", "收费", Kind::OptText),
        spec("fee_basis", "收费依据", Kind::Text),
        spec("result_name", "办理结果", Kind::Text),
        spec("delivery", "送达方式", Kind::CodedList(code_of!(DeliveryMode))),
        spec("visits", "到现场次数", Kind::Uint),
        spec("online_depth", "网办深度", Kind::Coded(code_of!(OnlineDepth))),
        spec("appointment", "支持预约", Kind::Bool),
        spec("keywords", "关键词", Kind::TextList),
        spec("review_points", "审查要点", Kind::TextList),
        spec("faq", "答疑", Kind::Objects(faq_specs)),
        spec("consult_phone", "咨询电话", Kind::Text),
        spec("complaint_phone", "投诉电话", Kind::Text),
        spec("materials", "申请材料", Kind::Objects(material_specs)),
    ]
}

pub(super) fn step_specs() -> Vec<Spec> {
    vec![spec("name", "环节", Kind::Text), spec("post", "岗位", Kind::Text), spec("days", "时限", Kind::Uint)]
}

pub(super) fn faq_specs() -> Vec<Spec> {
    vec![spec("q", "问题", Kind::Text), spec("a", "解答", Kind::Text)]
}

pub(super) fn material_specs() -> Vec<Spec> {
    vec![
        spec("name", "材料名称", Kind::Text),
        spec("required", "必要", Kind::Bool),
        spec("originals", "原件份数", Kind::Uint),
        spec("copies", "复印件份数", Kind::Uint),
        spec("electronic", "电子", Kind::Bool),
        spec("source", "来源", Kind::OptCoded(code_of!(MaterialSource))),
        spec("rongque", "容缺", Kind::Bool),
        spec("replaced_by", "可替代为", Kind::Text),
        spec("commitment", "告知承诺", Kind::Bool),
        spec("note", "填报须知", Kind::Text),
    ]
}

/// A JSON value shown briefly in a message.
pub(super) fn shown(v: &Value) -> String {
    let s = v.to_string();
    if s.chars().count() > 40 { format!("{}…", s.chars().take(40).collect::<String>()) } else { s }
}

/// Checks `obj` against `specs`, rewriting Chinese labels of coded values to their codes, and
/// pushes one message per problem (`path` names where the object is, for nested lists).
pub(super) fn check_object(obj: &mut Map<String, Value>, specs: &[Spec], path: &str, out: &mut Vec<String>) {
    for s in specs {
        let what = format!("{path}“{}”（{}）", s.label, s.key);
        let Some(v) = obj.get_mut(s.key) else {
            out.push(format!("缺少{what}"));
            continue;
        };
        let coded = |v: &mut Value, f: fn(&str) -> Option<&'static str>| -> bool {
            match v.as_str().and_then(f) {
                Some(code) => {
                    *v = Value::String(code.to_owned());
                    true
                }
                None => false,
            }
        };
        let problem: Option<&str> = match s.kind {
            Kind::Text => (!v.is_string()).then_some("应为文本"),
            Kind::OptText => (!v.is_string() && !v.is_null()).then_some("应为文本或 null"),
            Kind::Uint => v.as_u64().is_none_or(|n| n > u64::from(u32::MAX)).then_some("应为不小于 0 的整数"),
            Kind::Bool => (!v.is_boolean()).then_some("应为 true 或 false"),
            Kind::TextList => v.as_array().is_none_or(|a| a.iter().any(|x| !x.is_string())).then_some("应为文本的列表"),
            Kind::Coded(f) => {
                let ok = coded(v, f);
                (!ok).then_some("不是可选的值")
            }
            Kind::OptCoded(f) => {
                let ok = v.is_null() || coded(v, f);
                (!ok).then_some("不是可选的值（或 null）")
            }
            Kind::CodedList(f) => match v.as_array_mut() {
                Some(a) => {
                    let mut ok = true;
                    for x in a.iter_mut() {
                        ok &= coded(x, f);
                    }
                    (!ok).then_some("含有不可选的值")
                }
                None => Some("应为列表"),
            },
            Kind::Objects(sub) => match v.as_array_mut() {
                Some(a) => {
                    let sub = sub();
                    for (j, x) in a.iter_mut().enumerate() {
                        match x.as_object_mut() {
                            Some(o) => check_object(o, &sub, &format!("{path}“{}”第 {} 项的", s.label, j + 1), out),
                            None => out.push(format!("{path}“{}”第 {} 项应为对象", s.label, j + 1)),
                        }
                    }
                    None
                }
                None => Some("应为列表"),
            },
        };
        if let Some(p) = problem {
            out.push(format!("{what}{p}，现为 {}", shown(v)));
        }
    }
}

pub(super) fn json_text<'a>(obj: &'a Map<String, Value>, key: &str) -> Option<&'a str> {
    obj.get(key).and_then(Value::as_str)
}

pub(super) fn json_item(i: usize, v: &mut Value, e: &mut Invalid) -> Option<Entry> {
    let mut at = Loc { field: format!("JSON!第{}个事项", i + 1), prefix: format!("第 {} 个事项", i + 1) };
    let Some(obj) = v.as_object_mut() else {
        at.push(e, "应为对象");
        return None;
    };
    let basic_code = json_text(obj, "basic_code").map(|s| s.trim().to_owned());
    if let Some(code) = basic_code.as_deref().filter(|c| !c.is_empty()) {
        at.prefix = format!("第 {} 个事项（{code}）", i + 1);
    } else if obj.get("basic_code").is_some_and(|c| !c.is_string()) {
        at.push(e, "的“基本编码”（basic_code）应为文本");
    }
    let department_code = match obj.get("department_code") {
        Some(Value::String(s)) => s.trim().to_owned(),
        None => {
            at.push(e, "缺少“实施部门”（department_code）");
            String::new()
        }
        Some(_) => {
            at.push(e, "的“实施部门”（department_code）应为文本");
            String::new()
        }
    };
    let content = match obj.get_mut("content") {
        Some(Value::Object(c)) => {
            let mut problems = Vec::new();
            check_object(c, &content_specs(), "", &mut problems);
            for p in &problems {
                at.push(e, format!("的内容：{p}"));
            }
            if problems.is_empty() {
                match serde_json::from_value::<ItemContent>(Value::Object(c.clone())) {
                    Ok(c) => Some(c),
                    Err(err) => {
                        at.push(e, format!("的内容格式有误（{err}）"));
                        None
                    }
                }
            } else {
                None
            }
        }
        None => {
            at.push(e, "缺少“内容”（content）");
            None
        }
        Some(_) => {
            at.push(e, "的“内容”（content）应为对象");
            None
        }
    };
    let mut sites = Vec::new();
    match obj.get("sites") {
        None | Some(Value::Null) => {}
        Some(Value::Array(a)) => {
            for (j, s) in a.iter().enumerate() {
                let sat = Loc { field: at.field.clone(), prefix: format!("{}的第 {} 个实施场所", at.prefix, j + 1) };
                let Some(o) = s.as_object() else {
                    sat.push(e, "应为对象");
                    continue;
                };
                let text = |k: &str| json_text(o, k).unwrap_or_default().to_owned();
                if let Some(spec) = site_spec(sat, &text("site_name"), &text("state"), &text("negative_reason"), &text("negative_note"), e)
                {
                    sites.push(spec);
                }
            }
        }
        Some(_) => at.push(e, "的“实施场所”（sites）应为列表"),
    }
    let name_mn = match obj.get("name_mn") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => match domain::text::mongolian("name_mn", "蒙古文名称", Some(s)) {
            Ok(v) => v,
            Err(err) => {
                err.fields.iter().for_each(|f| at.push(e, format!("的“蒙古文名称”（name_mn）：{}", f.message)));
                None
            }
        },
        Some(_) => {
            at.push(e, "的“蒙古文名称”（name_mn）应为文本");
            None
        }
    };
    Some(Entry { at, basic_code: basic_code.unwrap_or_default(), department_code, content: content?, sites, name_mn })
}

pub(super) fn parse_json(bytes: &[u8]) -> Result<(Vec<Entry>, Invalid), Invalid> {
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF".as_slice()).unwrap_or(bytes);
    let mut doc: Value = serde_json::from_slice(body).map_err(|err| {
        let why = match err.classify() {
            serde_json::error::Category::Eof => format!("文件在第 {} 行提前结束，内容不完整", err.line()),
            serde_json::error::Category::Io => "文件无法读取".to_owned(),
            _ if std::str::from_utf8(body).is_err() => "文件不是 UTF-8 编码的文本".to_owned(),
            _ => format!("第 {} 行第 {} 列附近格式有误", err.line(), err.column()),
        };
        Invalid::one("文件", format!("文件不是有效的 JSON：{why}"))
    })?;
    let not_ours = || Invalid::one("文件", format!("该 JSON 文件不是一窗事项库的导出文件（应含 \"format\": \"{JSON_FORMAT}\"）"));
    let obj = doc.as_object_mut().ok_or_else(not_ours)?;
    if obj.get("format").and_then(Value::as_str) != Some(JSON_FORMAT) {
        return Err(not_ours());
    }
    match obj.get("version").and_then(Value::as_u64) {
        Some(JSON_VERSION) => {}
        Some(v) => return Err(Invalid::one("文件", format!("不支持第 {v} 版的导出文件，本系统读取第 {JSON_VERSION} 版"))),
        None => return Err(Invalid::one("文件", "文件缺少版本号（version）")),
    }
    let Some(items) = obj.get_mut("items").and_then(Value::as_array_mut) else {
        return Err(Invalid::one("文件", "文件缺少事项列表（items）"));
    };
    let mut e = Invalid::default();
    let entries = items.iter_mut().enumerate().filter_map(|(i, v)| json_item(i, v, &mut e)).collect();
    Ok((entries, e))
}

// ---------------------------------------------------------------- checking and writing
