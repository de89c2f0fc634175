//! `--emit-kept`: input lines written aside while reading (stdin cannot be read twice), one per
//! document, and the kept ones copied out at the end.

use std::fs::File;
use std::io::{BufRead, BufReader, BufWriter, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use crate::cluster::Group;
use crate::error::{Error, Result};
use crate::model::{Body, Record};
use crate::output::Sink;

/// The input record as a JSON line, for inputs that are not JSON Lines (files, WARC records).
pub(super) fn record_json(record: &Record) -> String {
    let mut object = serde_json::Map::new();
    object.insert("id".into(), record.id.clone().into());
    for (key, value) in [
        ("url", &record.url),
        ("title", &record.title),
        ("published", &record.published),
        ("site", &record.site),
    ] {
        if let Some(v) = value {
            object.insert(key.into(), v.clone().into());
        }
    }
    match &record.body {
        Body::Text(t) => object.insert("text".into(), t.clone().into()),
        Body::Html(h) => object.insert("html".into(), h.clone().into()),
    };
    serde_json::Value::Object(object).to_string()
}

/// Input lines written aside while reading, one per document, for `--emit-kept`.
pub(super) struct Spool {
    path: PathBuf,
    out: BufWriter<File>,
}

impl Spool {
    /// A spool beside `emit` (`FILE.spool`), or in the temp directory when `emit` is `-`.
    pub(super) fn create(emit: &Path) -> Result<Spool> {
        let path = if emit == Path::new("-") {
            std::env::temp_dir().join(format!("retold-{}.spool", std::process::id()))
        } else {
            let mut name = emit.file_name().unwrap_or_default().to_os_string();
            name.push(".spool");
            emit.with_file_name(name)
        };
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        }
        let file = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .create_new(true)
            .open(&path)
            .map_err(|e| Error::io(&path, e))?;
        // An open file outlives its name on Unix: nothing is left behind, whatever stops the
        // run. Elsewhere the name stays until `emit` removes it.
        if cfg!(unix) {
            let _ = std::fs::remove_file(&path);
        }
        Ok(Spool {
            path,
            out: BufWriter::with_capacity(1 << 20, file),
        })
    }

    pub(super) fn write(&mut self, line: &str) -> Result<()> {
        // A raw JSONL line never holds a newline; a serialised record escapes its own.
        self.out
            .write_all(line.as_bytes())
            .and_then(|()| self.out.write_all(b"\n"))
            .map_err(|e| Error::io(&self.path, e))
    }

    /// Copies the lines of kept documents (singletons and each group's kept member) to `dest`.
    pub(super) fn emit(self, dest: &Path, n: usize, groups: &[Group]) -> Result<u64> {
        let Spool { path, out } = self;
        let mut spool = out
            .into_inner()
            .map_err(|e| Error::io(&path, e.into_error()))?;
        spool
            .seek(SeekFrom::Start(0))
            .map_err(|e| Error::io(&path, e))?;
        let keep = crate::cluster::kept(n, groups);
        let mut out = Sink::create(dest)?;
        let mut kept = 0;
        for (line, keep) in BufReader::with_capacity(1 << 20, spool).lines().zip(keep) {
            let line = line.map_err(|e| Error::io(&path, e))?;
            if keep {
                writeln!(out, "{line}").map_err(|e| Error::io(dest, e))?;
                kept += 1;
            }
        }
        out.commit()?;
        if path.exists() {
            std::fs::remove_file(&path).map_err(|e| Error::io(&path, e))?;
        }
        Ok(kept)
    }
}
