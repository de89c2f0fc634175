//! Owns sentence alignment: which sentences of one document retell which of another, in order,
//! and what words each retelling changed.
//!
//! A spun or translated copy keeps its source's sentences in order while swapping many of
//! their words, so a sentence pair is scored on what survives a synonym swap: its content
//! words reduced to Snowball stems (so "ordered" meets "orders") and its anchors (names,
//! numbers, dates, quotes), each weighted by how rare it is among the two documents'
//! sentences, so "Kim" in every sentence counts for little and "2018" in two for much. The
//! score is a weighted Dice coefficient. A dynamic program over the two sentence lists (like
//! Needleman-Wunsch, with free skips) then picks the one-to-one, order-preserving pairing that
//! maximises the summed score of pairs at or above a minimum similarity: O(n m) in sentences.
//! Each aligned pair gets a word-level diff, whose substituted runs are the changes a reader
//! is shown (["order", "purchase"]).

use std::ops::Range;

use foldhash::{HashMap, HashMapExt};
use xxhash_rust::xxh3::xxh3_64_with_seed;

use crate::analyze::anchors::{anchors, is_stopword, sentence_anchors, Anchor, AnchorKind};
use crate::analyze::profile::{is_content_word, Profiler};
use crate::analyze::sentences::{quotations, sentences};
use crate::analyze::weights::Idf;
use crate::analyze::Analyzer;

/// The default minimum similarity of an aligned pair. A judgement to be calibrated on the
/// labelled sets in the next step. Measured on the seeds: spun sentence pairs of seed 000
/// and seed 001 score 0.41 to 0.75; independent reports' sentences that restate one fact or
/// quote reach 0.35 to 0.61, so a single pair is not evidence of derivation, coverage is.
pub const DEFAULT_MIN_SIMILARITY: f32 = 0.3;

/// Weights of the kinds of term relative to a content word, before the rarity factor. A
/// judgement to be calibrated: an anchor survives a spin more often than a content word, so
/// sharing one is stronger evidence; a number or quote more so than a name, which a story
/// repeats.
const NAME_WEIGHT: f32 = 1.5;
const NUMBER_WEIGHT: f32 = 2.0;
const QUOTE_WEIGHT: f32 = 2.0;

/// The largest word diff computed (words of one sentence times words of the other); past it
/// a pair's changes are left empty rather than spend quadratic time on an unpunctuated blob.
const MAX_DIFF_CELLS: usize = 1 << 16;

/// Builds an [`Aligner`].
#[derive(Debug, Clone)]
pub struct AlignerBuilder {
    min_similarity: f32,
    changes: bool,
}

impl AlignerBuilder {
    /// Sets the minimum similarity of an aligned pair ([`DEFAULT_MIN_SIMILARITY`] unless set).
    pub fn min_similarity(mut self, min: f32) -> Self {
        self.min_similarity = min;
        self
    }

    /// Whether aligned pairs list their word changes (true unless set). Without them a
    /// prepared document keeps no words, a fraction of the memory: for corpus passes, which
    /// write no changes.
    pub fn changes(mut self, changes: bool) -> Self {
        self.changes = changes;
        self
    }

    /// Builds the aligner.
    pub fn build(&self) -> Aligner {
        Aligner {
            min_similarity: self.min_similarity,
            changes: self.changes,
            profiler: Profiler::default(),
            analyzer: Analyzer::default(),
        }
    }
}

/// Aligns the sentences of two documents. Immutable, `Send + Sync`: share one across threads.
pub struct Aligner {
    min_similarity: f32,
    changes: bool,
    profiler: Profiler,
    analyzer: Analyzer,
}

impl Default for Aligner {
    fn default() -> Self {
        Aligner::builder().build()
    }
}

impl std::fmt::Debug for Aligner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Aligner")
            .field("min_similarity", &self.min_similarity)
            .finish_non_exhaustive()
    }
}

/// A document ready for alignment: its sentences, their words and terms. Prepare a document
/// once to align it against many.
#[derive(Debug, Clone)]
pub struct Prepared {
    sentences: Vec<Range<usize>>,
    parsed: Vec<Sentence>,
}

impl Prepared {
    /// The byte spans of the document's sentences, which [`AlignedPair`] indices refer to.
    pub fn sentences(&self) -> &[Range<usize>] {
        &self.sentences
    }

    /// A key per sentence: xxh3 of its stems, equal for sentences of the same words.
    pub fn sentence_keys(&self) -> impl Iterator<Item = u64> + '_ {
        self.parsed.iter().map(|s| sentence_key(&s.stems))
    }

    /// Marks the sentences whose key `is_common` says many documents share (a site's
    /// standard paragraph, a newsletter line): boilerplate, which a derivation is not made
    /// of, so coverage leaves them out of both the aligned share and the whole.
    pub fn mark_common(&mut self, is_common: impl Fn(u64) -> bool) {
        for s in &mut self.parsed {
            s.common = s.stems.len() >= MIN_COMMON_WORDS && is_common(sentence_key(&s.stems));
        }
    }
}

/// One sentence's words (for the diff) and terms (for the score).
#[derive(Debug, Clone)]
struct Sentence {
    words: Vec<String>,
    /// Each word's stem, hashed: the diff and the score compare stems, never show them.
    stems: Vec<u64>,
    /// Hashed content-word stems and anchor keys (each hashed with its kind's seed) and
    /// their kinds' weights, sorted and without duplicates.
    terms: Vec<(u64, f32)>,
    chars: usize,
    /// Bytes of it inside quotation marks.
    quoted: usize,
    /// Whether it is boilerplate (see [`Prepared::mark_common`]): left out of coverage.
    common: bool,
}

/// Sentences shorter than this are never boilerplate: "He declined to comment." recurs
/// because it is short, not because it was copied.
const MIN_COMMON_WORDS: usize = 8;

/// The key of a sentence: xxh3 of its stem hashes' little-endian bytes.
fn sentence_key(stems: &[u64]) -> u64 {
    let bytes: Vec<u8> = stems.iter().flat_map(|h| h.to_le_bytes()).collect();
    xxh3_64_with_seed(&bytes, 7)
}

/// Two aligned sentences.
#[derive(Debug, Clone, PartialEq)]
pub struct AlignedPair {
    /// The sentence's index in the first document.
    pub a: usize,
    /// The sentence's index in the second document.
    pub b: usize,
    /// Their similarity, a weighted Dice coefficient in [0, 1].
    pub similarity: f32,
    /// The words the two share in order (a longest common subsequence of stems), over the
    /// words of the longer: near 1 for a copy, high for a spin that swaps single words, low
    /// for a translation or paraphrase that rebuilds the sentence. 0 when the sentences are
    /// too long to diff.
    pub kept: f32,
    /// Runs of words the second replaced in the first, as (from, to), words joined by spaces
    /// (["order", "purchase"]); runs only deleted or only inserted, and runs of function words
    /// alone, are left out.
    pub changes: Vec<(String, String)>,
}

/// How much of one document an alignment covers.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Coverage {
    /// The share of its sentences that are aligned, in [0, 1] (0 for a document without any).
    pub sentences: f32,
    /// The share of its sentence characters (bytes) in aligned sentences, in [0, 1].
    pub chars: f32,
    /// As `chars`, without the aligned sentences' quoted words (two reports that quote the
    /// same statement align on it without one deriving from the other) and without
    /// boilerplate sentences ([`Prepared::mark_common`]) on either side of the share.
    pub unquoted: f32,
}

/// The alignment of two documents' sentences.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Alignment {
    /// The aligned pairs, in order of both documents.
    pub pairs: Vec<AlignedPair>,
    /// The coverage of the first document.
    pub coverage_a: Coverage,
    /// The coverage of the second document.
    pub coverage_b: Coverage,
}

impl Alignment {
    /// The mean of the aligned pairs' [`AlignedPair::kept`], each weighted by its similarity
    /// (0 without pairs).
    pub fn kept_words(&self) -> f32 {
        let total: f32 = self.pairs.iter().map(|p| p.similarity).sum();
        if total <= 0.0 {
            return 0.0;
        }
        self.pairs
            .iter()
            .map(|p| p.kept * p.similarity)
            .sum::<f32>()
            / total
    }

    /// The same alignment seen from the other side: documents swapped, changes reversed.
    pub fn swapped(self) -> Alignment {
        Alignment {
            pairs: self
                .pairs
                .into_iter()
                .map(|p| AlignedPair {
                    a: p.b,
                    b: p.a,
                    changes: p.changes.into_iter().map(|(x, y)| (y, x)).collect(),
                    ..p
                })
                .collect(),
            coverage_a: self.coverage_b,
            coverage_b: self.coverage_a,
        }
    }

    /// The mean similarity of the aligned pairs (0 without pairs).
    pub fn mean_similarity(&self) -> f32 {
        if self.pairs.is_empty() {
            return 0.0;
        }
        self.pairs.iter().map(|p| p.similarity).sum::<f32>() / self.pairs.len() as f32
    }
}

impl Aligner {
    /// Starts a builder with the defaults.
    pub fn builder() -> AlignerBuilder {
        AlignerBuilder {
            min_similarity: DEFAULT_MIN_SIMILARITY,
            changes: true,
        }
    }

    /// Splits a text into sentences and finds their words, stems and anchors.
    pub fn prepare(&self, text: &str) -> Prepared {
        let spans = sentences(text);
        let anchors = sentence_anchors(text, &spans);
        let quotes = quotations(text);
        let parsed = spans
            .iter()
            .zip(anchors)
            .map(|(span, anchors)| {
                let mut sentence = self.sentence(&text[span.clone()], anchors);
                sentence.quoted = quotes
                    .iter()
                    .map(|q| q.end.min(span.end).saturating_sub(q.start.max(span.start)))
                    .sum();
                sentence
            })
            .collect();
        Prepared {
            sentences: spans,
            parsed,
        }
    }

    /// One sentence's words, their stems, and its terms: content-word stems and anchor keys.
    fn sentence(&self, text: &str, anchors: Vec<Anchor>) -> Sentence {
        let mut words = Vec::new();
        self.analyzer.tokens(text, |w| words.push(w.to_owned()));
        let stems_only = !self.changes;
        // Stems as the profiles key them, without periods, so "u.s" and "us" diff as equal.
        let stems: Vec<u64> = words.iter().map(|w| self.profiler.word_key(w)).collect();
        let content = words.iter().zip(&stems).filter(|(w, _)| is_content_word(w));
        let mut terms: Vec<(u64, f32)> = content.map(|(_, &h)| (h, 1.0)).collect();
        // Numbers and dates share a seed: "2021" is one fact whichever kind it was read as.
        terms.extend(anchors.into_iter().map(|a| {
            let (seed, weight) = match a.kind {
                AnchorKind::Name => (1, NAME_WEIGHT),
                AnchorKind::Number | AnchorKind::Date => (2, NUMBER_WEIGHT),
                AnchorKind::Quote => (3, QUOTE_WEIGHT),
            };
            (xxh3_64_with_seed(a.key.as_bytes(), seed), weight)
        }));
        terms.sort_by_key(|t| t.0);
        terms.dedup_by_key(|t| t.0);
        if stems_only {
            // Words are kept only to show changes; a corpus pass shows none.
            words = Vec::new();
        }
        Sentence {
            words,
            stems,
            terms,
            chars: text.len(),
            quoted: 0,
            common: false,
        }
    }

    /// The similarity of two texts each taken as one sentence: the score a sentence pair
    /// gets in an alignment (for the sentence-pair evaluation, and for short texts such as
    /// headlines).
    pub fn sentence_similarity(&self, a: &str, b: &str, idf: Option<&Idf>) -> f32 {
        let sa = self.sentence(a, anchors(a));
        let sb = self.sentence(b, anchors(b));
        let (ta, tb) = weighted_terms(&[sa], &[sb], idf);
        dice(&ta[0], &tb[0])
    }

    /// Aligns the sentences of two texts.
    pub fn align(&self, a: &str, b: &str) -> Alignment {
        self.align_prepared(&self.prepare(a), &self.prepare(b))
    }

    /// Aligns two prepared documents, weighing terms by their rarity in the two alone.
    pub fn align_prepared(&self, a: &Prepared, b: &Prepared) -> Alignment {
        self.align_weighted(a, b, None)
    }

    /// Aligns two prepared documents, weighing each term by its idf as well as by its rarity
    /// in the two (an idf over the corpus and background on top of the pair-local one).
    pub fn align_weighted(&self, a: &Prepared, b: &Prepared, idf: Option<&Idf>) -> Alignment {
        let (ta, tb) = weighted_terms(&a.parsed, &b.parsed, idf);
        let (n, m) = (ta.len(), tb.len());
        let mut sim = vec![0f32; n * m];
        for (i, x) in ta.iter().enumerate() {
            for (j, y) in tb.iter().enumerate() {
                sim[i * m + j] = dice(x, y);
            }
        }
        let pairs = best_path(&sim, n, m, self.min_similarity)
            .into_iter()
            .map(|(i, j)| {
                let (changes, kept) = changes(&a.parsed[i], &b.parsed[j]);
                AlignedPair {
                    a: i,
                    b: j,
                    similarity: sim[i * m + j],
                    kept,
                    changes,
                }
            })
            .collect::<Vec<_>>();
        Alignment {
            coverage_a: coverage(&a.parsed, pairs.iter().map(|p| p.a)),
            coverage_b: coverage(&b.parsed, pairs.iter().map(|p| p.b)),
            pairs,
        }
    }
}

/// One sentence's terms as (id, weight), sorted by id.
type Terms = Vec<(usize, f32)>;

/// Interns the terms of both documents and weights each by its kind and its rarity among all
/// their sentences: `ln(1 + N / df)`, an idf over the two documents' sentences, so "Kim" in
/// every sentence counts for little. With `idf`, each weight is also multiplied by the
/// term's idf over the corpus and background, so "said" counts for less than "warheads".
fn weighted_terms(a: &[Sentence], b: &[Sentence], idf: Option<&Idf>) -> (Vec<Terms>, Vec<Terms>) {
    let mut ids: HashMap<u64, usize> = HashMap::new();
    let mut df: Vec<u32> = Vec::new();
    for sentence in a.iter().chain(b) {
        for (term, _) in &sentence.terms {
            let next = ids.len();
            let id = *ids.entry(*term).or_insert(next);
            if id == df.len() {
                df.push(0);
            }
            if let Some(d) = df.get_mut(id) {
                *d += 1;
            }
        }
    }
    let total = (a.len() + b.len()) as f32;
    let weigh = |doc: &[Sentence]| -> Vec<Terms> {
        doc.iter()
            .map(|sentence| {
                let mut terms: Terms = sentence
                    .terms
                    .iter()
                    .filter_map(|(term, kind_weight)| {
                        let id = *ids.get(term)?;
                        let d = df.get(id).copied().unwrap_or(1).max(1) as f32;
                        let global = idf.map_or(1.0, |idf| idf.idf(*term));
                        Some((id, kind_weight * global * (1.0 + total / d).ln()))
                    })
                    .collect();
                terms.sort_unstable_by_key(|t| t.0);
                terms
            })
            .collect()
    };
    (weigh(a), weigh(b))
}

/// The weighted Dice coefficient of two sorted term lists: twice the weight they share over
/// the weight of both. A shared term has the same weight on both sides.
fn dice(x: &Terms, y: &Terms) -> f32 {
    let total: f32 = x.iter().chain(y).map(|t| t.1).sum();
    if total <= 0.0 {
        return 0.0;
    }
    let (mut i, mut j, mut shared) = (0, 0, 0.0);
    while i < x.len() && j < y.len() {
        match x[i].0.cmp(&y[j].0) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                shared += x[i].1;
                i += 1;
                j += 1;
            }
        }
    }
    2.0 * shared / total
}

/// The one-to-one, order-preserving pairs (i, j) with `sim[i * m + j] >= min` that maximise
/// the summed similarity: a dynamic program with free skips on either side.
fn best_path(sim: &[f32], n: usize, m: usize, min: f32) -> Vec<(usize, usize)> {
    let w = m + 1;
    let mut score = vec![0f32; (n + 1) * w];
    for i in 1..=n {
        for j in 1..=m {
            let s = sim[(i - 1) * m + (j - 1)];
            let mut best = score[(i - 1) * w + j].max(score[i * w + j - 1]);
            if s >= min {
                best = best.max(score[(i - 1) * w + j - 1] + s);
            }
            score[i * w + j] = best;
        }
    }
    // Walk back, preferring a skip when it scores the same, so ties resolve the same way
    // whatever the input.
    let mut pairs = Vec::new();
    let (mut i, mut j) = (n, m);
    while i > 0 && j > 0 {
        let here = score[i * w + j];
        if here == score[(i - 1) * w + j] {
            i -= 1;
        } else if here == score[i * w + j - 1] {
            j -= 1;
        } else {
            pairs.push((i - 1, j - 1));
            i -= 1;
            j -= 1;
        }
    }
    pairs.reverse();
    pairs
}

/// The share of a document's sentences, and of their characters, among `aligned`.
fn coverage(doc: &[Sentence], aligned: impl Iterator<Item = usize>) -> Coverage {
    let total_chars: usize = doc.iter().map(|s| s.chars).sum();
    let own_chars: usize = doc.iter().filter(|s| !s.common).map(|s| s.chars).sum();
    let (mut count, mut chars, mut own) = (0usize, 0usize, 0usize);
    for s in aligned.filter_map(|i| doc.get(i)) {
        count += 1;
        chars += s.chars;
        if !s.common {
            own += s.chars - s.quoted.min(s.chars);
        }
    }
    if doc.is_empty() || total_chars == 0 {
        return Coverage::default();
    }
    Coverage {
        sentences: count as f32 / doc.len() as f32,
        chars: chars as f32 / total_chars as f32,
        unquoted: if own_chars > 0 {
            own as f32 / own_chars as f32
        } else {
            0.0
        },
    }
}

/// One step of a word diff: a word both sides have, or a word only one side has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// The next word of each side, equal.
    Both,
    /// The next word of the first side, which the second does not have.
    OnlyA,
    /// The next word of the second side, which the first does not have.
    OnlyB,
}

/// A word diff of two keyed word lists along a longest common subsequence: the steps that
/// walk both lists, equal words matched. `None` past 65,536 word pairs (quadratic time on
/// an unpunctuated blob is not worth a diff).
pub fn diff(a: &[u64], b: &[u64]) -> Option<Vec<Step>> {
    let (n, m) = (a.len(), b.len());
    if n * m > MAX_DIFF_CELLS {
        return None;
    }
    // lcs[i][j]: the LCS length of a[i..] and b[j..].
    let w = m + 1;
    let mut lcs = vec![0u16; (n + 1) * w];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            lcs[i * w + j] = if a[i] == b[j] {
                lcs[(i + 1) * w + j + 1] + 1
            } else {
                lcs[(i + 1) * w + j].max(lcs[i * w + j + 1])
            };
        }
    }
    let mut steps = Vec::with_capacity(n.max(m));
    let (mut i, mut j) = (0, 0);
    while i < n || j < m {
        if i < n && j < m && a[i] == b[j] {
            steps.push(Step::Both);
            i += 1;
            j += 1;
        } else if j == m || (i < n && lcs[(i + 1) * w + j] >= lcs[i * w + j + 1]) {
            steps.push(Step::OnlyA);
            i += 1;
        } else {
            steps.push(Step::OnlyB);
            j += 1;
        }
    }
    Some(steps)
}

/// The substituted runs between two sentences: a longest common subsequence of their words
/// (equal when their stems are), and between consecutive common words the words each side
/// has alone, when both have some. Also the share of words kept ([`AlignedPair::kept`]).
fn changes(a: &Sentence, b: &Sentence) -> (Vec<(String, String)>, f32) {
    let (n, m) = (a.stems.len(), b.stems.len());
    let steps = match diff(&a.stems, &b.stems) {
        Some(steps) if n.max(m) > 0 => steps,
        _ => return (Vec::new(), 0.0),
    };
    let mut out = Vec::new();
    let (mut i, mut j, mut kept) = (0, 0, 0usize);
    let (mut from, mut to): (Vec<&str>, Vec<&str>) = (Vec::new(), Vec::new());
    for step in steps {
        match step {
            Step::Both => {
                push_change(&mut out, &from, &to);
                from.clear();
                to.clear();
                kept += 1;
                i += 1;
                j += 1;
            }
            Step::OnlyA => {
                from.extend(a.words.get(i).map(String::as_str));
                i += 1;
            }
            Step::OnlyB => {
                to.extend(b.words.get(j).map(String::as_str));
                j += 1;
            }
        }
    }
    push_change(&mut out, &from, &to);
    (out, kept as f32 / n.max(m) as f32)
}

/// Records a substituted run, unless one side is empty or both are function words alone.
fn push_change(out: &mut Vec<(String, String)>, from: &[&str], to: &[&str]) {
    let content = |run: &[&str]| run.iter().any(|w| !is_stopword(w));
    if !from.is_empty() && !to.is_empty() && (content(from) || content(to)) {
        out.push((from.join(" "), to.join(" ")));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ORIGINAL: &str =
        "The city council approved the new budget on Tuesday after a long debate. \
        Mayor Lena Park said the plan would cut spending by 12 percent. \
        Critics argued that the cuts would hurt public libraries and parks. \
        The vote was 7 to 2, with two members of the Green Party opposed. \
        The budget takes effect on July 1.";

    /// ORIGINAL with many words swapped for synonyms, as a content farm's spinner does.
    const SPUN: &str =
        "The town council accepted the fresh budget on Tuesday following a lengthy argument. \
        Mayor Lena Park stated the strategy would reduce spending by 12 percent. \
        Opponents contended that the reductions would harm public libraries and parks. \
        The ballot was 7 to 2, with two members of the Green Party against. \
        The budget comes into force on July 1.";

    const UNRELATED: &str = "Heavy rain flooded several villages in the north overnight. \
        Rescue teams evacuated hundreds of residents by boat. \
        Forecasters expect the storm to weaken by the weekend.";

    /// Every change of an alignment, in order.
    fn all_changes(al: &Alignment) -> Vec<(&str, &str)> {
        let changes = al.pairs.iter().flat_map(|p| &p.changes);
        changes.map(|(f, t)| (f.as_str(), t.as_str())).collect()
    }

    /// The bundled seeds: 000 spins the AP text 001 carries; 002 to 004 are other reports.
    const SEEDS: [&str; 5] = [
        "000_f99236a16d69789a.txt",
        "001_893361a9b7fe18e1.txt",
        "002_6baa3b19a4fca88d.txt",
        "003_06e105fb39387c32.txt",
        "004_45cfa239c90aab3e.txt",
    ];

    fn seed(name: &str) -> String {
        let path = format!("{}/examples/seeds/{name}", env!("CARGO_MANIFEST_DIR"));
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
    }

    #[test]
    fn a_spun_text_aligns_fully_in_order() {
        let al = Aligner::default().align(ORIGINAL, SPUN);
        let pairs: Vec<(usize, usize)> = al.pairs.iter().map(|p| (p.a, p.b)).collect();
        assert_eq!(pairs, [(0, 0), (1, 1), (2, 2), (3, 3), (4, 4)]);
        assert_eq!(al.coverage_a.sentences, 1.0);
        assert_eq!(al.coverage_b.chars, 1.0);
        let mean = al.pairs.iter().map(|p| p.similarity).sum::<f32>() / 5.0;
        assert!(mean > 0.4, "{:?}", al.pairs);
        let changes = all_changes(&al);
        // "takes effect" became "comes into force": a run, not word by word.
        let run = ("takes effect", "comes into force");
        for want in [
            ("city", "town"),
            ("approved", "accepted"),
            ("cut", "reduce"),
            run,
        ] {
            assert!(changes.contains(&want), "{want:?} not in {changes:?}");
        }
    }

    #[test]
    fn the_aligner_is_shared_across_threads() {
        fn send_sync<T: Send + Sync>() {}
        send_sync::<Aligner>();
        send_sync::<Prepared>();
    }

    #[test]
    fn a_reordered_text_aligns_partially() {
        let prepared = Aligner::default().prepare(SPUN);
        let spans = prepared.sentences();
        // The spin's sentences in the order 4, 1, 3, 0, 2.
        let reordered = [4, 1, 3, 0, 2]
            .iter()
            .map(|&i| &SPUN[spans[i].clone()])
            .collect::<Vec<_>>()
            .join(" ");
        let al = Aligner::default().align(ORIGINAL, &reordered);
        // The longest increasing run is 1, 3 (or 0, 2): two of five, in order.
        assert_eq!(al.pairs.len(), 2, "{:?}", al.pairs);
        let ordered = |w: &[AlignedPair]| w[0].a < w[1].a && w[0].b < w[1].b;
        assert!(al.pairs.windows(2).all(ordered));
        assert!((al.coverage_a.sentences - 0.4).abs() < 1e-6);
    }

    #[test]
    fn quoted_words_and_boilerplate_do_not_count_as_derived() {
        let a = "Officials met in the capital on Monday to review the harbour budget. \
                 \"We will rebuild the northern bridge before winter,\" the minister said.";
        let b = "Officials gathered in the capital on Monday to review the harbour budget. \
                 \"We will rebuild the northern bridge before winter,\" the minister told them.";
        let aligner = Aligner::default();
        let al = aligner.align(a, b);
        assert_eq!(al.pairs.len(), 2);
        assert!(al.coverage_a.chars > 0.99, "{:?}", al.coverage_a);
        // The quote is half the second sentence: it does not count.
        assert!(al.coverage_a.unquoted < 0.8, "{:?}", al.coverage_a);
        // Marked as boilerplate, the first sentence leaves the share on both sides.
        let (mut pa, mut pb) = (aligner.prepare(a), aligner.prepare(b));
        let first: Vec<u64> = pa.sentence_keys().take(1).collect();
        pa.mark_common(|k| first.contains(&k));
        pb.mark_common(|k| first.contains(&k));
        let marked = aligner.align_prepared(&pa, &pb);
        assert!(
            marked.coverage_a.unquoted < al.coverage_a.unquoted,
            "{marked:?}"
        );
    }

    #[test]
    fn swapping_sides_swaps_the_alignment() {
        let aligner = Aligner::default();
        let (a, b) = (ORIGINAL, SPUN);
        let forward = aligner.align(a, b);
        let back = aligner.align(b, a).swapped();
        assert_eq!(forward.pairs.len(), back.pairs.len());
        assert_eq!(forward.coverage_a, back.coverage_a);
    }

    #[test]
    fn unrelated_texts_align_nothing() {
        let al = Aligner::default().align(ORIGINAL, UNRELATED);
        assert!(al.pairs.is_empty(), "{:?}", al.pairs);
        assert_eq!(al.coverage_a, Coverage::default());
        let empty = Aligner::default().align("", UNRELATED);
        assert!(empty.pairs.is_empty());
        assert_eq!(empty.coverage_a, Coverage::default());
    }

    #[test]
    fn numbers_and_names_carry_a_heavily_reworded_sentence() {
        let a = "Mayor Lena Park said the plan would cut spending by 12 percent.";
        let b = "According to Lena Park, outlays will shrink 12 percent under the scheme.";
        let al = Aligner::default().align(a, b);
        assert_eq!(al.pairs.len(), 1, "{al:?}");
    }

    #[test]
    fn the_spun_seed_aligns_with_the_wire_it_spins() {
        let (spun, wire) = (SEEDS[0], SEEDS[1]);
        let al = Aligner::default().align(&seed(wire), &seed(spun));
        let (a, b, changes) = (al.coverage_a, al.coverage_b, all_changes(&al));
        eprintln!(
            "001 vs 000: {} pairs; coverage {a:?}, {b:?}",
            al.pairs.len()
        );
        eprintln!("changes: {changes:?}");
        assert!(a.chars > 0.6 && b.chars > 0.6, "{al:?}");
        assert!(changes.contains(&("order", "purchase")), "{changes:?}");
    }

    /// Seed 000 is a spin of the AP text that seed 001 carries: most names, numbers and dates
    /// survive the spin while most word 5-grams do not, which is why the score leans on them.
    #[test]
    fn the_spun_seed_keeps_its_anchors_but_not_its_shingles() {
        use crate::analyze::anchors::anchors;
        use std::collections::HashSet;
        let (spun, wire) = (seed(SEEDS[0]), seed(SEEDS[1]));
        let set = |text: &str| -> HashSet<(AnchorKind, String)> {
            let found = anchors(text).into_iter();
            found
                .filter(|a| a.kind != AnchorKind::Quote)
                .map(|a| (a.kind, a.key))
                .collect()
        };
        let (a, b) = (set(&spun), set(&wire));
        let shared = a.intersection(&b).count();
        let analyzer = Analyzer::default();
        let (sa, sb) = (
            analyzer.analyze(&spun).shingles,
            analyzer.analyze(&wire).shingles,
        );
        let shared_grams = sa.iter().filter(|h| sb.binary_search(h).is_ok()).count();
        // The overlap coefficient: shared over the smaller set.
        let overlap = |shared: usize, x: usize, y: usize| shared as f64 / x.min(y).max(1) as f64;
        let (anchor_overlap, gram_overlap) = (
            overlap(shared, a.len(), b.len()),
            overlap(shared_grams, sa.len(), sb.len()),
        );
        eprintln!(
            "seeds 000/001: anchors {}/{} shared {shared} (overlap {anchor_overlap:.2}); \
             5-grams {}/{} shared {shared_grams} (overlap {gram_overlap:.3})",
            a.len(),
            b.len(),
            sa.len(),
            sb.len(),
        );
        assert!(anchor_overlap > 0.6, "{anchor_overlap}");
        assert!(gram_overlap < 0.2, "{gram_overlap}");
    }

    #[test]
    fn independent_reports_align_little() {
        let wire = seed(SEEDS[1]);
        let aligner = Aligner::default();
        for other in &SEEDS[2..] {
            let al = aligner.align(&wire, &seed(other));
            let (a, b) = (al.coverage_a, al.coverage_b);
            eprintln!(
                "001 vs {other}: {} pairs; coverage {a:?}, {b:?}",
                al.pairs.len()
            );
            assert!(a.chars < 0.4 && b.chars < 0.4, "{other}: {al:?}");
        }
    }
}
