//! Owns summaries: a story told once, with its headline, central sentences, shared quotes and
//! main names.
//!
//! A story's members fall into independent families: a member and what derives from it
//! (copies, spins, rewrites) are one telling. Everything here counts families, not members,
//! so a wire copied twenty times is one voice. See `lines` (headline and sentences), `quotes`
//! and `names` for each part's rule.

pub mod lines;
pub mod names;
pub mod quotes;

use foldhash::{HashMap, HashMapExt};

use crate::analyze::profile::{Profile, Profiler};
use crate::analyze::weights::Idf;
use crate::analyze::Analyzer;
use crate::model::{DocIndex, Meta, Role, Story, Summary};
use lines::{Centre, Vector};

/// Most summary sentences.
pub const MAX_LINES: usize = 5;

/// Fewest summary sentences, when the texts have them.
pub const MIN_LINES: usize = 3;

/// Most quotes listed.
pub const MAX_QUOTES: usize = 5;

/// Most names listed.
pub const MAX_NAMES: usize = 8;

/// Summarises stories. Borrows the run's word rarities; share one across threads.
pub struct Summarizer<'i> {
    analyzer: Analyzer,
    profiler: Profiler,
    idf: &'i Idf,
}

impl<'i> Summarizer<'i> {
    /// A summariser weighing words by `idf` (a corpus's counts say best what sets a story
    /// apart; the background alone serves for a few documents).
    pub fn new(idf: &'i Idf) -> Summarizer<'i> {
        Summarizer {
            analyzer: Analyzer::default(),
            profiler: Profiler::default(),
            idf,
        }
    }

    /// The summary of a story whose members have their roles (the provenance stage's).
    /// `text` gives a member's text; `profile` its profile when one was already made (else
    /// it is made here).
    pub fn summarize<'t>(
        &self,
        story: &Story,
        docs: &[Meta],
        text: &dyn Fn(DocIndex) -> &'t str,
        profile: &dyn Fn(DocIndex) -> Option<&'t Profile>,
    ) -> Summary {
        let title = |d: DocIndex| docs.get(d as usize).and_then(|m| m.title.as_deref());
        let Some(first) = story.members.first() else {
            return Summary::default();
        };
        if story.members.len() == 1 {
            return Summary {
                headline: title(first.doc).map(str::to_owned),
                lines: lines::lead(first.doc, text(first.doc), MIN_LINES),
                quotes: Vec::new(),
                entities: names::main_names(&[(first.doc, 0)], text, MAX_NAMES),
            };
        }
        let family = families(story);
        let own_words = |r: Role| matches!(r, Role::Original | Role::Report);
        // One text per family: its root, which tells it in its own words.
        let mut roots: Vec<DocIndex> = Vec::new();
        for m in &story.members {
            if own_words(m.role) {
                roots.push(m.doc);
            }
        }
        let vectors: Vec<Vector> = roots
            .iter()
            .map(|&d| match profile(d) {
                Some(p) => lines::vector(p, self.idf),
                None => lines::vector(&self.profiler.profile(text(d)), self.idf),
            })
            .collect();
        let centre = Centre::new(&vectors);
        let titles: Vec<(&str, bool)> = story
            .members
            .iter()
            .filter_map(|m| Some((title(m.doc)?, matches!(m.role, Role::Spin | Role::Rewrite))))
            .collect();
        let headline =
            lines::headline(&titles, &centre, &self.profiler, self.idf).map(str::to_owned);
        let count = family.len().clamp(MIN_LINES, MAX_LINES);
        let lines = lines::central(&roots, text, &centre, count, &self.profiler, self.idf);
        let members: Vec<(DocIndex, usize, bool)> = story
            .members
            .iter()
            .map(|m| (m.doc, family.of(m.doc), own_words(m.role)))
            .collect();
        let quotes =
            quotes::shared_quotes(&members, text, &self.analyzer, &self.profiler, MAX_QUOTES);
        let named: Vec<(DocIndex, usize)> = members.iter().map(|m| (m.0, m.1)).collect();
        Summary {
            headline,
            lines,
            quotes,
            entities: names::main_names(&named, text, MAX_NAMES),
        }
    }
}

/// Which family each member belongs to: members joined through their `related_to` when
/// they are copies, spins or rewrites.
struct Families {
    of: HashMap<DocIndex, usize>,
    count: usize,
}

impl Families {
    fn of(&self, doc: DocIndex) -> usize {
        self.of.get(&doc).copied().unwrap_or(usize::MAX)
    }

    fn len(&self) -> usize {
        self.count
    }
}

/// The families of a story's members.
fn families(story: &Story) -> Families {
    let derived: HashMap<DocIndex, DocIndex> = story
        .members
        .iter()
        .filter(|m| matches!(m.role, Role::Copy | Role::Spin | Role::Rewrite))
        .filter_map(|m| Some((m.doc, m.related_to?)))
        .collect();
    let root = |mut d: DocIndex| {
        // Provenance gives a forest; the bound guards against a malformed input.
        for _ in 0..story.members.len() {
            match derived.get(&d) {
                Some(&up) => d = up,
                None => break,
            }
        }
        d
    };
    let mut ids: HashMap<DocIndex, usize> = HashMap::new();
    let mut of = HashMap::new();
    for m in &story.members {
        let r = root(m.doc);
        let next = ids.len();
        let id = *ids.entry(r).or_insert(next);
        of.insert(m.doc, id);
    }
    Families {
        of,
        count: ids.len(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Member;

    #[test]
    fn copies_and_spins_join_their_source_s_family() {
        let story = Story {
            members: vec![
                Member::new(0, Role::Original),
                Member {
                    related_to: Some(0),
                    ..Member::new(1, Role::Spin)
                },
                Member {
                    related_to: Some(1),
                    ..Member::new(2, Role::Copy)
                },
                Member {
                    related_to: Some(0),
                    ..Member::new(3, Role::Report)
                },
            ],
            ..Story::default()
        };
        let f = families(&story);
        assert_eq!(f.len(), 2);
        assert_eq!(f.of(0), f.of(2));
        assert_ne!(f.of(0), f.of(3));
    }
}
