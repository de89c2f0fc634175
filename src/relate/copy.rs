//! Copy relations from real shingle sets: `exact`, `near_copy` and `excerpt`.
//!
//! Jaccard alone misses two common copies: a text re-hosted inside another site's chrome (a
//! header, share buttons, a comment thread) and an excerpt (the first half of an article). Both
//! lower Jaccard, but the smaller text stays almost wholly inside the larger, so containment of
//! the smaller set in the larger is the second test. A guard keeps containment from linking a
//! short shared passage (a newsletter blurb, a standard disclaimer) to every article that
//! carries it: the smaller text must be a real share of the larger ([`CopyRules::min_share`]).

use crate::model::{DocIndex, Evidence, Link, Relation};

/// Thresholds for the copy relations.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CopyRules {
    /// Jaccard at or above which two texts are near copies. 0.7 on word 5-grams is what
    /// datasketch, text-dedup and datatrove users typically run.
    pub near_copy: f64,
    /// Containment of the smaller set in the larger at or above which it is an excerpt (or a
    /// copy inside chrome). 0.8 leaves room for a few edited sentences in an excerpt.
    pub containment: f64,
    /// The smaller set must hold at least this share of the larger's shingles to count as an
    /// excerpt. An excerpt is usually 40-60% of its article and a wrapped copy at least a
    /// third of its page; a 100-word blurb under an 800-word article is an eighth.
    pub min_share: f64,
}

impl Default for CopyRules {
    fn default() -> CopyRules {
        CopyRules {
            near_copy: 0.7,
            containment: 0.8,
            min_share: 0.2,
        }
    }
}

/// What the copy test needs of one document.
#[derive(Debug, Clone, Copy)]
pub struct Shingled<'a> {
    /// Its index in the run.
    pub index: DocIndex,
    /// Its shingle hashes, sorted and without repeats.
    pub shingles: &'a [u32],
    /// Hash of its normalised text, when known (an index of format 1 kept none: its own
    /// table of hashes told the texts apart instead).
    pub content_hash: Option<u128>,
}

/// Size of the intersection of two sorted sets without repeats.
pub fn intersection(a: &[u32], b: &[u32]) -> usize {
    let (small, large) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if small.is_empty() {
        return 0;
    }
    // A short set against a long one: binary search beats a merge past about 1:16.
    if large.len() / small.len() >= 16 {
        let mut rest = large;
        let mut n = 0;
        for x in small {
            match rest.binary_search(x) {
                Ok(i) => {
                    n += 1;
                    rest = &rest[i + 1..];
                }
                Err(i) => rest = &rest[i..],
            }
        }
        return n;
    }
    // A merge without branches on the comparison: which side moves is as good as random
    // for hash sets, so a branch mispredicts half the time.
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < small.len() && j < large.len() {
        let (x, y) = (small[i], large[j]);
        n += usize::from(x == y);
        i += usize::from(x <= y);
        j += usize::from(y <= x);
    }
    n
}

/// The copy relation between two documents, if any, as a link without a direction (the
/// direction rules give it one, `relate::direction`).
pub fn relate_copy(a: Shingled<'_>, b: Shingled<'_>, rules: &CopyRules) -> Option<Link> {
    let (a, b) = if a.index <= b.index { (a, b) } else { (b, a) };
    if a.content_hash.is_some() && a.content_hash == b.content_hash {
        return Some(exact_link(a.index, b.index));
    }
    let inter = intersection(a.shingles, b.shingles) as f64;
    let (na, nb) = (a.shingles.len() as f64, b.shingles.len() as f64);
    let (small, large) = if na <= nb { (na, nb) } else { (nb, na) };
    if small == 0.0 {
        return None;
    }
    let jaccard = inter / (na + nb - inter);
    let containment = inter / small;
    let evidence = Evidence {
        jaccard: Some(round4(jaccard)),
        containment: Some(round4(containment)),
        ..Evidence::default()
    };
    let (relation, score) = if jaccard >= rules.near_copy {
        (Relation::NearCopy, jaccard)
    } else if containment >= rules.containment && small / large >= rules.min_share {
        (Relation::Excerpt, containment)
    } else {
        return None;
    };
    Some(Link {
        a: a.index,
        b: b.index,
        relation,
        score: round4(score),
        source: None,
        basis: None,
        evidence,
    })
}

/// The `exact` link between two documents of the same normalised text.
pub fn exact_link(a: DocIndex, b: DocIndex) -> Link {
    Link {
        a: a.min(b),
        b: a.max(b),
        relation: Relation::Exact,
        score: 1.0,
        source: None,
        basis: None,
        evidence: Evidence {
            jaccard: Some(1.0),
            containment: Some(1.0),
            ..Evidence::default()
        },
    }
}

/// Four decimals: enough to rank, and stable output across platforms' float printing.
pub fn round4(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

/// The shingle hashes verification keeps: the high 32 bits of each 64-bit hash, in the same
/// order. Half the memory, and a chance collision per pair of ~1000-shingle texts is about
/// 1000^2 / 2^32, i.e. 0.02%.
pub fn high_halves(shingles: &[u64]) -> Vec<u32> {
    shingles.iter().map(|&h| (h >> 32) as u32).collect()
}

/// The Jaccard similarity of two sorted sets without repeats (0 for two empty ones).
pub fn jaccard(a: &[u32], b: &[u32]) -> f64 {
    let inter = intersection(a, b) as f64;
    let union = (a.len() + b.len()) as f64 - inter;
    if union > 0.0 {
        inter / union
    } else {
        0.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(index: DocIndex, shingles: &[u32], hash: u128) -> Shingled<'_> {
        Shingled {
            index,
            shingles,
            content_hash: Some(hash),
        }
    }

    #[test]
    fn jaccard_and_high_halves() {
        assert_eq!(jaccard(&[1, 2, 3], &[2, 3, 4]), 0.5);
        assert_eq!(jaccard(&[], &[]), 0.0);
        assert_eq!(high_halves(&[(7u64 << 32) | 9, 1]), vec![7, 0]);
        assert_eq!(round4(0.123_456), 0.1235);
    }

    #[test]
    fn intersection_by_merge_and_by_search_agree() {
        let a: Vec<u32> = (0..2000).map(|x| x * 3).collect();
        let b: Vec<u32> = (0..60).map(|x| x * 7).collect();
        let expected = b.iter().filter(|x| *x % 3 == 0).count();
        assert_eq!(intersection(&a, &b), expected);
        assert_eq!(intersection(&b, &a), expected);
        let c: Vec<u32> = (0..1500).map(|x| x * 2).collect();
        assert_eq!(
            intersection(&a, &c),
            (0..4000).filter(|x| x % 6 == 0 && *x < 3000).count()
        );
        assert_eq!(intersection(&[], &a), 0);
    }

    #[test]
    fn exact_near_copy_and_excerpt() {
        let article: Vec<u32> = (0..100).collect();
        let edited: Vec<u32> = (5..105).collect();
        let half: Vec<u32> = (0..50).collect();
        let rules = CopyRules::default();
        let exact = relate_copy(doc(0, &article, 9), doc(1, &edited, 9), &rules).unwrap();
        assert_eq!(exact.relation, Relation::Exact);
        let near = relate_copy(doc(0, &article, 1), doc(1, &edited, 2), &rules).unwrap();
        assert_eq!(near.relation, Relation::NearCopy);
        assert_eq!(near.evidence.jaccard, Some(0.9048));
        let excerpt = relate_copy(doc(3, &half, 1), doc(0, &article, 2), &rules).unwrap();
        assert_eq!((excerpt.a, excerpt.b), (0, 3));
        assert_eq!(excerpt.relation, Relation::Excerpt);
        assert_eq!(excerpt.source, None, "the direction rules orient it");
    }

    #[test]
    fn a_short_shared_passage_is_not_an_excerpt() {
        let blurb: Vec<u32> = (0..12).collect();
        let article: Vec<u32> = (0..100).collect();
        assert_eq!(
            relate_copy(
                doc(0, &blurb, 1),
                doc(1, &article, 2),
                &CopyRules::default()
            ),
            None
        );
    }
}
