//! Parquet tables: the rows of `documents`, `links` and `groups`, typed as their JSON lines.
//!
//! A row is the same serialised value a JSON line is, so the two formats cannot drift apart: the
//! writer buffers rows as JSON values and builds one Arrow column per field of the table's
//! schema (nested objects become structs, arrays lists), a row group at a time. A test checks
//! that every key the JSON writers produce has its column.

use std::io::Write;
use std::sync::Arc;

use arrow_array::{
    ArrayRef, BooleanArray, Float64Array, Int64Array, ListArray, RecordBatch, StringArray,
    StructArray,
};
use arrow_buffer::{NullBuffer, OffsetBuffer};
use arrow_schema::{DataType, Field, Fields, Schema, SchemaRef};
use parquet::arrow::ArrowWriter;
use parquet::basic::{Compression, ZstdLevel};
use parquet::file::properties::WriterProperties;
use serde::Serialize;
use serde_json::Value;

use super::rows::Table;
use crate::error::{Error, Result};

/// Rows buffered before they are written as one batch: a few megabytes of documents.
const ROWS: usize = 4096;

fn text(name: &str) -> Field {
    Field::new(name, DataType::Utf8, true)
}

fn float(name: &str) -> Field {
    Field::new(name, DataType::Float64, true)
}

fn int(name: &str) -> Field {
    Field::new(name, DataType::Int64, true)
}

fn list(name: &str, item: DataType) -> Field {
    Field::new(
        name,
        DataType::List(Arc::new(Field::new("item", item, true))),
        true,
    )
}

fn object(name: &str, fields: Vec<Field>) -> Field {
    Field::new(name, DataType::Struct(Fields::from(fields)), true)
}

impl Table {
    /// The table's columns, named and nested as the JSON lines' keys.
    pub fn schema(self) -> SchemaRef {
        let fields = match self {
            Table::Documents => vec![
                text("id"),
                text("url"),
                text("site"),
                text("title"),
                text("published"),
                text("lang"),
                text("text"),
                int("chars"),
                list(
                    "removed",
                    DataType::Struct(Fields::from(vec![text("kind"), text("text")])),
                ),
                list("credits", DataType::Utf8),
            ],
            Table::Links => vec![
                text("a"),
                text("b"),
                text("relation"),
                float("score"),
                text("source"),
                text("basis"),
                object(
                    "evidence",
                    vec![
                        float("jaccard"),
                        float("containment"),
                        float("anchor_overlap"),
                        float("cosine"),
                        int("aligned_sentences"),
                        list("coverage", DataType::Float64),
                        float("kept_words"),
                        int("shared_quotes"),
                        float("days_apart"),
                        float("lead_cosine"),
                        float("conflict"),
                        float("story_similarity"),
                        float("embedding"),
                        list("languages", DataType::Utf8),
                    ],
                ),
            ],
            Table::Groups => vec![
                int("group"),
                text("kept"),
                list(
                    "members",
                    DataType::Struct(Fields::from(vec![text("id"), text("relation")])),
                ),
            ],
        };
        Arc::new(Schema::new(fields))
    }
}

/// Writes rows of one table as Parquet (zstd-compressed) to any byte sink.
pub struct ParquetRows<W: Write + Send> {
    writer: ArrowWriter<W>,
    schema: SchemaRef,
    rows: Vec<Value>,
    name: String,
}

impl<W: Write + Send> ParquetRows<W> {
    /// A writer of `table` over `out`; `name` names the destination in errors.
    pub fn new(out: W, name: impl Into<String>, table: Table) -> Result<ParquetRows<W>> {
        let name = name.into();
        let schema = table.schema();
        let writer = ArrowWriter::try_new(out, Arc::clone(&schema), Some(properties()))
            .map_err(|e| failed(&name, e))?;
        Ok(ParquetRows {
            writer,
            schema,
            rows: Vec::with_capacity(ROWS),
            name,
        })
    }

    /// Adds one row: the value a JSON line would hold.
    pub fn row(&mut self, row: &impl Serialize) -> Result<()> {
        let value = serde_json::to_value(row).map_err(|e| failed(&self.name, e))?;
        self.rows.push(value);
        if self.rows.len() >= ROWS {
            self.flush()?;
        }
        Ok(())
    }

    fn flush(&mut self) -> Result<()> {
        if self.rows.is_empty() {
            return Ok(());
        }
        let batch = batch(&self.schema, &self.rows).map_err(|e| failed(&self.name, e))?;
        self.rows.clear();
        self.writer.write(&batch).map_err(|e| failed(&self.name, e))
    }

    /// Writes what is buffered and the file's footer, and gives back the sink.
    pub fn finish(mut self) -> Result<W> {
        self.flush()?;
        self.writer.into_inner().map_err(|e| failed(&self.name, e))
    }
}

/// The kept rows of Parquet inputs, with every column they had and their copy group
/// (`retold_group`, null for a document in no group): `dedup --emit-kept FILE.parquet`.
pub struct KeptRows<W: Write + Send> {
    writer: ArrowWriter<W>,
    /// The inputs' columns (every input must have the same).
    input: SchemaRef,
    schema: SchemaRef,
    name: String,
    written: u64,
}

/// The column `--emit-kept FILE.parquet` adds: the kept document's copy group.
pub const GROUP_COLUMN: &str = "retold_group";

impl<W: Write + Send> KeptRows<W> {
    /// A writer over `out` for inputs of these columns. Fails when the inputs already have a
    /// `retold_group` column, or the sink refuses the header.
    pub fn new(out: W, name: impl Into<String>, input: SchemaRef) -> Result<KeptRows<W>> {
        let name = name.into();
        if input.index_of(GROUP_COLUMN).is_ok() {
            return Err(Error::Usage(format!(
                "{name}: the input already has a {GROUP_COLUMN:?} column (an output of \
                 retold?); deduplicate the original rows"
            )));
        }
        let mut fields: Vec<Field> = input.fields().iter().map(|f| f.as_ref().clone()).collect();
        fields.push(Field::new(GROUP_COLUMN, DataType::Int64, true));
        let schema = Arc::new(Schema::new_with_metadata(fields, input.metadata().clone()));
        let writer = ArrowWriter::try_new(out, Arc::clone(&schema), Some(properties()))
            .map_err(|e| failed(&name, e))?;
        Ok(KeptRows {
            writer,
            input,
            schema,
            name,
            written: 0,
        })
    }

    /// Writes the rows of `batch` that `keep` marks, each with its group. `groups` has one
    /// entry a row of `batch`. Fails when the batch's columns differ from the first input's.
    pub fn write(
        &mut self,
        batch: &RecordBatch,
        keep: &[bool],
        groups: &[Option<i64>],
        source: &str,
    ) -> Result<()> {
        if batch.schema().fields() != self.input.fields() {
            return Err(Error::Usage(format!(
                "{source}: its columns differ from the first input's, and one Parquet file \
                 holds one set of columns: emit each set apart, or write JSON Lines"
            )));
        }
        let mask = BooleanArray::from(keep.to_vec());
        let mut columns = batch.columns().to_vec();
        columns.push(Arc::new(Int64Array::from(groups.to_vec())));
        let all = RecordBatch::try_new(Arc::clone(&self.schema), columns)
            .map_err(|e| failed(&self.name, e))?;
        let kept = arrow_select::filter::filter_record_batch(&all, &mask)
            .map_err(|e| failed(&self.name, e))?;
        self.written += kept.num_rows() as u64;
        self.writer.write(&kept).map_err(|e| failed(&self.name, e))
    }

    /// Rows written so far.
    pub fn written(&self) -> u64 {
        self.written
    }

    /// Writes the footer and gives back the sink.
    pub fn finish(self) -> Result<W> {
        self.writer.into_inner().map_err(|e| failed(&self.name, e))
    }
}

/// How retold writes Parquet: zstd (level 3, the codec's default), row groups of at most
/// 64k rows or 128 MB so a reader never holds a whole large table.
pub fn properties() -> WriterProperties {
    let zstd = ZstdLevel::try_new(3).unwrap_or_default();
    WriterProperties::builder()
        .set_compression(Compression::ZSTD(zstd))
        .set_max_row_group_row_count(Some(64 * 1024))
        .set_max_row_group_bytes(Some(128 << 20))
        .build()
}

fn failed(name: &str, err: impl std::fmt::Display) -> Error {
    Error::io(name, std::io::Error::other(err.to_string()))
}

/// The rows as one batch of the schema's columns.
fn batch(schema: &SchemaRef, rows: &[Value]) -> std::result::Result<RecordBatch, String> {
    let columns = schema
        .fields()
        .iter()
        .map(|field| {
            let values: Vec<Option<&Value>> = rows.iter().map(|r| r.get(field.name())).collect();
            column(field.data_type(), &values)
        })
        .collect::<std::result::Result<Vec<ArrayRef>, String>>()?;
    RecordBatch::try_new(Arc::clone(schema), columns).map_err(|e| e.to_string())
}

/// One column of `data_type` from the values rows hold (`None` or JSON null: a null).
fn column(
    data_type: &DataType,
    values: &[Option<&Value>],
) -> std::result::Result<ArrayRef, String> {
    fn present<'v>(v: &Option<&'v Value>) -> Option<&'v Value> {
        v.filter(|v| !v.is_null())
    }
    Ok(match data_type {
        DataType::Utf8 => Arc::new(
            values
                .iter()
                .map(|v| {
                    present(v).map(|v| match v {
                        Value::String(s) => s.clone(),
                        other => other.to_string(),
                    })
                })
                .collect::<StringArray>(),
        ),
        DataType::Float64 => Arc::new(
            values
                .iter()
                .map(|v| present(v).and_then(Value::as_f64))
                .collect::<Float64Array>(),
        ),
        DataType::Int64 => Arc::new(
            values
                .iter()
                .map(|v| present(v).and_then(Value::as_i64))
                .collect::<Int64Array>(),
        ),
        DataType::Boolean => Arc::new(
            values
                .iter()
                .map(|v| present(v).and_then(Value::as_bool))
                .collect::<BooleanArray>(),
        ),
        DataType::List(item) => {
            let mut lengths = Vec::with_capacity(values.len());
            let mut items = Vec::new();
            for v in values {
                let list = present(v).and_then(Value::as_array);
                lengths.push(list.map_or(0, Vec::len));
                items.extend(list.into_iter().flatten().map(Some));
            }
            let nulls = NullBuffer::from_iter(values.iter().map(|v| present(v).is_some()));
            let child = column(item.data_type(), &items)?;
            Arc::new(
                ListArray::try_new(
                    Arc::clone(item),
                    OffsetBuffer::from_lengths(lengths),
                    child,
                    Some(nulls),
                )
                .map_err(|e| e.to_string())?,
            )
        }
        DataType::Struct(fields) => {
            let children = fields
                .iter()
                .map(|field| {
                    let inner: Vec<Option<&Value>> = values
                        .iter()
                        .map(|v| present(v).and_then(|v| v.get(field.name())))
                        .collect();
                    column(field.data_type(), &inner)
                })
                .collect::<std::result::Result<Vec<ArrayRef>, String>>()?;
            let nulls = NullBuffer::from_iter(values.iter().map(|v| present(v).is_some()));
            Arc::new(
                StructArray::try_new(fields.clone(), children, Some(nulls))
                    .map_err(|e| e.to_string())?,
            )
        }
        other => return Err(format!("no Parquet column of type {other}")),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Article, ChromeKind, Evidence, Link, Published, Relation, Removed};
    use crate::output::{DocumentWriter, GroupView, LinkWriter, OutputFormat};
    use arrow_array::cast::AsArray;
    use arrow_array::Array;
    use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;

    /// Every key of `value` (nested objects too) is a column of `fields`.
    fn keys_have_columns(value: &Value, fields: &Fields, path: &str) {
        let Some(object) = value.as_object() else {
            return;
        };
        for (key, inner) in object {
            let field = fields
                .iter()
                .find(|f| f.name() == key)
                .unwrap_or_else(|| panic!("{path}{key} has no Parquet column"));
            match (field.data_type(), inner) {
                (DataType::Struct(fields), _) => {
                    keys_have_columns(inner, fields, &format!("{key}."))
                }
                (DataType::List(item), Value::Array(items)) => {
                    if let DataType::Struct(fields) = item.data_type() {
                        for item in items {
                            keys_have_columns(item, fields, &format!("{key}[]."));
                        }
                    }
                }
                _ => {}
            }
        }
    }

    fn full_link() -> Link {
        Link {
            a: 0,
            b: 1,
            relation: Relation::Spin,
            score: 0.8,
            source: Some(0),
            basis: Some(crate::model::Basis::Date),
            evidence: Evidence {
                jaccard: Some(0.1),
                containment: Some(0.2),
                anchor_overlap: Some(0.3),
                cosine: Some(0.4),
                aligned_sentences: Some(5),
                coverage: Some([0.9, 0.8]),
                kept_words: Some(0.7),
                shared_quotes: Some(2),
                days_apart: Some(1.5),
                lead_cosine: Some(0.6),
                conflict: Some(0.0),
                story_similarity: Some(0.95),
                embedding: Some(0.5),
                languages: Some(["fra".into(), "eng".into()]),
            },
        }
    }

    fn article() -> Article {
        Article {
            id: "a".into(),
            url: Some("https://x.test/a".into()),
            site: None,
            title: Some("Title".into()),
            published: Some(Published {
                epoch: 0,
                iso: "1970-01-01".into(),
            }),
            lang: Some("eng".into()),
            text: "Text of a.".into(),
            removed: vec![Removed {
                kind: ChromeKind::Share,
                text: "Share".into(),
            }],
            credits: vec!["AP".into()],
        }
    }

    fn read_back(bytes: Vec<u8>) -> RecordBatch {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("t.parquet");
        std::fs::write(&path, bytes).expect("write");
        let file = std::fs::File::open(&path).expect("open");
        let reader = ParquetRecordBatchReaderBuilder::try_new(file)
            .expect("reader")
            .build()
            .expect("build");
        let batches: Vec<RecordBatch> = reader.map(|b| b.expect("batch")).collect();
        arrow_select::concat::concat_batches(&batches[0].schema(), &batches).expect("concat")
    }

    #[test]
    fn every_json_key_has_a_column() {
        let ids = vec!["x".to_string(), "y".to_string()];
        let mut links = LinkWriter::new(Vec::new(), "mem", &ids);
        links.write_link(&full_link()).expect("link");
        let members = [0, 1];
        let relations = [None, Some(Relation::Spin)];
        links
            .write_group(&GroupView {
                group: 0,
                kept: 0,
                members: &members,
                relations: &relations,
            })
            .expect("group");
        let text = String::from_utf8(links.finish().expect("finish")).expect("utf8");
        let mut lines = text
            .lines()
            .map(|l| serde_json::from_str::<Value>(l).expect("json"));
        let link = lines.next().expect("link line");
        keys_have_columns(&link, Table::Links.schema().fields(), "");
        keys_have_columns(
            &lines.next().expect("group line"),
            Table::Groups.schema().fields(),
            "",
        );
        let mut docs = DocumentWriter::new(Vec::new(), "mem");
        docs.write(&article()).expect("doc");
        let doc: Value = serde_json::from_slice(&docs.finish().expect("finish")).expect("json");
        keys_have_columns(&doc, Table::Documents.schema().fields(), "");
    }

    #[test]
    fn tables_round_trip() {
        let ids = vec!["x".to_string(), "y".to_string()];
        let mut links =
            LinkWriter::with_format(Vec::new(), "mem", &ids, OutputFormat::Parquet, Table::Links)
                .expect("writer");
        links.write_link(&full_link()).expect("link");
        let mut plain = full_link();
        plain.evidence = Evidence::default();
        plain.source = None;
        links.write_link(&plain).expect("link");
        let batch = read_back(links.finish().expect("finish"));
        assert_eq!(batch.num_rows(), 2);
        let b = batch.column_by_name("b").expect("b").as_string::<i32>();
        assert_eq!(b.value(0), "y");
        let source = batch.column_by_name("source").expect("source");
        assert!(source.is_valid(0) && source.is_null(1));
        let evidence = batch
            .column_by_name("evidence")
            .expect("evidence")
            .as_struct();
        let coverage = evidence
            .column_by_name("coverage")
            .expect("coverage")
            .as_list::<i32>();
        let first = coverage.value(0);
        assert_eq!(
            first
                .as_primitive::<arrow_array::types::Float64Type>()
                .values(),
            &[0.9, 0.8]
        );
        assert!(coverage.is_null(1));
        let languages = evidence
            .column_by_name("languages")
            .expect("languages")
            .as_list::<i32>();
        assert_eq!(languages.value(0).as_string::<i32>().value(1), "eng");

        let mut docs =
            DocumentWriter::with_format(Vec::new(), "mem", OutputFormat::Parquet).expect("writer");
        for _ in 0..ROWS + 3 {
            docs.write(&article()).expect("doc");
        }
        let batch = read_back(docs.finish().expect("finish"));
        assert_eq!(batch.num_rows(), ROWS + 3);
        let chars = batch.column_by_name("chars").expect("chars");
        assert_eq!(
            chars
                .as_primitive::<arrow_array::types::Int64Type>()
                .value(0),
            10
        );
        let removed = batch
            .column_by_name("removed")
            .expect("removed")
            .as_list::<i32>();
        let first = removed.value(ROWS + 2);
        let kinds = first
            .as_struct()
            .column_by_name("kind")
            .expect("kind")
            .as_string::<i32>();
        assert_eq!(kinds.value(0), "share");
        assert!(batch.column_by_name("site").expect("site").is_null(0));
    }
}
