//! Reads the labelled sets (UCI headlines, Clough & Stevenson answers, MSR paraphrases) from a data directory.
//!
//! The directory is laid out like `../shared/data` and named by `--data DIR`; every path below
//! is relative to it. The sets are fixed files, so unlike the crawl readers nothing here skips:
//! a malformed line is an [`Error::Record`] naming `FILE:LINE`, and a missing file is an
//! [`Error::Io`] that says where the file was looked for. Tab-separated files are split on tabs
//! only, never parsed as quoted CSV: MSRP sentences contain bare `"` characters.

use std::io;
use std::path::Path;

use serde::Deserialize;

use crate::error::{Error, Result};

/// Where the UCI News Aggregator slice lives, relative to the data directory.
pub const UCI_PATH: &str = "labelled/uci_headlines/uci_headlines.tsv";
/// Where the Clough & Stevenson corpus lives, relative to the data directory.
pub const CLOUGH_PATH: &str = "labelled/clough_stevenson/clough_stevenson.jsonl";
/// The folder holding the two MSR Paraphrase Corpus files, relative to the data directory.
pub const MSRP_DIR: &str = "labelled/msr_paraphrase";

/// One headline of the UCI News Aggregator set; headlines with the same `story` retell one story.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Headline {
    /// The row's id in the set.
    pub id: String,
    /// The Google News cluster the headline belongs to: the gold story.
    pub story: String,
    /// The headline itself.
    pub title: String,
    /// The outlet's name.
    pub publisher: String,
    /// Publication time in seconds since the Unix epoch (from `timestamp_ms`), if given.
    pub published: Option<i64>,
}

/// Reads `data/labelled/uci_headlines/uci_headlines.tsv`, finding columns by header name.
pub fn read_uci(data: &Path) -> Result<Vec<Headline>> {
    let path = data.join(UCI_PATH);
    let text = read_text(&path)?;
    let mut lines = numbered_lines(&text);
    let header = lines.next().map(|(_, line)| line).unwrap_or("");
    let names: Vec<&str> = header.split('\t').collect();
    let column = |name: &str| {
        names
            .iter()
            .position(|n| *n == name)
            .ok_or_else(|| Error::Format {
                what: format!("{} header", path.display()),
                expected: "columns id, story, title, publisher and timestamp_ms".to_string(),
                got: header.replace('\t', ", "),
            })
    };
    let (id, story, title) = (column("id")?, column("story")?, column("title")?);
    let (publisher, stamp) = (column("publisher")?, column("timestamp_ms")?);

    let mut out = Vec::new();
    for (number, line) in lines {
        let fields: Vec<&str> = line.split('\t').collect();
        if fields.len() != names.len() {
            let reason = format!("{} fields, the header has {}", fields.len(), names.len());
            return Err(record(&path, number, reason));
        }
        for (column, name) in [(id, "id"), (story, "story"), (title, "title")] {
            if fields[column].is_empty() {
                return Err(record(&path, number, format!("empty {name}")));
            }
        }
        let published = match fields[stamp] {
            "" => None,
            ms => match ms.parse::<i64>() {
                Ok(ms) => Some(ms.div_euclid(1000)),
                Err(_) => {
                    let reason = format!("timestamp_ms {ms:?} is not a whole number");
                    return Err(record(&path, number, reason));
                }
            },
        };
        out.push(Headline {
            id: fields[id].to_string(),
            story: fields[story].to_string(),
            title: fields[title].to_string(),
            publisher: fields[publisher].to_string(),
            published,
        });
    }
    Ok(out)
}

/// How a Clough & Stevenson answer was written from its task's source.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Derivation {
    /// Cut and pasted from the source (`cut`).
    Cut,
    /// Light revision: the source with words swapped and sentences lightly edited (`light`).
    Light,
    /// Heavy revision: the source rewritten in the writer's own words (`heavy`).
    Heavy,
    /// Written independently of the source (`non`).
    Non,
}

impl Derivation {
    /// All four, from most to least copied.
    pub const ALL: [Derivation; 4] = [
        Derivation::Cut,
        Derivation::Light,
        Derivation::Heavy,
        Derivation::Non,
    ];

    /// The corpus's name for it: `cut`, `light`, `heavy` or `non`.
    pub fn as_str(self) -> &'static str {
        match self {
            Derivation::Cut => "cut",
            Derivation::Light => "light",
            Derivation::Heavy => "heavy",
            Derivation::Non => "non",
        }
    }

    /// The derivation the corpus names `name`, if any.
    pub fn from_name(name: &str) -> Option<Derivation> {
        Derivation::ALL.into_iter().find(|d| d.as_str() == name)
    }

    /// True for an answer made from the source (cut, light or heavy), false for `non`.
    pub fn is_derived(self) -> bool {
        !matches!(self, Derivation::Non)
    }
}

impl std::fmt::Display for Derivation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One student answer of the Clough & Stevenson corpus.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    /// The answer's id, such as `g0pA_taska`.
    pub id: String,
    /// The task it answers (`a` to `e`), which names its source.
    pub task: String,
    /// How it was written from the source.
    pub category: Derivation,
    /// The answer's text.
    pub text: String,
}

/// The Clough & Stevenson corpus: one source text per task and the answers written to them.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CloughSet {
    /// `(task, source text)` for each task, in file order.
    pub sources: Vec<(String, String)>,
    /// The answers, in file order.
    pub answers: Vec<Answer>,
}

impl CloughSet {
    /// The source text of `task`, if the set has one.
    pub fn source(&self, task: &str) -> Option<&str> {
        self.sources
            .iter()
            .find(|(t, _)| t == task)
            .map(|(_, text)| text.as_str())
    }
}

/// One line of `clough_stevenson.jsonl` as stored (`source_id` is not needed: it is `orig_task` + task).
#[derive(Deserialize)]
struct CloughLine {
    id: String,
    task: String,
    category: String,
    text: String,
}

/// Reads `data/labelled/clough_stevenson/clough_stevenson.jsonl`.
///
/// A record is a task's source when its category is `orig` or its id starts with `orig_task`;
/// every other record must have one of the four [`Derivation`] categories. Each task an
/// answer refers to must have exactly one source, or the set is reported as malformed.
pub fn read_clough(data: &Path) -> Result<CloughSet> {
    let path = data.join(CLOUGH_PATH);
    let text = read_text(&path)?;
    let mut set = CloughSet::default();
    for (number, line) in numbered_lines(&text) {
        let raw: CloughLine = serde_json::from_str(line)
            .map_err(|e| record(&path, number, format!("not an answer record: {e}")))?;
        if raw.category == "orig" || raw.id.starts_with("orig_task") {
            if set.source(&raw.task).is_some() {
                let reason = format!("a second source for task {:?}", raw.task);
                return Err(record(&path, number, reason));
            }
            set.sources.push((raw.task, raw.text));
            continue;
        }
        let Some(category) = Derivation::from_name(&raw.category) else {
            let reason = format!(
                "category {:?} is none of orig, cut, light, heavy, non",
                raw.category
            );
            return Err(record(&path, number, reason));
        };
        set.answers.push(Answer {
            id: raw.id,
            task: raw.task,
            category,
            text: raw.text,
        });
    }
    if let Some(orphan) = set.answers.iter().find(|a| set.source(&a.task).is_none()) {
        return Err(Error::Format {
            what: path.display().to_string(),
            expected: format!(
                "an orig_task{} record for answer {}",
                orphan.task, orphan.id
            ),
            got: "no source for that task".to_string(),
        });
    }
    Ok(set)
}

/// Which half of the MSR Paraphrase Corpus to read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Split {
    /// `msr_paraphrase_train.txt` (4,076 pairs).
    Train,
    /// `msr_paraphrase_test.txt` (1,725 pairs).
    Test,
}

impl Split {
    /// The file's name inside [`MSRP_DIR`].
    pub fn file_name(self) -> &'static str {
        match self {
            Split::Train => "msr_paraphrase_train.txt",
            Split::Test => "msr_paraphrase_test.txt",
        }
    }
}

/// One pair of news sentences from the MSR Paraphrase Corpus.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SentencePair {
    /// True when the annotators judged the two sentences paraphrases (quality `1`).
    pub paraphrase: bool,
    /// The first sentence (`#1 String`).
    pub a: String,
    /// The second sentence (`#2 String`).
    pub b: String,
}

/// Reads one split of the MSR Paraphrase Corpus from `data/labelled/msr_paraphrase/`.
///
/// The files open with a byte-order mark and a header line (`Quality`, `#1 ID`, `#2 ID`,
/// `#1 String`, `#2 String`) and end lines with CRLF; each line must have exactly five fields.
pub fn read_msrp(data: &Path, split: Split) -> Result<Vec<SentencePair>> {
    let path = data.join(MSRP_DIR).join(split.file_name());
    let text = read_text(&path)?;
    let mut lines = numbered_lines(&text);
    let header = lines.next().map(|(_, line)| line).unwrap_or("");
    if !header.starts_with("Quality\t") {
        return Err(Error::Format {
            what: format!("{} header", path.display()),
            expected: "Quality, #1 ID, #2 ID, #1 String, #2 String".to_string(),
            got: header.replace('\t', ", "),
        });
    }
    let mut out = Vec::new();
    for (number, line) in lines {
        let fields: Vec<&str> = line.split('\t').collect();
        let [quality, _, _, a, b] = fields[..] else {
            let reason = format!("{} tab-separated fields, expected 5", fields.len());
            return Err(record(&path, number, reason));
        };
        let paraphrase = match quality {
            "1" => true,
            "0" => false,
            other => {
                let reason = format!("quality {other:?} is neither 0 nor 1");
                return Err(record(&path, number, reason));
            }
        };
        out.push(SentencePair {
            paraphrase,
            a: a.to_string(),
            b: b.to_string(),
        });
    }
    Ok(out)
}

/// Reads a whole file as UTF-8 without its byte-order mark; a missing file says how to fix it.
pub(super) fn read_text(path: &Path) -> Result<String> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        if e.kind() == io::ErrorKind::NotFound {
            let hint = "not found; point --data at a directory laid out like ../shared/data";
            Error::io(path, io::Error::new(io::ErrorKind::NotFound, hint))
        } else {
            Error::io(path, e)
        }
    })?;
    Ok(match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_string(),
        None => text,
    })
}

/// The non-blank lines of `text` with their 1-based numbers, CR of CRLF removed.
pub(super) fn numbered_lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.split('\n')
        .enumerate()
        .map(|(i, line)| (i + 1, line.strip_suffix('\r').unwrap_or(line)))
        .filter(|(_, line)| !line.trim().is_empty())
}

/// An [`Error::Record`] at `path:number`.
pub(super) fn record(path: &Path, number: usize, reason: String) -> Error {
    let place = format!("{}:{number}", path.display());
    Error::Record { place, reason }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tempfile::TempDir;

    /// A data directory holding `files` (relative path, content).
    fn data_dir(files: &[(&str, &str)]) -> TempDir {
        let dir = TempDir::new().expect("temp dir");
        for (relative, content) in files {
            let path = dir.path().join(relative);
            std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
            std::fs::write(path, content).expect("write fixture");
        }
        dir
    }

    fn place_of(error: Error) -> String {
        match error {
            Error::Record { place, .. } => place,
            other => panic!("expected a record error, got {other}"),
        }
    }

    const UCI: &str = "id\tstory\tcategory\ttitle\tpublisher\thostname\turl\ttimestamp_ms\tdate_utc\n\
        1\tS1\tb\tFed says \"weather\"\tLA Times\tlatimes.com\thttp://a\t1394470370698\t2014-03-10\n\
        2\tS1\tb\tFed's Plosser\tLivemint\tlivemint.com\thttp://b\t\t\n";

    #[test]
    fn uci_reads_columns_by_name() {
        let dir = data_dir(&[(UCI_PATH, UCI)]);
        let rows = read_uci(dir.path()).expect("read");
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].id, "1");
        assert_eq!(rows[0].story, "S1");
        assert_eq!(rows[0].title, "Fed says \"weather\"");
        assert_eq!(rows[0].publisher, "LA Times");
        assert_eq!(rows[0].published, Some(1_394_470_370));
        assert_eq!(rows[1].published, None);
    }

    #[test]
    fn uci_bad_timestamp_names_its_line() {
        let bad = UCI.replace("1394470370698", "soon");
        let dir = data_dir(&[(UCI_PATH, &bad)]);
        let place = place_of(read_uci(dir.path()).unwrap_err());
        assert!(place.ends_with("uci_headlines.tsv:2"), "{place}");
    }

    #[test]
    fn uci_short_line_and_missing_column_are_errors() {
        let short = format!("{UCI}3\tS2\tb\n");
        let dir = data_dir(&[(UCI_PATH, &short)]);
        assert!(place_of(read_uci(dir.path()).unwrap_err()).ends_with(":4"));
        let headless = UCI.replacen("story", "cluster", 1);
        let dir = data_dir(&[(UCI_PATH, &headless)]);
        assert!(matches!(read_uci(dir.path()), Err(Error::Format { .. })));
    }

    #[test]
    fn missing_file_names_path_and_flag() {
        let dir = data_dir(&[]);
        let error = read_uci(dir.path()).unwrap_err();
        assert!(matches!(error, Error::Io { .. }));
        // The path is the error's message, the hint its source (as `{:#}` prints them).
        let hint = std::error::Error::source(&error).map(|s| s.to_string());
        let message = format!("{error}: {}", hint.unwrap_or_default());
        assert!(message.contains("uci_headlines.tsv"), "{message}");
        assert!(message.contains("--data"), "{message}");
    }

    const CLOUGH: &str = r#"{"id": "g0pA_taska", "task": "a", "category": "non", "source_id": "orig_taska", "text": "mine"}
{"id": "g0pB_taska", "task": "a", "category": "heavy", "source_id": "orig_taska", "text": "rewritten"}
{"id": "orig_taska", "task": "a", "category": "orig", "source_id": "orig_taska", "text": "the source"}
"#;

    #[test]
    fn clough_splits_sources_from_answers() {
        let dir = data_dir(&[(CLOUGH_PATH, CLOUGH)]);
        let set = read_clough(dir.path()).expect("read");
        assert_eq!(
            set.sources,
            vec![("a".to_string(), "the source".to_string())]
        );
        assert_eq!(set.answers.len(), 2);
        assert_eq!(set.answers[0].category, Derivation::Non);
        assert_eq!(set.answers[1].id, "g0pB_taska");
        assert_eq!(set.answers[1].category, Derivation::Heavy);
        assert_eq!(set.source("a"), Some("the source"));
    }

    #[test]
    fn clough_rejects_unknown_category_and_orphans() {
        let bad = CLOUGH.replace("\"heavy\"", "\"medium\"");
        let dir = data_dir(&[(CLOUGH_PATH, &bad)]);
        assert!(place_of(read_clough(dir.path()).unwrap_err()).ends_with(":2"));
        let orphan: String = CLOUGH.lines().take(2).map(|l| format!("{l}\n")).collect();
        let dir = data_dir(&[(CLOUGH_PATH, &orphan)]);
        assert!(matches!(read_clough(dir.path()), Err(Error::Format { .. })));
        let broken = format!("{CLOUGH}{{\"id\": \n");
        let dir = data_dir(&[(CLOUGH_PATH, &broken)]);
        assert!(place_of(read_clough(dir.path()).unwrap_err()).ends_with(":4"));
    }

    #[test]
    fn derivation_names_round_trip() {
        for d in Derivation::ALL {
            assert_eq!(Derivation::from_name(d.as_str()), Some(d));
        }
        assert_eq!(Derivation::from_name("orig"), None);
        let derived: Vec<bool> = Derivation::ALL.iter().map(|d| d.is_derived()).collect();
        assert_eq!(derived, [true, true, true, false]);
    }

    const MSRP: &str = "\u{feff}Quality\t#1 ID\t#2 ID\t#1 String\t#2 String\r\n\
        1\t702876\t702977\tAmrozi accused his brother, whom he called \"the witness\".\tReferring to him as \"the witness\", Amrozi accused his brother.\r\n\
        0\t2108705\t2108831\tYucaipa owned Dominick's.\tYucaipa bought Dominick's in 1995.\r\n";

    #[test]
    fn msrp_strips_bom_and_crlf_and_keeps_quotes() {
        let path = format!("{MSRP_DIR}/{}", Split::Test.file_name());
        let dir = data_dir(&[(&path, MSRP)]);
        let pairs = read_msrp(dir.path(), Split::Test).expect("read");
        assert_eq!(pairs.len(), 2);
        assert!(pairs[0].paraphrase);
        assert_eq!(
            pairs[0].a,
            "Amrozi accused his brother, whom he called \"the witness\"."
        );
        assert_eq!(
            pairs[0].b,
            "Referring to him as \"the witness\", Amrozi accused his brother."
        );
        assert!(!pairs[1].paraphrase);
        assert_eq!(pairs[1].b, "Yucaipa bought Dominick's in 1995.");
        assert!(matches!(
            read_msrp(dir.path(), Split::Train),
            Err(Error::Io { .. })
        ));
    }

    #[test]
    fn msrp_bad_quality_and_field_count_are_errors() {
        let path = format!("{MSRP_DIR}/{}", Split::Train.file_name());
        let dir = data_dir(&[(&path, &MSRP.replace("\r\n0\t", "\r\n2\t"))]);
        assert!(place_of(read_msrp(dir.path(), Split::Train).unwrap_err()).ends_with(":3"));
        let dir = data_dir(&[(&path, &format!("{MSRP}1\tonly\ttwo\r\n"))]);
        assert!(place_of(read_msrp(dir.path(), Split::Train).unwrap_err()).ends_with(":4"));
        let dir = data_dir(&[(&path, "a\tb\n")]);
        assert!(matches!(
            read_msrp(dir.path(), Split::Train),
            Err(Error::Format { .. })
        ));
    }
}
