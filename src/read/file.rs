//! Reads a file that is one document: plain text, Markdown or HTML.
//!
//! Such a file is read whole (up to 64 MiB), because extraction needs all of it at once; this
//! is the one place where the reader holds a full file. Its id is its path relative to the
//! input argument that named it, and everything but the body is left for extraction to find.

use std::collections::VecDeque;
use std::io::Read;

use crate::model::{Body, Place, Problem, Record, Warning};

use super::source::{self, Format, Stream, BOM, MAX_DOCUMENT};
use super::Item;

/// Reads `stream` as one document with id `id`, pushing its record (after a repair warning,
/// if any) or the warning that replaces it onto `out`.
pub(super) fn read_document(stream: Stream, id: &str, out: &mut VecDeque<Item>) {
    let Stream {
        reader,
        format,
        fault,
    } = stream;
    let origin = fault.origin(Place::File);
    let warn = |problem, reason: &str| Warning {
        place: origin.to_string(),
        problem,
        reason: reason.to_string(),
    };
    let mut bytes = Vec::new();
    if let Err(err) = reader.take(MAX_DOCUMENT + 1).read_to_end(&mut bytes) {
        out.push_back(Item::Warning(fault.warning(&err)));
        return;
    }
    if bytes.len() as u64 > MAX_DOCUMENT {
        out.push_back(Item::Warning(warn(
            Problem::Unreadable,
            "file over 64 MiB, skipped",
        )));
        return;
    }
    if memchr::memchr(0, &bytes).is_some() {
        out.push_back(Item::Warning(warn(
            Problem::Binary,
            "binary file, not text",
        )));
        return;
    }
    if bytes.starts_with(BOM) {
        bytes.drain(..BOM.len());
    }
    if bytes.iter().all(u8::is_ascii_whitespace) {
        out.push_back(Item::Warning(warn(Problem::Empty, "empty file")));
        return;
    }
    let (text, repaired) = source::decode_utf8(bytes);
    if repaired > 0 {
        out.push_back(Item::Warning(source::repaired_warning(
            origin.to_string(),
            repaired,
        )));
    }
    let body = match format {
        Format::Html => Body::Html(text),
        _ => Body::Text(text),
    };
    out.push_back(Item::Record(Record {
        id: id.to_string(),
        // Text on stdin has no name of its own.
        named: id != "-",
        origin,
        body,
        title: None,
        url: None,
        published: None,
        site: None,
        repaired,
        raw: None,
    }));
}

#[cfg(test)]
mod tests {
    use super::super::tests::{arg, read_all};
    use super::*;
    use std::fs;
    use std::io::Write;

    #[test]
    fn text_markdown_and_html_files() {
        let dir = tempfile::tempdir().expect("tempdir");
        let seeds = dir.path().join("seeds");
        fs::create_dir_all(seeds.join("a")).expect("mkdir");
        fs::write(seeds.join("a/b.txt"), "\u{feff}Plain words.\n").expect("write");
        fs::write(seeds.join("a/c.MD"), "# Title\n\nBody.").expect("write");
        fs::write(seeds.join("page.htm"), "<p>Hello</p>").expect("write");
        let (records, warnings) = read_all(&[arg(&seeds)]);
        assert!(warnings.is_empty(), "{warnings:?}");
        let ids: Vec<&str> = records.iter().map(|r| r.id.as_str()).collect();
        assert_eq!(ids, vec!["a/b.txt", "a/c.MD", "page.htm"]);
        assert_eq!(records[0].body, Body::Text("Plain words.\n".into()));
        assert_eq!(records[0].origin.path, arg(&seeds.join("a/b.txt")));
        assert_eq!(records[0].origin.place, Place::File);
        assert_eq!(records[2].body, Body::Html("<p>Hello</p>".into()));
        assert!(records.iter().all(|r| r.title.is_none() && r.url.is_none()));
    }

    #[test]
    fn sniffs_extensionless_files() {
        let dir = tempfile::tempdir().expect("tempdir");
        fs::write(dir.path().join("a"), "\n<!doctype html><title>x</title>").expect("write");
        fs::write(dir.path().join("b"), "{\"id\":\"j\",\"text\":\"json\"}\n").expect("write");
        fs::write(dir.path().join("c"), "Words only.").expect("write");
        fs::write(dir.path().join("d.dat"), "WARC/1.0\r\n\r\n").expect("write");
        let (records, warnings) = read_all(&[arg(dir.path())]);
        assert_eq!(records.len(), 3);
        assert!(matches!(records[0].body, Body::Html(_)));
        assert_eq!(records[1].id, "j");
        assert_eq!(records[2].body, Body::Text("Words only.".into()));
        // `d.dat` is sniffed as WARC, and is a malformed one.
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert_eq!(warnings[0].problem, Problem::MalformedWarc);
    }

    #[test]
    fn binary_empty_and_blank_files() {
        let dir = tempfile::tempdir().expect("tempdir");
        fs::write(
            dir.path().join("a.png"),
            b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0",
        )
        .expect("write");
        fs::write(dir.path().join("b.txt"), "").expect("write");
        fs::write(dir.path().join("c.txt"), " \n\t\n").expect("write");
        fs::write(dir.path().join("d.txt"), b"text\0with nul").expect("write");
        let (records, warnings) = read_all(&[arg(dir.path())]);
        assert!(records.is_empty());
        let got: Vec<(Problem, &str)> = warnings
            .iter()
            .map(|w| (w.problem, w.reason.as_str()))
            .collect();
        assert_eq!(
            got,
            vec![
                (Problem::Binary, "binary file, not text"),
                (Problem::Empty, "empty file"),
                (Problem::Empty, "empty file"),
                (Problem::Binary, "binary file, not text"),
            ]
        );
        assert_eq!(warnings[0].place, arg(&dir.path().join("a.png")));
    }

    #[test]
    fn invalid_utf8_and_compressed_documents() {
        let dir = tempfile::tempdir().expect("tempdir");
        fs::write(dir.path().join("a.txt"), b"na\xefve").expect("write");
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        encoder
            .write_all(b"<html><p>zipped</p></html>")
            .expect("gzip");
        fs::write(
            dir.path().join("b.html.gz"),
            encoder.finish().expect("gzip"),
        )
        .expect("write");
        let (records, warnings) = read_all(&[arg(dir.path())]);
        assert_eq!(records.len(), 2);
        assert_eq!(records[0].repaired, 1);
        assert_eq!(records[0].body, Body::Text("na\u{fffd}ve".into()));
        assert_eq!(warnings.len(), 1);
        assert_eq!(warnings[0].problem, Problem::InvalidUtf8);
        assert_eq!(warnings[0].reason, "invalid UTF-8 replaced (1 sequence)");
        assert_eq!(records[1].id, "b.html.gz");
        assert_eq!(
            records[1].body,
            Body::Html("<html><p>zipped</p></html>".into())
        );
    }
}
