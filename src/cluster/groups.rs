//! Copy groups: connected components over copy links, guarded against boilerplate chains.
//!
//! `exact` and `near_copy` links are symmetric and always join. An `excerpt` link says the
//! smaller text sits inside the larger, and that is also what a shared passage looks like: a
//! newsletter blurb scraped as a page of its own sits inside every article that carries it. So
//! excerpt links are judged per contained group: they join only if all the containers of that
//! group are themselves linked to one another (one article and its copies); a passage inside
//! unrelated containers is shared content and joins none of them. Every decision reads the
//! state after the symmetric links and the full link set, so it does not depend on link order.

use std::collections::{BTreeMap, BTreeSet};

use foldhash::HashSet;

use super::unionfind::UnionFind;
use crate::model::{DocIndex, Link, Relation};

/// Which member of a copy group is kept when deduplicating.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Keep {
    /// The earliest dated member (undated members come last); ties go to the longest.
    #[default]
    Earliest,
    /// The member with the most words; ties go to the earliest in the input.
    Longest,
    /// The member that came first in the input.
    First,
}

/// Copy groups of two or more documents among `n`, each sorted, ordered by smallest member.
pub fn copy_groups(n: usize, links: &[Link]) -> Vec<Vec<DocIndex>> {
    let mut uf = UnionFind::new(n);
    for link in links {
        // Symmetric copies join; so do spins and rewrites, whose alignment covers both.
        if matches!(
            link.relation,
            Relation::Exact | Relation::NearCopy | Relation::Spin | Relation::Rewrite
        ) {
            uf.union(link.a, link.b);
        }
    }
    // Which groups are linked to which, by any copy link: containers must be among these.
    let mut linked: HashSet<(DocIndex, DocIndex)> = HashSet::default();
    // For each contained group, the groups that contain it.
    let mut containers: BTreeMap<DocIndex, BTreeSet<DocIndex>> = BTreeMap::new();
    for link in links.iter().filter(|l| l.relation.is_copy()) {
        let (ra, rb) = (uf.find(link.a), uf.find(link.b));
        linked.insert((ra.min(rb), ra.max(rb)));
        if link.relation == Relation::Excerpt {
            let larger = link.source.unwrap_or(link.b);
            let smaller = if larger == link.a { link.b } else { link.a };
            let (rs, rl) = (uf.find(smaller), uf.find(larger));
            if rs != rl {
                containers.entry(rs).or_default().insert(rl);
            }
        }
    }
    let mut joins = Vec::new();
    for (contained, homes) in &containers {
        let homes: Vec<DocIndex> = homes.iter().copied().collect();
        let one_home = homes.iter().enumerate().all(|(i, &x)| {
            homes[i + 1..]
                .iter()
                .all(|&y| linked.contains(&(x.min(y), x.max(y))))
        });
        if one_home {
            joins.extend(homes.iter().map(|&h| (*contained, h)));
        }
    }
    for (a, b) in joins {
        uf.union(a, b);
    }
    uf.sets()
}

/// A copy group of two or more documents.
#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    /// Its members, in input order.
    pub members: Vec<DocIndex>,
    /// The member kept.
    pub kept: DocIndex,
    /// For each member, its strongest copy link within the group (`None` for the kept one).
    pub relations: Vec<Option<Relation>>,
}

/// Which of `n` documents are kept: every document in no group, and each group's kept member.
pub fn kept(n: usize, groups: &[Group]) -> Vec<bool> {
    let mut keep = vec![true; n];
    for group in groups {
        for &d in &group.members {
            keep[d as usize] = d == group.kept;
        }
    }
    keep
}

/// Copy groups with their kept member and each member's strongest link inside the group;
/// `published` and `words` are per document.
pub fn groups(
    n: usize,
    links: &[Link],
    keep: Keep,
    published: &[Option<i64>],
    words: &[u32],
) -> Vec<Group> {
    let sets = copy_groups(n, links);
    let mut group_of: Vec<Option<usize>> = vec![None; n];
    for (g, set) in sets.iter().enumerate() {
        for &d in set {
            group_of[d as usize] = Some(g);
        }
    }
    // Relations rank by strength: Exact < NearCopy < Excerpt in the enum's order.
    let mut best: Vec<Option<Relation>> = vec![None; n];
    for link in links.iter().filter(|l| l.relation.is_copy()) {
        let (ga, gb) = (group_of[link.a as usize], group_of[link.b as usize]);
        if ga.is_some() && ga == gb {
            for d in [link.a, link.b] {
                let slot = &mut best[d as usize];
                *slot = Some(slot.map_or(link.relation, |r| r.min(link.relation)));
            }
        }
    }
    sets.into_iter()
        .map(|members| {
            let kept = choose_kept(&members, keep, published, words);
            let relations = members
                .iter()
                .map(|&d| if d == kept { None } else { best[d as usize] })
                .collect();
            Group {
                members,
                kept,
                relations,
            }
        })
        .collect()
}

/// The member to keep of a group, by the policy; `published` and `words` are per document.
pub fn choose_kept(
    members: &[DocIndex],
    keep: Keep,
    published: &[Option<i64>],
    words: &[u32],
) -> DocIndex {
    let at = |d: DocIndex| d as usize;
    let best = match keep {
        Keep::First => members.iter().min(),
        Keep::Longest => members
            .iter()
            .min_by_key(|&&d| (std::cmp::Reverse(words[at(d)]), d)),
        Keep::Earliest => members.iter().min_by_key(|&&d| {
            (
                published[at(d)].unwrap_or(i64::MAX),
                std::cmp::Reverse(words[at(d)]),
                d,
            )
        }),
    };
    // `members` of a group is never empty; fall back to 0 rather than panic if misused.
    best.copied().unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Evidence;

    fn link(a: DocIndex, b: DocIndex, relation: Relation, source: Option<DocIndex>) -> Link {
        Link {
            a,
            b,
            relation,
            score: 0.9,
            source,
            basis: None,
            evidence: Evidence::default(),
        }
    }

    #[test]
    fn near_copies_and_their_excerpt_form_one_group() {
        // 0 and 1 are near copies; 2 is an excerpt of both.
        let links = [
            link(0, 1, Relation::NearCopy, None),
            link(0, 2, Relation::Excerpt, Some(0)),
            link(1, 2, Relation::Excerpt, Some(1)),
        ];
        assert_eq!(copy_groups(4, &links), vec![vec![0, 1, 2]]);
    }

    #[test]
    fn a_blurb_inside_unrelated_articles_joins_none() {
        // 0 is a blurb found inside articles 1, 2 and 3, which are not linked to each other.
        let links = [
            link(0, 1, Relation::Excerpt, Some(1)),
            link(0, 2, Relation::Excerpt, Some(2)),
            link(0, 3, Relation::Excerpt, Some(3)),
        ];
        assert!(copy_groups(4, &links).is_empty());
    }

    #[test]
    fn an_excerpt_of_an_excerpt_still_joins() {
        // 2 is cut from 1, which is cut from 0; 2 is also inside 0.
        let links = [
            link(0, 1, Relation::Excerpt, Some(0)),
            link(1, 2, Relation::Excerpt, Some(1)),
            link(0, 2, Relation::Excerpt, Some(0)),
        ];
        assert_eq!(copy_groups(3, &links), vec![vec![0, 1, 2]]);
    }

    #[test]
    fn link_order_does_not_change_groups() {
        let mut links = vec![
            link(0, 1, Relation::NearCopy, None),
            link(2, 3, Relation::Exact, None),
            link(1, 4, Relation::Excerpt, Some(1)),
            link(4, 5, Relation::Excerpt, Some(5)),
            link(6, 4, Relation::Excerpt, Some(6)),
        ];
        let first = copy_groups(7, &links);
        links.reverse();
        assert_eq!(copy_groups(7, &links), first);
    }

    #[test]
    fn kept_member_by_policy() {
        let published = [Some(300), None, Some(100), Some(100)];
        let words = [500, 900, 200, 400];
        let members = [0, 1, 2, 3];
        assert_eq!(choose_kept(&members, Keep::Earliest, &published, &words), 3);
        assert_eq!(choose_kept(&members, Keep::Longest, &published, &words), 1);
        assert_eq!(choose_kept(&members, Keep::First, &published, &words), 0);
    }

    proptest::proptest! {
        #[test]
        fn groups_do_not_depend_on_link_order(
            raw in proptest::collection::vec((0u32..30, 0u32..30, 0u8..3, proptest::bool::ANY), 0..60),
            seed in proptest::prelude::any::<u64>(),
        ) {
            // Random copy links among 30 documents; an excerpt's source is one of its ends.
            let links: Vec<Link> = raw
                .iter()
                .filter(|(a, b, _, _)| a != b)
                .map(|&(a, b, kind, first)| {
                    let (a, b) = (a.min(b), a.max(b));
                    match kind {
                        0 => link(a, b, Relation::Exact, None),
                        1 => link(a, b, Relation::NearCopy, None),
                        _ => link(a, b, Relation::Excerpt, Some(if first { a } else { b })),
                    }
                })
                .collect();
            let mut shuffled = links.clone();
            crate::cluster::shuffle(&mut shuffled, seed);
            proptest::prop_assert_eq!(copy_groups(30, &links), copy_groups(30, &shuffled));
        }
    }
}
