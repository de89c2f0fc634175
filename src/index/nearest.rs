//! Owns candidates by meaning: each embedded document's nearest embedded documents.
//!
//! A translation shares no word with its original and few rare terms, so the term index
//! never pairs them; their embeddings are close. Every embedded document is paired with its
//! [`NEAREST`] most similar others whose cosine reaches [`NEAREST_FLOOR`], so the pairs grow
//! with the corpus times a constant. The search is exhaustive (every embedded pair's dot
//! product, in parallel): quadratic, but at 768 integer operations a pair it costs less than
//! embedding the texts did up to about a million documents (embedding one is about 0.3 s of a
//! core, comparing it with a million others about 0.02 s).

use rayon::prelude::*;

use crate::model::DocIndex;

/// How many nearest documents each embedded document is paired with: the story pass's
/// neighbour rule keeps 30 candidates a document, and a translation is among the very
/// nearest of its original.
pub const NEAREST: usize = 8;

/// The cosine below which two embeddings are not a candidate pair: multilingual-e5-small's
/// cosines are crowded into [0.7, 1] (unrelated news pairs of ../shared/data/labelled/
/// semeval8_dev score about 0.75, an article and its translation in mt_pairs_dev about 0.9).
pub const NEAREST_FLOOR: f32 = 0.8;

/// The pairs `(a, b)`, `a < b`, of documents among each other's nearest, sorted; documents
/// with no embedding (empty) take no part.
pub fn nearest_pairs(embeddings: &[&[i16]], scale: f32) -> Vec<(DocIndex, DocIndex)> {
    let embedded: Vec<usize> = (0..embeddings.len())
        .filter(|&i| !embeddings[i].is_empty())
        .collect();
    let floor = (NEAREST_FLOOR * scale * scale) as i64;
    let mut pairs: Vec<(DocIndex, DocIndex)> = embedded
        .par_iter()
        .flat_map_iter(|&a| {
            let x = embeddings[a];
            let mut best: Vec<(i64, usize)> = Vec::with_capacity(NEAREST + 1);
            for &b in &embedded {
                let y = embeddings[b];
                if b == a || y.len() != x.len() {
                    continue;
                }
                let dot: i64 = dot(x, y);
                if dot < floor || (best.len() == NEAREST && dot <= best[NEAREST - 1].0) {
                    continue;
                }
                let at = best.partition_point(|&(d, i)| {
                    (d, std::cmp::Reverse(i)) > (dot, std::cmp::Reverse(b))
                });
                best.insert(at, (dot, b));
                best.truncate(NEAREST);
            }
            best.into_iter()
                .map(move |(_, b)| (a.min(b) as DocIndex, a.max(b) as DocIndex))
        })
        .collect();
    pairs.sort_unstable();
    pairs.dedup();
    pairs
}

/// The dot product of two packed embeddings, in 32-bit lanes summed wide (384 products of
/// two 15-bit values fit an i64 sum with room to spare).
fn dot(x: &[i16], y: &[i16]) -> i64 {
    x.chunks(64)
        .zip(y.chunks(64))
        .map(|(a, b)| {
            a.iter()
                .zip(b)
                .map(|(&p, &q)| i32::from(p) * i32::from(q))
                .map(i64::from)
                .sum::<i64>()
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit(v: &[f32]) -> Vec<i16> {
        let n = v.iter().map(|x| x * x).sum::<f32>().sqrt();
        v.iter().map(|x| (x / n * 32767.0) as i16).collect()
    }

    #[test]
    fn each_document_meets_its_nearest_above_the_floor() {
        let docs = [
            unit(&[1.0, 0.0, 0.0]),
            unit(&[0.95, 0.3, 0.0]),
            unit(&[0.0, 0.0, 1.0]),
            vec![],
            unit(&[0.0, 0.2, 0.98]),
        ];
        let refs: Vec<&[i16]> = docs.iter().map(Vec::as_slice).collect();
        assert_eq!(nearest_pairs(&refs, 32767.0), vec![(0, 1), (2, 4)]);
    }

    #[test]
    fn the_fan_out_is_bounded() {
        let docs: Vec<Vec<i16>> = (0..40)
            .map(|i| unit(&[1.0, i as f32 * 0.001, 0.0]))
            .collect();
        let refs: Vec<&[i16]> = docs.iter().map(Vec::as_slice).collect();
        let pairs = nearest_pairs(&refs, 32767.0);
        assert!(pairs.len() <= 40 * NEAREST, "{}", pairs.len());
        for d in 0..40 {
            let met = pairs.iter().filter(|p| p.0 == d || p.1 == d).count();
            assert!(met >= NEAREST, "document {d} met {met}");
        }
    }
}
