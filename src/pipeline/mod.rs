//! The one place that wires stages together: the commands' paths through the stages. Every
//! rule lives in the stage that owns its meaning; these files only call them in order.
//!
//! Every path reads the same way: a reader thread decompresses and parses records into batches
//! of `BATCH` items and hands them over a channel that holds at most two batches; a worker
//! thread has the thread pool (rayon) process each batch in parallel, while the calling thread
//! delivers the batch before it, in input order, so output is deterministic for any thread
//! count. Memory for records in flight is bounded by a few batches whatever the input's size.

pub mod compare;
pub mod corpus;
pub mod dedup;
pub mod extract;
mod held;
pub mod ingest;
#[cfg(feature = "parquet")]
pub mod shard;
pub mod stop;
pub mod stories;

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::sync_channel;

use rayon::prelude::*;

use crate::error::Result;
use crate::extract::extract;
use crate::model::{Article, Problem, Warning};
use crate::read::{Item, Reader};

pub use dedup::{Dedup, DedupOptions, DedupResult};
pub use extract::{ExtractOptions, Extraction};

/// Records per batch: large enough to keep both cores busy on short texts, small enough that
/// three batches of large HTML pages stay within tens of megabytes.
const BATCH: usize = 256;

/// What a run read, kept and skipped: the numbers of the summary line.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Tally {
    /// Pieces of input read: every record and every bad line or record met, so that
    /// `records == articles + skipped()` (plus, for `ingest`, the records the index held).
    pub records: u64,
    /// Documents delivered.
    pub articles: u64,
    /// Problems met, by class; repairs are counted here too (see [`Problem::skips`]).
    pub problems: BTreeMap<Problem, u64>,
}

impl Tally {
    /// Pieces of input skipped (every problem but repairs).
    pub fn skipped(&self) -> u64 {
        self.problems
            .iter()
            .filter(|(p, _)| p.skips())
            .map(|(_, n)| n)
            .sum()
    }

    /// Counts one problem.
    pub fn count(&mut self, warning: &Warning) {
        *self.problems.entry(warning.problem).or_default() += 1;
    }

    /// Counts a bad piece of input and hands it to `on_warning`; with `strict`, it ends the
    /// run as an error (what was delivered before it stays delivered).
    pub(crate) fn skip(
        &mut self,
        warning: Warning,
        on_warning: &mut dyn FnMut(&Warning),
        strict: bool,
    ) -> Result<()> {
        self.count(&warning);
        if warning.problem.skips() {
            self.records += 1;
        }
        on_warning(&warning);
        match strict {
            true => Err(warning.into()),
            false => Ok(()),
        }
    }
}

/// A run over some inputs, as a progress bar follows it.
pub trait Inputs {
    /// The run's reader.
    fn reader(&self) -> &Reader;

    /// Total on-disk bytes of the inputs (0 for stdin), for a progress bar.
    fn total_bytes(&self) -> u64 {
        self.reader().total_bytes()
    }

    /// On-disk bytes consumed so far, updated while the run goes on.
    fn progress(&self) -> std::sync::Arc<std::sync::atomic::AtomicU64> {
        self.reader().progress()
    }
}

/// What the parallel step of a path that extracts makes of one reader item: what `prepare`
/// made of its article.
pub(crate) enum Extracted<T> {
    /// The article, prepared.
    Doc(Box<T>),
    /// A piece of input skipped: a problem of the reader, or a record without text once
    /// extracted.
    Skipped(Warning),
}

impl<T> Extracted<T> {
    /// Extracts one reader item and prepares its article (in a worker thread).
    pub(crate) fn of(item: Item, prepare: impl FnOnce(Article) -> T) -> Extracted<T> {
        match item {
            Item::Record(record) => match extract(record) {
                Ok(article) => Extracted::Doc(Box::new(prepare(article))),
                Err(w) => Extracted::Skipped(w),
            },
            Item::Warning(w) => Extracted::Skipped(w),
        }
    }
}

/// Runs `work` over every item of `reader` in parallel batches and hands the results to
/// `deliver` in input order. An error from `deliver` stops the reader and is returned.
///
/// Three stages overlap: the reader thread parses the next batches, a worker thread has the
/// thread pool process one batch, and the calling thread delivers the batch before it (a
/// run's serial step: writing documents out, posting band keys), so the pool never waits for
/// delivery. At most two batches wait between stages.
fn run_batched<I, R, T, W, D>(reader: R, work: W, mut deliver: D) -> Result<()>
where
    I: Send,
    R: IntoIterator<Item = I> + Send,
    T: Send,
    W: Fn(I) -> T + Sync,
    D: FnMut(T) -> Result<()>,
{
    let (tx, rx) = sync_channel::<Vec<I>>(2);
    let (done_tx, done_rx) = sync_channel::<Vec<T>>(2);
    let stop = AtomicBool::new(false);
    std::thread::scope(|scope| {
        let stop = &stop;
        let work = &work;
        scope.spawn(move || {
            let mut batch = Vec::with_capacity(BATCH);
            for item in reader {
                // A stop asked for (a signal) ends the input here: what was read is finished.
                if stop::stop_requested() {
                    break;
                }
                batch.push(item);
                if batch.len() == BATCH {
                    let full = std::mem::replace(&mut batch, Vec::with_capacity(BATCH));
                    if stop.load(Ordering::Relaxed) || tx.send(full).is_err() {
                        return;
                    }
                }
            }
            if !batch.is_empty() {
                let _ = tx.send(batch);
            }
        });
        scope.spawn(move || {
            for batch in rx.iter() {
                let done: Vec<T> = batch.into_par_iter().map(work).collect();
                if stop.load(Ordering::Relaxed) || done_tx.send(done).is_err() {
                    return;
                }
            }
        });
        let result = (|| {
            for done in done_rx.iter() {
                for outcome in done {
                    deliver(outcome)?;
                }
            }
            Ok(())
        })();
        if result.is_err() {
            // Tell the other stages to stop; dropping the receiver ends their next send.
            stop.store(true, Ordering::Relaxed);
            drop(done_rx);
        }
        result
    })
}
