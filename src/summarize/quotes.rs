//! Quotations carried by two or more independent members of a story.
//!
//! Reports of one statement quote it in different lengths and, translated, in slightly
//! different words: "dialogue and confrontation" stands alone in one and inside "stressed
//! the need to prepare for both dialogue and confrontation" in another. A quotation is
//! carried by a member when most of its content-word stems ([`CARRIED`]) appear in one of
//! the member's quotations. Candidates are every member's quotations (double quotes, and
//! curly single quotes), ranked by how many independent families carry them, then shorter
//! first; one that says the same as one already chosen (each carries most of the other) is
//! skipped.

use foldhash::HashSet;

use crate::analyze::profile::{is_content_word, Profiler};
use crate::analyze::sentences::{quotations, single_quotations};
use crate::analyze::Analyzer;
use crate::model::{DocIndex, Quote};

/// Share of a quotation's content stems another quotation must hold to carry it.
pub const CARRIED: f32 = 0.75;

/// Fewest content words of a quotation worth listing ("no illusions" has two).
pub const MIN_WORDS: usize = 2;

/// Most words of a listed quotation: past this it is a paragraph, not a quote.
pub const MAX_WORDS: usize = 60;

/// One member's quotation, ready to compare.
struct Quoted {
    doc: DocIndex,
    family: usize,
    text: String,
    stems: Vec<u64>,
    preferred: bool,
}

/// Quotations `docs` carry, at most `limit`, each carried by two or more families.
/// `members` gives, per member, its document, its family and whether its wording is its own
/// (an original or report, not a spin) to be preferred when shown.
pub fn shared_quotes<'t>(
    members: &[(DocIndex, usize, bool)],
    text: &dyn Fn(DocIndex) -> &'t str,
    analyzer: &Analyzer,
    profiler: &Profiler,
    limit: usize,
) -> Vec<Quote> {
    let mut all: Vec<Quoted> = Vec::new();
    for &(doc, family, preferred) in members {
        let t = text(doc);
        let mut spans = quotations(t);
        spans.extend(single_quotations(t));
        for span in spans {
            let inner = t[span].trim_matches(|c: char| !c.is_alphanumeric()).trim();
            let mut words = 0;
            let mut stems = Vec::new();
            analyzer.tokens(inner, |w| {
                words += 1;
                if is_content_word(w) {
                    stems.push(profiler.word_key(w));
                }
            });
            stems.sort_unstable();
            stems.dedup();
            if stems.len() >= MIN_WORDS && words <= MAX_WORDS {
                all.push(Quoted {
                    doc,
                    family,
                    text: inner.to_owned(),
                    stems,
                    preferred,
                });
            }
        }
    }
    // Who carries each candidate: the families and documents with a quotation holding it.
    let mut ranked: Vec<(usize, Vec<DocIndex>, &Quoted)> = all
        .iter()
        .map(|q| {
            let carriers: Vec<&Quoted> = all.iter().filter(|o| holds(o, q)).collect();
            let families: HashSet<usize> = carriers.iter().map(|o| o.family).collect();
            let mut docs: Vec<DocIndex> = carriers.iter().map(|o| o.doc).collect();
            docs.sort_unstable();
            docs.dedup();
            (families.len(), docs, q)
        })
        .filter(|(families, _, _)| *families >= 2)
        .collect();
    ranked.sort_by(|x, y| {
        y.0.cmp(&x.0)
            .then(y.2.preferred.cmp(&x.2.preferred))
            .then(x.2.stems.len().cmp(&y.2.stems.len()))
            .then(x.2.doc.cmp(&y.2.doc))
            .then(x.2.text.cmp(&y.2.text))
    });
    let mut chosen: Vec<(&Quoted, Vec<DocIndex>)> = Vec::new();
    for (_, docs, q) in ranked {
        if chosen.len() >= limit {
            break;
        }
        if chosen.iter().any(|(c, _)| holds(c, q) && holds(q, c)) {
            continue;
        }
        chosen.push((q, docs));
    }
    chosen
        .into_iter()
        .map(|(q, docs)| Quote {
            text: q.text.clone(),
            docs,
        })
        .collect()
}

/// True when `carrier` holds at least [`CARRIED`] of `quote`'s content stems.
fn holds(carrier: &Quoted, quote: &Quoted) -> bool {
    let inside = quote
        .stems
        .iter()
        .filter(|s| carrier.stems.binary_search(s).is_ok())
        .count();
    inside as f32 >= CARRIED * quote.stems.len() as f32
}

#[cfg(test)]
mod tests {
    use super::*;

    fn quotes(texts: &[&str], families: &[usize]) -> Vec<Quote> {
        let members: Vec<(DocIndex, usize, bool)> = families
            .iter()
            .enumerate()
            .map(|(i, &f)| (i as DocIndex, f, true))
            .collect();
        let text = |d: DocIndex| texts[d as usize];
        shared_quotes(
            &members,
            &text,
            &Analyzer::default(),
            &Profiler::default(),
            5,
        )
    }

    #[test]
    fn a_quote_inside_a_longer_one_is_carried() {
        let q = quotes(
            &[
                "Kim said the country must prepare for ‘dialogue and confrontation’ now.",
                "Kim “stressed the need to prepare for both dialogue and confrontation,” KCNA said.",
                "He wants “dialogue and confrontation” alike, and “no illusions” remain.",
            ],
            &[0, 1, 2],
        );
        assert_eq!(q[0].text, "dialogue and confrontation");
        assert_eq!(q[0].docs, [0, 1, 2]);
        // "no illusions" is one report's alone.
        assert!(q.iter().all(|x| x.text != "no illusions"));
    }

    #[test]
    fn copies_of_one_text_are_one_carrier() {
        let t = "The minister called it “a very difficult goal” on Friday.";
        assert!(quotes(&[t, t], &[0, 0]).is_empty());
        assert_eq!(quotes(&[t, t], &[0, 1]).len(), 1);
    }

    #[test]
    fn variants_of_one_quote_are_listed_once() {
        let q = quotes(
            &[
                "He “stressed the need to prepare for dialogue and confrontation, and in \
                 particular to be fully prepared for confrontation,” it said.",
                "He “stressed the need to prepare for both dialogue and confrontation, \
                 especially to fully prepare for the confrontation.”",
            ],
            &[0, 1],
        );
        assert_eq!(q.len(), 1, "{q:?}");
    }
}
