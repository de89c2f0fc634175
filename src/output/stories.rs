//! `stories.jsonl`: one story a line, its members with their roles, resolved to ids.
//!
//! The headline, summary, key quotes and entities are the summarize stage's; a member's
//! `related_to` and `basis` (how the direction of its derivation was decided) are fields
//! added to the contract's.

use std::io::Write;

use serde::Serialize;

use super::jsonl::JsonLines;
use crate::error::Result;
use crate::model::{Meta, Relation, Story};

#[derive(Serialize)]
struct MemberLine<'a> {
    id: &'a str,
    site: Option<&'a str>,
    title: Option<&'a str>,
    published: Option<&'a str>,
    role: &'static str,
    derived_from: Option<&'a str>,
    relation: Option<Relation>,
    #[serde(skip_serializing_if = "Option::is_none")]
    related_to: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    basis: Option<&'static str>,
}

#[derive(Serialize)]
struct QuoteLine<'a> {
    text: &'a str,
    documents: Vec<&'a str>,
}

#[derive(Serialize)]
struct StoryLine<'a> {
    story: usize,
    headline: Option<&'a str>,
    size: usize,
    first_seen: Option<&'a str>,
    last_seen: Option<&'a str>,
    original: &'a str,
    members: Vec<MemberLine<'a>>,
    summary: Vec<&'a str>,
    quotes: Vec<QuoteLine<'a>>,
    entities: Vec<&'a str>,
    sites: Vec<&'a str>,
    languages: Vec<&'a str>,
}

/// The distinct languages (ISO 639-3) of a story's members, most members first, ties by code.
pub fn languages<'a>(members: impl Iterator<Item = &'a Meta>) -> Vec<&'a str> {
    let mut counts: Vec<(&str, usize)> = Vec::new();
    for lang in members.filter_map(|d| d.lang.as_deref()) {
        match counts.iter_mut().find(|c| c.0 == lang) {
            Some(c) => c.1 += 1,
            None => counts.push((lang, 1)),
        }
    }
    counts.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    counts.into_iter().map(|c| c.0).collect()
}

/// Writes stories as JSON Lines, resolving indices to documents' metadata.
pub struct StoryWriter<'a, W: Write> {
    lines: JsonLines<W>,
    docs: &'a [Meta],
}

impl<'a, W: Write> StoryWriter<'a, W> {
    /// A writer over `out` (named `name` in errors) for these documents.
    pub fn new(out: W, name: impl Into<String>, docs: &'a [Meta]) -> StoryWriter<'a, W> {
        StoryWriter {
            lines: JsonLines::new(out, name),
            docs,
        }
    }

    /// Writes story number `n`. A member index past the documents is skipped.
    pub fn write(&mut self, n: usize, story: &Story) -> Result<()> {
        let docs = self.docs;
        let meta = |i: u32| docs.get(i as usize);
        let members: Vec<MemberLine<'a>> = story
            .members
            .iter()
            .filter_map(|m| {
                let d = meta(m.doc)?;
                Some(MemberLine {
                    id: &d.id,
                    site: d.site.as_deref(),
                    title: d.title.as_deref(),
                    published: d.published.as_ref().map(|p| p.1.as_str()),
                    role: m.role.as_str(),
                    derived_from: m.derived_from.and_then(meta).map(|s| s.id.as_str()),
                    relation: m.relation,
                    related_to: m.related_to.and_then(meta).map(|s| s.id.as_str()),
                    basis: m.basis.map(|b| b.as_str()),
                })
            })
            .collect();
        let dated = story
            .members
            .iter()
            .filter_map(|m| meta(m.doc)?.published.as_ref());
        let first = dated.clone().min_by_key(|p| p.0).map(|p| p.1.as_str());
        let last = dated.max_by_key(|p| p.0).map(|p| p.1.as_str());
        let original = story.members.first().and_then(|m| meta(m.doc));
        let languages = languages(story.members.iter().filter_map(|m| meta(m.doc)));
        let mut sites: Vec<&str> = members.iter().filter_map(|m| m.site).collect();
        sites.sort_unstable();
        sites.dedup();
        let line = StoryLine {
            story: n,
            headline: story
                .summary
                .headline
                .as_deref()
                .or_else(|| original.and_then(|d| d.title.as_deref())),
            size: members.len(),
            first_seen: first,
            last_seen: last,
            original: original.map_or("", |d| d.id.as_str()),
            members,
            summary: story
                .summary
                .lines
                .iter()
                .map(|l| l.text.as_str())
                .collect(),
            quotes: story
                .summary
                .quotes
                .iter()
                .map(|q| QuoteLine {
                    text: &q.text,
                    documents: q
                        .docs
                        .iter()
                        .filter_map(|&d| meta(d))
                        .map(|d| d.id.as_str())
                        .collect(),
                })
                .collect(),
            entities: story.summary.entities.iter().map(String::as_str).collect(),
            sites,
            languages,
        };
        self.lines.line(&line)
    }

    /// Flushes and gives back the sink.
    pub fn finish(self) -> Result<W> {
        self.lines.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Member, Role};

    #[test]
    fn a_story_line_resolves_ids_and_dates() {
        let docs = vec![
            Meta {
                id: "a".into(),
                site: Some("x.com".into()),
                title: Some("Kim vows".into()),
                published: Some((100, "1970-01-01T00:01:40Z".into())),
                chars: 10,
                ..Meta::default()
            },
            Meta {
                id: "b".into(),
                site: Some("y.com".into()),
                published: Some((50, "1970-01-01T00:00:50Z".into())),
                ..Meta::default()
            },
        ];
        let story = Story {
            members: vec![
                Member::new(0, Role::Original),
                Member {
                    derived_from: Some(0),
                    relation: Some(Relation::Spin),
                    related_to: Some(0),
                    basis: Some(crate::model::Basis::Wording),
                    ..Member::new(1, Role::Spin)
                },
            ],
            ..Story::default()
        };
        let mut w = StoryWriter::new(Vec::new(), "stories.jsonl", &docs);
        w.write(3, &story).unwrap();
        let out = String::from_utf8(w.finish().unwrap()).unwrap();
        let v: serde_json::Value = serde_json::from_str(out.trim()).unwrap();
        assert_eq!(v["story"], 3);
        assert_eq!(v["headline"], "Kim vows");
        assert_eq!(v["original"], "a");
        assert_eq!(v["size"], 2);
        assert_eq!(v["first_seen"], "1970-01-01T00:00:50Z");
        assert_eq!(v["last_seen"], "1970-01-01T00:01:40Z");
        assert_eq!(v["members"][1]["role"], "spin");
        assert_eq!(v["members"][1]["derived_from"], "a");
        assert_eq!(v["sites"], serde_json::json!(["x.com", "y.com"]));
        assert_eq!(v["summary"], serde_json::json!([]));
        assert_eq!(v["languages"], serde_json::json!([]));
    }

    #[test]
    fn a_story_lists_its_members_languages_most_members_first() {
        let doc = |id: &str, lang: Option<&str>| Meta {
            id: id.into(),
            lang: lang.map(Into::into),
            ..Meta::default()
        };
        let docs = [
            doc("a", Some("fra")),
            doc("b", Some("eng")),
            doc("c", Some("eng")),
            doc("d", None),
            doc("e", Some("deu")),
        ];
        assert_eq!(languages(docs.iter()), ["eng", "deu", "fra"]);
    }
}
