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
use crate::index::store::Lookup;
use crate::index::store::Store;
use crate::model::{Record, Relation, Warning};
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

/// Documents added to an index as a library caller hands them over (a streaming dedup): each
/// extracted, matched against everything stored before it, stored, and answered with its
/// links, by the same code as `ingest`.
pub struct Arrivals {
    store: Store,
    indexer: Indexer,
}

/// What became of one record handed to [`Arrivals::add`].
#[derive(Debug, Clone)]
pub enum Arrived {
    /// Stored (or, when `added` is false, already stored under its id).
    Placed {
        /// Its id.
        id: String,
        /// False when the index already held a document of this id.
        added: bool,
        /// Its links to documents stored before it: the other document's id, the relation
        /// and its score, strongest first (copies, then spins, rewrites and reports).
        links: Vec<(String, Relation, f64)>,
    },
    /// Skipped: the record has no text once extracted.
    Skipped(Warning),
}

impl Arrivals {
    /// Opens (or creates) the index at `path`.
    pub fn open(path: &std::path::Path, options: &IngestOptions) -> Result<Arrivals> {
        let store = Store::open(path)?;
        let indexer = Indexer::open(&store, options)?;
        Ok(Arrivals { store, indexer })
    }

    /// Adds records in order, in one transaction: extraction and preparation in parallel,
    /// then each matched against what is stored before it (the ones before it here included).
    pub fn add(&self, records: Vec<Record>) -> Result<Vec<Arrived>> {
        use rayon::prelude::*;
        let prepared: Vec<std::result::Result<Newcomer, Warning>> = records
            .into_par_iter()
            .map(|record| crate::extract::extract(record).map(|a| self.indexer.newcomer(a)))
            .collect();
        let mut newcomers = Vec::new();
        let mut answers: Vec<Option<Arrived>> = Vec::with_capacity(prepared.len());
        for p in prepared {
            match p {
                Ok(newcomer) => {
                    newcomers.push(newcomer);
                    answers.push(None);
                }
                Err(w) => answers.push(Some(Arrived::Skipped(w))),
            }
        }
        let placed = self.indexer.add(&self.store, newcomers)?;
        let r = self.store.read()?;
        let mut placed = placed.into_iter();
        answers
            .into_iter()
            .map(|answer| {
                if let Some(skipped) = answer {
                    return Ok(skipped);
                }
                let p = placed.next().ok_or_else(|| {
                    Error::Usage("the index answered fewer documents than it was given".into())
                })?;
                let mut links = Vec::with_capacity(p.related.len());
                for link in &p.related {
                    let other = if link.a == p.doc { link.b } else { link.a };
                    let id = r.meta(other)?.map(|m| m.id).unwrap_or_default();
                    links.push((id, link.relation, link.score));
                }
                links.sort_by(|x, y| x.1.cmp(&y.1).then(y.2.total_cmp(&x.2)));
                Ok(Arrived::Placed {
                    id: p.id,
                    added: p.added,
                    links,
                })
            })
            .collect()
    }

    /// How many documents the index holds.
    pub fn len(&self) -> Result<u64> {
        Ok(self.store.stats()?.documents)
    }

    /// Whether the index holds no document.
    pub fn is_empty(&self) -> Result<bool> {
        Ok(self.len()? == 0)
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Body, Origin, Place};

    fn record(id: &str, text: &str) -> Record {
        Record {
            id: id.to_string(),
            named: true,
            origin: Origin {
                path: "test".into(),
                place: Place::File,
            },
            body: Body::Text(text.to_string()),
            title: None,
            url: None,
            published: None,
            site: None,
            repaired: 0,
            raw: None,
        }
    }

    const TEXT: &str = "The council voted on Tuesday to build a new bridge over the river at a \
        cost of forty million dollars. The mayor said work would start in March. Residents had \
        asked for a second crossing for ten years.";

    #[test]
    fn arrivals_answer_each_record_with_its_links() {
        let dir = tempfile::tempdir().expect("tempdir");
        let arrivals =
            Arrivals::open(&dir.path().join("i.db"), &IngestOptions::default()).expect("open");
        let first = arrivals
            .add(vec![record("a", TEXT), record("b", TEXT), record("c", " ")])
            .expect("add");
        let summary: Vec<String> = first
            .iter()
            .map(|a| match a {
                Arrived::Placed { id, added, links } => format!("{id} {added} {links:?}"),
                Arrived::Skipped(w) => format!("skipped {}", w.reason),
            })
            .collect();
        assert_eq!(summary[0], "a true []");
        assert_eq!(summary[1], "b true [(\"a\", Exact, 1.0)]");
        assert!(summary[2].starts_with("skipped"), "{summary:?}");
        let again = arrivals
            .add(vec![record("a", "another text")])
            .expect("add");
        assert!(
            matches!(&again[0], Arrived::Placed { added: false, links, .. } if links.is_empty())
        );
        assert_eq!(arrivals.len().expect("len"), 2);
    }
}
