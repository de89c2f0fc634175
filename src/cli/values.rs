//! The values flags take that are the library's own choices, named as users type them.

use retold::Relation;

/// `--relations` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum RelationArg {
    /// The same text after normalisation.
    Exact,
    /// The same text with small edits or other chrome.
    #[value(name = "near_copy")]
    NearCopy,
    /// One holds a large part of the other.
    Excerpt,
    /// The same sentences with words swapped for synonyms.
    Spin,
    /// A translation or heavy paraphrase.
    Rewrite,
}

impl RelationArg {
    pub fn relation(self) -> Relation {
        match self {
            RelationArg::Exact => Relation::Exact,
            RelationArg::NearCopy => Relation::NearCopy,
            RelationArg::Excerpt => Relation::Excerpt,
            RelationArg::Spin => Relation::Spin,
            RelationArg::Rewrite => Relation::Rewrite,
        }
    }
}

/// `--keep` values.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum KeepArg {
    /// The earliest dated member (undated last; ties to the longest).
    Earliest,
    /// The member with the most words.
    Longest,
    /// The member that came first in the input.
    First,
}

/// `--settle` values.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum SettleArg {
    /// When the index grew by a tenth or more since its last settle.
    Auto,
    /// After every run.
    Always,
    /// Never.
    Never,
}
