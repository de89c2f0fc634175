//! The nouns every stage shares: a read `Record`, an extracted `Article`, the links between
//! documents and the stories they make.
//!
//! Stages pass these by value from left to right. They carry no behaviour beyond small
//! accessors; each stage owns the logic that makes or consumes them. `record` holds what is
//! read and extracted, `link` what relates two documents (with the sentence alignment a link
//! may rest on), `story` what a story is made of.

mod link;
mod record;
mod story;

pub use link::{AlignedPair, Alignment, Byline, Coverage, Evidence, Link, Relation};
pub use record::{
    Article, Body, ChromeKind, Origin, Place, Problem, Published, Record, Removed, Warning,
};
pub use story::{
    Basis, Derivation, Line, Member, Meta, Piece, Quote, Role, ShownSentences, Story, Summary,
};

/// A document's id, unique within one run: a JSONL id field, `FILE:LINE`, a path relative to
/// its input argument, or a WARC-Record-ID (see the interface contract).
pub type DocId = String;
/// A document's position in one run's input order: the compact handle stages use for it in
/// memory (its [`DocId`] is kept beside it). A run holds at most `u32::MAX` documents.
pub type DocIndex = u32;
