//! Command-line flags: raw arguments (clap) in this file, one module per subcommand.
//!
//! Parsing goes in two steps, as in ripgrep: clap gives the raw flags, and each subcommand
//! builds the library's options from them (where a bad `--field` becomes a usage error).

mod compare;
mod dedup;
mod demo;
mod eval;
mod extract;
mod ingest;
mod input;
mod report;
mod run;
mod serve;
#[cfg(feature = "parquet")]
mod shard;
mod stories;
mod values;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

const EXAMPLES: &str = "\
Examples:
  retold demo                          the whole job on the bundled example pages: ./retold-out
  retold run news.jsonl.gz -o out      stories, who copied whom, summaries, out/report/index.html
  retold extract pages/ -o docs.jsonl  main text, metadata and removed chrome of every page
  retold dedup news.jsonl.gz -o out    copy groups: exact, near copies, excerpts, spins, rewrites
  retold stories news.jsonl.gz -o out  stories: every retelling of each event, grouped
  retold compare a.html b.html         how two pages are related, sentence by sentence
  retold ingest feed.jsonl.gz          add to the persistent index ./retold.db, matched on arrival
  retold serve                         HTTP API and web page over ./retold.db on 127.0.0.1:8080
  zcat crawl.jsonl.gz | retold extract - -o -

Inputs are files, directories (walked recursively) or - for JSON Lines on stdin: .txt .md
.html .jsonl .ndjson .json .warc, each optionally .gz or .zst.";

/// retold: find every retelling of a news story in a pile of crawled pages.
#[derive(Debug, Parser)]
#[command(name = "retold", version, after_help = EXAMPLES, arg_required_else_help = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// The main job: documents, links, stories with provenance and summaries, HTML report.
    Run(run::Args),
    /// Extract main text, title, date, site and the removed chrome into documents.jsonl.
    Extract(extract::Args),
    /// Find copy groups (exact, near copies, excerpts, spins, rewrites); keep one per group.
    Dedup(dedup::Args),
    /// Group documents into stories: copies, spins, rewrites and independent reports.
    Stories(stories::Args),
    /// Add documents to the persistent index: each matched and placed in its story on arrival.
    Ingest(ingest::Args),
    /// Serve the HTTP API and web page over the persistent index.
    Serve(serve::Args),
    /// Show how two documents are related: relation, scores and aligned sentences.
    Compare(compare::Args),
    /// Run a built-in evaluation on a labelled set (uci, clough, msrp, seeds).
    Eval(eval::Args),
    /// `run` on the example corpus bundled with retold (five pages of one story).
    Demo(demo::Args),
    /// Scale-out stage 1: sketch one shard of the input (Parquet; then candidates, verify,
    /// components).
    #[cfg(feature = "parquet")]
    Sketch(shard::SketchArgs),
    /// Scale-out stage 2: candidate pairs from every shard's band keys.
    #[cfg(feature = "parquet")]
    Candidates(shard::CandidatesArgs),
    /// Scale-out stage 3: verify one shard of the candidate pairs.
    #[cfg(feature = "parquet")]
    Verify(shard::VerifyArgs),
    /// Scale-out stage 4: copy groups from the verified links, as `dedup` writes them.
    #[cfg(feature = "parquet")]
    Components(shard::ComponentsArgs),
}

/// Parses the command line and runs the subcommand.
pub fn run() -> anyhow::Result<ExitCode> {
    let cli = Cli::parse();
    if matches!(
        cli.command,
        Command::Run(_)
            | Command::Extract(_)
            | Command::Dedup(_)
            | Command::Stories(_)
            | Command::Ingest(_)
    ) {
        retold::pipeline::stop::stop_on_signals(|| {
            eprintln!(
                "stopping: the outputs will hold whole what was read so far (a second signal stops at once)"
            )
        });
    }
    let code = match cli.command {
        Command::Run(args) => run::run(args),
        Command::Extract(args) => extract::run(args),
        Command::Dedup(args) => dedup::run(args),
        Command::Stories(args) => stories::run(args),
        Command::Compare(args) => compare::run(args),
        Command::Ingest(args) => ingest::run(args),
        Command::Serve(args) => serve::run(args),
        Command::Eval(args) => eval::run(args),
        Command::Demo(args) => demo::run(args),
        #[cfg(feature = "parquet")]
        Command::Sketch(args) => shard::sketch(args),
        #[cfg(feature = "parquet")]
        Command::Candidates(args) => shard::candidates(args),
        #[cfg(feature = "parquet")]
        Command::Verify(args) => shard::verify(args),
        #[cfg(feature = "parquet")]
        Command::Components(args) => shard::components(args),
    }?;
    if retold::pipeline::stop::stop_requested() {
        eprintln!("stopped by a signal before the end of the input");
        return Ok(ExitCode::from(130));
    }
    Ok(code)
}
