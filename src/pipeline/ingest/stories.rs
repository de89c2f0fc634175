//! Story placement in the index: the stories around new documents clustered again with the
//! batch path's rule, a link-graph component at a time.

use foldhash::{HashMap, HashSet};

use super::weights::decode_weighted;
use super::MAX_RECLUSTER;
use crate::cluster::StoryOptions;
use crate::error::Result;
use crate::index::store::{Lookup, Writer};
use crate::model::{DocIndex, Evidence, Link};
use crate::pipeline::retell::{cluster_parts, StoryPart};

/// Clusters again the stories around the `touched` documents: each one's component of the
/// link graph (up to [`MAX_RECLUSTER`] documents), with the batch path's rule.
pub(super) fn recluster(
    w: &mut Writer<'_>,
    touched: &[DocIndex],
    options: &StoryOptions,
) -> Result<()> {
    let mut done: HashSet<DocIndex> = HashSet::default();
    // Documents seen in a component past the bound: their neighbours are clustered locally
    // without walking the component again.
    let mut large: HashSet<DocIndex> = HashSet::default();
    for &start in touched {
        if done.contains(&start) {
            continue;
        }
        // The component: breadth first over links, in index order for determinism.
        let mut members: Vec<DocIndex> = vec![start];
        let mut seen: HashSet<DocIndex> = HashSet::default();
        seen.insert(start);
        let mut at = 0;
        while !large.contains(&start) && at < members.len() && members.len() < MAX_RECLUSTER {
            let mut next = w.linked(members[at])?;
            next.sort_unstable();
            for d in next {
                if members.len() >= MAX_RECLUSTER || large.contains(&start) {
                    large.extend(members.iter().copied());
                    break;
                }
                if seen.insert(d) {
                    members.push(d);
                }
            }
            at += 1;
        }
        if members.len() >= MAX_RECLUSTER || large.contains(&start) {
            large.extend(members.iter().copied());
            // Too large to cluster whole: the newcomer, its linked documents, and every
            // member of their stories (so that no story is cut in two).
            let mut near = w.linked(start)?;
            near.push(start);
            let mut whole: HashSet<DocIndex> = HashSet::default();
            for d in near {
                whole.insert(d);
                if let Some(id) = w.story_of(d)? {
                    whole.extend(w.story(id)?);
                }
            }
            members = whole.into_iter().collect();
        }
        members.sort_unstable();
        done.extend(members.iter().copied());
        if members.len() < 2 {
            continue;
        }
        let local: HashMap<DocIndex, DocIndex> = members
            .iter()
            .enumerate()
            .map(|(i, &d)| (d, i as DocIndex))
            .collect();
        let mut links = Vec::new();
        for &d in &members {
            for o in w.linked(d)? {
                if o > d && local.contains_key(&o) {
                    if let Some((relation, similarity)) = w.edge(d, o)? {
                        links.push(Link {
                            a: local[&d],
                            b: local[&o],
                            relation,
                            score: f64::from(similarity),
                            source: None,
                            evidence: Evidence {
                                story_similarity: Some(f64::from(similarity)),
                                ..Evidence::default()
                            },
                        });
                    }
                }
            }
        }
        links.sort_by_key(|l| (l.a.min(l.b), l.a.max(l.b)));
        let mut weights = Vec::with_capacity(members.len());
        let mut facts = Vec::with_capacity(members.len());
        for &d in &members {
            weights.push(decode_weighted(&w.weights(d)?));
            let f = w.facts(d)?;
            facts.push((f.published, f.tie, f.latest_year));
        }
        let parts: Vec<StoryPart<'_>> = weights
            .iter()
            .zip(&facts)
            .map(|(wt, &(published, tie, latest_year))| StoryPart {
                words: &wt.words,
                published,
                tie,
                latest_year,
            })
            .collect();
        let sets = cluster_parts(&parts, &links, options);
        let new: Vec<Vec<DocIndex>> = sets
            .into_iter()
            .map(|s| {
                let mut g: Vec<DocIndex> = s.into_iter().map(|i| members[i as usize]).collect();
                g.sort_unstable();
                g
            })
            .collect();
        let mut old: Vec<u32> = Vec::new();
        for &d in &members {
            old.extend(w.story_of(d)?);
        }
        old.sort_unstable();
        old.dedup();
        w.replace_stories(&old, &new)?;
    }
    Ok(())
}
