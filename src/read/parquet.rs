//! Parquet inputs: each row a record, read a row group at a time and only the columns the
//! fields name.
//!
//! Parquet keeps the map of its row groups in a footer at the end of the file, so it is read
//! from a path, never from a stream. Each row group gets a reader of its own: a damaged group
//! (a bad page, a codec this build lacks) is one warning, and the next group starts afresh, as
//! a bad JSON line is skipped and the next one read. Columns are found by the same names as
//! JSON keys (`--field` sets them); a row's place is `FILE:ROW`, 1-based, as a line's is.

use std::borrow::Cow;
use std::collections::VecDeque;
use std::fs::File;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use arrow_array::cast::AsArray;
use arrow_array::types::{
    Date32Type, Date64Type, Float32Type, Float64Type, Int16Type, Int32Type, Int64Type, Int8Type,
    TimestampMicrosecondType, TimestampMillisecondType, TimestampNanosecondType,
    TimestampSecondType, UInt16Type, UInt32Type, UInt64Type, UInt8Type,
};
use arrow_array::{Array, ArrayRef, RecordBatch};
use arrow_schema::{DataType, TimeUnit};
use parquet::arrow::arrow_reader::{
    ArrowReaderMetadata, ArrowReaderOptions, ParquetRecordBatchReader,
    ParquetRecordBatchReaderBuilder,
};
use parquet::arrow::ProjectionMask;

use super::walk::FileEntry;
use super::{FieldMap, Item, ReadOptions};
use crate::model::{Body, Origin, Place, Problem, Record, Warning};

/// Rows per batch: a batch of news texts is a few megabytes, and the reader's batches of
/// records are smaller still.
const BATCH_ROWS: usize = 1024;

/// The fields of a record, in the order the columns are looked up.
#[derive(Clone, Copy)]
enum Field {
    Id,
    Text,
    Html,
    Title,
    Url,
    Published,
    Site,
}

const FIELDS: [Field; 7] = [
    Field::Id,
    Field::Text,
    Field::Html,
    Field::Title,
    Field::Url,
    Field::Published,
    Field::Site,
];

impl Field {
    fn keys(self, map: &FieldMap) -> &[String] {
        match self {
            Field::Id => &map.id,
            Field::Text => &map.text,
            Field::Html => &map.html,
            Field::Title => &map.title,
            Field::Url => &map.url,
            Field::Published => &map.published,
            Field::Site => &map.site,
        }
    }
}

/// A Parquet file being read, row group by row group.
pub(super) struct ParquetParser {
    file: File,
    shown: String,
    meta: ArrowReaderMetadata,
    mask: ProjectionMask,
    /// For each field (in [`FIELDS`] order), the columns that may give it, in preference order.
    columns: [Vec<String>; 7],
    /// The next row group to open.
    next_group: usize,
    /// The open row group's reader.
    reader: Option<ParquetRecordBatchReader>,
    /// Rows read before the current batch (the next row is `row + 1`).
    row: u64,
    /// The first row of the open row group.
    group_first_row: u64,
    /// On-disk bytes counted into the progress so far, and the file's size.
    progress: Arc<AtomicU64>,
    counted: u64,
    size: u64,
}

/// Opens a Parquet file: its footer read, its columns matched to the fields. A file that
/// cannot be used is one warning, pushed onto `out`. `counted` says the file's bytes are
/// already in the progress (it was opened as a stream first).
pub(super) fn open(
    entry: &FileEntry,
    options: &ReadOptions,
    progress: &Arc<AtomicU64>,
    out: &mut VecDeque<Item>,
    counted: bool,
) -> Option<ParquetParser> {
    let shown = entry.shown.clone();
    let counted = if counted { entry.size } else { 0 };
    let fail = |out: &mut VecDeque<Item>, reason: String| {
        progress.fetch_add(entry.size - counted, Ordering::Relaxed);
        out.push_back(Item::Warning(Warning {
            place: shown.clone(),
            problem: Problem::BadParquet,
            reason,
        }));
        None
    };
    let Some(path) = entry.path.as_deref() else {
        return fail(
            out,
            "Parquet cannot be read from standard input (its index is at the end of the file): \
             give the file's path"
                .to_string(),
        );
    };
    let file = match File::open(path) {
        Ok(file) => file,
        Err(err) => return fail(out, format!("cannot open: {err}")),
    };
    let meta = match ArrowReaderMetadata::load(&file, ArrowReaderOptions::new()) {
        Ok(meta) => meta,
        Err(err) => {
            return fail(
                out,
                format!("not a whole Parquet file, nothing read ({err})"),
            )
        }
    };
    let schema = Arc::clone(meta.schema());
    let mut columns: [Vec<String>; 7] = Default::default();
    let mut roots = Vec::new();
    for (slot, field) in columns.iter_mut().zip(FIELDS) {
        for key in field.keys(&options.fields) {
            let Ok(index) = schema.index_of(key) else {
                continue;
            };
            let data_type = schema.field(index).data_type();
            if !readable(data_type) {
                out.push_back(Item::Warning(Warning {
                    place: shown.clone(),
                    problem: Problem::IgnoredColumn,
                    reason: format!(
                        "column {key:?} is {data_type}, not text or a number: read as absent"
                    ),
                }));
                continue;
            }
            slot.push(key.clone());
            roots.push(index);
        }
    }
    let body = [Field::Text, Field::Html, Field::Title];
    if body.iter().all(|&f| columns[f as usize].is_empty()) {
        let looked: Vec<&str> = body
            .iter()
            .flat_map(|f| f.keys(&options.fields))
            .map(String::as_str)
            .collect();
        let had: Vec<String> = schema
            .fields()
            .iter()
            .map(|f| format!("{} ({})", f.name(), f.data_type()))
            .collect();
        return fail(
            out,
            format!(
                "no text column: looked for {}; the file has {} (--field text=NAME names another)",
                looked.join(", "),
                had.join(", ")
            ),
        );
    }
    roots.sort_unstable();
    roots.dedup();
    let mask = ProjectionMask::roots(meta.parquet_schema(), roots);
    Some(ParquetParser {
        file,
        shown,
        meta,
        mask,
        columns,
        next_group: 0,
        reader: None,
        row: 0,
        group_first_row: 0,
        progress: Arc::clone(progress),
        counted,
        size: entry.size,
    })
}

impl ParquetParser {
    /// Pushes at least one item onto `out`, or returns false when the file is done.
    pub fn fill(&mut self, out: &mut VecDeque<Item>) -> bool {
        loop {
            let Some(reader) = self.reader.as_mut() else {
                if !self.open_group(out) {
                    return false;
                }
                if !out.is_empty() {
                    return true;
                }
                continue;
            };
            match reader.next() {
                Some(Ok(batch)) => {
                    let before = out.len();
                    self.rows(&batch, out);
                    if out.len() > before {
                        return true;
                    }
                }
                Some(Err(err)) => {
                    let group = self.next_group - 1;
                    out.push_back(Item::Warning(Warning {
                        place: self.at(self.row + 1),
                        problem: Problem::BadParquet,
                        reason: format!(
                            "row group {group} is damaged from this row on, the rest of it \
                             skipped ({err})"
                        ),
                    }));
                    self.end_group();
                    return true;
                }
                None => self.end_group(),
            }
        }
    }

    /// Opens the next row group; false when there is none.
    fn open_group(&mut self, out: &mut VecDeque<Item>) -> bool {
        let groups = self.meta.metadata().num_row_groups();
        if self.next_group >= groups {
            return false;
        }
        let group = self.next_group;
        self.next_group += 1;
        self.group_first_row = self.row;
        let opened = self
            .file
            .try_clone()
            .map_err(|e| e.to_string())
            .and_then(|file| {
                ParquetRecordBatchReaderBuilder::new_with_metadata(file, self.meta.clone())
                    .with_projection(self.mask.clone())
                    .with_row_groups(vec![group])
                    .with_batch_size(BATCH_ROWS)
                    .build()
                    .map_err(|e| e.to_string())
            });
        match opened {
            Ok(reader) => self.reader = Some(reader),
            Err(err) => {
                out.push_back(Item::Warning(Warning {
                    place: self.at(self.row + 1),
                    problem: Problem::BadParquet,
                    reason: format!("row group {group} cannot be read, skipped ({err})"),
                }));
                self.end_group();
            }
        }
        true
    }

    /// Closes the open row group: its rows are counted as read, its bytes as consumed.
    fn end_group(&mut self) {
        self.reader = None;
        let group = self.meta.metadata().row_group(self.next_group - 1);
        let rows = u64::try_from(group.num_rows()).unwrap_or(0);
        self.row = self.row.max(self.group_first_row + rows);
        let bytes = u64::try_from(group.compressed_size()).unwrap_or(0);
        let bytes = bytes.min(self.size.saturating_sub(self.counted));
        self.counted += bytes;
        self.progress.fetch_add(bytes, Ordering::Relaxed);
    }

    /// The records of one batch.
    fn rows(&mut self, batch: &RecordBatch, out: &mut VecDeque<Item>) {
        let columns: Vec<Vec<Column<'_>>> = self
            .columns
            .iter()
            .map(|names| {
                names
                    .iter()
                    .filter_map(|name| batch.column_by_name(name))
                    .filter_map(column)
                    .collect()
            })
            .collect();
        let first = |field: Field, i: usize| -> Option<String> {
            columns[field as usize]
                .iter()
                .find_map(|c| c.get(i).filter(|v| !v.trim().is_empty()))
                .map(Cow::into_owned)
        };
        for i in 0..batch.num_rows() {
            self.row += 1;
            let origin = Origin {
                path: self.shown.clone(),
                place: Place::Line(self.row),
            };
            let title = first(Field::Title, i);
            let body = match (first(Field::Text, i), first(Field::Html, i)) {
                (Some(text), _) => Body::Text(text),
                (None, Some(html)) => Body::Html(html),
                (None, None) if title.is_some() => Body::Text(String::new()),
                (None, None) => {
                    out.push_back(Item::Warning(Warning {
                        place: origin.to_string(),
                        problem: Problem::Empty,
                        reason: "no text or title in this row".to_string(),
                    }));
                    continue;
                }
            };
            let id = first(Field::Id, i);
            out.push_back(Item::Record(Record {
                named: id.is_some(),
                id: id.unwrap_or_else(|| origin.to_string()),
                body,
                title,
                url: first(Field::Url, i),
                published: first(Field::Published, i),
                site: first(Field::Site, i),
                origin,
                repaired: 0,
                raw: None,
            }));
        }
    }

    /// The place `FILE:ROW`.
    fn at(&self, row: u64) -> String {
        Origin {
            path: self.shown.clone(),
            place: Place::Line(row),
        }
        .to_string()
    }
}

impl Drop for ParquetParser {
    /// A file left early (or whose row groups undercount it) settles its share of the progress.
    fn drop(&mut self) {
        let rest = self.size.saturating_sub(self.counted);
        self.progress.fetch_add(rest, Ordering::Relaxed);
    }
}

/// Whether a column of this type can give a field: text, bytes, numbers, dates.
fn readable(data_type: &DataType) -> bool {
    match data_type {
        DataType::Utf8
        | DataType::LargeUtf8
        | DataType::Utf8View
        | DataType::Binary
        | DataType::LargeBinary
        | DataType::BinaryView
        | DataType::Int8
        | DataType::Int16
        | DataType::Int32
        | DataType::Int64
        | DataType::UInt8
        | DataType::UInt16
        | DataType::UInt32
        | DataType::UInt64
        | DataType::Float32
        | DataType::Float64
        | DataType::Date32
        | DataType::Date64
        | DataType::Timestamp(_, _) => true,
        DataType::Dictionary(_, values) => readable(values),
        _ => false,
    }
}

/// One column of a batch, read row by row as text: numbers in decimal, times and dates as
/// epoch seconds (which the date parser reads), bytes as UTF-8 with bad sequences replaced.
struct Column<'a> {
    get: Box<dyn Fn(usize) -> Option<Cow<'a, str>> + 'a>,
}

impl<'a> Column<'a> {
    fn get(&self, i: usize) -> Option<Cow<'a, str>> {
        (self.get)(i)
    }
}

/// Wraps an array as a [`Column`], or `None` for a type [`readable`] refuses.
fn column(array: &ArrayRef) -> Option<Column<'_>> {
    let a: &dyn Array = array.as_ref();
    column_of(a)
}

fn column_of(a: &dyn Array) -> Option<Column<'_>> {
    fn of<'a>(f: impl Fn(usize) -> Option<Cow<'a, str>> + 'a) -> Option<Column<'a>> {
        Some(Column { get: Box::new(f) })
    }
    macro_rules! text {
        ($array:expr) => {{
            let array = $array;
            of(move |i| (!array.is_null(i)).then(|| Cow::Borrowed(array.value(i))))
        }};
    }
    macro_rules! bytes {
        ($array:expr) => {{
            let array = $array;
            of(move |i| (!array.is_null(i)).then(|| String::from_utf8_lossy(array.value(i))))
        }};
    }
    macro_rules! number {
        ($type:ty, $scale:expr) => {{
            let array = a.as_primitive::<$type>();
            let scale = $scale;
            of(move |i| (!array.is_null(i)).then(|| Cow::Owned(scale(array.value(i)).to_string())))
        }};
    }
    match a.data_type() {
        DataType::Utf8 => text!(a.as_string::<i32>()),
        DataType::LargeUtf8 => text!(a.as_string::<i64>()),
        DataType::Utf8View => text!(a.as_string_view()),
        DataType::Binary => bytes!(a.as_binary::<i32>()),
        DataType::LargeBinary => bytes!(a.as_binary::<i64>()),
        DataType::BinaryView => bytes!(a.as_binary_view()),
        DataType::Int8 => number!(Int8Type, |v| v),
        DataType::Int16 => number!(Int16Type, |v| v),
        DataType::Int32 => number!(Int32Type, |v| v),
        DataType::Int64 => number!(Int64Type, |v| v),
        DataType::UInt8 => number!(UInt8Type, |v| v),
        DataType::UInt16 => number!(UInt16Type, |v| v),
        DataType::UInt32 => number!(UInt32Type, |v| v),
        DataType::UInt64 => number!(UInt64Type, |v| v),
        DataType::Float32 => number!(Float32Type, |v| v),
        DataType::Float64 => number!(Float64Type, |v| v),
        DataType::Date32 => number!(Date32Type, |days: i32| i64::from(days) * 86_400),
        DataType::Date64 => number!(Date64Type, |ms: i64| ms.div_euclid(1000)),
        DataType::Timestamp(TimeUnit::Second, _) => number!(TimestampSecondType, |v| v),
        DataType::Timestamp(TimeUnit::Millisecond, _) => {
            number!(TimestampMillisecondType, |v: i64| v.div_euclid(1_000))
        }
        DataType::Timestamp(TimeUnit::Microsecond, _) => {
            number!(TimestampMicrosecondType, |v: i64| v.div_euclid(1_000_000))
        }
        DataType::Timestamp(TimeUnit::Nanosecond, _) => {
            number!(TimestampNanosecondType, |v: i64| v
                .div_euclid(1_000_000_000))
        }
        DataType::Dictionary(_, _) => {
            let dictionary = a.as_any_dictionary();
            if dictionary.values().is_empty() {
                // Every row null (the keys cannot be normalised against no values).
                return of(|_| None);
            }
            let keys = dictionary.normalized_keys();
            let values = column_of(dictionary.values().as_ref())?;
            of(move |i| match a.is_null(i) {
                true => None,
                false => keys.get(i).and_then(|&k| values.get(k)),
            })
        }
        _ => None,
    }
}

/// Reads every column of a Parquet file, a batch at a time, for a second pass over rows the
/// first pass read (`dedup --emit-kept FILE.parquet`): `each` gets the 1-based number of the
/// batch's first row and the batch. A row group the first pass could not read is passed over
/// whole, so row numbers stay those of the first pass. Fails when the file cannot be opened or
/// holds no whole Parquet footer.
pub fn each_batch(
    path: &std::path::Path,
    mut each: impl FnMut(u64, RecordBatch) -> crate::Result<()>,
) -> crate::Result<arrow_schema::SchemaRef> {
    let file = File::open(path).map_err(|e| crate::Error::io(path, e))?;
    let meta = ArrowReaderMetadata::load(&file, ArrowReaderOptions::new()).map_err(|e| {
        crate::Error::io(
            path,
            std::io::Error::other(format!("not a whole Parquet file: {e}")),
        )
    })?;
    let mut first_row = 1;
    for group in 0..meta.metadata().num_row_groups() {
        let rows = u64::try_from(meta.metadata().row_group(group).num_rows()).unwrap_or(0);
        let reader = file.try_clone().map_err(|e| crate::Error::io(path, e))?;
        let reader = ParquetRecordBatchReaderBuilder::new_with_metadata(reader, meta.clone())
            .with_row_groups(vec![group])
            .with_batch_size(BATCH_ROWS)
            .build();
        let mut row = first_row;
        for batch in reader.into_iter().flatten() {
            let Ok(batch) = batch else { break };
            let n = batch.num_rows() as u64;
            each(row, batch)?;
            row += n;
        }
        first_row += rows;
    }
    Ok(Arc::clone(meta.schema()))
}

#[cfg(test)]
mod tests;
