//! Nothing lost: id-less records kept once each, counts that add up, outputs whole after a
//! stop, a deeply nested page read quickly, and an index that keeps what a killed server
//! committed.

use std::collections::BTreeSet;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use retold::index::store::{Lookup, Store};
use serde_json::json;

use crate::support::{body, line, run};

fn retold() -> Command {
    Command::new(env!("CARGO_BIN_EXE_retold"))
}

/// Runs `retold ARGS` with `stdin`; its stderr, after checking it succeeded.
fn ok(args: &[&str], stdin: Option<&[u8]>) -> String {
    let mut cmd = retold();
    cmd.args(args);
    let out = run(cmd, stdin);
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "{args:?}: {stderr}");
    stderr
}

/// The number before `word` in the summary line (`12 records read` → 12 for "records read").
fn count(summary: &str, word: &str) -> u64 {
    let at = summary
        .find(word)
        .unwrap_or_else(|| panic!("no {word:?} in {summary}"));
    summary[..at]
        .trim_end()
        .rsplit(|c: char| !c.is_ascii_digit())
        .next()
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no count before {word:?} in {summary}"))
}

#[test]
fn id_less_records_fed_twice_are_stored_once_and_different_texts_never_share_an_id() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("retold.db");
    let db = db.to_str().unwrap();
    let feed = |topics: &[&str]| -> Vec<u8> {
        let lines: Vec<String> = topics
            .iter()
            .map(|t| json!({"text": body(t)}).to_string())
            .collect();
        (lines.join("\n") + "\n").into_bytes()
    };
    let first = ok(
        &["ingest", "--db", db, "-"],
        Some(&feed(&["Avalon", "Brindle"])),
    );
    assert!(first.contains("2 added, 0 already"), "{first}");
    // A second feed on stdin: its new text is added, its repeated one is not.
    let second = ok(
        &["ingest", "--db", db, "-"],
        Some(&feed(&["Brindle", "Corvey"])),
    );
    assert!(second.contains("1 added, 1 already"), "{second}");
    let store = Store::open(Path::new(db)).unwrap();
    let ids = store.ids().unwrap();
    assert_eq!(ids.len(), 3, "{ids:?}");
    assert!(ids
        .iter()
        .all(|id| id.starts_with("sha-") && id.len() == 36));
    let unique: BTreeSet<&String> = ids.iter().collect();
    assert_eq!(unique.len(), 3);
}

#[test]
fn the_same_id_twice_in_one_feed_adds_it_once() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("retold.db");
    let input = format!(
        "{}\n{}\n",
        line("a", &body("Avalon")),
        line("a", &body("Avalon"))
    );
    let stderr = ok(
        &["ingest", "--db", db.to_str().unwrap(), "-"],
        Some(input.as_bytes()),
    );
    assert!(
        stderr.contains("1 added, 1 already in the index"),
        "{stderr}"
    );
}

#[test]
fn a_repost_under_a_new_id_is_stored_as_an_exact_copy_of_the_first() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("retold.db");
    let text = body("Avalon");
    let input = [
        json!({"id": "wire", "site": "Wire", "text": text}),
        json!({"id": "repost-1", "site": "Blog", "text": text}),
        json!({"id": "repost-2", "site": "Farm", "text": text}),
    ]
    .map(|d| d.to_string())
    .join("\n");
    ok(
        &["ingest", "--db", db.to_str().unwrap(), "-"],
        Some(input.as_bytes()),
    );
    let store = Store::open(&db).unwrap();
    assert_eq!(store.stats().unwrap().documents, 3);
    let r = store.read().unwrap();
    let wire = r.doc_by_id("wire").unwrap().unwrap();
    for repost in ["repost-1", "repost-2"] {
        let d = r.doc_by_id(repost).unwrap().unwrap();
        let link = r.link(wire, d).unwrap().expect("linked to the first");
        assert_eq!(link.relation, retold::Relation::Exact, "{repost}");
        assert_eq!(r.story_of(d).unwrap(), r.story_of(wire).unwrap());
    }
    // The two reposts are one text: linked through the first, never as a near copy.
    let (a, b) = (
        r.doc_by_id("repost-1").unwrap().unwrap(),
        r.doc_by_id("repost-2").unwrap().unwrap(),
    );
    assert!(r
        .link(a, b)
        .unwrap()
        .is_none_or(|l| l.relation == retold::Relation::Exact));
}

/// A file of 12 lines: 5 articles, 3 broken lines, 2 records without text, an id used again
/// (kept and renamed by the batch commands, already present for the index), and a page of
/// chrome alone.
fn twelve_lines(dir: &Path) -> String {
    let mut lines: Vec<String> = (0..5)
        .map(|i| line(&format!("g{i}"), &body(&format!("Town{i}"))))
        .collect();
    lines.push("{\"id\": \"b1\", \"text\": ".into());
    lines.push("not json at all".into());
    lines.push("[1, 2]".into());
    lines.push(json!({"id": "e1", "text": "   "}).to_string());
    lines.push(json!({"id": "e2", "title": null}).to_string());
    lines.push(line("g0", &body("Elsewhere")));
    lines
        .push(json!({"id": "h1", "html": "<html><body><nav>Menu</nav></body></html>"}).to_string());
    assert_eq!(lines.len(), 12);
    let path = dir.join("twelve.jsonl");
    std::fs::write(&path, lines.join("\n") + "\n").unwrap();
    path.to_str().unwrap().to_string()
}

#[test]
fn every_summary_adds_up_to_the_records_read() {
    let dir = tempfile::tempdir().unwrap();
    let input = twelve_lines(dir.path());
    let out = |name: &str| dir.path().join(name).to_str().unwrap().to_string();
    let runs = [
        ("extract", "-o", out("x.jsonl"), "written"),
        ("dedup", "-o", out("d"), "documents"),
        ("stories", "-o", out("s"), "documents"),
        ("ingest", "--db", out("i.db"), "documents"),
    ];
    for (name, flag, dest, kept) in runs {
        let stderr = ok(&[name, "-q", &input, flag, &dest], None);
        let summary = stderr
            .lines()
            .find(|l| l.starts_with(&format!("{name}:")))
            .unwrap_or_else(|| panic!("no summary in {stderr}"));
        let read = count(summary, "records read");
        let skipped = count(summary, "skipped");
        assert_eq!(read, 12, "{summary}");
        assert_eq!(read, count(summary, kept) + skipped, "{summary}");
        assert!(summary.contains("3 broken JSON"), "{summary}");
    }
}

/// `n` JSON lines of short articles, each of its own made-up words.
fn many(n: usize, from: usize) -> Vec<u8> {
    let mut x: u64 = 0x2545_f491_4f6c_dd1d ^ from as u64;
    let mut word = move || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        format!("w{:x}", x % 1_000_003)
    };
    let mut out = String::new();
    for i in from..from + n {
        let text: Vec<String> = (0..40).map(|_| word()).collect();
        out.push_str(&line(&format!("d{i}"), &(text.join(" ") + ".")));
        out.push('\n');
    }
    out.into_bytes()
}

/// Runs `retold ARGS` on standard input: feeds it 600 articles, sends it SIGTERM, then
/// feeds it more (which it must not read) and closes its input; returns its exit code.
fn stopped(args: &[&str]) -> Option<i32> {
    use std::io::Write;
    let mut child = retold()
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    input.write_all(&many(600, 0)).unwrap();
    input.flush().unwrap();
    std::thread::sleep(Duration::from_millis(700));
    let pid = child.id().to_string();
    let sent = Command::new("kill").args(["-TERM", &pid]).status().unwrap();
    assert!(sent.success());
    std::thread::sleep(Duration::from_millis(300));
    // The reader may have stopped already: a closed pipe is fine here.
    let _ = input.write_all(&many(600, 600));
    drop(input);
    child.wait().unwrap().code()
}

/// Every line of `path` is a whole JSON object.
fn whole_lines(path: &Path) -> usize {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.is_empty() || text.ends_with('\n'), "a torn last line");
    for l in text.lines() {
        serde_json::from_str::<serde_json::Value>(l).expect("each line is JSON");
    }
    text.lines().count()
}

/// The files of `dir` left by a run: no temporary or spool file among them.
fn no_leftovers(dir: &Path) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        assert!(
            !name.ends_with(".part") && !name.ends_with(".spool"),
            "left behind: {name}"
        );
    }
}

#[cfg(unix)]
#[test]
fn a_stopped_extract_and_dedup_leave_whole_outputs_and_nothing_else() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    let docs = out.join("docs.jsonl");
    let code = stopped(&["extract", "-", "-o", docs.to_str().unwrap()]);
    assert_eq!(code, Some(130));
    no_leftovers(&out);
    let n = whole_lines(&docs);
    assert!(
        n > 0 && n < 1200,
        "what was read before the stop, whole: {n}"
    );
    let kept = out.join("kept.jsonl");
    let dest = out.join("dedup");
    let args = [
        "dedup",
        "-",
        "-o",
        dest.to_str().unwrap(),
        "--emit-kept",
        kept.to_str().unwrap(),
    ];
    assert_eq!(stopped(&args), Some(130));
    no_leftovers(&out);
    no_leftovers(&dest);
    let n = whole_lines(&kept);
    assert!(n > 0 && n < 1200, "{n}");
    whole_lines(&dest.join("groups.jsonl"));
}

#[test]
fn a_page_nested_a_hundred_thousand_deep_is_read_as_text_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let page = format!(
        "<html><body>{}<p>The ministry said the bridge would reopen on Friday.</p>{}</body></html>",
        "<div>".repeat(100_000),
        "</div>".repeat(100_000)
    );
    let path = dir.path().join("deep.html");
    std::fs::write(&path, page).unwrap();
    let started = Instant::now();
    let run = crate::support::extract(dir.path(), &[path.to_str().unwrap()]);
    assert!(started.elapsed() < Duration::from_secs(20), "bounded work");
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.docs[0]["text"],
        "The ministry said the bridge would reopen on Friday."
    );
    assert!(
        run.stderr.contains("deep.html: HTML nested 100000 deep"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("1 written, 0 skipped"),
        "{}",
        run.stderr
    );
}
