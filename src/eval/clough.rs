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
use crate::error::Result;
use crate::model::{Article, Relation};
use crate::pipeline::compare::compare;

/// The figures of one `clough` run.
#[derive(Debug, Clone)]
pub struct CloughReport {
    /// Four classes: gold rows, predicted columns.
    pub classes: Confusion,
    /// Derived (cut, light, heavy) or not.
    pub derived: Confusion,
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
        write!(f, "{}", self.derived)
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

/// Runs the `clough` evaluation on the set under `data`.
pub fn eval_clough(data: &Path) -> Result<CloughReport> {
    let set = read_clough(data)?;
    let article = |text: &str| Article {
        text: text.to_owned(),
        ..Article::default()
    };
    let predicted: Vec<(Derivation, Derivation)> = set
        .answers
        .par_iter()
        .map(|answer| {
            let source = set.source(&answer.task).unwrap_or("");
            let c = compare(&article(source), &article(&answer.text));
            (answer.category, class_of(c.relation))
        })
        .collect();
    let labels: Vec<&str> = Derivation::ALL.iter().map(|d| d.as_str()).collect();
    let mut classes = Confusion::new(&labels);
    for (gold, got) in &predicted {
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
    Ok(CloughReport { classes, derived })
}
