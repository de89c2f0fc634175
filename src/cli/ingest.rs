//! `retold ingest`: add documents to the persistent index, matched and placed in stories.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use retold::index::store::Store;
use retold::pipeline::ingest::{Ingest, IngestOptions, DEFAULT_BATCH};

use super::extract::InputArgs;
use super::report::{problems, summary_tail, Progress, Warnings};

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
id or text the index already holds adds nothing, so re-running is safe. Every --batch
documents are committed together: an interrupted ingest keeps every committed batch, and
running it again adds the rest."
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
}

/// Runs `retold ingest`.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let started = Instant::now();
    let extract = args.input.options()?;
    let options = IngestOptions {
        read: extract.read,
        strict: extract.strict,
        batch: args.batch as usize,
        ..IngestOptions::default()
    };
    let store = Store::open(&args.db)?;
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
    eprintln!(
        "ingest: {} documents read{}; {} added, {} already in the index; {} links added; the index holds {} documents, {} links, {} stories{}",
        tally.tally.records,
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
