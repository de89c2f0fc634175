//! A story's headline and its central sentences.
//!
//! Both are judged against the story's centre: the sum of its independent families' tf-idf
//! vectors (one text per family, so twenty copies of a wire do not outvote three reports).
//! The headline is the title closest to that centre, not the longest; a title of very few or
//! very many words, or a spun one, is marked down. Central sentences come from members that
//! tell the story in their own words (the original and independent reports), lead sentences
//! first; they are picked greedily by closeness to the centre, one per document while
//! documents last, skipping any too close to one already picked (the same fact twice).

use foldhash::{HashMap, HashMapExt};

use crate::analyze::profile::{Profile, Profiler};
use crate::analyze::sentences::first_sentences;
use crate::analyze::weights::{for_shared, Idf};
use crate::analyze::Analyzer;
use crate::model::{DocIndex, Line};

/// A sparse term vector, L2-normalised.
pub type Vector = Vec<(u64, f32)>;

/// Cosine above which two sentences state the same fact.
pub const REDUNDANT: f32 = 0.4;

/// Sentences read per document: the lead holds the facts; the tail, background.
pub const LEAD_SENTENCES: usize = 10;

/// Words of a summary sentence, fewest and most.
pub const SENTENCE_WORDS: (usize, usize) = (8, 50);

/// The tf-idf vector of a profile: words and anchors alike, anchors counting half again.
/// Only the counts in the whole text are read (a profile of [`Profiler::counts`] will do).
pub fn vector(profile: &Profile, idf: &Idf) -> Vector {
    let mut v: Vector = profile
        .terms
        .iter()
        .filter(|t| t.count > 0)
        .map(|t| {
            let kind = if t.kind.is_anchor() { 1.5 } else { 1.0 };
            (t.key, kind * (1.0 + (t.count as f32).ln()) * idf.idf(t.key))
        })
        .collect();
    let norm = v.iter().map(|x| x.1 * x.1).sum::<f32>().sqrt();
    if norm > 0.0 {
        v.iter_mut().for_each(|x| x.1 /= norm);
    }
    v
}

/// A story's centre: the normalised sum of vectors.
pub struct Centre(HashMap<u64, f32>);

impl Centre {
    /// The centre of some vectors.
    pub fn new<'v>(vectors: impl IntoIterator<Item = &'v Vector>) -> Centre {
        let mut sum: HashMap<u64, f32> = HashMap::new();
        for v in vectors {
            for &(k, w) in v {
                *sum.entry(k).or_default() += w;
            }
        }
        let norm = sum.values().map(|w| w * w).sum::<f32>().sqrt();
        if norm > 0.0 {
            sum.values_mut().for_each(|w| *w /= norm);
        }
        Centre(sum)
    }

    /// The cosine of a normalised vector with the centre.
    pub fn cosine(&self, v: &Vector) -> f32 {
        v.iter()
            .map(|(k, w)| w * self.0.get(k).copied().unwrap_or(0.0))
            .sum()
    }
}

/// The cosine of two normalised vectors sorted by key.
pub fn cosine(a: &Vector, b: &Vector) -> f32 {
    let mut dot = 0.0;
    for_shared(a, b, |t| t.0, |t| t.0, |x, y| dot += x.1 * y.1);
    dot
}

/// The most representative of some titles: `(title, spun)` pairs, where `spun` marks a
/// title whose wording is a spinner's or translator's.
pub fn headline<'a>(
    titles: &[(&'a str, bool)],
    centre: &Centre,
    profiler: &Profiler,
    idf: &Idf,
) -> Option<&'a str> {
    let analyzer = Analyzer::default();
    let vectors: Vec<Vector> = titles
        .iter()
        .map(|(t, _)| vector(&profiler.counts(t), idf))
        .collect();
    // The titles' own centre: what most headlines of the story say.
    let consensus = Centre::new(&vectors);
    titles
        .iter()
        .zip(&vectors)
        .enumerate()
        .map(|(i, (&(title, spun), v))| {
            let mut words = 0;
            analyzer.tokens(title, |_| words += 1);
            let mut score = (centre.cosine(v) + consensus.cosine(v)) / 2.0;
            if !(4..=20).contains(&words) {
                score *= 0.7;
            }
            if spun {
                score *= 0.8;
            }
            (
                score,
                std::cmp::Reverse(title.len()),
                std::cmp::Reverse(i),
                title,
            )
        })
        .max_by(|x, y| x.0.total_cmp(&y.0).then((x.1, x.2).cmp(&(y.1, y.2))))
        .map(|x| x.3)
}

/// A candidate sentence.
struct Candidate<'t> {
    doc: DocIndex,
    text: &'t str,
    vector: Vector,
    score: f32,
}

/// Up to `count` central sentences of `docs`' texts (the members telling the story in
/// their own words), from different documents while there are some.
pub fn central<'t>(
    docs: &[DocIndex],
    text: &dyn Fn(DocIndex) -> &'t str,
    centre: &Centre,
    count: usize,
    profiler: &Profiler,
    idf: &Idf,
) -> Vec<Line> {
    let analyzer = Analyzer::default();
    let mut candidates: Vec<Candidate<'t>> = Vec::new();
    for &doc in docs {
        let t = text(doc);
        for (i, span) in first_sentences(t).take(LEAD_SENTENCES).enumerate() {
            let s = t[span].trim();
            let mut words = 0;
            analyzer.tokens(s, |_| words += 1);
            if words < SENTENCE_WORDS.0 || words > SENTENCE_WORDS.1 {
                continue;
            }
            let vector = vector(&profiler.counts(s), idf);
            // Lead sentences state the news; later ones drift to background.
            let position = if i < 3 {
                1.0
            } else {
                (1.0 - 0.05 * (i - 2) as f32).max(0.6)
            };
            let score = centre.cosine(&vector) * position;
            candidates.push(Candidate {
                doc,
                text: s,
                vector,
                score,
            });
        }
    }
    candidates.sort_by(|x, y| y.score.total_cmp(&x.score).then(x.doc.cmp(&y.doc)));
    let mut chosen: Vec<&Candidate<'t>> = Vec::new();
    for one_per_doc in [true, false] {
        for c in &candidates {
            if chosen.len() >= count {
                break;
            }
            let used = chosen.iter().any(|x| std::ptr::eq(*x, c));
            let same_doc = one_per_doc && chosen.iter().any(|x| x.doc == c.doc);
            let redundant = chosen
                .iter()
                .any(|x| cosine(&x.vector, &c.vector) > REDUNDANT);
            if !(used || same_doc || redundant) {
                chosen.push(c);
            }
        }
    }
    chosen
        .into_iter()
        .map(|c| Line {
            text: c.text.to_owned(),
            doc: c.doc,
        })
        .collect()
}

/// The first `count` sentences of a text of eight words or more: the lead of a story told
/// once.
pub fn lead(doc: DocIndex, text: &str, count: usize) -> Vec<Line> {
    let analyzer = Analyzer::default();
    first_sentences(text)
        .map(|span| text[span].trim())
        .filter(|s| {
            let mut words = 0;
            analyzer.tokens(s, |_| words += 1);
            (SENTENCE_WORDS.0..=SENTENCE_WORDS.1).contains(&words)
        })
        .take(count)
        .map(|s| Line {
            text: s.to_owned(),
            doc,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const A: &str = "The city council approved the new budget on Tuesday after a long debate. \
        Mayor Lena Park said the plan would cut spending by 12 percent across departments. \
        The weather in the city was mild and sunny for most of the afternoon session.";
    const B: &str = "Council members voted 7 to 2 on Tuesday to approve the budget of Mayor \
        Lena Park. The budget approved on Tuesday cuts spending by 12 percent, Mayor Lena Park \
        said. Critics said the cuts to the budget would hurt public libraries and parks.";

    fn centre(texts: &[&str]) -> Centre {
        let (p, idf) = (Profiler::default(), Idf::background());
        let vs: Vec<Vector> = texts.iter().map(|t| vector(&p.profile(t), &idf)).collect();
        Centre::new(&vs)
    }

    #[test]
    fn the_headline_is_the_most_central_title_not_the_longest() {
        let c = centre(&[A, B]);
        let titles = [
            (
                "Weather: a mild and sunny afternoon in the city for the whole week ahead",
                false,
            ),
            (
                "Council approves budget with 12 percent spending cut",
                false,
            ),
            ("Council approves budget", false),
        ];
        let h = headline(&titles, &c, &Profiler::default(), &Idf::background());
        assert_eq!(
            h,
            Some("Council approves budget with 12 percent spending cut")
        );
    }

    #[test]
    fn central_sentences_come_from_different_documents_without_repeating() {
        let texts = [A, B];
        let text = |d: DocIndex| texts[d as usize];
        let lines = central(
            &[0, 1],
            &text,
            &centre(&texts),
            3,
            &Profiler::default(),
            &Idf::background(),
        );
        assert!(lines.len() >= 2, "{lines:?}");
        assert_ne!(lines[0].doc, lines[1].doc, "{lines:?}");
        // The 12 percent cut is said in both texts; it is said once.
        let cut = lines
            .iter()
            .filter(|l| l.text.contains("12 percent"))
            .count();
        assert_eq!(cut, 1, "{lines:?}");
        // The weather is not the story.
        assert!(
            lines.iter().all(|l| !l.text.contains("weather")),
            "{lines:?}"
        );
    }

    #[test]
    fn a_lead_skips_short_lines() {
        let lines = lead(
            4,
            "Breaking. Mayor Lena Park said the plan would cut spending. Done.",
            3,
        );
        assert_eq!(lines.len(), 1);
        assert_eq!(lines[0].doc, 4);
    }
}
