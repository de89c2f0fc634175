//! Owns the retelling engine: the one place a candidate pair becomes a link.
//!
//! An [`Engine`] is built once from the rules (copy thresholds, retelling thresholds,
//! candidate bounds, the neighbour rule) and shared by every path: the batch run over a whole
//! corpus (`corpus`), a newcomer matched against the persistent index (`arrival`), and two
//! documents compared (`pair`). All three read candidates through the index's posting traits,
//! weigh terms with the [`Idf`] they are given, gate and run sentence alignment the same way
//! ([`Engine::judge`]), and finish links the same way ([`Engine::finish`]): evidence, and a
//! direction from `direction::source_of`. A link comes back with the alignment it rests on
//! ([`Related`]), so that provenance and the report show the evidence that decided it.

mod arrival;
mod corpus;
mod derive;
mod pair;

pub use arrival::Arrival;
pub use corpus::{InDocuments, Retellings, SetAside};
pub use derive::{
    name_candidates, TextOf, DERIVE_FROM, DERIVE_FROM_LARGER, NAME_COMMON_MIN, NAME_COMMON_SHARE,
    NAME_MIN, NAME_THRESHOLD,
};
pub use pair::{shown_pairs, Comparison, ShownPair};

use rayon::prelude::*;

use super::align::{Aligner, Sentences};
use super::boilerplate::Boilerplate;
use super::copy::{exact_link, relate_copy, round4, CopyRules, Shingled};
use super::direction::source_of;
use super::neighbours::DEFAULT_NEIGHBOURS;
use super::retell::{relate_retelling, retelling_evidence, RetellRules, Retelling};
use super::story::{resemblance, StoryEvidence};
use crate::analyze::profile::Profiler;
use crate::analyze::weights::{Idf, Weighted};
use crate::index::terms::{TermIndex, TermIndexBuilder};
use crate::model::{Alignment, Byline, DocIndex, Link, Relation};

/// A pair is aligned when its resemblance (word cosine and anchor overlap, before
/// alignment) reaches this: a spin, a copy or a rewrite keeps its source's anchors and much
/// of its vocabulary, so its cheap evidence is well above that of other reports of its event,
/// and alignment was two thirds of the links' time. Measured with the gate at 0.3, on
/// allsides with the seeds and 300 planted WordNet spins, mt_pairs_dev, semeval8_dev and
/// ecbplus_dev: 570 pairs aligned into a derivation; the planted spins' all from 0.578, those
/// of semeval8_dev from 0.429 and ecbplus_dev from 0.419; below 0.4 only three machine round
/// trips of mt_pairs_dev (0.348 to 0.397, linked `same_story` at 0.4) and one false
/// `rewrite` in allsides (two pages of one site sharing a list of related headlines, 0.340).
/// Of the 19,244 pairs aligned on allsides with the planted spins, 3,902 reach 0.4. Every
/// evaluation of `retold eval all` is unchanged but one of mt_pairs_dev's 103 round trips,
/// which leaves its original's story; the seeds' spin scores 0.67.
pub const ALIGN_FROM: f32 = 0.4;

/// The fewest sentences a side needs to be aligned: one sentence that matches one of the
/// other side's is a coverage of 1, so every pair of headlines sharing a phrase would be a
/// rewrite. A one-sentence text (a headline, a title-only record) is judged by its words and
/// anchors alone, as the uci evaluation always judged headlines.
pub const ALIGN_SENTENCES: usize = 2;

/// Whether a side has sentences enough to be aligned (see [`ALIGN_SENTENCES`]).
fn alignable(sentences: &Sentences) -> bool {
    sentences.spans().len() >= ALIGN_SENTENCES
}

/// Settings of the retelling pass.
#[derive(Debug, Clone)]
pub struct RetellOptions {
    /// How many terms each document is indexed by.
    pub terms_per_doc: usize,
    /// The rare-term index's settings.
    pub index: TermIndexBuilder,
    /// The relation thresholds.
    pub rules: RetellRules,
    /// Whether to align sentences (off for headline-only input).
    pub align: bool,
    /// A report (`same_story`) link must be among the `neighbours` most similar candidates
    /// of both its documents (see `relate::neighbours`). 0 turns the rule off.
    pub neighbours: usize,
}

impl Default for RetellOptions {
    fn default() -> Self {
        RetellOptions {
            // Enough of a news article's rarest terms to meet a retelling that kept half its
            // anchors, few enough that postings stay short.
            terms_per_doc: 24,
            index: TermIndex::builder(),
            rules: RetellRules::default(),
            align: true,
            neighbours: DEFAULT_NEIGHBOURS,
        }
    }
}

/// A link with the alignment it rests on: the one that decided a retelling link, annotated
/// with its word changes; `None` for links of the copy rules and reports of the same story.
#[derive(Debug, Clone, PartialEq)]
pub struct Related {
    /// The link.
    pub link: Link,
    /// Its alignment, with `a` the link's `a`.
    pub alignment: Option<Alignment>,
}

/// One side of a candidate pair as [`Engine::judge`] and [`Engine::finish`] read it.
#[derive(Debug, Clone, Copy)]
pub struct Side<'a> {
    /// Its index.
    pub index: DocIndex,
    /// Its tie-break key: the alignment's ties resolve by side, so the side is chosen by the
    /// keys, never by input order.
    pub tie: u64,
    /// Its sentences, when it was split for alignment.
    pub sentences: Option<&'a Sentences>,
    /// Its text (for the changes of a derivation's alignment).
    pub text: &'a str,
    /// Its byline (for the direction).
    pub byline: &'a Byline,
}

/// Builds an [`Engine`].
#[derive(Debug, Clone, Default)]
pub struct EngineBuilder {
    copy: CopyRules,
    retell: RetellOptions,
}

impl EngineBuilder {
    /// The copy thresholds.
    pub fn copy(mut self, rules: CopyRules) -> Self {
        self.copy = rules;
        self
    }

    /// The retelling settings.
    pub fn retell(mut self, options: RetellOptions) -> Self {
        self.retell = options;
        self
    }

    /// Builds the engine.
    pub fn build(&self) -> Engine {
        Engine {
            copy: self.copy,
            retell: self.retell.clone(),
            aligner: Aligner::builder().changes(false).build(),
            profiler: Profiler::default(),
            background: Idf::background(),
        }
    }
}

/// Relates documents. Immutable, `Send + Sync`: build one and share it.
#[derive(Debug)]
pub struct Engine {
    copy: CopyRules,
    retell: RetellOptions,
    aligner: Aligner,
    profiler: Profiler,
    /// Rarity in news at large, for the wording rule: a spinner's synonyms are rare in any
    /// news, not only in this corpus.
    background: Idf,
}

impl Default for Engine {
    fn default() -> Self {
        Engine::builder().build()
    }
}

impl Engine {
    /// Starts a builder with the default rules.
    pub fn builder() -> EngineBuilder {
        EngineBuilder::default()
    }

    /// How many nearest candidates the neighbour rule keeps.
    pub fn neighbours(&self) -> usize {
        self.retell.neighbours
    }

    /// Splits a text into sentences for alignment.
    pub fn sentences(&self, text: &str) -> Sentences {
        self.aligner.sentences(text)
    }

    /// The terms a document is indexed by for retelling candidates: its heaviest, among those
    /// at least two documents of the corpus hold and no more than the posting cap.
    pub fn index_terms(&self, weighted: &Weighted, idf: &Idf) -> Vec<(u64, f32)> {
        let cap = self.retell.index.postings_cap();
        let usable = |k: u64| {
            let df = idf.corpus_df(k) as usize;
            df >= 2 && df <= cap
        };
        weighted.top_terms(self.retell.terms_per_doc, usable)
    }

    /// The terms a newcomer to the index is posted and looked up under: its heaviest among
    /// those no more than the posting cap hold. Unlike [`Engine::index_terms`], a term no
    /// other document holds yet is kept: a later newcomer may share it, and the index cannot
    /// know (the settle posts every document as the batch run would).
    pub fn arrival_terms(&self, weighted: &Weighted, idf: &Idf) -> Vec<(u64, f32)> {
        let cap = self.retell.index.postings_cap();
        let usable = |k: u64| idf.corpus_df(k) as usize <= cap;
        weighted.top_terms(self.retell.terms_per_doc, usable)
    }

    /// Whether a pair's cheap evidence is worth a sentence alignment.
    pub fn promising(&self, evidence: &StoryEvidence) -> bool {
        self.retell.align && resemblance(evidence) >= ALIGN_FROM
    }

    /// The `exact` link from the first document of a text to a later one.
    pub fn exact(&self, first: DocIndex, at: DocIndex, a: &Byline, b: &Byline) -> Related {
        self.orient(exact_link(first, at), a, b, None)
    }

    /// The copy relation of two documents from their sorted shingle sets, oriented.
    pub fn copy(&self, a: (Shingled<'_>, &Byline), b: (Shingled<'_>, &Byline)) -> Option<Related> {
        let ((sa, ba), (sb, bb)) = if a.0.index <= b.0.index {
            (a, b)
        } else {
            (b, a)
        };
        let link = relate_copy(sa, sb, &self.copy)?;
        Some(self.orient(link, ba, bb, None))
    }

    /// Verifies candidate pairs on their real shingle sets into oriented copy links. Only
    /// documents in a candidate pair have their shingle sets sorted, here.
    pub fn copies(
        &self,
        docs: &mut [crate::relate::prepare::Prepared],
        pairs: &[(DocIndex, DocIndex)],
    ) -> Vec<Related> {
        sort_candidates(docs, pairs);
        let docs = &*docs;
        let side = |d: DocIndex| {
            let doc = &docs[d as usize];
            let shingled = Shingled {
                index: d,
                shingles: &doc.shingles,
                content_hash: Some(doc.content_hash),
            };
            (shingled, &doc.byline)
        };
        pairs
            .par_iter()
            .filter_map(|&(a, b)| self.copy(side(a), side(b)))
            .collect()
    }

    /// The verdict on a candidate pair from its cheap evidence and, when the pair is
    /// promising and both sides were split into sentences, their alignment (with `a` the
    /// first side).
    pub fn judge(
        &self,
        evidence: &StoryEvidence,
        a: &Side<'_>,
        b: &Side<'_>,
        idf: &Idf,
    ) -> (Retelling, Option<Alignment>) {
        let alignment = if self.promising(evidence) {
            self.align_sides(a, b, idf)
        } else {
            None
        };
        let verdict = relate_retelling(alignment.as_ref(), evidence, &self.retell.rules);
        (verdict, alignment)
    }

    /// The alignment of two sides when both were split and are long enough, with `a` the
    /// first side (ties resolve by side, so the sides are taken in the order of their keys).
    fn align_sides(&self, a: &Side<'_>, b: &Side<'_>, idf: &Idf) -> Option<Alignment> {
        match (a.sentences, b.sentences) {
            (Some(x), Some(y)) if alignable(x) && alignable(y) => Some(if a.tie <= b.tie {
                self.aligner.align(x, y, Some(idf))
            } else {
                self.aligner.align(y, x, Some(idf)).swapped()
            }),
            _ => None,
        }
    }

    /// The link of a retelling verdict (none when the verdict has no relation), with its
    /// evidence and direction; a derivation keeps its alignment, annotated with its changes.
    pub fn finish(
        &self,
        a: &Side<'_>,
        b: &Side<'_>,
        evidence: &StoryEvidence,
        verdict: &Retelling,
        alignment: Option<Alignment>,
    ) -> Option<Related> {
        let relation = verdict.relation?;
        let published = [a.byline.published, b.byline.published];
        let link = Link {
            a: a.index,
            b: b.index,
            relation,
            score: round4(f64::from(verdict.score)),
            source: None,
            basis: None,
            evidence: retelling_evidence(evidence, alignment.as_ref(), verdict, published),
        };
        if relation == Relation::SameStory {
            return Some(Related {
                link,
                alignment: None,
            });
        }
        let alignment = alignment.map(|mut al| {
            self.aligner.annotate(&mut al, a.text, b.text);
            al
        });
        Some(self.orient(link, a.byline, b.byline, alignment))
    }

    /// Gives a derivation link its source and basis (`undetermined` when nothing says).
    fn orient(
        &self,
        mut link: Link,
        a: &Byline,
        b: &Byline,
        alignment: Option<Alignment>,
    ) -> Related {
        let found = source_of(
            &link,
            a,
            b,
            alignment.as_ref(),
            &self.background,
            &self.profiler,
        );
        link.source = found.map(|f| f.0);
        link.basis = Some(found.map_or(crate::model::Basis::Undetermined, |f| f.1));
        Related { link, alignment }
    }

    /// Two texts' sentences aligned for a reader, with the weights of `idf` and each pair's
    /// changes: what the report shows beside a copy the copy rules found.
    pub fn display_alignment(&self, a: &str, b: &str, idf: &Idf) -> Alignment {
        let mut al = self
            .aligner
            .align(&self.sentences(a), &self.sentences(b), Some(idf));
        self.aligner.annotate(&mut al, a, b);
        al
    }

    /// Marks boilerplate in some documents' sentences.
    pub fn mark(&self, boilerplate: &Boilerplate, docs: &mut [Option<Sentences>]) {
        docs.par_iter_mut()
            .flatten()
            .for_each(|s| boilerplate.mark(s));
    }
}

/// Sorts the shingle sets of the documents in a candidate pair (and only theirs), as
/// verification needs.
fn sort_candidates(docs: &mut [crate::relate::prepare::Prepared], pairs: &[(DocIndex, DocIndex)]) {
    let mut candidate = vec![false; docs.len()];
    for &(a, b) in pairs {
        candidate[a as usize] = true;
        candidate[b as usize] = true;
    }
    docs.par_iter_mut()
        .zip(candidate.par_iter())
        .filter(|(_, &c)| c)
        .for_each(|(doc, _)| doc.sort_shingles());
}
