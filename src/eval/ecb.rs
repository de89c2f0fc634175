//! Owns the `ecb` evaluation: stories of one event against stories of the next event of the
//! same kind, on ECB+.
//!
//! ECB+ (Cybulska and Vossen, 2014) holds real news texts in topics; each topic has two
//! sub-corpora that report two different events of one kind with the same kind of people
//! (Klitschko stops Rahman, Klitschko stops Thompson). The whole `stories` path runs over the
//! texts, and the figures are BCubed precision, recall and F1 against the events, and the
//! number of topics whose two events share a story: the hard negatives a topic clusterer
//! merges. When the allsides haystack is there too, the run is repeated with it, and every
//! allsides article that lands in a story with ECB+ texts is counted.

use std::fmt;
use std::path::{Path, PathBuf};

use foldhash::{HashMap, HashMapExt, HashSet};

use super::data::{numbered_lines, read_text, record};
use super::metrics::{bcubed, Prf};
use super::seeds::HAYSTACK;
use crate::error::{Error, Result};
use crate::pipeline::stories::{Stories, StoriesOptions, StoriesResult};

/// Where the set may live, relative to the data directory: the development half, else the
/// whole set laid out the same way.
pub const ECB_DIRS: [&str; 2] = ["labelled/ecbplus_dev", "labelled/ecbplus"];

/// The figures of one `ecb` run.
#[derive(Debug, Clone)]
pub struct EcbReport {
    /// The set's folder.
    pub set: PathBuf,
    /// Texts with a gold event that were read.
    pub documents: usize,
    /// Gold events and topics.
    pub events: usize,
    /// Topics (each has two events).
    pub topics: usize,
    /// Predicted stories over the set's texts.
    pub stories: usize,
    /// BCubed of the predicted stories against the events.
    pub bcubed: Prf,
    /// Topics whose two events share a story.
    pub merged_topics: usize,
    /// With the haystack: haystack articles in stories with the set's texts, and the
    /// documents read; `None` without a haystack.
    pub haystack: Option<(usize, u64)>,
}

impl fmt::Display for EcbReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "ecb: stories of {} texts of {} events in {} topics ({})",
            self.documents,
            self.events,
            self.topics,
            self.set.display()
        )?;
        writeln!(
            f,
            "  predicted stories {}, topics with both events in one story {}/{}",
            self.stories, self.merged_topics, self.topics
        )?;
        writeln!(
            f,
            "  BCubed precision {:.3}  recall {:.3}  F1 {:.3}",
            self.bcubed.precision, self.bcubed.recall, self.bcubed.f1
        )?;
        if let Some((intruders, read)) = self.haystack {
            writeln!(
                f,
                "  inside allsides ({read} documents): {intruders} allsides articles in stories \
                 with ECB+ texts"
            )?;
        }
        Ok(())
    }
}

/// The set's folder under `data`: the first of [`ECB_DIRS`] that exists.
pub fn ecb_dir(data: &Path) -> Result<PathBuf> {
    find_set(data, &ECB_DIRS)
}

/// The first of `dirs` under `data` that exists, or an error naming where it looked.
pub fn find_set(data: &Path, dirs: &[&str]) -> Result<PathBuf> {
    dirs.iter()
        .map(|d| data.join(d))
        .find(|d| d.is_dir())
        .ok_or_else(|| {
            let looked: Vec<String> = dirs
                .iter()
                .map(|d| data.join(d).display().to_string())
                .collect();
            Error::Usage(format!(
                "{}: not found; point --data at a directory laid out like ../shared/data",
                looked.join(" or ")
            ))
        })
}

/// Reads `clusters.tsv`: document id and event (`t<topic>_<sub-corpus>`), after a header.
pub fn read_events(path: &Path) -> Result<HashMap<String, String>> {
    let text = read_text(path)?;
    let mut out = HashMap::new();
    for (number, line) in numbered_lines(&text).skip(1) {
        let Some((id, event)) = line.split_once('\t') else {
            return Err(record(path, number, "expected id<TAB>cluster".to_string()));
        };
        out.insert(id.to_string(), event.trim().to_string());
    }
    Ok(out)
}

/// The topic of an event: what comes before its first `_`.
fn topic(event: &str) -> &str {
    event.split('_').next().unwrap_or(event)
}

/// Runs the `ecb` evaluation on the set under `data`, and again inside the haystack when
/// `with_haystack` and it is there.
pub fn eval_ecb(data: &Path, options: &StoriesOptions, with_haystack: bool) -> Result<EcbReport> {
    let set = ecb_dir(data)?;
    let events = read_events(&set.join("clusters.tsv"))?;
    let docs = set.join("docs.jsonl").display().to_string();
    let run = |inputs: &[String]| -> Result<StoriesResult> {
        Stories::open(inputs, options.clone())?.run(&mut |_| Ok(()), &mut |_| {})
    };
    let alone = run(std::slice::from_ref(&docs))?;
    let scored = score(&alone, &events);
    let haystack = data.join(HAYSTACK);
    let inside = if with_haystack && haystack.exists() {
        let result = run(&[haystack.display().to_string(), docs])?;
        Some((intruders(&result, &events), result.tally.records))
    } else {
        None
    };
    Ok(EcbReport {
        set,
        haystack: inside,
        ..scored
    })
}

/// Scores one run's stories against the events.
fn score(result: &StoriesResult, events: &HashMap<String, String>) -> EcbReport {
    let mut story_of = vec![usize::MAX; result.docs.len()];
    for (s, story) in result.stories.iter().enumerate() {
        for m in &story.members {
            story_of[m.doc as usize] = s;
        }
    }
    let (mut predicted, mut gold) = (Vec::new(), Vec::new());
    let mut stories_of_event: HashMap<&str, HashSet<usize>> = HashMap::new();
    for (i, meta) in result.docs.iter().enumerate() {
        if let Some(event) = events.get(&meta.id) {
            predicted.push(story_of[i]);
            gold.push(event.as_str());
            stories_of_event
                .entry(event.as_str())
                .or_default()
                .insert(story_of[i]);
        }
    }
    let mut by_topic: HashMap<&str, Vec<&HashSet<usize>>> = HashMap::new();
    for (event, stories) in &stories_of_event {
        by_topic.entry(topic(event)).or_default().push(stories);
    }
    let merged_topics = by_topic
        .values()
        .filter(|sets| {
            sets.iter()
                .enumerate()
                .any(|(i, a)| sets[i + 1..].iter().any(|b| !a.is_disjoint(b)))
        })
        .count();
    let mut distinct = predicted.clone();
    distinct.sort_unstable();
    distinct.dedup();
    EcbReport {
        set: PathBuf::new(),
        documents: predicted.len(),
        events: stories_of_event.len(),
        topics: by_topic.len(),
        stories: distinct.len(),
        bcubed: bcubed(&predicted, &gold),
        merged_topics,
        haystack: None,
    }
}

/// How many documents without an event share a story with a document that has one.
fn intruders(result: &StoriesResult, events: &HashMap<String, String>) -> usize {
    result
        .stories
        .iter()
        .filter(|s| {
            s.members
                .iter()
                .any(|m| events.contains_key(&result.docs[m.doc as usize].id))
        })
        .map(|s| {
            s.members
                .iter()
                .filter(|m| !events.contains_key(&result.docs[m.doc as usize].id))
                .count()
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn topics_are_the_prefix_of_events() {
        assert_eq!(topic("t12_ecbplus"), "t12");
        assert_eq!(topic("t3"), "t3");
    }
}
