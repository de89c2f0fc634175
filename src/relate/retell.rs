//! Owns the retelling relations: `spin`, `rewrite` and `same_story`, from alignment and story
//! evidence, for a pair the copy rules did not link.
//!
//! The evidence is what a journalist would point at. A **spin** keeps its source's sentences
//! in order and most of their words in place, swapping single words: aligned sentences cover
//! most of both texts and keep many words in order. A **rewrite** (a translation round trip,
//! a heavy paraphrase) also follows its source sentence by sentence, but rebuilds the
//! sentences: coverage is high, kept words are few. A **same_story** pair has no such
//! sentence-level derivation but is about the same event: high [`story_similarity`].
//! The thresholds are calibrated on the clough set (cut / light / heavy / non derivations of
//! a source) and checked on the seeds; ARCHITECTURE.md records the figures.

use super::copy::round4;
use super::story::{story_similarity, StoryEvidence};
use crate::extract::date::DAY;
use crate::model::{Alignment, Evidence, Relation};

/// The decision thresholds of the retelling relations.
#[derive(Debug, Clone, PartialEq)]
pub struct RetellRules {
    /// Least share of each side's text in aligned sentences for a derivation (spin or
    /// rewrite) that runs the length of both texts.
    pub coverage: f32,
    /// Least share of the shorter side in aligned sentences for a rewrite that condenses
    /// its source (with [`RetellRules::partial_coverage`] of the longer).
    pub shorter_coverage: f32,
    /// Least share of the longer side in aligned sentences for a condensing rewrite.
    pub partial_coverage: f32,
    /// Least mean share of words kept in order in aligned sentences for a spin rather than a
    /// rewrite.
    pub spin_kept: f32,
    /// Least mean share of words kept for the aligned sentences to count as verbatim (a
    /// copy or an excerpt, not a spin).
    pub verbatim_kept: f32,
    /// Least story similarity for `same_story`.
    pub same_story: f32,
}

impl Default for RetellRules {
    fn default() -> Self {
        RetellRules {
            // Calibrated on the clough set and checked on allsides (see ARCHITECTURE.md):
            // answers written without the source align at most 0.31 of their own text,
            // derived ones mostly 0.4 or more; but news reports of one event that quote the
            // same statements, or an outlet's stories that reuse its background paragraphs,
            // align 0.4 to 0.6 of the shorter one. A derivation covers half of both texts, or
            // nearly all of a shorter one that condenses its source.
            coverage: 0.5,
            shorter_coverage: 0.8,
            partial_coverage: 0.3,
            // Lightly revised answers keep 0.5 to 0.9 of their words in order, heavily
            // revised ones 0.2 to 0.7 (a cut at 0.6 splits them best); the seeds' spin 0.66.
            spin_kept: 0.6,
            verbatim_kept: 0.9,
            same_story: DEFAULT_SAME_STORY,
        }
    }
}

/// The default least story similarity of a `same_story` link, a probability of one event
/// (`relate::story::STORY_MODEL`). Measured on the uci headlines and ecbplus_dev together:
/// at 0.3 uci clusters at F1 0.791 and ecbplus_dev at 0.867, at 0.4 at 0.790 and 0.864 with
/// far fewer links on allsides, at 0.45 at 0.785 and 0.858.
pub const DEFAULT_SAME_STORY: f32 = 0.4;

/// Least coverage of both sides for verbatim aligned sentences to be a near copy rather
/// than an excerpt: the copy rules' containment threshold.
const VERBATIM_NEAR_COPY: f32 = 0.8;

/// A retelling decision.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Retelling {
    /// The relation, if any.
    pub relation: Option<Relation>,
    /// The score of the relation (coverage for a derivation, story similarity otherwise).
    pub score: f32,
    /// The story similarity of the pair.
    pub story_similarity: f32,
}

/// Decides the retelling relation of two documents from their alignment (when one was
/// computed) and story evidence.
pub fn relate_retelling(
    alignment: Option<&Alignment>,
    story: &StoryEvidence,
    rules: &RetellRules,
) -> Retelling {
    // Quoted words do not count: reports of one event quote the same statements.
    let low = alignment.map(|al| al.coverage_a.unquoted.min(al.coverage_b.unquoted));
    let similarity = story_similarity(story, low);
    let derivation = alignment.and_then(|al| derivation(al, rules));
    match derivation {
        Some((relation, score)) => Retelling {
            relation: Some(relation),
            score: score.clamp(0.0, 1.0),
            story_similarity: similarity,
        },
        None if similarity >= rules.same_story => Retelling {
            relation: Some(Relation::SameStory),
            score: similarity,
            story_similarity: similarity,
        },
        None => Retelling {
            relation: None,
            score: similarity,
            story_similarity: similarity,
        },
    }
}

/// The derivation an alignment shows, if any, with its score: sentences aligned over half
/// of both texts (or nearly all of a shorter one that condenses the other) make a copy, a
/// spin or a rewrite by the share of words they kept. What [`relate_retelling`] decides
/// before story evidence is read: a derivation stands on its alignment alone.
pub fn derivation(al: &Alignment, rules: &RetellRules) -> Option<(Relation, f32)> {
    // Quoted words do not count: reports of one event quote the same statements.
    let (ca, cb) = (al.coverage_a.unquoted, al.coverage_b.unquoted);
    let (low, high, shorter) = (ca.min(cb), ca.max(cb), shorter_coverage(al));
    let whole = low >= rules.coverage;
    let condensed = shorter >= rules.shorter_coverage && low >= rules.partial_coverage;
    if !(whole || condensed) {
        return None;
    }
    let kept = al.kept_words();
    let relation = if kept >= rules.verbatim_kept {
        // The aligned sentences are the source's own, stitched or trimmed: a copy that
        // shingle containment missed because the pieces are short.
        if low >= VERBATIM_NEAR_COPY {
            Relation::NearCopy
        } else {
            Relation::Excerpt
        }
    } else if kept >= rules.spin_kept {
        Relation::Spin
    } else {
        Relation::Rewrite
    };
    let score = if whole { (low + high) / 2.0 } else { shorter };
    Some((relation, score))
}

/// The evidence of a retelling verdict: story measurements, alignment (when one was made),
/// days between the two dates (when both have one) and the story similarity. The copy
/// measurements (Jaccard, containment) are the copy rules'.
pub fn retelling_evidence(
    story: &StoryEvidence,
    alignment: Option<&Alignment>,
    verdict: &Retelling,
    published: [Option<i64>; 2],
) -> Evidence {
    let r = |x: f32| round4(f64::from(x));
    Evidence {
        anchor_overlap: Some(r(story.anchor_overlap)),
        cosine: Some(r(story.cosine)),
        aligned_sentences: alignment.map(|al| al.pairs.len() as u32),
        coverage: alignment.map(|al| [r(al.coverage_a.chars), r(al.coverage_b.chars)]),
        kept_words: alignment.map(|al| r(al.kept_words())),
        shared_quotes: Some(story.shared_quotes),
        days_apart: match published {
            // Days to one decimal.
            [Some(x), Some(y)] => Some(((x - y).abs() as f64 * 10.0 / DAY as f64).round() / 10.0),
            _ => None,
        },
        lead_cosine: Some(r(story.lead_cosine)),
        conflict: Some(r(story.conflict)),
        story_similarity: Some(r(verdict.story_similarity)),
        embedding: story.embedding.map(r),
        languages: story
            .languages
            .map(|l| l.map(|code| String::from_utf8_lossy(&code).into_owned())),
        ..Evidence::default()
    }
}

/// The coverage of the shorter side (by sentence characters): a condensed retelling covers
/// its own text while covering only part of its source.
fn shorter_coverage(al: &Alignment) -> f32 {
    // Coverage does not say which side is longer; the side with more aligned pairs per
    // sentence is the shorter one. Equal shares: either.
    if al.coverage_a.sentences >= al.coverage_b.sentences {
        al.coverage_a.unquoted
    } else {
        al.coverage_b.unquoted
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::relate::align::Aligner;

    const SOURCE: &str = "North Korean leader Kim Jong Un issued the order at a meeting of the \
        ruling party in Pyongyang. He said the country must be ready for dialogue and \
        confrontation. Officials met for four days. The talks with Washington stalled in \
        2019. Analysts expect a new missile test soon.";

    const SPIN: &str = "North Korean chief Kim Jong Un issued the purchase at an assembly of \
        the judgment party in Pyongyang. He stated the nation should be prepared for dialogue \
        and confrontation. Authorities met for four days. The negotiations with Washington \
        stalled in 2019. Experts expect a brand new missile test quickly.";

    const REWRITE: &str = "In Pyongyang, at a gathering of his party, Kim Jong Un gave the \
        instruction. Both dialogue and confrontation must be prepared for, according to the \
        leader. For four days the officials were meeting. Since 2019 there has been no \
        progress with Washington. A fresh test of a missile is anticipated by observers.";

    const OTHER: &str = "Kim Jong Un watched a military parade in Pyongyang. Thousands of \
        soldiers marched past. State media showed new tanks. No missiles were displayed.";

    fn decide(a: &str, b: &str) -> Retelling {
        use crate::analyze::profile::Profiler;
        use crate::analyze::weights::{Idf, Weighted};
        use crate::relate::story::story_evidence;
        let idf = Idf::background();
        let p = Profiler::default();
        let (wa, wb) = (
            Weighted::new(&p.profile(a), &idf),
            Weighted::new(&p.profile(b), &idf),
        );
        let aligner = Aligner::default();
        let al = aligner.align(&aligner.sentences(a), &aligner.sentences(b), Some(&idf));
        relate_retelling(
            Some(&al),
            &story_evidence(&wa, &wb),
            &RetellRules::default(),
        )
    }

    #[test]
    fn a_synonym_swap_is_a_spin() {
        assert_eq!(decide(SOURCE, SPIN).relation, Some(Relation::Spin));
    }

    #[test]
    fn rebuilt_sentences_are_a_rewrite() {
        let r = decide(SOURCE, REWRITE);
        assert_eq!(r.relation, Some(Relation::Rewrite), "{r:?}");
    }

    #[test]
    fn another_event_with_the_same_people_is_no_retelling() {
        let r = decide(SOURCE, OTHER);
        assert!(
            !matches!(r.relation, Some(Relation::Spin | Relation::Rewrite)),
            "{r:?}"
        );
    }

    #[test]
    fn without_alignment_only_same_story_is_possible() {
        let strong = StoryEvidence {
            cosine: 0.6,
            anchor_overlap: 0.6,
            ..StoryEvidence::default()
        };
        let r = relate_retelling(None, &strong, &RetellRules::default());
        assert_eq!(r.relation, Some(Relation::SameStory));
        let weak = StoryEvidence {
            cosine: 0.05,
            anchor_overlap: 0.0,
            ..StoryEvidence::default()
        };
        assert_eq!(
            relate_retelling(None, &weak, &RetellRules::default()).relation,
            None
        );
    }
}
