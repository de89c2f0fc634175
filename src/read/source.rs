//! Opens one input file: decompression, format detection, byte counting and read failures.
//!
//! A file is wrapped in layers: a counter of on-disk bytes (for the progress bar), a gzip or
//! zstd decoder chosen by magic bytes or extension, a counter of decompressed bytes (for the
//! offset of a truncation), and a large buffer. The first 8 KiB of decompressed content are
//! read up front to tell the format when the extension does not, and to refuse binary files;
//! they are then chained back in front of the stream, so nothing is read twice.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Cursor, Read};
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;

use crate::model::{Origin, Place, Problem, Warning};

use super::walk::FileEntry;

/// The buffer between the decoder and the parsers: large, because a parser reads lines and
/// records a few bytes at a time and every refill is a call into the decoder.
const BUFFER: usize = 256 * 1024;

/// The buffer between the file and the decoder.
const DISK_BUFFER: usize = 64 * 1024;

/// How much decompressed content is looked at to tell the format and to spot binary files
/// (the same window `file(1)` and git use to call a file binary).
pub(super) const SNIFF: usize = 8 * 1024;

/// The largest one-document file or WARC payload read into memory. News pages are well under
/// 5 MiB; anything bigger is a dump or a media file.
pub(super) const MAX_DOCUMENT: u64 = 64 * 1024 * 1024;

/// The UTF-8 byte order mark some editors put at the start of a file.
pub(super) const BOM: &[u8] = b"\xEF\xBB\xBF";

/// How a file's content is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Format {
    /// One JSON object a line.
    Jsonl,
    /// A `.json` file holding one array of objects.
    JsonArray,
    /// One plain-text or Markdown document.
    Text,
    /// One HTML document.
    Html,
    /// WARC records.
    Warc,
    /// Parquet (read from its path by `parquet.rs`, not as a stream).
    Parquet,
    /// Not text: skipped with a warning.
    Binary,
}

/// Whether a file's name says Parquet (`.parquet`, `.pq`, `.parq`).
pub fn is_parquet(shown: &str) -> bool {
    matches!(split_extension(shown).1.as_str(), "parquet" | "pq" | "parq")
}

/// How a file's bytes are compressed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Compression {
    None,
    Gzip,
    Zstd,
}

/// An opened file, ready to parse, or the warning that replaces it.
pub(super) enum Opened {
    /// A decompressed stream and its format.
    Stream(Stream),
    /// The file cannot be read as a document (empty, unreadable, corrupt from the start).
    Skipped(Warning),
}

/// A decompressed file being read.
pub(super) struct Stream {
    /// The decompressed content, starting at its first byte.
    pub reader: BufReader<Box<dyn Read + Send>>,
    /// What the content is.
    pub format: Format,
    /// How to describe a failure of this stream.
    pub fault: Fault,
}

/// What a stream knows to explain a failure: its path, its compression, how far it got and
/// whether the disk (rather than the decoder) failed.
pub(super) struct Fault {
    /// The path as shown in origins.
    pub shown: String,
    compression: Compression,
    delivered: Arc<AtomicU64>,
    disk_failed: Arc<AtomicBool>,
}

impl Fault {
    /// The warning for a read error from the stream: a truncated or corrupt compressed stream,
    /// or an I/O error reading the file.
    pub fn warning(&self, err: &io::Error) -> Warning {
        let name = match self.compression {
            Compression::Gzip => "gzip",
            Compression::Zstd => "zstd",
            Compression::None => "",
        };
        if name.is_empty() || self.disk_failed.load(Ordering::Relaxed) {
            return Warning {
                place: self.shown.clone(),
                problem: Problem::Unreadable,
                reason: format!("cannot read: {err}"),
            };
        }
        Warning {
            place: self.at(self.delivered.load(Ordering::Relaxed)),
            problem: Problem::Truncated,
            reason: format!(
                "{name} stream ends early or is corrupt ({err}); records before this point are \
                 kept, the rest of the file is lost"
            ),
        }
    }

    /// The warning for a file that is not text.
    pub fn binary(&self) -> Warning {
        Warning {
            place: self.shown.clone(),
            problem: Problem::Binary,
            reason: "binary file, not text".to_string(),
        }
    }

    /// The place `FILE:@OFFSET`.
    pub fn at(&self, offset: u64) -> String {
        self.origin(Place::Offset(offset)).to_string()
    }

    /// An origin in this file.
    pub fn origin(&self, place: Place) -> Origin {
        Origin {
            path: self.shown.clone(),
            place,
        }
    }
}

/// Opens `file`, decompresses it, and tells its format.
///
/// Bytes read from disk are added to `progress`; when the stream is dropped, the part of the
/// file that was never read is added too, so that the progress of a finished file is its size.
pub(super) fn open(file: &FileEntry, progress: &Arc<AtomicU64>) -> Opened {
    let skip = |problem, reason: String| {
        progress.fetch_add(file.size, Ordering::Relaxed);
        Opened::Skipped(Warning {
            place: file.shown.clone(),
            problem,
            reason,
        })
    };
    let disk: Box<dyn Read + Send> = match &file.path {
        None => Box::new(io::stdin()),
        Some(_) if file.size == 0 && is_regular(file) => {
            return skip(Problem::Empty, "empty file".to_string())
        }
        Some(path) => match File::open(path) {
            Ok(handle) => Box::new(handle),
            Err(err) => return skip(Problem::Unreadable, format!("cannot open: {err}")),
        },
    };
    let disk_failed = Arc::new(AtomicBool::new(false));
    let disk = DiskReader {
        inner: disk,
        progress: Arc::clone(progress),
        read: 0,
        size: file.size,
        failed: Arc::clone(&disk_failed),
    };
    let mut disk = BufReader::with_capacity(DISK_BUFFER, disk);
    let magic = match disk.fill_buf() {
        Ok(bytes) => bytes.get(..4).unwrap_or(bytes),
        Err(err) => return Opened::Skipped(unreadable(&file.shown, &err)),
    };
    let (compression, extension) = compression(magic, &file.shown);
    let decoded: Box<dyn Read + Send> = match compression {
        Compression::None => Box::new(disk),
        Compression::Gzip => Box::new(flate2::bufread::MultiGzDecoder::new(disk)),
        Compression::Zstd => match zstd::stream::read::Decoder::with_buffer(disk) {
            Ok(decoder) => Box::new(decoder),
            Err(err) => return Opened::Skipped(unreadable(&file.shown, &err)),
        },
    };
    let delivered = Arc::new(AtomicU64::new(0));
    let mut decoded = Delivered {
        inner: decoded,
        count: Arc::clone(&delivered),
    };
    let fault = Fault {
        shown: file.shown.clone(),
        compression,
        delivered,
        disk_failed,
    };
    let mut head = Vec::with_capacity(SNIFF);
    // A stream can fail within its first 8 KiB and still hold good records before the fault:
    // keep what was read, and let the parser meet the error where it happened.
    let rest: Box<dyn Read + Send> = match (&mut decoded).take(SNIFF as u64).read_to_end(&mut head)
    {
        Ok(_) => Box::new(decoded),
        Err(err) if head.is_empty() => return Opened::Skipped(fault.warning(&err)),
        Err(err) => Box::new(Failed(Some(err))),
    };
    if head.is_empty() {
        return Opened::Skipped(Warning {
            place: file.shown.clone(),
            problem: Problem::Empty,
            reason: "empty file".to_string(),
        });
    }
    let format = if head.starts_with(b"PAR1") {
        Format::Parquet
    } else if file.path.is_none() {
        Format::Jsonl
    } else {
        detect(&extension, &head, file.size)
    };
    let chained: Box<dyn Read + Send> = Box::new(Cursor::new(head).chain(rest));
    Opened::Stream(Stream {
        reader: BufReader::with_capacity(BUFFER, chained),
        format,
        fault,
    })
}

/// Chooses the decoder by magic bytes, else by extension, and returns it with the extension
/// that tells the format (`jsonl` for `a.jsonl.gz`), lowercase.
fn compression(magic: &[u8], shown: &str) -> (Compression, String) {
    let (stem, extension) = split_extension(shown);
    let by_extension = match extension.as_str() {
        "gz" | "gzip" => Compression::Gzip,
        "zst" | "zstd" => Compression::Zstd,
        _ => Compression::None,
    };
    let compression = if magic.starts_with(&[0x1f, 0x8b]) {
        Compression::Gzip
    } else if magic.starts_with(&[0x28, 0xb5, 0x2f, 0xfd]) {
        Compression::Zstd
    } else {
        by_extension
    };
    match by_extension {
        Compression::None => (compression, extension),
        _ => (compression, split_extension(stem).1),
    }
}

/// The largest `.json` file read whole as one array (on disk).
const MAX_JSON_ARRAY: u64 = 256 * 1024 * 1024;

/// Tells a file's format from its extension (without `.gz`/`.zst`), else from its first bytes.
fn detect(extension: &str, head: &[u8], size: u64) -> Format {
    let start = skip_space(head.strip_prefix(BOM).unwrap_or(head));
    let binary = memchr::memchr(0, head).is_some();
    let by_extension = match extension {
        "txt" | "md" | "markdown" => Some(Format::Text),
        "html" | "htm" | "xhtml" => Some(Format::Html),
        "jsonl" | "ndjson" => Some(Format::Jsonl),
        "json" if start.starts_with(b"[") && size < MAX_JSON_ARRAY => Some(Format::JsonArray),
        "json" => Some(Format::Jsonl),
        // A WARC holds images and other binary payloads, which can fall in the first 8 KiB;
        // its version line is a surer sign than the absence of NUL bytes.
        "warc" if start.starts_with(b"WARC/") => return Format::Warc,
        "warc" => Some(Format::Warc),
        _ => None,
    };
    if start.starts_with(b"WARC/") {
        return Format::Warc;
    }
    if binary {
        return Format::Binary;
    }
    if let Some(format) = by_extension {
        return format;
    }
    if start.starts_with(b"{") {
        return Format::Jsonl;
    }
    let lower: Vec<u8> = start.iter().take(16).map(u8::to_ascii_lowercase).collect();
    if [&b"<!doctype html"[..], b"<html", b"<head"]
        .iter()
        .any(|tag| lower.starts_with(tag))
    {
        return Format::Html;
    }
    Format::Text
}

fn skip_space(bytes: &[u8]) -> &[u8] {
    let start = bytes
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(bytes.len());
    &bytes[start..]
}

/// Splits `a/b.jsonl.gz` into `a/b.jsonl` and `gz` (lowercase); no extension gives "".
fn split_extension(path: &str) -> (&str, String) {
    let name_start = path.rfind(['/', '\\']).map_or(0, |i| i + 1);
    match path[name_start..].rfind('.') {
        // A leading dot is a hidden name, not an extension.
        Some(dot) if dot > 0 => {
            let dot = name_start + dot;
            (&path[..dot], path[dot + 1..].to_ascii_lowercase())
        }
        _ => (path, String::new()),
    }
}

fn is_regular(file: &FileEntry) -> bool {
    file.path
        .as_deref()
        .and_then(|path: &Path| path.metadata().ok())
        .is_some_and(|meta| meta.is_file())
}

fn unreadable(shown: &str, err: &io::Error) -> Warning {
    Warning {
        place: shown.to_string(),
        problem: Problem::Unreadable,
        reason: format!("cannot read: {err}"),
    }
}

/// Counts the on-disk bytes read into the shared progress, and notes a failure of the disk
/// itself (so that it is not blamed on the decoder).
struct DiskReader {
    inner: Box<dyn Read + Send>,
    progress: Arc<AtomicU64>,
    read: u64,
    size: u64,
    failed: Arc<AtomicBool>,
}

impl Read for DiskReader {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        match self.inner.read(buf) {
            Ok(n) => {
                self.read += n as u64;
                self.progress.fetch_add(n as u64, Ordering::Relaxed);
                Ok(n)
            }
            Err(err) => {
                if err.kind() != io::ErrorKind::Interrupted {
                    self.failed.store(true, Ordering::Relaxed);
                }
                Err(err)
            }
        }
    }
}

impl Drop for DiskReader {
    /// Counts the bytes never read (a file skipped or cut short) as consumed.
    fn drop(&mut self) {
        let rest = self.size.saturating_sub(self.read);
        self.progress.fetch_add(rest, Ordering::Relaxed);
    }
}

/// Counts the decompressed bytes handed to the parsers.
struct Delivered {
    inner: Box<dyn Read + Send>,
    count: Arc<AtomicU64>,
}

impl Read for Delivered {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.count.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

/// A stream that already failed: gives its error once, then ends.
struct Failed(Option<io::Error>);

impl Read for Failed {
    fn read(&mut self, _buf: &mut [u8]) -> io::Result<usize> {
        match self.0.take() {
            Some(err) => Err(err),
            None => Ok(0),
        }
    }
}

/// Decodes bytes as UTF-8, replacing each invalid sequence with U+FFFD, and says how many
/// were replaced (counted as `String::from_utf8_lossy` replaces them: one per maximal invalid
/// prefix of a sequence, so `\xFF\xFE` counts two).
pub(super) fn decode_utf8(bytes: Vec<u8>) -> (String, u32) {
    match String::from_utf8(bytes) {
        Ok(text) => (text, 0),
        Err(err) => {
            let bytes = err.into_bytes();
            let mut text = String::with_capacity(bytes.len());
            let mut replaced = 0u32;
            for chunk in bytes.utf8_chunks() {
                text.push_str(chunk.valid());
                if !chunk.invalid().is_empty() {
                    text.push(char::REPLACEMENT_CHARACTER);
                    replaced = replaced.saturating_add(1);
                }
            }
            (text, replaced)
        }
    }
}

/// The warning that goes with a repaired record.
pub(super) fn repaired_warning(place: String, replaced: u32) -> Warning {
    let sequences = if replaced == 1 {
        "sequence"
    } else {
        "sequences"
    };
    Warning {
        place,
        problem: Problem::InvalidUtf8,
        reason: format!("invalid UTF-8 replaced ({replaced} {sequences})"),
    }
}

/// Reads a line (up to and including `\n`) into `buf`, keeping at most `cap` bytes of it and
/// discarding the rest, so that a line without end cannot exhaust memory. Returns the bytes
/// consumed (0 at the end of the stream) and whether the line was cut.
pub(super) fn read_line_capped(
    reader: &mut impl BufRead,
    buf: &mut Vec<u8>,
    cap: usize,
) -> io::Result<(u64, bool)> {
    buf.clear();
    let mut consumed = 0u64;
    let mut cut = false;
    loop {
        let available = match reader.fill_buf() {
            Ok(bytes) => bytes,
            Err(err) if err.kind() == io::ErrorKind::Interrupted => continue,
            Err(err) => return Err(err),
        };
        if available.is_empty() {
            return Ok((consumed, cut));
        }
        let (take, done) = match memchr::memchr(b'\n', available) {
            Some(i) => (i + 1, true),
            None => (available.len(), false),
        };
        let room = cap.saturating_sub(buf.len());
        if take > room {
            cut = true;
        }
        buf.extend_from_slice(&available[..take.min(room)]);
        reader.consume(take);
        consumed += take as u64;
        if done {
            return Ok((consumed, cut));
        }
    }
}

/// Strips a trailing `\n` or `\r\n`.
pub(super) fn trim_newline(line: &[u8]) -> &[u8] {
    let line = line.strip_suffix(b"\n").unwrap_or(line);
    line.strip_suffix(b"\r").unwrap_or(line)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extensions_split_on_the_last_dot_of_the_name() {
        assert_eq!(
            split_extension("a/b.jsonl.gz"),
            ("a/b.jsonl", "gz".to_string())
        );
        assert_eq!(split_extension("a.d/README"), ("a.d/README", String::new()));
        assert_eq!(split_extension("x/.hidden"), ("x/.hidden", String::new()));
        assert_eq!(split_extension("PAGE.HTML"), ("PAGE", "html".to_string()));
    }

    #[test]
    fn compression_by_magic_then_extension() {
        let gzip = [0x1f, 0x8b, 8, 0];
        let zstd = [0x28, 0xb5, 0x2f, 0xfd];
        assert_eq!(
            compression(&gzip, "a.txt"),
            (Compression::Gzip, "txt".into())
        );
        assert_eq!(
            compression(&zstd, "blob"),
            (Compression::Zstd, String::new())
        );
        assert_eq!(
            compression(b"{\"a", "a.jsonl.gz"),
            (Compression::Gzip, "jsonl".into())
        );
        assert_eq!(
            compression(&gzip, "a.WARC.ZST"),
            (Compression::Gzip, "warc".into())
        );
        assert_eq!(
            compression(b"{\"a", "a.jsonl"),
            (Compression::None, "jsonl".into())
        );
    }

    #[test]
    fn sniffing_without_extension() {
        assert_eq!(detect("", b"\xEF\xBB\xBF  WARC/1.0\r\n", 10), Format::Warc);
        assert_eq!(detect("", b"\n{\"text\": 1}", 10), Format::Jsonl);
        assert_eq!(detect("", b"<!DOCTYPE HTML><html>", 10), Format::Html);
        assert_eq!(detect("", b"  <HTML lang=en>", 10), Format::Html);
        assert_eq!(detect("", b"<head><title>", 10), Format::Html);
        assert_eq!(detect("", b"\x89PNG\r\n\x1a\n\0\0", 10), Format::Binary);
        assert_eq!(detect("", b"Just words.", 10), Format::Text);
        assert_eq!(
            detect("dat", b"<p>not sniffed as html</p>", 10),
            Format::Text
        );
    }

    #[test]
    fn extensions_win_over_content_except_for_nul_bytes() {
        assert_eq!(detect("txt", b"{\"a\": 1}", 10), Format::Text);
        assert_eq!(detect("md", b"<html>", 10), Format::Text);
        assert_eq!(detect("htm", b"hello", 10), Format::Html);
        assert_eq!(detect("txt", b"abc\0def", 10), Format::Binary);
        assert_eq!(detect("json", b" [{\"a\": 1}]", 10), Format::JsonArray);
        assert_eq!(detect("json", b"{\"a\": 1}", 10), Format::Jsonl);
        assert_eq!(detect("warc", b"WARC/1.1\r\n\0\0", 10), Format::Warc);
        assert_eq!(detect("warc", b"garbage\0", 10), Format::Binary);
    }

    #[test]
    fn utf8_repair_counts_runs() {
        assert_eq!(decode_utf8(b"ok".to_vec()), ("ok".to_string(), 0));
        let (text, n) = decode_utf8(b"a\xff\xfeb\xc3".to_vec());
        assert_eq!(text, String::from_utf8_lossy(b"a\xff\xfeb\xc3"));
        assert_eq!(n, 3);
    }

    #[test]
    fn capped_lines_discard_their_tail() {
        let mut input = Cursor::new(b"abcdef\nxy\nlast".to_vec());
        let mut buf = Vec::new();
        assert_eq!(
            read_line_capped(&mut input, &mut buf, 3).expect("read"),
            (7, true)
        );
        assert_eq!(buf, b"abc");
        assert_eq!(
            read_line_capped(&mut input, &mut buf, 3).expect("read"),
            (3, false)
        );
        assert_eq!(buf, b"xy\n");
        assert_eq!(
            read_line_capped(&mut input, &mut buf, 9).expect("read"),
            (4, false)
        );
        assert_eq!(buf, b"last");
        assert_eq!(
            read_line_capped(&mut input, &mut buf, 9).expect("read"),
            (0, false)
        );
    }
}
