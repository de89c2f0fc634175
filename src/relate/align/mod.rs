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

mod diff;

pub use diff::{diff, Step};

use crate::analyze::anchors::{anchors, sentence_anchors, Anchor, AnchorKind};
use crate::analyze::profile::{is_content_word, Profiler};
use crate::analyze::sentences::{quotations, sentences};
use crate::analyze::weights::{for_shared, Idf};
use crate::analyze::Analyzer;
use crate::model::{AlignedPair, Alignment, Coverage};
use diff::changes;

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

/// A document's sentences ready for alignment: their spans, words and terms. Split a
/// document once to align it against many.
#[derive(Debug, Clone)]
pub struct Sentences {
    spans: Vec<Range<usize>>,
    parsed: Vec<Sentence>,
}

impl Sentences {
    /// The byte spans of the document's sentences, which [`AlignedPair`] indices refer to.
    pub fn spans(&self) -> &[Range<usize>] {
        &self.spans
    }

    /// The document's distinct terms (content-word stems and anchors, keyed as profiles key
    /// them), sorted: what a corpus count of the aligned documents counts.
    pub fn term_keys(&self) -> Vec<u64> {
        let mut keys: Vec<u64> = self
            .parsed
            .iter()
            .flat_map(|s| s.terms.iter().map(|t| t.0))
            .collect();
        keys.sort_unstable();
        keys.dedup();
        keys
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
    /// Whether it is boilerplate (see [`Sentences::mark_common`]): left out of coverage.
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

impl Aligner {
    /// Starts a builder with the defaults.
    pub fn builder() -> AlignerBuilder {
        AlignerBuilder {
            min_similarity: DEFAULT_MIN_SIMILARITY,
            changes: true,
        }
    }

    /// Splits a text into sentences and finds their words, stems and anchors.
    pub fn sentences(&self, text: &str) -> Sentences {
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
        Sentences { spans, parsed }
    }

    /// One sentence's words, their stems, and its terms: content-word stems and anchor keys.
    fn sentence(&self, text: &str, anchors: Vec<Anchor>) -> Sentence {
        // Words are kept only to show changes; a corpus pass shows none.
        let keep_words = self.changes;
        let mut words = Vec::new();
        // Stems as the profiles key them, without periods, so "u.s" and "us" diff as equal.
        let mut stems: Vec<u64> = Vec::new();
        let mut terms: Vec<(u64, f32)> = Vec::new();
        self.analyzer.tokens(text, |w| {
            let stem = self.profiler.word_key(w);
            stems.push(stem);
            if is_content_word(w) {
                terms.push((stem, 1.0));
            }
            if keep_words {
                words.push(w.to_owned());
            }
        });
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
        // A corpus pass holds the sentences of thousands of documents: no room to spare.
        terms.shrink_to_fit();
        stems.shrink_to_fit();
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

    /// Aligns the sentences of two texts, weighing terms by their rarity in the two alone,
    /// with each pair's changes.
    pub fn align_texts(&self, a: &str, b: &str) -> Alignment {
        let mut al = self.align(&self.sentences(a), &self.sentences(b), None);
        self.annotate(&mut al, a, b);
        al
    }

    /// Aligns two documents' sentences, weighing each term by its rarity in the two and, with
    /// `idf`, by its idf over the corpus and background as well. Each pair gets its kept share
    /// and its spans; its changes wait for [`Aligner::annotate`] unless the aligner keeps words.
    pub fn align(&self, a: &Sentences, b: &Sentences, idf: Option<&Idf>) -> Alignment {
        let (ta, tb) = weighted_terms(&a.parsed, &b.parsed, idf);
        let (n, m) = (ta.len(), tb.len());
        let sim = similarities(&ta, &tb, self.min_similarity);
        let pairs = best_path(&sim, n, m, self.min_similarity)
            .into_iter()
            .map(|(i, j)| {
                let (sa, sb) = (&a.parsed[i], &b.parsed[j]);
                let (changes, kept) = changes(&sa.words, &sa.stems, &sb.words, &sb.stems);
                AlignedPair {
                    a: i,
                    b: j,
                    similarity: sim[i * m + j],
                    kept,
                    changes,
                    spans: [a.spans[i].clone(), b.spans[j].clone()],
                }
            })
            .collect::<Vec<_>>();
        Alignment {
            coverage_a: coverage(&a.parsed, pairs.iter().map(|p| p.a)),
            coverage_b: coverage(&b.parsed, pairs.iter().map(|p| p.b)),
            pairs,
        }
    }

    /// Fills in each aligned pair's word changes from the two texts its spans refer to: the
    /// step that makes an alignment readable, taken only for the pairs a reader is shown (a
    /// corpus pass keeps no words while it aligns).
    pub fn annotate(&self, alignment: &mut Alignment, a: &str, b: &str) {
        for pair in &mut alignment.pairs {
            let (wa, ka) = self.words(a.get(pair.spans[0].clone()).unwrap_or(""));
            let (wb, kb) = self.words(b.get(pair.spans[1].clone()).unwrap_or(""));
            pair.changes = changes(&wa, &ka, &wb, &kb).0;
        }
    }

    /// A sentence's normalised words and their stems' keys.
    fn words(&self, text: &str) -> (Vec<String>, Vec<u64>) {
        let mut words = Vec::new();
        self.analyzer.tokens(text, |w| words.push(w.to_owned()));
        let stems = words.iter().map(|w| self.profiler.word_key(w)).collect();
        (words, stems)
    }
}

/// One sentence's terms as (id, weight), sorted by id.
type Terms = Vec<(usize, f32)>;

/// Interns the terms of both documents and weights each by its kind and its rarity among all
/// their sentences: `ln(1 + N / df)`, an idf over the two documents' sentences, so "Kim" in
/// every sentence counts for little. With `idf`, each weight is also multiplied by the
/// term's idf over the corpus and background, so "said" counts for less than "warheads".
fn weighted_terms(a: &[Sentence], b: &[Sentence], idf: Option<&Idf>) -> (Vec<Terms>, Vec<Terms>) {
    // Each distinct term gets an id, its count of sentences and its idf once; each
    // occurrence keeps its id, in the order the sentences are weighed below.
    let mut ids: HashMap<u64, usize> = HashMap::new();
    let mut df: Vec<u32> = Vec::new();
    let mut global: Vec<f32> = Vec::new();
    let mut occurrences: Vec<usize> = Vec::new();
    for sentence in a.iter().chain(b) {
        for (term, _) in &sentence.terms {
            let next = ids.len();
            let id = *ids.entry(*term).or_insert(next);
            if id == df.len() {
                df.push(0);
                global.push(idf.map_or(1.0, |idf| idf.idf(*term)));
            }
            df[id] += 1;
            occurrences.push(id);
        }
    }
    let total = (a.len() + b.len()) as f32;
    let rarity: Vec<f32> = df
        .iter()
        .map(|&d| (1.0 + total / d.max(1) as f32).ln())
        .collect();
    let mut at = 0;
    let mut weigh = |doc: &[Sentence]| -> Vec<Terms> {
        doc.iter()
            .map(|sentence| {
                let here = &occurrences[at..at + sentence.terms.len()];
                at += here.len();
                let mut terms: Terms = sentence
                    .terms
                    .iter()
                    .zip(here)
                    .map(|(&(_, kind_weight), &id)| (id, kind_weight * global[id] * rarity[id]))
                    .collect();
                terms.sort_unstable_by_key(|t| t.0);
                terms
            })
            .collect()
    };
    let wa = weigh(a);
    (wa, weigh(b))
}

/// The weighted Dice coefficient of two sorted term lists: twice the weight they share over
/// the weight of both. A shared term has the same weight on both sides.
fn dice(x: &Terms, y: &Terms) -> f32 {
    let total: f32 = x.iter().chain(y).map(|t| t.1).sum();
    if total <= 0.0 {
        return 0.0;
    }
    let mut shared = 0.0;
    for_shared(x, y, |t| t.0, |t| t.0, |a, _| shared += a.1);
    2.0 * shared / total
}

/// How far below the minimum a pair's quick score may fall and still be scored exactly: the
/// quick score sums the same weights in another order, so it differs from [`dice`] by a
/// few units in the last place, far less than this.
const QUICK_SLACK: f32 = 1e-3;

/// Every sentence pair's score (row by row, `n * m`): [`dice`] for each pair that can reach
/// `min`, 0 for the others, which the path never takes. The shared weight of a sentence of
/// `a` with every sentence of `b` is summed through the list of `b`'s sentences that hold
/// each of its terms, so a pair without a shared term costs nothing (most pairs of two long
/// texts): the cost is the number of shared terms over all pairs, not the sum of both
/// sentences' terms over all pairs. A shared weight sums in the order `dice` sums it, so a
/// pair that is scored exactly gets `dice`'s value to the bit.
fn similarities(ta: &[Terms], tb: &[Terms], min: f32) -> Vec<f32> {
    let (n, m) = (ta.len(), tb.len());
    let mut sim = vec![0f32; n * m];
    let ids = ta
        .iter()
        .chain(tb)
        .flat_map(|t| t.iter().map(|x| x.0 + 1))
        .max()
        .unwrap_or(0);
    // b's sentences by term, as offsets into one list.
    let mut starts = vec![0u32; ids + 1];
    for t in tb {
        for &(id, _) in t {
            starts[id + 1] += 1;
        }
    }
    for k in 1..starts.len() {
        starts[k] += starts[k - 1];
    }
    let mut fill = starts.clone();
    let mut holders = vec![0u32; starts[ids] as usize];
    for (j, t) in tb.iter().enumerate() {
        for &(id, _) in t {
            holders[fill[id] as usize] = j as u32;
            fill[id] += 1;
        }
    }
    let weight = |t: &Terms| -> f32 { t.iter().map(|x| x.1).sum() };
    let totals_b: Vec<f32> = tb.iter().map(weight).collect();
    for (i, x) in ta.iter().enumerate() {
        let row = &mut sim[i * m..(i + 1) * m];
        for &(id, w) in x {
            for &j in &holders[starts[id] as usize..starts[id + 1] as usize] {
                row[j as usize] += w;
            }
        }
        let total_a = weight(x);
        for (j, cell) in row.iter_mut().enumerate() {
            if *cell > 0.0 {
                let quick = 2.0 * *cell / (total_a + totals_b[j]);
                *cell = if quick >= min - QUICK_SLACK {
                    dice(x, &tb[j])
                } else {
                    0.0
                };
            }
        }
    }
    sim
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

#[cfg(test)]
mod tests;
