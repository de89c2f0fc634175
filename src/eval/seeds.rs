//! Owns the `seeds` evaluation: the five seed pages hidden in the allsides haystack.
//!
//! The whole `stories` path runs over `haystack/allsides.jsonl.gz` (37,554 articles, 671 of
//! them about Kim Jong Un) with the five seeds added. The targets (design.md): one story of
//! exactly the five; seed 000 linked to seed 001 as a spin; 002, 003 and 004 reports of the
//! same story. The report lists the seeds' story, anything else in it, and every link among
//! the seeds with its relation.

use std::fmt;
use std::path::{Path, PathBuf};
use std::time::Instant;

use crate::error::{Error, Result};
use crate::model::{Link, Relation};
use crate::pipeline::stories::{Stories, StoriesOptions};

/// The haystack under the data directory.
pub const HAYSTACK: &str = "haystack/allsides.jsonl.gz";

/// The figures of one `seeds` run.
#[derive(Debug, Clone)]
pub struct SeedsReport {
    /// Documents read.
    pub documents: u64,
    /// Seconds the run took.
    pub seconds: f64,
    /// The seeds' ids, in order.
    pub seeds: Vec<String>,
    /// For each seed, the number of its story (`None`: not read).
    pub story_of: Vec<Option<usize>>,
    /// Members of the first seed's story that are not seeds (ids).
    pub intruders: Vec<String>,
    /// Links among the seeds: (seed, seed, relation, score).
    pub links: Vec<(usize, usize, Relation, f64)>,
    /// Links of all kinds found, and stories of two or more.
    pub totals: (usize, usize),
}

impl SeedsReport {
    /// Whether the five are one story with nothing else in it.
    pub fn one_story(&self) -> bool {
        let first = self.story_of.first().copied().flatten();
        first.is_some() && self.story_of.iter().all(|s| *s == first) && self.intruders.is_empty()
    }

    /// The relation between seed 000 and seed 001, if linked.
    pub fn spin_pair(&self) -> Option<Relation> {
        self.links
            .iter()
            .find(|l| (l.0, l.1) == (0, 1))
            .map(|l| l.2)
    }
}

impl fmt::Display for SeedsReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "seeds: the five seeds among {} documents, {:.1} s",
            self.documents, self.seconds
        )?;
        writeln!(
            f,
            "  {} links, {} stories of two or more",
            self.totals.0, self.totals.1
        )?;
        for (seed, story) in self.seeds.iter().zip(&self.story_of) {
            let story = story.map_or("not read".to_owned(), |s| format!("story {s}"));
            writeln!(f, "  {seed}: {story}")?;
        }
        writeln!(
            f,
            "  one story of exactly the five: {}{}",
            if self.one_story() { "yes" } else { "no" },
            if self.intruders.is_empty() {
                String::new()
            } else {
                format!(
                    " ({} others in it: {})",
                    self.intruders.len(),
                    self.intruders.join(", ")
                )
            }
        )?;
        writeln!(
            f,
            "  000 -> 001: {}",
            self.spin_pair().map_or("not linked", Relation::as_str)
        )?;
        for (a, b, relation, score) in &self.links {
            writeln!(
                f,
                "  link {:03} {:03}: {} {:.3}",
                a,
                b,
                relation.as_str(),
                score
            )?;
        }
        Ok(())
    }
}

/// Runs the `seeds` evaluation: the haystack under `data` and the seed pages in `seeds`.
pub fn eval_seeds(data: &Path, seeds: &Path) -> Result<SeedsReport> {
    let haystack: PathBuf = data.join(HAYSTACK);
    if !haystack.exists() {
        return Err(Error::Usage(format!(
            "{}: not found; point --data at a directory laid out like ../shared/data",
            haystack.display()
        )));
    }
    let mut names: Vec<String> = std::fs::read_dir(seeds)
        .map_err(|e| Error::io(seeds, e))?
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".txt"))
        .collect();
    names.sort();
    let started = Instant::now();
    let inputs = [haystack.display().to_string(), seeds.display().to_string()];
    let run = Stories::open(&inputs, StoriesOptions::default())?;
    let result = run.run(&mut |_| Ok(()), &mut |_| {})?;
    let seconds = started.elapsed().as_secs_f64();
    let index_of = |name: &str| result.docs.iter().position(|d| d.id == name);
    let seed_index: Vec<Option<usize>> = names.iter().map(|n| index_of(n)).collect();
    let mut story_of_doc = vec![usize::MAX; result.docs.len()];
    for (s, story) in result.stories.iter().enumerate() {
        for m in &story.members {
            story_of_doc[m.doc as usize] = s;
        }
    }
    let story_of: Vec<Option<usize>> = seed_index
        .iter()
        .map(|i| i.map(|i| story_of_doc[i]))
        .collect();
    let intruders = match story_of.first().copied().flatten() {
        Some(s) => result.stories[s]
            .members
            .iter()
            .filter(|m| !seed_index.contains(&Some(m.doc as usize)))
            .map(|m| result.docs[m.doc as usize].id.clone())
            .collect(),
        None => Vec::new(),
    };
    let seed_no = |d: u32| seed_index.iter().position(|i| *i == Some(d as usize));
    let links = result
        .links
        .iter()
        .filter_map(|l: &Link| {
            let (a, b) = (seed_no(l.a)?, seed_no(l.b)?);
            Some((a.min(b), a.max(b), l.relation, l.score))
        })
        .collect();
    Ok(SeedsReport {
        documents: result.tally.records,
        seconds,
        seeds: names,
        story_of,
        intruders,
        links,
        totals: (
            result.links.len(),
            result
                .stories
                .iter()
                .filter(|s| s.members.len() > 1)
                .count(),
        ),
    })
}
