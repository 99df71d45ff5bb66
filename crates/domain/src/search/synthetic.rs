//! A synthetic corpus for benchmarks (`yichuang bench search`) and tests: plausible item names,
//! departments and codes from a fixed seed, and queries drawn from them.

use super::{Field, pinyin_initials};

/// SplitMix64: a tiny deterministic generator, good enough for synthetic data.
#[derive(Debug, Clone)]
struct SplitMix(u64);

impl SplitMix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform-ish in `lo..=hi` (`lo <= hi`).
    fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + (self.next() % (hi - lo + 1) as u64) as usize
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> Option<&'a T> {
        if items.is_empty() { None } else { items.get(self.range(0, items.len() - 1)) }
    }
}

/// Common characters, most frequent first; [`han_pool`] takes the first 500 distinct ones.
const COMMON_HAN: &str = "的一是不了人我在有他这为之大来以个中上们到说国和地也子时道出而要于就下得可你年生自会那后能对着事其\
里所去行过家十用发天如然作方成者多日都三小军二无同么经法当起与好看学进种将还分此心前面又定见只主没公从知使情明性全回理新意本已相\
正外实现加两量开产动高机力长样把手身部重报业务管位点件信息制度提供申请办证照许可营执登记变更注销备案审批核查检验食品药械卫健康\
医疗保障社会险养老金就业创房屋不动权属土规划建筑工程施交通运输车辆驾驶船舶水利农村林草畜牧渔环境保护排污危废物消防安全生产应急\
教育学校幼儿园培训资格职称人才户籍居民身份护签婚姻收养殡葬残疾救助低保特困优抚退役军人事税费票据发票财政采购商贸易外资企业个体\
工商营商市场监督质量标准计广告网络文化旅游体娱乐出版影视新闻宣传统调查统计档案民族宗教侨务法律公证司仲裁调解援助信访投诉举报咨\
询服务窗口中心县镇乡街道社区村委员局厅委办站所院校馆处科室队组团协会基会组织单位机关事业法人代表委托书复印件原件证明材料表格申\
报告审查意见批复决定通知书函清单目录编码名称类型承诺期限时限费用收取依据条件流程环节结果领取方式邮寄电子签章盖公章印鉴原始凭证\
合同协议租赁购买转让抵押继承赠与分割合并设立迁移变动补换遗失损毁作废延续年检复审确认奖励给付征收裁决强制其他权力对象范围数量金\
额比例标志牌匾户外设施占用道路挖掘树木砍伐迁移临时建筑拆除装修开工竣工验收测绘地名门牌供水供电供气通讯电视有线宽带邮政快递物流\
仓储冷链进口出口检疫动物植物种子肥料农药兽医饲料屠宰猪牛羊鸡鸭鱼虾茶叶水果蔬菜粮食油料棉花烟草酒类盐业石油燃气煤炭矿产砂石\
红黄蓝白黑绿青紫山河湖海江泉桥路街巷东西南北春夏秋冬风雨雪云";

/// Up to 500 distinct characters from [`COMMON_HAN`].
pub(super) fn han_pool() -> Vec<char> {
    let mut pool: Vec<char> = Vec::with_capacity(500);
    for c in COMMON_HAN.chars() {
        if pool.len() == 500 {
            break;
        }
        if !pool.contains(&c) {
            pool.push(c);
        }
    }
    pool
}

const DEPARTMENTS: [&str; 20] = [
    "市场监督管理局",
    "公安局",
    "民政局",
    "人力资源和社会保障局",
    "自然资源和规划局",
    "住房和城乡建设局",
    "交通运输局",
    "农业农村局",
    "卫生健康局",
    "教育局",
    "税务局",
    "生态环境局",
    "文化广电旅游体育局",
    "应急管理局",
    "医疗保障局",
    "退役军人事务局",
    "水利局",
    "商务局",
    "司法局",
    "财政局",
];

const KINDS: [&str; 8] = ["XK", "QR", "CJ", "JF", "JL", "BA", "QT", "GG"];

/// `n` deterministic synthetic items (ids 1..=n): a name of 4–15 characters from a 500-character
/// pool, a code like `330122-004-XK-00017`, 0–2 keywords of 2–4 characters, a department, and 3–8
/// materials of 2–10 characters.
pub fn synthetic_corpus(n: usize, seed: u64) -> Vec<(i64, Vec<(Field, String)>)> {
    let pool = han_pool();
    let mut rng = SplitMix(seed);
    let word = |rng: &mut SplitMix, lo: usize, hi: usize| -> String {
        let len = rng.range(lo, hi);
        (0..len).filter_map(|_| rng.pick(&pool).copied()).collect()
    };
    (1..=n as i64)
        .map(|id| {
            let mut fields = vec![(Field::Name, word(&mut rng, 4, 15))];
            let dept = rng.range(0, DEPARTMENTS.len() - 1);
            let kind = rng.pick(&KINDS).copied().unwrap_or("QT");
            fields.push((Field::Code, format!("330122-{:03}-{kind}-{:05}", dept + 1, id)));
            for _ in 0..rng.range(0, 2) {
                fields.push((Field::Keyword, word(&mut rng, 2, 4)));
            }
            fields.push((Field::Department, DEPARTMENTS.get(dept).copied().unwrap_or_default().to_owned()));
            for _ in 0..rng.range(3, 8) {
                fields.push((Field::Material, word(&mut rng, 2, 10)));
            }
            (id, fields)
        })
        .collect()
}

/// `n` deterministic queries over `corpus`, cycling through: a 2-character and a 4-character
/// substring of a random item's name, and the pinyin initials of a 2–4 character substring of one.
pub fn synthetic_queries(corpus: &[(i64, Vec<(Field, String)>)], n: usize, seed: u64) -> Vec<String> {
    let mut rng = SplitMix(seed);
    let names: Vec<Vec<char>> =
        corpus.iter().filter_map(|(_, fs)| fs.iter().find(|(f, _)| *f == Field::Name)).map(|(_, t)| t.chars().collect()).collect();
    let mut out = Vec::with_capacity(n);
    let mut attempts = 0;
    while out.len() < n && attempts < n * 100 {
        attempts += 1;
        let Some(name) = rng.pick(&names) else { break };
        let len = match out.len() % 3 {
            0 => 2,
            1 => 4,
            _ => rng.range(2, 4),
        };
        if name.len() < len {
            continue;
        }
        let start = rng.range(0, name.len() - len);
        let part: String = name.iter().skip(start).take(len).collect();
        if out.len() % 3 == 2 {
            let initials = pinyin_initials(&part);
            if initials.bytes().all(|b| b.is_ascii_lowercase()) {
                out.push(initials);
            }
        } else {
            out.push(part);
        }
    }
    out
}
