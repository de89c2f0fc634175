//! What a story is made of: members with roles, what derived members changed, a summary.

use serde::{Deserialize, Serialize};

use super::{DocId, DocIndex, Relation};

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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
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
    /// Its language (ISO 639-3), when guessed: which stemmer its words are weighed with.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lang: Option<String>,
}
