//! `--emit-kept FILE.parquet`: the kept rows of Parquet inputs, read again with all their
//! columns and written with their copy group.
//!
//! The first pass reads only the columns the fields name; this one reads every column of the
//! files the documents came from, a batch at a time, and keeps the rows of kept documents. A
//! document is found again by its file and row, which both passes number alike.

use std::path::Path;

use foldhash::HashMap;

use crate::error::{Error, Result};
use crate::output::parquet::KeptRows;
use crate::output::Sink;
use crate::read::each_parquet_batch;

/// Where each document came from: its file (an index into `files`) and its row.
#[derive(Debug, Default)]
pub(super) struct Rows {
    files: Vec<String>,
    index: HashMap<String, u32>,
    /// Per document: its file and 1-based row; `None` when it was not a row (a line of JSON, a
    /// WARC record).
    at: Vec<Option<(u32, u64)>>,
}

impl Rows {
    /// Notes the next document's place: `path` and `row`, or `None` when it has no row.
    pub(super) fn push(&mut self, place: Option<(&str, u64)>) {
        let at = place.map(|(path, row)| {
            let next = self.files.len() as u32;
            let file = *self.index.entry(path.to_string()).or_insert(next);
            if file == next {
                self.files.push(path.to_string());
            }
            (file, row)
        });
        self.at.push(at);
    }

    /// Writes the rows of kept documents to `dest`, each with its group (`group[d]`, `None`
    /// outside any group). Returns how many rows were written. Fails when a document did not
    /// come from a Parquet file, or two files have different columns.
    pub(super) fn emit(self, dest: &Path, keep: &[bool], group: &[Option<i64>]) -> Result<u64> {
        let not_rows = |what: &str| {
            Error::Usage(format!(
                "--emit-kept {}: a Parquet output holds rows of Parquet inputs, and {what} is \
                 not one: write JSON Lines (a FILE ending in .jsonl) instead",
                dest.display()
            ))
        };
        if let Some(d) = self.at.iter().position(Option::is_none) {
            return Err(not_rows(&format!("document {}", d + 1)));
        }
        let mut by_file: Vec<HashMap<u64, Option<i64>>> =
            vec![HashMap::default(); self.files.len()];
        for (d, at) in self.at.iter().enumerate() {
            if let (Some((file, row)), true) = (at, keep[d]) {
                by_file[*file as usize].insert(*row, group[d]);
            }
        }
        let mut out: Option<KeptRows<Sink>> = None;
        for (file, kept) in self.files.iter().zip(&by_file) {
            let each = |first: u64, batch: arrow_array::RecordBatch| -> Result<()> {
                let n = batch.num_rows() as u64;
                let rows = first..first + n;
                let keep: Vec<bool> = rows.clone().map(|r| kept.contains_key(&r)).collect();
                let groups: Vec<Option<i64>> =
                    rows.map(|r| kept.get(&r).copied().flatten()).collect();
                let writer = match out.as_mut() {
                    Some(writer) => writer,
                    None => out.insert(KeptRows::new(
                        Sink::create(dest)?,
                        dest.display().to_string(),
                        batch.schema(),
                    )?),
                };
                writer.write(&batch, &keep, &groups, file)
            };
            each_parquet_batch(Path::new(file), each).map_err(|e| match e {
                Error::Io { path, .. } if path == Path::new(file) => not_rows(file),
                other => other,
            })?;
        }
        let Some(out) = out else {
            return Err(not_rows("an input with no rows"));
        };
        let written = out.written();
        out.finish()?.commit()?;
        Ok(written)
    }
}
