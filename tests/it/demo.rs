//! `retold demo` works from an empty directory and writes the bundled pages and their documents.

use std::process::Command;

use crate::support::run;

#[test]
fn demo_writes_examples_and_documents() {
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
    assert!(stderr.contains("5 documents read"), "{stderr}");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains("000_f99236a16d69789a.txt"), "{stdout}");
}
