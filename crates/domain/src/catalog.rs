//! The service-item catalogue (事项库, R4–R8): item types, case kinds, delivery modes, online depth,
//! special procedures and negative-list reasons, as stored codes with Chinese labels. The rules on a
//! whole item version (what may be published) live here too.

use crate::org::coded_enum;

coded_enum!(
    /// The legal type of an applied-for item (国发〔2022〕5号 family).
    ItemType, "事项类型" {
        Permit = "permit", "行政许可";
        Confirmation = "confirmation", "行政确认";
        Adjudication = "adjudication", "行政裁决";
        Payment = "payment", "行政给付";
        Award = "award", "行政奖励";
        Filing = "filing", "行政备案";
        OtherPower = "other_power", "其他行政权力";
        PublicService = "public_service", "公共服务";
    }
);

coded_enum!(
    /// Whether an item is settled on the spot or after review.
    CaseKind, "办件类型" {
        Instant = "instant", "即办件";
        Promise = "promise", "承诺件";
    }
);

coded_enum!(
    /// How the result reaches the applicant.
    DeliveryMode, "送达方式" {
        Window = "window", "窗口领取";
        Mail = "mail", "邮寄";
        Electronic = "electronic", "电子证照";
    }
);

coded_enum!(
    /// How far an item can be handled online.
    OnlineDepth, "网办深度" {
        Offline = "offline", "线下办理";
        Consult = "consult", "网上咨询";
        Apply = "apply", "网上申请、窗口办理";
        Full = "full", "全程网办";
    }
);

coded_enum!(
    /// Special procedures whose time does not count against the limit (clock paused).
    SpecialProcedure, "特别程序" {
        Hearing = "hearing", "听证";
        Tender = "tender", "招标";
        Auction = "auction", "拍卖";
        Inspection = "inspection", "检验";
        Testing = "testing", "检测";
        Quarantine = "quarantine", "检疫";
        Appraisal = "appraisal", "鉴定";
        ExpertReview = "expert_review", "专家评审";
        Publicity = "publicity", "公示";
        SiteSurvey = "site_survey", "现场勘验";
    }
);

coded_enum!(
    /// Why an item may stay outside the hall (进驻负面清单).
    NegativeReason, "未进驻原因" {
        SiteLimit = "site_limit", "场地限制";
        StateSecret = "state_secret", "涉及国家秘密";
        Other = "other", "其他";
    }
);

coded_enum!(
    /// The level at which an item is implemented.
    ItemLevel, "行使层级" {
        Banner = "banner", "旗级";
        Town = "town", "苏木镇级";
        Village = "village", "嘎查村级";
    }
);

coded_enum!(
    /// Where a material comes from.
    MaterialSource, "材料来源" {
        Applicant = "applicant", "申请人自备";
        Government = "government", "政府部门核发";
        Intermediary = "intermediary", "中介机构出具";
        Other = "other", "其他";
    }
);

coded_enum!(
    /// The life cycle of an item version (dynamic management).
    VersionStatus, "版本状态" {
        Draft = "draft", "草稿";
        Submitted = "submitted", "待审核";
        Approved = "approved", "已审核";
        Published = "published", "已发布";
        Superseded = "superseded", "已失效";
    }
);

use serde::{Deserialize, Serialize};

use crate::Invalid;

/// One step of an item's process (办理流程).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Step {
    pub name: String,
    pub post: String,
    pub days: u32,
}

/// One material an applicant provides (申请材料).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Material {
    pub name: String,
    pub required: bool,
    pub originals: u32,
    pub copies: u32,
    /// Electronic copies are accepted.
    pub electronic: bool,
    pub source: Option<MaterialSource>,
    /// 容缺: may be missing at intake against a promise to supply it.
    pub rongque: bool,
    /// An e-certificate type or data-sharing source that replaces it (免提交).
    pub replaced_by: String,
    /// May be replaced by a written commitment (告知承诺).
    pub commitment: bool,
    pub note: String,
}

/// A question and answer for clerks (答疑).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Faq {
    pub q: String,
    pub a: String,
}

/// The full standard of one item version (实施清单要素, DOMAIN.md §5). Stored as JSON per version,
/// so older versions stay readable exactly as they were.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemContent {
    pub name: String,
    /// 实施编码 (opaque, ≤ 40 characters).
    pub impl_code: String,
    pub item_type: ItemType,
    pub levels: Vec<ItemLevel>,
    pub legal_basis: String,
    pub conditions: String,
    pub steps: Vec<Step>,
    /// 法定办结时限, working days.
    pub statutory_days: u32,
    /// 承诺办结时限, working days.
    pub promised_days: u32,
    pub case_kind: CaseKind,
    pub special_procedures: Vec<SpecialProcedure>,
    /// The fee; `None` means free of charge.
    pub fee: Option<String>,
    pub fee_basis: String,
    pub result_name: String,
    pub delivery: Vec<DeliveryMode>,
    /// 到现场次数.
    pub visits: u32,
    pub online_depth: OnlineDepth,
    pub appointment: bool,
    pub keywords: Vec<String>,
    pub review_points: Vec<String>,
    pub faq: Vec<Faq>,
    pub consult_phone: String,
    pub complaint_phone: String,
    pub materials: Vec<Material>,
}

impl Default for ItemContent {
    fn default() -> Self {
        ItemContent {
            name: String::new(),
            impl_code: String::new(),
            item_type: ItemType::Permit,
            levels: vec![ItemLevel::Banner],
            legal_basis: String::new(),
            conditions: String::new(),
            steps: vec![],
            statutory_days: 20,
            promised_days: 10,
            case_kind: CaseKind::Promise,
            special_procedures: vec![],
            fee: None,
            fee_basis: String::new(),
            result_name: String::new(),
            delivery: vec![DeliveryMode::Window],
            visits: 1,
            online_depth: OnlineDepth::Full,
            appointment: true,
            keywords: vec![],
            review_points: vec![],
            faq: vec![],
            consult_phone: String::new(),
            complaint_phone: String::new(),
            materials: vec![],
        }
    }
}

/// Longest accepted text of each kind.
const SHORT: usize = 100;
const LONG: usize = 4000;

fn check_text(e: &mut Invalid, field: &str, label: &str, v: &str, max: usize, required: bool) {
    let n = v.chars().count();
    if required && v.trim().is_empty() {
        e.push(field, format!("请填写{label}"));
    } else if n > max {
        e.push(field, format!("{label}不能超过 {max} 个字（现为 {n} 个）"));
    }
}

impl ItemContent {
    /// Rules every saved draft must meet: the fields are well formed, even if incomplete.
    pub fn check_draft(&self) -> Result<(), Invalid> {
        let mut e = Invalid::default();
        check_text(&mut e, "name", "事项名称", &self.name, SHORT, true);
        check_text(&mut e, "impl_code", "实施编码", &self.impl_code, 40, false);
        check_text(&mut e, "legal_basis", "设定依据", &self.legal_basis, LONG, false);
        check_text(&mut e, "conditions", "受理条件", &self.conditions, LONG, false);
        check_text(&mut e, "fee_basis", "收费依据", &self.fee_basis, LONG, false);
        check_text(&mut e, "result_name", "办理结果", &self.result_name, SHORT, false);
        if self.statutory_days > 365 || self.promised_days > 365 {
            e.push("statutory_days", "办结时限不能超过 365 个工作日");
        }
        if self.visits > 9 {
            e.push("visits", "到现场次数应在 0 到 9 之间");
        }
        for (i, s) in self.steps.iter().enumerate() {
            check_text(&mut e, "steps", &format!("第 {} 个办理环节的名称", i + 1), &s.name, SHORT, true);
        }
        for (i, m) in self.materials.iter().enumerate() {
            check_text(&mut e, "materials", &format!("第 {} 项材料的名称", i + 1), &m.name, SHORT, true);
            if m.originals > 20 || m.copies > 20 {
                e.push("materials", format!("材料“{}”的份数应在 0 到 20 之间", m.name));
            }
        }
        let mut names: Vec<&str> = self.materials.iter().map(|m| m.name.trim()).collect();
        names.sort_unstable();
        if let Some(w) = names.windows(2).find(|w| w[0] == w[1] && !w[0].is_empty()) {
            e.push("materials", format!("材料“{}”重复填写了", w[0]));
        }
        for f in &self.faq {
            if f.q.trim().is_empty() != f.a.trim().is_empty() {
                e.push("faq", "答疑的问题和解答须同时填写");
                break;
            }
        }
        e.into_result()
    }

    /// Rules a version must meet before it may be submitted or published (R4).
    pub fn check_publishable(&self) -> Result<(), Invalid> {
        let mut e = match self.check_draft() {
            Ok(()) => Invalid::default(),
            Err(e) => e,
        };
        if self.promised_days > self.statutory_days {
            e.push(
                "promised_days",
                format!("承诺时限（{} 个工作日）不能超过法定时限（{} 个工作日）", self.promised_days, self.statutory_days),
            );
        }
        if self.case_kind == CaseKind::Promise && self.promised_days == 0 {
            e.push("promised_days", "承诺件须填写承诺办结时限");
        }
        if self.materials.is_empty() {
            e.push("materials", "请至少填写一项申请材料");
        }
        if self.levels.is_empty() {
            e.push("levels", "请选择行使层级");
        }
        if self.delivery.is_empty() {
            e.push("delivery", "请选择至少一种结果送达方式");
        }
        check_text(&mut e, "legal_basis", "设定依据", &self.legal_basis, LONG, true);
        check_text(&mut e, "conditions", "受理条件", &self.conditions, LONG, true);
        let step_days: u32 = self.steps.iter().map(|s| s.days).sum();
        if self.statutory_days > 0 && step_days > self.statutory_days {
            e.push("steps", format!("各环节时限合计 {step_days} 个工作日，超过了法定时限 {} 个工作日", self.statutory_days));
        }
        e.into_result()
    }
}

/// One changed field between two versions, as shown side by side.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    pub label: String,
    pub before: String,
    pub after: String,
}

fn join<T>(v: &[T], f: impl Fn(&T) -> String) -> String {
    v.iter().map(f).collect::<Vec<_>>().join("；")
}

fn yes(b: bool) -> &'static str {
    if b { "是" } else { "否" }
}

/// A material as one line of text, for diffs and exports.
pub fn material_line(m: &Material) -> String {
    format!(
        "{}（{}，原件 {} 份，复印件 {} 份{}{}{}{}）",
        m.name,
        if m.required { "必要" } else { "非必要" },
        m.originals,
        m.copies,
        if m.electronic { "，可电子" } else { "" },
        if m.rongque { "，可容缺" } else { "" },
        if m.replaced_by.is_empty() { String::new() } else { format!("，可由{}替代", m.replaced_by) },
        if m.commitment { "，可告知承诺" } else { "" },
    )
}

/// The labelled fields of a version as text, in display order.
pub fn fields(c: &ItemContent) -> Vec<(&'static str, String)> {
    vec![
        ("事项名称", c.name.clone()),
        ("实施编码", c.impl_code.clone()),
        ("事项类型", c.item_type.label().to_owned()),
        ("行使层级", join(&c.levels, |l| l.label().to_owned())),
        ("设定依据", c.legal_basis.clone()),
        ("受理条件", c.conditions.clone()),
        ("办理流程", join(&c.steps, |s| format!("{}（{}，{} 个工作日）", s.name, s.post, s.days))),
        ("法定办结时限", format!("{} 个工作日", c.statutory_days)),
        ("承诺办结时限", format!("{} 个工作日", c.promised_days)),
        ("办件类型", c.case_kind.label().to_owned()),
        ("特别程序", join(&c.special_procedures, |p| p.label().to_owned())),
        ("收费", c.fee.clone().unwrap_or_else(|| "不收费".to_owned())),
        ("收费依据", c.fee_basis.clone()),
        ("办理结果", c.result_name.clone()),
        ("送达方式", join(&c.delivery, |d| d.label().to_owned())),
        ("到现场次数", format!("{} 次", c.visits)),
        ("网办深度", c.online_depth.label().to_owned()),
        ("支持预约", yes(c.appointment).to_owned()),
        ("关键词", c.keywords.join("、")),
        ("审查要点", c.review_points.join("；")),
        ("答疑", join(&c.faq, |f| format!("问：{} 答：{}", f.q, f.a))),
        ("咨询电话", c.consult_phone.clone()),
        ("投诉电话", c.complaint_phone.clone()),
        ("申请材料", join(&c.materials, material_line)),
    ]
}

/// The fields that differ between two versions, materials compared one by one by name.
pub fn diff(a: &ItemContent, b: &ItemContent) -> Vec<Change> {
    let mut out: Vec<Change> = fields(a)
        .into_iter()
        .zip(fields(b))
        .filter(|((l, x), (_, y))| *l != "申请材料" && x != y)
        .map(|((label, before), (_, after))| Change { label: label.to_owned(), before, after })
        .collect();
    for m in &a.materials {
        match b.materials.iter().find(|n| n.name == m.name) {
            None => {
                out.push(Change { label: format!("材料：{}", m.name), before: material_line(m), after: "（已删除）".to_owned() })
            }
            Some(n) if n != m => {
                out.push(Change { label: format!("材料：{}", m.name), before: material_line(m), after: material_line(n) })
            }
            Some(_) => {}
        }
    }
    for n in b.materials.iter().filter(|n| !a.materials.iter().any(|m| m.name == n.name)) {
        out.push(Change { label: format!("材料：{}", n.name), before: "（新增）".to_owned(), after: material_line(n) });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn good() -> ItemContent {
        ItemContent {
            name: "食品经营许可（新办）".into(),
            legal_basis: "《中华人民共和国食品安全法》第三十五条".into(),
            conditions: "具有与经营的食品品种、数量相适应的经营场所".into(),
            steps: vec![
                Step { name: "受理".into(), post: "综合窗口".into(), days: 1 },
                Step { name: "审查".into(), post: "审批科".into(), days: 3 },
            ],
            materials: vec![Material { name: "食品经营许可申请书".into(), required: true, originals: 1, ..Material::default() }],
            ..ItemContent::default()
        }
    }

    #[test]
    fn a_complete_item_is_publishable() {
        assert_eq!(good().check_publishable(), Ok(()));
    }

    #[test]
    fn a_promised_limit_above_the_statutory_one_is_refused() {
        let c = ItemContent { promised_days: 25, ..good() };
        let e = c.check_publishable().unwrap_err();
        assert!(e.message_for("promised_days").is_some_and(|m| m.contains("不能超过法定时限")));
    }

    #[test]
    fn an_item_without_materials_is_refused() {
        let c = ItemContent { materials: vec![], ..good() };
        assert!(c.check_publishable().unwrap_err().message_for("materials").is_some());
        assert_eq!(c.check_draft(), Ok(()), "a draft may still lack materials");
    }

    #[test]
    fn step_days_may_not_exceed_the_statutory_limit() {
        let mut c = good();
        c.steps.push(Step { name: "决定".into(), post: "局长".into(), days: 30 });
        assert!(c.check_publishable().unwrap_err().message_for("steps").is_some());
    }

    #[test]
    fn duplicate_materials_and_half_faqs_are_refused_even_in_drafts() {
        let mut c = good();
        c.materials.push(c.materials[0].clone());
        c.faq.push(Faq { q: "要带什么？".into(), a: String::new() });
        let e = c.check_draft().unwrap_err();
        assert!(e.message_for("materials").is_some_and(|m| m.contains("重复")));
        assert!(e.message_for("faq").is_some());
    }

    #[test]
    fn the_diff_lists_changed_fields_and_materials_by_name() {
        let a = good();
        let mut b = good();
        b.promised_days = 5;
        b.materials[0].copies = 2;
        b.materials.push(Material { name: "营业执照".into(), ..Material::default() });
        let d = diff(&a, &b);
        let labels: Vec<&str> = d.iter().map(|c| c.label.as_str()).collect();
        assert_eq!(labels, vec!["承诺办结时限", "材料：食品经营许可申请书", "材料：营业执照"]);
        assert!(diff(&a, &a).is_empty());
    }

    #[test]
    fn content_round_trips_through_json() {
        let c = good();
        let s = serde_json::to_string(&c).unwrap();
        assert!(s.contains("\"item_type\":\"permit\""));
        assert_eq!(serde_json::from_str::<ItemContent>(&s).unwrap(), c);
    }
}
