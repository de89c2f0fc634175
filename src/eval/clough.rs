//! Owns the `clough` evaluation: derivation classes of short answers against their source.
//!
//! Clough and Stevenson's corpus has 95 short answers to five questions, each written by
//! cutting from the question's Wikipedia source (`cut`), revising it lightly (`light`) or
//! heavily (`heavy`), or independently (`non`). Each answer is compared with its source as
//! `compare` does, and the relation maps to a class: a copy relation (exact, near copy,
//! excerpt) is `cut`, `spin` is `light`, `rewrite` is `heavy`, `same_story` or none is
//! `non`. Accuracy is reported over the four classes and over derived / not derived.

use std::fmt;
use std::path::Path;

use rayon::prelude::*;

use super::data::{read_clough, Derivation};
use super::metrics::Confusion;
use crate::analyze::profile::Profiler;
use crate::analyze::weights::Idf;
use crate::error::Result;
use crate::model::{Article, Basis, Byline, Evidence, Link, Relation};
use crate::pipeline::compare::Comparer;
use crate::relate::direction::source_of;
use crate::relate::engine::Comparison;

/// The figures of one `clough` run.
#[derive(Debug, Clone)]
pub struct CloughReport {
    /// Four classes: gold rows, predicted columns.
    pub classes: Confusion,
    /// Derived (cut, light, heavy) or not.
    pub derived: Confusion,
    /// Which way provenance orients each derived answer's link with its source, with no
    /// dates nor credits to go by: (basis, right, wrong), and how many it left undetermined.
    pub direction: (Vec<(&'static str, u32, u32)>, u32),
}

impl fmt::Display for CloughReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "clough: {} answers against their sources",
            self.classes.total()
        )?;
        writeln!(f, "  4 classes: accuracy {:.3}", self.classes.accuracy())?;
        writeln!(f, "{}", self.classes)?;
        writeln!(
            f,
            "  derived / non-derived: accuracy {:.3}",
            self.derived.accuracy()
        )?;
        writeln!(f, "{}", self.derived)?;
        let (by_basis, undetermined) = &self.direction;
        let right: u32 = by_basis.iter().map(|b| b.1).sum();
        let total = right + by_basis.iter().map(|b| b.2).sum::<u32>() + undetermined;
        writeln!(
            f,
            "  direction of the {total} derived answers' links (no dates): {right} right, {} wrong, {undetermined} undetermined",
            total - right - undetermined
        )?;
        for (basis, right, wrong) in by_basis {
            writeln!(f, "    by {basis:<13} {right} right, {wrong} wrong")?;
        }
        Ok(())
    }
}

/// The class a relation stands for (see the module doc).
pub fn class_of(relation: Option<Relation>) -> Derivation {
    match relation {
        Some(Relation::Exact | Relation::NearCopy | Relation::Excerpt) => Derivation::Cut,
        Some(Relation::Spin) => Derivation::Light,
        Some(Relation::Rewrite) => Derivation::Heavy,
        Some(Relation::SameStory) | None => Derivation::Non,
    }
}

/// An answer's gold class, predicted class, and how its link was oriented (basis, and
/// whether the source was named).
type Predicted = (Derivation, Derivation, Option<(Basis, bool)>);

/// Runs the `clough` evaluation on the set under `data`.
pub fn eval_clough(data: &Path) -> Result<CloughReport> {
    let set = read_clough(data)?;
    let article = |text: &str| Article {
        text: text.to_owned(),
        ..Article::default()
    };
    let comparer = Comparer::default();
    let predicted: Vec<Predicted> = set
        .answers
        .par_iter()
        .map(|answer| {
            let source = set.source(&answer.task).unwrap_or("");
            let c = comparer.compare(&article(source), &article(&answer.text));
            let way =
                (answer.category != Derivation::Non).then(|| direction(source, &answer.text, &c));
            (answer.category, class_of(c.relation), way.flatten())
        })
        .collect();
    let mut by_basis: Vec<(&'static str, u32, u32)> = Vec::new();
    let mut undetermined = 0;
    for (gold, _, way) in &predicted {
        match (gold, way) {
            (Derivation::Non, _) => {}
            (_, None) => undetermined += 1,
            (_, Some((basis, right))) => {
                let name = basis.as_str();
                let at = match by_basis.iter().position(|b| b.0 == name) {
                    Some(at) => at,
                    None => {
                        by_basis.push((name, 0, 0));
                        by_basis.len() - 1
                    }
                };
                match right {
                    true => by_basis[at].1 += 1,
                    false => by_basis[at].2 += 1,
                }
            }
        }
    }
    by_basis.sort();
    let labels: Vec<&str> = Derivation::ALL.iter().map(|d| d.as_str()).collect();
    let mut classes = Confusion::new(&labels);
    for (gold, got, _) in &predicted {
        classes.add(gold.as_str(), got.as_str());
    }
    let derived = classes.collapse(
        |l| {
            if l == Derivation::Non.as_str() {
                "non-derived"
            } else {
                "derived"
            }
        },
        &["derived", "non-derived"],
    );
    Ok(CloughReport {
        classes,
        derived,
        direction: (by_basis, undetermined),
    })
}

/// How the direction rules orient the link of an answer derived from `source` (the link is
/// taken as a spin when the rules found none, so every derived answer tests the evidence),
/// over the alignment the comparison made: the basis, and whether it named the source.
/// `None` when undetermined.
fn direction(source: &str, answer: &str, c: &Comparison) -> Option<(Basis, bool)> {
    let relation = c.relation.filter(|r| r.is_copy()).unwrap_or(Relation::Spin);
    let link = Link {
        a: 0,
        b: 1,
        relation,
        score: c.score,
        source: c.source.map(|s| if s == "a" { 0 } else { 1 }),
        basis: None,
        evidence: Evidence {
            coverage: Some([
                f64::from(c.aligned.coverage_a.chars),
                f64::from(c.aligned.coverage_b.chars),
            ]),
            ..c.evidence.clone()
        },
    };
    let words = |t: &str| t.split_whitespace().count() as u32;
    let (a, b) = (
        Byline {
            words: words(source),
            ..Byline::default()
        },
        Byline {
            words: words(answer),
            ..Byline::default()
        },
    );
    let (idf, profiler) = (Idf::background(), Profiler::default());
    let (from, basis) = source_of(&link, &a, &b, Some(&c.aligned), &idf, &profiler)?;
    Some((basis, from == 0))
}
