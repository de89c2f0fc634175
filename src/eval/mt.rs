//! Owns the `mt` evaluation: an article and its machine translation, or its round trip
//! through another language, should land in one story.
//!
//! The pairs are the labelled set `mt_pairs_dev` (an article beside a translation into
//! another language, or beside its translation back, made by a SemEval-2022 Task 8 team).
//! The whole `stories` path runs over the set's texts, and for each kind of pair and each
//! language pair the figure is the share of pairs whose two texts share a story, with the
//! relation of the link between them when there is one. When the allsides haystack is there
//! and asked for, the run is repeated inside it: a translation must find its original among
//! 37,000 other articles.

use std::fmt;
use std::path::{Path, PathBuf};

use foldhash::HashMap;

use super::data::{numbered_lines, read_text, record};
use super::ecb::find_set;
use super::seeds::HAYSTACK;
use crate::error::Result;
use crate::pipeline::stories::{Stories, StoriesOptions, StoriesResult};

/// Where the set may live, relative to the data directory: the development half, else the
/// whole set laid out the same way.
pub const MT_DIRS: [&str; 2] = ["labelled/mt_pairs_dev", "labelled/mt_pairs"];

/// One labelled pair.
#[derive(Debug, Clone)]
pub struct MtPair {
    /// The original's id.
    pub a: String,
    /// The translation's id.
    pub b: String,
    /// `translation_same_article` or `roundtrip_same_article`.
    pub label: String,
    /// The languages, as `en->it`.
    pub langs: String,
}

/// Reads `pairs.tsv` (`id_a id_b label langs provenance`, with a header line).
pub fn read_mt_pairs(path: &Path) -> Result<Vec<MtPair>> {
    let text = read_text(path)?;
    let mut out = Vec::new();
    for (n, line) in numbered_lines(&text).skip(1) {
        if line.trim().is_empty() {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        let [a, b, label, langs, ..] = cols[..] else {
            return Err(record(
                path,
                n,
                "expected id_a, id_b, label, langs, provenance".into(),
            ));
        };
        out.push(MtPair {
            a: a.to_string(),
            b: b.to_string(),
            label: label.to_string(),
            langs: langs.to_string(),
        });
    }
    Ok(out)
}

/// The figures of one group of pairs.
#[derive(Debug, Clone, Default)]
pub struct MtGroup {
    /// `translation en->it`, `translation` (all languages), `roundtrip`.
    pub name: String,
    /// Pairs with both texts read.
    pub pairs: usize,
    /// Of those, pairs in one story.
    pub together: usize,
    /// Pairs linked directly, by relation name.
    pub linked: Vec<(String, usize)>,
}

/// The figures of one `mt` run.
#[derive(Debug, Clone)]
pub struct MtReport {
    /// The set's folder.
    pub set: PathBuf,
    /// The set alone.
    pub alone: Vec<MtGroup>,
    /// Inside the haystack, with the documents read; `None` when not run.
    pub inside: Option<(Vec<MtGroup>, u64)>,
}

impl fmt::Display for MtReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "mt: an article and its translation in one story ({})",
            self.set.display()
        )?;
        let show = |f: &mut fmt::Formatter<'_>, groups: &[MtGroup]| -> fmt::Result {
            for g in groups {
                let share = g.together as f64 / g.pairs.max(1) as f64;
                let linked: Vec<String> =
                    g.linked.iter().map(|(r, n)| format!("{r} {n}")).collect();
                writeln!(
                    f,
                    "  {:<22} {:>4} pairs  together {share:.3}  linked: {}",
                    g.name,
                    g.pairs,
                    if linked.is_empty() {
                        "none".into()
                    } else {
                        linked.join(", ")
                    }
                )?;
            }
            Ok(())
        };
        writeln!(f, " the set alone:")?;
        show(f, &self.alone)?;
        if let Some((groups, read)) = &self.inside {
            writeln!(f, " inside allsides ({read} documents):")?;
            show(f, groups)?;
        }
        Ok(())
    }
}

/// Runs the `mt` evaluation on the set under `data`, and again inside the haystack when
/// `with_haystack` and it is there.
pub fn eval_mt(data: &Path, options: &StoriesOptions, with_haystack: bool) -> Result<MtReport> {
    let set = find_set(data, &MT_DIRS)?;
    let pairs = read_mt_pairs(&set.join("pairs.tsv"))?;
    let docs = set.join("docs.jsonl").display().to_string();
    let run = |inputs: &[String]| -> Result<StoriesResult> {
        Stories::open(inputs, options.clone())?.run(&mut |_| Ok(()), &mut |_| {})
    };
    let alone = score(&run(std::slice::from_ref(&docs))?, &pairs);
    let haystack = data.join(HAYSTACK);
    let inside = if with_haystack && haystack.exists() {
        let result = run(&[haystack.display().to_string(), docs])?;
        Some((score(&result, &pairs), result.tally.records))
    } else {
        None
    };
    Ok(MtReport { set, alone, inside })
}

/// The groups of one run: every kind of pair, then each translation's language pair.
fn score(result: &StoriesResult, pairs: &[MtPair]) -> Vec<MtGroup> {
    let index: HashMap<&str, u32> = result
        .docs
        .iter()
        .enumerate()
        .map(|(i, m)| (m.id.as_str(), i as u32))
        .collect();
    let mut story_of = vec![usize::MAX; result.docs.len()];
    for (s, story) in result.stories.iter().enumerate() {
        for m in &story.members {
            story_of[m.doc as usize] = s;
        }
    }
    let link: HashMap<(u32, u32), &str> = result
        .links
        .iter()
        .map(|l| ((l.a, l.b), l.relation.as_str()))
        .collect();
    let mut groups: Vec<MtGroup> = Vec::new();
    let mut add = |name: String, together: bool, relation: Option<&str>| {
        let g = match groups.iter_mut().position(|g| g.name == name) {
            Some(i) => &mut groups[i],
            None => {
                groups.push(MtGroup {
                    name,
                    ..MtGroup::default()
                });
                groups.last_mut().expect("just pushed")
            }
        };
        g.pairs += 1;
        g.together += usize::from(together);
        if let Some(r) = relation {
            match g.linked.iter_mut().find(|(n, _)| n == r) {
                Some((_, n)) => *n += 1,
                None => g.linked.push((r.to_string(), 1)),
            }
        }
    };
    for p in pairs {
        let (Some(&a), Some(&b)) = (index.get(p.a.as_str()), index.get(p.b.as_str())) else {
            continue;
        };
        let together = story_of[a as usize] == story_of[b as usize];
        let relation = link.get(&(a.min(b), a.max(b))).copied();
        let kind = p.label.split('_').next().unwrap_or(&p.label).to_string();
        if kind == "translation" {
            add(format!("translation {}", p.langs), together, relation);
        }
        add(kind, together, relation);
    }
    groups.sort_by(|x, y| {
        let rank = |g: &MtGroup| (g.name.contains(' '), g.name.clone());
        rank(x).cmp(&rank(y))
    });
    groups
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pairs_are_read_with_their_kind_and_languages() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("pairs.tsv");
        std::fs::write(
            &path,
            "id_a\tid_b\tlabel\tlangs\tprovenance\na\ta_mtit\ttranslation_same_article\ten->it\tx\n",
        )
        .unwrap();
        let pairs = read_mt_pairs(&path).unwrap();
        assert_eq!(pairs.len(), 1);
        assert_eq!(
            (pairs[0].b.as_str(), pairs[0].langs.as_str()),
            ("a_mtit", "en->it")
        );
        std::fs::write(&path, "header\nonly\ttwo\n").unwrap();
        assert!(read_mt_pairs(&path)
            .unwrap_err()
            .to_string()
            .contains("pairs.tsv:2"));
    }
}
