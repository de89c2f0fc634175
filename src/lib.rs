//! retold finds every retelling of a news story in a pile of crawled pages.
//!
//! The library is laid out by pipeline stage, each folder knowing only the stages to its left:
//! `read` (bytes → [`Record`]) and `extract` ([`Record`] → [`Article`]) so far. `pipeline`
//! wires them together for the commands.
#![deny(missing_docs)]

pub mod error;
pub mod model;

pub use error::{Error, Result};
pub use model::{
    Article, Body, ChromeKind, DocId, DocIndex, Evidence, Link, Origin, Place, Problem, Published,
    Record, Relation, Removed, Warning,
};
pub mod analyze;
pub mod extract;
pub mod output;
pub mod pipeline;
pub mod read;
pub mod sketch;
pub mod cluster;
pub mod index;
pub mod relate;
