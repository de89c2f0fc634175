//! Owns term weights: document frequencies counted over a corpus, a built-in English
//! background, the idf that blends the two, and a document's terms weighed by it
//! ([`Weighted`]): the one place the crate weighs terms for comparing documents.
//!
//! A rare shared term is strong evidence that two texts tell one story ("Pyongyang", "60
//! warheads"); a common one is none ("said", "year"). Rarity needs a corpus, but `compare` on
//! two documents must not depend on what else happens to be in the input, and a small input
//! says little about English. So the counts of a built-in background table (document
//! frequencies over some 24,000 news articles of three decades, made by
//! `examples/background.rs`: see its doc) act as a prior: the idf of a term is
//! `ln((1 + N) / (1 + df)) + 1` (the smoothed idf of scikit-learn) with `N` and `df` the sums
//! of background and corpus counts. A corpus far larger than the background dominates it; two
//! documents alone are weighed by the background.

use std::sync::OnceLock;

use foldhash::{HashMap, HashMapExt};

use super::profile::{term_key, Profile, TermKind};

/// The background table, as `examples/background.rs` writes it.
const BACKGROUND: &str = include_str!("background.tsv");

/// Document frequencies of terms over some documents.
#[derive(Debug, Clone, Default)]
pub struct DocFreq {
    docs: u64,
    df: HashMap<u64, u32>,
}

impl DocFreq {
    /// An empty count.
    pub fn new() -> DocFreq {
        DocFreq::default()
    }

    /// Counts one document's terms (each once).
    pub fn add(&mut self, profile: &Profile) {
        self.docs += 1;
        for term in &profile.terms {
            *self.df.entry(term.key).or_insert(0) += 1;
        }
    }

    /// Counts one document by its distinct term keys (each given once).
    pub fn add_keys(&mut self, keys: impl IntoIterator<Item = u64>) {
        self.docs += 1;
        for key in keys {
            *self.df.entry(key).or_insert(0) += 1;
        }
    }

    /// Adds another count to this one (to count shards in parallel).
    pub fn merge(&mut self, other: DocFreq) {
        self.docs += other.docs;
        if self.df.is_empty() {
            self.df = other.df;
            return;
        }
        for (key, n) in other.df {
            *self.df.entry(key).or_insert(0) += n;
        }
    }

    /// Counts as stored: `docs` documents and each term's count.
    pub fn from_counts(docs: u64, counts: impl IntoIterator<Item = (u64, u32)>) -> DocFreq {
        DocFreq {
            docs,
            df: counts.into_iter().collect(),
        }
    }

    /// Every counted term and its count, in no particular order.
    pub fn iter(&self) -> impl Iterator<Item = (u64, u32)> + '_ {
        self.df.iter().map(|(&k, &n)| (k, n))
    }

    /// The number of documents counted.
    pub fn docs(&self) -> u64 {
        self.docs
    }

    /// The number of documents that have the term.
    pub fn get(&self, key: u64) -> u32 {
        self.df.get(&key).copied().unwrap_or(0)
    }
}

/// The built-in English background: document frequencies of terms over news articles.
pub fn background() -> &'static DocFreq {
    static TABLE: OnceLock<DocFreq> = OnceLock::new();
    TABLE.get_or_init(|| parse_background(BACKGROUND))
}

/// Reads a background table: `# docs N` and lines of `KIND<TAB>TERM<TAB>DF`; `#` lines are
/// comments. The table is built into the binary, so a malformed line is a bug caught by the
/// tests, and skipped here.
fn parse_background(text: &str) -> DocFreq {
    let mut out = DocFreq::new();
    out.df = HashMap::with_capacity(text.len() / 12);
    for line in text.lines() {
        if let Some(docs) = line.strip_prefix("# docs ") {
            out.docs = docs.trim().parse().unwrap_or(0);
            continue;
        }
        if line.starts_with('#') {
            continue;
        }
        let mut fields = line.split('\t');
        let (Some(kind), Some(term), Some(df)) = (fields.next(), fields.next(), fields.next())
        else {
            continue;
        };
        let kind = kind.chars().next().and_then(TermKind::from_letter);
        if let (Some(kind), Ok(df)) = (kind, df.parse::<u32>()) {
            out.df.insert(term_key(kind, term), df);
        }
    }
    out
}

/// Inverse document frequencies: a corpus's counts on top of the built-in background.
#[derive(Debug, Clone)]
pub struct Idf {
    corpus: DocFreq,
    background: &'static DocFreq,
    docs: f32,
}

impl Default for Idf {
    fn default() -> Self {
        Idf::with_corpus(DocFreq::new())
    }
}

impl Idf {
    /// The background alone: for two documents, or any input too small to say what is rare.
    pub fn background() -> Idf {
        Idf::default()
    }

    /// A corpus's counts on top of the background.
    pub fn with_corpus(corpus: DocFreq) -> Idf {
        let background = background();
        let docs = (corpus.docs + background.docs) as f32;
        Idf {
            corpus,
            background,
            docs,
        }
    }

    /// The number of documents the counts are over, background included.
    pub fn docs(&self) -> f32 {
        self.docs
    }

    /// The number of counted documents (background included) that have the term.
    pub fn df(&self, key: u64) -> u32 {
        self.corpus
            .get(key)
            .saturating_add(self.background.get(key))
    }

    /// The number of corpus documents (background excluded) that have the term.
    pub fn corpus_df(&self, key: u64) -> u32 {
        self.corpus.get(key)
    }

    /// Counts one more document of the corpus (a document arriving in the index).
    pub fn add(&mut self, profile: &Profile) {
        self.corpus.add(profile);
        self.docs += 1.0;
    }

    /// The corpus counts (background excluded), as the index stores them.
    pub fn corpus(&self) -> &DocFreq {
        &self.corpus
    }

    /// The idf of a term: `ln((1 + N) / (1 + df)) + 1`, at least 1.
    pub fn idf(&self, key: u64) -> f32 {
        ((1.0 + self.docs) / (1.0 + self.df(key) as f32)).ln() + 1.0
    }
}

/// How much more an anchor weighs than a content word of the same idf, in the anchor sum:
/// a number or quote is rarer evidence than a name, which a story repeats.
const NUMBER_WEIGHT: f32 = 1.0;
const QUOTE_WEIGHT: f32 = 2.0;
const NAME_WEIGHT: f32 = 1.0;

/// A profile with its weights: the form documents are compared in.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Weighted {
    /// Content-word stems and their tf-idf weights, sorted by key, L2-normalised.
    pub words: Vec<(u64, f32)>,
    /// Anchors (names, numbers and dates, quotes) with their idf weights, sorted by key.
    pub anchors: Vec<(u64, f32, TermKind)>,
    /// The sum of the anchors' weights.
    pub anchor_mass: f32,
    /// The lead's terms (title and first sentences: words and anchors alike) with their
    /// tf-idf weights, sorted by key, L2-normalised.
    pub lead: Vec<(u64, f32, TermKind)>,
    /// The text's embedding, as its profile keeps it (empty when not embedded).
    pub embedding: Vec<i16>,
    /// The language it was read in (ISO 639-3), when known.
    pub lang: Option<String>,
}

impl Weighted {
    /// Weighs a profile by `idf`.
    pub fn new(profile: &Profile, idf: &Idf) -> Weighted {
        // Sized to fit: a corpus run holds every document's weights at once (grown by
        // doubling, they took 45% more memory than they use).
        let (mut n_words, mut n_anchors, mut n_lead) = (0, 0, 0);
        for term in &profile.terms {
            n_lead += usize::from(term.lead > 0);
            if term.count > 0 {
                match term.kind {
                    TermKind::Word => n_words += 1,
                    _ => n_anchors += 1,
                }
            }
        }
        let mut words = Vec::with_capacity(n_words);
        let mut anchors = Vec::with_capacity(n_anchors);
        let mut lead = Vec::with_capacity(n_lead);
        for term in &profile.terms {
            let w = idf.idf(term.key);
            let k = match term.kind {
                TermKind::Word => 1.0,
                TermKind::Quote => QUOTE_WEIGHT,
                TermKind::Number => NUMBER_WEIGHT,
                TermKind::Name => NAME_WEIGHT,
            };
            if term.lead > 0 {
                lead.push((term.key, k * (1.0 + (term.lead as f32).ln()) * w, term.kind));
            }
            if term.count == 0 {
                continue;
            }
            match term.kind {
                TermKind::Word => words.push((term.key, (1.0 + (term.count as f32).ln()) * w)),
                kind => anchors.push((term.key, k * w, kind)),
            }
        }
        normalise(words.iter_mut().map(|w| &mut w.1));
        normalise(lead.iter_mut().map(|w| &mut w.1));
        let anchor_mass = anchors.iter().map(|a| a.1).sum();
        Weighted {
            words,
            anchors,
            anchor_mass,
            lead,
            embedding: profile.embedding.clone(),
            lang: profile.lang.clone(),
        }
    }

    /// Whether the document names an anchor anywhere (text or title).
    pub fn holds(&self, key: u64) -> bool {
        self.anchors.binary_search_by_key(&key, |a| a.0).is_ok()
            || self.lead.binary_search_by_key(&key, |t| t.0).is_ok()
    }

    /// The `n` terms (words and anchors) that most set this document apart, heaviest
    /// first: the keys the rare-term index pairs documents by. `usable` says whether a term
    /// may be chosen (one held by no other document, or by too many, pairs nobody).
    pub fn top_terms(&self, n: usize, usable: impl Fn(u64) -> bool) -> Vec<(u64, f32)> {
        let mut all: Vec<(u64, f32)> = self
            .words
            .iter()
            .copied()
            .chain(
                self.anchors
                    .iter()
                    .map(|a| (a.0, a.1 / self.anchor_mass.max(1.0))),
            )
            .filter(|t| usable(t.0))
            .collect();
        all.sort_unstable_by(|x, y| y.1.total_cmp(&x.1).then(x.0.cmp(&y.0)));
        all.truncate(n);
        all
    }
}

/// Calls `f` with each pair of items of `a` and `b` (both sorted by `key`, each key once)
/// that have the same key, in key order: the one merge of two sorted term lists that dot
/// products and overlaps are made of. Each step advances the side with the smaller key (both
/// on a match) by arithmetic, not by a branch: which side is smaller is a coin toss for two
/// documents' terms, and the mispredicted branch was most of the cost of story evidence.
pub fn for_shared<A, B, K: Ord + Copy>(
    a: &[A],
    b: &[B],
    key_a: impl Fn(&A) -> K,
    key_b: impl Fn(&B) -> K,
    mut f: impl FnMut(&A, &B),
) {
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        let (x, y) = (key_a(&a[i]), key_b(&b[j]));
        if x == y {
            f(&a[i], &b[j]);
        }
        i += usize::from(x <= y);
        j += usize::from(y <= x);
    }
}

/// Scales weights to unit length (nothing when all are 0).
fn normalise<'a>(weights: impl Iterator<Item = &'a mut f32>) {
    let mut weights: Vec<&mut f32> = weights.collect();
    let norm = weights.iter().map(|w| **w * **w).sum::<f32>().sqrt();
    if norm > 0.0 {
        for w in &mut weights {
            **w /= norm;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyze::profile::Profiler;

    #[test]
    fn background_parses_and_is_large() {
        let table = background();
        assert!(table.docs() > 10_000, "{} documents", table.docs());
        assert!(table.df.len() > 10_000, "{} terms", table.df.len());
        // Every data line is well formed (the table is ours: a bad line is a bug).
        for line in BACKGROUND.lines().filter(|l| !l.starts_with('#')) {
            let fields: Vec<&str> = line.split('\t').collect();
            assert_eq!(fields.len(), 3, "{line:?}");
            assert!(fields[0]
                .chars()
                .next()
                .and_then(TermKind::from_letter)
                .is_some());
            assert!(fields[2].parse::<u32>().is_ok(), "{line:?}");
        }
    }

    #[test]
    fn common_words_weigh_less_than_rare_ones() {
        let idf = Idf::background();
        let p = Profiler::default();
        let said = idf.idf(p.word_key("said"));
        let government = idf.idf(p.word_key("government"));
        let warhead = idf.idf(p.word_key("warheads"));
        let unseen = idf.idf(p.word_key("qwzxplorv"));
        assert!(said < government, "{said} {government}");
        assert!(government < warhead, "{government} {warhead}");
        assert!(warhead <= unseen, "{warhead} {unseen}");
        assert!(said >= 1.0);
    }

    #[test]
    fn a_corpus_adds_to_the_background() {
        let p = Profiler::default();
        let mut df = DocFreq::new();
        for _ in 0..1000 {
            df.add(&p.profile("Qwzxplorv announced."));
        }
        let idf = Idf::with_corpus(df);
        let before = Idf::background().idf(p.word_key("qwzxplorv"));
        assert!(idf.idf(p.word_key("qwzxplorv")) < before);
        assert_eq!(idf.corpus_df(p.word_key("qwzxplorv")), 1000);
    }

    #[test]
    fn merge_sums_counts() {
        let p = Profiler::default();
        let (mut a, mut b) = (DocFreq::new(), DocFreq::new());
        a.add(&p.profile("Alpha beta."));
        b.add(&p.profile("Alpha gamma."));
        a.merge(b);
        assert_eq!(a.docs(), 2);
        assert_eq!(a.get(p.word_key("alpha")), 2);
        assert_eq!(a.get(p.word_key("gamma")), 1);
    }

    #[test]
    fn parse_skips_comments_and_reads_counts() {
        let t = parse_background("# docs 10\n# a comment\nw\tpric\t4\nn\tkim\t2\nbad line\n");
        assert_eq!(t.docs(), 10);
        assert_eq!(t.get(term_key(TermKind::Word, "pric")), 4);
        assert_eq!(t.get(term_key(TermKind::Name, "kim")), 2);
        assert_eq!(t.df.len(), 2);
    }

    #[test]
    fn top_terms_are_heaviest_and_usable() {
        let w = Weighted::new(
            &Profiler::default().profile("Pyongyang warheads said said said government Pyongyang."),
            &Idf::background(),
        );
        let top = w.top_terms(2, |_| true);
        assert_eq!(top.len(), 2);
        assert!(top[0].1 >= top[1].1);
        let none = w.top_terms(5, |_| false);
        assert!(none.is_empty());
    }
}
