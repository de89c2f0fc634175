//! Owns the cores of stories under construction: the same-story probability and conflict of
//! member pairs, measured once each, a story's most central members, and whether two cores
//! agree enough for their stories to merge.

use std::cell::RefCell;

use foldhash::HashMap;

use super::stories::StoryDoc;
use crate::model::DocIndex;
use crate::relate::story::{story_evidence, story_similarity};

/// Members of a story's core: a merge compares at most `CORE * CORE` pairs, whatever the
/// stories' sizes, so the work of a merge is bounded and a large story does not become a
/// centroid close to everything on its topic.
pub const CORE: usize = 6;

/// The share of core pairs in conflict past which two stories are kept apart: one pair in
/// conflict is two reports that lead with different facts, a third of them two events.
/// Chosen with [`StoryOptions::veto`] and [`StoryOptions::average`] on ecbplus_dev and the uci
/// headlines together (a quarter split one event's reports on ecbplus_dev, a half let 8 of
/// 21 topics merge).
const VETO_SHARE: f32 = 1.0 / 3.0;

/// Same-story probabilities of document pairs, measured once each.
pub(super) struct Pairs<'d, 'a> {
    pub(super) docs: &'d [StoryDoc<'a>],
    /// Links' story similarity (alignment coverage included), by pair.
    pub(super) linked: HashMap<(DocIndex, DocIndex), f32>,
    /// (probability, conflict) of pairs measured so far.
    pub(super) seen: RefCell<HashMap<(DocIndex, DocIndex), (f32, f32)>>,
}

impl Pairs<'_, '_> {
    /// The same-story probability and conflict of two documents.
    pub(super) fn get(&self, a: DocIndex, b: DocIndex) -> (f32, f32) {
        let key = (a.min(b), a.max(b));
        if let Some(&v) = self.seen.borrow().get(&key) {
            return v;
        }
        let e = story_evidence(
            self.docs[a as usize].weighted,
            self.docs[b as usize].weighted,
        );
        let p = story_similarity(&e, None);
        let p = self.linked.get(&key).map_or(p, |&l| l.max(p));
        // Leads of a headline's one or two anchors differ by chance; a conflict counts from
        // VETO_ANCHORS names and numbers on each side.
        let conflict = if e.conflicting(0.0) { e.conflict } else { 0.0 };
        self.seen.borrow_mut().insert(key, (p, conflict));
        (p, conflict)
    }

    /// The mean probability between two cores, or `None` when a pair vetoes the merge.
    pub(super) fn agreement(&self, a: &[DocIndex], b: &[DocIndex], veto: f32) -> Option<f32> {
        let (mut sum, mut conflicts) = (0.0, 0);
        for &x in a {
            for &y in b {
                let (p, conflict) = self.get(x, y);
                conflicts += usize::from(conflict >= veto);
                sum += p;
            }
        }
        let pairs = (a.len() * b.len()).max(1);
        if conflicts as f32 > VETO_SHARE * pairs as f32 {
            return None;
        }
        Some(sum / pairs as f32)
    }

    /// The core of a merged story: the members of both cores most alike to the others (by
    /// mean probability), at most [`CORE`], ties to the lower index.
    pub(super) fn core(&self, mut members: Vec<DocIndex>) -> Vec<DocIndex> {
        if members.len() <= CORE {
            return members;
        }
        let centrality: Vec<f32> = members
            .iter()
            .map(|&x| {
                members
                    .iter()
                    .filter(|&&y| y != x)
                    .map(|&y| self.get(x, y).0)
                    .sum()
            })
            .collect();
        let mut order: Vec<usize> = (0..members.len()).collect();
        order.sort_by(|&i, &j| {
            centrality[j]
                .total_cmp(&centrality[i])
                .then(members[i].cmp(&members[j]))
        });
        order.truncate(CORE);
        order.sort_unstable();
        members = order.into_iter().map(|i| members[i]).collect();
        members
    }
}

#[cfg(test)]
mod tests {
    use crate::analyze::weights::Weighted;
    use crate::cluster::stories::{stories, StoryDoc, StoryOptions};
    use crate::model::{DocIndex, Link, Relation};
    use crate::relate::retell::DEFAULT_SAME_STORY;
    use crate::relate::story::{story_evidence, story_similarity};

    fn doc(weighted: &Weighted, tie: u64) -> StoryDoc<'_> {
        StoryDoc {
            weighted,
            published: None,
            tie,
            latest_year: None,
        }
    }

    fn link(a: DocIndex, b: DocIndex, score: f32) -> Link {
        Link {
            a,
            b,
            relation: Relation::SameStory,
            score: f64::from(score),
            source: None,
            basis: None,
            evidence: Default::default(),
        }
    }

    fn weigh(text: &str) -> Weighted {
        use crate::analyze::profile::Profiler;
        use crate::analyze::weights::Idf;
        Weighted::new(&Profiler::default().profile(text), &Idf::background())
    }

    /// Reports of two fights of one champion, told by several newsrooms.
    const FIGHTS: [&str; 5] = [
        "Wladimir Klitschko stopped Hasim Rahman in the seventh round in Mannheim on Saturday. \
         Rahman, a former champion, barely threw a punch. Klitschko keeps his heavyweight \
         belts and wants a unification fight.",
        "Hasim Rahman lost to Wladimir Klitschko in Mannheim when the referee ended the bout in \
         the seventh round on Saturday. Klitschko keeps his heavyweight belts.",
        "In Mannheim on Saturday, Wladimir Klitschko beat Hasim Rahman, the referee stepping in \
         during the seventh round. The champion wants a unification fight next.",
        "Wladimir Klitschko knocked out Tony Thompson in the sixth round in Bern on Saturday. \
         Thompson, a 40-year-old from Washington, went down twice. Klitschko keeps his \
         heavyweight belts and wants a unification fight.",
        "Tony Thompson was knocked out by Wladimir Klitschko in Bern in the sixth round on \
         Saturday. Klitschko keeps his heavyweight belts.",
    ];

    #[test]
    fn two_events_of_the_same_people_stay_apart_and_one_event_joins() {
        let weights: Vec<Weighted> = FIGHTS.iter().map(|t| weigh(t)).collect();
        let docs: Vec<StoryDoc<'_>> = weights
            .iter()
            .enumerate()
            .map(|(i, x)| doc(x, i as u64))
            .collect();
        // Every pair is a same-story link by its own score (0.55 to 0.95): the topic is one.
        let mut links = Vec::new();
        for a in 0..5u32 {
            for b in a + 1..5 {
                let e = story_evidence(&weights[a as usize], &weights[b as usize]);
                let score = story_similarity(&e, None);
                assert!(score > DEFAULT_SAME_STORY, "{a} {b} {score}");
                links.push(link(a, b, score));
            }
        }
        let got = stories(&docs, &links, None, &StoryOptions::default());
        assert_eq!(got, vec![vec![0, 1, 2], vec![3, 4]]);
        // Without the veto, the topic is one story.
        let no_veto = StoryOptions {
            veto: 2.0,
            ..StoryOptions::default()
        };
        assert_eq!(
            stories(&docs, &links, None, &no_veto),
            vec![vec![0, 1, 2, 3, 4]]
        );
    }
}
