//! The `dedup` path: read → prepare → copy pass (and the retelling pass) → copy groups.
//!
//! Each record is prepared in parallel; the calling thread keeps each prepared document
//! (without its text when only copies are asked for) and, for `--emit-kept`, spools its input
//! line. Then `corpus` links the documents as every batch path does (exact copies to the first
//! of their text, LSH candidates verified on the real shingle sets, with `spin` or `rewrite`
//! among the relations the retelling pass too), and the links of the asked relations make the
//! groups. Chrome is not stripped here: containment catches copies wrapped in chrome, and the
//! copy pass stays close to the cost of reading.

#[cfg(feature = "parquet")]
mod kept;
mod spool;

use std::path::PathBuf;

use super::corpus::{link_corpus, CopyIndex, Retell};
use super::held::HeldWriter;
use super::{run_batched, Tally};
use crate::cluster::{groups, Group, Keep};
use crate::error::Result;
use crate::extract::{html::read_html, parse_date};
use crate::model::{Body, Byline, DocId, DocIndex, Link, Place, Record, Relation, Warning};
use crate::read::{Item, ReadOptions, Reader};
use crate::relate::{CopyRules, Engine, Prepared, Preparer, RetellOptions};
use spool::{record_json, Spool};

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
    /// The retelling pass's settings (when `spin` or `rewrite` is among the relations).
    pub retell: RetellOptions,
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
            retell: RetellOptions::default(),
            keep: Keep::Earliest,
            shingle: 5,
            num_perm: 128,
            emit_kept: None,
            relations: COPY_RELATIONS.to_vec(),
        }
    }
}

impl DedupOptions {
    /// Whether `emit_kept` is a Parquet file (named `.parquet`): the kept rows of Parquet
    /// inputs with all their columns.
    pub fn emit_parquet(&self) -> bool {
        self.emit_kept
            .as_ref()
            .is_some_and(|p| p.extension().is_some_and(|e| e == "parquet"))
    }

    /// Whether the retelling pass runs (`spin` or `rewrite` among the relations).
    pub fn retelling(&self) -> bool {
        self.relations
            .iter()
            .any(|r| matches!(r, Relation::Spin | Relation::Rewrite))
    }
}

/// What a dedup run found.
#[derive(Debug, Clone)]
pub struct DedupResult {
    /// Every document's id, by index.
    pub ids: Vec<DocId>,
    /// Every verified link of the asked relations, sorted by `(a, b)`.
    pub links: Vec<Link>,
    /// The copy groups, ordered by first member.
    pub groups: Vec<Group>,
    /// Candidate pairs the indexes proposed (before verification).
    pub candidates: u64,
    /// What was read and skipped.
    pub tally: Tally,
    /// Documents written with `emit_kept` (every singleton and one per group).
    pub kept: u64,
}

/// What the parallel step makes of one reader item.
enum Sketched {
    Doc {
        id: DocId,
        doc: Box<Prepared>,
        raw: Option<String>,
        /// Its file and row, for a Parquet `--emit-kept`.
        row: Option<(String, u64)>,
    },
    Problem(Warning),
}

/// A dedup run over some inputs, opened but not yet started.
pub struct Dedup {
    reader: Reader,
    options: DedupOptions,
}

impl super::Inputs for Dedup {
    fn reader(&self) -> &Reader {
        &self.reader
    }
}

impl Dedup {
    /// Opens the inputs. Fails only if an input is missing. The options are taken as given:
    /// checking them is the caller's (the CLI says what is wrong with a flag).
    pub fn open(inputs: &[String], mut options: DedupOptions) -> Result<Dedup> {
        let parquet = options.emit_parquet();
        if parquet && !cfg!(feature = "parquet") {
            return Err(crate::Error::Usage(
                "--emit-kept FILE.parquet: this retold was built without Parquet: build it \
                 with `--features parquet`, or write JSON Lines"
                    .to_string(),
            ));
        }
        options.read.keep_raw = options.emit_kept.is_some() && !parquet;
        Ok(Dedup {
            reader: Reader::open(inputs, options.read.clone())?,
            options,
        })
    }

    /// A run over records already in memory (a library caller's), in their order. The
    /// options are taken as given; `emit_kept` must be unset (there is no input to copy from).
    pub fn from_records(records: Vec<Record>, mut options: DedupOptions) -> Result<Dedup> {
        if options.emit_kept.is_some() {
            return Err(crate::Error::Usage(
                "emit_kept copies input lines out, and records in memory have none".to_string(),
            ));
        }
        options.read.keep_raw = false;
        Ok(Dedup {
            reader: Reader::from_records(records, options.read.clone()),
            options,
        })
    }

    /// Runs to the end. Warnings go to `on_warning`; `on_count` hears how many documents are in.
    pub fn run(
        self,
        on_warning: &mut dyn FnMut(&Warning),
        on_count: &mut dyn FnMut(u64),
    ) -> Result<DedupResult> {
        let Dedup { reader, options } = self;
        let retelling = options.retelling();
        let preparer = Preparer::builder()
            .shingle(options.shingle)
            .num_perm(options.num_perm)
            .near_copy(options.rules.near_copy)
            .profile(false)
            .skeleton(retelling)
            .build();
        let parquet = options.emit_parquet();
        let mut spool = match &options.emit_kept {
            Some(path) if !parquet => Some(Spool::create(path)?),
            _ => None,
        };
        #[cfg(feature = "parquet")]
        let mut rows = kept::Rows::default();
        let keep_raw = options.emit_kept.is_some() && !parquet;
        let mut tally = Tally::default();
        let (mut ids, mut docs) = (Vec::new(), Vec::new());
        let mut copies = CopyIndex::default();
        let mut texts = match retelling {
            true => Some(HeldWriter::create()?),
            false => None,
        };
        let work = |item: Item| sketch_item(item, &preparer, keep_raw, parquet, retelling);
        run_batched(reader, work, |sketched| {
            let (id, doc, raw, _row) = match sketched {
                Sketched::Doc { id, doc, raw, row } => (id, doc, raw, row),
                Sketched::Problem(warning) => {
                    return tally.skip(warning, on_warning, options.strict);
                }
            };
            tally.records += 1;
            tally.articles += 1;
            if let Some(spool) = spool.as_mut() {
                spool.write(raw.as_deref().unwrap_or("{}"))?;
            }
            #[cfg(feature = "parquet")]
            if parquet {
                rows.push(_row.as_ref().map(|(path, row)| (path.as_str(), *row)));
            }
            if docs.len() % 512 == 0 {
                on_count(docs.len() as u64);
            }
            let mut doc = *doc;
            if let Some(texts) = texts.as_mut() {
                texts.push(Vec::new(), std::mem::take(&mut doc.text));
            }
            copies.add(&mut doc);
            ids.push(id);
            docs.push(doc);
            Ok(())
        })?;
        on_count(docs.len() as u64);
        let engine = Engine::builder()
            .copy(options.rules)
            .retell(options.retell.clone())
            .build();
        let texts = texts.map(HeldWriter::finish).transpose()?;
        let text_of = |d: DocIndex| texts.as_ref().map_or(Ok(String::new()), |t| t.text(d));
        let retell = match texts {
            Some(_) => Retell::Derivations(&text_of),
            None => Retell::Off,
        };
        let linked = link_corpus(&mut docs, copies, &engine, retell)?;
        let mut links = linked.links();
        links.retain(|l| options.relations.contains(&l.relation));
        let published: Vec<Option<i64>> = docs.iter().map(|d| d.published()).collect();
        let words: Vec<u32> = docs.iter().map(|d| d.byline.words).collect();
        drop(docs);
        let groups = groups(published.len(), &links, options.keep, &published, &words);
        let kept = match (spool, &options.emit_kept) {
            (Some(spool), Some(path)) => spool.emit(path, published.len(), &groups)?,
            #[cfg(feature = "parquet")]
            (None, Some(path)) if parquet => {
                let keep = crate::cluster::kept(published.len(), &groups);
                let mut group = vec![None; published.len()];
                for (n, g) in groups.iter().enumerate() {
                    for &d in &g.members {
                        group[d as usize] = Some(n as i64);
                    }
                }
                rows.emit(path, &keep, &group)?
            }
            _ => 0,
        };
        Ok(DedupResult {
            ids,
            links,
            groups,
            candidates: linked.candidates.0 + linked.candidates.1,
            tally,
            kept,
        })
    }
}

/// Prepares one record (in a worker thread): its HTML read for its text, no chrome stripped.
fn sketch_item(
    item: Item,
    preparer: &Preparer,
    keep_raw: bool,
    rows: bool,
    retelling: bool,
) -> Sketched {
    let mut record = match item {
        Item::Record(record) => record,
        Item::Warning(w) => return Sketched::Problem(w),
    };
    let row = match (&record.origin.place, rows) {
        (Place::Line(row), true) => Some((record.origin.path.clone(), *row)),
        _ => None,
    };
    let raw = match record.raw.take() {
        Some(line) => Some(line),
        None if keep_raw => Some(record_json(&record)),
        None => None,
    };
    let (id, mut doc, text) = prepare_record(record, preparer);
    if retelling {
        doc.text = text;
    }
    Sketched::Doc {
        id,
        doc: Box::new(doc),
        raw,
        row,
    }
}

/// Prepares one record as the copy pass reads it: its HTML read for its text, no chrome
/// stripped, the date, site and title the input gave. Returns its id, the prepared document
/// (without its text) and the text.
pub(crate) fn prepare_record(record: Record, preparer: &Preparer) -> (DocId, Prepared, String) {
    let Record {
        id,
        body,
        url,
        published,
        site,
        title,
        ..
    } = record;
    let text = match body {
        Body::Text(text) => text,
        Body::Html(html) => read_html(&html, url.as_deref()).text,
    };
    let byline = Byline {
        published: published.as_deref().and_then(parse_date).map(|p| p.epoch),
        site,
        title,
        ..Byline::default()
    };
    let doc = preparer.prepare(&id, &text, byline);
    (id, doc, text)
}
