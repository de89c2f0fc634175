//! Owns the `msrp` evaluation: paraphrase accuracy of the aligner's sentence scorer.
//!
//! The Microsoft Research Paraphrase Corpus pairs news sentences with a human judgement
//! (paraphrase or not). The scorer is the similarity an aligned sentence pair gets; its
//! threshold is chosen on the train split (the accuracy-maximising cut) and accuracy is
//! reported on the test split, with the area under the ROC curve, which needs no threshold.
//! Two weightings are measured: terms weighed by their rarity in the pair alone, and also by
//! their idf over the built-in background (what the retelling pass uses).

use std::fmt;
use std::path::Path;

use rayon::prelude::*;

use super::data::{read_msrp, SentencePair, Split};
use super::metrics::{accuracy_at, best_threshold, roc_auc};
use crate::analyze::weights::Idf;
use crate::error::Result;
use crate::relate::align::Aligner;

/// The figures of one weighting.
#[derive(Debug, Clone)]
pub struct MsrpScore {
    /// What was measured.
    pub name: &'static str,
    /// The threshold chosen on train.
    pub threshold: f64,
    /// Accuracy on train at that threshold.
    pub train_accuracy: f64,
    /// Accuracy on test at that threshold.
    pub test_accuracy: f64,
    /// ROC AUC on test.
    pub test_auc: f64,
}

/// The figures of one `msrp` run.
#[derive(Debug, Clone)]
pub struct MsrpReport {
    /// Pairs in train and test.
    pub pairs: (usize, usize),
    /// Accuracy of always saying "paraphrase" on test.
    pub majority: f64,
    /// Each weighting's figures.
    pub scores: Vec<MsrpScore>,
}

impl fmt::Display for MsrpReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "msrp: sentence-pair paraphrase, {} train / {} test pairs",
            self.pairs.0, self.pairs.1
        )?;
        writeln!(f, "  majority class on test: accuracy {:.3}", self.majority)?;
        for s in &self.scores {
            writeln!(
                f,
                "  {:<28} threshold {:.3} (from train, accuracy {:.3})  test accuracy {:.3}  test AUC {:.3}",
                s.name, s.threshold, s.train_accuracy, s.test_accuracy, s.test_auc
            )?;
        }
        Ok(())
    }
}

/// Runs the `msrp` evaluation on the set under `data`.
pub fn eval_msrp(data: &Path) -> Result<MsrpReport> {
    let train = read_msrp(data, Split::Train)?;
    let test = read_msrp(data, Split::Test)?;
    let aligner = Aligner::default();
    let background = Idf::background();
    let score = |pairs: &[SentencePair], idf: Option<&Idf>| -> Vec<(f64, bool)> {
        pairs
            .par_iter()
            .map(|p| {
                (
                    f64::from(aligner.sentence_similarity(&p.a, &p.b, idf)),
                    p.paraphrase,
                )
            })
            .collect()
    };
    let mut scores = Vec::new();
    for (name, idf) in [
        ("pair rarity only", None),
        ("pair rarity x background idf", Some(&background)),
    ] {
        let (tr, te) = (score(&train, idf), score(&test, idf));
        let (threshold, train_accuracy) = best_threshold(&tr);
        scores.push(MsrpScore {
            name,
            threshold,
            train_accuracy,
            test_accuracy: accuracy_at(&te, threshold),
            test_auc: roc_auc(&te),
        });
    }
    let positives = test.iter().filter(|p| p.paraphrase).count();
    Ok(MsrpReport {
        pairs: (train.len(), test.len()),
        majority: positives as f64 / test.len().max(1) as f64,
        scores,
    })
}
