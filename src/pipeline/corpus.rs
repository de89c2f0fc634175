//! Wires the passes over a whole corpus of prepared documents: copies (exact texts, then LSH
//! candidates verified), retellings, and stories. The batch paths (`stories`, `dedup`) and
//! the index's settle run exactly this, so they give the same links and stories.

use foldhash::{HashMap, HashSet};

use crate::analyze::weights::{DocFreq, Idf, Weighted};
use crate::cluster::{newest, stories, StoryDoc, StoryOptions};
use crate::index::BandIndex;
use crate::model::{DocIndex, Link};
use crate::relate::engine::Retellings;
use crate::relate::{Engine, Prepared, Related};

/// What the passes over a corpus found.
#[derive(Debug, Default)]
pub struct Linked {
    /// Copy and retelling links, sorted by (a, b), each with the alignment it rests on.
    pub related: Vec<Related>,
    /// Candidate pairs: from LSH (copy pass) and from rare terms (retelling pass).
    pub candidates: (u64, u64),
    /// The retelling pass's weights, neighbours and counts (none when it did not run).
    pub retellings: Option<Retellings>,
}

impl Linked {
    /// The links alone.
    pub fn links(&self) -> Vec<Link> {
        self.related.iter().map(|r| r.link.clone()).collect()
    }
}

/// The corpus idf: each document's terms counted (in parallel) on top of the background.
pub fn corpus_idf(docs: &[Prepared]) -> Idf {
    use rayon::prelude::*;
    let df = docs
        .par_iter()
        .fold(DocFreq::new, |mut df, d| {
            df.add(&d.profile);
            df
        })
        .reduce(DocFreq::new, |mut a, b| {
            a.merge(b);
            a
        });
    Idf::with_corpus(df)
}

/// Links a corpus: exact copies to the first document of their text (only that one posted to
/// LSH, so a text repeated a thousand times costs one posting per band), the LSH candidates
/// verified on their shingle sets, then, with `idf`, the retelling pass over the pairs that
/// are not copies. Band keys are taken from the documents.
pub fn link_corpus(docs: &mut [Prepared], engine: &Engine, idf: Option<&Idf>) -> Linked {
    let mut exact: Vec<(DocIndex, DocIndex)> = Vec::new();
    let mut first_of: HashMap<u128, DocIndex> = HashMap::default();
    let mut index = BandIndex::new();
    let mut posted: Vec<(DocIndex, Vec<u64>)> = Vec::new();
    for (at, doc) in docs.iter_mut().enumerate() {
        let at = at as DocIndex;
        if doc.byline.words == 0 {
            continue;
        }
        let bands = std::mem::take(&mut doc.bands);
        match first_of.get(&doc.content_hash) {
            Some(&first) => exact.push((first, at)),
            None => {
                first_of.insert(doc.content_hash, at);
                index.insert(at, &bands);
                posted.push((at, bands));
            }
        }
    }
    let mut related: Vec<Related> = exact
        .into_iter()
        .map(|(first, at)| {
            let (a, b) = (&docs[first as usize].byline, &docs[at as usize].byline);
            engine.exact(first, at, a, b)
        })
        .collect();
    let keys: Vec<(DocIndex, &[u64])> = posted.iter().map(|(d, k)| (*d, k.as_slice())).collect();
    let pairs = index.candidate_pairs(&keys);
    drop(posted);
    related.extend(engine.copies(docs, &pairs));
    let mut linked = Linked {
        candidates: (pairs.len() as u64, 0),
        ..Linked::default()
    };
    if let Some(idf) = idf {
        let copied: HashSet<(DocIndex, DocIndex)> =
            related.iter().map(|r| (r.link.a, r.link.b)).collect();
        let mut found = engine.retell_corpus(docs, idf, |a, b| copied.contains(&(a, b)));
        linked.candidates.1 = found.candidates as u64;
        related.append(&mut found.related);
        linked.retellings = Some(found);
    }
    related.sort_by_key(|r| (r.link.a, r.link.b));
    linked.related = related;
    linked
}

/// Clusters the documents into stories from their links and weights.
pub fn cluster_corpus(
    docs: &[Prepared],
    weighted: &[Weighted],
    related: &[Related],
    options: &StoryOptions,
) -> Vec<Vec<DocIndex>> {
    let story_docs: Vec<StoryDoc<'_>> = docs
        .iter()
        .zip(weighted)
        .map(|(d, w)| StoryDoc {
            words: &w.words,
            published: d.published(),
            tie: d.tie,
            latest_year: d.latest_year,
        })
        .collect();
    let links: Vec<Link> = related.iter().map(|r| r.link.clone()).collect();
    stories(&story_docs, &links, newest(&story_docs), options)
}
