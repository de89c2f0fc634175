//! `retold dedup`: each copy relation, shared boilerplate, the kept corpus, and groups that do
//! not depend on input order or thread count. Articles are generated from a seeded word list,
//! so unrelated ones share next to no word 5-grams, as real unrelated articles do.

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

use crate::support::run;

const WORDS: &[&str] = &[
    "council",
    "river",
    "budget",
    "minister",
    "harbour",
    "school",
    "election",
    "court",
    "police",
    "festival",
    "bridge",
    "hospital",
    "market",
    "farmers",
    "storm",
    "museum",
    "railway",
    "union",
    "teachers",
    "airport",
    "mayor",
    "report",
    "water",
    "energy",
    "prices",
    "village",
    "football",
    "season",
    "judge",
    "vote",
    "plan",
    "road",
    "fire",
    "health",
    "workers",
    "company",
    "profit",
    "shares",
    "bank",
    "loan",
    "rates",
    "housing",
    "rent",
    "tenants",
    "children",
    "families",
    "doctors",
    "nurses",
    "strike",
    "talks",
    "deal",
    "agreement",
    "protest",
    "crowd",
    "summer",
    "winter",
    "flood",
    "drought",
    "harvest",
    "wheat",
    "coast",
    "island",
    "ferry",
    "tourists",
    "hotel",
    "visitors",
    "record",
    "growth",
    "decline",
    "survey",
    "study",
    "scientists",
    "data",
    "climate",
    "forest",
    "wildlife",
    "species",
    "park",
    "garden",
    "library",
    "books",
    "film",
    "music",
    "concert",
    "theatre",
    "artist",
    "gallery",
    "church",
    "bishop",
    "parish",
    "students",
    "university",
    "research",
    "grant",
    "science",
    "space",
    "rocket",
    "satellite",
    "launch",
];

/// A pseudo-article of `sentences` sentences from a seed: same seed, same text.
fn article(seed: u64, sentences: usize) -> String {
    let mut s = seed
        .wrapping_mul(6364136223846793005)
        .wrapping_add(1442695040888963407)
        | 1;
    let mut next = || {
        s ^= s << 13;
        s ^= s >> 7;
        s ^= s << 17;
        s
    };
    let mut out = String::new();
    for _ in 0..sentences {
        let n = 8 + next() % 10;
        let words: Vec<&str> = (0..n)
            .map(|_| WORDS[(next() % WORDS.len() as u64) as usize])
            .collect();
        let mut sentence = words.join(" ");
        sentence[..1].make_ascii_uppercase();
        out.push_str(&sentence);
        out.push_str(". ");
    }
    out.trim_end().to_string()
}

fn jsonl(docs: &[(&str, String)]) -> String {
    docs.iter()
        .map(|(id, text)| serde_json::json!({"id": id, "text": text}).to_string() + "\n")
        .collect()
}

struct Dedup {
    code: i32,
    stderr: String,
    groups: Vec<serde_json::Value>,
    links: Vec<serde_json::Value>,
}

impl Dedup {
    /// Groups as sets of member ids, for comparing runs.
    fn group_sets(&self) -> BTreeSet<BTreeSet<String>> {
        self.groups
            .iter()
            .map(|g| {
                g["members"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|m| m["id"].as_str().unwrap().to_string())
                    .collect()
            })
            .collect()
    }

    fn link(&self, a: &str, b: &str) -> Option<&serde_json::Value> {
        self.links
            .iter()
            .find(|l| (l["a"] == a && l["b"] == b) || (l["a"] == b && l["b"] == a))
    }
}

/// The copy relations alone: the synthetic articles here draw on one small vocabulary, so
/// the retelling pass finds them alike (rightly: their sentences share most content words);
/// the copy rules are what these tests pin.
const COPIES: [&str; 2] = ["--relations", "exact,near_copy,excerpt"];

fn dedup(dir: &Path, input: &str, extra: &[&str], threads: &str) -> Dedup {
    let path = dir.join("in.jsonl");
    std::fs::write(&path, input).unwrap();
    let out = dir.join("out");
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_retold"));
    cmd.env("RAYON_NUM_THREADS", threads)
        .arg("dedup")
        .arg(&path)
        .arg("-o")
        .arg(&out)
        .args(extra);
    let output = run(cmd, None);
    let read = |name: &str| -> Vec<serde_json::Value> {
        std::fs::read_to_string(out.join(name))
            .unwrap_or_default()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect()
    };
    Dedup {
        code: output.status.code().unwrap_or(-1),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        groups: read("groups.jsonl"),
        links: read("links.jsonl"),
    }
}

fn set(ids: &[&str]) -> BTreeSet<String> {
    ids.iter().map(|s| s.to_string()).collect()
}

/// A corpus with one of each relation and unrelated articles around them.
fn corpus() -> Vec<(&'static str, String)> {
    let original = article(1, 30);
    let sentences: Vec<&str> = original.split(". ").collect();
    let mut edited = sentences.clone();
    edited[3] = "The harbour master declined to comment on the figures";
    edited[17] = "Officials said the work would resume in the spring";
    let chrome = format!(
        "Home | News | Sport | Weather\nShare on Facebook Tweet Email\n\n{original}\n\n\
         Comments\n{}\nReply\n{}\nReply",
        article(50, 12),
        article(51, 10)
    );
    vec![
        ("original", original.clone()),
        ("shouted", original.to_uppercase().replace(". ", ".\n\n")),
        ("edited", edited.join(". ")),
        ("wrapped", chrome),
        ("excerpt", sentences[..14].join(". ")),
        ("other-1", article(2, 30)),
        ("other-2", article(3, 25)),
        ("other-3", article(4, 40)),
    ]
}

#[test]
fn exact_near_copy_wrapped_copy_and_excerpt_join_their_original() {
    let dir = tempfile::tempdir().unwrap();
    let run = dedup(dir.path(), &jsonl(&corpus()), &COPIES, "2");
    assert_eq!(run.code, 0, "{}", run.stderr);
    let expected: BTreeSet<_> = [set(&[
        "original", "shouted", "edited", "wrapped", "excerpt",
    ])]
    .into();
    assert_eq!(run.group_sets(), expected, "{}", run.stderr);
    assert_eq!(
        run.link("original", "shouted").unwrap()["relation"],
        "exact"
    );
    assert_eq!(
        run.link("original", "edited").unwrap()["relation"],
        "near_copy"
    );
    let excerpt = run.link("original", "excerpt").unwrap();
    assert_eq!(excerpt["relation"], "excerpt");
    assert_eq!(excerpt["source"], "original");
    assert!(excerpt["evidence"]["jaccard"].as_f64().unwrap() < 0.7);
    let wrapped = run.link("original", "wrapped").unwrap();
    assert!(
        wrapped["evidence"]["containment"].as_f64().unwrap() > 0.9,
        "{wrapped}"
    );
    for other in ["other-1", "other-2", "other-3"] {
        assert!(
            run.links.iter().all(|l| l["a"] != other && l["b"] != other),
            "{other} linked"
        );
    }
}

#[test]
fn shared_boilerplate_does_not_join_unrelated_articles() {
    let blurb = "Sign up for our morning newsletter to get the best of the day's news delivered \
                 to your inbox every weekday, with analysis from our reporters around the world.";
    let mut docs: Vec<(&str, String)> = ["a", "b", "c", "d", "e"]
        .iter()
        .enumerate()
        .map(|(i, id)| (*id, format!("{}\n\n{blurb}", article(10 + i as u64, 20))))
        .collect();
    docs.push(("blurb-page", blurb.to_string()));
    docs.push(("blurb-page-2", blurb.to_string()));
    let dir = tempfile::tempdir().unwrap();
    let run = dedup(dir.path(), &jsonl(&docs), &COPIES, "2");
    assert_eq!(run.code, 0, "{}", run.stderr);
    // The two pages that are nothing but the blurb are exact copies; no article joins them.
    let expected: BTreeSet<_> = [set(&["blurb-page", "blurb-page-2"])].into();
    assert_eq!(run.group_sets(), expected, "{}", run.stderr);
}

#[test]
fn same_groups_for_any_input_order_and_thread_count() {
    let docs = corpus();
    std::fs::write("/tmp/test_fw.jsonl", jsonl(&docs)).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let forward = dedup(dir.path(), &jsonl(&docs), &[], "1");
    let mut reversed = docs.clone();
    reversed.reverse();
    let backward = dedup(dir.path(), &jsonl(&reversed), &[], "2");
    let mut rotated = docs.clone();
    rotated.rotate_left(3);
    let rotated = dedup(dir.path(), &jsonl(&rotated), &[], "2");
    assert_eq!(forward.group_sets(), backward.group_sets());
    assert_eq!(forward.group_sets(), rotated.group_sets());
    assert_eq!(forward.links.len(), backward.links.len());
}

#[test]
fn emit_kept_writes_one_per_group_and_every_unique_document_verbatim() {
    let docs = corpus();
    let mut input = jsonl(&docs);
    // A record with extra fields must come back exactly as it was written.
    input.push_str(
        "{\"id\":\"extra\",  \"text\":\"A short unique note about tides.\",\"topic\":[1,2]}\n",
    );
    let dir = tempfile::tempdir().unwrap();
    let kept_path = dir.path().join("kept.jsonl");
    let run = dedup(
        dir.path(),
        &input,
        &[
            "--keep",
            "longest",
            "--emit-kept",
            kept_path.to_str().unwrap(),
            COPIES[0],
            COPIES[1],
        ],
        "2",
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let kept = std::fs::read_to_string(&kept_path).unwrap();
    let ids: Vec<String> = kept
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["id"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    // The longest of the group is the copy wrapped in chrome and comments.
    assert_eq!(ids, ["wrapped", "other-1", "other-2", "other-3", "extra"]);
    assert!(kept.contains(
        "{\"id\":\"extra\",  \"text\":\"A short unique note about tides.\",\"topic\":[1,2]}"
    ));
    assert_eq!(run.groups[0]["kept"], "wrapped");
    assert!(!dir.path().join("kept.jsonl.spool").exists());
}

#[test]
fn threshold_out_of_range_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let run = dedup(dir.path(), &jsonl(&corpus()), &["--threshold", "1.5"], "2");
    assert_eq!(run.code, 2, "{}", run.stderr);
}
