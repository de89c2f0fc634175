//! `retold sketch`, `candidates`, `verify` and `components`: dedup's copy pass in stages that
//! can run on many machines (the `parquet` feature).

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use retold::output::OutputFormat;
use retold::pipeline::shard::{self, Shard, ShardOptions, StageTally};

use super::dedup::write_results;
use super::input::InputArgs;
use super::report::{problems, Warnings};
use super::values::{FormatArg, KeepArg};

/// Flags of `retold sketch`.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  retold sketch crawl/ --shard 0/3 -o sketches     (and 1/3, 2/3, anywhere, in any order)
  retold candidates sketches -o candidates
  retold verify sketches candidates --shard 0/2 -o links   (and 1/2)
  retold components sketches links -o groups

Writes DIR/sketch-I-of-N.parquet: for each record whose place in the input falls to shard I
(its index modulo N), its id, length, content hash, date, LSH band keys and shingles. Every
shard reads the whole input to number its records, and prepares only its own. A shard whose
file is there is not sketched again (--force redoes it). The four stages give the groups of
`retold dedup --relations exact,near_copy,excerpt` on the same input, for any N.")]
pub struct SketchArgs {
    #[command(flatten)]
    pub input: InputArgs,
    /// Which shard of how many, from 0 (`0/1`: the whole input).
    #[arg(long, value_name = "I/N", default_value = "0/1")]
    pub shard: String,
    /// Directory for the sketch files.
    #[arg(short, long)]
    pub output: PathBuf,
    /// Shingle Jaccard at or above which two texts are near copies.
    #[arg(long, default_value_t = 0.7, value_name = "J")]
    pub threshold: f64,
    /// Redo the shard even when its file is there.
    #[arg(long)]
    pub force: bool,
}

/// Flags of `retold candidates`.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Example:
  retold candidates sketches -o candidates

Reads every shard's band keys from SKETCHES (all shards of one run must be there) and writes
DIR/candidates.jsonl: the exact copies and the LSH candidate pairs, as one process makes them.")]
pub struct CandidatesArgs {
    /// The directory of sketch files.
    pub sketches: PathBuf,
    /// Directory for candidates.jsonl.
    #[arg(short, long)]
    pub output: PathBuf,
    /// Redo the stage even when its output is there.
    #[arg(long)]
    pub force: bool,
}

/// Flags of `retold verify`.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Example:
  retold verify sketches candidates --shard 1/4 -o links

Verifies the candidate pairs of one shard (pair K falls to shard K modulo N) on the shingle
sets of the sketches, reading the sketch files once, and writes DIR/links-I-of-N.jsonl.")]
pub struct VerifyArgs {
    /// The directory of sketch files.
    pub sketches: PathBuf,
    /// The directory holding candidates.jsonl.
    pub candidates: PathBuf,
    /// Which shard of the pairs, of how many.
    #[arg(long, value_name = "I/N", default_value = "0/1")]
    pub shard: String,
    /// Directory for the links file.
    #[arg(short, long)]
    pub output: PathBuf,
    /// Redo the shard even when its file is there.
    #[arg(long)]
    pub force: bool,
}

/// Flags of `retold components`.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Example:
  retold components sketches links -o out

Unions the verified links of every verify shard into copy groups and writes DIR/groups.jsonl,
DIR/links.jsonl (as `retold dedup` writes them; Parquet with --format parquet) and
DIR/kept.txt, the ids to keep, one a line, in input order.")]
pub struct ComponentsArgs {
    /// The directory of sketch files.
    pub sketches: PathBuf,
    /// The directory of links files.
    pub links: PathBuf,
    /// Directory for groups, links and kept.txt.
    #[arg(short, long)]
    pub output: PathBuf,
    /// Which member of a group to keep.
    #[arg(long, value_enum, default_value_t = KeepArg::Earliest)]
    pub keep: KeepArg,
    /// The format of groups and links.
    #[arg(long, value_enum, default_value_t = FormatArg::Jsonl)]
    pub format: FormatArg,
}

fn said(stage: &str, tally: &StageTally, what: &str, started: Instant) -> ExitCode {
    if tally.skipped {
        eprintln!("{stage}: already done, nothing redone (--force redoes it)");
    } else {
        let problems = match tally.tally.records {
            0 => String::new(),
            _ => problems(&tally.tally),
        };
        eprintln!(
            "{stage}: {} {what}{problems} in {:.2} s",
            tally.written,
            started.elapsed().as_secs_f64()
        );
    }
    ExitCode::SUCCESS
}

/// Runs `retold sketch`.
pub fn sketch(args: SketchArgs) -> anyhow::Result<ExitCode> {
    let started = Instant::now();
    let t = args.threshold;
    if !(t > 0.0 && t <= 1.0) {
        let message = format!("--threshold must be in (0, 1], got {t}");
        return Err(retold::Error::Usage(message).into());
    }
    let shard = Shard::parse(&args.shard)?;
    let read = args.input.build()?;
    let options = ShardOptions {
        read: read.read,
        strict: read.strict,
        threshold: t,
        force: args.force,
    };
    retold::pipeline::stop::stop_on_signals(|| {
        eprintln!("stopping: this shard's file will not be written (a second signal stops at once)")
    });
    let mut warnings = Warnings::new(args.input.read.quiet);
    let progress = super::report::Progress::new(0, Default::default());
    let tally = shard::sketch(
        &args.input.inputs,
        shard,
        &args.output,
        &options,
        &mut |w| warnings.print(&progress, w),
    )?;
    let what = format!("documents of {} read", tally.tally.records);
    Ok(said("sketch", &tally, &what, started))
}

/// Runs `retold candidates`.
pub fn candidates(args: CandidatesArgs) -> anyhow::Result<ExitCode> {
    let started = Instant::now();
    let tally = shard::candidates(&args.sketches, &args.output, args.force)?;
    Ok(said("candidates", &tally, "candidate pairs", started))
}

/// Runs `retold verify`.
pub fn verify(args: VerifyArgs) -> anyhow::Result<ExitCode> {
    let started = Instant::now();
    let shard = Shard::parse(&args.shard)?;
    let tally = shard::verify(
        &args.sketches,
        &args.candidates,
        shard,
        &args.output,
        args.force,
    )?;
    Ok(said("verify", &tally, "links", started))
}

/// Runs `retold components`.
pub fn components(args: ComponentsArgs) -> anyhow::Result<ExitCode> {
    let started = Instant::now();
    let format: OutputFormat = args.format.format();
    let found = shard::components(&args.sketches, &args.links, args.keep.keep())?;
    std::fs::create_dir_all(&args.output)?;
    let (ids, links, groups) = (&found.ids, &found.links, &found.groups);
    write_results(ids, links, groups, &args.output, format)?;
    let keep = retold::cluster::kept(found.ids.len(), &found.groups);
    let mut kept = String::new();
    for (id, _) in found.ids.iter().zip(&keep).filter(|(_, &k)| k) {
        kept.push_str(id);
        kept.push('\n');
    }
    retold::output::write_whole(&args.output.join("kept.txt"), kept.as_bytes())?;
    eprintln!(
        "components: {} documents, {} links, {} groups ({} removed) in {:.2} s -> {}",
        found.ids.len(),
        found.links.len(),
        found.groups.len(),
        keep.iter().filter(|&&k| !k).count(),
        started.elapsed().as_secs_f64(),
        args.output.display()
    );
    Ok(ExitCode::SUCCESS)
}
