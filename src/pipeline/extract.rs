//! The `extract` path: read → extract, articles delivered in input order.

use super::{run_batched, Tally};
use crate::error::Result;
use crate::extract::extract;
use crate::model::{Article, Warning};
use crate::read::{Item, ReadOptions, Reader};

/// Options for reading and extracting.
#[derive(Debug, Default)]
pub struct ExtractOptions {
    /// How inputs are read (field names).
    pub read: ReadOptions,
    /// Stop at the first bad record instead of warning and skipping it.
    pub strict: bool,
}

/// An extraction run over some inputs, opened but not yet started.
pub struct Extraction {
    reader: Reader,
    strict: bool,
}

/// What became of one item of the reader.
enum Found {
    /// A record extracted into an article.
    Article(Article),
    /// A record whose page held no text, or a problem found while reading (a skipped
    /// record, or a repair before its record).
    Warned(Warning),
}

impl super::Inputs for Extraction {
    fn reader(&self) -> &Reader {
        &self.reader
    }
}

impl Extraction {
    /// Opens the inputs (files, directories, `-` for stdin). Fails only if an input is missing.
    pub fn open(inputs: &[String], options: ExtractOptions) -> Result<Extraction> {
        Ok(Extraction {
            reader: Reader::open(inputs, options.read)?,
            strict: options.strict,
        })
    }

    /// Runs to the end: each warning goes to `on_warning` (then is skipped), each article to
    /// `on_article`, in input order. With `strict`, the first warning ends the run as an error;
    /// articles delivered before it stay delivered.
    pub fn run(
        self,
        on_warning: &mut dyn FnMut(&Warning),
        on_article: &mut dyn FnMut(Article) -> Result<()>,
    ) -> Result<Tally> {
        let Extraction { reader, strict } = self;
        let mut tally = Tally::default();
        run_batched(reader, extract_item, |outcome| {
            let warning = match outcome {
                Found::Article(article) => {
                    tally.records += 1;
                    tally.articles += 1;
                    return on_article(article);
                }
                Found::Warned(warning) => warning,
            };
            tally.skip(warning, on_warning, strict)
        })?;
        Ok(tally)
    }
}

fn extract_item(item: Item) -> Found {
    match item {
        Item::Record(record) => match extract(record) {
            Ok(article) => Found::Article(article),
            Err(w) => Found::Warned(w),
        },
        Item::Warning(w) => Found::Warned(w),
    }
}
