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
use retold::pipeline::compare::Comparer;
use retold::pipeline::Tally;
use retold::read::FieldMap;
use retold::relate::engine::Comparison;
use retold::Error;

use super::{clean, Args, Shown};
use crate::cli::report::{problems, summary_tail, Progress, Warnings};

/// Pairs compared per parallel batch: enough to keep every core busy, few enough that a batch
/// of HTML pages stays within tens of megabytes (the same figure as the pipeline's batches).
const BATCH: usize = 256;

use super::pair_line::{compare_line, Compared};

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
    let comparer = Comparer::default().with_encoder(args.embed.encoder()?);
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
