//! How the index stores a document's weighted terms: little-endian bytes, read back whole or
//! as far as they go.

use crate::analyze::profile::TermKind;
use crate::relate::story::Weighted;

/// A document's weighted terms as bytes: word count, then (key, weight) pairs; anchor count,
/// then (key, weight, kind letter); the anchor mass. Little-endian.
pub fn encode_weighted(w: &Weighted) -> Vec<u8> {
    let mut out = Vec::with_capacity(8 + w.words.len() * 12 + w.anchors.len() * 13);
    out.extend((w.words.len() as u32).to_le_bytes());
    for (k, x) in &w.words {
        out.extend(k.to_le_bytes());
        out.extend(x.to_le_bytes());
    }
    out.extend((w.anchors.len() as u32).to_le_bytes());
    for (k, x, kind) in &w.anchors {
        out.extend(k.to_le_bytes());
        out.extend(x.to_le_bytes());
        out.push(kind.letter() as u8);
    }
    out.extend(w.anchor_mass.to_le_bytes());
    out
}

/// The inverse of [`encode_weighted`]; a short or damaged value gives what could be read.
pub fn decode_weighted(bytes: &[u8]) -> Weighted {
    let mut at = 0;
    let mut take = |n: usize| -> Option<&[u8]> {
        let s = bytes.get(at..at + n)?;
        at += n;
        Some(s)
    };
    let mut out = Weighted::default();
    let u32_of = |s: &[u8]| u32::from_le_bytes([s[0], s[1], s[2], s[3]]);
    let u64_of = |s: &[u8]| u64::from_le_bytes(s.try_into().unwrap_or([0; 8]));
    let f32_of = |s: &[u8]| f32::from_le_bytes([s[0], s[1], s[2], s[3]]);
    let Some(n) = take(4).map(u32_of) else {
        return out;
    };
    for _ in 0..n {
        let (Some(k), Some(x)) = (take(8).map(u64_of), take(4).map(f32_of)) else {
            return out;
        };
        out.words.push((k, x));
    }
    let Some(n) = take(4).map(u32_of) else {
        return out;
    };
    for _ in 0..n {
        let (Some(k), Some(x), Some(kind)) = (take(8).map(u64_of), take(4).map(f32_of), take(1))
        else {
            return out;
        };
        let kind = TermKind::from_letter(kind[0] as char).unwrap_or(TermKind::Name);
        out.anchors.push((k, x, kind));
    }
    out.anchor_mass = take(4).map(f32_of).unwrap_or(0.0);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyze::profile::Profiler;
    use crate::analyze::weights::Idf;

    #[test]
    fn weighted_terms_round_trip() {
        let profiler = Profiler::default();
        let w = Weighted::new(
            &profiler.profile("Kim Jong Un said on 18 June 2021 that “talks are over”."),
            &Idf::background(),
        );
        assert!(!w.words.is_empty() && !w.anchors.is_empty());
        assert_eq!(decode_weighted(&encode_weighted(&w)), w);
        // Damaged bytes give what could be read, never a panic.
        let bytes = encode_weighted(&w);
        let _ = decode_weighted(&bytes[..bytes.len() / 2]);
        assert_eq!(decode_weighted(&[]), Weighted::default());
    }
}
