//! `retold run`: the main job, inputs → documents, links, stories and the HTML report.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Context;
use retold::output::html::{write_report, ReportStats, RunInfo};
use retold::pipeline::stories::{StoriesOptions, StoriesResult};

use super::input::InputArgs;
use retold::output::OutputFormat;

use super::stories::{stories_into, stories_options, stories_summary};

/// Flags of `retold run`.
#[derive(Debug, clap::Args)]
#[command(
    arg_required_else_help = true,
    after_help = "\
Examples:
  retold run news.jsonl.gz -o out && xdg-open out/report/index.html
  retold run pages/ crawl.warc.gz -o out --quiet
  retold run --embed articles-fr-en.jsonl -o out   (built with --features embed)

Reads, extracts, relates, clusters, finds who copied whom and summarises. Writes
DIR/documents.jsonl, DIR/links.jsonl, DIR/stories.jsonl and the report, DIR/report/index.html
(one page per story of two or more documents; it works offline)."
)]
pub struct Args {
    #[command(flatten)]
    pub input: InputArgs,
    /// Directory for the JSON Lines files and the report.
    #[arg(short, long, default_value = "retold-out")]
    pub output: PathBuf,
    #[command(flatten)]
    pub embed: super::values::EmbedFlags,
}

/// Runs `retold run`.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let started = Instant::now();
    let options = StoriesOptions {
        encoder: args.embed.encoder()?,
        ..stories_options(&args.input)?
    };
    let (result, bytes, report) = run_into(
        &args.input.inputs,
        options,
        &args.output,
        args.input.read.quiet,
    )?;
    let dest = args.output.display().to_string();
    eprintln!("{}", stories_summary("run", &result, bytes, started, &dest));
    eprintln!("{}", report_line(&args.output, &report));
    Ok(ExitCode::SUCCESS)
}

/// Runs the stories path into `dir`, then writes the report into `dir/report`.
pub fn run_into(
    inputs: &[String],
    options: StoriesOptions,
    dir: &Path,
    quiet: bool,
) -> anyhow::Result<(StoriesResult, u64, ReportStats)> {
    std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    let (result, bytes) = stories_into(inputs, options, dir, quiet, OutputFormat::Jsonl)?;
    let info = RunInfo {
        inputs: inputs.to_vec(),
        documents: result.docs.len(),
        links: result.links.len(),
        skipped: result.tally.skipped(),
    };
    let report = write_report(&dir.join("report"), &result.docs, &result.stories, &info)?;
    Ok((result, bytes, report))
}

/// Where the report is and how large.
pub fn report_line(dir: &Path, report: &ReportStats) -> String {
    format!(
        "report: {} story pages, {} index page{} ({:.0} KB), {:.1} MB in all -> {}",
        report.story_pages,
        report.index_pages,
        if report.index_pages == 1 { "" } else { "s" },
        report.index_bytes as f64 / 1024.0,
        report.total_bytes as f64 / 1e6,
        dir.join("report").join("index.html").display()
    )
}
