//! Cluster: which documents belong together? Copy groups and stories from links.
//!
//! Copy groups are connected components over copy links, with one guard against chaining: an
//! excerpt link joins only when the contained text has one home (see `groups`). Stories
//! hold copy groups and join them by story links only when the stories as wholes agree (see
//! `stories`).

mod core;
pub mod groups;
pub mod recluster;
pub mod stories;
pub mod unionfind;

pub use groups::{choose_kept, copy_groups, groups, kept, Group, Keep};
pub use stories::{newest, stories, StoryDoc, StoryOptions};
pub use unionfind::UnionFind;

/// A deterministic shuffle from a seed (xorshift, Fisher-Yates), for the order-independence
/// property tests; no random-number crate needed.
#[cfg(test)]
pub(crate) fn shuffle<T>(items: &mut [T], seed: u64) {
    let mut s = seed | 1;
    for i in (1..items.len()).rev() {
        s ^= s << 13;
        s ^= s >> 7;
        s ^= s << 17;
        items.swap(i, (s % (i as u64 + 1)) as usize);
    }
}
