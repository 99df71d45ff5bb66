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

pub mod synthetic;
#[cfg(test)]
mod tests;
