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

use crate::analyze::anchors::anchors;
use crate::analyze::profile::{embedding_cosine, lead_of, term_key, TermKind};
use crate::analyze::sentences::sentences;
use crate::analyze::weights::{for_shared, Weighted};

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
    /// Cosine of the two leads (title and first sentences, words and anchors), in [0, 1]:
    /// the lead names the event, the background below it is shared by every event of a topic.
    pub lead_cosine: f32,
    /// Evidence against one event: of each side's lead names and numbers (by weight), the
    /// share the other side names nowhere; the smaller of the two shares. Both leads naming
    /// what the other lacks (Rahman against Thompson, "81st" against "86th") is two events.
    pub conflict: f32,
    /// The larger of the two shares of [`StoryEvidence::conflict`]: one side's lead names
    /// what the other lacks (a report that adds a fact, or a different event).
    pub one_sided: f32,
    /// Idf-weighted Ochiai overlap of the two leads' names and numbers: whether the leads
    /// are about the same people doing the same thing, not only the same topic.
    pub lead_anchors: f32,
    /// How many names and numbers the lead with fewer has: a conflict between two leads of
    /// one or two anchors each (headlines) is weak evidence.
    pub fewer_lead_anchors: u32,
    /// The cosine of the two texts' embeddings, when both were embedded (the `embed`
    /// feature): how alike their meaning is, across wordings and languages.
    pub embedding: Option<f32>,
    /// Whether the two were read in different languages (both known): their words and the
    /// spelling of their names are then no evidence either way.
    pub cross_language: bool,
    /// The two languages, when they differ (see [`StoryEvidence::cross_language`]).
    pub languages: Option<[Lang; 2]>,
}

/// A language code (ISO 639-3) in three bytes, so evidence stays `Copy`.
pub type Lang = [u8; 3];

/// A language code's three bytes (`None` for a code of another length).
fn lang_code(lang: &Option<String>) -> Option<Lang> {
    lang.as_deref()?.as_bytes().try_into().ok()
}

/// Measures two weighted profiles.
pub fn story_evidence(a: &Weighted, b: &Weighted) -> StoryEvidence {
    let mut cosine = 0.0;
    for_shared(
        &a.words,
        &b.words,
        |w| w.0,
        |w| w.0,
        |x, y| cosine += x.1 * y.1,
    );
    let (mut shared, mut count, mut quotes) = (0.0, 0, 0);
    for_shared(
        &a.anchors,
        &b.anchors,
        |t| t.0,
        |t| t.0,
        |x, _| {
            shared += x.1;
            count += 1;
            quotes += u32::from(x.2 == TermKind::Quote);
        },
    );
    let mass = (a.anchor_mass * b.anchor_mass).sqrt();
    let (ca, cb) = (lead_missing(a, b), lead_missing(b, a));
    let languages = match (lang_code(&a.lang), lang_code(&b.lang)) {
        (Some(x), Some(y)) if x != y => Some([x, y]),
        _ => None,
    };
    StoryEvidence {
        lead_cosine: dot(&a.lead, &b.lead).clamp(0.0, 1.0),
        conflict: ca.min(cb),
        one_sided: ca.max(cb),
        lead_anchors: lead_anchor_overlap(a, b),
        fewer_lead_anchors: lead_anchor_count(a).min(lead_anchor_count(b)),
        cosine: cosine.clamp(0.0, 1.0),
        anchor_overlap: if mass > 0.0 {
            (shared / mass).clamp(0.0, 1.0)
        } else {
            0.0
        },
        shared_anchors: count,
        shared_quotes: quotes,
        fewer_anchors: a.anchors.len().min(b.anchors.len()) as u32,
        embedding: embedding_cosine(&a.embedding, &b.embedding),
        cross_language: languages.is_some(),
        languages,
    }
}

/// The names and numbers of a lead (the title, then the text's first sentences) that `other`
/// names nowhere, as the text writes them, each once: the evidence against one event that
/// `compare` shows.
pub fn lead_conflicts(title: Option<&str>, text: &str, other: &Weighted) -> Vec<String> {
    let lead = lead_of(text, &sentences(text));
    let mut out: Vec<String> = Vec::new();
    for part in title.into_iter().chain([lead]) {
        for anchor in anchors(part) {
            let kind = TermKind::of_anchor(anchor.kind);
            if !matches!(kind, TermKind::Name | TermKind::Number) {
                continue;
            }
            let shown = part[anchor.span.clone()].trim().to_string();
            if !other.holds(term_key(kind, &anchor.key)) && !out.contains(&shown) {
                out.push(shown);
            }
        }
    }
    out
}

/// The dot product of two sorted sparse vectors.
fn dot(a: &[(u64, f32, TermKind)], b: &[(u64, f32, TermKind)]) -> f32 {
    let mut sum = 0.0;
    for_shared(a, b, |t| t.0, |t| t.0, |x, y| sum += x.1 * y.1);
    sum
}

/// Of `a`'s lead names and numbers, by weight, the share `b` names nowhere (0 when `a`'s lead
/// has none).
fn lead_missing(a: &Weighted, b: &Weighted) -> f32 {
    let (mut all, mut missing) = (0.0, 0.0);
    for &(key, w, kind) in &a.lead {
        if matches!(kind, TermKind::Name | TermKind::Number) {
            all += w;
            if !b.holds(key) {
                missing += w;
            }
        }
    }
    if all > 0.0 {
        missing / all
    } else {
        0.0
    }
}

/// The conflict at which a pair counts as two events for story clustering (see
/// `cluster::StoryOptions::veto`, where it was chosen).
pub const CONFLICT_VETO: f32 = 0.5;

/// Names and numbers each lead needs for its conflict to count: leads of a headline's one or
/// two anchors differ by chance.
pub const VETO_ANCHORS: u32 = 4;

impl StoryEvidence {
    /// Whether each lead names enough that the other text lacks to call the two different
    /// events (at `veto`; [`CONFLICT_VETO`] by default).
    pub fn conflicting(&self, veto: f32) -> bool {
        !self.cross_language && self.fewer_lead_anchors >= VETO_ANCHORS && self.conflict >= veto
    }
}

/// The measurements the same-story model reads, in the order of [`StoryModel::weights`].
pub const FEATURES: usize = 7;

/// The names of the features, for the fitting script and for people.
pub const FEATURE_NAMES: [&str; FEATURES] = [
    "cosine",
    "anchor_overlap",
    "lead_cosine",
    "lead_anchors",
    "conflict",
    "one_sided",
    "anchor_trust",
];

impl StoryEvidence {
    /// How far the anchor overlap is to be believed, in [0, 1]: few anchors are weak
    /// evidence either way (a headline has one or two), so the term counts fully from
    /// eight anchors on the poorer side.
    pub fn anchor_trust(&self) -> f32 {
        (self.fewer_anchors as f32 / ANCHORS_FOR_FULL_WEIGHT).min(1.0)
    }

    /// The features of the same-story model (see [`FEATURE_NAMES`]).
    pub fn features(&self) -> [f32; FEATURES] {
        let trust = self.anchor_trust();
        [
            self.cosine,
            trust * self.anchor_overlap,
            self.lead_cosine,
            self.lead_anchors,
            self.conflict,
            self.one_sided,
            trust,
        ]
    }
}

/// The features of the model for embedded texts: [`FEATURES`] and the embeddings' cosine.
pub const EMBEDDED_FEATURES: usize = FEATURES + 1;

/// The embedding cosine that counts as no likeness: multilingual-e5-small puts unrelated
/// texts near 0.7 (its cosines are crowded into [0.7, 1]), so the feature is the cosine's
/// place between this and 1, which gives its weight the range of the other features'.
pub const EMBEDDING_BASE: f32 = 0.7;

impl StoryEvidence {
    /// The features of the embedded model ([`StoryEvidence::features`], then the
    /// embeddings' cosine); `None` unless both texts were embedded.
    pub fn embedded_features(&self) -> Option<[f32; EMBEDDED_FEATURES]> {
        let cosine = self.embedding?;
        let mut x = [0.0; EMBEDDED_FEATURES];
        x[..FEATURES].copy_from_slice(&self.features());
        x[FEATURES] = (cosine - EMBEDDING_BASE) / (1.0 - EMBEDDING_BASE);
        Some(x)
    }

    /// The features of the model across languages: what survives translation (the anchor
    /// overlap, as much as it is to be believed, and the embeddings' likeness); `None` unless
    /// both texts were embedded.
    pub fn cross_features(&self) -> Option<[f32; CROSS_FEATURES]> {
        let cosine = self.embedding?;
        let trust = self.anchor_trust();
        Some([
            trust * self.anchor_overlap,
            trust,
            (cosine - EMBEDDING_BASE) / (1.0 - EMBEDDING_BASE),
        ])
    }
}

/// The features of [`CROSS_MODEL`].
pub const CROSS_FEATURES: usize = 3;

/// Their names.
pub const CROSS_FEATURE_NAMES: [&str; CROSS_FEATURES] =
    ["anchor_overlap", "anchor_trust", "embedding"];

/// A logistic model of "one event" over `N` features: the probability is
/// `1 / (1 + e^-(bias + w . x))`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StoryModel<const N: usize = FEATURES> {
    /// One weight per feature.
    pub weights: [f32; N],
    /// The intercept.
    pub bias: f32,
}

impl<const N: usize> StoryModel<N> {
    /// The probability the model gives the features.
    pub fn probability_of(&self, x: &[f32; N]) -> f32 {
        let z: f32 = self.bias + self.weights.iter().zip(x).map(|(w, x)| w * x).sum::<f32>();
        1.0 / (1.0 + (-z).exp())
    }
}

impl StoryModel<FEATURES> {
    /// The probability the model gives the evidence.
    pub fn probability(&self, evidence: &StoryEvidence) -> f32 {
        self.probability_of(&evidence.features())
    }
}

/// The model `story_similarity` uses. Fitted by `examples/fit_story.rs` (logistic
/// regression, L2 penalty 0.001, every set weighing the same in the loss) on pairs of
/// ../shared/data/labelled: uci headlines (candidate pairs, one story or not), ecbplus_dev
/// (pairs of one topic and candidate pairs across topics, one event or not) and semeval8_dev
/// (the human score as a soft label); the script prints each set's figures when the other
/// sets alone fit it.
pub const STORY_MODEL: StoryModel = StoryModel {
    weights: [5.415, 0.953, 3.075, 0.332, -0.386, -0.161, -0.412],
    bias: -2.115,
};

/// The model `story_similarity` uses when both texts were embedded: fitted as
/// [`STORY_MODEL`], by the same script built with `--features embed`, over the same pairs
/// with the embeddings' cosine as one more feature.
pub const EMBEDDED_MODEL: StoryModel<EMBEDDED_FEATURES> = StoryModel {
    weights: [3.523, 0.269, 1.831, 0.319, -0.125, -0.005, -0.702, 5.170],
    bias: -4.307,
};

/// The model `story_similarity` uses for two embedded texts in different languages, whose
/// words and name spellings cannot be compared: fitted by the same script over the same
/// (one-language) pairs, on the features that survive translation alone, and checked on the
/// German-English pairs of semeval8_dev, which it never saw.
pub const CROSS_MODEL: StoryModel<CROSS_FEATURES> = StoryModel {
    weights: [1.982, -0.885, 7.850],
    bias: -4.683,
};

/// How many names and numbers a lead has.
fn lead_anchor_count(w: &Weighted) -> u32 {
    w.lead
        .iter()
        .filter(|t| matches!(t.2, TermKind::Name | TermKind::Number))
        .count() as u32
}

/// The idf-weighted Ochiai overlap of two leads' names and numbers (0 when either has none).
fn lead_anchor_overlap(a: &Weighted, b: &Weighted) -> f32 {
    let is_anchor = |t: &&(u64, f32, TermKind)| matches!(t.2, TermKind::Name | TermKind::Number);
    let mass = |w: &Weighted| w.lead.iter().filter(is_anchor).map(|t| t.1).sum::<f32>();
    let (ma, mb) = (mass(a), mass(b));
    if ma <= 0.0 || mb <= 0.0 {
        return 0.0;
    }
    let mut shared = 0.0;
    for_shared(
        &a.lead,
        &b.lead,
        |t| t.0,
        |t| t.0,
        |x, y| {
            if matches!(x.2, TermKind::Name | TermKind::Number) {
                shared += (x.1 * y.1).sqrt();
            }
        },
    );
    (shared / (ma * mb).sqrt()).clamp(0.0, 1.0)
}

/// How likely two documents are about the same event, in [0, 1]: the same-story model's
/// probability ([`STORY_MODEL`]), raised by sentence alignment coverage when one was measured
/// (a retelling is about its source's event whatever its vocabulary).
pub fn story_similarity(evidence: &StoryEvidence, coverage: Option<f32>) -> f32 {
    // Two texts that share no term are never candidates: the model was fitted on candidate
    // pairs and says nothing of them.
    // Embedded texts are compared whatever words they share (a translation shares none).
    let shares =
        evidence.cosine > 0.0 || evidence.anchor_overlap > 0.0 || evidence.lead_cosine > 0.0;
    let p = match (evidence.cross_language, evidence.embedded_features()) {
        (true, Some(_)) => evidence
            .cross_features()
            .map_or(0.0, |x| CROSS_MODEL.probability_of(&x)),
        (false, Some(x)) => EMBEDDED_MODEL.probability_of(&x),
        (_, None) if shares => STORY_MODEL.probability(evidence),
        (_, None) => 0.0,
    };
    let s = match coverage {
        Some(c) => p.max(c),
        None => p,
    };
    s.clamp(0.0, 1.0)
}

/// The blend of word cosine and anchor overlap that gates the costly steps (alignment, the
/// neighbour rule's order): cheap, and calibrated for recall, not for deciding.
pub fn resemblance(evidence: &StoryEvidence) -> f32 {
    let trust = evidence.anchor_trust();
    ((evidence.cosine + trust * evidence.anchor_overlap) / (1.0 + trust)).clamp(0.0, 1.0)
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
        let alone = story_similarity(&e, None);
        assert!(alone > 0.1);
        assert_eq!(story_similarity(&e, Some(0.1)), alone);
    }

    /// Two events of the same people, and one event told by two newsrooms.
    pub(crate) const RAHMAN: &str = "Wladimir Klitschko stopped Hasim Rahman in the seventh \
        round in Mannheim on Saturday to keep his heavyweight titles. The Ukrainian champion \
        dominated the American from the opening bell. The referee waved the fight off after a \
        flurry of left jabs. Klitschko said he wanted a unification bout next.";
    pub(crate) const RAHMAN_AGAIN: &str = "Hasim Rahman was no match for Wladimir Klitschko in \
        Mannheim, where the referee halted the heavyweight title bout in the seventh round on \
        Saturday. The champion landed jab after jab. Rahman, a former champion, rarely \
        threw a punch. Klitschko called for a unification fight.";
    pub(crate) const THOMPSON: &str = "Wladimir Klitschko knocked out Tony Thompson in the \
        sixth round in Bern on Saturday to keep his heavyweight titles. Thompson, a \
        40-year-old from Washington, went down twice from right hands. The referee stopped the fight after a \
        second knockdown. Klitschko said he wanted a unification bout next.";

    #[test]
    fn two_events_of_the_same_people_conflict_and_one_event_does_not() {
        let (a, again, other) = (weigh(RAHMAN), weigh(RAHMAN_AGAIN), weigh(THOMPSON));
        let same = story_evidence(&a, &again);
        let next = story_evidence(&a, &other);
        assert!(next.conflict >= 0.5, "{next:?}");
        assert!(same.conflict < 0.2, "{same:?}");
        assert!(next.fewer_lead_anchors >= 4, "{next:?}");
        assert!(story_similarity(&same, None) > story_similarity(&next, None));
        // What compare shows against the merge: each lead's names the other lacks.
        let against = lead_conflicts(None, RAHMAN, &other);
        assert!(against.iter().any(|n| n == "Hasim Rahman"), "{against:?}");
        assert!(against.iter().any(|n| n == "Mannheim"), "{against:?}");
        assert!(
            !against.iter().any(|n| n.contains("Klitschko")),
            "{against:?}"
        );
    }

    #[test]
    fn the_model_rises_with_evidence_for_and_falls_with_evidence_against() {
        let base = StoryEvidence {
            cosine: 0.5,
            anchor_overlap: 0.5,
            fewer_anchors: 8,
            lead_cosine: 0.5,
            lead_anchors: 0.5,
            ..StoryEvidence::default()
        };
        let p = STORY_MODEL.probability(&base);
        let more = StoryEvidence {
            lead_cosine: 0.9,
            ..base
        };
        let against = StoryEvidence {
            conflict: 0.8,
            one_sided: 0.8,
            ..base
        };
        assert!(STORY_MODEL.probability(&more) > p);
        assert!(STORY_MODEL.probability(&against) < p);
        assert!((0.0..=1.0).contains(&p));
    }

    #[test]
    fn a_title_is_part_of_the_lead() {
        let p = Profiler::default();
        let titled = Weighted::new(
            &p.profile_of(
                Some("Klitschko stops Rahman"),
                "He won in round seven.",
                None,
            ),
            &Idf::background(),
        );
        let rahman = term_key(TermKind::Name, "rahman");
        assert!(titled.lead.iter().any(|t| t.0 == rahman));
        assert!(titled.holds(rahman));
        // A title-only term is in the lead, not the body's word vector.
        assert!(!titled.anchors.iter().any(|t| t.0 == rahman));
    }
}
