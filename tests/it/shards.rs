//! The copy pass in stages (`sketch`, `candidates`, `verify`, `components`) gives the groups
//! and links of one `dedup` process, for any number of shards run in any order.

use std::path::Path;
use std::process::Command;

fn retold(args: &[&str]) -> (bool, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_retold"))
        .args(args)
        .output()
        .expect("run retold");
    (
        output.status.success(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// A corpus with exact copies, near copies, excerpts and wrapped copies of generated texts,
/// some dated, and one line that is not JSON.
fn corpus(path: &Path) {
    const WORDS: [&str; 40] = [
        "council",
        "river",
        "bridge",
        "mayor",
        "budget",
        "storm",
        "school",
        "harbour",
        "trains",
        "doctors",
        "voted",
        "said",
        "plans",
        "million",
        "residents",
        "police",
        "court",
        "farmers",
        "election",
        "minister",
        "market",
        "prices",
        "workers",
        "strike",
        "hospital",
        "museum",
        "festival",
        "police",
        "ferry",
        "airport",
        "road",
        "tax",
        "housing",
        "energy",
        "water",
        "report",
        "inquiry",
        "league",
        "coach",
        "season",
    ];
    let mut seed = 7u64;
    let mut next = move || {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (seed >> 33) as usize
    };
    let mut lines = Vec::new();
    let mut texts = Vec::new();
    for n in 0..60 {
        let words: Vec<&str> = (0..140).map(|_| WORDS[next() % WORDS.len()]).collect();
        let text = words.join(" ");
        let date = if n % 3 == 0 {
            format!(", \"date\": \"2024-0{}-1{}\"", 1 + n % 9, n % 10)
        } else {
            String::new()
        };
        lines.push(format!(
            "{{\"id\": \"base-{n}\", \"text\": \"{text}\"{date}}}"
        ));
        texts.push(words);
    }
    for n in 0..60 {
        let words = &texts[(n * 7) % 60];
        let text = match n % 4 {
            0 => words.join(" "),
            1 => {
                let mut w = words.clone();
                for k in 0..4 {
                    let at = (k * 31 + n) % w.len();
                    w[at] = "changed";
                }
                w.join(" ")
            }
            2 => words[..words.len() / 2].join(" "),
            _ => format!(
                "home news sport weather share this {} subscribe now comments",
                words.join(" ")
            ),
        };
        lines.push(format!("{{\"id\": \"copy-{n}\", \"text\": \"{text}\"}}"));
        if n == 30 {
            lines.push("{not json".to_string());
        }
    }
    std::fs::write(path, lines.join("\n") + "\n").expect("write corpus");
}

fn stages(dir: &Path, input: &str, shards: u32, order: &[u32]) -> std::path::PathBuf {
    let at = |name: &str| {
        dir.join(format!("{name}-{shards}"))
            .to_string_lossy()
            .into_owned()
    };
    let (sketches, candidates, links, out) =
        (at("sketches"), at("candidates"), at("links"), at("out"));
    for &i in order {
        let shard = format!("{i}/{shards}");
        let (ok, stderr) = retold(&["sketch", input, "--shard", &shard, "-o", &sketches, "-q"]);
        assert!(ok, "{stderr}");
    }
    let (ok, stderr) = retold(&["candidates", &sketches, "-o", &candidates]);
    assert!(ok, "{stderr}");
    let verify_shards = shards.min(2);
    for i in (0..verify_shards).rev() {
        let shard = format!("{i}/{verify_shards}");
        let (ok, stderr) = retold(&[
            "verify",
            &sketches,
            &candidates,
            "--shard",
            &shard,
            "-o",
            &links,
        ]);
        assert!(ok, "{stderr}");
    }
    let (ok, stderr) = retold(&["components", &sketches, &links, "-o", &out]);
    assert!(ok, "{stderr}");
    out.into()
}

#[test]
fn sharded_runs_give_the_one_process_groups() {
    let dir = tempfile::tempdir().expect("tempdir");
    let input = dir.path().join("corpus.jsonl");
    corpus(&input);
    let input = input.to_string_lossy().into_owned();
    let one = dir.path().join("one").to_string_lossy().into_owned();
    let (ok, stderr) = retold(&[
        "dedup",
        &input,
        "--relations",
        "exact,near_copy,excerpt",
        "-o",
        &one,
    ]);
    assert!(ok, "{stderr}");
    let read = |p: &Path| std::fs::read_to_string(p).expect("read output");
    let groups = read(&Path::new(&one).join("groups.jsonl"));
    let links = read(&Path::new(&one).join("links.jsonl"));
    let relations: Vec<&str> = ["\"exact\"", "\"near_copy\"", "\"excerpt\""].to_vec();
    for r in relations {
        assert!(links.contains(r), "the corpus has {r} links:\n{links}");
    }
    for (shards, order) in [
        (1, vec![0]),
        (3, vec![2, 0, 1]),
        (7, vec![6, 3, 0, 5, 1, 4, 2]),
    ] {
        let out = stages(dir.path(), &input, shards, &order);
        assert_eq!(read(&out.join("groups.jsonl")), groups, "{shards} shards");
        assert_eq!(read(&out.join("links.jsonl")), links, "{shards} shards");
        let kept = read(&out.join("kept.txt"));
        assert_eq!(
            kept.lines().count(),
            120 - groups
                .lines()
                .map(|g| g.matches("\"id\"").count() - 1)
                .sum::<usize>()
        );
    }
}

#[test]
fn a_stage_done_is_not_redone_and_a_missing_shard_is_named() {
    let dir = tempfile::tempdir().expect("tempdir");
    let input = dir.path().join("corpus.jsonl");
    corpus(&input);
    let input = input.to_string_lossy().into_owned();
    let sketches = dir.path().join("sk").to_string_lossy().into_owned();
    let (ok, stderr) = retold(&["sketch", &input, "--shard", "1/3", "-o", &sketches, "-q"]);
    assert!(ok, "{stderr}");
    let (ok, stderr) = retold(&["sketch", &input, "--shard", "1/3", "-o", &sketches, "-q"]);
    assert!(ok && stderr.contains("already done"), "{stderr}");
    let candidates = dir.path().join("c").to_string_lossy().into_owned();
    let (ok, stderr) = retold(&["candidates", &sketches, "-o", &candidates]);
    assert!(!ok, "{stderr}");
    assert!(
        stderr.contains("shards 0/3, 2/3 are not sketched yet"),
        "{stderr}"
    );
    let (ok, stderr) = retold(&["sketch", &input, "--shard", "3/3", "-o", &sketches]);
    assert!(!ok && stderr.contains("expected I/N"), "{stderr}");
}
