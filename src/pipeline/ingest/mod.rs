//! The `ingest` path: read → extract → analyze → match each new document against the
//! persistent index → store it, its links and its story.
//!
//! Documents are prepared in parallel (extracted, shingled, sketched, profiled) and then
//! taken one at a time in input order: a document whose id or content the index already
//! holds adds nothing; a new one is matched against everything stored before it (LSH bands
//! for copies, its heaviest terms' postings for retellings, as the batch path finds them),
//! stored with its links, and the stories of the linked documents it touches are clustered
//! again, whole, with the batch path's rule (a component of the link graph, up to
//! [`MAX_RECLUSTER`] documents). Each batch of documents is one transaction: a kill at any
//! moment leaves every committed batch and nothing of the rest, and a re-run skips what is
//! there. Because every document is matched against the same stored prefix however the input
//! is cut into batches or runs, one batch and one document at a time give the same links and
//! stories.
//!
//! Term weights are the built-in background's alone (a corpus's counts change as it grows,
//! and a stored link is never re-scored), so links can differ a little from `retold
//! stories`, which weighs by the whole input at once.

use std::collections::BTreeMap;

use foldhash::{HashMap, HashSet};
use rayon::prelude::*;

mod stories;
mod weights;

pub use weights::{decode_weighted, encode_weighted};

use super::dedup::CANDIDATE_THRESHOLD;
use super::retell::{RetellOptions, ALIGN_FROM};
use super::{run_batched, Tally};
use crate::analyze::anchors::latest_year;
use crate::analyze::profile::Profiler;
use crate::analyze::weights::Idf;
use crate::analyze::Analyzer;
use crate::error::{Error, Result};
use crate::extract::extract;
use crate::index::store::{Lookup, Store, StoredDoc, Writer};
use crate::model::{Article, DocIndex, Link, Meta, Relation, Warning};
use crate::read::{Item, ReadOptions, Reader};
use crate::relate::align::{Aligner, Alignment};
use crate::relate::copy::high_halves;
use crate::relate::retell::retelling_evidence;
use crate::relate::story::{story_evidence, story_similarity, StoryEvidence, Weighted};
use crate::relate::{relate_copy, relate_retelling, round4, CopyRules, Shingled};
use crate::sketch::{LshParams, Sketcher};
use stories::recluster;

/// Documents per transaction by default: large enough that a commit's flush is a small
/// share of the work, small enough that a crash loses little.
pub const DEFAULT_BATCH: usize = 256;

/// The most documents of the link graph clustered again around a newcomer. Past it the
/// newcomer's own stories are clustered again without the rest of their component, and a
/// batch and an incremental run may then differ.
pub const MAX_RECLUSTER: usize = 1_000;

/// Options of an ingest run.
#[derive(Debug, Clone)]
pub struct IngestOptions {
    /// How inputs are read.
    pub read: ReadOptions,
    /// Stop at the first bad record.
    pub strict: bool,
    /// Documents per transaction.
    pub batch: usize,
    /// The copy thresholds.
    pub copy: CopyRules,
    /// The retelling settings (terms per document, candidate bounds, rules, stories).
    pub retell: RetellOptions,
}

impl Default for IngestOptions {
    fn default() -> Self {
        IngestOptions {
            read: ReadOptions::default(),
            strict: false,
            batch: DEFAULT_BATCH,
            copy: CopyRules::default(),
            retell: RetellOptions::default(),
        }
    }
}

/// What an ingest run did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IngestTally {
    /// What was read and skipped.
    pub tally: Tally,
    /// Documents added to the index.
    pub added: u64,
    /// Documents the index already held (same id, or same content).
    pub present: u64,
    /// Links added.
    pub links: u64,
    /// Transactions committed.
    pub batches: u64,
}

/// One document ready to match.
struct Ready {
    article: Article,
    hash: u128,
    shingles: Vec<u32>,
    bands: Vec<u64>,
    weighted: Weighted,
    terms: Vec<u64>,
    words: u32,
    latest_year: Option<i32>,
}

enum Prepared {
    Doc(Box<Ready>),
    NoText(Warning),
    Problem(Warning),
}

/// An ingest run over some inputs into an index.
pub struct Ingest<'s> {
    reader: Reader,
    store: &'s Store,
    options: IngestOptions,
}

impl<'s> Ingest<'s> {
    /// Opens the inputs. Fails only if an input is missing.
    pub fn open(inputs: &[String], store: &'s Store, options: IngestOptions) -> Result<Self> {
        let reader = Reader::open(inputs, options.read.clone())?;
        Ok(Ingest {
            reader,
            store,
            options,
        })
    }

    /// Total on-disk bytes of the inputs (0 for stdin), for a progress bar.
    pub fn total_bytes(&self) -> u64 {
        self.reader.total_bytes()
    }

    /// On-disk bytes consumed so far.
    pub fn progress(&self) -> std::sync::Arc<std::sync::atomic::AtomicU64> {
        self.reader.progress()
    }

    /// Runs to the end. Warnings go to `on_warning`; `on_commit` sees the tally after each
    /// committed batch.
    pub fn run(
        self,
        on_warning: &mut dyn FnMut(&Warning),
        on_commit: &mut dyn FnMut(&IngestTally),
    ) -> Result<IngestTally> {
        let Ingest {
            reader,
            store,
            options,
        } = self;
        let preparer = Preparer::new(&options);
        let work = |item: Item| -> Prepared {
            let record = match item {
                Item::Record(record) => record,
                Item::Warning(w) => return Prepared::Problem(w),
            };
            match extract(record) {
                Ok(article) => Prepared::Doc(Box::new(preparer.ready(article))),
                Err(w) => Prepared::NoText(w),
            }
        };
        let mut tally = IngestTally::default();
        let mut pending: Vec<Ready> = Vec::new();
        let matcher = Matcher::new(&options);
        let strict = options.strict;
        let batch = options.batch.max(1);
        let read_all = run_batched(reader, work, |prepared| {
            let (w, read) = match prepared {
                Prepared::Doc(ready) => {
                    tally.tally.records += 1;
                    pending.push(*ready);
                    if pending.len() >= batch {
                        matcher.commit(store, std::mem::take(&mut pending), &mut tally)?;
                        on_commit(&tally);
                    }
                    return Ok(());
                }
                // A record without text once extracted was still read.
                Prepared::NoText(w) => (w, true),
                Prepared::Problem(w) => (w, false),
            };
            tally.tally.records += u64::from(read);
            tally.tally.count(&w);
            on_warning(&w);
            match strict {
                true => Err(Error::from(w)),
                false => Ok(()),
            }
        });
        // What was read before a stop (`--strict`, a write error) is still stored.
        if !pending.is_empty() {
            matcher.commit(store, pending, &mut tally)?;
            on_commit(&tally);
        }
        read_all?;
        Ok(tally)
    }
}

/// Turns an article into what matching needs (shared across threads).
struct Preparer {
    analyzer: Analyzer,
    sketcher: Sketcher,
    lsh: LshParams,
    profiler: Profiler,
    idf: Idf,
    terms_per_doc: usize,
}

impl Preparer {
    fn new(options: &IngestOptions) -> Preparer {
        let sketcher = Sketcher::default();
        let lsh = LshParams::for_threshold(
            CANDIDATE_THRESHOLD.min(options.copy.near_copy),
            sketcher.num_perm(),
        );
        Preparer {
            analyzer: Analyzer::default(),
            sketcher,
            lsh,
            profiler: Profiler::default(),
            idf: Idf::background(),
            terms_per_doc: options.retell.terms_per_doc,
        }
    }

    fn ready(&self, article: Article) -> Ready {
        let analyzed = self.analyzer.analyze_unsorted(&article.text);
        let bands = self
            .lsh
            .band_keys(&self.sketcher.sketch(&analyzed.shingles));
        let mut shingles = high_halves(&analyzed.shingles);
        shingles.sort_unstable();
        shingles.dedup();
        let weighted = Weighted::new(&self.profiler.profile(&article.text), &self.idf);
        let terms = weighted
            .top_terms(self.terms_per_doc, |_| true)
            .into_iter()
            .map(|t| t.0)
            .collect();
        Ready {
            latest_year: latest_year(&article.text),
            hash: analyzed.content_hash,
            words: analyzed.words,
            article,
            shingles,
            bands,
            weighted,
            terms,
        }
    }
}

/// What became of one document handed to the index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    /// Its id, as given.
    pub id: String,
    /// Its index in the store (the stored twin's, when it was already there).
    pub doc: DocIndex,
    /// False when the index already held it (same id or same text).
    pub added: bool,
}

/// Matching set up once for many requests (a server's): choosing the LSH bands alone is
/// worth more than a match.
pub struct Matching {
    preparer: Preparer,
    options: IngestOptions,
}

impl Matching {
    /// Matching with these options.
    pub fn new(options: IngestOptions) -> Matching {
        Matching {
            preparer: Preparer::new(&options),
            options,
        }
    }

    /// Adds extracted articles to the index in one transaction, matched and placed in
    /// stories.
    pub fn ingest_articles(&self, store: &Store, articles: Vec<Article>) -> Result<Vec<Outcome>> {
        let ready: Vec<Ready> = articles
            .into_iter()
            .map(|a| self.preparer.ready(a))
            .collect();
        Matcher::new(&self.options).commit(store, ready, &mut IngestTally::default())
    }

    /// Matches one article against the index without storing it.
    pub fn match_article(&self, store: &Store, article: Article) -> Result<Matched> {
        let ready = self.preparer.ready(article);
        let l = store.read()?;
        let stored = match l.doc_by_id(&ready.article.id)? {
            Some(d) => Some(d),
            None => l.doc_by_hash(ready.hash)?,
        };
        let mut links = Matcher::new(&self.options).relate(&l, &ready, NEW)?.links;
        links.sort_by(|x, y| {
            x.relation
                .cmp(&y.relation)
                .then(y.score.total_cmp(&x.score))
                .then(x.a.cmp(&y.a))
        });
        let story = match links.first() {
            Some(best) => Some(l.story_of(best.a)?.unwrap_or(best.a)),
            None => None,
        };
        Ok(Matched {
            stored,
            links,
            story,
        })
    }
}

/// What matching one document against the index found, nothing stored.
#[derive(Debug, Clone)]
pub struct Matched {
    /// The stored document with the same id or text, if the index holds it.
    pub stored: Option<DocIndex>,
    /// Its links to stored documents (`b` is [`NEW`], the document matched), strongest
    /// first: copies, spins, rewrites, then reports, each by score.
    pub links: Vec<Link>,
    /// The story it would join: the story of its strongest link's document (a story's id is
    /// its smallest member), if it has a link.
    pub story: Option<u32>,
}

/// The index a matched, unstored document has in [`Matched::links`].
pub const NEW: DocIndex = DocIndex::MAX;

/// Matches documents against the index and stores them.
struct Matcher<'o> {
    options: &'o IngestOptions,
    aligner: Aligner,
    idf: Idf,
}

impl<'o> Matcher<'o> {
    fn new(options: &'o IngestOptions) -> Self {
        Matcher {
            options,
            aligner: Aligner::builder().changes(false).build(),
            idf: Idf::background(),
        }
    }

    /// Stores a batch of documents in one transaction.
    fn commit(
        &self,
        store: &Store,
        docs: Vec<Ready>,
        tally: &mut IngestTally,
    ) -> Result<Vec<Outcome>> {
        let mut w = store.write()?;
        let mut touched = Vec::new();
        let mut outcomes = Vec::with_capacity(docs.len());
        for doc in docs {
            let id = doc.article.id.clone();
            let present = match w.doc_by_id(&doc.article.id)? {
                Some(d) => Some(d),
                None => w.doc_by_hash(doc.hash)?,
            };
            if let Some(d) = present {
                tally.present += 1;
                outcomes.push(Outcome {
                    id,
                    doc: d,
                    added: false,
                });
                continue;
            }
            let (at, links) = self.add(&mut w, doc)?;
            tally.added += 1;
            tally.tally.articles += 1;
            tally.links += links as u64;
            touched.push(at);
            outcomes.push(Outcome {
                id,
                doc: at,
                added: true,
            });
        }
        recluster(&mut w, &touched, &self.options.retell.stories)?;
        w.commit()?;
        tally.batches += 1;
        Ok(outcomes)
    }

    /// Matches one new document, stores it and its links; returns its index and how many
    /// links it got.
    fn add(&self, w: &mut Writer<'_>, doc: Ready) -> Result<(DocIndex, usize)> {
        let at = w.next_doc()?;
        // Matched before it joins the postings: it is not its own candidate.
        let Related {
            links,
            nearest,
            updates,
        } = self.relate(w, &doc, at)?;
        let stored = StoredDoc {
            meta: meta_of(&doc.article),
            text: doc.article.text,
            latest_year: doc.latest_year,
        };
        let added = w.add_doc(
            &stored,
            doc.hash,
            &doc.shingles,
            &encode_weighted(&doc.weighted),
            &doc.bands,
            &doc.terms,
        )?;
        debug_assert_eq!(added, at);
        for link in &links {
            w.add_link(link)?;
        }
        w.set_nearest(at, &nearest)?;
        for (c, list) in &updates {
            w.set_nearest(*c, list)?;
        }
        Ok((at, links.len()))
    }

    /// The links a new document (to be numbered `at`) would get with what `l` holds.
    fn relate(&self, l: &impl Lookup, doc: &Ready, at: DocIndex) -> Result<Related> {
        let Ready {
            article,
            shingles,
            bands,
            weighted,
            terms,
            words,
            ..
        } = doc;
        let mut copy_candidates: Vec<DocIndex> = Vec::new();
        for &k in bands {
            copy_candidates.extend(l.band(k)?);
        }
        copy_candidates.sort_unstable();
        copy_candidates.dedup();
        let cap = self.options.retell.index.postings_cap();
        let mut shared: BTreeMap<DocIndex, usize> = BTreeMap::new();
        for &t in terms {
            for d in l.term(t, cap)?.unwrap_or_default() {
                *shared.entry(d).or_default() += 1;
            }
        }
        let published = article.published.as_ref().map(|p| p.epoch);
        let mut links: Vec<Link> = Vec::new();
        let mut copied: HashSet<DocIndex> = HashSet::default();
        if *words > 0 {
            for &c in &copy_candidates {
                let Some(other) = l.doc(c)? else { continue };
                let theirs = l.shingles(c)?;
                let other_published = other.meta.published.as_ref().map(|p| p.0);
                let link = relate_copy(
                    Shingled {
                        index: c,
                        shingles: &theirs,
                        content_hash: 0,
                        published: other_published,
                    },
                    Shingled {
                        index: at,
                        shingles,
                        content_hash: 1,
                        published,
                    },
                    &self.options.copy,
                );
                if let Some(link) = link {
                    copied.insert(c);
                    links.push(link);
                }
            }
        }
        // Retelling candidates: documents sharing enough of its heaviest terms, best first.
        let least = if terms.len() <= 8 { 1 } else { 2 };
        let mut ranked: Vec<(usize, DocIndex)> = shared
            .into_iter()
            .filter(|(d, n)| *n >= least && !copied.contains(d))
            .map(|(d, n)| (n, d))
            .collect();
        ranked.sort_by(|x, y| y.0.cmp(&x.0).then(x.1.cmp(&y.1)));
        ranked.truncate(self.options.retell.index.fan_out_limit());
        // Cheap evidence first, from the stored weights; texts only for promising pairs.
        let mut scored: Vec<(DocIndex, Option<i64>, StoryEvidence)> = Vec::new();
        for (_, c) in ranked {
            let theirs = decode_weighted(&l.weights(c)?);
            scored.push((c, l.facts(c)?.published, story_evidence(weighted, &theirs)));
        }
        let align = self.options.retell.align;
        let mut texts: HashMap<DocIndex, String> = HashMap::default();
        for (c, _, e) in &scored {
            if align && story_similarity(e, None) >= ALIGN_FROM {
                if let Some(doc) = l.doc(*c)? {
                    texts.insert(*c, doc.text);
                }
            }
        }
        let mine = (!texts.is_empty()).then(|| self.aligner.prepare(&article.text));
        // The alignments, in parallel (the costly part of matching).
        let alignments: HashMap<DocIndex, Alignment> = match &mine {
            Some(mine) => texts
                .par_iter()
                .map(|(&c, text)| {
                    let theirs = self.aligner.prepare(text);
                    (
                        c,
                        self.aligner.align_weighted(&theirs, mine, Some(&self.idf)),
                    )
                })
                .collect::<Vec<_>>()
                .into_iter()
                .collect(),
            None => HashMap::default(),
        };
        let mut reports: Vec<(f32, Link)> = Vec::new();
        let mut seen: Vec<(DocIndex, f32)> = Vec::with_capacity(scored.len());
        for (c, other_published, e) in scored {
            let alignment = alignments.get(&c);
            let verdict = relate_retelling(alignment, &e, &self.options.retell.rules);
            seen.push((c, verdict.story_similarity));
            let Some(relation) = verdict.relation else {
                continue;
            };
            let earlier = match (other_published, published) {
                (Some(x), Some(y)) if x < y => Some(c),
                (Some(x), Some(y)) if y < x => Some(at),
                _ => None,
            };
            let source = match relation {
                Relation::SameStory => None,
                Relation::Excerpt => {
                    let theirs = texts.get(&c).map_or(0, String::len);
                    Some(if theirs >= article.text.len() { c } else { at })
                }
                _ => earlier,
            };
            let link = Link {
                a: c,
                b: at,
                relation,
                score: round4(f64::from(verdict.score)),
                source,
                evidence: retelling_evidence(&e, alignment, &verdict, [other_published, published]),
            };
            match relation {
                Relation::SameStory => reports.push((verdict.story_similarity, link)),
                _ => links.push(link),
            }
        }
        // The batch path's neighbour rule, as far as arrival order allows: a report link must
        // be among the `k` most similar candidates of the newcomer and of the stored document
        // (as many as it has met so far, this newcomer included).
        let k = self.options.retell.neighbours;
        let own: Vec<f32> = nearest(seen.iter().map(|x| x.1), k);
        let floor = |list: &[f32]| {
            if k > 0 && list.len() >= k {
                list[k - 1]
            } else {
                0.0
            }
        };
        let mut updates = Vec::with_capacity(seen.len());
        for &(c, sim) in &seen {
            let theirs = nearest(l.nearest(c)?.into_iter().chain([sim]), k);
            updates.push((c, theirs));
        }
        let floors: HashMap<DocIndex, f32> =
            updates.iter().map(|(c, list)| (*c, floor(list))).collect();
        let mine = floor(&own);
        links.extend(
            reports
                .into_iter()
                .filter(|(s, link)| *s >= mine && *s >= floors.get(&link.a).copied().unwrap_or(0.0))
                .map(|r| r.1),
        );
        Ok(Related {
            links,
            nearest: own,
            updates,
        })
    }
}

/// The `k` largest similarities, largest first.
fn nearest(sims: impl Iterator<Item = f32>, k: usize) -> Vec<f32> {
    let mut v: Vec<f32> = sims.collect();
    v.sort_by(|x, y| y.total_cmp(x));
    v.truncate(k);
    v
}

/// What matching a document found: its links, its nearest candidates' similarities, and the
/// stored documents' nearest lists with it counted in.
struct Related {
    links: Vec<Link>,
    nearest: Vec<f32>,
    updates: Vec<(DocIndex, Vec<f32>)>,
}

/// The metadata the index keeps of an article.
fn meta_of(article: &Article) -> Meta {
    Meta {
        id: article.id.clone(),
        site: article.site.clone(),
        title: article.title.clone(),
        published: article.published.as_ref().map(|p| (p.epoch, p.iso.clone())),
        chars: article.text.chars().count(),
        url: article.url.clone(),
        credits: article.credits.clone(),
    }
}
