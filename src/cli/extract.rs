//! `retold extract`: inputs → `documents.jsonl` (main text, metadata, removed chrome).

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Context;
use retold::output::DocumentWriter;
use retold::pipeline::{ExtractOptions, Extraction, Tally};
use retold::read::{FieldMap, ReadOptions};

use super::report::{summary, Progress, Warnings};

/// Flags of `retold extract`.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  retold extract ../shared/seeds -o seeds.jsonl
  retold extract crawl.warc.gz news.jsonl.zst -o docs.jsonl
  retold extract dump.jsonl --field text=body_text --field id=guid -o -")]
pub struct Args {
    #[command(flatten)]
    pub input: InputArgs,
    /// Where to write documents.jsonl (`-` for stdout).
    #[arg(short, long, default_value = "retold-out/documents.jsonl")]
    pub output: PathBuf,
}

/// Flags every command that reads input shares.
#[derive(Debug, clap::Args)]
pub struct InputArgs {
    /// Files, directories (recursive) or `-` for JSON Lines on stdin.
    #[arg(required = true, value_name = "INPUT")]
    pub inputs: Vec<String>,
    #[command(flatten)]
    pub read: ReadFlags,
}

/// How records are read and bad ones treated: shared by every command that reads documents.
#[derive(Debug, clap::Args)]
pub struct ReadFlags {
    /// Map a field to another JSON key, e.g. `--field text=body` (id, text, html, title, url,
    /// published, site).
    #[arg(long = "field", value_name = "FIELD=KEY")]
    pub fields: Vec<String>,
    /// Stop at the first bad record instead of warning and skipping it.
    #[arg(long)]
    pub strict: bool,
    /// Print no warnings (they are still counted in the summary).
    #[arg(short, long)]
    pub quiet: bool,
}

impl ReadFlags {
    /// The `--field` mappings; a bad one is a usage error.
    pub fn field_map(&self) -> retold::Result<FieldMap> {
        let mut fields = FieldMap::default();
        for spec in &self.fields {
            fields.set(spec)?;
        }
        Ok(fields)
    }
}

impl InputArgs {
    /// Builds the library's options; a bad `--field` is a usage error.
    pub fn options(&self) -> retold::Result<ExtractOptions> {
        Ok(ExtractOptions {
            read: ReadOptions {
                fields: self.read.field_map()?,
                keep_raw: false,
            },
            strict: self.read.strict,
        })
    }
}

/// Runs `retold extract`.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let options = args.input.options()?;
    let (tally, bytes, started) = write_documents(
        &args.input.inputs,
        options,
        &args.output,
        args.input.read.quiet,
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

/// Reads and extracts `inputs` into `dest` as documents.jsonl, with progress and warnings on
/// stderr. Returns the tally, the bytes read and when the work started.
pub fn write_documents(
    inputs: &[String],
    options: ExtractOptions,
    dest: &Path,
    quiet: bool,
) -> anyhow::Result<(Tally, u64, Instant)> {
    let started = Instant::now();
    let extraction = Extraction::open(inputs, options)?;
    let total = extraction.total_bytes();
    let progress = Progress::new(total, extraction.progress());
    let done = extraction.progress();
    let sink: Box<dyn Write> = if dest == Path::new("-") {
        Box::new(std::io::stdout().lock())
    } else {
        if let Some(dir) = dest.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
        }
        let file = File::create(dest).with_context(|| format!("creating {}", dest.display()))?;
        Box::new(file)
    };
    let mut writer = DocumentWriter::new(
        BufWriter::with_capacity(1 << 20, sink),
        dest.display().to_string(),
    );
    let mut warnings = Warnings::new(quiet);
    let result = extraction.run(&mut |w| warnings.print(&progress, w), &mut |article| {
        writer.write(&article)?;
        if writer.written() % 64 == 0 {
            progress.tick(writer.written());
        }
        Ok(())
    });
    progress.finish();
    // Whatever was extracted before an error is flushed, so nothing already read is lost.
    writer.finish()?;
    let tally = result?;
    let bytes = if total > 0 {
        total
    } else {
        done.load(std::sync::atomic::Ordering::Relaxed)
    };
    Ok((tally, bytes, started))
}
