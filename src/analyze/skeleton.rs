//! Owns the skeletons of a text, which a spinner's synonym swaps leave standing: its
//! function words in order, shingled, and its names and figures in order, shingled.
//!
//! A spinner replaces content words ("said" by "stated", "leader" by "chief") and keeps the
//! articles, pronouns, prepositions and auxiliaries between them, so the sequence of function
//! words survives where word shingles break at every swap (the signature idea of SpotSigs and
//! of stopword n-gram plagiarism detection). Skeleton shingle `i` is xxh3-64 over the
//! little-endian word hashes of function words `i .. i + n`, the words' own hashes (see
//! `tokens::word_hash`), so the skeleton is made from the word hashes analysis already has,
//! with one table lookup per word. Page chrome (menus, credits, share buttons) holds few
//! function words, so a copy wrapped in another site's chrome keeps nearly the same skeleton.

use std::sync::OnceLock;

use super::anchors::STOPWORDS;
use super::tokens::word_hash;

/// Function words per skeleton shingle. Measured on the derivations the retelling pass finds
/// in allsides (excerpts, real edited copies, rewrites): 4 and 5 keep as much of each pair
/// as word 5-grams do; 5 makes fewer shingles that unrelated texts share.
pub const SKELETON_SHINGLE: usize = 5;

/// Names and figures per name shingle. A spinner keeps every name and number of its source
/// in their order ("Kim Jong Un", "Biden", "KCNA", "2018-2019") where its synonym swaps cut
/// the function-word runs between them; another newsroom's report of the same event names
/// the same people in another order. On the seeds, the spin keeps 0.47 of its source's name
/// 3-grams (Jaccard) and 0.07 of its function-word 5-grams; the three independent reports of
/// that story share at most 0.09 of their name 3-grams with it or with each other.
pub const NAME_SHINGLE: usize = 3;

/// Slots of the open-addressed table of function-word hashes: a power of two, about six
/// times the list, so a lookup probes one or two slots.
const SLOTS: usize = 1024;

/// The function words' hashes, open-addressed by their low bits (0 marks an empty slot; no
/// listed word hashes to 0).
fn table() -> &'static [u64; SLOTS] {
    static TABLE: OnceLock<Box<[u64; SLOTS]>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut t = Box::new([0u64; SLOTS]);
        for word in STOPWORDS {
            let h = word_hash(word.as_bytes());
            let mut i = h as usize % SLOTS;
            while t[i] != 0 {
                i = (i + 1) % SLOTS;
            }
            t[i] = h;
        }
        t
    })
}

/// Whether the word whose hash (`tokens::word_hash`) is `h` is a function word.
#[inline]
pub(crate) fn is_function_word(h: u64) -> bool {
    in_table(table(), h)
}

/// Whether `h` is in the table.
#[inline]
fn in_table(table: &[u64; SLOTS], h: u64) -> bool {
    let mut i = h as usize % SLOTS;
    loop {
        match table[i] {
            0 => return false,
            x if x == h => return true,
            _ => i = (i + 1) % SLOTS,
        }
    }
}

/// The skeleton shingles of a text from its word hashes (8 little-endian bytes each), in
/// text order, repeats kept: n-grams of its function words, hashed as word shingles are.
/// Fewer than `n` function words give one shingle of them all; none give none.
pub fn skeleton_hashes(word_hashes: &[u8], n: usize) -> Vec<u64> {
    shingles_of(word_hashes, true, n)
}

/// The name shingles of a text from the hashes of its words that begin with a capital or a
/// digit (8 little-endian bytes each), in text order, repeats kept: n-grams of those that are
/// not function words (a capital "The" or "But" opens a sentence, it names nothing), hashed
/// as word shingles are. Fewer than `n` names give one shingle of them all; none give none.
pub fn name_hashes(name_hashes: &[u8], n: usize) -> Vec<u64> {
    shingles_of(name_hashes, false, n)
}

/// The `n`-gram shingles of the words of `word_hashes` that are function words (`function`)
/// or that are not.
fn shingles_of(word_hashes: &[u8], function: bool, n: usize) -> Vec<u64> {
    let table = table();
    let mut kept = Vec::with_capacity(word_hashes.len());
    for chunk in word_hashes.chunks_exact(8) {
        let h = chunk
            .first_chunk::<8>()
            .map_or(0, |b| u64::from_le_bytes(*b));
        if in_table(table, h) == function {
            kept.extend_from_slice(chunk);
        }
    }
    super::shingle_hashes(&kept, n.max(1))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyze::Analyzer;

    fn skeleton(text: &str) -> Vec<u64> {
        Analyzer::builder()
            .skeleton(Some(SKELETON_SHINGLE))
            .build()
            .analyze(text)
            .skeleton
    }

    #[test]
    fn every_function_word_is_found_and_no_content_word() {
        for word in STOPWORDS {
            assert!(is_function_word(word_hash(word.as_bytes())), "{word}");
        }
        for word in ["said", "leader", "pyongyang", "2019", "theirs2", ""] {
            assert!(!is_function_word(word_hash(word.as_bytes())), "{word}");
        }
    }

    #[test]
    fn synonym_swaps_keep_the_skeleton() {
        let source = "The leader said that he would meet the president of the country in \
                      the spring, and that the talks would not be easy for either of them.";
        let spun = "The chief stated that he would encounter the head of the nation in the \
                    springtime, and that the negotiations would not be simple for either of them.";
        assert_eq!(skeleton(source), skeleton(spun));
        let other = "Rain fell on the city all day. Schools closed early and buses ran late.";
        assert_ne!(skeleton(source), skeleton(other));
    }

    fn names(text: &str) -> Vec<u64> {
        Analyzer::builder()
            .names(Some(NAME_SHINGLE))
            .build()
            .analyze(text)
            .names
    }

    #[test]
    fn synonym_swaps_keep_the_names_and_other_reports_reorder_them() {
        let source = "North Korean leader Kim Jong Un told his government to prepare for \
                      confrontation with the Biden administration, KCNA said on Friday. In \
                      2018 and 2019 Kim met Donald Trump three times.";
        let spun = "North Korean chief Kim Jong Un ordered his administration to get ready for \
                    conflict with all the Biden government, KCNA stated Friday. Back in 2018 \
                    and 2019 Kim encountered Donald Trump three occasions.";
        let other = "Donald Trump met Kim three times in 2018 and 2019. On Friday, KCNA said \
                     Kim Jong Un of North Korea wants to be ready for the Biden White House.";
        let (a, b, c) = (names(source), names(spun), names(other));
        let shared = |x: &[u64], y: &[u64]| x.iter().filter(|h| y.contains(h)).count();
        // "Back" opens a sentence of the spin: one name more, two shingles cut.
        assert!(
            shared(&a, &b) * 10 >= a.len() * 6,
            "{} of {}",
            shared(&a, &b),
            a.len()
        );
        assert!(
            shared(&a, &c) * 10 <= a.len() * 2,
            "{} of {}",
            shared(&a, &c),
            a.len()
        );
        // Lowercase words and capital function words name nothing.
        assert!(names("the talks were not easy. The rain fell.").is_empty());
        assert_eq!(names("Talks in Oslo.").len(), 1);
    }

    #[test]
    fn short_skeletons_give_one_shingle_and_none_give_none() {
        assert_eq!(skeleton("Rain fell. Buses ran late.").len(), 0);
        assert_eq!(skeleton("Rain fell on the city.").len(), 1);
        assert_eq!(
            skeleton("Rain fell on the city").len(),
            skeleton("Snow fell on the town").len()
        );
    }
}
