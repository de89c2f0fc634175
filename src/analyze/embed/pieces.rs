//! Owns the encoder's tokenizer: a text becomes SentencePiece unigram pieces.
//!
//! The model file carries the vocabulary (each piece's bytes and log-probability) and the
//! normaliser's table (a code point to the code points it becomes). A text is normalised
//! through the table, runs of spaces become one, a leading space is added, every space
//! becomes the metaspace `▁`, and the segmentation is the most probable one (Viterbi over
//! pieces up to the longest piece's length); a character no piece covers is the unknown
//! piece, scored below every real piece so it is only taken when nothing else fits.

use std::collections::HashMap;

/// The metaspace marker SentencePiece writes for a space.
const META: char = '\u{2581}';

/// How far below the least probable piece the unknown piece scores: SentencePiece's own
/// penalty for an unknown character.
const UNKNOWN_PENALTY: f32 = 10.0;

/// A unigram vocabulary and its normaliser.
#[derive(Debug)]
pub struct Pieces {
    ids: HashMap<Box<[u8]>, u32, foldhash::fast::RandomState>,
    scores: Vec<f32>,
    longest: usize,
    unknown: u32,
    unknown_score: f32,
    normal: HashMap<char, Box<[char]>, foldhash::fast::RandomState>,
}

impl Pieces {
    /// A vocabulary from its pieces (bytes and score, in id order), the unknown piece's id
    /// and the normaliser's table.
    pub fn new(
        pieces: Vec<(Vec<u8>, f32)>,
        unknown: u32,
        normal: impl IntoIterator<Item = (char, Vec<char>)>,
    ) -> Pieces {
        let mut ids = HashMap::with_hasher(foldhash::fast::RandomState::default());
        let mut scores = Vec::with_capacity(pieces.len());
        let (mut longest, mut lowest) = (1, f32::INFINITY);
        for (id, (bytes, score)) in pieces.into_iter().enumerate() {
            longest = longest.max(bytes.len());
            lowest = lowest.min(score);
            scores.push(score);
            if !bytes.is_empty() {
                ids.entry(bytes.into_boxed_slice()).or_insert(id as u32);
            }
        }
        Pieces {
            ids,
            scores,
            longest,
            unknown,
            unknown_score: if lowest.is_finite() { lowest } else { 0.0 } - UNKNOWN_PENALTY,
            normal: normal
                .into_iter()
                .map(|(c, to)| (c, to.into_boxed_slice()))
                .collect(),
        }
    }

    /// How many pieces there are.
    pub fn len(&self) -> usize {
        self.scores.len()
    }

    /// Whether the vocabulary is empty.
    pub fn is_empty(&self) -> bool {
        self.scores.is_empty()
    }

    /// The text normalised and spaced as the pieces are written: metaspaces for spaces,
    /// one in front.
    fn normalise(&self, text: &str) -> String {
        let mut out = String::with_capacity(text.len() + 4);
        let mut last_space = false;
        let mut push = |c: char, out: &mut String| {
            if c == ' ' {
                if last_space {
                    return;
                }
                last_space = true;
                out.push(META);
            } else {
                last_space = false;
                out.push(c);
            }
        };
        let mut chars = text.chars().peekable();
        let first = chars.peek().map(|&c| {
            self.normal
                .get(&c)
                .and_then(|to| to.first().copied())
                .unwrap_or(c)
        });
        if first != Some(' ') {
            out.push(META);
        }
        for c in chars {
            match self.normal.get(&c) {
                Some(to) => to.iter().for_each(|&c| push(c, &mut out)),
                None => push(c, &mut out),
            }
        }
        out
    }

    /// The piece ids of a text, at most `limit` of them (the first ones).
    pub fn encode(&self, text: &str, limit: usize) -> Vec<u32> {
        let norm = self.normalise(text);
        let starts: Vec<usize> = norm
            .char_indices()
            .map(|(i, _)| i)
            .chain([norm.len()])
            .collect();
        let n = starts.len() - 1;
        let bytes = norm.as_bytes();
        // best[i]: the best score of a segmentation of the first i characters; from[i]: the
        // character its last piece starts at and the piece.
        let mut best = vec![f32::NEG_INFINITY; n + 1];
        let mut from = vec![(0usize, self.unknown); n + 1];
        best[0] = 0.0;
        for i in 0..n {
            if best[i] == f32::NEG_INFINITY {
                continue;
            }
            let begin = starts[i];
            for e in i + 1..=n {
                let len = starts[e] - begin;
                if len > self.longest {
                    break;
                }
                if let Some(&id) = self.ids.get(&bytes[begin..starts[e]]) {
                    if id == self.unknown {
                        continue;
                    }
                    let score = best[i] + self.scores[id as usize];
                    if score > best[e] {
                        best[e] = score;
                        from[e] = (i, id);
                    }
                }
            }
            let score = best[i] + self.unknown_score;
            if score > best[i + 1] {
                best[i + 1] = score;
                from[i + 1] = (i, self.unknown);
            }
        }
        let mut ids = Vec::new();
        let mut at = n;
        while at > 0 {
            let (start, id) = from[at];
            ids.push(id);
            at = start;
        }
        ids.reverse();
        ids.truncate(limit);
        ids
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vocabulary() -> Pieces {
        let pieces = [
            ("<unk>", 0.0),
            ("▁", -2.0),
            ("▁new", -3.0),
            ("▁news", -4.0),
            ("s", -3.5),
            ("▁to", -3.0),
            ("day", -3.0),
            ("▁today", -4.5),
            ("n", -5.0),
            ("e", -5.0),
            ("w", -5.0),
        ];
        Pieces::new(
            pieces
                .iter()
                .map(|(p, s)| (p.as_bytes().to_vec(), *s))
                .collect(),
            0,
            [('\n', vec![' ']), ('Ａ', vec!['a'])],
        )
    }

    fn pieces(p: &Pieces, text: &str) -> Vec<u32> {
        p.encode(text, usize::MAX)
    }

    #[test]
    fn the_most_probable_segmentation_wins() {
        let p = vocabulary();
        // "▁news" (-4) beats "▁new" + "s" (-6.5); "▁today" (-4.5) beats "▁to" + "day" (-6).
        assert_eq!(pieces(&p, "news today"), vec![3, 7]);
    }

    #[test]
    fn spaces_collapse_and_the_table_normalises() {
        let p = vocabulary();
        assert_eq!(pieces(&p, "news \n  today"), pieces(&p, "news today"));
        assert_eq!(pieces(&p, " news"), pieces(&p, "news"));
    }

    #[test]
    fn an_uncovered_character_is_the_unknown_piece() {
        let p = vocabulary();
        assert_eq!(pieces(&p, "news ✓"), vec![3, 1, 0]);
        assert_eq!(
            pieces(&p, "Ａ"),
            vec![1, 0],
            "normalised to 'a', which no piece holds"
        );
    }

    #[test]
    fn the_limit_keeps_the_first_pieces() {
        let p = vocabulary();
        assert_eq!(p.encode("news today news", 2), vec![3, 7]);
        assert!(p.encode("", 8).len() <= 1);
    }
}
