//! The HTML report in a real browser: headless Chromium renders the pages, takes screenshots
//! (in `target/screenshots/`) and dumps the DOM of a page full of hostile text.
//!
//! Skipped with a message when no Chromium is on PATH, unless `RETOLD_BROWSER_TESTS=1`
//! (as in CI), which makes a missing browser a failure.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use retold::output::html::{write_report, RunInfo};
use retold::{Basis, Derivation, Line, Member, Meta, Piece, Quote, Relation, Role};
use retold::{ShownSentences, Story, Summary};

/// Long enough for a cold start on a slow machine, short enough that a hung browser fails.
const BROWSER_TIMEOUT: Duration = Duration::from_secs(60);

const HOSTILE_TITLE: &str =
    "<script>document.title='pwned'</script> Council <img src=x onerror=alert(1)>";

pub(crate) fn browser() -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    ["chromium", "chromium-browser", "google-chrome"]
        .iter()
        .flat_map(|name| std::env::split_paths(&path).map(move |dir| dir.join(name)))
        .find(|p| p.is_file())
}

fn meta(id: &str, site: &str, title: &str, day: Option<i64>) -> Meta {
    Meta {
        id: id.into(),
        site: Some(site.into()),
        title: Some(title.into()),
        published: day.map(|d| (1_623_974_400 + d * 86_400 + 3_600, String::new())),
        chars: 2000,
        url: Some(format!("https://{site}/news/{id}")),
        credits: Vec::new(),
        lang: None,
    }
}

fn pieces(parts: &[(&str, bool)]) -> Vec<Piece> {
    parts
        .iter()
        .map(|(text, changed)| Piece {
            text: (*text).into(),
            changed: *changed,
        })
        .collect()
}

/// Story 0: five members of the Kim story with a spin and its changes; story 1: hostile text.
fn fixture() -> (Vec<Meta>, Vec<Story>) {
    let docs = vec![
        meta("001_ap", "apnews.com", "Kim tells North Korea to prepare for dialogue and confrontation with US", Some(0)),
        meta("000_farm", "newsfarm.example", "Kim tells North Korea to organize for dialogue and confrontation with US", Some(1)),
        meta("002_afp", "france24.com", "North Korea's Kim says country must be ready for 'confrontation' with Biden administration", Some(0)),
        meta("003_bbc", "bbc.co.uk", "Kim Jong-un: North Korea must prepare for confrontation with US", Some(1)),
        meta("004_nbc", "nbcnews.com", "Kim Jong Un says North Korea must be prepared for 'dialogue and confrontation'", None),
        meta("h1", "hostile.example", HOSTILE_TITLE, Some(3)),
        // A WARC record id and a long host: unbroken strings that must not widen a phone page.
        meta(
            "<urn:uuid:0a1b2c3d-4e5f-6789-abcd-ef0123456789-0a1b2c3d-4e5f-6789>",
            "a-very-long-subdomain-name.regional-news-network-of-the-north.example.co.uk",
            "An ordinary report of the council meeting",
            Some(4),
        ),
    ];
    let spin = Member {
        derived_from: Some(0),
        relation: Some(Relation::Spin),
        related_to: Some(0),
        basis: Some(Basis::Wording),
        ..Member::new(1, Role::Spin)
    };
    let report = |doc| Member {
        relation: Some(Relation::SameStory),
        related_to: Some(0),
        ..Member::new(doc, Role::Report)
    };
    let kim = Story {
        members: vec![Member::new(0, Role::Original), spin, report(2), report(3), report(4)],
        summary: Summary {
            headline: Some("Kim tells North Korea to prepare for dialogue and confrontation".into()),
            lines: vec![
                Line { text: "North Korean leader Kim Jong Un ordered his government to be prepared for both dialogue and confrontation with the Biden administration.".into(), doc: 0 },
                Line { text: "Kim made the remarks at a plenary meeting of the ruling Workers' Party's Central Committee.".into(), doc: 3 },
                Line { text: "The meeting came as talks have been stalled for more than two years.".into(), doc: 2 },
            ],
            quotes: vec![Quote { text: "to get fully prepared for confrontation".into(), docs: vec![0, 2, 4] }],
            entities: vec!["Kim Jong Un".into(), "Biden".into(), "KCNA".into(), "Workers' Party".into()],
        },
        derivations: vec![spin_changes()],
    };
    let hostile = Story {
        members: vec![
            Member::new(5, Role::Original),
            Member {
                relation: Some(Relation::SameStory),
                related_to: Some(5),
                ..Member::new(6, Role::Report)
            },
        ],
        summary: Summary {
            headline: None,
            lines: vec![Line {
                text: HOSTILE_TITLE.into(),
                doc: 5,
            }],
            ..Summary::default()
        },
        derivations: Vec::new(),
    };
    (docs, vec![kim, hostile])
}

/// What the spin of story 0 changed, three sentences of it.
fn spin_changes() -> Derivation {
    Derivation {
        doc: 1,
        source: 0,
        pairs: vec![
            ShownSentences {
                source: pieces(&[
                    ("Kim issued the ", false),
                    ("order", true),
                    (" during a ", false),
                    ("ruling", true),
                    (" party meeting.", false),
                ]),
                derived: pieces(&[
                    ("Kim issued the ", false),
                    ("purchase", true),
                    (" during a ", false),
                    ("judgment", true),
                    (" party meeting.", false),
                ]),
                similarity: 0.71,
            },
            ShownSentences {
                source: pieces(&[
                    ("He stressed the need to ", false),
                    ("prepare", true),
                    (" for both dialogue and confrontation, especially ", false),
                    ("confrontation", true),
                    (".", false),
                ]),
                derived: pieces(&[
                    ("He stressed the need to ", false),
                    ("organize", true),
                    (" for both dialogue and confrontation, especially ", false),
                    ("conflict", true),
                    (".", false),
                ]),
                similarity: 0.8,
            },
            ShownSentences {
                source: pieces(&[
                    ("The ", false),
                    ("nuclear", true),
                    (" talks have stalled since 2019.", false),
                ]),
                derived: pieces(&[
                    ("The ", false),
                    ("atomic", true),
                    (" talks have stalled since 2019.", false),
                ]),
                similarity: 0.86,
            },
        ],
        coverage: 0.93,
    }
}

/// Runs the browser with `args` then `url`, killed after [`BROWSER_TIMEOUT`]; returns stdout.
pub(crate) fn chromium(exe: &Path, args: &[String], url: &str) -> String {
    let profile = tempfile::tempdir().expect("profile dir");
    let out = tempfile::NamedTempFile::new().expect("stdout file");
    let err = tempfile::NamedTempFile::new().expect("stderr file");
    let mut child = Command::new(exe)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--hide-scrollbars",
        ])
        .args([
            "--no-first-run",
            "--no-default-browser-check",
            "--disable-dev-shm-usage",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args(args)
        .arg(url)
        .stdin(Stdio::null())
        .stdout(out.reopen().expect("stdout file"))
        .stderr(err.reopen().expect("stderr file"))
        .spawn()
        .expect("the browser starts");
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait for the browser") {
            break status;
        }
        if start.elapsed() > BROWSER_TIMEOUT {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{} did not finish in {BROWSER_TIMEOUT:?}", exe.display());
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let stderr = std::fs::read_to_string(err.path()).unwrap_or_default();
    assert!(status.success(), "browser failed: {status}\n{stderr}");
    std::fs::read_to_string(out.path()).expect("browser output")
}

fn file_url(path: &Path) -> String {
    format!(
        "file://{}",
        path.canonicalize().expect("page exists").display()
    )
}

fn screenshot(exe: &Path, page: &Path, shot: &Path, (w, h): (u32, u32)) {
    let _ = std::fs::remove_file(shot);
    chromium(
        exe,
        &[
            format!("--window-size={w},{h}"),
            format!("--screenshot={}", shot.display()),
        ],
        &file_url(page),
    );
    let size = std::fs::metadata(shot).map(|m| m.len()).unwrap_or(0);
    assert!(size > 5_000, "{}: {size} bytes", shot.display());
}

#[test]
fn the_report_renders_and_hostile_text_stays_text() {
    let Some(exe) = browser() else {
        let required = std::env::var("RETOLD_BROWSER_TESTS").is_ok_and(|v| v == "1");
        assert!(
            !required,
            "RETOLD_BROWSER_TESTS=1 but no chromium, chromium-browser or google-chrome on PATH"
        );
        eprintln!("skipped: no chromium, chromium-browser or google-chrome on PATH");
        return;
    };
    let (docs, stories) = fixture();
    // CARGO_TARGET_TMPDIR is TARGET/tmp: the screenshots, and the report they show (kept for
    // a look in a browser), go beside it.
    let shots = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .expect("the target directory")
        .join("screenshots");
    let report = shots.join("report");
    let _ = std::fs::remove_dir_all(&report);
    let info = RunInfo {
        inputs: vec!["seeds/".into(), "more.jsonl".into()],
        documents: 7,
        links: 6,
        skipped: 0,
    };
    let stats = write_report(&report, &docs, &stories, &info).unwrap();
    assert_eq!((stats.index_pages, stats.story_pages), (1, 2));
    let index = report.join("index.html");
    let story = report.join("stories/0.html");
    screenshot(&exe, &index, &shots.join("index-1280.png"), (1280, 900));
    screenshot(&exe, &story, &shots.join("story-390.png"), (390, 844));
    screenshot(&exe, &story, &shots.join("story-1280.png"), (1280, 900));
    screenshot(
        &exe,
        &report.join("stories/1.html"),
        &shots.join("hostile-390.png"),
        (390, 844),
    );

    let dom = chromium(
        &exe,
        &["--dump-dom".to_string()],
        &file_url(&report.join("stories/1.html")),
    );
    let title = dom
        .split("<title>")
        .nth(1)
        .and_then(|t| t.split("</title>").next())
        .unwrap_or("");
    assert_ne!(title, "pwned", "a script in the title ran");
    assert!(title.contains("&lt;script&gt;document.title"), "{title}");
    assert!(
        dom.contains("&lt;script&gt;document.title='pwned'&lt;/script&gt;"),
        "{dom}"
    );
    assert!(!dom.contains("<img"), "{dom}");

    // The filter script, allowed by its hash in the page's policy, ran and showed its box.
    let dom = chromium(&exe, &["--dump-dom".to_string()], &file_url(&index));
    let input = dom
        .split("<input")
        .nth(1)
        .and_then(|t| t.split('>').next())
        .unwrap_or("");
    assert!(
        input.contains("id=\"q\"") && !input.contains("hidden"),
        "{input}"
    );
}

#[test]
fn the_demo_report_renders_end_to_end() {
    let Some(exe) = browser() else {
        let required = std::env::var("RETOLD_BROWSER_TESTS").is_ok_and(|v| v == "1");
        assert!(!required, "RETOLD_BROWSER_TESTS=1 but no Chromium on PATH");
        eprintln!("skipped: no chromium, chromium-browser or google-chrome on PATH");
        return;
    };
    let shots = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .expect("the target directory")
        .join("screenshots");
    let out = shots.join("demo");
    let _ = std::fs::remove_dir_all(&out);
    let status = Command::new(env!("CARGO_BIN_EXE_retold"))
        .arg("demo")
        .arg("-o")
        .arg(&out)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .expect("retold demo runs");
    assert!(status.success());
    let story = out.join("report/stories/0.html");
    screenshot(
        &exe,
        &out.join("report/index.html"),
        &shots.join("demo-index-390.png"),
        (390, 844),
    );
    screenshot(&exe, &story, &shots.join("demo-story-390.png"), (390, 2400));
    screenshot(
        &exe,
        &story,
        &shots.join("demo-story-1280.png"),
        (1280, 2400),
    );
    // The rendered page says what the seeds are: the spin, its source, the shared quote.
    let dom = chromium(&exe, &["--dump-dom".to_string()], &file_url(&story));
    assert!(dom.contains("dialogue and confrontation"), "{dom}");
    assert!(
        dom.contains("purchase"),
        "the spin's changed word is on the page"
    );
}
