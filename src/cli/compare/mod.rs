//! `retold compare`: two documents, or a file of pairs → relation, scores, aligned sentences.
//!
//! `A B` prints one comparison, made for a person reading a terminal; `--pairs FILE` compares
//! every `{"id", "a": DOC, "b": DOC}` line (see `pairs.rs`). Article text is untrusted, so
//! every sentence or id printed as text loses its control characters (a page cannot drive the
//! user's terminal).

use std::io::{BufWriter, IsTerminal, Write};
use std::process::ExitCode;

use anyhow::Context;
use retold::extract::extract;
use retold::pipeline::compare::Comparer;
use retold::read::{FieldMap, Item, ReadOptions, Reader};
use retold::relate::engine::Comparison;
use retold::{Article, Error};
use serde::Serialize;

use super::input::ReadFlags;
use human::{clean, write_human};

mod human;
mod pair_line;
mod pairs;

/// Flags of `retold compare`.
#[derive(Debug, clap::Args)]
#[command(
    arg_required_else_help = true,
    after_help = "\
Examples:
  retold compare examples/seeds/000_f99236a16d69789a.txt examples/seeds/001_893361a9b7fe18e1.txt
  retold compare a.html b.html --json
  retold compare --pairs pairs.jsonl --json > results.jsonl
  retold compare report-fr.txt report-en.txt --embed   (built with --features embed)

A and B are files in any format retold reads (the first document of each is compared).
--pairs reads JSON Lines of {\"id\", \"a\": DOC, \"b\": DOC}, each DOC an object with the fields
of a JSONL input line (text or html, title, url, published...), and prints one line per pair.
The relation is exact, near_copy, excerpt, spin, rewrite, same_story, or none (null)."
)]
pub struct Args {
    /// The first document: a file in any format (its first document is compared).
    #[arg(required_unless_present = "pairs", conflicts_with = "pairs")]
    pub a: Option<String>,
    /// The second document.
    #[arg(required_unless_present = "pairs", conflicts_with = "pairs")]
    pub b: Option<String>,
    /// Compare every pair of this JSON Lines file (`-` for stdin) instead.
    #[arg(long, value_name = "FILE")]
    pub pairs: Option<String>,
    /// Print JSON, one object per comparison.
    #[arg(long)]
    pub json: bool,
    /// Colour the changed words: auto (when stdout is a terminal and NO_COLOR is unset),
    /// always or never.
    #[arg(long, value_name = "WHEN", default_value = "auto")]
    pub color: ColorWhen,
    #[command(flatten)]
    pub read: ReadFlags,
    #[command(flatten)]
    pub embed: super::values::EmbedFlags,
}

/// When `compare` colours its output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorWhen {
    /// When stdout is a terminal and NO_COLOR is not set.
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

impl ColorWhen {
    fn enabled(self) -> bool {
        match self {
            ColorWhen::Always => true,
            ColorWhen::Never => false,
            ColorWhen::Auto => {
                std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none()
            }
        }
    }
}

/// A comparison as printed with `--json`.
#[derive(Serialize)]
pub(super) struct Shown<'a> {
    pub(super) id: Option<&'a str>,
    #[serde(flatten)]
    pub(super) comparison: &'a Comparison,
}

/// Runs `retold compare`.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let fields = args.read.field_map()?;
    match &args.pairs {
        Some(path) => pairs::compare_pairs(path, &fields, &args),
        None => compare_files(&fields, &args),
    }
}

fn compare_files(fields: &FieldMap, args: &Args) -> anyhow::Result<ExitCode> {
    let (Some(a), Some(b)) = (&args.a, &args.b) else {
        let usage = "compare needs two files (A B), or --pairs FILE";
        return Err(Error::Usage(usage.to_string()).into());
    };
    let (a, b) = (
        first_article(a, fields, args)?,
        first_article(b, fields, args)?,
    );
    let comparison = Comparer::default()
        .with_encoder(args.embed.encoder()?)
        .compare(&a, &b);
    let mut out = BufWriter::new(std::io::stdout().lock());
    if args.json {
        let shown = Shown {
            id: None,
            comparison: &comparison,
        };
        serde_json::to_writer(&mut out, &shown)?;
        writeln!(out)?;
    } else {
        write_human(&mut out, &a, &b, &comparison, args.color.enabled())?;
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// The first document of `path`, extracted; says so when the file holds more than one.
fn first_article(path: &str, fields: &FieldMap, args: &Args) -> anyhow::Result<Article> {
    let options = ReadOptions {
        fields: fields.clone(),
        ..ReadOptions::default()
    };
    let mut reader = Reader::open(&[path.to_string()], options)?;
    let mut record = None;
    for item in reader.by_ref() {
        match item {
            Item::Record(first) => {
                record = Some(first);
                break;
            }
            Item::Warning(warning) if args.read.strict && warning.problem.skips() => {
                return Err(Error::from(warning).into())
            }
            Item::Warning(warning) if !args.read.quiet => eprintln!("warning: {warning}"),
            Item::Warning(_) => {}
        }
    }
    let record = record.with_context(|| format!("{path}: no document to compare"))?;
    if reader.any(|item| matches!(item, Item::Record(_))) {
        let id = clean(&record.id);
        eprintln!("note: {path} holds several documents; comparing the first ({id})");
    }
    Ok(extract(record).map_err(Error::from)?)
}
