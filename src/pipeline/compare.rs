//! The `compare` path: two extracted documents → prepared → the engine's comparison.
//!
//! By default term rarity comes from the built-in background alone, so the answer for two
//! documents never depends on what else was read; over an index, from the index's corpus.

use crate::analyze::weights::Idf;
use crate::model::Article;
use crate::relate::engine::Comparison;
use crate::relate::{Engine, Prepared, Preparer};

/// Compares documents, set up once for many pairs. Immutable, `Send + Sync`.
#[derive(Debug)]
pub struct Comparer {
    engine: Engine,
    preparer: Preparer,
    idf: Idf,
}

impl Default for Comparer {
    fn default() -> Self {
        Comparer::new(Idf::background())
    }
}

impl Comparer {
    /// A comparer weighing terms by `idf`, with the default rules.
    pub fn new(idf: Idf) -> Comparer {
        Comparer {
            engine: Engine::default(),
            preparer: Preparer::default(),
            idf,
        }
    }

    /// The same comparer, embedding every text with `encoder` (see `analyze::embed`).
    pub fn with_encoder(
        self,
        encoder: Option<std::sync::Arc<crate::analyze::embed::Encoder>>,
    ) -> Comparer {
        Comparer {
            preparer: Preparer::builder().encoder(encoder).build(),
            ..self
        }
    }

    /// Compares two prepared documents (each with its text and sorted shingles, as
    /// [`Comparer::prepare`] makes them).
    pub fn compare_prepared(&self, a: &Prepared, b: &Prepared) -> Comparison {
        self.engine.compare(a, b, &self.idf)
    }

    /// Compares two extracted documents.
    pub fn compare(&self, a: &Article, b: &Article) -> Comparison {
        let (pa, pb) = (self.prepare(a), self.prepare(b));
        self.engine.compare(&pa, &pb, &self.idf)
    }

    /// Prepares a document for comparing: its text kept, its shingles sorted.
    pub fn prepare(&self, article: &Article) -> Prepared {
        let mut p = self.preparer.prepare_article(article);
        p.text = article.text.clone();
        p.sort_shingles();
        p
    }
}
