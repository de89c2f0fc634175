//! A stored story as readers see it: its members with roles, its summary, what each copy
//! changed, computed on request from the index (the provenance and summarize stages).

use foldhash::HashMap;
use serde_json::Value;

use crate::error::{Error, Result};
use crate::index::store::{Lookup, Reader, StoredDoc};
use crate::model::{DocIndex, Meta, Story};
use crate::output::StoryWriter;
use crate::pipeline::ingest::Indexer;
use crate::provenance::Provenance;
use crate::relate::Related;
use crate::summarize::Summarizer;

/// A story read from the index, its members numbered 0.. in index order.
pub struct StoryView {
    /// The story's id in the index (its smallest member's index).
    pub id: u32,
    /// Each member's index in the store, by local number.
    pub members: Vec<DocIndex>,
    /// Each member's metadata, by local number.
    pub docs: Vec<Meta>,
    /// Roles, summary and derivations, in local numbers.
    pub story: Story,
}

impl StoryView {
    /// The story as a `stories.jsonl` line is, ids resolved.
    pub fn json(&self) -> Result<Value> {
        let mut w = StoryWriter::new(Vec::new(), "story", &self.docs);
        w.write(self.id as usize, &self.story)?;
        let bytes = w.finish()?;
        serde_json::from_slice(&bytes).map_err(|e| Error::Format {
            what: "story".into(),
            expected: "JSON".into(),
            got: e.to_string(),
        })
    }
}

/// The story `id` (a story id, or the index of a document that is a story of its own);
/// `None` when there is none.
pub fn story_view(r: &Reader<'_>, indexer: &Indexer, id: u32) -> Result<Option<StoryView>> {
    story_with(r, indexer, id, true)
}

/// The story `id` with its members' roles but no summary (cheaper: what a match shows).
pub fn story_roles(r: &Reader<'_>, indexer: &Indexer, id: u32) -> Result<Option<StoryView>> {
    story_with(r, indexer, id, false)
}

fn story_with(
    r: &Reader<'_>,
    indexer: &Indexer,
    id: u32,
    summary: bool,
) -> Result<Option<StoryView>> {
    let mut members = r.story(id)?;
    if members.is_empty() {
        // A document in no larger story is a story of one, named by its own index.
        if r.meta(id)?.is_none() || r.story_of(id)?.is_some() {
            return Ok(None);
        }
        members = vec![id];
    }
    members.sort_unstable();
    let mut stored: Vec<StoredDoc> = Vec::with_capacity(members.len());
    for &m in &members {
        if let Some(doc) = r.doc(m)? {
            stored.push(doc);
        }
    }
    if stored.len() != members.len() {
        return Err(r.error(format!("story {id} names a document the index lacks")));
    }
    let local: HashMap<DocIndex, DocIndex> = members
        .iter()
        .enumerate()
        .map(|(i, &d)| (d, i as DocIndex))
        .collect();
    let mut links: Vec<Related> = Vec::new();
    for &d in &members {
        for o in r.linked(d)? {
            if o > d && local.contains_key(&o) {
                if let Some(mut link) = r.link(d, o)? {
                    let alignment = r.alignment(d, o)?;
                    link.a = local[&link.a];
                    link.b = local[&link.b];
                    link.source = link.source.and_then(|s| local.get(&s).copied());
                    links.push(Related { link, alignment });
                }
            }
        }
    }
    let docs: Vec<Meta> = stored.iter().map(|d| d.meta.clone()).collect();
    let text = |d: DocIndex| stored.get(d as usize).map_or("", |s| s.text.as_str());
    let set: Vec<DocIndex> = (0..members.len() as DocIndex).collect();
    let refs: Vec<&Related> = links.iter().collect();
    let idf = indexer.idf();
    let mut story = Provenance::new(indexer.engine(), &idf).story(&set, &refs, &docs, &text);
    if summary {
        let summarizer = Summarizer::new(&idf);
        story.summary = summarizer.summarize(&story, &docs, &text, &|_| None);
    }
    Ok(Some(StoryView {
        id,
        members,
        docs,
        story,
    }))
}
