//! The persistent index: documents, their signatures and postings, links and stories in one
//! redb file.
//!
//! One embedded file (default `./retold.db`), no server. Every write happens in a redb
//! transaction, and a transaction either commits whole or leaves nothing: a process killed
//! mid-batch leaves the file as the last commit left it. The file carries a format version,
//! checked on open, so an index written by another layout is refused with both versions named
//! rather than misread.
//!
//! The store holds bytes and indices; what the bytes mean (a document's weighted terms, its
//! links' evidence) is the ingest pipeline's. Tables:
//!
//! | table | key → value |
//! |---|---|
//! | `meta` | name → u64 (`format`, `next_doc`) |
//! | `docs` | doc index → JSON of [`StoredDoc`] |
//! | `ids`, `hashes` | id, content hash → doc index |
//! | `shingles`, `weights` | doc index → the copy pass's shingle halves, the weighted terms |
//! | `bands`, `terms` | LSH band key, term key → doc indices (multimaps) |
//! | `links` | (a, b) → JSON of the link; `linked`: doc → its linked docs (multimap) |
//! | `story_of`, `stories` | doc → story id; story id → member indices |
//! | `texts`, `facts`, `edges`, `nearest`, `story_info` | doc → text; doc → date, tie, year; pair → relation and similarity; doc → its nearest candidates' similarities; story → its listing |

use std::path::{Path, PathBuf};

use redb::{
    Database, MultimapTableDefinition, ReadableDatabase, ReadableMultimapTable, ReadableTable,
    ReadableTableMetadata, TableDefinition, WriteTransaction,
};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::model::{DocIndex, Link, Meta, Relation};

/// The page cache redb keeps in memory: bounds a server's memory whatever the index's size.
pub const CACHE_BYTES: usize = 256 << 20;

/// The layout version this build reads and writes. Bump it when a table's key or value
/// changes meaning.
pub const FORMAT_VERSION: u64 = 1;

const META: TableDefinition<&str, u64> = TableDefinition::new("meta");
const DOCS: TableDefinition<u32, &[u8]> = TableDefinition::new("docs");
const IDS: TableDefinition<&str, u32> = TableDefinition::new("ids");
const HASHES: TableDefinition<u128, u32> = TableDefinition::new("hashes");
const SHINGLES: TableDefinition<u32, &[u8]> = TableDefinition::new("shingles");
const WEIGHTS: TableDefinition<u32, &[u8]> = TableDefinition::new("weights");
const BANDS: MultimapTableDefinition<u64, u32> = MultimapTableDefinition::new("bands");
const TERMS: MultimapTableDefinition<u64, u32> = MultimapTableDefinition::new("terms");
const LINKS: TableDefinition<(u32, u32), &[u8]> = TableDefinition::new("links");
const LINKED: MultimapTableDefinition<u32, u32> = MultimapTableDefinition::new("linked");
const STORY_OF: TableDefinition<u32, u32> = TableDefinition::new("story_of");
const STORIES: TableDefinition<u32, &[u8]> = TableDefinition::new("stories");
const STORY_INFO: TableDefinition<u32, &[u8]> = TableDefinition::new("story_info");
const FACTS: TableDefinition<u32, &[u8]> = TableDefinition::new("facts");
const TEXTS: TableDefinition<u32, &str> = TableDefinition::new("texts");
const EDGES: TableDefinition<(u32, u32), (u8, f32)> = TableDefinition::new("edges");
const NEAREST: TableDefinition<u32, &[u8]> = TableDefinition::new("nearest");

/// A document as the index keeps it: its metadata, its text, and the latest year it names.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoredDoc {
    /// Id, site, title, date, URL, credits, length.
    pub meta: Meta,
    /// The extracted text.
    pub text: String,
    /// The latest year the text names (bounds an undated document's date).
    pub latest_year: Option<i32>,
}

/// What story clustering needs of a stored document, kept apart from its text so that
/// clustering a large component reads little.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Facts {
    /// Publication time, seconds since the epoch.
    pub published: Option<i64>,
    /// xxh3 of its id, for tie-breaks.
    pub tie: u64,
    /// The latest year its text names.
    pub latest_year: Option<i32>,
}

impl Facts {
    fn encode(&self) -> [u8; 20] {
        let mut out = [0u8; 20];
        out[..8].copy_from_slice(&self.published.unwrap_or(i64::MIN).to_le_bytes());
        out[8..16].copy_from_slice(&self.tie.to_le_bytes());
        out[16..].copy_from_slice(&self.latest_year.unwrap_or(i32::MIN).to_le_bytes());
        out
    }

    fn decode(b: &[u8]) -> Facts {
        let i64_at = |r: std::ops::Range<usize>| {
            b.get(r)
                .and_then(|s| s.try_into().ok())
                .map(i64::from_le_bytes)
        };
        let published = i64_at(0..8).filter(|&p| p != i64::MIN);
        let tie = b
            .get(8..16)
            .and_then(|s| s.try_into().ok())
            .map_or(0, u64::from_le_bytes);
        let latest_year = b
            .get(16..20)
            .and_then(|s| s.try_into().ok())
            .map(i32::from_le_bytes)
            .filter(|&y| y != i32::MIN);
        Facts {
            published,
            tie,
            latest_year,
        }
    }
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
    /// Its earliest and latest publication dates (ISO 8601) and the latest as epoch seconds.
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
}

impl Store {
    /// Opens the index at `path`, creating it when missing. Fails when the file is not a
    /// redb database, another process has it open, or its format version is not
    /// [`FORMAT_VERSION`].
    pub fn open(path: &Path) -> Result<Store> {
        let db = redb::Builder::new()
            .set_cache_size(CACHE_BYTES)
            .create(path)
            .map_err(|e| store_error(path, e))?;
        let store = Store {
            db,
            path: path.to_owned(),
        };
        let txn = store.db.begin_write().map_err(|e| store.error(e))?;
        {
            let mut meta = txn.open_table(META).map_err(|e| store.error(e))?;
            let found = meta
                .get("format")
                .map_err(|e| store.error(e))?
                .map(|v| v.value());
            match found {
                None => {
                    meta.insert("format", FORMAT_VERSION)
                        .map_err(|e| store.error(e))?;
                }
                Some(v) if v == FORMAT_VERSION => {}
                Some(v) => {
                    return Err(Error::Store {
                        path: path.to_owned(),
                        message: format!(
                            "index format version {v}, but this retold reads version {FORMAT_VERSION}; ingest into a new file (--db) or use the retold that wrote it"
                        ),
                    })
                }
            }
        }
        // Every table exists from the start, so a read transaction can open any of them.
        for def in [DOCS, SHINGLES, WEIGHTS, STORIES, STORY_INFO, FACTS, NEAREST] {
            txn.open_table(def).map_err(|e| store.error(e))?;
        }
        txn.open_table(IDS).map_err(|e| store.error(e))?;
        txn.open_table(TEXTS).map_err(|e| store.error(e))?;
        txn.open_table(HASHES).map_err(|e| store.error(e))?;
        txn.open_table(LINKS).map_err(|e| store.error(e))?;
        txn.open_table(EDGES).map_err(|e| store.error(e))?;
        txn.open_table(STORY_OF).map_err(|e| store.error(e))?;
        for def in [BANDS, TERMS] {
            txn.open_multimap_table(def).map_err(|e| store.error(e))?;
        }
        txn.open_multimap_table(LINKED)
            .map_err(|e| store.error(e))?;
        txn.commit().map_err(|e| store.error(e))?;
        Ok(store)
    }

    /// The file's path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Starts a write transaction: everything written through it commits together.
    pub fn write(&self) -> Result<Writer<'_>> {
        let txn = self.db.begin_write().map_err(|e| self.error(e))?;
        Ok(Writer { txn, store: self })
    }

    /// Starts a read transaction: a consistent view of the index.
    pub fn read(&self) -> Result<Reader<'_>> {
        let txn = self.db.begin_read().map_err(|e| self.error(e))?;
        Ok(Reader { txn, store: self })
    }

    /// Counts of documents, stories and links.
    pub fn stats(&self) -> Result<Stats> {
        let txn = self.db.begin_read().map_err(|e| self.error(e))?;
        // Every table exists from `open` on.
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

    /// Every listed story (two or more members).
    pub fn story_infos(&self) -> Result<Vec<StoryInfo>> {
        let txn = self.db.begin_read().map_err(|e| self.error(e))?;
        let t = txn.open_table(STORY_INFO).map_err(|e| self.error(e))?;
        let mut out = Vec::new();
        for row in t.iter().map_err(|e| self.error(e))? {
            let (_, v) = row.map_err(|e| self.error(e))?;
            out.push(serde_json::from_slice(v.value()).map_err(|e| self.error(e))?);
        }
        Ok(out)
    }

    /// Every stored document's id, by index.
    pub fn ids(&self) -> Result<Vec<String>> {
        let txn = self.db.begin_read().map_err(|e| self.error(e))?;
        let t = txn.open_table(DOCS).map_err(|e| self.error(e))?;
        let mut ids = Vec::new();
        for row in t.iter().map_err(|e| self.error(e))? {
            let (_, v) = row.map_err(|e| self.error(e))?;
            let meta: Meta = serde_json::from_slice(v.value()).map_err(|e| self.error(e))?;
            ids.push(meta.id);
        }
        Ok(ids)
    }

    /// Every stored link's pair of documents, smaller index first, in order.
    pub fn link_pairs(&self) -> Result<Vec<(DocIndex, DocIndex)>> {
        let txn = self.db.begin_read().map_err(|e| self.error(e))?;
        let t = txn.open_table(EDGES).map_err(|e| self.error(e))?;
        let mut out = Vec::new();
        for row in t.iter().map_err(|e| self.error(e))? {
            let (k, _) = row.map_err(|e| self.error(e))?;
            out.push(k.value());
        }
        Ok(out)
    }

    /// Every story as its members' indices (a document in no story of two or more is a story
    /// of its own), each sorted, in order of their first member.
    pub fn story_sets(&self) -> Result<Vec<Vec<DocIndex>>> {
        let n = self.ids()?.len() as DocIndex;
        let txn = self.db.begin_read().map_err(|e| self.error(e))?;
        let mut sets: Vec<Vec<DocIndex>> = Vec::new();
        let mut grouped = vec![false; n as usize];
        let t = txn.open_table(STORIES).map_err(|e| self.error(e))?;
        for row in t.iter().map_err(|e| self.error(e))? {
            let (_, v) = row.map_err(|e| self.error(e))?;
            let members = decode_u32s(v.value());
            for &m in &members {
                if let Some(g) = grouped.get_mut(m as usize) {
                    *g = true;
                }
            }
            sets.push(members);
        }
        sets.extend((0..n).filter(|&d| !grouped[d as usize]).map(|d| vec![d]));
        for s in &mut sets {
            s.sort_unstable();
        }
        sets.sort();
        Ok(sets)
    }

    fn error(&self, e: impl std::fmt::Display) -> Error {
        store_error(&self.path, e)
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

/// A write transaction over the index. Reads through it see its own writes.
pub struct Writer<'s> {
    txn: WriteTransaction,
    store: &'s Store,
}

impl Writer<'_> {
    /// The index the next document will get.
    pub fn next_doc(&self) -> Result<DocIndex> {
        let t = self.txn.open_table(META).map_err(|e| self.error(e))?;
        let v = t.get("next_doc").map_err(|e| self.error(e))?;
        Ok(v.map_or(0, |v| v.value()) as DocIndex)
    }

    /// Stores a document with its content hash, shingles, weighted terms, band keys and
    /// posted terms; returns its index.
    pub fn add_doc(
        &mut self,
        doc: &StoredDoc,
        hash: u128,
        shingles: &[u32],
        weights: &[u8],
        bands: &[u64],
        terms: &[u64],
    ) -> Result<DocIndex> {
        let at = self.next_doc()?;
        let json = serde_json::to_vec(&doc.meta).map_err(|e| self.error(e))?;
        let shingle_bytes: Vec<u8> = shingles.iter().flat_map(|s| s.to_le_bytes()).collect();
        let e = |err: redb::Error| self.error(err);
        {
            let mut t = self.txn.open_table(DOCS).map_err(|x| e(x.into()))?;
            t.insert(at, json.as_slice()).map_err(|x| e(x.into()))?;
            let mut t = self.txn.open_table(TEXTS).map_err(|x| e(x.into()))?;
            t.insert(at, doc.text.as_str()).map_err(|x| e(x.into()))?;
            let mut t = self.txn.open_table(IDS).map_err(|x| e(x.into()))?;
            t.insert(doc.meta.id.as_str(), at)
                .map_err(|x| e(x.into()))?;
            let mut t = self.txn.open_table(HASHES).map_err(|x| e(x.into()))?;
            if t.get(hash).map_err(|x| e(x.into()))?.is_none() {
                t.insert(hash, at).map_err(|x| e(x.into()))?;
            }
            let mut t = self.txn.open_table(SHINGLES).map_err(|x| e(x.into()))?;
            t.insert(at, shingle_bytes.as_slice())
                .map_err(|x| e(x.into()))?;
            let mut t = self.txn.open_table(WEIGHTS).map_err(|x| e(x.into()))?;
            t.insert(at, weights).map_err(|x| e(x.into()))?;
            let facts = Facts {
                published: doc.meta.published.as_ref().map(|p| p.0),
                tie: xxhash_rust::xxh3::xxh3_64(doc.meta.id.as_bytes()),
                latest_year: doc.latest_year,
            };
            let mut t = self.txn.open_table(FACTS).map_err(|x| e(x.into()))?;
            t.insert(at, facts.encode().as_slice())
                .map_err(|x| e(x.into()))?;
            let mut t = self
                .txn
                .open_multimap_table(BANDS)
                .map_err(|x| e(x.into()))?;
            for &k in bands {
                t.insert(k, at).map_err(|x| e(x.into()))?;
            }
            let mut t = self
                .txn
                .open_multimap_table(TERMS)
                .map_err(|x| e(x.into()))?;
            for &k in terms {
                t.insert(k, at).map_err(|x| e(x.into()))?;
            }
            let mut t = self.txn.open_table(META).map_err(|x| e(x.into()))?;
            t.insert("next_doc", u64::from(at) + 1)
                .map_err(|x| e(x.into()))?;
        }
        Ok(at)
    }

    /// Stores a document's nearest candidates' similarities (largest first).
    pub fn set_nearest(&mut self, at: DocIndex, sims: &[f32]) -> Result<()> {
        let bytes: Vec<u8> = sims.iter().flat_map(|s| s.to_le_bytes()).collect();
        let mut t = self.txn.open_table(NEAREST).map_err(|e| self.error(e))?;
        t.insert(at, bytes.as_slice()).map_err(|e| self.error(e))?;
        Ok(())
    }

    /// Stores a link (by its `a` and `b`, which must differ).
    pub fn add_link(&mut self, link: &Link) -> Result<()> {
        let json = serde_json::to_vec(link).map_err(|e| self.error(e))?;
        let (a, b) = (link.a.min(link.b), link.a.max(link.b));
        let e = |err: redb::Error| self.error(err);
        let mut t = self.txn.open_table(LINKS).map_err(|x| e(x.into()))?;
        t.insert((a, b), json.as_slice()).map_err(|x| e(x.into()))?;
        let similarity = link.evidence.story_similarity.unwrap_or(link.score) as f32;
        let mut t = self.txn.open_table(EDGES).map_err(|x| e(x.into()))?;
        t.insert((a, b), (link.relation as u8, similarity))
            .map_err(|x| e(x.into()))?;
        let mut t = self
            .txn
            .open_multimap_table(LINKED)
            .map_err(|x| e(x.into()))?;
        t.insert(a, b).map_err(|x| e(x.into()))?;
        t.insert(b, a).map_err(|x| e(x.into()))?;
        Ok(())
    }

    /// Replaces stories: removes the stories `old`, then stores each of `new` (two or more
    /// members; named by their smallest member) and points its members at it. Members of a
    /// removed story not in any new one become stories of their own.
    pub fn replace_stories(&mut self, old: &[u32], new: &[Vec<DocIndex>]) -> Result<()> {
        let mut infos = Vec::new();
        for members in new.iter().filter(|m| m.len() >= 2) {
            let mut metas = Vec::with_capacity(members.len());
            for &m in members {
                metas.extend(self.meta(m)?);
            }
            let id = *members.iter().min().unwrap_or(&0);
            infos.push((id, StoryInfo::of(id, &metas)));
        }
        let e = |err: redb::Error| self.error(err);
        let mut info = self.txn.open_table(STORY_INFO).map_err(|x| e(x.into()))?;
        for &id in old {
            info.remove(id).map_err(|x| e(x.into()))?;
        }
        for (id, i) in &infos {
            let json = serde_json::to_vec(i).map_err(|x| self.error(x))?;
            info.insert(*id, json.as_slice()).map_err(|x| e(x.into()))?;
        }
        drop(info);
        let mut stories = self.txn.open_table(STORIES).map_err(|x| e(x.into()))?;
        let mut story_of = self.txn.open_table(STORY_OF).map_err(|x| e(x.into()))?;
        for &id in old {
            let members = stories
                .remove(id)
                .map_err(|x| e(x.into()))?
                .map(|v| decode_u32s(v.value()))
                .unwrap_or_default();
            for m in members {
                story_of.remove(m).map_err(|x| e(x.into()))?;
            }
        }
        for members in new.iter().filter(|m| m.len() >= 2) {
            let id = *members.iter().min().unwrap_or(&0);
            let bytes: Vec<u8> = members.iter().flat_map(|m| m.to_le_bytes()).collect();
            stories
                .insert(id, bytes.as_slice())
                .map_err(|x| e(x.into()))?;
            for &m in members {
                story_of.insert(m, id).map_err(|x| e(x.into()))?;
            }
        }
        Ok(())
    }

    /// Commits everything written: it is on disk when this returns.
    pub fn commit(self) -> Result<()> {
        let store = self.store;
        self.txn.commit().map_err(|e| store.error(e))
    }
}

/// What matching and serving read from the index, from a write or a read transaction alike.
pub trait Lookup {
    /// The index of the document with this id, if stored.
    fn doc_by_id(&self, id: &str) -> Result<Option<DocIndex>>;
    /// The index of a stored document with this content hash, if any.
    fn doc_by_hash(&self, hash: u128) -> Result<Option<DocIndex>>;
    /// A stored document.
    fn doc(&self, at: DocIndex) -> Result<Option<StoredDoc>>;
    /// A stored document's metadata alone.
    fn meta(&self, at: DocIndex) -> Result<Option<Meta>>;
    /// A stored story's listing: size, dates, sites, headline.
    fn story_info(&self, id: u32) -> Result<Option<StoryInfo>>;
    /// A stored document's shingle halves.
    fn shingles(&self, at: DocIndex) -> Result<Vec<u32>>;
    /// A stored document's weighted terms, as the ingest pipeline encoded them.
    fn weights(&self, at: DocIndex) -> Result<Vec<u8>>;
    /// What story clustering needs of a stored document.
    fn facts(&self, at: DocIndex) -> Result<Facts>;
    /// The documents posted under a band key.
    fn band(&self, key: u64) -> Result<Vec<DocIndex>>;
    /// The documents posted under a term key, or `None` when more than `cap` are (a term
    /// that common pairs nobody).
    fn term(&self, key: u64, cap: usize) -> Result<Option<Vec<DocIndex>>>;
    /// The documents linked to `at`.
    fn linked(&self, at: DocIndex) -> Result<Vec<DocIndex>>;
    /// The link between two documents, if stored.
    fn link(&self, a: DocIndex, b: DocIndex) -> Result<Option<Link>>;
    /// The relation and story similarity of a stored link, read without its evidence (what
    /// story clustering needs).
    fn edge(&self, a: DocIndex, b: DocIndex) -> Result<Option<(Relation, f32)>>;
    /// The story similarities of a document's most similar candidates so far, largest first.
    fn nearest(&self, at: DocIndex) -> Result<Vec<f32>>;
    /// The story a document is in (`None`: a story of its own).
    fn story_of(&self, at: DocIndex) -> Result<Option<u32>>;
    /// The members of a stored story.
    fn story(&self, id: u32) -> Result<Vec<DocIndex>>;
    /// The error for a problem of this index.
    fn error(&self, e: impl std::fmt::Display) -> Error;
    /// The documents under a posting key, at most `most`.
    fn postings(
        &self,
        def: MultimapTableDefinition<u64, u32>,
        key: u64,
        most: usize,
    ) -> Result<Vec<DocIndex>>;
}

/// The read methods, written once for both kinds of transaction (their `open_table` and
/// `open_multimap_table` differ in type, not in use).
macro_rules! lookups {
    () => {
        /// The index of the document with this id, if stored.
        fn doc_by_id(&self, id: &str) -> Result<Option<DocIndex>> {
            let t = self.txn.open_table(IDS).map_err(|e| self.error(e))?;
            let v = t.get(id).map_err(|e| self.error(e))?;
            Ok(v.map(|v| v.value()))
        }

        /// The index of a stored document with this content hash, if any.
        fn doc_by_hash(&self, hash: u128) -> Result<Option<DocIndex>> {
            let t = self.txn.open_table(HASHES).map_err(|e| self.error(e))?;
            let v = t.get(hash).map_err(|e| self.error(e))?;
            Ok(v.map(|v| v.value()))
        }

        /// A stored document.
        fn doc(&self, at: DocIndex) -> Result<Option<StoredDoc>> {
            let Some(meta) = self.meta(at)? else {
                return Ok(None);
            };
            let t = self.txn.open_table(TEXTS).map_err(|e| self.error(e))?;
            let text = t
                .get(at)
                .map_err(|e| self.error(e))?
                .map(|v| v.value().to_owned());
            Ok(Some(StoredDoc {
                meta,
                text: text.unwrap_or_default(),
                latest_year: self.facts(at)?.latest_year,
            }))
        }

        fn meta(&self, at: DocIndex) -> Result<Option<Meta>> {
            let t = self.txn.open_table(DOCS).map_err(|e| self.error(e))?;
            let v = t.get(at).map_err(|e| self.error(e))?;
            v.map(|v| serde_json::from_slice(v.value()).map_err(|e| self.error(e)))
                .transpose()
        }

        fn story_info(&self, id: u32) -> Result<Option<StoryInfo>> {
            let t = self.txn.open_table(STORY_INFO).map_err(|e| self.error(e))?;
            let v = t.get(id).map_err(|e| self.error(e))?;
            v.map(|v| serde_json::from_slice(v.value()).map_err(|e| self.error(e)))
                .transpose()
        }

        /// A stored document's shingle halves.
        fn shingles(&self, at: DocIndex) -> Result<Vec<u32>> {
            let t = self.txn.open_table(SHINGLES).map_err(|e| self.error(e))?;
            let v = t.get(at).map_err(|e| self.error(e))?;
            Ok(v.map(|v| {
                v.value()
                    .chunks_exact(4)
                    .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
                    .collect()
            })
            .unwrap_or_default())
        }

        /// A stored document's weighted terms, as the ingest pipeline encoded them.
        fn weights(&self, at: DocIndex) -> Result<Vec<u8>> {
            let t = self.txn.open_table(WEIGHTS).map_err(|e| self.error(e))?;
            let v = t.get(at).map_err(|e| self.error(e))?;
            Ok(v.map(|v| v.value().to_vec()).unwrap_or_default())
        }

        /// The documents posted under a band key.
        fn band(&self, key: u64) -> Result<Vec<DocIndex>> {
            self.postings(BANDS, key, usize::MAX)
        }

        /// The documents posted under a term key, or `None` when more than `cap` are (a term
        /// that common pairs nobody).
        fn term(&self, key: u64, cap: usize) -> Result<Option<Vec<DocIndex>>> {
            let docs = self.postings(TERMS, key, cap + 1)?;
            Ok((docs.len() <= cap).then_some(docs))
        }

        /// The documents linked to `at`.
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

        /// The link between two documents, if stored.
        fn link(&self, a: DocIndex, b: DocIndex) -> Result<Option<Link>> {
            let t = self.txn.open_table(LINKS).map_err(|e| self.error(e))?;
            let v = t.get((a.min(b), a.max(b))).map_err(|e| self.error(e))?;
            v.map(|v| serde_json::from_slice(v.value()).map_err(|e| self.error(e)))
                .transpose()
        }

        /// The story a document is in (`None`: a story of its own).
        fn story_of(&self, at: DocIndex) -> Result<Option<u32>> {
            let t = self.txn.open_table(STORY_OF).map_err(|e| self.error(e))?;
            let v = t.get(at).map_err(|e| self.error(e))?;
            Ok(v.map(|v| v.value()))
        }

        /// The members of a stored story.
        fn story(&self, id: u32) -> Result<Vec<DocIndex>> {
            let t = self.txn.open_table(STORIES).map_err(|e| self.error(e))?;
            let v = t.get(id).map_err(|e| self.error(e))?;
            Ok(v.map(|v| decode_u32s(v.value())).unwrap_or_default())
        }

        fn error(&self, e: impl std::fmt::Display) -> Error {
            self.store.error(e)
        }

        fn edge(&self, a: DocIndex, b: DocIndex) -> Result<Option<(Relation, f32)>> {
            let t = self.txn.open_table(EDGES).map_err(|e| self.error(e))?;
            let v = t.get((a.min(b), a.max(b))).map_err(|e| self.error(e))?;
            Ok(v.and_then(|v| {
                let (r, s) = v.value();
                Some((Relation::from_u8(r)?, s))
            }))
        }

        fn nearest(&self, at: DocIndex) -> Result<Vec<f32>> {
            let t = self.txn.open_table(NEAREST).map_err(|e| self.error(e))?;
            let v = t.get(at).map_err(|e| self.error(e))?;
            Ok(v.map(|v| {
                v.value()
                    .chunks_exact(4)
                    .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]))
                    .collect()
            })
            .unwrap_or_default())
        }

        fn facts(&self, at: DocIndex) -> Result<Facts> {
            let t = self.txn.open_table(FACTS).map_err(|e| self.error(e))?;
            let v = t.get(at).map_err(|e| self.error(e))?;
            Ok(v.map(|v| Facts::decode(v.value())).unwrap_or_default())
        }

        fn postings(
            &self,
            def: MultimapTableDefinition<u64, u32>,
            key: u64,
            most: usize,
        ) -> Result<Vec<DocIndex>> {
            let t = self
                .txn
                .open_multimap_table(def)
                .map_err(|e| self.error(e))?;
            let mut out = Vec::new();
            for v in t.get(key).map_err(|e| self.error(e))? {
                out.push(v.map_err(|e| self.error(e))?.value());
                if out.len() >= most {
                    break;
                }
            }
            Ok(out)
        }
    };
}

impl Lookup for Writer<'_> {
    lookups!();
}

/// A read transaction over the index: a consistent view while writes go on.
pub struct Reader<'s> {
    txn: redb::ReadTransaction,
    store: &'s Store,
}

impl Lookup for Reader<'_> {
    lookups!();
}

/// Little-endian u32s.
fn decode_u32s(bytes: &[u8]) -> Vec<u32> {
    bytes
        .chunks_exact(4)
        .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
        .collect()
}
