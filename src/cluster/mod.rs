//! Cluster: which documents belong together? Copy groups from links (stories come later).
//!
//! Copy groups are connected components over copy links, with one guard against chaining: an
//! excerpt link joins only when the contained text has one home (see `groups`).

pub mod groups;
pub mod unionfind;

pub use groups::{choose_kept, copy_groups, Keep};
pub use unionfind::UnionFind;
