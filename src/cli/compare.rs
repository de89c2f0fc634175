//! `retold compare`: two documents, or a file of pairs → relation, scores, aligned sentences.
//!
//! `A B` prints one comparison, made for a person reading a terminal; `--pairs FILE` compares
//! every `{"id", "a": DOC, "b": DOC}` line (see `pairs.rs`). Article text is untrusted, so
//! every sentence or id printed as text loses its control characters (a page cannot drive the
//! user's terminal).

use std::io::{BufWriter, IsTerminal, Write};
use std::process::ExitCode;

use anyhow::Context;
use retold::analyze::profile::Profiler;
use retold::analyze::Analyzer;
use retold::extract::extract;
use retold::pipeline::compare::Comparer;
use retold::provenance::shown::shown;
use retold::read::{FieldMap, Item, ReadOptions, Reader};
use retold::relate::engine::Comparison;
use retold::{Article, Error, Piece};
use serde::Serialize;

use super::input::ReadFlags;

/// The longest sentence printed whole; a longer one is cut and ends with an ellipsis.
const SHOWN_CHARS: usize = 160;

/// Flags of `retold compare`.
#[derive(Debug, clap::Args)]
#[command(
    arg_required_else_help = true,
    after_help = "\
Examples:
  retold compare examples/seeds/000_f99236a16d69789a.txt examples/seeds/001_893361a9b7fe18e1.txt
  retold compare a.html b.html --json
  retold compare --pairs pairs.jsonl --json > results.jsonl

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
        Some(path) => super::pairs::compare_pairs(path, &fields, &args),
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
    let comparison = Comparer::default().compare(&a, &b);
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
        keep_raw: false,
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

/// The human form of one comparison: scores and evidence, then every aligned sentence pair.
fn write_human(
    out: &mut impl Write,
    a: &Article,
    b: &Article,
    c: &Comparison,
    colour: bool,
) -> anyhow::Result<()> {
    writeln!(out, "a                 {}", clean(&a.id))?;
    writeln!(out, "b                 {}", clean(&b.id))?;
    let relation = c.relation.map_or("unrelated", |r| r.as_str());
    match c.source {
        Some(source) => {
            let derived = if source == "a" { "b" } else { "a" };
            writeln!(
                out,
                "relation          {relation} ({derived} derives from {source})"
            )?;
        }
        None => writeln!(out, "relation          {relation}")?,
    }
    writeln!(out, "score             {:.4}", c.score)?;
    writeln!(out, "story_similarity  {:.4}", c.story_similarity)?;
    let e = &c.evidence;
    let figure = |name: &str, value: Option<f64>| value.map(|v| format!("{name} {v:.3}"));
    let count = |name: &str, value: Option<u32>| value.map(|v| format!("{name} {v}"));
    let first = [
        figure("jaccard", e.jaccard),
        figure("containment", e.containment),
        figure("cosine", e.cosine),
        figure("anchor_overlap", e.anchor_overlap),
        count("shared_quotes", e.shared_quotes),
    ];
    let second = [
        count("aligned_sentences", e.aligned_sentences),
        e.coverage.map(|[x, y]| format!("coverage {x:.3}/{y:.3}")),
        figure("kept_words", e.kept_words),
        e.days_apart.map(|d| format!("days_apart {d}")),
    ];
    let line = |figures: &[Option<String>]| {
        figures
            .iter()
            .flatten()
            .cloned()
            .collect::<Vec<_>>()
            .join("  ")
    };
    writeln!(out, "evidence          {}", line(&first))?;
    writeln!(out, "                  {}", line(&second))?;
    let (analyzer, profiler) = (Analyzer::default(), Profiler::default());
    for (n, pair) in c.alignment.iter().enumerate() {
        writeln!(out, "\n{:>3}  similarity {:.3}", n + 1, pair.similarity)?;
        if colour {
            // The changed words marked in place: red in a, green in b.
            let shown = shown(
                &pair.a,
                &pair.b,
                pair.similarity as f32,
                &analyzer,
                &profiler,
            );
            writeln!(out, "     a  {}", painted(&shown.source, RED))?;
            writeln!(out, "     b  {}", painted(&shown.derived, GREEN))?;
            continue;
        }
        writeln!(out, "     a  {}", shorten(&pair.a))?;
        writeln!(out, "     b  {}", shorten(&pair.b))?;
        if !pair.changes.is_empty() {
            let changes: Vec<String> = pair
                .changes
                .iter()
                .map(|(from, to)| format!("{} → {}", clean(from), clean(to)))
                .collect();
            writeln!(out, "     changes  {}", changes.join(", "))?;
        }
    }
    Ok(())
}

/// `text` safe for a terminal: newlines and tabs become spaces, other control characters and
/// the bidirectional overrides (which can make printed text read other than it is) go.
pub(super) fn clean(text: &str) -> String {
    text.chars()
        .filter_map(|c| match c {
            '\n' | '\t' => Some(' '),
            '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' => None,
            c if c.is_control() => None,
            c => Some(c),
        })
        .collect()
}

/// ANSI colours of changed words.
const RED: &str = "\x1b[1;31m";
const GREEN: &str = "\x1b[1;32m";
const RESET: &str = "\x1b[0m";

/// A sentence's pieces with the changed ones in `colour`, cleaned and cut to
/// [`SHOWN_CHARS`] visible characters.
fn painted(pieces: &[Piece], colour: &str) -> String {
    let mut out = String::new();
    let mut left = SHOWN_CHARS;
    for piece in pieces {
        let text = clean(&piece.text);
        let n = text.chars().count();
        let (part, cut) = if n > left {
            (text.chars().take(left).collect::<String>(), true)
        } else {
            (text, false)
        };
        left = left.saturating_sub(n);
        match piece.changed {
            true => out.push_str(&format!("{colour}{part}{RESET}")),
            false => out.push_str(&part),
        }
        if cut {
            out.push('…');
            break;
        }
    }
    out
}

/// A sentence cleaned and cut to [`SHOWN_CHARS`] characters, the cut marked with an ellipsis.
fn shorten(text: &str) -> String {
    let text = clean(text);
    match text.char_indices().nth(SHOWN_CHARS - 1) {
        Some((cut, _)) if text.chars().count() > SHOWN_CHARS => {
            format!("{}…", text[..cut].trim_end())
        }
        _ => text,
    }
}
