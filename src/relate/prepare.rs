//! Owns the prepared document: everything relating reads of one text, made once per text.
//!
//! Every path (`dedup`, `stories`, `ingest`, `compare`, the evaluations) turns a text into the
//! same [`Prepared`] with the same [`Preparer`], then keeps what it needs: the copy pass reads
//! its shingles, content hash and band keys, the retelling pass its profile and text, story
//! clustering its date, tie-break key and the latest year it names, and the direction rules
//! its byline. Preparing is the parallel step of a run (analysis, sketching, profiling); what
//! comes after it reads no text again but to align sentences.

use std::sync::Arc;

use xxhash_rust::xxh3::xxh3_64;

use crate::analyze::embed::Encoder;

use crate::analyze::anchors::latest_year;
use crate::analyze::profile::{Profile, Profiler};
use crate::analyze::skeleton::{NAME_SHINGLE, SKELETON_SHINGLE};
use crate::analyze::Analyzer;
use crate::model::{Article, Byline};
use crate::relate::copy::high_halves;
use crate::sketch::{LshParams, Sketcher};

/// The highest LSH threshold for copy candidates; the banding is for the lower of this and the
/// near-copy threshold. Lower than the usual near-copy threshold on purpose: an excerpt of 40%
/// of its article has a Jaccard of 0.4 with it, and a copy inside chrome often less. The
/// datasketch-optimal banding for 0.3 over 128 values (37 bands of 3 rows) makes a pair at
/// Jaccard 0.5 a candidate with probability 0.99, at 0.3 with 0.64, at 0.1 with 0.04.
pub const CANDIDATE_THRESHOLD: f64 = 0.3;

/// The LSH threshold of skeleton candidates (spins and rewrites for the derivation pass).
/// A spin's skeleton is its source's, but a real edited copy's is cut by every edit as its
/// word shingles are: the derivations the retelling pass finds in allsides have skeleton
/// Jaccards from 0.07 to 0.6, most above 0.2.
pub const SKELETON_THRESHOLD: f64 = 0.2;

/// Builds a [`Preparer`].
#[derive(Debug, Clone)]
pub struct PreparerBuilder {
    shingle: usize,
    num_perm: usize,
    near_copy: f64,
    profile: bool,
    skeleton: bool,
    encoder: Option<Arc<Encoder>>,
}

impl Default for PreparerBuilder {
    fn default() -> Self {
        PreparerBuilder {
            shingle: crate::analyze::DEFAULT_SHINGLE,
            num_perm: 128,
            near_copy: crate::relate::CopyRules::default().near_copy,
            profile: true,
            skeleton: false,
            encoder: None,
        }
    }
}

impl PreparerBuilder {
    /// Words per shingle (5 unless set).
    pub fn shingle(mut self, words: usize) -> Self {
        self.shingle = words.max(1);
        self
    }

    /// MinHash values per signature (128 unless set).
    pub fn num_perm(mut self, n: usize) -> Self {
        self.num_perm = n.max(1);
        self
    }

    /// The near-copy threshold: copy candidates are banded for it when it is below
    /// [`CANDIDATE_THRESHOLD`].
    pub fn near_copy(mut self, threshold: f64) -> Self {
        self.near_copy = threshold;
        self
    }

    /// Whether to profile texts for the retelling pass (true unless set; a copy-only dedup
    /// needs no profiles).
    pub fn profile(mut self, profile: bool) -> Self {
        self.profile = profile;
        self
    }

    /// Whether to make skeleton and name shingles and their band keys, the derivation pass's
    /// candidates (false unless set).
    pub fn skeleton(mut self, skeleton: bool) -> Self {
        self.skeleton = skeleton;
        self
    }

    /// Embeds every profiled text with `encoder` (none unless set): story evidence then
    /// reads the embeddings' cosine too.
    pub fn encoder(mut self, encoder: Option<Arc<Encoder>>) -> Self {
        self.encoder = encoder;
        self
    }

    /// Builds the preparer.
    pub fn build(&self) -> Preparer {
        let sketcher = Sketcher::builder().num_perm(self.num_perm).build();
        Preparer {
            analyzer: Analyzer::builder()
                .shingle(self.shingle)
                .skeleton(self.skeleton.then_some(SKELETON_SHINGLE))
                .names(self.skeleton.then_some(NAME_SHINGLE))
                .build(),
            lsh: LshParams::for_threshold(CANDIDATE_THRESHOLD.min(self.near_copy), self.num_perm),
            skeleton_lsh: LshParams::for_threshold(SKELETON_THRESHOLD, self.num_perm),
            sketcher,
            profiler: self.profile.then(Profiler::default),
            encoder: self.encoder.clone().filter(|_| self.profile),
        }
    }
}

/// Prepares texts. Immutable, `Send + Sync`: share one across threads.
#[derive(Debug)]
pub struct Preparer {
    analyzer: Analyzer,
    sketcher: Sketcher,
    lsh: LshParams,
    skeleton_lsh: LshParams,
    profiler: Option<Profiler>,
    encoder: Option<Arc<Encoder>>,
}

impl Default for Preparer {
    fn default() -> Self {
        Preparer::builder().build()
    }
}

/// One document as relating reads it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Prepared {
    /// xxh3 of its id: breaks ties the same way whatever the input order.
    pub tie: u64,
    /// Its date, its site, its credit lines and its length in words.
    pub byline: Byline,
    /// xxh3-128 of its normalised words: equal for exact copies.
    pub content_hash: u128,
    /// The high halves of its shingle hashes, in text order until [`Prepared::sort_shingles`].
    pub shingles: Vec<u32>,
    /// Its LSH band keys (taken by the copy index once posted).
    pub bands: Vec<u64>,
    /// The high halves of its skeleton shingle hashes (empty unless the preparer makes
    /// skeletons), in text order until [`Prepared::sort_shingles`].
    pub skeleton: Vec<u32>,
    /// The LSH band keys of its skeleton (taken by the copy index once posted).
    pub skeleton_bands: Vec<u64>,
    /// The high halves of its name shingle hashes (empty unless the preparer makes
    /// skeletons), in text order until [`Prepared::sort_shingles`]; the derivation pass
    /// bands them once it knows which names are common.
    pub names: Vec<u32>,
    /// Its content-word stems and anchors, counted (empty when not profiled).
    pub profile: Profile,
    /// The latest year its text names, which bounds an undated document's date.
    pub latest_year: Option<i32>,
    /// Its text, when the caller keeps it for sentence alignment (empty otherwise).
    pub text: String,
}

impl Prepared {
    /// Sorts the shingles and drops repeats, as verification needs (done only for documents
    /// that are someone's candidate: sorting was a tenth of the copy pass).
    pub fn sort_shingles(&mut self) {
        self.shingles.sort_unstable();
        self.shingles.dedup();
        self.skeleton.sort_unstable();
        self.skeleton.dedup();
        self.names.sort_unstable();
        self.names.dedup();
    }

    /// Publication time, seconds since the epoch.
    pub fn published(&self) -> Option<i64> {
        self.byline.published
    }
}

impl Preparer {
    /// Starts a builder with the defaults.
    pub fn builder() -> PreparerBuilder {
        PreparerBuilder::default()
    }

    /// Prepares a text under an id with the byline the input gave (its `words` are counted
    /// here). The text itself is not copied in: callers move it into
    /// [`Prepared::text`] when they keep it.
    pub fn prepare(&self, id: &str, text: &str, byline: Byline) -> Prepared {
        let analyzed = self.analyzer.analyze_unsorted(text);
        let bands = self
            .lsh
            .band_keys(&self.sketcher.sketch(&analyzed.shingles));
        let skeleton_bands = if analyzed.skeleton.is_empty() {
            Vec::new()
        } else {
            self.skeleton_lsh
                .band_keys(&self.sketcher.sketch(&analyzed.skeleton))
        };
        let (profile, latest_year) = match &self.profiler {
            Some(p) => (
                p.profile_of(byline.title.as_deref(), text, byline.lang.as_deref()),
                latest_year(text),
            ),
            None => (Profile::default(), None),
        };
        let profile = match &self.encoder {
            Some(encoder) => Profile {
                embedding: crate::analyze::profile::pack_embedding(
                    &encoder.embed(byline.title.as_deref(), text),
                ),
                ..profile
            },
            None => profile,
        };
        Prepared {
            tie: xxh3_64(id.as_bytes()),
            byline: Byline {
                words: analyzed.words,
                ..byline
            },
            content_hash: analyzed.content_hash,
            shingles: high_halves(&analyzed.shingles),
            bands,
            skeleton: high_halves(&analyzed.skeleton),
            skeleton_bands,
            names: high_halves(&analyzed.names),
            profile,
            latest_year,
            text: String::new(),
        }
    }

    /// Prepares an extracted article (its id, text, date, site and credit lines).
    pub fn prepare_article(&self, article: &Article) -> Prepared {
        let byline = Byline {
            published: article.published.as_ref().map(|p| p.epoch),
            site: article.site.clone(),
            credits: article.credits.clone(),
            words: 0,
            title: article.title.clone(),
            lang: article.lang.clone(),
        };
        self.prepare(&article.id, &article.text, byline)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_texts_prepare_alike_and_ids_only_change_the_tie() {
        let p = Preparer::default();
        let text = "Kim Jong Un told officials in Pyongyang on June 18, 2021 to prepare for \
                    dialogue and confrontation with the United States.";
        let a = p.prepare("a", text, Byline::default());
        let b = p.prepare("b", text, Byline::default());
        assert_eq!(a.content_hash, b.content_hash);
        assert_eq!(
            (&a.shingles, &a.bands, &a.profile),
            (&b.shingles, &b.bands, &b.profile)
        );
        assert_ne!(a.tie, b.tie);
        assert_eq!(a.byline.words, 21);
        assert_eq!(a.latest_year, Some(2021));
        assert!(a.text.is_empty(), "the text is the caller's to move in");
    }

    #[test]
    fn a_copy_only_preparer_makes_no_profile() {
        let p = Preparer::builder().profile(false).build();
        let d = p.prepare(
            "a",
            "Officials met in the capital on Monday.",
            Byline::default(),
        );
        assert!(d.profile.terms.is_empty());
        assert!(!d.shingles.is_empty() && !d.bands.is_empty());
    }

    #[test]
    fn sorting_shingles_drops_repeats() {
        let p = Preparer::default();
        let mut d = p.prepare(
            "a",
            "one two three four five one two three four five",
            Byline::default(),
        );
        let before = d.shingles.len();
        d.sort_shingles();
        assert!(d.shingles.windows(2).all(|w| w[0] < w[1]));
        assert!(d.shingles.len() < before);
    }
}
