//! Owns story placement in the index: the stories around new documents clustered again with
//! the batch rule, a link-graph component at a time.
//!
//! Story clustering joins documents only through links, so a component of the link graph is
//! clustered alone exactly as within the whole corpus, given the corpus's newest date. A
//! component past [`MAX_RECLUSTER`] documents is not walked whole: the newcomer, its linked
//! documents and their stories are clustered again, and there a batch and an incremental run
//! may differ (until the next settle clusters everything).

use foldhash::{HashMap, HashSet};

use super::stories::{stories, StoryDoc, StoryOptions};
use crate::analyze::weights::Weighted;
use crate::error::Result;
use crate::index::store::{Lookup, Writer};
use crate::model::{DocIndex, Evidence, Link};

/// The most documents of the link graph clustered again around a newcomer.
pub const MAX_RECLUSTER: usize = 1_000;

/// Clusters again the stories around the `touched` documents: each one's component of the
/// link graph (up to [`MAX_RECLUSTER`] documents), with the batch rule.
pub fn recluster(w: &mut Writer<'_>, touched: &[DocIndex], options: &StoryOptions) -> Result<()> {
    let newest = w.newest()?;
    let mut done: HashSet<DocIndex> = HashSet::default();
    // Documents seen in a component past the bound: their neighbours are clustered locally
    // without walking the component again.
    let mut large: HashSet<DocIndex> = HashSet::default();
    for &start in touched {
        if done.contains(&start) {
            continue;
        }
        let members = around(w, start, &mut large)?;
        done.extend(members.iter().copied());
        if members.len() < 2 {
            continue;
        }
        let new = cluster(w, &members, newest, options)?;
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

/// The documents clustered again around `start`, sorted: its component, breadth first over
/// links in index order; past the bound, `start`, its linked documents and every member of
/// their stories (so that no story is cut in two).
fn around(w: &Writer<'_>, start: DocIndex, large: &mut HashSet<DocIndex>) -> Result<Vec<DocIndex>> {
    let mut members: Vec<DocIndex> = vec![start];
    let mut seen: HashSet<DocIndex> = HashSet::default();
    seen.insert(start);
    let mut at = 0;
    let mut too_large = large.contains(&start);
    while !too_large && at < members.len() {
        let mut next = w.linked(members[at])?;
        next.sort_unstable();
        for d in next {
            if seen.insert(d) {
                members.push(d);
            }
            if members.len() >= MAX_RECLUSTER {
                too_large = true;
                break;
            }
        }
        at += 1;
    }
    if too_large {
        large.extend(members.iter().copied());
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
    Ok(members)
}

/// The stories of some stored documents (sorted), clustered from their stored links, weights
/// and facts.
fn cluster(
    w: &Writer<'_>,
    members: &[DocIndex],
    newest: Option<i64>,
    options: &StoryOptions,
) -> Result<Vec<Vec<DocIndex>>> {
    let local: HashMap<DocIndex, DocIndex> = members
        .iter()
        .enumerate()
        .map(|(i, &d)| (d, i as DocIndex))
        .collect();
    let mut links = Vec::new();
    for &d in members {
        for o in w.linked(d)? {
            let Some(&lo) = local.get(&o).filter(|_| o > d) else {
                continue;
            };
            if let Some((relation, similarity)) = w.edge(d, o)? {
                links.push(Link {
                    a: local[&d],
                    b: lo,
                    relation,
                    score: f64::from(similarity),
                    source: None,
                    basis: None,
                    evidence: Evidence {
                        story_similarity: Some(f64::from(similarity)),
                        ..Evidence::default()
                    },
                });
            }
        }
    }
    links.sort_by_key(|l| (l.a, l.b));
    let mut weights: Vec<Weighted> = Vec::with_capacity(members.len());
    let mut facts = Vec::with_capacity(members.len());
    for &d in members {
        weights.push(w.weights(d)?);
        facts.push(w.facts(d)?);
    }
    let docs: Vec<StoryDoc<'_>> = weights
        .iter()
        .zip(&facts)
        .map(|(wt, f)| StoryDoc {
            weighted: wt,
            published: f.published,
            tie: f.tie,
            latest_year: f.latest_year,
        })
        .collect();
    let sets = stories(&docs, &links, newest, options);
    Ok(sets
        .into_iter()
        .map(|s| s.into_iter().map(|i| members[i as usize]).collect())
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyze::profile::Profiler;
    use crate::analyze::weights::Idf;
    use crate::index::codec::Facts;
    use crate::index::store::{NewDoc, Store};
    use crate::model::{Meta, Relation};

    #[test]
    fn a_linked_component_becomes_one_story_and_a_loner_stays_alone() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("t.db")).unwrap();
        let texts = [
            "Kim Jong Un met Moon Jae-in at the border village of Panmunjom.",
            "Kim Jong Un and Moon Jae-in met at Panmunjom on the border.",
            "Heavy rain flooded villages in the north overnight.",
        ];
        let mut w = store.write().unwrap();
        for (d, text) in texts.iter().enumerate() {
            let weights = Weighted::new(&Profiler::default().profile(text), &Idf::background());
            let meta = Meta {
                id: format!("d{d}"),
                ..Meta::default()
            };
            let doc = NewDoc {
                meta: &meta,
                text,
                facts: Facts {
                    tie: d as u64,
                    ..Facts::default()
                },
                shingles: &[],
                bands: &[],
                terms: &[],
                weights: &weights,
            };
            w.add_doc(&doc).unwrap();
        }
        let link = Link {
            a: 0,
            b: 1,
            relation: Relation::SameStory,
            score: 0.6,
            source: None,
            basis: None,
            evidence: Evidence {
                story_similarity: Some(0.6),
                ..Evidence::default()
            },
        };
        w.add_link(&link, None).unwrap();
        recluster(&mut w, &[1, 2], &StoryOptions::default()).unwrap();
        assert_eq!(w.story_of(0).unwrap(), Some(0));
        assert_eq!(w.story(0).unwrap(), [0, 1]);
        assert_eq!(w.story_of(2).unwrap(), None, "a story of one is not stored");
    }
}
