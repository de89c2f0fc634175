//! Makes the built-in English background table (`src/analyze/background.tsv`).
//!
//! Counts, over the documents read from the inputs, how many documents hold each term of
//! [`retold::analyze::profile`] (content-word stems, names, numbers and dates; quotes are
//! left out, as they almost never recur), and writes the terms held by at least `MIN_DF`
//! documents. The table shipped was made from the news corpora reuters21578 (1987),
//! bbc2225 (2004-05) and recovery_covid (2020) of ../shared/data/haystack, so that it
//! knows the words of several decades and does not know the allsides corpus the seeds
//! evaluation runs on:
//!
//! ```text
//! cargo run --release --example background -- \
//!     ../shared/data/haystack/{reuters21578,bbc2225,recovery_covid}.jsonl.gz \
//!     > src/analyze/background.tsv
//! ```
//!
//! It holds counts of terms, not text: no sentence of the corpora can be rebuilt from it.

use std::collections::{BTreeMap, HashSet};
use std::io::Write;

use retold::analyze::profile::Profiler;
use retold::read::{Item, ReadOptions, Reader};

/// Terms held by fewer documents are left out: they would get the idf of an unseen term
/// anyway, give or take 1.8, and would more than double the table.
const MIN_DF: u32 = 5;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let inputs: Vec<String> = std::env::args().skip(1).collect();
    if inputs.is_empty() {
        return Err("usage: background CORPUS... > background.tsv".into());
    }
    let profiler = Profiler::default();
    let mut df: BTreeMap<(char, String), u32> = BTreeMap::new();
    let mut docs = 0u64;
    for item in Reader::open(&inputs, ReadOptions::default())? {
        let Item::Record(record) = item else { continue };
        let Ok(article) = retold::extract::extract(record) else {
            continue;
        };
        docs += 1;
        let mut seen: HashSet<(char, String)> = HashSet::new();
        profiler.for_each_term(&article.text, |kind, key| {
            if kind != retold::analyze::profile::TermKind::Quote {
                seen.insert((kind.letter(), key.to_owned()));
            }
        });
        for term in seen {
            *df.entry(term).or_insert(0) += 1;
        }
    }
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    writeln!(
        out,
        "# retold English background: document frequencies of terms (kind, term, df)."
    )?;
    writeln!(
        out,
        "# Made by examples/background.rs; terms in fewer than {MIN_DF} documents left out."
    )?;
    writeln!(out, "# docs {docs}")?;
    for ((kind, term), n) in df {
        if n >= MIN_DF && !term.contains(['\t', '\n']) {
            writeln!(out, "{kind}\t{term}\t{n}")?;
        }
    }
    Ok(())
}
