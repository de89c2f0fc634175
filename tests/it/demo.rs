//! `retold demo` works from an empty directory: the bundled pages, their story and its report.

use std::process::Command;

use serde_json::Value;

use crate::support::run;

#[test]
fn demo_writes_the_seeds_story_and_its_report() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("demo");
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_retold"));
    cmd.current_dir(dir.path()).arg("demo").arg("-o").arg(&out);
    let output = run(cmd, None);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert_eq!(std::fs::read_dir(out.join("examples")).unwrap().count(), 5);
    let docs = std::fs::read_to_string(out.join("documents.jsonl")).unwrap();
    assert_eq!(docs.lines().count(), 5);
    assert!(stderr.contains("5 records read"), "{stderr}");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        stdout.contains("000_f99236a16d69789a.txt   spin of 001_"),
        "{stdout}"
    );
    assert!(stdout.contains("report/index.html"), "{stdout}");
    assert!(out.join("report/index.html").is_file());
    assert!(out.join("report/stories/0.html").is_file());
    let stories: Vec<Value> = std::fs::read_to_string(out.join("stories.jsonl"))
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(stories.len(), 1);
    assert_eq!(stories[0]["size"], 5);
}
