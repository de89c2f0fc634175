//! Owns sketching: a set of shingle hashes becomes a MinHash [`Signature`]; LSH band keys.
//!
//! Classic MinHash costs `num_perm` hash evaluations per shingle (128 by default), which
//! would be most of the near-duplicate pass. So the default is one-permutation hashing (Li,
//! Owen & Zhang, "One Permutation Hashing", NIPS 2012) with optimal densification
//! (Shrivastava, "Optimal Densification for Fast and Accurate Minwise Hashing", ICML 2017):
//! one hash per shingle, O(shingles + num_perm) in all, with the same unbiased estimate.
//! Measured on this project's 2-core machine, one thread, over the 36 M shingles of the
//! `allsides` corpus: one-permutation 0.14 s (260 M shingles/s), classic 12.2 s (3 M
//! shingles/s), 87 times slower and alone far over the whole command's budget of 1.35 s.
//!
//! How: each shingle is rehashed once with a seeded mixer; the high 32 bits pick one of
//! `num_perm` bins and the low 32 bits compete for that bin's minimum. An empty bin `i`
//! probes bins `p(i, 1), p(i, 2), ...` of a seeded sequence that does not depend on the data
//! and copies the first bin the set itself filled. Two sets probe the same sequence, so a
//! position agrees when the first bin that is non-empty for their union has its minimum in
//! the intersection (or, with probability 2^-32, by a collision of values): probability J.
//!
//! The classic k-permutation MinHash is kept behind [`SketcherBuilder::classic`] so tests and
//! benches can compare the two. Either way every hash is a fixed mixing function of the
//! shingle hash and keys drawn from the seed: the same shingles give the same bytes on every
//! machine, in any order, with or without duplicates.

mod lsh;
mod signature;

pub use lsh::LshParams;
pub use signature::Signature;

/// The default signature length: 128 values, as the datasketch baseline uses; the LSH
/// tables in [`LshParams`] are chosen for it.
pub const DEFAULT_NUM_PERM: usize = 128;

/// The default seed of the hash family.
pub const DEFAULT_SEED: u64 = 1;

/// The value of every position when the set is empty (no shingle to take a minimum of).
pub const EMPTY_VALUE: u32 = u32::MAX;

/// The largest signature length: far beyond any useful one (datasketch's default is 128),
/// and it keeps the multiply-shift that picks a bin in range.
pub const MAX_NUM_PERM: usize = 1 << 16;

/// After this many probes per bin (times `num_perm`) densification falls back to a linear
/// scan, so it ends for certain; a random probe misses every filled bin this long with
/// probability below e^-64.
const PROBE_ROUNDS: u64 = 64;

/// Builds a [`Sketcher`].
#[derive(Debug, Clone)]
pub struct SketcherBuilder {
    num_perm: usize,
    seed: u64,
    classic: bool,
}

impl Default for SketcherBuilder {
    fn default() -> Self {
        SketcherBuilder {
            num_perm: DEFAULT_NUM_PERM,
            seed: DEFAULT_SEED,
            classic: false,
        }
    }
}

impl SketcherBuilder {
    /// Sets the signature length ([`DEFAULT_NUM_PERM`] unless set), clamped to
    /// `1..=`[`MAX_NUM_PERM`].
    pub fn num_perm(mut self, num_perm: usize) -> Self {
        self.num_perm = num_perm.clamp(1, MAX_NUM_PERM);
        self
    }

    /// Sets the seed that picks the hash family ([`DEFAULT_SEED`] unless set). Only
    /// signatures of the same seed and length are comparable.
    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = seed;
        self
    }

    /// Uses classic k-permutation MinHash (`num_perm` hashes per shingle) instead of
    /// one-permutation hashing with densification. Slower by about `num_perm` times, with
    /// the same expected accuracy; for comparison.
    pub fn classic(mut self, classic: bool) -> Self {
        self.classic = classic;
        self
    }

    /// Builds the sketcher.
    pub fn build(&self) -> Sketcher {
        let mut state = self.seed;
        let bin_key = splitmix64(&mut state);
        let probe_key = splitmix64(&mut state);
        let perm_keys = if self.classic {
            (0..self.num_perm).map(|_| splitmix64(&mut state)).collect()
        } else {
            Vec::new()
        };
        Sketcher {
            num_perm: self.num_perm,
            seed: self.seed,
            classic: self.classic,
            bin_key,
            probe_key,
            perm_keys,
        }
    }
}

/// Turns shingle sets into [`Signature`]s. Immutable, `Send + Sync`: share one across threads.
#[derive(Debug, Clone)]
pub struct Sketcher {
    num_perm: usize,
    seed: u64,
    classic: bool,
    /// The key of the one rehash of one-permutation hashing.
    bin_key: u64,
    /// The key of the densification probe sequence.
    probe_key: u64,
    /// One key per hash function of classic MinHash (empty otherwise).
    perm_keys: Vec<u64>,
}

impl Default for Sketcher {
    fn default() -> Self {
        SketcherBuilder::default().build()
    }
}

impl Sketcher {
    /// Starts a builder with the defaults.
    pub fn builder() -> SketcherBuilder {
        SketcherBuilder::default()
    }

    /// The signature length.
    pub fn num_perm(&self) -> usize {
        self.num_perm
    }

    /// The seed of the hash family.
    pub fn seed(&self) -> u64 {
        self.seed
    }

    /// True when this sketcher computes classic k-permutation MinHash.
    pub fn is_classic(&self) -> bool {
        self.classic
    }

    /// The signature of a set of shingle hashes, given in any order, duplicates allowed.
    /// An empty set gives [`EMPTY_VALUE`] in every position.
    pub fn sketch(&self, shingles: &[u64]) -> Signature {
        let values = if self.classic {
            self.classic_values(shingles)
        } else {
            self.one_permutation_values(shingles)
        };
        Signature::from_values(values)
    }

    fn one_permutation_values(&self, shingles: &[u64]) -> Vec<u32> {
        let k = self.num_perm;
        // u64::MAX marks an empty bin: a real minimum is below 2^32.
        let mut bins = vec![u64::MAX; k];
        for &x in shingles {
            let h = mix(x ^ self.bin_key);
            let value = h & u64::from(u32::MAX);
            // The i-th value into a bin is its new minimum with chance 1/i, so over a news
            // text's ~8 values per bin a branch would mispredict often; min is a cmov.
            let slot = &mut bins[reduce(h, k)];
            *slot = (*slot).min(value);
        }
        if bins.iter().all(|&b| b == u64::MAX) {
            return vec![EMPTY_VALUE; k];
        }
        // Densify: probe the original bins only, never one filled by densification.
        let mut out = Vec::with_capacity(k);
        for (i, &b) in bins.iter().enumerate() {
            out.push(if b != u64::MAX {
                b as u32
            } else {
                bins[self.probe(i, &bins)] as u32
            });
        }
        out
    }

    /// The first bin that the set itself filled in empty bin `i`'s probe sequence.
    fn probe(&self, i: usize, bins: &[u64]) -> usize {
        let k = bins.len();
        let base = mix(self.probe_key.wrapping_add(i as u64));
        for attempt in 1..=PROBE_ROUNDS * k as u64 {
            let j = reduce(mix(base ^ attempt), k);
            if bins[j] != u64::MAX {
                return j;
            }
        }
        // Unreachable in practice (see PROBE_ROUNDS); some bin is filled, so this ends.
        (1..k)
            .map(|d| (i + d) % k)
            .find(|&j| bins[j] != u64::MAX)
            .unwrap_or(i)
    }

    fn classic_values(&self, shingles: &[u64]) -> Vec<u32> {
        let mut mins = vec![u64::MAX; self.num_perm];
        for &x in shingles {
            for (m, &key) in mins.iter_mut().zip(&self.perm_keys) {
                *m = (*m).min(mix(x ^ key));
            }
        }
        // The low half of the minimum identifies the minimising shingle as well as the whole
        // hash does (two different minima agree there with probability 2^-32); u64::MAX, the
        // empty set, becomes EMPTY_VALUE.
        mins.into_iter().map(|m| m as u32).collect()
    }
}

/// The bin of a hash among `k`: its high 32 bits scaled to `[0, k)` (Lemire's multiply-shift,
/// in range for any `k` up to 2^32, uniform up to rounding).
#[inline]
fn reduce(h: u64, k: usize) -> usize {
    (((h >> 32) * k as u64) >> 32) as usize
}

/// The SplitMix64 finaliser (Steele, Lea & Flood 2014; constants from Stafford's "Mix13"):
/// a bijection of u64 whose every output bit depends on every input bit.
#[inline]
fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// The SplitMix64 generator: the keys of the hash family, drawn from the seed.
fn splitmix64(state: &mut u64) -> u64 {
    // The golden-ratio increment of SplitMix64.
    *state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
    mix(*state)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyze::Analyzer;
    use proptest::prelude::*;
    use proptest::test_runner::{Config, RngSeed};
    use xxhash_rust::xxh3::xxh3_64;

    /// Two sets of random shingle hashes with `both` shared, `only_a` and `only_b` not.
    fn sets(both: usize, only_a: usize, only_b: usize, seed: u64) -> (Vec<u64>, Vec<u64>, f64) {
        let mut state = seed;
        let mut draw = |n: usize| (0..n).map(|_| splitmix64(&mut state)).collect::<Vec<_>>();
        let (shared, a_own, b_own) = (draw(both), draw(only_a), draw(only_b));
        let a = [shared.clone(), a_own].concat();
        let b = [shared, b_own].concat();
        let union = both + only_a + only_b;
        let j = if union == 0 {
            0.0
        } else {
            both as f64 / union as f64
        };
        (a, b, j)
    }

    /// Four standard deviations of the estimate of `j` from `k` values, plus two values'
    /// worth for the rounding of small `k` and of sparse sets.
    fn bound(j: f64, k: usize) -> f64 {
        4.0 * (j * (1.0 - j) / k as f64).sqrt() + 2.0 / k as f64
    }

    fn classic() -> Sketcher {
        Sketcher::builder().classic(true).build()
    }

    #[test]
    fn same_text_gives_the_same_bytes() {
        let a = Analyzer::default();
        let text = "Kim Jong Un told officials to prepare for both dialogue and confrontation.";
        for s in [Sketcher::default(), classic()] {
            let one = s.sketch(&a.analyze(text).shingles).to_bytes();
            let two = s
                .sketch(&a.analyze(&text.to_uppercase()).shingles)
                .to_bytes();
            assert_eq!(one, two);
            assert_eq!(one.len(), 4 * DEFAULT_NUM_PERM);
        }
    }

    #[test]
    fn golden_signatures_pin_the_stored_bytes() {
        // A change here breaks every stored index: bump the index format version instead.
        let text = "The quick brown fox jumps over the lazy dog. It barked twice, then slept.";
        let shingles = Analyzer::default().analyze(text).shingles;
        let oph = Sketcher::default().sketch(&shingles);
        let first = [
            1936676587, 2786805098, 1544493381, 3331041794, 3102812015, 1512887740,
        ];
        assert_eq!(oph.values()[..6], first);
        assert_eq!(xxh3_64(&oph.to_bytes()), 0x60582f02f106a5dc);
        let classic = classic().sketch(&shingles);
        let first = [
            2189548581, 3751753398, 2551762469, 2372809583, 2880068789, 718231201,
        ];
        assert_eq!(classic.values()[..6], first);
        assert_eq!(xxh3_64(&classic.to_bytes()), 0x9220b41a964c9444);
    }

    #[test]
    fn an_empty_set_gives_the_empty_value_everywhere() {
        for s in [Sketcher::default(), classic()] {
            assert!(s.sketch(&[]).values().iter().all(|&v| v == EMPTY_VALUE));
        }
    }

    #[test]
    fn one_shingle_fills_every_bin_by_densification() {
        let sig = Sketcher::builder().num_perm(64).build().sketch(&[42]);
        assert!(sig.values().iter().all(|&v| v == sig.values()[0]));
        assert_ne!(sig.values()[0], EMPTY_VALUE);
    }

    #[test]
    fn seeds_pick_different_families() {
        let (a, _, _) = sets(200, 0, 0, 7);
        let one = Sketcher::builder().seed(1).build().sketch(&a);
        let two = Sketcher::builder().seed(2).build().sketch(&a);
        assert!(one.jaccard_estimate(&two) < 0.2);
        assert_eq!(Sketcher::builder().num_perm(0).build().num_perm(), 1);
    }

    #[test]
    fn the_estimate_is_unbiased_for_sparse_and_dense_sets() {
        // Mean error over many pairs: sparse sets (fewer shingles than bins) lean on
        // densification, dense ones on the bins alone.
        for (both, only_a, only_b) in [(6, 7, 7), (12, 30, 0), (300, 300, 400)] {
            let trials = 400;
            for s in [Sketcher::default(), classic()] {
                let mut total = 0.0;
                let mut j = 0.0;
                for t in 0..trials {
                    let (a, b, jt) = sets(both, only_a, only_b, 1000 + t);
                    total += s.sketch(&a).jaccard_estimate(&s.sketch(&b)) - jt;
                    j = jt;
                }
                // Four standard deviations of the mean of `trials` estimates.
                let tolerance = 4.0 * (j * (1.0 - j) / 128.0 / trials as f64).sqrt();
                let mean = total / trials as f64;
                assert!(
                    mean.abs() < tolerance,
                    "{both}/{only_a}/{only_b} classic={} mean error {mean}",
                    s.is_classic()
                );
            }
        }
    }

    #[test]
    fn sketcher_is_shareable() {
        fn shared<T: Send + Sync>() {}
        shared::<Sketcher>();
        shared::<Signature>();
    }

    proptest! {
        #[test]
        fn order_and_duplicates_do_not_matter(
            set in proptest::collection::vec(any::<u64>(), 0..300),
            rotate in 0usize..300,
        ) {
            for s in [Sketcher::default(), classic()] {
                let sig = s.sketch(&set);
                let mut shuffled = set.clone();
                shuffled.reverse();
                let by = rotate.min(shuffled.len());
                shuffled.rotate_left(by);
                shuffled.extend_from_slice(&set);
                prop_assert_eq!(s.sketch(&shuffled).to_bytes(), sig.to_bytes());
            }
        }
    }

    proptest! {
        // A fixed seed: the bound is four standard deviations, so a random seed would fail
        // now and then without anything being wrong.
        #![proptest_config(Config { cases: 200, rng_seed: RngSeed::Fixed(20_240_613), ..Config::default() })]

        #[test]
        fn the_estimate_is_within_its_error_bound(
            both in 0usize..600,
            only_a in 0usize..600,
            only_b in 0usize..600,
            seed in any::<u64>(),
        ) {
            prop_assume!(both + only_a + only_b > 0);
            let (a, b, j) = sets(both, only_a, only_b, seed);
            for s in [Sketcher::default(), classic()] {
                let estimate = s.sketch(&a).jaccard_estimate(&s.sketch(&b));
                prop_assert!(
                    (estimate - j).abs() <= bound(j, s.num_perm()),
                    "classic={} J={j} estimate={estimate}", s.is_classic()
                );
            }
        }
    }
}
