//! Wires documents into the persistent index: each matched by the engine against what the
//! index holds, stored with its links, and placed in its story; or matched without storing.

use std::sync::RwLock;

use super::IngestOptions;
use crate::analyze::weights::{DocFreq, Idf};
use crate::cluster::recluster::recluster;
use crate::cluster::StoryOptions;
use crate::error::{Error, Result};
use crate::index::codec::Facts;
use crate::index::store::{Lookup, NewDoc, Store, Writer};
use crate::model::{Article, DocIndex, Link, Meta, Relation};
use crate::pipeline::stories::meta_of;
use crate::relate::align::Sentences;
use crate::relate::{Engine, Prepared, Preparer, Related};

/// What became of one document handed to the index.
#[derive(Debug, Clone, PartialEq)]
pub struct Placed {
    /// Its id, as given.
    pub id: String,
    /// Its index in the store (the stored one's, when the id was already there).
    pub doc: DocIndex,
    /// False when the index already held a document of this id.
    pub added: bool,
    /// How many links it got.
    pub links: usize,
    /// The stored document of the same text it was linked to as an exact copy, if any.
    pub same_text: Option<DocIndex>,
    /// Its links to documents stored before it, as the engine decided them on arrival.
    pub related: Vec<Link>,
}

/// What matching one document against the index found, nothing stored.
#[derive(Debug, Clone)]
pub struct Matched {
    /// The stored document with the same id, else the first with the same text, if any.
    pub stored: Option<DocIndex>,
    /// Its links to stored documents (`b` is [`NEW`], the document matched), strongest
    /// first: copies, spins, rewrites, then reports, each by score; each with the alignment
    /// it rests on.
    pub links: Vec<Related>,
    /// The story it would join: the story of its strongest link's document (a story's id is
    /// its smallest member), if it has a link.
    pub story: Option<u32>,
}

/// A document on its way into the index, prepared (in parallel) for matching: its article,
/// its prepared document with the text in, and its sentences.
#[derive(Debug)]
pub struct Newcomer {
    /// The extracted article (stored as it is).
    pub article: Article,
    /// The prepared document.
    pub doc: Prepared,
    /// Its sentences, split for alignment and for the boilerplate counts.
    pub sentences: Sentences,
}

/// The index a matched, unstored document has in [`Matched::links`].
pub const NEW: DocIndex = DocIndex::MAX;

/// Matches and stores documents, set up once for many batches (a server's requests, an
/// ingest run's commits): the preparer, the engine, and the corpus's term counts.
#[derive(Debug)]
pub struct Indexer {
    preparer: Preparer,
    engine: Engine,
    stories: StoryOptions,
    /// The corpus idf: the stored counts, and each document added since.
    idf: RwLock<Idf>,
}

impl Indexer {
    /// An indexer over `store`'s current counts, with these options.
    pub fn open(store: &Store, options: &IngestOptions) -> Result<Indexer> {
        Ok(Indexer {
            preparer: Preparer::builder()
                .near_copy(options.copy.near_copy)
                .build(),
            engine: Engine::builder()
                .copy(options.copy)
                .retell(options.retell.clone())
                .build(),
            stories: options.stories.clone(),
            idf: RwLock::new(Idf::with_corpus(store.doc_freq()?)),
        })
    }

    /// The preparer (to prepare articles in parallel before [`Indexer::add`]).
    pub fn preparer(&self) -> &Preparer {
        &self.preparer
    }

    /// The engine.
    pub fn engine(&self) -> &Engine {
        &self.engine
    }

    /// Story clustering's settings.
    pub fn story_options(&self) -> &StoryOptions {
        &self.stories
    }

    /// The current corpus idf, read-locked while the guard lives.
    pub fn idf(&self) -> std::sync::RwLockReadGuard<'_, Idf> {
        // A poisoned lock still holds whole counts: a writer counts a document in one step.
        self.idf.read().unwrap_or_else(|e| e.into_inner())
    }

    /// Prepares an article for [`Indexer::add`] (the costly step, to run in parallel).
    pub fn newcomer(&self, article: Article) -> Newcomer {
        let mut doc = self.preparer.prepare_article(&article);
        doc.text = article.text.clone();
        doc.sort_shingles();
        let sentences = self.engine.sentences(&doc.text);
        Newcomer {
            article,
            doc,
            sentences,
        }
    }

    /// Adds prepared articles to the index in one transaction, each matched against what it
    /// holds (the ones before it in the batch included) and placed in its story.
    pub fn add(&self, store: &Store, docs: Vec<Newcomer>) -> Result<Vec<Placed>> {
        let mut w = store.write()?;
        let mut idf = self.idf.write().map_err(|_| poisoned(store))?;
        let mut delta = DocFreq::new();
        let mut touched = Vec::new();
        let mut placed = Vec::with_capacity(docs.len());
        for newcomer in docs {
            if let Some(d) = w.doc_by_id(&newcomer.article.id)? {
                placed.push(Placed {
                    id: newcomer.article.id,
                    doc: d,
                    added: false,
                    links: 0,
                    same_text: None,
                    related: Vec::new(),
                });
                continue;
            }
            idf.add(&newcomer.doc.profile);
            delta.add(&newcomer.doc.profile);
            let id = newcomer.article.id.clone();
            let (at, related, same_text) = self.store_one(&mut w, newcomer, &idf, &mut touched)?;
            touched.push(at);
            placed.push(Placed {
                id,
                doc: at,
                added: true,
                links: related.len(),
                same_text,
                related,
            });
        }
        w.add_doc_freq(&delta)?;
        recluster(&mut w, &touched, &self.stories)?;
        w.commit()?;
        Ok(placed)
    }

    /// Matches one new document, stores it and its links; returns its index, its links, and
    /// the stored document of its text, if any.
    fn store_one(
        &self,
        w: &mut Writer<'_>,
        newcomer: Newcomer,
        idf: &Idf,
        touched: &mut Vec<DocIndex>,
    ) -> Result<(DocIndex, Vec<Link>, Option<DocIndex>)> {
        let Newcomer {
            article,
            doc,
            sentences,
        } = newcomer;
        let at = w.next_doc()?;
        // Matched before it joins the postings: it is not its own candidate.
        let arrival = self.engine.arrive(&doc, sentences, at, &*w, idf)?;
        let meta: Meta = meta_of(&article);
        let bands: &[u64] = if arrival.same_text.is_some() {
            &[]
        } else {
            &doc.bands
        };
        let stored = w.add_doc(&NewDoc {
            meta: &meta,
            text: &article.text,
            facts: Facts {
                published: doc.published(),
                tie: doc.tie,
                latest_year: doc.latest_year,
                words: doc.byline.words,
                content_hash: Some(doc.content_hash),
            },
            shingles: &doc.shingles,
            bands,
            terms: &arrival.terms,
            weights: &arrival.weighted,
        })?;
        debug_assert_eq!(stored, at);
        for r in &arrival.related {
            w.add_link(&r.link, r.alignment.as_ref())?;
        }
        for (d, list) in &arrival.nearest {
            w.set_nearest(*d, list)?;
            if *d != at {
                self.revoke_reports(w, *d, list, touched)?;
            }
        }
        w.add_sentences(&arrival.sentence_keys)?;
        let links = arrival.related.into_iter().map(|r| r.link).collect();
        Ok((at, links, arrival.same_text))
    }

    /// The neighbour rule kept as arrival goes on: when a newcomer raises a stored document's
    /// nearest list, its report links that fall below the new floor are taken back, as the
    /// rule over the whole corpus would never have admitted them.
    fn revoke_reports(
        &self,
        w: &mut Writer<'_>,
        d: DocIndex,
        nearest: &[f32],
        touched: &mut Vec<DocIndex>,
    ) -> Result<()> {
        let k = self.engine.neighbours();
        let Some(&floor) = nearest.get(k.wrapping_sub(1)).filter(|_| k > 0) else {
            return Ok(());
        };
        for o in w.linked(d)? {
            match w.edge(d, o)? {
                Some((Relation::SameStory, sim)) if sim < floor => {
                    w.remove_link(d, o)?;
                    touched.extend([d, o]);
                }
                _ => {}
            }
        }
        Ok(())
    }

    /// Matches one article against the index without storing it.
    pub fn matches(&self, store: &Store, article: &Article) -> Result<Matched> {
        let Newcomer { doc, sentences, .. } = self.newcomer(article.clone());
        let r = store.read()?;
        let stored = match r.doc_by_id(&article.id)? {
            Some(d) => Some(d),
            None => r.doc_by_hash(doc.content_hash)?,
        };
        let idf = self.idf.read().map_err(|_| poisoned(store))?;
        let arrival = self.engine.arrive(&doc, sentences, NEW, &r, &idf)?;
        let mut links = arrival.related;
        links.sort_by(|x, y| {
            let (x, y) = (&x.link, &y.link);
            x.relation
                .cmp(&y.relation)
                .then(y.score.total_cmp(&x.score))
                .then(x.a.cmp(&y.a))
        });
        let story = match links.first().map(|b| b.link.a) {
            Some(best) => Some(r.story_of(best)?.unwrap_or(best)),
            None => None,
        };
        Ok(Matched {
            stored,
            links,
            story,
        })
    }
}

/// The error for a lock another thread panicked while holding.
fn poisoned(store: &Store) -> Error {
    Error::Store {
        path: store.path().to_owned(),
        message: "the index's term counts were left half-updated by a failed request".into(),
    }
}
