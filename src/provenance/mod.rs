//! Owns provenance: in each story, who derives from whom, by what evidence, and what changed.
//!
//! A story's derivation links (exact, near copy, excerpt, spin, rewrite) are taken strongest
//! first, each with the direction the engine gave it (`relate::direction::source_of`: dates,
//! else credit lines, completeness, or wording). They make a forest: a member takes the first
//! source offered, unless that would close a loop. A link no evidence orients still joins its
//! two members, the shorter text hanging from the longer, but names no source (`derived_from`
//! stays empty and the basis says `undetermined`). The story's original is the root above its
//! earliest dated member, else the root with the most derived members (then the longest).
//! Every other root is an independent report. Each derived member's sentences, as the
//! alignment its link rests on pairs them, are cut into kept and changed words for the reader;
//! a copy the copy rules found (no alignment of its own) is aligned for the reader by the same
//! engine and weights.

pub mod shown;

use foldhash::{HashMap, HashMapExt};

use crate::analyze::profile::Profiler;
use crate::analyze::weights::Idf;
use crate::analyze::Analyzer;
use crate::model::{
    Alignment, Basis, Byline, Derivation, DocIndex, Link, Member, Meta, Relation, Role, Story,
};
use crate::relate::direction::source_of;
use crate::relate::{round4, Engine, Related};

/// Most aligned sentence pairs kept per derivation for the reader.
pub const MAX_SHOWN_PAIRS: usize = 80;

/// Decides derivations within stories. Borrows the engine and the weights of the run; share
/// one across threads.
pub struct Provenance<'e> {
    analyzer: Analyzer,
    profiler: Profiler,
    engine: &'e Engine,
    idf: &'e Idf,
}

/// A member's chosen source: who, through which link, how decided, and the pair's alignment
/// (with `a` the link's `a`).
struct Parent<'l> {
    source: DocIndex,
    link: &'l Link,
    basis: Basis,
    alignment: Option<Alignment>,
}

impl<'e> Provenance<'e> {
    /// Provenance with the engine and weights that made the links.
    pub fn new(engine: &'e Engine, idf: &'e Idf) -> Provenance<'e> {
        Provenance {
            analyzer: Analyzer::default(),
            profiler: Profiler::default(),
            engine,
            idf,
        }
    }

    /// The members of one story with their roles, and what each derived member changed.
    /// `set` lists the story's documents (input order); `links` are the links between them;
    /// `text` gives a document's text.
    pub fn story<'t>(
        &self,
        set: &[DocIndex],
        links: &[&Related],
        docs: &[Meta],
        text: &dyn Fn(DocIndex) -> &'t str,
    ) -> Story {
        let mut derivations: Vec<&Related> = links
            .iter()
            .copied()
            .filter(|r| r.link.relation.is_copy())
            .collect();
        // Strongest first: copies before spins before rewrites, then by score.
        derivations.sort_by(|x, y| {
            let (x, y) = (&x.link, &y.link);
            x.relation
                .cmp(&y.relation)
                .then(y.score.total_cmp(&x.score))
                .then((x.a, x.b).cmp(&(y.a, y.b)))
        });
        let mut parents: HashMap<DocIndex, Parent<'_>> = HashMap::new();
        let chars = |d: DocIndex| docs.get(d as usize).map_or(0, |m| m.chars);
        for related in derivations {
            let link = &related.link;
            let alignment = self.alignment(related, text);
            let (source, basis) = self
                .direction(link, docs, alignment.as_ref())
                .unwrap_or_else(|| {
                    // Undetermined: the shorter hangs from the longer, naming no source.
                    let longer = if (chars(link.a), link.b) >= (chars(link.b), link.a) {
                        link.a
                    } else {
                        link.b
                    };
                    (longer, Basis::Undetermined)
                });
            let derived = if source == link.a { link.b } else { link.a };
            let free = |d: DocIndex, s: DocIndex, parents: &HashMap<DocIndex, Parent<'_>>| {
                !parents.contains_key(&d) && !reaches(parents, s, d)
            };
            let (derived, source) = if free(derived, source, &parents) {
                (derived, source)
            } else if basis == Basis::Undetermined && free(source, derived, &parents) {
                (source, derived)
            } else {
                continue;
            };
            parents.insert(
                derived,
                Parent {
                    source,
                    link,
                    basis,
                    alignment,
                },
            );
        }
        let original = self.original(set, &parents, docs, chars);
        self.members(set, original, links, &parents, text)
    }

    /// The alignment a derivation is shown with: its own, else (a copy the copy rules found)
    /// one made for the reader; none for an exact copy.
    fn alignment<'t>(
        &self,
        related: &Related,
        text: &dyn Fn(DocIndex) -> &'t str,
    ) -> Option<Alignment> {
        let link = &related.link;
        if link.relation == Relation::Exact {
            return None;
        }
        related.alignment.clone().or_else(|| {
            Some(
                self.engine
                    .display_alignment(text(link.a), text(link.b), self.idf),
            )
        })
    }

    /// A link's source and basis: as the engine gave them, or (a link stored by an index of
    /// format 1, which kept no basis) decided again by the same rule.
    fn direction(
        &self,
        link: &Link,
        docs: &[Meta],
        alignment: Option<&Alignment>,
    ) -> Option<(DocIndex, Basis)> {
        match link.basis {
            Some(Basis::Undetermined) => None,
            Some(basis) => link.source.map(|s| (s, basis)),
            None => {
                let byline = |d: DocIndex| {
                    let m = docs.get(d as usize).cloned().unwrap_or_default();
                    Byline {
                        published: m.published.map(|p| p.0),
                        site: m.site,
                        credits: m.credits,
                        words: 0,
                        title: m.title,
                        lang: m.lang,
                    }
                };
                let background = Idf::background();
                let (a, b) = (byline(link.a), byline(link.b));
                source_of(link, &a, &b, alignment, &background, &self.profiler)
            }
        }
    }

    /// Every member with its role, the original first, and the derivations shown.
    fn members<'t>(
        &self,
        set: &[DocIndex],
        original: DocIndex,
        links: &[&Related],
        parents: &HashMap<DocIndex, Parent<'_>>,
        text: &dyn Fn(DocIndex) -> &'t str,
    ) -> Story {
        let mut members = vec![Member::new(original, Role::Original)];
        let mut shown = Vec::new();
        for &d in set.iter().filter(|&&d| d != original) {
            let member = match parents.get(&d) {
                Some(p) => {
                    let role = match p.link.relation {
                        Relation::Spin => Role::Spin,
                        Relation::Rewrite => Role::Rewrite,
                        _ => Role::Copy,
                    };
                    shown.push(self.derivation(d, p, text));
                    Member {
                        derived_from: (p.basis != Basis::Undetermined).then_some(p.source),
                        relation: Some(p.link.relation),
                        related_to: Some(p.source),
                        basis: Some(p.basis),
                        ..Member::new(d, role)
                    }
                }
                None => {
                    // An independent report: its strongest report link within the story.
                    let best = links
                        .iter()
                        .map(|r| &r.link)
                        .filter(|l| l.a == d || l.b == d)
                        .max_by(|x, y| {
                            x.score
                                .total_cmp(&y.score)
                                .then((y.a, y.b).cmp(&(x.a, x.b)))
                        });
                    Member {
                        relation: best.map(|l| l.relation),
                        related_to: best.map(|l| if l.a == d { l.b } else { l.a }),
                        ..Member::new(d, Role::Report)
                    }
                }
            };
            members.push(member);
        }
        Story {
            members,
            derivations: shown,
            ..Story::default()
        }
    }

    /// The story's original: the root above the earliest dated member, else the root with
    /// the most members below it, then the longest, then the first read.
    fn original(
        &self,
        set: &[DocIndex],
        parents: &HashMap<DocIndex, Parent<'_>>,
        docs: &[Meta],
        chars: impl Fn(DocIndex) -> usize,
    ) -> DocIndex {
        let root = |mut d: DocIndex| {
            while let Some(p) = parents.get(&d) {
                d = p.source;
            }
            d
        };
        let earliest = set
            .iter()
            .filter_map(|&d| Some((docs.get(d as usize)?.published.as_ref()?.0, d)))
            .min();
        if let Some((_, d)) = earliest {
            return root(d);
        }
        let mut below: HashMap<DocIndex, usize> = HashMap::new();
        for &d in set {
            *below.entry(root(d)).or_default() += 1;
        }
        set.iter()
            .copied()
            .filter(|d| !parents.contains_key(d))
            .max_by_key(|&d| {
                (
                    below.get(&d).copied().unwrap_or(0),
                    chars(d),
                    std::cmp::Reverse(d),
                )
            })
            .unwrap_or(set[0])
    }

    /// What derived member `d` changed from its source, sentence by sentence.
    fn derivation<'t>(
        &self,
        d: DocIndex,
        parent: &Parent<'_>,
        text: &dyn Fn(DocIndex) -> &'t str,
    ) -> Derivation {
        let Some(alignment) = parent.alignment.as_ref() else {
            // An exact copy: nothing changed, nothing to show side by side.
            return Derivation {
                doc: d,
                source: parent.source,
                pairs: Vec::new(),
                coverage: 1.0,
            };
        };
        let alignment = if parent.source == parent.link.a {
            alignment.clone()
        } else {
            alignment.clone().swapped()
        };
        let (st, dt) = (text(parent.source), text(d));
        let sentence =
            |t: &'t str, span: &std::ops::Range<usize>| t.get(span.clone()).unwrap_or("").trim();
        let pairs = alignment
            .pairs
            .iter()
            .take(MAX_SHOWN_PAIRS)
            .map(|p| {
                shown::shown(
                    sentence(st, &p.spans[0]),
                    sentence(dt, &p.spans[1]),
                    p.similarity,
                    &self.analyzer,
                    &self.profiler,
                )
            })
            .collect();
        Derivation {
            doc: d,
            source: parent.source,
            pairs,
            coverage: round4(f64::from(alignment.coverage_b.chars)),
        }
    }
}

/// True when following sources up from `from` reaches `to`.
fn reaches(parents: &HashMap<DocIndex, Parent<'_>>, mut from: DocIndex, to: DocIndex) -> bool {
    loop {
        if from == to {
            return true;
        }
        match parents.get(&from) {
            Some(p) => from = p.source,
            None => return false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Evidence;

    const SEED_000: &str = include_str!("../../examples/seeds/000_f99236a16d69789a.txt");
    const SEED_001: &str = include_str!("../../examples/seeds/001_893361a9b7fe18e1.txt");

    fn meta(id: &str, published: Option<i64>, chars: usize) -> Meta {
        Meta {
            id: id.into(),
            published: published.map(|p| (p, p.to_string())),
            chars,
            ..Meta::default()
        }
    }

    fn link(a: DocIndex, b: DocIndex, relation: Relation, score: f64) -> Link {
        Link {
            a,
            b,
            relation,
            score,
            source: None,
            basis: None,
            evidence: Evidence::default(),
        }
    }

    fn related(links: &[Link]) -> Vec<Related> {
        let alignment = None;
        links
            .iter()
            .map(|l| Related {
                link: l.clone(),
                alignment: alignment.clone(),
            })
            .collect()
    }

    fn provenance() -> Provenance<'static> {
        static ENGINE: std::sync::OnceLock<(Engine, Idf)> = std::sync::OnceLock::new();
        let (engine, idf) = ENGINE.get_or_init(|| (Engine::default(), Idf::background()));
        Provenance::new(engine, idf)
    }

    fn roles(story: &Story) -> Vec<(DocIndex, Role, Option<DocIndex>)> {
        story
            .members
            .iter()
            .map(|m| (m.doc, m.role, m.derived_from))
            .collect()
    }

    const WIRE: &str = "The city council approved the new budget on Tuesday after a long debate. \
        Mayor Lena Park said the plan would cut spending by 12 percent.";

    #[test]
    fn the_earliest_dated_member_is_the_original() {
        let docs = [
            meta("late", Some(300), 10),
            meta("early", Some(100), 10),
            meta("mid", Some(200), 10),
        ];
        let links = [
            link(0, 1, Relation::Exact, 1.0),
            link(1, 2, Relation::SameStory, 0.4),
        ];
        let refs = related(&links);
        let refs: Vec<&Related> = refs.iter().collect();
        let story = provenance().story(&[0, 1, 2], &refs, &docs, &|_| WIRE);
        assert_eq!(
            roles(&story),
            [
                (1, Role::Original, None),
                (0, Role::Copy, Some(1)),
                (2, Role::Report, None)
            ]
        );
        assert_eq!(story.members[1].basis, Some(Basis::Date));
        assert_eq!(story.members[2].related_to, Some(1));
        // An exact copy shows no sentence pairs: nothing changed.
        assert_eq!(story.derivations.len(), 1);
        assert!(story.derivations[0].pairs.is_empty());
    }

    #[test]
    fn undated_exact_copies_name_no_source() {
        let docs = [meta("a", None, 10), meta("b", None, 10)];
        let links = [link(0, 1, Relation::Exact, 1.0)];
        let refs = related(&links);
        let refs: Vec<&Related> = refs.iter().collect();
        let story = provenance().story(&[0, 1], &refs, &docs, &|_| WIRE);
        assert_eq!(
            roles(&story),
            [(0, Role::Original, None), (1, Role::Copy, None)]
        );
        assert_eq!(story.members[1].related_to, Some(0));
        assert_eq!(story.members[1].basis, Some(Basis::Undetermined));
    }

    #[test]
    fn the_seeds_spin_derives_from_the_wire_by_its_wording() {
        let docs = [
            meta("000", None, SEED_000.len()),
            meta("001", None, SEED_001.len()),
        ];
        let links = [link(0, 1, Relation::Spin, 0.85)];
        let refs = related(&links);
        let refs: Vec<&Related> = refs.iter().collect();
        let text = |d: DocIndex| if d == 0 { SEED_000 } else { SEED_001 };
        let story = provenance().story(&[0, 1], &refs, &docs, &text);
        assert_eq!(
            roles(&story),
            [(1, Role::Original, None), (0, Role::Spin, Some(1))]
        );
        assert_eq!(story.members[1].basis, Some(Basis::Wording));
        let shown = &story.derivations[0];
        assert_eq!((shown.doc, shown.source), (0, 1));
        assert!(shown.pairs.len() >= 10, "{}", shown.pairs.len());
        // "Kim issued the order" became "Kim issued the purchase".
        let changed: Vec<&str> = shown
            .pairs
            .iter()
            .flat_map(|p| &p.derived)
            .filter(|p| p.changed)
            .map(|p| p.text.as_str())
            .collect();
        assert!(changed.contains(&"purchase"), "{changed:?}");
    }

    #[test]
    fn a_loop_of_undated_links_stays_a_tree() {
        let docs = [
            meta("a", None, 30),
            meta("b", None, 20),
            meta("c", None, 10),
        ];
        let links = [
            link(0, 1, Relation::NearCopy, 0.9),
            link(1, 2, Relation::NearCopy, 0.9),
            link(0, 2, Relation::NearCopy, 0.9),
        ];
        let refs = related(&links);
        let refs: Vec<&Related> = refs.iter().collect();
        let story = provenance().story(&[0, 1, 2], &refs, &docs, &|_| WIRE);
        let r = roles(&story);
        assert_eq!(r[0], (0, Role::Original, None));
        assert!(story.members[1..].iter().all(|m| m.role == Role::Copy));
        assert!(story.members.iter().all(|m| m.related_to != Some(m.doc)));
    }

    #[test]
    fn without_dates_the_root_with_most_copies_is_the_original() {
        // 2 is copied by 0 and 1 (exact, undetermined: hung from the longer, 2); 3 is a
        // longer independent report.
        let docs = [
            meta("a", None, 10),
            meta("b", None, 10),
            meta("c", None, 12),
            meta("d", None, 90),
        ];
        let links = [
            link(0, 2, Relation::NearCopy, 0.9),
            link(1, 2, Relation::NearCopy, 0.9),
            link(2, 3, Relation::SameStory, 0.3),
        ];
        let refs = related(&links);
        let refs: Vec<&Related> = refs.iter().collect();
        let story = provenance().story(&[0, 1, 2, 3], &refs, &docs, &|_| WIRE);
        assert_eq!(story.members[0].doc, 2);
        assert_eq!(story.members[3].role, Role::Report);
    }
}
