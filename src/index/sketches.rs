//! Sketch files: what the copy pass needs of each document, stored per shard as Parquet, so
//! the copy pass can run in stages on many machines (`retold sketch`, `candidates`, `verify`,
//! `components`).
//!
//! A stored format: its columns and their meaning are versioned by [`SKETCH_FORMAT`] (in the
//! file's metadata), and a golden test pins the bytes a fixed document sketches to. A
//! document is named by its ordinal, its place among every record of the whole input, which
//! is its index in a one-process run; shards are disjoint sets of ordinals.

use std::fs::File;
use std::io::Write;
use std::path::Path;
use std::sync::Arc;

use arrow_array::builder::{ListBuilder, UInt32Builder, UInt64Builder};
use arrow_array::cast::AsArray;
use arrow_array::types::{Int64Type, UInt32Type, UInt64Type};
use arrow_array::{
    Array, ArrayRef, Int64Array, RecordBatch, StringArray, UInt32Array, UInt64Array,
};
use arrow_schema::{DataType, Field, Schema, SchemaRef};
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
use parquet::arrow::ArrowWriter;
use parquet::file::properties::WriterProperties;
use parquet::schema::types::ColumnPath;

use crate::error::{Error, Result};
use crate::model::DocIndex;

/// The version of the sketch file's layout; a file of another version is refused.
pub const SKETCH_FORMAT: u32 = 1;

/// One document as a sketch file holds it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Sketch {
    /// Its ordinal: its index in the whole input.
    pub doc: DocIndex,
    /// Its id.
    pub id: String,
    /// xxh3-128 of its normalised words.
    pub content_hash: u128,
    /// Its length in words.
    pub words: u32,
    /// Its publication time, seconds since the epoch.
    pub published: Option<i64>,
    /// Its site, as the input gave it.
    pub site: Option<String>,
    /// Its title, as the input gave it.
    pub title: Option<String>,
    /// Its LSH band keys.
    pub bands: Vec<u64>,
    /// The high halves of its shingle hashes, in text order.
    pub shingles: Vec<u32>,
}

/// What a sketch file says of the run that made it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SketchRun {
    /// Which shard (from 0) of how many.
    pub shard: (u32, u32),
    /// Records in the whole input (every shard's documents and the skipped records).
    pub records: u64,
    /// Documents in the whole input.
    pub documents: u64,
    /// The near-copy threshold the bands were made for.
    pub threshold: f64,
}

fn schema() -> SchemaRef {
    let list = |name: &str, item: DataType| {
        Field::new(
            name,
            DataType::List(Arc::new(Field::new("item", item, false))),
            false,
        )
    };
    Arc::new(Schema::new(vec![
        Field::new("doc", DataType::UInt32, false),
        Field::new("id", DataType::Utf8, false),
        Field::new("hash_hi", DataType::UInt64, false),
        Field::new("hash_lo", DataType::UInt64, false),
        Field::new("words", DataType::UInt32, false),
        Field::new("published", DataType::Int64, true),
        Field::new("site", DataType::Utf8, true),
        Field::new("title", DataType::Utf8, true),
        list("bands", DataType::UInt64),
        list("shingles", DataType::UInt32),
    ]))
}

fn failed(path: &Path, err: impl std::fmt::Display) -> Error {
    Error::io(path, std::io::Error::other(err.to_string()))
}

/// Sketches per row group batch.
const BATCH: usize = 8192;

/// Writes one shard's sketches, in ordinal order, as they come; the run's facts go into the
/// file's metadata when it is finished.
pub struct SketchWriter<W: Write + Send> {
    writer: ArrowWriter<W>,
    schema: SchemaRef,
    pending: Vec<Sketch>,
    path: std::path::PathBuf,
}

impl<W: Write + Send> SketchWriter<W> {
    /// A writer over `out`, which is `path` (named in errors).
    pub fn new(out: W, path: &Path) -> Result<SketchWriter<W>> {
        let schema = schema();
        // Band keys and shingles are hashes: no dictionary or codec makes them smaller.
        let mut props = WriterProperties::builder()
            .set_compression(parquet::basic::Compression::ZSTD(Default::default()))
            .set_max_row_group_row_count(Some(BATCH));
        for list in ["bands", "shingles"] {
            let column = ColumnPath::new(vec![list.into(), "list".into(), "item".into()]);
            props = props
                .set_column_compression(column.clone(), parquet::basic::Compression::UNCOMPRESSED)
                .set_column_dictionary_enabled(column, false);
        }
        let writer = ArrowWriter::try_new(out, Arc::clone(&schema), Some(props.build()))
            .map_err(|e| failed(path, e))?;
        Ok(SketchWriter {
            writer,
            schema,
            pending: Vec::with_capacity(BATCH),
            path: path.to_owned(),
        })
    }

    /// Adds the next sketch.
    pub fn push(&mut self, sketch: Sketch) -> Result<()> {
        self.pending.push(sketch);
        if self.pending.len() >= BATCH {
            self.flush()?;
        }
        Ok(())
    }

    fn flush(&mut self) -> Result<()> {
        if self.pending.is_empty() {
            return Ok(());
        }
        let chunk = std::mem::take(&mut self.pending);
        let path = &self.path;
        let mut bands = ListBuilder::new(UInt64Builder::new()).with_field(Arc::new(Field::new(
            "item",
            DataType::UInt64,
            false,
        )));
        let mut shingles = ListBuilder::new(UInt32Builder::new()).with_field(Arc::new(Field::new(
            "item",
            DataType::UInt32,
            false,
        )));
        for s in &chunk {
            bands.values().append_slice(&s.bands);
            bands.append(true);
            shingles.values().append_slice(&s.shingles);
            shingles.append(true);
        }
        let columns: Vec<ArrayRef> = vec![
            Arc::new(UInt32Array::from_iter_values(chunk.iter().map(|s| s.doc))),
            Arc::new(StringArray::from_iter_values(
                chunk.iter().map(|s| s.id.as_str()),
            )),
            Arc::new(UInt64Array::from_iter_values(
                chunk.iter().map(|s| (s.content_hash >> 64) as u64),
            )),
            Arc::new(UInt64Array::from_iter_values(
                chunk.iter().map(|s| s.content_hash as u64),
            )),
            Arc::new(UInt32Array::from_iter_values(chunk.iter().map(|s| s.words))),
            Arc::new(Int64Array::from_iter(chunk.iter().map(|s| s.published))),
            Arc::new(StringArray::from_iter(
                chunk.iter().map(|s| s.site.as_deref()),
            )),
            Arc::new(StringArray::from_iter(
                chunk.iter().map(|s| s.title.as_deref()),
            )),
            Arc::new(bands.finish()),
            Arc::new(shingles.finish()),
        ];
        let batch =
            RecordBatch::try_new(Arc::clone(&self.schema), columns).map_err(|e| failed(path, e))?;
        self.writer.write(&batch).map_err(|e| failed(path, e))?;
        self.pending = chunk;
        self.pending.clear();
        Ok(())
    }

    /// Writes what is pending and the footer, with the run's facts; gives back the sink.
    pub fn finish(mut self, run: &SketchRun) -> Result<W> {
        self.flush()?;
        let meta = [
            ("retold.sketch.format", SKETCH_FORMAT.to_string()),
            ("retold.shard", format!("{}/{}", run.shard.0, run.shard.1)),
            ("retold.records", run.records.to_string()),
            ("retold.documents", run.documents.to_string()),
            ("retold.threshold", run.threshold.to_string()),
        ];
        for (key, value) in meta {
            self.writer
                .append_key_value_metadata(parquet::file::metadata::KeyValue::new(
                    key.to_string(),
                    value,
                ));
        }
        let path = self.path;
        self.writer.into_inner().map_err(|e| failed(&path, e))
    }
}

/// Writes one shard's sketches (in ordinal order) to `out`, with the run's facts.
pub fn write_sketches<W: Write + Send>(
    out: W,
    path: &Path,
    sketches: &[Sketch],
    run: &SketchRun,
) -> Result<W> {
    let mut writer = SketchWriter::new(out, path)?;
    for s in sketches {
        writer.push(s.clone())?;
    }
    writer.finish(run)
}

/// Reads a sketch file's facts (its footer only). Fails when it is not a whole sketch file of
/// this format.
pub fn read_run(path: &Path) -> Result<SketchRun> {
    let file = File::open(path).map_err(|e| Error::io(path, e))?;
    let builder = ParquetRecordBatchReaderBuilder::try_new(file).map_err(|e| failed(path, e))?;
    run_of(
        path,
        builder.metadata().file_metadata().key_value_metadata(),
    )
}

fn run_of(path: &Path, meta: Option<&Vec<parquet::file::metadata::KeyValue>>) -> Result<SketchRun> {
    let get =
        |key: &str| -> Option<&str> { meta?.iter().find(|kv| kv.key == key)?.value.as_deref() };
    let wrong = |what: &str| Error::Format {
        what: path.display().to_string(),
        expected: format!("a retold sketch file of format {SKETCH_FORMAT}"),
        got: what.to_string(),
    };
    match get("retold.sketch.format") {
        Some(v) if v == SKETCH_FORMAT.to_string() => {}
        Some(v) => return Err(wrong(&format!("format {v}"))),
        None => return Err(wrong("no sketch format in its metadata")),
    }
    let shard = get("retold.shard")
        .and_then(|s| s.split_once('/'))
        .and_then(|(i, n)| Some((i.parse().ok()?, n.parse().ok()?)))
        .ok_or_else(|| wrong("no shard in its metadata"))?;
    let number = |key: &str| get(key).and_then(|v| v.parse::<u64>().ok());
    Ok(SketchRun {
        shard,
        records: number("retold.records").ok_or_else(|| wrong("no record count"))?,
        documents: number("retold.documents").ok_or_else(|| wrong("no document count"))?,
        threshold: get("retold.threshold")
            .and_then(|v| v.parse().ok())
            .ok_or_else(|| wrong("no threshold"))?,
    })
}

/// Reads a sketch file's documents, each handed to `each` in ordinal order; `full` reads the
/// shingles, site and title too (verification), else only what candidates and components need.
pub fn read_sketches(path: &Path, full: bool, mut each: impl FnMut(Sketch)) -> Result<SketchRun> {
    let file = File::open(path).map_err(|e| Error::io(path, e))?;
    let builder = ParquetRecordBatchReaderBuilder::try_new(file).map_err(|e| failed(path, e))?;
    let run = run_of(
        path,
        builder.metadata().file_metadata().key_value_metadata(),
    )?;
    let wanted: &[usize] = match full {
        true => &[0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
        false => &[0, 1, 2, 3, 4, 5, 8],
    };
    let mask =
        parquet::arrow::ProjectionMask::roots(builder.parquet_schema(), wanted.iter().copied());
    let reader = builder
        .with_projection(mask)
        .build()
        .map_err(|e| failed(path, e))?;
    for batch in reader {
        let batch = batch.map_err(|e| failed(path, e))?;
        let column = |name: &str| -> Result<&ArrayRef> {
            batch
                .column_by_name(name)
                .ok_or_else(|| failed(path, format!("no column {name}")))
        };
        let doc = column("doc")?.as_primitive::<UInt32Type>();
        let id = column("id")?.as_string::<i32>();
        let hi = column("hash_hi")?.as_primitive::<UInt64Type>();
        let lo = column("hash_lo")?.as_primitive::<UInt64Type>();
        let words = column("words")?.as_primitive::<UInt32Type>();
        let published = column("published")?.as_primitive::<Int64Type>();
        let bands = column("bands")?.as_list::<i32>();
        let text = |name: &str, i: usize| -> Result<Option<String>> {
            if !full {
                return Ok(None);
            }
            let a = column(name)?.as_string::<i32>();
            Ok((!a.is_null(i)).then(|| a.value(i).to_string()))
        };
        let shingles = match full {
            true => Some(column("shingles")?.as_list::<i32>()),
            false => None,
        };
        for i in 0..batch.num_rows() {
            each(Sketch {
                doc: doc.value(i),
                id: id.value(i).to_string(),
                content_hash: (u128::from(hi.value(i)) << 64) | u128::from(lo.value(i)),
                words: words.value(i),
                published: (!published.is_null(i)).then(|| published.value(i)),
                site: text("site", i)?,
                title: text("title", i)?,
                bands: bands
                    .value(i)
                    .as_primitive::<UInt64Type>()
                    .values()
                    .to_vec(),
                shingles: shingles.map_or_else(Vec::new, |s| {
                    s.value(i).as_primitive::<UInt32Type>().values().to_vec()
                }),
            });
        }
    }
    Ok(run)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Vec<Sketch> {
        vec![
            Sketch {
                doc: 0,
                id: "a".into(),
                content_hash: (7u128 << 64) | 9,
                words: 120,
                published: Some(1_600_000_000),
                site: Some("Tide".into()),
                title: None,
                bands: vec![1, 2, 3],
                shingles: vec![5, 4, 3],
            },
            Sketch {
                doc: 3,
                id: "d".into(),
                ..Sketch::default()
            },
        ]
    }

    #[test]
    fn sketches_round_trip_with_their_run() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("s.parquet");
        let run = SketchRun {
            shard: (1, 3),
            records: 10,
            documents: 9,
            threshold: 0.7,
        };
        let file = File::create(&path).expect("create");
        write_sketches(file, &path, &sample(), &run).expect("write");
        assert_eq!(read_run(&path).expect("run"), run);
        let mut full = Vec::new();
        read_sketches(&path, true, |s| full.push(s)).expect("read");
        assert_eq!(full, sample());
        let mut slim = Vec::new();
        read_sketches(&path, false, |s| slim.push(s)).expect("read");
        assert_eq!(slim[0].bands, vec![1, 2, 3]);
        assert!(slim[0].shingles.is_empty() && slim[0].site.is_none());
    }

    #[test]
    fn a_file_of_another_kind_is_refused() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("other.parquet");
        let batch =
            RecordBatch::try_from_iter([("x", Arc::new(UInt32Array::from(vec![1])) as ArrayRef)])
                .expect("batch");
        let mut w =
            ArrowWriter::try_new(File::create(&path).expect("create"), batch.schema(), None)
                .expect("writer");
        w.write(&batch).expect("write");
        w.close().expect("close");
        let err = read_run(&path).expect_err("not a sketch file");
        assert!(err.to_string().contains("no sketch format"), "{err}");
    }
}
