//! `retold demo`: the example corpus bundled in the binary, written out and extracted.
//!
//! The five pages are compiled in, so the demo works from any directory after `cargo install`.
//! They are written to `DIR/examples/` first, so the user can open what went in next to what
//! came out, and then read back through the ordinary input path.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use retold::pipeline::ExtractOptions;

use super::extract::write_documents;
use super::report::summary;

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
  retold demo -o /tmp/demo && less /tmp/demo/documents.jsonl")]
pub struct Args {
    /// Directory for the example pages and the results.
    #[arg(short, long, default_value = "retold-out")]
    pub output: PathBuf,
}

/// Runs `retold demo`.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let pages = args.output.join("examples");
    std::fs::create_dir_all(&pages).with_context(|| format!("creating {}", pages.display()))?;
    for (name, text) in EXAMPLES {
        let path = pages.join(name);
        std::fs::write(&path, text).with_context(|| format!("writing {}", path.display()))?;
    }
    let dest = args.output.join("documents.jsonl");
    let inputs = [pages.display().to_string()];
    let (tally, bytes, started) =
        write_documents(&inputs, ExtractOptions::default(), &dest, false)?;
    let text =
        std::fs::read_to_string(&dest).with_context(|| format!("reading {}", dest.display()))?;
    println!("{:<26} {:>6}  {:<34} title", "document", "chars", "removed");
    for line in text.lines() {
        let doc: serde_json::Value = serde_json::from_str(line)?;
        let mut kinds: Vec<String> = doc["removed"]
            .as_array()
            .map(|r| {
                r.iter()
                    .filter_map(|p| p["kind"].as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default();
        kinds.dedup();
        println!(
            "{:<26} {:>6}  {:<34} {}",
            doc["id"].as_str().unwrap_or(""),
            doc["chars"],
            kinds.join(","),
            doc["title"].as_str().unwrap_or("(none)")
        );
    }
    eprintln!(
        "{}",
        summary("demo", &tally, bytes, started, &dest.display().to_string())
    );
    println!(
        "\nThe pages are in {}; their text, metadata and removed chrome in {}.",
        pages.display(),
        dest.display()
    );
    Ok(ExitCode::SUCCESS)
}
