//! The five bundled example pages: each body whole, its title right, no chrome in `text`, and
//! the removed pieces kept with sensible kinds. The expectations here are outcomes a reader
//! checks by eye; the cleaner has no rule that names these pages.

use std::path::Path;

use crate::support::{extract, Run};

struct Seed {
    file: &'static str,
    title: &'static str,
    /// The first and last lines of the article body in the page.
    first: &'static str,
    last: &'static str,
    /// Lines inside the body span that are chrome.
    chrome_inside: &'static [&'static str],
    /// Chrome anywhere on the page that must not reach `text`.
    chrome: &'static [&'static str],
    /// Kinds that must be among the removed pieces.
    kinds: &'static [&'static str],
    credits: &'static [&'static str],
}

const SEEDS: &[Seed] = &[
    Seed {
        file: "000_f99236a16d69789a.txt",
        title: "N Korea's Kim Promises to Prepare for confrontation with US",
        first: "SEOUL: North Korean leader",
        last: "food situation in North Korea.",
        chrome_inside: &[],
        chrome: &["News2IN", "Written by", "About the author", "\nWorld\n", "\nnews2in"],
        kinds: &["nav", "author"],
        credits: &[],
    },
    Seed {
        file: "001_893361a9b7fe18e1.txt",
        title: "North Korea's Kim vows to be ready for confrontation with U.S.",
        first: "North Korean leader Kim Jong Un ordered",
        last: "food situation in North Korea.",
        chrome_inside: &[],
        chrome: &["\n0\n", "191", "via Reuters", "undated photo"],
        kinds: &["share", "caption", "credit"],
        credits: &["KCNA | via Reuters"],
    },
    Seed {
        file: "002_6baa3b19a4fca88d.txt",
        title: "Kim says North Korea should prepare for \"dialogue and confrontation\" with Washington",
        first: "Seoul | North Korean leader",
        last: "intercontinental ballistic missiles (ICBMs).",
        chrome_inside: &["• Read also: North Korea: Kim Jong Un admits", "See also"],
        chrome: &["Awani Review", "Complete News World", "Read also", "See also", "Blind liar"],
        kinds: &["nav", "related"],
        credits: &[],
    },
    Seed {
        file: "003_06e105fb39387c32.txt",
        title: "Kim Jong-un prepares for 'dialogue and confrontation' with the US",
        first: "North Korean leader Kim Jong-un has said",
        last: "post-pandemic economic recovery and provocative military tests.”",
        chrome_inside: &[],
        chrome: &["(c) BBC", "Liked by", "Leave a Reply", "old saying", "Good point", "Akismet", "commenting using"],
        kinds: &["credit", "comments"],
        credits: &["(c) BBC"],
    },
    Seed {
        file: "004_45cfa239c90aab3e.txt",
        title: "North Korea's Kim Jong Un vows to be ready for confrontation - and dialogue - with Biden",
        first: "North Korean leader Kim Jong Un has called",
        last: "those of Nazi Germany.",
        chrome_inside: &["Download the NBC News app", "Kim Jong Un made the comments at a Workers"],
        chrome: &["Download the", "KNS / AP", "contributed to this report"],
        kinds: &["promo", "caption", "credit"],
        credits: &["The Associated Press contributed to this report."],
    },
];

/// Folds curly quotes and dashes so a title compares by its words.
fn fold(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '‘' | '’' | '′' => '\'',
            '“' | '”' => '"',
            '–' | '—' => '-',
            c => c,
        })
        .collect()
}

fn run_seeds() -> (Run, String) {
    let dir = tempfile::tempdir().unwrap();
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/seeds");
    let run = extract(dir.path(), &[seeds.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.docs.len(), 5, "{}", run.stderr);
    (run, seeds.display().to_string())
}

#[test]
fn each_seed_body_whole_title_right_chrome_gone() {
    let (run, seeds) = run_seeds();
    let mut failures = Vec::new();
    for seed in SEEDS {
        let doc = run.doc(seed.file);
        let text = doc["text"].as_str().unwrap();
        let page = std::fs::read_to_string(Path::new(&seeds).join(seed.file)).unwrap();
        if fold(doc["title"].as_str().unwrap_or("")) != seed.title {
            failures.push(format!("{}: title {:?}", seed.file, doc["title"]));
        }
        // Every body line of the page, from the first to the last, is in the text whole.
        let start = page.find(seed.first).expect("first body line in page");
        let end = start
            + page[start..]
                .find(seed.last)
                .expect("last body line in page")
            + seed.last.len();
        for line in page[start..end]
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
        {
            if seed.chrome_inside.iter().any(|c| line.starts_with(c)) {
                continue;
            }
            if !text.contains(line) {
                failures.push(format!("{}: body line lost: {line:?}", seed.file));
            }
        }
        let padded = format!("\n{text}\n");
        for chrome in seed.chrome {
            if padded.contains(chrome) {
                failures.push(format!("{}: chrome left in text: {chrome:?}", seed.file));
            }
        }
        if fold(text).starts_with(seed.title) {
            failures.push(format!("{}: title repeated in text", seed.file));
        }
        let kinds: Vec<&str> = doc["removed"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["kind"].as_str().unwrap())
            .collect();
        for kind in seed.kinds {
            if !kinds.contains(kind) {
                failures.push(format!(
                    "{}: no removed piece of kind {kind}; have {kinds:?}",
                    seed.file
                ));
            }
        }
        let credits: Vec<&str> = doc["credits"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|c| c.as_str())
            .collect();
        for credit in seed.credits {
            if !credits.iter().any(|c| c.contains(credit)) {
                failures.push(format!(
                    "{}: credit {credit:?} missing; have {credits:?}",
                    seed.file
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_quote_carried_in_the_comments_stays_once_in_the_body() {
    // Seed 003's first comment quotes the article's last sentence: the body keeps it, once.
    let (run, _) = run_seeds();
    let text = run.doc("003_06e105fb39387c32.txt")["text"]
        .as_str()
        .unwrap();
    assert_eq!(
        text.matches("Pyongyang may return to negotiations").count(),
        1
    );
}

#[test]
fn every_seed_is_english_and_nothing_is_lost() {
    let (run, _) = run_seeds();
    for doc in &run.docs {
        assert_eq!(doc["lang"], "eng", "{}", doc["id"]);
        for piece in doc["removed"].as_array().unwrap() {
            assert!(
                !piece["text"].as_str().unwrap().trim().is_empty(),
                "{}",
                doc["id"]
            );
        }
    }
}
