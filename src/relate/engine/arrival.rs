//! A newcomer matched against the persistent index, in arrival order.
//!
//! The same steps as the corpus pass, for one document against what the index holds: its
//! copy candidates from the stored band postings, its retelling candidates from the stored
//! term postings ranked as the in-memory index ranks them, evidence from the stored weights,
//! alignment of the promising pairs with boilerplate counted over the stored documents, and
//! the neighbour rule over the stored nearest lists with the newcomer counted in. Reads go
//! through the store one at a time; the alignments, the costly part, run in parallel.

use foldhash::{HashMap, HashSet};
use rayon::prelude::*;

use super::{Engine, Related, Side};
use crate::analyze::weights::{Idf, Weighted};
use crate::error::Result;
use crate::index::copy_candidates;
use crate::index::store::Lookup;
use crate::index::terms::partners;
use crate::model::{Byline, DocIndex, Relation};
use crate::relate::align::Sentences;
use crate::relate::boilerplate::Boilerplate;
use crate::relate::copy::Shingled;
use crate::relate::neighbours::Neighbours;
use crate::relate::prepare::Prepared;
use crate::relate::story::{story_evidence, StoryEvidence};

/// What matching a newcomer against the index found, ready to store.
#[derive(Debug, Default)]
pub struct Arrival {
    /// Its links to stored documents (`b` is the newcomer), copies first.
    pub related: Vec<Related>,
    /// The stored document of the same text, when there is one (the newcomer then posts no
    /// band keys: that document stands for the text).
    pub same_text: Option<DocIndex>,
    /// Its weighted terms.
    pub weighted: Weighted,
    /// The terms to post it under.
    pub terms: Vec<u64>,
    /// The nearest lists of the newcomer and of the stored documents it met, updated.
    pub nearest: Vec<(DocIndex, Vec<f32>)>,
    /// Its sentence keys, each once (for the boilerplate counts).
    pub sentence_keys: Vec<u64>,
}

/// A stored candidate, loaded.
struct Stored {
    index: DocIndex,
    tie: u64,
    byline: Byline,
    evidence: StoryEvidence,
    text: String,
    sentences: Option<Sentences>,
}

impl Engine {
    /// Matches `x` (sorted shingles, profile and text) with its `sentences` (taken, to mark
    /// its boilerplate in place), to be stored as
    /// `at`, against what `store` holds, weighing terms by `idf` (which counts `x` already).
    pub fn arrive(
        &self,
        x: &Prepared,
        sentences: Sentences,
        at: DocIndex,
        store: &impl Lookup,
        idf: &Idf,
    ) -> Result<Arrival> {
        let mut out = Arrival::default();
        let copied = self.arrive_copies(x, at, store, &mut out)?;
        out.weighted = Weighted::new(&x.profile, idf);
        let terms = self.arrival_terms(&out.weighted, idf);
        out.terms = terms.iter().map(|t| t.0).collect();
        let mut scratch = HashMap::default();
        let found = partners(store, &terms, None, &self.retell.index, &mut scratch)?;
        let mut met: Vec<Stored> = Vec::new();
        for c in found.into_iter().filter(|c| !copied.contains(c)) {
            // Another stored document of its text is in the copy group of the first: linked
            // through it, as the corpus pass does.
            if out.same_text.is_some() && store.facts(c)?.content_hash == Some(x.content_hash) {
                continue;
            }
            let evidence = story_evidence(&out.weighted, &store.weights(c)?);
            let promising = self.promising(&evidence);
            met.push(Stored {
                index: c,
                tie: store.tie(c)?,
                byline: store.byline(c)?,
                evidence,
                text: if promising {
                    store.text(c)?
                } else {
                    String::new()
                },
                sentences: None,
            });
        }
        let mine = self.split_met(sentences, &mut met, store)?;
        out.sentence_keys = unique(mine.sentence_keys());
        let me = Side {
            index: at,
            tie: x.tie,
            sentences: Some(&mine),
            text: &x.text,
            byline: &x.byline,
        };
        let verdicts: Vec<_> = met
            .par_iter()
            .map(|s| self.judge(&s.evidence, &side(s), &me, idf))
            .collect();
        let mut neighbours = Neighbours::new(self.retell.neighbours);
        for (s, (verdict, _)) in met.iter().zip(&verdicts) {
            neighbours.load(s.index, store.nearest(s.index)?);
            neighbours.observe(s.index, at, verdict.story_similarity);
        }
        for (s, (verdict, alignment)) in met.iter().zip(verdicts) {
            let report = verdict.relation == Some(Relation::SameStory);
            if report && !neighbours.admits(s.index, at, verdict.story_similarity) {
                continue;
            }
            out.related
                .extend(self.finish(&side(s), &me, &s.evidence, &verdict, alignment));
        }
        out.nearest = met
            .iter()
            .map(|s| s.index)
            .chain([at])
            .map(|d| (d, neighbours.list(d).to_vec()))
            .collect();
        Ok(out)
    }

    /// The newcomer's copy links: to the first stored document of its text, else to its
    /// band candidates that the copy rules verify. Returns the documents linked.
    fn arrive_copies(
        &self,
        x: &Prepared,
        at: DocIndex,
        store: &impl Lookup,
        out: &mut Arrival,
    ) -> Result<HashSet<DocIndex>> {
        let mut copied = HashSet::default();
        if x.byline.words == 0 {
            return Ok(copied);
        }
        if let Some(first) = store.doc_by_hash(x.content_hash)? {
            out.same_text = Some(first);
            out.related
                .push(self.exact(first, at, &store.byline(first)?, &x.byline));
            copied.insert(first);
            return Ok(copied);
        }
        let mine = Shingled {
            index: at,
            shingles: &x.shingles,
            content_hash: Some(x.content_hash),
        };
        for c in copy_candidates(store, &x.bands, at)? {
            let theirs = store.shingles(c)?;
            let facts = store.facts(c)?;
            let other = Shingled {
                index: c,
                shingles: &theirs,
                content_hash: facts.content_hash,
            };
            if let Some(r) = self.copy((other, &store.byline(c)?), (mine, &x.byline)) {
                copied.insert(c);
                out.related.push(r);
            }
        }
        Ok(copied)
    }

    /// Splits the newcomer and its promising candidates into sentences, marking boilerplate
    /// by the stored counts (the newcomer counted in).
    fn split_met(
        &self,
        mut mine: Sentences,
        met: &mut [Stored],
        store: &impl Lookup,
    ) -> Result<Sentences> {
        let promising: Vec<usize> = (0..met.len())
            .filter(|&i| self.promising(&met[i].evidence))
            .collect();
        let split: Vec<Sentences> = promising
            .par_iter()
            .map(|&i| self.sentences(&met[i].text))
            .collect();
        let own: HashSet<u64> = mine.sentence_keys().collect();
        let mut boilerplate = Boilerplate::default();
        for k in split
            .iter()
            .flat_map(|s| s.sentence_keys())
            .chain(own.iter().copied())
        {
            if boilerplate.held(k) == 0 {
                boilerplate.set(k, store.sentences_held(k)? + u32::from(own.contains(&k)));
            }
        }
        boilerplate.mark(&mut mine);
        for (i, mut s) in promising.into_iter().zip(split) {
            boilerplate.mark(&mut s);
            met[i].sentences = Some(s);
        }
        Ok(mine)
    }
}

/// A stored candidate as one side of a pair.
fn side(s: &Stored) -> Side<'_> {
    Side {
        index: s.index,
        tie: s.tie,
        sentences: s.sentences.as_ref(),
        text: &s.text,
        byline: &s.byline,
    }
}

/// Keys each once, in first-seen order.
fn unique(keys: impl Iterator<Item = u64>) -> Vec<u64> {
    let mut seen = HashSet::default();
    keys.filter(|k| seen.insert(*k)).collect()
}
