//! The retelling pass over a whole corpus in memory: weighted profiles → rare-term candidates
//! → story evidence → sentence alignment of the promising pairs → verdicts → the neighbour
//! rule → links.
//!
//! Cheap measurements come first: every candidate pair gets its word cosine and anchor
//! overlap; only a pair whose evidence could make a derivation is aligned sentence by
//! sentence, the costly step, and only the documents such a pair needs are split into
//! sentences, once each.

use rayon::prelude::*;

use super::{Engine, Related, Side};
use crate::analyze::profile::EMBEDDING_SCALE;
use crate::analyze::weights::{Idf, Weighted};
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

/// Document `d` as one side of a pair, with its sentences when it was split.
fn side<'a>(docs: &'a [Prepared], d: DocIndex, sentences: Option<&'a Sentences>) -> Side<'a> {
    let doc = &docs[d as usize];
    Side {
        index: d,
        tie: doc.tie,
        sentences,
        text: &doc.text,
        byline: &doc.byline,
    }
}

impl Engine {
    /// Finds the retelling links among `docs` (each with its profile and text), weighing
    /// terms by `idf`. `skip` says whether a pair is already linked (as a copy) and needs no
    /// retelling link.
    pub fn retell_corpus(
        &self,
        docs: &[Prepared],
        idf: &Idf,
        skip: impl Fn(DocIndex, DocIndex) -> bool + Sync,
    ) -> Retellings {
        let weighted: Vec<Weighted> = docs
            .par_iter()
            .map(|d| Weighted::new(&d.profile, idf))
            .collect();
        let mut index = self.retell.index.build();
        for (d, w) in docs.iter().zip(&weighted) {
            index.push(self.index_terms(w, idf), d.tie);
        }
        // Term candidates, and for embedded documents their nearest by meaning (a translation
        // shares few terms with its original).
        let mut pairs = index.candidate_pairs();
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
        let sentences = self.split_promising(docs, &scored);
        let split = |d: DocIndex| side(docs, d, sentences[d as usize].as_ref());
        let verdicts: Vec<(Retelling, Option<Alignment>)> = scored
            .par_iter()
            .map(|(a, b, e)| self.judge(e, &split(*a), &split(*b), idf))
            .collect();
        // The sentences served the alignments; what follows reads the texts alone.
        drop(sentences);
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
                    &side(docs, *a, None),
                    &side(docs, *b, None),
                    e,
                    &verdict,
                    alignment,
                )
            })
            .collect();
        Retellings {
            weighted,
            related,
            neighbours,
            candidates: scored.len(),
            aligned,
        }
    }

    /// Splits into sentences only the documents some promising pair needs, once each, and
    /// marks their boilerplate: a sentence that several of them hold word for word.
    fn split_promising(&self, docs: &[Prepared], scored: &[Scored]) -> Vec<Option<Sentences>> {
        let mut needs = vec![false; docs.len()];
        for (a, b, e) in scored {
            if self.promising(e) {
                needs[*a as usize] = true;
                needs[*b as usize] = true;
            }
        }
        let mut sentences: Vec<Option<Sentences>> = docs
            .par_iter()
            .zip(&needs)
            .map(|(d, &need)| need.then(|| self.sentences(&d.text)))
            .collect();
        let boilerplate = Boilerplate::count(sentences.iter().flatten());
        self.mark(&boilerplate, &mut sentences);
        sentences
    }
}
