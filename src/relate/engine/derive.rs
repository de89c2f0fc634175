//! The derivation pass: pairs that share wording (copy candidates the copy rules did not
//! link, skeleton and name candidates) → a check on their shingle, skeleton and name sets →
//! sentence alignment → `spin`, `rewrite`, `near_copy` or `excerpt` links.
//!
//! What `dedup` runs for spins and rewrites, at the cost of a copy pass: no document is
//! profiled or split into sentences unless a pair that passed the check needs it, and terms
//! are weighed by the background counts and those documents' own, not by the whole corpus.
//! A spin keeps its source's function words and its names (its skeletons) and an edited copy
//! many of its word shingles, so the check reads the sets the copy pass already made; what
//! passes is decided by the same alignment and the same rules as the retelling pass.

use foldhash::HashSet;

use rayon::prelude::*;

use super::{sort_candidates, Engine, Related, Side};
use crate::analyze::weights::{DocFreq, Idf, Weighted};
use crate::error::Result;
use crate::index::BandIndex;
use crate::model::{Alignment, DocIndex};
use crate::relate::align::Sentences;
use crate::relate::boilerplate::Boilerplate;
use crate::relate::copy::intersection;
use crate::relate::prepare::Prepared;
use crate::relate::retell::{derivation, relate_retelling};
use crate::relate::story::story_evidence;
use crate::sketch::{LshParams, Sketcher};

/// The least share of the smaller text's set, of word shingles or of skeleton shingles
/// (whichever is higher), that the other text must hold for a pair to be aligned. Measured
/// on allsides, where 2,609 candidate pairs pass the check and 40 of them align into
/// derivations: every one of those holds at least 0.27, real edited copies ("spins" keeping
/// 0.85 of their words) 0.34 to 0.58, excerpts more; a planted synonym spin keeps nearly all
/// its skeleton.
pub const DERIVE_FROM: f64 = 0.2;

/// The least share of the larger text's set (as [`DERIVE_FROM`]) for a pair to be aligned: a
/// derivation aligns at least 0.3 of the longer text (`RetellRules::partial_coverage`).
/// The 40 derivations of allsides hold 0.25 or more; the pairs from 0.12 to 0.15 were a
/// sixth of the alignment work (short texts inside long pages).
pub const DERIVE_FROM_LARGER: f64 = 0.15;

/// The LSH threshold of name candidates (see `analyze::skeleton::NAME_SHINGLE`), over the
/// names that are not common. The spins and rewrites the retelling pass finds in allsides
/// keep from 0.12 to 0.42 of their sources' name 3-grams, most above 0.2.
pub const NAME_THRESHOLD: f64 = 0.2;

/// A name shingle in more than this share of a corpus's documents (and more than
/// [`NAME_COMMON_MIN`]) is its topic's or its chrome's, not one text's: "president donald
/// trump" is in 5,511 allsides texts, "copyright 2019 washington" in 2,732 (one site's
/// footer). Left in, they made 428,000 name candidates in allsides.
pub const NAME_COMMON_SHARE: f64 = 0.005;

/// The least document count that makes a name shingle common, whatever the corpus size.
pub const NAME_COMMON_MIN: usize = 50;

/// The fewest uncommon name shingles a text needs to be a name candidate: a text that names
/// few people and figures shares a fifth of them with others by chance.
pub const NAME_MIN: usize = 15;

/// The name candidates of a corpus: pairs of documents whose uncommon name shingles have an
/// estimated Jaccard near [`NAME_THRESHOLD`] or above. Sorts every document's names and
/// drops the common ones (and all names of the documents `indexed` turns down, which then
/// share none), so the derivation check reads what was banded.
pub fn name_candidates(
    docs: &mut [Prepared],
    indexed: impl Fn(DocIndex) -> bool + Sync,
) -> Vec<(DocIndex, DocIndex)> {
    docs.par_iter_mut().enumerate().for_each(|(d, doc)| {
        if doc.byline.words == 0 || !indexed(d as DocIndex) {
            doc.names = Vec::new();
        }
        doc.names.sort_unstable();
        doc.names.dedup();
    });
    let mut all: Vec<u32> = docs.iter().flat_map(|d| d.names.iter().copied()).collect();
    all.par_sort_unstable();
    let cap = NAME_COMMON_MIN.max((docs.len() as f64 * NAME_COMMON_SHARE) as usize);
    let common: HashSet<u32> = all
        .chunk_by(|a, b| a == b)
        .filter(|run| run.len() > cap)
        .map(|run| run[0])
        .collect();
    drop(all);
    let sketcher = Sketcher::builder().build();
    let lsh = LshParams::for_threshold(NAME_THRESHOLD, sketcher.num_perm());
    let keys: Vec<(DocIndex, Vec<u64>)> = docs
        .par_iter_mut()
        .enumerate()
        .filter_map(|(d, doc)| {
            doc.names.retain(|n| !common.contains(n));
            if doc.names.len() < NAME_MIN {
                return None;
            }
            let set: Vec<u64> = doc.names.iter().map(|&n| u64::from(n)).collect();
            Some((d as DocIndex, lsh.band_keys(&sketcher.sketch(&set))))
        })
        .collect();
    let mut index = BandIndex::new();
    for (d, k) in keys {
        index.insert(d, &k);
    }
    index.candidate_pairs()
}

/// The least share of each text's uncommon name shingles that the other must hold for a pair
/// to be aligned on its names alone. A spin keeps its source's names, so it holds them from
/// both sides (the seeds' spin 0.6 or more of each) where it may keep less than a tenth of its
/// source's word shingles; a short text that shares a site's chrome with a long one holds
/// much of the long one's names but the long one few of its (in allsides, 1,431 pairs held
/// 0.2 of the smaller's names and none aligned into a derivation; none held 0.5 of both).
pub const DERIVE_FROM_NAMES: f64 = 0.5;

/// The shares of the smaller and of the larger of two sorted sets that they have in common
/// (0 when either is empty).
fn shared_shares(a: &[u32], b: &[u32]) -> (f64, f64) {
    let (small, large) = (a.len().min(b.len()), a.len().max(b.len()));
    if small == 0 {
        return (0.0, 0.0);
    }
    let shared = intersection(a, b) as f64;
    (shared / small as f64, shared / large as f64)
}

/// Whether two documents share enough wording to be aligned (see [`DERIVE_FROM`]).
fn shares_wording(x: &Prepared, y: &Prepared) -> bool {
    let words = shared_shares(&x.shingles, &y.shingles);
    let skeleton = shared_shares(&x.skeleton, &y.skeleton);
    let names = shared_shares(&x.names, &y.names);
    (words.0.max(skeleton.0) >= DERIVE_FROM && words.1.max(skeleton.1) >= DERIVE_FROM_LARGER)
        || (x.names.len().min(y.names.len()) >= NAME_MIN && names.1 >= DERIVE_FROM_NAMES)
}

/// Where the derivation pass reads a document's text: only the documents a checked pair
/// needs are read.
pub type TextOf<'a> = dyn Fn(DocIndex) -> Result<String> + Sync + 'a;

/// What the pass keeps of a document a checked pair needs.
struct Needed {
    text: String,
    sentences: Sentences,
}

/// Document `d` as one side of a pair, with what the pass read of it.
fn side<'a>(docs: &'a [Prepared], d: DocIndex, n: &'a Needed) -> Side<'a> {
    Side {
        index: d,
        tie: docs[d as usize].tie,
        sentences: Some(&n.sentences),
        text: &n.text,
        byline: &docs[d as usize].byline,
    }
}

impl Engine {
    /// Finds the derivation links among candidate `pairs` of `docs` (each with its shingle
    /// and skeleton sets), reading texts with `text_of`. The pairs are the caller's: none
    /// already linked. Fails only if a text cannot be read.
    pub fn derivations(
        &self,
        docs: &mut [Prepared],
        pairs: &[(DocIndex, DocIndex)],
        text_of: &TextOf<'_>,
    ) -> Result<Vec<Related>> {
        sort_candidates(docs, pairs);
        let docs = &*docs;
        let checked: Vec<(DocIndex, DocIndex)> = pairs
            .par_iter()
            .filter(|&&(a, b)| shares_wording(&docs[a as usize], &docs[b as usize]))
            .copied()
            .collect();
        let mut needs = vec![false; docs.len()];
        for &(a, b) in &checked {
            needs[a as usize] = true;
            needs[b as usize] = true;
        }
        // The texts and sentences of the documents a checked pair needs, once each.
        let mut needed: Vec<Option<Needed>> = (0..docs.len())
            .into_par_iter()
            .map(|d| {
                if !needs[d] {
                    return Ok(None);
                }
                let text = text_of(d as DocIndex)?;
                let sentences = self.sentences(&text);
                Ok(Some(Needed { text, sentences }))
            })
            .collect::<Result<_>>()?;
        let boilerplate = Boilerplate::count(needed.iter().flatten().map(|n| &n.sentences));
        needed
            .par_iter_mut()
            .flatten()
            .for_each(|n| boilerplate.mark(&mut n.sentences));
        // Aligned first: a derivation stands on its alignment, so only the few pairs that
        // make one need their documents' profiles for the evidence their links show.
        let mut df = DocFreq::new();
        for n in needed.iter().flatten() {
            df.add_keys(n.sentences.term_keys());
        }
        let idf = Idf::with_corpus(df);
        let both = |a: DocIndex, b: DocIndex| {
            Some((needed[a as usize].as_ref()?, needed[b as usize].as_ref()?))
        };
        let aligned: Vec<(DocIndex, DocIndex, Alignment)> = checked
            .par_iter()
            .filter_map(|&(a, b)| {
                let (na, nb) = both(a, b)?;
                let al = self.align_sides(&side(docs, a, na), &side(docs, b, nb), &idf)?;
                Some((a, b, al))
            })
            .collect();
        let derived: Vec<(DocIndex, DocIndex, Alignment)> = aligned
            .into_iter()
            .filter(|(_, _, al)| derivation(al, &self.retell.rules).is_some())
            .collect();
        let mut profiled = vec![false; docs.len()];
        for (a, b, _) in &derived {
            profiled[*a as usize] = true;
            profiled[*b as usize] = true;
        }
        let weighted: Vec<Option<Weighted>> = (0..docs.len())
            .into_par_iter()
            .map(|d| {
                let n = needed[d].as_ref().filter(|_| profiled[d])?;
                let b = &docs[d].byline;
                let profile =
                    self.profiler
                        .profile_of(b.title.as_deref(), &n.text, b.lang.as_deref());
                Some(Weighted::new(&profile, &idf))
            })
            .collect();
        let related: Vec<Related> = derived
            .into_par_iter()
            .filter_map(|(a, b, alignment)| {
                let (na, nb) = both(a, b)?;
                let (wa, wb) = (
                    weighted[a as usize].as_ref()?,
                    weighted[b as usize].as_ref()?,
                );
                let evidence = story_evidence(wa, wb);
                let verdict = relate_retelling(Some(&alignment), &evidence, &self.retell.rules);
                let (x, y) = (side(docs, a, na), side(docs, b, nb));
                self.finish(&x, &y, &evidence, &verdict, Some(alignment))
            })
            .collect();
        Ok(related)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Byline;
    use crate::relate::Preparer;

    const SOURCE: &str = "North Korean leader Kim Jong Un ordered his government to prepare for \
        confrontation with the Biden administration, KCNA said on Friday, days after the United \
        States, Japan and South Korea urged Pyongyang to return to talks. Kim held summits with \
        Donald Trump in Singapore in June 2018 and in Hanoi in February 2019, and met him at \
        Panmunjom in June 2019. Secretary of State Antony Blinken said in Seoul on Tuesday that \
        Washington and Tokyo would work with Beijing. Moon Jae-in told reporters in Seoul that \
        the Workers' Party plenum would end on Saturday, and KCNA said Kim Yo Jong attended.";

    /// The source with every lowercase content word it can swap swapped, names kept.
    const SPIN: &str = "North Korean chief Kim Jong Un directed his administration to get ready \
        for conflict with all the Biden government, KCNA stated Friday, days later the United \
        States, Japan and South Korea pressed Pyongyang to go back to discussions. Kim had \
        meetings with Donald Trump in Singapore in June 2018 and in Hanoi in February 2019, and \
        encountered him at Panmunjom in June 2019. Secretary of State Antony Blinken stated in \
        Seoul on Tuesday that Washington and Tokyo would cooperate with Beijing. Moon Jae-in \
        informed journalists in Seoul that the Workers' Party meeting would finish on Saturday, \
        and KCNA stated Kim Yo Jong was present.";

    fn prepared(texts: &[String]) -> Vec<Prepared> {
        let preparer = Preparer::builder().skeleton(true).profile(false).build();
        texts
            .iter()
            .enumerate()
            .map(|(i, t)| preparer.prepare(&i.to_string(), t, Byline::default()))
            .collect()
    }

    #[test]
    fn a_spin_shares_its_names_and_a_site_footer_shares_none() {
        // Sixty pages of one site, each a few names of its own and the site's footer of names.
        let footer = "Copyright 2019 The Washington Times LLC. Click Here for Reprint Permission. \
                      Sign Up for Daily Newsletters. Manage Newsletters. Washington Times \
                      Weekly Edition Home News Politics Opinion Sports Business Entertainment.";
        let mut texts = vec![SOURCE.to_owned(), SPIN.to_owned()];
        for i in 0..60 {
            texts.push(format!(
                "Mayor Ann Lee{i} of Springfield{i} said on Monday the council would vote in May \
                 {}. Councilman Bo Park{i} agreed. {footer}",
                1990 + i
            ));
        }
        let mut docs = prepared(&texts);
        let pairs = name_candidates(&mut docs, |_| true);
        assert!(pairs.contains(&(0, 1)), "{pairs:?}");
        assert!(
            pairs.iter().all(|&(a, _)| a < 2),
            "footers pair pages: {pairs:?}"
        );
        // The footer's names are common now, and a text's own names stay.
        assert!(docs[2].names.len() < NAME_MIN, "{}", docs[2].names.len());
        assert!(docs[2].names.len() >= 6, "{}", docs[2].names.len());
        assert!(docs[0].names.len() >= NAME_MIN);
        assert!(shares_wording(&docs[0], &docs[1]));
    }

    #[test]
    fn repeats_and_empty_texts_are_no_name_candidates() {
        let mut docs = prepared(&[SOURCE.to_owned(), SPIN.to_owned(), SOURCE.to_owned()]);
        let pairs = name_candidates(&mut docs, |d| d != 2);
        assert_eq!(pairs, [(0, 1)]);
        assert!(docs[2].names.is_empty());
    }
}
