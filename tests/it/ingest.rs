//! `retold ingest` and the persistent index: idempotent, the same stories however the input
//! is cut, a format version checked on open, and whole batches after a `kill -9`.

use std::collections::BTreeSet;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use retold::index::codec::{FORMAT_VERSION, OLDEST_FORMAT};
use retold::index::store::Store;
use serde_json::json;

use crate::support::run;

fn seeds() -> &'static str {
    concat!(env!("CARGO_MANIFEST_DIR"), "/examples/seeds")
}

fn ingest(db: &Path, inputs: &[&str], extra: &[&str]) -> String {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_retold"));
    cmd.arg("ingest")
        .args(inputs)
        .arg("--db")
        .arg(db)
        .args(extra);
    let output = run(cmd, None);
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(output.status.success(), "{stderr}");
    stderr
}

/// The index's stories as sets of ids.
fn stories(db: &Path) -> BTreeSet<BTreeSet<String>> {
    let store = Store::open(db).unwrap();
    let ids = store.ids().unwrap();
    store
        .story_sets()
        .unwrap()
        .into_iter()
        .map(|s| s.into_iter().map(|d| ids[d as usize].clone()).collect())
        .collect()
}

/// `n` short unrelated articles: sentences of words made up from syllables by a fixed
/// generator, so that no two share more than chance.
fn noise(n: usize) -> Vec<serde_json::Value> {
    const SYLLABLES: &[&str] = &[
        "ka", "lo", "mi", "ne", "ru", "ta", "vo", "shi", "pel", "dor", "gan", "fi", "zu", "qua",
        "ber", "tin", "sol", "mar", "ix", "ond",
    ];
    let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = move || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    (0..n)
        .map(|i| {
            let mut word = || {
                let k = 2 + next() % 3;
                (0..k)
                    .map(|_| SYLLABLES[(next() % SYLLABLES.len() as u64) as usize])
                    .collect::<String>()
            };
            let sentence = |word: &mut dyn FnMut() -> String| {
                let words: Vec<String> = (0..12).map(|_| word()).collect();
                format!("{}.", words.join(" "))
            };
            let text = (0..3)
                .map(|_| sentence(&mut word))
                .collect::<Vec<_>>()
                .join(" ");
            json!({"id": format!("noise-{i}"), "title": format!("Item {i}"), "text": text})
        })
        .collect()
}

fn write_jsonl(path: &Path, docs: &[serde_json::Value]) {
    let lines: Vec<String> = docs.iter().map(|d| d.to_string()).collect();
    std::fs::write(path, lines.join("\n") + "\n").unwrap();
}

#[test]
fn ingesting_again_adds_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("retold.db");
    let first = ingest(&db, &[seeds()], &[]);
    assert!(first.contains("5 added"), "{first}");
    let again = ingest(&db, &[seeds()], &[]);
    assert!(again.contains("0 added, 5 already in the index"), "{again}");
    // The same text under another id is a repost: kept, as an exact copy in the story.
    let copy = dir.path().join("copy.jsonl");
    let text = std::fs::read_to_string(format!("{}/001_893361a9b7fe18e1.txt", seeds())).unwrap();
    write_jsonl(&copy, &[json!({"id": "another-id", "text": text})]);
    let third = ingest(&db, &[copy.to_str().unwrap()], &[]);
    assert!(third.contains("1 added, 0 already in the index"), "{third}");
    let store = Store::open(&db).unwrap();
    let stats = store.stats().unwrap();
    assert_eq!((stats.documents, stats.stories), (6, 1), "{stats:?}");
    let r = store.read().unwrap();
    use retold::index::store::Lookup;
    let (first, repost) = (r.doc_by_id("001_893361a9b7fe18e1.txt").unwrap().unwrap(), 5);
    assert_eq!(
        r.link(first, repost).unwrap().unwrap().relation,
        retold::Relation::Exact
    );
}

#[test]
fn one_batch_and_one_document_at_a_time_give_the_same_stories() {
    let dir = tempfile::tempdir().unwrap();
    let mut docs = noise(12);
    // The seeds among the noise, in the middle of the input.
    let mut names: Vec<_> = std::fs::read_dir(seeds())
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    names.sort();
    for (i, path) in names.iter().enumerate() {
        let text = std::fs::read_to_string(path).unwrap();
        let id = path.file_name().unwrap().to_str().unwrap().to_owned();
        docs.insert(3 + 2 * i, json!({"id": id, "text": text}));
    }
    let all = dir.path().join("all.jsonl");
    write_jsonl(&all, &docs);
    let batch_db = dir.path().join("batch.db");
    ingest(&batch_db, &[all.to_str().unwrap()], &["--batch", "1000"]);
    // One process per document.
    let one_db = dir.path().join("one.db");
    for (i, doc) in docs.iter().enumerate() {
        let single = dir.path().join(format!("doc{i}.jsonl"));
        write_jsonl(&single, std::slice::from_ref(doc));
        ingest(&one_db, &[single.to_str().unwrap()], &[]);
    }
    let (batch, one) = (stories(&batch_db), stories(&one_db));
    assert_eq!(batch, one);
    // And `retold stories`, which weighs terms by the whole input, agrees here.
    let out = dir.path().join("out");
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_retold"));
    cmd.arg("stories").arg(&all).arg("-o").arg(&out);
    assert!(run(cmd, None).status.success());
    let whole: BTreeSet<BTreeSet<String>> = std::fs::read_to_string(out.join("stories.jsonl"))
        .unwrap()
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            let members = v["members"].as_array().unwrap();
            members
                .iter()
                .map(|m| m["id"].as_str().unwrap().to_owned())
                .collect()
        })
        .collect();
    assert_eq!(batch, whole);
    // The seeds are one story of five; the noise stays apart.
    let seeds_story = batch
        .iter()
        .find(|s| s.len() > 1)
        .expect("a story of several");
    assert_eq!(seeds_story.len(), 5, "{batch:?}");
    assert!(seeds_story.iter().all(|id| id.ends_with(".txt")));
    assert_eq!(batch.len(), 1 + 12);
}

#[test]
fn an_index_of_another_format_is_refused_with_both_versions() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("old.db");
    {
        let file = redb::Database::create(&db).unwrap();
        let txn = file.begin_write().unwrap();
        {
            let meta: redb::TableDefinition<&str, u64> = redb::TableDefinition::new("meta");
            let mut t = txn.open_table(meta).unwrap();
            t.insert("format", FORMAT_VERSION + 98).unwrap();
        }
        txn.commit().unwrap();
    }
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_retold"));
    cmd.arg("ingest").arg(seeds()).arg("--db").arg(&db);
    let output = run(cmd, None);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    let found = format!("version {}", FORMAT_VERSION + 98);
    let reads = format!("reads versions {OLDEST_FORMAT} to {FORMAT_VERSION}");
    assert!(
        stderr.contains(&found) && stderr.contains(&reads),
        "{stderr}"
    );
    assert!(stderr.contains("old.db"), "{stderr}");
}

#[test]
fn a_kill_9_keeps_whole_batches_and_a_rerun_adds_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("many.jsonl");
    const N: usize = 800;
    const BATCH: usize = 20;
    write_jsonl(&input, &noise(N));
    let mut interrupted = false;
    for delay_ms in [300u64, 800, 2000, 5000] {
        let db = dir.path().join(format!("kill{delay_ms}.db"));
        let mut child = Command::new(env!("CARGO_BIN_EXE_retold"))
            .arg("ingest")
            .arg(&input)
            .arg("--db")
            .arg(&db)
            .arg("--batch")
            .arg(BATCH.to_string())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let started = Instant::now();
        while started.elapsed() < Duration::from_millis(delay_ms) {
            if child.try_wait().unwrap().is_some() {
                break;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        // SIGKILL: no destructor, no flush, no chance to finish the transaction.
        let _ = child.kill();
        let finished = child.wait().unwrap().success();
        let stored = Store::open(&db).unwrap().stats().unwrap().documents as usize;
        assert_eq!(stored % BATCH, 0, "only whole batches: {stored}");
        if !finished && stored > 0 && stored < N {
            interrupted = true;
        }
        let rest = ingest(&db, &[input.to_str().unwrap()], &[]);
        let store = Store::open(&db).unwrap();
        let ids = store.ids().unwrap();
        assert_eq!(ids.len(), N, "{rest}");
        let unique: BTreeSet<&String> = ids.iter().collect();
        assert_eq!(unique.len(), N, "no duplicates");
        assert!(
            rest.contains(&format!("{} already in the index", stored)),
            "{rest}"
        );
        if interrupted {
            break;
        }
    }
    assert!(interrupted, "no run was killed between two commits");
}

#[test]
fn strict_stops_at_a_bad_line_and_keeps_what_came_before() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("bad.jsonl");
    let good = json!({"id": "a", "text": "The council approved the harbour budget on Tuesday."});
    std::fs::write(&input, format!("{good}\n{{\"id\": \"b\", broken\n")).unwrap();
    let db = dir.path().join("retold.db");
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_retold"));
    cmd.arg("ingest")
        .arg(&input)
        .arg("--db")
        .arg(&db)
        .arg("--strict");
    let output = run(cmd, None);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("bad.jsonl:2: broken JSON"), "{stderr}");
    assert_eq!(Store::open(&db).unwrap().ids().unwrap(), ["a"]);
}
