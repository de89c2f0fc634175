//! Owns document profiles: the word stems and anchors a text is about, counted.
//!
//! A profile is what the retelling pass compares when shingles have nothing left to say: a
//! spun or translated copy swaps words, so its content words are reduced to Snowball stems
//! ("ordered" meets "orders"), and its anchors (names, numbers and dates, quotes) are kept as
//! the normalised keys of [`super::anchors`]. Every term is a 64-bit key: xxh3 of its string
//! with a seed per kind, so a word "may" and a month "may" stay apart, while a number and a
//! date share one seed ("2021" is one fact whichever it was read as). The keys are the same
//! ones the sentence aligner weighs and the built-in background table is keyed by, so the
//! layout is fixed: changing a seed or the stemming changes every stored weight.

use std::ops::Range;

use foldhash::{HashMap, HashMapExt};
use rust_stemmers::{Algorithm, Stemmer};
use xxhash_rust::xxh3::xxh3_64_with_seed;

use super::anchors::{is_stopword, sentence_anchors, AnchorKind};
use super::sentences::sentences;
use super::Analyzer;

/// Words whose stem keys a thread keeps: a news vocabulary of a few hundred thousand words
/// fits (some 30 MB a thread); past it the cache starts over.
pub const STEM_CACHE: usize = 400_000;

thread_local! {
    /// Stem keys of English words, keyed by the xxh3 of the word (no word is copied in, and
    /// a lookup compares no bytes; two words of one 64-bit hash are a risk of one in 10^8
    /// for a vocabulary of a million).
    static STEMS: std::cell::RefCell<HashMap<u64, u64>> = std::cell::RefCell::new(HashMap::new());
    /// Stem keys of words of other languages, keyed by the language's code and the word.
    static OTHER_STEMS: std::cell::RefCell<HashMap<(u8, String), u64>> =
        std::cell::RefCell::new(HashMap::new());
}

/// The Snowball stemmers by language (ISO 639-3, as the extractor guesses it): a German text's
/// "Regierungen" meets its "Regierung" as an English text's "governments" meets "government".
/// A language without a stemmer here (Polish, Chinese) keeps its words whole.
const STEMMERS: [(&str, Algorithm); 17] = [
    ("ara", Algorithm::Arabic),
    ("dan", Algorithm::Danish),
    ("nld", Algorithm::Dutch),
    ("fin", Algorithm::Finnish),
    ("fra", Algorithm::French),
    ("deu", Algorithm::German),
    ("ell", Algorithm::Greek),
    ("hun", Algorithm::Hungarian),
    ("ita", Algorithm::Italian),
    ("nob", Algorithm::Norwegian),
    ("por", Algorithm::Portuguese),
    ("ron", Algorithm::Romanian),
    ("rus", Algorithm::Russian),
    ("spa", Algorithm::Spanish),
    ("swe", Algorithm::Swedish),
    ("tam", Algorithm::Tamil),
    ("tur", Algorithm::Turkish),
];

/// How a text's words are stemmed.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Stemming {
    /// English (the default, and any language not named).
    English,
    /// The stemmer of [`STEMMERS`] at this index.
    Other(u8),
    /// No stemmer for the language: words are kept whole.
    Whole,
}

/// Languages with no Snowball stemmer whose words are better kept whole than cut by English
/// rules.
const UNSTEMMED: [&str; 4] = ["pol", "ces", "cmn", "jpn"];

impl Stemming {
    fn of(lang: Option<&str>) -> Stemming {
        match lang {
            None | Some("eng") => Stemming::English,
            Some(code) => match STEMMERS.iter().position(|(c, _)| *c == code) {
                Some(i) => Stemming::Other(i as u8),
                None if UNSTEMMED.contains(&code) => Stemming::Whole,
                None => Stemming::English,
            },
        }
    }
}

/// What a term is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TermKind {
    /// A content word's stem.
    Word,
    /// A name: a capitalised span.
    Name,
    /// A number or a date.
    Number,
    /// A quoted string of three or more words.
    Quote,
}

impl TermKind {
    /// The xxh3 seed of the kind's keys (part of the stored layout: see the module doc).
    pub fn seed(self) -> u64 {
        match self {
            TermKind::Word => 0,
            TermKind::Name => 1,
            TermKind::Number => 2,
            TermKind::Quote => 3,
        }
    }

    /// One letter for the kind, as the background table writes it.
    pub fn letter(self) -> char {
        match self {
            TermKind::Word => 'w',
            TermKind::Name => 'n',
            TermKind::Number => 'd',
            TermKind::Quote => 'q',
        }
    }

    /// The kind a letter of [`TermKind::letter`] stands for.
    pub fn from_letter(letter: char) -> Option<TermKind> {
        Some(match letter {
            'w' => TermKind::Word,
            'n' => TermKind::Name,
            'd' => TermKind::Number,
            'q' => TermKind::Quote,
            _ => return None,
        })
    }

    /// Whether the kind is an anchor (anything but a word).
    pub fn is_anchor(self) -> bool {
        self != TermKind::Word
    }

    /// The term kind of an anchor kind.
    pub fn of_anchor(kind: AnchorKind) -> TermKind {
        match kind {
            AnchorKind::Name => TermKind::Name,
            AnchorKind::Number | AnchorKind::Date => TermKind::Number,
            AnchorKind::Quote => TermKind::Quote,
        }
    }
}

/// The 64-bit key of a term of `kind` whose normalised string is `key`.
pub fn term_key(kind: TermKind, key: &str) -> u64 {
    xxh3_64_with_seed(key.as_bytes(), kind.seed())
}

/// One term of a profile.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Term {
    /// Its key ([`term_key`]).
    pub key: u64,
    /// Its kind.
    pub kind: TermKind,
    /// How many times the text has it (0 for a term of the title alone).
    pub count: u32,
    /// How many times the lead has it: the title and the first [`LEAD_SENTENCES`] sentences,
    /// where a news report names its event (background paragraphs repeat across events).
    pub lead: u32,
}

/// Sentences of the text that belong to its lead, after the title: the lede of a news report
/// (who did what, where, when) is its first sentence or two.
pub const LEAD_SENTENCES: usize = 2;

/// A text's terms, sorted by key, each once with its count.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Profile {
    /// The terms, sorted by key.
    pub terms: Vec<Term>,
    /// The text's embedding (see `analyze::embed`), its components times
    /// [`EMBEDDING_SCALE`]; empty when the text was not embedded.
    pub embedding: Vec<i16>,
    /// The language it was read in (ISO 639-3), when known.
    pub lang: Option<String>,
}

/// What an embedding's components (in [-1, 1]: the vector is normalised) are multiplied by
/// to be kept as `i16`: a cosine read back is then off by less than 1e-4.
pub const EMBEDDING_SCALE: f32 = 32767.0;

/// An embedding in the form a profile keeps.
pub fn pack_embedding(v: &[f32]) -> Vec<i16> {
    v.iter()
        .map(|x| (x.clamp(-1.0, 1.0) * EMBEDDING_SCALE).round() as i16)
        .collect()
}

/// The cosine of two kept embeddings; `None` when either text was not embedded.
pub fn embedding_cosine(a: &[i16], b: &[i16]) -> Option<f32> {
    if a.is_empty() || a.len() != b.len() {
        return None;
    }
    let dot: i64 = a
        .iter()
        .zip(b)
        .map(|(&x, &y)| i64::from(x) * i64::from(y))
        .sum();
    Some((dot as f32 / (EMBEDDING_SCALE * EMBEDDING_SCALE)).clamp(-1.0, 1.0))
}

impl Profile {
    /// The anchors among the terms.
    pub fn anchors(&self) -> impl Iterator<Item = &Term> {
        self.terms.iter().filter(|t| t.kind.is_anchor())
    }

    /// The profile as bytes, for a run to hold on disk while it reads (little-endian: the
    /// number of terms, each term's key, count, lead count and kind letter, the language's
    /// length and bytes, the embedding's length and components). Read back by the same
    /// build only: it is no stored format.
    pub fn to_bytes(&self) -> Vec<u8> {
        let lang = self.lang.as_deref().unwrap_or("").as_bytes();
        let lang = &lang[..lang.len().min(255)];
        let mut out = Vec::with_capacity(
            4 + self.terms.len() * 17 + 1 + lang.len() + 4 + self.embedding.len() * 2,
        );
        out.extend((self.terms.len() as u32).to_le_bytes());
        for t in &self.terms {
            out.extend(t.key.to_le_bytes());
            out.extend(t.count.to_le_bytes());
            out.extend(t.lead.to_le_bytes());
            out.push(t.kind.letter() as u8);
        }
        out.push(lang.len() as u8);
        out.extend(lang);
        out.extend((self.embedding.len() as u32).to_le_bytes());
        for x in &self.embedding {
            out.extend(x.to_le_bytes());
        }
        out
    }

    /// A profile from [`Profile::to_bytes`]; `None` when the bytes are not one.
    pub fn from_bytes(bytes: &[u8]) -> Option<Profile> {
        let mut rest = bytes;
        let mut take = |n: usize| -> Option<&[u8]> {
            let (head, tail) = rest.split_at_checked(n)?;
            rest = tail;
            Some(head)
        };
        let u32_of = |b: &[u8]| b.try_into().ok().map(u32::from_le_bytes);
        let terms = u32_of(take(4)?)? as usize;
        let mut out = Profile {
            terms: Vec::with_capacity(terms.min(bytes.len() / 17)),
            ..Profile::default()
        };
        for _ in 0..terms {
            let t = take(17)?;
            out.terms.push(Term {
                key: u64::from_le_bytes(t[..8].try_into().ok()?),
                count: u32_of(&t[8..12])?,
                lead: u32_of(&t[12..16])?,
                kind: TermKind::from_letter(char::from(t[16]))?,
            });
        }
        let lang = take(1)?[0] as usize;
        let lang = std::str::from_utf8(take(lang)?).ok()?;
        out.lang = (!lang.is_empty()).then(|| lang.to_string());
        let dims = u32_of(take(4)?)? as usize;
        let embedding = take(dims.checked_mul(2)?)?;
        out.embedding = embedding
            .chunks_exact(2)
            .map(|c| i16::from_le_bytes([c[0], c[1]]))
            .collect();
        Some(out)
    }
}

/// Builds profiles. Immutable, `Send + Sync`: share one across threads.
pub struct Profiler {
    stemmer: Stemmer,
    analyzer: Analyzer,
}

impl Default for Profiler {
    fn default() -> Self {
        Profiler {
            stemmer: Stemmer::create(Algorithm::English),
            analyzer: Analyzer::default(),
        }
    }
}

impl std::fmt::Debug for Profiler {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Profiler").finish_non_exhaustive()
    }
}

impl Profiler {
    /// The profile of an English text, its lead its first sentences.
    pub fn profile(&self, text: &str) -> Profile {
        self.profile_of(None, text, None)
    }

    /// The profile of a text under a title, in a language (ISO 639-3; English when `None`):
    /// the title's terms count in the lead (and, when the text does not hold them, only
    /// there: a count of 0).
    pub fn profile_of(&self, title: Option<&str>, text: &str, lang: Option<&str>) -> Profile {
        let stemming = Stemming::of(lang);
        let spans = sentences(text);
        let mut counts: HashMap<u64, (TermKind, u32, u32)> = HashMap::new();
        self.count_terms(text, &spans, stemming, &mut |key, kind| {
            counts.entry(key).or_insert((kind, 0, 0)).1 += 1;
        });
        // The lead's anchors are read from the lead alone (its first word's capitals judged
        // within it): read from the whole text, ecbplus_dev inside allsides drew 50 allsides
        // articles into its stories, against 25.
        let lead = lead_of(text, &spans);
        // A headline record's text is its title: the title is then not counted twice.
        let title = title
            .map(str::trim)
            .filter(|t| !t.is_empty() && !text.trim_start().starts_with(t));
        for part in title.into_iter().chain([lead]) {
            self.count_terms(part, &sentences(part), stemming, &mut |key, kind| {
                counts.entry(key).or_insert((kind, 0, 0)).2 += 1;
            });
        }
        let mut terms: Vec<Term> = counts
            .into_iter()
            .map(|(key, (kind, count, lead))| Term {
                key,
                kind,
                count,
                lead,
            })
            .collect();
        terms.sort_unstable_by_key(|t| t.key);
        Profile {
            terms,
            embedding: Vec::new(),
            lang: lang.map(str::to_string),
        }
    }

    /// The terms of an English text counted in the whole of it, without a lead (every
    /// `lead` is 0): what a reader of counts alone (a summary's sentence vectors) needs, for
    /// half the work of [`Profiler::profile`].
    pub fn counts(&self, text: &str) -> Profile {
        let mut counts: HashMap<u64, (TermKind, u32)> = HashMap::new();
        self.count_terms(
            text,
            &sentences(text),
            Stemming::English,
            &mut |key, kind| {
                counts.entry(key).or_insert((kind, 0)).1 += 1;
            },
        );
        let mut terms: Vec<Term> = counts
            .into_iter()
            .map(|(key, (kind, count))| Term {
                key,
                kind,
                count,
                lead: 0,
            })
            .collect();
        terms.sort_unstable_by_key(|t| t.key);
        Profile {
            terms,
            embedding: Vec::new(),
            lang: None,
        }
    }

    /// Calls `f` with the key and kind of every term of `text` (split at `spans`).
    fn count_terms(
        &self,
        text: &str,
        spans: &[Range<usize>],
        stemming: Stemming,
        f: &mut dyn FnMut(u64, TermKind),
    ) {
        self.analyzer.tokens(text, |w| {
            if is_content_word(w) {
                let key = match stemming {
                    Stemming::English => self.word_key(w),
                    Stemming::Other(i) => other_key(i, w),
                    Stemming::Whole => term_key(TermKind::Word, w),
                };
                f(key, TermKind::Word);
            }
        });
        for anchor in sentence_anchors(text, spans).concat() {
            let kind = TermKind::of_anchor(anchor.kind);
            f(term_key(kind, &anchor.key), kind);
        }
    }

    /// Calls `f` with the kind and normalised string of each term of `text`, words first
    /// (content-word stems, in text order), then anchors (in text order).
    pub fn for_each_term(&self, text: &str, mut f: impl FnMut(TermKind, &str)) {
        let mut stems: HashMap<String, String> = HashMap::new();
        self.analyzer.tokens(text, |w| {
            if !is_content_word(w) {
                return;
            }
            if let Some(stem) = stems.get(w) {
                f(TermKind::Word, stem);
                return;
            }
            let stem = self.stem(w);
            f(TermKind::Word, &stem);
            stems.insert(w.to_owned(), stem);
        });
        for anchor in sentence_anchors(text, &sentences(text)).concat() {
            f(TermKind::of_anchor(anchor.kind), &anchor.key);
        }
    }

    /// A normalised word's stem, without periods (so "u.s" and "us" meet).
    pub fn stem(&self, word: &str) -> String {
        if word.contains('.') {
            self.stemmer.stem(&word.replace('.', "")).into_owned()
        } else {
            self.stemmer.stem(word).into_owned()
        }
    }

    /// The key of a normalised word's stem (as [`Profiler::stem`], then [`term_key`]).
    /// Snowball stemming is the costly step of profiling, and news repeats its vocabulary,
    /// so each thread keeps the keys of the words it has stemmed (up to [`STEM_CACHE`]).
    pub fn word_key(&self, word: &str) -> u64 {
        let id = xxhash_rust::xxh3::xxh3_64(word.as_bytes());
        STEMS.with(|cache| {
            let mut cache = cache.borrow_mut();
            if let Some(&key) = cache.get(&id) {
                return key;
            }
            let key = term_key(TermKind::Word, &self.stem(word));
            if cache.len() >= STEM_CACHE {
                cache.clear();
            }
            cache.insert(id, key);
            key
        })
    }
}

/// The stem key of a word of the language of [`STEMMERS`] at `i`, cached per thread.
fn other_key(i: u8, word: &str) -> u64 {
    OTHER_STEMS.with(|cache| {
        let mut cache = cache.borrow_mut();
        let k = (i, word.to_owned());
        if let Some(&key) = cache.get(&k) {
            return key;
        }
        let stem = Stemmer::create(STEMMERS[i as usize].1)
            .stem(word)
            .into_owned();
        let key = term_key(TermKind::Word, &stem);
        if cache.len() >= STEM_CACHE {
            cache.clear();
        }
        cache.insert(k, key);
        key
    })
}

/// The lead of a text split at `spans`: its first [`LEAD_SENTENCES`] sentences.
pub fn lead_of<'t>(text: &'t str, spans: &[Range<usize>]) -> &'t str {
    let end = spans
        .get(LEAD_SENTENCES.min(spans.len()).saturating_sub(1))
        .map_or(0, |s| s.end);
    &text[..end]
}

/// A word that carries content: not a function word, with a letter, longer than one byte.
pub fn is_content_word(word: &str) -> bool {
    word.len() > 1 && word.chars().any(char::is_alphabetic) && !is_stopword(word)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(text: &str) -> Vec<(TermKind, String)> {
        let mut out = Vec::new();
        Profiler::default().for_each_term(text, |k, s| out.push((k, s.to_owned())));
        out
    }

    #[test]
    fn words_are_stemmed_and_function_words_dropped() {
        let terms = strings("Kim ordered the orders of the party.");
        let words: Vec<&str> = terms
            .iter()
            .filter(|t| t.0 == TermKind::Word)
            .map(|t| t.1.as_str())
            .collect();
        assert_eq!(words, ["kim", "order", "order", "parti"]);
    }

    #[test]
    fn anchors_follow_words() {
        let terms = strings("In 2021, Kim Jong Un met officials in Pyongyang.");
        let anchors: Vec<(TermKind, &str)> = terms
            .iter()
            .filter(|t| t.0.is_anchor())
            .map(|t| (t.0, t.1.as_str()))
            .collect();
        assert_eq!(
            anchors,
            [
                (TermKind::Number, "2021"),
                (TermKind::Name, "kim jong un"),
                (TermKind::Name, "pyongyang")
            ]
        );
    }

    #[test]
    fn profile_counts_and_sorts() {
        let p = Profiler::default().profile("Prices rose. Prices rose again in May.");
        assert!(p.terms.windows(2).all(|w| w[0].key < w[1].key));
        let price = term_key(TermKind::Word, "price");
        assert_eq!(
            p.terms.iter().find(|t| t.key == price).map(|t| t.count),
            Some(2)
        );
        // "May" the month is a date, kept apart from any word "may".
        let may = term_key(TermKind::Number, "may");
        assert!(p
            .terms
            .iter()
            .any(|t| t.key == may && t.kind == TermKind::Number));
    }

    #[test]
    fn kinds_have_distinct_keys() {
        assert_ne!(
            term_key(TermKind::Word, "may"),
            term_key(TermKind::Number, "may")
        );
        for kind in [
            TermKind::Word,
            TermKind::Name,
            TermKind::Number,
            TermKind::Quote,
        ] {
            assert_eq!(TermKind::from_letter(kind.letter()), Some(kind));
        }
    }

    #[test]
    fn a_profile_comes_back_from_its_bytes() {
        let mut p = Profiler::default().profile_of(
            Some("Kim vows talks"),
            "Kim Jong Un said on Friday that 60 \"warheads are ready\". Kim left.",
            Some("eng"),
        );
        p.embedding = vec![-32767, 0, 12, 32767];
        let bytes = p.to_bytes();
        assert_eq!(Profile::from_bytes(&bytes), Some(p.clone()));
        assert_eq!(Profile::from_bytes(&bytes[..bytes.len() - 1]), None);
        let empty = Profile::default();
        assert_eq!(Profile::from_bytes(&empty.to_bytes()), Some(empty));
    }

    #[test]
    fn empty_text_has_no_terms() {
        assert!(Profiler::default().profile("").terms.is_empty());
    }
}
