//! `POST /v1/match`'s answer: a document's relations to the index, the story it would join
//! with that story's original, and what it changed from the document it derives from.

use serde_json::{json, Value};

use super::view::story_roles;
use super::App;
use crate::error::Result;
use crate::index::store::{Lookup, Reader, StoryInfo};
use crate::model::Article;
use crate::pipeline::ingest::{Matched, NEW};
use crate::relate::engine::shown_pairs;

/// The answer to matching `article` against the index, nothing stored.
pub fn matched_json(app: &App, article: &Article) -> Result<Value> {
    let matched = app.indexer.matches(&app.store, article)?;
    let r = app.store.read()?;
    let id_of = |d: u32| -> Result<Value> {
        Ok(match d {
            NEW => Value::String("new".into()),
            d => r.meta(d)?.map_or(Value::Null, |m| Value::String(m.id)),
        })
    };
    let mut relations = Vec::new();
    for link in matched.links.iter().map(|m| &m.link) {
        let meta = r.meta(link.a)?;
        relations.push(json!({
            "id": meta.as_ref().map(|m| m.id.clone()),
            "title": meta.as_ref().and_then(|m| m.title.clone()),
            "site": meta.as_ref().and_then(|m| m.site.clone()),
            "relation": link.relation,
            "score": link.score,
            "source": link.source.map(&id_of).transpose()?,
            "evidence": link.evidence,
        }));
    }
    let (story, original) = story_of(app, &r, &matched)?;
    Ok(json!({
        "id": article.id,
        "stored": matched.stored.map(&id_of).transpose()?,
        "relations": relations,
        "story": story,
        "original": original,
        "changes": changes(app, &r, &matched, article)?,
    }))
}

/// The story a match would join, as its listing has it, and its original by the provenance
/// rules (roles only: a summary per match would cost more than the match).
fn story_of(
    app: &App,
    r: &Reader<'_>,
    matched: &Matched,
) -> Result<(Option<StoryInfo>, Option<Value>)> {
    let Some(id) = matched.story else {
        return Ok((None, None));
    };
    let Some(v) = story_roles(r, &app.indexer, id)? else {
        return Ok((None, None));
    };
    let info = match r.story_info(id)? {
        Some(info) => info,
        None => StoryInfo::of(id, &v.docs),
    };
    let original = v
        .story
        .members
        .first()
        .and_then(|m| v.docs.get(m.doc as usize));
    let original = original.map(|m| json!({"id": m.id, "title": m.title, "site": m.site}));
    Ok((Some(info), original))
}

/// What changed: against the document it derives from (its strongest link, when that is a
/// derivation), sentence by sentence, as the alignment of the link has them (one made for
/// the reader when the copy rules found it).
fn changes(app: &App, r: &Reader<'_>, matched: &Matched, article: &Article) -> Result<Value> {
    let Some(best) = matched.links.first().filter(|m| m.link.relation.is_copy()) else {
        return Ok(Value::Null);
    };
    let source = r.text(best.link.a)?;
    let alignment = match &best.alignment {
        Some(al) => al.clone(),
        None => {
            let idf = app.indexer.idf();
            let engine = app.indexer.engine();
            engine.display_alignment(&source, &article.text, &idf)
        }
    };
    let with = r.meta(best.link.a)?.map(|m| m.id);
    let shown = shown_pairs(&source, &article.text, &alignment);
    Ok(json!({"with": with, "relation": best.link.relation, "alignment": shown}))
}
