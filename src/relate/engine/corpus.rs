//! The retelling pass over a whole corpus in memory: weighted profiles → rare-term candidates
//! → story evidence → sentence alignment of the promising pairs → verdicts → the neighbour
//! rule → links.
//!
//! Cheap measurements come first: every candidate pair gets its word cosine and anchor
//! overlap; only a pair whose evidence could make a derivation is aligned sentence by
//! sentence, the costly step, and only the documents such a pair needs are split into
//! sentences, once each. Profiles and texts are read through [`SetAside`]: a batch run holds
//! them on disk and reads each back when a step needs it.

use std::borrow::Cow;

use rayon::prelude::*;

use super::{Engine, Related, Side};
use crate::analyze::profile::{Profile, EMBEDDING_SCALE};
use crate::analyze::weights::{Idf, Weighted};
use crate::error::Result;
use crate::index::nearest::nearest_pairs;
use crate::model::{Alignment, DocIndex, Relation};
use crate::relate::align::Sentences;
use crate::relate::boilerplate::Boilerplate;
use crate::relate::neighbours::Neighbours;
use crate::relate::prepare::Prepared;
use crate::relate::retell::Retelling;
use crate::relate::story::{story_evidence, StoryEvidence};

/// What the retelling pass over a corpus found.
#[derive(Debug, Default)]
pub struct Retellings {
    /// Each document's weighted terms, by index (what story clustering reads).
    pub weighted: Vec<Weighted>,
    /// The retelling links (copy links are the caller's), sorted by (a, b).
    pub related: Vec<Related>,
    /// The neighbour rule as the whole corpus left it (each document's nearest candidates).
    pub neighbours: Neighbours,
    /// Candidate pairs measured.
    pub candidates: usize,
    /// Pairs aligned sentence by sentence.
    pub aligned: usize,
}

/// A candidate pair with its cheap evidence.
type Scored = (DocIndex, DocIndex, StoryEvidence);

/// Where a corpus pass reads each document's profile and text: from the prepared documents
/// themselves, or from wherever a run holds them instead (a batch run holds them on disk and
/// keeps neither in memory). Each is read only when a step needs it.
pub trait SetAside: Sync {
    /// Document `d`'s profile.
    fn profile(&self, d: DocIndex) -> Result<Cow<'_, Profile>>;
    /// Document `d`'s text.
    fn text(&self, d: DocIndex) -> Result<Cow<'_, str>>;
}

/// Prepared documents that hold their own profiles and texts.
pub struct InDocuments<'a>(pub &'a [Prepared]);

impl SetAside for InDocuments<'_> {
    fn profile(&self, d: DocIndex) -> Result<Cow<'_, Profile>> {
        Ok(self.0.get(d as usize).map_or_else(
            || Cow::Owned(Profile::default()),
            |doc| Cow::Borrowed(&doc.profile),
        ))
    }

    fn text(&self, d: DocIndex) -> Result<Cow<'_, str>> {
        Ok(Cow::Borrowed(
            self.0.get(d as usize).map_or("", |doc| doc.text.as_str()),
        ))
    }
}

/// Document `d` as one side of a pair, with its text and sentences when it was split.
fn side<'a>(
    docs: &'a [Prepared],
    d: DocIndex,
    sentences: Option<&'a Sentences>,
    text: Option<&'a String>,
) -> Side<'a> {
    let doc = &docs[d as usize];
    Side {
        index: d,
        tie: doc.tie,
        sentences,
        text: text.map_or("", String::as_str),
        byline: &doc.byline,
    }
}

impl Engine {
    /// Finds the retelling links among `docs`, whose profiles and texts `aside` gives,
    /// weighing terms by `idf`. `skip` says whether a pair is already linked (as a copy) and
    /// needs no retelling link. Fails only if a profile or text cannot be read.
    pub fn retell_corpus(
        &self,
        docs: &[Prepared],
        aside: &dyn SetAside,
        idf: &Idf,
        skip: impl Fn(DocIndex, DocIndex) -> bool + Sync,
    ) -> Result<Retellings> {
        let weighted: Vec<Weighted> = (0..docs.len())
            .into_par_iter()
            .map(|d| Ok(Weighted::new(aside.profile(d as DocIndex)?.as_ref(), idf)))
            .collect::<Result<_>>()?;
        let mut index = self.retell.index.build();
        for (d, w) in docs.iter().zip(&weighted) {
            index.push(self.index_terms(w, idf), d.tie);
        }
        // Term candidates, and for embedded documents their nearest by meaning (a translation
        // shares few terms with its original).
        let mut pairs = index.candidate_pairs();
        drop(index);
        let embeddings: Vec<&[i16]> = weighted.iter().map(|w| w.embedding.as_slice()).collect();
        pairs.extend(nearest_pairs(&embeddings, EMBEDDING_SCALE));
        pairs.sort_unstable();
        pairs.dedup();
        let scored: Vec<Scored> = pairs
            .into_par_iter()
            // Two documents of one text are one copy group, linked through its first: no
            // retelling of each other.
            .filter(|&(a, b)| {
                !skip(a, b) && docs[a as usize].content_hash != docs[b as usize].content_hash
            })
            .map(|(a, b)| {
                let e = story_evidence(&weighted[a as usize], &weighted[b as usize]);
                (a, b, e)
            })
            .collect();
        let split = self.split_promising(docs, aside, &scored)?;
        let sides = |d: DocIndex| side(docs, d, split[d as usize].as_ref(), None);
        // An alignment is boxed: a million verdicts, a few thousand alignments.
        let verdicts: Vec<(Retelling, Option<Box<Alignment>>)> = scored
            .par_iter()
            .map(|(a, b, e)| {
                let (verdict, alignment) = self.judge(e, &sides(*a), &sides(*b), idf);
                (verdict, alignment.map(Box::new))
            })
            .collect();
        // The sentences served the alignments; what follows reads the texts of derivations
        // alone (to show their changes), read again for the few there are.
        drop(split);
        let mut texts: Vec<Option<String>> = vec![None; docs.len()];
        for ((a, b, _), (verdict, _)) in scored.iter().zip(&verdicts) {
            if verdict.relation.is_some_and(|r| r != Relation::SameStory) {
                for d in [*a, *b] {
                    if texts[d as usize].is_none() {
                        texts[d as usize] = Some(aside.text(d)?.into_owned());
                    }
                }
            }
        }
        let aligned = verdicts.iter().filter(|v| v.1.is_some()).count();
        let mut neighbours = Neighbours::new(self.retell.neighbours);
        for ((a, b, _), (verdict, _)) in scored.iter().zip(&verdicts) {
            neighbours.observe(*a, *b, verdict.story_similarity);
        }
        let related: Vec<Related> = scored
            .par_iter()
            .zip(verdicts.into_par_iter())
            .filter_map(|((a, b, e), (verdict, alignment))| {
                // A report link must be among the nearest of both documents' candidates; a
                // derivation stands on its alignment.
                let report = verdict.relation == Some(Relation::SameStory);
                if report && !neighbours.admits(*a, *b, verdict.story_similarity) {
                    return None;
                }
                self.finish(
                    &side(docs, *a, None, texts[*a as usize].as_ref()),
                    &side(docs, *b, None, texts[*b as usize].as_ref()),
                    e,
                    &verdict,
                    alignment.map(|al| *al),
                )
            })
            .collect();
        Ok(Retellings {
            weighted,
            related,
            neighbours,
            candidates: scored.len(),
            aligned,
        })
    }

    /// Splits into sentences only the documents some promising pair needs, once each, and
    /// marks their boilerplate: a sentence that several of them hold word for word.
    fn split_promising(
        &self,
        docs: &[Prepared],
        aside: &dyn SetAside,
        scored: &[Scored],
    ) -> Result<Vec<Option<Sentences>>> {
        let mut needs = vec![false; docs.len()];
        for (a, b, e) in scored {
            if self.promising(e) {
                needs[*a as usize] = true;
                needs[*b as usize] = true;
            }
        }
        let mut split: Vec<Option<Sentences>> = needs
            .par_iter()
            .enumerate()
            .map(|(d, &need)| {
                if !need {
                    return Ok(None);
                }
                Ok(Some(self.sentences(&aside.text(d as DocIndex)?)))
            })
            .collect::<Result<_>>()?;
        let boilerplate = Boilerplate::count(split.iter().flatten());
        self.mark(&boilerplate, &mut split);
        Ok(split)
    }
}
