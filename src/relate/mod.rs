//! Relate: how are these two documents related? Verification of candidate pairs into `Link`s.
//!
//! Candidates come from the index; nothing is linked on a sketch's say-so. `copy` decides the
//! copy relations (`exact`, `near_copy`, `excerpt`) on the real shingle sets, so a link's
//! Jaccard and containment are measured values, not estimates. `align` pairs two documents'
//! sentences in order; `story` measures how alike their subjects are (word cosine, anchor
//! overlap); `retell` decides the retelling relations (`spin`, `rewrite`, `same_story`) from
//! both.

pub mod align;
pub mod copy;
pub mod retell;
pub mod story;

pub use copy::{relate_copy, round4, CopyRules, Shingled};
pub use retell::{relate_retelling, RetellRules, Retelling};
