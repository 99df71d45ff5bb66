//! Demo data of the Uxin Banner (乌审旗) service network: org units, departments, service sites
//! with their zones and windows, window staff and the demo accounts (CONTRACT.md "Demo accounts").
//! Pure static data; the loader writes it into the store and gives every account the demo password.
//! Town and sumu names are real (DOMAIN.md §11); village names, codes, addresses, phone numbers and
//! people are plausible but fictional.

use domain::access::Role;
use domain::org::{OrgLevel, PostGrade, SiteKind, WindowKind as W, ZoneKind as Z};

/// A node of the banner's org tree (旗 → 苏木镇 → 嘎查村/社区) with a 区划-like code.
#[derive(Debug, Clone, Copy)]
pub struct DemoOrgUnit {
    pub code: &'static str,
    pub name: &'static str,
    pub level: OrgLevel,
    pub parent: Option<&'static str>,
}

/// A 旗直部门 (or public utility) whose items are handled in the halls.
#[derive(Debug, Clone, Copy)]
pub struct DemoDepartment {
    pub code: &'static str,
    pub name: &'static str,
    pub short_name: &'static str,
}

/// A service site: the banner centre, a town's 便民服务中心 or a village's 便民服务站.
#[derive(Debug, Clone, Copy)]
pub struct DemoSite {
    pub key: &'static str,
    pub name: &'static str,
    pub kind: SiteKind,
    /// Code of the org unit the site serves.
    pub org_unit: &'static str,
    pub address: &'static str,
    pub phone: &'static str,
    /// `HH:MM-HH:MM[,HH:MM-HH:MM…]`, as `domain::org::Hours::parse` reads it.
    pub hours_weekday: &'static str,
    /// Empty when closed at weekends.
    pub hours_weekend: &'static str,
    pub zones: &'static [DemoZone],
}

/// A functional zone of a hall; waiting, self-service and disclosure zones have no windows.
#[derive(Debug, Clone, Copy)]
pub struct DemoZone {
    pub name: &'static str,
    pub kind: Z,
    pub floor: &'static str,
    pub windows: &'static [DemoWindow],
}

/// A window; `departments` lists the codes of the departments it receives applications for.
#[derive(Debug, Clone, Copy)]
pub struct DemoWindow {
    pub number: &'static str,
    pub name: &'static str,
    pub kind: W,
    pub departments: &'static [&'static str],
}

/// A person stationed in the service network; `seat` is (site key, window number) for today.
#[derive(Debug, Clone, Copy)]
pub struct DemoStaff {
    pub key: &'static str,
    pub name: &'static str,
    /// Code of the department the person comes from.
    pub department: &'static str,
    /// Code of the person's home org unit.
    pub org_unit: &'static str,
    pub stationed_since: &'static str,
    pub grade: PostGrade,
    pub phone: &'static str,
    pub seat: Option<(&'static str, &'static str)>,
}

/// A demo login; the password is set by the loader.
#[derive(Debug, Clone, Copy)]
pub struct DemoAccount {
    pub username: &'static str,
    pub name: &'static str,
    pub staff: Option<&'static str>,
    pub grants: &'static [DemoGrant],
}

/// A role on an org-unit subtree, optionally narrowed to one department.
#[derive(Debug, Clone, Copy)]
pub struct DemoGrant {
    pub role: Role,
    pub org_unit: &'static str,
    pub department: Option<&'static str>,
}

// Short constructors keep the tables below one record per line.
const fn ou(code: &'static str, name: &'static str, level: OrgLevel, parent: Option<&'static str>) -> DemoOrgUnit {
    DemoOrgUnit { code, name, level, parent }
}
const fn dept(code: &'static str, name: &'static str, short_name: &'static str) -> DemoDepartment {
    DemoDepartment { code, name, short_name }
}
const fn zone(name: &'static str, kind: Z, floor: &'static str, windows: &'static [DemoWindow]) -> DemoZone {
    DemoZone { name, kind, floor, windows }
}
const fn win(number: &'static str, name: &'static str, kind: W, departments: &'static [&'static str]) -> DemoWindow {
    DemoWindow { number, name, kind, departments }
}
#[expect(clippy::too_many_arguments, reason = "one positional record per line reads best in a data table")]
const fn st(
    key: &'static str,
    name: &'static str,
    department: &'static str,
    org_unit: &'static str,
    stationed_since: &'static str,
    grade: PostGrade,
    phone: &'static str,
    seat: Option<(&'static str, &'static str)>,
) -> DemoStaff {
    DemoStaff { key, name, department, org_unit, stationed_since, grade, phone, seat }
}
const fn acct(username: &'static str, name: &'static str, staff: Option<&'static str>, grants: &'static [DemoGrant]) -> DemoAccount {
    DemoAccount { username, name, staff, grants }
}
const fn g(role: Role, org_unit: &'static str, department: Option<&'static str>) -> DemoGrant {
    DemoGrant { role, org_unit, department }
}

/// The banner, its 5 towns and 1 sumu (in DOMAIN.md §11 order), and their 嘎查村/社区.
#[rustfmt::skip]
pub static ORG_UNITS: &[DemoOrgUnit] = &[
    ou("150626", "乌审旗", OrgLevel::Banner, None),
    ou("150626100", "嘎鲁图镇", OrgLevel::Town, Some("150626")),
    ou("150626101", "乌审召镇", OrgLevel::Town, Some("150626")),
    ou("150626102", "图克镇", OrgLevel::Town, Some("150626")),
    ou("150626103", "乌兰陶勒盖镇", OrgLevel::Town, Some("150626")),
    ou("150626104", "无定河镇", OrgLevel::Town, Some("150626")),
    ou("150626200", "苏力德苏木", OrgLevel::Town, Some("150626")),
    ou("150626100001", "萨如拉社区", OrgLevel::Village, Some("150626100")),
    ou("150626100002", "团结社区", OrgLevel::Village, Some("150626100")),
    ou("150626100003", "苏里格社区", OrgLevel::Village, Some("150626100")),
    ou("150626100201", "斯布扣嘎查", OrgLevel::Village, Some("150626100")),
    ou("150626100202", "布寨嘎查", OrgLevel::Village, Some("150626100")),
    ou("150626100203", "巴音柴达木嘎查", OrgLevel::Village, Some("150626100")),
    ou("150626101001", "惠泽社区", OrgLevel::Village, Some("150626101")),
    ou("150626101002", "查干淖社区", OrgLevel::Village, Some("150626101")),
    ou("150626101003", "绿洲社区", OrgLevel::Village, Some("150626101")),
    ou("150626101201", "乌审召嘎查", OrgLevel::Village, Some("150626101")),
    ou("150626101202", "巴音陶勒盖嘎查", OrgLevel::Village, Some("150626101")),
    ou("150626101203", "布日都嘎查", OrgLevel::Village, Some("150626101")),
    ou("150626102001", "图克社区", OrgLevel::Village, Some("150626102")),
    ou("150626102201", "图克嘎查", OrgLevel::Village, Some("150626102")),
    ou("150626102202", "呼吉尔特嘎查", OrgLevel::Village, Some("150626102")),
    ou("150626102203", "乌兰什巴台嘎查", OrgLevel::Village, Some("150626102")),
    ou("150626102204", "黄陶勒盖嘎查", OrgLevel::Village, Some("150626102")),
    ou("150626102205", "梅林庙嘎查", OrgLevel::Village, Some("150626102")),
    ou("150626103201", "乌兰陶勒盖嘎查", OrgLevel::Village, Some("150626103")),
    ou("150626103202", "巴音图嘎查", OrgLevel::Village, Some("150626103")),
    ou("150626103203", "浩勒报吉嘎查", OrgLevel::Village, Some("150626103")),
    ou("150626103204", "巴音敖包嘎查", OrgLevel::Village, Some("150626103")),
    ou("150626104001", "无定河社区", OrgLevel::Village, Some("150626104")),
    ou("150626104201", "河南村", OrgLevel::Village, Some("150626104")),
    ou("150626104202", "巴图湾村", OrgLevel::Village, Some("150626104")),
    ou("150626104203", "排子湾村", OrgLevel::Village, Some("150626104")),
    ou("150626104204", "纳林河村", OrgLevel::Village, Some("150626104")),
    ou("150626200201", "沙尔利格嘎查", OrgLevel::Village, Some("150626200")),
    ou("150626200202", "陶利嘎查", OrgLevel::Village, Some("150626200")),
    ou("150626200203", "额尔和图嘎查", OrgLevel::Village, Some("150626200")),
    ou("150626200204", "巴音温都尔嘎查", OrgLevel::Village, Some("150626200")),
];

/// 旗直部门 and public utilities with a presence in the halls.
#[rustfmt::skip]
pub static DEPARTMENTS: &[DemoDepartment] = &[
    dept("zwfwj", "乌审旗政务服务局", "政务服务局"),
    dept("scjgj", "乌审旗市场监督管理局", "市场监管局"),
    dept("gaj", "乌审旗公安局", "公安局"),
    dept("rsj", "乌审旗人力资源和社会保障局", "人社局"),
    dept("ybj", "乌审旗医疗保障局", "医保局"),
    dept("swj", "国家税务总局乌审旗税务局", "税务局"),
    dept("zrzyj", "乌审旗自然资源局", "自然资源局"),
    dept("bdcdj", "乌审旗不动产登记中心", "不动产登记中心"),
    dept("zjj", "乌审旗住房和城乡建设局", "住建局"),
    dept("jtysj", "乌审旗交通运输局", "交通运输局"),
    dept("wjw", "乌审旗卫生健康委员会", "卫健委"),
    dept("mzj", "乌审旗民政局", "民政局"),
    dept("jytyj", "乌审旗教育体育局", "教体局"),
    dept("nmj", "乌审旗农牧局", "农牧局"),
    dept("lcj", "乌审旗林业和草原局", "林草局"),
    dept("sthjfj", "鄂尔多斯市生态环境局乌审旗分局", "生态环境分局"),
    dept("slj", "乌审旗水利局", "水利局"),
    dept("tyjrj", "乌审旗退役军人事务局", "退役军人事务局"),
    dept("cjrlh", "乌审旗残疾人联合会", "残联"),
    dept("gjj", "鄂尔多斯市住房公积金管理中心乌审旗分中心", "公积金中心"),
    dept("sfj", "乌审旗司法局", "司法局"),
    dept("yjglj", "乌审旗应急管理局", "应急管理局"),
    dept("fgw", "乌审旗发展和改革委员会", "发改委"),
    dept("whlyj", "乌审旗文化和旅游局", "文旅局"),
    dept("gxj", "乌审旗工业和信息化局", "工信局"),
    dept("xfjy", "乌审旗消防救援大队", "消防救援大队"),
    dept("gdgs", "内蒙古电力（集团）有限责任公司乌审供电分公司", "供电公司"),
    dept("gpsgs", "乌审旗供排水有限责任公司", "供排水公司"),
];

/// 无差别综合受理: every department whose items are received without distinction.
const GENERAL: &[&str] = &[
    "scjgj", "rsj", "ybj", "mzj", "wjw", "jytyj", "nmj", "lcj", "slj", "tyjrj", "cjrlh", "whlyj", "jtysj", "sthjfj", "yjglj", "sfj", "fgw",
    "gxj", "zjj", "zrzyj", "xfjy", "gdgs", "gpsgs",
];
/// 不动产登记 with 交易 and 税费 in one window.
const REAL_ESTATE: &[&str] = &["bdcdj", "zrzyj", "zjj", "swj"];
/// 社保医保.
const SOCIAL_INSURANCE: &[&str] = &["rsj", "ybj"];
/// 公安户政、出入境.
const POLICE: &[&str] = &["gaj"];
/// 交通运输 and 车驾管.
const TRAFFIC: &[&str] = &["gaj", "jtysj"];
/// 工程建设项目审批.
const PROJECT: &[&str] = &["fgw", "zrzyj", "zjj", "sthjfj", "slj", "xfjy", "yjglj"];
/// 社会事务: 民政、退役军人、残联、卫健.
const SOCIAL_AFFAIRS: &[&str] = &["mzj", "tyjrj", "cjrlh", "wjw"];
/// 企业服务专区: 企业开办 and 惠企政策.
const ENTERPRISE: &[&str] = &["scjgj", "swj", "gxj", "fgw", "rsj", "gjj"];
/// 税务.
const TAX: &[&str] = &["swj"];
/// 住房公积金.
const HOUSING_FUND: &[&str] = &["gjj"];
/// 帮办代办 and 办不成事 are run by the centre itself.
const ZWFWJ: &[&str] = &["zwfwj"];
/// Town 便民服务中心 comprehensive windows.
const TOWN: &[&str] = &["mzj", "rsj", "ybj", "wjw", "nmj", "lcj", "tyjrj", "cjrlh", "scjgj", "sfj", "zjj"];
/// 农牧林草.
const AGRI: &[&str] = &["nmj", "lcj", "slj"];
/// 市场监督管理所.
const MARKET_OFFICE: &[&str] = &["scjgj"];
/// Village 便民服务站: 代办 of the commonest items.
const VILLAGE: &[&str] = &["mzj", "rsj", "ybj", "wjw", "tyjrj", "cjrlh"];

// Windows of the banner centre, by zone.
#[rustfmt::skip]
const CENTRE_COMPREHENSIVE: &[DemoWindow] = &[
    win("1", "综合受理1号窗口", W::Comprehensive, GENERAL),
    win("2", "综合受理2号窗口", W::Comprehensive, GENERAL),
    win("3", "综合受理3号窗口", W::Comprehensive, GENERAL),
    win("4", "综合受理4号窗口", W::Comprehensive, GENERAL),
    win("5", "综合受理5号窗口", W::Comprehensive, GENERAL),
    win("6", "综合受理6号窗口", W::Comprehensive, GENERAL),
    win("7", "综合受理7号窗口", W::Comprehensive, GENERAL),
    win("8", "综合受理8号窗口", W::Comprehensive, GENERAL),
    win("9", "综合受理9号窗口", W::Comprehensive, GENERAL),
    win("10", "综合受理10号窗口", W::Comprehensive, GENERAL),
    win("11", "综合受理11号窗口", W::Comprehensive, GENERAL),
    win("12", "综合受理12号窗口", W::Comprehensive, GENERAL),
    win("13", "综合受理13号窗口", W::Comprehensive, GENERAL),
    win("14", "综合受理14号窗口", W::Comprehensive, GENERAL),
    win("15", "综合受理15号窗口", W::Comprehensive, GENERAL),
    win("16", "综合受理16号窗口", W::Comprehensive, GENERAL),
    win("17", "综合受理17号窗口", W::Comprehensive, GENERAL),
    win("18", "综合受理18号窗口", W::Comprehensive, GENERAL),
    win("19", "综合受理19号窗口", W::Comprehensive, GENERAL),
    win("20", "综合受理20号窗口", W::Comprehensive, GENERAL),
    win("21", "综合受理21号窗口", W::Comprehensive, GENERAL),
    win("22", "综合受理22号窗口", W::Comprehensive, GENERAL),
];
#[rustfmt::skip]
const CENTRE_DOMAIN: &[DemoWindow] = &[
    win("23", "不动产登记综合窗口（一）", W::Domain, REAL_ESTATE),
    win("24", "不动产登记综合窗口（二）", W::Domain, REAL_ESTATE),
    win("25", "社保医保综合窗口（一）", W::Domain, SOCIAL_INSURANCE),
    win("26", "社保医保综合窗口（二）", W::Domain, SOCIAL_INSURANCE),
    win("27", "公安户政综合窗口", W::Domain, POLICE),
    win("28", "交通车驾管综合窗口", W::Domain, TRAFFIC),
    win("29", "工程建设项目综合窗口", W::Domain, PROJECT),
    win("30", "社会事务综合窗口", W::Domain, SOCIAL_AFFAIRS),
];
#[rustfmt::skip]
const CENTRE_SPECIAL: &[DemoWindow] = &[win("31", "税务窗口", W::Department, TAX), win("32", "住房公积金窗口", W::Department, HOUSING_FUND)];
#[rustfmt::skip]
const CENTRE_ENTERPRISE: &[DemoWindow] = &[win("33", "企业服务专区窗口", W::Enterprise, ENTERPRISE)];
#[rustfmt::skip]
const CENTRE_PROXY: &[DemoWindow] = &[win("34", "帮办代办窗口", W::Proxy, ZWFWJ)];
#[rustfmt::skip]
const CENTRE_UNRESOLVED: &[DemoWindow] = &[win("35", "办不成事反映窗口", W::Unresolved, ZWFWJ)];

#[rustfmt::skip]
const TOWN1_WINDOWS: &[DemoWindow] = &[
    win("1", "综合受理1号窗口", W::Comprehensive, TOWN),
    win("2", "综合受理2号窗口", W::Comprehensive, TOWN),
    win("3", "综合受理3号窗口", W::Comprehensive, TOWN),
    win("4", "社保医保综合窗口", W::Domain, SOCIAL_INSURANCE),
    win("5", "帮办代办窗口", W::Proxy, ZWFWJ),
];
#[rustfmt::skip]
const TOWN2_WINDOWS: &[DemoWindow] = &[
    win("1", "综合受理1号窗口", W::Comprehensive, TOWN),
    win("2", "综合受理2号窗口", W::Comprehensive, TOWN),
    win("3", "综合受理3号窗口", W::Comprehensive, TOWN),
    win("4", "帮办代办窗口", W::Proxy, ZWFWJ),
];
#[rustfmt::skip]
const TOWN3_WINDOWS: &[DemoWindow] = &[
    win("1", "综合受理1号窗口", W::Comprehensive, TOWN),
    win("2", "综合受理2号窗口", W::Comprehensive, TOWN),
    win("3", "综合受理3号窗口", W::Comprehensive, TOWN),
    win("4", "农牧林草综合窗口", W::Domain, AGRI),
];
#[rustfmt::skip]
const TOWN4_WINDOWS: &[DemoWindow] = &[
    win("1", "综合受理1号窗口", W::Comprehensive, TOWN),
    win("2", "综合受理2号窗口", W::Comprehensive, TOWN),
    win("3", "帮办代办窗口", W::Proxy, ZWFWJ),
];
#[rustfmt::skip]
const TOWN5_WINDOWS: &[DemoWindow] = &[
    win("1", "综合受理1号窗口", W::Comprehensive, TOWN),
    win("2", "综合受理2号窗口", W::Comprehensive, TOWN),
    win("3", "综合受理3号窗口", W::Comprehensive, TOWN),
    win("4", "市场监管所窗口", W::Department, MARKET_OFFICE),
];
#[rustfmt::skip]
const TOWN6_WINDOWS: &[DemoWindow] = &[
    win("1", "综合受理1号窗口", W::Comprehensive, TOWN),
    win("2", "综合受理2号窗口", W::Comprehensive, TOWN),
    win("3", "农牧林草综合窗口", W::Domain, AGRI),
];

#[rustfmt::skip]
const SARULA_WINDOWS: &[DemoWindow] = &[win("1", "综合服务窗口", W::Comprehensive, VILLAGE), win("2", "帮办代办窗口", W::Proxy, ZWFWJ)];
#[rustfmt::skip]
const BYCDM_WINDOWS: &[DemoWindow] = &[win("1", "综合服务窗口", W::Comprehensive, VILLAGE)];
#[rustfmt::skip]
const HUIZE_WINDOWS: &[DemoWindow] = &[win("1", "综合服务窗口", W::Comprehensive, VILLAGE), win("2", "帮办代办窗口", W::Proxy, ZWFWJ)];
#[rustfmt::skip]
const BURIDU_WINDOWS: &[DemoWindow] = &[win("1", "综合服务窗口", W::Comprehensive, VILLAGE)];
#[rustfmt::skip]
const HUJIERTE_WINDOWS: &[DemoWindow] = &[win("1", "综合服务窗口", W::Comprehensive, VILLAGE)];
#[rustfmt::skip]
const BAYINTU_WINDOWS: &[DemoWindow] = &[win("1", "综合服务窗口", W::Comprehensive, VILLAGE)];
#[rustfmt::skip]
const HENAN_WINDOWS: &[DemoWindow] = &[win("1", "综合服务窗口", W::Comprehensive, VILLAGE), win("2", "帮办代办窗口", W::Proxy, ZWFWJ)];
#[rustfmt::skip]
const TAOLI_WINDOWS: &[DemoWindow] = &[win("1", "综合服务窗口", W::Comprehensive, VILLAGE)];

/// The banner centre, one 便民服务中心 per town/sumu, and 便民服务站 in some villages.
#[rustfmt::skip]
pub static SITES: &[DemoSite] = &[
    DemoSite {
        key: "wsq-zwzx",
        name: "乌审旗政务服务中心",
        kind: SiteKind::Centre,
        org_unit: "150626",
        address: "内蒙古自治区鄂尔多斯市乌审旗嘎鲁图镇乌审西街政务服务中心大楼",
        phone: "0477-7216001",
        hours_weekday: "08:30-12:00,14:30-18:00",
        hours_weekend: "09:00-12:00",
        zones: &[
            zone("综合受理区", Z::Comprehensive, "一楼", CENTRE_COMPREHENSIVE),
            zone("企业服务专区", Z::Enterprise, "一楼", CENTRE_ENTERPRISE),
            zone("帮办代办专区", Z::Proxy, "一楼", CENTRE_PROXY),
            zone("办不成事反映窗口", Z::Unresolved, "一楼", CENTRE_UNRESOLVED),
            zone("自助服务区", Z::SelfService, "一楼", &[]),
            zone("政务公开专区", Z::Disclosure, "一楼", &[]),
            zone("一楼等候区", Z::Waiting, "一楼", &[]),
            zone("分领域综合受理区", Z::Domain, "二楼", CENTRE_DOMAIN),
            zone("专业窗口区", Z::Special, "二楼", CENTRE_SPECIAL),
            zone("二楼等候区", Z::Waiting, "二楼", &[]),
        ],
    },
    DemoSite {
        key: "galutu-bmzx", name: "嘎鲁图镇便民服务中心", kind: SiteKind::TownCentre, org_unit: "150626100",
        address: "乌审旗嘎鲁图镇人民政府办公楼一楼", phone: "0477-7213102",
        hours_weekday: "08:30-12:00,14:30-18:00", hours_weekend: "",
        zones: &[
            zone("综合受理区", Z::Comprehensive, "一楼", TOWN1_WINDOWS),
            zone("自助服务区", Z::SelfService, "一楼", &[]),
            zone("等候区", Z::Waiting, "一楼", &[]),
        ],
    },
    DemoSite {
        key: "wushenzhao-bmzx", name: "乌审召镇便民服务中心", kind: SiteKind::TownCentre, org_unit: "150626101",
        address: "乌审旗乌审召镇惠泽社区乌审召镇人民政府院内", phone: "0477-7560118",
        hours_weekday: "08:30-12:00,14:30-18:00", hours_weekend: "",
        zones: &[
            zone("综合受理区", Z::Comprehensive, "一楼", TOWN2_WINDOWS),
            zone("自助服务区", Z::SelfService, "一楼", &[]),
            zone("等候区", Z::Waiting, "一楼", &[]),
        ],
    },
    DemoSite {
        key: "tuke-bmzx", name: "图克镇便民服务中心", kind: SiteKind::TownCentre, org_unit: "150626102",
        address: "乌审旗图克镇人民政府便民服务大厅", phone: "0477-7581216",
        hours_weekday: "08:30-12:00,14:30-18:00", hours_weekend: "",
        zones: &[
            zone("综合受理区", Z::Comprehensive, "一楼", TOWN3_WINDOWS),
            zone("自助服务区", Z::SelfService, "一楼", &[]),
            zone("等候区", Z::Waiting, "一楼", &[]),
        ],
    },
    DemoSite {
        key: "wulantaolegai-bmzx", name: "乌兰陶勒盖镇便民服务中心", kind: SiteKind::TownCentre, org_unit: "150626103",
        address: "乌审旗乌兰陶勒盖镇人民政府一楼", phone: "0477-7536025",
        hours_weekday: "08:30-12:00,14:30-18:00", hours_weekend: "",
        zones: &[
            zone("综合受理区", Z::Comprehensive, "一楼", TOWN4_WINDOWS),
            zone("自助服务区", Z::SelfService, "一楼", &[]),
            zone("等候区", Z::Waiting, "一楼", &[]),
        ],
    },
    DemoSite {
        key: "wudinghe-bmzx", name: "无定河镇便民服务中心", kind: SiteKind::TownCentre, org_unit: "150626104",
        address: "乌审旗无定河镇人民政府便民服务大厅", phone: "0477-7592130",
        hours_weekday: "08:30-12:00,14:30-18:00", hours_weekend: "",
        zones: &[
            zone("综合受理区", Z::Comprehensive, "一楼", TOWN5_WINDOWS),
            zone("自助服务区", Z::SelfService, "一楼", &[]),
            zone("等候区", Z::Waiting, "一楼", &[]),
        ],
    },
    DemoSite {
        key: "sulide-bmzx", name: "苏力德苏木便民服务中心", kind: SiteKind::TownCentre, org_unit: "150626200",
        address: "乌审旗苏力德苏木人民政府一楼", phone: "0477-7523066",
        hours_weekday: "08:30-12:00,14:30-18:00", hours_weekend: "",
        zones: &[
            zone("综合受理区", Z::Comprehensive, "一楼", TOWN6_WINDOWS),
            zone("自助服务区", Z::SelfService, "一楼", &[]),
            zone("等候区", Z::Waiting, "一楼", &[]),
        ],
    },
    DemoSite {
        key: "sarula-bmfwz", name: "萨如拉社区便民服务站", kind: SiteKind::Station, org_unit: "150626100001",
        address: "乌审旗嘎鲁图镇萨如拉社区党群服务中心一楼", phone: "0477-7607337",
        hours_weekday: "09:00-12:00,15:00-17:30", hours_weekend: "",
        zones: &[zone("服务区", Z::Comprehensive, "一楼", SARULA_WINDOWS)],
    },
    DemoSite {
        key: "bycdm-bmfwz", name: "巴音柴达木嘎查便民服务站", kind: SiteKind::Station, org_unit: "150626100203",
        address: "乌审旗嘎鲁图镇巴音柴达木嘎查党群服务中心", phone: "0477-7607374",
        hours_weekday: "09:00-12:00,15:00-17:30", hours_weekend: "",
        zones: &[zone("服务区", Z::Comprehensive, "一楼", BYCDM_WINDOWS)],
    },
    DemoSite {
        key: "huize-bmfwz", name: "惠泽社区便民服务站", kind: SiteKind::Station, org_unit: "150626101001",
        address: "乌审旗乌审召镇惠泽社区党群服务中心", phone: "0477-7607411",
        hours_weekday: "09:00-12:00,15:00-17:30", hours_weekend: "",
        zones: &[zone("服务区", Z::Comprehensive, "一楼", HUIZE_WINDOWS)],
    },
    DemoSite {
        key: "buridu-bmfwz", name: "布日都嘎查便民服务站", kind: SiteKind::Station, org_unit: "150626101203",
        address: "乌审旗乌审召镇布日都嘎查党群服务中心", phone: "0477-7607448",
        hours_weekday: "09:00-12:00,15:00-17:30", hours_weekend: "",
        zones: &[zone("服务区", Z::Comprehensive, "一楼", BURIDU_WINDOWS)],
    },
    DemoSite {
        key: "hujierte-bmfwz", name: "呼吉尔特嘎查便民服务站", kind: SiteKind::Station, org_unit: "150626102202",
        address: "乌审旗图克镇呼吉尔特嘎查党群服务中心", phone: "0477-7607485",
        hours_weekday: "09:00-12:00,15:00-17:30", hours_weekend: "",
        zones: &[zone("服务区", Z::Comprehensive, "一楼", HUJIERTE_WINDOWS)],
    },
    DemoSite {
        key: "bayintu-bmfwz", name: "巴音图嘎查便民服务站", kind: SiteKind::Station, org_unit: "150626103202",
        address: "乌审旗乌兰陶勒盖镇巴音图嘎查党群服务中心", phone: "0477-7607522",
        hours_weekday: "09:00-12:00,15:00-17:30", hours_weekend: "",
        zones: &[zone("服务区", Z::Comprehensive, "一楼", BAYINTU_WINDOWS)],
    },
    DemoSite {
        key: "henan-bmfwz", name: "河南村便民服务站", kind: SiteKind::Station, org_unit: "150626104201",
        address: "乌审旗无定河镇河南村党群服务中心", phone: "0477-7607559",
        hours_weekday: "09:00-12:00,15:00-17:30", hours_weekend: "",
        zones: &[zone("服务区", Z::Comprehensive, "一楼", HENAN_WINDOWS)],
    },
    DemoSite {
        key: "taoli-bmfwz", name: "陶利嘎查便民服务站", kind: SiteKind::Station, org_unit: "150626200202",
        address: "乌审旗苏力德苏木陶利嘎查党群服务中心", phone: "0477-7607596",
        hours_weekday: "09:00-12:00,15:00-17:30", hours_weekend: "",
        zones: &[zone("服务区", Z::Comprehensive, "一楼", TAOLI_WINDOWS)],
    },
];

/// Window staff (seated today at most banner windows and every town window), the hall and catalog
/// managers, 蓝马甲 guides, town hall managers and 首席代表 of the busiest departments.
#[rustfmt::skip]
pub static STAFF: &[DemoStaff] = &[
    st("bc-01", "王慧", "zwfwj", "150626", "2024-07-10", PostGrade::Senior, "19947716148", Some(("wsq-zwzx", "1"))),
    st("bc-02", "斯日古楞", "zwfwj", "150626", "2020-09-22", PostGrade::Senior, "16647700658", Some(("wsq-zwzx", "2"))),
    st("bc-03", "霍丽娜", "zwfwj", "150626", "2019-08-08", PostGrade::Senior, "13347725880", Some(("wsq-zwzx", "3"))),
    st("bc-04", "道日娜", "zwfwj", "150626", "2019-05-27", PostGrade::Junior, "18347713622", Some(("wsq-zwzx", "4"))),
    st("bc-05", "杨建平", "zwfwj", "150626", "2025-03-13", PostGrade::Middle, "15147710555", Some(("wsq-zwzx", "5"))),
    st("bc-06", "特古斯", "zwfwj", "150626", "2021-02-20", PostGrade::Junior, "13547722671", Some(("wsq-zwzx", "6"))),
    st("bc-07", "奇志刚", "zwfwj", "150626", "2022-11-27", PostGrade::Middle, "15647731948", Some(("wsq-zwzx", "7"))),
    st("bc-08", "满都呼", "zwfwj", "150626", "2022-02-21", PostGrade::Middle, "15147724760", Some(("wsq-zwzx", "8"))),
    st("bc-09", "雷鸣", "zwfwj", "150626", "2022-06-08", PostGrade::Senior, "15347769684", Some(("wsq-zwzx", "9"))),
    st("bc-10", "通拉嘎", "scjgj", "150626", "2025-07-04", PostGrade::Junior, "15947715977", Some(("wsq-zwzx", "10"))),
    st("bc-11", "边亮", "rsj", "150626", "2021-12-12", PostGrade::Middle, "13347700036", Some(("wsq-zwzx", "11"))),
    st("bc-12", "额尔敦巴雅尔", "mzj", "150626", "2019-04-07", PostGrade::Junior, "15047752135", Some(("wsq-zwzx", "12"))),
    st("bc-13", "高峰", "ybj", "150626", "2021-01-19", PostGrade::Middle, "15247793179", Some(("wsq-zwzx", "13"))),
    st("bc-14", "诺敏", "wjw", "150626", "2024-06-17", PostGrade::Middle, "15047789980", Some(("wsq-zwzx", "14"))),
    st("bc-15", "拓文斌", "nmj", "150626", "2023-06-04", PostGrade::Senior, "18247717808", Some(("wsq-zwzx", "15"))),
    st("bc-16", "巴特尔", "jytyj", "150626", "2022-04-21", PostGrade::Junior, "15347700785", Some(("wsq-zwzx", "16"))),
    st("bc-17", "訾海燕", "zjj", "150626", "2024-04-12", PostGrade::Middle, "18347711031", Some(("wsq-zwzx", "17"))),
    st("bc-18", "萨仁高娃", "lcj", "150626", "2022-08-16", PostGrade::Junior, "16647716063", Some(("wsq-zwzx", "18"))),
    st("bc-19", "郝俊峰", "tyjrj", "150626", "2025-03-13", PostGrade::Middle, "16647783046", Some(("wsq-zwzx", "19"))),
    st("bc-20", "额尔德木图", "zwfwj", "150626", "2021-05-25", PostGrade::Middle, "19147770484", Some(("wsq-zwzx", "20"))),
    st("bc-23", "吕晓丽", "bdcdj", "150626", "2024-06-27", PostGrade::Senior, "18747733187", Some(("wsq-zwzx", "23"))),
    st("bc-24", "乌兰图雅", "bdcdj", "150626", "2025-09-21", PostGrade::Junior, "13847740637", Some(("wsq-zwzx", "24"))),
    st("bc-25", "李建军", "rsj", "150626", "2021-06-08", PostGrade::Middle, "17747707607", Some(("wsq-zwzx", "25"))),
    st("bc-26", "吉日嘎拉", "ybj", "150626", "2024-08-19", PostGrade::Middle, "18847781312", Some(("wsq-zwzx", "26"))),
    st("bc-27", "薛婷", "gaj", "150626", "2025-08-06", PostGrade::Senior, "19147751382", Some(("wsq-zwzx", "27"))),
    st("bc-28", "乌云毕力格", "gaj", "150626", "2019-02-28", PostGrade::Junior, "19947781592", Some(("wsq-zwzx", "28"))),
    st("bc-29", "温雅", "zjj", "150626", "2020-06-11", PostGrade::Middle, "16647738779", Some(("wsq-zwzx", "29"))),
    st("bc-30", "朝鲁门", "mzj", "150626", "2024-08-13", PostGrade::Junior, "14747755768", Some(("wsq-zwzx", "30"))),
    st("bc-31", "孙丽华", "swj", "150626", "2019-05-05", PostGrade::Middle, "19947779419", Some(("wsq-zwzx", "31"))),
    st("bc-32", "那仁满都拉", "gjj", "150626", "2025-04-05", PostGrade::Middle, "18347749410", Some(("wsq-zwzx", "32"))),
    st("bc-33", "刘海涛", "scjgj", "150626", "2022-05-21", PostGrade::Senior, "15547779900", Some(("wsq-zwzx", "33"))),
    st("bc-34", "孟和", "zwfwj", "150626", "2020-08-03", PostGrade::Senior, "18347729322", Some(("wsq-zwzx", "34"))),
    st("bc-35", "蔡宏", "zwfwj", "150626", "2024-01-14", PostGrade::Middle, "19847754130", Some(("wsq-zwzx", "35"))),
    st("tc1-01", "宝音德力格尔", "zwfwj", "150626100", "2022-12-21", PostGrade::Middle, "17747783403", Some(("galutu-bmzx", "1"))),
    st("tc1-02", "赵磊", "zwfwj", "150626100", "2020-07-26", PostGrade::Senior, "16647726524", Some(("galutu-bmzx", "2"))),
    st("tc1-03", "阿荣", "mzj", "150626100", "2019-01-04", PostGrade::Junior, "18347700340", Some(("galutu-bmzx", "3"))),
    st("tc1-04", "李娜", "rsj", "150626100", "2024-03-14", PostGrade::Middle, "15747749925", Some(("galutu-bmzx", "4"))),
    st("tc1-05", "塔娜", "zwfwj", "150626100", "2021-04-03", PostGrade::Junior, "17747754174", Some(("galutu-bmzx", "5"))),
    st("tc2-01", "奇慧敏", "zwfwj", "150626101", "2023-03-17", PostGrade::Middle, "13447768100", Some(("wushenzhao-bmzx", "1"))),
    st("tc2-02", "布和", "nmj", "150626101", "2021-08-24", PostGrade::Junior, "18247751178", Some(("wushenzhao-bmzx", "2"))),
    st("tc2-03", "折建新", "ybj", "150626101", "2024-09-01", PostGrade::Middle, "17747759748", Some(("wushenzhao-bmzx", "3"))),
    st("tc2-04", "其其格", "zwfwj", "150626101", "2020-09-07", PostGrade::Junior, "18947742924", Some(("wushenzhao-bmzx", "4"))),
    st("tc3-01", "牛志远", "zwfwj", "150626102", "2025-04-05", PostGrade::Middle, "13447798556", Some(("tuke-bmzx", "1"))),
    st("tc3-02", "陶格斯", "rsj", "150626102", "2025-04-23", PostGrade::Middle, "18547706248", Some(("tuke-bmzx", "2"))),
    st("tc3-03", "崔红梅", "zwfwj", "150626102", "2022-12-21", PostGrade::Junior, "18247728037", Some(("tuke-bmzx", "3"))),
    st("tc3-04", "图门", "nmj", "150626102", "2024-09-26", PostGrade::Middle, "15347728286", Some(("tuke-bmzx", "4"))),
    st("tc4-01", "苗青", "zwfwj", "150626103", "2021-06-15", PostGrade::Middle, "13347757019", Some(("wulantaolegai-bmzx", "1"))),
    st("tc4-02", "苏日娜", "mzj", "150626103", "2025-06-06", PostGrade::Junior, "19147768554", Some(("wulantaolegai-bmzx", "2"))),
    st("tc4-03", "石磊", "zwfwj", "150626103", "2024-07-17", PostGrade::Middle, "15047717522", Some(("wulantaolegai-bmzx", "3"))),
    st("tc5-01", "高娃", "zwfwj", "150626104", "2019-01-05", PostGrade::Middle, "18247736639", Some(("wudinghe-bmzx", "1"))),
    st("tc5-02", "韩冬", "zwfwj", "150626104", "2022-08-28", PostGrade::Middle, "15047795451", Some(("wudinghe-bmzx", "2"))),
    st("tc5-03", "图雅", "tyjrj", "150626104", "2025-02-18", PostGrade::Middle, "15347766397", Some(("wudinghe-bmzx", "3"))),
    st("tc5-04", "张伟东", "scjgj", "150626104", "2024-09-01", PostGrade::Senior, "13847754182", Some(("wudinghe-bmzx", "4"))),
    st("tc6-01", "阿古拉", "zwfwj", "150626200", "2020-07-20", PostGrade::Middle, "18047738171", Some(("sulide-bmzx", "1"))),
    st("tc6-02", "康俊", "nmj", "150626200", "2024-08-16", PostGrade::Middle, "14747788441", Some(("sulide-bmzx", "2"))),
    st("tc6-03", "阿拉腾花", "lcj", "150626200", "2020-03-20", PostGrade::Senior, "15247756636", Some(("sulide-bmzx", "3"))),
    st("vs-100001", "陈静", "zwfwj", "150626100001", "2020-02-28", PostGrade::Junior, "18647704090", Some(("sarula-bmfwz", "1"))),
    st("vs-100203", "萨日娜", "zwfwj", "150626100203", "2024-06-04", PostGrade::Junior, "18147778283", Some(("bycdm-bmfwz", "1"))),
    st("vs-101001", "白雪梅", "zwfwj", "150626101001", "2023-01-16", PostGrade::Junior, "18747792433", Some(("huize-bmfwz", "1"))),
    st("vs-101203", "青格乐图", "zwfwj", "150626101203", "2020-11-16", PostGrade::Junior, "19947779471", Some(("buridu-bmfwz", "1"))),
    st("vs-102202", "田野", "zwfwj", "150626102202", "2024-10-19", PostGrade::Junior, "15947778410", Some(("hujierte-bmfwz", "1"))),
    st("vs-103202", "哈斯巴根", "zwfwj", "150626103202", "2025-06-14", PostGrade::Junior, "14747792409", Some(("bayintu-bmfwz", "1"))),
    st("vs-104201", "冯雪", "zwfwj", "150626104201", "2021-12-19", PostGrade::Junior, "15747776866", Some(("henan-bmfwz", "1"))),
    st("vs-200202", "斯琴图雅", "zwfwj", "150626200202", "2023-10-13", PostGrade::Junior, "13547794240", Some(("taoli-bmfwz", "1"))),
    st("hall", "贺志强", "zwfwj", "150626", "2025-04-16", PostGrade::Senior, "13347784809", None),
    st("catalog", "呼和", "zwfwj", "150626", "2020-03-11", PostGrade::Senior, "18647719338", None),
    st("guide1", "杨帆", "zwfwj", "150626", "2024-01-26", PostGrade::Junior, "18647762856", None),
    st("guide2", "敖特根", "zwfwj", "150626", "2025-08-25", PostGrade::Middle, "13447768569", None),
    st("th1", "马晓东", "zwfwj", "150626100", "2019-11-01", PostGrade::Senior, "18647792388", None),
    st("th2", "娜仁花", "zwfwj", "150626101", "2020-10-02", PostGrade::Senior, "18947786566", None),
    st("th3", "侯宁", "zwfwj", "150626102", "2024-11-08", PostGrade::Senior, "15247732520", None),
    st("th4", "达来", "zwfwj", "150626103", "2021-11-06", PostGrade::Senior, "17747712557", None),
    st("th5", "闫红", "zwfwj", "150626104", "2019-09-16", PostGrade::Senior, "18047750020", None),
    st("th6", "金花", "zwfwj", "150626200", "2022-02-24", PostGrade::Senior, "18747778186", None),
    st("chief-scjgj", "乔芳", "scjgj", "150626", "2021-07-16", PostGrade::Senior, "14747725941", None),
    st("chief-gaj", "包金花", "gaj", "150626", "2021-09-03", PostGrade::Senior, "18547720224", None),
    st("chief-rsj", "王晓燕", "rsj", "150626", "2025-02-20", PostGrade::Senior, "18547720823", None),
    st("chief-ybj", "乌日娜", "ybj", "150626", "2019-08-16", PostGrade::Senior, "15047771110", None),
    st("chief-bdcdj", "任佳", "bdcdj", "150626", "2019-02-26", PostGrade::Senior, "18547702604", None),
    st("chief-zjj", "格日勒图", "zjj", "150626", "2025-08-14", PostGrade::Senior, "13847774254", None),
    st("chief-swj", "刘玉兰", "swj", "150626", "2023-05-24", PostGrade::Senior, "18547790826", None),
    st("chief-mzj", "贾瑞", "mzj", "150626", "2021-12-24", PostGrade::Senior, "18047703625", None),
];

/// The demo logins listed by `yichuang demo`.
#[rustfmt::skip]
pub static ACCOUNTS: &[DemoAccount] = &[
    acct("admin", "系统管理员", None, &[g(Role::SysAdmin, "150626", None)]),
    acct("hall", "贺志强", Some("hall"), &[g(Role::HallManager, "150626", None)]),
    acct("catalog", "呼和", Some("catalog"), &[g(Role::CatalogAdmin, "150626", None)]),
    acct("clerk1", "王慧", Some("bc-01"), &[g(Role::Clerk, "150626", None)]),
    acct("clerk2", "斯日古楞", Some("bc-02"), &[g(Role::Clerk, "150626", None)]),
    acct("clerk3", "霍丽娜", Some("bc-03"), &[g(Role::Clerk, "150626", None)]),
    acct("clerk4", "道日娜", Some("bc-04"), &[g(Role::Clerk, "150626", None)]),
    acct("clerk5", "杨建平", Some("bc-05"), &[g(Role::Clerk, "150626", None)]),
    acct("supervisor", "效能监察员", None, &[g(Role::Supervisor, "150626", None)]),
    acct("leader", "中心领导", None, &[g(Role::Leader, "150626", None)]),
    acct("guide1", "杨帆", Some("guide1"), &[g(Role::Guide, "150626", None)]),
    acct("townclerk1", "宝音德力格尔", Some("tc1-01"), &[g(Role::Clerk, "150626100", None)]),
    acct("townclerk2", "奇慧敏", Some("tc2-01"), &[g(Role::Clerk, "150626101", None)]),
    acct("townclerk3", "牛志远", Some("tc3-01"), &[g(Role::Clerk, "150626102", None)]),
    acct("townclerk4", "苗青", Some("tc4-01"), &[g(Role::Clerk, "150626103", None)]),
    acct("townclerk5", "高娃", Some("tc5-01"), &[g(Role::Clerk, "150626104", None)]),
    acct("townclerk6", "阿古拉", Some("tc6-01"), &[g(Role::Clerk, "150626200", None)]),
    acct("townhall1", "马晓东", Some("th1"), &[g(Role::HallManager, "150626100", None)]),
    acct("townhall2", "娜仁花", Some("th2"), &[g(Role::HallManager, "150626101", None)]),
    acct("townhall3", "侯宁", Some("th3"), &[g(Role::HallManager, "150626102", None)]),
    acct("townhall4", "达来", Some("th4"), &[g(Role::HallManager, "150626103", None)]),
    acct("townhall5", "闫红", Some("th5"), &[g(Role::HallManager, "150626104", None)]),
    acct("townhall6", "金花", Some("th6"), &[g(Role::HallManager, "150626200", None)]),
    acct("approver-zwfwj", "政务服务局审批人", None, &[g(Role::Approver, "150626", Some("zwfwj"))]),
    acct("depthead-zwfwj", "政务服务局负责人", None, &[g(Role::DeptHead, "150626", Some("zwfwj"))]),
    acct("approver-scjgj", "乔芳", Some("chief-scjgj"), &[g(Role::Approver, "150626", Some("scjgj"))]),
    acct("depthead-scjgj", "市场监管局负责人", None, &[g(Role::DeptHead, "150626", Some("scjgj"))]),
    acct("approver-gaj", "包金花", Some("chief-gaj"), &[g(Role::Approver, "150626", Some("gaj"))]),
    acct("depthead-gaj", "公安局负责人", None, &[g(Role::DeptHead, "150626", Some("gaj"))]),
    acct("approver-rsj", "王晓燕", Some("chief-rsj"), &[g(Role::Approver, "150626", Some("rsj"))]),
    acct("depthead-rsj", "人社局负责人", None, &[g(Role::DeptHead, "150626", Some("rsj"))]),
    acct("approver-ybj", "乌日娜", Some("chief-ybj"), &[g(Role::Approver, "150626", Some("ybj"))]),
    acct("depthead-ybj", "医保局负责人", None, &[g(Role::DeptHead, "150626", Some("ybj"))]),
    acct("approver-swj", "刘玉兰", Some("chief-swj"), &[g(Role::Approver, "150626", Some("swj"))]),
    acct("depthead-swj", "税务局负责人", None, &[g(Role::DeptHead, "150626", Some("swj"))]),
    acct("approver-zrzyj", "自然资源局审批人", None, &[g(Role::Approver, "150626", Some("zrzyj"))]),
    acct("depthead-zrzyj", "自然资源局负责人", None, &[g(Role::DeptHead, "150626", Some("zrzyj"))]),
    acct("approver-bdcdj", "任佳", Some("chief-bdcdj"), &[g(Role::Approver, "150626", Some("bdcdj"))]),
    acct("depthead-bdcdj", "不动产登记中心负责人", None, &[g(Role::DeptHead, "150626", Some("bdcdj"))]),
    acct("approver-zjj", "格日勒图", Some("chief-zjj"), &[g(Role::Approver, "150626", Some("zjj"))]),
    acct("depthead-zjj", "住建局负责人", None, &[g(Role::DeptHead, "150626", Some("zjj"))]),
    acct("approver-jtysj", "交通运输局审批人", None, &[g(Role::Approver, "150626", Some("jtysj"))]),
    acct("depthead-jtysj", "交通运输局负责人", None, &[g(Role::DeptHead, "150626", Some("jtysj"))]),
    acct("approver-wjw", "卫健委审批人", None, &[g(Role::Approver, "150626", Some("wjw"))]),
    acct("depthead-wjw", "卫健委负责人", None, &[g(Role::DeptHead, "150626", Some("wjw"))]),
    acct("approver-mzj", "贾瑞", Some("chief-mzj"), &[g(Role::Approver, "150626", Some("mzj"))]),
    acct("depthead-mzj", "民政局负责人", None, &[g(Role::DeptHead, "150626", Some("mzj"))]),
    acct("approver-jytyj", "教体局审批人", None, &[g(Role::Approver, "150626", Some("jytyj"))]),
    acct("depthead-jytyj", "教体局负责人", None, &[g(Role::DeptHead, "150626", Some("jytyj"))]),
    acct("approver-nmj", "农牧局审批人", None, &[g(Role::Approver, "150626", Some("nmj"))]),
    acct("depthead-nmj", "农牧局负责人", None, &[g(Role::DeptHead, "150626", Some("nmj"))]),
    acct("approver-lcj", "林草局审批人", None, &[g(Role::Approver, "150626", Some("lcj"))]),
    acct("depthead-lcj", "林草局负责人", None, &[g(Role::DeptHead, "150626", Some("lcj"))]),
    acct("approver-sthjfj", "生态环境分局审批人", None, &[g(Role::Approver, "150626", Some("sthjfj"))]),
    acct("depthead-sthjfj", "生态环境分局负责人", None, &[g(Role::DeptHead, "150626", Some("sthjfj"))]),
    acct("approver-slj", "水利局审批人", None, &[g(Role::Approver, "150626", Some("slj"))]),
    acct("depthead-slj", "水利局负责人", None, &[g(Role::DeptHead, "150626", Some("slj"))]),
    acct("approver-tyjrj", "退役军人事务局审批人", None, &[g(Role::Approver, "150626", Some("tyjrj"))]),
    acct("depthead-tyjrj", "退役军人事务局负责人", None, &[g(Role::DeptHead, "150626", Some("tyjrj"))]),
    acct("approver-cjrlh", "残联审批人", None, &[g(Role::Approver, "150626", Some("cjrlh"))]),
    acct("depthead-cjrlh", "残联负责人", None, &[g(Role::DeptHead, "150626", Some("cjrlh"))]),
    acct("approver-gjj", "公积金中心审批人", None, &[g(Role::Approver, "150626", Some("gjj"))]),
    acct("depthead-gjj", "公积金中心负责人", None, &[g(Role::DeptHead, "150626", Some("gjj"))]),
    acct("approver-sfj", "司法局审批人", None, &[g(Role::Approver, "150626", Some("sfj"))]),
    acct("depthead-sfj", "司法局负责人", None, &[g(Role::DeptHead, "150626", Some("sfj"))]),
    acct("approver-yjglj", "应急管理局审批人", None, &[g(Role::Approver, "150626", Some("yjglj"))]),
    acct("depthead-yjglj", "应急管理局负责人", None, &[g(Role::DeptHead, "150626", Some("yjglj"))]),
    acct("approver-fgw", "发改委审批人", None, &[g(Role::Approver, "150626", Some("fgw"))]),
    acct("depthead-fgw", "发改委负责人", None, &[g(Role::DeptHead, "150626", Some("fgw"))]),
    acct("approver-whlyj", "文旅局审批人", None, &[g(Role::Approver, "150626", Some("whlyj"))]),
    acct("depthead-whlyj", "文旅局负责人", None, &[g(Role::DeptHead, "150626", Some("whlyj"))]),
    acct("approver-gxj", "工信局审批人", None, &[g(Role::Approver, "150626", Some("gxj"))]),
    acct("depthead-gxj", "工信局负责人", None, &[g(Role::DeptHead, "150626", Some("gxj"))]),
    acct("approver-xfjy", "消防救援大队审批人", None, &[g(Role::Approver, "150626", Some("xfjy"))]),
    acct("depthead-xfjy", "消防救援大队负责人", None, &[g(Role::DeptHead, "150626", Some("xfjy"))]),
    acct("approver-gdgs", "供电公司审批人", None, &[g(Role::Approver, "150626", Some("gdgs"))]),
    acct("depthead-gdgs", "供电公司负责人", None, &[g(Role::DeptHead, "150626", Some("gdgs"))]),
    acct("approver-gpsgs", "供排水公司审批人", None, &[g(Role::Approver, "150626", Some("gpsgs"))]),
    acct("depthead-gpsgs", "供排水公司负责人", None, &[g(Role::DeptHead, "150626", Some("gpsgs"))]),
];

#[cfg(test)]
mod tests {
    use std::collections::{HashMap, HashSet};

    use domain::org::{Hours, OrgLevel, SiteKind, WindowKind, ZoneKind};

    use super::*;

    fn org(code: &str) -> Option<&'static DemoOrgUnit> {
        ORG_UNITS.iter().find(|u| u.code == code)
    }

    fn dept_exists(code: &str) -> bool {
        DEPARTMENTS.iter().any(|d| d.code == code)
    }

    fn towns() -> Vec<&'static DemoOrgUnit> {
        ORG_UNITS.iter().filter(|u| u.level == OrgLevel::Town).collect()
    }

    fn site(key: &str) -> Option<&'static DemoSite> {
        SITES.iter().find(|s| s.key == key)
    }

    fn windows(site: &DemoSite) -> impl Iterator<Item = &'static DemoWindow> + use<> {
        let zones: &'static [DemoZone] = site.zones;
        zones.iter().flat_map(|z| z.windows.iter())
    }

    fn window(site_key: &str, number: &str) -> Option<&'static DemoWindow> {
        site(site_key).and_then(|s| windows(s).find(|w| w.number == number))
    }

    fn staff(key: &str) -> Option<&'static DemoStaff> {
        STAFF.iter().find(|s| s.key == key)
    }

    fn account(username: &str) -> &'static DemoAccount {
        ACCOUNTS.iter().find(|a| a.username == username).unwrap_or_else(|| panic!("account {username} is missing"))
    }

    fn assert_unique<'a>(what: &str, items: impl IntoIterator<Item = &'a str>) {
        let mut seen = HashSet::new();
        for item in items {
            assert!(seen.insert(item), "duplicate {what}: {item}");
        }
    }

    fn is_mobile(s: &str) -> bool {
        let b = s.as_bytes();
        b.len() == 11 && b[0] == b'1' && (b'3'..=b'9').contains(&b[1]) && b.iter().all(u8::is_ascii_digit)
    }

    fn is_dept_code(s: &str) -> bool {
        let b = s.as_bytes();
        (2..=16).contains(&b.len())
            && b[0].is_ascii_lowercase()
            && b.iter().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == b'-')
    }

    fn is_date_in_range(s: &str) -> bool {
        let parts: Vec<&str> = s.split('-').collect();
        let [y, m, d] = parts.as_slice() else {
            return false;
        };
        let ok_len = y.len() == 4 && m.len() == 2 && d.len() == 2;
        match (y.parse::<u32>(), m.parse::<u32>(), d.parse::<u32>()) {
            (Ok(y), Ok(m), Ok(d)) => ok_len && (2019..=2025).contains(&y) && (1..=12).contains(&m) && (1..=28).contains(&d),
            _ => false,
        }
    }

    #[test]
    fn org_codes_are_unique_and_parents_have_the_level_above() {
        assert_unique("org unit code", ORG_UNITS.iter().map(|u| u.code));
        assert_eq!(ORG_UNITS.iter().filter(|u| u.level == OrgLevel::Banner).count(), 1);
        for u in ORG_UNITS {
            assert!(u.code.starts_with("150626"), "{} is not in the banner", u.code);
            match u.parent {
                None => assert_eq!(u.level, OrgLevel::Banner, "{} has no parent", u.code),
                Some(p) => {
                    let parent = org(p).unwrap_or_else(|| panic!("parent {p} of {} is missing", u.code));
                    assert_eq!(parent.level.child(), Some(u.level), "{} sits under a {:?}", u.code, parent.level);
                    assert!(u.code.starts_with(parent.code), "{} does not extend {}", u.code, parent.code);
                }
            }
        }
    }

    #[test]
    fn the_banner_has_its_six_towns_in_order_with_enough_villages() {
        let names: Vec<&str> = towns().iter().map(|t| t.name).collect();
        assert_eq!(names, ["嘎鲁图镇", "乌审召镇", "图克镇", "乌兰陶勒盖镇", "无定河镇", "苏力德苏木"]);
        for t in towns() {
            let n = ORG_UNITS.iter().filter(|u| u.parent == Some(t.code)).count();
            assert!((3..=6).contains(&n), "{} has {n} villages", t.name);
        }
        assert!(ORG_UNITS.iter().filter(|u| u.level == OrgLevel::Village).count() >= 25);
    }

    #[test]
    fn department_codes_are_unique_and_well_formed() {
        assert!(DEPARTMENTS.len() >= 22);
        assert_unique("department code", DEPARTMENTS.iter().map(|d| d.code));
        assert_unique("department name", DEPARTMENTS.iter().map(|d| d.name));
        for d in DEPARTMENTS {
            assert!(is_dept_code(d.code), "bad department code {}", d.code);
            let parsed = domain::org::parse_dept_code("code", d.code).expect("a well-formed code parses");
            assert_eq!(parsed, d.code);
        }
    }

    #[test]
    fn sites_stand_at_the_level_of_their_kind_and_every_town_has_one_centre() {
        assert_unique("site key", SITES.iter().map(|s| s.key));
        for s in SITES {
            let unit = org(s.org_unit).unwrap_or_else(|| panic!("org unit of {} is missing", s.key));
            assert_eq!(unit.level, s.kind.level(), "{} stands at the wrong level", s.key);
            assert!(s.key.is_ascii());
            assert!(Hours::parse("hours", s.hours_weekday).is_ok_and(|h| !h.is_closed()), "{}: {}", s.key, s.hours_weekday);
            assert!(Hours::parse("hours", s.hours_weekend).is_ok(), "{}: {}", s.key, s.hours_weekend);
            assert!(s.phone.starts_with("0477-7") && s.phone.len() == 12, "{}: {}", s.key, s.phone);
        }
        assert_eq!(SITES.iter().filter(|s| s.kind == SiteKind::Centre).count(), 1);
        for t in towns() {
            let centres: Vec<&DemoSite> = SITES.iter().filter(|s| s.kind == SiteKind::TownCentre && s.org_unit == t.code).collect();
            assert_eq!(centres.len(), 1, "{} has {} 便民服务中心", t.name, centres.len());
            let c = centres[0];
            let n = windows(c).count();
            let comprehensive = windows(c).filter(|w| w.kind.is_comprehensive()).count();
            assert!((3..=6).contains(&n), "{} has {n} windows", c.name);
            assert!(comprehensive * 2 > n, "{} is not mostly comprehensive", c.name);
            assert!(c.zones.len() >= 2);
        }
        let stations: Vec<&DemoSite> = SITES.iter().filter(|s| s.kind == SiteKind::Station).collect();
        assert!(stations.len() >= 6);
        for s in stations {
            assert!((1..=2).contains(&windows(s).count()), "{} has too many windows", s.name);
        }
    }

    #[test]
    fn the_banner_centre_has_every_zone_and_mostly_comprehensive_windows() {
        let centre = SITES.iter().find(|s| s.kind == SiteKind::Centre).expect("one centre");
        assert_eq!(centre.org_unit, "150626");
        for kind in ZoneKind::ALL {
            assert!(centre.zones.iter().any(|z| z.kind == *kind), "zone {kind:?} is missing");
        }
        let n = windows(centre).count();
        let comprehensive = windows(centre).filter(|w| w.kind.is_comprehensive()).count();
        assert!(n >= 30, "only {n} windows");
        assert!(comprehensive * 5 >= n * 4, "{comprehensive} of {n} windows are comprehensive");
        for kind in WindowKind::ALL {
            assert!(windows(centre).any(|w| w.kind == *kind), "window kind {kind:?} is missing");
        }
        for w in windows(centre).filter(|w| w.kind == WindowKind::Comprehensive) {
            assert!(w.departments.len() >= 10, "window {} acts for too few departments", w.number);
        }
    }

    #[test]
    fn window_numbers_are_unique_per_site_and_departments_exist() {
        for s in SITES {
            assert_unique(&format!("window number at {}", s.key), windows(s).map(|w| w.number));
            for w in windows(s) {
                let parsed = domain::org::parse_window_no("number", w.number).expect("a well-formed number parses");
                assert_eq!(parsed, w.number);
                assert!(!w.departments.is_empty(), "window {} at {} acts for nobody", w.number, s.key);
                for d in w.departments {
                    assert!(dept_exists(d), "window {} at {}: department {d} is missing", w.number, s.key);
                }
            }
        }
    }

    #[test]
    fn staff_are_well_formed_and_seated_at_most_one_per_window() {
        assert!(STAFF.len() >= 60);
        assert_unique("staff key", STAFF.iter().map(|s| s.key));
        assert_unique("staff phone", STAFF.iter().map(|s| s.phone));
        let mut seated: HashMap<(&str, &str), &str> = HashMap::new();
        for s in STAFF {
            assert!(s.key.is_ascii(), "{}", s.key);
            assert!(dept_exists(s.department), "{}: department {} is missing", s.key, s.department);
            assert!(org(s.org_unit).is_some(), "{}: org unit {} is missing", s.key, s.org_unit);
            assert!(is_mobile(s.phone), "{}: bad phone {}", s.key, s.phone);
            assert!(is_date_in_range(s.stationed_since), "{}: bad date {}", s.key, s.stationed_since);
            if let Some((site_key, number)) = s.seat {
                assert!(window(site_key, number).is_some(), "{}: no window {number} at {site_key}", s.key);
                if let Some(other) = seated.insert((site_key, number), s.key) {
                    panic!("{} and {other} share window {number} at {site_key}", s.key);
                }
            }
        }
        for grade in PostGrade::ALL {
            assert!(STAFF.iter().any(|s| s.grade == *grade), "no {grade:?} staff");
        }
        // Every town window is staffed, and most banner windows are.
        for s in SITES.iter().filter(|s| s.kind == SiteKind::TownCentre) {
            for w in windows(s) {
                assert!(seated.contains_key(&(s.key, w.number)), "window {} at {} is empty", w.number, s.key);
            }
        }
        let centre = SITES.iter().find(|s| s.kind == SiteKind::Centre).expect("one centre");
        let staffed = windows(centre).filter(|w| seated.contains_key(&(centre.key, w.number))).count();
        assert!(staffed * 10 >= windows(centre).count() * 9, "only {staffed} banner windows are staffed");
    }

    #[test]
    fn accounts_are_unique_and_their_grants_and_staff_exist() {
        assert_unique("username", ACCOUNTS.iter().map(|a| a.username));
        for a in ACCOUNTS {
            assert!(!a.grants.is_empty(), "{} has no grant", a.username);
            if let Some(k) = a.staff {
                assert!(staff(k).is_some(), "{}: staff {k} is missing", a.username);
            }
            for gr in a.grants {
                assert!(org(gr.org_unit).is_some(), "{}: org unit {} is missing", a.username, gr.org_unit);
                if let Some(d) = gr.department {
                    assert!(dept_exists(d), "{}: department {d} is missing", a.username);
                }
            }
        }
        for (username, role) in [
            ("admin", Role::SysAdmin),
            ("hall", Role::HallManager),
            ("catalog", Role::CatalogAdmin),
            ("supervisor", Role::Supervisor),
            ("leader", Role::Leader),
            ("guide1", Role::Guide),
        ] {
            let a = account(username);
            assert!(a.grants.iter().any(|gr| gr.role == role && gr.org_unit == "150626"), "{username}");
        }
        for d in DEPARTMENTS {
            for (prefix, role) in [("approver", Role::Approver), ("depthead", Role::DeptHead)] {
                let a = account(&format!("{prefix}-{}", d.code));
                assert!(a.grants.iter().any(|gr| gr.role == role && gr.department == Some(d.code)), "{}", a.username);
                if let Some(k) = a.staff {
                    assert_eq!(staff(k).map(|s| s.department), Some(d.code), "{} is linked to another department", a.username);
                }
            }
        }
    }

    #[test]
    fn clerks_sit_at_comprehensive_windows_of_the_banner_centre() {
        let centre = SITES.iter().find(|s| s.kind == SiteKind::Centre).expect("one centre");
        for i in 1..=5 {
            let a = account(&format!("clerk{i}"));
            assert!(a.grants.iter().all(|gr| gr.role == Role::Clerk && gr.org_unit == "150626"));
            let person = a.staff.and_then(staff).unwrap_or_else(|| panic!("clerk{i} has no staff"));
            let (site_key, number) = person.seat.unwrap_or_else(|| panic!("clerk{i} is not seated"));
            assert_eq!(site_key, centre.key);
            let w = window(site_key, number).expect("seat exists");
            assert_eq!(w.kind, WindowKind::Comprehensive, "clerk{i} sits at a {:?} window", w.kind);
        }
    }

    #[test]
    fn town_clerks_and_hall_managers_are_scoped_to_their_town_in_order() {
        for (i, town) in towns().iter().enumerate() {
            let clerk = account(&format!("townclerk{}", i + 1));
            assert!(!clerk.grants.is_empty());
            assert!(clerk.grants.iter().all(|gr| gr.role == Role::Clerk && gr.org_unit == town.code), "{}", clerk.username);
            let person = clerk.staff.and_then(staff).unwrap_or_else(|| panic!("{} has no staff", clerk.username));
            let (site_key, number) = person.seat.unwrap_or_else(|| panic!("{} is not seated", clerk.username));
            let s = site(site_key).expect("seat site exists");
            assert_eq!((s.kind, s.org_unit), (SiteKind::TownCentre, town.code), "{}", clerk.username);
            assert!(window(site_key, number).is_some());

            let hall = account(&format!("townhall{}", i + 1));
            assert!(!hall.grants.is_empty());
            assert!(hall.grants.iter().all(|gr| gr.role == Role::HallManager && gr.org_unit == town.code), "{}", hall.username);
        }
    }
}
