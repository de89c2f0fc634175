//! A table's rows in the format the user asked for: JSON Lines, or Parquet.
//!
//! The writers of `documents`, `links` and `groups` build one serialisable row each and hand it
//! here, so a field added to a line is added to both formats at once.

use std::io::Write;

use serde::Serialize;

use super::jsonl::JsonLines;
use crate::error::{Error, Result};

/// Which table a Parquet output holds (its columns).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Table {
    /// `documents`: one extracted article a row.
    Documents,
    /// `links`: one linked pair a row.
    Links,
    /// `groups`: one copy group a row, its members a list.
    Groups,
}

/// The file format of a table output.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum OutputFormat {
    /// JSON Lines, the interface contract's format.
    #[default]
    Jsonl,
    /// Parquet (the `parquet` feature), typed as the JSON lines are.
    Parquet,
}

impl OutputFormat {
    /// The file name of a table in this format (`links.jsonl`, `links.parquet`).
    pub fn file_name(self, table: &str) -> String {
        match self {
            OutputFormat::Jsonl => format!("{table}.jsonl"),
            OutputFormat::Parquet => format!("{table}.parquet"),
        }
    }

    /// Fails with a usage error when this build cannot write the format.
    pub fn check(self) -> Result<()> {
        match self {
            OutputFormat::Parquet if !cfg!(feature = "parquet") => Err(Error::Usage(
                "this retold was built without Parquet: build it with `--features parquet`, or \
                 write JSON Lines"
                    .to_string(),
            )),
            _ => Ok(()),
        }
    }
}

/// Rows on their way to a sink, in one format.
pub enum Rows<W: Write + Send> {
    /// One JSON object a line.
    Jsonl(JsonLines<W>),
    /// A Parquet table.
    #[cfg(feature = "parquet")]
    Parquet(Box<super::parquet::ParquetRows<W>>, u64),
}

impl<W: Write + Send> Rows<W> {
    /// Rows of `table` in `format` over `out`, named `name` in errors. Fails when this build
    /// cannot write the format, or the sink refuses the file's header.
    pub fn new(
        out: W,
        name: impl Into<String>,
        format: OutputFormat,
        table: Table,
    ) -> Result<Rows<W>> {
        match format {
            OutputFormat::Jsonl => Ok(Rows::Jsonl(JsonLines::new(out, name))),
            #[cfg(feature = "parquet")]
            OutputFormat::Parquet => {
                let rows = super::parquet::ParquetRows::new(out, name, table)?;
                Ok(Rows::Parquet(Box::new(rows), 0))
            }
            #[cfg(not(feature = "parquet"))]
            OutputFormat::Parquet => {
                let _ = table;
                format
                    .check()
                    .map(|()| Rows::Jsonl(JsonLines::new(out, name)))
            }
        }
    }

    /// Writes one row.
    pub fn row(&mut self, row: &impl Serialize) -> Result<()> {
        match self {
            Rows::Jsonl(lines) => lines.line(row),
            #[cfg(feature = "parquet")]
            Rows::Parquet(rows, written) => {
                *written += 1;
                rows.row(row)
            }
        }
    }

    /// Rows written so far.
    pub fn written(&self) -> u64 {
        match self {
            Rows::Jsonl(lines) => lines.written(),
            #[cfg(feature = "parquet")]
            Rows::Parquet(_, written) => *written,
        }
    }

    /// Writes what is buffered (and a Parquet footer), and gives back the sink.
    pub fn finish(self) -> Result<W> {
        match self {
            Rows::Jsonl(lines) => lines.finish(),
            #[cfg(feature = "parquet")]
            Rows::Parquet(rows, _) => rows.finish(),
        }
    }
}
