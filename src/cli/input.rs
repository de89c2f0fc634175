//! The flags every command that reads documents shares, and the files commands write.

use std::path::Path;

use anyhow::Context;
use retold::output::WholeFile;
use retold::pipeline::ExtractOptions;
use retold::read::{FieldMap, ReadOptions};

/// Flags every command that reads input shares.
#[derive(Debug, clap::Args)]
pub struct InputArgs {
    /// Files, directories (recursive) or `-` for JSON Lines on stdin.
    #[arg(required = true, value_name = "INPUT")]
    pub inputs: Vec<String>,
    #[command(flatten)]
    pub read: ReadFlags,
}

/// How records are read and bad ones treated: shared by every command that reads documents.
#[derive(Debug, clap::Args)]
pub struct ReadFlags {
    /// Map a field to another JSON key, e.g. `--field text=body` (id, text, html, title, url,
    /// published, site).
    #[arg(long = "field", value_name = "FIELD=KEY")]
    pub fields: Vec<String>,
    /// Stop at the first bad record instead of warning and skipping it.
    #[arg(long)]
    pub strict: bool,
    /// Print no warnings (they are still counted in the summary).
    #[arg(short, long)]
    pub quiet: bool,
}

impl ReadFlags {
    /// The `--field` mappings; a bad one is a usage error.
    pub fn field_map(&self) -> retold::Result<FieldMap> {
        let mut fields = FieldMap::default();
        for spec in &self.fields {
            fields.set(spec)?;
        }
        Ok(fields)
    }
}

impl InputArgs {
    /// Builds the library's read options; a bad `--field` is a usage error.
    pub fn build(&self) -> retold::Result<ExtractOptions> {
        Ok(ExtractOptions {
            read: ReadOptions {
                fields: self.read.field_map()?,
                keep_raw: false,
                ids: Default::default(),
            },
            strict: self.read.strict,
        })
    }
}

/// Creates `dir/name` for writing, buffered, put in place whole by `commit`.
pub fn create_in(dir: &Path, name: &str) -> anyhow::Result<WholeFile> {
    let path = dir.join(name);
    WholeFile::create(&path).with_context(|| format!("creating {}", path.display()))
}
