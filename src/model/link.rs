//! What relates two documents: the relation, the measurements behind it, the link itself, and
//! the sentence alignment a retelling link rests on.

use serde::{Deserialize, Serialize};

use super::{Basis, DocIndex};

/// How two documents are related, from the strongest copy to an independent report. The
/// order is the strength order; the discriminants are the numbers the index stores (its codec
/// pins them: never renumber one).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[repr(u8)]
pub enum Relation {
    /// The same text after normalisation.
    Exact = 0,
    /// The same text with small edits or other chrome: shingle Jaccard high.
    NearCopy = 1,
    /// One holds a large part of the other: shingle containment high, Jaccard low.
    Excerpt = 2,
    /// The same sentences in the same order with many words swapped for synonyms.
    Spin = 3,
    /// A translation or heavy paraphrase of the other's text.
    Rewrite = 4,
    /// An independent report of the same event.
    SameStory = 5,
}

impl Relation {
    /// The label as written in `links.jsonl`.
    pub fn as_str(self) -> &'static str {
        match self {
            Relation::Exact => "exact",
            Relation::NearCopy => "near_copy",
            Relation::Excerpt => "excerpt",
            Relation::Spin => "spin",
            Relation::Rewrite => "rewrite",
            Relation::SameStory => "same_story",
        }
    }

    /// Every relation, strongest first.
    pub const ALL: [Relation; 6] = [
        Relation::Exact,
        Relation::NearCopy,
        Relation::Excerpt,
        Relation::Spin,
        Relation::Rewrite,
        Relation::SameStory,
    ];

    /// True for the relations that put two documents in one copy group (all but `same_story`).
    pub fn is_copy(self) -> bool {
        !matches!(self, Relation::SameStory)
    }
}

/// The measurements behind a link; absent ones were not computed for it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Evidence {
    /// Jaccard similarity of the two word-shingle sets.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub jaccard: Option<f64>,
    /// Share of the smaller shingle set found in the larger.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub containment: Option<f64>,
    /// Idf-weighted share of anchors (names, numbers, dates, quotes) the two have in common.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub anchor_overlap: Option<f64>,
    /// Cosine of the two tf-idf vectors of content-word stems.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cosine: Option<f64>,
    /// How many sentence pairs the alignment found.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub aligned_sentences: Option<u32>,
    /// The share of each side's text (characters) in aligned sentences: first, second.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub coverage: Option<[f64; 2]>,
    /// The share of words aligned sentences keep in order (a spin keeps many, a translation
    /// few).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kept_words: Option<f64>,
    /// Quotes (three words or more) both carry.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shared_quotes: Option<u32>,
    /// Days between the two publication dates, when both have one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub days_apart: Option<f64>,
    /// Cosine of the two leads (title and first sentences).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lead_cosine: Option<f64>,
    /// Evidence against one event, in [0, 1]: the smaller of the two shares of a lead's
    /// names and numbers that the other text names nowhere.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub conflict: Option<f64>,
    /// How likely the two are about the same event, in [0, 1].
    #[serde(skip_serializing_if = "Option::is_none")]
    pub story_similarity: Option<f64>,
    /// The cosine of the two texts' embeddings, when both were embedded (`--embed`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub embedding: Option<f64>,
    /// The two texts' languages (ISO 639-3, first document first), when they differ.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub languages: Option<[String; 2]>,
}

/// A relation found between two documents of a run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Link {
    /// The first document (the smaller index).
    pub a: DocIndex,
    /// The second document.
    pub b: DocIndex,
    /// What the relation is.
    pub relation: Relation,
    /// How alike they are, in [0, 1].
    pub score: f64,
    /// The document the other derives from, when the direction is known.
    pub source: Option<DocIndex>,
    /// How the direction of a derivation was decided (`undetermined` when nothing says);
    /// none for a report of the same story.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub basis: Option<Basis>,
    /// The measurements behind the label.
    pub evidence: Evidence,
}

/// What the direction rules read of one side of a link: its date, its site and credit lines,
/// and its length in words.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Byline {
    /// Publication time, seconds since the epoch.
    pub published: Option<i64>,
    /// The site or outlet.
    pub site: Option<String>,
    /// Its credit lines ("The Associated Press contributed to this report.").
    pub credits: Vec<String>,
    /// Its length in words.
    pub words: u32,
    /// Its headline, when the input gave one apart from the text: part of its lead.
    pub title: Option<String>,
    /// Its language (ISO 639-3), when guessed: its words are stemmed in it.
    pub lang: Option<String>,
}

/// Two aligned sentences.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct AlignedPair {
    /// The sentence's index in the first document.
    pub a: usize,
    /// The sentence's index in the second document.
    pub b: usize,
    /// Their similarity, a weighted Dice coefficient in [0, 1].
    pub similarity: f32,
    /// The words the two share in order (a longest common subsequence of stems), over the
    /// words of the longer: near 1 for a copy, high for a spin that swaps single words, low
    /// for a translation or paraphrase that rebuilds the sentence. 0 when the sentences are
    /// too long to diff.
    pub kept: f32,
    /// Runs of words the second replaced in the first, as (from, to), words joined by spaces
    /// (["order", "purchase"]); runs only deleted or only inserted, and runs of function words
    /// alone, are left out. Filled when the alignment is annotated for a reader.
    pub changes: Vec<(String, String)>,
    /// The byte spans of the two sentences in their texts (first, second).
    pub spans: [std::ops::Range<usize>; 2],
}

/// How much of one document an alignment covers.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Coverage {
    /// The share of its sentences that are aligned, in [0, 1] (0 for a document without any).
    pub sentences: f32,
    /// The share of its sentence characters (bytes) in aligned sentences, in [0, 1].
    pub chars: f32,
    /// As `chars`, without the aligned sentences' quoted words (two reports that quote the
    /// same statement align on it without one deriving from the other) and without
    /// boilerplate sentences on either side of the share.
    pub unquoted: f32,
}

/// The alignment of two documents' sentences: which sentences of one retell which of the
/// other, in order.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Alignment {
    /// The aligned pairs, in order of both documents.
    pub pairs: Vec<AlignedPair>,
    /// The coverage of the first document.
    pub coverage_a: Coverage,
    /// The coverage of the second document.
    pub coverage_b: Coverage,
}

impl Alignment {
    /// The mean of the aligned pairs' [`AlignedPair::kept`], each weighted by its similarity
    /// (0 without pairs).
    pub fn kept_words(&self) -> f32 {
        let total: f32 = self.pairs.iter().map(|p| p.similarity).sum();
        if total <= 0.0 {
            return 0.0;
        }
        self.pairs
            .iter()
            .map(|p| p.kept * p.similarity)
            .sum::<f32>()
            / total
    }

    /// The same alignment seen from the other side: documents swapped, changes reversed.
    pub fn swapped(self) -> Alignment {
        Alignment {
            pairs: self
                .pairs
                .into_iter()
                .map(|p| AlignedPair {
                    a: p.b,
                    b: p.a,
                    changes: p.changes.into_iter().map(|(x, y)| (y, x)).collect(),
                    spans: [p.spans[1].clone(), p.spans[0].clone()],
                    ..p
                })
                .collect(),
            coverage_a: self.coverage_b,
            coverage_b: self.coverage_a,
        }
    }
}
