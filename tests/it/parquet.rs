//! Parquet in and out through the binary: dedup and stories over Parquet inputs, typed
//! Parquet tables out, the kept rows with all their columns, and what a build refuses.

use std::fs::File;
use std::path::Path;
use std::process::Command;
use std::sync::Arc;

use arrow_array::cast::AsArray;
use arrow_array::types::Int64Type;
use arrow_array::{Array, ArrayRef, Int64Array, RecordBatch, StringArray};
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
use parquet::arrow::ArrowWriter;

const STORY: &str = "The city council of Springfield voted on Tuesday to build a new bridge over \
the river, at a cost of 40 million dollars. Mayor Ann Lee said construction would start in \
March and the bridge would open in 2027. Residents had asked for a second crossing for ten \
years, since floods closed the old bridge twice. The vote was seven to two.";

const OTHER: &str = "A storm brought heavy snow to the northern mountains on Sunday, closing \
three passes and stranding skiers at two resorts. Forecasters expect the snow to turn to rain \
by Wednesday, with a risk of avalanches on the eastern slopes.";

/// A Parquet file of rows `(doc, body, lang)`: the body under a name `--field` must map, and
/// a column retold does not read.
fn write_input(path: &Path, rows: &[(&str, &str)]) {
    let ids: ArrayRef = Arc::new(StringArray::from_iter_values(rows.iter().map(|r| r.0)));
    let bodies: ArrayRef = Arc::new(StringArray::from_iter_values(rows.iter().map(|r| r.1)));
    let extra: ArrayRef = Arc::new(Int64Array::from_iter_values(0..rows.len() as i64));
    let batch =
        RecordBatch::try_from_iter([("doc", ids), ("body", bodies), ("n", extra)]).expect("batch");
    let mut writer =
        ArrowWriter::try_new(File::create(path).expect("create"), batch.schema(), None)
            .expect("writer");
    writer.write(&batch).expect("write");
    writer.close().expect("close");
}

fn read(path: &Path) -> RecordBatch {
    let file = File::open(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let reader = ParquetRecordBatchReaderBuilder::try_new(file)
        .expect("parquet")
        .build()
        .expect("reader");
    let batches: Vec<RecordBatch> = reader.map(|b| b.expect("batch")).collect();
    arrow_select::concat::concat_batches(&batches[0].schema(), &batches).expect("concat")
}

fn retold(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_retold"))
        .args(args)
        .output()
        .expect("run retold")
}

fn strings(batch: &RecordBatch, column: &str) -> Vec<String> {
    let array = batch
        .column_by_name(column)
        .expect(column)
        .as_string::<i32>();
    (0..array.len())
        .map(|i| array.value(i).to_string())
        .collect()
}

#[test]
fn dedup_reads_parquet_and_writes_parquet_tables_and_kept_rows() {
    let dir = tempfile::tempdir().expect("tempdir");
    let input = dir.path().join("shard.parquet");
    let wrapped = format!(
        "Home | News | Local | Sport | Weather | Share this story on Facebook and Twitter. \
         {STORY} Subscribe to our newsletter for the latest local news every morning, read \
         our most popular stories of the week, and follow us for updates on traffic, schools, \
         weather warnings and events in your area. Comments are closed for this article."
    );
    write_input(
        &input,
        &[("a", STORY), ("b", OTHER), ("c", STORY), ("d", &wrapped)],
    );
    let out = dir.path().join("out");
    let kept = dir.path().join("clean.parquet");
    let output = retold(&[
        "dedup",
        input.to_str().expect("path"),
        "--field",
        "id=doc",
        "--field",
        "text=body",
        "--format",
        "parquet",
        "--keep",
        "first",
        "--emit-kept",
        kept.to_str().expect("path"),
        "-o",
        out.to_str().expect("path"),
    ]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(stderr.contains("4 records read"), "{stderr}");
    let groups = read(&out.join("groups.parquet"));
    assert_eq!(groups.num_rows(), 1);
    assert_eq!(strings(&groups, "kept"), ["a"]);
    let members = groups
        .column_by_name("members")
        .expect("members")
        .as_list::<i32>();
    let ids = members.value(0);
    let ids = ids
        .as_struct()
        .column_by_name("id")
        .expect("id")
        .as_string::<i32>();
    assert_eq!(ids.len(), 3);
    let links = read(&out.join("links.parquet"));
    let relations = strings(&links, "relation");
    assert!(relations.contains(&"exact".to_string()), "{relations:?}");
    assert!(relations.contains(&"excerpt".to_string()), "{relations:?}");
    let evidence = links
        .column_by_name("evidence")
        .expect("evidence")
        .as_struct();
    assert!(evidence.column_by_name("containment").is_some());
    // The kept rows, every column as it was, and the group.
    let clean = read(&kept);
    assert_eq!(strings(&clean, "doc"), ["a", "b"]);
    assert_eq!(strings(&clean, "body"), [STORY, OTHER]);
    let n = clean
        .column_by_name("n")
        .expect("n")
        .as_primitive::<Int64Type>();
    assert_eq!(n.values(), &[0, 1]);
    let group = clean.column_by_name("retold_group").expect("group");
    let group = group.as_primitive::<Int64Type>();
    assert!(group.is_valid(0) && group.value(0) == 0);
    assert!(group.is_null(1));
}

#[test]
fn a_parquet_emit_needs_parquet_inputs() {
    let dir = tempfile::tempdir().expect("tempdir");
    let input = dir.path().join("news.jsonl");
    std::fs::write(
        &input,
        format!("{{\"id\": \"a\", \"text\": \"{STORY}\"}}\n"),
    )
    .expect("write");
    let kept = dir.path().join("clean.parquet");
    let output = retold(&[
        "dedup",
        input.to_str().expect("path"),
        "--emit-kept",
        kept.to_str().expect("path"),
        "-o",
        dir.path().join("out").to_str().expect("path"),
    ]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("news.jsonl is not one"), "{stderr}");
    assert!(!kept.exists());
}

#[test]
fn stories_and_extract_write_parquet_documents() {
    let dir = tempfile::tempdir().expect("tempdir");
    let input = dir.path().join("shard.parquet");
    write_input(&input, &[("a", STORY), ("b", OTHER), ("c", STORY)]);
    let out = dir.path().join("out");
    let output = retold(&[
        "stories",
        input.to_str().expect("path"),
        "--field",
        "id=doc",
        "--field",
        "text=body",
        "--format",
        "parquet",
        "-o",
        out.to_str().expect("path"),
    ]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let documents = read(&out.join("documents.parquet"));
    assert_eq!(strings(&documents, "id"), ["a", "b", "c"]);
    assert_eq!(strings(&documents, "text")[1], OTHER);
    assert_eq!(
        strings(&read(&out.join("links.parquet")), "relation"),
        ["exact"]
    );
    assert!(out.join("stories.jsonl").exists());
    let docs = dir.path().join("documents.parquet");
    let output = retold(&[
        "extract",
        input.to_str().expect("path"),
        "--field",
        "text=body",
        "-o",
        docs.to_str().expect("path"),
    ]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let documents = read(&docs);
    let ids = strings(&documents, "id");
    assert!(ids[0].ends_with("shard.parquet:1"), "{ids:?}");
    let chars = documents.column_by_name("chars").expect("chars");
    assert_eq!(
        chars.as_primitive::<Int64Type>().value(1),
        OTHER.chars().count() as i64
    );
}

#[test]
fn a_truncated_parquet_file_is_a_warning_and_the_run_goes_on() {
    let dir = tempfile::tempdir().expect("tempdir");
    let good = dir.path().join("good.parquet");
    write_input(&good, &[("a", STORY)]);
    let bytes = std::fs::read(&good).expect("read");
    std::fs::write(dir.path().join("cut.parquet"), &bytes[..bytes.len() - 20]).expect("write");
    let output = retold(&[
        "dedup",
        dir.path().to_str().expect("path"),
        "--field",
        "text=body",
        "-o",
        dir.path().join("out").to_str().expect("path"),
    ]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(
        stderr.contains("cut.parquet: not a whole Parquet file"),
        "{stderr}"
    );
    assert!(
        stderr.contains("2 records read, 1 documents, 1 skipped (1 bad Parquet)"),
        "{stderr}"
    );
}
