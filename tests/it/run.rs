//! `retold run`: provenance, summaries and the report, on the seeds and on hostile text.

use std::path::Path;
use std::process::Command;

use serde_json::Value;

use crate::support::run;

fn seeds() -> &'static str {
    concat!(env!("CARGO_MANIFEST_DIR"), "/examples/seeds")
}

fn retold_run(inputs: &[&Path], out: &Path) -> String {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_retold"));
    cmd.arg("run").args(inputs).arg("-o").arg(out);
    let output = run(cmd, None);
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(output.status.success(), "{stderr}");
    stderr
}

fn stories(out: &Path) -> Vec<Value> {
    std::fs::read_to_string(out.join("stories.jsonl"))
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn the_seeds_story_names_its_spin_quotes_and_headline() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let stderr = retold_run(&[Path::new(seeds())], &out);
    assert!(stderr.contains("report: 1 story pages"), "{stderr}");
    let stories = stories(&out);
    assert_eq!(stories.len(), 1);
    let story = &stories[0];
    assert_eq!(story["size"], 5);
    let member = |prefix: &str| {
        story["members"]
            .as_array()
            .unwrap()
            .iter()
            .find(|m| m["id"].as_str().unwrap().starts_with(prefix))
            .unwrap()
            .clone()
    };
    // 000 is a spin of 001: no dates, so its odd wording says which way it went.
    let spin = member("000");
    assert_eq!(spin["role"], "spin");
    assert_eq!(spin["derived_from"], "001_893361a9b7fe18e1.txt");
    assert_eq!(spin["basis"], "wording");
    assert_eq!(story["original"], "001_893361a9b7fe18e1.txt");
    for id in ["002", "003", "004"] {
        assert_eq!(member(id)["role"], "report", "{id}");
    }
    // The quote several independent reports carry, with the spin and its source as one.
    let quote = story["quotes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|q| q["text"] == "dialogue and confrontation")
        .expect("the dialogue and confrontation quote");
    assert!(quote["documents"].as_array().unwrap().len() >= 4, "{quote}");
    let headline = story["headline"].as_str().unwrap();
    assert!(headline.contains("Kim"), "{headline}");
    let summary = story["summary"].as_array().unwrap();
    assert!((3..=5).contains(&summary.len()), "{summary:?}");
    let entities = story["entities"].as_array().unwrap();
    assert!(entities.iter().any(|e| e == "Kim Jong Un"), "{entities:?}");
    // The story page shows what the spin changed, side by side.
    let page = std::fs::read_to_string(out.join("report/stories/0.html")).unwrap();
    assert!(page.contains("purchase"), "the spun word is shown");
    assert!(page.contains("<ins") && page.contains("<del"));
}

#[test]
fn hostile_article_text_is_escaped_in_the_report() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("hostile.jsonl");
    let body = "The council approved the harbour budget on Tuesday after a long debate. \
        Mayor Lena Park said the plan would cut spending by 12 percent. \
        <script>alert(1)</script> Critics said the cuts would hurt the libraries.";
    let line = |id: &str, site: &str| {
        serde_json::json!({
            "id": id,
            "title": "<script>alert('title')</script> Council <b>approves</b> budget",
            "site": site,
            "url": "javascript:alert(1)",
            "text": body,
        })
        .to_string()
    };
    let jsonl = format!(
        "{}\n{}\n",
        line("a\"><img src=x onerror=alert(1)>", "x.com"),
        line("b", "y.com")
    );
    std::fs::write(&input, jsonl).unwrap();
    let out = dir.path().join("out");
    retold_run(&[&input], &out);
    assert_eq!(stories(&out)[0]["size"], 2);
    for page in ["report/index.html", "report/stories/0.html"] {
        let html = std::fs::read_to_string(out.join(page)).unwrap();
        assert!(!html.contains("<script>alert"), "{page}: raw script");
        assert!(!html.contains("<img src=x"), "{page}: raw img");
        assert!(!html.contains("<b>approves"), "{page}: raw markup");
        assert!(!html.contains("href=\"javascript:"), "{page}: script link");
        assert!(
            html.contains("&lt;script&gt;alert("),
            "{page}: the text is shown"
        );
    }
}

#[test]
fn compare_colours_changes_only_when_asked_or_on_a_terminal() {
    let a = format!("{}/000_f99236a16d69789a.txt", seeds());
    let b = format!("{}/001_893361a9b7fe18e1.txt", seeds());
    let compare = |extra: &[&str]| {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_retold"));
        cmd.arg("compare").arg(&a).arg(&b).args(extra);
        let output = run(cmd, None);
        assert!(output.status.success());
        String::from_utf8(output.stdout).unwrap()
    };
    // Piped (as here): no escape codes, the changes listed in words.
    let plain = compare(&[]);
    assert!(!plain.contains('\x1b'));
    assert!(plain.contains("purchase → order"), "{plain}");
    let coloured = compare(&["--color", "always"]);
    assert!(coloured.contains("\x1b[1;31mpurchase\x1b[0m"), "{coloured}");
    assert!(coloured.contains("\x1b[1;32morder\x1b[0m"), "{coloured}");
}
