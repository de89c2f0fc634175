//! Owns the `incremental` evaluation: the persistent index against the batch run on one input.
//!
//! The same documents go through `retold stories` (all at once) and through `retold ingest`
//! (one at a time, in input order, committed in batches), and the two answers are compared:
//! the Jaccard of their link sets (unordered pairs of ids, relation aside) and the BCubed F1
//! of their stories of two or more documents, one taken as gold for the other. The input is
//! the first `limit` articles of the allsides haystack with the five seeds after them: a
//! corpus where the two can differ, since hundreds of its articles share a topic.

use std::fmt;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

use foldhash::{HashMap, HashSet};

use super::metrics::{bcubed, Prf};
use super::seeds::HAYSTACK;
use crate::error::{Error, Result};
use crate::index::store::Store;
use crate::pipeline::ingest::{Ingest, IngestOptions};
use crate::pipeline::stories::{Stories, StoriesOptions};

/// The default number of haystack articles read.
pub const DEFAULT_LIMIT: usize = 5_000;

/// The figures of one `incremental` run.
#[derive(Debug, Clone)]
pub struct IncrementalReport {
    /// Documents in each run.
    pub documents: (usize, usize),
    /// Links in the batch run, in the index, and in both.
    pub links: (usize, usize, usize),
    /// Stories of two or more documents: batch, index.
    pub stories: (usize, usize),
    /// The Jaccard of the two link sets.
    pub jaccard: f64,
    /// BCubed of the index's stories against the batch's, over the documents that are in a
    /// story of two or more in either.
    pub bcubed: Prf,
    /// Seconds: batch, index.
    pub seconds: (f64, f64),
}

impl fmt::Display for IncrementalReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "incremental: {} documents in the batch run, {} in the index",
            self.documents.0, self.documents.1
        )?;
        writeln!(
            f,
            "  links: batch {}, index {}, both {}; Jaccard {:.3}",
            self.links.0, self.links.1, self.links.2, self.jaccard
        )?;
        writeln!(
            f,
            "  stories of two or more: batch {}, index {}; BCubed precision {:.3} recall {:.3} F1 {:.3}",
            self.stories.0, self.stories.1, self.bcubed.precision, self.bcubed.recall, self.bcubed.f1
        )?;
        writeln!(
            f,
            "  seconds: batch {:.1}, index {:.1}",
            self.seconds.0, self.seconds.1
        )
    }
}

/// Runs the evaluation on the first `limit` haystack articles under `data` and the seed
/// pages in `seeds`, working in a temporary directory.
pub fn eval_incremental(data: &Path, seeds: &Path, limit: usize) -> Result<IncrementalReport> {
    let haystack = data.join(HAYSTACK);
    if !haystack.exists() {
        return Err(Error::Usage(format!(
            "{}: not found; point --data at a directory laid out like ../shared/data",
            haystack.display()
        )));
    }
    let work = std::env::temp_dir().join(format!("retold-incremental-{}", std::process::id()));
    std::fs::create_dir_all(&work).map_err(|e| Error::io(&work, e))?;
    let result = compare_runs(&haystack, seeds, limit, &work);
    let _ = std::fs::remove_dir_all(&work);
    result
}

fn compare_runs(
    haystack: &Path,
    seeds: &Path,
    limit: usize,
    work: &Path,
) -> Result<IncrementalReport> {
    let head = work.join("head.jsonl");
    write_head(haystack, limit, &head)?;
    let inputs = [head.display().to_string(), seeds.display().to_string()];
    let started = Instant::now();
    let batch =
        Stories::open(&inputs, StoriesOptions::default())?.run(&mut |_| Ok(()), &mut |_| {})?;
    let batch_seconds = started.elapsed().as_secs_f64();
    let ids: Vec<String> = batch.docs.iter().map(|d| d.id.clone()).collect();
    let batch_links: HashSet<(String, String)> = batch
        .links
        .iter()
        .map(|l| pair(&ids[l.a as usize], &ids[l.b as usize]))
        .collect();
    let batch_stories: Vec<Vec<String>> = batch
        .stories
        .iter()
        .map(|s| {
            s.members
                .iter()
                .map(|m| ids[m.doc as usize].clone())
                .collect()
        })
        .collect();

    let started = Instant::now();
    let store = Store::open(&work.join("index.db"))?;
    Ingest::open(&inputs, &store, IngestOptions::default())?.run(&mut |_| {}, &mut |_| {})?;
    let index_seconds = started.elapsed().as_secs_f64();
    let stored = store.ids()?;
    let index_links: HashSet<(String, String)> = store
        .link_pairs()?
        .into_iter()
        .map(|(a, b)| pair(&stored[a as usize], &stored[b as usize]))
        .collect();
    let index_stories: Vec<Vec<String>> = store
        .story_sets()?
        .into_iter()
        .map(|s| s.into_iter().map(|d| stored[d as usize].clone()).collect())
        .collect();

    let both = batch_links.intersection(&index_links).count();
    let union = batch_links.len() + index_links.len() - both;
    let grown = |s: &[Vec<String>]| s.iter().filter(|m| m.len() > 1).count();
    Ok(IncrementalReport {
        documents: (ids.len(), stored.len()),
        links: (batch_links.len(), index_links.len(), both),
        stories: (grown(&batch_stories), grown(&index_stories)),
        jaccard: if union > 0 {
            both as f64 / union as f64
        } else {
            1.0
        },
        bcubed: agreement(&batch_stories, &index_stories),
        seconds: (batch_seconds, index_seconds),
    })
}

/// An unordered pair of ids.
fn pair(a: &str, b: &str) -> (String, String) {
    if a <= b {
        (a.to_owned(), b.to_owned())
    } else {
        (b.to_owned(), a.to_owned())
    }
}

/// BCubed of `found` against `gold` over the documents in a story of two or more in either;
/// a document in a story of one is a cluster of its own.
pub fn agreement(gold: &[Vec<String>], found: &[Vec<String>]) -> Prf {
    let label = |sets: &[Vec<String>]| -> HashMap<String, usize> {
        let mut out = HashMap::default();
        for (n, s) in sets.iter().enumerate().filter(|(_, s)| s.len() > 1) {
            for id in s {
                out.insert(id.clone(), n);
            }
        }
        out
    };
    let (g, f) = (label(gold), label(found));
    let mut docs: Vec<&String> = g.keys().chain(f.keys()).collect();
    docs.sort_unstable();
    docs.dedup();
    // A document alone gets a label no story has: its own, past every story's number.
    let alone = |n: usize| usize::MAX - n;
    let gold_labels: Vec<usize> = docs
        .iter()
        .enumerate()
        .map(|(n, d)| g.get(*d).copied().unwrap_or(alone(n)))
        .collect();
    let found_labels: Vec<usize> = docs
        .iter()
        .enumerate()
        .map(|(n, d)| f.get(*d).copied().unwrap_or(alone(n)))
        .collect();
    bcubed(&found_labels, &gold_labels)
}

/// Writes the first `limit` lines of a gzip JSON Lines file to `dest`.
fn write_head(source: &Path, limit: usize, dest: &PathBuf) -> Result<()> {
    let file = std::fs::File::open(source).map_err(|e| Error::io(source, e))?;
    let lines = BufReader::new(flate2::read::MultiGzDecoder::new(file)).lines();
    let mut out =
        std::io::BufWriter::new(std::fs::File::create(dest).map_err(|e| Error::io(dest, e))?);
    for line in lines.take(limit) {
        let line = line.map_err(|e| Error::io(source, e))?;
        writeln!(out, "{line}").map_err(|e| Error::io(dest, e))?;
    }
    out.flush().map_err(|e| Error::io(dest, e))
}
