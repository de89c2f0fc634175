//! `retold compare --pairs FILE`: every `{"id", "a": DOC, "b": DOC}` line compared, in
//! parallel batches written in input order, so that memory follows the batch, not the file.

use std::fs::File;
use std::io::{BufRead, BufReader, BufWriter, Read, Write};
use std::process::ExitCode;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Instant;

use anyhow::Context;
use rayon::prelude::*;
use retold::extract::extract;
use retold::pipeline::compare::Comparer;
use retold::pipeline::Tally;
use retold::read::FieldMap;
use retold::relate::engine::Comparison;
use retold::{Article, Error, Origin, Place, Problem, Warning};
use serde_json::Value;

use super::compare::{clean, Args, Shown};
use super::report::{problems, summary_tail, Progress, Warnings};

/// Pairs compared per parallel batch: enough to keep every core busy, few enough that a batch
/// of HTML pages stays within tens of megabytes (the same figure as the pipeline's batches).
const BATCH: usize = 256;

/// The outcome of one `--pairs` line: its warnings, and the comparison unless it was skipped.
struct Compared {
    warnings: Vec<Warning>,
    result: Option<(String, Comparison)>,
}

pub(super) fn compare_pairs(
    path: &str,
    fields: &FieldMap,
    args: &Args,
) -> anyhow::Result<ExitCode> {
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
    let mut warnings = Warnings::new(args.read.quiet);
    let mut tally = Tally::default();
    let mut out = BufWriter::new(std::io::stdout().lock());
    let mut line_no = 0;
    let comparer = Comparer::default();
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
        let results: Vec<Compared> = batch
            .into_par_iter()
            .map(|(n, line)| compare_line(&comparer, path, n, line, fields))
            .collect();
        for outcome in results {
            tally.records += 1;
            for warning in &outcome.warnings {
                tally.count(warning);
                if args.read.strict && warning.problem.skips() {
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
fn compare_line(
    comparer: &Comparer,
    path: &str,
    line_no: u64,
    line: Vec<u8>,
    fields: &FieldMap,
) -> Compared {
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
    let result = compare_pair(comparer, &text, &origin, fields)
        .map_err(|w| warnings.push(w))
        .ok();
    Compared { warnings, result }
}

fn compare_pair(
    comparer: &Comparer,
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
    Ok((id, comparer.compare(&a, &b)))
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
