//! The index pages: the run in one line, then one row per story of two or more members.
//!
//! Rows are plain table rows with no per-row attributes beyond an anchor, so a thousand of
//! them stay a few hundred kilobytes; headlines are clipped for the same reason.

use std::fmt::{self, Write};

use super::escape::{clip, esc};
use super::page::{self, count, thousands, Facts, TITLE_CHARS};
use super::RunInfo;

/// Inputs named on the index before the rest are only counted.
const SHOWN_INPUTS: usize = 20;

/// One listed story: its number in the run and its facts.
pub(super) struct Listed<'a> {
    /// The story's position in the run's stories.
    pub n: usize,
    /// What the row shows.
    pub facts: Facts<'a>,
}

/// The file name of index page `page` (0-based): `index.html`, `index-2.html`, ...
pub(super) fn page_name(page: usize) -> String {
    if page == 0 {
        "index.html".to_string()
    } else {
        format!("index-{}.html", page + 1)
    }
}

/// What the whole run holds, for the line at the top of every index page.
pub(super) struct Totals {
    /// All stories, single-member ones included.
    pub stories: usize,
    /// Stories of two or more members (the listed ones).
    pub listed: usize,
}

/// Writes index page `page` of `pages`, listing `rows`.
pub(super) fn index_page(
    out: &mut String,
    info: &RunInfo,
    totals: &Totals,
    page: usize,
    pages: usize,
    rows: &[Listed<'_>],
) -> fmt::Result {
    let script = !rows.is_empty();
    let title = if pages > 1 {
        format!("retold report, page {} of {pages}", page + 1)
    } else {
        "retold report".to_string()
    };
    page::head(out, &title, script)?;
    out.push_str("<h1>retold report</h1>\n");
    write!(
        out,
        "<p class=\"facts\">{} · {} · {}, {} of two or more members",
        count(info.documents, "document", "documents"),
        count(info.links, "link", "links"),
        count(totals.stories, "story", "stories"),
        thousands(totals.listed as u64),
    )?;
    if info.skipped > 0 {
        write!(out, " · {} skipped", thousands(info.skipped))?;
    }
    out.push_str("</p>\n");
    if !info.inputs.is_empty() {
        out.push_str("<p class=\"facts\">Inputs: ");
        for (i, input) in info.inputs.iter().take(SHOWN_INPUTS).enumerate() {
            let sep = if i > 0 { ", " } else { "" };
            write!(out, "{sep}<code>{}</code>", esc(input))?;
        }
        if info.inputs.len() > SHOWN_INPUTS {
            write!(
                out,
                " and {} more",
                thousands((info.inputs.len() - SHOWN_INPUTS) as u64)
            )?;
        }
        out.push_str("</p>\n");
    }
    if rows.is_empty() {
        out.push_str("<p>No story has two or more members.</p>\n");
        return page::foot(out, false);
    }
    nav(out, page, pages)?;
    out.push_str(
        "<input id=\"q\" class=\"filter\" type=\"search\" placeholder=\"Filter the stories on this page\" \
         aria-label=\"Filter the stories on this page\" hidden>\n\
         <table id=\"stories\" class=\"cards\">\n<thead><tr><th>Story</th><th class=\"n\">Members</th>\
         <th class=\"n\">Sources</th><th>Published</th><th>Roles</th></tr></thead>\n<tbody>\n",
    );
    for row in rows {
        let f = &row.facts;
        let sources = f.sites.len();
        writeln!(
            out,
            "<tr id=\"s{n}\"><td><a href=\"stories/{n}.html\">{}</a></td>\
             <td class=\"n\">{}<span class=\"u\"> member{}</span></td>\
             <td class=\"n\">{}<span class=\"u\"> source{}</span></td>\
             <td class=\"m nowrap\">{}</td><td class=\"m\">{}</td></tr>",
            esc(&clip(f.headline, TITLE_CHARS)),
            f.size,
            if f.size == 1 { "" } else { "s" },
            sources,
            if sources == 1 { "" } else { "s" },
            f.span(),
            f.roles_text(),
            n = row.n,
        )?;
    }
    out.push_str("</tbody>\n</table>\n");
    if pages > 1 {
        nav(out, page, pages)?;
    }
    page::foot(out, true)
}

/// The previous and next links between index pages.
fn nav(out: &mut String, page: usize, pages: usize) -> fmt::Result {
    if pages <= 1 {
        return Ok(());
    }
    write!(
        out,
        "<nav class=\"nav\"><span>Page {} of {pages}</span>",
        page + 1
    )?;
    if page > 0 {
        write!(
            out,
            "<a rel=\"prev\" href=\"{}\">← previous</a>",
            page_name(page - 1)
        )?;
    }
    if page + 1 < pages {
        write!(
            out,
            "<a rel=\"next\" href=\"{}\">next →</a>",
            page_name(page + 1)
        )?;
    }
    out.push_str("</nav>\n");
    Ok(())
}
