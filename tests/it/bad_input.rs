//! Bad input, one kind at a time: each is a warning with its place, counted, and skipped, and
//! every good record before and after it still comes out with exit 0. `--strict` stops at it.

use crate::support::{body, extract, gzip, line};

/// Three JSONL lines where the middle one is `bad`.
fn around(bad: &str) -> String {
    format!(
        "{}\n{bad}\n{}\n",
        line("first", &body("Ashford")),
        line("last", &body("Brent"))
    )
}

#[test]
fn broken_json_line_is_skipped_with_its_line_number() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("news.jsonl");
    std::fs::write(&path, around(r#"{"id": "broken", "text": "no closing"#)).unwrap();
    let run = extract(dir.path(), &[path.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.ids(), ["first", "last"]);
    let warnings = run.warnings();
    assert_eq!(warnings.len(), 1, "{}", run.stderr);
    assert!(warnings[0].contains("news.jsonl:2"), "{}", warnings[0]);
    assert!(run.stderr.contains("1 broken JSON"), "{}", run.stderr);
}

#[test]
fn invalid_utf8_is_repaired_and_counted_not_dropped() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("news.jsonl");
    let text = around(&line(
        "mended",
        &format!("{} caf@@MARK@@ au lait", body("Corby")),
    ));
    // A lone Latin-1 byte where UTF-8 was expected: invalid UTF-8 inside a good record.
    let at = text.find("@@MARK@@").unwrap();
    let mut bytes = text.as_bytes()[..at].to_vec();
    bytes.push(0xE9);
    bytes.extend_from_slice(&text.as_bytes()[at + 8..]);
    std::fs::write(&path, &bytes).unwrap();
    let run = extract(dir.path(), &[path.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.ids(), ["first", "mended", "last"], "{}", run.stderr);
    assert!(run.doc("mended")["text"]
        .as_str()
        .unwrap()
        .contains('\u{FFFD}'));
    assert!(
        run.warnings().iter().any(|w| w.contains("news.jsonl:2")),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("1 invalid UTF-8 repaired"),
        "{}",
        run.stderr
    );
}

#[test]
fn truncated_gzip_keeps_every_record_before_the_cut() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = String::new();
    for i in 0..200 {
        text.push_str(&line(&format!("d{i}"), &body(&format!("Town{i}"))));
        text.push('\n');
    }
    let gz = gzip(text.as_bytes());
    let cut = dir.path().join("cut.jsonl.gz");
    std::fs::write(&cut, &gz[..gz.len() * 2 / 3]).unwrap();
    let after = dir.path().join("z_after.jsonl");
    std::fs::write(&after, line("after", &body("Derby")) + "\n").unwrap();
    let run = extract(
        dir.path(),
        &[cut.to_str().unwrap(), after.to_str().unwrap()],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let ids = run.ids();
    assert!(
        ids.len() > 20 && ids.len() < 201,
        "kept {} records",
        ids.len()
    );
    assert_eq!(ids[0], "d0");
    assert_eq!(ids.last().map(String::as_str), Some("after"));
    let warnings = run.warnings();
    assert_eq!(warnings.len(), 1, "{}", run.stderr);
    assert!(warnings[0].contains("cut.jsonl.gz:@"), "{}", warnings[0]);
}

#[test]
fn truncated_zstd_keeps_every_record_before_the_cut() {
    let dir = tempfile::tempdir().unwrap();
    // zstd decodes whole blocks of up to 128 KiB: write several, so a cut leaves some whole.
    let mut text = String::new();
    for i in 0..3000 {
        text.push_str(&line(&format!("z{i}"), &body(&format!("Village{i}"))));
        text.push('\n');
    }
    let zst = zstd::stream::encode_all(text.as_bytes(), 3).unwrap();
    let cut = dir.path().join("cut.jsonl.zst");
    std::fs::write(&cut, &zst[..zst.len() / 2]).unwrap();
    let run = extract(dir.path(), &[cut.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        !run.ids().is_empty() && run.ids().len() < 3000,
        "kept {}",
        run.ids().len()
    );
    assert_eq!(run.ids()[0], "z0");
    assert!(
        run.warnings().iter().any(|w| w.contains("cut.jsonl.zst:@")),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("1 truncated"), "{}", run.stderr);
}

#[test]
fn malformed_warc_header_skips_to_the_next_record() {
    let dir = tempfile::tempdir().unwrap();
    let good = |id: &str, text: &str| {
        let payload = format!("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<html><body><p>{text}</p></body></html>");
        format!(
            "WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:{id}>\r\nWARC-Target-URI: https://example.org/{id}\r\nContent-Type: application/http; msgtype=response\r\nContent-Length: {}\r\n\r\n{payload}\r\n\r\n",
            payload.len()
        )
    };
    let bad = "WARC/1.0\r\nWARC-Type: response\r\nContent-Length: lots\r\n\r\nnot a block\r\n\r\n";
    let warc = format!(
        "{}{bad}{}",
        good("one", &body("Ely")),
        good("two", &body("Frome"))
    );
    let path = dir.path().join("crawl.warc");
    std::fs::write(&path, warc).unwrap();
    let run = extract(dir.path(), &[path.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.ids(),
        ["urn:uuid:one", "urn:uuid:two"],
        "{}",
        run.stderr
    );
    let warnings = run.warnings();
    assert_eq!(warnings.len(), 1, "{}", run.stderr);
    assert!(warnings[0].contains("crawl.warc:@"), "{}", warnings[0]);
    assert!(run.stderr.contains("1 malformed WARC"), "{}", run.stderr);
}

/// A directory of pages with one bad file among good ones: the good ones are read, the bad
/// one is a warning naming it, counted under `label`.
fn bad_file_among_good(bad_name: &str, bad: &[u8], label: &str) {
    let dir = tempfile::tempdir().unwrap();
    let pages = dir.path().join("pages");
    std::fs::create_dir(&pages).unwrap();
    std::fs::write(pages.join("a.txt"), body("Goole")).unwrap();
    std::fs::write(pages.join(bad_name), bad).unwrap();
    std::fs::write(pages.join("z.txt"), body("Hythe")).unwrap();
    let run = extract(dir.path(), &[pages.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.ids(), ["a.txt", "z.txt"]);
    assert!(
        run.warnings().iter().any(|w| w.contains(bad_name)),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains(label), "{}", run.stderr);
}

#[test]
fn empty_file_is_a_warning() {
    bad_file_among_good("b.txt", b"", "1 empty");
}

#[test]
fn binary_file_is_a_warning() {
    let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    png.extend((0..2000u32).map(|i| (i * 7 % 256) as u8));
    bad_file_among_good("photo.png", &png, "1 binary");
}

#[test]
fn strict_makes_the_first_bad_record_fatal_and_keeps_what_came_before() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("news.jsonl");
    std::fs::write(&path, around("{not json")).unwrap();
    let run = extract(dir.path(), &["--strict", path.to_str().unwrap()]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("error:") && run.stderr.contains("news.jsonl:2"),
        "{}",
        run.stderr
    );
    assert_eq!(run.ids(), ["first"]);
}

#[test]
fn missing_input_is_an_error_and_bad_field_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let run = extract(dir.path(), &["no/such/file.jsonl"]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("no/such/file.jsonl"), "{}", run.stderr);
    let path = dir.path().join("news.jsonl");
    std::fs::write(&path, line("x", &body("Jarrow"))).unwrap();
    let run = extract(dir.path(), &["--field", "nonsense", path.to_str().unwrap()]);
    assert_eq!(run.code, 2, "{}", run.stderr);
}

#[test]
fn record_without_text_or_title_is_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("news.jsonl");
    std::fs::write(
        &path,
        around(r#"{"id": "hollow", "url": "https://example.org/hollow"}"#),
    )
    .unwrap();
    let run = extract(dir.path(), &[path.to_str().unwrap()]);
    assert_eq!(run.code, 0);
    assert_eq!(run.ids(), ["first", "last"]);
    assert!(
        run.warnings().iter().any(|w| w.contains("news.jsonl:2")),
        "{}",
        run.stderr
    );
}

#[test]
fn a_record_with_only_a_title_is_a_document() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("news.jsonl");
    std::fs::write(
        &path,
        around(r#"{"id": "headline", "title": "Klitschko stops Rahman in Mannheim"}"#),
    )
    .unwrap();
    let run = extract(dir.path(), &[path.to_str().unwrap()]);
    assert_eq!(run.code, 0);
    assert_eq!(run.ids(), ["first", "headline", "last"]);
}

#[test]
fn duplicate_ids_are_renamed_so_every_output_names_one_document() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("news.jsonl");
    let text = format!(
        "{}\n{}\n",
        line("same", &body("Kirkby")),
        line("same", &body("Ludlow"))
    );
    std::fs::write(&path, text).unwrap();
    let run = extract(dir.path(), &[path.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.ids(), ["same", "same#2"]);
    assert!(run.warnings()[0].contains("news.jsonl:2"), "{}", run.stderr);
    assert!(
        run.stderr.contains("1 duplicate id renamed"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_rare_problem_is_not_hidden_behind_many_common_ones() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("news.jsonl");
    let mut text: String = (0..80)
        .map(|_| line("same", &body("Morpeth")) + "\n")
        .collect();
    text.push_str("{broken\n");
    std::fs::write(&path, text).unwrap();
    let run = extract(dir.path(), &[path.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.docs.len(), 80);
    assert!(
        run.stderr.contains("news.jsonl:81: broken JSON"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("further 'duplicate id renamed' warnings"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("79 duplicate id renamed"),
        "{}",
        run.stderr
    );
}

#[cfg(unix)]
#[test]
fn unreadable_file_is_a_warning_and_its_neighbours_are_read() {
    // A dangling link cannot be opened even by root, who reads past file permissions.
    let dir = tempfile::tempdir().unwrap();
    let pages = dir.path().join("pages");
    std::fs::create_dir(&pages).unwrap();
    std::fs::write(pages.join("a.txt"), body("Nelson")).unwrap();
    std::os::unix::fs::symlink(dir.path().join("gone.txt"), pages.join("b.txt")).unwrap();
    std::fs::write(pages.join("c.txt"), body("Oakham")).unwrap();
    let run = extract(dir.path(), &[pages.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.ids(), ["a.txt", "c.txt"]);
    assert!(
        run.warnings().iter().any(|w| w.contains("b.txt")),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("1 unreadable"), "{}", run.stderr);
}
