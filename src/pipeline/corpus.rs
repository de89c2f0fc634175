//! Wires the passes over a whole corpus of prepared documents: copies (exact texts, then LSH
//! candidates verified), retellings, and stories. The batch paths (`stories`, `dedup`) and
//! the index's settle run exactly this, so they give the same links and stories.

use foldhash::{HashMap, HashSet};

use crate::analyze::weights::{DocFreq, Idf, Weighted};
use crate::cluster::{newest, stories, StoryDoc, StoryOptions};
use crate::error::Result;
use crate::index::BandIndex;
use crate::model::{DocIndex, Link};
use crate::relate::engine::{name_candidates, InDocuments, Retellings, SetAside, TextOf};
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

/// The copy pass's index, fed document by document as a run reads them: exact copies are
/// linked to the first document of their text (only that one posted to LSH, so a text
/// repeated a thousand times costs one posting per band), the others' band keys posted.
#[derive(Debug, Default)]
pub struct CopyIndex {
    first_of: HashMap<u128, DocIndex>,
    bands: BandIndex,
    skeletons: BandIndex,
    exact: Vec<(DocIndex, DocIndex)>,
    docs: DocIndex,
}

impl CopyIndex {
    /// Takes the next document's band keys (it is document `len()` of the run).
    pub fn add(&mut self, doc: &mut Prepared) {
        let at = self.docs;
        self.docs += 1;
        let bands = std::mem::take(&mut doc.bands);
        let skeleton = std::mem::take(&mut doc.skeleton_bands);
        if doc.byline.words == 0 {
            return;
        }
        match self.first_of.get(&doc.content_hash) {
            Some(&first) => self.exact.push((first, at)),
            None => {
                self.first_of.insert(doc.content_hash, at);
                self.bands.insert(at, &bands);
                self.skeletons.insert(at, &skeleton);
            }
        }
    }
}

/// Pairs of documents, the first the earlier.
pub type Pairs = Vec<(DocIndex, DocIndex)>;

impl CopyIndex {
    /// The exact pairs (the first of a text, a repeat of it) and the LSH candidate pairs, as
    /// [`link_corpus`] verifies them: for a copy pass run in stages (`pipeline::shard`).
    pub fn into_pairs(self) -> (Pairs, Pairs) {
        let CopyIndex {
            mut bands, exact, ..
        } = self;
        (exact, bands.candidate_pairs())
    }
}

/// What [`link_corpus`] runs after the copy pass.
#[derive(Clone, Copy)]
pub enum Retell<'a> {
    /// Nothing: copies only.
    Off,
    /// The derivation pass (`spin`, `rewrite`, and copies the copy rules missed) over the
    /// pairs that share wording, as `dedup` runs it: the documents need their skeletons, and
    /// the texts are read from here for the few it aligns.
    Derivations(&'a TextOf<'a>),
    /// The whole retelling pass, with the corpus idf: derivations and reports of the same
    /// story, over rare-term candidates. The documents' profiles and texts are read from
    /// `aside`, or from the documents themselves when it is `None`.
    Full {
        /// The corpus idf.
        idf: &'a Idf,
        /// Where the profiles and texts are held, when not in the documents.
        aside: Option<&'a dyn SetAside>,
    },
}

/// Links a corpus whose documents went through `copies` in order: the exact copies, the LSH
/// candidates verified on their shingle sets, then what `retell` asks for over the pairs that
/// are not copies.
pub fn link_corpus(
    docs: &mut [Prepared],
    copies: CopyIndex,
    engine: &Engine,
    retell: Retell<'_>,
) -> Result<Linked> {
    let CopyIndex {
        mut bands,
        skeletons,
        exact,
        ..
    } = copies;
    // A repeat of a text stands for it in no candidate set.
    let repeats: HashSet<DocIndex> = match retell {
        Retell::Derivations(_) => exact.iter().map(|&(_, at)| at).collect(),
        _ => HashSet::default(),
    };
    let mut related: Vec<Related> = exact
        .into_iter()
        .map(|(first, at)| {
            let (a, b) = (&docs[first as usize].byline, &docs[at as usize].byline);
            engine.exact(first, at, a, b)
        })
        .collect();
    let pairs = bands.candidate_pairs();
    drop(bands);
    related.extend(engine.copies(docs, &pairs));
    let mut linked = Linked {
        candidates: (pairs.len() as u64, 0),
        ..Linked::default()
    };
    let copied: HashSet<(DocIndex, DocIndex)> =
        related.iter().map(|r| (r.link.a, r.link.b)).collect();
    if let Retell::Derivations(text_of) = retell {
        // The copy candidates the copy rules turned down, and the skeleton and name
        // candidates.
        let mut skeletons = skeletons;
        let skeleton = skeletons.candidate_pairs();
        drop(skeletons);
        let named = name_candidates(docs, |d| !repeats.contains(&d));
        linked.candidates.1 = (skeleton.len() + named.len()) as u64;
        let mut open: Vec<(DocIndex, DocIndex)> = pairs
            .into_iter()
            .chain(skeleton)
            .chain(named)
            .filter(|p| !copied.contains(p))
            .collect();
        open.sort_unstable();
        open.dedup();
        related.append(&mut engine.derivations(docs, &open, text_of)?);
    }
    // The shingle sets served the copy pass; nothing after it reads them.
    for doc in docs.iter_mut() {
        doc.shingles = Vec::new();
        doc.skeleton = Vec::new();
        doc.names = Vec::new();
    }
    if let Retell::Full { idf, aside } = retell {
        let docs = &*docs;
        let own = InDocuments(docs);
        let aside: &dyn SetAside = aside.unwrap_or(&own);
        let mut found = engine.retell_corpus(docs, aside, idf, |a, b| copied.contains(&(a, b)))?;
        linked.candidates.1 = found.candidates as u64;
        related.append(&mut found.related);
        linked.retellings = Some(found);
    }
    related.sort_by_key(|r| (r.link.a, r.link.b));
    linked.related = related;
    Ok(linked)
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
            weighted: w,
            published: d.published(),
            tie: d.tie,
            latest_year: d.latest_year,
        })
        .collect();
    let links = related.iter().map(|r| &r.link);
    stories(&story_docs, links, newest(&story_docs), options)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Byline, Relation};
    use crate::relate::Preparer;

    const WIRE: &str = "The city council approved the new budget on Tuesday after a long debate. \
        Mayor Lena Park said the plan would cut spending by 12 percent. Critics argued that \
        the cuts would hurt public libraries and parks. The vote was 7 to 2, with two members \
        of the Green Party opposed. The budget takes effect on July 1.";

    fn docs(texts: &[&str]) -> (Vec<Prepared>, CopyIndex) {
        let preparer = Preparer::default();
        let mut copies = CopyIndex::default();
        let docs = texts
            .iter()
            .enumerate()
            .map(|(i, t)| {
                let mut d = preparer.prepare(&i.to_string(), t, Byline::default());
                d.text = t.to_string();
                copies.add(&mut d);
                d
            })
            .collect();
        (docs, copies)
    }

    #[test]
    fn exact_copies_link_to_the_first_of_their_text() {
        let other = "Heavy rain flooded several villages in the north overnight, and rescue \
                     teams evacuated hundreds of residents by boat before dawn.";
        let (mut d, copies) = docs(&[WIRE, other, WIRE, WIRE]);
        let engine = Engine::default();
        let linked = link_corpus(&mut d, copies, &engine, Retell::Off).unwrap();
        let pairs: Vec<(DocIndex, DocIndex, Relation)> = linked
            .related
            .iter()
            .map(|r| (r.link.a, r.link.b, r.link.relation))
            .collect();
        assert_eq!(pairs, [(0, 2, Relation::Exact), (0, 3, Relation::Exact)]);
        assert!(linked.retellings.is_none(), "no idf, no retelling pass");
        assert_eq!(
            linked.candidates.0, 0,
            "copies of a posted text are not posted"
        );
    }

    #[test]
    fn the_retelling_pass_links_a_spin_of_a_text() {
        let spun = WIRE
            .replace("approved", "accepted")
            .replace("long debate", "lengthy argument")
            .replace("said", "stated")
            .replace("argued", "contended")
            .replace("hurt", "harm");
        let (mut d, copies) = docs(&[WIRE, &spun]);
        let idf = corpus_idf(&d);
        let linked = link_corpus(
            &mut d,
            copies,
            &Engine::default(),
            Retell::Full {
                idf: &idf,
                aside: None,
            },
        )
        .unwrap();
        let r = linked.retellings.as_ref().unwrap();
        assert_eq!(r.weighted.len(), 2);
        assert_eq!(linked.related.len(), 1, "{:?}", linked.related);
        assert!(linked.related[0].link.relation.is_copy());
    }
}
