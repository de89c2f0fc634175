//! `retold stories`: inputs → documents, links and stories (copies, spins, rewrites, reports).

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Context;
use retold::output::{DocumentWriter, LinkWriter, OutputFormat, StoryWriter, Table};
use retold::pipeline::stories::{Stories, StoriesOptions, StoriesResult};
use retold::pipeline::Inputs;

use super::input::{create_in, InputArgs};
use super::report::{problems, summary_tail, Progress, Warnings};
use super::values::{EmbedFlags, FormatArg};

/// Flags of `retold stories`.
#[derive(Debug, clap::Args)]
#[command(
    arg_required_else_help = true,
    after_help = "\
Examples:
  retold stories examples/seeds -o seeds-out
  retold stories news.jsonl.gz crawl.warc.gz -o out
  retold stories --embed articles-fr-en.jsonl -o out   (built with --features embed)
  retold stories shards/ --format parquet -o out      (documents and links as Parquet)

Writes DIR/documents.jsonl (main text and metadata), DIR/links.jsonl (every related pair:
exact, near_copy, excerpt, spin, rewrite, same_story, with its evidence) and
DIR/stories.jsonl (one story a line: its original and every member with its role).
With --format parquet, documents.parquet and links.parquet hold the same rows as tables;
stories.jsonl stays JSON Lines."
)]
pub struct Args {
    #[command(flatten)]
    pub input: InputArgs,
    /// Directory for documents.jsonl, links.jsonl and stories.jsonl.
    #[arg(short, long, default_value = "retold-out")]
    pub output: PathBuf,
    /// The format of documents and links: JSON Lines, or Parquet tables of the same rows.
    #[arg(long, value_enum, default_value_t = FormatArg::Jsonl)]
    pub format: FormatArg,
    #[command(flatten)]
    pub embed: EmbedFlags,
}

/// Runs `retold stories`.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let started = Instant::now();
    let options = StoriesOptions {
        encoder: args.embed.encoder()?,
        ..stories_options(&args.input)?
    };
    std::fs::create_dir_all(&args.output)
        .with_context(|| format!("creating {}", args.output.display()))?;
    let result = stories_into(
        &args.input.inputs,
        options,
        &args.output,
        args.input.read.quiet,
        args.format.format(),
    )?;
    let (result, bytes) = result;
    eprintln!(
        "{}",
        stories_summary(
            "stories",
            &result,
            bytes,
            started,
            &args.output.display().to_string()
        )
    );
    Ok(ExitCode::SUCCESS)
}

/// The options of a stories run from the input flags.
pub fn stories_options(input: &InputArgs) -> anyhow::Result<StoriesOptions> {
    let extract = input.build()?;
    Ok(StoriesOptions {
        read: extract.read,
        strict: extract.strict,
        ..StoriesOptions::default()
    })
}

/// The one-line summary of a stories run: documents, candidates, links by relation, stories.
pub fn stories_summary(
    verb: &str,
    result: &StoriesResult,
    bytes: u64,
    started: Instant,
    dest: &str,
) -> String {
    let linked = |r: retold::Relation| result.links.iter().filter(|l| l.relation == r).count();
    let grown = result
        .stories
        .iter()
        .filter(|s| s.members.len() > 1)
        .count();
    format!(
        "{verb}: {} records read, {} documents{}; {} + {} candidates, {} aligned; {} links ({} spin, {} rewrite, {} same_story), {} stories ({} of two or more){}",
        result.tally.records,
        result.tally.articles,
        problems(&result.tally),
        result.candidates.0,
        result.candidates.1,
        result.aligned,
        result.links.len(),
        linked(retold::Relation::Spin),
        linked(retold::Relation::Rewrite),
        linked(retold::Relation::SameStory),
        result.stories.len(),
        grown,
        summary_tail(bytes, started, dest),
    )
}

/// Runs the stories path over `inputs` into `dir` (documents while reading, then links, in
/// `format`, and stories.jsonl), with progress and warnings on stderr. Returns the result and
/// the bytes read.
pub fn stories_into(
    inputs: &[String],
    options: StoriesOptions,
    dir: &Path,
    quiet: bool,
    format: OutputFormat,
) -> anyhow::Result<(StoriesResult, u64)> {
    format.check()?;
    let create = |name: &str| create_in(dir, name);
    let run = Stories::open(inputs, options)?;
    let total = run.total_bytes();
    let done = run.progress();
    let progress = Progress::new(total, run.progress());
    let mut warnings = Warnings::new(quiet);
    let name = format.file_name("documents");
    let mut documents = DocumentWriter::with_format(create(&name)?, name, format)?;
    let result = run.run(
        &mut |article| {
            documents.write(article)?;
            if documents.written() % 64 == 0 {
                progress.tick(documents.written());
            }
            Ok(())
        },
        &mut |w| warnings.print(&progress, w),
    );
    progress.finish();
    // Whatever was extracted before an error is put in place, whole lines only, so nothing
    // already read is lost.
    documents.finish()?.commit()?;
    let result = result?;
    let ids: Vec<String> = result.docs.iter().map(|d| d.id.clone()).collect();
    let name = format.file_name("links");
    let mut links = LinkWriter::with_format(create(&name)?, name, &ids, format, Table::Links)?;
    for link in &result.links {
        links.write_link(link)?;
    }
    links.finish()?.commit()?;
    let mut stories = StoryWriter::new(create("stories.jsonl")?, "stories.jsonl", &result.docs);
    for (n, story) in result.stories.iter().enumerate() {
        stories.write(n, story)?;
    }
    stories.finish()?.commit()?;
    let bytes = if total > 0 {
        total
    } else {
        done.load(std::sync::atomic::Ordering::Relaxed)
    };
    Ok((result, bytes))
}
