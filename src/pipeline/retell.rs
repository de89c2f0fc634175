//! Wires the retelling pass: weighted profiles → rare-term candidates → story evidence and
//! sentence alignment → retelling links → stories.
//!
//! The pass every command that looks past copies shares (`stories`, `dedup` with spin and
//! rewrite, the evaluations). Cheap measurements come first: every candidate pair gets its
//! word cosine and anchor overlap; only a pair whose evidence could make a derivation (see
//! [`ALIGN_FROM`]) is aligned sentence by sentence, the costly step.

use foldhash::HashMap;
use rayon::prelude::*;
use xxhash_rust::xxh3::xxh3_64;

use crate::analyze::anchors::latest_year;
use crate::analyze::profile::{Profile, Profiler};
use crate::analyze::weights::{DocFreq, Idf};
use crate::cluster::{stories, StoryDoc, StoryLink, StoryOptions};
use crate::index::terms::TermIndex;
use crate::model::{DocIndex, Link, Relation};
use crate::relate::align::{Aligner, Alignment, Prepared};
use crate::relate::retell::retelling_evidence;
use crate::relate::story::{story_evidence, story_similarity, StoryEvidence, Weighted};
use crate::relate::{relate_retelling, round4, RetellRules, Retelling};

/// A pair is aligned when its story similarity before alignment reaches this: a spin or a
/// translation keeps its source's anchors and much of its vocabulary, so its cheap evidence
/// is well above unrelated pairs'. Measured on allsides with the seeds: the spin pair scores
/// 0.67 before alignment; of 1.3 million candidate pairs, 174,000 reach 0.2, 20,000 reach
/// 0.3 and 3,600 reach 0.4.
pub const ALIGN_FROM: f32 = 0.3;

/// How many prepared documents must hold a sentence word for word for it to be boilerplate:
/// two are a copy; three or more, a template.
pub const COMMON_SENTENCE: u32 = 3;

/// The default of [`RetellOptions::neighbours`].
pub const DEFAULT_NEIGHBOURS: usize = 30;

/// Settings of the retelling pass.
#[derive(Debug, Clone)]
pub struct RetellOptions {
    /// How many terms each document is indexed by.
    pub terms_per_doc: usize,
    /// The rare-term index's settings.
    pub index: crate::index::terms::TermIndexBuilder,
    /// The relation thresholds.
    pub rules: RetellRules,
    /// Whether to align sentences (off for headline-only input).
    pub align: bool,
    /// Story clustering settings.
    pub stories: StoryOptions,
    /// A report (`same_story`) link must be among the `neighbours` most similar candidates
    /// of both its documents: in a crowded topic (hundreds of articles on Kim Jong Un) the
    /// similarity of unrelated reports rises with the crowd, and only the nearest are the
    /// same event. 0 turns the rule off.
    pub neighbours: usize,
}

impl Default for RetellOptions {
    fn default() -> Self {
        RetellOptions {
            // Enough of a news article's rarest terms to meet a retelling that kept half its
            // anchors, few enough that postings stay short.
            terms_per_doc: 24,
            index: TermIndex::builder(),
            rules: RetellRules::default(),
            align: true,
            stories: StoryOptions::default(),
            neighbours: DEFAULT_NEIGHBOURS,
        }
    }
}

/// One document as the pass sees it.
#[derive(Debug, Clone)]
pub struct RetellDoc {
    /// Its text (aligned when a pair needs it).
    pub text: String,
    /// Its profile.
    pub profile: Profile,
    /// Publication time, seconds since the epoch.
    pub published: Option<i64>,
    /// A stable hash of its id, for tie-breaks.
    pub tie: u64,
    /// The latest year its text names (see [`StoryDoc::not_before`]).
    pub latest_year: Option<i32>,
}

impl RetellDoc {
    /// Profiles a document. The text is left empty: the caller moves it in when it no longer
    /// needs it, so that no article is held twice.
    pub fn new(profiler: &Profiler, id: &str, text: &str, published: Option<i64>) -> RetellDoc {
        RetellDoc {
            profile: profiler.profile(text),
            latest_year: latest_year(text),
            text: String::new(),
            published,
            tie: xxh3_64(id.as_bytes()),
        }
    }
}

/// Counts document frequencies over the documents (in parallel) into an [`Idf`] on top of
/// the background.
pub fn corpus_idf(docs: &[RetellDoc]) -> Idf {
    let df = docs
        .par_iter()
        .fold(DocFreq::new, |mut df, d| {
            df.add(&d.profile);
            df
        })
        .reduce(DocFreq::new, |mut a, b| {
            a.merge(b);
            a
        });
    Idf::with_corpus(df)
}

/// The result of the pass.
#[derive(Debug, Clone, Default)]
pub struct Retold {
    /// The retelling links found (copy links are the caller's), sorted by (a, b).
    pub links: Vec<Link>,
    /// Candidate pairs measured.
    pub candidates: usize,
    /// Pairs aligned sentence by sentence.
    pub aligned: usize,
}

/// Finds the retelling links among `docs`. `skip` says whether a pair is already linked
/// (as a copy) and needs no retelling link.
pub fn retell(
    docs: &[RetellDoc],
    idf: &Idf,
    options: &RetellOptions,
    skip: impl Fn(DocIndex, DocIndex) -> bool + Sync,
) -> (Vec<Weighted>, Retold) {
    let weighted: Vec<Weighted> = docs
        .par_iter()
        .map(|d| Weighted::new(&d.profile, idf))
        .collect();
    let cap = options.index.postings_cap();
    let mut index = options.index.build();
    for (d, w) in docs.iter().zip(&weighted) {
        let usable = |k: u64| {
            let df = idf.corpus_df(k) as usize;
            df >= 2 && df <= cap
        };
        index.push(w.top_terms(options.terms_per_doc, usable), d.tie);
    }
    let pairs: Vec<(DocIndex, DocIndex)> = index
        .candidate_pairs()
        .into_iter()
        .filter(|&(a, b)| !skip(a, b))
        .collect();
    let scored: Vec<(DocIndex, DocIndex, StoryEvidence)> = pairs
        .par_iter()
        .map(|&(a, b)| {
            (
                a,
                b,
                story_evidence(&weighted[a as usize], &weighted[b as usize]),
            )
        })
        .collect();
    // Prepare (split and stem) only the documents some promising pair needs, once each.
    let promising = |e: &StoryEvidence| options.align && story_similarity(e, None) >= ALIGN_FROM;
    let mut needs = vec![false; docs.len()];
    for (a, b, e) in &scored {
        if promising(e) {
            needs[*a as usize] = true;
            needs[*b as usize] = true;
        }
    }
    let aligner = Aligner::builder().changes(false).build();
    let mut prepared: Vec<Option<Prepared>> = docs
        .par_iter()
        .zip(&needs)
        .map(|(d, &need)| need.then(|| aligner.prepare(&d.text)))
        .collect();
    // A sentence that several prepared documents hold word for word is boilerplate (an
    // outlet's standard paragraph, a newsletter line), not evidence of derivation.
    let mut held: HashMap<u64, u32> = HashMap::default();
    for p in prepared.iter().flatten() {
        let mut keys: Vec<u64> = p.sentence_keys().collect();
        keys.sort_unstable();
        keys.dedup();
        for k in keys {
            *held.entry(k).or_insert(0) += 1;
        }
    }
    prepared.par_iter_mut().flatten().for_each(|p| {
        p.mark_common(|k| held.get(&k).is_some_and(|&n| n >= COMMON_SENTENCE));
    });
    let verdicts: Vec<(Retelling, Option<Alignment>)> = scored
        .par_iter()
        .map(|(a, b, e)| {
            let alignment = match (&prepared[*a as usize], &prepared[*b as usize]) {
                // The alignment's ties resolve by side, so the side is chosen by the ids'
                // hashes, never by input order.
                (Some(x), Some(y)) if promising(e) => {
                    Some(if docs[*a as usize].tie <= docs[*b as usize].tie {
                        aligner.align_weighted(x, y, Some(idf))
                    } else {
                        aligner.align_weighted(y, x, Some(idf)).swapped()
                    })
                }
                _ => None,
            };
            (
                relate_retelling(alignment.as_ref(), e, &options.rules),
                alignment,
            )
        })
        .collect();
    drop(prepared);
    let aligned = verdicts.iter().filter(|v| v.1.is_some()).count();
    let floor = neighbour_floor(docs.len(), &scored, &verdicts, options.neighbours);
    let links: Vec<Link> = scored
        .iter()
        .zip(&verdicts)
        .filter_map(|((a, b, e), (verdict, alignment))| {
            let relation = verdict.relation?;
            // A report link must be among the best of both documents' neighbours (see
            // `RetellOptions::neighbours`); a derivation stands on its alignment.
            let s = verdict.story_similarity;
            if relation == Relation::SameStory && (s < floor[*a as usize] || s < floor[*b as usize])
            {
                return None;
            }
            Some(link(docs, *a, *b, e, relation, verdict, alignment.as_ref()))
        })
        .collect();
    (
        weighted,
        Retold {
            links,
            candidates: scored.len(),
            aligned,
        },
    )
}

/// For each document, the story similarity of its `k`-th most similar candidate (0 when it
/// has fewer): the least a report link to it must reach.
fn neighbour_floor(
    n: usize,
    scored: &[(DocIndex, DocIndex, StoryEvidence)],
    verdicts: &[(Retelling, Option<Alignment>)],
    k: usize,
) -> Vec<f32> {
    let mut sims: Vec<Vec<f32>> = vec![Vec::new(); n];
    for ((a, b, _), (verdict, _)) in scored.iter().zip(verdicts) {
        sims[*a as usize].push(verdict.story_similarity);
        sims[*b as usize].push(verdict.story_similarity);
    }
    sims.into_par_iter()
        .map(|mut v| {
            if v.len() < k || k == 0 {
                return 0.0;
            }
            let (_, kth, _) = v.select_nth_unstable_by(k - 1, |x, y| y.total_cmp(x));
            *kth
        })
        .collect()
}

/// The link of a retelling verdict, with its evidence.
fn link(
    docs: &[RetellDoc],
    a: DocIndex,
    b: DocIndex,
    e: &StoryEvidence,
    relation: Relation,
    verdict: &Retelling,
    alignment: Option<&Alignment>,
) -> Link {
    let (da, db) = (&docs[a as usize], &docs[b as usize]);
    let earlier = match (da.published, db.published) {
        (Some(x), Some(y)) if x < y => Some(a),
        (Some(x), Some(y)) if y < x => Some(b),
        _ => None,
    };
    Link {
        a,
        b,
        relation,
        score: round4(f64::from(verdict.score)),
        source: match relation {
            Relation::SameStory => None,
            // An excerpt derives from the whole it was cut from, as in the copy rules.
            Relation::Excerpt => Some(if (da.text.len(), db.tie) >= (db.text.len(), da.tie) {
                a
            } else {
                b
            }),
            _ => earlier,
        },
        evidence: retelling_evidence(e, alignment, verdict, [da.published, db.published]),
    }
}

/// Clusters the documents into stories from copy and retelling links.
pub fn cluster_stories(
    docs: &[RetellDoc],
    weighted: &[Weighted],
    links: &[Link],
    options: &StoryOptions,
) -> Vec<Vec<DocIndex>> {
    let parts: Vec<StoryPart<'_>> = docs
        .iter()
        .zip(weighted)
        .map(|(d, w)| StoryPart {
            words: &w.words,
            published: d.published,
            tie: d.tie,
            latest_year: d.latest_year,
        })
        .collect();
    cluster_parts(&parts, links, options)
}

/// What story clustering needs of a document.
#[derive(Debug, Clone, Copy)]
pub struct StoryPart<'a> {
    /// Its weighted content words (sorted by key, L2-normalised).
    pub words: &'a [(u64, f32)],
    /// Publication time, seconds since the epoch.
    pub published: Option<i64>,
    /// A stable hash of its id, for tie-breaks.
    pub tie: u64,
    /// The latest year its text names.
    pub latest_year: Option<i32>,
}

/// Clusters documents given as [`StoryPart`]s (the form the persistent index keeps).
pub fn cluster_parts(
    parts: &[StoryPart<'_>],
    links: &[Link],
    options: &StoryOptions,
) -> Vec<Vec<DocIndex>> {
    // A year past every publication date read is more likely a plan ("targets for 2030")
    // than a memory, and bounds nothing.
    let newest = parts.iter().filter_map(|d| d.published).max();
    let story_docs: Vec<StoryDoc<'_>> = parts
        .iter()
        .map(|d| StoryDoc {
            words: d.words,
            published: d.published,
            tie: d.tie,
            not_before: match (d.published, d.latest_year.map(year_start), newest) {
                (None, Some(bound), Some(newest)) if bound <= newest => Some(bound),
                _ => None,
            },
        })
        .collect();
    let story_links: Vec<StoryLink> = links
        .iter()
        .map(|l| StoryLink {
            a: l.a,
            b: l.b,
            relation: l.relation,
            score: l.evidence.story_similarity.unwrap_or(l.score) as f32,
        })
        .collect();
    stories(&story_docs, &story_links, options)
}

/// Seconds since the epoch at the start of a year (proleptic Gregorian, UTC).
fn year_start(year: i32) -> i64 {
    let y = i64::from(year) - 1;
    let days =
        365 * (y - 1969) + (y / 4 - 1969 / 4) - (y / 100 - 1969 / 100) + (y / 400 - 1969 / 400);
    days * 86_400
}
