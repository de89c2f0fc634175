//! The static HTML report: an index of the stories and one page per story, self-contained.
//!
//! `DIR/index.html` (and `index-2.html`, ... past [`STORIES_PER_PAGE`] stories) lists the
//! stories of two or more members, largest first; `DIR/stories/N.html` shows story `N`. Pages
//! load nothing: the stylesheet is inline, there are no fonts, images or remote scripts, and a
//! Content-Security-Policy says so to the browser. All text that comes from an article passes
//! through one escape function (`escape.rs`). Output depends only on the input, so two runs
//! write the same bytes.

mod escape;
mod index;
mod page;
mod story;
#[cfg(test)]
mod tests;

use std::fmt;
use std::path::Path;

use crate::error::{Error, Result};
use crate::model::{Meta, Story};

use index::{Listed, Totals};
use page::Facts;

/// Stories listed on one index page: a thousand rows of 85-character headlines measure 340 KB
/// (the 5,000-story test), well under the 1 MB a phone opens without a pause.
pub const STORIES_PER_PAGE: usize = 1000;

/// What the report says about the run as a whole.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RunInfo {
    /// The INPUT arguments, as the user gave them.
    pub inputs: Vec<String>,
    /// Documents read.
    pub documents: usize,
    /// Links found between them.
    pub links: usize,
    /// Records skipped as bad input.
    pub skipped: u64,
}

/// Sizes of what was written.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ReportStats {
    /// Story pages written (`stories/N.html`), one per story of two or more members.
    pub story_pages: usize,
    /// Index pages written (`index.html`, `index-2.html`, ...): at least one.
    pub index_pages: usize,
    /// Bytes of the index pages together.
    pub index_bytes: u64,
    /// Bytes of every file written.
    pub total_bytes: u64,
}

/// One story's page as the report writes it, as a string (the server shows it too). `n` is
/// the number it is shown under; `back` the listing page, relative to the page's parent.
pub fn story_html(docs: &[Meta], story: &Story, n: usize, back: &str) -> String {
    let mut out = String::new();
    // Writing to a String cannot fail.
    let _ = story::story_page(&mut out, docs, story, n, back);
    out
}

/// Writes DIR/index.html (and DIR/index-2.html, ... when there are more stories than one
/// index page holds) and DIR/stories/N.html for every story of two or more members, N being
/// the story's position in `stories` (the same number stories.jsonl writes as "story").
///
/// `docs[i]` is the metadata of the document with index `i`; a member, line, quote or
/// derivation naming an index past `docs` is left out. Creates DIR and DIR/stories; files of
/// an earlier report that this one does not write are left as they are.
///
/// # Errors
///
/// [`Error::Io`] with the path when a directory cannot be created or a file written.
pub fn write_report(
    dir: &Path,
    docs: &[Meta],
    stories: &[Story],
    info: &RunInfo,
) -> Result<ReportStats> {
    let story_dir = dir.join("stories");
    std::fs::create_dir_all(&story_dir).map_err(|e| Error::io(&story_dir, e))?;

    let mut listed: Vec<Listed<'_>> = stories
        .iter()
        .enumerate()
        .map(|(n, s)| Listed {
            n,
            facts: Facts::of(docs, s),
        })
        .filter(|l| l.facts.size >= 2)
        .collect();
    // Largest first, then newest (undated last), then by number: a total order, so the
    // listing never depends on how the stories were made.
    listed.sort_by_key(|l| {
        (
            std::cmp::Reverse(l.facts.size),
            l.facts.last.map_or(1, |_| 0),
            std::cmp::Reverse(l.facts.last.unwrap_or(i64::MIN)),
            l.n,
        )
    });

    let mut stats = ReportStats::default();
    let totals = Totals {
        stories: stories.len(),
        listed: listed.len(),
    };
    let chunks: Vec<&[Listed<'_>]> = if listed.is_empty() {
        vec![&[]]
    } else {
        listed.chunks(STORIES_PER_PAGE).collect()
    };
    let pages = chunks.len();
    for (page, rows) in chunks.iter().enumerate() {
        let path = dir.join(index::page_name(page));
        let bytes = write_page(&path, |out| {
            index::index_page(out, info, &totals, page, pages, rows)
        })?;
        stats.index_pages += 1;
        stats.index_bytes += bytes;
        stats.total_bytes += bytes;
        for row in rows.iter() {
            let back = format!("{}#s{}", index::page_name(page), row.n);
            let path = story_dir.join(format!("{}.html", row.n));
            let bytes = write_page(&path, |out| {
                story::story_page(out, docs, &stories[row.n], row.n, &back)
            })?;
            stats.story_pages += 1;
            stats.total_bytes += bytes;
        }
    }
    Ok(stats)
}

/// Renders a page in memory and writes it to `path`, returning its size in bytes.
fn write_page(path: &Path, render: impl FnOnce(&mut String) -> fmt::Result) -> Result<u64> {
    let mut out = String::new();
    // Formatting into a String fails only if a Display impl does; ours never do.
    render(&mut out).map_err(|_| {
        Error::io(
            path,
            std::io::Error::other("the page could not be formatted"),
        )
    })?;
    super::whole::write_whole(path, out.as_bytes())?;
    Ok(out.len() as u64)
}
