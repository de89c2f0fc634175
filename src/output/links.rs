//! `links.jsonl` and `groups.jsonl`: relations between documents, and copy groups.
//!
//! Stages hold documents by index; these writers turn indices back into the ids the user gave,
//! so a link reads `{"a": "reuters-12", "b": "reuters-97", ...}` and survives re-ordering.

use std::io::Write;

use serde::Serialize;

use super::jsonl::JsonLines;
use super::rows::{OutputFormat, Rows, Table};
use crate::error::Result;
use crate::model::{Basis, DocId, Evidence, Link, Relation};

#[derive(Serialize)]
struct LinkLine<'a> {
    a: &'a str,
    b: &'a str,
    relation: Relation,
    score: f64,
    source: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    basis: Option<Basis>,
    evidence: &'a Evidence,
}

#[derive(Serialize)]
struct Member<'a> {
    id: &'a str,
    relation: Option<Relation>,
}

#[derive(Serialize)]
struct GroupLine<'a> {
    group: usize,
    kept: &'a str,
    members: Vec<Member<'a>>,
}

/// A copy group as written: members by index, the kept one, each member's relation.
pub struct GroupView<'a> {
    /// The group's number in this run.
    pub group: usize,
    /// The kept member's index.
    pub kept: u32,
    /// Member indices.
    pub members: &'a [u32],
    /// Each member's strongest copy link inside the group (`None` for the kept one).
    pub relations: &'a [Option<Relation>],
}

/// Writes links and groups as JSON Lines (or Parquet tables), resolving indices to ids.
pub struct LinkWriter<'a, W: Write + Send> {
    lines: Rows<W>,
    ids: &'a [DocId],
}

impl<'a, W: Write + Send> LinkWriter<'a, W> {
    /// A JSON Lines writer over `out` (named `name` in errors) for documents with these ids.
    pub fn new(out: W, name: impl Into<String>, ids: &'a [DocId]) -> LinkWriter<'a, W> {
        LinkWriter {
            lines: Rows::Jsonl(JsonLines::new(out, name)),
            ids,
        }
    }

    /// A writer of `table` (links or groups) in `format`. Fails when this build cannot write
    /// the format.
    pub fn with_format(
        out: W,
        name: impl Into<String>,
        ids: &'a [DocId],
        format: OutputFormat,
        table: Table,
    ) -> Result<LinkWriter<'a, W>> {
        Ok(LinkWriter {
            lines: Rows::new(out, name, format, table)?,
            ids,
        })
    }

    fn id(&self, index: u32) -> &'a str {
        self.ids.get(index as usize).map_or("", String::as_str)
    }

    /// Writes one link as one line of `links.jsonl`.
    pub fn write_link(&mut self, link: &Link) -> Result<()> {
        let line = LinkLine {
            a: self.id(link.a),
            b: self.id(link.b),
            relation: link.relation,
            score: link.score,
            source: link.source.map(|s| self.id(s)),
            basis: link.basis,
            evidence: &link.evidence,
        };
        self.lines.row(&line)
    }

    /// Writes one group as one line of `groups.jsonl`.
    pub fn write_group(&mut self, group: &GroupView<'_>) -> Result<()> {
        let members = group
            .members
            .iter()
            .zip(group.relations)
            .map(|(&m, &relation)| Member {
                id: self.id(m),
                relation,
            })
            .collect();
        let line = GroupLine {
            group: group.group,
            kept: self.id(group.kept),
            members,
        };
        self.lines.row(&line)
    }

    /// Flushes and gives back the sink.
    pub fn finish(self) -> Result<W> {
        self.lines.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_and_groups_name_documents_by_id() {
        let ids: Vec<DocId> = vec!["x".into(), "y".into(), "z".into()];
        let mut w = LinkWriter::new(Vec::new(), "mem", &ids);
        let link = Link {
            a: 0,
            b: 2,
            relation: Relation::Excerpt,
            score: 0.95,
            source: Some(0),
            basis: Some(crate::model::Basis::Completeness),
            evidence: Evidence {
                jaccard: Some(0.5),
                containment: Some(0.95),
                ..Evidence::default()
            },
        };
        w.write_link(&link).unwrap();
        w.write_group(&GroupView {
            group: 0,
            kept: 0,
            members: &[0, 2],
            relations: &[None, Some(Relation::Excerpt)],
        })
        .unwrap();
        let text = String::from_utf8(w.finish().unwrap()).unwrap();
        let lines: Vec<serde_json::Value> = text
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(lines[0]["a"], "x");
        assert_eq!(lines[0]["b"], "z");
        assert_eq!(lines[0]["relation"], "excerpt");
        assert_eq!(lines[0]["source"], "x");
        assert_eq!(lines[0]["evidence"]["containment"], 0.95);
        assert_eq!(lines[1]["kept"], "x");
        assert_eq!(lines[1]["members"][1]["relation"], "excerpt");
        assert_eq!(lines[1]["members"][0]["relation"], serde_json::Value::Null);
    }
}
