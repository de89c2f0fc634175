//! Two documents compared: the relation a corpus run would give the pair, its scores, and the
//! sentence alignment, always shown.
//!
//! The pair is judged exactly as a candidate pair of a run: copy rules first, then the
//! retelling verdict with the same gate before alignment. The alignment is always made, for
//! the reader; when the gate did not let the pair be aligned, it is shown but decided nothing.

use serde::Serialize;

use super::{Engine, Side};
use crate::analyze::weights::{Idf, Weighted};
use crate::model::{Alignment, DocIndex, Evidence, Relation};
use crate::relate::align::Sentences;
use crate::relate::copy::{jaccard, round4, Shingled};
use crate::relate::prepare::Prepared;
use crate::relate::retell::retelling_evidence;
use crate::relate::story::{lead_conflicts, story_evidence, CONFLICT_VETO};

/// One aligned sentence pair as `compare` shows it.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ShownPair {
    /// The sentence of the first document.
    pub a: String,
    /// The sentence of the second.
    pub b: String,
    /// Their similarity.
    pub similarity: f64,
    /// Words the second replaced in the first, as (from, to).
    pub changes: Vec<(String, String)>,
}

/// The comparison of two documents (the `compare --json` object, without its `id`).
#[derive(Debug, Clone, Serialize)]
pub struct Comparison {
    /// The relation, or `None` when the two are unrelated.
    pub relation: Option<Relation>,
    /// The relation's score (story similarity when unrelated).
    pub score: f64,
    /// How likely the two are about the same event, in [0, 1].
    pub story_similarity: f64,
    /// The measurements.
    pub evidence: Evidence,
    /// The names and numbers of each lead (a's, then b's) that the other text names
    /// nowhere: the evidence against one event.
    pub against: [Vec<String>; 2],
    /// Whether the leads conflict enough for story clustering to keep the two apart: two
    /// events, whatever the relation of the pair.
    pub conflicting: bool,
    /// The aligned sentences, in order.
    pub alignment: Vec<ShownPair>,
    /// Which side the other derives from ("a" or "b"), when the direction rules say.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<&'static str>,
    /// How that direction was decided.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub basis: Option<crate::model::Basis>,
    /// The alignment itself (with its coverage), for callers that read it further.
    #[serde(skip)]
    pub aligned: Alignment,
}

impl Engine {
    /// Compares two prepared documents (each with its text, profile and sorted shingles),
    /// weighing terms by `idf`.
    pub fn compare(&self, a: &Prepared, b: &Prepared, idf: &Idf) -> Comparison {
        let copy = self.copy((shingled(0, a), &a.byline), (shingled(1, b), &b.byline));
        let (wa, wb) = (
            Weighted::new(&a.profile, idf),
            Weighted::new(&b.profile, idf),
        );
        let story = story_evidence(&wa, &wb);
        let (sa, sb) = (self.sentences(&a.text), self.sentences(&b.text));
        let (side_a, side_b) = (side(0, a, &sa), side(1, b, &sb));
        let (verdict, decided) = self.judge(&story, &side_a, &side_b, idf);
        let shown_alignment = match &decided {
            Some(al) => al.clone(),
            None => self.aligner.align(&sa, &sb, Some(idf)),
        };
        let evidence = Evidence {
            jaccard: Some(round4(jaccard(&a.shingles, &b.shingles))),
            containment: copy.as_ref().and_then(|r| r.link.evidence.containment),
            ..retelling_evidence(
                &story,
                Some(&shown_alignment),
                &verdict,
                [a.published(), b.published()],
            )
        };
        let related = copy.or_else(|| self.finish(&side_a, &side_b, &story, &verdict, decided));
        let mut aligned = shown_alignment;
        self.aligner.annotate(&mut aligned, &a.text, &b.text);
        let derived = related
            .as_ref()
            .filter(|r| r.link.relation.is_copy())
            .map(|r| &r.link);
        Comparison {
            relation: related.as_ref().map(|r| r.link.relation),
            score: related
                .as_ref()
                .map_or(round4(f64::from(verdict.score)), |r| r.link.score),
            story_similarity: round4(f64::from(verdict.story_similarity)),
            evidence,
            against: [
                lead_conflicts(a.byline.title.as_deref(), &a.text, &wb),
                lead_conflicts(b.byline.title.as_deref(), &b.text, &wa),
            ],
            conflicting: story.conflicting(CONFLICT_VETO),
            alignment: shown_pairs(&a.text, &b.text, &aligned),
            source: derived
                .and_then(|l| l.source)
                .map(|s| if s == 0 { "a" } else { "b" }),
            basis: derived.and_then(|l| l.basis),
            aligned,
        }
    }
}

/// A prepared document's shingle set as the copy rules read it.
fn shingled(index: DocIndex, d: &Prepared) -> Shingled<'_> {
    Shingled {
        index,
        shingles: &d.shingles,
        content_hash: Some(d.content_hash),
    }
}

/// A prepared document and its sentences as one side of the pair.
fn side<'a>(index: DocIndex, d: &'a Prepared, s: &'a Sentences) -> Side<'a> {
    Side {
        index,
        tie: d.tie,
        sentences: Some(s),
        text: &d.text,
        byline: &d.byline,
    }
}

/// The aligned pairs of an alignment with their sentences' text, as `compare` and the API
/// show them.
pub fn shown_pairs(a: &str, b: &str, alignment: &Alignment) -> Vec<ShownPair> {
    let text = |t: &str, span: &std::ops::Range<usize>| {
        t.get(span.clone()).unwrap_or("").trim().to_owned()
    };
    alignment
        .pairs
        .iter()
        .map(|p| ShownPair {
            a: text(a, &p.spans[0]),
            b: text(b, &p.spans[1]),
            similarity: round4(f64::from(p.similarity)),
            changes: p.changes.clone(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Byline;
    use crate::relate::prepare::Preparer;

    fn doc(id: &str, text: &str) -> Prepared {
        let mut d = Preparer::default().prepare(id, text, Byline::default());
        d.text = text.to_owned();
        d.sort_shingles();
        d
    }

    #[test]
    fn identical_texts_are_exact() {
        let t = "Kim Jong Un told the party to prepare for dialogue and confrontation. \
                 Officials met for four days in Pyongyang.";
        let c = Engine::default().compare(&doc("a", t), &doc("b", t), &Idf::background());
        assert_eq!(c.relation, Some(Relation::Exact));
        assert_eq!(c.alignment.len(), 2);
        assert!(c.story_similarity > 0.9);
    }

    #[test]
    fn unrelated_texts_have_no_relation() {
        let c = Engine::default().compare(
            &doc(
                "a",
                "The central bank held interest rates steady on Wednesday in London.",
            ),
            &doc(
                "b",
                "A volcano erupted in Iceland, grounding flights across northern Europe.",
            ),
            &Idf::background(),
        );
        assert_eq!(c.relation, None);
        assert!(c.story_similarity < 0.2, "{}", c.story_similarity);
    }
}
