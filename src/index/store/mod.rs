//! The persistent index: documents, their signatures and postings, links and stories in one
//! redb file.
//!
//! One embedded file (default `./retold.db`), no server. Every write happens in a redb
//! transaction, and a transaction either commits whole or leaves nothing: a process killed
//! mid-batch leaves the file as the last commit left it. The file carries a format version,
//! checked on open; an older layout this build still reads is brought up to date (its new
//! tables created, the index marked as needing a settle), a newer or unknown one is refused
//! with [`Error::IndexVersion`]. What the bytes of every value mean is `index::codec`'s.
//!
//! | table | key → value |
//! |---|---|
//! | `meta` | name → u64 (`format`, `next_doc`, `settled`: documents at the last settle) |
//! | `docs`, `texts`, `facts` | doc → metadata (JSON), text, facts (date, tie, year, words, hash) |
//! | `ids`, `hashes` | id → doc; content hash → the first doc of that text |
//! | `shingles`, `weights` | doc → the copy pass's shingle halves, the weighted terms |
//! | `bands`, `terms` | LSH band key, term key → doc indices (multimaps) |
//! | `df`, `sentences` | term → documents holding it; sentence key → documents holding it |
//! | `links`, `edges`, `alignments` | (a, b) → the link (JSON), its relation and similarity, its alignment |
//! | `linked` | doc → its linked docs (multimap) |
//! | `nearest` | doc → its nearest candidates' similarities |
//! | `story_of`, `stories`, `story_info` | doc → story id; story id → members; story → its listing |
//! | `story_order` | (newest, size, id), ordered as listed → the story's listing |

mod read;
mod write;

use std::path::{Path, PathBuf};

use redb::{
    Database, MultimapTableDefinition, ReadableDatabase, ReadableTable, ReadableTableMetadata,
    TableDefinition,
};
use serde::{Deserialize, Serialize};

pub use read::{Lookup, Reader};
pub use write::{NewDoc, Writer};

use super::codec::{self, FORMAT_VERSION, OLDEST_FORMAT};
use crate::analyze::weights::DocFreq;
use crate::error::{Error, Result};
use crate::model::{DocIndex, Meta};

/// The page cache redb keeps in memory: bounds a server's memory whatever the index's size.
pub const CACHE_BYTES: usize = 256 << 20;

pub(super) const META: TableDefinition<&str, u64> = TableDefinition::new("meta");
pub(super) const DOCS: TableDefinition<u32, &[u8]> = TableDefinition::new("docs");
pub(super) const IDS: TableDefinition<&str, u32> = TableDefinition::new("ids");
pub(super) const HASHES: TableDefinition<u128, u32> = TableDefinition::new("hashes");
pub(super) const SHINGLES: TableDefinition<u32, &[u8]> = TableDefinition::new("shingles");
pub(super) const WEIGHTS: TableDefinition<u32, &[u8]> = TableDefinition::new("weights");
pub(super) const BANDS: MultimapTableDefinition<u64, u32> = MultimapTableDefinition::new("bands");
pub(super) const TERMS: MultimapTableDefinition<u64, u32> = MultimapTableDefinition::new("terms");
pub(super) const LINKS: TableDefinition<(u32, u32), &[u8]> = TableDefinition::new("links");
pub(super) const LINKED: MultimapTableDefinition<u32, u32> = MultimapTableDefinition::new("linked");
pub(super) const STORY_OF: TableDefinition<u32, u32> = TableDefinition::new("story_of");
pub(super) const STORIES: TableDefinition<u32, &[u8]> = TableDefinition::new("stories");
pub(super) const STORY_INFO: TableDefinition<u32, &[u8]> = TableDefinition::new("story_info");
pub(super) const STORY_ORDER: TableDefinition<(u64, u64, u32), &[u8]> =
    TableDefinition::new("story_order");
pub(super) const FACTS: TableDefinition<u32, &[u8]> = TableDefinition::new("facts");
pub(super) const TEXTS: TableDefinition<u32, &str> = TableDefinition::new("texts");
pub(super) const EDGES: TableDefinition<(u32, u32), (u8, f32)> = TableDefinition::new("edges");
pub(super) const NEAREST: TableDefinition<u32, &[u8]> = TableDefinition::new("nearest");
pub(super) const DF: TableDefinition<u64, u32> = TableDefinition::new("df");
pub(super) const SENTENCES: TableDefinition<u64, u32> = TableDefinition::new("sentences");
pub(super) const ALIGNMENTS: TableDefinition<(u32, u32), &[u8]> =
    TableDefinition::new("alignments");

/// A document as the index keeps it: its metadata, its text, and the latest year it names.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredDoc {
    /// Id, site, title, date, URL, credits, length.
    pub meta: Meta,
    /// The extracted text.
    pub text: String,
    /// The latest year the text names (bounds an undated document's date).
    pub latest_year: Option<i32>,
}

/// A story as a listing shows it, kept up to date as stories change.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoryInfo {
    /// The story's id (its smallest member's index).
    pub id: u32,
    /// Its members.
    pub size: usize,
    /// The title of its earliest dated member, else of its longest.
    pub headline: Option<String>,
    /// Its earliest and latest publication dates (ISO 8601).
    pub first_seen: Option<String>,
    /// See `first_seen`.
    pub last_seen: Option<String>,
    /// The latest date as epoch seconds, for ordering.
    pub newest: Option<i64>,
    /// Its members' sites, sorted, each once.
    pub sites: Vec<String>,
}

impl StoryInfo {
    /// The listing of a story of these members.
    pub fn of(id: u32, metas: &[Meta]) -> StoryInfo {
        let dated = metas.iter().filter_map(|m| m.published.as_ref());
        let first = dated.clone().min_by_key(|p| p.0);
        let last = dated.max_by_key(|p| p.0);
        let lead = metas.iter().min_by_key(|m| {
            (
                m.published.as_ref().map_or(i64::MAX, |p| p.0),
                std::cmp::Reverse(m.chars),
            )
        });
        let mut sites: Vec<String> = metas.iter().filter_map(|m| m.site.clone()).collect();
        sites.sort();
        sites.dedup();
        StoryInfo {
            id,
            size: metas.len(),
            headline: lead.and_then(|m| m.title.clone()),
            first_seen: first.map(|p| p.1.clone()),
            last_seen: last.map(|p| p.1.clone()),
            newest: last.map(|p| p.0),
            sites,
        }
    }
}

/// Counts of what the index holds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Stats {
    /// Documents.
    pub documents: u64,
    /// Stories (a document alone is a story of one).
    pub stories: u64,
    /// Links between documents.
    pub links: u64,
}

/// An open index file.
pub struct Store {
    db: Database,
    path: PathBuf,
    upgraded_from: Option<u64>,
}

impl Store {
    /// Opens the index at `path`, creating it when missing, and brings an older layout up to
    /// date. Fails when the file is not a redb database, another process has it open, or its
    /// format version is not one this build reads.
    pub fn open(path: &Path) -> Result<Store> {
        let db = redb::Builder::new()
            .set_cache_size(CACHE_BYTES)
            .create(path)
            .map_err(|e| store_error(path, e))?;
        let mut store = Store {
            db,
            path: path.to_owned(),
            upgraded_from: None,
        };
        let txn = store.db.begin_write().map_err(|e| store.error(e))?;
        {
            let mut meta = txn.open_table(META).map_err(|e| store.error(e))?;
            let found = meta
                .get("format")
                .map_err(|e| store.error(e))?
                .map(|v| v.value());
            let supported = OLDEST_FORMAT..=FORMAT_VERSION;
            match found {
                Some(v) if v == FORMAT_VERSION => {}
                // Version 4 lacks only the ordered listing, made below from its listings.
                Some(4) => store.upgraded_from = Some(4),
                Some(v) if supported.contains(&v) => {
                    // Older: its new tables are made below, and the next settle fills them.
                    store.upgraded_from = Some(v);
                    meta.insert("settled", 0).map_err(|e| store.error(e))?;
                }
                Some(found) => {
                    return Err(Error::IndexVersion {
                        path: path.to_owned(),
                        found,
                        supported,
                    })
                }
                None => {}
            }
            meta.insert("format", FORMAT_VERSION)
                .map_err(|e| store.error(e))?;
        }
        // Every table exists from the start, so a read transaction can open any of them.
        let e = |x: redb::TableError| store.error(x);
        for def in [DOCS, SHINGLES, WEIGHTS, STORIES, STORY_INFO, FACTS, NEAREST] {
            txn.open_table(def).map_err(e)?;
        }
        txn.open_table(STORY_ORDER).map_err(e)?;
        if store.upgraded_from.is_some() {
            write::order_listings(&store, &txn)?;
        }
        for def in [LINKS, ALIGNMENTS] {
            txn.open_table(def).map_err(e)?;
        }
        for def in [DF, SENTENCES] {
            txn.open_table(def).map_err(e)?;
        }
        txn.open_table(IDS).map_err(e)?;
        txn.open_table(TEXTS).map_err(e)?;
        txn.open_table(HASHES).map_err(e)?;
        txn.open_table(EDGES).map_err(e)?;
        txn.open_table(STORY_OF).map_err(e)?;
        for def in [BANDS, TERMS] {
            txn.open_multimap_table(def).map_err(e)?;
        }
        txn.open_multimap_table(LINKED).map_err(e)?;
        txn.commit().map_err(|e| store.error(e))?;
        Ok(store)
    }

    /// The file's path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The format version the file had when this open brought it up to date, if it did.
    pub fn upgraded_from(&self) -> Option<u64> {
        self.upgraded_from
    }

    /// Starts a write transaction: everything written through it commits together.
    pub fn write(&self) -> Result<Writer<'_>> {
        let txn = self.db.begin_write().map_err(|e| self.error(e))?;
        Ok(Writer::new(txn, self))
    }

    /// Starts a read transaction: a consistent view of the index.
    pub fn read(&self) -> Result<Reader<'_>> {
        let txn = self.db.begin_read().map_err(|e| self.error(e))?;
        Ok(Reader::new(txn, self))
    }

    /// Counts of documents, stories and links.
    pub fn stats(&self) -> Result<Stats> {
        let txn = self.db.begin_read().map_err(|e| self.error(e))?;
        let docs = self.rows(&txn, DOCS)?;
        let stories = self.rows(&txn, STORIES)?;
        let links = self.rows(&txn, LINKS)?;
        // A document in no story of two or more is a story of one.
        let in_stories = self.rows(&txn, STORY_OF)?;
        Ok(Stats {
            documents: docs,
            stories: stories + docs.saturating_sub(in_stories),
            links,
        })
    }

    /// The rows of a table.
    fn rows<K: redb::Key + 'static, V: redb::Value + 'static>(
        &self,
        txn: &redb::ReadTransaction,
        def: TableDefinition<K, V>,
    ) -> Result<u64> {
        let t = txn.open_table(def).map_err(|e| self.error(e))?;
        t.len().map_err(|e| self.error(e))
    }

    /// A page of the listed stories (two or more members) in their order, newest first:
    /// those `keep` accepts, skipping the first `skip` of them, at most `take`. Reads the
    /// listings in order and stops at `budget` read, so a request's work is bounded whatever
    /// the index's size. Returns the page, the number of stories `keep` accepted among those
    /// read, and whether every listing was read (the count is then the total).
    pub fn story_page(
        &self,
        keep: impl Fn(&StoryInfo) -> bool,
        skip: usize,
        take: usize,
        budget: usize,
    ) -> Result<(Vec<StoryInfo>, usize, bool)> {
        let txn = self.db.begin_read().map_err(|e| self.error(e))?;
        let t = txn.open_table(STORY_ORDER).map_err(|e| self.error(e))?;
        let (mut page, mut matched, mut read) = (Vec::new(), 0, 0);
        for row in t.iter().map_err(|e| self.error(e))? {
            if read == budget {
                return Ok((page, matched, false));
            }
            read += 1;
            let (_, v) = row.map_err(|e| self.error(e))?;
            let info: StoryInfo = self.value(codec::decode_json("story listing", v.value()))?;
            if keep(&info) {
                if matched >= skip && page.len() < take {
                    page.push(info);
                }
                matched += 1;
            }
        }
        Ok((page, matched, true))
    }

    /// How many stories are listed (two or more members).
    pub fn listed(&self) -> Result<u64> {
        let txn = self.db.begin_read().map_err(|e| self.error(e))?;
        self.rows(&txn, STORY_ORDER)
    }

    /// Every stored document's id, by index.
    pub fn ids(&self) -> Result<Vec<String>> {
        let txn = self.db.begin_read().map_err(|e| self.error(e))?;
        let t = txn.open_table(DOCS).map_err(|e| self.error(e))?;
        let mut ids = Vec::new();
        for row in t.iter().map_err(|e| self.error(e))? {
            let (_, v) = row.map_err(|e| self.error(e))?;
            let meta: Meta = self.value(codec::decode_json("metadata", v.value()))?;
            ids.push(meta.id);
        }
        Ok(ids)
    }

    /// Every story as its members' indices (a document in no story of two or more is a story
    /// of its own), each sorted, in order of their first member.
    pub fn story_sets(&self) -> Result<Vec<Vec<DocIndex>>> {
        let txn = self.db.begin_read().map_err(|e| self.error(e))?;
        let n = self.rows(&txn, DOCS)? as usize;
        let mut sets: Vec<Vec<DocIndex>> = Vec::new();
        let mut grouped = vec![false; n];
        let t = txn.open_table(STORIES).map_err(|e| self.error(e))?;
        for row in t.iter().map_err(|e| self.error(e))? {
            let (_, v) = row.map_err(|e| self.error(e))?;
            let members = self.value(codec::decode_u32s("story", v.value()))?;
            for &m in &members {
                if let Some(g) = grouped.get_mut(m as usize) {
                    *g = true;
                }
            }
            sets.push(members);
        }
        sets.extend((0..n).filter(|&d| !grouped[d]).map(|d| vec![d as DocIndex]));
        for s in &mut sets {
            s.sort_unstable();
        }
        sets.sort();
        Ok(sets)
    }

    /// Every stored link's pair of documents, smaller index first, in order.
    pub fn link_pairs(&self) -> Result<Vec<(DocIndex, DocIndex)>> {
        let txn = self.db.begin_read().map_err(|e| self.error(e))?;
        let t = txn.open_table(EDGES).map_err(|e| self.error(e))?;
        let mut out = Vec::new();
        for row in t.iter().map_err(|e| self.error(e))? {
            out.push(row.map_err(|e| self.error(e))?.0.value());
        }
        Ok(out)
    }

    /// The corpus's term counts: how many stored documents hold each term.
    pub fn doc_freq(&self) -> Result<DocFreq> {
        let txn = self.db.begin_read().map_err(|e| self.error(e))?;
        let docs = self.rows(&txn, DOCS)?;
        let t = txn.open_table(DF).map_err(|e| self.error(e))?;
        let mut counts = Vec::new();
        for row in t.iter().map_err(|e| self.error(e))? {
            let (k, v) = row.map_err(|e| self.error(e))?;
            counts.push((k.value(), v.value()));
        }
        Ok(DocFreq::from_counts(docs, counts))
    }

    /// How many documents the index held at its last settle (0: never settled).
    pub fn settled(&self) -> Result<u64> {
        let txn = self.db.begin_read().map_err(|e| self.error(e))?;
        let t = txn.open_table(META).map_err(|e| self.error(e))?;
        let v = t.get("settled").map_err(|e| self.error(e))?;
        Ok(v.map_or(0, |v| v.value()))
    }

    fn error(&self, e: impl std::fmt::Display) -> Error {
        store_error(&self.path, e)
    }

    /// A decoded value, its error named with the file.
    fn value<T>(&self, decoded: Result<T>) -> Result<T> {
        decoded.map_err(|e| self.error(e))
    }
}

/// An [`Error::Store`] for `path`.
fn store_error(path: &Path, e: impl std::fmt::Display) -> Error {
    let message = e.to_string();
    let message = if message.contains("already open") {
        format!("{message} (another retold ingest or serve is using it)")
    } else {
        message
    };
    Error::Store {
        path: path.to_owned(),
        message,
    }
}

#[cfg(test)]
mod tests;
