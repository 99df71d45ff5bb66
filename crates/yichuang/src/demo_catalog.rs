//! Demo service-item catalogue (事项库) of the Uxin Banner (乌审旗): the applied-for items of the
//! departments in `demo_data::DEPARTMENTS`, each with its full guide standard (DOMAIN.md §5):
//! legal basis, conditions, steps, time limits, fees, results, delivery, materials, review points
//! and answers for clerks. Pure static data; the loader turns every record into a
//! `domain::catalog::ItemContent` and adds the department's consultation and complaint phones.
//!
//! The legal bases name real laws, regulations and national documents, and the statutory limits
//! follow them where the law sets one (行政许可法 Art. 42: 20 working days unless a special law says
//! otherwise). Article numbers, fees, the promised limits, posts, keywords and the local practice
//! are plausible demo values, not an official list: check them before using the data for real.
//!
//! Basic codes follow a demo scheme of 12 digits and are opaque to the platform: 2-digit item type
//! (`TYPE_PREFIX` in the tests), 2-digit department number (`DEPT_NUMBERS` in the tests), 3-digit
//! main item, 3-digit sub-item and 2-digit business case.

use domain::catalog::{CaseKind, DeliveryMode, ItemLevel, ItemType, MaterialSource, OnlineDepth, SpecialProcedure};

use CaseKind::{Instant, Promise};
use ItemType::{Adjudication, Award, Confirmation, Filing, OtherPower, Payment, Permit, PublicService};
use OnlineDepth::{Apply, Full, Offline};
use SpecialProcedure::{Appraisal, Auction, ExpertReview, Hearing, Inspection, Publicity, Quarantine, SiteSurvey, Tender, Testing};

/// One applied-for item of the catalogue with its guide standard.
#[derive(Debug, Clone, Copy)]
pub struct DemoItem {
    /// National basic code (基本编码), opaque; unique in the catalogue.
    pub basic_code: &'static str,
    /// 事项名称.
    pub name: &'static str,
    pub item_type: ItemType,
    /// Code of the implementing department in `demo_data::DEPARTMENTS`.
    pub department: &'static str,
    /// Where the item is implemented (行使层级); always the banner, some also towns and villages.
    pub levels: &'static [ItemLevel],
    /// 设定依据.
    pub legal_basis: &'static str,
    /// 受理条件.
    pub conditions: &'static str,
    /// 办理流程: step, post and working days.
    pub steps: &'static [DemoStep],
    /// 法定办结时限, working days; 0 only for 即办件.
    pub statutory_days: u16,
    /// 承诺办结时限, working days; 0 for 即办件.
    pub promised_days: u16,
    pub case_kind: CaseKind,
    /// Procedures whose time does not count against the limit.
    pub special_procedures: &'static [SpecialProcedure],
    /// `None` means free of charge.
    pub fee: Option<&'static str>,
    /// The basis for charging, or for not charging.
    pub fee_basis: &'static str,
    /// 办理结果 (certificate or decision).
    pub result_name: &'static str,
    pub delivery: &'static [DeliveryMode],
    /// 到现场次数.
    pub visits: u8,
    pub online_depth: OnlineDepth,
    /// Booking (预约) is offered.
    pub appointment: bool,
    /// Search words: common names, colloquial wording and pinyin initials.
    pub keywords: &'static [&'static str],
    /// 审查要点 for the back office.
    pub review_points: &'static [&'static str],
    /// 答疑: (question, answer).
    pub faq: &'static [(&'static str, &'static str)],
    pub materials: &'static [DemoMaterial],
    /// Handled in the banner hall (进驻); false only for items on the negative list.
    pub stationed: bool,
    /// Why the item stays outside the hall: (`site_limit` | `state_secret` | `other`, explanation).
    pub negative_reason: Option<(&'static str, &'static str)>,
}

/// One step of an item's process.
#[derive(Debug, Clone, Copy)]
pub struct DemoStep {
    pub name: &'static str,
    pub post: &'static str,
    /// Working days.
    pub days: u16,
}

/// One material the applicant provides.
#[derive(Debug, Clone, Copy)]
pub struct DemoMaterial {
    pub name: &'static str,
    pub required: bool,
    pub originals: u8,
    pub copies: u8,
    /// An electronic copy is accepted.
    pub electronic: bool,
    pub source: MaterialSource,
    /// 容缺: may be missing at intake against a promise to supply it.
    pub rongque: bool,
    /// The e-certificate type or data-sharing source that replaces it (免提交).
    pub replaced_by: Option<&'static str>,
    /// May be replaced by a written commitment (告知承诺).
    pub commitment: bool,
    /// 填报须知; may be empty.
    pub note: &'static str,
}

const fn s(name: &'static str, post: &'static str, days: u16) -> DemoStep {
    DemoStep { name, post, days }
}

/// The usual four steps of a reviewed item: intake at the comprehensive window, review by the
/// department's post, decision by its chief representative, issue at the result window.
macro_rules! flow {
    ($post:expr; $a:literal, $b:literal, $c:literal, $d:literal) => {
        &[s("受理", "综合受理窗口", $a), s("审查", $post, $b), s("决定", "首席代表", $c), s("制证送达", "出件窗口", $d)]
    };
}

/// The steps of an item settled on the spot.
const ON_THE_SPOT: &[DemoStep] = &[s("受理", "综合受理窗口", 0), s("审核", "窗口审批岗", 0), s("办结出件", "综合受理窗口", 0)];

/// A required material the applicant brings: one original, electronic copy accepted.
const fn req(name: &'static str) -> DemoMaterial {
    DemoMaterial {
        name,
        required: true,
        originals: 1,
        copies: 0,
        electronic: true,
        source: MaterialSource::Applicant,
        rongque: false,
        replaced_by: None,
        commitment: false,
        note: "",
    }
}

/// A material needed only in some cases.
const fn opt(name: &'static str) -> DemoMaterial {
    DemoMaterial { required: false, ..req(name) }
}

impl DemoMaterial {
    const fn n(mut self, originals: u8, copies: u8) -> Self {
        self.originals = originals;
        self.copies = copies;
        self
    }
    /// Paper only.
    const fn paper(mut self) -> Self {
        self.electronic = false;
        self
    }
    /// Issued by a government body.
    const fn gov(mut self) -> Self {
        self.source = MaterialSource::Government;
        self
    }
    /// Issued by an intermediary (design institute, surveyor, testing body …).
    const fn agency(mut self) -> Self {
        self.source = MaterialSource::Intermediary;
        self
    }
    /// Issued by someone else (hospital, bank, employer …).
    const fn other(mut self) -> Self {
        self.source = MaterialSource::Other;
        self
    }
    /// 容缺 allowed.
    const fn rq(mut self) -> Self {
        self.rongque = true;
        self
    }
    /// Replaced by an e-certificate or shared data.
    const fn by(mut self, source: &'static str) -> Self {
        self.replaced_by = Some(source);
        self
    }
    /// May be replaced by a written commitment.
    const fn promise(mut self) -> Self {
        self.commitment = true;
        self
    }
    const fn note(mut self, note: &'static str) -> Self {
        self.note = note;
        self
    }
}

// Materials many items share.
const ID_CARD: DemoMaterial = req("申请人居民身份证").by("居民身份证电子证照").note("现场办理的核验原件后当场退还");
const AGENT: DemoMaterial = opt("授权委托书及受托人居民身份证").note("委托他人代办时提供");
const LICENSE: DemoMaterial = req("营业执照").by("电子营业执照");
const HUKOU: DemoMaterial = req("居民户口簿").by("公安人口库");
const REP_ID: DemoMaterial = req("法定代表人（负责人）居民身份证").by("居民身份证电子证照");

// Levels.
const B: &[ItemLevel] = &[ItemLevel::Banner];
const BT: &[ItemLevel] = &[ItemLevel::Banner, ItemLevel::Town];
const BTV: &[ItemLevel] = &[ItemLevel::Banner, ItemLevel::Town, ItemLevel::Village];

// Delivery modes.
const W: &[DeliveryMode] = &[DeliveryMode::Window];
const WM: &[DeliveryMode] = &[DeliveryMode::Window, DeliveryMode::Mail];
const WE: &[DeliveryMode] = &[DeliveryMode::Window, DeliveryMode::Electronic];
const WME: &[DeliveryMode] = &[DeliveryMode::Window, DeliveryMode::Mail, DeliveryMode::Electronic];

// Fee bases used by many items.
const FREE: &str = "法律、法规未设定收费项目，不收费";
const FREE_LICENSE: &str =
    "依据《财政部 国家发展改革委关于清理规范一批行政事业性收费有关政策的通知》（财税〔2017〕20号），停征企业注册登记费，不收费";
const FREE_SOCIAL: &str = "社会保险经办服务不收取任何费用";

// Real-estate registration (不动产登记) shares its basis, fee and quick process.
const BDC_BASIS: &str =
    "《中华人民共和国民法典》第二百零九条、第二百一十条；《不动产登记暂行条例》第三条、第二十条；《不动产登记暂行条例实施细则》";
const BDC_FEE: Option<&str> = Some("住宅类每件 80 元，非住宅类每件 550 元；每增加一本证书加收证书工本费 10 元");
const BDC_FEE_BASIS: &str = "《国家发展改革委 财政部关于不动产登记收费标准等有关问题的通知》（发改价格规〔2016〕2559号）";
const BDC_ONE_DAY: &[DemoStep] =
    &[s("受理", "不动产综合受理窗口", 0), s("审核", "登记审核岗", 1), s("登簿", "登簿岗", 0), s("缮证发证", "出件窗口", 0)];

/// Defaults shared by every record: no special procedure, free of charge, bookable, stationed in the
/// banner hall. Each record sets every other field itself.
const BASE: DemoItem = DemoItem {
    basic_code: "",
    name: "",
    item_type: Permit,
    department: "",
    levels: B,
    legal_basis: "",
    conditions: "",
    steps: &[],
    statutory_days: 0,
    promised_days: 0,
    case_kind: Promise,
    special_procedures: &[],
    fee: None,
    fee_basis: FREE,
    result_name: "",
    delivery: W,
    visits: 1,
    online_depth: Full,
    appointment: true,
    keywords: &[],
    review_points: &[],
    faq: &[],
    materials: &[],
    stationed: true,
    negative_reason: None,
};

/// The catalogue, grouped by department in `DEPARTMENTS` order.
#[rustfmt::skip]
pub static ITEMS: &[DemoItem] = &[
    // ── 政务服务局 (zwfwj): the “高效办成一件事” bundles it leads ──────────────────────────────
    DemoItem {
        basic_code: "110100100000", name: "新生儿出生“一件事”", item_type: PublicService, department: "zwfwj", levels: BT,
        legal_basis: "《国务院关于进一步优化政务服务提升行政效能推动“高效办成一件事”的指导意见》（国发〔2024〕3号）",
        conditions: "新生儿已在助产机构取得出生医学证明，父母一方户籍在本旗或在本旗参加社会保险。",
        steps: &[s("一表申请、综合受理", "综合受理窗口", 1), s("并联办理出生医学证明、户口登记、医保参保、社保卡申领", "卫健委、公安局、医保局、人社局", 3), s("汇总出件", "出件窗口", 1)],
        statutory_days: 20, promised_days: 5, case_kind: Promise,
        fee_basis: "各联办事项均不收费",
        result_name: "出生医学证明、居民户口簿（新生儿页）、医保参保凭证、社会保障卡", delivery: WME, visits: 0, online_depth: Full,
        keywords: &["新生儿", "生孩子", "上户口", "报户口", "宝宝出生", "xsr"],
        review_points: &["出生医学证明信息与父母身份信息一致", "户口申报地与父母户籍地一致或符合随迁条件", "各联办部门办理结果齐全后统一出件"],
        faq: &[("新生儿出生“一件事”包括哪些事项？", "出生医学证明、户口登记、城乡居民医保参保登记、社会保障卡申领，一次申请、并联办理。"), ("父母不在本旗参保可以办吗？", "户口登记和医保参保可以办，社保卡在参保地制发。")],
        materials: &[
            req("新生儿出生“一件事”联办申请表").note("一表填写，替代各部门单独申请表"),
            req("出生医学证明").other().by("出生医学证明电子证照"),
            req("父母双方居民身份证").by("居民身份证电子证照"),
            HUKOU.note("提供拟落户一方的户口簿"),
            opt("结婚证").by("结婚证电子证照").note("非婚生育的，按户口登记规定另附说明"),
            req("新生儿免冠照片（电子版）").note("白底彩色，用于制作社会保障卡"),
        ],
        ..BASE
    },
    DemoItem {
        basic_code: "110100200000", name: "开办餐饮店“一件事”", item_type: PublicService, department: "zwfwj", levels: B,
        legal_basis: "《国务院关于进一步优化政务服务提升行政效能推动“高效办成一件事”的指导意见》（国发〔2024〕3号）",
        conditions: "在本旗开办餐饮店，已确定经营场所，场所符合食品安全、消防安全要求。",
        steps: &[s("一表申请、综合受理", "综合受理窗口", 1), s("并联审批营业执照、食品经营许可、消防安全检查", "市场监管局、消防救援大队", 4), s("联合踏勘", "市场监管局、消防救援大队", 1), s("汇总出件", "出件窗口", 1)],
        statutory_days: 20, promised_days: 7, case_kind: Promise, special_procedures: &[SiteSurvey],
        fee_basis: "各联办事项均不收费",
        result_name: "营业执照、食品经营许可证（或小餐饮店登记证）、公众聚集场所投入使用营业前消防安全检查合格证", delivery: WME, visits: 0, online_depth: Full,
        keywords: &["开饭店", "开餐馆", "开饭馆", "开小吃店", "餐饮店", "kfd"],
        review_points: &["经营场所布局、设施与经营项目相适应", "消防安全检查适用告知承诺的须签署承诺书", "各联办结果通过证照库一并推送"],
        faq: &[("开办餐饮店“一件事”多长时间能办完？", "材料齐全的承诺 7 个工作日内办结，现场踏勘时间不计入。"), ("小饭馆也要办消防检查吗？", "属于公众聚集场所的才需办理消防安全检查，窗口受理时会一并告知。")],
        materials: &[
            req("开办餐饮店“一件事”联办申请表"),
            req("经营者（法定代表人）居民身份证").by("居民身份证电子证照"),
            req("经营场所使用证明").promise().note("自有房产提供不动产权证书，租赁的提供租赁合同；可签署住所申报承诺书"),
            req("经营场所平面布局图及主要设备布局图"),
            req("食品安全管理制度文本").promise(),
            opt("消防安全制度、灭火和应急疏散预案").note("属于公众聚集场所的提供"),
        ],
        ..BASE
    },
    DemoItem {
        basic_code: "110100300000", name: "退休“一件事”", item_type: PublicService, department: "zwfwj", levels: B,
        legal_basis: "《国务院关于进一步优化政务服务提升行政效能推动“高效办成一件事”的指导意见》（国发〔2024〕3号）；《中华人民共和国社会保险法》第十六条",
        conditions: "在本旗参加职工基本养老保险，达到法定退休年龄且累计缴费满规定年限。",
        steps: &[s("一表申请、综合受理", "综合受理窗口", 1), s("并联办理养老保险待遇核定、医保退休、公积金提取", "人社局、医保局、公积金中心", 6), s("汇总出件", "出件窗口", 1)],
        statutory_days: 20, promised_days: 8, case_kind: Promise,
        fee_basis: "各联办事项均不收费",
        result_name: "基本养老金待遇核定表、医保退休人员待遇核准结果、住房公积金提取到账凭证", delivery: WME, visits: 0, online_depth: Full,
        keywords: &["办退休", "退休手续", "领养老金", "退休一件事", "txyjs"],
        review_points: &["出生日期以人事档案最早记载为准", "缴费年限（含视同缴费年限）满 15 年", "医保退休缴费年限不足的告知补缴"],
        faq: &[("退休“一件事”要跑几个部门？", "只需在综合窗口或网上一次提交，人社、医保、公积金并联办理。")],
        materials: &[
            req("退休“一件事”联办申请表").note("由用人单位或本人填写"),
            ID_CARD,
            req("职工人事档案").paper().other().note("由用人单位或档案保管机构移交，灵活就业人员无档案的按规定认定"),
            req("社会保障卡").gov().by("社保卡信息共享").note("用于发放养老金"),
        ],
        ..BASE
    },
    DemoItem {
        basic_code: "110100400000", name: "公民身后“一件事”", item_type: PublicService, department: "zwfwj", levels: BT,
        legal_basis: "《国务院关于进一步优化政务服务提升行政效能推动“高效办成一件事”的指导意见》（国发〔2024〕3号）",
        conditions: "逝者户籍在本旗或在本旗参保，家属持死亡证明申请办理身后事项。",
        steps: &[s("一表申请、综合受理", "综合受理窗口", 1), s("并联办理户口注销、丧葬补助金和抚恤金、医保个人账户继承、公积金提取、殡葬补贴", "公安局、人社局、医保局、公积金中心、民政局", 3), s("汇总出件", "出件窗口", 1)],
        statutory_days: 20, promised_days: 5, case_kind: Promise,
        fee_basis: "各联办事项均不收费",
        result_name: "户口注销证明、丧葬补助金和抚恤金核定结果、医保个人账户继承支付凭证、住房公积金提取凭证", delivery: WME, visits: 0, online_depth: Full,
        keywords: &["去世", "老人走了", "死亡", "后事", "销户", "身后一件事"],
        review_points: &["死亡信息与卫健、殡葬共享信息核对一致", "申领人与逝者亲属关系清楚", "待遇支付到继承人本人账户"],
        faq: &[("家属需要分别到各部门跑吗？", "不需要。在综合窗口或网上一次申请，各部门并联办理，结果统一告知。"), ("逝者的不动产怎么办？", "不动产继承登记单独申请，可同时预约不动产登记窗口。")],
        materials: &[
            req("公民身后“一件事”联办申请表"),
            req("居民死亡医学证明（推断）书").other().by("卫健死亡信息共享"),
            opt("火化证明").other().by("殡葬火化信息共享"),
            req("逝者居民身份证、居民户口簿").note("注销户口时交回身份证；遗失的签署说明"),
            ID_CARD.note("申领人为逝者近亲属"),
            req("亲属关系证明").promise().note("可用户口簿、结婚证、出生医学证明，或签署亲属关系承诺书"),
            req("申领人银行账户").note("用于支付待遇"),
        ],
        ..BASE
    },
    DemoItem {
        basic_code: "110100500000", name: "水电气暖网联合报装“一件事”", item_type: PublicService, department: "zwfwj", levels: B,
        legal_basis: "《国务院关于进一步优化政务服务提升行政效能推动“高效办成一件事”的指导意见》（国发〔2024〕3号）；《优化营商环境条例》第二十五条",
        conditions: "新建、改建项目或新用户需接入供水、供电、燃气、供热、通信网络，具备接入条件。",
        steps: &[s("一表申请、综合受理", "综合受理窗口", 1), s("联合踏勘", "供电、供排水、燃气、热力、通信企业", 1), s("出具供应方案", "各公用企业", 2), s("联合验收接入", "各公用企业", 1)],
        statutory_days: 15, promised_days: 5, case_kind: Promise, special_procedures: &[SiteSurvey],
        fee: Some("按各公用企业经价格主管部门核定的接入工程费用标准收取，用户建筑区划红线外工程费用不由用户承担"), fee_basis: "《优化营商环境条例》；自治区发展改革委关于规范城镇供水供电供气供暖行业收费的有关规定",
        result_name: "供水、供电、供气、供热、通信接入完成通知", delivery: WME, visits: 0, online_depth: Full,
        keywords: &["报装", "接水", "接电", "通燃气", "通暖气", "装宽带", "sdqn"],
        review_points: &["用户建筑区划红线外接入工程由公用企业承担", "各公用企业联合踏勘、一次出具方案", "涉及占掘路、绿地的同步办理许可"],
        faq: &[("可以只报装其中一项吗？", "可以，勾选需要的报装项目即可，其余不办理。")],
        materials: &[
            req("水电气暖网联合报装申请表"),
            opt("营业执照").by("电子营业执照").note("单位用户提供"),
            ID_CARD.note("个人用户或经办人提供"),
            req("不动产权证书或建设工程规划许可证").gov().rq().by("不动产权证书电子证照"),
            opt("用水、用电、用气、用热负荷说明").note("非居民用户提供"),
        ],
        ..BASE
    },
    DemoItem {
        basic_code: "110100600000", name: "企业开办“一件事”", item_type: PublicService, department: "zwfwj", levels: B,
        legal_basis: "《国务院办公厅关于加快推进“一件事一次办”打造政务服务升级版的指导意见》（国办发〔2022〕32号）；《优化营商环境条例》第十九条",
        conditions: "在本旗新设立企业，一次办理营业执照、公章刻制、发票申领、社保登记、公积金缴存登记和银行开户预约。",
        steps: &[s("一表申请、综合受理", "综合受理窗口", 0), s("并联办理执照、刻章、税务、社保、公积金、银行开户预约", "市场监管局、公安局、税务局、人社局、公积金中心", 1), s("免费发放执照、印章", "出件窗口", 0)],
        statutory_days: 5, promised_days: 1, case_kind: Promise,
        fee: None, fee_basis: "营业执照不收费；首套印章由旗财政购买服务免费刻制",
        result_name: "营业执照、企业印章、发票、社会保险登记、住房公积金缴存登记", delivery: WME, visits: 0, online_depth: Full,
        keywords: &["开公司", "注册公司", "企业开办", "刻章", "一窗通", "qykb"],
        review_points: &["登记信息一次采集、各部门共享", "印章刻制信息同步公安备案", "新办纳税人首次申领发票按规定核定"],
        faq: &[("企业开办要多久？", "材料齐全的 1 个工作日内办结，营业执照、印章、发票一次发放。"), ("可以全程网上办吗？", "可以。通过鄂尔多斯政务服务网或蒙速办“企业开办一网通”申请，执照和印章可免费邮寄。")],
        materials: &[
            req("企业开办“一件事”一表通申请书"),
            req("公司章程").note("可使用系统提供的章程范本"),
            req("股东、法定代表人居民身份证").by("居民身份证电子证照"),
            req("住所（经营场所）使用证明").promise().note("可签署住所申报承诺书"),
        ],
        ..BASE
    },
    // ── 市场监督管理局 (scjgj) ──────────────────────────────────────────────────────────────
    DemoItem {
        basic_code: "010200100100", name: "有限责任公司设立登记", item_type: Permit, department: "scjgj", levels: B,
        legal_basis: "《中华人民共和国公司法》第二十九条；《中华人民共和国市场主体登记管理条例》第三条、第十九条",
        conditions: "公司名称、住所、注册资本、经营范围等登记事项符合规定，申请材料齐全、符合法定形式。",
        steps: flow!("登记注册股"; 0, 1, 0, 0), statutory_days: 3, promised_days: 1, case_kind: Promise,
        fee_basis: FREE_LICENSE, result_name: "营业执照", delivery: WME, visits: 0, online_depth: Full,
        keywords: &["开公司", "注册公司", "办营业执照", "公司注册", "yyzz"],
        review_points: &["名称经自主申报且不与同行业已登记名称近似", "股东认缴出资额、出资方式与章程一致", "法定代表人、董事、监事任职资格符合公司法规定"],
        faq: &[("注册资本需要实缴吗？", "有限责任公司股东认缴的出资额应自公司成立之日起五年内缴足，登记时不需提交验资证明。"), ("住宅可以作为公司住所吗？", "本旗推行住所申报承诺制，法律法规禁止在住宅内经营的行业除外。")],
        materials: &[
            req("公司登记（备案）申请书"),
            req("公司章程"),
            req("股东主体资格证明").by("居民身份证电子证照").note("自然人股东提供身份证，法人股东提供营业执照"),
            req("法定代表人、董事、监事和经理的任职文件及身份证件"),
            req("住所（经营场所）使用证明").promise(),
            AGENT,
        ],
        ..BASE
    },
    DemoItem {
        basic_code: "010200100200", name: "有限责任公司变更登记", item_type: Permit, department: "scjgj", levels: B,
        legal_basis: "《中华人民共和国公司法》第三十四条；《中华人民共和国市场主体登记管理条例》第二十四条",
        conditions: "公司登记事项发生变更，已依法作出股东会决议或决定，自作出变更决议之日起 30 日内申请。",
        steps: flow!("登记注册股"; 0, 1, 0, 0), statutory_days: 3, promised_days: 1, case_kind: Promise,
        fee_basis: FREE_LICENSE, result_name: "营业执照（换发）", delivery: WME, visits: 0, online_depth: Full,
        keywords: &["公司变更", "换法人", "改名称", "变更地址", "股权转让"],
        review_points: &["股东会决议的表决比例符合章程", "章程修正案与变更事项一致", "变更法定代表人的，新任人员无任职限制"],
        faq: &[("变更法定代表人需要原法定代表人签字吗？", "由公司股东会作出决议即可，原法定代表人不配合签字的，新任法定代表人可以签署申请书。")],
        materials: &[
            req("公司变更登记（备案）申请书"),
            req("股东会决议或股东决定"),
            req("修改后的公司章程或章程修正案"),
            LICENSE.note("换发纸质执照的交回原执照正副本"),
            opt("新任法定代表人任职文件及居民身份证").by("居民身份证电子证照"),
        ],
        ..BASE
    },
    DemoItem {
        basic_code: "010200100300", name: "有限责任公司注销登记", item_type: Permit, department: "scjgj", levels: B,
        legal_basis: "《中华人民共和国公司法》第二百三十九条；《中华人民共和国市场主体登记管理条例》第三十一条",
        conditions: "公司已依法清算完毕，清算组已在国家企业信用信息公示系统公告满 45 日，已办结清税。",
        steps: flow!("登记注册股"; 0, 1, 0, 0), statutory_days: 3, promised_days: 1, case_kind: Promise, special_procedures: &[Publicity],
        fee_basis: FREE_LICENSE, result_name: "准予注销登记通知书", delivery: WME, visits: 0, online_depth: Full,
        keywords: &["公司注销", "关公司", "注销执照", "不干了"],
        review_points: &["清算组公告期满 45 日", "清算报告经股东会确认", "税务清税信息已共享"],
        faq: &[("注销前要先办清税吗？", "要。清税信息由税务部门共享推送，不需再提交纸质清税证明。")],
        materials: &[
            req("公司注销登记申请书"),
            req("清算报告").note("经股东会确认"),
            req("清税证明").gov().by("税务清税信息共享"),
            LICENSE.note("交回营业执照正副本；遗失的在公示系统声明作废"),
        ],
        ..BASE
    },
    DemoItem {
        basic_code: "010200100400", name: "企业简易注销登记", item_type: Permit, department: "scjgj", levels: B,
        legal_basis: "《中华人民共和国市场主体登记管理条例》第三十三条",
        conditions: "未发生债权债务或已将债权债务清偿完结，未结清清偿费用、职工工资、社会保险费用、法定补偿金、应缴纳税款（滞纳金、罚款），并由全体投资人书面承诺对上述情况的真实性承担法律责任；公示期 20 日无异议。",
        steps: flow!("登记注册股"; 0, 1, 0, 0), statutory_days: 3, promised_days: 1, case_kind: Promise, special_procedures: &[Publicity],
        fee_basis: FREE_LICENSE, result_name: "准予简易注销登记通知书", delivery: WME, visits: 0, online_depth: Full,
        keywords: &["简易注销", "快速注销", "零申报注销"],
        review_points: &["公示期满 20 日且无异议", "不存在被吊销、被列入严重违法失信名单等不适用情形", "全体投资人承诺书签署齐全"],
        faq: &[("哪些企业不能简易注销？", "涉及国家规定实施准入特别管理措施的外商投资企业、正被立案调查或采取行政强制措施、被列入严重违法失信名单等情形不适用。")],
        materials: &[
            req("简易注销登记申请书"),
            req("全体投资人承诺书").promise(),
            LICENSE.note("交回营业执照正副本"),
        ],
        ..BASE
    },
    DemoItem {
        basic_code: "010200200100", name: "个体工商户设立登记", item_type: Permit, department: "scjgj", levels: BT,
        legal_basis: "《促进个体工商户发展条例》；《中华人民共和国市场主体登记管理条例》第十九条",
        conditions: "有经营能力的公民申请从事个体工商业经营，经营场所和经营范围符合规定。",
        steps: ON_THE_SPOT, statutory_days: 3, promised_days: 0, case_kind: Instant,
        fee_basis: FREE_LICENSE, result_name: "营业执照", delivery: WME, visits: 0, online_depth: Full,
        keywords: &["个体户", "开店", "摆摊办执照", "小卖部", "gth"],
        review_points: &["经营者身份信息核验一致", "经营范围不涉及未取得前置许可的项目", "经营场所可使用申报承诺"],
        faq: &[("个体户可以起字号吗？", "可以不使用名称，也可以申报名称，名称由行政区划、字号、行业、组织形式组成。"), ("在苏木镇能办吗？", "可以在各苏木镇便民服务中心的市场监管所窗口办理，也可全程网办。")],
        materials: &[
            req("个体工商户登记（备案）申请书"),
            ID_CARD.note("经营者本人身份证"),
            req("经营场所使用证明").promise().note("可签署住所（经营场所）申报承诺书"),
        ],
        ..BASE
    },
    DemoItem {
        basic_code: "010200200200", name: "个体工商户变更登记", item_type: Permit, department: "scjgj", levels: BT,
        legal_basis: "《促进个体工商户发展条例》第十一条；《中华人民共和国市场主体登记管理条例》第二十四条",
        conditions: "个体工商户名称、经营者、经营场所、经营范围等登记事项发生变更。",
        steps: ON_THE_SPOT, statutory_days: 3, promised_days: 0, case_kind: Instant,
        fee_basis: FREE_LICENSE, result_name: "营业执照（换发）", delivery: WME, visits: 0, online_depth: Full,
        keywords: &["个体户变更", "换经营者", "个体户改名", "gth"],
        review_points: &["变更经营者的，原经营者与新经营者共同申请", "变更经营范围涉及许可项目的，告知办理许可"],
        faq: &[("个体户可以直接变更经营者吗？", "可以，由原经营者与新经营者共同申请，无需先注销再新设。")],
        materials: &[
            req("个体工商户变更登记申请书"),
            ID_CARD,
            LICENSE.note("换发纸质执照的交回原执照"),
            opt("新经营者居民身份证").by("居民身份证电子证照").note("变更经营者时提供"),
        ],
        ..BASE
    },
    DemoItem {
        basic_code: "010200200300", name: "个体工商户注销登记", item_type: Permit, department: "scjgj", levels: BT,
        legal_basis: "《促进个体工商户发展条例》；《中华人民共和国市场主体登记管理条例》第三十一条",
        conditions: "个体工商户终止经营，已结清应缴税款。",
        steps: ON_THE_SPOT, statutory_days: 3, promised_days: 0, case_kind: Instant,
        fee_basis: FREE_LICENSE, result_name: "准予注销登记通知书", delivery: WME, visits: 0, online_depth: Full,
        keywords: &["个体户注销", "关店", "不开了", "gth"],
        review_points: &["税务清税信息已共享或无欠税", "未被列入经营异常且存在未结行政处罚的，告知先行处理"],
        faq: &[("个体户注销要登报吗？", "不需要登报公告。")],
        materials: &[
            req("个体工商户注销登记申请书"),
            ID_CARD,
            LICENSE.note("交回营业执照正副本"),
        ],
        ..BASE
    },
    DemoItem {
        basic_code: "010200300100", name: "农民专业合作社设立登记", item_type: Permit, department: "scjgj", levels: B,
        legal_basis: "《中华人民共和国农民专业合作社法》第十二条、第十六条；《中华人民共和国市场主体登记管理条例》",
        conditions: "有五名以上符合规定的成员，其中农民至少占成员总数的百分之八十；有符合规定的章程、组织机构、名称和住所，有符合章程规定的成员出资。",
        steps: flow!("登记注册股"; 0, 1, 0, 0), statutory_days: 3, promised_days: 1, case_kind: Promise,
        fee_basis: FREE_LICENSE, result_name: "营业执照（农民专业合作社）", delivery: WME, visits: 0, online_depth: Full,
        keywords: &["合作社", "专业合作社", "养殖合作社", "种植合作社", "hzs"],
        review_points: &["农民成员占比不低于 80%", "设立大会纪要、章程由全体设立人签名", "成员出资清单与章程一致"],
        faq: &[("合作社成员可以是城镇居民吗？", "可以，但农民成员至少占成员总数的 80%。")],
        materials: &[
            req("农民专业合作社登记（备案）申请书"),
            req("全体设立人签名、盖章的设立大会纪要"),
            req("全体设立人签名、盖章的章程"),
            req("成员名册、出资清单及成员身份证明").by("公安人口库"),
            req("法定代表人、理事的任职文件和身份证明").by("居民身份证电子证照"),
            req("住所使用证明").promise(),
        ],
        ..BASE
    },
    DemoItem {
        basic_code: "010200300200", name: "农民专业合作社变更登记", item_type: Permit, department: "scjgj", levels: B,
        legal_basis: "《中华人民共和国农民专业合作社法》；《中华人民共和国市场主体登记管理条例》第二十四条",
        conditions: "合作社名称、住所、成员出资总额、业务范围、法定代表人等登记事项发生变更。",
        steps: flow!("登记注册股"; 0, 1, 0, 0), statutory_days: 3, promised_days: 1, case_kind: Promise,
        fee_basis: FREE_LICENSE, result_name: "营业执照（换发）", delivery: WME, visits: 0, online_depth: Full,
        keywords: &["合作社变更", "hzs"],
        review_points: &["成员大会决议符合章程规定的表决程序", "变更后农民成员占比仍不低于 80%"],
        faq: &[("合作社成员变了要登记吗？", "成员变动的，在每年报送年度报告时更新成员名册，涉及登记事项的办理变更登记。")],
        materials: &[
            req("农民专业合作社变更登记申请书"),
            req("成员大会或成员代表大会决议"),
            opt("修改后的章程或章程修正案"),
            LICENSE,
        ],
        ..BASE
    },
    DemoItem {
        basic_code: "010200300300", name: "农民专业合作社注销登记", item_type: Permit, department: "scjgj", levels: B,
        legal_basis: "《中华人民共和国农民专业合作社法》；《中华人民共和国市场主体登记管理条例》第三十一条",
        conditions: "合作社解散且清算完毕，或符合简易注销条件。",
        steps: flow!("登记注册股"; 0, 1, 0, 0), statutory_days: 3, promised_days: 1, case_kind: Promise, special_procedures: &[Publicity],
        fee_basis: FREE_LICENSE, result_name: "准予注销登记通知书", delivery: WME, visits: 0, online_depth: Full,
        keywords: &["合作社注销", "hzs"],
        review_points: &["清算组公告期满", "清算报告经成员大会确认"],
        faq: &[("合作社可以简易注销吗？", "未开展经营或无债权债务的，可以按简易程序注销，公示期 20 日。")],
        materials: &[
            req("农民专业合作社注销登记申请书"),
            req("清算报告或全体成员承诺书"),
            LICENSE.note("交回营业执照正副本"),
        ],
        ..BASE
    },
    DemoItem {
        basic_code: "010200400100", name: "食品经营许可（新办）", item_type: Permit, department: "scjgj", levels: B,
        legal_basis: "《中华人民共和国食品安全法》第三十五条；《食品经营许可和备案管理办法》",
        conditions: "具有与经营的食品品种、数量相适应的经营场所、设备设施、食品安全管理人员和管理制度，已取得营业执照。",
        steps: &[s("受理", "综合受理窗口", 0), s("材料审查", "食品经营许可股", 1), s("现场核查", "辖区市场监管所", 1), s("决定", "首席代表", 0), s("制证送达", "出件窗口", 1)],
        statutory_days: 10, promised_days: 3, case_kind: Promise, special_procedures: &[SiteSurvey],
        fee_basis: FREE, result_name: "食品经营许可证", delivery: WME, visits: 0, online_depth: Full,
        keywords: &["开饭店", "餐饮", "卖食品", "食品许可证", "spjy"],
        review_points: &["经营场所与有毒有害场所及其他污染源保持规定距离", "加工操作流程合理，生熟分开", "仅销售预包装食品的改为备案，不核发许可证"],
        faq: &[("仅卖预包装食品也要办许可证吗？", "不需要，办理食品经营备案即可。"), ("现场核查什么时候来？", "受理后辖区市场监管所会电话预约，核查时间不计入办理时限。")],
        materials: &[
            req("食品经营许可申请书"),
            LICENSE.note("营业执照信息由登记系统共享"),
            REP_ID,
            req("经营场所平面图和设备布局、工艺流程图"),
            req("食品安全自查、从业人员健康管理、进货查验记录等食品安全管理制度").promise(),
            opt("食品安全管理人员培训合格证明").rq(),
        ],
        ..BASE
    },
    DemoItem {
        basic_code: "010200400200", name: "食品经营许可（变更）", item_type: Permit, department: "scjgj", levels: B,
        legal_basis: "《中华人民共和国食品安全法》第三十五条；《食品经营许可和备案管理办法》",
        conditions: "食品经营许可证载明的许可事项发生变化，经营场所未改变。",
        steps: &[s("受理", "综合受理窗口", 0), s("材料审查", "食品经营许可股", 1), s("现场核查", "辖区市场监管所", 1), s("决定", "首席代表", 0), s("制证送达", "出件窗口", 1)],
        statutory_days: 10, promised_days: 3, case_kind: Promise, special_procedures: &[SiteSurvey],
        fee_basis: FREE, result_name: "食品经营许可证（变更）", delivery: WME, visits: 0, online_depth: Full,
        keywords: &["食品许可变更", "增加经营项目", "spjy"],
        review_points: &["经营场所改变的须重新申请许可", "增加经营项目涉及设施变化的进行现场核查"],
        faq: &[("搬了新店址能办变更吗？", "不能，经营场所发生变化的应当重新申请食品经营许可。")],
        materials: &[
            req("食品经营许可变更申请书"),
            req("食品经营许可证").by("食品经营许可证电子证照"),
            opt("与变更事项有关的材料").note("如新增经营项目的设备布局图"),
        ],
        ..BASE
    },
    DemoItem {
        basic_code: "010200400300", name: "食品经营许可（延续）", item_type: Permit, department: "scjgj", levels: B,
        legal_basis: "《中华人民共和国食品安全法》第三十五条；《中华人民共和国行政许可法》第五十条",
        conditions: "食品经营许可证有效期届满需继续经营，在有效期届满 30 个工作日前提出申请。",
        steps: &[s("受理", "综合受理窗口", 0), s("材料审查", "食品经营许可股", 2), s("决定", "首席代表", 0), s("制证送达", "出件窗口", 1)],
        statutory_days: 10, promised_days: 3, case_kind: Promise,
        fee_basis: FREE, result_name: "食品经营许可证（延续）", delivery: WME, visits: 0, online_depth: Full,
        keywords: &["许可证到期", "食品许可延续", "换证", "spjy"],
        review_points: &["许可条件未发生变化的可不进行现场核查", "近一年存在严重违法行为的从严审查"],
        faq: &[("到期后才申请还能延续吗？", "有效期届满后不能延续，需重新申请许可。")],
        materials: &[
            req("食品经营许可延续申请书"),
            req("食品经营许可证").by("食品经营许可证电子证照"),
            req("许可条件未发生变化的承诺书").promise(),
        ],
        ..BASE
    },
    DemoItem {
        basic_code: "010200400400", name: "食品经营许可（注销）", item_type: Permit, department: "scjgj", levels: B,
        legal_basis: "《中华人民共和国行政许可法》第七十条；《食品经营许可和备案管理办法》",
        conditions: "食品经营者终止食品经营、许可证有效期届满未申请延续或依法应当注销。",
        steps: ON_THE_SPOT, statutory_days: 0, promised_days: 0, case_kind: Instant,
        fee_basis: FREE, result_name: "食品经营许可注销通知书", delivery: WE, visits: 0, online_depth: Full,
        keywords: &["食品许可注销", "不开饭店了"],
        review_points: &["申请人为许可证持有人", "纸质证书交回或声明作废"],
        faq: &[("许可证丢了能注销吗？", "能，签署遗失声明后即可注销。")],
        materials: &[
            req("食品经营许可注销申请书"),
            req("食品经营许可证正副本").note("遗失的签署遗失声明"),
            AGENT,
        ],
        ..BASE
    },
    DemoItem {
        basic_code: "120200400500", name: "仅销售预包装食品备案", item_type: Filing, department: "scjgj", levels: BT,
        legal_basis: "《中华人民共和国食品安全法》第三十五条；《食品经营许可和备案管理办法》",
        conditions: "仅销售预包装食品的食品经营者，在办理营业执照后或开展经营前备案。",
        steps: ON_THE_SPOT, statutory_days: 0, promised_days: 0, case_kind: Instant,
        fee_basis: FREE, result_name: "仅销售预包装食品备案信息", delivery: WE, visits: 0, online_depth: Full,
        keywords: &["小超市", "小卖部", "卖预包装食品", "便利店"],
        review_points: &["仅销售预包装食品，不含散装食品和现场制售", "备案信息完整"],
        faq: &[("备案后还要办许可证吗？", "不需要。增加散装食品或现场制售的，需申请食品经营许可。")],
        materials: &[
            req("仅销售预包装食品备案信息采集表"),
            LICENSE,
            REP_ID,
        ],
        ..BASE
    },
    DemoItem {
        basic_code: "010200500100", name: "小餐饮店登记", item_type: Permit, department: "scjgj", levels: BT,
        legal_basis: "《中华人民共和国食品安全法》第三十六条；《内蒙古自治区食品小作坊小餐饮店小食杂店和食品摊贩管理条例》",
        conditions: "经营面积较小、从业人员较少、有固定经营场所的小餐饮店，场所与设施符合自治区规定的基本条件。",
        steps: &[s("受理", "综合受理窗口", 0), s("材料审查", "食品经营许可股", 1), s("现场核查", "辖区市场监管所", 1), s("决定", "首席代表", 0), s("制证送达", "出件窗口", 1)],
        statutory_days: 10, promised_days: 3, case_kind: Promise, special_procedures: &[SiteSurvey],
        fee_basis: FREE, result_name: "小餐饮店登记证", delivery: WME, visits: 0, online_depth: Full,
        keywords: &["小吃店", "面馆", "小饭馆", "小餐饮", "xcy"],
        review_points: &["经营面积、从业人数符合小餐饮店标准", "有给排水、洗涤消毒和防蝇防鼠设施", "从业人员持有效健康证明"],
        faq: &[("小餐饮店登记和食品经营许可有什么区别？", "小餐饮店按自治区条例办理登记证，条件和材料更简化；超出小餐饮店标准的须办食品经营许可。")],
        materials: &[
            req("小餐饮店登记申请表"),
            LICENSE,
            ID_CARD,
            req("经营场所平面示意图"),
            req("从业人员健康证明").other().rq(),
        ],
        ..BASE
    },
    DemoItem {
        basic_code: "010200500200", name: "食品小作坊登记", item_type: Permit, department: "scjgj", levels: B,
        legal_basis: "《中华人民共和国食品安全法》第三十六条；《内蒙古自治区食品小作坊小餐饮店小食杂店和食品摊贩管理条例》",
        conditions: "有固定生产加工场所、从业人员较少、生产加工工艺简单的食品小作坊，生产条件符合自治区规定。",
        steps: &[s("受理", "综合受理窗口", 0), s("材料审查", "食品生产监管股", 1), s("现场核查", "辖区市场监管所", 2), s("决定", "首席代表", 0), s("制证送达", "出件窗口", 1)],
        statutory_days: 10, promised_days: 4, case_kind: Promise, special_procedures: &[SiteSurvey],
        fee_basis: FREE, result_name: "食品小作坊登记证", delivery: WME, visits: 0, online_depth: Full,
        keywords: &["小作坊", "炒米", "奶食品", "酿酒作坊", "手工食品"],
        review_points: &["生产品种不在禁止生产目录内", "原料、半成品、成品分区存放", "设有必要的消毒、更衣设施"],
        faq: &[("做奶皮子、奶豆腐要办什么证？", "家庭作坊式生产奶食品并对外销售的，办理食品小作坊登记；规模化生产的须办理食品生产许可。")],
        materials: &[
            req("食品小作坊登记申请表"),
            LICENSE,
            ID_CARD,
            req("生产加工场所平面图和工艺流程说明"),
            req("从业人员健康证明").other().rq(),
        ],
        ..BASE
    },
    DemoItem {
        basic_code: "010200600100", name: "药品零售企业许可（药品经营许可证核发）", item_type: Permit, department: "scjgj", levels: B,
        legal_basis: "《中华人民共和国药品管理法》第五十一条、第五十二条；《药品经营和使用质量监督管理办法》",
        conditions: "有依法经过资格认定的药师或者其他药学技术人员，有与所经营药品相适应的营业场所、设备、仓储设施和卫生环境，有质量管理机构或人员和质量管理制度。",
        steps: &[s("受理", "综合受理窗口", 1), s("材料审查", "药品监管股", 3), s("现场检查", "药品监管股", 4), s("决定", "首席代表", 1), s("制证送达", "出件窗口", 1)],
        statutory_days: 20, promised_days: 10, case_kind: Promise, special_procedures: &[SiteSurvey],
        fee_basis: FREE, result_name: "药品经营许可证", delivery: WME, visits: 0, online_depth: Full,
        keywords: &["开药店", "药房", "药店许可证", "ypjy"],
        review_points: &["执业药师注册在本企业且在岗", "营业场所面积、温湿度监测设施符合要求", "经营范围不超出零售许可范围"],
        faq: &[("开药店必须有执业药师吗？", "经营处方药、甲类非处方药的零售企业应当配备执业药师。")],
        materials: &[
            req("药品经营许可证申请表"),
            LICENSE,
            req("执业药师注册证及身份证明").gov(),
            req("营业场所、仓库平面布置图及产权或租赁证明"),
            req("质量管理文件目录及主要设施设备目录"),
        ],
        ..BASE
    },
    DemoItem {
        basic_code: "010200800100", name: "特种设备使用登记", item_type: Permit, department: "scjgj", levels: B,
        legal_basis: "《中华人民共和国特种设备安全法》第三十三条；《特种设备使用管理规则》（TSG 08）",
        conditions: "特种设备在投入使用前或投入使用后 30 日内，使用单位向登记机关申请办理使用登记。",
        steps: flow!("特种设备安全监察股"; 0, 1, 1, 1), statutory_days: 15, promised_days: 3, case_kind: Promise,
        fee_basis: FREE, result_name: "特种设备使用登记证", delivery: WME, visits: 0, online_depth: Full,
        keywords: &["电梯登记", "锅炉登记", "叉车上牌", "压力容器", "tzsb"],
        review_points: &["产品合格证、监督检验证明齐全", "安全管理人员和作业人员持证", "设备代码与铭牌一致"],
        faq: &[("叉车要办使用登记吗？", "场（厂）内专用机动车辆属于特种设备，须办理使用登记并张贴登记标志。")],
        materials: &[
            req("特种设备使用登记表").n(2, 0),
            LICENSE,
            req("产品合格证及监督检验证明").other(),
            opt("特种设备安装监督检验报告").agency().rq().note("需要安装监督检验的设备提供"),
        ],
        ..BASE
    },
    DemoItem {
        basic_code: "070200900100", name: "股权出质设立登记", item_type: Confirmation, department: "scjgj", levels: B,
        legal_basis: "《中华人民共和国民法典》第四百四十三条；《股权出质登记办法》",
        conditions: "以持有的有限责任公司或未上市股份有限公司股权出质，出质股权权能完整、依法可以转让。",
        steps: ON_THE_SPOT, statutory_days: 0, promised_days: 0, case_kind: Instant,
        fee_basis: FREE, result_name: "股权出质设立登记通知书", delivery: WE, visits: 0, online_depth: Full,
        keywords: &["股权质押", "股权出质", "融资质押"],
        review_points: &["出质股权未被冻结", "质权合同记载事项与申请一致"],
        faq: &[("股权质押登记多久办完？", "材料齐全的当场办结。")],
        materials: &[
            req("股权出质设立登记申请书").note("由出质人和质权人共同签署"),
            req("质权合同"),
            req("出质人、质权人主体资格证明").by("电子营业执照"),
        ],
        ..BASE
    },
    DemoItem {
        basic_code: "100200900200", name: "营业执照遗失补领、换发", item_type: OtherPower, department: "scjgj", levels: BT,
        legal_basis: "《中华人民共和国市场主体登记管理条例》第四十四条；《中华人民共和国市场主体登记管理条例实施细则》",
        conditions: "营业执照遗失或毁损，市场主体申请补领或换发。",
        steps: ON_THE_SPOT, statutory_days: 0, promised_days: 0, case_kind: Instant,
        fee_basis: FREE_LICENSE, result_name: "营业执照（补领）", delivery: WME, visits: 0, online_depth: Full,
        keywords: &["执照丢了", "补营业执照", "执照损坏", "yyzz"],
        review_points: &["已通过国家企业信用信息公示系统发布遗失声明", "申请人为市场主体或其委托人"],
        faq: &[("执照丢了还要登报吗？", "不用登报，在国家企业信用信息公示系统免费发布遗失公告即可。")],
        materials: &[
            req("营业执照补领（换发）申请书"),
            REP_ID,
            opt("毁损的营业执照").note("换发时交回"),
        ],
        ..BASE
    },
    DemoItem {
        basic_code: "080201000100", name: "市场监管领域重大违法行为举报奖励", item_type: Award, department: "scjgj", levels: B,
        legal_basis: "《市场监督管理领域重大违法行为举报奖励暂行办法》",
        conditions: "实名举报的违法行为经查证属实并作出行政处罚或移送司法机关，举报前市场监管部门未掌握。",
        steps: &[s("受理", "综合受理窗口", 1), s("核定奖励等级", "投诉举报中心", 5), s("审批", "局务会", 3), s("发放", "财务股", 3)],
        statutory_days: 30, promised_days: 12, case_kind: Promise,
        fee_basis: FREE, result_name: "举报奖励决定书", delivery: WM, visits: 0, online_depth: Full,
        keywords: &["举报奖励", "举报有奖", "奖金"],
        review_points: &["举报人身份与举报记录一致", "案件已结案且违法事实查证属实", "奖励金额按办法规定的等级核定"],
        faq: &[("举报人信息会保密吗？", "会。举报人信息严格保密，奖励可凭举报编号和身份证领取。")],
        materials: &[
            req("举报奖励申请表"),
            ID_CARD,
            req("举报奖励告知书").gov(),
            req("本人银行账户信息"),
        ],
        ..BASE
    },
    // ── 公安局 (gaj): 户籍、身份证、出入境、车驾管 ──────────────────────────────────────────
    DemoItem {
        basic_code: "070300100100", name: "出生登记", item_type: Confirmation, department: "gaj", levels: BT,
        legal_basis: "《中华人民共和国户口登记条例》第七条",
        conditions: "婴儿出生后，由户主、亲属、抚养人或者邻居向婴儿常住地户口登记机关申报出生登记。",
        steps: ON_THE_SPOT, statutory_days: 0, promised_days: 0, case_kind: Instant,
        fee_basis: FREE, result_name: "居民户口簿（新生儿户口页）", delivery: WME, visits: 0, online_depth: Full,
        keywords: &["上户口", "报户口", "新生儿落户", "孩子入户", "hk"],
        review_points: &["出生医学证明真实有效，与出生信息库比对一致", "随父或随母落户符合规定", "超过一个月申报的查明原因"],
        faq: &[("孩子出生多久内要上户口？", "应在出生后一个月内申报出生登记，超过期限的仍可办理，需说明原因。"), ("可以随母亲落户吗？", "可以，新生儿可以随父或者随母申报常住户口。")],
        materials: &[
            req("出生医学证明").other().by("出生医学证明电子证照"),
            req("父母双方居民身份证").by("居民身份证电子证照"),
            HUKOU.note("拟落户一方的户口簿"),
            opt("结婚证").by("结婚证电子证照"),
        ],
        ..BASE
    },
    DemoItem {
        basic_code: "070300200100", name: "户口迁入登记（投靠、购房、就业落户）", item_type: Confirmation, department: "gaj", levels: BT,
        legal_basis: "《中华人民共和国户口登记条例》第十三条；《国务院关于进一步推进户籍制度改革的意见》（国发〔2014〕25号）",
        conditions: "在本旗有合法稳定住所或稳定就业，或符合投靠亲属落户条件，自愿迁入本旗落户。",
        steps: flow!("户政股"; 0, 1, 1, 1), statutory_days: 20, promised_days: 3, case_kind: Promise,
        fee_basis: FREE, result_name: "居民户口簿（迁入户口页）", delivery: WME, visits: 0, online_depth: Full,
        keywords: &["落户", "迁户口", "户口迁过来", "买房落户", "hk"],
        review_points: &["落户地址为合法稳定住所或集体户", "跨省迁移通过“一站式”迁移系统向迁出地核验", "投靠关系证明真实"],
        faq: &[("跨省迁户口还要回老家开迁移证吗？", "不用，符合条件的在迁入地一次申请，系统自动办理迁出。")],
        materials: &[
            req("户口迁移申请表"),
            ID_CARD,
            HUKOU.note("迁出地户口簿"),
            req("合法稳定住所或就业证明").by("不动产权证书电子证照").note("购房提供不动产权证书，就业提供劳动合同及社保缴费记录"),
            opt("投靠关系证明").by("婚姻登记信息共享").note("投靠配偶、父母、子女的提供"),
        ],
        ..BASE
    },
    DemoItem {
        basic_code: "070300300100", name: "户口迁出登记（出国定居、入伍等）", item_type: Confirmation, department: "gaj", levels: BT,
        legal_basis: "《中华人民共和国户口登记条例》第十条",
        conditions: "本旗常住户口人员因出国（境）定居、应征入伍等原因需要迁出户口。",
        steps: ON_THE_SPOT, statutory_days: 0, promised_days: 0, case_kind: Instant,
        fee_basis: FREE, result_name: "户口迁出证明", delivery: WE, visits: 0, online_depth: Full,
        keywords: &["迁出户口", "销户出国", "当兵迁户口"],
        review_points: &["出国定居的核验定居证明", "入伍的核验入伍通知书"],
        faq: &[("上大学需要迁户口吗？", "自愿迁移，不迁也可以，录取通知书可作为迁移依据。")],
        materials: &[
            req("户口迁出申请表"),
            ID_CARD,
            HUKOU,
            req("迁出原因证明").other().note("入伍通知书、国外定居证明等"),
        ],
        ..BASE
    },
    DemoItem {
        basic_code: "070300400100", name: "死亡人员户口注销", item_type: Confirmation, department: "gaj", levels: BT,
        legal_basis: "《中华人民共和国户口登记条例》第八条",
        conditions: "公民死亡，由户主、亲属、抚养人或者邻居在一个月内向户口登记机关申报死亡登记，注销户口。",
        steps: ON_THE_SPOT, statutory_days: 0, promised_days: 0, case_kind: Instant,
        fee_basis: FREE, result_name: "户口注销证明", delivery: WE, visits: 0, online_depth: Full,
        keywords: &["销户口", "去世销户", "死亡注销", "人走了"],
        review_points: &["死亡医学证明与卫健共享信息一致", "收回逝者居民身份证"],
        faq: &[("逝者的身份证怎么处理？", "注销户口时交回居民身份证；遗失的说明情况即可。")],
        materials: &[
            req("居民死亡医学证明（推断）书").other().by("卫健死亡信息共享"),
            req("逝者居民身份证").note("交回注销"),
            HUKOU,
            ID_CARD.note("申报人身份证"),
        ],
        ..BASE
    },
    DemoItem {
        basic_code: "070300500100", name: "居民身份证申领（首次）", item_type: Confirmation, department: "gaj", levels: BT,
        legal_basis: "《中华人民共和国居民身份证法》第二条、第八条",
        conditions: "居住在中华人民共和国境内的中国公民；年满十六周岁的应当申领，未满十六周岁的可以申领。",
        steps: &[s("受理并采集人像、指纹", "户籍窗口", 1), s("审核签发", "户政股", 2), s("制证", "自治区制证中心", 5), s("发证", "户籍窗口", 2)],
        statutory_days: 60, promised_days: 10, case_kind: Promise,
        fee: Some("居民身份证工本费每证 20 元"), fee_basis: "《国家发展改革委 财政部关于居民身份证收费标准及有关问题的通知》（发改价格〔2003〕2322号）",
        result_name: "中华人民共和国居民身份证", delivery: WM, visits: 1, online_depth: Apply,
        keywords: &["办身份证", "第一次办身份证", "sfz"],
        review_points: &["本人到场采集人像和指纹", "未满十六周岁的由监护人陪同", "登记项目以常住户口登记项目为准"],
        faq: &[("孩子几岁可以办身份证？", "未满十六周岁的可以申领，需监护人陪同并持户口簿。"), ("可以邮寄吗？", "可以，申请时选择邮寄，邮费由政府承担。")],
        materials: &[
            HUKOU,
            opt("监护人居民身份证").by("居民身份证电子证照").note("未满十六周岁的提供"),
            opt("合格的数码相片回执").other().note("可在窗口免费现场拍照"),
        ],
        ..BASE
    },
    DemoItem {
        basic_code: "070300500200", name: "居民身份证换领", item_type: Confirmation, department: "gaj", levels: BT,
        legal_basis: "《中华人民共和国居民身份证法》第十一条",
        conditions: "居民身份证有效期满、公民姓名变更或证件严重损坏不能辨认的，应当换领新证。",
        steps: &[s("受理并采集人像、指纹", "户籍窗口", 1), s("审核签发", "户政股", 2), s("制证", "自治区制证中心", 5), s("发证", "户籍窗口", 2)],
        statutory_days: 60, promised_days: 10, case_kind: Promise,
        fee: Some("居民身份证工本费每证 20 元"), fee_basis: "《国家发展改革委 财政部关于居民身份证收费标准及有关问题的通知》（发改价格〔2003〕2322号）",
        result_name: "中华人民共和国居民身份证", delivery: WM, visits: 1, online_depth: Apply,
        keywords: &["身份证到期", "换身份证", "身份证过期", "sfz"],
        review_points: &["有效期满前三个月内可申请换领", "姓名变更的核验户口变更记录", "交回原证"],
        faq: &[("身份证快到期了，什么时候可以换？", "有效期满前三个月内即可申请换领，全国通办。")],
        materials: &[
            req("原居民身份证").note("换领时交回"),
            HUKOU,
            opt("合格的数码相片回执").other().note("可在窗口免费现场拍照"),
        ],
        ..BASE
    },
    DemoItem {
        basic_code: "070300500300", name: "居民身份证补领", item_type: Confirmation, department: "gaj", levels: BT,
        legal_basis: "《中华人民共和国居民身份证法》第十一条",
        conditions: "居民身份证丢失的，应当申请补领。",
        steps: &[s("受理并采集人像、指纹", "户籍窗口", 1), s("审核签发", "户政股", 2), s("制证", "自治区制证中心", 5), s("发证", "户籍窗口", 2)],
        statutory_days: 60, promised_days: 10, case_kind: Promise,
        fee: Some("居民身份证工本费每证 20 元"), fee_basis: "《国家发展改革委 财政部关于居民身份证收费标准及有关问题的通知》（发改价格〔2003〕2322号）",
        result_name: "中华人民共和国居民身份证", delivery: WM, visits: 1, online_depth: Apply,
        keywords: &["身份证丢了", "补身份证", "身份证被偷", "sfz"],
        review_points: &["核验人像比对一致", "原证件同步挂失作废"],
        faq: &[("补办期间急用身份证怎么办？", "可同时申领临时居民身份证，当场办结。")],
        materials: &[HUKOU, req("居民身份证丢失情况说明").promise(), opt("合格的数码相片回执").other().note("可在窗口免费现场拍照")],
        ..BASE
    },
    DemoItem {
        basic_code: "070300500400", name: "临时居民身份证申领", item_type: Confirmation, department: "gaj", levels: BT,
        legal_basis: "《中华人民共和国居民身份证法》第十二条；《临时居民身份证管理办法》",
        conditions: "正在申领、换领、补领居民身份证期间，急需使用居民身份证的。",
        steps: ON_THE_SPOT, statutory_days: 3, promised_days: 0, case_kind: Instant,
        fee: Some("临时居民身份证工本费每证 10 元"), fee_basis: "《国家发展改革委 财政部关于居民身份证收费标准及有关问题的通知》（发改价格〔2003〕2322号）",
        result_name: "临时居民身份证", delivery: W, visits: 1, online_depth: Apply,
        keywords: &["临时身份证", "急用身份证", "坐火车没身份证", "lssfz"],
        review_points: &["已受理居民身份证申领、换领或补领", "临时证有效期三个月"],
        faq: &[("临时身份证能坐飞机吗？", "可以，临时居民身份证在有效期内与居民身份证具有同等效力。")],
        materials: &[HUKOU, req("居民身份证申领受理回执").gov(), opt("近期免冠照片").note("窗口免费现场采集")],
        ..BASE
    },
    DemoItem {
        basic_code: "070300600100", name: "居住证申领", item_type: Confirmation, department: "gaj", levels: BT,
        legal_basis: "《居住证暂行条例》第二条、第九条",
        conditions: "离开常住户口所在地到本旗居住半年以上，符合有合法稳定就业、合法稳定住所、连续就读条件之一。",
        steps: flow!("户政股"; 1, 2, 1, 1), statutory_days: 15, promised_days: 5, case_kind: Promise,
        fee_basis: "首次申领居住证免收工本费", result_name: "居住证", delivery: WME, visits: 0, online_depth: Full,
        keywords: &["居住证", "暂住证", "外地人办证", "jzz"],
        review_points: &["已办理居住登记满半年", "就业、住所或就读证明真实"],
        faq: &[("居住证有什么用？", "持证可在居住地享受义务教育、基本公共就业服务、基本医疗卫生服务等基本公共服务。")],
        materials: &[
            ID_CARD,
            req("居住地住址证明").promise().note("租赁合同、不动产权证书或单位住宿证明"),
            opt("就业或就读证明").other(),
        ],
        ..BASE
    },
    DemoItem {
        basic_code: "110300700100", name: "无犯罪记录证明开具", item_type: PublicService, department: "gaj", levels: BT,
        legal_basis: "《公安机关办理犯罪记录查询工作规定》（公通字〔2021〕19号）",
        conditions: "个人查询本人有无犯罪记录，或单位依法查询特定人员犯罪记录。",
        steps: ON_THE_SPOT, statutory_days: 3, promised_days: 0, case_kind: Instant,
        fee_basis: FREE, result_name: "无犯罪记录证明", delivery: WE, visits: 0, online_depth: Full,
        keywords: &["开无犯罪证明", "无犯罪证明", "政审证明", "良民证", "wfzjl"],
        review_points: &["查询人身份核验一致", "需核查的 3 个工作日内出具", "电子证明可在线验真"],
        faq: &[("可以网上开吗？", "可以，在蒙速办或公安“互联网+”平台申请，电子证明与纸质证明具有同等效力。")],
        materials: &[ID_CARD, opt("单位查询的介绍信和法律依据").note("单位查询时提供"), AGENT],
        ..BASE
    },
    DemoItem {
        basic_code: "010300800100", name: "普通护照签发", item_type: Permit, department: "gaj", levels: B,
        legal_basis: "《中华人民共和国护照法》第五条、第六条",
        conditions: "中国公民因前往外国定居、探亲、学习、就业、旅行、从事商务活动等非公务原因出国。",
        steps: &[s("受理并采集人像、指纹", "出入境窗口", 1), s("审核审批", "出入境管理大队", 3), s("制证", "出入境证件制证中心", 2), s("发证", "出入境窗口", 1)],
        statutory_days: 15, promised_days: 7, case_kind: Promise,
        fee: Some("普通护照每本 120 元"), fee_basis: "国家发展改革委、财政部关于因私出入境证件收费标准的规定",
        result_name: "中华人民共和国普通护照", delivery: WM, visits: 1, online_depth: Apply,
        keywords: &["办护照", "出国", "护照到期", "hz"],
        review_points: &["国家工作人员核验备案和审批意见", "不存在法定不准出境情形"],
        faq: &[("办护照需要户口本吗？", "不需要，持居民身份证即可全国通办。")],
        materials: &[ID_CARD, opt("国家工作人员出国（境）审批意见").gov().note("登记备案的国家工作人员提供"), req("出入境证件申请表").note("现场填写或自助终端打印"), opt("合格的数码相片回执").other().note("可现场免费采集")],
        ..BASE
    },
    DemoItem {
        basic_code: "010300800200", name: "往来港澳通行证及签注签发", item_type: Permit, department: "gaj", levels: B,
        legal_basis: "《中国公民因私事往来香港地区或者澳门地区的暂行管理办法》",
        conditions: "内地居民因私事前往香港、澳门地区旅游、探亲、商务等。",
        steps: &[s("受理并采集人像、指纹", "出入境窗口", 1), s("审核审批", "出入境管理大队", 3), s("制证", "出入境证件制证中心", 2), s("发证", "出入境窗口", 1)],
        statutory_days: 15, promised_days: 7, case_kind: Promise,
        fee: Some("电子往来港澳通行证每证 60 元；签注每次 15 元"), fee_basis: "国家发展改革委、财政部关于因私出入境证件收费标准的规定",
        result_name: "往来港澳通行证及签注", delivery: WM, visits: 1, online_depth: Apply,
        keywords: &["去香港", "去澳门", "港澳通行证", "港澳签注", "gatxz"],
        review_points: &["不存在法定不准出境情形", "再次签注可在自助机办理"],
        faq: &[("只办签注要去窗口吗？", "持有效电子通行证的可在自助签注机即时办理。")],
        materials: &[ID_CARD, req("出入境证件申请表").note("现场填写或自助终端打印"), opt("合格的数码相片回执").other().note("可现场免费采集")],
        ..BASE
    },
    DemoItem {
        basic_code: "010300900100", name: "机动车注册登记", item_type: Permit, department: "gaj", levels: B,
        legal_basis: "《中华人民共和国道路交通安全法》第八条、第九条；《机动车登记规定》",
        conditions: "初次申领机动车号牌、行驶证的机动车，已办理交通事故责任强制保险并缴纳车辆购置税。",
        steps: flow!("车辆管理所登记岗"; 0, 0, 1, 0), statutory_days: 5, promised_days: 1, case_kind: Promise, special_procedures: &[Inspection],
        fee: Some("按自治区核定的机动车号牌、行驶证、登记证书工本费标准收取"), fee_basis: "国家和自治区关于公安交通管理证照工本费的收费标准",
        result_name: "机动车号牌、行驶证、机动车登记证书", delivery: WM, visits: 1, online_depth: Offline,
        keywords: &["新车上牌", "上牌照", "车辆登记", "sp"],
        review_points: &["车辆查验合格，识别代号与合格证一致", "交强险和车辆购置税信息联网核验"],
        faq: &[("新车上牌要去哪里？", "车辆须到旗车辆管理所查验场地查验后登记，政务服务大厅可提供预约和咨询。")],
        materials: &[
            req("机动车注册登记申请表"),
            ID_CARD.note("机动车所有人身份证明"),
            req("机动车整车出厂合格证明或进口凭证").other(),
            req("购车发票").other(),
            req("交通事故责任强制保险凭证").other().by("交强险信息联网核验"),
        ],
        stationed: false,
        negative_reason: Some(("site_limit", "须在车辆管理所查验场地查验车辆、拓印车辆识别代号并安装号牌，政务服务大厅不具备查验场地")),
        ..BASE
    },
    DemoItem {
        basic_code: "010301000100", name: "机动车驾驶证有效期满换证", item_type: Permit, department: "gaj", levels: B,
        legal_basis: "《中华人民共和国道路交通安全法》第十九条；《机动车驾驶证申领和使用规定》",
        conditions: "机动车驾驶证有效期满前九十日内，驾驶人申请换证。",
        steps: ON_THE_SPOT, statutory_days: 0, promised_days: 0, case_kind: Instant,
        fee: Some("机动车驾驶证工本费每证 10 元"), fee_basis: "国家和自治区关于公安交通管理证照工本费的收费标准",
        result_name: "机动车驾驶证", delivery: WME, visits: 0, online_depth: Full,
        keywords: &["驾照到期", "换驾照", "驾驶证换证", "jz"],
        review_points: &["身体条件证明在有效期内", "无未处理的交通违法和事故"],
        faq: &[("换驾照一定要去车管所吗？", "不用，可以通过“交管12123”申请，新证邮寄到家。")],
        materials: &[ID_CARD, req("机动车驾驶人身体条件证明").other().note("医疗机构出具，可联网上传"), req("原机动车驾驶证").note("网上申请的，领取新证时交回")],
        ..BASE
    },
    // ── 人力资源和社会保障局 (rsj) ─────────────────────────────────────────────────────────
    DemoItem {
        basic_code: "110400100100", name: "社会保障卡申领", item_type: PublicService, department: "rsj", levels: BT,
        legal_basis: "《中华人民共和国社会保险法》第五十八条；《社会保障卡管理办法》",
        conditions: "在本旗参加社会保险或在本旗户籍的人员，尚未领取社会保障卡。",
        steps: &[s("受理", "综合受理窗口", 0), s("信息核验", "社保卡服务中心", 1), s("制卡", "合作银行", 3), s("发卡", "出件窗口", 1)],
        statutory_days: 20, promised_days: 5, case_kind: Promise,
        fee_basis: "首次申领社会保障卡免费", result_name: "社会保障卡（第三代）", delivery: WM, visits: 0, online_depth: Full,
        keywords: &["办社保卡", "社保卡", "医保卡", "sbk"],
        review_points: &["人员基础信息与公安人口库一致", "照片符合制卡标准", "银行账户功能按本人意愿开通"],
        faq: &[("社保卡可以当医保卡用吗？", "可以，社会保障卡具有医保结算功能，也可申领电子社保卡。")],
        materials: &[ID_CARD, req("本人近期免冠证件照（电子版）").note("白底彩色；可使用公安制证照片"), opt("监护人居民身份证").by("居民身份证电子证照").note("未成年人申领时提供")],
        ..BASE
    },
    DemoItem {
        basic_code: "110400100200", name: "社会保障卡补领、换领", item_type: PublicService, department: "rsj", levels: BT,
        legal_basis: "《社会保障卡管理办法》",
        conditions: "社会保障卡遗失、损坏或需要换领新版卡。",
        steps: &[s("受理并挂失", "综合受理窗口", 0), s("制卡", "合作银行", 2), s("发卡", "出件窗口", 1)],
        statutory_days: 20, promised_days: 3, case_kind: Promise,
        fee: Some("因个人原因补领的，按合作银行公布的标准收取补卡工本费"), fee_basis: "《社会保障卡管理办法》；本旗社会保障卡合作银行服务协议",
        result_name: "社会保障卡", delivery: WM, visits: 0, online_depth: Full,
        keywords: &["社保卡丢了", "补社保卡", "换社保卡", "sbk"],
        review_points: &["补卡前已办理正式挂失", "原卡医保账户余额自动转入新卡"],
        faq: &[("急用可以当场拿卡吗？", "大厅设有即时制卡点，在窗口申请可当场制卡领取。")],
        materials: &[ID_CARD, opt("本人近期免冠证件照（电子版）").note("原照片不符合制卡标准时提供"), AGENT],
        ..BASE
    },
    DemoItem {
        basic_code: "070400200100", name: "单位职工参保登记", item_type: Confirmation, department: "rsj", levels: B,
        legal_basis: "《中华人民共和国社会保险法》第五十七条、第五十八条",
        conditions: "用人单位自用工之日起三十日内为其职工申请办理社会保险登记。",
        steps: ON_THE_SPOT, statutory_days: 0, promised_days: 0, case_kind: Instant,
        fee_basis: FREE_SOCIAL, result_name: "职工参保登记信息", delivery: WE, visits: 0, online_depth: Full,
        keywords: &["职工参保", "给员工交社保", "新员工增员", "sb"],
        review_points: &["单位已完成社会保险登记", "职工身份信息与公安人口库比对一致"],
        faq: &[("员工入职多久要参保？", "应当自用工之日起三十日内办理参保登记。")],
        materials: &[req("职工参保登记表"), req("劳动合同或用工证明").promise(), req("职工居民身份证").by("公安人口库")],
        ..BASE
    },
    DemoItem {
        basic_code: "070400200200", name: "灵活就业人员参保登记", item_type: Confirmation, department: "rsj", levels: BT,
        legal_basis: "《中华人民共和国社会保险法》第十条、第二十三条",
        conditions: "无雇工的个体工商户、未在用人单位参加职工基本养老保险的非全日制从业人员及其他灵活就业人员。",
        steps: ON_THE_SPOT, statutory_days: 0, promised_days: 0, case_kind: Instant,
        fee_basis: FREE_SOCIAL, result_name: "灵活就业人员参保登记信息", delivery: WE, visits: 0, online_depth: Full,
        keywords: &["自己交社保", "个人交社保", "灵活就业", "自由职业交社保", "lhjy"],
        review_points: &["未在用人单位参加职工养老保险", "缴费档次在规定范围内选择"],
        faq: &[("灵活就业参保可以不在户籍地吗？", "可以在就业地参保，按规定取消了户籍限制。")],
        materials: &[ID_CARD, req("灵活就业人员参保登记表"), opt("个体工商户营业执照").by("电子营业执照").note("无雇工的个体工商户提供")],
        ..BASE
    },
    DemoItem {
        basic_code: "070400200300", name: "城乡居民基本养老保险参保登记", item_type: Confirmation, department: "rsj", levels: BTV,
        legal_basis: "《中华人民共和国社会保险法》第二十条、第二十二条；《国务院关于建立统一的城乡居民基本养老保险制度的意见》（国发〔2014〕8号）",
        conditions: "年满十六周岁（不含在校学生），非国家机关和事业单位工作人员及不属于职工基本养老保险覆盖范围的城乡居民。",
        steps: ON_THE_SPOT, statutory_days: 0, promised_days: 0, case_kind: Instant,
        fee_basis: FREE_SOCIAL, result_name: "城乡居民养老保险参保登记信息", delivery: WE, visits: 0, online_depth: Full,
        keywords: &["农村养老保险", "新农保", "居民养老保险", "jmyl"],
        review_points: &["未参加职工基本养老保险", "户籍信息与公安人口库一致"],
        faq: &[("在嘎查村能办吗？", "可以在嘎查村便民服务站或苏木镇便民服务中心办理，也可在手机上自助参保。")],
        materials: &[ID_CARD, HUKOU, req("城乡居民基本养老保险参保登记表")],
        ..BASE
    },
    DemoItem {
        basic_code: "050400300100", name: "失业保险金申领", item_type: Payment, department: "rsj", levels: B,
        legal_basis: "《中华人民共和国社会保险法》第四十五条、第五十条；《失业保险条例》",
        conditions: "失业前用人单位和本人已缴纳失业保险费满一年，非因本人意愿中断就业，已办理失业登记并有求职要求。",
        steps: &[s("受理", "综合受理窗口", 0), s("待遇审核", "就业服务中心", 2), s("核定发放", "社保经办中心", 1)],
        statutory_days: 10, promised_days: 3, case_kind: Promise,
        fee_basis: FREE_SOCIAL, result_name: "失业保险金核定通知", delivery: WE, visits: 0, online_depth: Full,
        keywords: &["失业金", "领失业金", "被辞退", "下岗", "syj"],
        review_points: &["缴费年限满一年", "非本人意愿中断就业有离职证明或共享信息", "领取期间同步代缴基本医疗保险费"],
        faq: &[("自己辞职能领失业金吗？", "本人主动辞职一般不符合条件，因单位原因被迫离职的除外。"), ("能领多久？", "按累计缴费时间确定，最长不超过 24 个月。")],
        materials: &[ID_CARD, req("解除或终止劳动关系证明").other().by("用工备案信息共享"), req("本人社会保障卡或银行账户")],
        ..BASE
    },
    DemoItem {
        basic_code: "050400400100", name: "职工基本养老保险待遇核定（正常退休）", item_type: Payment, department: "rsj", levels: B,
        legal_basis: "《中华人民共和国社会保险法》第十六条；《国务院关于完善企业职工基本养老保险制度的决定》（国发〔2005〕38号）",
        conditions: "达到法定退休年龄，累计缴费满十五年（含视同缴费年限）。",
        steps: &[s("受理", "综合受理窗口", 1), s("档案审核", "养老保险股", 4), s("待遇核定", "社保经办中心", 3), s("复核", "首席代表", 1), s("送达", "出件窗口", 1)],
        statutory_days: 20, promised_days: 10, case_kind: Promise, special_procedures: &[Publicity],
        fee_basis: FREE_SOCIAL, result_name: "基本养老金待遇核定表", delivery: WME, visits: 0, online_depth: Full,
        keywords: &["退休金", "养老金", "办退休", "算养老金", "ylj"],
        review_points: &["出生时间、参加工作时间以档案最早记载为准", "特殊工种提前退休的按规定公示", "视同缴费年限认定有据"],
        faq: &[("退休审批要公示吗？", "特殊工种提前退休的须公示，公示时间不计入办理时限。")],
        materials: &[ID_CARD, req("职工人事档案").paper().other(), req("退休申请表").note("单位盖章")],
        ..BASE
    },
    DemoItem {
        basic_code: "050400400200", name: "城乡居民基本养老保险待遇申领", item_type: Payment, department: "rsj", levels: BTV,
        legal_basis: "《中华人民共和国社会保险法》第二十一条；《国务院关于建立统一的城乡居民基本养老保险制度的意见》（国发〔2014〕8号）",
        conditions: "参加城乡居民养老保险，年满六十周岁，累计缴费满十五年，未领取国家规定的基本养老保障待遇。",
        steps: &[s("受理", "嘎查村便民服务站", 1), s("审核", "苏木镇社保所", 2), s("核定", "社保经办中心", 2)],
        statutory_days: 20, promised_days: 5, case_kind: Promise,
        fee_basis: FREE_SOCIAL, result_name: "城乡居民养老保险待遇核定通知", delivery: WE, visits: 0, online_depth: Full,
        keywords: &["农民养老金", "60岁领钱", "居民养老金", "jmyl"],
        review_points: &["未领取职工养老保险等待遇", "缴费年限不足的告知补缴"],
        faq: &[("缴费不满十五年怎么办？", "可以按规定一次性补缴至满十五年后领取。")],
        materials: &[ID_CARD, req("城乡居民基本养老保险待遇申领表"), req("本人社会保障卡").gov().by("社保卡信息共享")],
        ..BASE
    },
    DemoItem {
        basic_code: "050400500100", name: "丧葬补助金、抚恤金申领", item_type: Payment, department: "rsj", levels: B,
        legal_basis: "《中华人民共和国社会保险法》第十七条",
        conditions: "参加职工基本养老保险的个人死亡，其遗属申领丧葬补助金和抚恤金。",
        steps: &[s("受理", "综合受理窗口", 1), s("审核", "养老保险股", 2), s("核定支付", "社保经办中心", 2)],
        statutory_days: 20, promised_days: 5, case_kind: Promise,
        fee_basis: FREE_SOCIAL, result_name: "丧葬补助金、抚恤金核定通知", delivery: WE, visits: 0, online_depth: Full,
        keywords: &["丧葬费", "抚恤金", "老人去世领钱", "sz"],
        review_points: &["死亡信息与公安、卫健共享信息一致", "停发死亡后多发的养老金并按规定扣回"],
        faq: &[("丧葬补助金和抚恤金一起申领吗？", "是，遗属一次申请，核定后一并支付。")],
        materials: &[req("丧葬补助金、抚恤金申领表"), ID_CARD.note("申领人身份证"), req("死亡证明").other().by("卫健死亡信息共享"), req("亲属关系证明").promise()],
        ..BASE
    },
    DemoItem {
        basic_code: "110400600100", name: "就业创业证申领", item_type: PublicService, department: "rsj", levels: BT,
        legal_basis: "《就业服务与就业管理规定》",
        conditions: "在法定劳动年龄内有劳动能力和就业要求的城乡劳动者。",
        steps: ON_THE_SPOT, statutory_days: 0, promised_days: 0, case_kind: Instant,
        fee_basis: FREE, result_name: "就业创业证（电子证）", delivery: WE, visits: 0, online_depth: Full,
        keywords: &["就业证", "失业证", "创业证", "就业失业登记证", "jycyz"],
        review_points: &["身份信息与公安人口库比对一致", "就业失业状态按最新登记确定"],
        faq: &[("就业创业证有什么用？", "是享受就业创业扶持政策的凭证，可申领电子证。")],
        materials: &[ID_CARD, req("就业创业证申领表"), opt("解除或终止劳动关系证明").other().note("办理失业登记时提供")],
        ..BASE
    },
    DemoItem {
        basic_code: "110400700100", name: "创业担保贷款申请", item_type: PublicService, department: "rsj", levels: B,
        legal_basis: "《财政部 人力资源社会保障部 中国人民银行关于进一步加大创业担保贷款贴息力度全力支持重点群体创业就业的通知》（财金〔2020〕21号）",
        conditions: "符合条件的城镇登记失业人员、就业困难人员、退役军人、高校毕业生、返乡创业农牧民等在本旗创业。",
        steps: &[s("受理", "综合受理窗口", 1), s("资格审核", "就业服务中心", 3), s("担保审核", "担保基金管理中心", 3), s("银行审贷", "经办银行", 3)],
        statutory_days: 20, promised_days: 10, case_kind: Promise, special_procedures: &[SiteSurvey],
        fee_basis: "贷款利息按规定由财政贴息，担保不收取费用", result_name: "创业担保贷款资格审核意见及贷款合同", delivery: WE, visits: 0, online_depth: Full,
        keywords: &["创业贷款", "贴息贷款", "小额贷款", "cydb"],
        review_points: &["借款人符合重点群体身份", "创业项目已取得营业执照并正常经营", "无不良信用记录"],
        faq: &[("个人最多能贷多少？", "个人最高可申请 30 万元，符合条件的小微企业最高 500 万元，以当年政策为准。")],
        materials: &[ID_CARD, LICENSE, req("创业担保贷款申请表"), opt("重点群体身份证明").gov().by("就业创业证信息共享")],
        ..BASE
    },
    DemoItem {
        basic_code: "090400800100", name: "劳动人事争议仲裁申请", item_type: Adjudication, department: "rsj", levels: B,
        legal_basis: "《中华人民共和国劳动争议调解仲裁法》第二十七条、第二十九条、第四十三条",
        conditions: "发生劳动人事争议，自知道或应当知道权利被侵害之日起一年内申请仲裁。",
        steps: &[s("受理审查", "仲裁院立案庭", 5), s("开庭审理", "仲裁庭", 20), s("裁决", "仲裁庭", 5)],
        statutory_days: 45, promised_days: 30, case_kind: Promise, special_procedures: &[Appraisal],
        fee_basis: "《劳动争议调解仲裁法》第五十三条：劳动争议仲裁不收费", result_name: "仲裁裁决书或调解书", delivery: WM, visits: 1, online_depth: Apply,
        keywords: &["讨薪", "拖欠工资", "劳动仲裁", "被开除", "ldzc"],
        review_points: &["申请在仲裁时效内", "属于劳动人事争议受案范围", "被申请人主体信息准确"],
        faq: &[("劳动仲裁收费吗？", "不收费。"), ("拖欠工资能先调解吗？", "可以，仲裁院设有调解室，调解不成的再开庭审理。")],
        materials: &[req("仲裁申请书").n(1, 1).note("按被申请人人数提交副本"), ID_CARD, req("证据材料").note("劳动合同、工资条、考勤等")],
        ..BASE
    },
    DemoItem {
        basic_code: "070400900100", name: "工伤认定", item_type: Confirmation, department: "rsj", levels: B,
        legal_basis: "《工伤保险条例》第十四条、第十七条、第二十条",
        conditions: "职工发生事故伤害或被诊断、鉴定为职业病，所在单位在三十日内或职工及其近亲属在一年内提出申请。",
        steps: &[s("受理", "综合受理窗口", 1), s("调查核实", "工伤保险股", 15), s("认定决定", "首席代表", 3), s("送达", "出件窗口", 1)],
        statutory_days: 60, promised_days: 20, case_kind: Promise, special_procedures: &[SiteSurvey, Appraisal],
        fee_basis: FREE_SOCIAL, result_name: "认定工伤决定书或不予认定工伤决定书", delivery: WM, visits: 0, online_depth: Full,
        keywords: &["工伤", "上班受伤", "工伤报销", "gs"],
        review_points: &["事故发生时间、地点、原因与证人证言一致", "医疗诊断证明与受伤部位一致", "存在劳动关系的证据充分"],
        faq: &[("单位不给申请工伤怎么办？", "职工本人或近亲属可以在事故发生之日起一年内直接申请。")],
        materials: &[req("工伤认定申请表"), req("劳动关系证明").promise().note("劳动合同或其他证据"), req("医疗诊断证明书").other(), opt("事故调查报告或证人证言")],
        ..BASE
    },
    DemoItem {
        basic_code: "050401000100", name: "技能提升补贴申领", item_type: Payment, department: "rsj", levels: B,
        legal_basis: "《人力资源社会保障部 财政部关于失业保险支持参保职工提升职业技能有关问题的通知》",
        conditions: "参加失业保险一年以上，在规定期限内取得职业资格证书或职业技能等级证书。",
        steps: &[s("受理", "综合受理窗口", 1), s("审核", "失业保险股", 2), s("发放", "社保经办中心", 2)],
        statutory_days: 20, promised_days: 5, case_kind: Promise,
        fee_basis: FREE_SOCIAL, result_name: "技能提升补贴发放通知", delivery: WE, visits: 0, online_depth: Full,
        keywords: &["考证补贴", "技能补贴", "证书补贴", "jnbt"],
        review_points: &["证书信息经全国联网查询核验", "同一职业同一等级只能申领一次"],
        faq: &[("怎么申领？", "在手机上提交申请即可，证书信息联网核验，无需提交证书原件。")],
        materials: &[ID_CARD, req("职业资格证书或职业技能等级证书").gov().by("技能人才评价证书信息库"), req("本人社会保障卡").gov().by("社保卡信息共享").note("用于发放补贴")],
        ..BASE
    },
    // ── 医疗保障局 (ybj) ─────────────────────────────────────────────────────────────────
    DemoItem {
        basic_code: "070500100100", name: "城乡居民基本医疗保险参保登记", item_type: Confirmation, department: "ybj", levels: BTV,
        legal_basis: "《中华人民共和国社会保险法》第二十五条",
        conditions: "未参加职工基本医疗保险的城乡居民，含新生儿、在校学生。",
        steps: ON_THE_SPOT, statutory_days: 0, promised_days: 0, case_kind: Instant,
        fee_basis: "参保登记不收费，医疗保险费按年度标准缴纳", result_name: "城乡居民医保参保登记信息", delivery: WE, visits: 0, online_depth: Full,
        keywords: &["交医保", "新农合", "居民医保", "农村医保", "yb"],
        review_points: &["未重复参加职工医保", "身份信息与公安人口库比对一致"],
        faq: &[("新农合还有吗？", "新农合与城镇居民医保已合并为城乡居民基本医疗保险。")],
        materials: &[ID_CARD, HUKOU.note("新生儿可凭出生医学证明参保"), opt("出生医学证明").other().by("出生医学证明电子证照").note("新生儿参保时提供")],
        ..BASE
    },
    DemoItem {
        basic_code: "070500100200", name: "职工基本医疗保险参保登记", item_type: Confirmation, department: "ybj", levels: B,
        legal_basis: "《中华人民共和国社会保险法》第二十三条、第五十八条",
        conditions: "用人单位为其职工办理职工基本医疗保险参保登记。",
        steps: ON_THE_SPOT, statutory_days: 0, promised_days: 0, case_kind: Instant,
        fee_basis: FREE_SOCIAL, result_name: "职工医保参保登记信息", delivery: WE, visits: 0, online_depth: Full,
        keywords: &["职工医保", "单位医保", "员工医保增员"],
        review_points: &["单位参保信息有效", "职工与单位存在劳动关系"],
        faq: &[("职工医保和居民医保能同时参加吗？", "不能重复参保，参加职工医保后应停止居民医保。")],
        materials: &[req("职工医保参保登记表"), ID_CARD.note("职工身份证"), LICENSE.note("单位信息由登记系统共享")],
        ..BASE
    },
    DemoItem {
        basic_code: "110500200100", name: "异地就医备案", item_type: PublicService, department: "ybj", levels: BT,
        legal_basis: "《国家医疗保障局 财政部关于进一步做好基本医疗保险跨省异地就医直接结算工作的通知》（医保发〔2022〕22号）",
        conditions: "参保人员异地长期居住、临时外出就医或转诊转院，需在就医地直接结算。",
        steps: ON_THE_SPOT, statutory_days: 0, promised_days: 0, case_kind: Instant,
        fee_basis: FREE, result_name: "异地就医备案信息", delivery: WE, visits: 0, online_depth: Full,
        keywords: &["异地看病", "外地住院", "异地备案", "去呼和浩特看病", "ydjy"],
        review_points: &["备案类型与提交的材料相符", "临时外出就医的可先备案后就医"],
        faq: &[("备案要多久？", "线上备案即时生效，可通过国家医保服务平台 App 自助办理。"), ("已经住院了还能备案吗？", "可以补办备案，出院结算前完成备案即可直接结算。")],
        materials: &[ID_CARD, req("异地就医备案登记表"), opt("异地长期居住承诺书").promise()],
        ..BASE
    },
    DemoItem {
        basic_code: "070500300100", name: "门诊慢特病待遇认定", item_type: Confirmation, department: "ybj", levels: B,
        legal_basis: "《中华人民共和国社会保险法》第二十八条；《国家医疗保障局 财政部关于建立医疗保障待遇清单制度的意见》",
        conditions: "参保人员患有本旗规定病种范围内的门诊慢性病、特殊疾病，符合认定标准。",
        steps: &[s("受理", "综合受理窗口", 1), s("资料初审", "待遇保障股", 3), s("专家鉴定", "慢特病鉴定专家组", 4), s("认定", "首席代表", 1), s("告知", "出件窗口", 1)],
        statutory_days: 20, promised_days: 10, case_kind: Promise, special_procedures: &[Appraisal],
        fee_basis: FREE, result_name: "门诊慢特病待遇认定结果", delivery: WE, visits: 0, online_depth: Full,
        keywords: &["慢病", "门特", "慢特病", "高血压报销", "糖尿病报销", "mtb"],
        review_points: &["病历资料符合病种认定标准", "检查报告在有效期内", "专家鉴定意见明确"],
        faq: &[("认定后在哪里拿药？", "可在定点医疗机构和定点药店门诊直接结算。")],
        materials: &[ID_CARD, req("门诊慢特病认定申请表"), req("二级及以上医院诊断证明、病历和检查报告").other()],
        ..BASE
    },
    DemoItem {
        basic_code: "050500400100", name: "生育津贴申领", item_type: Payment, department: "ybj", levels: B,
        legal_basis: "《中华人民共和国社会保险法》第五十四条、第五十六条",
        conditions: "参加职工基本医疗保险（生育保险）的女职工生育或实施计划生育手术，用人单位已缴纳生育保险费。",
        steps: &[s("受理", "综合受理窗口", 1), s("审核", "待遇保障股", 2), s("核定支付", "医保经办中心", 2)],
        statutory_days: 20, promised_days: 5, case_kind: Promise,
        fee_basis: FREE_SOCIAL, result_name: "生育津贴核定支付通知", delivery: WE, visits: 0, online_depth: Full,
        keywords: &["产假工资", "生育津贴", "生孩子报销", "生育保险", "syjt"],
        review_points: &["生育时单位连续缴费符合规定", "产假天数按国家和自治区规定计算"],
        faq: &[("生育津贴发给谁？", "一般拨付到用人单位，由单位按规定发给职工；单位未垫付的可直接发给本人。")],
        materials: &[ID_CARD, req("出生医学证明").other().by("出生医学证明电子证照"), req("生育津贴申领表").note("单位盖章")],
        ..BASE
    },
    DemoItem {
        basic_code: "050500500100", name: "零星医疗费用报销", item_type: Payment, department: "ybj", levels: BT,
        legal_basis: "《中华人民共和国社会保险法》第二十八条、第二十九条",
        conditions: "参保人员因急诊抢救、未备案异地就医等原因未能直接结算的医疗费用。",
        steps: &[s("受理", "综合受理窗口", 1), s("票据审核", "医保经办中心", 5), s("复核", "医保经办中心", 2), s("支付", "财务股", 2)],
        statutory_days: 20, promised_days: 10, case_kind: Promise,
        fee_basis: FREE, result_name: "医疗费用报销结算单", delivery: WE, visits: 0, online_depth: Full,
        keywords: &["医药费报销", "手工报销", "垫付报销", "住院报销"],
        review_points: &["票据真实，与费用清单一致", "费用属于基本医疗保险支付范围", "未在其他渠道重复报销"],
        faq: &[("发票丢了还能报销吗？", "原则上需提供原始票据，遗失的由医疗机构出具加盖公章的复印件及说明。")],
        materials: &[ID_CARD, req("医疗费用票据").paper().other(), req("费用明细清单").other(), req("出院记录或诊断证明").other()],
        ..BASE
    },
    DemoItem {
        basic_code: "110500600100", name: "基本医疗保险关系转移接续", item_type: PublicService, department: "ybj", levels: B,
        legal_basis: "《中华人民共和国社会保险法》第三十二条；《基本医疗保障关系转移接续暂行办法》",
        conditions: "参保人员跨统筹地区流动就业，需转移基本医疗保险关系。",
        steps: &[s("受理", "综合受理窗口", 1), s("联系函核对", "医保经办中心", 7), s("转入确认", "医保经办中心", 7)],
        statutory_days: 45, promised_days: 15, case_kind: Promise,
        fee_basis: FREE, result_name: "基本医疗保险关系转移接续完成通知", delivery: WE, visits: 0, online_depth: Full,
        keywords: &["医保转移", "换工作转医保", "医保转过来"],
        review_points: &["转出地参保凭证信息完整", "缴费年限按规定合并计算"],
        faq: &[("转移需要回原参保地吗？", "不用，在转入地申请即可，由经办机构之间线上传递。")],
        materials: &[ID_CARD, req("基本医疗保险关系转移接续申请表"), opt("原参保地参保缴费凭证").gov().by("医保信息平台共享")],
        ..BASE
    },
    DemoItem {
        basic_code: "050500700100", name: "职工医保个人账户一次性支取（参保人死亡）", item_type: Payment, department: "ybj", levels: B,
        legal_basis: "《国务院办公厅关于建立健全职工基本医疗保险门诊共济保障机制的指导意见》（国办发〔2021〕14号）",
        conditions: "职工医保参保人员死亡，其个人账户余额可以依法继承。",
        steps: &[s("受理", "综合受理窗口", 1), s("审核", "医保经办中心", 2), s("支付", "财务股", 2)],
        statutory_days: 20, promised_days: 5, case_kind: Promise,
        fee_basis: FREE, result_name: "个人账户余额支付通知", delivery: WE, visits: 0, online_depth: Full,
        keywords: &["医保余额继承", "医保卡里的钱", "去世医保账户"],
        review_points: &["死亡信息共享核验一致", "继承人身份及继承关系明确"],
        faq: &[("余额打到哪里？", "支付到继承人本人银行账户。")],
        materials: &[ID_CARD.note("继承人身份证"), req("死亡证明").other().by("卫健死亡信息共享"), req("继承关系证明").promise(), req("继承人银行账户")],
        ..BASE
    },
    // ── 税务局 (swj) ─────────────────────────────────────────────────────────────────────
    DemoItem {
        basic_code: "070600100100", name: "税务登记信息确认（新办纳税人）", item_type: Confirmation, department: "swj", levels: B,
        legal_basis: "《中华人民共和国税收征收管理法》第十五条；《税务登记管理办法》",
        conditions: "已取得营业执照的新办纳税人，首次办理涉税事项前确认登记信息。",
        steps: ON_THE_SPOT, statutory_days: 0, promised_days: 0, case_kind: Instant,
        fee_basis: FREE, result_name: "税务登记信息确认结果", delivery: WE, visits: 0, online_depth: Full,
        keywords: &["税务报到", "新办企业报税", "税务登记", "swdj"],
        review_points: &["登记信息由市场监管共享", "财务负责人、办税人员实名认证"],
        faq: &[("还需要办税务登记证吗？", "不需要，实行“多证合一”，营业执照即可，首次办税时确认信息。")],
        materials: &[LICENSE.note("信息共享，无需提交"), req("财务负责人和办税人员身份信息").by("居民身份证电子证照"), opt("银行账户信息").note("签订三方协议扣缴税款时提供")],
        ..BASE
    },
    DemoItem {
        basic_code: "100600200100", name: "发票领用", item_type: OtherPower, department: "swj", levels: B,
        legal_basis: "《中华人民共和国发票管理办法》第十五条",
        conditions: "已办理税务登记信息确认、需要领用发票的单位和个人。",
        steps: ON_THE_SPOT, statutory_days: 0, promised_days: 0, case_kind: Instant,
        fee_basis: "发票领用不收取工本费", result_name: "发票（数电发票开票额度）", delivery: WME, visits: 0, online_depth: Full,
        keywords: &["领发票", "申领发票", "数电票", "开发票", "fp"],
        review_points: &["纳税人状态正常，无未办结的违法违章", "开票额度按纳税信用等级动态调整"],
        faq: &[("新办企业能马上开发票吗？", "完成信息确认后即可使用数电发票，额度由系统自动赋予。")],
        materials: &[req("发票领用申请（电子表单）"), REP_ID, opt("发票专用章印模").note("首次领用纸质发票时提供")],
        ..BASE
    },
    DemoItem {
        basic_code: "110600300100", name: "个人所得税综合所得年度汇算", item_type: PublicService, department: "swj", levels: B,
        legal_basis: "《中华人民共和国个人所得税法》第十条、第十一条",
        conditions: "居民个人取得综合所得，需要补税或申请退税的，在次年 3 月 1 日至 6 月 30 日内办理年度汇算。",
        steps: ON_THE_SPOT, statutory_days: 0, promised_days: 0, case_kind: Instant,
        fee_basis: FREE, result_name: "个人所得税年度汇算申报结果", delivery: WE, visits: 0, online_depth: Full,
        keywords: &["个税退税", "退税", "年度汇算", "个人所得税", "gs"],
        review_points: &["专项附加扣除信息真实", "退税账户为本人账户"],
        faq: &[("窗口能帮忙办吗？", "可以，办税服务窗口提供辅导，也可使用个人所得税 App 自行办理。")],
        materials: &[ID_CARD, opt("专项附加扣除相关资料").promise().note("留存备查，无需提交"), opt("本人银行账户信息").note("申请退税时提供")],
        ..BASE
    },
    DemoItem {
        basic_code: "120600400100", name: "增值税一般纳税人登记", item_type: Filing, department: "swj", levels: B,
        legal_basis: "《中华人民共和国增值税暂行条例》第十三条；《增值税一般纳税人登记管理办法》",
        conditions: "年应税销售额超过规定标准，或会计核算健全、能够提供准确税务资料的纳税人。",
        steps: ON_THE_SPOT, statutory_days: 0, promised_days: 0, case_kind: Instant,
        fee_basis: FREE, result_name: "增值税一般纳税人登记信息", delivery: WE, visits: 0, online_depth: Full,
        keywords: &["一般纳税人", "升一般纳税人", "增值税登记", "ybnsr"],
        review_points: &["销售额达到标准的在规定期限内登记", "生效之日按申请确定"],
        faq: &[("小规模纳税人可以主动登记为一般纳税人吗？", "会计核算健全的可以主动申请。")],
        materials: &[req("增值税一般纳税人登记表"), LICENSE, opt("会计核算健全的说明").promise().note("主动申请登记的提供")],
        ..BASE
    },
    DemoItem {
        basic_code: "110600500100", name: "开具税收完税证明", item_type: PublicService, department: "swj", levels: BT,
        legal_basis: "《税收票证管理办法》",
        conditions: "纳税人已缴纳税款，需要开具完税证明。",
        steps: ON_THE_SPOT, statutory_days: 0, promised_days: 0, case_kind: Instant,
        fee_basis: FREE, result_name: "税收完税证明", delivery: WE, visits: 0, online_depth: Full,
        keywords: &["完税证明", "纳税证明", "交税证明", "买房纳税证明", "wszm"],
        review_points: &["开具期间内有实际缴税记录", "代扣代缴的税款可由扣缴义务人开具或本人自行开具"],
        faq: &[("买房需要的纳税证明怎么开？", "可在电子税务局或个人所得税 App 自助开具，带验证码可在线验真。")],
        materials: &[ID_CARD, req("完税证明开具申请（电子表单）"), AGENT],
        ..BASE
    },
    DemoItem {
        basic_code: "100600600100", name: "清税申报（注销税务登记）", item_type: OtherPower, department: "swj", levels: B,
        legal_basis: "《中华人民共和国税收征收管理法》第十六条；《税务登记管理办法》",
        conditions: "纳税人依法终止纳税义务，结清应纳税款、滞纳金、罚款，缴销发票。",
        steps: ON_THE_SPOT, statutory_days: 0, promised_days: 0, case_kind: Instant,
        fee_basis: FREE, result_name: "清税证明", delivery: WE, visits: 0, online_depth: Full,
        keywords: &["税务注销", "清税", "注销公司税务", "qs"],
        review_points: &["无欠税、未结案件和未缴销发票", "符合即办条件的当场出具清税证明"],
        faq: &[("没有欠税也要办清税吗？", "要，办理市场主体注销前须完成清税，清税信息自动共享至市场监管部门。")],
        materials: &[req("清税申报表"), LICENSE, opt("未缴销发票清单").note("有未使用发票的提供")],
        ..BASE
    },
    DemoItem {
        basic_code: "080600700100", name: "检举纳税人税收违法行为奖励", item_type: Award, department: "swj", levels: B,
        legal_basis: "《中华人民共和国税收征收管理法》第十三条；《检举纳税人税收违法行为奖励暂行办法》",
        conditions: "检举的税收违法行为经查实处理并将税款收缴入库，检举人申请领取奖励。",
        steps: &[s("受理", "综合受理窗口", 1), s("核定奖励", "稽查局", 10), s("审批", "局务会", 3), s("发放", "财务股", 1)],
        statutory_days: 30, promised_days: 15, case_kind: Promise,
        fee_basis: FREE, result_name: "检举奖励通知书", delivery: WM, visits: 0, online_depth: Full,
        keywords: &["举报偷税", "检举奖励", "举报奖金"],
        review_points: &["检举人与检举记录一致", "奖励金额按入库税款比例核定"],
        faq: &[("可以匿名领奖吗？", "实名检举的可以凭检举编号和身份证明领取奖励，信息严格保密。")],
        materials: &[ID_CARD, req("检举奖励通知书").gov(), req("本人银行账户信息")],
        ..BASE
    },
    // ── 自然资源局 (zrzyj) ────────────────────────────────────────────────────────────────
    DemoItem {
        basic_code: "010700100100", name: "建设用地规划许可证核发", item_type: Permit, department: "zrzyj", levels: B,
        legal_basis: "《中华人民共和国城乡规划法》第三十七条、第三十八条；《中华人民共和国土地管理法》",
        conditions: "以出让方式取得国有土地使用权并已签订出让合同，或以划拨方式取得且已核发用地预审与选址意见书的建设项目。",
        steps: flow!("国土空间规划股"; 1, 2, 1, 1), statutory_days: 20, promised_days: 5, case_kind: Promise,
        fee_basis: FREE, result_name: "建设用地规划许可证", delivery: WME, visits: 0, online_depth: Full,
        keywords: &["用地规划许可", "规划许可证", "一书三证", "ydgh"],
        review_points: &["用地位置、面积、性质与出让合同规划条件一致", "规划条件未经法定程序不得变更"],
        faq: &[("出让土地还要单独办用地批准书吗？", "建设用地规划许可证与建设用地批准书已合并办理，核发一张证书。")],
        materials: &[req("建设用地规划许可申请表"), LICENSE, req("国有建设用地使用权出让合同").gov(), req("宗地图及界址点坐标").agency()],
        ..BASE
    },
    DemoItem {
        basic_code: "010700200100", name: "建设工程规划许可证核发", item_type: Permit, department: "zrzyj", levels: B,
        legal_basis: "《中华人民共和国城乡规划法》第四十条",
        conditions: "在城市、镇规划区内进行建筑物、构筑物、道路、管线和其他工程建设，已取得土地使用权，设计方案符合控制性详细规划和规划条件。",
        steps: &[s("受理", "综合受理窗口", 1), s("方案审查", "国土空间规划股", 2), s("批前公示", "国土空间规划股", 0), s("决定", "首席代表", 1), s("制证送达", "出件窗口", 1)],
        statutory_days: 20, promised_days: 5, case_kind: Promise, special_procedures: &[Publicity, ExpertReview],
        fee_basis: FREE, result_name: "建设工程规划许可证", delivery: WME, visits: 0, online_depth: Full,
        keywords: &["工程规划许可证", "规划证", "盖楼审批", "gcgh"],
        review_points: &["容积率、建筑密度、绿地率、建筑高度符合规划条件", "总平面图与日照分析满足规范", "批前公示期满无异议"],
        faq: &[("方案公示多久？", "一般不少于 7 日，公示时间不计入办理时限。")],
        materials: &[req("建设工程规划许可申请表"), LICENSE, req("不动产权证书（土地）").gov().by("不动产权证书电子证照"), req("建设工程设计方案总平面图及建筑施工图").agency()],
        ..BASE
    },
    DemoItem {
        basic_code: "010700300100", name: "乡村建设规划许可证核发", item_type: Permit, department: "zrzyj", levels: BT,
        legal_basis: "《中华人民共和国城乡规划法》第四十一条",
        conditions: "在乡、村庄规划区内进行乡镇企业、乡村公共设施和公益事业建设以及农村村民住宅建设，不占用农用地或已办理农用地转用审批。",
        steps: &[s("受理", "苏木镇便民服务中心", 1), s("审查", "苏木镇规划建设办公室", 2), s("审核决定", "国土空间规划股", 1), s("送达", "出件窗口", 1)],
        statutory_days: 20, promised_days: 5, case_kind: Promise, special_procedures: &[SiteSurvey],
        fee_basis: FREE, result_name: "乡村建设规划许可证", delivery: WME, visits: 0, online_depth: Full,
        keywords: &["农村盖房", "自建房审批", "乡村规划证", "建房许可", "xcgh"],
        review_points: &["建设位置符合村庄规划", "村民住宅已取得宅基地批准", "不占用永久基本农田"],
        faq: &[("牧区盖房子要办这个证吗？", "在乡、村庄规划区内新建、改建住宅的需要办理，可在苏木镇便民服务中心申请。")],
        materials: &[req("乡村建设规划许可申请表"), ID_CARD, req("宅基地批准书或土地权属证明").gov().by("不动产登记信息共享"), req("建房设计图或通用图选用说明")],
        ..BASE
    },
    DemoItem {
        basic_code: "010700400100", name: "建设项目用地预审与选址意见书核发", item_type: Permit, department: "zrzyj", levels: B,
        legal_basis: "《中华人民共和国城乡规划法》第三十六条；《中华人民共和国土地管理法》第五十二条",
        conditions: "以划拨方式提供国有土地使用权的建设项目，或需办理用地预审的建设项目，符合国土空间规划和用途管制要求。",
        steps: &[s("受理", "综合受理窗口", 1), s("规划与用地审查", "国土空间规划股、耕地保护股", 6), s("决定", "首席代表", 2), s("送达", "出件窗口", 1)],
        statutory_days: 20, promised_days: 10, case_kind: Promise, special_procedures: &[SiteSurvey],
        fee_basis: FREE, result_name: "建设项目用地预审与选址意见书", delivery: WME, visits: 0, online_depth: Full,
        keywords: &["选址意见书", "用地预审", "项目选址"],
        review_points: &["项目选址符合国土空间总体规划", "占用耕地的落实占补平衡", "用地规模符合土地使用标准"],
        faq: &[("用地预审和选址意见书分开办吗？", "已合并为一个事项，核发一张意见书。")],
        materials: &[req("用地预审与选址申请表"), LICENSE, req("项目建议书或可行性研究报告").agency(), req("勘测定界图").agency()],
        ..BASE
    },
    DemoItem {
        basic_code: "100700500100", name: "国有建设用地使用权出让", item_type: OtherPower, department: "zrzyj", levels: B,
        legal_basis: "《中华人民共和国土地管理法》第五十四条、第五十五条；《中华人民共和国城镇国有土地使用权出让和转让暂行条例》",
        conditions: "经营性用地及同一宗地有两个以上意向用地者的，以招标、拍卖或挂牌方式出让；竞得人按出让公告要求参加竞买。",
        steps: &[s("受理竞买申请", "土地交易窗口", 2), s("资格审查", "土地储备交易中心", 3), s("签订成交确认书", "土地储备交易中心", 2), s("签订出让合同", "首席代表", 3)],
        statutory_days: 20, promised_days: 10, case_kind: Promise, special_procedures: &[Publicity, Tender, Auction],
        fee: Some("土地出让价款按成交价格缴纳"), fee_basis: "《中华人民共和国城镇国有土地使用权出让和转让暂行条例》；出让合同约定",
        result_name: "国有建设用地使用权出让合同", delivery: WE, visits: 0, online_depth: Full,
        keywords: &["土地出让", "招拍挂", "买地", "土地挂牌"],
        review_points: &["竞买人资格符合出让公告要求", "竞买保证金按时足额到账", "出让公告期不少于 20 日"],
        faq: &[("可以网上竞买吗？", "可以，通过自治区国有建设用地使用权网上交易系统报名竞买。")],
        materials: &[req("竞买申请书"), LICENSE, req("竞买保证金缴纳凭证").other()],
        ..BASE
    },
    DemoItem {
        basic_code: "010700600100", name: "临时用地审批", item_type: Permit, department: "zrzyj", levels: B,
        legal_basis: "《中华人民共和国土地管理法》第五十七条",
        conditions: "建设项目施工、地质勘查需要临时使用国有土地或农民集体所有的土地，使用期限一般不超过二年。",
        steps: &[s("受理", "综合受理窗口", 1), s("审查", "耕地保护股", 5), s("决定", "首席代表", 3), s("送达", "出件窗口", 1)],
        statutory_days: 20, promised_days: 10, case_kind: Promise, special_procedures: &[SiteSurvey],
        fee_basis: "审批不收费；土地补偿费按临时使用土地合同约定支付", result_name: "临时用地批复", delivery: WME, visits: 0, online_depth: Full,
        keywords: &["临时用地", "施工用地", "堆料场用地"],
        review_points: &["不占用永久基本农田", "已签订临时使用土地合同", "土地复垦方案和复垦费用落实"],
        faq: &[("临时用地到期怎么办？", "应在期满之日起一年内完成复垦，使其达到可供利用状态。")],
        materials: &[req("临时用地申请表"), LICENSE, req("临时使用土地合同"), req("土地复垦方案").agency().rq()],
        ..BASE
    },
    DemoItem {
        basic_code: "090700700100", name: "土地权属争议调处", item_type: Adjudication, department: "zrzyj", levels: BT,
        legal_basis: "《中华人民共和国土地管理法》第十四条；《土地权属争议调查处理办法》",
        conditions: "单位之间、个人之间、个人与单位之间因土地所有权和使用权归属发生争议，协商不成的。",
        steps: &[s("受理", "综合受理窗口", 5), s("调查取证", "调处办公室", 20), s("调解", "调处办公室", 10), s("处理决定", "首席代表", 5)],
        statutory_days: 60, promised_days: 40, case_kind: Promise, special_procedures: &[SiteSurvey, Hearing],
        fee_basis: FREE, result_name: "土地权属争议调解书或处理决定书", delivery: WM, visits: 1, online_depth: Apply,
        keywords: &["地界纠纷", "土地纠纷", "草场纠纷", "争地"],
        review_points: &["争议地块四至清楚", "不属于已由人民法院受理的案件", "先行调解"],
        faq: &[("个人之间的土地纠纷找谁？", "个人之间、个人与单位之间的争议，可以向苏木镇人民政府或旗人民政府申请处理。")],
        materials: &[req("土地权属争议调处申请书").n(1, 1), ID_CARD, req("权属证明材料及争议地块示意图")],
        ..BASE
    },
    DemoItem {
        basic_code: "010700800100", name: "涉密基础测绘成果提供使用审批", item_type: Permit, department: "zrzyj", levels: B,
        legal_basis: "《中华人民共和国测绘法》；《中华人民共和国测绘成果管理条例》；《中华人民共和国保守国家秘密法》",
        conditions: "使用单位有明确、合法的使用目的，具备符合国家保密要求的管理制度、设施和涉密人员。",
        steps: &[s("受理", "测绘地理信息股", 1), s("保密审查", "测绘地理信息股", 5), s("决定", "分管领导", 2), s("成果提供", "测绘地理信息股", 2)],
        statutory_days: 20, promised_days: 10, case_kind: Promise,
        fee_basis: FREE, result_name: "涉密测绘成果提供使用审批意见", delivery: W, visits: 2, online_depth: Offline,
        keywords: &["地形图申请", "测绘成果", "涉密地图"],
        review_points: &["使用目的和范围与项目批准文件一致", "保密管理制度、设施和涉密人员符合要求", "签订保密责任书"],
        faq: &[("为什么不能在大厅或网上办？", "涉密测绘成果属于国家秘密载体，申请、审批和交接均在自然资源局涉密场所按保密规定办理。")],
        materials: &[req("涉密基础测绘成果使用申请表").paper(), req("项目批准文件或任务书").paper(), req("保密管理制度及涉密人员名单").paper(), req("保密责任书").paper()],
        stationed: false,
        negative_reason: Some(("state_secret", "涉密测绘成果属于国家秘密载体，审批和交接须在具备保密条件的涉密场所进行")),
        ..BASE
    },
    // ── 不动产登记中心 (bdcdj) ────────────────────────────────────────────────────────────
    DemoItem {
        basic_code: "070800100100", name: "国有建设用地使用权及房屋所有权首次登记", item_type: Confirmation, department: "bdcdj", levels: B,
        legal_basis: BDC_BASIS,
        conditions: "依法取得国有建设用地使用权，房屋已竣工验收，首次申请办理房屋所有权登记。",
        steps: &[s("受理", "不动产综合受理窗口", 1), s("审核", "登记审核岗", 2), s("登簿", "登簿岗", 1), s("缮证发证", "出件窗口", 1)],
        statutory_days: 30, promised_days: 5, case_kind: Promise, special_procedures: &[SiteSurvey],
        fee: BDC_FEE, fee_basis: BDC_FEE_BASIS, result_name: "不动产权证书或不动产登记证明", delivery: WME, visits: 0, online_depth: Full,
        keywords: &["办房产证", "新房首次登记", "大证", "bdc"],
        review_points: &["竣工验收备案与规划核实完成", "房屋测绘成果经审核", "土地出让价款已缴清"],
        faq: &[("开发商办了首次登记，业主什么时候能办证？", "首次登记完成后，购房人可办理转移登记，领取不动产权证书。")],
        materials: &[req("不动产登记申请书"), LICENSE, req("建设工程竣工验收备案证明").gov().by("工程建设项目审批系统共享"), req("房屋测绘报告").agency()],
        ..BASE
    },
    DemoItem {
        basic_code: "070800200100", name: "国有建设用地使用权及房屋所有权转移登记（二手房买卖）", item_type: Confirmation, department: "bdcdj", levels: B,
        legal_basis: BDC_BASIS,
        conditions: "已取得不动产权证书的房屋因买卖转移所有权，买卖双方共同申请，已缴纳相关税费。",
        steps: BDC_ONE_DAY, statutory_days: 30, promised_days: 1, case_kind: Promise,
        fee: BDC_FEE, fee_basis: BDC_FEE_BASIS, result_name: "不动产权证书", delivery: WME, visits: 0, online_depth: Full,
        keywords: &["过户", "二手房过户", "买房过户", "房产证过户", "bdc"],
        review_points: &["房屋无查封、异议登记", "存在抵押的按“带押过户”办理", "税费信息与税务部门共享一致"],
        faq: &[("二手房过户当天能拿证吗？", "材料齐全、税费已缴的，承诺 1 个工作日内办结，可选择邮寄或电子证照。"), ("水电气过户怎么办？", "申请时勾选联动过户，信息推送至供电、供排水等企业同步办理。")],
        materials: &[
            req("不动产登记申请书"),
            req("买卖双方居民身份证").by("居民身份证电子证照"),
            req("不动产权证书").gov().by("不动产权证书电子证照"),
            req("存量房买卖合同"),
            req("完税凭证").gov().by("税务信息共享"),
            opt("婚姻状况证明").by("婚姻登记信息共享").promise(),
        ],
        ..BASE
    },
    DemoItem {
        basic_code: "070800200200", name: "不动产转移登记（继承、受遗赠）", item_type: Confirmation, department: "bdcdj", levels: B,
        legal_basis: BDC_BASIS,
        conditions: "不动产权利人死亡，继承人或受遗赠人依法取得不动产权利。",
        steps: &[s("受理", "不动产综合受理窗口", 1), s("继承查验", "登记审核岗", 2), s("登簿", "登簿岗", 1), s("缮证发证", "出件窗口", 1)],
        statutory_days: 30, promised_days: 5, case_kind: Promise, special_procedures: &[Publicity],
        fee: BDC_FEE, fee_basis: BDC_FEE_BASIS, result_name: "不动产权证书", delivery: WME, visits: 1, online_depth: Apply,
        keywords: &["继承房产", "父母房子过户", "遗产过户", "房子继承"],
        review_points: &["全部法定继承人到场或已放弃继承", "继承人与被继承人亲属关系证明充分", "有遗嘱的核验遗嘱"],
        faq: &[("继承房产一定要公证吗？", "不一定，全部继承人到场查验并签署材料的，可直接申请继承登记。")],
        materials: &[
            req("不动产登记申请书"),
            req("不动产权证书").gov().by("不动产权证书电子证照"),
            req("被继承人死亡证明").other().by("卫健死亡信息共享"),
            req("全部继承人身份证明").by("居民身份证电子证照"),
            req("亲属关系证明").promise(),
            opt("遗嘱或放弃继承声明"),
        ],
        ..BASE
    },
    DemoItem {
        basic_code: "070800300100", name: "不动产变更登记", item_type: Confirmation, department: "bdcdj", levels: B,
        legal_basis: BDC_BASIS,
        conditions: "权利人姓名或名称、身份证明号码、不动产坐落、面积、用途等发生变化，权利主体未改变。",
        steps: BDC_ONE_DAY, statutory_days: 30, promised_days: 1, case_kind: Promise,
        fee: Some("不动产登记费每件 80 元（住宅）或 550 元（非住宅）；仅变更权利人姓名、名称、身份证明号码的只收取证书工本费"), fee_basis: BDC_FEE_BASIS,
        result_name: "不动产权证书", delivery: WME, visits: 0, online_depth: Full,
        keywords: &["房产证改名", "地址变更", "门牌号变了"],
        review_points: &["变更事项有合法证明", "权利主体未发生变化"],
        faq: &[("门牌号重新编排了要办变更吗？", "可以凭地名管理部门的证明申请变更登记。")],
        materials: &[req("不动产登记申请书"), ID_CARD, req("不动产权证书").gov().by("不动产权证书电子证照"), req("变更事项证明材料").note("如地名证明、身份证号码变更证明")],
        ..BASE
    },
    DemoItem {
        basic_code: "070800400100", name: "不动产抵押权首次登记", item_type: Confirmation, department: "bdcdj", levels: B,
        legal_basis: BDC_BASIS,
        conditions: "以不动产设定抵押，抵押人与抵押权人签订抵押合同后共同申请。",
        steps: BDC_ONE_DAY, statutory_days: 30, promised_days: 1, case_kind: Promise,
        fee: Some("住宅类每件 80 元，非住宅类每件 550 元；小微企业（含个体工商户）申请抵押登记的免收"), fee_basis: BDC_FEE_BASIS,
        result_name: "不动产登记证明（抵押权）", delivery: WME, visits: 0, online_depth: Full,
        keywords: &["房子抵押", "抵押贷款登记", "按揭登记", "银行抵押"],
        review_points: &["抵押物不存在查封", "主债权数额、债务履行期限与抵押合同一致"],
        faq: &[("可以在银行直接办抵押登记吗？", "可以，本旗已在合作银行设立不动产抵押登记便民服务点，抵押登记线上办理。")],
        materials: &[req("不动产登记申请书"), req("抵押合同及主债权合同"), req("不动产权证书").gov().by("不动产权证书电子证照"), req("抵押人、抵押权人身份证明").by("电子营业执照")],
        ..BASE
    },
    DemoItem {
        basic_code: "070800400200", name: "不动产抵押权注销登记", item_type: Confirmation, department: "bdcdj", levels: B,
        legal_basis: BDC_BASIS,
        conditions: "主债权消灭、抵押权已实现或抵押权人放弃抵押权。",
        steps: BDC_ONE_DAY, statutory_days: 30, promised_days: 1, case_kind: Promise,
        fee_basis: "依据发改价格规〔2016〕2559号，注销登记不收费", result_name: "抵押权注销登记结果", delivery: WE, visits: 0, online_depth: Full,
        keywords: &["解押", "房贷还清", "注销抵押", "还完贷款"],
        review_points: &["抵押权人同意注销或债权消灭证明充分", "抵押权人为金融机构的可在线申请，无需抵押人到场"],
        faq: &[("房贷还清后要自己去办解押吗？", "银行可在线直接申请注销抵押登记，无需本人到场。")],
        materials: &[req("不动产登记申请书"), req("抵押权消灭证明").other().note("银行出具的结清证明或注销同意书"), req("不动产登记证明（抵押权）").gov().by("不动产登记信息共享")],
        ..BASE
    },
    DemoItem {
        basic_code: "070800500100", name: "预购商品房预告登记", item_type: Confirmation, department: "bdcdj", levels: B,
        legal_basis: "《中华人民共和国民法典》第二百二十一条；《不动产登记暂行条例实施细则》",
        conditions: "预购商品房已网签备案，当事人约定办理预告登记。",
        steps: BDC_ONE_DAY, statutory_days: 30, promised_days: 1, case_kind: Promise,
        fee: BDC_FEE, fee_basis: BDC_FEE_BASIS, result_name: "不动产登记证明（预告登记）", delivery: WE, visits: 0, online_depth: Full,
        keywords: &["期房预告登记", "买期房", "预告登记"],
        review_points: &["商品房买卖合同已网签备案", "预售许可有效"],
        faq: &[("预告登记有什么用？", "未经预告登记权利人同意，开发商处分该房屋的不发生物权效力。")],
        materials: &[req("不动产登记申请书"), req("已备案的商品房预售合同").gov().by("网签备案信息共享"), ID_CARD],
        ..BASE
    },
    DemoItem {
        basic_code: "070800600100", name: "不动产更正登记", item_type: Confirmation, department: "bdcdj", levels: B,
        legal_basis: "《中华人民共和国民法典》第二百二十条；《不动产登记暂行条例实施细则》",
        conditions: "权利人、利害关系人认为不动产登记簿记载的事项有错误。",
        steps: &[s("受理", "不动产综合受理窗口", 1), s("核查", "登记审核岗", 2), s("登簿", "登簿岗", 1), s("缮证发证", "出件窗口", 1)],
        statutory_days: 30, promised_days: 5, case_kind: Promise,
        fee_basis: FREE, result_name: "更正后的不动产权证书", delivery: WME, visits: 0, online_depth: Full,
        keywords: &["房产证写错了", "更正登记", "面积错误"],
        review_points: &["登记错误的证明材料充分", "权利人书面同意更正"],
        faq: &[("登记机构的错误更正收费吗？", "因登记机构错误导致的更正登记不收费。")],
        materials: &[req("不动产登记申请书"), ID_CARD, req("不动产权证书").gov().by("不动产权证书电子证照"), req("证实登记确有错误的材料")],
        ..BASE
    },
    DemoItem {
        basic_code: "070800700100", name: "不动产注销登记", item_type: Confirmation, department: "bdcdj", levels: B,
        legal_basis: BDC_BASIS,
        conditions: "不动产灭失、权利人放弃不动产权利或不动产被依法没收、征收。",
        steps: BDC_ONE_DAY, statutory_days: 30, promised_days: 1, case_kind: Promise,
        fee_basis: "依据发改价格规〔2016〕2559号，注销登记不收费", result_name: "不动产注销登记结果", delivery: WE, visits: 0, online_depth: Full,
        keywords: &["房屋拆除注销", "注销房产证"],
        review_points: &["灭失、征收等注销原因证明充分", "存在抵押、查封的不予注销"],
        faq: &[("房子拆了要去注销吗？", "应当申请注销登记，征收的可由征收部门嘱托办理。")],
        materials: &[req("不动产登记申请书"), ID_CARD, req("不动产权证书").gov().by("不动产权证书电子证照"), req("不动产灭失或征收证明").gov()],
        ..BASE
    },
    DemoItem {
        basic_code: "070800800100", name: "不动产权证书补发、换发", item_type: Confirmation, department: "bdcdj", levels: B,
        legal_basis: "《不动产登记暂行条例实施细则》第二十二条",
        conditions: "不动产权证书遗失、灭失或破损、污损。遗失补发的须在门户网站刊发遗失声明满 15 个工作日。",
        steps: &[s("受理", "不动产综合受理窗口", 1), s("审核", "登记审核岗", 1), s("缮证发证", "出件窗口", 1)],
        statutory_days: 30, promised_days: 3, case_kind: Promise, special_procedures: &[Publicity],
        fee: Some("证书工本费每本 10 元"), fee_basis: BDC_FEE_BASIS, result_name: "不动产权证书（补发）", delivery: WME, visits: 0, online_depth: Full,
        keywords: &["房产证丢了", "补房产证", "房本丢了", "bdc"],
        review_points: &["遗失声明刊发满 15 个工作日", "换发的收回原证书"],
        faq: &[("房产证丢了还要登报吗？", "不用登报，由登记中心在门户网站免费刊发遗失声明。")],
        materials: &[req("不动产登记申请书"), ID_CARD, opt("破损、污损的原证书").note("换发时交回")],
        ..BASE
    },
    DemoItem {
        basic_code: "110800900100", name: "不动产登记资料查询", item_type: PublicService, department: "bdcdj", levels: BT,
        legal_basis: "《不动产登记暂行条例》第二十七条；《不动产登记资料查询暂行办法》",
        conditions: "权利人、利害关系人依法查询、复制不动产登记资料。",
        steps: ON_THE_SPOT, statutory_days: 0, promised_days: 0, case_kind: Instant,
        fee_basis: FREE, result_name: "不动产登记信息查询结果证明", delivery: WE, visits: 0, online_depth: Full,
        keywords: &["查房产", "查名下房子", "房产查询", "无房证明", "bdccx"],
        review_points: &["查询人为权利人或有法定依据的利害关系人", "查询结果仅限查询目的使用"],
        faq: &[("开无房证明在哪里办？", "可在蒙速办或大厅自助终端自助查询，打印带验证码的查询结果。")],
        materials: &[ID_CARD, req("不动产登记资料查询申请书"), AGENT],
        ..BASE
    },
    DemoItem {
        basic_code: "070801000100", name: "宅基地使用权及房屋所有权首次登记", item_type: Confirmation, department: "bdcdj", levels: BT,
        legal_basis: "《中华人民共和国土地管理法》第六十二条；《不动产登记暂行条例》；《不动产登记暂行条例实施细则》",
        conditions: "依法取得宅基地使用权并已建成房屋的农村村民，申请宅基地使用权及房屋所有权首次登记。",
        steps: &[s("受理", "不动产综合受理窗口", 1), s("权籍调查审核", "登记审核岗", 5), s("登簿", "登簿岗", 2), s("缮证发证", "出件窗口", 2)],
        statutory_days: 30, promised_days: 10, case_kind: Promise, special_procedures: &[SiteSurvey, Publicity],
        fee: Some("宅基地使用权及房屋所有权登记只收取证书工本费每本 10 元"), fee_basis: BDC_FEE_BASIS,
        result_name: "不动产权证书", delivery: WME, visits: 0, online_depth: Full,
        keywords: &["农村房产证", "宅基地确权", "农村房子办证"],
        review_points: &["宅基地批准文件与实际用地一致", "一户一宅", "公告期满无异议"],
        faq: &[("农村的房子可以办证吗？", "依法审批的宅基地上建成的房屋可以办理，先进行权籍调查。")],
        materials: &[req("不动产登记申请书"), ID_CARD, HUKOU, req("宅基地批准文件").gov(), req("权籍调查成果").agency()],
        ..BASE
    },
    // ── 住房和城乡建设局 (zjj) ────────────────────────────────────────────────────────────
    DemoItem {
        basic_code: "010900100100", name: "建筑工程施工许可证核发", item_type: Permit, department: "zjj", levels: B,
        legal_basis: "《中华人民共和国建筑法》第七条、第八条；《建筑工程施工许可管理办法》",
        conditions: "已办理用地批准手续，取得建设工程规划许可证，施工场地已基本具备施工条件，已确定施工企业，有满足施工需要的资金安排和施工图纸。",
        steps: flow!("建筑市场管理股"; 0, 1, 0, 1), statutory_days: 7, promised_days: 2, case_kind: Promise,
        fee_basis: FREE, result_name: "建筑工程施工许可证", delivery: WME, visits: 0, online_depth: Full,
        keywords: &["施工许可证", "开工证", "开工手续", "sgxk"],
        review_points: &["工程规划许可与施工图审查合格信息共享核验", "施工、监理合同已备案", "工程款支付担保落实"],
        faq: &[("多大的工程需要施工许可证？", "工程投资额在 30 万元以下或建筑面积在 300 平方米以下的建筑工程可以不申请。")],
        materials: &[req("建筑工程施工许可证申请表"), LICENSE, req("建设工程规划许可证").gov().by("工程建设项目审批系统共享"), req("施工合同及监理合同"), req("建设资金落实承诺书").promise()],
        ..BASE
    },
    DemoItem {
        basic_code: "120900200100", name: "房屋建筑和市政基础设施工程竣工验收备案", item_type: Filing, department: "zjj", levels: B,
        legal_basis: "《建设工程质量管理条例》第四十九条；《房屋建筑和市政基础设施工程竣工验收备案管理办法》",
        conditions: "工程竣工验收合格之日起 15 日内，建设单位报送竣工验收备案。",
        steps: ON_THE_SPOT, statutory_days: 5, promised_days: 0, case_kind: Instant,
        fee_basis: FREE, result_name: "工程竣工验收备案表", delivery: WE, visits: 0, online_depth: Full,
        keywords: &["竣工备案", "竣工验收", "工程验收备案", "jgys"],
        review_points: &["规划、消防、人防等专项验收已完成或联合验收合格", "工程质量监督报告已出具"],
        faq: &[("可以联合验收吗？", "可以，通过工程建设项目审批管理系统申请联合验收，一次验收、统一出具意见。")],
        materials: &[req("竣工验收备案表").n(2, 0), req("工程竣工验收报告"), req("施工单位工程质量保修书"), opt("住宅质量保证书和使用说明书").note("商品住宅提供")],
        ..BASE
    },
    DemoItem {
        basic_code: "010900300100", name: "商品房预售许可", item_type: Permit, department: "zjj", levels: B,
        legal_basis: "《中华人民共和国城市房地产管理法》第四十五条；《城市商品房预售管理办法》",
        conditions: "已交付全部土地使用权出让金并取得土地使用权证书，持有建设工程规划许可证和施工许可证，投入开发建设的资金达到工程建设总投资的百分之二十五以上，并已确定施工进度和竣工交付日期。",
        steps: &[s("受理", "综合受理窗口", 1), s("审查与现场查勘", "房地产市场管理股", 2), s("决定", "首席代表", 1), s("送达", "出件窗口", 1)],
        statutory_days: 10, promised_days: 5, case_kind: Promise, special_procedures: &[SiteSurvey],
        fee_basis: FREE, result_name: "商品房预售许可证", delivery: WME, visits: 0, online_depth: Full,
        keywords: &["预售证", "卖期房", "预售许可证", "ysz"],
        review_points: &["工程形象进度达到预售条件", "预售资金监管账户已开设", "预售方案与规划一致"],
        faq: &[("购房人怎么查楼盘有没有预售证？", "可在住建局网站或大厅信息公开屏查询。")],
        materials: &[req("商品房预售许可申请表"), LICENSE, req("土地使用权证书及规划、施工许可证").gov().by("不动产权证书电子证照"), req("商品房预售方案"), req("预售资金监管协议")],
        ..BASE
    },
    DemoItem {
        basic_code: "120900400100", name: "商品房买卖合同网签备案", item_type: Filing, department: "zjj", levels: B,
        legal_basis: "《中华人民共和国城市房地产管理法》第四十五条；《城市商品房预售管理办法》第十条",
        conditions: "商品房买卖双方已签订买卖合同，出卖人持有有效预售许可证或现售备案。",
        steps: ON_THE_SPOT, statutory_days: 0, promised_days: 0, case_kind: Instant,
        fee_basis: FREE, result_name: "商品房买卖合同备案信息", delivery: WE, visits: 0, online_depth: Full,
        keywords: &["网签", "合同备案", "买新房备案", "wq"],
        review_points: &["房源在预售许可范围内且未被限制", "买受人身份信息核验一致"],
        faq: &[("网签后还要去住建局吗？", "不用，开发企业在线网签即自动备案。")],
        materials: &[req("商品房买卖合同"), ID_CARD.note("买受人身份证"), LICENSE.note("开发企业营业执照")],
        ..BASE
    },
    DemoItem {
        basic_code: "010900500100", name: "燃气经营许可证核发", item_type: Permit, department: "zjj", levels: B,
        legal_basis: "《城镇燃气管理条例》第十五条；《燃气经营许可管理办法》",
        conditions: "符合燃气发展规划，有符合国家标准的燃气气源和燃气设施，有固定的经营场所、完善的安全管理制度和健全的经营方案，主要负责人、安全生产管理人员及运行维护和抢修人员经考核合格。",
        steps: &[s("受理", "综合受理窗口", 1), s("材料审查", "城建公用股", 3), s("现场核查", "城建公用股", 3), s("决定", "首席代表", 2), s("制证送达", "出件窗口", 1)],
        statutory_days: 20, promised_days: 10, case_kind: Promise, special_procedures: &[SiteSurvey, ExpertReview],
        fee_basis: FREE, result_name: "燃气经营许可证", delivery: WME, visits: 0, online_depth: Full,
        keywords: &["燃气许可", "液化气站", "加气站", "rqjy"],
        review_points: &["气源合同和设施竣工验收合格", "人员经专业培训考核合格", "应急抢修能力满足要求"],
        faq: &[("瓶装液化气供应站要办吗？", "要，瓶装燃气经营也须取得燃气经营许可证。")],
        materials: &[req("燃气经营许可申请书"), LICENSE, req("气源供应合同"), req("燃气设施竣工验收合格证明").agency(), req("人员专业培训考核合格证明").gov()],
        ..BASE
    },
    DemoItem {
        basic_code: "010900600100", name: "城镇污水排入排水管网许可", item_type: Permit, department: "zjj", levels: B,
        legal_basis: "《城镇排水与污水处理条例》第二十一条；《城镇污水排入排水管网许可管理办法》",
        conditions: "从事工业、建筑、餐饮、医疗等活动的企业事业单位、个体工商户向城镇排水设施排放污水，排放的污水符合纳管标准。",
        steps: &[s("受理", "综合受理窗口", 1), s("审查与现场核查", "城建公用股", 2), s("决定", "首席代表", 1), s("制证送达", "出件窗口", 1)],
        statutory_days: 20, promised_days: 5, case_kind: Promise, special_procedures: &[SiteSurvey, Testing],
        fee_basis: FREE, result_name: "城镇污水排入排水管网许可证", delivery: WME, visits: 0, online_depth: Full,
        keywords: &["排水许可证", "排污进管网", "餐饮排水", "psxk"],
        review_points: &["排水口设置、预处理设施符合要求", "水质检测报告达到纳管标准"],
        faq: &[("小饭馆要办排水许可吗？", "向城镇排水设施排放污水的餐饮单位应当办理，可适用告知承诺。")],
        materials: &[req("排水许可申请表"), LICENSE, req("排水户内部排水管网、专用检测井、排放口位置图"), req("排水水质检测报告").agency().rq().promise()],
        ..BASE
    },
    DemoItem {
        basic_code: "010900700100", name: "特殊建设工程消防设计审查", item_type: Permit, department: "zjj", levels: B,
        legal_basis: "《中华人民共和国消防法》第十一条；《建设工程消防设计审查验收管理暂行规定》",
        conditions: "属于特殊建设工程范围，设计单位具备相应资质，消防设计文件符合国家工程建设消防技术标准。",
        steps: flow!("消防审验股"; 1, 3, 1, 0), statutory_days: 15, promised_days: 5, case_kind: Promise, special_procedures: &[ExpertReview],
        fee_basis: FREE, result_name: "特殊建设工程消防设计审查意见书", delivery: WME, visits: 0, online_depth: Full,
        keywords: &["消防设计审查", "消防审图", "xfsj"],
        review_points: &["消防设计文件符合技术标准", "采用新技术、新材料的经专家评审"],
        faq: &[("哪些工程要做消防设计审查？", "人员密集场所、高层建筑等特殊建设工程，其他工程实行备案抽查。")],
        materials: &[req("特殊建设工程消防设计审查申请表"), LICENSE, req("消防设计文件").agency()],
        ..BASE
    },
    DemoItem {
        basic_code: "010900700200", name: "特殊建设工程消防验收", item_type: Permit, department: "zjj", levels: B,
        legal_basis: "《中华人民共和国消防法》第十三条；《建设工程消防设计审查验收管理暂行规定》",
        conditions: "特殊建设工程竣工，建设单位已组织消防查验合格。",
        steps: &[s("受理", "综合受理窗口", 1), s("现场评定", "消防审验股", 2), s("决定", "首席代表", 1), s("送达", "出件窗口", 1)],
        statutory_days: 15, promised_days: 5, case_kind: Promise, special_procedures: &[Testing],
        fee_basis: FREE, result_name: "特殊建设工程消防验收意见书", delivery: WME, visits: 0, online_depth: Full,
        keywords: &["消防验收", "xfys"],
        review_points: &["现场评定消防设施功能测试合格", "与审查合格的消防设计文件一致"],
        faq: &[("消防验收不合格还能使用吗？", "不能，未经消防验收或验收不合格的禁止投入使用。")],
        materials: &[req("特殊建设工程消防验收申请表"), req("工程竣工验收报告"), req("消防设施检测报告").agency().rq()],
        ..BASE
    },
    DemoItem {
        basic_code: "120900700300", name: "其他建设工程消防验收备案", item_type: Filing, department: "zjj", levels: B,
        legal_basis: "《中华人民共和国消防法》第十三条；《建设工程消防设计审查验收管理暂行规定》",
        conditions: "特殊建设工程以外的其他建设工程竣工验收合格后备案。",
        steps: ON_THE_SPOT, statutory_days: 5, promised_days: 0, case_kind: Instant,
        fee_basis: FREE, result_name: "消防验收备案凭证", delivery: WE, visits: 0, online_depth: Full,
        keywords: &["消防备案", "消防竣工备案"],
        review_points: &["备案材料齐全的当场备案", "按比例随机抽取检查"],
        faq: &[("备案后会被抽查吗？", "会，按规定比例随机抽取检查，不合格的责令停止使用并整改。")],
        materials: &[req("消防验收备案表"), req("工程竣工验收报告"), req("消防设施检测报告").agency().rq()],
        ..BASE
    },
    DemoItem {
        basic_code: "010900800100", name: "防空地下室易地建设审批", item_type: Permit, department: "zjj", levels: B,
        legal_basis: "《中华人民共和国人民防空法》第二十二条",
        conditions: "城市新建民用建筑按规定应修建防空地下室，因地质、地形等原因不宜修建的。",
        steps: flow!("人防工程管理办公室"; 1, 5, 3, 1), statutory_days: 20, promised_days: 10, case_kind: Promise, special_procedures: &[SiteSurvey],
        fee: Some("按自治区规定的防空地下室易地建设费标准收取"), fee_basis: "《中华人民共和国人民防空法》第二十二条；自治区防空地下室易地建设费收费规定",
        result_name: "防空地下室易地建设审批意见", delivery: W, visits: 2, online_depth: Offline,
        keywords: &["人防", "人防异地建设", "人防费", "rf"],
        review_points: &["确属不宜修建的情形", "易地建设费计算面积准确"],
        faq: &[("为什么要到人防办现场办理？", "人防工程建设资料涉及国家秘密，按保密规定在人防工程管理办公室涉密场所受理和审批。")],
        materials: &[req("防空地下室易地建设申请表").paper(), LICENSE, req("建设工程规划许可证").gov(), req("地质勘查报告或不宜修建的说明").paper().agency()],
        stationed: false,
        negative_reason: Some(("state_secret", "人民防空工程建设资料涉及国家秘密，须在人防工程管理办公室涉密场所受理和审批")),
        ..BASE
    },
    // ── 交通运输局 (jtysj) ────────────────────────────────────────────────────────────────
    DemoItem {
        basic_code: "011000100100", name: "道路货物运输经营许可", item_type: Permit, department: "jtysj", levels: B,
        legal_basis: "《中华人民共和国道路运输条例》第二十一条、第二十四条",
        conditions: "有与其经营业务相适应并经检测合格的车辆，有符合规定条件的驾驶人员，有健全的安全生产管理制度。使用总质量 4500 千克及以下普通货运车辆的无需办理。",
        steps: flow!("运输管理股"; 1, 2, 1, 1), statutory_days: 20, promised_days: 5, case_kind: Promise,
        fee_basis: FREE, result_name: "道路运输经营许可证", delivery: WME, visits: 0, online_depth: Full,
        keywords: &["货运许可证", "跑运输", "开物流公司", "开运输公司", "dlys"],
        review_points: &["车辆技术等级评定合格", "驾驶员持有相应从业资格证", "安全生产管理制度健全"],
        faq: &[("小货车拉货要办道路运输证吗？", "总质量 4.5 吨及以下的普通货运车辆不需要办理。")],
        materials: &[req("道路货物运输经营申请表"), LICENSE, req("车辆行驶证及技术等级评定").gov().by("行驶证电子证照"), req("驾驶人员从业资格证").gov().by("从业资格电子证照"), req("安全生产管理制度文本").promise()],
        ..BASE
    },
    DemoItem {
        basic_code: "011000200100", name: "道路旅客运输经营许可（县内班车、包车）", item_type: Permit, department: "jtysj", levels: B,
        legal_basis: "《中华人民共和国道路运输条例》第八条、第十条",
        conditions: "有与其经营业务相适应并经检测合格的车辆，有符合规定条件的驾驶人员，有健全的安全生产管理制度；申请班线经营的还应有明确的线路和站点方案。",
        steps: &[s("受理", "综合受理窗口", 1), s("审查", "运输管理股", 5), s("征求意见", "运输管理股", 2), s("决定", "首席代表", 1), s("制证送达", "出件窗口", 1)],
        statutory_days: 20, promised_days: 10, case_kind: Promise,
        fee_basis: FREE, result_name: "道路运输经营许可证、道路客运班线经营许可证明", delivery: WME, visits: 0, online_depth: Full,
        keywords: &["客运许可", "开班车", "包车客运", "kyxk"],
        review_points: &["车辆类型等级符合线路要求", "驾驶员三年内无重大以上交通责任事故", "站点方案经客运站同意"],
        faq: &[("跨旗区的班线在这里办吗？", "县内班线由旗交通运输局许可，跨旗区班线由市交通运输局许可。")],
        materials: &[req("道路旅客运输经营申请表"), LICENSE, req("拟投入车辆承诺书").promise(), req("驾驶人员从业资格证及安全驾驶记录").gov(), opt("客运站点方案和进站协议")],
        ..BASE
    },
    DemoItem {
        basic_code: "011000300100", name: "道路运输从业人员从业资格证核发（经营性道路货物运输驾驶员）", item_type: Permit, department: "jtysj", levels: B,
        legal_basis: "《中华人民共和国道路运输条例》第二十二条；《道路运输从业人员管理规定》",
        conditions: "取得相应的机动车驾驶证，年龄不超过 60 周岁，三年内无重大以上交通责任事故，经考试合格。",
        steps: flow!("运输管理股"; 0, 1, 1, 1), statutory_days: 10, promised_days: 3, case_kind: Promise,
        fee_basis: FREE, result_name: "道路运输从业人员从业资格证", delivery: WME, visits: 0, online_depth: Full,
        keywords: &["货运资格证", "从业资格证", "开大车资格证", "cyzg"],
        review_points: &["考试成绩合格", "驾驶证准驾车型符合要求"],
        faq: &[("从业资格证有电子版吗？", "有，核发后同步生成电子证照，可在手机上亮证。")],
        materials: &[ID_CARD, req("机动车驾驶证").gov().by("驾驶证电子证照"), req("从业资格考试合格证明").gov()],
        ..BASE
    },
    DemoItem {
        basic_code: "011000400100", name: "网络预约出租汽车驾驶员证核发", item_type: Permit, department: "jtysj", levels: B,
        legal_basis: "《网络预约出租汽车经营服务管理暂行办法》；《出租汽车驾驶员从业资格管理规定》",
        conditions: "取得相应准驾车型机动车驾驶证并具有 3 年以上驾驶经历，无交通肇事犯罪、危险驾驶犯罪记录，无吸毒、暴力犯罪记录，经考试合格。",
        steps: flow!("运输管理股"; 0, 3, 1, 1), statutory_days: 20, promised_days: 5, case_kind: Promise,
        fee_basis: FREE, result_name: "网络预约出租汽车驾驶员证", delivery: WME, visits: 0, online_depth: Full,
        keywords: &["网约车驾驶证", "跑滴滴", "网约车证", "开网约车", "wyc"],
        review_points: &["公安机关背景核查无不良记录", "最近连续 3 个记分周期内没有记满 12 分"],
        faq: &[("跑网约车需要办哪些证？", "驾驶员须取得网约车驾驶员证，车辆须取得网约车运输证。")],
        materials: &[ID_CARD, req("机动车驾驶证").gov().by("驾驶证电子证照"), req("网约车驾驶员考试合格证明").gov(), req("无犯罪记录证明").gov().by("公安背景核查信息共享")],
        ..BASE
    },
    DemoItem {
        basic_code: "011000400200", name: "网络预约出租汽车运输证核发", item_type: Permit, department: "jtysj", levels: B,
        legal_basis: "《网络预约出租汽车经营服务管理暂行办法》",
        conditions: "7 座及以下乘用车，安装具有行驶记录功能的车辆卫星定位装置和应急报警装置，车辆技术性能符合安全运营要求。",
        steps: flow!("运输管理股"; 0, 3, 1, 1), statutory_days: 20, promised_days: 5, case_kind: Promise, special_procedures: &[Inspection],
        fee_basis: FREE, result_name: "网络预约出租汽车运输证", delivery: WME, visits: 0, online_depth: Full,
        keywords: &["网约车运输证", "车辆办网约车", "营运证", "wyc"],
        review_points: &["车辆使用性质登记为预约出租客运", "车辆使用年限符合规定", "卫星定位装置已接入监管平台"],
        faq: &[("私家车可以直接跑网约车吗？", "须将使用性质变更为预约出租客运并取得运输证后才能从事网约车经营。")],
        materials: &[req("网约车运输证申请表"), req("机动车行驶证").gov(), req("网约车平台公司接入承诺").promise()],
        ..BASE
    },
    DemoItem {
        basic_code: "011000500100", name: "公路涉路施工许可", item_type: Permit, department: "jtysj", levels: B,
        legal_basis: "《中华人民共和国公路法》第四十四条、第四十五条；《公路安全保护条例》第二十七条",
        conditions: "因建设需要占用、挖掘公路或跨越、穿越公路修建桥梁、渡槽、架设、埋设管线等设施，施工方案符合安全要求。",
        steps: &[s("受理", "综合受理窗口", 1), s("审查与现场勘验", "公路养护中心", 5), s("决定", "首席代表", 3), s("送达", "出件窗口", 1)],
        statutory_days: 20, promised_days: 10, case_kind: Promise, special_procedures: &[SiteSurvey, ExpertReview],
        fee: Some("造成公路损坏的，按照公路赔（补）偿标准缴纳赔（补）偿费"), fee_basis: "《中华人民共和国公路法》第四十四条、第四十五条",
        result_name: "涉路施工许可决定书", delivery: WME, visits: 0, online_depth: Full,
        keywords: &["挖公路", "占道施工", "穿越公路", "管线过路"],
        review_points: &["施工方案和交通安全保障措施可行", "跨越、穿越公路的经安全技术评价"],
        faq: &[("铺设管道要横穿公路怎么办？", "须申请涉路施工许可，提交设计和施工方案、安全评价报告。")],
        materials: &[req("涉路施工许可申请书"), LICENSE, req("设计和施工方案").agency(), req("保障公路、公路附属设施质量和安全的技术评价报告").agency().rq()],
        ..BASE
    },
    DemoItem {
        basic_code: "011000600100", name: "超限运输车辆行驶公路许可", item_type: Permit, department: "jtysj", levels: B,
        legal_basis: "《中华人民共和国公路法》第五十条；《公路安全保护条例》第三十五条；《超限运输车辆行驶公路管理规定》",
        conditions: "运输不可解体物品，车货总体外廓尺寸、总质量超过限定标准，需在公路上行驶。",
        steps: flow!("公路养护中心"; 0, 1, 1, 0), statutory_days: 15, promised_days: 2, case_kind: Promise, special_procedures: &[SiteSurvey],
        fee_basis: FREE, result_name: "超限运输车辆通行证", delivery: WE, visits: 0, online_depth: Full,
        keywords: &["大件运输", "超限许可", "超限证", "拉设备"],
        review_points: &["货物确属不可解体", "行驶路线桥梁承载能力满足要求"],
        faq: &[("跨省大件运输在哪里申请？", "通过全国互联网道路运输便民政务服务系统申请，起运地受理、沿线协同审批。")],
        materials: &[req("超限运输车辆通行申请表"), req("车辆行驶证").gov(), req("货物说明及车货总体外廓尺寸图"), opt("护送方案")],
        ..BASE
    },
    // ── 卫生健康委员会 (wjw) ──────────────────────────────────────────────────────────────
    DemoItem {
        basic_code: "011100100100", name: "医疗机构执业登记", item_type: Permit, department: "wjw", levels: B,
        legal_basis: "《医疗机构管理条例》第十五条、第十六条；《医疗机构管理条例实施细则》",
        conditions: "有符合规定的名称、组织机构和场所，有与开展业务相适应的经费、设施、设备和专业卫生技术人员，有相应的规章制度，能够独立承担民事责任。",
        steps: &[s("受理", "综合受理窗口", 1), s("材料审查", "医政医管股", 4), s("现场审核", "医政医管股", 6), s("决定", "首席代表", 2), s("制证送达", "出件窗口", 2)],
        statutory_days: 45, promised_days: 15, case_kind: Promise, special_procedures: &[SiteSurvey, ExpertReview],
        fee_basis: FREE, result_name: "医疗机构执业许可证", delivery: WME, visits: 0, online_depth: Full,
        keywords: &["开医院", "开门诊部", "医疗机构许可证", "ylxk"],
        review_points: &["房屋布局、消毒隔离和医疗废物处置符合基本标准", "卫生技术人员资质与诊疗科目相符", "诊疗科目不超出设置批准范围"],
        faq: &[("开诊所也要办执业许可证吗？", "诊所实行备案管理，不需要办理执业许可证，办理诊所备案即可。")],
        materials: &[req("医疗机构执业登记申请书"), req("医疗机构用房产权证明或使用证明").by("不动产权证书电子证照"), req("医疗机构建筑设计平面图"), req("卫生技术人员名录及资格证书").gov().by("医师、护士电子证照"), req("规章制度文本").promise()],
        ..BASE
    },
    DemoItem {
        basic_code: "121100200100", name: "诊所备案", item_type: Filing, department: "wjw", levels: B,
        legal_basis: "《医疗机构管理条例》；《诊所备案管理暂行办法》",
        conditions: "举办诊所的单位或个人，诊所符合诊所基本标准，主要负责人具有相应执业资格并执业满规定年限。",
        steps: ON_THE_SPOT, statutory_days: 0, promised_days: 0, case_kind: Instant,
        fee_basis: FREE, result_name: "诊所备案凭证", delivery: WE, visits: 0, online_depth: Full,
        keywords: &["开诊所", "个体诊所", "中医诊所", "zs"],
        review_points: &["备案材料齐全的当场发放备案凭证", "备案后 30 日内进行现场核查"],
        faq: &[("备案完就能营业吗？", "可以，取得备案凭证后即可执业，卫健委在 30 日内进行现场核查。")],
        materials: &[req("诊所备案信息表"), ID_CARD, req("诊所房屋平面布局图"), req("医师执业证书").gov().by("医师电子证照"), req("诊所规章制度").promise()],
        ..BASE
    },
    DemoItem {
        basic_code: "011100300100", name: "医师执业注册", item_type: Permit, department: "wjw", levels: B,
        legal_basis: "《中华人民共和国医师法》第十三条、第十四条",
        conditions: "取得医师资格，拟在本旗医疗卫生机构执业，无不予注册的法定情形。",
        steps: flow!("医政医管股"; 0, 3, 1, 1), statutory_days: 20, promised_days: 5, case_kind: Promise,
        fee_basis: FREE, result_name: "医师执业证书（电子证照）", delivery: WE, visits: 0, online_depth: Full,
        keywords: &["医师注册", "医生执业证", "多机构执业", "变更执业地点", "yszc"],
        review_points: &["医师资格证书信息联网核验", "拟执业机构的诊疗科目包含申请的执业范围", "身体健康状况符合要求"],
        faq: &[("医生去别的医院多点执业要重新注册吗？", "不用重新注册，在主执业机构注册后，到其他机构执业的备案即可。")],
        materials: &[req("医师执业注册申请审核表"), ID_CARD, req("医师资格证书").gov().by("医师资格电子证书"), req("拟执业机构聘用证明").other(), req("健康体检证明").other()],
        ..BASE
    },
    DemoItem {
        basic_code: "011100400100", name: "护士执业注册", item_type: Permit, department: "wjw", levels: B,
        legal_basis: "《护士条例》第七条、第八条；《护士执业注册管理办法》",
        conditions: "具有完全民事行为能力，完成规定的护理学历教育和临床实习，通过护士执业资格考试，符合健康标准。",
        steps: flow!("医政医管股"; 0, 3, 1, 1), statutory_days: 20, promised_days: 5, case_kind: Promise,
        fee_basis: FREE, result_name: "护士执业证书（电子证照）", delivery: WE, visits: 0, online_depth: Full,
        keywords: &["护士注册", "护士证", "护士延续注册", "hszc"],
        review_points: &["护士执业资格考试成绩合格证明联网核验", "申请在考试合格之日起 3 年内提出"],
        faq: &[("考试通过超过 3 年还能注册吗？", "可以，但须在医疗机构接受 3 个月临床护理培训并考核合格。")],
        materials: &[req("护士注册申请审核表"), ID_CARD, req("学历证书及专业学习中的临床实习证明").other(), req("健康体检证明").other()],
        ..BASE
    },
    DemoItem {
        basic_code: "011100500100", name: "母婴保健技术服务执业许可", item_type: Permit, department: "wjw", levels: B,
        legal_basis: "《中华人民共和国母婴保健法》第三十二条；《中华人民共和国母婴保健法实施办法》",
        conditions: "医疗保健机构开展婚前医学检查、助产技术、结扎手术和终止妊娠手术等母婴保健技术服务，符合规定的条件和技术标准。",
        steps: &[s("受理", "综合受理窗口", 1), s("材料审查", "妇幼健康股", 3), s("现场评审", "妇幼健康股", 4), s("决定", "首席代表", 1), s("制证送达", "出件窗口", 1)],
        statutory_days: 20, promised_days: 10, case_kind: Promise, special_procedures: &[SiteSurvey, ExpertReview],
        fee_basis: FREE, result_name: "母婴保健技术服务执业许可证", delivery: WME, visits: 0, online_depth: Full,
        keywords: &["助产许可", "母婴保健许可", "婚检资质"],
        review_points: &["专业技术人员持母婴保健技术考核合格证书", "设施设备符合技术规范"],
        faq: &[("母婴保健技术服务许可有效期多久？", "有效期 3 年，期满前 3 个月内申请校验。")],
        materials: &[req("母婴保健技术服务执业许可申请登记书"), req("医疗机构执业许可证").gov().by("医疗机构电子证照"), req("专业技术人员资格证明").gov()],
        ..BASE
    },
    DemoItem {
        basic_code: "111100600100", name: "出生医学证明补发", item_type: PublicService, department: "wjw", levels: B,
        legal_basis: "《中华人民共和国母婴保健法》第二十三条；《出生医学证明》管理相关规定",
        conditions: "出生医学证明遗失，新生儿尚未办理户口登记或需要补发。",
        steps: &[s("受理", "综合受理窗口", 1), s("核查出生信息", "妇幼健康股", 3), s("签发", "签发机构", 1)],
        statutory_days: 20, promised_days: 5, case_kind: Promise,
        fee_basis: FREE, result_name: "出生医学证明（补发）", delivery: WM, visits: 1, online_depth: Apply,
        keywords: &["出生证丢了", "补出生证明", "出生证", "cszm"],
        review_points: &["原签发机构存根与申请信息一致", "已落户的不再补发，以户口登记为准"],
        faq: &[("孩子已经上了户口，出生证丢了还能补吗？", "已落户的一般不再补发，确需补发的凭户口簿说明用途申请。")],
        materials: &[req("出生医学证明补发申请表"), req("父母双方居民身份证").by("居民身份证电子证照"), opt("居民户口簿").by("公安人口库").note("已落户的提供")],
        ..BASE
    },
    DemoItem {
        basic_code: "011100700100", name: "公共场所卫生许可", item_type: Permit, department: "wjw", levels: B,
        legal_basis: "《公共场所卫生管理条例》第八条；《公共场所卫生管理条例实施细则》",
        conditions: "经营宾馆、美容美发、沐浴、游泳场所等公共场所，卫生设施与布局符合卫生标准和规范，从业人员取得健康合格证明。",
        steps: flow!("卫生监督所"; 0, 1, 1, 1), statutory_days: 20, promised_days: 3, case_kind: Promise,
        fee_basis: FREE, result_name: "公共场所卫生许可证", delivery: WME, visits: 0, online_depth: Full,
        keywords: &["卫生许可证", "美容美发", "宾馆卫生许可", "浴池", "wsxkz"],
        review_points: &["选择告知承诺的当场发证，事后现场核查", "游泳场所水质检测合格"],
        faq: &[("开理发店要办卫生许可证吗？", "美容美发场所属于公共场所，须办理卫生许可证，可以适用告知承诺。")],
        materials: &[req("公共场所卫生许可申请表"), LICENSE, req("卫生管理制度和卫生设施布局图").promise(), opt("卫生检测报告").agency().rq().promise()],
        ..BASE
    },
    DemoItem {
        basic_code: "011100800100", name: "放射诊疗许可", item_type: Permit, department: "wjw", levels: B,
        legal_basis: "《放射诊疗管理规定》第四条、第十一条",
        conditions: "医疗机构开展 X 射线影像诊断等放射诊疗工作，具有相应的放射诊疗场所、设备和人员，放射防护设施经检测合格。",
        steps: &[s("受理", "综合受理窗口", 1), s("材料审查", "卫生监督所", 3), s("现场审核", "卫生监督所", 4), s("决定", "首席代表", 1), s("制证送达", "出件窗口", 1)],
        statutory_days: 20, promised_days: 10, case_kind: Promise, special_procedures: &[Testing, ExpertReview],
        fee_basis: FREE, result_name: "放射诊疗许可证", delivery: WME, visits: 0, online_depth: Full,
        keywords: &["放射许可", "x光机", "DR许可", "fszl"],
        review_points: &["放射防护检测与设备性能检测报告合格", "放射工作人员持证并开展个人剂量监测"],
        faq: &[("买了 DR 设备多久能办证？", "放射防护设施竣工验收合格后即可申请。")],
        materials: &[req("放射诊疗许可申请表"), req("医疗机构执业许可证").gov().by("医疗机构电子证照"), req("放射防护及设备性能检测报告").agency(), req("放射工作人员资质及个人剂量监测档案").other()],
        ..BASE
    },
    DemoItem {
        basic_code: "051100900100", name: "农村部分计划生育家庭奖励扶助", item_type: Payment, department: "wjw", levels: BTV,
        legal_basis: "《中华人民共和国人口与计划生育法》；《内蒙古自治区人口与计划生育条例》",
        conditions: "农村牧区户籍，符合计划生育政策只生育一个子女或两个女孩，年满 60 周岁。",
        steps: &[s("受理", "嘎查村便民服务站", 2), s("初审", "苏木镇卫生健康办", 3), s("审核", "人口家庭股", 4), s("确认", "首席代表", 1)],
        statutory_days: 20, promised_days: 10, case_kind: Promise, special_procedures: &[Publicity],
        fee_basis: FREE, result_name: "奖励扶助资格确认通知", delivery: WE, visits: 0, online_depth: Full,
        keywords: &["独生子女补贴", "计生奖励", "60岁计生补贴", "jsjf"],
        review_points: &["生育情况与婚育档案一致", "嘎查村公示期满无异议"],
        faq: &[("在哪里申请？", "在户籍所在嘎查村便民服务站申请，也可网上申请。")],
        materials: &[ID_CARD, HUKOU, req("奖励扶助对象申报表"), req("婚育情况证明").promise()],
        ..BASE
    },
    // ── 民政局 (mzj) ─────────────────────────────────────────────────────────────────────
    DemoItem {
        basic_code: "071200100100", name: "内地居民结婚登记", item_type: Confirmation, department: "mzj", levels: B,
        legal_basis: "《中华人民共和国民法典》第一千零四十九条；《婚姻登记条例》",
        conditions: "男女双方完全自愿，男年满二十二周岁、女年满二十周岁，双方均无配偶，不属于直系血亲或三代以内旁系血亲。",
        steps: ON_THE_SPOT, statutory_days: 0, promised_days: 0, case_kind: Instant,
        fee_basis: FREE, result_name: "结婚证", delivery: WE, visits: 1, online_depth: Apply,
        keywords: &["领证", "扯证", "结婚证", "登记结婚", "jhz"],
        review_points: &["双方亲自到场", "通过婚姻登记信息系统核查无配偶", "双方签名并按指纹"],
        faq: &[("需要户口本吗？", "婚姻登记全国通办，凭双方身份证即可，无需户口本。"), ("可以预约特殊日子吗？", "可以在网上提前预约登记日期和时段，节假日特殊日期另行公告。")],
        materials: &[req("男女双方居民身份证").note("须本人持原件到场"), req("双方近期半身免冠合影照片").n(3, 0).note("2 寸，可现场拍照"), req("申请结婚登记声明书").note("现场签署")],
        ..BASE
    },
    DemoItem {
        basic_code: "071200100200", name: "内地居民离婚登记", item_type: Confirmation, department: "mzj", levels: B,
        legal_basis: "《中华人民共和国民法典》第一千零七十六条、第一千零七十七条；《婚姻登记条例》",
        conditions: "夫妻双方自愿离婚，对子女抚养、财产及债务处理等事项协商一致，离婚冷静期满后三十日内双方共同到场申请发给离婚证。",
        steps: ON_THE_SPOT, statutory_days: 0, promised_days: 0, case_kind: Instant,
        fee_basis: FREE, result_name: "离婚证", delivery: W, visits: 2, online_depth: Apply,
        keywords: &["离婚", "协议离婚", "离婚冷静期", "lh"],
        review_points: &["双方亲自到场且意思表示真实", "离婚协议对子女抚养和财产处理约定明确", "冷静期期满后三十日内申请发证"],
        faq: &[("离婚为什么要跑两次？", "第一次提交申请，三十日冷静期满后三十日内双方再到场领取离婚证。")],
        materials: &[req("男女双方居民身份证"), req("结婚证").by("结婚证电子证照"), req("离婚协议书").n(3, 0), req("双方近期 2 寸单人半身免冠照片").n(2, 0)],
        ..BASE
    },
    DemoItem {
        basic_code: "071200100300", name: "补领婚姻登记证", item_type: Confirmation, department: "mzj", levels: B,
        legal_basis: "《婚姻登记条例》；《婚姻登记工作规范》",
        conditions: "结婚证、离婚证遗失或损毁，当事人持身份证件申请补领。",
        steps: ON_THE_SPOT, statutory_days: 0, promised_days: 0, case_kind: Instant,
        fee_basis: FREE, result_name: "结婚证（补发）或离婚证（补发）", delivery: W, visits: 1, online_depth: Apply,
        keywords: &["结婚证丢了", "补结婚证", "补离婚证", "jhz"],
        review_points: &["婚姻登记档案查证属实", "补领结婚证须双方到场"],
        faq: &[("结婚证丢了能补吗？", "可以，到原登记机关或本旗婚姻登记处申请补领，双方均需到场。")],
        materials: &[req("当事人居民身份证"), req("近期 2 寸半身免冠照片").n(2, 0), req("补领婚姻登记证申请书").note("现场签署")],
        ..BASE
    },
    DemoItem {
        basic_code: "051200200100", name: "最低生活保障审核确认", item_type: Payment, department: "mzj", levels: BTV,
        legal_basis: "《社会救助暂行办法》第九条至第十三条；《最低生活保障审核确认办法》",
        conditions: "共同生活的家庭成员人均收入低于本旗最低生活保障标准，且家庭财产状况符合规定。",
        steps: &[s("受理", "嘎查村便民服务站、苏木镇便民服务中心", 1), s("家庭经济状况核对", "居民家庭经济状况核对中心", 3), s("入户调查", "苏木镇社会事务办", 5), s("审核", "苏木镇人民政府", 3), s("审批确认", "社会救助股", 3)],
        statutory_days: 30, promised_days: 15, case_kind: Promise, special_procedures: &[SiteSurvey, Publicity],
        fee_basis: FREE, result_name: "最低生活保障确认通知书", delivery: WM, visits: 0, online_depth: Full,
        keywords: &["低保", "吃低保", "申请低保", "困难补助", "db"],
        review_points: &["家庭成员范围认定准确", "收入、财产核对结果符合标准", "审核结果在嘎查村（社区）公示 7 天无异议"],
        faq: &[("在哪里申请低保？", "可以在户籍所在地或经常居住地的苏木镇便民服务中心、嘎查村便民服务站申请，也可网上申请。"), ("有车能申请低保吗？", "按本旗家庭财产认定标准审核，生活必需的普通代步车、农机具不计入。")],
        materials: &[req("最低生活保障申请书"), req("家庭成员居民身份证和户口簿").by("公安人口库"), req("家庭经济状况核对授权书").note("家庭成员均需签字"), req("家庭收入和财产状况承诺书").promise(), opt("残疾、重病等证明").other()],
        ..BASE
    },
    DemoItem {
        basic_code: "051200300100", name: "特困人员救助供养认定", item_type: Payment, department: "mzj", levels: BTV,
        legal_basis: "《社会救助暂行办法》第十四条至第十九条；《特困人员认定办法》",
        conditions: "老年人、残疾人以及未满十八周岁的未成年人，无劳动能力、无生活来源、无法定赡养抚养扶养义务人或其义务人无履行能力。",
        steps: &[s("受理", "嘎查村便民服务站、苏木镇便民服务中心", 1), s("调查核实", "苏木镇社会事务办", 6), s("审核", "苏木镇人民政府", 4), s("确认", "社会救助股", 4)],
        statutory_days: 30, promised_days: 15, case_kind: Promise, special_procedures: &[SiteSurvey, Publicity],
        fee_basis: FREE, result_name: "特困人员救助供养证", delivery: WM, visits: 0, online_depth: Full,
        keywords: &["五保户", "特困供养", "孤寡老人", "tk"],
        review_points: &["“三无”条件认定准确", "生活自理能力评估结论明确", "选择集中供养或分散供养"],
        faq: &[("特困人员和五保户是一回事吗？", "农村五保供养和城市“三无”人员救助已统一为特困人员救助供养。")],
        materials: &[req("特困人员救助供养申请书"), ID_CARD, HUKOU, req("生活自理能力评估表").other(), req("收入和财产状况承诺书").promise()],
        ..BASE
    },
    DemoItem {
        basic_code: "051200400100", name: "临时救助", item_type: Payment, department: "mzj", levels: BTV,
        legal_basis: "《社会救助暂行办法》第四十七条至第五十条；《国务院关于全面建立临时救助制度的通知》",
        conditions: "因火灾、交通事故、突发重大疾病等原因导致基本生活暂时出现严重困难的家庭或个人。",
        steps: &[s("受理", "嘎查村便民服务站、苏木镇便民服务中心", 1), s("审核", "苏木镇社会事务办", 2), s("审批", "社会救助股", 2)],
        statutory_days: 20, promised_days: 5, case_kind: Promise, special_procedures: &[SiteSurvey],
        fee_basis: FREE, result_name: "临时救助审批决定", delivery: WE, visits: 0, online_depth: Full,
        keywords: &["临时救助", "急难救助", "生病没钱", "家里遭灾", "lsjz"],
        review_points: &["困难情形真实、紧急", "急难型救助可先行救助后补办手续", "救助金额按标准核定"],
        faq: &[("紧急情况能当天拿到救助吗？", "急难型临时救助可由苏木镇先行救助，事后补齐手续。")],
        materials: &[req("临时救助申请书"), ID_CARD, req("困难情况证明").other().rq().note("医院诊断、火灾证明等，可先行救助后补交")],
        ..BASE
    },
    DemoItem {
        basic_code: "011200500100", name: "社会团体成立登记", item_type: Permit, department: "mzj", levels: B,
        legal_basis: "《社会团体登记管理条例》第三条、第十条、第十二条",
        conditions: "有 50 个以上个人会员或 30 个以上单位会员，有规范的名称和相应的组织机构，有固定的住所，有与业务活动相适应的专职工作人员和合法资产，业务主管单位已审查同意。",
        steps: &[s("受理", "综合受理窗口", 1), s("审查", "社会组织管理股", 10), s("决定", "首席代表", 4), s("制证送达", "出件窗口", 5)],
        statutory_days: 60, promised_days: 20, case_kind: Promise,
        fee_basis: FREE, result_name: "社会团体法人登记证书", delivery: WME, visits: 0, online_depth: Full,
        keywords: &["成立协会", "成立商会", "社团登记", "st"],
        review_points: &["业务主管单位审查同意", "章程符合示范文本要求", "负责人无限制任职情形"],
        faq: &[("成立协会需要多少钱？", "地方性社会团体活动资金不少于 3 万元。")],
        materials: &[req("社会团体成立登记申请书"), req("业务主管单位批准文件").gov(), req("章程草案"), req("验资报告或资金证明").agency().rq(), req("住所使用证明").promise(), req("负责人身份证明和简历").by("居民身份证电子证照")],
        ..BASE
    },
    DemoItem {
        basic_code: "011200600100", name: "民办非企业单位成立登记", item_type: Permit, department: "mzj", levels: B,
        legal_basis: "《民办非企业单位登记管理暂行条例》第八条、第九条",
        conditions: "经业务主管单位审查同意，有规范的名称、必要的组织机构，有与其业务活动相适应的从业人员、合法财产和必要的场所。",
        steps: &[s("受理", "综合受理窗口", 1), s("审查", "社会组织管理股", 7), s("决定", "首席代表", 4), s("制证送达", "出件窗口", 3)],
        statutory_days: 30, promised_days: 15, case_kind: Promise,
        fee_basis: FREE, result_name: "民办非企业单位登记证书", delivery: WME, visits: 0, online_depth: Full,
        keywords: &["民非登记", "办培训学校登记", "社会服务机构", "mf"],
        review_points: &["开办资金与业务相适应", "举办者出资不得抽逃", "不得从事营利性经营活动"],
        faq: &[("民办非企业单位可以分红吗？", "不可以，民办非企业单位是非营利组织，结余不得分配。")],
        materials: &[req("民办非企业单位成立登记申请书"), req("业务主管单位批准文件").gov(), req("章程草案"), req("验资报告").agency().rq(), req("场所使用证明").promise()],
        ..BASE
    },
    DemoItem {
        basic_code: "051200700100", name: "高龄津贴申领", item_type: Payment, department: "mzj", levels: BTV,
        legal_basis: "《中华人民共和国老年人权益保障法》第三十三条；自治区高龄老年人津贴制度相关规定",
        conditions: "本旗户籍年满 80 周岁的老年人。",
        steps: &[s("受理", "嘎查村便民服务站", 1), s("审核", "苏木镇社会事务办", 2), s("确认", "养老服务股", 2)],
        statutory_days: 20, promised_days: 5, case_kind: Promise,
        fee_basis: FREE, result_name: "高龄津贴发放确认", delivery: WE, visits: 0, online_depth: Full,
        keywords: &["高龄补贴", "老人补贴", "80岁补贴", "百岁老人补贴", "gljt"],
        review_points: &["出生日期以公安人口库为准", "系统自动推送满 80 周岁名单，免申即享"],
        faq: &[("要自己申请吗？", "系统根据人口信息自动比对，符合条件的免申即享；未收到的可在嘎查村申请核查。")],
        materials: &[ID_CARD.by("公安人口库"), req("本人社会保障卡或银行账户"), HUKOU, AGENT],
        ..BASE
    },
    DemoItem {
        basic_code: "051200800100", name: "基本殡葬服务费用减免", item_type: Payment, department: "mzj", levels: B,
        legal_basis: "《殡葬管理条例》；民政部等部门关于全面推行惠民殡葬政策的指导意见",
        conditions: "本旗户籍居民死亡后在殡仪馆火化，其遗属申请减免遗体接运、暂存、火化、骨灰寄存等基本殡葬服务费用。",
        steps: &[s("受理", "综合受理窗口", 1), s("审核", "社会事务股", 1), s("结算", "殡仪馆", 1)],
        statutory_days: 20, promised_days: 3, case_kind: Promise,
        fee_basis: FREE, result_name: "基本殡葬服务费用减免结算单", delivery: WE, visits: 0, online_depth: Full,
        keywords: &["殡葬补贴", "火化费", "丧葬减免", "bz"],
        review_points: &["死亡信息与火化信息一致", "减免项目在基本殡葬服务范围内"],
        faq: &[("殡葬费用减免要先垫付吗？", "在殡仪馆直接减免结算，不需垫付。")],
        materials: &[req("死亡证明").other().by("卫健死亡信息共享"), req("火化证明").other().by("殡葬火化信息共享"), ID_CARD.note("经办人身份证")],
        ..BASE
    },
    DemoItem {
        basic_code: "121200900100", name: "养老机构备案", item_type: Filing, department: "mzj", levels: B,
        legal_basis: "《中华人民共和国老年人权益保障法》第四十三条；《养老机构管理办法》",
        conditions: "设立养老机构，已依法办理法人登记，服务场所符合消防、卫生、建筑等要求。",
        steps: ON_THE_SPOT, statutory_days: 0, promised_days: 0, case_kind: Instant,
        fee_basis: FREE, result_name: "养老机构备案回执", delivery: WE, visits: 0, online_depth: Full,
        keywords: &["开养老院", "养老机构", "敬老院", "ylyy"],
        review_points: &["已取得法人登记证书", "服务场所安全符合承诺事项"],
        faq: &[("开养老院还要审批吗？", "养老机构设立许可已取消，办理法人登记后向民政局备案即可。")],
        materials: &[req("养老机构备案书"), LICENSE.note("或民办非企业单位登记证书"), req("服务场所符合要求的承诺书").promise()],
        ..BASE
    },
    DemoItem {
        basic_code: "051201000100", name: "孤儿基本生活费发放", item_type: Payment, department: "mzj", levels: BTV,
        legal_basis: "《国务院办公厅关于加强孤儿保障工作的意见》（国办发〔2010〕54号）",
        conditions: "未满 18 周岁、父母双亡或父母一方死亡另一方失踪的本旗户籍儿童。",
        steps: &[s("受理", "嘎查村便民服务站", 2), s("审核", "苏木镇社会事务办", 4), s("确认", "儿童福利股", 4)],
        statutory_days: 20, promised_days: 10, case_kind: Promise, special_procedures: &[SiteSurvey],
        fee_basis: FREE, result_name: "孤儿基本生活费发放确认", delivery: WE, visits: 0, online_depth: Full,
        keywords: &["孤儿补助", "孤儿生活费", "事实无人抚养儿童"],
        review_points: &["父母死亡或失踪证明充分", "监护人落实"],
        faq: &[("父母一方服刑的孩子能申请吗？", "符合事实无人抚养儿童条件的，可以申请事实无人抚养儿童基本生活补贴。")],
        materials: &[req("孤儿基本生活费申请表"), HUKOU, req("父母死亡或宣告失踪证明").other().by("卫健死亡信息共享"), req("监护人居民身份证").by("居民身份证电子证照")],
        ..BASE
    },
    // ── 教育体育局 (jytyj) ────────────────────────────────────────────────────────────────
    DemoItem {
        basic_code: "011300100100", name: "民办学校设立（实施学前教育、非学科类培训）", item_type: Permit, department: "jytyj", levels: B,
        legal_basis: "《中华人民共和国民办教育促进法》第十二条、第十七条；《中华人民共和国民办教育促进法实施条例》",
        conditions: "举办者具备规定资格，有合格的教师和管理人员，有符合标准的教学场所、设施设备和与办学规模相适应的资产。",
        steps: &[s("受理", "综合受理窗口", 2), s("材料审查", "民办教育股", 10), s("专家评审与现场考察", "民办教育股", 10), s("决定", "局务会", 5), s("送达", "出件窗口", 3)],
        statutory_days: 60, promised_days: 30, case_kind: Promise, special_procedures: &[SiteSurvey, ExpertReview],
        fee_basis: FREE, result_name: "民办学校办学许可证", delivery: WME, visits: 0, online_depth: Full,
        keywords: &["开幼儿园", "办培训班", "民办学校", "办学许可证", "bxxk"],
        review_points: &["校舍安全、消防验收合格", "师资配备符合标准", "举办者性质及营利性、非营利性选择符合规定"],
        faq: &[("学科类培训还能办吗？", "面向义务教育阶段学生的学科类培训机构不再审批新设。")],
        materials: &[req("民办学校设立申请书"), req("举办者资格证明").by("电子营业执照"), req("校舍产权或租赁证明").by("不动产权证书电子证照"), req("章程和首届理事会名单"), req("资产及经费来源证明").agency()],
        ..BASE
    },
    DemoItem {
        basic_code: "011300200100", name: "教师资格认定", item_type: Permit, department: "jytyj", levels: B,
        legal_basis: "《中华人民共和国教师法》第十条至第十三条；《教师资格条例》",
        conditions: "具备规定学历或通过教师资格考试，具有良好的思想品德，普通话水平达到规定等级，身体条件符合要求。",
        steps: flow!("教师管理股"; 5, 10, 3, 2), statutory_days: 30, promised_days: 20, case_kind: Promise,
        fee_basis: FREE, result_name: "教师资格证书", delivery: WME, visits: 0, online_depth: Full,
        keywords: &["教师资格证", "教资认定", "考教资", "jszg"],
        review_points: &["学历、普通话证书、考试合格证明联网核验", "思想品德鉴定采用个人承诺", "体检结论合格"],
        faq: &[("认定需要到现场吗？", "不需要，网上申报、信息联网核验，证书可邮寄。")],
        materials: &[req("教师资格认定申请表"), ID_CARD, req("学历证书").gov().by("学信网学历信息共享"), req("普通话水平测试等级证书").gov().by("普通话证书信息共享"), req("个人承诺书").promise(), req("体检表").other()],
        ..BASE
    },
    DemoItem {
        basic_code: "111300300100", name: "义务教育阶段新生入学登记", item_type: PublicService, department: "jytyj", levels: BT,
        legal_basis: "《中华人民共和国义务教育法》第十二条",
        conditions: "本旗户籍或居住证持有人随迁子女，达到入学年龄的适龄儿童、少年。",
        steps: &[s("网上报名", "入学报名平台", 3), s("信息核验", "基础教育股", 5), s("划片分配", "基础教育股", 2)],
        statutory_days: 20, promised_days: 10, case_kind: Promise,
        fee_basis: "义务教育不收学费、杂费", result_name: "入学通知", delivery: WE, visits: 0, online_depth: Full,
        keywords: &["上小学", "入学报名", "孩子上学", "一年级报名", "上初中", "rx"],
        review_points: &["户籍、房产、居住证信息部门间共享核验", "按学区划片就近入学"],
        faq: &[("报名要带什么材料？", "网上报名，户口、房产、居住证信息自动核验，一般无需提交纸质材料。")],
        materials: &[HUKOU, req("法定监护人居民身份证").by("居民身份证电子证照"), req("居住证明").promise().by("不动产登记信息共享").note("房产或租赁、居住证")],
        ..BASE
    },
    DemoItem {
        basic_code: "051300400100", name: "普通高中国家助学金申请", item_type: Payment, department: "jytyj", levels: B,
        legal_basis: "《学生资助资金管理办法》",
        conditions: "具有正式注册学籍的普通高中在校生中的家庭经济困难学生。",
        steps: &[s("学校受理", "就读学校", 3), s("评议公示", "就读学校", 4), s("审核", "学生资助管理中心", 3)],
        statutory_days: 20, promised_days: 10, case_kind: Promise, special_procedures: &[Publicity],
        fee_basis: FREE, result_name: "国家助学金资助确认", delivery: WE, visits: 0, online_depth: Full,
        keywords: &["助学金", "贫困生补助", "学生资助", "zxj"],
        review_points: &["家庭经济困难认定依据充分", "低保、特困等家庭学生优先"],
        faq: &[("低保家庭的孩子要提交证明吗？", "不用，低保、特困信息由民政部门共享核验。")],
        materials: &[req("家庭经济困难学生认定申请表"), req("家庭经济状况承诺书").promise(), opt("低保证、特困证、残疾证等").gov().by("民政救助信息共享")],
        ..BASE
    },
    DemoItem {
        basic_code: "011300500100", name: "高危险性体育项目经营许可", item_type: Permit, department: "jytyj", levels: B,
        legal_basis: "《全民健身条例》第三十二条；《经营高危险性体育项目许可管理办法》",
        conditions: "经营游泳、滑雪、潜水、攀岩等高危险性体育项目，有相应的场地、器材设施、社会体育指导人员和救助人员，有安全保障制度和措施。",
        steps: &[s("受理", "综合受理窗口", 1), s("材料审查", "体育股", 3), s("现场核查", "体育股", 4), s("决定", "首席代表", 1), s("送达", "出件窗口", 1)],
        statutory_days: 30, promised_days: 10, case_kind: Promise, special_procedures: &[SiteSurvey],
        fee_basis: FREE, result_name: "经营高危险性体育项目许可证", delivery: WME, visits: 0, online_depth: Full,
        keywords: &["游泳馆许可", "滑雪场", "开游泳馆", "攀岩"],
        review_points: &["救生员、社会体育指导员持证上岗", "场地设施符合国家标准", "应急救援预案可行"],
        faq: &[("酒店的游泳池要办吗？", "对外经营的游泳场所都要办理。")],
        materials: &[req("经营高危险性体育项目许可申请书"), LICENSE, req("场地、器材设施符合标准的说明"), req("社会体育指导人员、救助人员资格证明").gov(), req("安全保障制度").promise()],
        ..BASE
    },
    DemoItem {
        basic_code: "011300600100", name: "校车使用许可", item_type: Permit, department: "jytyj", levels: B,
        legal_basis: "《校车安全管理条例》第十四条、第十五条",
        conditions: "车辆符合校车安全国家标准，取得机动车检验合格证明并登记为校车，有取得校车驾驶资格的驾驶人和合理可行的校车运行方案。",
        steps: &[s("受理", "综合受理窗口", 1), s("征求公安、交通意见", "安全管理股", 6), s("审查", "安全管理股", 2), s("报旗政府批准", "首席代表", 1)],
        statutory_days: 20, promised_days: 10, case_kind: Promise, special_procedures: &[Inspection],
        fee_basis: FREE, result_name: "校车标牌", delivery: W, visits: 1, online_depth: Full,
        keywords: &["校车", "接送学生车辆", "xc"],
        review_points: &["驾驶人已取得校车驾驶资格", "运行线路和停靠站点经公安、交通部门同意", "车辆已投保承运人责任险"],
        faq: &[("幼儿园接送车要办校车许可吗？", "接送幼儿的车辆也须取得校车使用许可。")],
        materials: &[req("校车使用许可申请表"), req("机动车行驶证和检验合格证明").gov(), req("校车驾驶人资格证明").gov().by("驾驶证电子证照"), req("校车运行方案"), req("校车安全管理制度").promise()],
        ..BASE
    },
    // ── 农牧局 (nmj) ─────────────────────────────────────────────────────────────────────
    DemoItem {
        basic_code: "011400100100", name: "动物防疫条件合格证核发", item_type: Permit, department: "nmj", levels: B,
        legal_basis: "《中华人民共和国动物防疫法》第二十四条、第二十五条；《动物防疫条件审查办法》",
        conditions: "开办动物饲养场、隔离场所、动物屠宰加工场所以及动物和动物产品无害化处理场所，选址、布局、设施设备和防疫制度符合规定。",
        steps: &[s("受理", "综合受理窗口", 1), s("材料审查", "动物卫生监督所", 2), s("现场审查", "动物卫生监督所", 2), s("决定", "首席代表", 1), s("制证送达", "出件窗口", 1)],
        statutory_days: 15, promised_days: 7, case_kind: Promise, special_procedures: &[SiteSurvey],
        fee_basis: FREE, result_name: "动物防疫条件合格证", delivery: WME, visits: 0, online_depth: Full,
        keywords: &["养殖场防疫证", "开养殖场", "屠宰场", "防疫合格证", "dwfy"],
        review_points: &["场所选址与居民区、水源地等保持规定距离", "有相应的无害化处理、消毒设施", "配备执业兽医或动物防疫技术人员"],
        faq: &[("家庭养几只羊要办吗？", "散养户不需要办理，达到规模标准的动物饲养场须办理。")],
        materials: &[req("动物防疫条件审查申请表"), LICENSE, req("场所地理位置图、各功能区布局平面图"), req("设施设备清单"), req("管理制度文本").promise(), req("人员情况").by("执业兽医信息共享")],
        ..BASE
    },
    DemoItem {
        basic_code: "011400200100", name: "兽药经营许可证核发", item_type: Permit, department: "nmj", levels: B,
        legal_basis: "《兽药管理条例》第二十二条、第二十三条",
        conditions: "有与所经营的兽药相适应的兽药技术人员、营业场所、设备和仓库设施，有与所经营的兽药相适应的质量管理机构或人员和管理制度。",
        steps: &[s("受理", "综合受理窗口", 1), s("材料审查", "兽医兽药股", 3), s("现场核查", "兽医兽药股", 4), s("决定", "首席代表", 1), s("制证送达", "出件窗口", 1)],
        statutory_days: 30, promised_days: 10, case_kind: Promise, special_procedures: &[SiteSurvey],
        fee_basis: FREE, result_name: "兽药经营许可证", delivery: WME, visits: 0, online_depth: Full,
        keywords: &["卖兽药", "兽药店", "兽药许可证", "syjy"],
        review_points: &["营业场所和仓库面积符合自治区兽药 GSP 要求", "质量负责人具有相应专业学历或职称"],
        faq: &[("兽药经营许可证有效期多久？", "有效期 5 年，期满前 6 个月申请换发。")],
        materials: &[req("兽药经营许可证申请表"), LICENSE, req("兽药技术人员学历或职称证明"), req("营业场所和仓库平面图及使用证明"), req("质量管理文件").promise()],
        ..BASE
    },
    DemoItem {
        basic_code: "011400300100", name: "农作物种子生产经营许可证核发", item_type: Permit, department: "nmj", levels: B,
        legal_basis: "《中华人民共和国种子法》第三十一条、第三十二条；《农作物种子生产经营许可管理办法》",
        conditions: "申请非主要农作物种子生产经营许可或主要农作物常规种子生产经营许可，具有与种子生产经营相适应的生产经营设施、设备及专业技术人员。",
        steps: &[s("受理", "综合受理窗口", 1), s("审查", "种植业股", 3), s("现场检查", "种植业股", 4), s("决定", "首席代表", 1), s("送达", "出件窗口", 1)],
        statutory_days: 20, promised_days: 10, case_kind: Promise, special_procedures: &[SiteSurvey],
        fee_basis: FREE, result_name: "农作物种子生产经营许可证", delivery: WME, visits: 0, online_depth: Full,
        keywords: &["卖种子", "种子许可证", "种子店", "zzjy"],
        review_points: &["检验室、加工设备满足要求", "专业技术人员数量符合规定"],
        faq: &[("只卖包装好的种子要办证吗？", "专门经营不再分装的包装种子的，不需要办理许可证，但应向农牧局备案。")],
        materials: &[req("种子生产经营许可证申请表"), LICENSE, req("种子生产经营设施设备清单及产权证明"), req("种子检验人员、贮藏保管人员资质证明")],
        ..BASE
    },
    DemoItem {
        basic_code: "011400400100", name: "农药经营许可", item_type: Permit, department: "nmj", levels: B,
        legal_basis: "《农药管理条例》第二十四条、第二十五条；《农药经营许可管理办法》",
        conditions: "有具备农药和病虫害防治专业知识、熟悉农药管理规定的经营人员，有与经营农药相适应的营业场所和仓储场所，有农药经营质量管理制度和岗位操作规程。",
        steps: &[s("受理", "综合受理窗口", 1), s("审查", "植保植检站", 2), s("现场核查", "植保植检站", 2), s("决定", "首席代表", 1), s("送达", "出件窗口", 1)],
        statutory_days: 20, promised_days: 7, case_kind: Promise, special_procedures: &[SiteSurvey],
        fee_basis: FREE, result_name: "农药经营许可证", delivery: WME, visits: 0, online_depth: Full,
        keywords: &["卖农药", "农资店", "农药许可证", "nyjy"],
        review_points: &["营业场所与其他商品、生活区域有效隔离", "经营限制使用农药的另有专门条件"],
        faq: &[("农资店卖农药要办什么证？", "须取得农药经营许可证，经营限制使用农药的要单独申请相应范围。")],
        materials: &[req("农药经营许可申请表"), LICENSE, req("经营人员农药专业学历或培训证明"), req("营业场所和仓储场所平面图及使用证明"), req("质量管理制度").promise()],
        ..BASE
    },
    DemoItem {
        basic_code: "011400500100", name: "农村村民宅基地审批", item_type: Permit, department: "nmj", levels: BTV,
        legal_basis: "《中华人民共和国土地管理法》第六十二条；《农业农村部 自然资源部关于规范农村宅基地审批管理的通知》",
        conditions: "本嘎查村集体经济组织成员以户为单位申请，符合“一户一宅”和宅基地面积标准，符合村庄规划和用途管制。",
        steps: &[s("农户申请、嘎查村审查", "嘎查村便民服务站", 3), s("苏木镇联审与实地审查", "苏木镇农牧业服务中心", 4), s("审批", "苏木镇人民政府", 2), s("发放批准书", "苏木镇便民服务中心", 1)],
        statutory_days: 20, promised_days: 10, case_kind: Promise, special_procedures: &[SiteSurvey, Publicity],
        fee_basis: FREE, result_name: "农村宅基地批准书", delivery: W, visits: 1, online_depth: Apply,
        keywords: &["宅基地", "盖新房", "农村建房审批", "分宅基地", "zjd"],
        review_points: &["申请人为本集体经济组织成员", "原有宅基地处置情况核实", "嘎查村公示无异议，开工前实地丈量批放"],
        faq: &[("宅基地在哪里审批？", "由苏木镇人民政府审批，农牧局负责政策指导，可在嘎查村便民服务站提出申请。")],
        materials: &[req("农村宅基地和建房（规划许可）申请表"), HUKOU, req("宅基地使用承诺书").promise(), opt("嘎查村民会议决议及公示材料").other()],
        ..BASE
    },
    DemoItem {
        basic_code: "051400600100", name: "草原生态保护补助奖励资金发放", item_type: Payment, department: "nmj", levels: BTV,
        legal_basis: "《中华人民共和国草原法》第三十五条；财政部 农业农村部 国家林草局《第三轮草原生态保护补助奖励政策实施指导意见》",
        conditions: "承包草原落实禁牧或草畜平衡制度，经核查合格的牧户。",
        steps: &[s("受理", "嘎查村便民服务站", 2), s("核查", "苏木镇农牧业服务中心", 4), s("审核", "草原工作站", 3), s("发放", "财务股", 1)],
        statutory_days: 20, promised_days: 10, case_kind: Promise, special_procedures: &[SiteSurvey, Publicity],
        fee_basis: FREE, result_name: "草原补奖资金发放确认", delivery: WE, visits: 0, online_depth: Full,
        keywords: &["草补", "禁牧补贴", "草畜平衡奖励", "草原补奖", "cb"],
        review_points: &["草原承包面积与确权数据一致", "禁牧、草畜平衡履约核查合格", "补奖名单在嘎查村公示"],
        faq: &[("补奖资金怎么发？", "通过“一卡通”直接发放到牧户账户。")],
        materials: &[ID_CARD, req("草原承包经营权证").gov().by("草原确权登记信息"), req("禁牧或草畜平衡责任书").other(), req("惠民惠农“一卡通”账户").by("一卡通账户信息")],
        ..BASE
    },
    DemoItem {
        basic_code: "051400700100", name: "农机购置与应用补贴", item_type: Payment, department: "nmj", levels: BT,
        legal_basis: "《中华人民共和国农业机械化促进法》第二十七条；农业农村部、财政部农机购置与应用补贴实施指导意见",
        conditions: "从事农业生产的个人和组织，购置补贴范围内的农业机械，并已完成机具核验。",
        steps: &[s("受理", "综合受理窗口", 2), s("机具核验", "农机服务中心", 6), s("审核公示", "农机服务中心", 5), s("兑付", "财务股", 2)],
        statutory_days: 30, promised_days: 15, case_kind: Promise, special_procedures: &[SiteSurvey, Publicity],
        fee_basis: FREE, result_name: "农机购置补贴兑付确认", delivery: WE, visits: 0, online_depth: Full,
        keywords: &["农机补贴", "买拖拉机补贴", "买农机补贴", "njbt"],
        review_points: &["机具铭牌、出厂编号与发票一致", "购机发票真实", "同一机具不重复享受补贴"],
        faq: &[("买了农机什么时候申请？", "购机后在补贴辅助管理系统申请，核验通过后兑付。")],
        materials: &[req("农机购置补贴申请表"), ID_CARD, req("购机发票").other(), req("机具人机合影照片")],
        ..BASE
    },
    DemoItem {
        basic_code: "011400800100", name: "拖拉机和联合收割机登记", item_type: Permit, department: "nmj", levels: B,
        legal_basis: "《中华人民共和国道路交通安全法》第一百二十一条；《农业机械安全监督管理条例》第二十一条；《拖拉机和联合收割机登记规定》",
        conditions: "拖拉机、联合收割机投入使用前，所有人申请注册登记，机具经安全技术检验合格。",
        steps: flow!("农机安全监理站"; 0, 1, 1, 0), statutory_days: 5, promised_days: 2, case_kind: Promise, special_procedures: &[Inspection],
        fee_basis: FREE, result_name: "拖拉机和联合收割机号牌、行驶证、登记证书", delivery: W, visits: 1, online_depth: Offline,
        keywords: &["拖拉机上牌", "收割机上牌", "农机上户", "tljsp"],
        review_points: &["机具查验合格，发动机号、底盘号与合格证一致", "购机来历凭证真实"],
        faq: &[("拖拉机上牌要带车去吗？", "需要，须将机具开到农机安全监理站查验场地查验。")],
        materials: &[req("拖拉机和联合收割机登记申请表"), ID_CARD, req("购机发票").other(), req("出厂合格证明").other(), req("安全技术检验合格证明").gov()],
        stationed: false,
        negative_reason: Some(("site_limit", "须在农机安全监理站查验场地查验机具、拓印识别号码并安装号牌，政务服务大厅无查验场地")),
        ..BASE
    },
    DemoItem {
        basic_code: "101400900100", name: "动物及动物产品检疫合格证明出具（产地检疫）", item_type: OtherPower, department: "nmj", levels: BT,
        legal_basis: "《中华人民共和国动物防疫法》第四十九条；《动物检疫管理办法》",
        conditions: "出售或运输动物、动物产品前，货主按规定时限向所在地动物卫生监督机构申报检疫。",
        steps: &[s("申报受理", "动物卫生监督所", 0), s("现场检疫", "官方兽医", 1), s("出具证明", "官方兽医", 0)],
        statutory_days: 3, promised_days: 1, case_kind: Promise, special_procedures: &[Quarantine],
        fee_basis: "动物检疫不收取费用", result_name: "动物检疫合格证明", delivery: WE, visits: 0, online_depth: Full,
        keywords: &["卖羊检疫", "牛羊出栏检疫", "动物检疫证", "检疫票", "jyz"],
        review_points: &["畜禽标识齐全且与申报一致", "强制免疫记录在有效期内", "临床检查健康"],
        faq: &[("卖牛羊要提前多久申报？", "出售或运输动物前 3 天申报检疫，可通过手机申报，官方兽医到场检疫后出具电子证明。")],
        materials: &[req("检疫申报单"), req("畜禽标识和养殖档案").other(), ID_CARD.note("货主身份证")],
        stationed: false,
        negative_reason: Some(("site_limit", "产地检疫须由官方兽医在养殖场或指定地点对动物实施现场检疫，无法在政务服务大厅进行")),
        ..BASE
    },
    DemoItem {
        basic_code: "011401000100", name: "生鲜乳收购站许可", item_type: Permit, department: "nmj", levels: B,
        legal_basis: "《乳品质量安全监督管理条例》第二十条、第二十一条",
        conditions: "取得工商登记的乳制品生产企业、奶畜养殖场、奶农专业生产合作社开办生鲜乳收购站，符合生鲜乳收购站标准。",
        steps: &[s("受理", "综合受理窗口", 1), s("审查", "畜牧股", 3), s("现场核查", "畜牧股", 4), s("决定", "首席代表", 1), s("送达", "出件窗口", 1)],
        statutory_days: 20, promised_days: 10, case_kind: Promise, special_procedures: &[SiteSurvey],
        fee_basis: FREE, result_name: "生鲜乳收购许可证", delivery: WME, visits: 0, online_depth: Full,
        keywords: &["收牛奶", "奶站", "生鲜乳", "挤奶站"],
        review_points: &["挤奶、冷藏设施符合标准", "检测人员和检测设备配备到位"],
        faq: &[("个人可以开奶站吗？", "不可以，须由乳制品企业、奶畜养殖场或奶农专业生产合作社开办。")],
        materials: &[req("生鲜乳收购许可申请表"), LICENSE, req("收购站设施设备清单及平面图"), req("检测人员资格证明")],
        ..BASE
    },
    // ── 林业和草原局 (lcj) ────────────────────────────────────────────────────────────────
    DemoItem {
        basic_code: "011500100100", name: "林木采伐许可证核发", item_type: Permit, department: "lcj", levels: BT,
        legal_basis: "《中华人民共和国森林法》第五十六条、第五十七条",
        conditions: "采伐林地上的林木，有符合规定的采伐作业设计，在年度采伐限额内；农村居民采伐自留地和房前屋后个人所有的零星林木除外。",
        steps: flow!("森林资源管理股"; 0, 1, 1, 1), statutory_days: 20, promised_days: 3, case_kind: Promise, special_procedures: &[SiteSurvey],
        fee_basis: FREE, result_name: "林木采伐许可证", delivery: WME, visits: 0, online_depth: Full,
        keywords: &["砍树", "伐树审批", "采伐证", "间伐", "cfz"],
        review_points: &["在年度采伐限额内", "采伐地点、面积、蓄积量与伐区设计一致", "更新造林措施落实"],
        faq: &[("自家院里的树要办采伐证吗？", "农村居民采伐自留地和房前屋后个人所有的零星林木，不需要申请采伐许可证。")],
        materials: &[req("林木采伐申请表"), ID_CARD, req("林木权属证明").gov().by("不动产权证书电子证照"), req("伐区调查设计").agency().rq()],
        ..BASE
    },
    DemoItem {
        basic_code: "011500200100", name: "建设项目使用林地审核", item_type: Permit, department: "lcj", levels: B,
        legal_basis: "《中华人民共和国森林法》第三十七条；《建设项目使用林地审核审批管理办法》",
        conditions: "勘查、开采矿藏和各项建设工程需要占用或征收林地，符合林地保护利用规划和使用林地定额管理。",
        steps: &[s("受理", "综合受理窗口", 1), s("现场查验", "森林资源管理股", 4), s("审查", "森林资源管理股", 3), s("审核意见或转报", "首席代表", 2)],
        statutory_days: 20, promised_days: 10, case_kind: Promise, special_procedures: &[SiteSurvey, ExpertReview],
        fee: Some("按规定缴纳森林植被恢复费"), fee_basis: "《森林植被恢复费征收使用管理暂行办法》",
        result_name: "使用林地审核同意书或转报意见", delivery: WME, visits: 0, online_depth: Full,
        keywords: &["占用林地", "征收林地", "林地审批", "lddsh"],
        review_points: &["使用林地可行性报告经专家评审", "不占用禁止建设区域", "森林植被恢复费已缴纳"],
        faq: &[("占用多少林地在旗里审核？", "旗林草局在权限内审核，超过权限的出具初审意见后转报上级。")],
        materials: &[req("使用林地申请表"), LICENSE, req("建设项目有关批准文件").gov(), req("使用林地可行性报告或现状调查表").agency()],
        ..BASE
    },
    DemoItem {
        basic_code: "011500300100", name: "临时占用草原审批", item_type: Permit, department: "lcj", levels: B,
        legal_basis: "《中华人民共和国草原法》第四十条",
        conditions: "因建设项目施工、地质勘查等需要临时占用草原，占用期限不超过二年，不在草原上修建永久性建筑物、构筑物。",
        steps: &[s("受理", "综合受理窗口", 1), s("现场勘验", "草原监督管理股", 4), s("审查", "草原监督管理股", 3), s("决定", "首席代表", 1), s("送达", "出件窗口", 1)],
        statutory_days: 20, promised_days: 10, case_kind: Promise, special_procedures: &[SiteSurvey],
        fee: Some("按自治区标准缴纳草原植被恢复费"), fee_basis: "《中华人民共和国草原法》第三十九条；自治区草原植被恢复费收费标准",
        result_name: "临时占用草原审批决定", delivery: WME, visits: 0, online_depth: Full,
        keywords: &["占草场", "临时用草原", "草原施工", "lszy"],
        review_points: &["与草原承包经营者签订补偿协议", "占用期满后恢复植被方案可行"],
        faq: &[("临时占用草原最长多久？", "不超过二年，期满后须恢复草原植被并及时退还。")],
        materials: &[req("临时占用草原申请表"), LICENSE, req("草原承包经营者同意书及补偿协议"), req("草原植被恢复方案").agency()],
        ..BASE
    },
    DemoItem {
        basic_code: "011500400100", name: "在草原上修建直接为草原保护和畜牧业生产服务的工程设施审批", item_type: Permit, department: "lcj", levels: BT,
        legal_basis: "《中华人民共和国草原法》第五十四条",
        conditions: "在草原上修建棚圈、饲草饲料贮存和加工设施、人工草地灌溉设施等直接为草原保护和畜牧业生产服务的工程设施。",
        steps: &[s("受理", "苏木镇便民服务中心", 1), s("现场查验", "草原监督管理股", 2), s("决定", "首席代表", 1), s("送达", "出件窗口", 1)],
        statutory_days: 20, promised_days: 5, case_kind: Promise, special_procedures: &[SiteSurvey],
        fee_basis: FREE, result_name: "草原上修建工程设施批准文件", delivery: WME, visits: 0, online_depth: Full,
        keywords: &["建棚圈", "草原上盖房", "储草棚", "牧区建设施"],
        review_points: &["设施确属直接为草原保护和畜牧业生产服务", "占用面积符合标准"],
        faq: &[("牧民自己建羊圈要审批吗？", "在承包草原上修建棚圈等设施需要审批，可在苏木镇便民服务中心申请。")],
        materials: &[req("工程设施建设申请表"), ID_CARD, req("草原承包经营权证").gov().by("草原确权登记信息"), req("工程设施位置图和建设方案")],
        ..BASE
    },
    DemoItem {
        basic_code: "011500500100", name: "林业植物检疫证书核发", item_type: Permit, department: "lcj", levels: B,
        legal_basis: "《植物检疫条例》第七条、第八条；《植物检疫条例实施细则（林业部分）》",
        conditions: "调运林木种子、苗木和其他繁殖材料及应施检疫的林产品出县级行政区域。",
        steps: flow!("森林病虫害防治检疫站"; 0, 1, 1, 1), statutory_days: 20, promised_days: 3, case_kind: Promise, special_procedures: &[Quarantine],
        fee_basis: FREE, result_name: "植物检疫证书", delivery: WE, visits: 0, online_depth: Full,
        keywords: &["苗木检疫", "树苗外运", "调运检疫", "zwjy"],
        review_points: &["产地检疫合格", "调入地检疫要求已满足"],
        faq: &[("卖树苗到外地要办什么？", "调出本旗的苗木须办理植物检疫证书，可网上申请电子证书。")],
        materials: &[req("植物检疫申请表"), LICENSE, opt("产地检疫合格证").gov()],
        ..BASE
    },
    DemoItem {
        basic_code: "091500600100", name: "林木林地权属争议处理", item_type: Adjudication, department: "lcj", levels: BT,
        legal_basis: "《中华人民共和国森林法》第二十二条；《林木林地权属争议处理办法》",
        conditions: "单位之间、个人之间、个人与单位之间发生林木所有权和林地使用权争议，协商不成的。",
        steps: &[s("受理", "综合受理窗口", 5), s("调查取证", "林权争议调处办公室", 20), s("调解", "林权争议调处办公室", 10), s("处理决定", "首席代表", 5)],
        statutory_days: 60, promised_days: 40, case_kind: Promise, special_procedures: &[SiteSurvey],
        fee_basis: FREE, result_name: "林木林地权属争议调解书或处理决定", delivery: WM, visits: 1, online_depth: Apply,
        keywords: &["林地纠纷", "林权争议", "树木归属"],
        review_points: &["争议地四至清楚", "先行调解，调解不成的依法处理"],
        faq: &[("处理期间可以砍树吗？", "林权争议解决以前，任何一方不得砍伐有争议的林木。")],
        materials: &[req("林权争议处理申请书").n(1, 1), ID_CARD, req("权属证明和争议地示意图")],
        ..BASE
    },
    DemoItem {
        basic_code: "011500700100", name: "草种生产经营许可证核发", item_type: Permit, department: "lcj", levels: B,
        legal_basis: "《中华人民共和国种子法》第三十一条；《草种管理办法》",
        conditions: "从事草种生产经营，具有与生产经营规模相适应的生产、加工、包装、贮藏设施和检验人员。",
        steps: &[s("受理", "综合受理窗口", 1), s("审查", "草原工作站", 3), s("现场检查", "草原工作站", 4), s("决定", "首席代表", 1), s("送达", "出件窗口", 1)],
        statutory_days: 20, promised_days: 10, case_kind: Promise, special_procedures: &[SiteSurvey],
        fee_basis: FREE, result_name: "草种生产经营许可证", delivery: WME, visits: 0, online_depth: Full,
        keywords: &["卖草籽", "草种", "牧草种子", "cz"],
        review_points: &["草种检验人员经考核合格", "生产地点无检疫性有害生物"],
        faq: &[("卖苜蓿种子要办证吗？", "从事草种生产经营的须取得草种生产经营许可证。")],
        materials: &[req("草种生产经营许可申请表"), LICENSE, req("设施设备清单及产权证明"), req("检验人员资质证明")],
        ..BASE
    },
    // ── 生态环境局乌审旗分局 (sthjfj) ─────────────────────────────────────────────────────
    DemoItem {
        basic_code: "011600100100", name: "建设项目环境影响报告表审批", item_type: Permit, department: "sthjfj", levels: B,
        legal_basis: "《中华人民共和国环境影响评价法》第十六条、第二十二条；《建设项目环境保护管理条例》",
        conditions: "依法应当编制环境影响报告表的建设项目，符合生态环境分区管控要求，污染物排放符合国家和地方标准。",
        steps: &[s("受理并公示", "综合受理窗口", 1), s("技术评估", "环评审批股", 4), s("审查", "环评审批股", 3), s("拟批准公示", "环评审批股", 0), s("决定", "首席代表", 1), s("送达", "出件窗口", 1)],
        statutory_days: 30, promised_days: 10, case_kind: Promise, special_procedures: &[ExpertReview, Publicity],
        fee_basis: FREE, result_name: "建设项目环境影响报告表批复", delivery: WME, visits: 0, online_depth: Full,
        keywords: &["环评", "环评审批", "环境影响评价", "hp"],
        review_points: &["项目选址符合生态环境分区管控要求", "污染防治措施可行、达标排放", "受理和拟批准信息公示期满"],
        faq: &[("环评报告表要多久批下来？", "承诺 10 个工作日，技术评估和公示时间不计入。")],
        materials: &[req("建设项目环境影响评价审批申请表"), LICENSE, req("环境影响报告表").agency(), opt("删除涉及国家秘密和商业秘密内容的说明")],
        ..BASE
    },
    DemoItem {
        basic_code: "121600200100", name: "建设项目环境影响登记表备案", item_type: Filing, department: "sthjfj", levels: B,
        legal_basis: "《中华人民共和国环境影响评价法》第二十二条；《建设项目环境影响登记表备案管理办法》",
        conditions: "依法应当填报环境影响登记表的建设项目，在建成并投入生产运营前备案。",
        steps: ON_THE_SPOT, statutory_days: 0, promised_days: 0, case_kind: Instant,
        fee_basis: FREE, result_name: "环境影响登记表备案回执", delivery: WE, visits: 0, online_depth: Full,
        keywords: &["环评备案", "环评登记表", "hpba"],
        review_points: &["项目确属登记表类别", "建设单位承诺真实"],
        faq: &[("登记表备案需要到窗口吗？", "不需要，在建设项目环境影响登记表备案系统在线填报即时生成回执。")],
        materials: &[req("建设项目环境影响登记表").note("网上填报"), LICENSE, opt("建设项目基本情况说明")],
        ..BASE
    },
    DemoItem {
        basic_code: "011600300100", name: "排污许可证核发", item_type: Permit, department: "sthjfj", levels: B,
        legal_basis: "《排污许可管理条例》第二条、第十条至第十三条",
        conditions: "纳入固定污染源排污许可分类管理名录重点管理或简化管理的排污单位，污染物排放符合标准和总量控制要求。",
        steps: &[s("受理", "综合受理窗口", 1), s("技术审查", "环境管理股", 4), s("现场核查", "环境管理股", 3), s("决定", "首席代表", 1), s("送达", "出件窗口", 1)],
        statutory_days: 20, promised_days: 10, case_kind: Promise, special_procedures: &[SiteSurvey],
        fee_basis: FREE, result_name: "排污许可证", delivery: WME, visits: 0, online_depth: Full,
        keywords: &["排污证", "排污许可证", "pwxk"],
        review_points: &["自行监测方案符合技术规范", "排放口设置规范", "执行报告、台账要求明确"],
        faq: &[("排污许可证有效期多久？", "有效期 5 年，期满前 60 日申请延续。")],
        materials: &[req("排污许可证申请表").note("在全国排污许可证管理信息平台填报"), LICENSE, req("自行监测方案"), req("守法承诺书").promise()],
        ..BASE
    },
    DemoItem {
        basic_code: "121600400100", name: "固定污染源排污登记", item_type: Filing, department: "sthjfj", levels: B,
        legal_basis: "《排污许可管理条例》第二十四条；《固定污染源排污许可分类管理名录》",
        conditions: "污染物产生量、排放量和对环境的影响程度很小，实行排污登记管理的排污单位。",
        steps: ON_THE_SPOT, statutory_days: 0, promised_days: 0, case_kind: Instant,
        fee_basis: FREE, result_name: "固定污染源排污登记回执", delivery: WE, visits: 0, online_depth: Full,
        keywords: &["排污登记", "小企业排污", "pwdj"],
        review_points: &["确属登记管理类别", "登记信息真实完整"],
        faq: &[("排污登记和排污许可有什么区别？", "污染影响很小的单位只需在线登记，不需申请排污许可证。")],
        materials: &[req("固定污染源排污登记表").note("网上填报"), LICENSE, opt("污染治理设施说明")],
        ..BASE
    },
    // ── 水利局 (slj) ─────────────────────────────────────────────────────────────────────
    DemoItem {
        basic_code: "011700100100", name: "取水许可", item_type: Permit, department: "slj", levels: B,
        legal_basis: "《中华人民共和国水法》第七条、第四十八条；《取水许可和水资源费征收管理条例》",
        conditions: "直接从江河、湖泊或地下取用水资源，符合水资源规划和用水总量控制指标，已编制水资源论证报告。",
        steps: &[s("受理", "综合受理窗口", 2), s("技术审查", "水资源管理股", 10), s("决定", "首席代表", 5), s("制证送达", "出件窗口", 3)],
        statutory_days: 45, promised_days: 20, case_kind: Promise, special_procedures: &[ExpertReview, SiteSurvey],
        fee_basis: "取水许可审批不收费；取用水资源按内蒙古自治区水资源税规定缴纳水资源税", result_name: "取水许可证（电子证照）", delivery: WE, visits: 0, online_depth: Full,
        keywords: &["打井审批", "取水证", "用水许可", "机电井", "qsxk"],
        review_points: &["用水总量控制指标有余量", "水资源论证报告经专家审查", "计量设施安装到位"],
        faq: &[("农牧民家庭生活用水打井要办吗？", "家庭生活和零星散养、圈养畜禽饮用等少量取水的，不需要申请取水许可。")],
        materials: &[req("取水许可申请书"), LICENSE, req("建设项目水资源论证报告").agency(), req("与第三者利害关系的相关说明").promise()],
        ..BASE
    },
    DemoItem {
        basic_code: "011700200100", name: "河道管理范围内建设项目工程建设方案审批", item_type: Permit, department: "slj", levels: B,
        legal_basis: "《中华人民共和国水法》第三十八条；《中华人民共和国防洪法》第二十七条；《中华人民共和国河道管理条例》第十一条",
        conditions: "在河道管理范围内建设桥梁、码头、道路、管道、缆线等建筑物、构筑物，工程建设方案符合防洪标准和岸线规划。",
        steps: &[s("受理", "综合受理窗口", 1), s("技术审查", "河湖管理股", 5), s("决定", "首席代表", 3), s("送达", "出件窗口", 1)],
        statutory_days: 20, promised_days: 10, case_kind: Promise, special_procedures: &[ExpertReview],
        fee_basis: FREE, result_name: "河道管理范围内建设项目工程建设方案审批决定", delivery: WME, visits: 0, online_depth: Full,
        keywords: &["河道施工", "过河管线", "跨河桥梁", "涉河审批"],
        review_points: &["防洪评价报告结论明确", "不影响河势稳定和堤防安全"],
        faq: &[("无定河上修桥要办什么？", "须办理河道管理范围内建设项目工程建设方案审批，并编制防洪评价报告。")],
        materials: &[req("河道管理范围内建设项目申请书"), LICENSE, req("工程建设方案"), req("防洪评价报告").agency()],
        ..BASE
    },
    DemoItem {
        basic_code: "011700300100", name: "生产建设项目水土保持方案审批", item_type: Permit, department: "slj", levels: B,
        legal_basis: "《中华人民共和国水土保持法》第二十五条、第二十六条",
        conditions: "在山区、丘陵区、风沙区以及水土保持规划确定的容易发生水土流失的其他区域开办可能造成水土流失的生产建设项目。",
        steps: flow!("水土保持股"; 1, 4, 1, 1), statutory_days: 20, promised_days: 7, case_kind: Promise, special_procedures: &[ExpertReview],
        fee: Some("按规定缴纳水土保持补偿费"), fee_basis: "《水土保持补偿费征收使用管理办法》；自治区水土保持补偿费收费标准",
        result_name: "水土保持方案批复", delivery: WME, visits: 0, online_depth: Full,
        keywords: &["水保方案", "水土保持", "风沙区项目", "stbc"],
        review_points: &["水土流失防治措施和责任范围明确", "水土保持补偿费已缴纳"],
        faq: &[("征占地 5 公顷以下的项目怎么办？", "可填报水土保持方案报告表，实行承诺制管理。")],
        materials: &[req("水土保持方案审批申请"), LICENSE, req("水土保持方案报告书或报告表").agency()],
        ..BASE
    },
    // ── 退役军人事务局 (tyjrj) ─────────────────────────────────────────────────────────────
    DemoItem {
        basic_code: "111800100100", name: "退役军人、其他优抚对象优待证申领", item_type: PublicService, department: "tyjrj", levels: BTV,
        legal_basis: "《中华人民共和国退役军人保障法》第六十四条；《退役军人、其他优抚对象优待证管理办法（试行）》",
        conditions: "户籍在本旗的退役军人、烈士遗属、因公牺牲军人遗属、病故军人遗属等优抚对象。",
        steps: &[s("受理", "退役军人服务站", 2), s("信息审核", "优抚安置股", 8), s("制证", "自治区制证机构", 8), s("发证", "退役军人服务站", 2)],
        statutory_days: 30, promised_days: 20, case_kind: Promise,
        fee_basis: FREE, result_name: "中华人民共和国退役军人优待证", delivery: WM, visits: 0, online_depth: Full,
        keywords: &["优待证", "退伍军人证", "军人优待证", "ydz"],
        review_points: &["身份信息与退役军人信息采集系统一致", "照片符合制证标准"],
        faq: &[("优待证有什么用？", "凭证在交通、文旅、金融等方面享受国家和自治区规定的优待。")],
        materials: &[ID_CARD, req("退役证明").gov().by("退役军人信息系统"), req("近期免冠彩色证件照（电子版）")],
        ..BASE
    },
    DemoItem {
        basic_code: "071800200100", name: "退役军人残疾等级评定", item_type: Confirmation, department: "tyjrj", levels: B,
        legal_basis: "《军人抚恤优待条例》；《伤残抚恤管理办法》",
        conditions: "退役军人在服役期间因战、因公、因病致残，符合补办评定残疾等级条件。",
        steps: &[s("受理", "综合受理窗口", 5), s("调查核实", "优抚安置股", 15), s("医学鉴定", "指定医疗卫生机构", 0), s("审核上报", "首席代表", 10)],
        statutory_days: 60, promised_days: 30, case_kind: Promise, special_procedures: &[Appraisal, Publicity],
        fee_basis: FREE, result_name: "残疾等级评定审核意见（报市、自治区审批）", delivery: WM, visits: 1, online_depth: Apply,
        keywords: &["伤残评定", "评残", "伤残军人", "残疾军人证"],
        review_points: &["致残原因有服役期间原始医疗档案佐证", "医学鉴定结论明确", "审核结果公示无异议"],
        faq: &[("评残需要本人到场吗？", "需要，本人须到指定医疗卫生机构进行医学鉴定。")],
        materials: &[req("残疾等级评定申请表"), ID_CARD, req("服役期间致残原始医疗档案").other().paper(), req("退役证明").gov().by("退役军人信息系统")],
        ..BASE
    },
    DemoItem {
        basic_code: "051800300100", name: "烈士遗属、因公牺牲军人遗属、病故军人遗属定期抚恤金给付", item_type: Payment, department: "tyjrj", levels: BT,
        legal_basis: "《军人抚恤优待条例》；《烈士褒扬条例》",
        conditions: "符合条件的烈士遗属、因公牺牲军人遗属、病故军人遗属。",
        steps: &[s("受理", "综合受理窗口", 2), s("审核", "优抚安置股", 6), s("审批", "首席代表", 2)],
        statutory_days: 20, promised_days: 10, case_kind: Promise,
        fee_basis: FREE, result_name: "定期抚恤金发放确认", delivery: WE, visits: 0, online_depth: Full,
        keywords: &["烈属抚恤", "遗属抚恤金", "军属补助"],
        review_points: &["遗属身份和亲属关系证明充分", "生活来源状况符合条件"],
        faq: &[("抚恤金按月还是按年发？", "按月发放至本人社会保障卡或银行账户。")],
        materials: &[req("定期抚恤金申请表"), ID_CARD, req("烈士证明书或牺牲、病故证明书").gov(), req("亲属关系证明").promise()],
        ..BASE
    },
    DemoItem {
        basic_code: "111800400100", name: "退役士兵报到与安置接收", item_type: PublicService, department: "tyjrj", levels: B,
        legal_basis: "《中华人民共和国退役军人保障法》；《退役士兵安置条例》",
        conditions: "退出现役安置地为本旗的士兵，在规定时间内持退役证件报到。",
        steps: ON_THE_SPOT, statutory_days: 0, promised_days: 0, case_kind: Instant,
        fee_basis: FREE, result_name: "退役士兵报到登记及安置信息", delivery: WE, visits: 0, online_depth: Full,
        keywords: &["退伍报到", "退役报到", "士兵安置", "tybd"],
        review_points: &["退役证件与部队移交档案一致", "同步办理户口落户、社保接续告知"],
        faq: &[("退伍后多久内报到？", "应当自被批准退出现役之日起 30 日内到安置地报到。")],
        materials: &[req("退出现役证").gov(), ID_CARD, req("部队介绍信").gov().paper()],
        ..BASE
    },
    DemoItem {
        basic_code: "051800500100", name: "自主就业退役士兵一次性经济补助金给付", item_type: Payment, department: "tyjrj", levels: B,
        legal_basis: "《退役士兵安置条例》；《中华人民共和国退役军人保障法》第三十三条",
        conditions: "选择自主就业方式安置的退役士兵，已在本旗报到。",
        steps: &[s("受理", "综合受理窗口", 2), s("审核", "优抚安置股", 6), s("发放", "财务股", 2)],
        statutory_days: 20, promised_days: 10, case_kind: Promise,
        fee_basis: FREE, result_name: "一次性经济补助金发放确认", delivery: WE, visits: 0, online_depth: Full,
        keywords: &["退伍补助", "一次性补助", "自主就业补助"],
        review_points: &["服役年限与档案一致", "补助标准按自治区当年标准核定"],
        faq: &[("补助金多久到账？", "审核通过后 10 个工作日内发放到本人账户。")],
        materials: &[ID_CARD, req("退出现役证").gov(), req("本人银行账户")],
        ..BASE
    },
    // ── 残疾人联合会 (cjrlh) ──────────────────────────────────────────────────────────────
    DemoItem {
        basic_code: "071900100100", name: "残疾人证核发", item_type: Confirmation, department: "cjrlh", levels: BT,
        legal_basis: "《中华人民共和国残疾人保障法》；《中华人民共和国残疾人证管理办法》",
        conditions: "本旗户籍、符合残疾标准的视力、听力、言语、肢体、智力、精神及多重残疾人。",
        steps: &[s("受理", "综合受理窗口", 1), s("残疾评定", "指定评残医疗机构", 0), s("审核", "残联康复部", 7), s("制证", "残联康复部", 5), s("发证", "出件窗口", 2)],
        statutory_days: 30, promised_days: 15, case_kind: Promise, special_procedures: &[Appraisal],
        fee_basis: "残疾人证免费发放，评残费用按规定减免", result_name: "中华人民共和国残疾人证（第三代智能化）", delivery: WME, visits: 0, online_depth: Full,
        keywords: &["办残疾证", "残疾证", "评残", "cjz"],
        review_points: &["评定结论符合残疾标准", "残疾类别、等级与评定一致"],
        faq: &[("行动不便的能上门评残吗？", "可以申请上门评残服务。")],
        materials: &[req("残疾人证申请表"), ID_CARD, HUKOU, req("近期 2 寸免冠彩色照片（电子版）")],
        ..BASE
    },
    DemoItem {
        basic_code: "071900100200", name: "残疾人证换领、补领", item_type: Confirmation, department: "cjrlh", levels: BT,
        legal_basis: "《中华人民共和国残疾人证管理办法》",
        conditions: "残疾人证有效期满、遗失或损毁。",
        steps: &[s("受理", "综合受理窗口", 1), s("审核", "残联康复部", 2), s("制证发证", "出件窗口", 2)],
        statutory_days: 20, promised_days: 5, case_kind: Promise,
        fee_basis: FREE, result_name: "中华人民共和国残疾人证", delivery: WME, visits: 0, online_depth: Full,
        keywords: &["残疾证到期", "补残疾证", "换残疾证", "cjz"],
        review_points: &["有效期满的按规定重新评定", "遗失补领的原证作废"],
        faq: &[("残疾证到期要重新评残吗？", "有效期满换领时须重新评定，部分类别可按规定免于评定。")],
        materials: &[ID_CARD, req("原残疾人证").note("遗失的签署说明"), opt("近期 2 寸免冠彩色照片（电子版）")],
        ..BASE
    },
    DemoItem {
        basic_code: "051900200100", name: "困难残疾人生活补贴和重度残疾人护理补贴", item_type: Payment, department: "cjrlh", levels: BTV,
        legal_basis: "《国务院关于全面建立困难残疾人生活补贴和重度残疾人护理补贴制度的意见》（国发〔2015〕52号）",
        conditions: "持第三代残疾人证，属于低保家庭的残疾人或残疾等级为一级、二级的重度残疾人。",
        steps: &[s("受理", "嘎查村便民服务站、苏木镇便民服务中心", 2), s("初审", "苏木镇残联", 3), s("审核", "残联维权部", 3), s("审定", "民政局社会救助股", 2)],
        statutory_days: 20, promised_days: 10, case_kind: Promise,
        fee_basis: FREE, result_name: "残疾人两项补贴审定通知", delivery: WE, visits: 0, online_depth: Full,
        keywords: &["两项补贴", "残疾补贴", "护理补贴", "残疾人生活补贴", "lxbt"],
        review_points: &["低保信息与民政共享信息一致", "残疾等级符合重度残疾标准"],
        faq: &[("两项补贴可以同时领吗？", "低保家庭中的重度残疾人可同时享受两项补贴。")],
        materials: &[req("残疾人两项补贴申请审批表"), req("第三代残疾人证").gov().by("残疾人证电子证照"), opt("最低生活保障证").gov().by("民政救助信息共享")],
        ..BASE
    },
    DemoItem {
        basic_code: "111900300100", name: "残疾儿童康复救助申请", item_type: PublicService, department: "cjrlh", levels: BT,
        legal_basis: "《国务院关于建立残疾儿童康复救助制度的意见》（国发〔2018〕20号）",
        conditions: "本旗户籍或持居住证的 0-6 岁视力、听力、言语、肢体、智力等残疾儿童和孤独症儿童。",
        steps: &[s("受理", "综合受理窗口", 1), s("审核", "残联康复部", 5), s("确定康复机构", "残联康复部", 3), s("告知", "出件窗口", 1)],
        statutory_days: 20, promised_days: 10, case_kind: Promise, special_procedures: &[Appraisal],
        fee_basis: FREE, result_name: "残疾儿童康复救助审批结果", delivery: WE, visits: 0, online_depth: Full,
        keywords: &["孤独症康复", "自闭症", "儿童康复", "康复救助"],
        review_points: &["医疗机构诊断证明明确", "康复机构为定点机构"],
        faq: &[("没有残疾证能申请吗？", "可以，提供二级以上医疗机构的诊断证明即可申请。")],
        materials: &[req("残疾儿童康复救助申请表"), HUKOU, req("医疗机构诊断证明").other(), opt("残疾人证").gov().by("残疾人证电子证照")],
        ..BASE
    },
    // ── 住房公积金管理中心乌审旗分中心 (gjj) ───────────────────────────────────────────────
    DemoItem {
        basic_code: "112000100100", name: "住房公积金单位缴存登记", item_type: PublicService, department: "gjj", levels: B,
        legal_basis: "《住房公积金管理条例》第十三条、第十四条",
        conditions: "新设立的单位自设立之日起 30 日内办理住房公积金缴存登记。",
        steps: ON_THE_SPOT, statutory_days: 0, promised_days: 0, case_kind: Instant,
        fee_basis: FREE, result_name: "住房公积金单位缴存登记信息", delivery: WE, visits: 0, online_depth: Full,
        keywords: &["公积金开户", "单位交公积金", "公积金登记", "gjj"],
        review_points: &["单位信息与市场主体登记信息一致", "缴存比例在 5%-12% 之间"],
        faq: &[("个体户能给员工交公积金吗？", "可以，个体工商户及其雇工可以自愿缴存。")],
        materials: &[req("住房公积金单位缴存登记表"), LICENSE, REP_ID],
        ..BASE
    },
    DemoItem {
        basic_code: "112000200100", name: "住房公积金个人账户设立", item_type: PublicService, department: "gjj", levels: B,
        legal_basis: "《住房公积金管理条例》第十五条",
        conditions: "单位录用职工的，自录用之日起 30 日内为职工办理住房公积金账户设立；灵活就业人员可自愿缴存。",
        steps: ON_THE_SPOT, statutory_days: 0, promised_days: 0, case_kind: Instant,
        fee_basis: FREE, result_name: "住房公积金个人账户", delivery: WE, visits: 0, online_depth: Full,
        keywords: &["公积金个人开户", "灵活就业交公积金", "新员工公积金", "gjj"],
        review_points: &["职工身份信息与公安人口库比对一致", "个人账户不重复开立"],
        faq: &[("换工作公积金账户要重新开吗？", "同城换单位只需办理账户转移，不重复开户。")],
        materials: &[req("住房公积金个人账户设立清册"), ID_CARD.note("职工身份信息共享核验"), opt("灵活就业人员自愿缴存协议").note("灵活就业人员缴存时签订")],
        ..BASE
    },
    DemoItem {
        basic_code: "112000300100", name: "住房公积金提取（退休）", item_type: PublicService, department: "gjj", levels: B,
        legal_basis: "《住房公积金管理条例》第二十四条、第二十五条",
        conditions: "职工离休、退休，可以提取本人住房公积金账户全部余额并销户。",
        steps: ON_THE_SPOT, statutory_days: 3, promised_days: 0, case_kind: Instant,
        fee_basis: FREE, result_name: "住房公积金提取到账凭证", delivery: WE, visits: 0, online_depth: Full,
        keywords: &["退休取公积金", "公积金销户", "公积金提取", "gjj"],
        review_points: &["退休信息由人社部门共享核验", "提取资金转入本人银行账户"],
        faq: &[("退休取公积金要单位盖章吗？", "不需要，退休信息共享后可在手机上直接提取。")],
        materials: &[ID_CARD, req("退休证明").gov().by("人社退休信息共享"), req("本人银行卡")],
        ..BASE
    },
    DemoItem {
        basic_code: "112000300200", name: "住房公积金提取（购买自住住房）", item_type: PublicService, department: "gjj", levels: B,
        legal_basis: "《住房公积金管理条例》第二十四条、第二十五条",
        conditions: "职工及配偶购买自住住房，在购房之日起规定期限内申请提取。",
        steps: ON_THE_SPOT, statutory_days: 3, promised_days: 0, case_kind: Instant,
        fee_basis: FREE, result_name: "住房公积金提取到账凭证", delivery: WE, visits: 0, online_depth: Full,
        keywords: &["买房取公积金", "购房提取", "首付提公积金", "gjj"],
        review_points: &["购房合同已网签备案或已取得不动产权证书", "提取额不超过购房总价款", "配偶共同提取的核验婚姻关系"],
        faq: &[("买二手房能提取吗？", "可以，凭不动产权证书和完税信息申请。")],
        materials: &[ID_CARD, req("购房合同或不动产权证书").gov().by("不动产登记信息共享"), opt("结婚证").by("结婚证电子证照").note("配偶共同提取时提供")],
        ..BASE
    },
    DemoItem {
        basic_code: "112000300300", name: "住房公积金提取（租赁住房）", item_type: PublicService, department: "gjj", levels: B,
        legal_basis: "《住房公积金管理条例》第二十四条；《住房城乡建设部 财政部 人民银行关于放宽提取住房公积金支付房租条件的通知》",
        conditions: "职工本人及配偶在缴存地无自有住房且租赁住房。",
        steps: ON_THE_SPOT, statutory_days: 3, promised_days: 0, case_kind: Instant,
        fee_basis: FREE, result_name: "住房公积金提取到账凭证", delivery: WE, visits: 0, online_depth: Full,
        keywords: &["租房提取", "交房租取公积金", "租房公积金", "gjj"],
        review_points: &["不动产登记信息查询本人及配偶无房", "按年度提取额度上限控制"],
        faq: &[("租房提取需要租赁合同吗？", "无房租房的可凭承诺书按标准提取，不需提交租赁合同。")],
        materials: &[ID_CARD, req("无房承诺书").promise(), opt("房屋租赁合同").note("按实际房租提取时提供")],
        ..BASE
    },
    DemoItem {
        basic_code: "112000300400", name: "住房公积金提取（偿还住房贷款本息）", item_type: PublicService, department: "gjj", levels: B,
        legal_basis: "《住房公积金管理条例》第二十四条",
        conditions: "职工及配偶偿还购买自住住房贷款本息。",
        steps: ON_THE_SPOT, statutory_days: 3, promised_days: 0, case_kind: Instant,
        fee_basis: FREE, result_name: "住房公积金提取到账凭证", delivery: WE, visits: 0, online_depth: Full,
        keywords: &["还房贷取公积金", "商贷提取", "还贷提取", "gjj"],
        review_points: &["贷款合同与还款记录真实", "提取额不超过已还本息"],
        faq: &[("可以按月自动提取还贷吗？", "可以签约按月委托提取，直接冲还公积金贷款。")],
        materials: &[ID_CARD, req("借款合同及还款明细").other(), opt("结婚证").by("结婚证电子证照").note("提取配偶账户时提供")],
        ..BASE
    },
    DemoItem {
        basic_code: "112000400100", name: "住房公积金个人住房贷款", item_type: PublicService, department: "gjj", levels: B,
        legal_basis: "《住房公积金管理条例》第二十六条",
        conditions: "缴存职工连续足额缴存满规定期限，购买、建造、翻建、大修自住住房，具有稳定收入和偿还能力。",
        steps: &[s("受理与面签", "公积金贷款窗口", 1), s("贷款审核", "信贷股", 2), s("审批", "首席代表", 1), s("签约放款", "受托银行", 1)],
        statutory_days: 15, promised_days: 5, case_kind: Promise,
        fee_basis: "不收取贷款手续费；抵押登记费按不动产登记收费标准由借款人缴纳", result_name: "住房公积金贷款审批通知书及借款合同", delivery: W, visits: 1, online_depth: Apply,
        keywords: &["公积金贷款", "买房贷款", "公积金买房", "gjjdk"],
        review_points: &["缴存时间和连续性符合规定", "贷款额度按缴存余额倍数和偿还能力计算", "借款人征信无严重不良记录"],
        faq: &[("公积金贷款最多能贷多少？", "按账户余额倍数、还款能力和房价比例综合核定，不超过分中心规定的最高额度。")],
        materials: &[ID_CARD, req("购房合同").by("网签备案信息共享"), req("首付款凭证").other(), req("婚姻状况证明").by("婚姻登记信息共享").promise(), req("收入证明").other().rq()],
        ..BASE
    },
    DemoItem {
        basic_code: "112000500100", name: "住房公积金异地转移接续", item_type: PublicService, department: "gjj", levels: B,
        legal_basis: "《住房公积金管理条例》；《全国住房公积金异地转移接续业务操作规程》",
        conditions: "缴存职工跨城市就业，在转入地已开立个人账户并正常缴存。",
        steps: ON_THE_SPOT, statutory_days: 3, promised_days: 0, case_kind: Instant,
        fee_basis: FREE, result_name: "住房公积金转移接续完成通知", delivery: WE, visits: 0, online_depth: Full,
        keywords: &["公积金转移", "换城市公积金", "公积金转过来", "gjj"],
        review_points: &["转入地账户状态正常", "通过全国转移接续平台办理，缴存时间合并计算"],
        faq: &[("要回原来的城市办吗？", "不用，在转入地申请即可，资金通过平台划转。")],
        materials: &[ID_CARD, req("住房公积金异地转移接续申请表"), opt("转出地住房公积金账户信息").gov().by("全国住房公积金异地转移接续平台")],
        ..BASE
    },
    // ── 司法局 (sfj) ─────────────────────────────────────────────────────────────────────
    DemoItem {
        basic_code: "112100100100", name: "法律援助申请", item_type: PublicService, department: "sfj", levels: BT,
        legal_basis: "《中华人民共和国法律援助法》第三十一条、第四十一条、第四十三条",
        conditions: "因经济困难没有委托代理人，就请求给予社会保险待遇、劳动报酬、赡养费等事项申请法律援助；特定情形免予经济困难审查。",
        steps: &[s("受理", "法律援助工作站", 1), s("审查", "法律援助中心", 1), s("决定并指派律师", "法律援助中心", 1)],
        statutory_days: 7, promised_days: 3, case_kind: Promise,
        fee_basis: "法律援助免费提供", result_name: "给予法律援助决定书及指派通知", delivery: WM, visits: 0, online_depth: Full,
        keywords: &["免费律师", "打官司没钱", "讨薪", "法律援助", "flyz"],
        review_points: &["经济困难状况采用个人诚信承诺", "追索劳动报酬、英烈保护等情形免予经济困难审查"],
        faq: &[("农民工讨薪能申请法律援助吗？", "可以，请求支付劳动报酬的农民工申请法律援助免予经济困难审查。")],
        materials: &[req("法律援助申请表"), ID_CARD, req("经济困难状况说明表").promise(), req("与所申请法律援助事项有关的材料")],
        ..BASE
    },
    DemoItem {
        basic_code: "112100200100", name: "国内民事公证（亲属关系、出生、学历等）", item_type: PublicService, department: "sfj", levels: B,
        legal_basis: "《中华人民共和国公证法》第十一条、第三十条",
        conditions: "自然人、法人或其他组织申请办理公证，申请公证的事项真实、合法。",
        steps: &[s("受理", "公证处窗口", 1), s("审查核实", "公证员", 3), s("出具公证书", "公证处", 1)],
        statutory_days: 15, promised_days: 5, case_kind: Promise,
        fee: Some("按自治区公证服务收费标准收取"), fee_basis: "《中华人民共和国公证法》第三十四条；内蒙古自治区公证服务收费标准",
        result_name: "公证书", delivery: WM, visits: 1, online_depth: Apply,
        keywords: &["公证", "亲属关系公证", "公证书", "出国公证", "gz"],
        review_points: &["当事人身份和申请事项真实", "需核实的事项在规定期限内完成核实", "核实时间不计入期限"],
        faq: &[("公证一定要本人去吗？", "一般需本人到场，部分公证事项可委托他人代办或网上申请后到场签字。")],
        materials: &[req("公证申请表"), ID_CARD, req("与公证事项有关的证明材料").note("如户口簿、毕业证书等")],
        ..BASE
    },
    DemoItem {
        basic_code: "112100300100", name: "人民调解申请", item_type: PublicService, department: "sfj", levels: BTV,
        legal_basis: "《中华人民共和国人民调解法》第十七条",
        conditions: "当事人之间发生民间纠纷，自愿申请人民调解。",
        steps: &[s("受理", "人民调解委员会", 1), s("调解", "人民调解员", 12), s("制作调解协议", "人民调解委员会", 2)],
        statutory_days: 30, promised_days: 15, case_kind: Promise,
        fee_basis: "人民调解不收取任何费用", result_name: "人民调解协议书", delivery: W, visits: 1, online_depth: Apply,
        keywords: &["邻里纠纷", "调解", "吵架调解", "家庭纠纷", "tj"],
        review_points: &["双方自愿接受调解", "不属于法律规定不得调解的事项"],
        faq: &[("调解协议有法律效力吗？", "具有法律约束力，双方可以共同向人民法院申请司法确认。")],
        materials: &[req("人民调解申请书"), ID_CARD, opt("纠纷相关证据材料")],
        ..BASE
    },
    // ── 应急管理局 (yjglj) ────────────────────────────────────────────────────────────────
    DemoItem {
        basic_code: "012200100100", name: "危险化学品经营许可（不带储存设施）", item_type: Permit, department: "yjglj", levels: B,
        legal_basis: "《危险化学品安全管理条例》第三十三条、第三十五条；《危险化学品经营许可证管理办法》",
        conditions: "经营场所和储存设施符合国家标准，从业人员经专业技术培训考核合格，有健全的安全管理规章制度和事故应急预案。",
        steps: &[s("受理", "综合受理窗口", 1), s("材料审查", "危化品监管股", 3), s("现场核查", "危化品监管股", 4), s("决定", "首席代表", 1), s("制证送达", "出件窗口", 1)],
        statutory_days: 30, promised_days: 10, case_kind: Promise, special_procedures: &[SiteSurvey],
        fee_basis: FREE, result_name: "危险化学品经营许可证", delivery: WME, visits: 0, online_depth: Full,
        keywords: &["危化品许可", "卖油漆", "卖化工产品", "危险品经营", "whp"],
        review_points: &["主要负责人和安全管理人员考核合格", "经营场所符合防火、防爆要求", "事故应急预案已备案"],
        faq: &[("加油站在这里办吗？", "带有储存设施的经营许可由市应急管理局审批，旗应急管理局负责不带储存设施的经营许可。")],
        materials: &[req("危险化学品经营许可证申请表"), LICENSE, req("主要负责人、安全管理人员考核合格证明").gov(), req("安全管理制度和岗位操作规程").promise(), req("经营场所产权或租赁证明").by("不动产权证书电子证照")],
        ..BASE
    },
    DemoItem {
        basic_code: "012200200100", name: "烟花爆竹经营（零售）许可", item_type: Permit, department: "yjglj", levels: BT,
        legal_basis: "《烟花爆竹安全管理条例》第十八条、第十九条",
        conditions: "烟花爆竹零售经营者有与其经营规模相适应的零售经营场所、安全防范措施，主要负责人经过安全知识教育，符合零售经营布点规划。",
        steps: &[s("受理", "综合受理窗口", 1), s("现场核查", "安全生产综合股", 2), s("决定", "首席代表", 1), s("制证送达", "出件窗口", 1)],
        statutory_days: 20, promised_days: 5, case_kind: Promise, special_procedures: &[SiteSurvey],
        fee_basis: FREE, result_name: "烟花爆竹经营（零售）许可证", delivery: WME, visits: 0, online_depth: Full,
        keywords: &["卖鞭炮", "烟花爆竹零售", "过年卖炮", "卖烟花", "yhbz"],
        review_points: &["零售点符合布点规划", "储存量不超过规定限量", "与居民住宅等保持安全距离"],
        faq: &[("过年临时卖烟花要办证吗？", "要，须在规定期限内申请零售许可，取得许可证后按规定时段销售。")],
        materials: &[req("烟花爆竹经营（零售）许可证申请书"), LICENSE, req("零售场所产权或租赁证明"), req("主要负责人安全知识培训证明").gov().rq()],
        ..BASE
    },
    DemoItem {
        basic_code: "122200300100", name: "生产经营单位生产安全事故应急预案备案", item_type: Filing, department: "yjglj", levels: B,
        legal_basis: "《中华人民共和国安全生产法》第八十一条；《生产安全事故应急预案管理办法》",
        conditions: "生产经营单位编制的应急预案经评审或论证，由主要负责人签署公布后 20 个工作日内备案。",
        steps: ON_THE_SPOT, statutory_days: 0, promised_days: 0, case_kind: Instant,
        fee_basis: FREE, result_name: "应急预案备案登记表", delivery: WE, visits: 0, online_depth: Full,
        keywords: &["应急预案备案", "预案备案", "yjya"],
        review_points: &["预案已经评审或论证", "主要负责人签署公布"],
        faq: &[("预案多久修订一次？", "一般每三年评估一次，有重大变化的及时修订并重新备案。")],
        materials: &[req("应急预案备案申报表"), req("应急预案评审或论证意见").agency(), req("应急预案文本及风险评估、资源调查结果")],
        ..BASE
    },
    DemoItem {
        basic_code: "082200400100", name: "安全生产举报奖励", item_type: Award, department: "yjglj", levels: B,
        legal_basis: "《中华人民共和国安全生产法》第七十三条、第七十六条；《安全生产领域举报奖励办法》",
        conditions: "举报的重大事故隐患或安全生产违法行为经核查属实，举报人申请奖励。",
        steps: &[s("受理", "综合受理窗口", 1), s("核定", "执法大队", 8), s("审批", "局务会", 3), s("发放", "财务股", 3)],
        statutory_days: 30, promised_days: 15, case_kind: Promise,
        fee_basis: FREE, result_name: "安全生产举报奖励决定", delivery: WM, visits: 0, online_depth: Full,
        keywords: &["举报隐患奖励", "安全举报", "举报有奖"],
        review_points: &["举报内容经核查属实", "奖励金额按办法规定标准核定"],
        faq: &[("举报后多久能领奖？", "核查属实后，奖励决定作出之日起 60 日内发放。")],
        materials: &[ID_CARD, req("举报奖励领取通知").gov(), req("本人银行账户信息")],
        ..BASE
    },
    // ── 发展和改革委员会 (fgw) ────────────────────────────────────────────────────────────
    DemoItem {
        basic_code: "122300100100", name: "企业投资项目备案", item_type: Filing, department: "fgw", levels: B,
        legal_basis: "《企业投资项目核准和备案管理条例》第三条、第十三条",
        conditions: "不属于核准范围的企业投资项目，在开工建设前通过在线平台告知项目信息。",
        steps: ON_THE_SPOT, statutory_days: 0, promised_days: 0, case_kind: Instant,
        fee_basis: FREE, result_name: "项目备案证明", delivery: WE, visits: 0, online_depth: Full,
        keywords: &["项目备案", "立项", "投资备案", "xmba"],
        review_points: &["项目不属于产业政策禁止投资建设的项目", "备案信息完整、真实"],
        faq: &[("备案需要提交可研报告吗？", "不需要，在投资项目在线审批监管平台如实填报项目信息即可。")],
        materials: &[req("项目备案信息").note("在线填报"), LICENSE, req("项目信息真实性承诺书").promise()],
        ..BASE
    },
    DemoItem {
        basic_code: "012300200100", name: "企业投资项目核准", item_type: Permit, department: "fgw", levels: B,
        legal_basis: "《企业投资项目核准和备案管理条例》第六条至第十一条；《政府核准的投资项目目录》",
        conditions: "列入政府核准的投资项目目录、由旗级核准的企业投资项目，已取得规划选址、用地预审等前置意见。",
        steps: &[s("受理", "综合受理窗口", 1), s("委托评估", "投资股", 4), s("审查", "投资股", 3), s("决定", "首席代表", 1), s("送达", "出件窗口", 1)],
        statutory_days: 20, promised_days: 10, case_kind: Promise, special_procedures: &[ExpertReview, Hearing],
        fee_basis: "核准不收费；委托评估费用由核准机关承担", result_name: "项目核准文件", delivery: WME, visits: 0, online_depth: Full,
        keywords: &["项目核准", "立项核准", "xmhz"],
        review_points: &["项目符合国家产业政策和国土空间规划", "资源开发利用合理", "对重大公共利益影响评估充分"],
        faq: &[("评估时间算在 20 个工作日内吗？", "委托评估时间不计入核准时限，但评估时限原则上不超过 30 日。")],
        materials: &[req("项目申请报告").agency(), LICENSE, req("用地预审与选址意见书").gov().by("工程建设项目审批系统共享")],
        ..BASE
    },
    DemoItem {
        basic_code: "012300300100", name: "固定资产投资项目节能审查", item_type: Permit, department: "fgw", levels: B,
        legal_basis: "《中华人民共和国节约能源法》第十五条；《固定资产投资项目节能审查办法》",
        conditions: "年综合能源消费量达到规定标准的固定资产投资项目，在开工建设前取得节能审查意见。",
        steps: &[s("受理", "综合受理窗口", 1), s("技术评审", "资源节约与环境保护股", 5), s("审查", "资源节约与环境保护股", 2), s("决定", "首席代表", 1), s("送达", "出件窗口", 1)],
        statutory_days: 20, promised_days: 10, case_kind: Promise, special_procedures: &[ExpertReview],
        fee_basis: FREE, result_name: "节能审查意见", delivery: WME, visits: 0, online_depth: Full,
        keywords: &["节能审查", "能评", "nppc"],
        review_points: &["能效水平达到标杆或基准水平", "能源消费总量和强度控制目标可承受"],
        faq: &[("哪些项目不需要节能审查？", "年综合能源消费量不满 1000 吨标准煤且年电力消费量不满 500 万千瓦时的项目不单独审查。")],
        materials: &[req("节能审查申请"), LICENSE, req("节能报告").agency()],
        ..BASE
    },
    // ── 文化和旅游局 (whlyj) ──────────────────────────────────────────────────────────────
    DemoItem {
        basic_code: "012400100100", name: "娱乐场所经营许可", item_type: Permit, department: "whlyj", levels: B,
        legal_basis: "《娱乐场所管理条例》第九条、第十一条",
        conditions: "设立歌舞、游艺娱乐场所，已取得营业执照，场所符合消防、安全和环境保护要求，不在禁止设立的区域。",
        steps: &[s("受理", "综合受理窗口", 1), s("现场检查", "文化市场管理股", 2), s("决定", "首席代表", 1), s("制证送达", "出件窗口", 1)],
        statutory_days: 20, promised_days: 5, case_kind: Promise, special_procedures: &[SiteSurvey, Hearing],
        fee_basis: FREE, result_name: "娱乐经营许可证", delivery: WME, visits: 0, online_depth: Full,
        keywords: &["开KTV", "歌厅", "ktv", "游艺厅", "开歌舞厅"],
        review_points: &["场所边界与学校、医院等保持规定距离", "包厢、包间设置符合规定", "必要时举行听证"],
        faq: &[("开 KTV 需要先办营业执照吗？", "是，取得营业执照后申请娱乐经营许可。")],
        materials: &[req("娱乐经营许可申请书"), LICENSE, REP_ID, req("经营场所产权或租赁证明及平面示意图"), req("投资人、法定代表人、主要负责人无违法犯罪记录承诺").promise()],
        ..BASE
    },
    DemoItem {
        basic_code: "012400200100", name: "互联网上网服务营业场所经营许可", item_type: Permit, department: "whlyj", levels: B,
        legal_basis: "《互联网上网服务营业场所管理条例》第八条、第十条、第十一条",
        conditions: "已取得营业执照，营业场所和计算机数量符合规划和要求，场所距中小学校符合规定距离。",
        steps: &[s("受理", "综合受理窗口", 1), s("实地检查", "文化市场管理股", 2), s("决定", "首席代表", 1), s("制证送达", "出件窗口", 1)],
        statutory_days: 20, promised_days: 5, case_kind: Promise, special_procedures: &[SiteSurvey],
        fee_basis: FREE, result_name: "网络文化经营许可证（上网服务）", delivery: WME, visits: 0, online_depth: Full,
        keywords: &["开网吧", "网咖", "电竞馆", "wb"],
        review_points: &["场所距中学、小学校园出入口符合距离要求", "消防安全条件符合要求", "安装经营管理技术措施"],
        faq: &[("网吧需要消防审批吗？", "网吧属于公众聚集场所，投入使用、营业前须办理消防安全检查。")],
        materials: &[req("互联网上网服务营业场所经营许可申请表"), LICENSE, req("经营场所产权或租赁证明"), req("网络安全和信息安全管理制度").promise()],
        ..BASE
    },
    DemoItem {
        basic_code: "012400300100", name: "旅行社业务经营许可（国内和入境旅游业务）", item_type: Permit, department: "whlyj", levels: B,
        legal_basis: "《中华人民共和国旅游法》第二十八条、第二十九条；《旅行社条例》第六条",
        conditions: "取得企业法人资格，有固定的经营场所、必要的营业设施和符合规定的导游人员。",
        steps: &[s("受理", "综合受理窗口", 1), s("审查", "旅游市场股", 4), s("转报审批", "市文化和旅游局", 3), s("送达", "出件窗口", 2)],
        statutory_days: 20, promised_days: 10, case_kind: Promise,
        fee: Some("按规定交存旅游服务质量保证金"), fee_basis: "《旅行社条例》第十三条（保证金非行政事业性收费）",
        result_name: "旅行社业务经营许可证", delivery: WME, visits: 0, online_depth: Full,
        keywords: &["开旅行社", "旅游公司", "旅行社许可", "lxs"],
        review_points: &["经营场所和营业设施满足要求", "质量保证金按规定交存"],
        faq: &[("旅行社许可在旗里能办吗？", "旗文化和旅游局受理初审，按权限报市文化和旅游局审批，结果可邮寄。")],
        materials: &[req("旅行社设立申请书"), LICENSE, req("经营场所证明"), req("营业设施证明")],
        ..BASE
    },
    DemoItem {
        basic_code: "012400400100", name: "营业性演出许可（文艺表演团体设立）", item_type: Permit, department: "whlyj", levels: B,
        legal_basis: "《营业性演出管理条例》第六条、第七条",
        conditions: "设立文艺表演团体，有与其演出业务相适应的专职演员和器材设备。",
        steps: flow!("文化市场管理股"; 0, 3, 1, 1), statutory_days: 20, promised_days: 5, case_kind: Promise,
        fee_basis: FREE, result_name: "营业性演出许可证", delivery: WME, visits: 0, online_depth: Full,
        keywords: &["乌兰牧骑", "演出团", "文艺团体", "演出许可", "ycxk"],
        review_points: &["专职演员人数和器材设备与演出业务相适应", "法定代表人无禁止情形"],
        faq: &[("民间艺术团商演要办许可吗？", "以营利为目的从事营业性演出的文艺表演团体须取得营业性演出许可证。")],
        materials: &[req("营业性演出许可申请表"), LICENSE, req("演员艺术表演能力证明"), req("器材设备清单")],
        ..BASE
    },
    // ── 工业和信息化局 (gxj) ──────────────────────────────────────────────────────────────
    DemoItem {
        basic_code: "122500100100", name: "工业企业技术改造项目备案", item_type: Filing, department: "gxj", levels: B,
        legal_basis: "《企业投资项目核准和备案管理条例》第十三条",
        conditions: "工业企业在现有厂区内实施的技术改造项目，不新增用地，不属于核准范围。",
        steps: ON_THE_SPOT, statutory_days: 0, promised_days: 0, case_kind: Instant,
        fee_basis: FREE, result_name: "技术改造项目备案证明", delivery: WE, visits: 0, online_depth: Full,
        keywords: &["技改备案", "技术改造", "jgba"],
        review_points: &["项目确属技术改造，不新增用地", "不属于淘汰类产能"],
        faq: &[("技改项目可以申请补助吗？", "备案后可按年度申报自治区和市工业技改专项资金。")],
        materials: &[req("技术改造项目备案信息").note("在线填报"), LICENSE, req("项目信息真实性承诺书").promise()],
        ..BASE
    },
    DemoItem {
        basic_code: "012500200100", name: "电力设施保护区内施工作业许可", item_type: Permit, department: "gxj", levels: B,
        legal_basis: "《中华人民共和国电力法》第五十三条、第五十四条；《电力设施保护条例》第十七条",
        conditions: "在依法划定的电力设施保护区内进行可能危及电力设施安全的作业，已与电力设施产权单位协商并制定安全措施。",
        steps: &[s("受理", "综合受理窗口", 1), s("现场勘察", "电力股", 2), s("决定", "首席代表", 1), s("送达", "出件窗口", 1)],
        statutory_days: 20, promised_days: 5, case_kind: Promise, special_procedures: &[SiteSurvey],
        fee_basis: FREE, result_name: "电力设施保护区施工作业许可决定", delivery: WME, visits: 0, online_depth: Full,
        keywords: &["高压线下施工", "电力保护区", "线下作业"],
        review_points: &["安全距离和防护措施满足规范", "电力设施产权单位出具意见"],
        faq: &[("在高压线下面盖房可以吗？", "电力线路保护区内不得兴建建筑物、构筑物，施工作业须事先申请许可。")],
        materials: &[req("施工作业申请书"), LICENSE, req("施工方案及安全措施"), req("电力设施产权单位意见").other()],
        ..BASE
    },
    DemoItem {
        basic_code: "112500300100", name: "专精特新中小企业认定申报", item_type: PublicService, department: "gxj", levels: B,
        legal_basis: "《优质中小企业梯度培育管理暂行办法》",
        conditions: "在本旗注册的中小企业，从事特定细分市场时间达到规定年限，在专业化、精细化、特色化、创新能力方面符合认定标准。",
        steps: &[s("受理", "综合受理窗口", 2), s("初审推荐", "中小企业股", 10), s("专家评审", "自治区工业和信息化厅", 0), s("结果告知", "出件窗口", 3)],
        statutory_days: 30, promised_days: 15, case_kind: Promise, special_procedures: &[ExpertReview, Publicity],
        fee_basis: FREE, result_name: "专精特新中小企业认定初审推荐意见", delivery: WE, visits: 0, online_depth: Full,
        keywords: &["专精特新", "小巨人", "中小企业认定", "zjtx"],
        review_points: &["研发费用占比等指标达到标准", "企业无重大安全、质量、环境事故"],
        faq: &[("认定有什么好处？", "可享受自治区和市对专精特新企业的资金奖励、融资和人才支持政策。")],
        materials: &[req("专精特新中小企业申请书"), LICENSE, req("近两年财务审计报告").agency(), req("知识产权证明材料").gov()],
        ..BASE
    },
    // ── 消防救援大队 (xfjy) ───────────────────────────────────────────────────────────────
    DemoItem {
        basic_code: "012600100100", name: "公众聚集场所投入使用、营业前消防安全检查", item_type: Permit, department: "xfjy", levels: B,
        legal_basis: "《中华人民共和国消防法》第十五条；《公众聚集场所投入使用、营业前消防安全检查规则》",
        conditions: "公众聚集场所在投入使用、营业前申请消防安全检查；选择告知承诺方式的，对承诺材料审查后当场作出决定。",
        steps: &[s("受理", "综合受理窗口", 0), s("现场检查", "防火监督科", 2), s("决定", "首席代表", 1), s("送达", "出件窗口", 0)],
        statutory_days: 10, promised_days: 3, case_kind: Promise,
        fee_basis: FREE, result_name: "公众聚集场所投入使用、营业前消防安全检查意见书", delivery: WME, visits: 0, online_depth: Full,
        keywords: &["消防检查", "消防许可", "开业消防", "消防合格证", "xfjc"],
        review_points: &["告知承诺的在许可后 20 个工作日内核查", "疏散通道、安全出口、消防设施符合要求", "室内装修材料燃烧性能符合标准"],
        faq: &[("选择告知承诺能当场拿证吗？", "可以，材料齐全的当场作出许可决定，消防救援机构事后核查。"), ("小饭馆也算公众聚集场所吗？", "餐饮场所属于公众聚集场所，应当办理。")],
        materials: &[req("公众聚集场所投入使用、营业前消防安全检查申请表"), LICENSE, req("消防安全制度、灭火和应急疏散预案").promise(), req("场所平面布置图、消防设施平面图"), opt("消防设施检测报告").agency().rq().promise()],
        ..BASE
    },
    // ── 供电公司 (gdgs) ──────────────────────────────────────────────────────────────────
    DemoItem {
        basic_code: "112700100100", name: "低压居民用电新装", item_type: PublicService, department: "gdgs", levels: BT,
        legal_basis: "《中华人民共和国电力法》第二十六条；《供电营业规则》；《优化营商环境条例》第二十五条",
        conditions: "居民用户新建住房需要用电，具备供电条件。",
        steps: &[s("受理", "供电营业窗口", 0), s("现场勘查", "供电所", 1), s("装表接电", "供电所", 1)],
        statutory_days: 5, promised_days: 2, case_kind: Promise,
        fee_basis: "居民用户低压接入工程由供电企业投资，不收取费用", result_name: "装表接电完成通知", delivery: WE, visits: 0, online_depth: Full,
        keywords: &["接电", "装电表", "通电", "新房通电", "jd"],
        review_points: &["用电地址与房屋权属一致", "接入不收取任何费用"],
        faq: &[("装电表收费吗？", "居民低压接电不收费，可通过“网上国网”或蒙速办申请。")],
        materials: &[ID_CARD, req("房屋产权证明").by("不动产权证书电子证照").promise(), AGENT],
        ..BASE
    },
    DemoItem {
        basic_code: "112700100200", name: "低压非居民用电新装", item_type: PublicService, department: "gdgs", levels: BT,
        legal_basis: "《中华人民共和国电力法》第二十六条；《供电营业规则》；《优化营商环境条例》第二十五条",
        conditions: "小微企业、个体工商户等低压非居民用户新装用电。",
        steps: &[s("受理", "供电营业窗口", 0), s("现场勘查并答复方案", "供电所", 1), s("工程施工", "供电所", 1), s("装表接电", "供电所", 1)],
        statutory_days: 15, promised_days: 3, case_kind: Promise, special_procedures: &[SiteSurvey],
        fee_basis: "低压小微企业接入工程由供电企业投资至计量装置，不收取费用", result_name: "装表接电完成通知", delivery: WE, visits: 0, online_depth: Full,
        keywords: &["商铺通电", "门面接电", "小微企业用电", "jd"],
        review_points: &["用电容量在低压接入范围内", "用户红线外工程由供电企业投资"],
        faq: &[("开店接电要跑几次？", "线上申请，“零跑动”，供电所上门勘查和装表。")],
        materials: &[LICENSE, req("用电地址产权证明或租赁合同").by("不动产权证书电子证照").promise(), REP_ID],
        ..BASE
    },
    DemoItem {
        basic_code: "112700200100", name: "高压用电新装、增容", item_type: PublicService, department: "gdgs", levels: B,
        legal_basis: "《中华人民共和国电力法》第二十六条；《供电营业规则》；《供电监管办法》",
        conditions: "需要以 10 千伏及以上电压等级接入电网的新装、增容用户。",
        steps: &[s("受理", "供电营业窗口", 0), s("现场勘查", "客户服务中心", 2), s("答复供电方案", "客户服务中心", 5), s("竣工检验与装表接电", "客户服务中心", 3)],
        statutory_days: 30, promised_days: 10, case_kind: Promise, special_procedures: &[SiteSurvey, Inspection],
        fee_basis: "不收取接入审批费用；用户受电工程由用户自主选择设计、施工单位", result_name: "供电方案答复及送电通知", delivery: WE, visits: 0, online_depth: Full,
        keywords: &["高压报装", "增容", "工厂用电", "专变", "gybz"],
        review_points: &["用电负荷和接入方式合理", "受电工程竣工检验合格"],
        faq: &[("高压报装要多久？", "供电方案答复不超过 5 个工作日，竣工检验合格后及时送电。")],
        materials: &[LICENSE, req("用电报装申请表"), req("用电负荷及主要用电设备清单"), req("项目批准或备案文件").gov().by("投资项目在线审批监管平台")],
        ..BASE
    },
    DemoItem {
        basic_code: "112700300100", name: "用电更名、过户", item_type: PublicService, department: "gdgs", levels: BT,
        legal_basis: "《供电营业规则》",
        conditions: "用电地址、容量、类别不变，房屋所有权发生转移或户名需要变更。",
        steps: ON_THE_SPOT, statutory_days: 0, promised_days: 0, case_kind: Instant,
        fee_basis: FREE, result_name: "用电户名变更结果", delivery: WE, visits: 0, online_depth: Full,
        keywords: &["电表过户", "电费户名", "买房过户电", "gh"],
        review_points: &["新户主产权证明与不动产登记信息一致", "原户主电费已结清"],
        faq: &[("二手房过户时能一起办电过户吗？", "可以，在不动产登记时勾选水电气联动过户，信息自动推送。")],
        materials: &[ID_CARD, req("不动产权证书").gov().by("不动产登记信息共享"), AGENT],
        ..BASE
    },
    // ── 供排水公司 (gpsgs) ───────────────────────────────────────────────────────────────
    DemoItem {
        basic_code: "112800100100", name: "供水报装（新装）", item_type: PublicService, department: "gpsgs", levels: B,
        legal_basis: "《城市供水条例》第二十二条；《优化营商环境条例》第二十五条",
        conditions: "在公共供水管网覆盖范围内新建项目或新用户需要用水，具备接入条件。",
        steps: &[s("受理", "供水营业窗口", 0), s("现场踏勘", "供排水公司工程部", 1), s("施工接水", "供排水公司工程部", 2), s("装表通水", "供排水公司营业所", 1)],
        statutory_days: 10, promised_days: 4, case_kind: Promise, special_procedures: &[SiteSurvey],
        fee: Some("按旗发展改革委核定的供水接入工程费用标准收取，建筑区划红线外工程不由用户承担"), fee_basis: "《优化营商环境条例》；本旗供水价格和接入工程收费有关规定",
        result_name: "供水接入完成通知", delivery: WE, visits: 0, online_depth: Full,
        keywords: &["接自来水", "装水表", "用水报装", "通水", "jsbz"],
        review_points: &["用户红线外接入工程由供水企业承担", "水表口径与用水量相适应"],
        faq: &[("小微企业接水收费吗？", "建筑区划红线外的接入工程不由用户承担费用。")],
        materials: &[ID_CARD.note("个人或经办人身份证"), opt("营业执照").by("电子营业执照"), req("用水地址产权证明").by("不动产权证书电子证照").promise()],
        ..BASE
    },
    DemoItem {
        basic_code: "112800200100", name: "用水更名、过户", item_type: PublicService, department: "gpsgs", levels: B,
        legal_basis: "《城市供水条例》",
        conditions: "房屋所有权转移或户名需要变更，原户主水费已结清。",
        steps: ON_THE_SPOT, statutory_days: 0, promised_days: 0, case_kind: Instant,
        fee_basis: FREE, result_name: "用水户名变更结果", delivery: WE, visits: 0, online_depth: Full,
        keywords: &["水表过户", "水费户名", "买房过户水", "gh"],
        review_points: &["新户主产权信息与不动产登记共享信息一致", "结清原户主水费"],
        faq: &[("水过户要抄表吗？", "过户时读取表码结算，可与不动产登记联动办理。")],
        materials: &[ID_CARD, req("不动产权证书").gov().by("不动产登记信息共享"), AGENT],
        ..BASE
    },
    DemoItem {
        basic_code: "112800300100", name: "排水接入（排水户接管）", item_type: PublicService, department: "gpsgs", levels: B,
        legal_basis: "《城镇排水与污水处理条例》第二十条、第二十一条",
        conditions: "新建、改建项目需将污水、雨水接入城镇公共排水管网，已取得排水许可或属于居民生活排水。",
        steps: &[s("受理", "供水营业窗口", 0), s("现场踏勘", "排水管理所", 1), s("接管施工", "排水管理所", 2), s("验收", "排水管理所", 1)],
        statutory_days: 10, promised_days: 4, case_kind: Promise, special_procedures: &[SiteSurvey],
        fee_basis: "接管不收取审批费用；接管工程费用按协议承担", result_name: "排水接管完成通知", delivery: WE, visits: 0, online_depth: Full,
        keywords: &["排水接入", "污水接管", "下水道接入", "psjr"],
        review_points: &["雨污分流", "已取得城镇污水排入排水管网许可（需要的）"],
        faq: &[("饭店排水接管要先办许可吗？", "餐饮等排水户须先取得城镇污水排入排水管网许可证。")],
        materials: &[req("排水接管申请表"), opt("城镇污水排入排水管网许可证").gov().by("排水许可电子证照"), req("排水管线平面图")],
        ..BASE
    },
];

#[cfg(test)]
mod tests {
    use std::collections::{BTreeMap, HashSet};

    use domain::catalog::{Faq, ItemContent, Material, NegativeReason, Step};

    use super::*;
    use crate::demo_data::DEPARTMENTS;

    /// The 2-digit type prefix of the demo basic codes.
    const TYPE_PREFIX: &[(ItemType, &str)] = &[
        (Permit, "01"),
        (Payment, "05"),
        (Confirmation, "07"),
        (Award, "08"),
        (Adjudication, "09"),
        (OtherPower, "10"),
        (PublicService, "11"),
        (Filing, "12"),
    ];

    /// The 2-digit department number of the demo basic codes.
    #[rustfmt::skip]
    const DEPT_NUMBERS: &[(&str, &str)] = &[
        ("zwfwj", "01"), ("scjgj", "02"), ("gaj", "03"), ("rsj", "04"), ("ybj", "05"), ("swj", "06"), ("zrzyj", "07"),
        ("bdcdj", "08"), ("zjj", "09"), ("jtysj", "10"), ("wjw", "11"), ("mzj", "12"), ("jytyj", "13"), ("nmj", "14"),
        ("lcj", "15"), ("sthjfj", "16"), ("slj", "17"), ("tyjrj", "18"), ("cjrlh", "19"), ("gjj", "20"), ("sfj", "21"),
        ("yjglj", "22"), ("fgw", "23"), ("whlyj", "24"), ("gxj", "25"), ("xfjy", "26"), ("gdgs", "27"), ("gpsgs", "28"),
    ];

    fn assert_unique<'a>(what: &str, values: impl IntoIterator<Item = &'a str>) {
        let mut seen = HashSet::new();
        for v in values {
            assert!(seen.insert(v), "duplicate {what}: {v}");
        }
    }

    fn step_days(item: &DemoItem) -> u32 {
        item.steps.iter().map(|s| u32::from(s.days)).sum()
    }

    /// The record as the loader stores it (phones are added by the loader).
    fn content(item: &DemoItem) -> ItemContent {
        ItemContent {
            name: item.name.to_owned(),
            impl_code: format!("11150626MB1234567X{}", item.basic_code),
            item_type: item.item_type,
            levels: item.levels.to_vec(),
            legal_basis: item.legal_basis.to_owned(),
            conditions: item.conditions.to_owned(),
            steps: item.steps.iter().map(|s| Step { name: s.name.to_owned(), post: s.post.to_owned(), days: u32::from(s.days) }).collect(),
            statutory_days: u32::from(item.statutory_days),
            promised_days: u32::from(item.promised_days),
            case_kind: item.case_kind,
            special_procedures: item.special_procedures.to_vec(),
            fee: item.fee.map(str::to_owned),
            fee_basis: item.fee_basis.to_owned(),
            result_name: item.result_name.to_owned(),
            delivery: item.delivery.to_vec(),
            visits: u32::from(item.visits),
            online_depth: item.online_depth,
            appointment: item.appointment,
            keywords: item.keywords.iter().map(|k| (*k).to_owned()).collect(),
            review_points: item.review_points.iter().map(|r| (*r).to_owned()).collect(),
            faq: item.faq.iter().map(|(q, a)| Faq { q: (*q).to_owned(), a: (*a).to_owned() }).collect(),
            consult_phone: "0477-7000000".to_owned(),
            complaint_phone: "0477-7000001".to_owned(),
            materials: item
                .materials
                .iter()
                .map(|m| Material {
                    name: m.name.to_owned(),
                    required: m.required,
                    originals: u32::from(m.originals),
                    copies: u32::from(m.copies),
                    electronic: m.electronic,
                    source: Some(m.source),
                    rongque: m.rongque,
                    replaced_by: m.replaced_by.unwrap_or_default().to_owned(),
                    commitment: m.commitment,
                    note: m.note.to_owned(),
                })
                .collect(),
        }
    }

    #[test]
    fn the_catalogue_has_at_least_130_items() {
        assert!(ITEMS.len() >= 130, "only {} items", ITEMS.len());
    }

    #[test]
    fn items_cover_at_least_22_departments_that_all_exist() {
        let mut depts = HashSet::new();
        for item in ITEMS {
            assert!(DEPARTMENTS.iter().any(|d| d.code == item.department), "{}: unknown department {}", item.name, item.department);
            depts.insert(item.department);
        }
        assert!(depts.len() >= 22, "only {} departments", depts.len());
    }

    #[test]
    fn every_item_type_is_used() {
        for t in ItemType::ALL {
            assert!(ITEMS.iter().any(|i| i.item_type == *t), "no item of type {}", t.label());
        }
    }

    #[test]
    fn basic_codes_and_names_are_unique() {
        assert_unique("basic code", ITEMS.iter().map(|i| i.basic_code));
        assert_unique("item name", ITEMS.iter().map(|i| i.name));
    }

    #[test]
    fn basic_codes_follow_the_demo_scheme() {
        for item in ITEMS {
            let c = item.basic_code;
            assert!(c.len() == 12 && c.bytes().all(|b| b.is_ascii_digit()), "{}: bad basic code {c}", item.name);
            let prefix = TYPE_PREFIX.iter().find(|(t, _)| *t == item.item_type).map(|(_, p)| *p);
            assert_eq!(Some(&c[..2]), prefix, "{}: type prefix of {c}", item.name);
            let dept = DEPT_NUMBERS.iter().find(|(d, _)| *d == item.department).map(|(_, n)| *n);
            assert_eq!(Some(&c[2..4]), dept, "{}: department number of {c}", item.name);
        }
    }

    #[test]
    fn time_limits_are_consistent() {
        for item in ITEMS {
            let n = item.name;
            assert!(item.promised_days <= item.statutory_days, "{n}: promised {} > statutory {}", item.promised_days, item.statutory_days);
            match item.case_kind {
                Instant => {
                    assert_eq!(item.promised_days, 0, "{n}: an instant item promises 0 days");
                    assert!(item.statutory_days <= 5, "{n}: an instant item has a small statutory limit");
                }
                Promise => assert!(item.promised_days > 0, "{n}: a promised item needs a promised limit"),
            }
            assert!(item.statutory_days > 0 || item.case_kind == Instant, "{n}: statutory 0 only for instant items");
        }
    }

    #[test]
    fn steps_fit_within_the_limits() {
        for item in ITEMS {
            assert!(!item.steps.is_empty(), "{}: no steps", item.name);
            assert!(item.steps.iter().all(|s| !s.name.is_empty() && !s.post.is_empty()), "{}: a step lacks a name or post", item.name);
            let days = step_days(item);
            if item.statutory_days > 0 {
                assert!(days <= u32::from(item.statutory_days), "{}: steps take {days} > statutory {}", item.name, item.statutory_days);
            }
            assert!(days <= u32::from(item.promised_days), "{}: steps take {days} > promised {}", item.name, item.promised_days);
        }
    }

    #[test]
    fn every_item_has_plausible_materials() {
        for item in ITEMS {
            let n = item.name;
            assert!((3..=8).contains(&item.materials.len()), "{n}: {} materials", item.materials.len());
            assert!(item.materials.iter().any(|m| m.required), "{n}: no required material");
            assert_unique("material name", item.materials.iter().map(|m| m.name));
            for m in item.materials {
                assert!(!m.name.trim().is_empty(), "{n}: a material has no name");
                assert!(m.replaced_by.is_none_or(|r| !r.trim().is_empty()), "{n}: {} has an empty replacement", m.name);
                assert!(m.originals + m.copies > 0 || m.electronic, "{n}: {} asks for nothing", m.name);
            }
        }
        let count = |f: fn(&DemoMaterial) -> bool| ITEMS.iter().flat_map(|i| i.materials).filter(|m| f(m)).count();
        assert!(count(|m| m.rongque) >= 10, "too few 容缺 materials");
        assert!(count(|m| m.commitment) >= 10, "too few 告知承诺 materials");
        assert!(count(|m| m.replaced_by.is_some()) >= 30, "too few materials replaced by e-certificates or shared data");
    }

    #[test]
    fn at_least_85_percent_are_fully_online() {
        let full = ITEMS.iter().filter(|i| i.online_depth == Full).count();
        assert!(full * 100 >= ITEMS.len() * 85, "{full} of {} fully online", ITEMS.len());
    }

    #[test]
    fn the_negative_list_is_small_and_explained() {
        let outside: Vec<&DemoItem> = ITEMS.iter().filter(|i| !i.stationed).collect();
        assert!((3..=6).contains(&outside.len()), "{} items not stationed", outside.len());
        for item in ITEMS {
            match (item.stationed, item.negative_reason) {
                (true, None) => {}
                (true, Some(_)) => panic!("{}: stationed but has a negative-list reason", item.name),
                (false, None) => panic!("{}: not stationed without a reason", item.name),
                (false, Some((code, why))) => {
                    assert!(["site_limit", "state_secret", "other"].contains(&code), "{}: bad reason code {code}", item.name);
                    assert!(NegativeReason::parse("negative_reason", code).is_ok(), "{}: {code} does not parse", item.name);
                    assert!(!why.trim().is_empty(), "{}: empty explanation", item.name);
                }
            }
        }
    }

    #[test]
    fn every_item_has_levels_delivery_review_points_and_answers() {
        for item in ITEMS {
            let n = item.name;
            assert_eq!(item.levels.first(), Some(&ItemLevel::Banner), "{n}: every item is implemented at the banner");
            assert!(item.levels.iter().collect::<HashSet<_>>().len() == item.levels.len(), "{n}: repeated level");
            assert!(!item.delivery.is_empty(), "{n}: no delivery mode");
            assert!((2..=5).contains(&item.review_points.len()), "{n}: {} review points", item.review_points.len());
            assert!((1..=3).contains(&item.faq.len()), "{n}: {} answers", item.faq.len());
            assert!(item.faq.iter().all(|(q, a)| !q.trim().is_empty() && !a.trim().is_empty()), "{n}: empty question or answer");
            assert!(
                item.special_procedures.iter().collect::<HashSet<_>>().len() == item.special_procedures.len(),
                "{n}: repeated procedure"
            );
            for (field, v) in [
                ("legal basis", item.legal_basis),
                ("conditions", item.conditions),
                ("result", item.result_name),
                ("fee basis", item.fee_basis),
            ] {
                assert!(!v.trim().is_empty(), "{n}: empty {field}");
            }
            assert!(item.fee.is_none_or(|f| !f.trim().is_empty()), "{n}: empty fee text");
        }
    }

    #[test]
    fn visits_agree_with_delivery_and_online_depth() {
        for item in ITEMS {
            let n = item.name;
            assert!(item.visits <= 2, "{n}: {} visits", item.visits);
            if item.visits == 0 {
                assert!(item.delivery.iter().any(|d| *d != DeliveryMode::Window), "{n}: zero visits needs mail or electronic delivery");
            }
            if item.online_depth == Offline {
                assert!(item.visits >= 1, "{n}: an offline item needs a visit");
            }
        }
    }

    #[test]
    fn keywords_help_colloquial_and_pinyin_search() {
        let pinyin = ITEMS.iter().filter(|i| i.keywords.iter().any(|k| k.bytes().all(|b| b.is_ascii_lowercase()))).count();
        let colloquial = ITEMS.iter().filter(|i| i.keywords.iter().any(|k| !k.is_ascii() && !i.name.contains(k))).count();
        assert!(pinyin >= 10, "only {pinyin} items have pinyin-initial keywords");
        assert!(colloquial >= 10, "only {colloquial} items have colloquial keywords");
        for item in ITEMS {
            assert!(!item.keywords.is_empty(), "{}: no keywords", item.name);
            assert!(item.keywords.iter().all(|k| !k.trim().is_empty()), "{}: empty keyword", item.name);
        }
    }

    #[test]
    fn every_item_is_publishable_as_stored_content() {
        for item in ITEMS {
            let c = content(item);
            assert!(c.impl_code.chars().count() <= 40, "{}: implementation code too long", item.name);
            if let Err(e) = c.check_publishable() {
                panic!("{} is not publishable: {e:?}", item.name);
            }
        }
    }

    /// Prints the counts the brief asks for: `cargo test -- --nocapture summary`.
    #[test]
    fn summary() {
        let mut by_dept: BTreeMap<&str, usize> = BTreeMap::new();
        let mut by_type: BTreeMap<&str, usize> = BTreeMap::new();
        for item in ITEMS {
            *by_dept.entry(item.department).or_default() += 1;
            *by_type.entry(item.item_type.label()).or_default() += 1;
        }
        let full = ITEMS.iter().filter(|i| i.online_depth == Full).count();
        let outside = ITEMS.iter().filter(|i| !i.stationed).count();
        println!("items: {}", ITEMS.len());
        println!("by department: {by_dept:?}");
        println!("by type: {by_type:?}");
        println!("full online: {full} ({:.1} %)", full as f64 * 100.0 / ITEMS.len() as f64);
        println!("not stationed: {outside}");
        assert!(!by_dept.is_empty());
    }
}
