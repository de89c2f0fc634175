//! The read stage: files, directories and stdin become a stream of [`Record`]s and warnings.
//!
//! A [`Reader`] lists every input file when it is opened (so a progress bar knows the total)
//! but opens each file only when the iteration reaches it, and streams it: JSON Lines and WARC
//! are read a line or a record at a time, through gzip or zstd when the file is compressed, so
//! memory follows the largest record, not the input. A bad record never stops the reader: it
//! comes out as an [`Item::Warning`] with its place, and reading goes on after it.

mod file;
pub mod flatten;
mod http;
mod jsonl;
#[cfg(feature = "parquet")]
mod parquet;
#[cfg(feature = "parquet")]
pub use parquet::each_batch as each_parquet_batch;
mod source;
pub use source::is_parquet;
mod walk;
mod warc;

use std::collections::VecDeque;

use foldhash::HashMap;
use std::sync::atomic::AtomicU64;
use std::sync::Arc;
use xxhash_rust::xxh3::xxh3_64;

use crate::error::{Error, Result};
use crate::model::{Body, DocId, Problem, Record, Warning};

use self::source::{Format, Opened};
use self::walk::Found;

/// Which JSON keys give each field of a record, tried in order, first non-empty match wins.
///
/// The defaults are the names of the interface contract; `--field text=body` replaces the
/// names of one field. A key with dots (`meta.title`) also looks into nested objects when no
/// top-level key has that exact name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldMap {
    id: Vec<String>,
    text: Vec<String>,
    html: Vec<String>,
    title: Vec<String>,
    url: Vec<String>,
    published: Vec<String>,
    site: Vec<String>,
}

/// The fields `--field` can name, in the order they are listed in messages.
const FIELD_NAMES: [&str; 7] = ["id", "text", "html", "title", "url", "published", "site"];

impl FieldMap {
    /// Sets the JSON keys of one field from a `FIELD=KEY` spec, as in `--field text=body`.
    ///
    /// `KEY` may list alternatives separated by commas (`--field text=body,story`), tried in
    /// order. Fails with [`Error::Usage`] when the spec has no `=`, names no key, or names a
    /// field other than id, text, html, title, url, published or site.
    pub fn set(&mut self, spec: &str) -> Result<()> {
        let Some((field, keys)) = spec.split_once('=') else {
            return Err(Error::Usage(format!(
                "--field {spec}: expected FIELD=KEY, for example --field text=body"
            )));
        };
        let field = field.trim();
        let keys: Vec<String> = keys
            .split(',')
            .map(str::trim)
            .filter(|key| !key.is_empty())
            .map(String::from)
            .collect();
        if keys.is_empty() {
            return Err(Error::Usage(format!(
                "--field {spec}: no JSON key after '=', for example --field {field}=body"
            )));
        }
        let slot = match field {
            "id" => &mut self.id,
            "text" => &mut self.text,
            "html" => &mut self.html,
            "title" => &mut self.title,
            "url" => &mut self.url,
            "published" => &mut self.published,
            "site" => &mut self.site,
            _ => {
                return Err(Error::Usage(format!(
                    "--field {spec}: unknown field '{field}', expected one of {}",
                    FIELD_NAMES.join(", ")
                )))
            }
        };
        *slot = keys;
        Ok(())
    }
}

impl FieldMap {
    /// Every key any field is looked up by (the first part of a dotted one), for a caller that
    /// copies only those out of a larger object.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        [
            &self.id,
            &self.text,
            &self.html,
            &self.title,
            &self.url,
            &self.published,
            &self.site,
        ]
        .into_iter()
        .flatten()
        .flat_map(|key| [key.as_str(), key.split('.').next().unwrap_or(key)])
    }
}

impl Default for FieldMap {
    fn default() -> FieldMap {
        fn names(list: &[&str]) -> Vec<String> {
            list.iter().map(|name| name.to_string()).collect()
        }
        FieldMap {
            id: names(&["id", "doc_id", "uuid"]),
            text: names(&["text", "content", "body", "article"]),
            html: names(&["html", "raw_html"]),
            title: names(&["title", "headline"]),
            url: names(&["url", "link", "source_url"]),
            published: names(&["date", "published", "publish_date", "timestamp", "date_utc"]),
            site: names(&["source", "site", "publisher", "outlet"]),
        }
    }
}

/// How a [`Reader`] reads its inputs.
#[derive(Debug, Clone, Default)]
pub struct ReadOptions {
    /// Which JSON keys give which field of a record.
    pub fields: FieldMap,
    /// Keep each JSON Lines record's line in [`Record::raw`] (costs a copy of the input).
    pub keep_raw: bool,
    /// How records are named.
    pub ids: Ids,
}

/// How a [`Reader`] names records.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Ids {
    /// The batch commands' rule: a record without an id is named by its place (`FILE:LINE`),
    /// and an id met again in the run is renamed (`ID#2`), since every output names documents
    /// by id.
    #[default]
    Places,
    /// The index's rule: a record without an id is named by its content ([`content_id`]), and
    /// an id met again is passed on as it is, so that a record read twice, in one run or in
    /// two, is the same document and adds nothing.
    Content,
}

/// The id of a record that came without one: `sha-` and the first 32 hex digits (128 bits)
/// of the SHA-256 of its body and title. The same record always gets the same id, and no
/// text can be written to take another's.
pub fn content_id(record: &Record) -> DocId {
    use sha2::{Digest, Sha256};
    let mut hash = Sha256::new();
    let (kind, body) = match &record.body {
        Body::Text(text) => (b"text\0", text),
        Body::Html(html) => (b"html\0", html),
    };
    hash.update(kind);
    hash.update(body.as_bytes());
    if let Some(title) = &record.title {
        hash.update(b"\0title\0");
        hash.update(title.as_bytes());
    }
    let digest = hash.finalize();
    let mut id = String::with_capacity(36);
    id.push_str("sha-");
    for byte in &digest[..16] {
        id.push_str(&format!("{byte:02x}"));
    }
    id
}

/// One thing read from the input: a record, or a problem with a piece of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Item {
    /// A document, ready for extraction.
    Record(Record),
    /// A problem with its place; the reader has skipped (or repaired) that piece and goes on.
    Warning(Warning),
}

/// Reads records from files, directories and stdin, one at a time.
///
/// Built by [`Reader::open`], consumed as an [`Iterator`] of [`Item`]s. Files come in the order
/// of the inputs, directories walked in sorted path order, each file opened only when the
/// iteration reaches it.
pub struct Reader {
    /// What is left to read: files found when opening, and warnings about the walk.
    pending: VecDeque<Found>,
    /// The file being read, if any.
    current: Option<Source>,
    /// Items already produced but not yet handed out (a warning before its record).
    queue: VecDeque<Item>,
    options: Arc<ReadOptions>,
    /// How many records have used each id so far, by a hash of the id: ids must be unique
    /// within a run, since every output names documents by id. 12 bytes a document.
    seen: HashMap<u64, u32>,
    /// A renamed record, handed out right after its warning.
    renamed: Option<Record>,
    total: u64,
    progress: Arc<AtomicU64>,
}

impl Reader {
    /// Lists the files of `inputs` (files, directories walked recursively, or `-` for JSON
    /// Lines on stdin) without opening them.
    ///
    /// Fails with [`Error::Io`] only when an input argument does not exist; anything wrong
    /// inside a directory, or with a file, comes out later as a warning.
    pub fn open(inputs: &[String], options: ReadOptions) -> Result<Reader> {
        let mut pending = VecDeque::new();
        for input in inputs {
            walk::find(input, &mut pending)?;
        }
        let total = pending.iter().map(Found::size).sum();
        Ok(Reader {
            pending,
            current: None,
            queue: VecDeque::new(),
            options: Arc::new(options),
            seen: HashMap::default(),
            renamed: None,
            total,
            progress: Arc::new(AtomicU64::new(0)),
        })
    }

    /// Reads records already in memory (a library caller's) in their order, as records of a
    /// file are read: an id met again renamed (or, with [`Ids::Content`], an unnamed record
    /// named by its content), HTML too deep for the parser read as text.
    pub fn from_records(records: Vec<Record>, options: ReadOptions) -> Reader {
        Reader {
            pending: VecDeque::new(),
            current: Some(Source::Records(records.into_iter())),
            queue: VecDeque::new(),
            options: Arc::new(options),
            seen: HashMap::default(),
            renamed: None,
            total: 0,
            progress: Arc::new(AtomicU64::new(0)),
        }
    }

    /// The summed on-disk size of every file found (stdin counts 0), for a progress bar.
    pub fn total_bytes(&self) -> u64 {
        self.total
    }

    /// A counter of the on-disk (compressed) bytes consumed so far, across files. It reaches
    /// [`Reader::total_bytes`] when every file is done, skipped files included.
    pub fn progress(&self) -> Arc<AtomicU64> {
        Arc::clone(&self.progress)
    }

    /// Starts reading the next file found, or hands out a warning from the walk.
    fn start(&mut self, found: Found) {
        let file = match found {
            Found::Problem(warning) => {
                self.queue.push_back(Item::Warning(warning));
                return;
            }
            Found::File(file) => file,
        };
        if source::is_parquet(&file.shown) && file.path.is_some() {
            return self.start_parquet(&file, false);
        }
        let stream = match source::open(&file, &self.progress) {
            Opened::Stream(stream) => stream,
            Opened::Skipped(warning) => {
                self.queue.push_back(Item::Warning(warning));
                return;
            }
        };
        let fields = Arc::clone(&self.options);
        self.current = Some(match stream.format {
            Format::Jsonl => Source::Jsonl(jsonl::JsonlParser::new(stream, fields)),
            Format::JsonArray => Source::Array(jsonl::ArrayParser::new(stream, fields)),
            Format::Warc => Source::Warc(warc::WarcParser::new(stream)),
            Format::Text | Format::Html => {
                file::read_document(stream, &file.id, &mut self.queue);
                return;
            }
            Format::Binary => {
                self.queue.push_back(Item::Warning(stream.fault.binary()));
                return;
            }
            Format::Parquet if file.path.is_some() => {
                // Parquet without its extension: read again from the path, as Parquet (the
                // stream, dropped, has counted the file's bytes as read).
                drop(stream);
                return self.start_parquet(&file, true);
            }
            Format::Parquet => {
                let reason = "Parquet cannot be read from standard input (its index is at the \
                              end of the file): give the file's path";
                self.queue.push_back(Item::Warning(Warning {
                    place: file.shown.clone(),
                    problem: Problem::BadParquet,
                    reason: reason.to_string(),
                }));
                return;
            }
        });
    }

    /// Starts reading a Parquet file; `counted` when its bytes are already in the progress.
    #[cfg(feature = "parquet")]
    fn start_parquet(&mut self, file: &walk::FileEntry, counted: bool) {
        let options = Arc::clone(&self.options);
        let progress = &self.progress;
        if let Some(parser) = parquet::open(file, &options, progress, &mut self.queue, counted) {
            self.current = Some(Source::Parquet(Box::new(parser)));
        }
    }

    /// A Parquet file, in a build without Parquet: one warning that says how to read it.
    #[cfg(not(feature = "parquet"))]
    fn start_parquet(&mut self, file: &walk::FileEntry, counted: bool) {
        if !counted {
            self.progress
                .fetch_add(file.size, std::sync::atomic::Ordering::Relaxed);
        }
        self.queue.push_back(Item::Warning(Warning {
            place: file.shown.clone(),
            problem: Problem::BadParquet,
            reason: "this retold was built without Parquet: build it with `--features parquet`"
                .to_string(),
        }));
    }
}

/// A file being read, by format.
enum Source {
    Jsonl(jsonl::JsonlParser),
    Array(jsonl::ArrayParser),
    Warc(warc::WarcParser),
    #[cfg(feature = "parquet")]
    Parquet(Box<parquet::ParquetParser>),
    /// Records a library caller made.
    Records(std::vec::IntoIter<Record>),
}

impl Source {
    /// Pushes at least one item onto `out`, or returns false when the file is done.
    fn fill(&mut self, out: &mut VecDeque<Item>) -> bool {
        match self {
            Source::Jsonl(parser) => parser.fill(out),
            Source::Array(parser) => parser.fill(out),
            Source::Warc(parser) => parser.fill(out),
            #[cfg(feature = "parquet")]
            Source::Parquet(parser) => parser.fill(out),
            Source::Records(records) => match records.next() {
                Some(record) => {
                    out.push_back(Item::Record(record));
                    true
                }
                None => false,
            },
        }
    }
}

impl Reader {
    /// Passes a record whose id is new; renames one whose id was used before (`ID#2`, `ID#3`)
    /// and hands out the warning first, the record after it.
    fn unique(&mut self, mut record: Record) -> Item {
        if self.options.ids == Ids::Content {
            if !record.named {
                record.id = content_id(&record);
            }
            return Item::Record(record);
        }
        let count = self.seen.entry(xxh3_64(record.id.as_bytes())).or_insert(0);
        *count += 1;
        if *count == 1 {
            return Item::Record(record);
        }
        let mut n = *count;
        let renamed = loop {
            let candidate = format!("{}#{n}", record.id);
            let slot = self.seen.entry(xxh3_64(candidate.as_bytes())).or_insert(0);
            *slot += 1;
            if *slot == 1 {
                break candidate;
            }
            n += 1;
        };
        let warning = Warning {
            place: record.origin.to_string(),
            problem: Problem::DuplicateId,
            reason: format!("duplicate id {:?}, renamed {renamed:?}", record.id),
        };
        record.id = renamed;
        self.renamed = Some(record);
        Item::Warning(warning)
    }
}

impl Iterator for Reader {
    type Item = Item;

    fn next(&mut self) -> Option<Item> {
        if let Some(record) = self.renamed.take() {
            return Some(Item::Record(record));
        }
        loop {
            if let Some(item) = self.queue.pop_front() {
                return Some(match item {
                    Item::Record(mut record) => match flatten::bound_html(&mut record) {
                        // The warning first; the record, now text, comes next.
                        Some(warning) => {
                            self.queue.push_front(Item::Record(record));
                            Item::Warning(warning)
                        }
                        None => self.unique(record),
                    },
                    other => other,
                });
            }
            if let Some(source) = &mut self.current {
                if source.fill(&mut self.queue) {
                    continue;
                }
                // Dropping the source closes the file and settles its share of the progress.
                self.current = None;
            }
            let found = self.pending.pop_front()?;
            self.start(found);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Body, Problem};
    use std::fs;
    use std::sync::atomic::Ordering;

    /// Reads `inputs` with default options into records and warnings.
    pub(super) fn read_all(inputs: &[String]) -> (Vec<Record>, Vec<Warning>) {
        read_with(inputs, ReadOptions::default())
    }

    pub(super) fn read_with(
        inputs: &[String],
        options: ReadOptions,
    ) -> (Vec<Record>, Vec<Warning>) {
        let mut records = Vec::new();
        let mut warnings = Vec::new();
        for item in Reader::open(inputs, options).expect("open") {
            match item {
                Item::Record(record) => records.push(record),
                Item::Warning(warning) => warnings.push(warning),
            }
        }
        (records, warnings)
    }

    /// `data` gzip-compressed, as a test file is written.
    pub(super) fn gzip(data: &[u8]) -> Vec<u8> {
        use std::io::Write;
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        encoder.write_all(data).expect("gzip");
        encoder.finish().expect("gzip")
    }

    pub(super) fn arg(path: &std::path::Path) -> String {
        path.to_string_lossy().into_owned()
    }

    #[test]
    fn reader_is_send() {
        fn assert_send<T: Send>() {}
        assert_send::<Reader>();
    }

    #[test]
    fn field_spec_sets_keys() {
        let mut fields = FieldMap::default();
        fields.set("text=body").expect("valid spec");
        assert_eq!(fields.text, vec!["body".to_string()]);
        fields.set("title = head, name").expect("valid spec");
        assert_eq!(fields.title, vec!["head".to_string(), "name".to_string()]);
    }

    #[test]
    fn bad_field_specs_are_usage_errors() {
        let mut fields = FieldMap::default();
        for spec in ["text", "text=", "colour=red", "=body"] {
            let err = fields.set(spec).expect_err(spec);
            assert!(matches!(err, Error::Usage(_)), "{spec}: {err}");
        }
    }

    #[test]
    fn missing_input_is_an_io_error() {
        let dir = tempfile::tempdir().expect("tempdir");
        let missing = arg(&dir.path().join("nope.jsonl"));
        let err = Reader::open(&[missing], ReadOptions::default())
            .err()
            .expect("missing input fails");
        assert!(matches!(err, Error::Io { .. }));
    }

    #[test]
    fn progress_reaches_total() {
        let dir = tempfile::tempdir().expect("tempdir");
        fs::write(
            dir.path().join("a.jsonl"),
            "{\"id\":\"a\",\"text\":\"x\"}\n",
        )
        .expect("write");
        fs::write(dir.path().join("b.png"), b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR").expect("write");
        fs::write(dir.path().join("c.txt"), "some text").expect("write");
        let reader = Reader::open(&[arg(dir.path())], ReadOptions::default()).expect("open");
        let total = reader.total_bytes();
        let progress = reader.progress();
        assert_eq!(total, 22 + 16 + 9);
        let items: Vec<Item> = reader.collect();
        assert_eq!(items.len(), 3);
        assert_eq!(progress.load(Ordering::Relaxed), total);
    }

    #[test]
    fn mixed_directory_reads_every_format() {
        let dir = tempfile::tempdir().expect("tempdir");
        fs::write(
            dir.path().join("a.jsonl"),
            "{\"text\":\"one\"}\n{\"text\":\"two\"}\n",
        )
        .expect("write");
        fs::write(dir.path().join("b.html"), "<html><p>three</p></html>").expect("write");
        fs::write(dir.path().join("c.md"), "# four").expect("write");
        let (records, warnings) = read_all(&[arg(dir.path())]);
        assert!(warnings.is_empty(), "{warnings:?}");
        let ids: Vec<&str> = records.iter().map(|r| r.id.as_str()).collect();
        let a = arg(&dir.path().join("a.jsonl"));
        assert_eq!(
            ids,
            vec![
                format!("{a}:1"),
                format!("{a}:2"),
                "b.html".into(),
                "c.md".into()
            ]
        );
        assert!(matches!(records[2].body, Body::Html(_)));
        assert!(matches!(records[3].body, Body::Text(_)));
    }

    #[test]
    fn empty_file_warns() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("empty.jsonl");
        fs::write(&path, "").expect("write");
        let (records, warnings) = read_all(&[arg(&path)]);
        assert!(records.is_empty());
        assert_eq!(warnings.len(), 1);
        assert_eq!(warnings[0].problem, Problem::Empty);
        assert_eq!(warnings[0].reason, "empty file");
        assert_eq!(warnings[0].place, arg(&path));
    }

    #[test]
    fn duplicate_ids_are_renamed_with_a_warning_and_kept() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("dup.jsonl");
        let lines = [
            r#"{"id": "a", "text": "one"}"#,
            r#"{"id": "a", "text": "two"}"#,
            r#"{"id": "a#2", "text": "three"}"#,
            r#"{"id": "a", "text": "four"}"#,
        ];
        fs::write(&path, lines.join("\n")).expect("write");
        let (records, warnings) = read_all(&[path.display().to_string()]);
        let ids: Vec<&str> = records.iter().map(|r| r.id.as_str()).collect();
        assert_eq!(ids, ["a", "a#2", "a#2#2", "a#3"]);
        assert_eq!(warnings.len(), 3);
        assert!(warnings.iter().all(|w| w.problem == Problem::DuplicateId));
        assert!(
            warnings[0].place.ends_with("dup.jsonl:2"),
            "{}",
            warnings[0].place
        );
    }
}
