//! `retold compare`: two documents, or a file of pairs → relation, scores, aligned sentences.
//!
//! `A B` prints one comparison, made for a person reading a terminal; `--pairs FILE` compares
//! every `{"id", "a": DOC, "b": DOC}` line, in parallel batches written in input order, so that
//! memory follows the batch, not the file. Article text is untrusted, so every sentence or id
//! printed as text loses its control characters (a page cannot drive the user's terminal).

use std::fs::File;
use std::io::{BufRead, BufReader, BufWriter, Read, Write};
use std::process::ExitCode;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Instant;

use anyhow::Context;
use rayon::prelude::*;
use retold::extract::extract;
use retold::pipeline::compare::{compare, Comparison};
use retold::pipeline::Tally;
use retold::read::{FieldMap, Item, ReadOptions, Reader};
use retold::{Article, Error, Origin, Place, Problem, Warning};
use serde::Serialize;
use serde_json::Value;

use super::report::{problems, summary_tail, Progress, Warnings};

/// Pairs compared per parallel batch: enough to keep every core busy, few enough that a batch
/// of HTML pages stays within tens of megabytes (the same figure as the pipeline's batches).
const BATCH: usize = 256;

/// The longest sentence printed whole; a longer one is cut and ends with an ellipsis.
const SHOWN_CHARS: usize = 160;

/// Flags of `retold compare`.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  retold compare examples/seeds/000_f99236a16d69789a.txt examples/seeds/001_893361a9b7fe18e1.txt
  retold compare a.html b.html --json
  retold compare --pairs pairs.jsonl --json > results.jsonl

A and B are files in any format retold reads (the first document of each is compared).
--pairs reads JSON Lines of {\"id\", \"a\": DOC, \"b\": DOC}, each DOC an object with the fields
of a JSONL input line (text or html, title, url, published...), and prints one line per pair.
The relation is exact, near_copy, excerpt, spin, rewrite, same_story, or none (null).")]
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
    /// Map a field to another JSON key, e.g. `--field text=body`.
    #[arg(long = "field", value_name = "FIELD=KEY")]
    pub fields: Vec<String>,
    /// Stop at the first bad pair or document instead of warning and skipping it.
    #[arg(long)]
    pub strict: bool,
    /// Print no warnings (they are still counted in the summary).
    #[arg(short, long)]
    pub quiet: bool,
}

/// A comparison as printed with `--json`.
#[derive(Serialize)]
struct Shown<'a> {
    id: Option<&'a str>,
    #[serde(flatten)]
    comparison: &'a Comparison,
}

/// Runs `retold compare`.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let mut fields = FieldMap::default();
    for spec in &args.fields {
        fields.set(spec)?;
    }
    match &args.pairs {
        Some(path) => compare_pairs(path, &fields, &args),
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
    let comparison = compare(&a, &b);
    let mut out = BufWriter::new(std::io::stdout().lock());
    if args.json {
        let shown = Shown {
            id: None,
            comparison: &comparison,
        };
        serde_json::to_writer(&mut out, &shown)?;
        writeln!(out)?;
    } else {
        write_human(&mut out, &a, &b, &comparison)?;
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
            Item::Warning(warning) if args.strict && warning.problem.skips() => {
                return Err(Error::from(warning).into())
            }
            Item::Warning(warning) if !args.quiet => eprintln!("warning: {warning}"),
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

/// The outcome of one `--pairs` line: its warnings, and the comparison unless it was skipped.
struct Outcome {
    warnings: Vec<Warning>,
    result: Option<(String, Comparison)>,
}

fn compare_pairs(path: &str, fields: &FieldMap, args: &Args) -> anyhow::Result<ExitCode> {
    let started = Instant::now();
    let (input, size): (Box<dyn Read>, u64) = if path == "-" {
        (Box::new(std::io::stdin().lock()), 0)
    } else {
        let file = File::open(path).with_context(|| format!("opening {path}"))?;
        let size = file.metadata().map(|m| m.len()).unwrap_or(0);
        (Box::new(file), size)
    };
    let mut input = BufReader::with_capacity(1 << 20, input);
    let done = Arc::new(AtomicU64::new(0));
    let progress = Progress::new(size, Arc::clone(&done));
    let mut warnings = Warnings::new(args.quiet);
    let mut tally = Tally::default();
    let mut out = BufWriter::new(std::io::stdout().lock());
    let mut line_no = 0;
    loop {
        let mut batch = Vec::with_capacity(BATCH);
        while batch.len() < BATCH {
            let mut line = Vec::new();
            let read = input.read_until(b'\n', &mut line);
            let read = read.with_context(|| format!("reading {path}"))?;
            if read == 0 {
                break;
            }
            done.fetch_add(read as u64, Ordering::Relaxed);
            line_no += 1;
            if !line.iter().all(u8::is_ascii_whitespace) {
                batch.push((line_no, line));
            }
        }
        if batch.is_empty() {
            break;
        }
        let outcomes: Vec<Outcome> = batch
            .into_par_iter()
            .map(|(n, line)| compare_line(path, n, line, fields))
            .collect();
        for outcome in outcomes {
            tally.records += 1;
            for warning in &outcome.warnings {
                tally.count(warning);
                if args.strict && warning.problem.skips() {
                    progress.finish();
                    out.flush()?;
                    return Err(Error::from(warning.clone()).into());
                }
                warnings.print(&progress, warning);
            }
            if let Some((id, comparison)) = outcome.result {
                tally.articles += 1;
                write_pair(&mut out, &id, &comparison, args.json)?;
            }
        }
        progress.tick(2 * tally.articles);
    }
    progress.finish();
    out.flush()?;
    let bytes = done.load(Ordering::Relaxed);
    let tail = summary_tail(bytes, started, "stdout");
    let (read, compared, skipped) = (tally.records, tally.articles, problems(&tally));
    eprintln!("compare: {read} pairs read, {compared} compared{skipped}{tail}");
    Ok(ExitCode::SUCCESS)
}

/// Compares the two documents of one `--pairs` line (1-based `line_no`).
fn compare_line(path: &str, line_no: u64, line: Vec<u8>, fields: &FieldMap) -> Outcome {
    let origin = Origin {
        path: path.to_string(),
        place: Place::Line(line_no),
    };
    let mut warnings = Vec::new();
    let text = String::from_utf8(line).unwrap_or_else(|err| {
        warnings.push(Warning {
            place: origin.to_string(),
            problem: Problem::InvalidUtf8,
            reason: "invalid UTF-8 replaced".to_string(),
        });
        String::from_utf8_lossy(err.as_bytes()).into_owned()
    });
    let result = compare_pair(&text, &origin, fields)
        .map_err(|w| warnings.push(w))
        .ok();
    Outcome { warnings, result }
}

fn compare_pair(
    text: &str,
    origin: &Origin,
    fields: &FieldMap,
) -> Result<(String, Comparison), Warning> {
    let broken = |reason: String| Warning {
        place: origin.to_string(),
        problem: Problem::BrokenJson,
        reason,
    };
    let mut pair = match serde_json::from_str::<Value>(text.trim_start_matches('\u{feff}')) {
        Ok(Value::Object(pair)) => pair,
        Ok(_) => {
            return Err(broken(
                "broken JSON: expected an object {\"id\", \"a\", \"b\"}".into(),
            ))
        }
        Err(err) => return Err(broken(format!("broken JSON: {err}"))),
    };
    let id = match pair.remove("id") {
        Some(Value::String(id)) => id,
        Some(Value::Number(id)) => id.to_string(),
        _ => origin.to_string(),
    };
    let mut side = |name: &str| -> Result<Article, Warning> {
        let doc = pair
            .remove(name)
            .ok_or_else(|| broken(format!("no \"{name}\" document")))?;
        let named = |w: Warning| Warning {
            reason: format!("{name}: {}", w.reason),
            ..w
        };
        extract(fields.record(doc, origin.clone()).map_err(named)?).map_err(named)
    };
    let (a, b) = (side("a")?, side("b")?);
    Ok((id, compare(&a, &b)))
}

/// One `--pairs` result: a JSON line, or `ID  relation  score  story_similarity`.
fn write_pair(out: &mut impl Write, id: &str, c: &Comparison, json: bool) -> anyhow::Result<()> {
    if json {
        serde_json::to_writer(
            &mut *out,
            &Shown {
                id: Some(id),
                comparison: c,
            },
        )?;
        writeln!(out)?;
    } else {
        let relation = c.relation.map_or("unrelated", |r| r.as_str());
        let (score, story) = (c.score, c.story_similarity);
        writeln!(
            out,
            "{}\t{relation}\tscore {score:.4}\tstory_similarity {story:.4}",
            clean(id)
        )?;
    }
    Ok(())
}

/// The human form of one comparison: scores and evidence, then every aligned sentence pair.
fn write_human(
    out: &mut impl Write,
    a: &Article,
    b: &Article,
    c: &Comparison,
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
    for (n, pair) in c.alignment.iter().enumerate() {
        writeln!(out, "\n{:>3}  similarity {:.3}", n + 1, pair.similarity)?;
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
fn clean(text: &str) -> String {
    text.chars()
        .filter_map(|c| match c {
            '\n' | '\t' => Some(' '),
            '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' => None,
            c if c.is_control() => None,
            c => Some(c),
        })
        .collect()
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
