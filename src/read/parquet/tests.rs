//! Parquet files written here with arrow's own writer, read back as records and warnings.

use std::fs;
use std::sync::Arc;

use arrow_array::builder::{ListBuilder, StringBuilder};
use arrow_array::types::Int32Type;
use arrow_array::{
    ArrayRef, DictionaryArray, Int64Array, LargeStringArray, RecordBatch, StringArray,
    TimestampMillisecondArray,
};
use parquet::arrow::ArrowWriter;
use parquet::file::properties::WriterProperties;

use crate::model::{Body, Problem};
use crate::read::tests::{arg, read_all, read_with};
use crate::read::{Item, ReadOptions, Reader};

/// A Parquet file of these columns, `rows_per_group` rows a row group.
fn parquet(columns: Vec<(&str, ArrayRef)>, rows_per_group: usize) -> Vec<u8> {
    let batch = RecordBatch::try_from_iter(columns).expect("batch");
    let props = WriterProperties::builder()
        .set_max_row_group_row_count(Some(rows_per_group))
        .build();
    let mut out = Vec::new();
    let mut writer = ArrowWriter::try_new(&mut out, batch.schema(), Some(props)).expect("writer");
    writer.write(&batch).expect("write");
    writer.close().expect("close");
    out
}

fn strings(values: &[Option<&str>]) -> ArrayRef {
    Arc::new(StringArray::from(values.to_vec()))
}

#[test]
fn rows_become_records_with_their_fields() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("news.parquet");
    let published = TimestampMillisecondArray::from(vec![Some(1_600_000_000_000), None, None]);
    let site: DictionaryArray<Int32Type> =
        vec![Some("Tide"), Some("Tide"), None].into_iter().collect();
    let bytes = parquet(
        vec![
            ("id", strings(&[Some("a"), None, Some("c")])),
            (
                "content",
                Arc::new(LargeStringArray::from(vec![
                    Some("First text."),
                    Some("Second text."),
                    Some("  "),
                ])) as ArrayRef,
            ),
            (
                "title",
                strings(&[Some("One"), None, Some("Headline only")]),
            ),
            ("published", Arc::new(published) as ArrayRef),
            ("source", Arc::new(site) as ArrayRef),
        ],
        2,
    );
    fs::write(&path, bytes).expect("write");
    let (records, warnings) = read_all(&[arg(&path)]);
    assert!(warnings.is_empty(), "{warnings:?}");
    let shown = arg(&path);
    let ids: Vec<&str> = records.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(ids, ["a", &format!("{shown}:2"), "c"]);
    assert_eq!(records[0].body, Body::Text("First text.".into()));
    assert_eq!(records[0].title.as_deref(), Some("One"));
    assert_eq!(records[0].published.as_deref(), Some("1600000000"));
    assert_eq!(records[0].site.as_deref(), Some("Tide"));
    assert!(records[0].named && !records[1].named);
    assert_eq!(records[1].site.as_deref(), Some("Tide"));
    assert_eq!(records[2].site, None);
    // A blank text is no text: the title alone is the document, as in JSON Lines.
    assert_eq!(records[2].body, Body::Text(String::new()));
    assert_eq!(records[2].title.as_deref(), Some("Headline only"));
}

#[test]
fn field_map_names_other_columns_and_numbers_are_text() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("shard-0");
    let bytes = parquet(
        vec![
            ("doc", Arc::new(Int64Array::from(vec![7, 8])) as ArrayRef),
            ("story", strings(&[Some("Body seven."), None])),
        ],
        10,
    );
    // No extension: told by its magic bytes.
    fs::write(&path, bytes).expect("write");
    let mut options = ReadOptions::default();
    options.fields.set("id=doc").expect("spec");
    options.fields.set("text=story").expect("spec");
    let (records, warnings) = read_with(&[arg(&path)], options);
    assert_eq!(records.len(), 1);
    assert_eq!(records[0].id, "7");
    assert_eq!(warnings.len(), 1);
    assert_eq!(warnings[0].problem, Problem::Empty);
    assert!(
        warnings[0].place.ends_with("shard-0:2"),
        "{}",
        warnings[0].place
    );
}

#[test]
fn a_truncated_file_is_one_warning_and_the_next_file_is_read() {
    let dir = tempfile::tempdir().expect("tempdir");
    let bytes = parquet(vec![("text", strings(&[Some("kept?")]))], 10);
    fs::write(dir.path().join("a.parquet"), &bytes[..bytes.len() / 2]).expect("write");
    fs::write(dir.path().join("b.jsonl"), "{\"text\": \"next file\"}\n").expect("write");
    let (records, warnings) = read_all(&[arg(dir.path())]);
    assert_eq!(records.len(), 1);
    assert_eq!(records[0].body, Body::Text("next file".into()));
    assert_eq!(warnings.len(), 1);
    assert_eq!(warnings[0].problem, Problem::BadParquet);
    assert!(
        warnings[0].reason.contains("not a whole Parquet file"),
        "{}",
        warnings[0].reason
    );
}

#[test]
fn a_damaged_row_group_is_skipped_and_the_others_read() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("groups.parquet");
    let texts: Vec<Option<String>> = (0..6).map(|i| Some(format!("text number {i}"))).collect();
    let texts: Vec<Option<&str>> = texts.iter().map(Option::as_deref).collect();
    let mut bytes = parquet(vec![("text", strings(&texts))], 2);
    fs::write(&path, &bytes).expect("write");
    // Overwrite the data of row group 1 (rows 3 and 4) with garbage.
    let meta = parquet::file::metadata::ParquetMetaDataReader::new()
        .parse_and_finish(&fs::File::open(&path).expect("open"))
        .expect("metadata");
    assert_eq!(meta.num_row_groups(), 3);
    let (start, len) = meta.row_group(1).column(0).byte_range();
    for b in &mut bytes[start as usize..(start + len) as usize] {
        *b = 0xAB;
    }
    fs::write(&path, bytes).expect("write");
    let (records, warnings) = read_all(&[arg(&path)]);
    let texts: Vec<String> = records
        .iter()
        .map(|r| match &r.body {
            Body::Text(t) => t.clone(),
            Body::Html(h) => h.clone(),
        })
        .collect();
    assert_eq!(
        texts,
        [
            "text number 0",
            "text number 1",
            "text number 4",
            "text number 5"
        ]
    );
    let ids: Vec<&str> = records.iter().map(|r| r.id.as_str()).collect();
    assert!(ids[2].ends_with("groups.parquet:5"), "{ids:?}");
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert_eq!(warnings[0].problem, Problem::BadParquet);
    assert!(
        warnings[0].reason.contains("row group 1"),
        "{}",
        warnings[0].reason
    );
    assert!(
        warnings[0].place.ends_with("groups.parquet:3"),
        "{}",
        warnings[0].place
    );
}

#[test]
fn a_column_of_the_wrong_type_is_named() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut lists = ListBuilder::new(StringBuilder::new());
    lists.values().append_value("a list");
    lists.append(true);
    let lists: ArrayRef = Arc::new(lists.finish());
    // Only a list where the text should be: the file is skipped, and the warning says why.
    let only = dir.path().join("only.parquet");
    fs::write(&only, parquet(vec![("text", Arc::clone(&lists))], 10)).expect("write");
    let (records, warnings) = read_all(&[arg(&only)]);
    assert!(records.is_empty());
    let problems: Vec<Problem> = warnings.iter().map(|w| w.problem).collect();
    assert_eq!(problems, [Problem::IgnoredColumn, Problem::BadParquet]);
    assert!(
        warnings[0].reason.contains("\"text\" is List"),
        "{}",
        warnings[0].reason
    );
    assert!(
        warnings[1].reason.contains("no text column"),
        "{}",
        warnings[1].reason
    );
    // Another text column beside it: the rows are read from that one.
    let beside = dir.path().join("beside.parquet");
    let columns = vec![("text", lists), ("body", strings(&[Some("the body")]))];
    fs::write(&beside, parquet(columns, 10)).expect("write");
    let (records, warnings) = read_all(&[arg(&beside)]);
    assert_eq!(records.len(), 1);
    assert_eq!(records[0].body, Body::Text("the body".into()));
    assert_eq!(warnings.len(), 1);
    assert!(!warnings[0].problem.skips());
}

#[test]
fn progress_reaches_the_file_size() {
    let dir = tempfile::tempdir().expect("tempdir");
    let texts: Vec<Option<&str>> = vec![Some("one"), Some("two"), Some("three")];
    let bytes = parquet(vec![("text", strings(&texts))], 1);
    // One known by its name, one by its magic bytes (opened as a stream first).
    fs::write(dir.path().join("p.parquet"), &bytes).expect("write");
    fs::write(dir.path().join("q.data"), &bytes).expect("write");
    let reader = Reader::open(&[arg(dir.path())], ReadOptions::default()).expect("open");
    let (total, progress) = (reader.total_bytes(), reader.progress());
    let records = reader.filter(|i| matches!(i, Item::Record(_))).count();
    assert_eq!(records, 6);
    assert_eq!(progress.load(std::sync::atomic::Ordering::Relaxed), total);
}
