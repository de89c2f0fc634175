//! `retold dedup`: copy groups (exact, near copies, excerpts, spins, rewrites) and the kept
//! documents.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Context;
use retold::output::{GroupView, LinkWriter, OutputFormat, Table};
use retold::pipeline::dedup::COPY_RELATIONS;
use retold::pipeline::Inputs;
use retold::pipeline::{Dedup, DedupOptions};
use retold::relate::CopyRules;
use retold::{Error, Relation};

use super::input::{create_in, InputArgs};
use super::report::{problems, summary_tail, Progress, Warnings};
use super::values::{FormatArg, KeepArg, RelationArg};

/// Flags of `retold dedup`.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  retold dedup crawl/ -o dedup-out
  retold dedup news.jsonl.gz --threshold 0.8 --keep longest --emit-kept clean.jsonl
  retold dedup news.jsonl.gz --relations exact,near_copy,excerpt   (MinHash pass only)
  zcat dump.jsonl.gz | retold dedup - -o out --emit-kept - > clean.jsonl
  retold dedup shards/ --format parquet --emit-kept clean.parquet   (built with --features parquet)

Writes DIR/groups.jsonl (one copy group a line: the kept id and every member with its
relation) and DIR/links.jsonl (every verified pair), or groups.parquet and links.parquet
with --format parquet. Documents in no group are unique. --emit-kept FILE.parquet writes the
kept rows of Parquet inputs with all their columns and a `retold_group` column.")]
pub struct Args {
    #[command(flatten)]
    pub input: InputArgs,
    /// Directory for groups.jsonl and links.jsonl.
    #[arg(short, long, default_value = "retold-out")]
    pub output: PathBuf,
    /// Shingle Jaccard at or above which two texts are near copies.
    #[arg(long, default_value_t = 0.7, value_name = "J")]
    pub threshold: f64,
    /// Which member of a group to keep.
    #[arg(long, value_enum, default_value_t = KeepArg::Earliest)]
    pub keep: KeepArg,
    /// Write the input records of the kept documents (one per group, plus every document in
    /// no group) as JSON Lines to FILE (`-` for stdout): the deduplicated corpus. A FILE
    /// ending in `.parquet` gets the kept rows of Parquet inputs, all their columns and the
    /// group (`retold_group`).
    #[arg(long, value_name = "FILE")]
    pub emit_kept: Option<PathBuf>,
    /// The relations that make a group, comma-separated: exact, near_copy, excerpt, spin,
    /// rewrite (default all five). Without spin and rewrite the derivation pass is skipped:
    /// the MinHash-only pass, about three times faster.
    #[arg(long, value_delimiter = ',', value_enum, value_name = "LIST")]
    pub relations: Vec<RelationArg>,
    /// The format of groups and links: JSON Lines, or Parquet tables of the same rows.
    #[arg(long, value_enum, default_value_t = FormatArg::Jsonl)]
    pub format: FormatArg,
}

impl Args {
    /// The run's options from the flags; a threshold outside (0, 1] or a relation named twice
    /// is a usage error.
    pub fn build(&self) -> anyhow::Result<DedupOptions> {
        let t = self.threshold;
        if !(t > 0.0 && t <= 1.0) {
            let message = format!("--threshold must be in (0, 1], got {t}");
            return Err(Error::Usage(message).into());
        }
        let mut relations: Vec<Relation> = self.relations.iter().map(|r| r.relation()).collect();
        relations.sort_unstable();
        if relations.windows(2).any(|w| w[0] == w[1]) {
            let message = "--relations names a relation twice".to_string();
            return Err(Error::Usage(message).into());
        }
        let read = self.input.build()?;
        Ok(DedupOptions {
            read: read.read,
            strict: read.strict,
            rules: CopyRules {
                near_copy: t,
                ..CopyRules::default()
            },
            keep: self.keep.keep(),
            emit_kept: self.emit_kept.clone(),
            relations: match relations.is_empty() {
                true => COPY_RELATIONS.to_vec(),
                false => relations,
            },
            ..DedupOptions::default()
        })
    }
}

/// Runs `retold dedup`.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let started = Instant::now();
    let options = args.build()?;
    std::fs::create_dir_all(&args.output)
        .with_context(|| format!("creating {}", args.output.display()))?;
    let dedup = Dedup::open(&args.input.inputs, options)?;
    let total = dedup.total_bytes();
    let done = dedup.progress();
    let progress = Progress::new(total, dedup.progress());
    let mut warnings = Warnings::new(args.input.read.quiet);
    let result = dedup.run(&mut |w| warnings.print(&progress, w), &mut |n| {
        progress.tick(n)
    });
    progress.finish();
    let result = result?;
    let format = args.format.format();
    write_results(
        &result.ids,
        &result.links,
        &result.groups,
        &args.output,
        format,
    )?;
    let bytes = if total > 0 {
        total
    } else {
        done.load(std::sync::atomic::Ordering::Relaxed)
    };
    let in_groups: usize = result.groups.iter().map(|g| g.members.len()).sum();
    let line = format!(
        "dedup: {} records read, {} documents{}; {} candidates, {} links, {} groups ({} documents, {} removed){}",
        result.tally.records,
        result.tally.articles,
        problems(&result.tally),
        result.candidates,
        result.links.len(),
        result.groups.len(),
        in_groups,
        in_groups - result.groups.len(),
        summary_tail(bytes, started, &args.output.display().to_string()),
    );
    eprintln!("{line}");
    if let Some(path) = &args.emit_kept {
        eprintln!("kept {} documents -> {}", result.kept, path.display());
    }
    Ok(ExitCode::SUCCESS)
}

/// Writes `links` and `groups` of documents named by `ids` into `dir` in `format`, as
/// `retold dedup` does (also `retold components`).
pub fn write_results(
    ids: &[String],
    links: &[retold::Link],
    groups: &[retold::cluster::Group],
    dir: &Path,
    format: OutputFormat,
) -> anyhow::Result<()> {
    let name = format.file_name("links");
    let out = create_in(dir, &name)?;
    let mut writer = LinkWriter::with_format(out, name, ids, format, Table::Links)?;
    for link in links {
        writer.write_link(link)?;
    }
    writer.finish()?.commit()?;
    let name = format.file_name("groups");
    let out = create_in(dir, &name)?;
    let mut writer = LinkWriter::with_format(out, name, ids, format, Table::Groups)?;
    for (n, group) in groups.iter().enumerate() {
        writer.write_group(&GroupView {
            group: n,
            kept: group.kept,
            members: &group.members,
            relations: &group.relations,
        })?;
    }
    writer.finish()?.commit()?;
    Ok(())
}
