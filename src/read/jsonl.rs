//! Reads JSON Lines (one document a line) and `.json` files holding one array of documents.
//!
//! Lines are read as bytes, one at a time into a reused buffer, so memory follows the longest
//! line rather than the file; invalid UTF-8 is repaired before parsing, so that one bad byte
//! costs a warning, not the record. Fields are found through the [`FieldMap`]: the first key
//! whose value is a non-empty string (or a number) wins.

use std::collections::VecDeque;
use std::io::{BufReader, Read};
use std::sync::Arc;

use serde_json::{Map, Value};

use crate::model::{Body, Origin, Place, Problem, Record, Warning};

use super::source::{self, Fault, Stream, BOM};
use super::{FieldMap, Item, ReadOptions};

/// The longest line read; a longer one is skipped (a single news article is a few hundred KiB
/// even with its HTML, so such a line is a dump, or not JSON Lines at all).
const MAX_LINE: usize = 64 * 1024 * 1024;

/// The largest decompressed `.json` array read into memory.
const MAX_ARRAY: u64 = 256 * 1024 * 1024;

/// Reads a JSON Lines stream, a line at a time.
pub(super) struct JsonlParser {
    reader: BufReader<Box<dyn Read + Send>>,
    fault: Fault,
    options: Arc<ReadOptions>,
    /// The 1-based number of the last line read.
    line: u64,
    buf: Vec<u8>,
    done: bool,
}

impl JsonlParser {
    pub fn new(stream: Stream, options: Arc<ReadOptions>) -> JsonlParser {
        JsonlParser {
            reader: stream.reader,
            fault: stream.fault,
            options,
            line: 0,
            buf: Vec::new(),
            done: false,
        }
    }

    /// Pushes the items of the next non-blank line onto `out`; false at the end of the file.
    pub fn fill(&mut self, out: &mut VecDeque<Item>) -> bool {
        while !self.done {
            match source::read_line_capped(&mut self.reader, &mut self.buf, MAX_LINE) {
                Ok((0, _)) => self.done = true,
                Err(err) => {
                    // The line being read when the stream failed is incomplete: dropped.
                    self.done = true;
                    out.push_back(Item::Warning(self.fault.warning(&err)));
                    return true;
                }
                Ok((_, cut)) => {
                    self.line += 1;
                    let origin = self.fault.origin(Place::Line(self.line));
                    if cut {
                        out.push_back(Item::Warning(Warning {
                            place: origin.to_string(),
                            problem: Problem::Unreadable,
                            reason: "line over 64 MiB, skipped".to_string(),
                        }));
                        return true;
                    }
                    let mut line = source::trim_newline(&self.buf);
                    if self.line == 1 {
                        line = line.strip_prefix(BOM).unwrap_or(line);
                    }
                    if line.iter().all(u8::is_ascii_whitespace) {
                        continue;
                    }
                    let line = line.to_vec();
                    push_document(line, origin, &self.options, out);
                    // One huge line should not keep its buffer for the rest of the file.
                    if self.buf.capacity() > 1024 * 1024 {
                        self.buf = Vec::new();
                    }
                    return true;
                }
            }
        }
        false
    }
}

/// Parses one line as a document and pushes its record (after a repair warning, if any) or
/// the warning that replaces it.
fn push_document(line: Vec<u8>, origin: Origin, options: &ReadOptions, out: &mut VecDeque<Item>) {
    let (text, repaired) = source::decode_utf8(line);
    let fields = &options.fields;
    let object = match serde_json::from_str::<Value>(&text) {
        Ok(Value::Object(object)) => object,
        Ok(other) => {
            let reason = format!("broken JSON: expected an object, found {}", kind(&other));
            out.push_back(Item::Warning(broken(&origin, reason)));
            return;
        }
        Err(err) => {
            out.push_back(Item::Warning(broken(
                &origin,
                format!("broken JSON: {err}"),
            )));
            return;
        }
    };
    let fallback = origin.to_string();
    match record_from_object(object, fields, origin, fallback, repaired) {
        Ok(mut record) => {
            if options.keep_raw {
                record.raw = Some(text);
            }
            if repaired > 0 {
                let place = record.origin.to_string();
                out.push_back(Item::Warning(source::repaired_warning(place, repaired)));
            }
            out.push_back(Item::Record(record));
        }
        Err(warning) => out.push_back(Item::Warning(warning)),
    }
}

fn broken(origin: &Origin, reason: String) -> Warning {
    Warning {
        place: origin.to_string(),
        problem: Problem::BrokenJson,
        reason,
    }
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

impl FieldMap {
    /// Makes a record of one JSON document already parsed (a side of a `compare --pairs`
    /// line), finding its fields as a JSON Lines line's. `origin` is its place, and its id when
    /// the document has none. Fails with a warning when `doc` is not an object or has no text.
    pub fn record(&self, doc: Value, origin: Origin) -> Result<Record, Warning> {
        match doc {
            Value::Object(object) => {
                let fallback = origin.to_string();
                record_from_object(object, self, origin, fallback, 0)
            }
            other => {
                let reason = format!("broken JSON: expected an object, found {}", kind(&other));
                Err(broken(&origin, reason))
            }
        }
    }
}

impl FieldMap {
    /// Checks the types of the fields it knows in `object`, for a caller that promises a
    /// schema (the HTTP API): an id is a string, a whole number or null; a text, HTML, title,
    /// URL or date field a string, a number or null; a site also an object with a `name`.
    /// Reading files stays lenient: there a field of another type is passed over.
    pub fn check_types(&self, object: &Map<String, Value>) -> Result<(), String> {
        let wrong = |key: &str, value: &Value, allowed: &str| {
            Err(format!(
                "field {key:?} must be {allowed}, not {}",
                kind(value)
            ))
        };
        for key in &self.id {
            match object.get(key) {
                None | Some(Value::Null | Value::String(_)) => {}
                Some(Value::Number(n)) if n.is_i64() || n.is_u64() => {}
                Some(v) => return wrong(key, v, "a string, a whole number or null"),
            }
        }
        let plain = [
            &self.text,
            &self.html,
            &self.title,
            &self.url,
            &self.published,
        ];
        for key in plain.into_iter().flatten() {
            match object.get(key) {
                None | Some(Value::Null | Value::String(_) | Value::Number(_)) => {}
                Some(v) => return wrong(key, v, "a string, a number or null"),
            }
        }
        for key in &self.site {
            match object.get(key) {
                None | Some(Value::Null | Value::String(_) | Value::Number(_)) => {}
                Some(Value::Object(o))
                    if matches!(o.get("name"), None | Some(Value::Null | Value::String(_))) => {}
                Some(v) => {
                    return wrong(key, v, "a string, a number, null or an object with a name")
                }
            }
        }
        Ok(())
    }
}

/// Makes a record of one JSON object, or says why it has no text.
///
/// `fallback_id` is the id when the object has none (`FILE:LINE`).
pub(super) fn record_from_object(
    mut object: Map<String, Value>,
    fields: &FieldMap,
    origin: Origin,
    fallback_id: String,
    repaired: u32,
) -> Result<Record, Warning> {
    let title = first(&mut object, &fields.title);
    let body = match first(&mut object, &fields.text) {
        Some(text) => Body::Text(text),
        None => match first(&mut object, &fields.html) {
            Some(html) => Body::Html(html),
            // A title alone is a document (a headline feed): extraction makes it the text.
            None if title.is_some() => Body::Text(String::new()),
            None => {
                let looked: Vec<&str> = fields
                    .text
                    .iter()
                    .chain(&fields.html)
                    .map(String::as_str)
                    .collect();
                return Err(Warning {
                    place: origin.to_string(),
                    problem: Problem::Empty,
                    reason: format!("no text or title (looked for {})", looked.join(", ")),
                });
            }
        },
    };
    let id = first(&mut object, &fields.id);
    Ok(Record {
        named: id.is_some(),
        id: id.unwrap_or(fallback_id),
        origin,
        body,
        title,
        url: first(&mut object, &fields.url),
        published: first(&mut object, &fields.published),
        site: first(&mut object, &fields.site),
        repaired,
        raw: None,
    })
}

/// The first of `keys` whose value is a non-blank string or a number, taken out of `object`.
fn first(object: &mut Map<String, Value>, keys: &[String]) -> Option<String> {
    keys.iter().find_map(|key| {
        let value = match object.remove(key) {
            Some(value) => value,
            None if key.contains('.') => nested(object, key)?.clone(),
            None => return None,
        };
        as_string(value)
    })
}

/// The value at a dotted path (`meta.title`) through nested objects.
fn nested<'a>(object: &'a Map<String, Value>, path: &str) -> Option<&'a Value> {
    let mut parts = path.split('.');
    let mut value = object.get(parts.next()?)?;
    for part in parts {
        value = value.as_object()?.get(part)?;
    }
    Some(value)
}

/// A field's value as a string: a non-blank string as written, a number in decimal, or the
/// `name` of an object such as NewsAPI's `"source": {"id": null, "name": "BBC News"}`.
fn as_string(value: Value) -> Option<String> {
    match value {
        Value::String(text) if !text.trim().is_empty() => Some(text),
        Value::Number(number) => Some(number.to_string()),
        Value::Object(mut object) => match object.remove("name") {
            Some(Value::String(name)) if !name.trim().is_empty() => Some(name),
            _ => None,
        },
        _ => None,
    }
}

/// Reads a `.json` file holding one array of objects: the whole file at once, then one
/// record per element, with ids `FILE:N` for the Nth element (1-based). Its origins use
/// [`Place::Line`] for the element number, so warnings name the element the same way.
pub(super) struct ArrayParser {
    pending: VecDeque<Item>,
    elements: std::vec::IntoIter<Value>,
    fault: Fault,
    options: Arc<ReadOptions>,
    /// The 1-based number of the last element read.
    index: u64,
}

impl ArrayParser {
    pub fn new(stream: Stream, options: Arc<ReadOptions>) -> ArrayParser {
        let Stream { reader, fault, .. } = stream;
        let mut parser = ArrayParser {
            pending: VecDeque::new(),
            elements: Vec::new().into_iter(),
            fault,
            options,
            index: 0,
        };
        let mut bytes = Vec::new();
        if let Err(err) = reader.take(MAX_ARRAY + 1).read_to_end(&mut bytes) {
            parser.warn(parser.fault.warning(&err));
            return parser;
        }
        if bytes.len() as u64 > MAX_ARRAY {
            let warning = Warning {
                place: parser.fault.shown.clone(),
                problem: Problem::Unreadable,
                reason: "JSON array over 256 MiB, skipped".to_string(),
            };
            parser.warn(warning);
            return parser;
        }
        let (text, repaired) = source::decode_utf8(bytes);
        if repaired > 0 {
            parser.warn(source::repaired_warning(
                parser.fault.shown.clone(),
                repaired,
            ));
        }
        let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
        match serde_json::from_str::<Vec<Value>>(text) {
            Ok(elements) => parser.elements = elements.into_iter(),
            Err(err) => {
                let origin = parser.fault.origin(Place::Line(err.line() as u64));
                parser.warn(broken(&origin, format!("broken JSON: {err}")));
            }
        }
        parser
    }

    fn warn(&mut self, warning: Warning) {
        self.pending.push_back(Item::Warning(warning));
    }

    /// Pushes the items of the next element onto `out`; false when the array is done.
    pub fn fill(&mut self, out: &mut VecDeque<Item>) -> bool {
        if !self.pending.is_empty() {
            out.append(&mut self.pending);
            return true;
        }
        let Some(element) = self.elements.next() else {
            return false;
        };
        self.index += 1;
        let origin = self.fault.origin(Place::Line(self.index));
        let item = match element {
            Value::Object(object) => {
                let fallback = origin.to_string();
                let raw = self
                    .options
                    .keep_raw
                    .then(|| Value::Object(object.clone()).to_string());
                match record_from_object(object, &self.options.fields, origin, fallback, 0) {
                    Ok(record) => Item::Record(Record { raw, ..record }),
                    Err(warning) => Item::Warning(warning),
                }
            }
            other => {
                let reason = format!(
                    "broken JSON: element {} is {}, not an object",
                    self.index,
                    kind(&other)
                );
                Item::Warning(broken(&origin, reason))
            }
        };
        out.push_back(item);
        true
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{arg, gzip, read_all, read_with};
    use super::super::ReadOptions;
    use super::*;
    use proptest::prelude::*;
    use std::fs;

    /// `n` lines `{"id":"dI","text":"text of document I ..."}`, long enough to compress.
    fn lines(n: usize) -> String {
        (0..n)
            .map(|i| {
                format!(
                    "{{\"id\":\"d{i}\",\"text\":\"text of document {i} {}\"}}\n",
                    "x".repeat(i % 50)
                )
            })
            .collect()
    }

    #[test]
    fn ids_from_fields_numbers_and_lines() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("docs.jsonl");
        let data = "{\"id\":\"a1\",\"text\":\"one\",\"title\":\"T\",\"url\":\"https://x.org/1\",\
                    \"date\":\"2024-05-01\",\"source\":\"X\"}\r\n\
                    \n   \n\
                    {\"id\":42,\"content\":\"two\",\"timestamp\":1714550400}\n\
                    {\"html\":\"<p>three</p>\",\"text\":\"  \",\"source\":{\"name\":\"BBC\"}}";
        fs::write(&path, data).expect("write");
        let (records, warnings) = read_all(&[arg(&path)]);
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!(records.len(), 3);
        let first = &records[0];
        assert_eq!(first.id, "a1");
        assert_eq!(first.body, Body::Text("one".into()));
        assert_eq!(first.title.as_deref(), Some("T"));
        assert_eq!(first.url.as_deref(), Some("https://x.org/1"));
        assert_eq!(first.published.as_deref(), Some("2024-05-01"));
        assert_eq!(first.site.as_deref(), Some("X"));
        assert_eq!(first.origin.to_string(), format!("{}:1", arg(&path)));
        assert_eq!(records[1].id, "42");
        assert_eq!(records[1].published.as_deref(), Some("1714550400"));
        assert_eq!(records[2].id, format!("{}:5", arg(&path)));
        assert_eq!(records[2].body, Body::Html("<p>three</p>".into()));
        assert_eq!(records[2].site.as_deref(), Some("BBC"));
    }

    #[test]
    fn field_mapping() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("docs.ndjson");
        let data =
            "{\"key\":\"k\",\"text\":\"ignored\",\"story\":\"body\",\"meta\":{\"t\":\"Title\"}}\n";
        fs::write(&path, data).expect("write");
        let mut options = ReadOptions::default();
        options.fields.set("text=story").expect("spec");
        options.fields.set("id=key").expect("spec");
        options.fields.set("title=meta.t").expect("spec");
        let (records, warnings) = read_with(&[arg(&path)], options);
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!(records[0].id, "k");
        assert_eq!(records[0].body, Body::Text("body".into()));
        assert_eq!(records[0].title.as_deref(), Some("Title"));
    }

    #[test]
    fn a_title_alone_is_a_record_and_nothing_at_all_is_not() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("headlines.jsonl");
        let data = "{\"id\":\"h\",\"title\":\"Klitschko stops Rahman\"}\n{\"id\":\"n\"}\n";
        fs::write(&path, data).expect("write");
        let (records, warnings) = read_all(&[arg(&path)]);
        assert_eq!(records.len(), 1);
        assert_eq!(records[0].body, Body::Text(String::new()));
        assert_eq!(records[0].title.as_deref(), Some("Klitschko stops Rahman"));
        assert_eq!(warnings.len(), 1);
        assert!(
            warnings[0].reason.starts_with("no text or title"),
            "{warnings:?}"
        );
    }

    #[test]
    fn broken_line_between_good_ones() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("docs.jsonl");
        fs::write(
            &path,
            "{\"text\":\"a\"}\n{\"text\": oops\n{\"text\":\"b\"}\n[1]\n{\"url\":\"x\"}\n",
        )
        .expect("write");
        let (records, warnings) = read_all(&[arg(&path)]);
        assert_eq!(records.len(), 2);
        assert_eq!(records[1].id, format!("{}:3", arg(&path)));
        assert_eq!(warnings.len(), 3);
        assert_eq!(warnings[0].problem, Problem::BrokenJson);
        assert_eq!(warnings[0].place, format!("{}:2", arg(&path)));
        assert!(
            warnings[0].reason.starts_with("broken JSON: "),
            "{}",
            warnings[0].reason
        );
        assert!(
            warnings[1].reason.contains("an array"),
            "{}",
            warnings[1].reason
        );
        assert_eq!(warnings[2].problem, Problem::Empty);
        assert_eq!(
            warnings[2].reason,
            "no text or title (looked for text, content, body, article, html, raw_html)"
        );
    }

    #[test]
    fn invalid_utf8_is_repaired_and_kept() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("docs.jsonl");
        fs::write(
            &path,
            b"\xEF\xBB\xBF{\"id\":\"u\",\"text\":\"caf\xe9 \xff\xfe ok\"}\n",
        )
        .expect("write");
        let (records, warnings) = read_all(&[arg(&path)]);
        assert_eq!(records.len(), 1);
        assert_eq!(records[0].repaired, 3);
        assert_eq!(
            records[0].body,
            Body::Text("caf\u{fffd} \u{fffd}\u{fffd} ok".into())
        );
        assert_eq!(warnings.len(), 1);
        assert_eq!(warnings[0].problem, Problem::InvalidUtf8);
        assert_eq!(warnings[0].reason, "invalid UTF-8 replaced (3 sequences)");
        assert_eq!(warnings[0].place, format!("{}:1", arg(&path)));
    }

    #[test]
    fn gzip_zstd_and_concatenated_members() {
        let dir = tempfile::tempdir().expect("tempdir");
        let text = lines(40);
        let (head, tail) = text.split_at(text.len() / 2 + 7);
        let mut members = gzip(head.as_bytes());
        members.extend(gzip(tail.as_bytes()));
        fs::write(dir.path().join("a.jsonl.gz"), &members).expect("write");
        let zst = zstd::stream::encode_all(text.as_bytes(), 3).expect("zstd");
        fs::write(dir.path().join("b.jsonl.zst"), &zst).expect("write");
        // Compressed, with a misleading extension: found by magic bytes.
        fs::write(dir.path().join("c.jsonl"), gzip(text.as_bytes())).expect("write");
        let (records, warnings) = read_all(&[arg(dir.path())]);
        // The three files hold the same ids: the second and third sets are renamed.
        assert_eq!(warnings.len(), 80, "{warnings:?}");
        assert!(warnings.iter().all(|w| w.problem == Problem::DuplicateId));
        assert_eq!(records.len(), 120);
        for (k, chunk) in records.chunks(40).enumerate() {
            let ids: Vec<String> = chunk.iter().map(|r| r.id.clone()).collect();
            let suffix = if k == 0 {
                String::new()
            } else {
                format!("#{}", k + 1)
            };
            let want: Vec<String> = (0..40).map(|i| format!("d{i}{suffix}")).collect();
            assert_eq!(ids, want);
        }
    }

    #[test]
    fn truncated_gzip_keeps_the_records_before_the_cut() {
        let dir = tempfile::tempdir().expect("tempdir");
        let text = lines(2000);
        let full = gzip(text.as_bytes());
        let path = dir.path().join("cut.jsonl.gz");
        fs::write(&path, &full[..full.len() / 2]).expect("write");
        let (records, warnings) = read_all(&[arg(&path)]);
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert_eq!(warnings[0].problem, Problem::Truncated);
        assert!(warnings[0].place.starts_with(&format!("{}:@", arg(&path))));
        assert!(
            warnings[0].reason.starts_with("gzip stream ends early"),
            "{}",
            warnings[0].reason
        );
        assert!(records.len() > 100, "{} records", records.len());
        assert!(records.len() < 2000);
        for (i, record) in records.iter().enumerate() {
            assert_eq!(record.id, format!("d{i}"));
        }
    }

    #[test]
    fn truncated_zstd_keeps_the_records_before_the_cut() {
        let dir = tempfile::tempdir().expect("tempdir");
        // zstd emits nothing of a block until it has all of it: enough blocks to cut one.
        let text = lines(20_000);
        let full = zstd::stream::encode_all(text.as_bytes(), 3).expect("zstd");
        let path = dir.path().join("cut.jsonl.zst");
        fs::write(&path, &full[..full.len() * 2 / 3]).expect("write");
        let (records, warnings) = read_all(&[arg(&path)]);
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert_eq!(warnings[0].problem, Problem::Truncated);
        assert!(
            warnings[0].reason.starts_with("zstd stream"),
            "{}",
            warnings[0].reason
        );
        assert!(records.len() > 100, "{} records", records.len());
        assert!(records.len() < 20_000);
        for (i, record) in records.iter().enumerate() {
            assert_eq!(record.id, format!("d{i}"));
        }
    }

    #[test]
    fn small_truncated_gzip_keeps_its_first_lines() {
        let dir = tempfile::tempdir().expect("tempdir");
        let full = gzip(lines(30).as_bytes());
        let path = dir.path().join("small.jsonl.gz");
        fs::write(&path, &full[..full.len() - 12]).expect("write");
        let (records, warnings) = read_all(&[arg(&path)]);
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert_eq!(warnings[0].problem, Problem::Truncated);
        assert!(!records.is_empty());
    }

    #[test]
    fn json_array_file() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("list.json");
        fs::write(
            &path,
            "[\n  {\"text\": \"a\"},\n  {\"id\": \"b\", \"text\": \"b\"},\n  3\n]\n",
        )
        .expect("write");
        let (records, warnings) = read_all(&[arg(&path)]);
        assert_eq!(records.len(), 2);
        assert_eq!(records[0].id, format!("{}:1", arg(&path)));
        assert_eq!(records[1].id, "b");
        assert_eq!(warnings.len(), 1);
        assert_eq!(warnings[0].place, format!("{}:3", arg(&path)));
    }

    proptest! {
        #[test]
        fn good_lines_round_trip(docs in proptest::collection::vec(("[a-z0-9]{1,8}", "\\PC{1,40}"), 1..20)) {
            let dir = tempfile::tempdir().expect("tempdir");
            let path = dir.path().join("p.jsonl");
            let mut data = String::new();
            for (i, (id, text)) in docs.iter().enumerate() {
                let object = serde_json::json!({"id": format!("{id}-{i}"), "text": text});
                data.push_str(&object.to_string());
                data.push('\n');
            }
            fs::write(&path, data).expect("write");
            let (records, warnings) = read_all(&[arg(&path)]);
            let kept: Vec<&(String, String)> =
                docs.iter().filter(|(_, text)| !text.trim().is_empty()).collect();
            prop_assert_eq!(records.len(), kept.len());
            prop_assert_eq!(warnings.len(), docs.len() - kept.len());
            let mut records = records.iter();
            for (i, (id, text)) in docs.iter().enumerate() {
                if text.trim().is_empty() {
                    continue;
                }
                let record = records.next().expect("a record per kept line");
                prop_assert_eq!(&record.id, &format!("{id}-{i}"));
                prop_assert_eq!(record.body.as_str(), text.as_str());
            }
        }
    }
}
