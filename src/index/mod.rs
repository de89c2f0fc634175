//! Index: which documents might be copies or retellings of this one? Candidates from postings.
//!
//! Two kinds of postings propose candidates. LSH band keys (`BandIndex` in memory, the
//! store's `bands` table) meet copies: a document meets the documents posted before it under
//! each of its band keys, the latest [`WINDOW`] of each. A bucket is usually two or three
//! documents; one text syndicated everywhere fills a bucket of hundreds, and the window keeps
//! that linear while still chaining the copies together. Rare terms (`terms::TermIndex` in
//! memory, the store's `terms` table) meet retellings (see `terms`). Both kinds are read
//! through the traits below, which the in-memory indexes and the persistent store implement
//! alike, so a batch run and the index propose candidates by the same rules.

pub mod codec;
pub mod nearest;
#[cfg(feature = "parquet")]
pub mod sketches;
pub mod store;
pub mod terms;

use std::borrow::Cow;

use rayon::prelude::*;

use crate::error::Result;
use crate::model::DocIndex;

/// The most documents a newcomer meets under one band key: the latest this many posted before
/// it. Buckets up to this size meet all their members (as all-pairs did, at most 8,128 pairs a
/// bucket); a larger one is a sliding window, so a text syndicated a thousand times costs
/// 128 candidates a copy, not a thousand.
pub const WINDOW: usize = 128;

/// Postings of LSH band keys: where copy candidates come from.
pub trait BandPostings {
    /// The documents posted under `key` before document `before`, the latest `most` of them,
    /// in index order.
    fn band(&self, key: u64, before: DocIndex, most: usize) -> Result<Vec<DocIndex>>;
}

/// Postings of terms: where retelling candidates come from.
pub trait TermPostings {
    /// The documents posted under a term, or `None` when more than `cap` are (a term that
    /// common pairs nobody).
    fn term(&self, key: u64, cap: usize) -> Result<Option<Cow<'_, [DocIndex]>>>;
    /// A document's tie-break key (a hash of its id), which orders equally good partners.
    fn tie(&self, doc: DocIndex) -> Result<u64>;
}

/// The copy candidates of document `at` posted under `bands`: every document before it in one
/// of its buckets, the latest [`WINDOW`] of each bucket, each once, in index order.
pub fn copy_candidates(
    postings: &impl BandPostings,
    bands: &[u64],
    at: DocIndex,
) -> Result<Vec<DocIndex>> {
    let mut out = Vec::new();
    for &key in bands {
        out.extend(postings.band(key, at, WINDOW)?);
    }
    out.sort_unstable();
    out.dedup();
    Ok(out)
}

/// An in-memory LSH index: postings of band keys in one vector sorted by (key, document), 12
/// bytes a posting, no per-bucket allocation, and a parallel sort instead of millions of
/// hash-map inserts.
#[derive(Debug, Default)]
pub struct BandIndex {
    postings: Vec<(u64, DocIndex)>,
    sorted: bool,
}

impl BandIndex {
    /// An empty index.
    pub fn new() -> BandIndex {
        BandIndex::default()
    }

    /// Adds one document's band keys.
    pub fn insert(&mut self, doc: DocIndex, keys: &[u64]) {
        self.postings.extend(keys.iter().map(|&k| (k, doc)));
        self.sorted = false;
    }

    /// Postings held so far (one per document and band).
    pub fn len(&self) -> usize {
        self.postings.len()
    }

    /// True when no document has been added.
    pub fn is_empty(&self) -> bool {
        self.postings.is_empty()
    }

    /// Sorts the postings for lookups; inserting afterwards needs another call.
    pub fn finish(&mut self) {
        if !self.sorted {
            self.postings.par_sort_unstable();
            self.postings.dedup();
            self.sorted = true;
        }
    }

    /// Every candidate pair `(a, b)` with `a < b`, sorted and without repeats: what
    /// [`copy_candidates`] gives each posted document, found bucket by bucket (each member
    /// meets the [`WINDOW`] members before it). Depends only on the set of postings, never on
    /// the order they were inserted in.
    pub fn candidate_pairs(&mut self) -> Vec<(DocIndex, DocIndex)> {
        self.finish();
        let mut pairs = Vec::new();
        let mut start = 0;
        while start < self.postings.len() {
            let key = self.postings[start].0;
            let end = start
                + self.postings[start..]
                    .iter()
                    .take_while(|p| p.0 == key)
                    .count();
            let bucket = &self.postings[start..end];
            for (i, &(_, b)) in bucket.iter().enumerate() {
                let from = i.saturating_sub(WINDOW);
                pairs.extend(bucket[from..i].iter().map(|&(_, a)| (a, b)));
            }
            start = end;
        }
        pairs.par_sort_unstable();
        pairs.dedup();
        pairs
    }
}

impl BandPostings for BandIndex {
    fn band(&self, key: u64, before: DocIndex, most: usize) -> Result<Vec<DocIndex>> {
        debug_assert!(self.sorted, "BandIndex::finish before lookups");
        let lo = self.postings.partition_point(|&(k, _)| k < key);
        let hi = self.postings.partition_point(|&p| p < (key, before));
        let from = lo.max(hi.saturating_sub(most));
        Ok(self.postings[from..hi.max(from)]
            .iter()
            .map(|p| p.1)
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs_of(docs: &[(DocIndex, Vec<u64>)]) -> Vec<(DocIndex, DocIndex)> {
        let mut index = BandIndex::new();
        for (d, keys) in docs {
            index.insert(*d, keys);
        }
        let pairs = index.candidate_pairs();
        // The same pairs as each document's own candidates.
        let mut each: Vec<(DocIndex, DocIndex)> = docs
            .iter()
            .flat_map(|(d, k)| {
                copy_candidates(&index, k, *d)
                    .unwrap()
                    .into_iter()
                    .map(|c| (c, *d))
            })
            .collect();
        each.sort_unstable();
        each.dedup();
        assert_eq!(pairs, each);
        pairs
    }

    #[test]
    fn shared_keys_make_pairs_once() {
        let docs = vec![
            (2, vec![10, 11, 12]),
            (0, vec![10, 20, 12]),
            (1, vec![30, 31, 32]),
            (3, vec![31, 10]),
        ];
        // 0, 2 and 3 share key 10; 0 and 2 also share 12; 1 and 3 share 31.
        assert_eq!(pairs_of(&docs), vec![(0, 2), (0, 3), (1, 3), (2, 3)]);
    }

    #[test]
    fn insertion_order_does_not_matter() {
        let docs: Vec<(DocIndex, Vec<u64>)> = (0..50)
            .map(|d| (d, vec![u64::from(d % 7), 100 + u64::from(d % 5)]))
            .collect();
        let mut backward = docs.clone();
        backward.reverse();
        assert_eq!(pairs_of(&docs), pairs_of(&backward));
    }

    #[test]
    fn a_huge_bucket_stays_linear_and_connected() {
        let n = 1_000;
        let docs: Vec<(DocIndex, Vec<u64>)> = (0..n).map(|d| (d, vec![7])).collect();
        let pairs = pairs_of(&docs);
        assert!(pairs.len() <= n as usize * WINDOW, "{} pairs", pairs.len());
        // Every member meets its predecessor, so the bucket stays one component.
        for d in 0..n - 1 {
            assert!(pairs.binary_search(&(d, d + 1)).is_ok());
        }
        // A bucket no larger than the window is all pairs.
        let small: Vec<(DocIndex, Vec<u64>)> =
            (0..WINDOW as DocIndex + 1).map(|d| (d, vec![7])).collect();
        let m = small.len();
        assert_eq!(pairs_of(&small).len(), m * (m - 1) / 2);
    }

    #[test]
    fn a_newcomer_meets_the_latest_of_each_bucket() {
        let mut index = BandIndex::new();
        for d in 0..10 {
            index.insert(d, &[1]);
        }
        index.finish();
        assert_eq!(index.band(1, 7, 3).unwrap(), vec![4, 5, 6]);
        assert_eq!(index.band(1, 0, 3).unwrap(), Vec::<DocIndex>::new());
        assert_eq!(index.band(2, 7, 3).unwrap(), Vec::<DocIndex>::new());
        assert_eq!(copy_candidates(&index, &[1, 1], 2).unwrap(), vec![0, 1]);
    }
}
