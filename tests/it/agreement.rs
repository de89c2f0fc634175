//! The index answers like the batch run: the same documents through `retold stories` and
//! through `retold ingest` in small batches give the same links and stories once the index
//! settles, and close ones on arrival alone. On a generated corpus where the two can differ
//! (topics that share their people, later events of the same people, reposts and spins), and
//! on allsides' first 5,000 articles with the seeds when ../shared is there.

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

use retold::eval::incremental::{agreement, eval_incremental};
use retold::index::store::Store;

use crate::support::run;

/// A seeded generator (xorshift), so the corpus is the same in every run.
struct Seeded(u64);

impl Seeded {
    fn next(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }
}

const PEOPLE: &[&str] = &[
    "Mayor Lena Park",
    "Governor Tomas Reyes",
    "Judge Amara Osei",
    "Coach Will Brandt",
    "Minister Sofia Lindqvist",
    "Senator Hugo Marchetti",
];
const PLACES: &[&str] = &[
    "Harbour City",
    "Northfield",
    "Port Allen",
    "Greystone",
    "Lakemont",
];
const SYLLABLES: &[&str] = &[
    "ka", "ro", "mi", "ten", "vel", "sor", "da", "lin", "mar", "qu", "bel", "tor", "na", "sil",
    "gra", "pe", "dun", "ho", "ris", "cal", "fen", "ju", "lo", "ter",
];
const TEMPLATES: &[&str] = &[
    "{who} said the {0} and the {1} of {place} would {2} the {3} before the {4}.",
    "In {place}, officials told reporters the {0} {1} was {2} after {3} and {4}.",
    "The {0} of {place} {1}, {who} said, while the {2} {3} the {4}.",
    "Critics of {who} argued that the {0} would {1} the {2} and {3} of the {4}.",
];

/// A made-up word: syllables picked by the generator, so topics share no vocabulary.
fn word(g: &mut Seeded) -> String {
    (0..2 + g.next(2))
        .map(|_| SYLLABLES[g.next(SYLLABLES.len())])
        .collect()
}

const SWAPS: &[(&str, &str)] = &[
    ("said", "stated"),
    ("officials", "authorities"),
    ("plan", "scheme"),
    ("argued", "claimed"),
    ("reporters", "journalists"),
    ("Critics", "Opponents"),
    ("before", "ahead of"),
    ("while", "whereas"),
    ("would", "will"),
];

/// One report of event `e` of topic `t`: its people, place and figures, and words drawn from
/// the topic's and the event's vocabularies.
fn report(g: &mut Seeded, t: usize, e: usize, topic: &[String], event: &[String]) -> String {
    let who = PEOPLE[t % PEOPLE.len()];
    let place = PLACES[(t + e) % PLACES.len()];
    let figure = 10 + 37 * t + 11 * e;
    let mut sentences = vec![format!(
        "{who} said on Monday in {place} that the plan would cost {figure} million dollars."
    )];
    for _ in 0..7 {
        let mut s = TEMPLATES[g.next(TEMPLATES.len())]
            .replace("{who}", who)
            .replace("{place}", place);
        for slot in 0..5 {
            let w = if g.next(5) < 2 {
                &event[g.next(event.len())]
            } else {
                &topic[g.next(topic.len())]
            };
            s = s.replace(&format!("{{{slot}}}"), w);
        }
        sentences.push(s);
    }
    sentences.join(" ")
}

/// A spin of a text: some words swapped for synonyms.
fn spin(text: &str) -> String {
    let mut out = text.to_string();
    for (from, to) in SWAPS {
        out = out.replace(&format!(" {from} "), &format!(" {to} "));
    }
    out
}

/// The generated corpus as JSON Lines: per topic two events with several reports each, some
/// reposted word for word, some spun.
fn corpus() -> String {
    let mut g = Seeded(0x9e37_79b9_7f4a_7c15);
    let mut lines = Vec::new();
    let day = 86_400;
    for t in 0..6 {
        let topic: Vec<String> = (0..40).map(|_| word(&mut g)).collect();
        for e in 0..2 {
            let event: Vec<String> = (0..10).map(|_| word(&mut g)).collect();
            for r in 0..6 {
                let text = report(&mut g, t, e, &topic, &event);
                let date = 1_600_000_000 + (t * 90 + e * 40 + r) as i64 * day;
                let id = format!("t{t}-e{e}-r{r}");
                lines.push(serde_json::json!({"id": id, "text": text, "date": date}));
                if r == 0 {
                    let spun = spin(&text);
                    lines.push(serde_json::json!({"id": format!("{id}-spin"), "text": spun}));
                    lines.push(serde_json::json!({"id": format!("{id}-repost"), "text": text}));
                }
            }
        }
    }
    lines.iter().map(|l| format!("{l}\n")).collect()
}

/// Link pairs and stories of a `retold stories` output directory, by id.
fn batch(dir: &Path) -> (BTreeSet<(String, String)>, Vec<Vec<String>>) {
    let read = |name: &str| std::fs::read_to_string(dir.join(name)).unwrap();
    let lines = |s: String| -> Vec<serde_json::Value> {
        s.lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect()
    };
    let links = lines(read("links.jsonl"))
        .iter()
        .map(|l| pair(l["a"].as_str().unwrap(), l["b"].as_str().unwrap()))
        .collect();
    let stories = lines(read("stories.jsonl"))
        .iter()
        .map(|s| {
            let members = s["members"].as_array().unwrap();
            members
                .iter()
                .map(|m| m["id"].as_str().unwrap().to_owned())
                .collect()
        })
        .collect();
    (links, stories)
}

/// Link pairs and stories of an index, by id.
fn index(db: &Path) -> (BTreeSet<(String, String)>, Vec<Vec<String>>) {
    let store = Store::open(db).unwrap();
    let ids = store.ids().unwrap();
    let links = store.link_pairs().unwrap().into_iter();
    let links = links
        .map(|(a, b)| pair(&ids[a as usize], &ids[b as usize]))
        .collect();
    let sets = store.story_sets().unwrap().into_iter();
    let stories = sets
        .map(|s| s.into_iter().map(|d| ids[d as usize].clone()).collect())
        .collect();
    (links, stories)
}

fn pair(a: &str, b: &str) -> (String, String) {
    (a.min(b).to_owned(), a.max(b).to_owned())
}

/// Link Jaccard and story BCubed F1 of the index against the batch.
fn agree(
    gold: &(BTreeSet<(String, String)>, Vec<Vec<String>>),
    found: &(BTreeSet<(String, String)>, Vec<Vec<String>>),
) -> (f64, f64) {
    let both = gold.0.intersection(&found.0).count();
    let union = gold.0.union(&found.0).count().max(1);
    (both as f64 / union as f64, agreement(&gold.1, &found.1).f1)
}

fn retold(args: &[&str]) {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_retold"));
    cmd.args(args);
    let output = run(cmd, None);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn the_settled_index_equals_the_batch_run_and_arrival_comes_close() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("corpus.jsonl");
    std::fs::write(&input, corpus()).unwrap();
    let input = input.to_str().unwrap();
    let out = dir.path().join("batch");
    retold(&["stories", input, "-o", out.to_str().unwrap(), "--quiet"]);
    let gold = batch(&out);
    assert!(gold.0.len() > 100 && gold.1.iter().filter(|s| s.len() > 1).count() >= 6);
    let arrival = dir.path().join("arrival.db");
    retold(&[
        "ingest",
        input,
        "--db",
        arrival.to_str().unwrap(),
        "--batch",
        "16",
        "--settle",
        "never",
        "--quiet",
    ]);
    let (jaccard, f1) = agree(&gold, &index(&arrival));
    eprintln!("on arrival: link Jaccard {jaccard:.3}, stories BCubed F1 {f1:.3}");
    // Measured 0.950 and 1.000 when written: arrival weighs by the counts of its moment.
    assert!(jaccard >= 0.9 && f1 >= 0.95, "{jaccard} {f1}");
    let settled = dir.path().join("settled.db");
    retold(&[
        "ingest",
        input,
        "--db",
        settled.to_str().unwrap(),
        "--batch",
        "16",
        "--quiet",
    ]);
    let (jaccard, f1) = agree(&gold, &index(&settled));
    eprintln!("settled: link Jaccard {jaccard:.3}, stories BCubed F1 {f1:.3}");
    assert!(jaccard >= 0.95 && f1 >= 0.95, "{jaccard} {f1}");
}

/// The figures of the note, on real data: allsides' first 5,000 articles and the seeds.
/// Runs where ../shared is beside the checkout (as in CI); says so and passes where not.
#[test]
fn allsides_first_5000_with_the_seeds_agree_once_settled() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let data = root.join("../shared/data");
    if !data.join("haystack/allsides.jsonl.gz").exists() {
        eprintln!("skipped: {} not found", data.display());
        return;
    }
    let report = eval_incremental(&data, &root.join("examples/seeds"), 5_000).unwrap();
    eprintln!("{report}");
    let s = &report.settled;
    assert!(s.jaccard >= 0.95 && s.bcubed.f1 >= 0.95, "{report}");
    let a = &report.arrival;
    // Measured 0.700 and 0.905 when one engine came to serve both (0.396 and 0.819 before);
    // 0.609 and 0.867 since the same-story score is a probability over lead and conflict
    // evidence, which moves more with the term counts a newcomer is weighed by than the old
    // blend did. The settle above restores full agreement.
    assert!(a.jaccard >= 0.58 && a.bcubed.f1 >= 0.85, "{report}");
}
