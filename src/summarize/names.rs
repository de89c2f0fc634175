//! A story's main names: the people, places and bodies most of its independent families name.
//!
//! Names are the anchors extraction of names finds (capitalised spans, keyed so "Kim's" and
//! "Kim" meet). Each family counts a name once; names carried by two or more families come
//! first (all of a story told once), most carried first, then most mentioned. A name whose
//! words all sit inside a longer listed name ("Kim" in "Kim Jong Un") is left out. Each is
//! shown in the spelling its texts use most.

use foldhash::{HashMap, HashMapExt, HashSet};

use crate::analyze::anchors::{sentence_anchors, AnchorKind};
use crate::analyze::sentences::{first_sentences, words_into};
use crate::model::DocIndex;

/// Sentences read per document for names: the lead names who the story is about.
pub const NAME_SENTENCES: usize = 12;

/// What is counted of one name.
#[derive(Default)]
struct Count {
    families: HashSet<usize>,
    mentions: usize,
    spellings: HashMap<String, usize>,
}

/// Which of `candidates` (one-word name keys) the texts also write in lower case: such a
/// "name" is a capitalised common word ("Room" of a quoted book title), not a name.
fn written_in_lower_case<'k, 't>(
    members: &[(DocIndex, usize)],
    text: &dyn Fn(DocIndex) -> &'t str,
    candidates: &HashSet<&'k str>,
) -> HashSet<&'k str> {
    let mut out = HashSet::default();
    if candidates.is_empty() {
        return out;
    }
    let mut spans = Vec::new();
    for &(doc, _) in members {
        let t = text(doc);
        for span in first_sentences(t).take(NAME_SENTENCES) {
            spans.clear();
            words_into(&t[span.clone()], span.start, &mut spans);
            for w in &spans {
                let word = &t[w.clone()];
                if !word.chars().next().is_some_and(char::is_lowercase) {
                    continue;
                }
                if let Some(&key) = candidates.get(word) {
                    out.insert(key);
                }
            }
        }
    }
    out
}

/// Up to `limit` main names of `members` (document and family).
pub fn main_names<'t>(
    members: &[(DocIndex, usize)],
    text: &dyn Fn(DocIndex) -> &'t str,
    limit: usize,
) -> Vec<String> {
    let mut counts: HashMap<String, Count> = HashMap::new();
    let families: HashSet<usize> = members.iter().map(|m| m.1).collect();
    for &(doc, family) in members {
        let t = text(doc);
        let spans: Vec<_> = first_sentences(t).take(NAME_SENTENCES).collect();
        for anchor in sentence_anchors(t, &spans).concat() {
            if anchor.kind != AnchorKind::Name || anchor.key.len() < 2 {
                continue;
            }
            let count = counts.entry(anchor.key).or_default();
            count.families.insert(family);
            count.mentions += 1;
            let spelling = t[anchor.span]
                .trim_end_matches("’s")
                .trim_end_matches("'s")
                .trim();
            *count.spellings.entry(spelling.to_owned()).or_default() += 1;
        }
    }
    let least = families.len().min(2);
    let one_word: HashSet<&str> = counts
        .iter()
        .filter(|(key, c)| c.families.len() >= least && !key.contains(' '))
        .map(|(key, _)| key.as_str())
        .collect();
    let lower = written_in_lower_case(members, text, &one_word);
    let mut ranked: Vec<(&String, &Count)> = counts
        .iter()
        .filter(|(_, c)| c.families.len() >= least)
        .filter(|(key, _)| key.contains(' ') || !lower.contains(key.as_str()))
        .collect();
    ranked.sort_by(|x, y| {
        y.1.families
            .len()
            .cmp(&x.1.families.len())
            .then(y.1.mentions.cmp(&x.1.mentions))
            .then(x.0.cmp(y.0))
    });
    let mut chosen: Vec<(&String, &Count)> = Vec::new();
    for (key, count) in &ranked {
        if chosen.len() >= limit {
            break;
        }
        let words: Vec<&str> = key.split(' ').collect();
        let inside = |longer: &str| {
            let theirs: Vec<&str> = longer.split(' ').collect();
            theirs.len() > words.len() && words.iter().all(|w| theirs.contains(w))
        };
        if ranked.iter().any(|(other, _)| inside(other)) && chosen.iter().any(|(c, _)| inside(c)) {
            continue;
        }
        // A longer name listed after its own short form replaces it.
        chosen.retain(|(c, _)| {
            let short: Vec<&str> = c.split(' ').collect();
            !(words.len() > short.len() && short.iter().all(|w| words.contains(w)))
        });
        chosen.push((key, count));
    }
    chosen
        .into_iter()
        .map(|(key, count)| {
            count
                .spellings
                .iter()
                .max_by(|x, y| x.1.cmp(y.1).then(y.0.cmp(x.0)))
                .map_or_else(|| key.clone(), |s| s.0.clone())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_many_families_carry_come_first_in_their_longest_form() {
        let texts = [
            "North Korean leader Kim Jong Un spoke in Pyongyang. Kim said talks with Joe Biden \
             could resume.",
            "Kim Jong Un's speech was reported by KCNA. Kim warned Joe Biden.",
            "Analysts in Seoul said Kim Jong Un was sending a signal.",
        ];
        let text = |d: DocIndex| texts[d as usize];
        let names = main_names(&[(0, 0), (1, 1), (2, 2)], &text, 5);
        assert_eq!(names[0], "Kim Jong Un");
        assert!(names.contains(&"Joe Biden".to_string()), "{names:?}");
        assert!(!names.contains(&"Kim".to_string()), "{names:?}");
        // Pyongyang and Seoul are each one family's: not main names.
        assert!(!names.iter().any(|n| n == "Seoul"), "{names:?}");
    }

    #[test]
    fn a_capitalised_common_word_is_no_name() {
        let texts = [
            "John Bolton said his memoir, “The Room Where It Happened”, is out. The room \
             was full.",
            "In “The Room Where It Happened”, John Bolton writes what happened in the room.",
        ];
        let text = |d: DocIndex| texts[d as usize];
        let names = main_names(&[(0, 0), (1, 1)], &text, 5);
        assert!(names.contains(&"John Bolton".to_string()), "{names:?}");
        assert!(
            !names.iter().any(|n| n == "Room" || n == "Happened"),
            "{names:?}"
        );
    }
}
