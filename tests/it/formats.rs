//! Every input format: JSONL (plain, gzip, zstd, stdin, mapped fields), one-document files in
//! nested directories, HTML with JSON-LD dates, and WARC with one gzip member per record.

use crate::support::{body, extract, extract_stdin, gzip, line};

const ARTICLE_HTML: &str = r#"<!doctype html><html lang="en"><head>
<title>Ferry service resumes on the northern route | Coast Courier</title>
<meta property="og:site_name" content="Coast Courier">
<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle",
"headline":"Ferry service resumes on the northern route",
"datePublished":"2023-11-02T07:45:00-04:00","dateModified":"2023-11-03T09:00:00Z"}</script>
</head><body><header><a href="/">Coast Courier</a> <a href="/local">Local</a></header>
<main><article><h1>Ferry service resumes on the northern route</h1>
<p>Ferries returned to the northern route on Thursday after a six-week pause for dock repairs,
the harbour authority said, and the first crossing left on time with more than ninety passengers.</p>
<p>The authority said the new dock can take two ferries at once, which should end the queues that
formed every summer weekend, and that fares will stay at last year's level until March.</p>
<p>"It feels like the island is joined to the world again," said Maria Olsen, who runs a bakery
near the terminal and had driven the long way round for six weeks to reach her suppliers.</p>
</article></main><footer>© 2023 Coast Courier</footer></body></html>"#;

#[test]
fn html_file_with_json_ld_date() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ferry.html");
    std::fs::write(&path, ARTICLE_HTML).unwrap();
    let run = extract(dir.path(), &[path.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let doc = run.doc("ferry.html");
    assert_eq!(doc["published"], "2023-11-02T11:45:00Z");
    assert_eq!(doc["title"], "Ferry service resumes on the northern route");
    assert_eq!(doc["site"], "Coast Courier");
    assert_eq!(doc["lang"], "eng");
    let text = doc["text"].as_str().unwrap();
    assert!(
        text.contains("six-week pause") && text.contains("Maria Olsen"),
        "{text}"
    );
    assert!(!text.contains("Local"), "{text}");
}

/// One WARC record as a string.
fn warc_record(kind: &str, id: &str, uri: &str, content_type: &str, block: &str) -> String {
    format!(
        "WARC/1.1\r\nWARC-Type: {kind}\r\nWARC-Record-ID: <urn:uuid:{id}>\r\nWARC-Target-URI: {uri}\r\n\
         WARC-Date: 2024-01-01T00:00:00Z\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\r\n{block}\r\n\r\n",
        block.len()
    )
}

#[test]
fn warc_gz_with_one_member_per_record() {
    let dir = tempfile::tempdir().unwrap();
    let http =
        format!("HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n{ARTICLE_HTML}");
    let image = "HTTP/1.1 200 OK\r\nContent-Type: image/png\r\n\r\n\u{1}PNGDATA";
    let records = [
        warc_record(
            "warcinfo",
            "info",
            "",
            "application/warc-fields",
            "software: test\r\n",
        ),
        warc_record(
            "request",
            "req",
            "https://courier.example/ferry",
            "application/http; msgtype=request",
            "GET /ferry HTTP/1.1\r\n\r\n",
        ),
        warc_record(
            "response",
            "page",
            "https://courier.example/ferry",
            "application/http; msgtype=response",
            &http,
        ),
        warc_record(
            "response",
            "img",
            "https://courier.example/a.png",
            "application/http; msgtype=response",
            image,
        ),
        warc_record(
            "resource",
            "note",
            "file:///notes/council.txt",
            "text/plain",
            &body("Kendal"),
        ),
    ];
    let mut bytes = Vec::new();
    for r in &records {
        bytes.extend(gzip(r.as_bytes()));
    }
    let path = dir.path().join("crawl.warc.gz");
    std::fs::write(&path, bytes).unwrap();
    let run = extract(dir.path(), &[path.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.ids(),
        ["urn:uuid:page", "urn:uuid:note"],
        "{}",
        run.stderr
    );
    assert!(run.warnings().is_empty(), "{}", run.stderr);
    let page = run.doc("urn:uuid:page");
    assert_eq!(page["url"], "https://courier.example/ferry");
    assert_eq!(page["published"], "2023-11-02T11:45:00Z");
    assert!(run.doc("urn:uuid:note")["text"]
        .as_str()
        .unwrap()
        .contains("Kendal"));
}

#[test]
fn jsonl_plain_gzip_zstd_and_ids() {
    let dir = tempfile::tempdir().unwrap();
    let plain = format!(
        "{}\n{}\n",
        line("p1", &body("Leek")),
        serde_json::json!({"text": body("Malton"), "date": "2020-05-01"})
    );
    std::fs::write(dir.path().join("a.jsonl"), &plain).unwrap();
    std::fs::write(
        dir.path().join("b.ndjson.gz"),
        gzip(line("g1", &body("Nairn")).as_bytes()),
    )
    .unwrap();
    let zst = zstd::stream::encode_all(line("s1", &body("Oban")).as_bytes(), 3).unwrap();
    std::fs::write(dir.path().join("c.json.zst"), zst).unwrap();
    let run = extract(dir.path(), &[dir.path().to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let ids = run.ids();
    assert_eq!(ids.len(), 4, "{ids:?} {}", run.stderr);
    assert_eq!(ids[0], "p1");
    assert!(ids[1].ends_with("a.jsonl:2"), "{ids:?}");
    assert_eq!(&ids[2..], ["g1", "s1"]);
    assert_eq!(run.docs[1]["published"], "2020-05-01");
}

#[test]
fn stdin_and_field_mapping() {
    let dir = tempfile::tempdir().unwrap();
    let input = serde_json::json!({"guid": 42, "body_text": body("Penrith"), "headline": "Council votes", "outlet": "Fell Post"}).to_string() + "\n";
    let run = extract_stdin(
        dir.path(),
        &["-", "--field", "id=guid", "--field", "text=body_text"],
        Some(input.as_bytes()),
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let doc = run.doc("42");
    assert_eq!(doc["title"], "Council votes");
    assert_eq!(doc["site"], "Fell Post");
}

#[test]
fn directory_walk_gives_relative_ids_in_order() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    std::fs::create_dir_all(root.join("2024/may")).unwrap();
    std::fs::write(root.join("2024/may/b.md"), body("Ripon")).unwrap();
    std::fs::write(root.join("2024/a.txt"), body("Selby")).unwrap();
    std::fs::write(root.join(".hidden.txt"), body("Thirsk")).unwrap();
    let run = extract(dir.path(), &[root.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.ids(), ["2024/a.txt", "2024/may/b.md"]);
    let one = extract(dir.path(), &[root.join("2024/a.txt").to_str().unwrap()]);
    assert_eq!(one.ids(), ["a.txt"]);
}

/// A build without the `parquet` feature meets a Parquet file: one warning that names the
/// feature, and the other inputs read.
#[cfg(not(feature = "parquet"))]
#[test]
fn parquet_without_the_feature_says_how_to_read_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("a.parquet"), b"PAR1 not read PAR1").expect("write");
    std::fs::write(
        dir.path().join("b.jsonl"),
        "{\"id\": \"b\", \"text\": \"read\"}\n",
    )
    .expect("write");
    let run = extract(dir.path(), &[dir.path().to_str().expect("path")]);
    assert_eq!(run.ids(), ["b"]);
    let warnings = run.warnings();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(
        warnings[0].contains("--features parquet"),
        "{}",
        warnings[0]
    );
}
