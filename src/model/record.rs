//! What is read and what is extracted: a `Record`, its origin, an `Article`, and the problems
//! met on the way.

use std::fmt;

use serde::Serialize;

use super::DocId;

/// Where a record came from, for warnings and for ids: a file and a place inside it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    /// The file as the user named it (or as found under a named directory); `-` for stdin.
    pub path: String,
    /// The place inside the file, when the file holds many records.
    pub place: Place,
}

/// A place inside a file: a 1-based line (JSONL), a byte offset (WARC, compressed streams),
/// or the whole file (one document per file).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// The whole file.
    File,
    /// A 1-based line number.
    Line(u64),
    /// A byte offset from the start of the (decompressed) stream.
    Offset(u64),
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.place {
            Place::File => write!(f, "{}", self.path),
            Place::Line(n) => write!(f, "{}:{}", self.path, n),
            Place::Offset(n) => write!(f, "{}:@{}", self.path, n),
        }
    }
}

/// The body of a record as read, before extraction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Body {
    /// Plain text or Markdown: chrome removal works on its lines.
    Text(String),
    /// An HTML page: the readability pass finds its main text.
    Html(String),
}

impl Body {
    /// The raw string, whatever its kind.
    pub fn as_str(&self) -> &str {
        match self {
            Body::Text(s) | Body::Html(s) => s,
        }
    }
}

/// One input document as read: a body and whatever metadata the input carried.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    /// The document's id (see [`DocId`]).
    pub id: DocId,
    /// Whether the input named it (an id field, a file name, a `WARC-Record-ID`); false when
    /// `id` is its place (`FILE:LINE`), given for want of one.
    pub named: bool,
    /// Where it was read from.
    pub origin: Origin,
    /// Its text or HTML.
    pub body: Body,
    /// A title given by the input (a JSONL field), if any.
    pub title: Option<String>,
    /// A URL given by the input (a JSONL field, a WARC-Target-URI), if any.
    pub url: Option<String>,
    /// A publication date given by the input, as written there (parsed by `extract`).
    pub published: Option<String>,
    /// A site or outlet name given by the input, if any.
    pub site: Option<String>,
    /// How many invalid UTF-8 sequences were replaced while reading it (0 for clean input).
    pub repaired: u32,
    /// The input line itself (JSON Lines only), when the reader was asked to keep it: what
    /// `dedup --emit-kept` writes back out, verbatim.
    pub raw: Option<String>,
}

/// What kind of page chrome a removed piece was.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ChromeKind {
    /// Site names, section names, menus, breadcrumbs.
    Nav,
    /// Share buttons and counts, like counts.
    Share,
    /// "Read also", "See also", "Related" links.
    Related,
    /// App promotions, newsletter sign-ups, subscription pitches, advertisement markers.
    Promo,
    /// Bylines and author boxes.
    Author,
    /// A comment thread and its form.
    Comments,
    /// Photo captions.
    Caption,
    /// Credit lines: "The Associated Press contributed", "(c) BBC", "via Reuters".
    Credit,
    /// Cookie, login, copyright and other legal text.
    Legal,
    /// Anything else removed (a repeated title, a stray fragment).
    Other,
}

impl ChromeKind {
    /// Every kind, in the order they are reported.
    pub const ALL: [ChromeKind; 10] = [
        ChromeKind::Nav,
        ChromeKind::Share,
        ChromeKind::Related,
        ChromeKind::Promo,
        ChromeKind::Author,
        ChromeKind::Comments,
        ChromeKind::Caption,
        ChromeKind::Credit,
        ChromeKind::Legal,
        ChromeKind::Other,
    ];

    /// The kind's name as written in `documents.jsonl`.
    pub fn as_str(self) -> &'static str {
        match self {
            ChromeKind::Nav => "nav",
            ChromeKind::Share => "share",
            ChromeKind::Related => "related",
            ChromeKind::Promo => "promo",
            ChromeKind::Author => "author",
            ChromeKind::Comments => "comments",
            ChromeKind::Caption => "caption",
            ChromeKind::Credit => "credit",
            ChromeKind::Legal => "legal",
            ChromeKind::Other => "other",
        }
    }
}

/// A piece of page chrome taken out of an article's text, kept so nothing is lost.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Removed {
    /// What it was.
    pub kind: ChromeKind,
    /// Its text, one or more lines joined by `\n`.
    pub text: String,
}

/// A publication time: seconds since the Unix epoch (UTC) and its ISO 8601 form.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Published {
    /// Seconds since 1970-01-01T00:00:00Z; a date without a time is its midnight UTC.
    pub epoch: i64,
    /// ISO 8601: `YYYY-MM-DD` for a date, `YYYY-MM-DDTHH:MM:SSZ` for a time, in UTC.
    pub iso: String,
}

/// An extracted document: its main text without chrome, and its metadata.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Article {
    /// The document's id, as read.
    pub id: DocId,
    /// Canonical URL (HTML `<link rel=canonical>`, `og:url`), else the URL the input gave.
    pub url: Option<String>,
    /// The site or outlet: given by the input, else `og:site_name`, a title suffix, or the URL's host.
    pub site: Option<String>,
    /// The article's title.
    pub title: Option<String>,
    /// When it was published, if known.
    pub published: Option<Published>,
    /// ISO 639-3 code of the text's language, when it can be told.
    pub lang: Option<String>,
    /// The main text: paragraphs separated by a blank line, chrome removed.
    pub text: String,
    /// The chrome removed from the text, in page order.
    pub removed: Vec<Removed>,
    /// Credit lines found on the page ("The Associated Press contributed to this report.").
    pub credits: Vec<String>,
}

/// What was wrong with a skipped (or repaired) piece of input, for counting in the summary.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Problem {
    /// A JSON line that does not parse, or is not an object.
    BrokenJson,
    /// Invalid UTF-8 replaced with U+FFFD: the record is kept (repaired, not skipped).
    InvalidUtf8,
    /// A gzip or zstd stream that ends early or is corrupt: the rest of that file is lost.
    Truncated,
    /// A WARC record whose header cannot be parsed: skipped up to the next record.
    MalformedWarc,
    /// An empty file, or a record without text.
    Empty,
    /// A file that is not text (NUL bytes, an image, an archive).
    Binary,
    /// A file that could not be opened or read.
    Unreadable,
    /// An id already used by an earlier record: the record is kept under `ID#N`.
    DuplicateId,
    /// An HTML page nested too deep, or too large, to parse: kept, read as plain text.
    Flattened,
    /// A Parquet file that cannot be read (no footer, a damaged row group, a codec this build
    /// lacks, no text column): that file or row group is skipped.
    BadParquet,
    /// A Parquet column of a field whose type holds no text or number (a list, a struct): the
    /// field is read as absent, the rows kept.
    IgnoredColumn,
}

impl Problem {
    /// Short words for the summary line ("3 broken JSON").
    pub fn label(self) -> &'static str {
        match self {
            Problem::BrokenJson => "broken JSON",
            Problem::InvalidUtf8 => "invalid UTF-8 repaired",
            Problem::Truncated => "truncated stream",
            Problem::MalformedWarc => "malformed WARC",
            Problem::Empty => "empty",
            Problem::Binary => "binary",
            Problem::Unreadable => "unreadable",
            Problem::DuplicateId => "duplicate id renamed",
            Problem::Flattened => "HTML too deep or large read as text",
            Problem::BadParquet => "bad Parquet",
            Problem::IgnoredColumn => "Parquet column of another type ignored",
        }
    }

    /// True when the input was dropped; false when it was repaired and kept.
    pub fn skips(self) -> bool {
        !matches!(
            self,
            Problem::InvalidUtf8
                | Problem::DuplicateId
                | Problem::Flattened
                | Problem::IgnoredColumn
        )
    }
}

/// A problem with one piece of input, with its place: printed as a warning, counted, and
/// (unless it is a repair) skipped. `--strict` turns the first one into an error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// `FILE`, `FILE:LINE` or `FILE:@OFFSET`.
    pub place: String,
    /// The class of problem.
    pub problem: Problem,
    /// What is wrong, in words (the parser's own message where there is one).
    pub reason: String,
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.place, self.reason)
    }
}

impl From<Warning> for crate::Error {
    fn from(w: Warning) -> crate::Error {
        crate::Error::Record {
            place: w.place,
            reason: w.reason,
        }
    }
}
