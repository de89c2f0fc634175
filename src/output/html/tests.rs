//! Tests of the report writer on hand-built documents and stories.

use std::collections::BTreeMap;
use std::path::Path;

use super::page::{FILTER_JS, FILTER_JS_HASH};
use super::*;
use crate::model::{
    Basis, Derivation, Line, Member, Piece, Quote, Relation, Role, ShownSentences, Summary,
};

fn meta(id: &str, site: &str, title: &str, epoch: Option<i64>) -> Meta {
    Meta {
        id: id.into(),
        site: Some(site.into()),
        title: Some(title.into()),
        published: epoch.map(|t| (t, format!("@{t}"))),
        chars: 1000,
        url: Some(format!("https://{site}/{id}")),
        credits: Vec::new(),
        lang: None,
    }
}

fn piece(text: &str, changed: bool) -> Piece {
    Piece {
        text: text.into(),
        changed,
    }
}

use crate::extract::date::DAY;
const T0: i64 = 1_623_974_400; // 2021-06-18

/// Story 0: a single member; story 1: three members with a spin; story 2: two members, one
/// hostile; story 3: two undated members.
fn fixture() -> (Vec<Meta>, Vec<Story>) {
    let mut docs = vec![
        meta("a", "wire.example", "Kim orders readiness", Some(T0)),
        meta("b", "farm.example", "Kim issues purchase", Some(T0 + DAY)),
        meta(
            "c",
            "paper.example",
            "North Korea readies",
            Some(T0 + 2 * DAY),
        ),
        meta("d", "lone.example", "Alone", Some(T0)),
        meta(
            "e\"x'y",
            "evil.example",
            "<script>alert(1)</script>",
            Some(T0),
        ),
        meta("f", "evil.example", "Second", Some(T0 + DAY)),
        meta("g", "old.example", "Undated one", None),
        meta("h", "old.example", "Undated two", None),
    ];
    docs[5].url = Some("javascript:alert(2)".into());
    docs[0].lang = Some("eng".into());
    docs[1].lang = Some("eng".into());
    docs[2].lang = Some("fra".into());
    docs[6].url = None;
    let story1 = spun_story();
    let hostile = Story {
        members: vec![
            Member::new(4, Role::Original),
            Member::new(5, Role::Report),
            Member::new(1000, Role::Report),
        ],
        summary: Summary {
            lines: vec![Line {
                text: "<img src=x onerror=alert(3)>".into(),
                doc: 77,
            }],
            ..Summary::default()
        },
        derivations: vec![Derivation {
            doc: 5,
            source: 4000,
            pairs: Vec::new(),
            coverage: f64::NAN,
        }],
    };
    let undated = Story {
        members: vec![Member::new(6, Role::Original), Member::new(7, Role::Copy)],
        ..Story::default()
    };
    let single = Story {
        members: vec![Member::new(3, Role::Original)],
        ..Story::default()
    };
    (docs, vec![single, story1, hostile, undated])
}

/// Story 1 of the fixture: an original, its spin with what the spin changed, and a report.
fn spun_story() -> Story {
    let spin = Member {
        derived_from: Some(0),
        relation: Some(Relation::Spin),
        related_to: Some(0),
        basis: Some(Basis::Wording),
        ..Member::new(1, Role::Spin)
    };
    Story {
        members: vec![
            Member::new(0, Role::Original),
            spin,
            Member::new(2, Role::Report),
        ],
        summary: Summary {
            headline: None,
            lines: vec![Line {
                text: "Kim told officials to prepare.".into(),
                doc: 0,
            }],
            quotes: vec![Quote {
                text: "dialogue and confrontation".into(),
                docs: vec![0, 2, 99],
            }],
            entities: vec!["Kim Jong Un".into()],
        },
        derivations: vec![Derivation {
            doc: 1,
            source: 0,
            pairs: vec![ShownSentences {
                source: vec![piece("Kim issued the ", false), piece("order", true)],
                derived: vec![piece("Kim issued the ", false), piece("purchase", true)],
                similarity: 0.8,
            }],
            coverage: 0.93,
        }],
    }
}

fn info() -> RunInfo {
    RunInfo {
        inputs: vec!["in/<b>.jsonl".into()],
        documents: 8,
        links: 5,
        skipped: 1,
    }
}

/// Every file under `dir`, by path relative to it, with its text.
fn files(dir: &Path) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                todo.push(p);
            } else {
                let rel = p.strip_prefix(dir).unwrap().to_string_lossy().into_owned();
                out.insert(rel, std::fs::read_to_string(&p).unwrap());
            }
        }
    }
    out
}

fn report() -> (tempfile::TempDir, ReportStats, BTreeMap<String, String>) {
    let (docs, stories) = fixture();
    let dir = tempfile::tempdir().unwrap();
    let stats = write_report(dir.path(), &docs, &stories, &info()).unwrap();
    let files = files(dir.path());
    (dir, stats, files)
}

#[test]
fn writes_an_index_and_a_page_per_story_of_two_or_more() {
    let (_dir, stats, files) = report();
    let names: Vec<&str> = files.keys().map(String::as_str).collect();
    assert_eq!(
        names,
        [
            "index.html",
            "stories/1.html",
            "stories/2.html",
            "stories/3.html"
        ]
    );
    assert_eq!(stats.story_pages, 3);
    assert_eq!(stats.index_pages, 1);
    assert_eq!(stats.index_bytes, files["index.html"].len() as u64);
    let total: usize = files.values().map(String::len).sum();
    assert_eq!(stats.total_bytes, total as u64);
    let index = &files["index.html"];
    assert!(index.contains("<title>retold report</title>"));
    assert!(index.contains("8 documents · 5 links · 4 stories, 3 of two or more members"));
    assert!(index.contains("<code>in/&lt;b&gt;.jsonl</code>"));
    // The headline falls back to the original's title; roles and span are summed up.
    assert!(index.contains("<a href=\"stories/1.html\">Kim orders readiness</a>"));
    assert!(index.contains("1 original · 1 spin · 1 report"));
    assert!(index.contains("2021-06-18 – 2021-06-20"));
    assert!(
        !index.contains("stories/0.html"),
        "single-member stories are only counted"
    );
}

#[test]
fn stories_are_listed_largest_then_newest_then_undated() {
    let (_dir, _, files) = report();
    let index = &files["index.html"];
    let at = |n: usize| index.find(&format!("id=\"s{n}\"")).unwrap();
    // Story 1 has three members; story 2 (newest 06-19) before undated story 3.
    assert!(at(1) < at(2) && at(2) < at(3));
}

#[test]
fn a_story_page_shows_summary_quotes_timeline_and_changes() {
    let (_dir, _, files) = report();
    let page = &files["stories/1.html"];
    assert!(page.contains("<h1>Kim orders readiness</h1>"));
    assert!(
        page.contains("Kim told officials to prepare. <small>— <a href=\"#m0\">wire.example</a>")
    );
    assert!(page.contains("“dialogue and confrontation”"));
    assert!(page.contains(
        "carried by <a href=\"#m0\">wire.example</a>, <a href=\"#m2\">paper.example</a></small>"
    ));
    assert!(page.contains("<li>Kim Jong Un</li>"));
    assert!(page.contains("<a href=\"https://wire.example/a\" rel=\"noopener noreferrer\">"));
    assert!(page.contains("<span class=\"badge r-spin\">spin</span>"));
    assert!(page.contains(
        "<a href=\"#m0\">wire.example: Kim orders readiness</a><br><small>by wording</small>"
    ));
    assert!(page.contains("What farm.example changed from wire.example"));
    assert!(page.contains("Kim issued the <del>order</del>"));
    assert!(page.contains("Kim issued the <ins>purchase</ins>"));
    assert!(page.contains(">0.80<"));
    assert!(page.contains("1 aligned sentence, covering 93% of farm.example&#39;s text"));
    assert!(page.contains("<a href=\"../index.html#s1\">← All stories</a>"));
    assert!(page.contains(
        "<ul class=\"chips\" aria-label=\"Languages\"><li>English</li><li>French</li></ul>"
    ));
    assert!(!files["stories/3.html"].contains("aria-label=\"Languages\""));
    // The timeline is in date order.
    let at = |m: &str| page.find(&format!("<tr id=\"{m}\"")).unwrap();
    assert!(at("m0") < at("m1") && at("m1") < at("m2"));
}

#[test]
fn article_text_is_escaped_everywhere() {
    let (_dir, _, files) = report();
    for (name, text) in &files {
        assert!(!text.contains("<script>alert"), "{name}");
        assert!(!text.contains("<img"), "{name}");
        assert!(!text.contains("<b>"), "{name}");
        assert!(!text.contains("e\"x'y"), "{name}");
        // The only script is the index's filter.
        assert_eq!(
            text.matches("<script").count(),
            usize::from(name == "index.html"),
            "{name}"
        );
    }
    let index = &files["index.html"];
    assert!(index.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    let page = &files["stories/2.html"];
    assert!(page.contains("<title>&lt;script&gt;alert(1)&lt;/script&gt; · retold</title>"));
    assert!(page.contains("&lt;img src=x onerror=alert(3)&gt;"));
    // An id with both quotes is escaped inside an attribute.
    assert!(page.contains("data-id=\"e&quot;x&#39;y\""));
}

#[test]
fn only_web_urls_become_links() {
    let (_dir, _, files) = report();
    let page = &files["stories/2.html"];
    assert!(!page.contains("href=\"javascript"));
    assert!(page
        .contains("Second<br><small>javascript:alert(2) (not a web address, not linked)</small>"));
    for text in files.values() {
        for (i, _) in text.match_indices("href=\"") {
            let target = &text[i + 6..];
            assert!(
                target.starts_with("https://")
                    || target.starts_with('#')
                    || target.starts_with("stories/")
                    || target.starts_with("../index")
                    || target.starts_with("index"),
                "{}",
                &target[..target.len().min(40)]
            );
        }
    }
}

#[test]
fn out_of_range_indices_are_left_out() {
    let (_dir, _, files) = report();
    let page = &files["stories/2.html"];
    assert!(page.contains("2 members"));
    assert!(!page.contains("#m1000") && !page.contains("#m77") && !page.contains("id=\"d0\""));
    // Nothing at all in range: still a page, no panic.
    let dir = tempfile::tempdir().unwrap();
    let stories = vec![Story {
        members: vec![Member::new(5, Role::Original), Member::new(6, Role::Spin)],
        ..Story::default()
    }];
    let stats = write_report(dir.path(), &[], &stories, &RunInfo::default()).unwrap();
    assert_eq!((stats.story_pages, stats.index_pages), (0, 1));
    let index = std::fs::read_to_string(dir.path().join("index.html")).unwrap();
    assert!(index.contains("No story has two or more members."));
}

#[test]
fn every_page_is_self_contained() {
    let (_dir, _, files) = report();
    for (name, text) in &files {
        assert!(text
            .starts_with("<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">"));
        assert!(
            text.contains("content=\"default-src 'none'; style-src 'unsafe-inline'; script-src "),
            "{name}"
        );
        assert!(text
            .contains("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"));
        for remote in ["<link", "@import", "url(", "@font-face", "src=\""] {
            assert!(!text.contains(remote), "{name}: {remote}");
        }
    }
    assert!(files["stories/1.html"].contains("script-src 'none'"));
    assert!(files["index.html"].contains(&format!("script-src '{FILTER_JS_HASH}'")));
}

#[test]
fn two_runs_write_the_same_bytes() {
    let (_a, _, first) = report();
    let (_b, _, second) = report();
    assert_eq!(first, second);
}

#[test]
fn five_thousand_stories_page_the_index_under_a_megabyte() {
    let mut docs = Vec::new();
    let mut stories = Vec::new();
    for n in 0..5000i64 {
        let base = docs.len() as u32;
        for k in 0..3 {
            let title = format!("Story {n}: a fairly long headline about council budgets, roads and schools, part {k}");
            docs.push(meta(
                &format!("doc-{n}-{k}"),
                &format!("site{k}.example"),
                &title,
                Some(T0 + n * 60),
            ));
        }
        stories.push(Story {
            members: vec![
                Member::new(base, Role::Original),
                Member::new(base + 1, Role::Spin),
                Member::new(base + 2, Role::Report),
            ],
            ..Story::default()
        });
    }
    let dir = tempfile::tempdir().unwrap();
    let stats = write_report(dir.path(), &docs, &stories, &info()).unwrap();
    assert_eq!((stats.index_pages, stats.story_pages), (5, 5000));
    let first = std::fs::read_to_string(dir.path().join("index.html")).unwrap();
    eprintln!("index.html for 5,000 stories: {} bytes", first.len());
    assert!(first.len() < 1_000_000, "{}", first.len());
    assert_eq!(first.matches("<tr id=").count(), STORIES_PER_PAGE);
    // Newest first: the last story made is the first row.
    assert!(first.contains("<tr id=\"s4999\">"));
    assert!(first.contains("<a rel=\"next\" href=\"index-2.html\">"));
    let last = std::fs::read_to_string(dir.path().join("index-5.html")).unwrap();
    assert!(
        last.contains("<a rel=\"prev\" href=\"index-4.html\">") && !last.contains("rel=\"next\"")
    );
    assert!(last.contains("<tr id=\"s0\">"));
    let page = std::fs::read_to_string(dir.path().join("stories/0.html")).unwrap();
    assert!(page.contains("href=\"../index-5.html#s0\""));
}

#[test]
fn the_filter_script_hash_matches_the_script() {
    let expected = format!("sha256-{}", base64(&sha256(FILTER_JS.as_bytes())));
    assert_eq!(FILTER_JS_HASH, expected);
}

/// SHA-256 (FIPS 180-4), for checking the CSP hash of the filter script.
fn sha256(data: &[u8]) -> [u8; 32] {
    const K: [u32; 64] = [
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4,
        0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe,
        0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f,
        0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7,
        0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc,
        0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
        0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116,
        0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
        0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
        0xc67178f2,
    ];
    let mut h: [u32; 8] = [
        0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab,
        0x5be0cd19,
    ];
    let mut msg = data.to_vec();
    msg.push(0x80);
    while msg.len() % 64 != 56 {
        msg.push(0);
    }
    msg.extend_from_slice(&((data.len() as u64) * 8).to_be_bytes());
    for block in msg.chunks(64) {
        let mut w = [0u32; 64];
        for (i, c) in block.chunks(4).enumerate() {
            w[i] = u32::from_be_bytes([c[0], c[1], c[2], c[3]]);
        }
        for i in 16..64 {
            let s0 = w[i - 15].rotate_right(7) ^ w[i - 15].rotate_right(18) ^ (w[i - 15] >> 3);
            let s1 = w[i - 2].rotate_right(17) ^ w[i - 2].rotate_right(19) ^ (w[i - 2] >> 10);
            w[i] = w[i - 16]
                .wrapping_add(s0)
                .wrapping_add(w[i - 7])
                .wrapping_add(s1);
        }
        let mut v = h;
        for i in 0..64 {
            let s1 = v[4].rotate_right(6) ^ v[4].rotate_right(11) ^ v[4].rotate_right(25);
            let ch = (v[4] & v[5]) ^ (!v[4] & v[6]);
            let t1 = v[7]
                .wrapping_add(s1)
                .wrapping_add(ch)
                .wrapping_add(K[i])
                .wrapping_add(w[i]);
            let s0 = v[0].rotate_right(2) ^ v[0].rotate_right(13) ^ v[0].rotate_right(22);
            let maj = (v[0] & v[1]) ^ (v[0] & v[2]) ^ (v[1] & v[2]);
            let t2 = s0.wrapping_add(maj);
            v = [
                t1.wrapping_add(t2),
                v[0],
                v[1],
                v[2],
                v[3].wrapping_add(t1),
                v[4],
                v[5],
                v[6],
            ];
        }
        for (x, y) in h.iter_mut().zip(v) {
            *x = x.wrapping_add(y);
        }
    }
    let mut out = [0u8; 32];
    for (c, x) in out.chunks_mut(4).zip(h) {
        c.copy_from_slice(&x.to_be_bytes());
    }
    out
}

/// Standard base64 with padding.
fn base64(bytes: &[u8]) -> String {
    const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for c in bytes.chunks(3) {
        let n = (u32::from(c[0]) << 16)
            | (u32::from(*c.get(1).unwrap_or(&0)) << 8)
            | u32::from(*c.get(2).unwrap_or(&0));
        for k in 0..4 {
            if k <= c.len() {
                out.push(A[(n >> (18 - 6 * k)) as usize & 63] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[test]
fn sha256_and_base64_agree_with_known_values() {
    assert_eq!(
        base64(&sha256(b"abc")),
        "ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0="
    );
    assert_eq!(base64(b"ab"), "YWI=");
}
