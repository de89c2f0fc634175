//! `retold extract`: inputs → `documents.jsonl` (main text, metadata, removed chrome).

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Context;
use retold::output::{DocumentWriter, OutputFormat, Sink};
use retold::pipeline::Inputs;
use retold::pipeline::{ExtractOptions, Extraction, Tally};

use super::input::InputArgs;
use super::report::{summary, Progress, Warnings};
use super::values::FormatArg;

/// Flags of `retold extract`.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  retold extract ../shared/seeds -o seeds.jsonl
  retold extract crawl.warc.gz news.jsonl.zst -o docs.jsonl
  retold extract dump.jsonl --field text=body_text --field id=guid -o -
  retold extract shards/ -o documents.parquet   (Parquet, told by the extension)")]
pub struct Args {
    #[command(flatten)]
    pub input: InputArgs,
    /// Where to write documents.jsonl (`-` for stdout).
    #[arg(short, long, default_value = "retold-out/documents.jsonl")]
    pub output: PathBuf,
    /// The output's format; a FILE ending in `.parquet` is Parquet unless this says otherwise.
    #[arg(long, value_enum)]
    pub format: Option<FormatArg>,
}

/// Runs `retold extract`.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let options = args.input.build()?;
    let parquet_name = args.output.extension().is_some_and(|e| e == "parquet");
    let format = match args.format {
        Some(format) => format.format(),
        None if parquet_name => OutputFormat::Parquet,
        None => OutputFormat::Jsonl,
    };
    let (tally, bytes, started) = write_documents(
        &args.input.inputs,
        options,
        &args.output,
        args.input.read.quiet,
        format,
    )?;
    eprintln!(
        "{}",
        summary(
            "extract",
            &tally,
            bytes,
            started,
            &args.output.display().to_string()
        )
    );
    Ok(ExitCode::SUCCESS)
}

/// Reads and extracts `inputs` into `dest` as documents in `format`, with progress and
/// warnings on stderr. Returns the tally, the bytes read and when the work started.
pub fn write_documents(
    inputs: &[String],
    options: ExtractOptions,
    dest: &Path,
    quiet: bool,
    format: OutputFormat,
) -> anyhow::Result<(Tally, u64, Instant)> {
    format.check()?;
    let started = Instant::now();
    let extraction = Extraction::open(inputs, options)?;
    let total = extraction.total_bytes();
    let progress = Progress::new(total, extraction.progress());
    let done = extraction.progress();
    let sink = Sink::create(dest).with_context(|| format!("creating {}", dest.display()))?;
    let mut writer = DocumentWriter::with_format(sink, dest.display().to_string(), format)?;
    let mut warnings = Warnings::new(quiet);
    let result = extraction.run(&mut |w| warnings.print(&progress, w), &mut |article| {
        writer.write(&article)?;
        if writer.written() % 64 == 0 {
            progress.tick(writer.written());
        }
        Ok(())
    });
    progress.finish();
    // Whatever was extracted before an error is put in place, whole lines only, so nothing
    // already read is lost.
    writer.finish()?.commit()?;
    let tally = result?;
    let bytes = if total > 0 {
        total
    } else {
        done.load(std::sync::atomic::Ordering::Relaxed)
    };
    Ok((tally, bytes, started))
}
