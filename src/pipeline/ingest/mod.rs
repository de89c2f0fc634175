//! The `ingest` path: read → extract → prepare → match each new document against the
//! persistent index → store it, its links and its story; then, when due, settle.
//!
//! Documents are extracted and prepared in parallel and then taken one at a time in input
//! order: a document whose id the index already holds adds nothing; a new one (an exact
//! repost of a stored text included) is matched by the engine against everything stored
//! before it, stored with its links, and the stories of the documents it touches are clustered
//! again (`cluster::recluster`). Each batch of documents is one transaction: a kill at any
//! moment leaves every committed batch and nothing of the rest, and a re-run skips what is
//! there. Matching on arrival uses the term counts of its moment; the settle at the end of a
//! run (see `settle`) brings the whole index to what the batch run gives.

mod indexer;
mod settle;

pub use indexer::{Indexer, Matched, Newcomer, Placed, NEW};
pub use settle::{settle, Settle, SETTLE_GROWTH};

use super::{run_batched, Extracted, Tally};
use crate::cluster::StoryOptions;
use crate::error::{Error, Result};
use crate::index::store::Store;
use crate::model::Warning;
use crate::read::{Item, ReadOptions, Reader};
use crate::relate::{CopyRules, RetellOptions};

/// Documents per transaction by default: large enough that a commit's flush is a small
/// share of the work, small enough that a crash loses little.
pub const DEFAULT_BATCH: usize = 256;

/// Options of an ingest run.
#[derive(Debug, Clone)]
pub struct IngestOptions {
    /// How inputs are read.
    pub read: ReadOptions,
    /// Stop at the first bad record.
    pub strict: bool,
    /// Documents per transaction.
    pub batch: usize,
    /// The copy thresholds.
    pub copy: CopyRules,
    /// The retelling settings (terms per document, candidate bounds, rules).
    pub retell: RetellOptions,
    /// Story clustering's settings.
    pub stories: StoryOptions,
    /// Whether the run ends with a settle.
    pub settle: Settle,
}

impl Default for IngestOptions {
    fn default() -> Self {
        IngestOptions {
            read: ReadOptions::default(),
            strict: false,
            batch: DEFAULT_BATCH,
            copy: CopyRules::default(),
            retell: RetellOptions::default(),
            stories: StoryOptions::default(),
            settle: Settle::default(),
        }
    }
}

/// What an ingest run did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IngestTally {
    /// What was read and skipped.
    pub tally: Tally,
    /// Documents added to the index.
    pub added: u64,
    /// Documents the index already held (same id).
    pub present: u64,
    /// Links added on arrival.
    pub links: u64,
    /// Transactions committed.
    pub batches: u64,
    /// The links a settle stored, when the run ended with one.
    pub settled: Option<u64>,
}

/// An ingest run over some inputs into an index.
pub struct Ingest<'s> {
    reader: Reader,
    store: &'s Store,
    options: IngestOptions,
}

impl super::Inputs for Ingest<'_> {
    fn reader(&self) -> &Reader {
        &self.reader
    }
}

impl<'s> Ingest<'s> {
    /// Opens the inputs. Fails only if an input is missing.
    pub fn open(inputs: &[String], store: &'s Store, options: IngestOptions) -> Result<Self> {
        let reader = Reader::open(inputs, options.read.clone())?;
        Ok(Ingest {
            reader,
            store,
            options,
        })
    }

    /// Runs to the end. Warnings go to `on_warning`; `on_commit` sees the tally after each
    /// committed batch.
    pub fn run(
        self,
        on_warning: &mut dyn FnMut(&Warning),
        on_commit: &mut dyn FnMut(&IngestTally),
    ) -> Result<IngestTally> {
        let Ingest {
            reader,
            store,
            options,
        } = self;
        let indexer = Indexer::open(store, &options)?;
        let work = |item: Item| Extracted::of(item, |article| indexer.newcomer(article));
        let mut tally = IngestTally::default();
        let mut pending: Vec<Newcomer> = Vec::new();
        let batch = options.batch.max(1);
        let mut commit = |pending: Vec<Newcomer>, tally: &mut IngestTally| {
            count(tally, &indexer.add(store, pending)?);
            on_commit(tally);
            Ok::<(), Error>(())
        };
        let read_all = run_batched(reader, work, |extracted| {
            let w = match extracted {
                Extracted::Doc(newcomer) => {
                    tally.tally.records += 1;
                    pending.push(*newcomer);
                    if pending.len() >= batch {
                        commit(std::mem::take(&mut pending), &mut tally)?;
                    }
                    return Ok(());
                }
                // A record without text once extracted was still read.
                Extracted::Skipped(w) => w,
            };
            tally.tally.skip(w, on_warning, options.strict)
        });
        // What was read before a stop (`--strict`, a write error) is still stored.
        if !pending.is_empty() {
            commit(pending, &mut tally)?;
        }
        read_all?;
        let docs = store.stats()?.documents;
        // A stopped run keeps what it committed and leaves the settle to the next.
        if !super::stop::stop_requested() && options.settle.due(docs, store.settled()?) {
            tally.settled = Some(settle(store, &indexer)? as u64);
        }
        Ok(tally)
    }
}

/// Counts a committed batch into the tally.
fn count(tally: &mut IngestTally, placed: &[Placed]) {
    for p in placed {
        tally.tally.articles += 1;
        if p.added {
            tally.added += 1;
            tally.links += p.links as u64;
        } else {
            tally.present += 1;
        }
    }
    tally.batches += 1;
}
