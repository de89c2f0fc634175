//! Owns [`Signature`], a MinHash sketch, and its stable byte form.
//!
//! A signature is `num_perm` u32 values; position `i` of two signatures made by the same
//! [`Sketcher`](super::Sketcher) agrees with probability equal to the Jaccard similarity of
//! the two shingle sets, so the fraction of agreeing positions estimates it. The byte form is
//! the values in order, each as four little-endian bytes, with nothing else: it is what the
//! index stores and what a sharded run writes, so it must never depend on the machine.

use crate::{Error, Result};

/// Bytes per stored value: each value is a little-endian u32.
const VALUE_BYTES: usize = 4;

/// A MinHash signature: `num_perm` values made by one [`Sketcher`](super::Sketcher).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Signature {
    values: Vec<u32>,
}

impl Signature {
    /// Wraps values made elsewhere (by a sketcher of the same parameters, to be comparable).
    pub fn from_values(values: Vec<u32>) -> Signature {
        Signature { values }
    }

    /// The values, one per permutation (or per bin, for one-permutation hashing).
    pub fn values(&self) -> &[u32] {
        &self.values
    }

    /// The number of values (`num_perm` of the sketcher that made it).
    pub fn len(&self) -> usize {
        self.values.len()
    }

    /// True for a signature without values (only [`Signature::from_values`] can make one).
    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }

    /// The stable byte form: each value as four little-endian bytes, in order.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.values.len() * VALUE_BYTES);
        for v in &self.values {
            out.extend_from_slice(&v.to_le_bytes());
        }
        out
    }

    /// Reads the byte form written by [`Signature::to_bytes`].
    ///
    /// Fails with [`Error::Format`] when the length is not a multiple of four.
    pub fn from_bytes(bytes: &[u8]) -> Result<Signature> {
        if bytes.len() % VALUE_BYTES != 0 {
            return Err(Error::Format {
                what: "MinHash signature".to_owned(),
                expected: "a multiple of 4 bytes (little-endian u32 values)".to_owned(),
                got: format!("{} bytes", bytes.len()),
            });
        }
        let values = bytes
            .chunks_exact(VALUE_BYTES)
            .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
            .collect();
        Ok(Signature { values })
    }

    /// The fraction of positions where the two signatures agree: an unbiased estimate of the
    /// Jaccard similarity of the two shingle sets, with standard deviation about
    /// `sqrt(J (1 - J) / num_perm)`.
    ///
    /// Signatures of different lengths come from different sketchers and say nothing about
    /// each other: the estimate is then 0, as it is for two empty signatures.
    pub fn jaccard_estimate(&self, other: &Signature) -> f64 {
        if self.values.len() != other.values.len() || self.values.is_empty() {
            return 0.0;
        }
        let equal = self
            .values
            .iter()
            .zip(&other.values)
            .filter(|(a, b)| a == b)
            .count();
        equal as f64 / self.values.len() as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn bytes_are_little_endian_values_in_order() {
        let sig = Signature::from_values(vec![1, 0x0102_0304, u32::MAX]);
        assert_eq!(sig.to_bytes(), [1, 0, 0, 0, 4, 3, 2, 1, 255, 255, 255, 255]);
    }

    #[test]
    fn a_ragged_byte_string_is_a_format_error() {
        let err = Signature::from_bytes(&[1, 2, 3, 4, 5]).unwrap_err();
        assert!(err.to_string().contains("got 5 bytes"), "{err}");
    }

    #[test]
    fn estimate_counts_agreeing_positions() {
        let a = Signature::from_values(vec![1, 2, 3, 4]);
        let b = Signature::from_values(vec![1, 2, 0, 0]);
        assert_eq!(a.jaccard_estimate(&b), 0.5);
        assert_eq!(a.jaccard_estimate(&a), 1.0);
        assert_eq!(a.jaccard_estimate(&Signature::from_values(vec![1, 2])), 0.0);
        assert_eq!(
            Signature::from_values(vec![]).jaccard_estimate(&Signature::from_values(vec![])),
            0.0
        );
    }

    proptest! {
        #[test]
        fn bytes_round_trip(values in proptest::collection::vec(any::<u32>(), 0..300)) {
            let sig = Signature::from_values(values);
            let back = Signature::from_bytes(&sig.to_bytes()).unwrap();
            prop_assert_eq!(back, sig);
        }
    }
}
