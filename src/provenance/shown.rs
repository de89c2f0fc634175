//! Aligned sentences as a reader sees them: each cut into runs of kept and changed words.
//!
//! The words of the two sentences are diffed on their stems (so "ordered" and "orders" are
//! kept, "purchase" against "order" changed); the text between two words (spaces,
//! punctuation) goes with its neighbours, changed only when both are.

use std::ops::Range;

use crate::analyze::profile::Profiler;
use crate::analyze::sentences::words;
use crate::analyze::Analyzer;
use crate::model::{Piece, ShownSentences};
use crate::relate::align::{diff, Step};
use crate::relate::round4;

/// Cuts a source sentence and a derived sentence into kept and changed runs.
pub fn shown(
    source: &str,
    derived: &str,
    similarity: f32,
    analyzer: &Analyzer,
    profiler: &Profiler,
) -> ShownSentences {
    let (ws, wd) = (words(source), words(derived));
    let key = |text: &str, span: &Range<usize>| {
        let mut norm = String::new();
        analyzer.tokens(&text[span.clone()], |t| norm.push_str(t));
        profiler.word_key(&norm)
    };
    let ks: Vec<u64> = ws.iter().map(|w| key(source, w)).collect();
    let kd: Vec<u64> = wd.iter().map(|w| key(derived, w)).collect();
    let (mut cs, mut cd) = (vec![false; ks.len()], vec![false; kd.len()]);
    // Past the diff's bound the sentences are shown whole, unmarked.
    let steps = diff(&ks, &kd).unwrap_or_default();
    let (mut i, mut j) = (0, 0);
    for step in steps {
        match step {
            Step::Both => {
                i += 1;
                j += 1;
            }
            Step::OnlyA => {
                cs[i] = true;
                i += 1;
            }
            Step::OnlyB => {
                cd[j] = true;
                j += 1;
            }
        }
    }
    ShownSentences {
        source: pieces(source, &ws, &cs),
        derived: pieces(derived, &wd, &cd),
        similarity: round4(f64::from(similarity)),
    }
}

/// The runs of `text` given its words' spans and which words changed.
fn pieces(text: &str, spans: &[Range<usize>], changed: &[bool]) -> Vec<Piece> {
    let mut out: Vec<Piece> = Vec::new();
    let mut push = |piece: &str, flag: bool| {
        if piece.is_empty() {
            return;
        }
        match out.last_mut() {
            Some(last) if last.changed == flag => last.text.push_str(piece),
            _ => out.push(Piece {
                text: piece.to_owned(),
                changed: flag,
            }),
        }
    };
    let mut at = 0;
    for (i, span) in spans.iter().enumerate() {
        // The gap before this word is changed only between two changed words.
        let gap_changed = i > 0 && changed[i - 1] && changed[i];
        push(&text[at..span.start], gap_changed);
        push(&text[span.clone()], changed[i]);
        at = span.end;
    }
    push(&text[at..], false);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn marked(pieces: &[Piece]) -> String {
        pieces
            .iter()
            .map(|p| match p.changed {
                true => format!("[{}]", p.text),
                false => p.text.clone(),
            })
            .collect()
    }

    #[test]
    fn changed_words_are_marked_on_both_sides() {
        let s = shown(
            "Kim issued the order Thursday, KCNA said.",
            "Kim issued the purchase on Thursday, KCNA stated.",
            0.7,
            &Analyzer::default(),
            &Profiler::default(),
        );
        assert_eq!(
            marked(&s.source),
            "Kim issued the [order] Thursday, KCNA [said]."
        );
        assert_eq!(
            marked(&s.derived),
            "Kim issued the [purchase on] Thursday, KCNA [stated]."
        );
        assert_eq!(s.similarity, 0.7);
    }

    #[test]
    fn the_pieces_rebuild_the_sentence() {
        let a = "“Prepare for dialogue — and confrontation,” he said; 2021’s plan.";
        let b = "He said to prepare for both dialogue and confrontation.";
        let s = shown(a, b, 0.5, &Analyzer::default(), &Profiler::default());
        let join = |p: &[Piece]| p.iter().map(|x| x.text.as_str()).collect::<String>();
        assert_eq!(join(&s.source), a);
        assert_eq!(join(&s.derived), b);
        // Inflections are kept: "prepare" against "Prepare".
        assert!(s
            .derived
            .iter()
            .any(|p| !p.changed && p.text.contains("prepare")));
    }
}
