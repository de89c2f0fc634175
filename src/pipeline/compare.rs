//! The `compare` path: two documents → their relation, scores and sentence alignment.
//!
//! Everything a corpus run would measure for the pair, with term rarity from the built-in
//! background alone, so the answer for two documents never depends on what else was read.

use serde::Serialize;

use crate::analyze::profile::Profiler;
use crate::analyze::weights::Idf;
use crate::analyze::Analyzer;
use crate::model::{Article, Evidence, Relation};
use crate::relate::align::{Aligner, Alignment};
use crate::relate::copy::{high_halves, jaccard};
use crate::relate::retell::retelling_evidence;
use crate::relate::story::{story_evidence, Weighted};
use crate::relate::{relate_copy, relate_retelling, round4, CopyRules, RetellRules, Shingled};

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
    /// The aligned sentences, in order.
    pub alignment: Vec<ShownPair>,
    /// Which side the other derives from ("a" or "b"), when dates say.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<&'static str>,
}

/// Compares two extracted documents.
pub fn compare(a: &Article, b: &Article) -> Comparison {
    let analyzer = Analyzer::default();
    let (sa, sb) = (analyzer.analyze(&a.text), analyzer.analyze(&b.text));
    let high = |s: &[u64]| {
        let mut v = high_halves(s);
        v.sort_unstable();
        v.dedup();
        v
    };
    let (ha, hb) = (high(&sa.shingles), high(&sb.shingles));
    let published = |x: &Article| x.published.as_ref().map(|p| p.epoch);
    let shingled = |index, shingles, content_hash, published| Shingled {
        index,
        shingles,
        content_hash,
        published,
    };
    let copy = relate_copy(
        shingled(0, &ha, sa.content_hash, published(a)),
        shingled(1, &hb, sb.content_hash, published(b)),
        &CopyRules::default(),
    );
    let idf = Idf::background();
    let profiler = Profiler::default();
    let wa = Weighted::new(&profiler.profile(&a.text), &idf);
    let wb = Weighted::new(&profiler.profile(&b.text), &idf);
    let story = story_evidence(&wa, &wb);
    let aligner = Aligner::default();
    let (pa, pb) = (aligner.prepare(&a.text), aligner.prepare(&b.text));
    let alignment = aligner.align_weighted(&pa, &pb, Some(&idf));
    let retelling = relate_retelling(Some(&alignment), &story, &RetellRules::default());
    let evidence = Evidence {
        jaccard: Some(round4(jaccard(&ha, &hb))),
        containment: copy.as_ref().and_then(|l| l.evidence.containment),
        ..retelling_evidence(
            &story,
            Some(&alignment),
            &retelling,
            [published(a), published(b)],
        )
    };
    let (relation, score, source) = match copy {
        Some(link) => (Some(link.relation), link.score, link.source),
        None => {
            let earlier = match (published(a), published(b)) {
                (Some(x), Some(y)) if x < y => Some(0),
                (Some(x), Some(y)) if y < x => Some(1),
                _ => None,
            };
            let derived = matches!(retelling.relation, Some(Relation::Spin | Relation::Rewrite));
            (
                retelling.relation,
                round4(f64::from(retelling.score)),
                earlier.filter(|_| derived),
            )
        }
    };
    Comparison {
        relation,
        score,
        story_similarity: round4(f64::from(retelling.story_similarity)),
        evidence,
        alignment: shown(&a.text, &b.text, &pa, &pb, &alignment),
        source: source.map(|s| if s == 0 { "a" } else { "b" }),
    }
}

/// The aligned pairs with their sentences' text.
fn shown(
    a: &str,
    b: &str,
    pa: &crate::relate::align::Prepared,
    pb: &crate::relate::align::Prepared,
    alignment: &Alignment,
) -> Vec<ShownPair> {
    let text = |t: &str, spans: &[std::ops::Range<usize>], i: usize| {
        spans
            .get(i)
            .and_then(|s| t.get(s.clone()))
            .unwrap_or("")
            .trim()
            .to_owned()
    };
    alignment
        .pairs
        .iter()
        .map(|p| ShownPair {
            a: text(a, pa.sentences(), p.a),
            b: text(b, pb.sentences(), p.b),
            similarity: round4(f64::from(p.similarity)),
            changes: p.changes.clone(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn article(text: &str) -> Article {
        Article {
            text: text.to_owned(),
            ..Article::default()
        }
    }

    #[test]
    fn identical_texts_are_exact() {
        let t = "Kim Jong Un told the party to prepare for dialogue and confrontation. \
                 Officials met for four days in Pyongyang.";
        let c = compare(&article(t), &article(t));
        assert_eq!(c.relation, Some(Relation::Exact));
        assert_eq!(c.alignment.len(), 2);
        assert!(c.story_similarity > 0.9);
    }

    #[test]
    fn unrelated_texts_have_no_relation() {
        let c = compare(
            &article("The central bank held interest rates steady on Wednesday in London."),
            &article("A volcano erupted in Iceland, grounding flights across northern Europe."),
        );
        assert_eq!(c.relation, None);
        assert!(c.story_similarity < 0.2, "{}", c.story_similarity);
    }
}
