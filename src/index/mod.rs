//! Index: which documents might be copies of this one? Candidate pairs from LSH band keys.
//!
//! The in-memory index is a vector of `(band key, document)` pairs sorted by key: 12 bytes a
//! posting, no per-bucket allocation, and a parallel sort instead of millions of hash-map
//! inserts. Documents that share any band key are candidates. A bucket is usually two or three
//! documents; a bucket of hundreds (one text syndicated everywhere) would make all-pairs
//! quadratic, so past [`ALL_PAIRS_UP_TO`] members each document is paired only with the next
//! [`WINDOW`] in the bucket: enough to connect a cluster of mutual copies, linear in its size.

pub mod store;
pub mod terms;

use rayon::prelude::*;

use crate::model::DocIndex;

/// Buckets up to this size are expanded into all pairs (at most 8,128 pairs a bucket).
pub const ALL_PAIRS_UP_TO: usize = 128;

/// In a larger bucket, each member is paired with this many following members.
pub const WINDOW: usize = 32;

/// An in-memory LSH index: postings of band keys, turned into candidate pairs once built.
#[derive(Debug, Default)]
pub struct BandIndex {
    postings: Vec<(u64, DocIndex)>,
}

impl BandIndex {
    /// An empty index.
    pub fn new() -> BandIndex {
        BandIndex::default()
    }

    /// Adds one document's band keys.
    pub fn insert(&mut self, doc: DocIndex, keys: &[u64]) {
        self.postings.extend(keys.iter().map(|&k| (k, doc)));
    }

    /// Postings held so far (one per document and band).
    pub fn len(&self) -> usize {
        self.postings.len()
    }

    /// True when no document has been added.
    pub fn is_empty(&self) -> bool {
        self.postings.is_empty()
    }

    /// Every candidate pair `(a, b)` with `a < b`, sorted and without repeats. The result
    /// depends only on the set of postings, never on the order they were inserted in.
    pub fn candidate_pairs(mut self) -> Vec<(DocIndex, DocIndex)> {
        self.postings.par_sort_unstable();
        self.postings.dedup();
        let mut pairs = Vec::new();
        let mut start = 0;
        while start < self.postings.len() {
            let key = self.postings[start].0;
            let end = start
                + self.postings[start..]
                    .iter()
                    .take_while(|(k, _)| *k == key)
                    .count();
            let bucket = &self.postings[start..end];
            if bucket.len() <= ALL_PAIRS_UP_TO {
                for (i, &(_, a)) in bucket.iter().enumerate() {
                    pairs.extend(bucket[i + 1..].iter().map(|&(_, b)| (a, b)));
                }
            } else {
                for (i, &(_, a)) in bucket.iter().enumerate() {
                    let until = (i + 1 + WINDOW).min(bucket.len());
                    pairs.extend(bucket[i + 1..until].iter().map(|&(_, b)| (a, b)));
                }
            }
            start = end;
        }
        pairs.par_sort_unstable();
        pairs.dedup();
        pairs
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shared_keys_make_pairs_once() {
        let mut index = BandIndex::new();
        index.insert(2, &[10, 11, 12]);
        index.insert(0, &[10, 20, 12]);
        index.insert(1, &[30, 31, 32]);
        index.insert(3, &[31, 10]);
        assert_eq!(index.len(), 11);
        // 0, 2 and 3 share key 10; 0 and 2 also share 12; 1 and 3 share 31.
        assert_eq!(
            index.candidate_pairs(),
            vec![(0, 2), (0, 3), (1, 3), (2, 3)]
        );
    }

    #[test]
    fn insertion_order_does_not_matter() {
        let docs: Vec<(DocIndex, Vec<u64>)> = (0..50)
            .map(|d| (d, vec![u64::from(d % 7), 100 + u64::from(d % 5)]))
            .collect();
        let mut forward = BandIndex::new();
        for (d, keys) in &docs {
            forward.insert(*d, keys);
        }
        let mut backward = BandIndex::new();
        for (d, keys) in docs.iter().rev() {
            backward.insert(*d, keys);
        }
        assert_eq!(forward.candidate_pairs(), backward.candidate_pairs());
    }

    #[test]
    fn a_huge_bucket_stays_linear_and_connected() {
        let mut index = BandIndex::new();
        let n = 1_000;
        for d in 0..n {
            index.insert(d, &[7]);
        }
        let pairs = index.candidate_pairs();
        assert!(pairs.len() <= n as usize * WINDOW, "{} pairs", pairs.len());
        // Every member is paired with its successor, so the bucket stays one component.
        for d in 0..n - 1 {
            assert!(pairs.binary_search(&(d, d + 1)).is_ok());
        }
    }
}
