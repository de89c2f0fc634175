//! The copy pass of `dedup` in stages that can run apart: sketch each shard of the input
//! anywhere, group the band keys into candidate pairs, verify the pairs (in shards too), and
//! union the links into groups; the groups are those of one `dedup --relations
//! exact,near_copy,excerpt` process over the same input.
//!
//! Why the answers agree: a document is named by its ordinal, its index among every record of
//! the input, which is its index in a one-process run; each shard prepares the records whose
//! ordinal falls to it with the one-process preparer; candidates are made over all shards'
//! band keys in ordinal order by the one-process copy index; verification and grouping are the
//! one-process engine's and `cluster::groups`. Every stage writes its output whole (a file in
//! place means the stage is done, and a re-run skips it).

use std::path::{Path, PathBuf};

use super::corpus::CopyIndex;
use super::dedup::prepare_record;
use super::run_batched;
use super::Tally;
use crate::cluster::{groups, Group, Keep};
use crate::error::{Error, Result};
use crate::index::sketches::{read_run, read_sketches, Sketch, SketchRun, SketchWriter};
use crate::model::{Byline, DocId, DocIndex, Link, Relation, Warning};
use crate::output::{JsonLines, WholeFile};
use crate::read::{Item, ReadOptions, Reader};
use crate::relate::{CopyRules, Engine, Prepared, Preparer};

/// The relations the staged copy pass finds.
pub const SHARD_RELATIONS: [Relation; 3] = [Relation::Exact, Relation::NearCopy, Relation::Excerpt];

/// One of `count` shards, from 0.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    /// Which shard, from 0.
    pub index: u32,
    /// How many shards.
    pub count: u32,
}

impl Shard {
    /// Parses `I/N` (`0/1` is the whole input). A usage error otherwise.
    pub fn parse(spec: &str) -> Result<Shard> {
        let parsed = spec
            .split_once('/')
            .and_then(|(i, n)| Some((i.trim().parse().ok()?, n.trim().parse().ok()?)));
        match parsed {
            Some((index, count)) if index < count => Ok(Shard { index, count }),
            _ => Err(Error::Usage(format!(
                "--shard {spec}: expected I/N with 0 <= I < N, for example --shard 2/8"
            ))),
        }
    }

    /// Whether the record of this ordinal falls to this shard.
    pub fn holds(&self, ordinal: u64) -> bool {
        ordinal % u64::from(self.count) == u64::from(self.index)
    }

    /// The shard's file name in a stage's directory (`sketch-00002-of-00008.parquet`).
    pub fn file(&self, stage: &str, extension: &str) -> String {
        format!("{stage}-{:05}-of-{:05}.{extension}", self.index, self.count)
    }
}

/// What a stage did, for its summary line.
#[derive(Debug, Default, Clone)]
pub struct StageTally {
    /// Records read and skipped (sketch).
    pub tally: Tally,
    /// Documents, pairs or links written.
    pub written: u64,
    /// True when the output was there already and nothing was redone.
    pub skipped: bool,
}

/// Settings shared by the stages.
#[derive(Debug, Clone)]
pub struct ShardOptions {
    /// How inputs are read (sketch).
    pub read: ReadOptions,
    /// Stop at the first bad record.
    pub strict: bool,
    /// The near-copy threshold (sketch; later stages read it from the sketches).
    pub threshold: f64,
    /// Redo a stage whose output is there.
    pub force: bool,
}

impl Default for ShardOptions {
    fn default() -> ShardOptions {
        ShardOptions {
            read: ReadOptions::default(),
            strict: false,
            threshold: CopyRules::default().near_copy,
            force: false,
        }
    }
}

/// Stage 1: reads every input, prepares the records of `shard`, and writes their sketches to
/// `dir`. Every shard reads the whole input (to number its records as one process would), and
/// prepares only its own; warnings are reported by shard 0 alone.
pub fn sketch(
    inputs: &[String],
    shard: Shard,
    dir: &Path,
    options: &ShardOptions,
    on_warning: &mut dyn FnMut(&Warning),
) -> Result<StageTally> {
    let dest = dir.join(shard.file("sketch", "parquet"));
    if !options.force && read_run(&dest).is_ok() {
        return Ok(StageTally {
            skipped: true,
            ..StageTally::default()
        });
    }
    let preparer = Preparer::builder()
        .near_copy(options.threshold)
        .profile(false)
        .skeleton(false)
        .build();
    let reader = Reader::open(inputs, options.read.clone())?;
    // Each item with its record ordinal (counted here, in input order, before the pool).
    let mut ordinal = 0u64;
    let numbered = reader.map(move |item| {
        let at = ordinal;
        if matches!(item, Item::Record(_)) {
            ordinal += 1;
        }
        (at, item)
    });
    let mut tally = Tally::default();
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let writer = SketchWriter::new(WholeFile::create(&dest)?, &dest)?;
    let mut written = 0u64;
    let report = shard.index == 0;
    let work = |(at, item): (u64, Item)| match item {
        Item::Record(record) if shard.holds(at) => {
            let (id, doc, _) = prepare_record(record, &preparer);
            Ok(Some(sketch_of(at as DocIndex, id, doc)))
        }
        Item::Record(_) => Ok(None),
        Item::Warning(w) => Err(w),
    };
    // The file is written on a thread of its own, so that encoding a batch never holds up
    // the pool preparing the next ones.
    let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<Sketch>>(4);
    let (read, writer) = std::thread::scope(|scope| {
        let writing = scope.spawn(move || -> Result<SketchWriter<WholeFile>> {
            let mut writer = writer;
            for chunk in rx {
                for sketch in chunk {
                    writer.push(sketch)?;
                }
            }
            Ok(writer)
        });
        let mut chunk = Vec::with_capacity(1024);
        let read = run_batched(numbered, work, |done| {
            match done {
                Ok(sketch) => {
                    tally.records += 1;
                    tally.articles += 1;
                    if let Some(sketch) = sketch {
                        written += 1;
                        chunk.push(sketch);
                        if chunk.len() == 1024 {
                            let full = std::mem::replace(&mut chunk, Vec::with_capacity(1024));
                            // A closed channel means the writer failed: its error is returned.
                            let _ = tx.send(full);
                        }
                    }
                }
                Err(w) if report => tally.skip(w, on_warning, options.strict)?,
                Err(w) => tally.skip(w, &mut |_| {}, options.strict)?,
            }
            Ok(())
        });
        let _ = tx.send(chunk);
        drop(tx);
        let writer = writing
            .join()
            .unwrap_or_else(|_| Err(Error::Usage("the sketch writer stopped".into())));
        (read, writer)
    });
    read?;
    let writer = writer?;
    let run = SketchRun {
        shard: (shard.index, shard.count),
        records: tally.records,
        documents: tally.articles,
        threshold: options.threshold,
    };
    // A stop asked for (a signal) leaves no file: the shard is not done.
    if super::stop::stop_requested() {
        return Err(Error::Usage(
            "stopped before the end of the input: shard not written".into(),
        ));
    }
    writer.finish(&run)?.commit()?;
    Ok(StageTally {
        written,
        tally,
        skipped: false,
    })
}

fn sketch_of(doc: DocIndex, id: DocId, prepared: Prepared) -> Sketch {
    Sketch {
        doc,
        id,
        content_hash: prepared.content_hash,
        words: prepared.byline.words,
        published: prepared.byline.published,
        site: prepared.byline.site,
        title: prepared.byline.title,
        bands: prepared.bands,
        shingles: prepared.shingles,
    }
}

/// The sketch files of a complete run in `dir`: every shard of one count, of one input.
fn sketch_files(dir: &Path) -> Result<(Vec<PathBuf>, SketchRun)> {
    let entries = std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))?;
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
            name.starts_with("sketch-") && name.ends_with(".parquet")
        })
        .collect();
    files.sort();
    let mut runs = Vec::with_capacity(files.len());
    for file in &files {
        runs.push(read_run(file)?);
    }
    let Some(&first) = runs.first() else {
        return Err(Error::Usage(format!(
            "{}: no sketch files (run `retold sketch ... -o {}` first)",
            dir.display(),
            dir.display()
        )));
    };
    let count = first.shard.1;
    let mut have = vec![false; count as usize];
    for (run, file) in runs.iter().zip(&files) {
        if run.shard.1 != count || run.records != first.records {
            return Err(Error::Usage(format!(
                "{}: shard {}/{} of {} records, where {} is 0/{count} of {}: sketches of two \
                 runs in one directory",
                file.display(),
                run.shard.0,
                run.shard.1,
                run.records,
                files[0].display(),
                first.records
            )));
        }
        have[run.shard.0 as usize] = true;
    }
    let missing: Vec<String> = (0..count)
        .filter(|&i| !have[i as usize])
        .map(|i| format!("{i}/{count}"))
        .collect();
    if !missing.is_empty() {
        return Err(Error::Usage(format!(
            "{}: shards {} are not sketched yet",
            dir.display(),
            missing.join(", ")
        )));
    }
    Ok((files, first))
}

/// One candidate pair, and whether the two are exact copies (same text).
type Pair = (DocIndex, DocIndex, bool);

/// Stage 2: the candidate pairs of every shard's band keys, as the one-process copy index
/// makes them, written to `out/candidates.jsonl`.
pub fn candidates(sketch_dir: &Path, out: &Path, force: bool) -> Result<StageTally> {
    let dest = out.join("candidates.jsonl");
    if !force && dest.exists() {
        return Ok(StageTally {
            skipped: true,
            ..StageTally::default()
        });
    }
    let (files, run) = sketch_files(sketch_dir)?;
    let mut slim: Vec<Sketch> = Vec::with_capacity(run.documents as usize);
    for file in &files {
        read_sketches(file, false, |s| slim.push(s))?;
    }
    slim.sort_unstable_by_key(|s| s.doc);
    let mut copies = CopyIndex::default();
    for (expected, s) in slim.iter_mut().enumerate() {
        if s.doc as usize != expected {
            return Err(Error::Usage(format!(
                "{}: document {expected} is in no sketch file (sketches of two runs?)",
                sketch_dir.display()
            )));
        }
        let mut doc = Prepared {
            content_hash: s.content_hash,
            bands: std::mem::take(&mut s.bands),
            ..Prepared::default()
        };
        doc.byline.words = s.words;
        copies.add(&mut doc);
    }
    let (exact, pairs) = copies.into_pairs();
    let all: Vec<Pair> = exact
        .iter()
        .map(|&(a, b)| (a, b, true))
        .chain(pairs.iter().map(|&(a, b)| (a, b, false)))
        .collect();
    std::fs::create_dir_all(out).map_err(|e| Error::io(out, e))?;
    write_json_lines(&dest, &all)?;
    Ok(StageTally {
        written: all.len() as u64,
        ..StageTally::default()
    })
}

fn write_json_lines<T: serde::Serialize>(dest: &Path, rows: &[T]) -> Result<()> {
    let mut lines = JsonLines::new(WholeFile::create(dest)?, dest.display().to_string());
    for row in rows {
        lines.line(row)?;
    }
    lines.finish()?.commit()
}

fn read_json_lines<T: serde::de::DeserializeOwned>(path: &Path) -> Result<Vec<T>> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
    text.lines()
        .enumerate()
        .map(|(n, line)| {
            serde_json::from_str(line).map_err(|e| Error::Record {
                place: format!("{}:{}", path.display(), n + 1),
                reason: format!("not a line this stage wrote: {e}"),
            })
        })
        .collect()
}

/// Stage 3: verifies the candidate pairs of `shard` (pair `k` falls to shard `k mod N`) on
/// the shingle sets of the documents they name, read from the sketches, and writes the
/// links to `out`.
pub fn verify(
    sketch_dir: &Path,
    candidates_dir: &Path,
    shard: Shard,
    out: &Path,
    force: bool,
) -> Result<StageTally> {
    let dest = out.join(shard.file("links", "jsonl"));
    if !force && dest.exists() {
        return Ok(StageTally {
            skipped: true,
            ..StageTally::default()
        });
    }
    let (files, run) = sketch_files(sketch_dir)?;
    let pairs: Vec<Pair> = read_json_lines(&candidates_dir.join("candidates.jsonl"))?;
    let mine: Vec<Pair> = pairs
        .into_iter()
        .enumerate()
        .filter(|(k, _)| shard.holds(*k as u64))
        .map(|(_, p)| p)
        .collect();
    let mut needed = vec![false; run.documents as usize];
    for &(a, b, _) in &mine {
        for d in [a, b] {
            *needed.get_mut(d as usize).ok_or_else(|| {
                Error::Usage(format!(
                    "candidate document {d} is past the sketches' {}",
                    run.documents
                ))
            })? = true;
        }
    }
    let mut docs: Vec<Prepared> = (0..run.documents).map(|_| Prepared::default()).collect();
    for file in &files {
        read_sketches(file, true, |s| {
            if needed[s.doc as usize] {
                let doc = &mut docs[s.doc as usize];
                doc.tie = xxhash_rust::xxh3::xxh3_64(s.id.as_bytes());
                doc.content_hash = s.content_hash;
                doc.shingles = s.shingles;
                doc.byline = Byline {
                    published: s.published,
                    site: s.site,
                    title: s.title,
                    words: s.words,
                    ..Byline::default()
                };
            }
        })?;
    }
    let engine = Engine::builder()
        .copy(CopyRules {
            near_copy: run.threshold,
            ..CopyRules::default()
        })
        .build();
    let mut links: Vec<Link> = mine
        .iter()
        .filter(|p| p.2)
        .map(|&(a, b, _)| {
            let (x, y) = (&docs[a as usize].byline, &docs[b as usize].byline);
            engine.exact(a, b, x, y).link
        })
        .collect();
    let lsh: Vec<(DocIndex, DocIndex)> = mine.iter().filter(|p| !p.2).map(|p| (p.0, p.1)).collect();
    links.extend(engine.copies(&mut docs, &lsh).into_iter().map(|r| r.link));
    std::fs::create_dir_all(out).map_err(|e| Error::io(out, e))?;
    write_json_lines(&dest, &links)?;
    Ok(StageTally {
        written: links.len() as u64,
        ..StageTally::default()
    })
}

/// What [`components`] found: every document's id, the links and the groups, as `dedup`'s.
#[derive(Debug)]
pub struct Components {
    /// Every document's id, by ordinal.
    pub ids: Vec<DocId>,
    /// Every verified link, sorted by `(a, b)`.
    pub links: Vec<Link>,
    /// The copy groups, ordered by first member.
    pub groups: Vec<Group>,
}

/// Stage 4: unions the verified links of every verify shard in `links_dir` into copy groups,
/// keeping one member of each by `keep`.
pub fn components(sketch_dir: &Path, links_dir: &Path, keep: Keep) -> Result<Components> {
    let (files, run) = sketch_files(sketch_dir)?;
    let n = run.documents as usize;
    let mut ids = vec![String::new(); n];
    let mut published = vec![None; n];
    let mut words = vec![0u32; n];
    for file in &files {
        read_sketches(file, false, |s| {
            let d = s.doc as usize;
            if d < n {
                published[d] = s.published;
                words[d] = s.words;
                ids[d] = s.id;
            }
        })?;
    }
    let entries = std::fs::read_dir(links_dir).map_err(|e| Error::io(links_dir, e))?;
    let mut link_files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
            name.starts_with("links-") && name.ends_with(".jsonl")
        })
        .collect();
    link_files.sort();
    if link_files.is_empty() {
        return Err(Error::Usage(format!(
            "{}: no links files (run `retold verify` first)",
            links_dir.display()
        )));
    }
    let mut links: Vec<Link> = Vec::new();
    for file in &link_files {
        links.extend(read_json_lines::<Link>(file)?);
    }
    links.sort_by_key(|l| (l.a, l.b));
    let groups = groups(n, &links, keep, &published, &words);
    Ok(Components { ids, links, groups })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shards_parse_and_split_ordinals() {
        let s = Shard::parse("2/8").expect("valid");
        assert_eq!((s.index, s.count), (2, 8));
        assert!(s.holds(10) && !s.holds(11));
        assert_eq!(s.file("sketch", "parquet"), "sketch-00002-of-00008.parquet");
        for bad in ["8/8", "x/2", "3", "-1/2"] {
            assert!(Shard::parse(bad).is_err(), "{bad}");
        }
    }

    /// The sketch of a fixed text, pinned: a change to how the copy pass prepares a text
    /// changes stored sketch files, and must come with a new `SKETCH_FORMAT`.
    #[test]
    fn sketch_format_golden() {
        let dir = tempfile::tempdir().expect("tempdir");
        let input = dir.path().join("one.jsonl");
        let text = "The council of Springfield voted on Tuesday to build a new bridge over the \
            river, at a cost of 40 million dollars. Mayor Ann Lee said work would start in March \
            and the bridge would open in 2027. Residents had asked for a second crossing.";
        let line = serde_json::json!({"id": "golden", "text": text, "date": "2024-03-05"});
        std::fs::write(&input, format!("{line}\n")).expect("write");
        let out = dir.path().join("sk");
        let inputs = [input.to_string_lossy().into_owned()];
        let shard = Shard { index: 0, count: 1 };
        sketch(&inputs, shard, &out, &ShardOptions::default(), &mut |_| {}).expect("sketch");
        let mut got = Vec::new();
        read_sketches(&out.join(shard.file("sketch", "parquet")), true, |s| {
            got.push(s)
        })
        .expect("read");
        let s = &got[0];
        let mut bytes = s.content_hash.to_le_bytes().to_vec();
        bytes.extend(s.bands.iter().flat_map(|b| b.to_le_bytes()));
        bytes.extend(s.shingles.iter().flat_map(|h| h.to_le_bytes()));
        assert_eq!(
            (s.words, s.published, s.bands.len(), s.shingles.len()),
            (45, Some(1709596800), 37, 41)
        );
        assert_eq!(
            xxhash_rust::xxh3::xxh3_64(&bytes),
            13_800_854_991_639_831_408
        );
    }
}
