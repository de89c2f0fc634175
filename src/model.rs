//! The nouns every stage shares: a read `Record`, an extracted `Article`, and their parts.
//!
//! Stages pass these by value from left to right. They carry no behaviour beyond small
//! accessors; each stage owns the logic that makes or consumes them.

use std::fmt;

use serde::{Deserialize, Serialize};

/// A document's id, unique within one run: a JSONL id field, `FILE:LINE`, a path relative to
/// its input argument, or a WARC-Record-ID (see the interface contract).
pub type DocId = String;

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
        }
    }

    /// True when the input was dropped; false when it was repaired and kept.
    pub fn skips(self) -> bool {
        !matches!(self, Problem::InvalidUtf8 | Problem::DuplicateId)
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

/// A document's position in one run's input order: the compact handle stages use for it in
/// memory (its [`DocId`] is kept beside it). A run holds at most `u32::MAX` documents.
pub type DocIndex = u32;

/// How two documents are related, from the strongest copy to an independent report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Relation {
    /// The same text after normalisation.
    Exact,
    /// The same text with small edits or other chrome: shingle Jaccard high.
    NearCopy,
    /// One holds a large part of the other: shingle containment high, Jaccard low.
    Excerpt,
    /// The same sentences in the same order with many words swapped for synonyms.
    Spin,
    /// A translation or heavy paraphrase of the other's text.
    Rewrite,
    /// An independent report of the same event.
    SameStory,
}

impl Relation {
    /// The label as written in `links.jsonl`.
    pub fn as_str(self) -> &'static str {
        match self {
            Relation::Exact => "exact",
            Relation::NearCopy => "near_copy",
            Relation::Excerpt => "excerpt",
            Relation::Spin => "spin",
            Relation::Rewrite => "rewrite",
            Relation::SameStory => "same_story",
        }
    }

    /// The relation numbered `n` in declaration order (its `as u8`), as the index stores it.
    pub fn from_u8(n: u8) -> Option<Relation> {
        [
            Relation::Exact,
            Relation::NearCopy,
            Relation::Excerpt,
            Relation::Spin,
            Relation::Rewrite,
            Relation::SameStory,
        ]
        .get(usize::from(n))
        .copied()
    }

    /// True for the relations that put two documents in one copy group (all but `same_story`).
    pub fn is_copy(self) -> bool {
        !matches!(self, Relation::SameStory)
    }
}

/// The measurements behind a link; absent ones were not computed for it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Evidence {
    /// Jaccard similarity of the two word-shingle sets.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub jaccard: Option<f64>,
    /// Share of the smaller shingle set found in the larger.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub containment: Option<f64>,
    /// Idf-weighted share of anchors (names, numbers, dates, quotes) the two have in common.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub anchor_overlap: Option<f64>,
    /// Cosine of the two tf-idf vectors of content-word stems.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cosine: Option<f64>,
    /// How many sentence pairs the alignment found.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub aligned_sentences: Option<u32>,
    /// The share of each side's text (characters) in aligned sentences: first, second.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub coverage: Option<[f64; 2]>,
    /// The share of words aligned sentences keep in order (a spin keeps many, a translation
    /// few).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kept_words: Option<f64>,
    /// Quotes (three words or more) both carry.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shared_quotes: Option<u32>,
    /// Days between the two publication dates, when both have one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub days_apart: Option<f64>,
    /// How likely the two are about the same event, in [0, 1].
    #[serde(skip_serializing_if = "Option::is_none")]
    pub story_similarity: Option<f64>,
}

/// A relation found between two documents of a run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Link {
    /// The first document (the smaller index).
    pub a: DocIndex,
    /// The second document.
    pub b: DocIndex,
    /// What the relation is.
    pub relation: Relation,
    /// How alike they are, in [0, 1].
    pub score: f64,
    /// The document the other derives from, when the direction is known.
    pub source: Option<DocIndex>,
    /// The measurements behind the label.
    pub evidence: Evidence,
}

/// A member's place in its story.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// The first telling: the earliest dated member (else the longest).
    Original,
    /// An exact copy, near copy or excerpt.
    Copy,
    /// A spun copy.
    Spin,
    /// A translation or heavy paraphrase.
    Rewrite,
    /// An independent report.
    Report,
}

impl Role {
    /// The role as `stories.jsonl` writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Original => "original",
            Role::Copy => "copy",
            Role::Spin => "spin",
            Role::Rewrite => "rewrite",
            Role::Report => "report",
        }
    }
}

/// How the direction of a derivation was decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Basis {
    /// Both are dated: the earlier is the source.
    Date,
    /// One holds nearly all of the other, which holds a part of it: the part derives from
    /// the whole.
    Completeness,
    /// One credits the other's site or agency ("The Associated Press contributed").
    Credit,
    /// Where the two differ, one uses the common word and the other a rarer synonym: the
    /// odd wording is the spun one.
    Wording,
    /// Nothing in the texts says which way it went.
    Undetermined,
}

impl Basis {
    /// The basis as `stories.jsonl` writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            Basis::Date => "date",
            Basis::Completeness => "completeness",
            Basis::Credit => "credit",
            Basis::Wording => "wording",
            Basis::Undetermined => "undetermined",
        }
    }
}

/// One member of a story.
#[derive(Debug, Clone, PartialEq)]
pub struct Member {
    /// The document.
    pub doc: DocIndex,
    /// Its role.
    pub role: Role,
    /// The member it derives from, for a copy, spin or rewrite whose direction is known.
    pub derived_from: Option<DocIndex>,
    /// Its strongest relation within the story (none for the original or a member joined by
    /// its story's centroid alone).
    pub relation: Option<Relation>,
    /// The member that relation is with.
    pub related_to: Option<DocIndex>,
    /// How the direction of a derivation was decided (for copies, spins and rewrites).
    pub basis: Option<Basis>,
}

impl Member {
    /// A member with a role and nothing else known.
    pub fn new(doc: DocIndex, role: Role) -> Member {
        Member {
            doc,
            role,
            derived_from: None,
            relation: None,
            related_to: None,
            basis: None,
        }
    }
}

/// A piece of a shown sentence: a run of its text, changed or kept.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Piece {
    /// The text, as the document has it.
    pub text: String,
    /// True when the other sentence of the pair does not have these words.
    pub changed: bool,
}

/// Two aligned sentences as a reader sees them, each cut into kept and changed runs.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ShownSentences {
    /// The source's sentence.
    pub source: Vec<Piece>,
    /// The derived member's sentence.
    pub derived: Vec<Piece>,
    /// Their similarity, in [0, 1].
    pub similarity: f64,
}

/// What a derived member changed: its sentences aligned with its source's.
#[derive(Debug, Clone, PartialEq)]
pub struct Derivation {
    /// The derived member.
    pub doc: DocIndex,
    /// The member it is compared with: its source, or when the direction is unknown the
    /// member it is related to.
    pub source: DocIndex,
    /// The aligned sentences, in order.
    pub pairs: Vec<ShownSentences>,
    /// The share of the derived member's text its aligned sentences cover, in [0, 1].
    pub coverage: f64,
}

/// A sentence of a story's summary and the document it was taken from.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    /// The sentence.
    pub text: String,
    /// Where it comes from.
    pub doc: DocIndex,
}

/// A quotation two or more independent members carry.
#[derive(Debug, Clone, PartialEq)]
pub struct Quote {
    /// Its words, as one member has them.
    pub text: String,
    /// Every member that carries it (in its words or within a longer quotation).
    pub docs: Vec<DocIndex>,
}

/// A story told once: what the summarize stage draws from its members.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Summary {
    /// The most representative title among the members.
    pub headline: Option<String>,
    /// Three to five central sentences, from different members where it can.
    pub lines: Vec<Line>,
    /// Quotations carried by two or more independent members.
    pub quotes: Vec<Quote>,
    /// The main names, most widely carried first.
    pub entities: Vec<String>,
}

/// A story: the original first, then the other members in input order.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Story {
    /// Its members.
    pub members: Vec<Member>,
    /// Its summary (empty until the summarize stage runs).
    pub summary: Summary,
    /// For each derived member, what it changed (empty until the provenance stage runs).
    pub derivations: Vec<Derivation>,
}

/// What a document's metadata the story output needs.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Meta {
    /// Its id.
    pub id: DocId,
    /// Its site.
    pub site: Option<String>,
    /// Its title.
    pub title: Option<String>,
    /// Publication time: epoch seconds and ISO 8601.
    pub published: Option<(i64, String)>,
    /// Its length in characters.
    pub chars: usize,
    /// Its URL.
    pub url: Option<String>,
    /// Its credit lines ("The Associated Press contributed to this report.").
    pub credits: Vec<String>,
}
