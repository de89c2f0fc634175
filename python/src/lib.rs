//! Python bindings of retold: Python values in, the library's runs, JSON rows out; no rules.
//!
//! Records cross as JSON values, so a dict is read by the very code that reads a JSON line
//! (`FieldMap::record`), and results cross as the JSON lines the CLI writes, so the Python
//! package's answers are the CLI's by construction. Every run releases the GIL.

use std::path::PathBuf;

use pyo3::exceptions::PyException;
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple};
use serde_json::{Map, Value};

use retold::cluster::Keep;
use retold::model::{Origin, Place, Record, Relation, Warning};
use retold::output::{DocumentWriter, GroupView, LinkWriter, StoryWriter};
use retold::pipeline::dedup::COPY_RELATIONS;
use retold::pipeline::ingest::{Arrivals, Arrived, IngestOptions};
use retold::pipeline::stories::{Stories, StoriesOptions};
use retold::pipeline::{Dedup, DedupOptions};
use retold::read::{FieldMap, Ids, ReadOptions};
use retold::relate::CopyRules;

pyo3::create_exception!(
    retold,
    RetoldError,
    PyException,
    "Something retold could not do."
);
pyo3::create_exception!(
    retold,
    InputError,
    RetoldError,
    "Bad input: a record, a file or an argument; the message names which and where."
);

/// The Python exception for a library error.
fn raise(e: retold::Error) -> PyErr {
    match e {
        retold::Error::Record { .. }
        | retold::Error::Io { .. }
        | retold::Error::Format { .. }
        | retold::Error::Usage(_) => InputError::new_err(e.to_string()),
        _ => RetoldError::new_err(e.to_string()),
    }
}

/// A Python value as JSON: dicts, lists, strings, numbers, booleans and None as themselves;
/// anything else (a date, a path) as its `str()`.
fn json(value: &Bound<'_, PyAny>) -> PyResult<Value> {
    if value.is_none() {
        return Ok(Value::Null);
    }
    if let Ok(s) = value.cast::<PyString>() {
        return Ok(Value::String(s.to_str()?.to_owned()));
    }
    if value.is_instance_of::<PyBool>() {
        return Ok(Value::Bool(value.extract()?));
    }
    if value.is_instance_of::<PyInt>() {
        if let Ok(n) = value.extract::<i64>() {
            return Ok(Value::from(n));
        }
        return Ok(Value::String(value.str()?.to_str()?.to_owned()));
    }
    if value.is_instance_of::<PyFloat>() {
        let f: f64 = value.extract()?;
        return Ok(serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number));
    }
    if let Ok(d) = value.cast::<PyDict>() {
        let mut map = Map::with_capacity(d.len());
        for (k, v) in d.iter() {
            map.insert(k.str()?.to_str()?.to_owned(), json(&v)?);
        }
        return Ok(Value::Object(map));
    }
    if value.is_instance_of::<PyList>() || value.is_instance_of::<PyTuple>() {
        let items: PyResult<Vec<Value>> = value.try_iter()?.map(|v| json(&v?)).collect();
        return Ok(Value::Array(items?));
    }
    Ok(Value::String(value.str()?.to_str()?.to_owned()))
}

/// The field map of `fields` (`{"text": "body"}`), as `--field text=body` makes it.
fn field_map(fields: Option<&Bound<'_, PyDict>>) -> PyResult<FieldMap> {
    let mut map = FieldMap::default();
    if let Some(fields) = fields {
        for (field, key) in fields.iter() {
            let key: String = match key.extract::<Vec<String>>() {
                Ok(keys) if !key.is_instance_of::<PyString>() => keys.join(","),
                _ => key.extract()?,
            };
            map.set(&format!("{}={key}", field.extract::<String>()?))
                .map_err(raise)?;
        }
    }
    Ok(map)
}

/// The records of a Python iterable of dicts (read as JSON lines are) or strings (texts).
/// A record without an id is named by its position, from 0. A dict with no text or title is
/// a warning, as a JSON line's would be; anything else is an [`InputError`].
fn records(items: &Bound<'_, PyAny>, fields: &FieldMap) -> PyResult<(Vec<Record>, Vec<Warning>)> {
    let mut out = Vec::new();
    let mut warnings = Vec::new();
    let mut keys: Vec<&str> = fields.keys().collect();
    keys.sort_unstable();
    keys.dedup();
    for (i, item) in items.try_iter()?.enumerate() {
        let item = item?;
        let origin = Origin {
            path: "records".to_string(),
            place: Place::Line(i as u64 + 1),
        };
        let value = if let Ok(s) = item.cast::<PyString>() {
            let mut map = Map::new();
            map.insert("text".into(), Value::String(s.to_str()?.to_owned()));
            Value::Object(map)
        } else if let Ok(dict) = item.cast::<PyDict>() {
            // Only the keys a field is looked up by: a record's other columns are not read.
            let mut map = Map::new();
            for key in &keys {
                if let Some(v) = dict.get_item(key)? {
                    map.insert(key.to_string(), json(&v)?);
                }
            }
            Value::Object(map)
        } else {
            let kind = item.get_type().name()?;
            return Err(InputError::new_err(format!(
                "record {i}: expected a dict or a str, found {kind}"
            )));
        };
        match fields.record(value, origin) {
            Ok(mut record) => {
                if !record.named {
                    record.id = i.to_string();
                }
                out.push(record);
            }
            Err(w) => warnings.push(w),
        }
    }
    Ok((out, warnings))
}

/// The inputs as paths, when `items` is one path (a str or an os.PathLike) or a list of
/// os.PathLike (a list of str is a list of texts).
fn paths(items: &Bound<'_, PyAny>) -> Option<Vec<String>> {
    let path = |v: &Bound<'_, PyAny>| -> Option<String> {
        if v.is_instance_of::<PyString>() {
            return None;
        }
        v.extract::<PathBuf>()
            .ok()
            .map(|p| p.to_string_lossy().into_owned())
    };
    if items.is_instance_of::<PyString>() {
        return items.extract::<String>().ok().map(|p| vec![p]);
    }
    if let Some(p) = path(items) {
        return Some(vec![p]);
    }
    let list = items.cast::<PyList>().ok()?;
    if list.is_empty() {
        return None;
    }
    list.iter().map(|v| path(&v)).collect()
}

fn relations(names: Option<Vec<String>>) -> PyResult<Vec<Relation>> {
    let Some(names) = names else {
        return Ok(COPY_RELATIONS.to_vec());
    };
    names
        .iter()
        .map(|n| {
            COPY_RELATIONS
                .iter()
                .chain(&[Relation::SameStory])
                .copied()
                .find(|r| r.as_str() == n)
                .ok_or_else(|| {
                    InputError::new_err(format!(
                        "unknown relation {n:?}: expected exact, near_copy, excerpt, spin, \
                         rewrite or same_story"
                    ))
                })
        })
        .collect()
}

/// Runs `work` without the GIL, on `threads` threads (None: as the CLI, every core).
fn detached<T: Send>(
    py: Python<'_>,
    threads: Option<usize>,
    work: impl FnOnce() -> retold::Result<T> + Send,
) -> PyResult<T> {
    py.detach(|| match threads {
        None => work(),
        Some(n) => rayon::ThreadPoolBuilder::new()
            .num_threads(n.max(1))
            .build()
            .map_err(|e| retold::Error::Usage(format!("threads={n}: {e}")))?
            .install(work),
    })
    .map_err(raise)
}

/// The lines a writer made, one row each.
fn lines(bytes: Vec<u8>) -> Vec<String> {
    String::from_utf8_lossy(&bytes)
        .lines()
        .map(String::from)
        .collect()
}

fn place_reason(w: &Warning) -> (String, String) {
    (w.place.clone(), w.reason.clone())
}

/// What `_dedup` returns: kept ids, groups and links as the CLI's JSON lines, warnings.
type DedupRows = (
    Vec<String>,
    Vec<String>,
    Vec<String>,
    Vec<(String, String)>,
    u64,
);

/// Deduplicates records (or the files at paths) as `retold dedup` does.
#[pyfunction]
#[pyo3(signature = (records, *, fields=None, relations=None, threshold=0.7, keep="earliest", threads=None))]
fn _dedup(
    py: Python<'_>,
    records: &Bound<'_, PyAny>,
    fields: Option<&Bound<'_, PyDict>>,
    relations: Option<Vec<String>>,
    threshold: f64,
    keep: &str,
    threads: Option<usize>,
) -> PyResult<DedupRows> {
    if !(threshold > 0.0 && threshold <= 1.0) {
        return Err(InputError::new_err(format!(
            "threshold must be in (0, 1], got {threshold}"
        )));
    }
    let keep = match keep {
        "earliest" => Keep::Earliest,
        "longest" => Keep::Longest,
        "first" => Keep::First,
        other => {
            return Err(InputError::new_err(format!(
                "keep={other:?}: expected \"earliest\", \"longest\" or \"first\""
            )))
        }
    };
    let fields = field_map(fields)?;
    let options = DedupOptions {
        read: ReadOptions {
            fields: fields.clone(),
            ..ReadOptions::default()
        },
        rules: CopyRules {
            near_copy: threshold,
            ..CopyRules::default()
        },
        keep,
        relations: self::relations(relations)?,
        ..DedupOptions::default()
    };
    let (run, mut warnings) = match paths(records) {
        Some(paths) => (Dedup::open(&paths, options).map_err(raise)?, Vec::new()),
        None => {
            let (records, warnings) = self::records(records, &fields)?;
            (
                Dedup::from_records(records, options).map_err(raise)?,
                warnings,
            )
        }
    };
    let result = detached(py, threads, move || {
        let mut seen = Vec::new();
        let result = run.run(&mut |w| seen.push(w.clone()), &mut |_| {})?;
        Ok((result, seen))
    })?;
    let (result, seen) = result;
    // Records the conversion skipped were read too.
    let read = result.tally.records + warnings.len() as u64;
    warnings.extend(seen);
    let mut links = LinkWriter::new(Vec::new(), "links", &result.ids);
    for link in &result.links {
        links.write_link(link).map_err(raise)?;
    }
    let links = lines(links.finish().map_err(raise)?);
    let mut groups = LinkWriter::new(Vec::new(), "groups", &result.ids);
    for (n, group) in result.groups.iter().enumerate() {
        groups
            .write_group(&GroupView {
                group: n,
                kept: group.kept,
                members: &group.members,
                relations: &group.relations,
            })
            .map_err(raise)?;
    }
    let groups = lines(groups.finish().map_err(raise)?);
    let keep = retold::cluster::kept(result.ids.len(), &result.groups);
    let kept = result
        .ids
        .iter()
        .zip(&keep)
        .filter(|(_, &k)| k)
        .map(|(id, _)| id.clone())
        .collect();
    let warnings = warnings.iter().map(place_reason).collect();
    Ok((kept, groups, links, warnings, read))
}

/// What `_stories` returns: documents, links and stories as the CLI's JSON lines, warnings.
type StoryRows = (Vec<String>, Vec<String>, Vec<String>, Vec<(String, String)>);

/// Groups records (or the files at paths) into stories as `retold stories` does.
#[pyfunction]
#[pyo3(signature = (records, *, fields=None, threads=None))]
fn _stories(
    py: Python<'_>,
    records: &Bound<'_, PyAny>,
    fields: Option<&Bound<'_, PyDict>>,
    threads: Option<usize>,
) -> PyResult<StoryRows> {
    let fields = field_map(fields)?;
    let options = StoriesOptions {
        read: ReadOptions {
            fields: fields.clone(),
            ..ReadOptions::default()
        },
        ..StoriesOptions::default()
    };
    let (run, mut warnings) = match paths(records) {
        Some(paths) => (Stories::open(&paths, options).map_err(raise)?, Vec::new()),
        None => {
            let (records, warnings) = self::records(records, &fields)?;
            (Stories::from_records(records, options), warnings)
        }
    };
    let (documents, links, stories, seen) = detached(py, threads, move || {
        let mut seen = Vec::new();
        let mut documents = DocumentWriter::new(Vec::new(), "documents");
        let result = run.run(&mut |a| documents.write(a), &mut |w| seen.push(w.clone()))?;
        let documents = documents.finish()?;
        let ids: Vec<String> = result.docs.iter().map(|d| d.id.clone()).collect();
        let mut links = LinkWriter::new(Vec::new(), "links", &ids);
        for link in &result.links {
            links.write_link(link)?;
        }
        let links = links.finish()?;
        let mut stories = StoryWriter::new(Vec::new(), "stories", &result.docs);
        for (n, story) in result.stories.iter().enumerate() {
            stories.write(n, story)?;
        }
        Ok((documents, links, stories.finish()?, seen))
    })?;
    warnings.extend(seen);
    let warnings = warnings.iter().map(place_reason).collect();
    Ok((lines(documents), lines(links), lines(stories), warnings))
}

/// Compares two documents (dicts or texts) as `retold compare --json` does; the JSON object.
#[pyfunction]
#[pyo3(signature = (a, b, *, fields=None))]
fn _compare(
    py: Python<'_>,
    a: &Bound<'_, PyAny>,
    b: &Bound<'_, PyAny>,
    fields: Option<&Bound<'_, PyDict>>,
) -> PyResult<String> {
    let fields = field_map(fields)?;
    let pair = PyList::new(py, [a, b])?;
    let (mut records, warnings) = records(pair.as_any(), &fields)?;
    if let Some(w) = warnings.first() {
        let side = if w.place.ends_with(":1") { "a" } else { "b" };
        return Err(InputError::new_err(format!("{side}: {}", w.reason)));
    }
    let (rb, ra) = (records.pop(), records.pop());
    let (Some(ra), Some(rb)) = (ra, rb) else {
        return Err(InputError::new_err("compare needs two documents"));
    };
    py.detach(move || {
        let side = |r: Record, name: &str| {
            retold::extract::extract(r).map_err(|w| format!("{name}: {}", w.reason))
        };
        let (a, b) = (side(ra, "a")?, side(rb, "b")?);
        let comparison = retold::pipeline::compare::Comparer::default().compare(&a, &b);
        serde_json::to_string(&comparison).map_err(|e| e.to_string())
    })
    .map_err(InputError::new_err)
}

/// A streaming deduplicator over an index file: each document added is matched against
/// every one added before it, by the code of `retold ingest`.
#[pyclass(frozen, module = "retold._retold")]
struct Arrival {
    inner: Arrivals,
}

#[pymethods]
impl Arrival {
    #[new]
    #[pyo3(signature = (path, *, threshold=0.7))]
    fn new(py: Python<'_>, path: PathBuf, threshold: f64) -> PyResult<Arrival> {
        if !(threshold > 0.0 && threshold <= 1.0) {
            return Err(InputError::new_err(format!(
                "threshold must be in (0, 1], got {threshold}"
            )));
        }
        let options = IngestOptions {
            copy: CopyRules {
                near_copy: threshold,
                ..CopyRules::default()
            },
            read: ReadOptions {
                ids: Ids::Content,
                ..ReadOptions::default()
            },
            ..IngestOptions::default()
        };
        let inner = py
            .detach(|| Arrivals::open(&path, &options))
            .map_err(raise)?;
        Ok(Arrival { inner })
    }

    /// Adds records (dicts or texts) in order; for each, `(id, added, [(other id, relation,
    /// score)])`, or `(place, None, reason)` when it was skipped.
    #[pyo3(signature = (items, *, fields=None))]
    fn add(
        &self,
        py: Python<'_>,
        items: &Bound<'_, PyAny>,
        fields: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<Vec<Py<PyAny>>> {
        let fields = field_map(fields)?;
        let (records, warnings) = records(items, &fields)?;
        if let Some(w) = warnings.first() {
            return Err(InputError::new_err(w.to_string()));
        }
        let records: Vec<Record> = records
            .into_iter()
            .map(|mut r| {
                if !r.named {
                    r.id = retold::read::content_id(&r);
                }
                r
            })
            .collect();
        let arrived = py.detach(|| self.inner.add(records)).map_err(raise)?;
        arrived
            .into_iter()
            .map(|a| match a {
                Arrived::Placed { id, added, links } => {
                    let links: Vec<(String, &str, f64)> = links
                        .into_iter()
                        .map(|(other, relation, score)| (other, relation.as_str(), score))
                        .collect();
                    Ok((id, Some(added), links)
                        .into_pyobject(py)?
                        .into_any()
                        .unbind())
                }
                Arrived::Skipped(w) => Ok((w.place, None::<bool>, w.reason)
                    .into_pyobject(py)?
                    .into_any()
                    .unbind()),
            })
            .collect()
    }

    /// How many documents the index holds.
    fn __len__(&self, py: Python<'_>) -> PyResult<usize> {
        let n = py.detach(|| self.inner.len()).map_err(raise)?;
        Ok(n as usize)
    }
}

/// retold's engine: dedup with spins and rewrites, stories, comparisons (see the `retold`
/// package for the documented API).
#[pymodule]
mod _retold {
    #[pymodule_export]
    use super::{_compare, _dedup, _stories, Arrival};

    #[pymodule_init]
    fn init(m: &pyo3::Bound<'_, pyo3::types::PyModule>) -> pyo3::PyResult<()> {
        use pyo3::prelude::*;
        let py = m.py();
        m.add("RetoldError", py.get_type::<super::RetoldError>())?;
        m.add("InputError", py.get_type::<super::InputError>())?;
        m.add("__version__", env!("CARGO_PKG_VERSION"))?;
        Ok(())
    }
}
