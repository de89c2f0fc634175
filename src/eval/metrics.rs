//! Scores a result against gold labels: BCubed for clusterings, a confusion table, threshold accuracy and ROC AUC.
//!
//! All are pure functions of their inputs. BCubed is computed from the counts of
//! `(predicted, gold)` label pairs, so it is linear in the number of items instead of
//! comparing every pair; the threshold search sorts once and sweeps, O(n log n).

use std::fmt;
use std::hash::Hash;

use foldhash::HashMap;

/// Precision, recall and their harmonic mean, each in `0.0..=1.0`.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Prf {
    /// The share of what was predicted together that belongs together.
    pub precision: f64,
    /// The share of what belongs together that was predicted together.
    pub recall: f64,
    /// The harmonic mean of precision and recall (0 when both are 0).
    pub f1: f64,
}

impl Prf {
    /// Builds a `Prf` from precision and recall, computing F1.
    pub fn new(precision: f64, recall: f64) -> Prf {
        let sum = precision + recall;
        let f1 = if sum > 0.0 {
            2.0 * precision * recall / sum
        } else {
            0.0
        };
        Prf {
            precision,
            recall,
            f1,
        }
    }
}

/// BCubed precision, recall and F1 of a clustering, averaged over items.
///
/// `predicted[i]` and `gold[i]` are item `i`'s predicted and true cluster labels. An item's
/// precision is `|pred(i) ∩ gold(i)| / |pred(i)|` and its recall `|pred(i) ∩ gold(i)| /
/// |gold(i)|` (Bagga & Baldwin 1998; Amigó et al. 2009, which shows BCubed alone satisfies
/// all four of their formal constraints). Summing over items of one `(pred, gold)` cell of
/// size `c` gives `c² / |pred|`, hence the O(n) count. F1 is the harmonic mean of the two
/// averages (Amigó's F with α = 0.5). No items gives all zeros, not a perfect score.
///
/// # Panics
///
/// If `predicted` and `gold` differ in length: that is a bug in the caller, not bad data.
pub fn bcubed<P: Eq + Hash, G: Eq + Hash>(predicted: &[P], gold: &[G]) -> Prf {
    assert_eq!(
        predicted.len(),
        gold.len(),
        "bcubed: one predicted and one gold label per item"
    );
    if predicted.is_empty() {
        return Prf::default();
    }
    let mut pred_size: HashMap<&P, usize> = HashMap::default();
    let mut gold_size: HashMap<&G, usize> = HashMap::default();
    let mut cell: HashMap<(&P, &G), usize> = HashMap::default();
    for (p, g) in predicted.iter().zip(gold) {
        *pred_size.entry(p).or_default() += 1;
        *gold_size.entry(g).or_default() += 1;
        *cell.entry((p, g)).or_default() += 1;
    }
    let (mut precision, mut recall) = (0.0, 0.0);
    for ((p, g), &c) in &cell {
        let c = c as f64;
        precision += c * c / pred_size[p] as f64;
        recall += c * c / gold_size[g] as f64;
    }
    let n = predicted.len() as f64;
    Prf::new(precision / n, recall / n)
}

/// A confusion table of a classifier over a fixed set of labels: rows gold, columns predicted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Confusion {
    labels: Vec<String>,
    /// `counts[gold][predicted]`, indexed like `labels`.
    counts: Vec<Vec<u64>>,
}

impl Confusion {
    /// An empty table over `labels`, in the order rows and columns are printed.
    ///
    /// # Panics
    ///
    /// If a label appears twice.
    pub fn new(labels: &[&str]) -> Confusion {
        for (i, label) in labels.iter().enumerate() {
            assert!(
                !labels[..i].contains(label),
                "Confusion::new: label {label:?} given twice"
            );
        }
        Confusion {
            labels: labels.iter().map(|l| l.to_string()).collect(),
            counts: vec![vec![0; labels.len()]; labels.len()],
        }
    }

    /// The labels, in table order.
    pub fn labels(&self) -> &[String] {
        &self.labels
    }

    /// Counts one item whose true label is `gold` and whose predicted label is `predicted`.
    ///
    /// # Panics
    ///
    /// If either label is not one the table was built with: the label set is the caller's
    /// own, so a stranger is a bug, not bad input.
    pub fn add(&mut self, gold: &str, predicted: &str) {
        let (g, p) = (self.index(gold), self.index(predicted));
        self.counts[g][p] += 1;
    }

    /// How many items had true label `gold` and predicted label `predicted` (0 for unknown labels).
    pub fn count(&self, gold: &str, predicted: &str) -> u64 {
        let find = |l: &str| self.labels.iter().position(|x| x == l);
        match (find(gold), find(predicted)) {
            (Some(g), Some(p)) => self.counts[g][p],
            _ => 0,
        }
    }

    /// The number of items counted.
    pub fn total(&self) -> u64 {
        self.counts.iter().flatten().sum()
    }

    /// The share of items whose predicted label is the gold one; 0 for an empty table.
    pub fn accuracy(&self) -> f64 {
        let total = self.total();
        if total == 0 {
            return 0.0;
        }
        let right: u64 = (0..self.labels.len()).map(|i| self.counts[i][i]).sum();
        right as f64 / total as f64
    }

    /// The table with every label renamed by `map` into `labels`, merging what maps together.
    ///
    /// This is how a coarser accuracy is read off a finer table: mapping `cut`, `light` and
    /// `heavy` to `derived` and `non` to itself turns a 4-class table into a 2-class one.
    ///
    /// # Panics
    ///
    /// If `map` returns a label not in `labels`, or `labels` repeats one.
    pub fn collapse(&self, map: impl Fn(&str) -> &str, labels: &[&str]) -> Confusion {
        let mut out = Confusion::new(labels);
        let to: Vec<usize> = self.labels.iter().map(|l| out.index(map(l))).collect();
        for (g, row) in self.counts.iter().enumerate() {
            for (p, &c) in row.iter().enumerate() {
                out.counts[to[g]][to[p]] += c;
            }
        }
        out
    }

    fn index(&self, label: &str) -> usize {
        match self.labels.iter().position(|l| l == label) {
            Some(i) => i,
            None => panic!("Confusion: label {label:?} is not one of {:?}", self.labels),
        }
    }
}

impl fmt::Display for Confusion {
    /// A right-aligned table: a header line of predicted labels, then one row per gold label.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const CORNER: &str = "gold \\ predicted";
        let first = self
            .labels
            .iter()
            .map(|l| l.chars().count())
            .chain([CORNER.len()])
            .max()
            .unwrap_or(0);
        let widths: Vec<usize> = (0..self.labels.len())
            .map(|p| {
                let digits = self.counts.iter().map(|row| row[p].to_string().len());
                digits
                    .chain([self.labels[p].chars().count()])
                    .max()
                    .unwrap_or(1)
            })
            .collect();
        write!(f, "{CORNER:<first$}")?;
        for (label, width) in self.labels.iter().zip(&widths) {
            write!(f, "  {label:>width$}")?;
        }
        for (label, row) in self.labels.iter().zip(&self.counts) {
            write!(f, "\n{label:<first$}")?;
            for (count, width) in row.iter().zip(&widths) {
                write!(f, "  {count:>width$}")?;
            }
        }
        Ok(())
    }
}

/// The share of `(score, label)` items that the rule `score >= t` ⇒ positive gets right.
///
/// No items gives 0. A NaN score is never `>= t`, so it counts as predicted negative.
pub fn accuracy_at(scores: &[(f64, bool)], t: f64) -> f64 {
    if scores.is_empty() {
        return 0.0;
    }
    let right = scores.iter().filter(|&&(s, gold)| (s >= t) == gold).count();
    right as f64 / scores.len() as f64
}

/// The threshold `t` for which `score >= t` ⇒ positive is most accurate, and that accuracy.
///
/// Every `t` strictly between two adjacent distinct scores classifies alike, so the one
/// reported is their midpoint, which is robust to a little noise either side; the threshold
/// calling everything positive is the lowest score, and the one calling everything negative
/// is `f64::INFINITY`. Among equally accurate thresholds the highest wins (fewest items
/// called positive), so the result is deterministic. The accuracy equals
/// [`accuracy_at`] at the returned threshold. No items gives `(0.0, 0.0)`.
///
/// # Panics
///
/// If a score is NaN: it has no place in the order.
pub fn best_threshold(scores: &[(f64, bool)]) -> (f64, f64) {
    assert!(
        scores.iter().all(|(s, _)| !s.is_nan()),
        "best_threshold: a score is NaN"
    );
    if scores.is_empty() {
        return (0.0, 0.0);
    }
    let mut sorted = scores.to_vec();
    sorted.sort_by(|a, b| a.0.total_cmp(&b.0));

    // Sweep thresholds upward; at the start (t = lowest score) everything is called positive.
    let mut right = sorted.iter().filter(|(_, gold)| *gold).count() as i64;
    let mut best = (sorted[0].0, right);
    let mut i = 0;
    while i < sorted.len() {
        let low = sorted[i].0;
        // Moving t above this group of equal scores turns them all negative.
        while i < sorted.len() && sorted[i].0 == low {
            right += if sorted[i].1 { -1 } else { 1 };
            i += 1;
        }
        let t = match sorted.get(i) {
            Some(&(high, _)) => {
                let mid = low / 2.0 + high / 2.0;
                // Adjacent floats (or an infinite `low`) leave no room for a midpoint.
                if low < mid && mid <= high {
                    mid
                } else {
                    high
                }
            }
            // `score >= INFINITY` would still call an infinite score positive.
            None if low == f64::INFINITY => continue,
            None => f64::INFINITY,
        };
        if right >= best.1 {
            best = (t, right);
        }
    }
    (best.0, best.1 as f64 / sorted.len() as f64)
}

/// The area under the ROC curve: the chance a random positive scores above a random negative.
///
/// Computed from ranks (the Mann–Whitney U statistic), with tied scores given their average
/// rank so that a positive–negative tie counts one half. Without both a positive and a
/// negative the area is undefined and the result is NaN, so a report shows it rather than
/// a made-up 0.5.
///
/// # Panics
///
/// If a score is NaN.
pub fn roc_auc(scores: &[(f64, bool)]) -> f64 {
    assert!(
        scores.iter().all(|(s, _)| !s.is_nan()),
        "roc_auc: a score is NaN"
    );
    let positives = scores.iter().filter(|(_, gold)| *gold).count();
    let negatives = scores.len() - positives;
    if positives == 0 || negatives == 0 {
        return f64::NAN;
    }
    let mut sorted = scores.to_vec();
    sorted.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut rank_sum = 0.0;
    let mut i = 0;
    while i < sorted.len() {
        let start = i;
        while i < sorted.len() && sorted[i].0 == sorted[start].0 {
            i += 1;
        }
        // Ranks start+1 ..= i share their mean.
        let mean_rank = (start + 1 + i) as f64 / 2.0;
        let tied_positives = sorted[start..i].iter().filter(|(_, gold)| *gold).count();
        rank_sum += mean_rank * tied_positives as f64;
    }
    let p = positives as f64;
    (rank_sum - p * (p + 1.0) / 2.0) / (p * negatives as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-12
    }

    #[test]
    fn bcubed_mixed_clusters() {
        // Cells (1,a)=2, (1,b)=1, (2,b)=2; |P1|=3, |P2|=2, |Ga|=2, |Gb|=3.
        // P = (4/3 + 1/3 + 4/2) / 5 = 11/15; R = (4/2 + 1/3 + 4/3) / 5 = 11/15.
        let prf = bcubed(&[1, 1, 1, 2, 2], &["a", "a", "b", "b", "b"]);
        assert!(close(prf.precision, 11.0 / 15.0));
        assert!(close(prf.recall, 11.0 / 15.0));
        assert!(close(prf.f1, 11.0 / 15.0));
    }

    #[test]
    fn bcubed_one_cluster_and_singletons() {
        let gold = ["a", "a", "b", "b"];
        let lumped = bcubed(&[0, 0, 0, 0], &gold);
        assert!(close(lumped.precision, 0.5) && close(lumped.recall, 1.0));
        assert!(close(lumped.f1, 2.0 / 3.0));
        let split = bcubed(&[0, 1, 2, 3], &gold);
        assert!(close(split.precision, 1.0) && close(split.recall, 0.5));
        let perfect = bcubed(&["x", "x", "y", "y"], &gold);
        assert_eq!(perfect, Prf::new(1.0, 1.0));
        assert_eq!(bcubed::<u8, u8>(&[], &[]), Prf::default());
    }

    #[test]
    #[should_panic(expected = "one predicted and one gold label")]
    fn bcubed_lengths_must_match() {
        bcubed(&[1, 2], &[1]);
    }

    fn table() -> Confusion {
        let mut c = Confusion::new(&["cut", "light", "heavy", "non"]);
        for (gold, predicted, n) in [
            ("cut", "cut", 3),
            ("cut", "light", 1),
            ("light", "heavy", 2),
            ("heavy", "heavy", 1),
            ("heavy", "non", 1),
            ("non", "non", 10),
            ("non", "cut", 2),
        ] {
            for _ in 0..n {
                c.add(gold, predicted);
            }
        }
        c
    }

    #[test]
    fn confusion_counts_and_accuracy() {
        let c = table();
        assert_eq!(c.total(), 20);
        assert_eq!(c.count("light", "heavy"), 2);
        assert_eq!(c.count("nope", "cut"), 0);
        // Diagonal 3 + 0 + 1 + 10 = 14 of 20.
        assert!(close(c.accuracy(), 0.7));
        assert_eq!(Confusion::new(&["a"]).accuracy(), 0.0);
    }

    #[test]
    fn confusion_collapses_to_two_classes() {
        let two = table().collapse(
            |l| if l == "non" { "non" } else { "derived" },
            &["derived", "non"],
        );
        assert_eq!(two.count("derived", "derived"), 7);
        assert_eq!(two.count("derived", "non"), 1);
        assert_eq!(two.count("non", "derived"), 2);
        assert_eq!(two.count("non", "non"), 10);
        assert!(close(two.accuracy(), 17.0 / 20.0));
    }

    #[test]
    fn confusion_prints_aligned() {
        let mut c = Confusion::new(&["yes", "no"]);
        for _ in 0..12 {
            c.add("yes", "yes");
        }
        c.add("no", "yes");
        let expected = "gold \\ predicted  yes  no\n\
                        yes                12   0\n\
                        no                  1   0";
        assert_eq!(c.to_string(), expected);
    }

    #[test]
    #[should_panic(expected = "not one of")]
    fn confusion_rejects_unknown_label() {
        Confusion::new(&["a"]).add("a", "b");
    }

    #[test]
    fn threshold_separable_takes_the_gap_midpoint() {
        let scores = [(0.125, false), (0.25, false), (0.75, true), (0.875, true)];
        assert_eq!(best_threshold(&scores), (0.5, 1.0));
        assert_eq!(accuracy_at(&scores, 0.5), 1.0);
        assert_eq!(accuracy_at(&scores, 0.25), 0.75);
    }

    #[test]
    fn threshold_ties_and_extremes() {
        // t = 1.5 and t = 3.5 both get 3 of 4 right; the higher one wins.
        let scores = [(1.0, false), (2.0, true), (3.0, false), (4.0, true)];
        assert_eq!(best_threshold(&scores), (3.5, 0.75));
        // Tied scores move together: only t <= 0.5 or t > 0.5 are possible.
        let tied = [(0.5, true), (0.5, true), (0.5, false)];
        assert_eq!(best_threshold(&tied), (0.5, 2.0 / 3.0));
        let negative = [(0.2, false), (0.8, false)];
        assert_eq!(best_threshold(&negative), (f64::INFINITY, 1.0));
        let infinite = [(f64::INFINITY, false), (1.0, true)];
        assert_eq!(best_threshold(&infinite), (1.0, 0.5));
        assert_eq!(best_threshold(&[]), (0.0, 0.0));
        assert_eq!(accuracy_at(&[], 0.5), 0.0);
    }

    #[test]
    fn threshold_agrees_with_accuracy_at() {
        let scores = [
            (0.3, true),
            (0.1, false),
            (0.8, true),
            (0.3, false),
            (0.6, false),
            (0.9, true),
            (0.6, true),
        ];
        let (t, acc) = best_threshold(&scores);
        assert_eq!(accuracy_at(&scores, t), acc);
        let brute = scores
            .iter()
            .map(|&(s, _)| accuracy_at(&scores, s))
            .fold(0.0, f64::max);
        assert_eq!(acc, brute);
    }

    #[test]
    fn auc_by_ranks_with_half_ties() {
        assert_eq!(roc_auc(&[(0.1, false), (0.9, true)]), 1.0);
        assert_eq!(roc_auc(&[(0.9, false), (0.1, true)]), 0.0);
        assert_eq!(roc_auc(&[(0.5, false), (0.5, true)]), 0.5);
        // Positives 0.8, 0.4, 0.6 against negative 0.2: 1 + 1 + 1; against negative 0.6:
        // 1 + 0 + ½ (the tie). 4.5 of 6 pairs.
        let scores = [
            (0.8, true),
            (0.4, true),
            (0.6, true),
            (0.2, false),
            (0.6, false),
        ];
        assert!(close(roc_auc(&scores), 0.75));
        assert!(roc_auc(&[(0.1, true)]).is_nan());
    }
}
