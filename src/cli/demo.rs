//! `retold demo`: `retold run` on the example corpus bundled in the binary.
//!
//! The five pages are compiled in, so the demo works from any directory after `cargo install`.
//! They are written to `DIR/examples/` first, so the user can open what went in next to what
//! came out, and then read back through the ordinary input path and the whole `run`.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use std::time::Instant;

use anyhow::Context;
use retold::pipeline::stories::StoriesOptions;

use super::run::{report_line, run_into};
use super::stories::stories_summary;

/// The bundled example corpus: one story (June 2021, Kim Jong Un on "dialogue and
/// confrontation"), five kinds of retelling, as crawled, chrome and all.
const EXAMPLES: [(&str, &str); 5] = [
    (
        "000_f99236a16d69789a.txt",
        include_str!("../../examples/seeds/000_f99236a16d69789a.txt"),
    ),
    (
        "001_893361a9b7fe18e1.txt",
        include_str!("../../examples/seeds/001_893361a9b7fe18e1.txt"),
    ),
    (
        "002_6baa3b19a4fca88d.txt",
        include_str!("../../examples/seeds/002_6baa3b19a4fca88d.txt"),
    ),
    (
        "003_06e105fb39387c32.txt",
        include_str!("../../examples/seeds/003_06e105fb39387c32.txt"),
    ),
    (
        "004_45cfa239c90aab3e.txt",
        include_str!("../../examples/seeds/004_45cfa239c90aab3e.txt"),
    ),
];

/// Flags of `retold demo`.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Example:
  retold demo -o /tmp/demo && xdg-open /tmp/demo/report/index.html

Writes the five example pages to DIR/examples and runs `retold run` on them: DIR/documents.jsonl,
DIR/links.jsonl, DIR/stories.jsonl and the report, DIR/report/index.html.")]
pub struct Args {
    /// Directory for the example pages and the results.
    #[arg(short, long, default_value = "retold-out")]
    pub output: PathBuf,
}

/// Runs `retold demo`.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let started = Instant::now();
    let pages = args.output.join("examples");
    std::fs::create_dir_all(&pages).with_context(|| format!("creating {}", pages.display()))?;
    for (name, text) in EXAMPLES {
        let path = pages.join(name);
        std::fs::write(&path, text).with_context(|| format!("writing {}", path.display()))?;
    }
    let inputs = [pages.display().to_string()];
    let (result, bytes, report) =
        run_into(&inputs, StoriesOptions::default(), &args.output, false)?;
    let dest = args.output.display().to_string();
    let mut out = std::io::stdout().lock();
    let id = |d: u32| result.docs.get(d as usize).map_or("?", |m| m.id.as_str());
    for (n, story) in result.stories.iter().enumerate() {
        let headline = story.summary.headline.as_deref().unwrap_or("(no title)");
        println!(
            "story {n}: {} ({} documents)",
            clean(headline),
            story.members.len()
        );
        for m in &story.members {
            let from = match (m.derived_from, m.related_to, m.basis) {
                (Some(s), _, Some(b)) => format!(" of {} (by {})", id(s), b.as_str()),
                (None, Some(s), Some(b)) => format!(" of {} ({})", id(s), b.as_str()),
                _ => String::new(),
            };
            writeln!(out, "  {:<26} {}{}", id(m.doc), m.role.as_str(), from)?;
        }
        for q in &story.summary.quotes {
            writeln!(
                out,
                "  quote “{}” in {} documents",
                clean(&q.text),
                q.docs.len()
            )?;
        }
    }
    eprintln!(
        "{}",
        stories_summary("demo", &result, bytes, started, &dest)
    );
    eprintln!("{}", report_line(&args.output, &report));
    writeln!(
        out,
        "\nThe pages are in {}; open {} to read the story.",
        pages.display(),
        args.output.join("report").join("index.html").display()
    )?;
    Ok(ExitCode::SUCCESS)
}

/// A line of article text fit for a terminal: control characters dropped.
fn clean(text: &str) -> String {
    text.chars().filter(|c| !c.is_control()).collect()
}
