//! Decodes the block of a WARC record into a page: HTTP status, headers, chunking, compression.
//!
//! Crawlers store what the server sent, so a payload may still be chunked or gzipped, and is
//! in whatever character set the server chose. Only what the read stage needs is parsed: the
//! status (non-2xx pages are not articles), the media type (only HTML and plain text are), the
//! two encodings to undo, and the charset to tell Latin-1 pages from broken UTF-8.

use std::io::{self, BufRead, Read};

use crate::model::Problem;

use super::source::{self, BOM, MAX_DOCUMENT};

/// The longest HTTP status or header line kept; longer ones are cut (cookies can be long, the headers
/// this reads are short).
const MAX_HEADER_LINE: usize = 64 * 1024;

/// What an HTTP response's head says about its body.
#[derive(Debug, Default, PartialEq, Eq)]
pub(super) struct HttpHead {
    /// The status code (0 when the status line does not parse).
    pub status: u16,
    /// The `Content-Type` header, if any.
    pub content_type: Option<String>,
    /// True when `Transfer-Encoding` lists `chunked`.
    pub chunked: bool,
    /// The `Content-Encoding` header, lowercase, if any.
    pub encoding: Option<String>,
}

/// Reads the header lines that follow an HTTP status line, up to the blank line.
///
/// `status_line` is the first line of the block, already read. Returns the bytes consumed
/// and the head; a head cut by the end of the block just ends there.
pub(super) fn read_head(
    status_line: &[u8],
    reader: &mut impl BufRead,
) -> io::Result<(u64, HttpHead)> {
    let mut head = HttpHead {
        status: parse_status(status_line),
        ..HttpHead::default()
    };
    let mut consumed = 0;
    let mut line = Vec::new();
    loop {
        let (n, _) = source::read_line_capped(reader, &mut line, MAX_HEADER_LINE)?;
        consumed += n;
        let text = source::trim_newline(&line);
        if n == 0 || text.is_empty() {
            return Ok((consumed, head));
        }
        let Some((name, value)) = split_header(text) else {
            continue;
        };
        if name.eq_ignore_ascii_case("content-type") {
            head.content_type = Some(value);
        } else if name.eq_ignore_ascii_case("transfer-encoding") {
            head.chunked = value.to_ascii_lowercase().contains("chunked");
        } else if name.eq_ignore_ascii_case("content-encoding") {
            head.encoding = Some(value.to_ascii_lowercase());
        }
    }
}

/// `HTTP/1.1 200 OK` gives 200; anything unparsable gives 0.
fn parse_status(line: &[u8]) -> u16 {
    String::from_utf8_lossy(line)
        .split_ascii_whitespace()
        .nth(1)
        .and_then(|code| code.parse().ok())
        .unwrap_or(0)
}

/// Splits `Name: value` into its trimmed parts; `None` without a colon.
pub(super) fn split_header(line: &[u8]) -> Option<(String, String)> {
    let colon = memchr::memchr(b':', line)?;
    let name = String::from_utf8_lossy(&line[..colon]).trim().to_string();
    let value = String::from_utf8_lossy(&line[colon + 1..])
        .trim()
        .to_string();
    Some((name, value))
}

/// The two kinds of payload the reader keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Media {
    /// `text/html`, `application/xhtml+xml`.
    Html,
    /// `text/plain`.
    Text,
}

/// The kind of a `Content-Type` value, or `None` for anything that is not an article (images,
/// PDF, CSS, scripts, `application/http`).
pub(super) fn media(content_type: &str) -> Option<Media> {
    let essence = content_type.split(';').next().unwrap_or("").trim();
    if essence.eq_ignore_ascii_case("text/html")
        || essence.eq_ignore_ascii_case("application/xhtml+xml")
    {
        Some(Media::Html)
    } else if essence.eq_ignore_ascii_case("text/plain") {
        Some(Media::Text)
    } else {
        None
    }
}

/// True when a `Content-Type` names a single-byte Western charset, whose pages decode
/// byte for byte as Windows-1252 (browsers treat ISO-8859-1 and ASCII labels that way too).
pub(super) fn is_latin1(content_type: &str) -> bool {
    content_type.split(';').skip(1).any(|param| {
        let Some((name, value)) = param.split_once('=') else {
            return false;
        };
        let value = value.trim().trim_matches('"').to_ascii_lowercase();
        name.trim().eq_ignore_ascii_case("charset")
            && matches!(
                value.as_str(),
                "iso-8859-1"
                    | "iso8859-1"
                    | "latin1"
                    | "latin-1"
                    | "windows-1252"
                    | "cp1252"
                    | "us-ascii"
            )
    })
}

/// Undoes `Transfer-Encoding: chunked`. A body that does not start with a chunk size is
/// returned as it is (some tools de-chunk the payload but keep the header); a body cut short
/// keeps the chunks it has.
pub(super) fn dechunk(body: Vec<u8>) -> Vec<u8> {
    let mut out = Vec::with_capacity(body.len());
    let mut rest = &body[..];
    let mut first = true;
    loop {
        let Some(end) = memchr::memchr(b'\n', rest) else {
            if first {
                return body;
            }
            break;
        };
        let size_line = String::from_utf8_lossy(source::trim_newline(&rest[..=end])).into_owned();
        let hex = size_line.split(';').next().unwrap_or("").trim();
        let Ok(size) = usize::from_str_radix(hex, 16) else {
            if first {
                return body;
            }
            break;
        };
        first = false;
        rest = &rest[end + 1..];
        if size == 0 {
            break;
        }
        let take = size.min(rest.len());
        out.extend_from_slice(&rest[..take]);
        rest = &rest[take..];
        // The CRLF after the chunk's data.
        rest = rest.strip_prefix(b"\r").unwrap_or(rest);
        rest = rest.strip_prefix(b"\n").unwrap_or(rest);
    }
    out
}

/// Undoes a `Content-Encoding`. Returns the decoded body, or what went wrong.
///
/// A gzip body without gzip's magic bytes is taken as already decoded (crawlers that
/// decompress payloads do not always drop the header). Unknown encodings are an error.
pub(super) fn decode(body: Vec<u8>, encoding: &str) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    let limited = |result: io::Result<u64>, out: &Vec<u8>| match result {
        Ok(_) if out.len() as u64 > MAX_DOCUMENT => Err("decoded body over 64 MiB".to_string()),
        Ok(_) => Ok(()),
        Err(err) => Err(err.to_string()),
    };
    match encoding.trim() {
        "" | "identity" | "none" => return Ok(body),
        "gzip" | "x-gzip" if !body.starts_with(&[0x1f, 0x8b]) => return Ok(body),
        "gzip" | "x-gzip" => {
            let decoder = flate2::read::MultiGzDecoder::new(&body[..]);
            let result = io::copy(&mut decoder.take(MAX_DOCUMENT + 1), &mut out);
            limited(result, &out).map_err(|err| format!("gzip body is corrupt: {err}"))?;
        }
        "deflate" => {
            // HTTP's deflate is zlib-wrapped, but many servers send raw deflate.
            let decoder = flate2::read::ZlibDecoder::new(&body[..]);
            let result = io::copy(&mut decoder.take(MAX_DOCUMENT + 1), &mut out);
            if limited(result, &out).is_err() {
                out.clear();
                let decoder = flate2::read::DeflateDecoder::new(&body[..]);
                let result = io::copy(&mut decoder.take(MAX_DOCUMENT + 1), &mut out);
                limited(result, &out).map_err(|err| format!("deflate body is corrupt: {err}"))?;
            }
        }
        "zstd" => {
            let decoder = zstd::stream::read::Decoder::new(&body[..])
                .map_err(|err| format!("zstd body is corrupt: {err}"))?;
            let result = io::copy(&mut decoder.take(MAX_DOCUMENT + 1), &mut out);
            limited(result, &out).map_err(|err| format!("zstd body is corrupt: {err}"))?;
        }
        other => return Err(format!("Content-Encoding {other} is not supported")),
    }
    Ok(out)
}

/// Decodes Windows-1252 bytes (a superset of ISO-8859-1's printable range).
pub(super) fn decode_windows_1252(bytes: &[u8]) -> String {
    /// Code points of 0x80..=0x9F; the five bytes Windows-1252 leaves undefined map to the
    /// C1 control of the same value, as the WHATWG Encoding Standard does.
    const HIGH: [char; 32] = [
        '\u{20AC}', '\u{81}', '\u{201A}', '\u{192}', '\u{201E}', '\u{2026}', '\u{2020}',
        '\u{2021}', '\u{2C6}', '\u{2030}', '\u{160}', '\u{2039}', '\u{152}', '\u{8D}', '\u{17D}',
        '\u{8F}', '\u{90}', '\u{2018}', '\u{2019}', '\u{201C}', '\u{201D}', '\u{2022}', '\u{2013}',
        '\u{2014}', '\u{2DC}', '\u{2122}', '\u{161}', '\u{203A}', '\u{153}', '\u{9D}', '\u{17E}',
        '\u{178}',
    ];
    bytes
        .iter()
        .map(|&b| match b {
            0x80..=0x9F => HIGH[usize::from(b - 0x80)],
            _ => char::from(b),
        })
        .collect()
}

/// What a record's block holds, as far as the reader is concerned.
pub(super) enum Payload {
    /// Nothing to keep: another record type, another media type, an error page.
    Skip,
    /// A page that could not be decoded: warn and skip.
    Problem(Problem, String),
    /// A page to keep.
    Keep {
        media: Media,
        bytes: Vec<u8>,
        /// True when the server declared a Western single-byte charset.
        latin1: bool,
    },
}

/// Reads the payload of a response or resource record from its block: after an HTTP head
/// when a response has one, else the whole block, typed by the record's WARC Content-Type.
pub(super) fn payload(
    block: &mut impl BufRead,
    warc_content_type: &str,
    response: bool,
) -> io::Result<Payload> {
    let mut first = Vec::new();
    if response {
        source::read_line_capped(block, &mut first, MAX_HEADER_LINE)?;
        if first.starts_with(b"HTTP/") {
            let (_, head) = read_head(&first, block)?;
            return http_payload(block, warc_content_type, head);
        }
    }
    let Some(media) = media(warc_content_type) else {
        return Ok(Payload::Skip);
    };
    let Some(mut bytes) = read_body(block, first)? else {
        return Ok(too_big());
    };
    if bytes.starts_with(BOM) {
        bytes.drain(..BOM.len());
    }
    Ok(Payload::Keep {
        media,
        bytes,
        latin1: is_latin1(warc_content_type),
    })
}

/// The payload of an HTTP response, once its head is read.
fn http_payload(
    block: &mut impl BufRead,
    warc_content_type: &str,
    head: HttpHead,
) -> io::Result<Payload> {
    if !(200..300).contains(&head.status) {
        return Ok(Payload::Skip);
    }
    let content_type = head.content_type.as_deref().unwrap_or(warc_content_type);
    let Some(media) = media(content_type) else {
        return Ok(Payload::Skip);
    };
    let Some(mut bytes) = read_body(block, Vec::new())? else {
        return Ok(too_big());
    };
    if head.chunked {
        bytes = dechunk(bytes);
    }
    if let Some(encoding) = &head.encoding {
        bytes = match decode(bytes, encoding) {
            Ok(bytes) => bytes,
            Err(reason) => return Ok(Payload::Problem(Problem::Truncated, reason)),
        };
    }
    if bytes.starts_with(BOM) {
        bytes.drain(..BOM.len());
    }
    Ok(Payload::Keep {
        media,
        bytes,
        latin1: is_latin1(content_type),
    })
}

/// Reads the rest of a block after `start`, or `None` when it is over 64 MiB.
fn read_body(block: &mut impl BufRead, start: Vec<u8>) -> io::Result<Option<Vec<u8>>> {
    let mut bytes = start;
    block.take(MAX_DOCUMENT + 1).read_to_end(&mut bytes)?;
    Ok((bytes.len() as u64 <= MAX_DOCUMENT).then_some(bytes))
}

fn too_big() -> Payload {
    Payload::Problem(Problem::Unreadable, "page over 64 MiB, skipped".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{Cursor, Write};

    #[test]
    fn head_fields() {
        let mut rest = Cursor::new(
            b"Content-Type: text/html; charset=utf-8\r\nTransfer-Encoding: Chunked\r\n\
              Content-Encoding: GZIP\r\nX: y\r\n\r\nbody"
                .to_vec(),
        );
        let (consumed, head) = read_head(b"HTTP/1.1 200 OK\r\n", &mut rest).expect("read");
        assert_eq!(head.status, 200);
        assert_eq!(
            head.content_type.as_deref(),
            Some("text/html; charset=utf-8")
        );
        assert!(head.chunked);
        assert_eq!(head.encoding.as_deref(), Some("gzip"));
        assert_eq!(consumed, rest.position());
        assert_eq!(parse_status(b"HTTP/2 404"), 404);
        assert_eq!(parse_status(b"HTTP/1.1"), 0);
    }

    #[test]
    fn media_types() {
        assert_eq!(media("text/html; charset=UTF-8"), Some(Media::Html));
        assert_eq!(media("application/xhtml+xml"), Some(Media::Html));
        assert_eq!(media("TEXT/PLAIN"), Some(Media::Text));
        assert_eq!(media("image/png"), None);
        assert_eq!(media("application/http; msgtype=response"), None);
        assert!(is_latin1("text/html; charset=\"ISO-8859-1\""));
        assert!(!is_latin1("text/html; charset=utf-8"));
    }

    #[test]
    fn chunks() {
        assert_eq!(
            dechunk(b"5\r\nhello\r\n7;x=1\r\n, world\r\n0\r\n\r\n".to_vec()),
            b"hello, world"
        );
        assert_eq!(
            dechunk(b"<html>not chunked</html>".to_vec()),
            b"<html>not chunked</html>"
        );
        assert_eq!(dechunk(b"5\r\nhel".to_vec()), b"hel");
    }

    #[test]
    fn encodings() {
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        encoder.write_all(b"zipped").expect("gzip");
        let zipped = encoder.finish().expect("gzip");
        assert_eq!(decode(zipped.clone(), "gzip"), Ok(b"zipped".to_vec()));
        assert_eq!(decode(b"plain".to_vec(), "gzip"), Ok(b"plain".to_vec()));
        let mut encoder =
            flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::default());
        encoder.write_all(b"raw deflate").expect("deflate");
        assert_eq!(
            decode(encoder.finish().expect("deflate"), "deflate"),
            Ok(b"raw deflate".to_vec())
        );
        let cut = zipped[..zipped.len() - 6].to_vec();
        assert!(decode(cut, "gzip").is_err());
        assert!(decode(b"x".to_vec(), "br").is_err());
    }

    #[test]
    fn windows_1252() {
        assert_eq!(
            decode_windows_1252(b"caf\xe9 \x93hi\x94 \x80"),
            "café \u{201c}hi\u{201d} €"
        );
    }
}
