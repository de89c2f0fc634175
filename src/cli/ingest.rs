//! `retold ingest`: add documents to the persistent index, matched and placed in stories.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use retold::index::store::Store;
use retold::pipeline::ingest::{Ingest, IngestOptions, Settle, DEFAULT_BATCH};
use retold::pipeline::Inputs;

use super::input::InputArgs;
use super::report::{problems, summary_tail, Progress, Warnings};
use super::values::SettleArg;

/// Flags of `retold ingest`.
#[derive(Debug, clap::Args)]
#[command(
    arg_required_else_help = true,
    after_help = "\
Examples:
  retold ingest news.jsonl.gz                 add to ./retold.db
  retold ingest today/ --db /srv/retold.db    a directory of pages into another index
  zcat feed.jsonl.gz | retold ingest -

Each new document is matched against everything the index holds (copies, spins, rewrites,
reports of the same event), stored with its links, and placed in its story. A document whose
id the index already holds adds nothing, so re-running is safe; the same text under a new id
is kept, as an exact copy. A record without an id is named by its content (`sha-` and a
SHA-256 of its text and title), so feeding the same id-less feed twice adds nothing and two
different texts never share an id. Every --batch documents are committed together: an interrupted
ingest keeps every committed batch, and running it again adds the rest.

On arrival a document is matched with the term weights of its moment. A settle relates and
clusters the whole index again as `retold stories` would, with the final weights: by default
(--settle auto) a run ends with one when the index grew by a tenth or more since the last."
)]
pub struct Args {
    #[command(flatten)]
    pub input: InputArgs,
    /// The index file (created when missing).
    #[arg(long, default_value = "retold.db")]
    pub db: PathBuf,
    /// Documents per transaction.
    #[arg(long, default_value_t = DEFAULT_BATCH as u32, value_parser = clap::value_parser!(u32).range(1..))]
    pub batch: u32,
    /// When the run ends with a settle: auto (the index grew by a tenth since the last),
    /// always, or never.
    #[arg(long, value_enum, default_value_t = SettleArg::Auto, value_name = "WHEN")]
    pub settle: SettleArg,
}

impl Args {
    /// The run's options from the flags.
    pub fn build(&self) -> anyhow::Result<IngestOptions> {
        let read = self.input.build()?;
        Ok(IngestOptions {
            read: retold::read::ReadOptions {
                ids: retold::read::Ids::Content,
                ..read.read
            },
            strict: read.strict,
            batch: self.batch as usize,
            settle: match self.settle {
                SettleArg::Auto => Settle::Auto,
                SettleArg::Always => Settle::Always,
                SettleArg::Never => Settle::Never,
            },
            ..IngestOptions::default()
        })
    }
}

/// Runs `retold ingest`.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let started = Instant::now();
    let options = args.build()?;
    let store = Store::open(&args.db)?;
    if let Some(v) = store.upgraded_from() {
        eprintln!(
            "note: {} was an index of format {v}; it is brought up to date",
            args.db.display()
        );
    }
    let run = Ingest::open(&args.input.inputs, &store, options)?;
    let total = run.total_bytes();
    let done = run.progress();
    let progress = Progress::new(total, run.progress());
    let mut warnings = Warnings::new(args.input.read.quiet);
    let result = run.run(&mut |w| warnings.print(&progress, w), &mut |t| {
        progress.tick(t.tally.records)
    });
    progress.finish();
    let tally = result?;
    let stats = store.stats()?;
    let bytes = if total > 0 {
        total
    } else {
        done.load(std::sync::atomic::Ordering::Relaxed)
    };
    let settled = match tally.settled {
        Some(n) => format!(", settled ({n} links)"),
        None => String::new(),
    };
    eprintln!(
        "ingest: {} records read, {} documents{}; {} added, {} already in the index; {} links added on arrival{settled}; the index holds {} documents, {} links, {} stories{}",
        tally.tally.records,
        tally.tally.articles,
        problems(&tally.tally),
        tally.added,
        tally.present,
        tally.links,
        stats.documents,
        stats.links,
        stats.stories,
        summary_tail(bytes, started, &args.db.display().to_string()),
    );
    Ok(ExitCode::SUCCESS)
}
