//! Wires the settle: the whole index related and clustered again, as the batch run would.
//!
//! A newcomer is matched with the term weights of its moment, against what the index held
//! then. As the corpus grows, rarity changes (a topic's names grow common) and later
//! documents crowd earlier ones' nearest candidates, so links made on arrival drift from what
//! `retold stories` gives the same documents. A settle reads every stored document back,
//! prepares it again, and runs the corpus passes of the batch path (`pipeline::corpus`) with
//! the corpus's final counts: the links, weights, postings, nearest lists and stories it
//! stores are the batch run's. It costs about a batch run without extraction.

use rayon::prelude::*;

use super::indexer::Indexer;
use crate::error::Result;
use crate::index::codec::Facts;
use crate::index::store::{Lookup, Store, Writer};
use crate::model::{Byline, DocIndex};
use crate::pipeline::corpus::{cluster_corpus, corpus_idf, link_corpus, CopyIndex, Linked, Retell};
use crate::relate::boilerplate::Boilerplate;
use crate::relate::Prepared;

/// When an ingest run ends with a settle.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Settle {
    /// When the index has grown by a tenth or more since its last settle (or never was).
    #[default]
    Auto,
    /// After every run.
    Always,
    /// Never: links stay as arrival made them.
    Never,
}

/// The growth since the last settle that makes `Auto` settle: a tenth. The drift a settle
/// corrects grows with the share of documents matched since, and the settle costs a batch
/// run over the whole index, so a fixed share keeps its cost a constant factor of ingesting.
pub const SETTLE_GROWTH: f64 = 0.1;

impl Settle {
    /// Whether an index of `docs` documents, last settled at `settled`, settles now.
    pub fn due(self, docs: u64, settled: u64) -> bool {
        match self {
            Settle::Always => docs > 0,
            Settle::Never => false,
            Settle::Auto => {
                docs > settled
                    && (settled == 0 || (docs - settled) as f64 >= SETTLE_GROWTH * settled as f64)
            }
        }
    }
}

/// Relates and clusters the whole index again with its final counts, in one transaction.
/// Returns the number of links stored.
pub fn settle(store: &Store, indexer: &Indexer) -> Result<usize> {
    let mut docs = read_back(store, indexer)?;
    let idf = corpus_idf(&docs);
    let engine = indexer.engine();
    let mut copies = CopyIndex::default();
    for doc in &mut docs {
        copies.add(doc);
    }
    let linked = link_corpus(
        &mut docs,
        copies,
        engine,
        Retell::Full {
            idf: &idf,
            aside: None,
        },
    )?;
    let Some(retold) = linked.retellings.as_ref() else {
        return Ok(0);
    };
    let sets = cluster_corpus(
        &docs,
        &retold.weighted,
        &linked.related,
        indexer.story_options(),
    );
    let boilerplate = sentence_counts(&docs, indexer);
    let mut w = store.write()?;
    write_links(&mut w, &linked)?;
    w.clear_terms()?;
    for (d, doc) in docs.iter().enumerate() {
        let d = d as DocIndex;
        let weighted = &retold.weighted[d as usize];
        w.set_weights(d, weighted)?;
        let terms: Vec<u64> = engine
            .index_terms(weighted, &idf)
            .iter()
            .map(|t| t.0)
            .collect();
        w.post_terms(d, &terms)?;
        w.set_nearest(d, retold.neighbours.list(d))?;
        w.set_facts(d, &facts_of(doc))?;
    }
    w.set_doc_freq(idf.corpus())?;
    w.set_sentences(boilerplate.iter())?;
    let old = w.story_ids()?;
    w.replace_stories(&old, &sets)?;
    w.set_meta_value("settled", docs.len() as u64)?;
    w.commit()?;
    Ok(linked.related.len())
}

/// Every stored document prepared again from its text and byline, in index order.
fn read_back(store: &Store, indexer: &Indexer) -> Result<Vec<Prepared>> {
    let r = store.read()?;
    let n = store.stats()?.documents as DocIndex;
    let mut stored = Vec::with_capacity(n as usize);
    for d in 0..n {
        let meta = r.meta(d)?.unwrap_or_default();
        let byline = Byline {
            published: meta.published.as_ref().map(|p| p.0),
            site: meta.site.clone(),
            credits: meta.credits.clone(),
            words: 0,
            title: meta.title.clone(),
            lang: meta.lang.clone(),
        };
        stored.push((meta.id, r.text(d)?, byline));
    }
    let preparer = indexer.preparer();
    Ok(stored
        .into_par_iter()
        .map(|(id, text, byline)| {
            let mut p = preparer.prepare(&id, &text, byline);
            p.text = text;
            p
        })
        .collect())
}

/// Stores the batch links in place of every link arrival made.
fn write_links(w: &mut Writer<'_>, linked: &Linked) -> Result<()> {
    w.clear_links()?;
    for r in &linked.related {
        w.add_link(&r.link, r.alignment.as_ref())?;
    }
    Ok(())
}

/// How many documents hold each sentence key, over every stored document (what arrival
/// marks boilerplate by).
fn sentence_counts(docs: &[Prepared], indexer: &Indexer) -> Boilerplate {
    let engine = indexer.engine();
    let keys: Vec<Vec<u64>> = docs
        .par_iter()
        .map(|d| engine.sentences(&d.text).sentence_keys().collect())
        .collect();
    let mut out = Boilerplate::default();
    for k in keys {
        out.add(k);
    }
    out
}

/// A prepared document's stored facts.
fn facts_of(doc: &Prepared) -> Facts {
    Facts {
        published: doc.published(),
        tie: doc.tie,
        latest_year: doc.latest_year,
        words: doc.byline.words,
        content_hash: Some(doc.content_hash),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn auto_settles_a_new_index_and_a_tenth_of_growth() {
        assert!(Settle::Auto.due(5, 0), "never settled");
        assert!(!Settle::Auto.due(0, 0), "nothing to settle");
        assert!(!Settle::Auto.due(1_050, 1_000));
        assert!(Settle::Auto.due(1_100, 1_000));
        assert!(!Settle::Auto.due(1_000, 1_000));
        assert!(Settle::Always.due(1_000, 1_000));
        assert!(!Settle::Never.due(5, 0));
    }
}
