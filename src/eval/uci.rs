//! Owns the `uci` evaluation: story clustering of news headlines, scored by BCubed.
//!
//! The UCI News Aggregator slice holds 6,366 headlines of 87 stories (Google News clusters)
//! from three days of March 2014. Only the titles are used, as the set defines: each title is
//! a document, the retelling pass links them (no sentence alignment: a title is one
//! sentence), and story clustering groups them; publication times are used as in any run.
//! The figure is BCubed precision, recall and F1 of the predicted stories against the gold
//! ones (a tf-idf average-link baseline reaches F1 0.68).

use std::fmt;
use std::path::Path;
use std::sync::Arc;

use rayon::prelude::*;

use super::data::{read_uci, Headline};
use super::metrics::{bcubed, Prf};
use crate::analyze::embed::Encoder;
use crate::cluster::StoryOptions;
use crate::error::Result;
use crate::model::Byline;
use crate::pipeline::corpus::{cluster_corpus, corpus_idf};
use crate::relate::engine::InDocuments;
use crate::relate::{Engine, Prepared, Preparer, RetellOptions};

/// The figures of one `uci` run.
#[derive(Debug, Clone)]
pub struct UciReport {
    /// Headlines read.
    pub headlines: usize,
    /// Gold stories.
    pub gold_stories: usize,
    /// Predicted stories.
    pub stories: usize,
    /// Candidate pairs measured and links made.
    pub candidates: usize,
    /// Links made.
    pub links: usize,
    /// BCubed precision, recall and F1.
    pub bcubed: Prf,
}

impl fmt::Display for UciReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "uci: story clustering of {} headlines ({} gold stories)",
            self.headlines, self.gold_stories
        )?;
        writeln!(
            f,
            "  candidate pairs {}, links {}, predicted stories {}",
            self.candidates, self.links, self.stories
        )?;
        write!(
            f,
            "  BCubed precision {:.3}  recall {:.3}  F1 {:.3}",
            self.bcubed.precision, self.bcubed.recall, self.bcubed.f1
        )
    }
}

/// Prepares headlines as the evaluation reads them: each title a document, with its time.
pub fn prepare_headlines(headlines: &[Headline], preparer: &Preparer) -> Vec<Prepared> {
    headlines
        .par_iter()
        .map(|h| {
            let byline = Byline {
                published: h.published,
                ..Byline::default()
            };
            preparer.prepare(&h.id, &h.title, byline)
        })
        .collect()
}

/// Runs the `uci` evaluation on the set under `data` with the given options (alignment is
/// turned off whatever they say).
pub fn eval_uci(
    data: &Path,
    options: &RetellOptions,
    stories: &StoryOptions,
    encoder: Option<Arc<Encoder>>,
) -> Result<UciReport> {
    let headlines = read_uci(data)?;
    let docs = prepare_headlines(&headlines, &Preparer::builder().encoder(encoder).build());
    let idf = corpus_idf(&docs);
    let options = RetellOptions {
        align: false,
        ..options.clone()
    };
    let engine = Engine::builder().retell(options).build();
    let retold = engine.retell_corpus(&docs, &InDocuments(&docs), &idf, |_, _| false)?;
    let stories = cluster_corpus(&docs, &retold.weighted, &retold.related, stories);
    let mut predicted = vec![0usize; docs.len()];
    for (s, members) in stories.iter().enumerate() {
        for &m in members {
            predicted[m as usize] = s;
        }
    }
    let gold: Vec<&str> = headlines.iter().map(|h| h.story.as_str()).collect();
    let mut gold_set = gold.clone();
    gold_set.sort_unstable();
    gold_set.dedup();
    Ok(UciReport {
        headlines: headlines.len(),
        gold_stories: gold_set.len(),
        stories: stories.len(),
        candidates: retold.candidates,
        links: retold.related.len(),
        bcubed: bcubed(&predicted, &gold),
    })
}
