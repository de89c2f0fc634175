//! The `stories` path: read → extract → prepare → copy and retelling passes → stories with
//! roles and summaries.
//!
//! Each record is extracted (chrome stripped) and prepared in parallel; the caller sees each
//! article as it comes (to write documents.jsonl). The path keeps its prepared document,
//! counts its terms into the corpus counts, and holds its text and profile on disk (`held`),
//! so memory grows by what relating reads of a document, not by its text. Corpus idf is known
//! once all is read; then `corpus` links and clusters, reading back the profiles (to weigh
//! them) and the texts of the documents it aligns, and each story gets its roles (provenance)
//! and summary from its members' texts read back in turn.

use foldhash::HashMap;
use rayon::prelude::*;

use super::corpus::{cluster_corpus, link_corpus, CopyIndex, Retell};
use super::held::HeldWriter;
use super::{run_batched, Extracted, Tally};
use crate::cluster::StoryOptions;
use crate::error::Result;
use crate::model::{Article, DocIndex, Link, Meta, Record, Story, Warning};
use crate::provenance::Provenance;
use crate::read::{Item, ReadOptions, Reader};
use std::sync::Arc;

use crate::analyze::embed::Encoder;
use crate::analyze::profile::Profile;
use crate::analyze::weights::{DocFreq, Idf};
use crate::relate::engine::SetAside;
use crate::relate::{CopyRules, Engine, Preparer, Related, RetellOptions};
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
    /// The retelling pass's settings.
    pub retell: RetellOptions,
    /// Story clustering's settings.
    pub stories: StoryOptions,
    /// The encoder every text is embedded with (none unless set; see `analyze::embed`).
    pub encoder: Option<Arc<Encoder>>,
}

impl StoriesOptions {
    /// The engine these options build.
    pub fn engine(&self) -> Engine {
        Engine::builder()
            .copy(self.copy)
            .retell(self.retell.clone())
            .build()
    }
}

/// What a stories run found.
#[derive(Debug, Default)]
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

impl super::Inputs for Stories {
    fn reader(&self) -> &Reader {
        &self.reader
    }
}

impl Stories {
    /// Opens the inputs. Fails only if an input is missing.
    pub fn open(inputs: &[String], options: StoriesOptions) -> Result<Stories> {
        let reader = Reader::open(inputs, options.read.clone())?;
        Ok(Stories { reader, options })
    }

    /// A run over records already in memory (a library caller's), in their order.
    pub fn from_records(records: Vec<Record>, options: StoriesOptions) -> Stories {
        let reader = Reader::from_records(records, options.read.clone());
        Stories { reader, options }
    }

    /// Runs to the end. `on_article` sees each extracted article in input order (to write
    /// it out); warnings go to `on_warning`.
    pub fn run(
        self,
        on_article: &mut dyn FnMut(&Article) -> Result<()>,
        on_warning: &mut dyn FnMut(&Warning),
    ) -> Result<StoriesResult> {
        let Stories { reader, options } = self;
        let preparer = Preparer::builder()
            .near_copy(options.copy.near_copy)
            .encoder(options.encoder.clone())
            .build();
        let work = |item: Item| {
            Extracted::of(item, |article| {
                let prepared = preparer.prepare_article(&article);
                (article, prepared)
            })
        };
        let mut tally = Tally::default();
        let (mut metas, mut docs) = (Vec::new(), Vec::new());
        let mut copies = CopyIndex::default();
        let strict = options.strict;
        // Each text and profile goes to disk as it comes: memory keeps what relating reads of
        // every document, and the corpus counts of its terms.
        let mut held = HeldWriter::create()?;
        let mut df = DocFreq::new();
        run_batched(reader, work, |extracted| {
            let warning = match extracted {
                Extracted::Doc(boxed) => {
                    let (article, mut prepared) = *boxed;
                    tally.records += 1;
                    tally.articles += 1;
                    on_article(&article)?;
                    metas.push(meta_of(&article));
                    df.add(&prepared.profile);
                    let profile = std::mem::take(&mut prepared.profile);
                    held.push(profile.to_bytes(), article.text);
                    copies.add(&mut prepared);
                    docs.push(prepared);
                    return Ok(());
                }
                Extracted::Skipped(w) => w,
            };
            tally.skip(warning, on_warning, strict)
        })?;
        let held = held.finish()?;
        let engine = options.engine();
        let idf = Idf::with_corpus(df);
        let retell = Retell::Full {
            idf: &idf,
            aside: Some(&held),
        };
        let linked = link_corpus(&mut docs, copies, &engine, retell)?;
        let retold = linked.retellings.as_ref();
        let weighted = retold.map(|r| r.weighted.as_slice()).unwrap_or_default();
        let sets = cluster_corpus(&docs, weighted, &linked.related, &options.stories);
        let summarizer = Summarizer::new(&idf);
        let provenance = Provenance::new(&engine, &idf);
        let stories = roles(
            &sets,
            &linked.related,
            &metas,
            &held,
            &provenance,
            &summarizer,
        )?;
        let aligned = retold.map_or(0, |r| r.aligned as u64);
        Ok(StoriesResult {
            docs: metas,
            candidates: linked.candidates,
            links: linked.related.into_iter().map(|r| r.link).collect(),
            stories,
            aligned,
            tally,
        })
    }
}

/// The metadata a run keeps of an article.
pub fn meta_of(article: &Article) -> Meta {
    Meta {
        id: article.id.clone(),
        site: article.site.clone(),
        title: article.title.clone(),
        published: article.published.as_ref().map(|p| (p.epoch, p.iso.clone())),
        chars: article.text.chars().count(),
        url: article.url.clone(),
        credits: article.credits.clone(),
        lang: article.lang.clone(),
    }
}

/// Gives each story's members their roles and derivations, and each story its summary (in
/// parallel across stories), reading the members' texts (and, for a story of more than one,
/// their profiles) from where the run holds them.
fn roles(
    sets: &[Vec<DocIndex>],
    related: &[Related],
    metas: &[Meta],
    aside: &dyn SetAside,
    provenance: &Provenance<'_>,
    summarizer: &Summarizer<'_>,
) -> Result<Vec<Story>> {
    let mut story_of: HashMap<DocIndex, usize> = HashMap::default();
    for (n, set) in sets.iter().enumerate() {
        for &d in set {
            story_of.insert(d, n);
        }
    }
    let mut inside: Vec<Vec<&Related>> = vec![Vec::new(); sets.len()];
    for r in related {
        match (story_of.get(&r.link.a), story_of.get(&r.link.b)) {
            (Some(x), Some(y)) if x == y => inside[*x].push(r),
            _ => {}
        }
    }
    sets.par_iter()
        .zip(inside.par_iter())
        .map(|(set, links)| {
            let texts: HashMap<DocIndex, String> = set
                .iter()
                .map(|&d| Ok((d, aside.text(d)?.into_owned())))
                .collect::<Result<_>>()?;
            // A story of one is summarised by its lead: no profile is read.
            let profiles: HashMap<DocIndex, Profile> = match set.len() {
                1 => HashMap::default(),
                _ => set
                    .iter()
                    .map(|&d| Ok((d, aside.profile(d)?.into_owned())))
                    .collect::<Result<_>>()?,
            };
            let text = |d: DocIndex| texts.get(&d).map_or("", String::as_str);
            let profile = |d: DocIndex| profiles.get(&d);
            let mut story = provenance.story(set, links, metas, &text);
            story.summary = summarizer.summarize(&story, metas, &text, &profile);
            Ok(story)
        })
        .collect()
}
