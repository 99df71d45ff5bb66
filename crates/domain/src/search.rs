//! Chinese search over the service-item catalogue (事项库): an in-process index, pure, no I/O.
//!
//! # Matching
//! Text is compared after [`normalize`] (full-width ASCII to half-width, lowercase, trimmed, runs of
//! whitespace collapsed to one space). The query is split on whitespace into terms and **every term**
//! must match some field of a document (AND). A term matches a field when
//! - it is a substring of the field's normalised text (any field, any script, any length ≥ 1
//!   character; so a code or any digits match as a substring of the code), or
//! - it is made of ASCII letters only, at least two, and is a contiguous run of the field's pinyin
//!   initials (name, keyword and department fields; not codes or materials): `yyzz` finds 营业执照.
//!   ASCII letters in a field stand for themselves in that run (`icpxk` finds ICP许可).
//!
//! # Polyphonic characters
//! The index keeps the initial of **every** reading the `pinyin` crate knows for a character, so
//! `yh` and `yx` both find 银行 (行: xíng, háng). The price is a few extra candidates through rare
//! readings (食 also reads sì and yì, so `yp` finds 食品 too). [`pinyin_initials`] itself returns
//! only the default (first) reading.
//!
//! # Ranking
//! Each term gets the best tier it reaches on the document; tiers, best first:
//!
//! | tier | when | weight |
//! | --- | --- | --- |
//! | name exact | the term equals the whole name | 64 |
//! | name prefix | the name starts with the term | 32 |
//! | name contains | the name contains the term | 16 |
//! | name pinyin | the name's initials contain the term | 8 |
//! | keyword or code | a keyword (substring or initials) or the code (substring) | 4 |
//! | department | the department (substring or initials) | 2 |
//! | material | a material (substring) | 1 |
//!
//! `score = Σ over the query's terms of weight(best tier of that term)`. Hits sort by score
//! descending, then shorter name (in characters; a document without a name goes last), then lower
//! id: a total order, so results are deterministic. With one term the order is exactly the tier order.
//!
//! # Index
//! One inverted index from a 64-bit key to a sorted posting list of internal slots: a key for every
//! character and every pair of adjacent characters of every field (not across spaces), and a key for
//! every pair of adjacent pinyin initials (each combination of readings) per kind of field (name,
//! keyword, department). A term of ≥ 2 characters intersects the postings of its character pairs
//! (shortest first, stopping once few candidates remain), a single character takes its own posting,
//! and an ASCII-letter term adds the intersections of its initials pairs. Candidates are then
//! verified against the stored text (a two-letter initials posting is already exact), so the index
//! only has to give a superset. Costs: upsert/remove touch one posting per key of the document
//! (sorted insert/remove); a query costs its postings plus a check of each candidate.

use std::cmp::{Ordering, Reverse};
use std::collections::HashMap;
use std::fmt;
use std::hash::{BuildHasherDefault, Hasher};

use pinyin::{ToPinyin, ToPinyinMulti};
use serde::{Deserialize, Serialize};

/// A searchable part of a catalogue item. An item may have several keywords and materials.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    Name,
    Code,
    Keyword,
    Department,
    Material,
}

impl Field {
    /// The index in [`INITIALS`] of a field whose pinyin initials are searchable.
    fn initials_class(self) -> Option<usize> {
        INITIALS.iter().position(|(f, _)| *f == self)
    }

    /// The best tier a match in this field can reach.
    fn max_tier(self) -> Tier {
        match self {
            Field::Name => Tier::NameExact,
            Field::Code | Field::Keyword => Tier::KeywordOrCode,
            Field::Department => Tier::Department,
            Field::Material => Tier::Material,
        }
    }
}

/// The fields whose initials are indexed, each with the tier of such a match, best first. Their
/// initials pairs are keyed per field, so that a posting tells the tier of a two-letter match.
const INITIALS: [(Field, Tier); 3] =
    [(Field::Name, Tier::NamePinyin), (Field::Keyword, Tier::KeywordOrCode), (Field::Department, Tier::Department)];

/// One field of a document given to [`SearchIndex::upsert`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FieldText<'a> {
    pub field: Field,
    pub text: &'a str,
}

/// One search result.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Hit {
    pub id: i64,
    /// See the module docs for the formula.
    pub score: f32,
    /// The fields any term matched, in the order Name, Code, Keyword, Department, Material (then the
    /// order given to `upsert`).
    pub matched: Vec<MatchedField>,
}

/// A field that matched, with what to highlight.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MatchedField {
    pub field: Field,
    /// The field's text as given to `upsert` (not normalised).
    pub text: String,
    /// Sorted, disjoint byte ranges `[start, end)` of `text` on character boundaries: every
    /// occurrence of every term, and for an initials match the Han characters whose initials matched.
    pub ranges: Vec<(usize, usize)>,
}

/// How well one term matched a document; declared worst first so that `Ord` ranks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Tier {
    Material,
    Department,
    KeywordOrCode,
    NamePinyin,
    NameContains,
    NamePrefix,
    NameExact,
}

impl Tier {
    /// `2^rank`: 1 for a material up to 64 for an exact name.
    fn weight(self) -> u32 {
        1 << (self as u32)
    }
}

/// The in-process search index. Cheap to query from many threads behind an `Arc`/`RwLock`.
#[derive(Clone, Default)]
pub struct SearchIndex {
    /// Documents by internal slot; `None` for a free slot.
    slots: Vec<Option<Doc>>,
    free: Vec<u32>,
    by_id: HashMap<i64, u32, FastHash>,
    postings: HashMap<u64, Vec<u32>, FastHash>,
}

impl fmt::Debug for SearchIndex {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SearchIndex").field("docs", &self.len()).field("keys", &self.postings.len()).finish()
    }
}

/// One indexed document, packed into a few allocations so that verifying it touches little memory.
#[derive(Debug, Clone)]
struct Doc {
    id: i64,
    /// Characters in the normalised name, `usize::MAX` without a name.
    name_len: usize,
    /// Sorted by kind (stably), so verification stops once no later field can do better.
    fields: Vec<FieldMeta>,
    /// The fields' normalised texts back to back, in `fields` order, as characters: comparing
    /// `char`s beats byte search on UTF-8 Han text, where most bytes look alike.
    norm: Vec<char>,
    /// Initials bit sets (`a` = bit 0), one per character, of the fields that have initials.
    masks: Vec<u32>,
    /// The fields' original texts back to back.
    text: String,
}

/// Where one field lives in its [`Doc`]: `[start, end)` ranges.
#[derive(Debug, Clone, Copy)]
struct FieldMeta {
    field: Field,
    norm: (u32, u32),
    masks: (u32, u32),
    text: (u32, u32),
}

fn offset(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

fn range(r: (u32, u32)) -> std::ops::Range<usize> {
    r.0 as usize..r.1 as usize
}

/// Which ways a term can still match a document, as told by the index: skips needless text scans.
#[derive(Debug, Clone, Copy)]
struct Possible {
    plain: bool,
    /// Per [`INITIALS`] class.
    initials: [bool; 3],
}

/// The candidates of one term: sorted supersets of the slots matching literally and by initials
/// (per [`INITIALS`] class).
#[derive(Debug, Default)]
struct Candidates {
    plain: Vec<u32>,
    initials: [Vec<u32>; 3],
}

impl Candidates {
    fn all(&self) -> Vec<u32> {
        let [a, b, c] = &self.initials;
        union(&self.plain, &union(a, &union(b, c)))
    }

    fn cursors(&self) -> impl FnMut(u32) -> Possible + '_ {
        let mut plain = Cursor(&self.plain);
        let mut initials = self.initials.each_ref().map(|l| Cursor(l));
        move |slot| Possible { plain: plain.has(slot), initials: initials.each_mut().map(|c| c.has(slot)) }
    }
}

/// Walks a sorted slot list alongside increasing slots.
struct Cursor<'a>(&'a [u32]);

impl Cursor<'_> {
    fn has(&mut self, slot: u32) -> bool {
        while let [first, rest @ ..] = self.0
            && *first < slot
        {
            self.0 = rest;
        }
        self.0.first() == Some(&slot)
    }
}

/// One whitespace-separated part of a normalised query.
#[derive(Debug)]
struct Term {
    text: String,
    chars: Vec<char>,
    /// The letter bit of each character when the term is ≥ 2 ASCII letters (an initials query).
    letters: Option<Vec<u32>>,
}

impl Term {
    fn new(text: &str) -> Self {
        let chars: Vec<char> = text.chars().collect();
        let letters = (chars.len() >= 2 && chars.iter().all(char::is_ascii_lowercase))
            .then(|| chars.iter().map(|&c| 1 << (c as u32 - 'a' as u32)).collect());
        Term { text: text.to_owned(), chars, letters }
    }
}

fn parse_query(query: &str) -> Vec<Term> {
    let norm = normalize(query);
    let mut terms: Vec<Term> = Vec::new();
    for word in norm.split(' ').filter(|w| !w.is_empty()) {
        if !terms.iter().any(|t| t.text == word) {
            terms.push(Term::new(word));
        }
    }
    terms
}

impl SearchIndex {
    pub fn new() -> Self {
        Self::default()
    }

    /// Number of documents.
    pub fn len(&self) -> usize {
        self.by_id.len()
    }

    pub fn is_empty(&self) -> bool {
        self.by_id.is_empty()
    }

    pub fn contains(&self, id: i64) -> bool {
        self.by_id.contains_key(&id)
    }

    /// Adds the document `id`, replacing whatever was indexed under that id.
    pub fn upsert(&mut self, id: i64, fields: &[FieldText<'_>]) {
        self.remove(id);
        let doc = Doc::new(id, fields);
        let slot = self.free.pop().unwrap_or(offset(self.slots.len()));
        for key in doc_keys(&doc) {
            let list = self.postings.entry(key).or_default();
            let at = list.partition_point(|&s| s < slot);
            list.insert(at, slot);
        }
        let doc = Some(doc);
        match self.slots.get_mut(slot as usize) {
            Some(place) => *place = doc,
            None => self.slots.push(doc),
        }
        self.by_id.insert(id, slot);
    }

    /// Removes the document `id`; nothing happens when it is not indexed.
    pub fn remove(&mut self, id: i64) {
        let Some(slot) = self.by_id.remove(&id) else { return };
        let Some(doc) = self.slots.get_mut(slot as usize).and_then(Option::take) else { return };
        for key in doc_keys(&doc) {
            if let Some(list) = self.postings.get_mut(&key) {
                if let Ok(at) = list.binary_search(&slot) {
                    list.remove(at);
                }
                if list.is_empty() {
                    self.postings.remove(&key);
                }
            }
        }
        self.free.push(slot);
    }

    /// The best `limit` documents matching every term of `query`, ranked (see the module docs).
    pub fn search(&self, query: &str, limit: usize) -> Vec<Hit> {
        let terms = parse_query(query);
        if terms.is_empty() || limit == 0 {
            return Vec::new();
        }
        let per_term: Vec<Candidates> = terms.iter().map(|t| self.term_candidates(t)).collect();
        let mut candidates: Option<Vec<u32>> = None;
        for found in &per_term {
            let found = found.all();
            let merged = match candidates {
                None => found,
                Some(prev) => intersect(&prev, &found),
            };
            if merged.is_empty() {
                return Vec::new();
            }
            candidates = Some(merged);
        }
        let mut cursors: Vec<_> = per_term.iter().map(Candidates::cursors).collect();
        // (score, doc) for every candidate that truly matches every term.
        let mut scored: Vec<(u32, &Doc)> = Vec::new();
        'docs: for slot in candidates.unwrap_or_default() {
            let Some(doc) = self.slots.get(slot as usize).and_then(Option::as_ref) else { continue };
            let mut score = 0;
            for (term, possible) in terms.iter().zip(&mut cursors) {
                match doc.best_tier(term, possible(slot)) {
                    Some(tier) => score += tier.weight(),
                    None => continue 'docs,
                }
            }
            scored.push((score, doc));
        }
        let order = |a: &(u32, &Doc), b: &(u32, &Doc)| -> Ordering {
            (Reverse(a.0), a.1.name_len, a.1.id).cmp(&(Reverse(b.0), b.1.name_len, b.1.id))
        };
        if scored.len() > limit {
            scored.select_nth_unstable_by(limit - 1, order);
            scored.truncate(limit);
        }
        scored.sort_unstable_by(order);
        scored.into_iter().map(|(score, doc)| Hit { id: doc.id, score: score as f32, matched: doc.matched(&terms) }).collect()
    }

    fn posting(&self, key: u64) -> &[u32] {
        self.postings.get(&key).map_or(&[], Vec::as_slice)
    }

    fn term_candidates(&self, term: &Term) -> Candidates {
        let plain = match term.chars.as_slice() {
            [c] => self.posting(unigram_key(*c)).to_vec(),
            chars => self.intersect_keys(chars.windows(2).map(|w| bigram_key(w[0], w[1]))),
        };
        let initials = match &term.letters {
            Some(bits) => [0, 1, 2].map(|class| self.intersect_keys(bits.windows(2).map(|w| initials_key(class, w[0], w[1])))),
            None => Default::default(),
        };
        Candidates { plain, initials }
    }

    /// Intersects the postings of `keys`, shortest first, stopping early once the candidates are few
    /// (they are verified anyway).
    fn intersect_keys(&self, keys: impl Iterator<Item = u64>) -> Vec<u32> {
        const FEW: usize = 32;
        let mut lists: Vec<&[u32]> = keys.map(|k| self.posting(k)).collect();
        lists.sort_by_key(|l| l.len());
        let Some((first, rest)) = lists.split_first() else { return Vec::new() };
        let mut acc = first.to_vec();
        for list in rest {
            if acc.len() <= FEW {
                break;
            }
            acc = intersect(&acc, list);
        }
        acc
    }
}

impl Doc {
    fn new(id: i64, fields: &[FieldText<'_>]) -> Self {
        let mut sorted: Vec<&FieldText<'_>> = fields.iter().collect();
        sorted.sort_by_key(|f| f.field);
        let mut doc = Doc {
            id,
            name_len: usize::MAX,
            fields: Vec::with_capacity(sorted.len()),
            norm: Vec::new(),
            masks: Vec::new(),
            text: String::new(),
        };
        for f in sorted {
            let norm = normalize(f.text);
            let (n0, m0, t0) = (offset(doc.norm.len()), offset(doc.masks.len()), offset(doc.text.len()));
            doc.norm.extend(norm.chars());
            let n1 = offset(doc.norm.len());
            if f.field == Field::Name && doc.name_len == usize::MAX {
                doc.name_len = range((n0, n1)).len();
            }
            if f.field.initials_class().is_some() {
                doc.masks.extend(norm.chars().map(initial_mask));
            }
            doc.text.push_str(f.text);
            let (masks, text) = ((m0, offset(doc.masks.len())), (t0, offset(doc.text.len())));
            doc.fields.push(FieldMeta { field: f.field, norm: (n0, n1), masks, text });
        }
        doc
    }

    fn norm_of(&self, f: &FieldMeta) -> &[char] {
        self.norm.get(range(f.norm)).unwrap_or_default()
    }

    fn masks_of(&self, f: &FieldMeta) -> &[u32] {
        self.masks.get(range(f.masks)).unwrap_or_default()
    }

    fn text_of(&self, f: &FieldMeta) -> &str {
        self.text.get(range(f.text)).unwrap_or_default()
    }

    fn best_tier(&self, term: &Term, may: Possible) -> Option<Tier> {
        let mut best: Option<Tier> = None;
        // Fields are in kind order: stop once no later field can do better.
        if may.plain {
            let t = term.chars.as_slice();
            for f in &self.fields {
                if best.is_some_and(|b| b >= f.field.max_tier()) {
                    break;
                }
                let norm = self.norm_of(f);
                let tier = match f.field {
                    Field::Name if norm == t => Some(Tier::NameExact),
                    Field::Name if norm.starts_with(t) => Some(Tier::NamePrefix),
                    _ if occurrences(norm, t).next().is_some() => Some(f.field.max_tier().min(Tier::NameContains)),
                    _ => None,
                };
                best = best.max(tier);
            }
        }
        if let Some(bits) = &term.letters {
            for ((field, tier), may) in INITIALS.iter().zip(may.initials) {
                if best.is_some_and(|b| b >= *tier) {
                    break;
                }
                // A two-letter posting is exact; a longer run needs its windows checked.
                let of_field = || self.fields.iter().filter(|f| f.field == *field);
                if may && (bits.len() == 2 || of_field().any(|f| initials_windows(self.masks_of(f), bits).next().is_some())) {
                    best = Some(*tier);
                    break;
                }
            }
        }
        best
    }

    fn matched(&self, terms: &[Term]) -> Vec<MatchedField> {
        let mut out = Vec::new();
        for f in &self.fields {
            let text = self.text_of(f);
            let mut spans = Vec::new();
            normalize_into(text, Some(&mut spans));
            // Character index ranges of the normalised text to highlight.
            let mut chars: Vec<(usize, usize)> = Vec::new();
            for term in terms {
                chars.extend(occurrences(self.norm_of(f), &term.chars).map(|i| (i, i + term.chars.len())));
                if let Some(bits) = &term.letters {
                    chars.extend(initials_windows(self.masks_of(f), bits).map(|i| (i, i + bits.len())));
                }
            }
            if chars.is_empty() {
                continue;
            }
            let ranges =
                chars.into_iter().filter_map(|(a, b)| Some((spans.get(a)?.start, spans.get(b.checked_sub(1)?)?.end))).collect::<Vec<_>>();
            out.push(MatchedField { field: f.field, text: text.to_owned(), ranges: merge_ranges(&ranges) });
        }
        out
    }
}

/// Every index key of a document, sorted and deduplicated.
fn doc_keys(doc: &Doc) -> Vec<u64> {
    let mut keys = Vec::new();
    for f in &doc.fields {
        let mut prev: Option<char> = None;
        for &c in doc.norm_of(f) {
            if c == ' ' {
                prev = None;
                continue;
            }
            keys.push(unigram_key(c));
            if let Some(p) = prev {
                keys.push(bigram_key(p, c));
            }
            prev = Some(c);
        }
        let Some(class) = f.field.initials_class() else { continue };
        for w in doc.masks_of(f).windows(2) {
            for a in mask_bits(w[0]) {
                for b in mask_bits(w[1]) {
                    keys.push(initials_key(class, 1 << a, 1 << b));
                }
            }
        }
    }
    keys.sort_unstable();
    keys.dedup();
    keys
}

// Key spaces: characters are < 2^21, so a pair fits in the low 53 bits; a single character has the
// impossible low half 0xFFFF_FFFF; initials pairs set the top bit, with their field class.
fn bigram_key(a: char, b: char) -> u64 {
    (u64::from(a) << 32) | u64::from(b)
}

fn unigram_key(c: char) -> u64 {
    (u64::from(c) << 32) | 0xFFFF_FFFF
}

/// `class` indexes [`INITIALS`]; `a` and `b` are single-letter bits.
fn initials_key(class: usize, a: u32, b: u32) -> u64 {
    (1 << 63) | ((class as u64) << 16) | (u64::from(a.trailing_zeros()) << 8) | u64::from(b.trailing_zeros())
}

fn mask_bits(m: u32) -> impl Iterator<Item = u32> {
    (0..26).filter(move |i| m & (1 << i) != 0)
}

/// Start positions of `needle` in `hay` (overlapping ones included).
fn occurrences<'a>(hay: &'a [char], needle: &'a [char]) -> impl Iterator<Item = usize> + 'a {
    let first = needle.first().copied();
    hay.windows(needle.len().max(1)).enumerate().filter(move |(_, w)| w.first().copied() == first && *w == needle).map(|(i, _)| i)
}

/// Start positions (in characters) where every letter of `bits` is a possible initial.
fn initials_windows<'a>(masks: &'a [u32], bits: &'a [u32]) -> impl Iterator<Item = usize> + 'a {
    let n = bits.len().max(1);
    masks.windows(n).enumerate().filter(move |(_, w)| w.iter().zip(bits).all(|(m, b)| m & b != 0)).map(|(i, _)| i)
}

/// The letters that can start `c`'s pinyin (every reading), or `c` itself for an ASCII lowercase
/// letter, as a bit set; 0 for anything else.
fn initial_mask(c: char) -> u32 {
    if c.is_ascii_lowercase() {
        return 1 << (c as u32 - 'a' as u32);
    }
    if c.is_ascii() {
        return 0;
    }
    c.to_pinyin_multi().map_or(0, |readings| readings.into_iter().fold(0, |m, p| m | letter_bit(p.plain())))
}

fn letter_bit(reading: &str) -> u32 {
    match reading.bytes().next() {
        Some(b @ b'a'..=b'z') => 1 << (b - b'a'),
        _ => 0,
    }
}

/// Sorted-list intersection, galloping through `b` when `a` is much shorter.
fn intersect(a: &[u32], b: &[u32]) -> Vec<u32> {
    let (a, b) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    let mut out = Vec::with_capacity(a.len());
    if a.len() * 16 < b.len() {
        let mut rest = b;
        for &x in a {
            match rest.binary_search(&x) {
                Ok(i) => {
                    out.push(x);
                    rest = &rest[i + 1..];
                }
                Err(i) => rest = &rest[i..],
            }
        }
    } else {
        let (mut i, mut j) = (0, 0);
        while let (Some(&x), Some(&y)) = (a.get(i), b.get(j)) {
            match x.cmp(&y) {
                Ordering::Less => i += 1,
                Ordering::Greater => j += 1,
                Ordering::Equal => {
                    out.push(x);
                    i += 1;
                    j += 1;
                }
            }
        }
    }
    out
}

fn union(a: &[u32], b: &[u32]) -> Vec<u32> {
    let mut out = Vec::with_capacity(a.len() + b.len());
    let (mut i, mut j) = (0, 0);
    loop {
        match (a.get(i), b.get(j)) {
            (Some(&x), Some(&y)) => {
                out.push(x.min(y));
                i += usize::from(x <= y);
                j += usize::from(y <= x);
            }
            (Some(&x), None) => {
                out.push(x);
                i += 1;
            }
            (None, Some(&y)) => {
                out.push(y);
                j += 1;
            }
            (None, None) => return out,
        }
    }
}

/// The pinyin initials of `s`: one lowercase ASCII letter per Han character (its default, first
/// reading), ASCII letters and digits kept (lowercased, full-width folded), anything else a space,
/// which no initials query contains. `营业执照` → `yyzz`, `ICP许可证` → `icpxkz`.
pub fn pinyin_initials(s: &str) -> String {
    s.chars()
        .map(|c| {
            let c = fold_width(c).to_ascii_lowercase();
            if c.is_ascii_alphanumeric() {
                return c;
            }
            c.to_pinyin().and_then(|p| p.plain().chars().next()).filter(char::is_ascii_lowercase).unwrap_or(' ')
        })
        .collect()
}

/// Search normalisation: full-width ASCII (U+FF01–U+FF5E) to half-width, lowercase, trim, and every
/// run of whitespace (U+3000 included) to one space. Chinese text is otherwise left as is.
pub fn normalize(s: &str) -> String {
    normalize_into(s, None)
}

/// The byte range in the original text that a character of a normalised text came from.
#[derive(Debug, Clone, Copy)]
struct Span {
    start: usize,
    end: usize,
}

fn fold_width(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3000}' => ' ',
        _ => c,
    }
}

/// [`normalize`], optionally recording one [`Span`] per output character.
fn normalize_into(s: &str, mut spans: Option<&mut Vec<Span>>) -> String {
    let mut out = String::with_capacity(s.len());
    // Whitespace seen since the last kept character: the byte range of the run.
    let mut gap: Option<(usize, usize)> = None;
    for (i, c) in s.char_indices() {
        let end = i + c.len_utf8();
        let c = fold_width(c);
        if c.is_whitespace() {
            if !out.is_empty() {
                gap = Some((gap.map_or(i, |g| g.0), end));
            }
            continue;
        }
        if let Some((start, end)) = gap.take() {
            if let Some(spans) = spans.as_deref_mut() {
                spans.push(Span { start, end });
            }
            out.push(' ');
        }
        for lower in c.to_lowercase() {
            if let Some(spans) = spans.as_deref_mut() {
                spans.push(Span { start: i, end });
            }
            out.push(lower);
        }
    }
    out
}

/// Sorts and merges overlapping or touching ranges, dropping empty ones.
fn merge_ranges(ranges: &[(usize, usize)]) -> Vec<(usize, usize)> {
    let mut sorted: Vec<(usize, usize)> = ranges.iter().copied().filter(|(a, b)| a < b).collect();
    sorted.sort_unstable();
    let mut out: Vec<(usize, usize)> = Vec::with_capacity(sorted.len());
    for (a, b) in sorted {
        match out.last_mut() {
            Some(last) if a <= last.1 => last.1 = last.1.max(b),
            _ => out.push((a, b)),
        }
    }
    out
}

/// `text` HTML-escaped, with `<mark>…</mark>` around the byte `ranges` (merged when they overlap or
/// touch). Ranges out of bounds or not on character boundaries are ignored.
pub fn highlight_html(text: &str, ranges: &[(usize, usize)]) -> String {
    let valid: Vec<(usize, usize)> =
        ranges.iter().copied().filter(|&(a, b)| a < b && b <= text.len() && text.is_char_boundary(a) && text.is_char_boundary(b)).collect();
    let mut out = String::with_capacity(text.len() + 16);
    let mut at = 0;
    for (a, b) in merge_ranges(&valid) {
        escape_into(&mut out, text.get(at..a).unwrap_or_default());
        out.push_str("<mark>");
        escape_into(&mut out, text.get(a..b).unwrap_or_default());
        out.push_str("</mark>");
        at = b;
    }
    escape_into(&mut out, text.get(at..).unwrap_or_default());
    out
}

fn escape_into(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
}

/// A small multiply-xorshift hasher for integer keys (the index does tens of thousands of lookups
/// per build and a handful per query; SipHash's DoS resistance buys nothing for these keys).
#[derive(Default, Clone, Copy)]
struct KeyHasher(u64);

type FastHash = BuildHasherDefault<KeyHasher>;

impl Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        // Murmur3's finaliser: every input bit reaches the low bits the table indexes with.
        let mut x = self.0;
        x ^= x >> 33;
        x = x.wrapping_mul(0xff51_afd7_ed55_8ccd);
        x ^= x >> 33;
        x = x.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
        x ^ (x >> 33)
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u64(u64::from(b));
        }
    }

    fn write_u64(&mut self, x: u64) {
        self.0 = (self.0.rotate_left(5) ^ x).wrapping_mul(0x517c_c1b7_2722_0a95);
    }

    fn write_i64(&mut self, x: i64) {
        self.write_u64(x as u64);
    }
}

// ---------------------------------------------------------------------------------------------
// Synthetic corpus for benchmarks (`yichuang bench search`) and tests.

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
fn han_pool() -> Vec<char> {
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

#[cfg(test)]
mod tests {
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
}
