//! retold finds every retelling of a news story in a pile of crawled pages.
//!
//! The library is laid out by pipeline stage, each folder knowing only the stages to its left:
//! `read` (bytes → [`Record`]), `extract` ([`Record`] → [`Article`]), `analyze` (text → words,
//! shingles, content hash), `sketch` (shingles → MinHash signature and LSH band keys), `index`
//! (band keys → candidate pairs; the persistent store), `relate` (a pair → [`Link`]),
//! `cluster` (links → copy groups and stories), `provenance` (a story → who derives from
//! whom), `summarize` (a story → its summary), `output` (JSON Lines, the HTML report) and
//! `serve` (the HTTP API). `pipeline` wires them together for the commands.
#![deny(missing_docs)]

pub mod error;
pub mod model;

pub use error::{Error, Result};
pub use model::{
    Article, Basis, Body, ChromeKind, Derivation, DocId, DocIndex, Evidence, Line, Link, Member,
    Meta, Origin, Piece, Place, Problem, Published, Quote, Record, Relation, Removed, Role,
    ShownSentences, Story, Summary, Warning,
};
pub mod analyze;
pub mod cluster;
pub mod eval;
pub mod extract;
pub mod index;
pub mod output;
pub mod pipeline;
pub mod provenance;
pub mod read;
pub mod relate;
pub mod serve;
pub mod sketch;
pub mod summarize;
