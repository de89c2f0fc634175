//! Relate: how are these two documents related? Candidate pairs become `Link`s.
//!
//! Candidates come from the index; nothing is linked on a sketch's say-so. `prepare` makes
//! the one prepared document every path reads. `copy` decides the copy relations (`exact`,
//! `near_copy`, `excerpt`) on the real shingle sets, so a link's Jaccard and containment are
//! measured values, not estimates. `align` pairs two documents' sentences in order; `story`
//! measures how alike their subjects are (word cosine, anchor overlap); `retell` decides the
//! retelling relations (`spin`, `rewrite`, `same_story`) from both, `neighbours` and
//! `boilerplate` hold the two corpus-wide rules they obey, and `direction` says which side
//! of a derivation is the source. `engine` is the one place these run, for a whole corpus,
//! for a newcomer to the index, and for two documents.

pub mod align;
pub mod boilerplate;
pub mod copy;
pub mod direction;
pub mod engine;
pub mod neighbours;
pub mod prepare;
pub mod retell;
pub mod story;

pub use copy::{relate_copy, round4, CopyRules, Shingled};
pub use engine::{Engine, EngineBuilder, Related, RetellOptions};
pub use prepare::{Prepared, Preparer};
pub use retell::{relate_retelling, RetellRules, Retelling};
