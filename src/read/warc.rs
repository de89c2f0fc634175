//! Reads WARC files: the HTML and plain-text pages among their response and resource records.
//!
//! A streaming parser of its own: a version line, header lines up to a blank line, then
//! exactly `Content-Length` bytes of block (held in memory up to 64 MiB, one record at a
//! time), then a blank line. A record that cannot be parsed costs a warning at its offset,
//! and the parser resynchronises on the next line starting `WARC/1.`, so that every good
//! record before and after it still comes out. A block not followed by its blank line has a
//! Content-Length past its real end: the next record found inside it is read from there.

use std::collections::VecDeque;
use std::io::{self, BufReader, Read};

use crate::model::{Body, Place, Problem, Record, Warning};

use super::http::{self, Media, Payload};
use super::source::{self, Fault, Stream, BOM};
use super::Item;

/// The longest WARC header line kept (URIs can be long; 64 KiB is far past any real one).
const MAX_LINE: usize = 64 * 1024;

/// The largest block held to be read (and its end checked); a larger one is skipped.
const MAX_BLOCK: u64 = 64 * 1024 * 1024;

/// Where the next record starts inside a block whose Content-Length ran past its end: the
/// first `WARC/1.` at the start of a line after a blank line.
fn next_record(block: &[u8]) -> Option<usize> {
    memchr::memmem::find_iter(block, b"WARC/1.").find(|&at| {
        let before = &block[..at];
        before.ends_with(b"\r\n\r\n") || before.ends_with(b"\n\n")
    })
}

/// The WARC headers a record is read by.
#[derive(Debug, Default)]
struct Header {
    kind: Option<String>,
    id: Option<String>,
    uri: Option<String>,
    content_type: Option<String>,
    length: Option<String>,
}

/// Why a record was not read, when that is worth a warning.
enum Fail {
    /// The stream failed: the rest of the file is lost.
    Stream(io::Error),
    /// This record is malformed: warn, then resynchronise.
    Malformed(String),
}

impl From<io::Error> for Fail {
    fn from(err: io::Error) -> Fail {
        Fail::Stream(err)
    }
}

/// Reads a WARC stream, one record at a time.
pub(super) struct WarcParser {
    reader: BufReader<Box<dyn Read + Send>>,
    fault: Fault,
    /// Decompressed bytes consumed so far.
    offset: u64,
    /// A version line found while resynchronising, with its offset: the next record's start.
    found: Option<(u64, Vec<u8>)>,
    line: Vec<u8>,
    done: bool,
}

impl WarcParser {
    pub fn new(stream: Stream) -> WarcParser {
        WarcParser {
            reader: stream.reader,
            fault: stream.fault,
            offset: 0,
            found: None,
            line: Vec::new(),
            done: false,
        }
    }

    /// Pushes the items of the next kept or malformed record onto `out`; false at the end.
    pub fn fill(&mut self, out: &mut VecDeque<Item>) -> bool {
        let before = out.len();
        while !self.done && out.len() == before {
            let start = match self.start() {
                Ok(Some(start)) => start,
                Ok(None) => {
                    self.done = true;
                    break;
                }
                Err(err) => {
                    self.fail(&err, out);
                    break;
                }
            };
            match self.record(start, out) {
                Ok(()) => {}
                Err(Fail::Stream(err)) => self.fail(&err, out),
                Err(Fail::Malformed(reason)) => {
                    out.push_back(Item::Warning(Warning {
                        place: self.fault.at(start),
                        problem: Problem::MalformedWarc,
                        reason: format!("malformed WARC record: {reason}"),
                    }));
                    if let Err(err) = self.resync() {
                        self.fail(&err, out);
                    }
                }
            }
        }
        out.len() > before
    }

    fn fail(&mut self, err: &io::Error, out: &mut VecDeque<Item>) {
        self.done = true;
        out.push_back(Item::Warning(self.fault.warning(err)));
    }

    /// Reads a line into `self.line`; says whether there was one (false at the end of the
    /// stream) and whether it was cut at [`MAX_LINE`].
    fn read_line(&mut self) -> io::Result<(bool, bool)> {
        let (n, cut) = source::read_line_capped(&mut self.reader, &mut self.line, MAX_LINE)?;
        self.offset += n;
        Ok((n > 0, cut))
    }

    /// Finds the next record's version line, skipping the blank lines between records, and
    /// leaves it in `self.line`; returns its offset, or `None` at the end of the stream.
    fn start(&mut self) -> io::Result<Option<u64>> {
        if let Some((start, line)) = self.found.take() {
            self.line = line;
            return Ok(Some(start));
        }
        loop {
            let start = self.offset;
            if !self.read_line()?.0 {
                return Ok(None);
            }
            if start == 0 && self.line.starts_with(BOM) {
                self.line.drain(..BOM.len());
            }
            if !source::trim_newline(&self.line)
                .iter()
                .all(u8::is_ascii_whitespace)
            {
                return Ok(Some(start));
            }
        }
    }

    /// Skips lines up to the next that starts with `WARC/1.`, kept in `self.found`.
    fn resync(&mut self) -> io::Result<()> {
        loop {
            let start = self.offset;
            if !self.read_line()?.0 {
                self.done = true;
                return Ok(());
            }
            if self.line.starts_with(b"WARC/1.") {
                self.found = Some((start, std::mem::take(&mut self.line)));
                return Ok(());
            }
        }
    }

    /// Reads the record whose version line is in `self.line`, pushing what it gives.
    fn record(&mut self, start: u64, out: &mut VecDeque<Item>) -> Result<(), Fail> {
        if !self.line.starts_with(b"WARC/1.") {
            let found = String::from_utf8_lossy(source::trim_newline(&self.line));
            let found: String = found.chars().take(40).collect();
            return Err(Fail::Malformed(format!(
                "expected a version line WARC/1.0 or WARC/1.1, found \"{found}\""
            )));
        }
        let header = self.header()?;
        let length = header
            .length
            .as_deref()
            .ok_or_else(|| Fail::Malformed("no Content-Length header".to_string()))?;
        let length: u64 = length
            .parse()
            .map_err(|_| Fail::Malformed(format!("Content-Length \"{length}\" is not a number")))?;
        let kind = header.kind.as_deref().unwrap_or("").to_ascii_lowercase();
        let kept = kind == "response" || kind == "resource";
        if length > MAX_BLOCK {
            // Too large to hold: streamed past (a page is never this large), its end unchecked.
            let skipped = io::copy(&mut (&mut self.reader).take(length), &mut io::sink())?;
            self.offset += skipped;
            if skipped < length {
                return Err(Fail::Malformed(format!(
                    "block ends after {skipped} of its {length} bytes (Content-Length)"
                )));
            }
            return Ok(());
        }
        let mut block = Vec::new();
        (&mut self.reader).take(length).read_to_end(&mut block)?;
        self.offset += block.len() as u64;
        let whole = block.len() as u64 == length && self.ends_well()?;
        if !whole {
            // The Content-Length is wrong: a next record inside the block is read from its
            // version line on, so a record is never swallowed by the one before it.
            let cut = next_record(&block);
            let reason = match block.len() as u64 == length {
                true => format!(
                    "Content-Length {length} runs past the record's end (no blank line after it)"
                ),
                false => format!(
                    "block ends after {} of its {length} bytes (Content-Length)",
                    block.len()
                ),
            };
            if let Some(at) = cut {
                self.unread(block.split_off(at));
            }
            return Err(Fail::Malformed(reason));
        }
        let payload = match kept {
            true => http::payload(&mut &block[..], header.content_type(), kind == "response")?,
            false => Payload::Skip,
        };
        self.emit(start, header, payload, out);
        Ok(())
    }

    /// Whether the block just read is followed by its blank line (or the end of the stream),
    /// as the WARC format has it; the line read is put back when it is not blank.
    fn ends_well(&mut self) -> io::Result<bool> {
        let (n, _) = source::read_line_capped(&mut self.reader, &mut self.line, MAX_LINE)?;
        if n == 0 || self.line.iter().all(u8::is_ascii_whitespace) {
            self.offset += n;
            return Ok(true);
        }
        let line = std::mem::take(&mut self.line);
        // The next record right after the block, without the blank line: a writer's slip.
        let next = line.starts_with(b"WARC/1.");
        self.offset += n;
        self.unread(line);
        Ok(next)
    }

    /// Puts `bytes` back in front of the stream, to be read again.
    fn unread(&mut self, bytes: Vec<u8>) {
        self.offset -= bytes.len() as u64;
        let rest = std::mem::replace(&mut self.reader, BufReader::new(Box::new(io::empty())));
        let again: Box<dyn Read + Send> = Box::new(io::Cursor::new(bytes).chain(rest));
        self.reader = BufReader::new(again);
    }

    /// Reads header lines up to the blank line.
    fn header(&mut self) -> Result<Header, Fail> {
        let mut header = Header::default();
        let mut last: Option<String> = None;
        loop {
            let (more, cut) = self.read_line()?;
            if !more {
                return Err(Fail::Malformed("stream ends inside the header".to_string()));
            }
            if cut {
                return Err(Fail::Malformed("header line over 64 KiB".to_string()));
            }
            let line = source::trim_newline(&self.line);
            if line.is_empty() {
                return Ok(header);
            }
            if line.starts_with(b" ") || line.starts_with(b"\t") {
                // A folded continuation of the previous header's value.
                let more = String::from_utf8_lossy(line).trim().to_string();
                let slot = last.as_deref().and_then(|name| header.slot(name));
                if let Some(Some(value)) = slot {
                    value.push(' ');
                    value.push_str(&more);
                }
                continue;
            }
            let Some((name, value)) = http::split_header(line) else {
                let text = String::from_utf8_lossy(line);
                let text: String = text.chars().take(40).collect();
                return Err(Fail::Malformed(format!(
                    "header line without ':': \"{text}\""
                )));
            };
            if let Some(slot) = header.slot(&name) {
                *slot = Some(value);
            }
            last = Some(name);
        }
    }

    /// Pushes the record of a kept payload (after a repair warning, if any), or the warning
    /// of a payload that could not be decoded.
    fn emit(&self, start: u64, header: Header, payload: Payload, out: &mut VecDeque<Item>) {
        let (media, bytes, latin1) = match payload {
            Payload::Skip => return,
            Payload::Problem(problem, reason) => {
                out.push_back(Item::Warning(Warning {
                    place: self.fault.at(start),
                    problem,
                    reason,
                }));
                return;
            }
            Payload::Keep {
                media,
                bytes,
                latin1,
            } => (media, bytes, latin1),
        };
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return;
        }
        let (text, repaired) = match std::str::from_utf8(&bytes) {
            Err(_) if latin1 => (http::decode_windows_1252(&bytes), 0),
            _ => source::decode_utf8(bytes),
        };
        let origin = self.fault.origin(Place::Offset(start));
        if repaired > 0 {
            out.push_back(Item::Warning(source::repaired_warning(
                origin.to_string(),
                repaired,
            )));
        }
        let named = header.id.is_some();
        let id = header
            .id
            .map(|id| unbracket(&id))
            .unwrap_or_else(|| origin.to_string());
        out.push_back(Item::Record(Record {
            id,
            named,
            origin,
            body: match media {
                Media::Html => Body::Html(text),
                Media::Text => Body::Text(text),
            },
            title: None,
            url: header.uri.map(|uri| unbracket(&uri)),
            published: None,
            site: None,
            repaired,
            raw: None,
        }));
    }
}

impl Header {
    /// Where a header of this name is kept, if it is one the reader needs.
    fn slot(&mut self, name: &str) -> Option<&mut Option<String>> {
        let name = name.to_ascii_lowercase();
        match name.as_str() {
            "warc-type" => Some(&mut self.kind),
            "warc-record-id" => Some(&mut self.id),
            "warc-target-uri" => Some(&mut self.uri),
            "content-type" => Some(&mut self.content_type),
            "content-length" => Some(&mut self.length),
            _ => None,
        }
    }
}

impl Header {
    fn content_type(&self) -> &str {
        self.content_type.as_deref().unwrap_or("")
    }
}

/// `<urn:uuid:...>` without its angle brackets.
fn unbracket(value: &str) -> String {
    let value = value.trim();
    value
        .strip_prefix('<')
        .and_then(|v| v.strip_suffix('>'))
        .unwrap_or(value)
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::super::tests::{arg, gzip, read_all};
    use super::*;
    use proptest::prelude::*;
    use std::fs;

    /// One WARC record with CRLF line ends.
    fn record(kind: &str, id: &str, extra: &str, block: &[u8]) -> Vec<u8> {
        let mut out = format!(
            "WARC/1.1\r\nWARC-Type: {kind}\r\nWARC-Record-ID: <urn:uuid:{id}>\r\n\
             WARC-Date: 2024-05-01T00:00:00Z\r\n{extra}Content-Length: {}\r\n\r\n",
            block.len()
        )
        .into_bytes();
        out.extend_from_slice(block);
        out.extend_from_slice(b"\r\n\r\n");
        out
    }

    fn response(id: &str, uri: &str, http: &[u8]) -> Vec<u8> {
        let extra = format!(
            "WARC-Target-URI: {uri}\r\nContent-Type: application/http; msgtype=response\r\n"
        );
        record("response", id, &extra, http)
    }

    fn page(n: u32) -> Vec<u8> {
        format!(
            "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n\
             <html><body><p>Page {n}.</p></body></html>"
        )
        .into_bytes()
    }

    fn sample() -> Vec<Vec<u8>> {
        let chunked =
            b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\n\r\n\
                        6\r\n<html>\r\n11\r\n<p>Chunked.</p>  \r\n7\r\n</html>\r\n0\r\n\r\n";
        let png =
            b"HTTP/1.1 200 OK\r\nContent-Type: image/png\r\n\r\n\x89PNG\r\n\x1a\n\0\0\0\rIHDR";
        let missing = b"HTTP/1.1 404 Not Found\r\nContent-Type: text/html\r\n\r\n<p>Not found</p>";
        let mut zipped =
            b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: gzip\r\n\r\n"
                .to_vec();
        zipped.extend(gzip(b"<p>Zipped.</p>"));
        vec![
            record(
                "warcinfo",
                "info",
                "Content-Type: application/warc-fields\r\n",
                b"software: test\r\n",
            ),
            record(
                "request",
                "req",
                "WARC-Target-URI: https://a.example/1\r\n",
                b"GET /1 HTTP/1.1\r\nHost: a.example\r\n\r\n",
            ),
            response("r1", "https://a.example/1", &page(1)),
            response("r2", "<https://a.example/2>", chunked),
            record(
                "resource",
                "t1",
                "WARC-Target-URI: file:///notes.txt\r\nContent-Type: text/plain\r\n",
                b"Plain resource.",
            ),
            response("img", "https://a.example/logo.png", png),
            response("gone", "https://a.example/gone", missing),
            response("zip", "https://a.example/zip", &zipped),
            record("metadata", "meta", "", b"via: x\r\n"),
        ]
    }

    /// A response whose Content-Length says `more` bytes past its real end.
    fn overlong(id: &str, more: usize) -> Vec<u8> {
        let good = response(id, "https://a.example/long", &page(7));
        let text = String::from_utf8(good).unwrap();
        let (head, rest) = text.split_once("Content-Length: ").unwrap();
        let (n, tail) = rest.split_once("\r\n").unwrap();
        let n: usize = n.parse().unwrap();
        format!("{head}Content-Length: {}\r\n{tail}", n + more).into_bytes()
    }

    #[test]
    fn a_content_length_past_the_end_does_not_swallow_the_next_record() {
        let dir = tempfile::tempdir().expect("tempdir");
        for (name, gzipped) in [("a.warc", false), ("a.warc.gz", true)] {
            let path = dir.path().join(name);
            let parts = [
                response("r1", "https://a.example/1", &page(1)),
                overlong("bad", 60),
                response("r2", "https://a.example/2", &page(2)),
                response("r3", "https://a.example/3", &page(3)),
            ];
            let data: Vec<u8> = match gzipped {
                true => parts.iter().flat_map(|r| gzip(r)).collect(),
                false => parts.concat(),
            };
            fs::write(&path, data).expect("write");
            let (records, warnings) = read_all(&[arg(&path)]);
            let ids: Vec<&str> = records.iter().map(|r| r.id.as_str()).collect();
            assert_eq!(
                ids,
                vec!["urn:uuid:r1", "urn:uuid:r2", "urn:uuid:r3"],
                "{name}"
            );
            assert_eq!(warnings.len(), 1, "{warnings:?}");
            assert_eq!(warnings[0].problem, Problem::MalformedWarc);
            assert!(
                warnings[0].reason.contains("runs past"),
                "{}",
                warnings[0].reason
            );
        }
    }

    #[test]
    fn the_last_record_with_a_long_content_length_keeps_the_one_it_ran_into() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("b.warc");
        let mut data = overlong("bad", 5_000);
        data.extend(response("r2", "https://a.example/2", &page(2)));
        fs::write(&path, data).expect("write");
        let (records, warnings) = read_all(&[arg(&path)]);
        let ids: Vec<&str> = records.iter().map(|r| r.id.as_str()).collect();
        assert_eq!(ids, vec!["urn:uuid:r2"]);
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert!(
            warnings[0].reason.contains("block ends after"),
            "{}",
            warnings[0].reason
        );
    }

    #[test]
    fn keeps_html_and_text_of_a_gzipped_warc() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("crawl.warc.gz");
        let data: Vec<u8> = sample().iter().flat_map(|r| gzip(r)).collect();
        fs::write(&path, data).expect("write");
        let (records, warnings) = read_all(&[arg(&path)]);
        assert!(warnings.is_empty(), "{warnings:?}");
        let ids: Vec<&str> = records.iter().map(|r| r.id.as_str()).collect();
        assert_eq!(
            ids,
            vec!["urn:uuid:r1", "urn:uuid:r2", "urn:uuid:t1", "urn:uuid:zip"]
        );
        assert_eq!(records[0].url.as_deref(), Some("https://a.example/1"));
        assert_eq!(
            records[0].body,
            Body::Html("<html><body><p>Page 1.</p></body></html>".into())
        );
        assert_eq!(records[1].url.as_deref(), Some("https://a.example/2"));
        assert_eq!(
            records[1].body,
            Body::Html("<html><p>Chunked.</p>  </html>".into())
        );
        assert_eq!(records[2].body, Body::Text("Plain resource.".into()));
        assert_eq!(records[3].body, Body::Html("<p>Zipped.</p>".into()));
        assert!(records.iter().all(|r| r.published.is_none()));
        assert_eq!(
            records[0].origin.place,
            Place::Offset(sample()[..2].iter().map(Vec::len).sum::<usize>() as u64)
        );
    }

    #[test]
    fn malformed_record_between_good_ones() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("bad.warc");
        let first = response("a", "https://a.example/a", &page(1));
        let bad = b"WARC/1.0\r\nWARC-Type: response\r\nthis line has no colon\r\nContent-Length: 5\r\n\r\nhello\r\n\r\n";
        let last = response("b", "https://a.example/b", &page(2));
        let data = [first.clone(), bad.to_vec(), last].concat();
        fs::write(&path, data).expect("write");
        let (records, warnings) = read_all(&[arg(&path)]);
        let ids: Vec<&str> = records.iter().map(|r| r.id.as_str()).collect();
        assert_eq!(ids, vec!["urn:uuid:a", "urn:uuid:b"]);
        assert_eq!(warnings.len(), 1);
        assert_eq!(warnings[0].problem, Problem::MalformedWarc);
        assert_eq!(
            warnings[0].place,
            format!("{}:@{}", arg(&path), first.len())
        );
        assert!(
            warnings[0].reason.contains("without ':'"),
            "{}",
            warnings[0].reason
        );
    }

    #[test]
    fn malformed_lengths_and_version_lines() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("bad.warc");
        let good = |n| response(&format!("g{n}"), "https://a.example/", &page(n));
        let data = [
            b"WARC/1.0\nWARC-Type: resource\nContent-Type: text/plain\n\nno length\n\n".to_vec(),
            good(1),
            b"WARC/1.0\r\nContent-Length: many\r\n\r\n".to_vec(),
            good(2),
            b"garbage line\r\n".to_vec(),
            good(3),
            b"WARC/1.0\r\nWARC-Type: resource\r\nContent-Type: text/plain\r\nContent-Length: 500\r\n\r\nshort".to_vec(),
        ]
        .concat();
        fs::write(&path, data).expect("write");
        let (records, warnings) = read_all(&[arg(&path)]);
        let ids: Vec<&str> = records.iter().map(|r| r.id.as_str()).collect();
        assert_eq!(ids, vec!["urn:uuid:g1", "urn:uuid:g2", "urn:uuid:g3"]);
        let reasons: Vec<&str> = warnings.iter().map(|w| w.reason.as_str()).collect();
        assert_eq!(warnings.len(), 4, "{reasons:?}");
        assert!(warnings.iter().all(|w| w.problem == Problem::MalformedWarc));
        assert!(reasons[0].contains("no Content-Length"));
        assert!(reasons[1].contains("\"many\" is not a number"));
        assert!(reasons[2].contains("found \"garbage line\""));
        assert!(reasons[3].contains("block ends after 5 of its 500 bytes"));
        assert_eq!(warnings[0].place, format!("{}:@0", arg(&path)));
    }

    #[test]
    fn lf_line_ends_and_latin1_pages() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("lf.warc");
        let http =
            b"HTTP/1.0 200 OK\nContent-Type: text/html; charset=ISO-8859-1\n\n<p>Caf\xe9</p>";
        let mut data = format!(
            "WARC/1.0\nWARC-Type: response\nWARC-Record-ID: <urn:uuid:lf>\nContent-Length: {}\n\n",
            http.len()
        )
        .into_bytes();
        data.extend_from_slice(http);
        data.extend_from_slice(b"\n\n");
        fs::write(&path, data).expect("write");
        let (records, warnings) = read_all(&[arg(&path)]);
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!(records.len(), 1);
        assert_eq!(records[0].body, Body::Html("<p>Café</p>".into()));
        assert_eq!(records[0].repaired, 0);
    }

    #[test]
    fn invalid_utf8_and_corrupt_encodings_warn_at_the_record() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("enc.warc");
        let mut zipped =
            b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: gzip\r\n\r\n"
                .to_vec();
        let full = gzip(b"<p>Zipped page that is long enough to cut.</p>");
        zipped.extend_from_slice(&full[..full.len() - 10]);
        let first = response("z", "https://a.example/z", &zipped);
        let broken = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<p>bad \xff byte</p>";
        let data = [first.clone(), response("u", "https://a.example/u", broken)].concat();
        fs::write(&path, data).expect("write");
        let (records, warnings) = read_all(&[arg(&path)]);
        assert_eq!(records.len(), 1);
        assert_eq!(records[0].repaired, 1);
        assert_eq!(warnings.len(), 2, "{warnings:?}");
        assert_eq!(warnings[0].problem, Problem::Truncated);
        assert_eq!(warnings[0].place, format!("{}:@0", arg(&path)));
        assert_eq!(warnings[1].problem, Problem::InvalidUtf8);
        assert_eq!(
            warnings[1].place,
            format!("{}:@{}", arg(&path), first.len())
        );
    }

    #[test]
    fn truncated_warc_gz_keeps_earlier_records() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("cut.warc.gz");
        let records: Vec<Vec<u8>> = (0..20)
            .map(|n| response(&format!("p{n}"), "https://a.example/", &page(n)))
            .collect();
        let mut data: Vec<u8> = records.iter().flat_map(|r| gzip(r)).collect();
        data.truncate(data.len() - 30);
        fs::write(&path, data).expect("write");
        let (records, warnings) = read_all(&[arg(&path)]);
        assert_eq!(records.len(), 19);
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert_eq!(warnings[0].problem, Problem::Truncated);
    }

    proptest! {
        #[test]
        fn garbage_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..600), warc in any::<bool>()) {
            let dir = tempfile::tempdir().expect("tempdir");
            let mut data = if warc { b"WARC/1.0\r\n".to_vec() } else { Vec::new() };
            data.extend(&bytes);
            for name in ["g.warc", "g.jsonl", "g.json", "g.txt", "g", "g.gz", "g.zst"] {
                fs::write(dir.path().join(name), &data).expect("write");
            }
            let (records, warnings) = read_all(&[arg(dir.path())]);
            prop_assert!(records.len() + warnings.len() < 10_000);
        }

        #[test]
        fn any_cut_of_a_warc_keeps_the_whole_records(cut in 0usize..2000) {
            let dir = tempfile::tempdir().expect("tempdir");
            let path = dir.path().join("cut.warc");
            let all: Vec<Vec<u8>> = (0..6).map(|n| response(&format!("p{n}"), "https://a.example/", &page(n))).collect();
            let data = all.concat();
            let cut = cut.min(data.len());
            fs::write(&path, &data[..cut]).expect("write");
            let (records, _) = read_all(&[arg(&path)]);
            // A record is whole once its block is, before the two newlines that close it.
            let mut start = 0;
            let whole = all
                .iter()
                .take_while(|r| {
                    let block_end = start + r.len() - 4;
                    start += r.len();
                    block_end <= cut
                })
                .count();
            prop_assert_eq!(records.len(), whole);
        }
    }
}
