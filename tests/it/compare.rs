//! `retold compare`: two files (the bundled spin, an exact copy, unrelated texts) and
//! `--pairs` batches (order kept, bad lines warned with FILE:LINE and skipped), usage errors,
//! and a terminal kept safe from control characters in article text.

use std::path::Path;
use std::process::Command;

use crate::support::run;

/// What one `retold compare` printed.
struct Compared {
    code: i32,
    stdout: String,
    stderr: String,
}

impl Compared {
    /// Every stdout line as JSON (for `--json`).
    fn json(&self) -> Vec<serde_json::Value> {
        self.stdout
            .lines()
            .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
            .collect()
    }
}

fn compare(args: &[&str], stdin: Option<&[u8]>) -> Compared {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_retold"));
    cmd.arg("compare").args(args);
    let output = run(cmd, stdin);
    Compared {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

fn write(dir: &Path, name: &str, text: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path.to_str().unwrap().to_string()
}

const BANK: &str = "The central bank held interest rates steady on Wednesday, citing slowing \
    inflation and a weaker labour market.\n\nThe governor said the committee would watch wage \
    growth closely before deciding on any cut later in the year.\n\nMarkets had expected the \
    decision, and the pound barely moved after the announcement in London.";

const VOLCANO: &str = "A volcano erupted on the Reykjanes peninsula in Iceland overnight, \
    sending lava fountains into the sky.\n\nAirlines cancelled dozens of flights across northern \
    Europe as an ash cloud drifted east.\n\nResidents of the fishing town of Grindavik were \
    evacuated by police before dawn.";

#[test]
fn bundled_seeds_000_and_001_are_a_spin() {
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/seeds");
    let a = seeds.join("000_f99236a16d69789a.txt");
    let b = seeds.join("001_893361a9b7fe18e1.txt");
    let out = compare(&[a.to_str().unwrap(), b.to_str().unwrap(), "--json"], None);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let json = out.json();
    assert_eq!(json.len(), 1);
    let c = &json[0];
    assert_eq!(c["id"], serde_json::Value::Null);
    assert_eq!(c["relation"], "spin", "{c}");
    assert!(c["story_similarity"].as_f64().unwrap() > 0.5, "{c}");
    assert!(c["evidence"].is_object());
    let alignment = c["alignment"].as_array().unwrap();
    assert!(!alignment.is_empty());
    let changes: Vec<(&str, &str)> = alignment
        .iter()
        .flat_map(|p| p["changes"].as_array().unwrap())
        .map(|c| (c[0].as_str().unwrap(), c[1].as_str().unwrap()))
        .collect();
    // The spin's own word for Kim's "order" (000 says "issued the purchase").
    assert!(changes.contains(&("purchase", "order")), "{changes:?}");
}

#[test]
fn identical_files_are_exact_and_print_safely() {
    let dir = tempfile::tempdir().unwrap();
    let a = write(dir.path(), "a.txt", BANK);
    let b = write(dir.path(), "b.txt", BANK);
    let out = compare(&[&a, &b, "--json"], None);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(out.json()[0]["relation"], "exact");

    // The human form: no escape sequence from the text reaches the terminal.
    let evil = BANK.replace("steady", "ste\x1b[2Jady\u{202e}");
    let a = write(dir.path(), "evil-a.txt", &evil);
    let b = write(dir.path(), "evil-b.txt", &evil);
    let out = compare(&[&a, &b], None);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout.contains("relation          exact"),
        "{}",
        out.stdout
    );
    assert!(out.stdout.contains("rates ste[2Jady"), "{}", out.stdout);
    assert!(!out.stdout.contains('\x1b') && !out.stdout.contains('\u{202e}'));
}

#[test]
fn unrelated_files_have_a_null_relation() {
    let dir = tempfile::tempdir().unwrap();
    let a = write(dir.path(), "bank.txt", BANK);
    let b = write(dir.path(), "volcano.md", VOLCANO);
    let out = compare(&[&a, &b, "--json"], None);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let c = &out.json()[0];
    assert!(c["relation"].is_null(), "{c}");
    assert!(c["story_similarity"].as_f64().unwrap() < 0.2, "{c}");
}

#[test]
fn pairs_keep_input_order_and_skip_a_broken_line() {
    let dir = tempfile::tempdir().unwrap();
    let pair = |id: &str, a: &str, b: &str| {
        serde_json::json!({"id": id, "a": {"text": a}, "b": {"text": b, "title": "T"}}).to_string()
    };
    let lines = [
        pair("same", BANK, BANK),
        "{\"id\": \"broken\", \"a\": {\"text\": oops".to_string(),
        pair("apart", BANK, VOLCANO),
    ];
    let path = write(dir.path(), "pairs.jsonl", &(lines.join("\n") + "\n"));
    let out = compare(&["--pairs", &path, "--json"], None);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let json = out.json();
    let ids: Vec<&str> = json.iter().map(|c| c["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["same", "apart"]);
    assert_eq!(json[0]["relation"], "exact");
    assert!(json[1]["relation"].is_null());
    let warnings: Vec<&str> = out
        .stderr
        .lines()
        .filter(|l| l.starts_with("warning:"))
        .collect();
    assert_eq!(warnings.len(), 1, "{}", out.stderr);
    assert!(
        warnings[0].starts_with(&format!("warning: {path}:2: broken JSON")),
        "{}",
        warnings[0]
    );
    assert!(
        out.stderr.contains("2 compared, 1 skipped (1 broken JSON)"),
        "{}",
        out.stderr
    );

    // The same from stdin, in the human form: one line per pair.
    let input = std::fs::read(&path).unwrap();
    let out = compare(&["--pairs", "-"], Some(&input));
    assert_eq!(out.code, 0, "{}", out.stderr);
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert_eq!(lines.len(), 2, "{}", out.stdout);
    assert!(lines[0].starts_with("same\texact\tscore "), "{}", lines[0]);
    assert!(lines[1].starts_with("apart\tunrelated\t"), "{}", lines[1]);
    assert!(
        out.stderr.contains("warning: -:2: broken JSON"),
        "{}",
        out.stderr
    );
}

#[test]
fn pairs_missing_a_side_or_its_text_are_warned_by_side() {
    let dir = tempfile::tempdir().unwrap();
    let lines = [
        serde_json::json!({"id": "one", "a": {"text": BANK}}),
        serde_json::json!({"id": "two", "a": {"text": BANK}, "b": {"url": "https://example.org/no-body"}}),
        serde_json::json!({"a": {"html": format!("<p>{BANK}</p>")}, "b": {"body": BANK}}),
    ];
    let text: String = lines.iter().map(|l| format!("{l}\n")).collect();
    let path = write(dir.path(), "pairs.jsonl", &text);
    let out = compare(&["--pairs", &path, "--json"], None);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stderr
            .contains(&format!("warning: {path}:1: no \"b\" document")),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr
            .contains(&format!("warning: {path}:2: b: no text or title")),
        "{}",
        out.stderr
    );
    let json = out.json();
    assert_eq!(json.len(), 1);
    // A pair without an id is named by its place, as a JSONL document is.
    assert_eq!(json[0]["id"], format!("{path}:3"));
    assert_eq!(json[0]["relation"], "exact");

    let out = compare(&["--pairs", &path, "--strict"], None);
    assert_eq!(out.code, 1, "{}", out.stderr);
}

#[test]
fn both_forms_or_one_file_are_usage_errors() {
    let dir = tempfile::tempdir().unwrap();
    let a = write(dir.path(), "a.txt", BANK);
    let b = write(dir.path(), "b.txt", BANK);
    let pairs = write(dir.path(), "pairs.jsonl", "");
    for args in [
        vec![&a[..], &b[..], "--pairs", &pairs[..]],
        vec![&a[..]],
        vec![],
    ] {
        let out = compare(&args, None);
        assert_eq!(out.code, 2, "{args:?}: {}", out.stderr);
        assert!(out.stdout.is_empty());
    }
    let out = compare(&[&a, &b, "--field", "colour=red"], None);
    assert_eq!(out.code, 2, "{}", out.stderr);
}
