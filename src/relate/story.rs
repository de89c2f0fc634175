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

use crate::analyze::profile::TermKind;
use crate::analyze::weights::Weighted;

/// How many anchors the poorer side needs for anchor overlap to weigh as much as word cosine
/// in [`story_similarity`]: a news article has dozens, a headline one or two. Chosen on the
/// uci headlines (anchors of one or two are noise there) and the seeds.
const ANCHORS_FOR_FULL_WEIGHT: f32 = 8.0;

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
    use crate::analyze::weights::Idf;

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
}
