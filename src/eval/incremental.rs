//! Owns the `incremental` evaluation: the persistent index against the batch run on one input.
//!
//! The same documents go through `retold stories` (all at once) and through `retold ingest`
//! (one at a time, in input order, committed in batches of the default size), and the two
//! answers are compared twice: as arrival left the index, and after the settle an ingest run
//! ends with. Each comparison gives the Jaccard of the link sets (unordered pairs of ids,
//! relation aside) and the BCubed F1 of the stories of two or more documents, the batch taken
//! as gold. The input is the first `limit` articles of the allsides haystack with the five
//! seeds after them: a corpus where the two can differ, since hundreds of its articles share
//! a topic.

use std::fmt;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

use foldhash::{HashMap, HashSet};

use super::metrics::{bcubed, Prf};
use super::seeds::HAYSTACK;
use crate::error::{Error, Result};
use crate::index::store::Store;
use crate::pipeline::ingest::{settle, Indexer, Ingest, IngestOptions, Settle};
use crate::pipeline::stories::{Stories, StoriesOptions};

/// The default number of haystack articles read.
pub const DEFAULT_LIMIT: usize = 5_000;

/// The index against the batch run at one moment.
#[derive(Debug, Clone)]
pub struct Agreement {
    /// Documents in the index.
    pub documents: usize,
    /// Links in the index, and in both.
    pub links: (usize, usize),
    /// Stories of two or more documents in the index.
    pub stories: usize,
    /// The Jaccard of the two link sets.
    pub jaccard: f64,
    /// BCubed of the index's stories against the batch's, over the documents that are in a
    /// story of two or more in either.
    pub bcubed: Prf,
    /// Seconds the index took to get there.
    pub seconds: f64,
}

/// The figures of one `incremental` run.
#[derive(Debug, Clone)]
pub struct IncrementalReport {
    /// Documents, links and stories of two or more in the batch run, and its seconds.
    pub batch: (usize, usize, usize, f64),
    /// The index as arrival left it.
    pub arrival: Agreement,
    /// The index after its settle.
    pub settled: Agreement,
}

impl fmt::Display for IncrementalReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (docs, links, stories, seconds) = self.batch;
        writeln!(
            f,
            "incremental: {docs} documents; batch run {links} links, {stories} stories of two or more, {seconds:.1} s"
        )?;
        for (name, a) in [("on arrival", &self.arrival), ("settled", &self.settled)] {
            writeln!(
                f,
                "  index {name:<10} {} documents, {} links ({} in both), {} stories of two or more, {:.1} s",
                a.documents, a.links.0, a.links.1, a.stories, a.seconds
            )?;
            writeln!(
                f,
                "    link Jaccard {:.3}; stories BCubed precision {:.3} recall {:.3} F1 {:.3}",
                a.jaccard, a.bcubed.precision, a.bcubed.recall, a.bcubed.f1
            )?;
        }
        Ok(())
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
    let seconds = started.elapsed().as_secs_f64();
    let ids: Vec<String> = batch.docs.iter().map(|d| d.id.clone()).collect();
    let links: HashSet<(String, String)> = batch
        .links
        .iter()
        .map(|l| pair(&ids[l.a as usize], &ids[l.b as usize]))
        .collect();
    let stories: Vec<Vec<String>> = batch
        .stories
        .iter()
        .map(|s| {
            s.members
                .iter()
                .map(|m| ids[m.doc as usize].clone())
                .collect()
        })
        .collect();
    let gold = (links, stories);
    let started = Instant::now();
    let store = Store::open(&work.join("index.db"))?;
    let options = IngestOptions {
        settle: Settle::Never,
        ..IngestOptions::default()
    };
    Ingest::open(&inputs, &store, options.clone())?.run(&mut |_| {}, &mut |_| {})?;
    let arrival = agree(&store, &gold, started.elapsed().as_secs_f64())?;
    let started = Instant::now();
    settle(&store, &Indexer::open(&store, &options)?)?;
    let settled = agree(&store, &gold, started.elapsed().as_secs_f64())?;
    let grown = gold.1.iter().filter(|m| m.len() > 1).count();
    Ok(IncrementalReport {
        batch: (ids.len(), gold.0.len(), grown, seconds),
        arrival,
        settled,
    })
}

/// The index's links and stories against the batch run's.
fn agree(
    store: &Store,
    gold: &(HashSet<(String, String)>, Vec<Vec<String>>),
    seconds: f64,
) -> Result<Agreement> {
    let stored = store.ids()?;
    let links: HashSet<(String, String)> = store
        .link_pairs()?
        .into_iter()
        .map(|(a, b)| pair(&stored[a as usize], &stored[b as usize]))
        .collect();
    let stories: Vec<Vec<String>> = store
        .story_sets()?
        .into_iter()
        .map(|s| s.into_iter().map(|d| stored[d as usize].clone()).collect())
        .collect();
    let both = gold.0.intersection(&links).count();
    let union = gold.0.len() + links.len() - both;
    Ok(Agreement {
        documents: stored.len(),
        links: (links.len(), both),
        stories: stories.iter().filter(|m| m.len() > 1).count(),
        jaccard: if union > 0 {
            both as f64 / union as f64
        } else {
            1.0
        },
        bcubed: agreement(&gold.1, &stories),
        seconds,
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
