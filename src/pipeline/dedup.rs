//! The `dedup` path: read → analyze → sketch → index → relate → cluster, into copy groups.
//!
//! Each record is analysed and sketched in parallel; the calling thread keeps, per document,
//! only what verification needs (sorted 32-bit shingle hashes, the content hash, date and
//! length) and posts its LSH band keys. Exact copies (equal content hash) are linked to the
//! first of their kind and only that one is indexed, so a text repeated a thousand times costs
//! one posting per band, not a quadratic bucket. Candidates are verified on the real shingle
//! sets in parallel, then grouped. Chrome is not stripped here: containment catches copies
//! wrapped in chrome, and the dedup path stays close to the cost of reading.
//!
//! With `emit_kept`, each record's input line is spooled to a file next to the output while
//! reading (stdin cannot be read twice), and the kept ones are copied out at the end.

use std::fs::File;
use std::io::{BufRead, BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicU64;
use std::sync::Arc;

use foldhash::{HashMap, HashSet};
use rayon::prelude::*;

use super::retell::{corpus_idf, retell, RetellDoc, RetellOptions};
use super::{run_batched, Tally};
use crate::analyze::profile::Profiler;
use crate::analyze::Analyzer;
use crate::cluster::{choose_kept, copy_groups, Keep};
use crate::error::{Error, Result};
use crate::extract::{html::read_html, parse_date};
use crate::index::BandIndex;
use crate::model::{Body, DocId, DocIndex, Evidence, Link, Record, Relation, Warning};
use crate::read::{Item, ReadOptions, Reader};
use crate::relate::copy::high_halves;
use crate::relate::{relate_copy, CopyRules, Shingled};
use crate::sketch::{LshParams, Sketcher};

/// The highest LSH threshold for candidates; the banding is for the lower of this and the
/// near-copy `--threshold`. Lower than the usual near-copy threshold on purpose: an excerpt of
/// 40% of its article has a Jaccard of 0.4 with it, and a copy inside chrome often less. The
/// datasketch-optimal banding for 0.3 over 128 values (37 bands of 3 rows) makes a pair at
/// Jaccard 0.5 a candidate with probability 0.99, at 0.3 with 0.64, at 0.1 with 0.04.
pub const CANDIDATE_THRESHOLD: f64 = 0.3;

/// Every relation that makes a copy group: the default of [`DedupOptions::relations`].
pub const COPY_RELATIONS: [Relation; 5] = [
    Relation::Exact,
    Relation::NearCopy,
    Relation::Excerpt,
    Relation::Spin,
    Relation::Rewrite,
];

/// Options of a dedup run.
#[derive(Debug, Clone)]
pub struct DedupOptions {
    /// How inputs are read.
    pub read: ReadOptions,
    /// Stop at the first bad record.
    pub strict: bool,
    /// The copy thresholds (`near_copy` is the `--threshold`).
    pub rules: CopyRules,
    /// Which member of a group is kept.
    pub keep: Keep,
    /// Words per shingle.
    pub shingle: usize,
    /// MinHash values per signature.
    pub num_perm: usize,
    /// Where to write the kept input records, if anywhere.
    pub emit_kept: Option<PathBuf>,
    /// The relations that put two documents in one group (copy relations only:
    /// `same_story` never does). With `spin` or `rewrite`, the retelling pass runs too.
    pub relations: Vec<Relation>,
}

impl Default for DedupOptions {
    fn default() -> DedupOptions {
        DedupOptions {
            read: ReadOptions::default(),
            strict: false,
            rules: CopyRules::default(),
            keep: Keep::Earliest,
            shingle: 5,
            num_perm: 128,
            emit_kept: None,
            relations: COPY_RELATIONS.to_vec(),
        }
    }
}

/// A copy group of two or more documents.
#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    /// Its members, in input order.
    pub members: Vec<DocIndex>,
    /// The member kept.
    pub kept: DocIndex,
    /// For each member, its strongest copy link within the group (`None` for the kept one).
    pub relations: Vec<Option<Relation>>,
}

/// What a dedup run found.
#[derive(Debug, Clone)]
pub struct DedupResult {
    /// Every document's id, by index.
    pub ids: Vec<DocId>,
    /// Every verified copy link, sorted by `(a, b)`.
    pub links: Vec<Link>,
    /// The copy groups, ordered by first member.
    pub groups: Vec<Group>,
    /// Candidate pairs the index proposed (before verification).
    pub candidates: u64,
    /// What was read and skipped.
    pub tally: Tally,
    /// Documents written with `emit_kept` (every singleton and one per group).
    pub kept: u64,
}

/// One document as the copy pass keeps it.
pub(crate) struct Doc {
    pub(crate) published: Option<i64>,
    pub(crate) words: u32,
    pub(crate) content_hash: u128,
    /// High halves of its shingle hashes: in text order while reading, sorted and without
    /// repeats once it is known to be a candidate.
    pub(crate) shingles: Vec<u32>,
}

/// Verifies candidate pairs on their real shingle sets into copy links. Only documents in a
/// candidate pair are verified: their shingle sets are sorted and freed of repeats here (a
/// few thousand of tens of thousands).
pub(crate) fn verify_copies(
    docs: &mut [Doc],
    pairs: &[(DocIndex, DocIndex)],
    rules: &CopyRules,
) -> Vec<Link> {
    let mut candidate = vec![false; docs.len()];
    for &(a, b) in pairs {
        candidate[a as usize] = true;
        candidate[b as usize] = true;
    }
    docs.par_iter_mut()
        .zip(candidate.par_iter())
        .filter(|(_, &c)| c)
        .for_each(|(doc, _)| {
            doc.shingles.sort_unstable();
            doc.shingles.dedup();
        });
    let docs = &*docs;
    let shingled = |d: DocIndex| {
        let doc = &docs[d as usize];
        Shingled {
            index: d,
            shingles: &doc.shingles,
            content_hash: doc.content_hash,
            published: doc.published,
        }
    };
    pairs
        .par_iter()
        .filter_map(|&(a, b)| relate_copy(shingled(a), shingled(b), rules))
        .collect()
}

/// What the parallel step makes of one reader item.
enum Sketched {
    Doc {
        id: DocId,
        doc: Doc,
        keys: Vec<u64>,
        raw: Option<String>,
        retell: Option<RetellDoc>,
    },
    Problem(Warning),
}

/// A dedup run over some inputs, opened but not yet started.
pub struct Dedup {
    reader: Reader,
    options: DedupOptions,
}

impl Dedup {
    /// Opens the inputs. Fails only if an input is missing or an option cannot work.
    pub fn open(inputs: &[String], mut options: DedupOptions) -> Result<Dedup> {
        let t = options.rules.near_copy;
        if !(t > 0.0 && t <= 1.0) {
            return Err(Error::Usage(format!(
                "--threshold must be in (0, 1], got {t}"
            )));
        }
        options.read.keep_raw = options.emit_kept.is_some();
        Ok(Dedup {
            reader: Reader::open(inputs, options.read.clone())?,
            options,
        })
    }

    /// Bytes on disk across all inputs (0 when reading stdin).
    pub fn total_bytes(&self) -> u64 {
        self.reader.total_bytes()
    }

    /// On-disk bytes consumed so far.
    pub fn progress(&self) -> Arc<AtomicU64> {
        self.reader.progress()
    }

    /// Runs to the end. Warnings go to `on_warning`; `on_count` hears how many documents are in.
    pub fn run(
        self,
        on_warning: &mut dyn FnMut(&Warning),
        on_count: &mut dyn FnMut(u64),
    ) -> Result<DedupResult> {
        let Dedup { reader, options } = self;
        let analyzer = Analyzer::builder().shingle(options.shingle).build();
        let sketcher = Sketcher::builder().num_perm(options.num_perm).build();
        let candidate_threshold = CANDIDATE_THRESHOLD.min(options.rules.near_copy);
        let lsh = LshParams::for_threshold(candidate_threshold, options.num_perm);
        let mut spool = match &options.emit_kept {
            Some(path) => Some(Spool::create(path)?),
            None => None,
        };

        let mut tally = Tally::default();
        let mut ids = Vec::new();
        let mut docs: Vec<Doc> = Vec::new();
        let mut links = Vec::new();
        let mut index = BandIndex::new();
        let mut first_of: HashMap<u128, DocIndex> = HashMap::default();
        let keep_raw = options.emit_kept.is_some();
        let retelling = options
            .relations
            .iter()
            .any(|r| matches!(r, Relation::Spin | Relation::Rewrite));
        let profiler = retelling.then(Profiler::default);
        let mut retell_docs: Vec<RetellDoc> = Vec::new();
        let work = |item: Item| {
            sketch_item(
                item,
                &analyzer,
                &sketcher,
                &lsh,
                keep_raw,
                profiler.as_ref(),
            )
        };
        run_batched(reader, work, |sketched| {
            let (id, doc, keys, raw) = match sketched {
                Sketched::Doc {
                    id,
                    doc,
                    keys,
                    raw,
                    retell,
                } => {
                    retell_docs.extend(retell);
                    (id, doc, keys, raw)
                }
                Sketched::Problem(warning) => {
                    tally.count(&warning);
                    on_warning(&warning);
                    return match options.strict {
                        true => Err(Error::from(warning)),
                        false => Ok(()),
                    };
                }
            };
            let at = docs.len() as DocIndex;
            tally.records += 1;
            tally.articles += 1;
            if let Some(spool) = spool.as_mut() {
                spool.write(raw.as_deref().unwrap_or("{}"))?;
            }
            if doc.words > 0 {
                match first_of.get(&doc.content_hash) {
                    Some(&first) => links.push(exact_link(first, at, &docs[first as usize], &doc)),
                    None => {
                        first_of.insert(doc.content_hash, at);
                        index.insert(at, &keys);
                    }
                }
            }
            ids.push(id);
            docs.push(doc);
            if at % 512 == 0 {
                on_count(u64::from(at));
            }
            Ok(())
        })?;
        on_count(docs.len() as u64);

        let pairs = index.candidate_pairs();
        let verified = verify_copies(&mut docs, &pairs, &options.rules);
        links.extend(verified);
        let mut retold = 0;
        if retelling && retell_docs.len() == docs.len() {
            // Spun and rewritten copies: the retelling pass over pairs not already copies.
            let copied: HashSet<(DocIndex, DocIndex)> = links.iter().map(|l| (l.a, l.b)).collect();
            let idf = corpus_idf(&retell_docs);
            let (_, found) = retell(&retell_docs, &idf, &RetellOptions::default(), |a, b| {
                copied.contains(&(a, b))
            });
            retold = found.candidates as u64;
            links.extend(found.links);
        }
        drop(retell_docs);
        links.retain(|l| options.relations.contains(&l.relation));
        links.sort_by_key(|l| (l.a, l.b));

        let published: Vec<Option<i64>> = docs.iter().map(|d| d.published).collect();
        let words: Vec<u32> = docs.iter().map(|d| d.words).collect();
        let groups = make_groups(docs.len(), &links, options.keep, &published, &words);
        let kept = match (spool, &options.emit_kept) {
            (Some(spool), Some(path)) => spool.emit(path, docs.len(), &groups)?,
            _ => 0,
        };
        Ok(DedupResult {
            ids,
            links,
            groups,
            candidates: pairs.len() as u64 + retold,
            tally,
            kept,
        })
    }
}

/// Analyses and sketches one record (in a worker thread).
fn sketch_item(
    item: Item,
    analyzer: &Analyzer,
    sketcher: &Sketcher,
    lsh: &LshParams,
    keep_raw: bool,
    profiler: Option<&Profiler>,
) -> Sketched {
    let mut record = match item {
        Item::Record(record) => record,
        Item::Warning(w) => return Sketched::Problem(w),
    };
    let raw = match record.raw.take() {
        Some(line) => Some(line),
        None if keep_raw => Some(record_json(&record)),
        None => None,
    };
    let Record {
        id,
        body,
        url,
        published,
        ..
    } = record;
    let html_text;
    let text = match &body {
        Body::Text(text) => text.as_str(),
        Body::Html(html) => {
            html_text = read_html(html, url.as_deref()).text;
            html_text.as_str()
        }
    };
    // Unsorted: the sketch does not need order, and only candidates' sets are sorted, later.
    let analyzed = analyzer.analyze_unsorted(text);
    let signature = sketcher.sketch(&analyzed.shingles);
    let shingles = high_halves(&analyzed.shingles);
    let published = published.as_deref().and_then(parse_date).map(|p| p.epoch);
    let retell = profiler.map(|p| RetellDoc {
        text: text.to_owned(),
        ..RetellDoc::new(p, &id, text, published)
    });
    Sketched::Doc {
        id,
        retell,
        doc: Doc {
            published,
            words: analyzed.words,
            content_hash: analyzed.content_hash,
            shingles,
        },
        keys: lsh.band_keys(&signature),
        raw,
    }
}

/// The exact link from the first document with this content to a later one.
pub(crate) fn exact_link(first: DocIndex, at: DocIndex, a: &Doc, b: &Doc) -> Link {
    let source = match (a.published, b.published) {
        (Some(x), Some(y)) if x < y => Some(first),
        (Some(x), Some(y)) if y < x => Some(at),
        _ => None,
    };
    Link {
        a: first,
        b: at,
        relation: Relation::Exact,
        score: 1.0,
        source,
        evidence: Evidence {
            jaccard: Some(1.0),
            containment: Some(1.0),
            ..Evidence::default()
        },
    }
}

/// Copy groups with their kept member and each member's strongest link inside the group.
fn make_groups(
    n: usize,
    links: &[Link],
    keep: Keep,
    published: &[Option<i64>],
    words: &[u32],
) -> Vec<Group> {
    let sets = copy_groups(n, links);
    let mut group_of: Vec<Option<usize>> = vec![None; n];
    for (g, set) in sets.iter().enumerate() {
        for &d in set {
            group_of[d as usize] = Some(g);
        }
    }
    // Relations rank by strength: Exact < NearCopy < Excerpt in the enum's order.
    let mut best: Vec<Option<Relation>> = vec![None; n];
    for link in links.iter().filter(|l| l.relation.is_copy()) {
        let (ga, gb) = (group_of[link.a as usize], group_of[link.b as usize]);
        if ga.is_some() && ga == gb {
            for d in [link.a, link.b] {
                let slot = &mut best[d as usize];
                *slot = Some(slot.map_or(link.relation, |r| r.min(link.relation)));
            }
        }
    }
    sets.into_iter()
        .map(|members| {
            let kept = choose_kept(&members, keep, published, words);
            let relations = members
                .iter()
                .map(|&d| if d == kept { None } else { best[d as usize] })
                .collect();
            Group {
                members,
                kept,
                relations,
            }
        })
        .collect()
}

/// The input record as a JSON line, for inputs that are not JSON Lines (files, WARC records).
fn record_json(record: &Record) -> String {
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
struct Spool {
    path: PathBuf,
    out: BufWriter<File>,
}

impl Spool {
    /// A spool beside `emit` (`FILE.spool`), or in the temp directory when `emit` is `-`.
    fn create(emit: &Path) -> Result<Spool> {
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
        let file = File::create(&path).map_err(|e| Error::io(&path, e))?;
        Ok(Spool {
            path,
            out: BufWriter::with_capacity(1 << 20, file),
        })
    }

    fn write(&mut self, line: &str) -> Result<()> {
        // A raw JSONL line never holds a newline; a serialised record escapes its own.
        self.out
            .write_all(line.as_bytes())
            .and_then(|()| self.out.write_all(b"\n"))
            .map_err(|e| Error::io(&self.path, e))
    }

    /// Copies the lines of kept documents (singletons and each group's kept member) to `dest`.
    fn emit(self, dest: &Path, n: usize, groups: &[Group]) -> Result<u64> {
        let Spool { path, out } = self;
        out.into_inner()
            .map_err(|e| Error::io(&path, e.into_error()))?;
        let mut keep = vec![true; n];
        for group in groups {
            for &d in &group.members {
                keep[d as usize] = d == group.kept;
            }
        }
        let sink: Box<dyn Write> = if dest == Path::new("-") {
            Box::new(std::io::stdout().lock())
        } else {
            Box::new(File::create(dest).map_err(|e| Error::io(dest, e))?)
        };
        let mut out = BufWriter::with_capacity(1 << 20, sink);
        let spool = File::open(&path).map_err(|e| Error::io(&path, e))?;
        let mut kept = 0;
        for (line, keep) in BufReader::with_capacity(1 << 20, spool).lines().zip(keep) {
            let line = line.map_err(|e| Error::io(&path, e))?;
            if keep {
                writeln!(out, "{line}").map_err(|e| Error::io(dest, e))?;
                kept += 1;
            }
        }
        out.flush().map_err(|e| Error::io(dest, e))?;
        std::fs::remove_file(&path).map_err(|e| Error::io(&path, e))?;
        Ok(kept)
    }
}
