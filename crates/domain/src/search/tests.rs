//! Tests of the parent module.

use super::synthetic::*;
use super::*;
use proptest::prelude::*;

fn index(docs: &[(i64, &[(Field, &str)])]) -> SearchIndex {
    let mut idx = SearchIndex::new();
    for (id, fields) in docs {
        let fields: Vec<FieldText<'_>> = fields.iter().map(|&(field, text)| FieldText { field, text }).collect();
        idx.upsert(*id, &fields);
    }
    idx
}

fn ids(hits: &[Hit]) -> Vec<i64> {
    hits.iter().map(|h| h.id).collect()
}

fn ranges_of(hit: &Hit, field: Field) -> Vec<(usize, usize)> {
    hit.matched.iter().find(|m| m.field == field).map(|m| m.ranges.clone()).unwrap_or_default()
}

fn sample() -> SearchIndex {
    index(&[
        (1, &[(Field::Name, "个体工商户营业执照办理"), (Field::Code, "330122-001-XK-00001"), (Field::Department, "市场监督管理局")]),
        (2, &[(Field::Name, "食品经营许可证核发"), (Field::Code, "330122-001-XK-00002"), (Field::Material, "营业执照复印件")]),
        (3, &[(Field::Name, "建设工程消防验收"), (Field::Code, "330122-006-QR-00003"), (Field::Keyword, "消防")]),
        (4, &[(Field::Name, "银行开户许可"), (Field::Code, "330122-018-QT-00004")]),
    ])
}

#[test]
fn pinyin_initials_follow_the_default_reading_and_keep_ascii() {
    assert_eq!(pinyin_initials("营业执照"), "yyzz");
    assert_eq!(pinyin_initials("ICP许可证"), "icpxkz");
    assert_eq!(pinyin_initials("Ａ１·食品"), "a1 sp");
}

#[test]
fn normalize_folds_width_case_and_spaces() {
    assert_eq!(normalize("  ＩＣＰ　许可\t\n证  "), "icp 许可 证");
    assert_eq!(normalize("ＡＢｃ１２"), "abc12");
    assert_eq!(normalize("   "), "");
}

#[test]
fn yyzz_finds_business_licence_items() {
    let hits = sample().search("yyzz", 10);
    assert_eq!(ids(&hits), vec![1]);
    // 营业执照 in a material has no initials match; the name match is highlighted.
    assert_eq!(ranges_of(&hits[0], Field::Name), vec![(15, 27)]);
    assert_eq!(highlight_html(&hits[0].matched[0].text, &hits[0].matched[0].ranges), "个体工商户<mark>营业执照</mark>办理");
}

#[test]
fn sp_finds_food_items() {
    assert_eq!(ids(&sample().search("sp", 10)), vec![2]);
    assert_eq!(ids(&sample().search("SP", 10)), vec![2]);
    assert_eq!(ids(&sample().search("ｓｐｊｙ", 10)), vec![2]);
}

#[test]
fn polyphonic_characters_match_by_every_reading() {
    assert_eq!(ids(&sample().search("yhkh", 10)), vec![4]);
    assert_eq!(ids(&sample().search("yxkh", 10)), vec![4]);
    // 食 also reads yì: a rare reading still matches.
    assert_eq!(ids(&sample().search("yp", 10)), vec![2]);
}

#[test]
fn two_character_substring_finds_and_ranks_name_over_material() {
    let hits = sample().search("执照", 10);
    assert_eq!(ids(&hits), vec![1, 2]);
    assert_eq!(ranges_of(&hits[0], Field::Name), vec![(21, 27)]);
    assert_eq!(ranges_of(&hits[1], Field::Material), vec![(6, 12)]);
}

#[test]
fn one_han_character_is_a_valid_query() {
    assert_eq!(ids(&sample().search("消", 10)), vec![3]);
    assert_eq!(ids(&sample().search("许", 10)), vec![4, 2]);
}

#[test]
fn codes_match_by_substring() {
    assert_eq!(ids(&sample().search("00003", 10)), vec![3]);
    // A code match (4) ranks below an initials match on the name (8): 许可 is xk too.
    assert_eq!(ids(&sample().search("xk", 10)), vec![4, 2, 1]);
    assert_eq!(ids(&sample().search("330122-018", 10)), vec![4]);
    assert_eq!(ids(&sample().search("330122", 10)).len(), 4);
    assert!(sample().search("330123", 10).is_empty());
}

#[test]
fn every_term_must_match() {
    let idx = sample();
    assert_eq!(ids(&idx.search("许可 核发", 10)), vec![2]);
    assert_eq!(ids(&idx.search("许可 yhkh", 10)), vec![4]);
    assert_eq!(ids(&idx.search("xk 市场", 10)), vec![1]);
    assert!(idx.search("许可 消防", 10).is_empty());
}

#[test]
fn empty_query_or_zero_limit_finds_nothing() {
    assert!(sample().search("   ", 10).is_empty());
    assert!(sample().search("许可", 0).is_empty());
    assert_eq!(sample().search("许可", 1).len(), 1);
}

#[test]
fn ranking_follows_the_tiers_then_shorter_name_then_id() {
    let idx = index(&[
        (10, &[(Field::Name, "其他事项"), (Field::Material, "营业执照复印件")]),
        (11, &[(Field::Name, "其他事项"), (Field::Department, "营业执照科")]),
        (12, &[(Field::Name, "餐饮许可"), (Field::Keyword, "营业执照")]),
        (13, &[(Field::Name, "个体工商户营业执照注销")]),
        (14, &[(Field::Name, "营业执照变更登记")]),
        (15, &[(Field::Name, "营业执照")]),
        (16, &[(Field::Name, "新办营业执照")]),
        (9, &[(Field::Name, "补办营业执照")]),
    ]);
    let hits = idx.search("营业执照", 10);
    // exact, prefix, contains (shorter name first, then lower id), keyword, department, material.
    assert_eq!(ids(&hits), vec![15, 14, 9, 16, 13, 12, 11, 10]);
    let scores: Vec<f32> = hits.iter().map(|h| h.score).collect();
    assert_eq!(scores, vec![64.0, 32.0, 16.0, 16.0, 16.0, 4.0, 2.0, 1.0]);
    // Initials: all on names rank by name length, then keyword, then department; materials have none.
    assert_eq!(ids(&idx.search("yyzz", 10)), vec![15, 9, 16, 14, 13, 12, 11]);
}

#[test]
fn a_literal_name_match_outranks_an_initials_match_which_outranks_a_code() {
    let idx = index(&[
        (1, &[(Field::Name, "互联网信息服务"), (Field::Code, "SP-001")]),
        (2, &[(Field::Name, "食品经营许可")]),
        (3, &[(Field::Name, "SP业务备案")]),
    ]);
    let hits = idx.search("sp", 10);
    assert_eq!(ids(&hits), vec![3, 2, 1]);
    assert_eq!(hits.iter().map(|h| h.score).collect::<Vec<_>>(), vec![32.0, 8.0, 4.0]);
}

#[test]
fn multi_term_scores_add_up() {
    let idx = index(&[(1, &[(Field::Name, "经营食品许可"), (Field::Keyword, "餐饮")]), (2, &[(Field::Name, "餐饮食品许可")])]);
    // 1: 食品 contains (16) + 餐饮 keyword (4); 2: 食品 contains (16) + 餐饮 prefix (32).
    let hits = idx.search("食品 餐饮", 10);
    assert_eq!(ids(&hits), vec![2, 1]);
    assert_eq!(hits[1].score, 20.0);
    assert_eq!(ranges_of(&hits[0], Field::Name), vec![(0, 12)]);
}

#[test]
fn highlighting_maps_back_to_the_original_text() {
    let idx = index(&[(1, &[(Field::Name, "ＩＣＰ  经营许可证"), (Field::Keyword, "互联网 信息服务")])]);
    let hits = idx.search("icp", 10);
    assert_eq!(ranges_of(&hits[0], Field::Name), vec![(0, 9)]);
    let hits = idx.search("xk", 10);
    assert_eq!(ranges_of(&hits[0], Field::Name), vec![(17, 23)]);
    assert_eq!(highlight_html("ＩＣＰ  经营许可证", &hits[0].matched[0].ranges), "ＩＣＰ  经营<mark>许可</mark>证");
    // Initials do not run across the space between words.
    assert!(idx.search("hlwxx", 10).is_empty());
    assert_eq!(ranges_of(&idx.search("hlw xxfw", 10)[0], Field::Keyword), vec![(0, 9), (10, 22)]);
}

#[test]
fn highlight_html_escapes_and_merges() {
    assert_eq!(highlight_html("<script>营业</script>", &[(8, 14)]), "&lt;script&gt;<mark>营业</mark>&lt;/script&gt;");
    assert_eq!(highlight_html("a&b\"'", &[]), "a&amp;b&quot;&#39;");
    assert_eq!(highlight_html("abcdef", &[(3, 5), (0, 2), (1, 3)]), "<mark>abcde</mark>f");
    // Out of bounds or inside a character: ignored, never a panic.
    assert_eq!(highlight_html("营业", &[(1, 3), (0, 99)]), "营业");
}

#[test]
fn a_script_tag_in_a_name_stays_inert() {
    let idx = index(&[(1, &[(Field::Name, "<script>alert(1)</script>营业执照")])]);
    let hit = &idx.search("yyzz", 10)[0];
    let m = &hit.matched[0];
    assert_eq!(highlight_html(&m.text, &m.ranges), "&lt;script&gt;alert(1)&lt;/script&gt;<mark>营业执照</mark>");
}

#[test]
fn upsert_replaces_the_old_text() {
    let mut idx = sample();
    idx.upsert(2, &[FieldText { field: Field::Name, text: "药品经营许可证核发" }]);
    assert_eq!(idx.len(), 4);
    assert!(idx.search("食品", 10).is_empty());
    assert!(idx.search("sp", 10).is_empty());
    assert_eq!(ids(&idx.search("药品", 10)), vec![2]);
    assert_eq!(ids(&idx.search("执照", 10)), vec![1]);
}

#[test]
fn remove_forgets_the_document_and_frees_its_slot() {
    let mut idx = sample();
    idx.remove(1);
    idx.remove(1);
    idx.remove(99);
    assert_eq!(idx.len(), 3);
    assert!(!idx.contains(1));
    assert!(idx.search("yyzz", 10).is_empty());
    assert_eq!(ids(&idx.search("执照", 10)), vec![2]);
    idx.upsert(7, &[FieldText { field: Field::Name, text: "营业执照" }]);
    assert_eq!(ids(&idx.search("执照", 10)), vec![7, 2]);
    for id in [2, 3, 4, 7] {
        idx.remove(id);
    }
    assert!(idx.is_empty());
    assert!(idx.postings.is_empty());
}

#[test]
fn synthetic_corpus_is_deterministic_and_its_queries_find_their_items() {
    assert_eq!(han_pool().len(), 500);
    assert!(han_pool().iter().all(|&c| initial_mask(c) != 0));
    let corpus = synthetic_corpus(300, 1);
    assert_eq!(corpus, synthetic_corpus(300, 1));
    assert_eq!(corpus.len(), 300);
    let mut idx = SearchIndex::new();
    for (id, fields) in &corpus {
        let fields: Vec<FieldText<'_>> = fields.iter().map(|(field, text)| FieldText { field: *field, text }).collect();
        idx.upsert(*id, &fields);
    }
    let queries = synthetic_queries(&corpus, 90, 2);
    assert_eq!(queries.len(), 90);
    assert!(queries.iter().all(|q| !idx.search(q, 5).is_empty()));
}

// ---- properties -------------------------------------------------------------------------

const ALPHABET: &str = "营业执照食品经营许可证登记变更注销身份户籍社会保险医疗养老房屋不动产行长重";

fn han_string(min: usize, max: usize) -> impl Strategy<Value = String> {
    let chars: Vec<char> = ALPHABET.chars().collect();
    proptest::collection::vec(proptest::sample::select(chars), min..=max).prop_map(|v| v.into_iter().collect())
}

/// Per doc: a name and a material.
fn docs() -> impl Strategy<Value = Vec<(String, String)>> {
    proptest::collection::vec((han_string(2, 12), han_string(0, 6)), 1..30)
}

fn build(docs: &[(String, String)]) -> SearchIndex {
    let mut idx = SearchIndex::new();
    for (i, (name, material)) in docs.iter().enumerate() {
        idx.upsert(i as i64, &[FieldText { field: Field::Name, text: name }, FieldText { field: Field::Material, text: material }]);
    }
    idx
}

/// Naive initials oracle: some window where each letter is an initial of some reading.
fn initials_oracle(text: &str, query: &str) -> bool {
    let sets: Vec<Vec<char>> = text
        .chars()
        .map(|c| c.to_pinyin_multi().map(|m| m.into_iter().filter_map(|p| p.plain().chars().next()).collect()).unwrap_or_default())
        .collect();
    let q: Vec<char> = query.chars().collect();
    sets.windows(q.len()).any(|w| w.iter().zip(&q).all(|(set, c)| set.contains(c)))
}

proptest! {
    #[test]
    fn any_substring_of_a_name_finds_exactly_the_docs_containing_it(
        docs in docs(), pick in any::<prop::sample::Index>(), a in any::<prop::sample::Index>(), b in any::<prop::sample::Index>()
    ) {
        let idx = build(&docs);
        let name: Vec<char> = pick.get(&docs).0.chars().collect();
        let len = 2 + b.index(name.len() - 1);
        let start = a.index(name.len() - len + 1);
        let term: String = name[start..start + len].iter().collect();
        let hits = idx.search(&term, usize::MAX);
        let found: Vec<i64> = { let mut v = ids(&hits); v.sort_unstable(); v };
        let expected: Vec<i64> = docs.iter().enumerate()
            .filter(|(_, (n, m))| n.contains(&term) || m.contains(&term)).map(|(i, _)| i as i64).collect();
        prop_assert!(found.contains(&(pick.index(docs.len()) as i64)));
        prop_assert_eq!(found, expected);
    }

    #[test]
    fn initials_of_a_name_substring_find_it_and_every_hit_truly_matches(
        docs in docs(), pick in any::<prop::sample::Index>(), a in any::<prop::sample::Index>(), b in any::<prop::sample::Index>()
    ) {
        let idx = build(&docs);
        let i = pick.index(docs.len());
        let name: Vec<char> = docs[i].0.chars().collect();
        let len = 2 + b.index(name.len() - 1);
        let start = a.index(name.len() - len + 1);
        let query = pinyin_initials(&name[start..start + len].iter().collect::<String>());
        let hits = idx.search(&query, usize::MAX);
        prop_assert!(ids(&hits).contains(&(i as i64)));
        for hit in &hits {
            prop_assert!(initials_oracle(&docs[hit.id as usize].0, &query));
        }
        let expected = docs.iter().filter(|(n, _)| initials_oracle(n, &query)).count();
        prop_assert_eq!(hits.len(), expected);
    }

    #[test]
    fn upserts_and_removes_keep_results_equal_to_a_naive_scan(
        ops in proptest::collection::vec((0i64..8, proptest::option::of(han_string(1, 8))), 1..40),
        term in han_string(1, 3),
    ) {
        let mut idx = SearchIndex::new();
        let mut model: std::collections::BTreeMap<i64, String> = Default::default();
        for (id, name) in &ops {
            match name {
                Some(name) => {
                    idx.upsert(*id, &[FieldText { field: Field::Name, text: name }]);
                    model.insert(*id, name.clone());
                }
                None => {
                    idx.remove(*id);
                    model.remove(id);
                }
            }
        }
        prop_assert_eq!(idx.len(), model.len());
        let mut found = ids(&idx.search(&term, usize::MAX));
        found.sort_unstable();
        let expected: Vec<i64> = model.iter().filter(|(_, n)| n.contains(&term)).map(|(id, _)| *id).collect();
        prop_assert_eq!(found, expected);
    }
}
