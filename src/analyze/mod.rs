//! Owns text analysis: a text becomes its normalised words, word shingles and content hash.
//!
//! One pass over the text finds the words (the `tokens` module owns the normalisation and the
//! ASCII fast path), hashes each word once, and streams the normalised words, joined by single
//! spaces, into an xxh3-128 content hash in blocks of 16 KiB, so no normalised copy of a whole
//! long text is kept. Shingles are then hashed from the word hashes, never from the text
//! again: shingle `i` is xxh3-64 over the little-endian bytes of word hashes `i .. i + n`. A
//! word's hash is xxh3-64 of the word zero-padded to 16 bytes (of the word itself when
//! longer): one fixed-size hash, free of xxh3's branch on the length, which mispredicts as
//! word lengths vary. Measured on `allsides` (225 MB of text, one thread, best of
//! several runs on this shared 2-core machine, whose speed drifts by 15%): tokenising alone
//! 220-275 MB/s, analysis 150-185 MB/s, analysis and sketching 140-170 MB/s, 1.5 to 1.7
//! times the cost of tokenising alone.
//!
//! What `exact` means: two texts with the same [`Analyzed::content_hash`] have the same word
//! sequence after NFKC, lowercasing and quote/dash folding. They may differ in case, in
//! compatibility forms (ligatures, full-width letters), in the kind of quotes and dashes, in
//! whitespace, and in any punctuation between words; they then also have the same shingles.
//! Every hash here is xxh3 with seed 0 over bytes whose layout is written down, so the values
//! are the same on every machine and in every version, as the stored index needs.

pub mod anchors;
#[cfg(feature = "embed")]
pub mod embed;
#[cfg(not(feature = "embed"))]
#[path = "embed_off.rs"]
pub mod embed;
pub mod profile;
pub mod sentences;
pub mod skeleton;
mod tokens;
pub mod weights;

use tokens::{word_hash, TokenSink, ASCII_NORMAL, SHORT_WORD};
use xxhash_rust::xxh3::{xxh3_128, xxh3_64, Xxh3};

/// The default shingle size: word 5-grams, as datasketch, text-dedup and datatrove use for
/// near-duplicate detection (and the size the datasketch baseline is measured with).
pub const DEFAULT_SHINGLE: usize = 5;

/// How many bytes of normalised text are buffered before they go into the content hash:
/// large enough that the hasher's per-call cost vanishes, small enough to stay in L1.
const FLUSH_BYTES: usize = 16 * 1024;

/// The result of analysing one text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Analyzed {
    /// The word shingle hashes, sorted ascending and without duplicates: the set that
    /// MinHash sketches and that verification computes Jaccard and containment on.
    pub shingles: Vec<u64>,
    /// The number of word tokens (saturating at `u32::MAX`).
    pub words: u32,
    /// xxh3-128 (seed 0) of the normalised words joined by single spaces: equal for `exact`
    /// copies (see the module doc).
    pub content_hash: u128,
    /// The skeleton shingle hashes (see [`skeleton`]), in text order with repeats kept;
    /// empty unless the analyzer was built with a skeleton size.
    pub skeleton: Vec<u64>,
    /// The name shingle hashes (see [`skeleton::name_hashes`]), in text order with repeats
    /// kept; empty unless the analyzer was built with a name shingle size.
    pub names: Vec<u64>,
}

/// Builds an [`Analyzer`].
#[derive(Debug, Clone)]
pub struct AnalyzerBuilder {
    shingle: usize,
    skeleton: Option<usize>,
    names: Option<usize>,
}

impl Default for AnalyzerBuilder {
    fn default() -> Self {
        AnalyzerBuilder {
            shingle: DEFAULT_SHINGLE,
            skeleton: None,
            names: None,
        }
    }
}

impl AnalyzerBuilder {
    /// Sets the shingle size in words ([`DEFAULT_SHINGLE`] unless set); 0 counts as 1.
    pub fn shingle(mut self, words: usize) -> Self {
        self.shingle = words.max(1);
        self
    }

    /// Also makes the skeleton shingles of this many function words (none unless set).
    pub fn skeleton(mut self, words: Option<usize>) -> Self {
        self.skeleton = words;
        self
    }

    /// Also makes the name shingles of this many names and figures (none unless set).
    pub fn names(mut self, words: Option<usize>) -> Self {
        self.names = words;
        self
    }

    /// Builds the analyzer.
    pub fn build(&self) -> Analyzer {
        Analyzer {
            shingle: self.shingle,
            skeleton: self.skeleton,
            names: self.names,
        }
    }
}

/// Turns texts into [`Analyzed`] values. Immutable, `Send + Sync`: share one across threads.
#[derive(Debug, Clone)]
pub struct Analyzer {
    shingle: usize,
    skeleton: Option<usize>,
    names: Option<usize>,
}

impl Default for Analyzer {
    fn default() -> Self {
        AnalyzerBuilder::default().build()
    }
}

impl Analyzer {
    /// Starts a builder with the defaults.
    pub fn builder() -> AnalyzerBuilder {
        AnalyzerBuilder::default()
    }

    /// Analyses one text. A text of fewer words than the shingle size gives one shingle of
    /// all its words; a text without words gives none.
    pub fn analyze(&self, text: &str) -> Analyzed {
        let mut analyzed = self.analyze_unsorted(text);
        analyzed.shingles = sort_unique(analyzed.shingles);
        analyzed
    }

    /// As [`Analyzer::analyze`], but the shingles come in text order with repeats kept. For
    /// callers that only sketch (a MinHash takes a minimum, which order and repeats do not
    /// change) and sort the few sets they verify: sorting was a tenth of analysis time.
    pub fn analyze_unsorted(&self, text: &str) -> Analyzed {
        let mut sink = Collector::for_text(text.len(), self.names.is_some());
        tokens::tokenize(text, &mut sink, &mut String::new());
        let content_hash = sink.content_hash();
        let words = sink.word_hashes.len() / 8;
        Analyzed {
            shingles: shingle_hashes(&sink.word_hashes, self.shingle),
            words: u32::try_from(words).unwrap_or(u32::MAX),
            content_hash,
            skeleton: self.skeleton.map_or_else(Vec::new, |n| {
                skeleton::skeleton_hashes(&sink.word_hashes, n)
            }),
            names: match (&sink.names, self.names) {
                (Some(names), Some(n)) => skeleton::name_hashes(names, n),
                _ => Vec::new(),
            },
        }
    }

    /// Calls `f` with each normalised word of `text`, in order: the tokeniser alone, for
    /// callers that need words rather than shingles (and as the cost baseline of analysis).
    pub fn tokens(&self, text: &str, f: impl FnMut(&str)) {
        let mut sink = Callback {
            f,
            word: String::new(),
        };
        tokens::tokenize(text, &mut sink, &mut String::new());
    }
}

/// The shingle hashes of a text from its word hashes (8 little-endian bytes each), in text
/// order, repeats kept.
fn shingle_hashes(word_hashes: &[u8], n: usize) -> Vec<u64> {
    let words = word_hashes.len() / 8;
    if words == 0 {
        return Vec::new();
    }
    if words <= n {
        return vec![xxh3_64(word_hashes)];
    }
    match n {
        // Common sizes get a window of fixed length, so xxh3's branches on the length fold
        // away (about 30% fewer instructions per shingle, measured with callgrind).
        3 => fixed_windows::<24>(word_hashes),
        4 => fixed_windows::<32>(word_hashes),
        5 => fixed_windows::<40>(word_hashes),
        _ => word_hashes.windows(8 * n).step_by(8).map(xxh3_64).collect(),
    }
}

/// xxh3-64 of each window of `W` bytes that starts on a word hash (`W` is a multiple of 8
/// and at most `word_hashes.len()`).
fn fixed_windows<const W: usize>(word_hashes: &[u8]) -> Vec<u64> {
    // Every window is complete, so `first_chunk` never misses; mapping (rather than filtering)
    // keeps the length known and the collect free of capacity checks.
    (0..=(word_hashes.len() - W) / 8)
        .map(|i| {
            word_hashes[8 * i..]
                .first_chunk::<W>()
                .map_or(0, xxh3_64_fixed)
        })
        .collect()
}

/// xxh3-64 of a fixed-size block, so the length is a constant where it is inlined.
#[inline(always)]
fn xxh3_64_fixed<const W: usize>(block: &[u8; W]) -> u64 {
    xxh3_64(block)
}

/// Below this many values (a very short text) a comparison sort is used: the bucket pass's
/// fixed costs would not pay off, and the total is negligible either way.
const SMALL_SORT: usize = 64;

/// A bucket holding more than this many values means the hashes are far from uniform (a
/// crafted text; for uniform hashes at about one per bucket the chance is below 10^-80): the
/// insertion sort would go quadratic, so a comparison sort takes over.
const CROWDED_BUCKET: u32 = 64;

/// Sorts and deduplicates hash values. They are uniform, so one counting pass on their top
/// bits spreads them over about one bucket per value, and an insertion sort then only moves
/// values within a bucket: measured 30% faster than `sort_unstable` on sets of 1,000.
fn sort_unique(mut values: Vec<u64>) -> Vec<u64> {
    let n = values.len();
    if n < SMALL_SORT {
        values.sort_unstable();
        values.dedup();
        return values;
    }
    // As many buckets as the power of two at or above n.
    let bits = usize::BITS - (n - 1).leading_zeros();
    let shift = 64 - bits;
    let mut starts = vec![0u32; (1 << bits) + 1];
    for &v in &values {
        starts[(v >> shift) as usize + 1] += 1;
    }
    if starts.iter().any(|&c| c > CROWDED_BUCKET) {
        values.sort_unstable();
        values.dedup();
        return values;
    }
    for b in 1..starts.len() {
        starts[b] += starts[b - 1];
    }
    let mut sorted = vec![0u64; n];
    for &v in &values {
        let slot = &mut starts[(v >> shift) as usize];
        sorted[*slot as usize] = v;
        *slot += 1;
    }
    for i in 1..n {
        let v = sorted[i];
        let mut j = i;
        while j > 0 && sorted[j - 1] > v {
            sorted[j] = sorted[j - 1];
            j -= 1;
        }
        sorted[j] = v;
    }
    sorted.dedup();
    sorted
}

/// The sink of [`Analyzer::analyze`]: hashes words and streams them into the content hash.
struct Collector {
    /// Normalised words, each followed by a space, since the last flush: `buf[..fill]`.
    /// Short words are copied as whole 16-byte blocks, so the buffer keeps that much slack.
    buf: Vec<u8>,
    fill: usize,
    /// The content hasher, created at the first flush (short texts hash in one call); boxed
    /// because its state is large and most texts never need it.
    hasher: Option<Box<Xxh3>>,
    /// Each word's hash (see `word_hash`), little-endian, so a shingle's input is a slice.
    word_hashes: Vec<u8>,
    /// The hashes of the words that begin with a capital or a digit, as `word_hashes`, when
    /// the analyzer makes name shingles.
    names: Option<Vec<u8>>,
}

/// Room for one 16-byte block and its space.
const BLOCK_ROOM: usize = 17;

impl Collector {
    fn for_text(len: usize, names: bool) -> Collector {
        Collector {
            // ASCII words are never longer than the text that holds them.
            buf: vec![0; len.min(FLUSH_BYTES) + BLOCK_ROOM],
            fill: 0,
            hasher: None,
            // A news text averages about six bytes per word, spaces and punctuation included.
            word_hashes: Vec::with_capacity(len / 6 * 8 + 8),
            names: names.then(|| Vec::with_capacity(len / 40 * 8 + 8)),
        }
    }

    /// Makes room for `need` bytes at `fill`, flushing to the hasher first if needed.
    #[inline]
    fn room(&mut self, need: usize) {
        if self.fill + need > self.buf.len() {
            self.hasher
                .get_or_insert_with(|| Box::new(Xxh3::new()))
                .update(&self.buf[..self.fill]);
            self.fill = 0;
            if need > self.buf.len() {
                self.buf.resize(need, 0);
            }
        }
    }

    /// Records the word `buf[fill..fill + len]`, whose hash is `h`, and the space after it.
    #[inline]
    fn finish(&mut self, len: usize, h: u64) {
        self.word_hashes.extend_from_slice(&h.to_le_bytes());
        self.fill += len;
        self.buf[self.fill] = b' ';
        self.fill += 1;
    }

    /// The content hash: the words joined by single spaces (the last word's space dropped).
    fn content_hash(&mut self) -> u128 {
        let end = self
            .fill
            .saturating_sub(usize::from(!self.word_hashes.is_empty()));
        match self.hasher.as_mut() {
            None => xxh3_128(&self.buf[..end]),
            Some(h) => {
                h.update(&self.buf[..end]);
                h.digest128()
            }
        }
    }
}

impl TokenSink for Collector {
    // Inlined into the word loop: a call's register saves were a seventh of the instructions
    // per word (callgrind).
    #[inline(always)]
    fn ascii(&mut self, text: &str, start: usize, end: usize) {
        let len = end - start;
        self.room(len.max(SHORT_WORD) + 1);
        let at = self.fill;
        let h = match tokens::lowered16(text, start, end) {
            Some(block) => {
                // The whole zero-padded block is the hash input: no branch on the length.
                self.buf[at..at + SHORT_WORD].copy_from_slice(&block);
                xxh3_64(&block)
            }
            None => {
                let word = &text.as_bytes()[start..end];
                for (d, &b) in self.buf[at..at + len].iter_mut().zip(word) {
                    *d = ASCII_NORMAL[b as usize];
                }
                word_hash(&self.buf[at..at + len])
            }
        };
        if let Some(names) = &mut self.names {
            if text.as_bytes()[start].is_ascii_uppercase()
                || text.as_bytes()[start].is_ascii_digit()
            {
                names.extend_from_slice(&h.to_le_bytes());
            }
        }
        self.finish(len, h);
    }

    fn normalised(&mut self, token: &str) {
        let len = token.len();
        self.room(len + 1);
        let at = self.fill;
        self.buf[at..at + len].copy_from_slice(token.as_bytes());
        let h = word_hash(token.as_bytes());
        // A normalised token has lost its case; its figures still stand.
        if let Some(names) = &mut self.names {
            if token.chars().next().is_some_and(char::is_numeric) {
                names.extend_from_slice(&h.to_le_bytes());
            }
        }
        self.finish(len, h);
    }
}

/// The sink of [`Analyzer::tokens`].
struct Callback<F> {
    f: F,
    word: String,
}

impl<F: FnMut(&str)> TokenSink for Callback<F> {
    #[inline]
    fn ascii(&mut self, text: &str, start: usize, end: usize) {
        // ASCII offsets are char boundaries.
        let word = &text[start..end];
        if word.bytes().all(|b| ASCII_NORMAL[b as usize] == b) {
            // Most words are already lowercase: hand them out without a copy.
            (self.f)(word);
        } else {
            self.word.clear();
            self.word
                .extend(word.bytes().map(|b| char::from(ASCII_NORMAL[b as usize])));
            (self.f)(&self.word);
        }
    }

    fn normalised(&mut self, token: &str) {
        (self.f)(token);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn words(text: &str) -> Vec<String> {
        let mut out = Vec::new();
        Analyzer::default().tokens(text, |w| out.push(w.to_owned()));
        out
    }

    #[test]
    fn exact_ignores_case_quotes_dashes_whitespace_and_punctuation() {
        let a = Analyzer::default();
        let one = a.analyze("Kim said: “We’re ready” — for dialogue, and confrontation.");
        let two = a.analyze("KIM SAID \"we're READY\" - for  dialogue\nand confrontation");
        assert_eq!(one, two);
        assert_eq!(one.words, 8);
        // The Unicode path gives the same words, hashes and shingles as the ASCII one.
        assert_eq!(
            a.analyze("ＫＩＭ ｓａｉｄ ＷＥ'ＲＥ ready for dialogue and confrontation"),
            one
        );
        // So it does for words past the 16-byte block.
        let long = "supercalifragilisticexpialidocious words";
        let full_width: String = long
            .chars()
            .map(|c| match c {
                'a'..='z' => char::from_u32(u32::from(c) - 0x61 + 0xFF41).unwrap_or(c),
                _ => c,
            })
            .collect();
        assert_eq!(a.analyze(&full_width), a.analyze(&long.to_uppercase()));
        let other = a.analyze("Kim said: “We’re ready” — for dialogue, or confrontation.");
        assert_ne!(one.content_hash, other.content_hash);
    }

    #[test]
    fn content_hash_is_the_hash_of_words_joined_by_spaces() {
        let a = Analyzer::default();
        assert_eq!(
            a.analyze("The ﬁrst—and ‘last’ word.").content_hash,
            xxh3_128(b"the first and last word")
        );
        assert_eq!(a.analyze("").content_hash, xxh3_128(b""));
        // Long enough to stream through several flushes.
        let long = "Quoted “words”, and more words. ".repeat(2_000);
        let joined = words(&long).join(" ");
        assert!(joined.len() > 3 * FLUSH_BYTES);
        assert_eq!(a.analyze(&long).content_hash, xxh3_128(joined.as_bytes()));
    }

    #[test]
    fn short_texts_give_one_shingle_and_empty_texts_none() {
        let a = Analyzer::builder().shingle(5).build();
        assert!(a.analyze("").shingles.is_empty());
        assert!(a.analyze(" — … ").shingles.is_empty());
        let three = a.analyze("one two three");
        assert_eq!(three.words, 3);
        assert_eq!(three.shingles.len(), 1);
        assert_eq!(a.analyze("One, two; THREE!").shingles, three.shingles);
        // Exactly n words is one ordinary shingle.
        assert_eq!(a.analyze("a b c d e").shingles.len(), 1);
        assert_eq!(a.analyze("a b c d e f").shingles.len(), 2);
    }

    #[test]
    fn shingles_are_hashes_of_word_hash_windows() {
        let a = Analyzer::builder().shingle(2).build();
        let h = |w: &str| word_hash(w.as_bytes()).to_le_bytes();
        let pair = |x: &str, y: &str| xxh3_64(&[h(x), h(y)].concat());
        let mut want = vec![pair("a", "b"), pair("b", "a")];
        want.sort_unstable();
        // "a b a b" has the windows ab, ba, ab: two distinct shingles.
        assert_eq!(a.analyze("A b a B").shingles, want);
    }

    #[test]
    fn golden_values_pin_the_stored_bytes() {
        // If this fails, hashes stored by an older version no longer match: bump the index
        // format version instead of changing the values.
        let got = Analyzer::default().analyze("The quick brown fox jumps over the lazy dog.");
        assert_eq!(got.words, 9);
        assert_eq!(got.content_hash, 0xe9a1932627d7f46d15c21eead63fa21f);
        assert_eq!(
            got.content_hash,
            xxh3_128(b"the quick brown fox jumps over the lazy dog")
        );
        assert_eq!(
            got.shingles,
            [
                0x60d658e5146587fc,
                0xb8c517fee8e51532,
                0xc76f8765b22f5406,
                0xce8e6848a2d09321,
                0xe43c19c64cec8b64,
            ]
        );
    }

    #[test]
    fn analyzer_is_shareable() {
        fn shared<T: Send + Sync>() {}
        shared::<Analyzer>();
    }

    proptest! {
        #[test]
        fn bucket_sort_matches_sort_unstable(
            mut values in proptest::collection::vec(any::<u64>(), 0..3000),
            repeats in 0usize..200,
            crowd in any::<bool>(),
        ) {
            let extra: Vec<u64> = values.iter().take(repeats).copied().collect();
            values.extend(extra);
            if crowd {
                // All in one bucket: the guard must catch it.
                values.iter_mut().for_each(|v| *v >>= 20);
            }
            let mut want = values.clone();
            want.sort_unstable();
            want.dedup();
            prop_assert_eq!(sort_unique(values), want);
        }

        #[test]
        fn fixed_windows_match_the_generic_ones(hashes in proptest::collection::vec(any::<u64>(), 5..40)) {
            let bytes: Vec<u8> = hashes.iter().flat_map(|h| h.to_le_bytes()).collect();
            let generic = |w: usize| -> Vec<u64> { bytes.windows(w).step_by(8).map(xxh3_64).collect() };
            prop_assert_eq!(fixed_windows::<24>(&bytes), generic(24));
            prop_assert_eq!(fixed_windows::<32>(&bytes), generic(32));
            prop_assert_eq!(fixed_windows::<40>(&bytes), generic(40));
        }

        #[test]
        fn shingles_are_sorted_unique_and_counted(text in "[a-c ,.]{0,200}", n in 1usize..7) {
            let got = Analyzer::builder().shingle(n).build().analyze(&text);
            prop_assert!(got.shingles.windows(2).all(|w| w[0] < w[1]));
            let words = words(&text).len();
            prop_assert_eq!(got.words as usize, words);
            prop_assert!(got.shingles.len() <= words.saturating_sub(n) + 1);
            prop_assert_eq!(got.shingles.is_empty(), words == 0);
        }

        #[test]
        fn case_and_spacing_do_not_change_the_analysis(text in "[a-zA-Z ]{0,120}") {
            let a = Analyzer::default();
            let spaced = text.to_uppercase().replace(' ', " \n ");
            prop_assert_eq!(a.analyze(&text), a.analyze(&spaced));
        }
    }

    #[test]
    fn unsorted_analysis_is_the_same_set_in_text_order() {
        let a = Analyzer::default();
        let text = "the cat sat on the mat and the cat sat on the mat again, said Ana.";
        let sorted = a.analyze(text);
        let unsorted = a.analyze_unsorted(text);
        assert_eq!(unsorted.words, sorted.words);
        assert_eq!(unsorted.content_hash, sorted.content_hash);
        // Sixteen words give twelve windows, two of them repeats ("the cat sat on the").
        assert_eq!(unsorted.shingles.len(), 12);
        assert_eq!(sorted.shingles.len(), 10);
        let mut set = unsorted.shingles.clone();
        set.sort_unstable();
        set.dedup();
        assert_eq!(set, sorted.shingles);
    }
}
