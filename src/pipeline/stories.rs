//! The `stories` path: read → extract → analyze → copy pass and retelling pass → stories.
//!
//! Each record is extracted (chrome stripped), analysed, sketched and profiled in parallel;
//! the caller sees each article as it comes (to write documents.jsonl), and the path keeps
//! only what the two passes need: shingles for the copy pass (as `dedup` does), and the text
//! and profile for the retelling pass. Corpus idf is counted once all is read. Copy links and
//! retelling links then feed story clustering, and each story's members get a role from
//! their strongest link within it.

use std::sync::atomic::AtomicU64;
use std::sync::Arc;

use foldhash::{HashMap, HashSet};

use super::dedup::{exact_link, verify_copies, Doc};
use super::retell::{cluster_stories, corpus_idf, retell, RetellDoc, RetellOptions, Retold};
use super::{run_batched, Tally};
use crate::analyze::profile::Profiler;
use crate::analyze::Analyzer;
use crate::error::{Error, Result};
use crate::extract::extract;
use crate::index::BandIndex;
use crate::model::{Article, DocIndex, Link, Meta, Story, Warning};
use crate::provenance::Provenance;
use crate::read::{Item, ReadOptions, Reader};
use crate::relate::copy::high_halves;
use crate::relate::CopyRules;
use crate::sketch::{LshParams, Sketcher};
use crate::summarize::Summarizer;

/// Options of a stories run.
#[derive(Debug, Clone, Default)]
pub struct StoriesOptions {
    /// How inputs are read.
    pub read: ReadOptions,
    /// Stop at the first bad record.
    pub strict: bool,
    /// The copy thresholds.
    pub copy: CopyRules,
    /// The retelling pass and story clustering settings.
    pub retell: RetellOptions,
}

/// What a stories run found.
#[derive(Debug, Clone, Default)]
pub struct StoriesResult {
    /// Every document's metadata, by index.
    pub docs: Vec<Meta>,
    /// Copy and retelling links, sorted by (a, b).
    pub links: Vec<Link>,
    /// The stories, ordered by their original's first appearance in the input.
    pub stories: Vec<Story>,
    /// Candidate pairs: from LSH (copy pass) and from rare terms (retelling pass).
    pub candidates: (u64, u64),
    /// Pairs aligned sentence by sentence.
    pub aligned: u64,
    /// What was read and skipped.
    pub tally: Tally,
}

/// A stories run over some inputs, opened but not yet started.
pub struct Stories {
    reader: Reader,
    options: StoriesOptions,
}

/// What the parallel step makes of one reader item.
enum Prepared {
    Doc(Box<(Article, Doc, Vec<u64>, RetellDoc)>),
    /// A record read but without text once extracted.
    NoText(Warning),
    /// A problem of the reader.
    Problem(Warning),
}

impl Stories {
    /// Opens the inputs. Fails only if an input is missing.
    pub fn open(inputs: &[String], options: StoriesOptions) -> Result<Stories> {
        let reader = Reader::open(inputs, options.read.clone())?;
        Ok(Stories { reader, options })
    }

    /// Total on-disk bytes of the inputs (0 for stdin), for a progress bar.
    pub fn total_bytes(&self) -> u64 {
        self.reader.total_bytes()
    }

    /// On-disk bytes consumed so far.
    pub fn progress(&self) -> Arc<AtomicU64> {
        self.reader.progress()
    }

    /// Runs to the end. `on_article` sees each extracted article in input order (to write
    /// it out); warnings go to `on_warning`.
    pub fn run(
        self,
        on_article: &mut dyn FnMut(&Article) -> Result<()>,
        on_warning: &mut dyn FnMut(&Warning),
    ) -> Result<StoriesResult> {
        let Stories { reader, options } = self;
        let analyzer = Analyzer::default();
        let sketcher = Sketcher::default();
        let lsh = LshParams::for_threshold(
            super::dedup::CANDIDATE_THRESHOLD.min(options.copy.near_copy),
            sketcher.num_perm(),
        );
        let profiler = Profiler::default();
        let work = |item: Item| prepare(item, &analyzer, &sketcher, &lsh, &profiler);
        let mut tally = Tally::default();
        let (mut metas, mut docs, mut retell_docs) = (Vec::new(), Vec::new(), Vec::new());
        let mut links = Vec::new();
        let mut index = BandIndex::new();
        let mut first_of: HashMap<u128, DocIndex> = HashMap::default();
        let strict = options.strict;
        let mut skip = |tally: &mut Tally, warning: Warning| -> Result<()> {
            tally.count(&warning);
            on_warning(&warning);
            match strict {
                true => Err(Error::from(warning)),
                false => Ok(()),
            }
        };
        run_batched(reader, work, |prepared| {
            let (article, doc, keys, retell_doc) = match prepared {
                Prepared::Doc(boxed) => {
                    let (article, doc, keys, retell_doc) = *boxed;
                    (article, doc, keys, retell_doc)
                }
                Prepared::NoText(warning) => {
                    // A record read, without text once extracted.
                    tally.records += 1;
                    return skip(&mut tally, warning);
                }
                Prepared::Problem(warning) => return skip(&mut tally, warning),
            };
            tally.records += 1;
            tally.articles += 1;
            on_article(&article)?;
            let at = docs.len() as DocIndex;
            if doc.words > 0 {
                match first_of.get(&doc.content_hash) {
                    Some(&first) => links.push(exact_link(first, at, &docs[first as usize], &doc)),
                    None => {
                        first_of.insert(doc.content_hash, at);
                        index.insert(at, &keys);
                    }
                }
            }
            let mut retell_doc = retell_doc;
            let chars = article.text.chars().count();
            retell_doc.text = article.text;
            metas.push(Meta {
                chars,
                id: article.id,
                site: article.site,
                title: article.title,
                published: article.published.map(|p| (p.epoch, p.iso)),
                url: article.url,
                credits: article.credits,
            });
            docs.push(doc);
            retell_docs.push(retell_doc);
            Ok(())
        })?;
        let pairs = index.candidate_pairs();
        links.extend(verify_copies(&mut docs, &pairs, &options.copy));
        drop(docs);
        let copied: HashSet<(DocIndex, DocIndex)> = links.iter().map(|l| (l.a, l.b)).collect();
        let idf = corpus_idf(&retell_docs);
        let (
            weighted,
            Retold {
                links: retold,
                candidates,
                aligned,
            },
        ) = retell(&retell_docs, &idf, &options.retell, |a, b| {
            copied.contains(&(a, b))
        });
        links.extend(retold);
        links.sort_by_key(|l| (l.a, l.b));
        let sets = cluster_stories(&retell_docs, &weighted, &links, &options.retell.stories);
        let summarizer = Summarizer::new(idf);
        let stories = roles(sets, &links, &metas, &retell_docs, &summarizer);
        Ok(StoriesResult {
            docs: metas,
            links,
            stories,
            candidates: (pairs.len() as u64, candidates as u64),
            aligned: aligned as u64,
            tally,
        })
    }
}

/// Extracts, analyses, sketches and profiles one record (in a worker thread).
fn prepare(
    item: Item,
    analyzer: &Analyzer,
    sketcher: &Sketcher,
    lsh: &LshParams,
    profiler: &Profiler,
) -> Prepared {
    let record = match item {
        Item::Record(record) => record,
        Item::Warning(w) => return Prepared::Problem(w),
    };
    let article = match extract(record) {
        Ok(article) => article,
        Err(w) => return Prepared::NoText(w),
    };
    let analyzed = analyzer.analyze_unsorted(&article.text);
    let keys = lsh.band_keys(&sketcher.sketch(&analyzed.shingles));
    let published = article.published.as_ref().map(|p| p.epoch);
    let doc = Doc {
        published,
        words: analyzed.words,
        content_hash: analyzed.content_hash,
        shingles: high_halves(&analyzed.shingles),
    };
    // The text itself joins the profile once the article is written (no copy of it).
    let retell_doc = RetellDoc::new(profiler, &article.id, &article.text, published);
    Prepared::Doc(Box::new((article, doc, keys, retell_doc)))
}

/// Gives each story's members their roles and derivations, and each story its summary (in
/// parallel across stories).
fn roles(
    sets: Vec<Vec<DocIndex>>,
    links: &[Link],
    metas: &[Meta],
    docs: &[RetellDoc],
    summarizer: &Summarizer,
) -> Vec<Story> {
    use rayon::prelude::*;
    let mut story_of: HashMap<DocIndex, usize> = HashMap::default();
    for (n, set) in sets.iter().enumerate() {
        for &d in set {
            story_of.insert(d, n);
        }
    }
    let mut inside: Vec<Vec<&Link>> = vec![Vec::new(); sets.len()];
    for link in links {
        match (story_of.get(&link.a), story_of.get(&link.b)) {
            (Some(x), Some(y)) if x == y => inside[*x].push(link),
            _ => {}
        }
    }
    let provenance = Provenance::default();
    let text = |d: DocIndex| docs.get(d as usize).map_or("", |doc| doc.text.as_str());
    let profile = |d: DocIndex| docs.get(d as usize).map(|doc| &doc.profile);
    sets.par_iter()
        .zip(inside.par_iter())
        .map(|(set, links)| {
            let mut story = provenance.story(set, links, metas, &text);
            story.summary = summarizer.summarize(&story, metas, &text, &profile);
            story
        })
        .collect()
}
