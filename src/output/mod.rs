//! Output: results → bytes. JSON Lines files of the interface contract (or Parquet tables of
//! the same rows), each written whole or not at all (`whole`).
//!
//! Writers borrow the stages' values and serialise them in the contract's field order, so
//! the in-memory nouns stay free of output concerns (field names, ids for indices, nulls,
//! derived counts).

pub mod html;
pub mod jsonl;
pub mod links;
#[cfg(feature = "parquet")]
pub mod parquet;
pub mod rows;
pub mod stories;
pub mod whole;

pub use jsonl::{DocumentWriter, JsonLines};
pub use links::{GroupView, LinkWriter};
pub use rows::{OutputFormat, Rows, Table};
pub use stories::StoryWriter;
pub use whole::{write_whole, Sink, WholeFile};
