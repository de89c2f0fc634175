//! `retold stories`, `retold dedup` with retellings, and `retold eval` on fixtures: the seeds
//! bundled in examples/seeds, and short texts written here.

use std::path::Path;
use std::process::Command;

use serde_json::Value;

use crate::support::run;

fn seeds() -> &'static str {
    concat!(env!("CARGO_MANIFEST_DIR"), "/examples/seeds")
}

fn lines(path: &Path) -> Vec<Value> {
    std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn retold(args: &[&str], out: &Path) -> String {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_retold"));
    cmd.args(args).arg("-o").arg(out);
    let output = run(cmd, None);
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(output.status.success(), "{stderr}");
    stderr
}

#[test]
fn the_seeds_are_one_story_with_000_a_spin_of_001() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let stderr = retold(&["stories", seeds()], &out);
    assert!(stderr.contains("5 records read"), "{stderr}");
    let stories = lines(&out.join("stories.jsonl"));
    assert_eq!(stories.len(), 1, "{stories:?}");
    let story = &stories[0];
    assert_eq!(story["size"], 5);
    let role = |id: &str| {
        let members = story["members"].as_array().unwrap();
        let m = members
            .iter()
            .find(|m| m["id"].as_str().unwrap().starts_with(id));
        m.map(|m| m["role"].as_str().unwrap().to_owned())
    };
    // One of 000 and 001 is the other's spin; the three other reports are reports, or the
    // original (undated, the longest text is taken for it).
    let pair = [role("000").unwrap(), role("001").unwrap()];
    assert!(pair.contains(&"spin".to_owned()), "{pair:?}");
    for id in ["002", "003", "004"] {
        let role = role(id).unwrap();
        assert!(role == "report" || role == "original", "{id}: {role}");
    }
    let links = lines(&out.join("links.jsonl"));
    let spin = links.iter().find(|l| {
        l["a"].as_str().unwrap().starts_with("000") && l["b"].as_str().unwrap().starts_with("001")
    });
    let spin = spin.expect("a link between 000 and 001");
    assert_eq!(spin["relation"], "spin");
    assert!(spin["evidence"]["coverage"][0].as_f64().unwrap() > 0.8);
    assert!(spin["evidence"]["story_similarity"].as_f64().unwrap() > 0.5);
    assert_eq!(lines(&out.join("documents.jsonl")).len(), 5);
}

#[test]
fn every_document_is_in_exactly_one_story() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in.jsonl");
    let docs = [
        "The central bank of Norway raised its key rate to 4.5 percent on Thursday, citing inflation.",
        "Norway's central bank lifted its key rate to 4.5 percent on Thursday, pointing to inflation.",
        "A volcano erupted on the Reykjanes peninsula in Iceland, the meteorological office said.",
        "",
    ];
    let jsonl: String = docs
        .iter()
        .enumerate()
        .map(|(i, t)| {
            format!(
                "{}\n",
                serde_json::json!({"id": format!("d{i}"), "text": t})
            )
        })
        .collect();
    std::fs::write(&input, jsonl).unwrap();
    let out = dir.path().join("out");
    let stderr = retold(&["stories", input.to_str().unwrap(), "-q"], &out);
    assert!(stderr.contains("1 skipped"), "{stderr}");
    let stories = lines(&out.join("stories.jsonl"));
    let mut seen: Vec<String> = stories
        .iter()
        .flat_map(|s| s["members"].as_array().unwrap().clone())
        .map(|m| m["id"].as_str().unwrap().to_owned())
        .collect();
    seen.sort();
    assert_eq!(seen, ["d0", "d1", "d2"]);
    let together = stories.iter().any(|s| s["size"] == 2);
    assert!(together, "the two rate reports share a story: {stories:?}");
}

#[test]
fn dedup_groups_spins_unless_told_otherwise() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("all");
    retold(&["dedup", seeds()], &out);
    let groups = lines(&out.join("groups.jsonl"));
    assert_eq!(groups.len(), 1, "{groups:?}");
    let members: Vec<&str> = groups[0]["members"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["id"].as_str().unwrap())
        .collect();
    assert_eq!(members.len(), 2);
    assert!(members[0].starts_with("000") && members[1].starts_with("001"));
    let copies_only = dir.path().join("copies");
    retold(
        &["dedup", seeds(), "--relations", "exact,near_copy,excerpt"],
        &copies_only,
    );
    assert!(lines(&copies_only.join("groups.jsonl")).is_empty());
}

#[test]
fn eval_without_data_names_what_is_missing() {
    let dir = tempfile::tempdir().unwrap();
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_retold"));
    cmd.args(["eval", "uci", "--data"]).arg(dir.path());
    let output = run(cmd, None);
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("uci_headlines.tsv") && stderr.contains("--data"),
        "{stderr}"
    );
}

#[test]
fn stories_are_the_same_for_any_input_order_and_thread_count() {
    let dir = tempfile::tempdir().unwrap();
    let mut names: Vec<_> = std::fs::read_dir(seeds())
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    names.sort();
    let doc = |p: &std::path::PathBuf| {
        let id = p.file_name().unwrap().to_string_lossy().into_owned();
        let text = std::fs::read_to_string(p).unwrap();
        format!("{}\n", serde_json::json!({"id": id, "text": text}))
    };
    let forward: String = names.iter().map(doc).collect();
    let backward: String = names.iter().rev().map(doc).collect();
    let partition = |input: &str, threads: &str, name: &str| {
        let path = dir.path().join(format!("{name}.jsonl"));
        std::fs::write(&path, input).unwrap();
        let out = dir.path().join(name);
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_retold"));
        cmd.env("RAYON_NUM_THREADS", threads)
            .arg("stories")
            .arg(&path)
            .arg("-o")
            .arg(&out);
        assert!(run(cmd, None).status.success());
        let mut stories: Vec<Vec<String>> = lines(&out.join("stories.jsonl"))
            .iter()
            .map(|s| {
                let mut ids: Vec<String> = s["members"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|m| m["id"].as_str().unwrap().to_owned())
                    .collect();
                ids.sort();
                ids
            })
            .collect();
        stories.sort();
        let mut links: Vec<String> = lines(&out.join("links.jsonl"))
            .iter()
            .map(|l| {
                let (a, b) = (l["a"].as_str().unwrap(), l["b"].as_str().unwrap());
                format!("{} {} {}", a.min(b), a.max(b), l["relation"])
            })
            .collect();
        links.sort();
        (stories, links)
    };
    let want = partition(&forward, "1", "forward");
    assert_eq!(partition(&backward, "2", "backward"), want);
    assert_eq!(partition(&forward, "2", "forward2"), want);
}
