//! Writing the index: one transaction's documents, links, stories and counts, committed whole.

use redb::{ReadableTable, WriteTransaction};

use super::read::Lookup;
use super::{
    Store, StoryInfo, ALIGNMENTS, BANDS, DF, DOCS, EDGES, FACTS, HASHES, IDS, LINKED, LINKS, META,
    NEAREST, SENTENCES, SHINGLES, STORIES, STORY_INFO, STORY_OF, STORY_ORDER, TERMS, TEXTS,
    WEIGHTS,
};
use crate::analyze::weights::{DocFreq, Weighted};
use crate::error::Result;
use crate::index::codec::{self, Facts};
use crate::model::{Alignment, DocIndex, Link, Meta};

/// A document to store, with everything matching a later newcomer against it reads.
#[derive(Debug, Clone)]
pub struct NewDoc<'a> {
    /// Its metadata.
    pub meta: &'a Meta,
    /// Its extracted text.
    pub text: &'a str,
    /// Date, tie, year, words, content hash.
    pub facts: Facts,
    /// Its shingle halves, sorted.
    pub shingles: &'a [u32],
    /// Its LSH band keys (none for an exact copy of a stored text: the first one stands
    /// for it).
    pub bands: &'a [u64],
    /// The terms it is posted under for retelling candidates.
    pub terms: &'a [u64],
    /// Its weighted terms.
    pub weights: &'a Weighted,
}

/// Inserts one row into a table of the transaction.
macro_rules! put {
    ($w:expr, $table:expr, $key:expr, $value:expr) => {{
        let mut t = $w.txn.open_table($table).map_err(|e| $w.error(e))?;
        t.insert($key, $value).map_err(|e| $w.error(e))?;
    }};
}

/// A write transaction over the index. Reads through it see its own writes.
pub struct Writer<'s> {
    pub(super) txn: WriteTransaction,
    pub(super) store: &'s Store,
}

impl<'s> Writer<'s> {
    pub(super) fn new(txn: WriteTransaction, store: &'s Store) -> Writer<'s> {
        Writer { txn, store }
    }

    /// The index the next document will get.
    pub fn next_doc(&self) -> Result<DocIndex> {
        Ok(self.meta_value("next_doc")? as DocIndex)
    }

    /// A number of the `meta` table (0 when unset).
    pub fn meta_value(&self, name: &str) -> Result<u64> {
        let t = self.txn.open_table(META).map_err(|e| self.error(e))?;
        let v = t.get(name).map_err(|e| self.error(e))?;
        Ok(v.map_or(0, |v| v.value()))
    }

    /// Sets a number of the `meta` table.
    pub fn set_meta_value(&mut self, name: &str, value: u64) -> Result<()> {
        let mut t = self.txn.open_table(META).map_err(|e| self.error(e))?;
        t.insert(name, value).map_err(|e| self.error(e))?;
        Ok(())
    }

    /// Stores a document; returns its index.
    pub fn add_doc(&mut self, doc: &NewDoc<'_>) -> Result<DocIndex> {
        let at = self.next_doc()?;
        let json = codec::encode_json(doc.meta).map_err(|e| self.error(e))?;
        put!(self, DOCS, at, json.as_slice());
        put!(self, TEXTS, at, doc.text);
        put!(self, IDS, doc.meta.id.as_str(), at);
        if let Some(hash) = doc.facts.content_hash {
            let mut t = self.txn.open_table(HASHES).map_err(|e| self.error(e))?;
            if t.get(hash).map_err(|e| self.error(e))?.is_none() {
                t.insert(hash, at).map_err(|e| self.error(e))?;
            }
        }
        put!(
            self,
            SHINGLES,
            at,
            codec::encode_u32s(doc.shingles).as_slice()
        );
        self.set_weights(at, doc.weights)?;
        put!(self, FACTS, at, doc.facts.encode().as_slice());
        let mut t = self
            .txn
            .open_multimap_table(BANDS)
            .map_err(|e| self.error(e))?;
        for &k in doc.bands {
            t.insert(k, at).map_err(|e| self.error(e))?;
        }
        drop(t);
        self.post_terms(at, doc.terms)?;
        self.set_meta_value("next_doc", u64::from(at) + 1)?;
        if let Some(p) = doc.facts.published {
            if self.newest()?.is_none_or(|n| p > n) {
                // Stored offset from i64::MIN, so that 0 means "no date yet".
                self.set_meta_value("newest", (i128::from(p) - i128::from(i64::MIN)) as u64)?;
            }
        }
        Ok(at)
    }

    /// The newest publication date stored (which bounds the years undated texts name).
    pub fn newest(&self) -> Result<Option<i64>> {
        let v = self.meta_value("newest")?;
        Ok((v > 0).then(|| (i128::from(v) + i128::from(i64::MIN)) as i64))
    }

    /// Replaces a document's weighted terms.
    pub fn set_weights(&mut self, at: DocIndex, weights: &Weighted) -> Result<()> {
        put!(
            self,
            WEIGHTS,
            at,
            codec::encode_weighted(weights).as_slice()
        );
        Ok(())
    }

    /// Replaces a document's facts.
    pub fn set_facts(&mut self, at: DocIndex, facts: &Facts) -> Result<()> {
        put!(self, FACTS, at, facts.encode().as_slice());
        Ok(())
    }

    /// Posts a document under terms (for retelling candidates).
    pub fn post_terms(&mut self, at: DocIndex, terms: &[u64]) -> Result<()> {
        let mut t = self
            .txn
            .open_multimap_table(TERMS)
            .map_err(|e| self.error(e))?;
        for &k in terms {
            t.insert(k, at).map_err(|e| self.error(e))?;
        }
        Ok(())
    }

    /// Removes every term posting (a settle posts every document again).
    pub fn clear_terms(&mut self) -> Result<()> {
        self.txn
            .delete_multimap_table(TERMS)
            .map_err(|e| self.error(e))?;
        self.txn
            .open_multimap_table(TERMS)
            .map_err(|e| self.error(e))?;
        Ok(())
    }

    /// Stores a document's nearest candidates' similarities (largest first).
    pub fn set_nearest(&mut self, at: DocIndex, sims: &[f32]) -> Result<()> {
        put!(self, NEAREST, at, codec::encode_f32s(sims).as_slice());
        Ok(())
    }

    /// Adds documents' term counts to the corpus counts.
    pub fn add_doc_freq(&mut self, delta: &DocFreq) -> Result<()> {
        let mut t = self.txn.open_table(DF).map_err(|e| self.error(e))?;
        for (k, n) in delta.iter() {
            let old = t
                .get(k)
                .map_err(|e| self.error(e))?
                .map_or(0, |v| v.value());
            t.insert(k, old.saturating_add(n))
                .map_err(|e| self.error(e))?;
        }
        Ok(())
    }

    /// Replaces the corpus counts.
    pub fn set_doc_freq(&mut self, all: &DocFreq) -> Result<()> {
        self.txn.delete_table(DF).map_err(|e| self.error(e))?;
        let mut t = self.txn.open_table(DF).map_err(|e| self.error(e))?;
        for (k, n) in all.iter() {
            t.insert(k, n).map_err(|e| self.error(e))?;
        }
        Ok(())
    }

    /// Counts one more document holding each of these sentence keys (each once).
    pub fn add_sentences(&mut self, keys: &[u64]) -> Result<()> {
        let mut t = self.txn.open_table(SENTENCES).map_err(|e| self.error(e))?;
        for &k in keys {
            let old = t
                .get(k)
                .map_err(|e| self.error(e))?
                .map_or(0, |v| v.value());
            t.insert(k, old + 1).map_err(|e| self.error(e))?;
        }
        Ok(())
    }

    /// Replaces the sentence counts.
    pub fn set_sentences(&mut self, counts: impl Iterator<Item = (u64, u32)>) -> Result<()> {
        self.txn
            .delete_table(SENTENCES)
            .map_err(|e| self.error(e))?;
        let mut t = self.txn.open_table(SENTENCES).map_err(|e| self.error(e))?;
        for (k, n) in counts {
            t.insert(k, n).map_err(|e| self.error(e))?;
        }
        Ok(())
    }

    /// Stores a link (by its `a` and `b`, which must differ) and the alignment it rests on.
    pub fn add_link(&mut self, link: &Link, alignment: Option<&Alignment>) -> Result<()> {
        let json = codec::encode_json(link).map_err(|e| self.error(e))?;
        let (a, b) = (link.a.min(link.b), link.a.max(link.b));
        put!(self, LINKS, (a, b), json.as_slice());
        let similarity = link.evidence.story_similarity.unwrap_or(link.score) as f32;
        put!(
            self,
            EDGES,
            (a, b),
            (codec::relation_code(link.relation), similarity)
        );
        if let Some(al) = alignment {
            put!(
                self,
                ALIGNMENTS,
                (a, b),
                codec::encode_alignment(al).as_slice()
            );
        }
        let mut t = self
            .txn
            .open_multimap_table(LINKED)
            .map_err(|e| self.error(e))?;
        t.insert(a, b).map_err(|e| self.error(e))?;
        t.insert(b, a).map_err(|e| self.error(e))?;
        Ok(())
    }

    /// Removes the link between two documents, if stored.
    pub fn remove_link(&mut self, a: DocIndex, b: DocIndex) -> Result<()> {
        let (a, b) = (a.min(b), a.max(b));
        for def in [LINKS, ALIGNMENTS] {
            let mut t = self.txn.open_table(def).map_err(|e| self.error(e))?;
            t.remove((a, b)).map_err(|e| self.error(e))?;
        }
        let mut t = self.txn.open_table(EDGES).map_err(|e| self.error(e))?;
        t.remove((a, b)).map_err(|e| self.error(e))?;
        let mut t = self
            .txn
            .open_multimap_table(LINKED)
            .map_err(|e| self.error(e))?;
        t.remove(a, b).map_err(|e| self.error(e))?;
        t.remove(b, a).map_err(|e| self.error(e))?;
        Ok(())
    }

    /// Removes every link (a settle stores the batch run's links in their place).
    pub fn clear_links(&mut self) -> Result<()> {
        for def in [LINKS, ALIGNMENTS] {
            self.txn.delete_table(def).map_err(|e| self.error(e))?;
            self.txn.open_table(def).map_err(|e| self.error(e))?;
        }
        self.txn.delete_table(EDGES).map_err(|e| self.error(e))?;
        self.txn.open_table(EDGES).map_err(|e| self.error(e))?;
        self.txn
            .delete_multimap_table(LINKED)
            .map_err(|e| self.error(e))?;
        self.txn
            .open_multimap_table(LINKED)
            .map_err(|e| self.error(e))?;
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
        let mut info = self.txn.open_table(STORY_INFO).map_err(|e| self.error(e))?;
        let mut order = self
            .txn
            .open_table(STORY_ORDER)
            .map_err(|e| self.error(e))?;
        for &id in old {
            let removed = info.remove(id).map_err(|e| self.error(e))?;
            if let Some(v) = removed {
                let was: StoryInfo =
                    codec::decode_json("story listing", v.value()).map_err(|e| self.error(e))?;
                order
                    .remove(codec::story_order_key(was.newest, was.size, was.id))
                    .map_err(|e| self.error(e))?;
            }
        }
        for (id, i) in &infos {
            let json = codec::encode_json(i).map_err(|e| self.error(e))?;
            info.insert(*id, json.as_slice())
                .map_err(|e| self.error(e))?;
            order
                .insert(
                    codec::story_order_key(i.newest, i.size, *id),
                    json.as_slice(),
                )
                .map_err(|e| self.error(e))?;
        }
        drop((info, order));
        let mut stories = self.txn.open_table(STORIES).map_err(|e| self.error(e))?;
        let mut story_of = self.txn.open_table(STORY_OF).map_err(|e| self.error(e))?;
        for &id in old {
            let removed = stories.remove(id).map_err(|e| self.error(e))?;
            let members = match removed {
                Some(v) => codec::decode_u32s("story", v.value()).map_err(|e| self.error(e))?,
                None => Vec::new(),
            };
            for m in members {
                story_of.remove(m).map_err(|e| self.error(e))?;
            }
        }
        for members in new.iter().filter(|m| m.len() >= 2) {
            let id = *members.iter().min().unwrap_or(&0);
            let bytes = codec::encode_u32s(members);
            stories
                .insert(id, bytes.as_slice())
                .map_err(|e| self.error(e))?;
            for &m in members {
                story_of.insert(m, id).map_err(|e| self.error(e))?;
            }
        }
        Ok(())
    }

    /// Every stored story's id.
    pub fn story_ids(&self) -> Result<Vec<u32>> {
        let t = self.txn.open_table(STORIES).map_err(|e| self.error(e))?;
        let mut out = Vec::new();
        for row in t.iter().map_err(|e| self.error(e))? {
            out.push(row.map_err(|e| self.error(e))?.0.value());
        }
        Ok(out)
    }

    /// Commits everything written: it is on disk when this returns.
    pub fn commit(self) -> Result<()> {
        let store = self.store;
        self.txn.commit().map_err(|e| store.error(e))
    }
}

/// Fills the ordered story listing from the listings (an index of version 4 had none).
pub(super) fn order_listings(store: &Store, txn: &WriteTransaction) -> Result<()> {
    let e = |x: redb::Error| store.error(x);
    let info = txn.open_table(STORY_INFO).map_err(|x| e(x.into()))?;
    let mut order = txn.open_table(STORY_ORDER).map_err(|x| e(x.into()))?;
    for row in info.iter().map_err(|x| e(x.into()))? {
        let (id, v) = row.map_err(|x| e(x.into()))?;
        let listed: StoryInfo = store.value(codec::decode_json("story listing", v.value()))?;
        let key = codec::story_order_key(listed.newest, listed.size, id.value());
        order.insert(key, v.value()).map_err(|x| e(x.into()))?;
    }
    Ok(())
}
