//! Word diffs: the steps that walk two sentences' words along a longest common subsequence,
//! and the substituted runs a reader is shown as changes.

use crate::analyze::anchors::is_stopword;

/// The largest word diff computed (words of one sentence times words of the other); past it
/// a pair's changes are left empty rather than spend quadratic time on an unpunctuated blob.
const MAX_DIFF_CELLS: usize = 1 << 16;

/// One step of a word diff: a word both sides have, or a word only one side has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// The next word of each side, equal.
    Both,
    /// The next word of the first side, which the second does not have.
    OnlyA,
    /// The next word of the second side, which the first does not have.
    OnlyB,
}

/// A word diff of two keyed word lists along a longest common subsequence: the steps that
/// walk both lists, equal words matched. `None` past 65,536 word pairs (quadratic time on
/// an unpunctuated blob is not worth a diff).
pub fn diff(a: &[u64], b: &[u64]) -> Option<Vec<Step>> {
    let (n, m) = (a.len(), b.len());
    if n * m > MAX_DIFF_CELLS {
        return None;
    }
    // lcs[i][j]: the LCS length of a[i..] and b[j..].
    let w = m + 1;
    let mut lcs = vec![0u16; (n + 1) * w];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            lcs[i * w + j] = if a[i] == b[j] {
                lcs[(i + 1) * w + j + 1] + 1
            } else {
                lcs[(i + 1) * w + j].max(lcs[i * w + j + 1])
            };
        }
    }
    let mut steps = Vec::with_capacity(n.max(m));
    let (mut i, mut j) = (0, 0);
    while i < n || j < m {
        if i < n && j < m && a[i] == b[j] {
            steps.push(Step::Both);
            i += 1;
            j += 1;
        } else if j == m || (i < n && lcs[(i + 1) * w + j] >= lcs[i * w + j + 1]) {
            steps.push(Step::OnlyA);
            i += 1;
        } else {
            steps.push(Step::OnlyB);
            j += 1;
        }
    }
    Some(steps)
}

/// The substituted runs between two sentences given as words and their stem keys: a longest
/// common subsequence of their words (equal when their stems are), and between consecutive
/// common words the words each side has alone, when both have some. Also the share of words
/// kept (`AlignedPair::kept`). Without words (a corpus pass keeps none) only the share.
pub(super) fn changes(
    a_words: &[String],
    a_stems: &[u64],
    b_words: &[String],
    b_stems: &[u64],
) -> (Vec<(String, String)>, f32) {
    let (n, m) = (a_stems.len(), b_stems.len());
    let steps = match diff(a_stems, b_stems) {
        Some(steps) if n.max(m) > 0 => steps,
        _ => return (Vec::new(), 0.0),
    };
    let mut out = Vec::new();
    let (mut i, mut j, mut kept) = (0, 0, 0usize);
    let (mut from, mut to): (Vec<&str>, Vec<&str>) = (Vec::new(), Vec::new());
    for step in steps {
        match step {
            Step::Both => {
                push_change(&mut out, &from, &to);
                from.clear();
                to.clear();
                kept += 1;
                i += 1;
                j += 1;
            }
            Step::OnlyA => {
                from.extend(a_words.get(i).map(String::as_str));
                i += 1;
            }
            Step::OnlyB => {
                to.extend(b_words.get(j).map(String::as_str));
                j += 1;
            }
        }
    }
    push_change(&mut out, &from, &to);
    (out, kept as f32 / n.max(m) as f32)
}

/// Records a substituted run, unless one side is empty or both are function words alone.
fn push_change(out: &mut Vec<(String, String)>, from: &[&str], to: &[&str]) {
    let content = |run: &[&str]| run.iter().any(|w| !is_stopword(w));
    if !from.is_empty() && !to.is_empty() && (content(from) || content(to)) {
        out.push((from.join(" "), to.join(" ")));
    }
}
