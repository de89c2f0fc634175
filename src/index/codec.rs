//! Owns every byte the persistent index stores: the layout of each value, its version, and
//! the checks that refuse a short or corrupt one.
//!
//! Numbers are little-endian. Enums are stored by explicit numbers, pinned by the tests
//! below, never by declaration order. Metadata, links and story listings are JSON (serde),
//! the rest fixed-width binary. A value that does not decode whole is an error that names
//! what it was, never partial data. [`FORMAT_VERSION`] names the layout written;
//! [`OLDEST_FORMAT`] the oldest one this build still opens (version 1 lacks the tables and
//! fields of version 2, which the index fills in when it is next settled).

use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::analyze::profile::TermKind;
use crate::analyze::weights::Weighted;
use crate::error::{Error, Result};
use crate::model::{AlignedPair, Alignment, Coverage, Relation};

/// The layout this build writes. Version 2 added the corpus term counts, the boilerplate
/// sentence counts, stored alignments, a document's length and content hash in its facts,
/// and a link's basis. Version 3 added a document's lead terms to its weights (an index of
/// version 2 is settled again to fill them in). Version 4 keys the anchors of texts in other
/// languages as `analyze::anchors` now does (decimal commas, Latin letters for Cyrillic and
/// Greek): the layout is version 3's, and an index of version 3 is settled again so that its
/// weights are made anew from its texts. Version 5 adds the story listing in its order
/// (`story_order`, filled from the listings when a version-4 index is opened; no settle).
pub const FORMAT_VERSION: u64 = 5;

/// The key that orders story listings as `GET /v1/stories` shows them: newest first (an
/// undated story last), then larger first, then by id.
pub fn story_order_key(newest: Option<i64>, size: usize, id: u32) -> (u64, u64, u32) {
    // Flipping the sign bit keeps an i64's order in a u64; subtracting from the top reverses it.
    let newest = newest.map_or(u64::MAX, |t| u64::MAX - 1 - ((t as u64) ^ (1 << 63)));
    (newest, u64::MAX - size as u64, id)
}

/// The oldest layout this build opens (and brings up to [`FORMAT_VERSION`]).
pub const OLDEST_FORMAT: u64 = 1;

/// What story clustering and the direction rules need of a stored document, kept apart from
/// its text so that clustering a large component reads little.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Facts {
    /// Publication time, seconds since the epoch.
    pub published: Option<i64>,
    /// xxh3 of its id, for tie-breaks.
    pub tie: u64,
    /// The latest year its text names.
    pub latest_year: Option<i32>,
    /// Its length in words (0 in a version-1 index).
    pub words: u32,
    /// xxh3-128 of its normalised words (`None` in a version-1 index).
    pub content_hash: Option<u128>,
}

/// Facts of version 1: date, tie, year.
const FACTS_V1: usize = 20;
/// Facts of version 2: version 1, then words and content hash.
const FACTS_V2: usize = 40;

/// A corrupt value: what was read, what it should have been.
fn corrupt(what: &str, expected: impl Into<String>, got: impl Into<String>) -> Error {
    Error::Format {
        what: format!("stored {what}"),
        expected: expected.into(),
        got: got.into(),
    }
}

/// A reader over a value's bytes that fails, naming the value, when they run short.
struct Bytes<'a> {
    what: &'static str,
    rest: &'a [u8],
}

impl<'a> Bytes<'a> {
    fn new(what: &'static str, rest: &'a [u8]) -> Bytes<'a> {
        Bytes { what, rest }
    }

    fn take<const N: usize>(&mut self) -> Result<[u8; N]> {
        let Some((head, tail)) = self.rest.split_first_chunk::<N>() else {
            return Err(corrupt(
                self.what,
                format!("{N} more bytes"),
                format!("{}", self.rest.len()),
            ));
        };
        self.rest = tail;
        Ok(*head)
    }

    fn u8(&mut self) -> Result<u8> {
        Ok(self.take::<1>()?[0])
    }

    fn u32(&mut self) -> Result<u32> {
        Ok(u32::from_le_bytes(self.take()?))
    }

    fn u64(&mut self) -> Result<u64> {
        Ok(u64::from_le_bytes(self.take()?))
    }

    fn f32(&mut self) -> Result<f32> {
        Ok(f32::from_le_bytes(self.take()?))
    }

    /// A count of items that follow, each at least `size` bytes: a count past what is left
    /// is corruption, not a reason to allocate.
    fn count(&mut self, size: usize) -> Result<usize> {
        let n = self.u32()? as usize;
        if n.saturating_mul(size) > self.rest.len() {
            return Err(corrupt(
                self.what,
                format!("{n} items"),
                format!("{} bytes", self.rest.len()),
            ));
        }
        Ok(n)
    }

    /// Ends the value: bytes left over are corruption too.
    fn end(self) -> Result<()> {
        match self.rest.len() {
            0 => Ok(()),
            n => Err(corrupt(
                self.what,
                "no more bytes",
                format!("{n} left over"),
            )),
        }
    }
}

impl Facts {
    /// The version-2 bytes.
    pub fn encode(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(FACTS_V2);
        out.extend(self.published.unwrap_or(i64::MIN).to_le_bytes());
        out.extend(self.tie.to_le_bytes());
        out.extend(self.latest_year.unwrap_or(i32::MIN).to_le_bytes());
        out.extend(self.words.to_le_bytes());
        // A hash of 0 stands for "not known" (a version-1 document); xxh3-128 gives 0 with
        // probability 2^-128.
        out.extend(self.content_hash.unwrap_or(0).to_le_bytes());
        out
    }

    /// Reads version-1 or version-2 bytes.
    pub fn decode(bytes: &[u8]) -> Result<Facts> {
        if bytes.len() != FACTS_V1 && bytes.len() != FACTS_V2 {
            let expected = format!("{FACTS_V1} or {FACTS_V2} bytes");
            return Err(corrupt("facts", expected, format!("{} bytes", bytes.len())));
        }
        let mut b = Bytes::new("facts", bytes);
        let published = Some(b.u64()? as i64).filter(|&p| p != i64::MIN);
        let tie = b.u64()?;
        let latest_year = Some(b.u32()? as i32).filter(|&y| y != i32::MIN);
        let (words, content_hash) = if bytes.len() == FACTS_V2 {
            let words = b.u32()?;
            let hash = u128::from_le_bytes(b.take()?);
            (words, Some(hash).filter(|&h| h != 0))
        } else {
            (0, None)
        };
        b.end()?;
        Ok(Facts {
            published,
            tie,
            latest_year,
            words,
            content_hash,
        })
    }
}

/// The number a relation is stored as.
pub fn relation_code(r: Relation) -> u8 {
    r as u8
}

/// The relation stored as `code`.
pub fn relation_of(code: u8) -> Result<Relation> {
    Relation::ALL
        .into_iter()
        .find(|r| *r as u8 == code)
        .ok_or_else(|| corrupt("relation", "0 to 5", code.to_string()))
}

/// The letter a term kind is stored as (the background table's letters).
fn kind_of(letter: u8) -> Result<TermKind> {
    TermKind::from_letter(letter as char)
        .ok_or_else(|| corrupt("term kind", "w, n, d or q", (letter as char).to_string()))
}

/// A document's weighted terms: word count, then (key, weight) pairs; anchor count, then
/// (key, weight, kind letter); the anchor mass; lead count, then (key, weight, kind letter)
/// (version 3: a version-2 value ends at the anchor mass and decodes with no lead).
pub fn encode_weighted(w: &Weighted) -> Vec<u8> {
    let mut out = Vec::with_capacity(12 + w.words.len() * 12 + w.anchors.len() * 13);
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
    out.extend((w.lead.len() as u32).to_le_bytes());
    for (k, x, kind) in &w.lead {
        out.extend(k.to_le_bytes());
        out.extend(x.to_le_bytes());
        out.push(kind.letter() as u8);
    }
    out
}

/// The inverse of [`encode_weighted`].
pub fn decode_weighted(bytes: &[u8]) -> Result<Weighted> {
    let mut b = Bytes::new("weights", bytes);
    let mut out = Weighted::default();
    for _ in 0..b.count(12)? {
        out.words.push((b.u64()?, b.f32()?));
    }
    for _ in 0..b.count(13)? {
        out.anchors.push((b.u64()?, b.f32()?, kind_of(b.u8()?)?));
    }
    out.anchor_mass = b.f32()?;
    // Version 2 ends here; version 3 adds the lead.
    if !b.rest.is_empty() {
        for _ in 0..b.count(13)? {
            out.lead.push((b.u64()?, b.f32()?, kind_of(b.u8()?)?));
        }
    }
    b.end()?;
    Ok(out)
}

/// An alignment: pair count, then per pair its two sentence indices, similarity, kept share,
/// the two byte spans and its changes (count, then each side as length and UTF-8 bytes); then
/// both coverages (sentences, chars, unquoted).
pub fn encode_alignment(al: &Alignment) -> Vec<u8> {
    let mut out = Vec::new();
    out.extend((al.pairs.len() as u32).to_le_bytes());
    for p in &al.pairs {
        for n in [
            p.a,
            p.b,
            p.spans[0].start,
            p.spans[0].end,
            p.spans[1].start,
            p.spans[1].end,
        ] {
            out.extend((n as u32).to_le_bytes());
        }
        out.extend(p.similarity.to_le_bytes());
        out.extend(p.kept.to_le_bytes());
        out.extend((p.changes.len() as u32).to_le_bytes());
        for (from, to) in &p.changes {
            for s in [from, to] {
                out.extend((s.len() as u32).to_le_bytes());
                out.extend(s.as_bytes());
            }
        }
    }
    for c in [al.coverage_a, al.coverage_b] {
        for x in [c.sentences, c.chars, c.unquoted] {
            out.extend(x.to_le_bytes());
        }
    }
    out
}

/// The inverse of [`encode_alignment`].
pub fn decode_alignment(bytes: &[u8]) -> Result<Alignment> {
    let mut b = Bytes::new("alignment", bytes);
    let mut out = Alignment::default();
    for _ in 0..b.count(36)? {
        let mut n = [0usize; 6];
        for x in &mut n {
            *x = b.u32()? as usize;
        }
        let (similarity, kept) = (b.f32()?, b.f32()?);
        let mut changes = Vec::new();
        for _ in 0..b.count(8)? {
            changes.push((text(&mut b)?, text(&mut b)?));
        }
        out.pairs.push(AlignedPair {
            a: n[0],
            b: n[1],
            similarity,
            kept,
            changes,
            spans: [n[2]..n[3], n[4]..n[5]],
        });
    }
    let mut coverage = || -> Result<Coverage> {
        Ok(Coverage {
            sentences: b.f32()?,
            chars: b.f32()?,
            unquoted: b.f32()?,
        })
    };
    out.coverage_a = coverage()?;
    out.coverage_b = coverage()?;
    b.end()?;
    Ok(out)
}

/// A length-prefixed UTF-8 string.
fn text(b: &mut Bytes<'_>) -> Result<String> {
    let n = b.count(1)?;
    let (head, tail) = b.rest.split_at(n);
    b.rest = tail;
    String::from_utf8(head.to_vec()).map_err(|_| corrupt(b.what, "UTF-8", "other bytes"))
}

/// Little-endian u32s (document lists).
pub fn encode_u32s(values: &[u32]) -> Vec<u8> {
    values.iter().flat_map(|v| v.to_le_bytes()).collect()
}

/// The inverse of [`encode_u32s`].
pub fn decode_u32s(what: &'static str, bytes: &[u8]) -> Result<Vec<u32>> {
    if bytes.len() % 4 != 0 {
        return Err(corrupt(
            what,
            "a multiple of 4 bytes",
            format!("{} bytes", bytes.len()),
        ));
    }
    Ok(bytes
        .chunks_exact(4)
        .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
        .collect())
}

/// Little-endian f32s (nearest-candidate similarities).
pub fn encode_f32s(values: &[f32]) -> Vec<u8> {
    values.iter().flat_map(|v| v.to_le_bytes()).collect()
}

/// The inverse of [`encode_f32s`].
pub fn decode_f32s(bytes: &[u8]) -> Result<Vec<f32>> {
    let words = decode_u32s("similarities", bytes)?;
    Ok(words.into_iter().map(f32::from_bits).collect())
}

/// A value as JSON (metadata, links, story listings).
pub fn encode_json(value: &impl Serialize) -> Result<Vec<u8>> {
    serde_json::to_vec(value).map_err(|e| corrupt("JSON", "a value serde can write", e.to_string()))
}

/// The inverse of [`encode_json`].
pub fn decode_json<T: DeserializeOwned>(what: &'static str, bytes: &[u8]) -> Result<T> {
    serde_json::from_slice(bytes).map_err(|e| corrupt(what, "JSON", e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyze::profile::Profiler;
    use crate::analyze::weights::Idf;

    #[test]
    fn relations_keep_their_numbers() {
        // The stored numbers: renumbering one would misread every index written before.
        let pinned = [
            (Relation::Exact, 0),
            (Relation::NearCopy, 1),
            (Relation::Excerpt, 2),
            (Relation::Spin, 3),
            (Relation::Rewrite, 4),
            (Relation::SameStory, 5),
        ];
        for (r, n) in pinned {
            assert_eq!(relation_code(r), n);
            assert_eq!(relation_of(n).unwrap(), r);
        }
        assert!(relation_of(6).is_err());
    }

    #[test]
    fn term_kinds_keep_their_letters() {
        for (kind, letter) in [
            (TermKind::Word, b'w'),
            (TermKind::Name, b'n'),
            (TermKind::Number, b'd'),
            (TermKind::Quote, b'q'),
        ] {
            assert_eq!(kind.letter() as u8, letter);
            assert_eq!(kind_of(letter).unwrap(), kind);
        }
    }

    #[test]
    fn facts_round_trip_and_read_version_one() {
        let f = Facts {
            published: Some(1_623_974_400),
            tie: 7,
            latest_year: Some(2021),
            words: 640,
            content_hash: Some(99),
        };
        assert_eq!(Facts::decode(&f.encode()).unwrap(), f);
        // Version 1: date, tie, year, as its golden bytes.
        let mut v1 = Vec::new();
        v1.extend(1_623_974_400i64.to_le_bytes());
        v1.extend(7u64.to_le_bytes());
        v1.extend(i32::MIN.to_le_bytes());
        let old = Facts::decode(&v1).unwrap();
        assert_eq!(
            (
                old.published,
                old.tie,
                old.latest_year,
                old.words,
                old.content_hash
            ),
            (Some(1_623_974_400), 7, None, 0, None)
        );
        assert!(Facts::decode(&v1[..19]).is_err());
    }

    #[test]
    fn weighted_terms_round_trip_and_refuse_damage() {
        let w = Weighted::new(
            &Profiler::default().profile("Kim Jong Un said on 18 June 2021 that “talks are over”."),
            &Idf::background(),
        );
        assert!(!w.words.is_empty() && !w.anchors.is_empty());
        let bytes = encode_weighted(&w);
        assert_eq!(decode_weighted(&bytes).unwrap(), w);
        for cut in [0, 3, bytes.len() / 2, bytes.len() - 1] {
            assert!(decode_weighted(&bytes[..cut]).is_err(), "cut at {cut}");
        }
        let mut longer = bytes.clone();
        longer.push(0);
        assert!(decode_weighted(&longer).is_err());
        // A count that claims more than the bytes hold fails without allocating for it.
        assert!(decode_weighted(&[255, 255, 255, 255]).is_err());
    }

    #[test]
    fn alignments_round_trip() {
        let al = Alignment {
            pairs: vec![AlignedPair {
                a: 1,
                b: 3,
                similarity: 0.5,
                kept: 0.75,
                changes: vec![("order".into(), "purchase".into())],
                spans: [10..40, 12..45],
            }],
            coverage_a: Coverage {
                sentences: 0.5,
                chars: 0.4,
                unquoted: 0.3,
            },
            coverage_b: Coverage::default(),
        };
        let bytes = encode_alignment(&al);
        assert_eq!(decode_alignment(&bytes).unwrap(), al);
        assert!(decode_alignment(&bytes[..bytes.len() - 2]).is_err());
    }

    #[test]
    fn lists_round_trip_and_refuse_odd_lengths() {
        assert_eq!(
            decode_u32s("list", &encode_u32s(&[1, 2, 3])).unwrap(),
            [1, 2, 3]
        );
        assert!(decode_u32s("list", &[1, 2, 3]).is_err());
        assert_eq!(
            decode_f32s(&encode_f32s(&[0.5, 0.25])).unwrap(),
            [0.5, 0.25]
        );
    }

    #[test]
    fn story_order_puts_the_newest_first_the_undated_last_then_the_larger() {
        let mut keys = [
            story_order_key(None, 9, 1),
            story_order_key(Some(-5), 2, 2),
            story_order_key(Some(1_700_000_000), 2, 3),
            story_order_key(Some(1_700_000_000), 5, 4),
            story_order_key(Some(0), 2, 5),
        ];
        keys.sort();
        let ids: Vec<u32> = keys.iter().map(|k| k.2).collect();
        assert_eq!(ids, [4, 3, 5, 2, 1]);
    }
}
