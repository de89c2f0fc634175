//! Owns story evidence: how alike two documents' subjects are, whatever their wording.
//!
//! Two measurements on weighted profiles. The cosine of tf-idf vectors of content-word stems
//! (tf damped as `1 + ln tf`) says the two use the same rare vocabulary; it is what tf-idf
//! baselines rest on. The anchor overlap says they name the same people, places, numbers,
//! dates and quotes: the idf-weighted anchors both hold, over the geometric mean of each
//! side's anchor weight (an Ochiai coefficient), so a short report is not penalised as much
//! as by Jaccard and a long one cannot reach 1 by holding everything. Anchors are what a
//! spinner or translator leaves alone, and what tells two events with the same people apart.
//!
//! [`story_similarity`] maps them to [0, 1]; its weights and the thresholds built on it are
//! calibrated in `eval` (see ARCHITECTURE.md, "how the rules were chosen").

use crate::analyze::profile::{Profile, TermKind};
use crate::analyze::weights::Idf;

/// How much more an anchor weighs than a content word of the same idf, in the anchor sum:
/// a number or quote is rarer evidence than a name, which a story repeats.
const NUMBER_WEIGHT: f32 = 1.0;
const QUOTE_WEIGHT: f32 = 2.0;
const NAME_WEIGHT: f32 = 1.0;

/// How many anchors the poorer side needs for anchor overlap to weigh as much as word cosine
/// in [`story_similarity`]: a news article has dozens, a headline one or two. Chosen on the
/// uci headlines (anchors of one or two are noise there) and the seeds.
const ANCHORS_FOR_FULL_WEIGHT: f32 = 8.0;

/// A profile with its weights: the form documents are compared in.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Weighted {
    /// Content-word stems and their tf-idf weights, sorted by key, L2-normalised.
    pub words: Vec<(u64, f32)>,
    /// Anchors (names, numbers and dates, quotes) with their idf weights, sorted by key.
    pub anchors: Vec<(u64, f32, TermKind)>,
    /// The sum of the anchors' weights.
    pub anchor_mass: f32,
}

impl Weighted {
    /// Weighs a profile by `idf`.
    pub fn new(profile: &Profile, idf: &Idf) -> Weighted {
        let mut words = Vec::new();
        let mut anchors = Vec::new();
        for term in &profile.terms {
            let w = idf.idf(term.key);
            match term.kind {
                TermKind::Word => words.push((term.key, (1.0 + (term.count as f32).ln()) * w)),
                kind => {
                    let k = match kind {
                        TermKind::Quote => QUOTE_WEIGHT,
                        TermKind::Number => NUMBER_WEIGHT,
                        _ => NAME_WEIGHT,
                    };
                    anchors.push((term.key, k * w, kind));
                }
            }
        }
        let norm = words.iter().map(|w| w.1 * w.1).sum::<f32>().sqrt();
        if norm > 0.0 {
            for w in &mut words {
                w.1 /= norm;
            }
        }
        let anchor_mass = anchors.iter().map(|a| a.1).sum();
        Weighted {
            words,
            anchors,
            anchor_mass,
        }
    }

    /// The `n` terms (words and anchors) that most set this document apart, heaviest
    /// first: the keys the rare-term index pairs documents by. `usable` says whether a term
    /// may be chosen (one held by no other document, or by too many, pairs nobody).
    pub fn top_terms(&self, n: usize, usable: impl Fn(u64) -> bool) -> Vec<(u64, f32)> {
        let mut all: Vec<(u64, f32)> = self
            .words
            .iter()
            .copied()
            .chain(
                self.anchors
                    .iter()
                    .map(|a| (a.0, a.1 / self.anchor_mass.max(1.0))),
            )
            .filter(|t| usable(t.0))
            .collect();
        all.sort_unstable_by(|x, y| y.1.total_cmp(&x.1).then(x.0.cmp(&y.0)));
        all.truncate(n);
        all
    }
}

/// The story measurements between two documents.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct StoryEvidence {
    /// Cosine of the tf-idf word vectors, in [0, 1].
    pub cosine: f32,
    /// Idf-weighted Ochiai overlap of the anchors, in [0, 1].
    pub anchor_overlap: f32,
    /// How many anchors both hold.
    pub shared_anchors: u32,
    /// How many quotes both hold.
    pub shared_quotes: u32,
    /// How many anchors the side with fewer has.
    pub fewer_anchors: u32,
}

/// Measures two weighted profiles.
pub fn story_evidence(a: &Weighted, b: &Weighted) -> StoryEvidence {
    let mut cosine = 0.0;
    let (mut i, mut j) = (0, 0);
    while i < a.words.len() && j < b.words.len() {
        match a.words[i].0.cmp(&b.words[j].0) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                cosine += a.words[i].1 * b.words[j].1;
                i += 1;
                j += 1;
            }
        }
    }
    let (mut shared, mut count, mut quotes) = (0.0, 0, 0);
    let (mut i, mut j) = (0, 0);
    while i < a.anchors.len() && j < b.anchors.len() {
        match a.anchors[i].0.cmp(&b.anchors[j].0) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                shared += a.anchors[i].1;
                count += 1;
                quotes += u32::from(a.anchors[i].2 == TermKind::Quote);
                i += 1;
                j += 1;
            }
        }
    }
    let mass = (a.anchor_mass * b.anchor_mass).sqrt();
    StoryEvidence {
        cosine: cosine.clamp(0.0, 1.0),
        anchor_overlap: if mass > 0.0 {
            (shared / mass).clamp(0.0, 1.0)
        } else {
            0.0
        },
        shared_anchors: count,
        shared_quotes: quotes,
        fewer_anchors: a.anchors.len().min(b.anchors.len()) as u32,
    }
}

/// How likely two documents are about the same event, in [0, 1]: a blend of word cosine and
/// anchor overlap, raised by sentence alignment coverage when one was measured (a retelling
/// is about its source's event whatever its vocabulary). The blend weighs words and anchors
/// equally; ARCHITECTURE.md says how that was measured.
pub fn story_similarity(evidence: &StoryEvidence, coverage: Option<f32>) -> f32 {
    // Few anchors are weak evidence either way (a headline has one or two): the anchor term
    // counts fully from ANCHORS_FOR_FULL_WEIGHT anchors on the poorer side.
    let trust = (evidence.fewer_anchors as f32 / ANCHORS_FOR_FULL_WEIGHT).min(1.0);
    let blend = (evidence.cosine + trust * evidence.anchor_overlap) / (1.0 + trust);
    let s = match coverage {
        Some(c) => blend.max(c),
        None => blend,
    };
    s.clamp(0.0, 1.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyze::profile::Profiler;

    fn weigh(text: &str) -> Weighted {
        Weighted::new(&Profiler::default().profile(text), &Idf::background())
    }

    #[test]
    fn the_same_text_is_fully_similar() {
        let a = weigh("Kim Jong Un told officials in Pyongyang on June 18 to prepare.");
        let e = story_evidence(&a, &a);
        assert!((e.cosine - 1.0).abs() < 1e-4, "{e:?}");
        assert!((e.anchor_overlap - 1.0).abs() < 1e-4, "{e:?}");
        assert_eq!(e.shared_anchors, a.anchors.len() as u32);
    }

    #[test]
    fn a_spin_keeps_anchors_while_words_change() {
        let source = weigh(
            "Kim Jong Un issued the order at a meeting of the ruling party in Pyongyang \
             on Thursday, KCNA said. He spoke of 2018 talks.",
        );
        let spin = weigh(
            "Kim Jong Un issued the purchase at an assembly of the judgment party in \
             Pyongyang on Thursday, KCNA stated. He spoke of 2018 talks.",
        );
        let other = weigh(
            "The Federal Reserve in Washington held rates steady on Wednesday, citing \
             weak data from 2014.",
        );
        let near = story_evidence(&source, &spin);
        let far = story_evidence(&source, &other);
        assert!(near.anchor_overlap > 0.8, "{near:?}");
        assert!(far.anchor_overlap < 0.1 && far.cosine < 0.1, "{far:?}");
        assert!(story_similarity(&near, None) > 3.0 * story_similarity(&far, None));
    }

    #[test]
    fn shared_quotes_are_counted() {
        let a = weigh("He said \"we must be ready for dialogue and confrontation\" today.");
        let b = weigh("Kim urged \"we must be ready for dialogue and confrontation\" again.");
        assert_eq!(story_evidence(&a, &b).shared_quotes, 1);
    }

    #[test]
    fn empty_documents_are_unrelated() {
        let e = story_evidence(&weigh(""), &weigh("Kim spoke."));
        assert_eq!(e.cosine, 0.0);
        assert_eq!(e.anchor_overlap, 0.0);
        assert_eq!(story_similarity(&e, None), 0.0);
    }

    #[test]
    fn coverage_raises_similarity() {
        let e = StoryEvidence {
            cosine: 0.2,
            anchor_overlap: 0.2,
            ..StoryEvidence::default()
        };
        assert!(story_similarity(&e, Some(0.9)) >= 0.9);
        assert!((story_similarity(&e, Some(0.1)) - 0.2).abs() < 1e-6);
    }

    #[test]
    fn top_terms_are_heaviest_and_usable() {
        let w = weigh("Pyongyang warheads said said said government Pyongyang.");
        let top = w.top_terms(2, |_| true);
        assert_eq!(top.len(), 2);
        assert!(top[0].1 >= top[1].1);
        let none = w.top_terms(5, |_| false);
        assert!(none.is_empty());
    }
}
