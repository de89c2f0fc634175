//! What a command tells the user on stderr: warnings, a progress bar, the summary line.
//!
//! The bar is drawn only when stderr is a terminal, so logs and pipes stay clean. Warnings are
//! printed as they come, up to a cap per kind, so a corpus with a million bad lines does not
//! drown the terminal nor hide a rarer problem; the summary line always counts them all.

use std::collections::BTreeMap;
use std::io::IsTerminal;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressStyle};
use retold::pipeline::Tally;
use retold::{Problem, Warning};

/// Warnings of one kind printed one by one before the rest of that kind are only counted.
const WARNINGS_SHOWN: u64 = 50;

/// Prints warnings with their place, up to [`WARNINGS_SHOWN`] of each kind, so a rare problem
/// is not hidden behind a common one.
pub struct Warnings {
    shown: BTreeMap<Problem, u64>,
    quiet: bool,
}

impl Warnings {
    /// `quiet` prints none (they are still counted in the summary).
    pub fn new(quiet: bool) -> Warnings {
        Warnings {
            shown: BTreeMap::new(),
            quiet,
        }
    }

    /// Prints one warning, or the note that further ones of its kind are only counted.
    pub fn print(&mut self, bar: &Progress, warning: &Warning) {
        if self.quiet {
            return;
        }
        let shown = self.shown.entry(warning.problem).or_default();
        *shown += 1;
        let line = match *shown {
            n if n <= WARNINGS_SHOWN => format!("warning: {warning}"),
            n if n == WARNINGS_SHOWN + 1 => format!(
                "warning: further '{}' warnings are counted in the summary, not shown",
                warning.problem.label()
            ),
            _ => return,
        };
        bar.println(&line);
    }
}

/// A progress bar over the input's bytes on disk, or nothing when stderr is not a terminal.
pub struct Progress {
    bar: Option<ProgressBar>,
    done: Arc<AtomicU64>,
}

impl Progress {
    /// A bar for `total` bytes (a spinner when 0, as for stdin), fed from `done`.
    pub fn new(total: u64, done: Arc<AtomicU64>) -> Progress {
        let bar = std::io::stderr().is_terminal().then(|| {
            let bar = if total > 0 {
                ProgressBar::new(total).with_style(
                    ProgressStyle::with_template(
                        "{spinner} {bytes}/{total_bytes} {wide_bar} {bytes_per_sec} eta {eta} {msg}",
                    )
                    .unwrap_or_else(|_| ProgressStyle::default_bar()),
                )
            } else {
                ProgressBar::new_spinner()
            };
            bar.enable_steady_tick(Duration::from_millis(200));
            bar
        });
        Progress { bar, done }
    }

    /// Moves the bar to the bytes consumed so far and shows `count` documents.
    pub fn tick(&self, count: u64) {
        if let Some(bar) = &self.bar {
            bar.set_position(self.done.load(Ordering::Relaxed));
            bar.set_message(format!("{count} documents"));
        }
    }

    /// Prints a line above the bar (or plainly on stderr without one).
    pub fn println(&self, line: &str) {
        match &self.bar {
            Some(bar) => bar.println(line),
            None => eprintln!("{line}"),
        }
    }

    /// Removes the bar.
    pub fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

/// The one-line summary: documents read and written, skipped with reasons, bytes, time, memory.
pub fn summary(verb: &str, tally: &Tally, bytes: u64, started: Instant, dest: &str) -> String {
    format!(
        "{verb}: {} records read, {} written{}{}",
        tally.records,
        tally.articles,
        problems(tally),
        summary_tail(bytes, started, dest)
    )
}

/// What a run skipped and repaired, with reasons:
/// `, 3 skipped (2 broken JSON, 1 empty), 1 duplicate id renamed`.
pub fn problems(tally: &Tally) -> String {
    let listed = |skips: bool| -> Vec<String> {
        tally
            .problems
            .iter()
            .filter(|(p, _)| p.skips() == skips)
            .map(|(p, n)| format!("{n} {}", p.label()))
            .collect()
    };
    let mut line = match tally.skipped() {
        0 => ", 0 skipped".to_string(),
        n => format!(", {n} skipped ({})", listed(true).join(", ")),
    };
    for repair in listed(false) {
        line.push_str(", ");
        line.push_str(&repair);
    }
    line
}

/// The end every summary line shares: bytes, seconds, throughput, peak memory, destination.
pub fn summary_tail(bytes: u64, started: Instant, dest: &str) -> String {
    let secs = started.elapsed().as_secs_f64();
    let mb = bytes as f64 / 1e6;
    let mut line = format!("; {mb:.1} MB in {secs:.2} s");
    if secs > 0.0 && bytes > 0 {
        line.push_str(&format!(" ({:.1} MB/s)", mb / secs));
    }
    if let Some(peak) = peak_memory_mb() {
        line.push_str(&format!(", peak memory {peak:.0} MB"));
    }
    line.push_str(&format!(" -> {dest}"));
    line
}

/// The process's peak resident memory in MB, where the OS tells it (Linux `VmHWM`).
fn peak_memory_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}
