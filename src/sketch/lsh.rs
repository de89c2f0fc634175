//! Owns LSH banding: how a signature is cut into bands, and each band's stable key.
//!
//! A signature of `bands * rows` values is cut into `bands` runs of `rows` values; two
//! documents become candidates when any band agrees in full. With Jaccard similarity `s` a
//! band agrees with probability `s^rows`, so the pair becomes a candidate with probability
//! `P(s) = 1 - (1 - s^rows)^bands`, an S-curve. Bands and rows are chosen as datasketch's
//! `MinHashLSH` chooses them (`_optimal_param` in `datasketch/lsh.py`): over every
//! `b * r <= num_perm`, minimise `0.5 * FP + 0.5 * FN`, where `FP` is the area under `P` on
//! `[0, t]` (pairs below the threshold that become candidates) and `FN` the area above `P` on
//! `[t, 1]` (pairs above it that do not); equal weights are datasketch's defaults, and ties
//! keep the first pair in the order `b = 1, 2, ...` then `r = 1, 2, ...`, as it does.
//!
//! A band key is xxh3-64 (seed 0) over the band's index as a little-endian u32 followed by
//! its rows' values as little-endian u32s. The index is part of the hashed bytes, so equal
//! rows in different bands give unrelated keys and all bands can share one key space (one
//! column of a table, one group-by in a sharded run); two keys of different bands are then
//! equal only by a 64-bit hash collision, like any two keys.

use xxhash_rust::xxh3::xxh3_64;

use super::Signature;

/// How a signature is banded: `bands` bands of `rows` values each.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct LshParams {
    /// The number of bands, that is of keys per document.
    pub bands: usize,
    /// The number of signature values per band.
    pub rows: usize,
}

/// datasketch's default weights of the false-positive and false-negative areas.
const EQUAL_WEIGHT: f64 = 0.5;

/// The absolute error allowed in each area; the areas of neighbouring choices differ by
/// far more, and it is far below datasketch's own (scipy `quad`, about 1.5e-8).
const AREA_TOLERANCE: f64 = 1e-12;

/// The number of equal pieces each integral starts from before adapting, so that the narrow
/// step of a steep S-curve cannot fall between the first sample points.
const START_PIECES: usize = 16;

impl LshParams {
    /// The bands and rows datasketch picks for a Jaccard `threshold` and `num_perm` values:
    /// equal weights on the false-positive and false-negative areas (see the module doc).
    ///
    /// The threshold is clamped to `[0, 1]` (NaN counts as 0); `num_perm` 0 counts as 1.
    /// For 128 values: 0.3 gives 37 x 3, 0.5 gives 25 x 5, 0.7 gives 14 x 9, 0.8 gives 9 x 13.
    /// It integrates about 700 curves, some 10 ms for 128 values: call it once per run.
    pub fn for_threshold(threshold: f64, num_perm: usize) -> LshParams {
        LshParams::for_threshold_weighted(threshold, num_perm, EQUAL_WEIGHT, EQUAL_WEIGHT)
    }

    /// As [`LshParams::for_threshold`], with other weights for the false-positive and the
    /// false-negative areas (datasketch's `weights=(fp, fn)`).
    pub fn for_threshold_weighted(
        threshold: f64,
        num_perm: usize,
        false_positive_weight: f64,
        false_negative_weight: f64,
    ) -> LshParams {
        let t = if threshold.is_nan() {
            0.0
        } else {
            threshold.clamp(0.0, 1.0)
        };
        let num_perm = num_perm.max(1);
        let mut best = LshParams { bands: 1, rows: 1 };
        let mut min_error = f64::INFINITY;
        for bands in 1..=num_perm {
            for rows in 1..=num_perm / bands {
                let p = LshParams { bands, rows };
                let fp = integrate(|s| p.candidate_probability(s), 0.0, t);
                let fn_ = integrate(|s| 1.0 - p.candidate_probability(s), t, 1.0);
                let error = fp * false_positive_weight + fn_ * false_negative_weight;
                if error < min_error {
                    min_error = error;
                    best = p;
                }
            }
        }
        best
    }

    /// The probability that two documents of Jaccard similarity `s` share at least one band:
    /// `1 - (1 - s^rows)^bands`.
    pub fn candidate_probability(&self, s: f64) -> f64 {
        1.0 - (1.0 - s.powi(self.rows as i32)).powi(self.bands as i32)
    }

    /// The key of each band of `sig`, in band order (see the module doc for the bytes).
    /// A signature shorter than `bands * rows` gives keys for its complete bands only.
    pub fn band_keys(&self, sig: &Signature) -> Vec<u64> {
        let mut out = Vec::with_capacity(self.bands);
        self.band_keys_into(sig, &mut out);
        out
    }

    /// As [`LshParams::band_keys`], appending to `out` to reuse its allocation.
    pub fn band_keys_into(&self, sig: &Signature, out: &mut Vec<u64>) {
        if self.rows == 0 {
            return;
        }
        let mut bytes = Vec::with_capacity(4 + 4 * self.rows);
        for (band, rows) in sig
            .values()
            .chunks_exact(self.rows)
            .take(self.bands)
            .enumerate()
        {
            bytes.clear();
            // Band counts are far below 2^32 (at most num_perm); saturate rather than wrap.
            let index = u32::try_from(band).unwrap_or(u32::MAX);
            bytes.extend_from_slice(&index.to_le_bytes());
            for v in rows {
                bytes.extend_from_slice(&v.to_le_bytes());
            }
            out.push(xxh3_64(&bytes));
        }
    }
}

/// The integral of `f` over `[a, b]` by adaptive Simpson quadrature.
fn integrate(f: impl Fn(f64) -> f64 + Copy, a: f64, b: f64) -> f64 {
    if b <= a {
        return 0.0;
    }
    let width = (b - a) / START_PIECES as f64;
    let tolerance = AREA_TOLERANCE / START_PIECES as f64;
    (0..START_PIECES)
        .map(|i| {
            let (lo, hi) = (a + width * i as f64, a + width * (i + 1) as f64);
            let (flo, fmid, fhi) = (f(lo), f((lo + hi) / 2.0), f(hi));
            let whole = (hi - lo) / 6.0 * (flo + 4.0 * fmid + fhi);
            simpson(f, lo, hi, (flo, fmid, fhi), whole, tolerance, 40)
        })
        .sum()
}

/// One step of adaptive Simpson: split `[a, b]` while the halves disagree with the whole.
fn simpson(
    f: impl Fn(f64) -> f64 + Copy,
    a: f64,
    b: f64,
    (fa, fm, fb): (f64, f64, f64),
    whole: f64,
    tolerance: f64,
    depth: u32,
) -> f64 {
    let m = (a + b) / 2.0;
    let (flm, frm) = (f((a + m) / 2.0), f((m + b) / 2.0));
    let left = (m - a) / 6.0 * (fa + 4.0 * flm + fm);
    let right = (b - m) / 6.0 * (fm + 4.0 * frm + fb);
    let delta = left + right - whole;
    // 15 is Richardson's factor for Simpson's rule: the error of the halves is delta / 15.
    if depth == 0 || delta.abs() <= 15.0 * tolerance {
        return left + right + delta / 15.0;
    }
    simpson(f, a, m, (fa, flm, fm), left, tolerance / 2.0, depth - 1)
        + simpson(f, m, b, (fm, frm, fb), right, tolerance / 2.0, depth - 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thresholds_give_datasketch_bands_and_rows() {
        for (t, bands, rows) in [(0.7, 14, 9), (0.3, 37, 3), (0.5, 25, 5), (0.8, 9, 13)] {
            assert_eq!(
                LshParams::for_threshold(t, 128),
                LshParams { bands, rows },
                "threshold {t}"
            );
        }
    }

    #[test]
    fn out_of_range_inputs_are_clamped() {
        assert_eq!(
            LshParams::for_threshold(1.5, 128),
            LshParams::for_threshold(1.0, 128)
        );
        let p = LshParams::for_threshold(f64::NAN, 0);
        assert_eq!(p, LshParams { bands: 1, rows: 1 });
    }

    #[test]
    fn integration_is_accurate() {
        let area = integrate(|s| s.powi(9), 0.0, 0.7);
        assert!((area - 0.7f64.powi(10) / 10.0).abs() < 1e-12, "{area}");
        // 1 - (1 - 0.7^9)^14: at the threshold the S-curve of 14 x 9 is near its middle.
        let p = LshParams { bands: 14, rows: 9 };
        assert!((p.candidate_probability(0.7) - 0.4382).abs() < 1e-4);
    }

    #[test]
    fn band_keys_are_stable_bytes() {
        let sig = Signature::from_values((0..12).collect());
        let p = LshParams { bands: 3, rows: 4 };
        let keys = p.band_keys(&sig);
        let mut first = 0u32.to_le_bytes().to_vec();
        for v in 0u32..4 {
            first.extend_from_slice(&v.to_le_bytes());
        }
        assert_eq!(keys[0], xxh3_64(&first));
        // Golden values: a change here breaks every stored index and sharded run.
        assert_eq!(
            keys,
            [0x4d64edb81a1f5640, 0x69f3c84f5d1a72d2, 0x4872a110f8d4779e]
        );
    }

    #[test]
    fn equal_rows_in_different_bands_give_different_keys() {
        let sig = Signature::from_values(vec![7; 128]);
        let keys = LshParams::for_threshold(0.7, 128).band_keys(&sig);
        assert_eq!(keys.len(), 14);
        let mut unique = keys.clone();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(unique.len(), keys.len());
    }

    #[test]
    fn short_signatures_key_their_complete_bands() {
        let sig = Signature::from_values(vec![1; 10]);
        assert_eq!(LshParams { bands: 3, rows: 4 }.band_keys(&sig).len(), 2);
    }
}
