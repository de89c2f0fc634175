//! JSON Lines sinks, and `documents.jsonl`: one extracted article a line, in the contract's shape.
//!
//! `chars` is the text's length in Unicode scalar values (what a reader calls characters),
//! computed at write time; absent metadata is written as `null` so every line has every key.

use std::io::Write;

use serde::Serialize;

use super::rows::{OutputFormat, Rows, Table};
use crate::error::{Error, Result};
use crate::model::{Article, Removed};

/// The contract's line for one document (see `docs/interface.md`, `documents.jsonl`).
#[derive(Serialize)]
struct DocumentLine<'a> {
    id: &'a str,
    url: Option<&'a str>,
    site: Option<&'a str>,
    title: Option<&'a str>,
    published: Option<&'a str>,
    lang: Option<&'a str>,
    text: &'a str,
    chars: usize,
    removed: &'a [Removed],
    credits: &'a [String],
}

/// A JSON Lines sink: one serialised value a line, with errors that name the destination.
pub struct JsonLines<W: Write> {
    out: W,
    name: String,
    written: u64,
}

impl<W: Write> JsonLines<W> {
    /// A sink over `out`; `name` names the destination in errors (`-` for stdout).
    pub fn new(out: W, name: impl Into<String>) -> JsonLines<W> {
        JsonLines {
            out,
            name: name.into(),
            written: 0,
        }
    }

    /// Writes one value as one line.
    pub fn line(&mut self, value: &impl Serialize) -> Result<()> {
        serde_json::to_writer(&mut self.out, value)
            .map_err(|e| Error::io(&self.name, std::io::Error::other(e)))?;
        self.out
            .write_all(b"\n")
            .map_err(|e| Error::io(&self.name, e))?;
        self.written += 1;
        Ok(())
    }

    /// Lines written so far.
    pub fn written(&self) -> u64 {
        self.written
    }

    /// Flushes and gives back the sink.
    pub fn finish(mut self) -> Result<W> {
        self.out.flush().map_err(|e| Error::io(&self.name, e))?;
        Ok(self.out)
    }
}

/// Writes articles as `documents.jsonl` lines (or a `documents.parquet` table) to any byte
/// sink.
pub struct DocumentWriter<W: Write + Send> {
    rows: Rows<W>,
}

impl<W: Write + Send> DocumentWriter<W> {
    /// A JSON Lines writer over `out`; `name` names the destination in errors (`-` for stdout).
    pub fn new(out: W, name: impl Into<String>) -> DocumentWriter<W> {
        DocumentWriter {
            rows: Rows::Jsonl(JsonLines::new(out, name)),
        }
    }

    /// A writer in `format` over `out`. Fails when this build cannot write the format.
    pub fn with_format(
        out: W,
        name: impl Into<String>,
        format: OutputFormat,
    ) -> Result<DocumentWriter<W>> {
        Ok(DocumentWriter {
            rows: Rows::new(out, name, format, Table::Documents)?,
        })
    }

    /// Writes one article as one line (row).
    pub fn write(&mut self, article: &Article) -> Result<()> {
        self.rows.row(&DocumentLine {
            id: &article.id,
            url: article.url.as_deref(),
            site: article.site.as_deref(),
            title: article.title.as_deref(),
            published: article.published.as_ref().map(|p| p.iso.as_str()),
            lang: article.lang.as_deref(),
            text: &article.text,
            chars: article.text.chars().count(),
            removed: &article.removed,
            credits: &article.credits,
        })
    }

    /// Lines written so far.
    pub fn written(&self) -> u64 {
        self.rows.written()
    }

    /// Flushes and gives back the sink.
    pub fn finish(self) -> Result<W> {
        self.rows.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ChromeKind, Published};

    #[test]
    fn writes_the_contract_fields_with_nulls() {
        let article = Article {
            id: "a\"1".into(),
            url: None,
            site: Some("Tide".into()),
            title: Some("Bridge".into()),
            published: Some(Published {
                epoch: 0,
                iso: "1970-01-01".into(),
            }),
            lang: None,
            text: "Zoë <b>".into(),
            removed: vec![Removed {
                kind: ChromeKind::Share,
                text: "191".into(),
            }],
            credits: vec!["(c) Tide".into()],
        };
        let mut w = DocumentWriter::new(Vec::new(), "mem");
        w.write(&article).unwrap();
        let bytes = w.finish().unwrap();
        let v: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
        assert_eq!(v["id"], "a\"1");
        assert_eq!(v["url"], serde_json::Value::Null);
        assert_eq!(v["published"], "1970-01-01");
        assert_eq!(v["chars"], 7);
        assert_eq!(v["removed"][0]["kind"], "share");
        assert_eq!(v["credits"][0], "(c) Tide");
        let keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(keys.len(), 10);
    }
}
