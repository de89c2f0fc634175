//! Owns text analysis: a text becomes its normalised words, word shingles and content hash.
//!
//! One pass over the text finds the words (the `tokens` module owns the normalisation and the
//! ASCII fast path), hashes each word once with xxh3-64, and streams the normalised words,
//! joined by single spaces, into an xxh3-128 content hash in blocks of [`FLUSH_BYTES`], so no
//! normalised copy of a whole long text is kept. Shingles are then hashed from the word
//! hashes, never from the text again: shingle `i` is xxh3-64 over the little-endian bytes of
//! word hashes `i .. i + n`.
//!
//! What `exact` means: two texts with the same [`Analyzed::content_hash`] have the same word
//! sequence after NFKC, lowercasing and quote/dash folding. They may differ in case, in
//! compatibility forms (ligatures, full-width letters), in the kind of quotes and dashes, in
//! whitespace, and in any punctuation between words; they then also have the same shingles.
//! Every hash here is xxh3 with seed 0 over bytes whose layout is written down, so the values
//! are the same on every machine and in every version, as the stored index needs.

mod tokens;

use tokens::{TokenSink, ASCII_NORMAL};
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
}

/// Builds an [`Analyzer`].
#[derive(Debug, Clone)]
pub struct AnalyzerBuilder {
    shingle: usize,
}

impl Default for AnalyzerBuilder {
    fn default() -> Self {
        AnalyzerBuilder {
            shingle: DEFAULT_SHINGLE,
        }
    }
}

impl AnalyzerBuilder {
    /// Sets the shingle size in words ([`DEFAULT_SHINGLE`] unless set); 0 counts as 1.
    pub fn shingle(mut self, words: usize) -> Self {
        self.shingle = words.max(1);
        self
    }

    /// Builds the analyzer.
    pub fn build(&self) -> Analyzer {
        Analyzer {
            shingle: self.shingle,
        }
    }
}

/// Turns texts into [`Analyzed`] values. Immutable, `Send + Sync`: share one across threads.
#[derive(Debug, Clone)]
pub struct Analyzer {
    shingle: usize,
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

    /// The shingle size in words.
    pub fn shingle_size(&self) -> usize {
        self.shingle
    }

    /// Analyses one text. A text of fewer words than the shingle size gives one shingle of
    /// all its words; a text without words gives none.
    pub fn analyze(&self, text: &str) -> Analyzed {
        // A news text averages about six bytes per word, spaces and punctuation included.
        let mut sink = Collector {
            text: Vec::with_capacity(text.len().min(FLUSH_BYTES) + 64),
            hasher: None,
            word_hashes: Vec::with_capacity(text.len() / 6 * 8 + 8),
        };
        tokens::tokenize(text, &mut sink, &mut String::new());
        let content_hash = match sink.hasher.as_mut() {
            None => xxh3_128(&sink.text),
            Some(h) => {
                h.update(&sink.text);
                h.digest128()
            }
        };
        let words = sink.word_hashes.len() / 8;
        Analyzed {
            shingles: shingles(&sink.word_hashes, self.shingle),
            words: u32::try_from(words).unwrap_or(u32::MAX),
            content_hash,
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

/// The shingle hashes of a text from its word hashes (8 little-endian bytes each).
fn shingles(word_hashes: &[u8], n: usize) -> Vec<u64> {
    let words = word_hashes.len() / 8;
    if words == 0 {
        return Vec::new();
    }
    if words <= n {
        return vec![xxh3_64(word_hashes)];
    }
    let width = 8 * n;
    let mut out: Vec<u64> = (0..=words - n)
        .map(|i| xxh3_64(&word_hashes[8 * i..8 * i + width]))
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// The sink of [`Analyzer::analyze`]: hashes words and streams them into the content hash.
struct Collector {
    /// Normalised words joined by spaces since the last flush.
    text: Vec<u8>,
    /// The content hasher, created at the first flush (short texts hash in one call).
    hasher: Option<Box<Xxh3>>,
    /// Each word's xxh3-64, little-endian, so a shingle's input is a plain slice.
    word_hashes: Vec<u8>,
}

impl Collector {
    /// Hashes the word that starts at `start` in the buffer, and flushes a full buffer.
    #[inline]
    fn finish(&mut self, start: usize) {
        let h = xxh3_64(&self.text[start..]);
        self.word_hashes.extend_from_slice(&h.to_le_bytes());
        if self.text.len() >= FLUSH_BYTES {
            self.hasher
                .get_or_insert_with(|| Box::new(Xxh3::new()))
                .update(&self.text);
            self.text.clear();
        }
    }

    /// Writes the separator before every word but the first.
    #[inline]
    fn separate(&mut self) -> usize {
        if !self.word_hashes.is_empty() {
            self.text.push(b' ');
        }
        self.text.len()
    }
}

impl TokenSink for Collector {
    #[inline]
    fn ascii(&mut self, raw: &[u8]) {
        let start = self.separate();
        self.text
            .extend(raw.iter().map(|&b| ASCII_NORMAL[b as usize]));
        self.finish(start);
    }

    fn normalised(&mut self, token: &str) {
        let start = self.separate();
        self.text.extend_from_slice(token.as_bytes());
        self.finish(start);
    }
}

/// The sink of [`Analyzer::tokens`].
struct Callback<F> {
    f: F,
    word: String,
}

impl<F: FnMut(&str)> TokenSink for Callback<F> {
    #[inline]
    fn ascii(&mut self, raw: &[u8]) {
        self.word.clear();
        self.word
            .extend(raw.iter().map(|&b| char::from(ASCII_NORMAL[b as usize])));
        (self.f)(&self.word);
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
        let h = |w: &str| xxh3_64(w.as_bytes()).to_le_bytes();
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
        assert_eq!(got.content_hash, 0x0);
        assert_eq!(got.shingles, [0u64; 5]);
    }

    #[test]
    fn analyzer_is_shareable() {
        fn shared<T: Send + Sync>() {}
        shared::<Analyzer>();
    }

    proptest! {
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
}
