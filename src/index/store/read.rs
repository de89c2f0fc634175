//! Reading the index: one set of lookups for a read transaction and a write transaction alike,
//! and the posting traits the engine reads candidates through.

use std::borrow::Cow;

use redb::{ReadableMultimapTable, ReadableTable};

use super::write::Writer;
use super::{
    Store, StoredDoc, StoryInfo, ALIGNMENTS, BANDS, DOCS, EDGES, FACTS, HASHES, IDS, LINKED, LINKS,
    NEAREST, SENTENCES, SHINGLES, STORIES, STORY_INFO, STORY_OF, TERMS, TEXTS, WEIGHTS,
};
use crate::analyze::weights::Weighted;
use crate::error::{Error, Result};
use crate::index::codec::{self, Facts};
use crate::index::{BandPostings, TermPostings};
use crate::model::{Alignment, Byline, DocIndex, Link, Meta, Relation};

/// What matching and serving read from the index, from a write or a read transaction alike.
/// A value that does not decode is an error naming the file, never partial data.
pub trait Lookup: BandPostings + TermPostings {
    /// The index of the document with this id, if stored.
    fn doc_by_id(&self, id: &str) -> Result<Option<DocIndex>>;
    /// The first stored document with this content hash, if any.
    fn doc_by_hash(&self, hash: u128) -> Result<Option<DocIndex>>;
    /// A stored document.
    fn doc(&self, at: DocIndex) -> Result<Option<StoredDoc>>;
    /// A stored document's metadata alone.
    fn meta(&self, at: DocIndex) -> Result<Option<Meta>>;
    /// A stored document's text (empty when it has none).
    fn text(&self, at: DocIndex) -> Result<String>;
    /// A stored document's date, site, credits and length, for the direction rules.
    fn byline(&self, at: DocIndex) -> Result<Byline>;
    /// A stored story's listing: size, dates, sites, headline.
    fn story_info(&self, id: u32) -> Result<Option<StoryInfo>>;
    /// A stored document's shingle halves, sorted.
    fn shingles(&self, at: DocIndex) -> Result<Vec<u32>>;
    /// A stored document's weighted terms.
    fn weights(&self, at: DocIndex) -> Result<Weighted>;
    /// What story clustering needs of a stored document.
    fn facts(&self, at: DocIndex) -> Result<Facts>;
    /// The documents linked to `at`.
    fn linked(&self, at: DocIndex) -> Result<Vec<DocIndex>>;
    /// The link between two documents, if stored.
    fn link(&self, a: DocIndex, b: DocIndex) -> Result<Option<Link>>;
    /// The alignment a stored link rests on, if it rests on one (`a` the smaller index).
    fn alignment(&self, a: DocIndex, b: DocIndex) -> Result<Option<Alignment>>;
    /// The relation and story similarity of a stored link, read without its evidence.
    fn edge(&self, a: DocIndex, b: DocIndex) -> Result<Option<(Relation, f32)>>;
    /// The story similarities of a document's most similar candidates so far, largest first.
    fn nearest(&self, at: DocIndex) -> Result<Vec<f32>>;
    /// How many stored documents hold a sentence key (for boilerplate).
    fn sentences_held(&self, key: u64) -> Result<u32>;
    /// The story a document is in (`None`: a story of its own).
    fn story_of(&self, at: DocIndex) -> Result<Option<u32>>;
    /// The members of a stored story.
    fn story(&self, id: u32) -> Result<Vec<DocIndex>>;
    /// The error for a problem of this index.
    fn error(&self, e: impl std::fmt::Display) -> Error;
}

/// A read transaction over the index: a consistent view while writes go on.
pub struct Reader<'s> {
    txn: redb::ReadTransaction,
    store: &'s Store,
}

impl<'s> Reader<'s> {
    pub(super) fn new(txn: redb::ReadTransaction, store: &'s Store) -> Reader<'s> {
        Reader { txn, store }
    }
}

/// The read methods, written once for both kinds of transaction (their `open_table` and
/// `open_multimap_table` differ in type, not in use).
macro_rules! lookups {
    ($t:ty) => {
        impl Lookup for $t {
            fn doc_by_id(&self, id: &str) -> Result<Option<DocIndex>> {
                let t = self.txn.open_table(IDS).map_err(|e| self.error(e))?;
                let v = t.get(id).map_err(|e| self.error(e))?;
                Ok(v.map(|v| v.value()))
            }

            fn doc_by_hash(&self, hash: u128) -> Result<Option<DocIndex>> {
                let t = self.txn.open_table(HASHES).map_err(|e| self.error(e))?;
                let v = t.get(hash).map_err(|e| self.error(e))?;
                Ok(v.map(|v| v.value()))
            }

            fn doc(&self, at: DocIndex) -> Result<Option<StoredDoc>> {
                let Some(meta) = self.meta(at)? else {
                    return Ok(None);
                };
                Ok(Some(StoredDoc {
                    meta,
                    text: self.text(at)?,
                    latest_year: self.facts(at)?.latest_year,
                }))
            }

            fn meta(&self, at: DocIndex) -> Result<Option<Meta>> {
                let t = self.txn.open_table(DOCS).map_err(|e| self.error(e))?;
                let v = t.get(at).map_err(|e| self.error(e))?;
                v.map(|v| codec::decode_json("metadata", v.value()).map_err(|e| self.error(e)))
                    .transpose()
            }

            fn text(&self, at: DocIndex) -> Result<String> {
                let t = self.txn.open_table(TEXTS).map_err(|e| self.error(e))?;
                let v = t.get(at).map_err(|e| self.error(e))?;
                Ok(v.map(|v| v.value().to_owned()).unwrap_or_default())
            }

            fn byline(&self, at: DocIndex) -> Result<Byline> {
                let meta = self.meta(at)?.unwrap_or_default();
                let facts = self.facts(at)?;
                Ok(Byline {
                    published: facts.published,
                    site: meta.site,
                    credits: meta.credits,
                    words: facts.words,
                    title: meta.title,
                    lang: meta.lang,
                })
            }

            fn story_info(&self, id: u32) -> Result<Option<StoryInfo>> {
                let t = self.txn.open_table(STORY_INFO).map_err(|e| self.error(e))?;
                let v = t.get(id).map_err(|e| self.error(e))?;
                v.map(|v| codec::decode_json("story listing", v.value()).map_err(|e| self.error(e)))
                    .transpose()
            }

            fn shingles(&self, at: DocIndex) -> Result<Vec<u32>> {
                let t = self.txn.open_table(SHINGLES).map_err(|e| self.error(e))?;
                let v = t.get(at).map_err(|e| self.error(e))?;
                let bytes = v.map(|v| v.value().to_vec()).unwrap_or_default();
                codec::decode_u32s("shingles", &bytes).map_err(|e| self.error(e))
            }

            fn weights(&self, at: DocIndex) -> Result<Weighted> {
                let t = self.txn.open_table(WEIGHTS).map_err(|e| self.error(e))?;
                let v = t.get(at).map_err(|e| self.error(e))?;
                match v {
                    Some(v) => codec::decode_weighted(v.value()).map_err(|e| self.error(e)),
                    None => Ok(Weighted::default()),
                }
            }

            fn facts(&self, at: DocIndex) -> Result<Facts> {
                let t = self.txn.open_table(FACTS).map_err(|e| self.error(e))?;
                let v = t.get(at).map_err(|e| self.error(e))?;
                match v {
                    Some(v) => Facts::decode(v.value()).map_err(|e| self.error(e)),
                    None => Ok(Facts::default()),
                }
            }

            fn linked(&self, at: DocIndex) -> Result<Vec<DocIndex>> {
                let t = self
                    .txn
                    .open_multimap_table(LINKED)
                    .map_err(|e| self.error(e))?;
                let mut out = Vec::new();
                for v in t.get(at).map_err(|e| self.error(e))? {
                    out.push(v.map_err(|e| self.error(e))?.value());
                }
                Ok(out)
            }

            fn link(&self, a: DocIndex, b: DocIndex) -> Result<Option<Link>> {
                let t = self.txn.open_table(LINKS).map_err(|e| self.error(e))?;
                let v = t.get((a.min(b), a.max(b))).map_err(|e| self.error(e))?;
                v.map(|v| codec::decode_json("link", v.value()).map_err(|e| self.error(e)))
                    .transpose()
            }

            fn alignment(&self, a: DocIndex, b: DocIndex) -> Result<Option<Alignment>> {
                let t = self.txn.open_table(ALIGNMENTS).map_err(|e| self.error(e))?;
                let v = t.get((a.min(b), a.max(b))).map_err(|e| self.error(e))?;
                v.map(|v| codec::decode_alignment(v.value()).map_err(|e| self.error(e)))
                    .transpose()
            }

            fn edge(&self, a: DocIndex, b: DocIndex) -> Result<Option<(Relation, f32)>> {
                let t = self.txn.open_table(EDGES).map_err(|e| self.error(e))?;
                let v = t.get((a.min(b), a.max(b))).map_err(|e| self.error(e))?;
                let Some(v) = v else { return Ok(None) };
                let (r, s) = v.value();
                Ok(Some((codec::relation_of(r).map_err(|e| self.error(e))?, s)))
            }

            fn nearest(&self, at: DocIndex) -> Result<Vec<f32>> {
                let t = self.txn.open_table(NEAREST).map_err(|e| self.error(e))?;
                let v = t.get(at).map_err(|e| self.error(e))?;
                let bytes = v.map(|v| v.value().to_vec()).unwrap_or_default();
                codec::decode_f32s(&bytes).map_err(|e| self.error(e))
            }

            fn sentences_held(&self, key: u64) -> Result<u32> {
                let t = self.txn.open_table(SENTENCES).map_err(|e| self.error(e))?;
                let v = t.get(key).map_err(|e| self.error(e))?;
                Ok(v.map_or(0, |v| v.value()))
            }

            fn story_of(&self, at: DocIndex) -> Result<Option<u32>> {
                let t = self.txn.open_table(STORY_OF).map_err(|e| self.error(e))?;
                let v = t.get(at).map_err(|e| self.error(e))?;
                Ok(v.map(|v| v.value()))
            }

            fn story(&self, id: u32) -> Result<Vec<DocIndex>> {
                let t = self.txn.open_table(STORIES).map_err(|e| self.error(e))?;
                let v = t.get(id).map_err(|e| self.error(e))?;
                let bytes = v.map(|v| v.value().to_vec()).unwrap_or_default();
                codec::decode_u32s("story", &bytes).map_err(|e| self.error(e))
            }

            fn error(&self, e: impl std::fmt::Display) -> Error {
                self.store.error(e)
            }
        }

        impl BandPostings for $t {
            fn band(&self, key: u64, before: DocIndex, most: usize) -> Result<Vec<DocIndex>> {
                let t = self
                    .txn
                    .open_multimap_table(BANDS)
                    .map_err(|e| self.error(e))?;
                let mut out = Vec::new();
                // Values come in index order; the latest first from the back.
                for v in t.get(key).map_err(|e| self.error(e))?.rev() {
                    let d = v.map_err(|e| self.error(e))?.value();
                    if d < before {
                        out.push(d);
                        if out.len() >= most {
                            break;
                        }
                    }
                }
                out.reverse();
                Ok(out)
            }
        }

        impl TermPostings for $t {
            fn term(&self, key: u64, cap: usize) -> Result<Option<Cow<'_, [DocIndex]>>> {
                let t = self
                    .txn
                    .open_multimap_table(TERMS)
                    .map_err(|e| self.error(e))?;
                let mut out = Vec::new();
                for v in t.get(key).map_err(|e| self.error(e))? {
                    out.push(v.map_err(|e| self.error(e))?.value());
                    if out.len() > cap {
                        return Ok(None);
                    }
                }
                Ok(Some(Cow::Owned(out)))
            }

            fn tie(&self, doc: DocIndex) -> Result<u64> {
                Ok(self.facts(doc)?.tie)
            }
        }
    };
}

lookups!(Reader<'_>);
lookups!(Writer<'_>);
