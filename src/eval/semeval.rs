//! Owns the `semeval` evaluation: how well the same-story score follows people's judgement
//! of whether two news articles report one event.
//!
//! SemEval-2022 Task 8 pairs news articles in one language or two and gives each pair the
//! mean of its annotators' "overall" scores, 1 (the same story) to 4 (unrelated). Every pair is
//! compared as `retold compare` compares two documents, with term rarity from the set's own
//! texts on top of the background, and the figure is the Pearson correlation of
//! `story_similarity` with the human score turned round (`4 - overall`, so higher is closer),
//! per language pair, over the monolingual pairs, and over all.

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use foldhash::{HashMap, HashMapExt};
use rayon::prelude::*;

use super::data::{numbered_lines, read_text, record};
use super::ecb::find_set;
use crate::analyze::embed::Encoder;
use crate::analyze::weights::Idf;
use crate::error::Result;
use crate::model::Article;
use crate::pipeline::compare::Comparer;
use crate::pipeline::corpus::corpus_idf;
use crate::pipeline::extract::{ExtractOptions, Extraction};
use crate::relate::Prepared;

/// Where the set may live, relative to the data directory.
pub const SEMEVAL_DIRS: [&str; 2] = ["labelled/semeval8_dev", "labelled/semeval8"];

/// One labelled pair.
#[derive(Debug, Clone, PartialEq)]
pub struct ScoredPair {
    /// The two documents' ids.
    pub a: String,
    /// The second.
    pub b: String,
    /// The human score, 1 (same story) to 4 (unrelated).
    pub overall: f64,
    /// The languages, as `de-en`.
    pub langs: String,
}

/// Reads `pairs.tsv` (columns `id_a`, `id_b`, `overall`, `lang_pair`, found by name).
pub fn read_pairs(path: &Path) -> Result<Vec<ScoredPair>> {
    let text = read_text(path)?;
    let mut lines = numbered_lines(&text);
    let header: Vec<&str> = lines
        .next()
        .map_or(Vec::new(), |(_, l)| l.split('\t').collect());
    let column = |name: &str| {
        header.iter().position(|h| *h == name).ok_or_else(|| {
            record(
                path,
                1,
                format!("no column {name:?} (need id_a, id_b, overall, lang_pair)"),
            )
        })
    };
    let (a, b) = (column("id_a")?, column("id_b")?);
    let (overall, langs) = (column("overall")?, column("lang_pair")?);
    let mut out = Vec::new();
    for (number, line) in lines {
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() < header.len() {
            let reason = format!("{} fields, the header has {}", f.len(), header.len());
            return Err(record(path, number, reason));
        }
        let score = f[overall].parse::<f64>().map_err(|_| {
            record(
                path,
                number,
                format!("overall {:?} is not a number", f[overall]),
            )
        })?;
        out.push(ScoredPair {
            a: f[a].to_string(),
            b: f[b].to_string(),
            overall: score,
            langs: f[langs].to_string(),
        });
    }
    Ok(out)
}

/// The Pearson correlation of two equally long series (0 when either is constant).
pub fn pearson(xs: &[f64], ys: &[f64]) -> f64 {
    let n = xs.len().min(ys.len());
    if n < 2 {
        return 0.0;
    }
    let (mx, my) = (
        xs[..n].iter().sum::<f64>() / n as f64,
        ys[..n].iter().sum::<f64>() / n as f64,
    );
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for (x, y) in xs.iter().zip(ys) {
        sxy += (x - mx) * (y - my);
        sxx += (x - mx) * (x - mx);
        syy += (y - my) * (y - my);
    }
    if sxx > 0.0 && syy > 0.0 {
        sxy / (sxx * syy).sqrt()
    } else {
        0.0
    }
}

/// One group's figure.
#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    /// The group: a language pair, `monolingual` or `all`.
    pub name: String,
    /// Pairs compared.
    pub pairs: usize,
    /// Pearson of `story_similarity` with `4 - overall`.
    pub pearson: f64,
}

/// The figures of one `semeval` run.
#[derive(Debug, Clone)]
pub struct SemevalReport {
    /// The set's folder.
    pub set: PathBuf,
    /// Pairs read, and pairs whose documents were both read.
    pub pairs: (usize, usize),
    /// Per language pair (sorted), then `monolingual` and `all`.
    pub groups: Vec<Group>,
}

impl SemevalReport {
    /// The figure of a group, if it has pairs.
    pub fn group(&self, name: &str) -> Option<&Group> {
        self.groups.iter().find(|g| g.name == name)
    }
}

impl fmt::Display for SemevalReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "semeval: story_similarity against the human score, {} of {} pairs ({})",
            self.pairs.1,
            self.pairs.0,
            self.set.display()
        )?;
        for g in &self.groups {
            writeln!(
                f,
                "  {:<12} {:>4} pairs  Pearson {:.3}",
                g.name, g.pairs, g.pearson
            )?;
        }
        Ok(())
    }
}

/// Runs the `semeval` evaluation on the set under `data`, embedding the texts with `encoder`
/// when given.
pub fn eval_semeval(data: &Path, encoder: Option<Arc<Encoder>>) -> Result<SemevalReport> {
    let set = find_set(data, &SEMEVAL_DIRS)?;
    let pairs = read_pairs(&set.join("pairs.tsv"))?;
    let mut docs: HashMap<String, Article> = HashMap::new();
    let inputs = [set.join("docs.jsonl").display().to_string()];
    Extraction::open(&inputs, ExtractOptions::default())?.run(&mut |_| {}, &mut |a| {
        docs.insert(a.id.clone(), a);
        Ok(())
    })?;
    // Term rarity from the set's texts, prepared as a run prepares them (in their languages).
    // Each text is prepared once (embedding is the costly part), then compared as `compare`
    // compares.
    let comparer = Comparer::new(Idf::background()).with_encoder(encoder);
    let mut articles: Vec<&Article> = docs.values().collect();
    articles.sort_by(|a, b| a.id.cmp(&b.id));
    let prepared: HashMap<&str, Prepared> = articles
        .par_iter()
        .map(|a| (a.id.as_str(), comparer.prepare(a)))
        .collect();
    let all: Vec<Prepared> = articles
        .iter()
        .map(|a| prepared[a.id.as_str()].clone())
        .collect();
    let comparer = Comparer::new(corpus_idf(&all));
    let scored: Vec<(&ScoredPair, f64)> = pairs
        .par_iter()
        .filter_map(|p| {
            let (a, b) = (prepared.get(p.a.as_str())?, prepared.get(p.b.as_str())?);
            Some((p, comparer.compare_prepared(a, b).story_similarity))
        })
        .collect();
    let mut names: Vec<&str> = scored.iter().map(|(p, _)| p.langs.as_str()).collect();
    names.sort_unstable();
    names.dedup();
    let monolingual = |p: &ScoredPair| p.langs.split_once('-').is_some_and(|(x, y)| x == y);
    let group = |name: &str, keep: &dyn Fn(&ScoredPair) -> bool| {
        let (xs, ys): (Vec<f64>, Vec<f64>) = scored
            .iter()
            .filter(|(p, _)| keep(p))
            .map(|(p, s)| (*s, 4.0 - p.overall))
            .unzip();
        Group {
            name: name.to_string(),
            pairs: xs.len(),
            pearson: pearson(&xs, &ys),
        }
    };
    let mut groups: Vec<Group> = names
        .iter()
        .map(|n| group(n, &|p: &ScoredPair| p.langs == *n))
        .collect();
    groups.push(group("monolingual", &monolingual));
    groups.push(group("all", &|_: &ScoredPair| true));
    Ok(SemevalReport {
        set,
        pairs: (pairs.len(), scored.len()),
        groups,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pearson_of_a_line_is_one_and_of_its_mirror_minus_one() {
        let xs = [1.0, 2.0, 3.0, 4.0];
        let up = [2.0, 4.0, 6.0, 8.0];
        let down = [8.0, 6.0, 4.0, 2.0];
        assert!((pearson(&xs, &up) - 1.0).abs() < 1e-12);
        assert!((pearson(&xs, &down) + 1.0).abs() < 1e-12);
        assert_eq!(pearson(&xs, &[1.0; 4]), 0.0);
    }

    #[test]
    fn pairs_are_read_by_column_name() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("pairs.tsv");
        std::fs::write(&path, "lang_pair\tid_a\tid_b\toverall\nde-de\tx\ty\t1.5\n").unwrap();
        let got = read_pairs(&path).unwrap();
        assert_eq!(got[0].a, "x");
        assert_eq!(got[0].overall, 1.5);
        std::fs::write(&path, "id_a\tid_b\toverall\tlang_pair\nx\ty\tmany\tde-de\n").unwrap();
        let err = read_pairs(&path).unwrap_err().to_string();
        assert!(err.contains("pairs.tsv:2"), "{err}");
    }
}
