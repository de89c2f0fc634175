//! Output: results → bytes. JSON Lines files of the interface contract, each written whole
//! or not at all (`whole`).
//!
//! Writers borrow the stages' values and serialise them in the contract's field order, so
//! the in-memory nouns stay free of output concerns (field names, ids for indices, nulls,
//! derived counts).

pub mod html;
pub mod jsonl;
pub mod links;
pub mod stories;
pub mod whole;

pub use jsonl::{DocumentWriter, JsonLines};
pub use links::{GroupView, LinkWriter};
pub use stories::StoryWriter;
pub use whole::{write_whole, Sink, WholeFile};
