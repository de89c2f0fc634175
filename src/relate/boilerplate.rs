//! Owns boilerplate: sentences that several documents hold word for word, which a derivation
//! is not made of.
//!
//! An outlet's standard paragraph ("The Associated Press receives support from...") or a
//! newsletter line aligns perfectly between two of its articles without one retelling the
//! other. A sentence whose key (its stems, hashed: `Sentences::sentence_keys`) is held by
//! [`COMMON_SENTENCE`] or more documents is marked common, and alignment coverage leaves it
//! out of both the aligned share and the whole.

use foldhash::{HashMap, HashSet};

use super::align::Sentences;

/// How many documents must hold a sentence word for word for it to be boilerplate: two are a
/// copy; three or more, a template.
pub const COMMON_SENTENCE: u32 = 3;

/// How many documents hold each sentence key.
#[derive(Debug, Clone, Default)]
pub struct Boilerplate {
    held: HashMap<u64, u32>,
}

impl Boilerplate {
    /// Counts the sentence keys of some documents, each document's keys once.
    pub fn count<'a>(docs: impl IntoIterator<Item = &'a Sentences>) -> Boilerplate {
        let mut out = Boilerplate::default();
        for doc in docs {
            out.add(doc.sentence_keys());
        }
        out
    }

    /// Counts one more document's sentence keys (each once).
    pub fn add(&mut self, keys: impl IntoIterator<Item = u64>) {
        let keys: HashSet<u64> = keys.into_iter().collect();
        for k in keys {
            *self.held.entry(k).or_insert(0) += 1;
        }
    }

    /// Sets how many documents hold a key (a count the index stored).
    pub fn set(&mut self, key: u64, held: u32) {
        self.held.insert(key, held);
    }

    /// How many documents hold a key.
    pub fn held(&self, key: u64) -> u32 {
        self.held.get(&key).copied().unwrap_or(0)
    }

    /// Every key and how many documents hold it, in no particular order.
    pub fn iter(&self) -> impl Iterator<Item = (u64, u32)> + '_ {
        self.held.iter().map(|(&k, &n)| (k, n))
    }

    /// Whether a sentence key is boilerplate.
    pub fn is_common(&self, key: u64) -> bool {
        self.held(key) >= COMMON_SENTENCE
    }

    /// Marks a document's boilerplate sentences.
    pub fn mark(&self, doc: &mut Sentences) {
        doc.mark_common(|k| self.is_common(k));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::relate::align::Aligner;

    #[test]
    fn a_sentence_three_documents_hold_is_common() {
        let aligner = Aligner::default();
        let shared = "The Daily Courier receives support from many foundations across the state.";
        let texts = [
            format!("The mayor opened the bridge on Monday. {shared}"),
            format!("Floods closed the coast road overnight. {shared}"),
            format!("The council approved the harbour budget. {shared}"),
            "A fourth story has nothing in common with the others at all here.".to_string(),
        ];
        let docs: Vec<Sentences> = texts.iter().map(|t| aligner.sentences(t)).collect();
        let b = Boilerplate::count(&docs[..2]);
        let key = docs[0].sentence_keys().nth(1).unwrap();
        assert_eq!(b.held(key), 2);
        assert!(
            !b.is_common(key),
            "two documents are a copy, not a template"
        );
        let b = Boilerplate::count(&docs);
        assert!(b.is_common(key));
        let first = docs[0].sentence_keys().next().unwrap();
        assert!(!b.is_common(first));
    }
}
