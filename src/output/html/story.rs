//! A story's page: its summary, quotes and names, the timeline of its members, and what each
//! derived member changed from its source, side by side.
//!
//! Members are referred to by their position in the run (`#m12`), never by their id, so no
//! untrusted text ever becomes part of an anchor or a link other than a member's own web URL.

use std::fmt::{self, Write};

use super::escape::{clip, esc, web_url};
use super::page::{self, badge, count, short_name, Facts, TITLE_CHARS};
use crate::extract::date::ymd;
use crate::model::{Basis, Derivation, Meta, Piece, Role, Story};

/// Writes the page of story `n`; `back` is the index page and anchor that lists it.
pub(super) fn story_page(
    out: &mut String,
    docs: &[Meta],
    story: &Story,
    n: usize,
    back: &str,
) -> fmt::Result {
    let facts = Facts::of(docs, story);
    page::head(out, &format!("{} · retold", facts.headline), false)?;
    write!(
        out,
        "<p class=\"back\"><a href=\"../{back}\">← All stories</a> <small>· story {n}</small></p>\n\
         <h1>{}</h1>\n<p class=\"facts\">{} · {} · {}</p>\n",
        esc(&clip(facts.headline, 2 * TITLE_CHARS)),
        facts.span(),
        count(facts.size, "member", "members"),
        count(facts.sites.len(), "source", "sources"),
    )?;
    if !facts.sites.is_empty() {
        out.push_str("<ul class=\"chips\" aria-label=\"Sites\">");
        for site in &facts.sites {
            write!(out, "<li>{}</li>", esc(site))?;
        }
        out.push_str("</ul>\n");
    }
    if facts.languages.len() > 1 {
        out.push_str("<ul class=\"chips\" aria-label=\"Languages\">");
        for lang in &facts.languages {
            write!(out, "<li>{}</li>", esc(&page::language_name(lang)))?;
        }
        out.push_str("</ul>\n");
    }
    summary(out, docs, story)?;
    timeline(out, docs, story)?;
    for (i, d) in story.derivations.iter().enumerate() {
        derivation(out, docs, i, d)?;
    }
    writeln!(
        out,
        "<p class=\"back\"><a href=\"../{back}\">← All stories</a></p>"
    )?;
    page::foot(out, false)
}

/// The summary lines, the quotes and the names, each section only when it has something.
fn summary(out: &mut String, docs: &[Meta], story: &Story) -> fmt::Result {
    let s = &story.summary;
    if !s.lines.is_empty() {
        out.push_str("<h2>Summary</h2>\n<ol class=\"lines\">\n");
        for line in &s.lines {
            write!(out, "<li>{}", esc(&line.text))?;
            if let Some(d) = docs.get(line.doc as usize) {
                write!(
                    out,
                    " <small>— <a href=\"#m{}\">{}</a></small>",
                    line.doc,
                    esc(short_name(d))
                )?;
            }
            out.push_str("</li>\n");
        }
        out.push_str("</ol>\n");
    }
    if !s.quotes.is_empty() {
        out.push_str("<h2>Quotes</h2>\n");
        for q in &s.quotes {
            write!(out, "<blockquote><p>“{}”</p>", esc(&q.text))?;
            let carriers: Vec<(u32, &Meta)> = q
                .docs
                .iter()
                .filter_map(|&i| Some((i, docs.get(i as usize)?)))
                .collect();
            if !carriers.is_empty() {
                out.push_str("<small class=\"carried\">carried by ");
                for (k, (i, d)) in carriers.iter().enumerate() {
                    let sep = if k > 0 { ", " } else { "" };
                    write!(out, "{sep}<a href=\"#m{i}\">{}</a>", esc(short_name(d)))?;
                }
                out.push_str("</small>");
            }
            out.push_str("</blockquote>\n");
        }
    }
    if !s.entities.is_empty() {
        out.push_str("<h2>Names</h2>\n<ul class=\"chips\">");
        for e in &s.entities {
            write!(out, "<li>{}</li>", esc(e))?;
        }
        out.push_str("</ul>\n");
    }
    Ok(())
}

/// `site: title` for a reference to a member from another place on the page.
fn reference(d: &Meta) -> String {
    match d.title.as_deref().filter(|t| !t.trim().is_empty()) {
        Some(t) => format!("{}: {}", short_name(d), clip(t, 80)),
        None => short_name(d).to_string(),
    }
}

/// How a direction was decided, in words.
fn basis_text(b: Basis) -> String {
    match b {
        Basis::Undetermined => "direction undetermined".to_string(),
        b => format!("by {}", b.as_str()),
    }
}

/// The members as a table sorted by publication date, undated last.
fn timeline(out: &mut String, docs: &[Meta], story: &Story) -> fmt::Result {
    let mut members: Vec<(usize, &crate::model::Member, &Meta)> = story
        .members
        .iter()
        .enumerate()
        .filter_map(|(k, m)| Some((k, m, docs.get(m.doc as usize)?)))
        .collect();
    members.sort_by_key(|(k, _, d)| (d.published.as_ref().map_or(i64::MAX, |p| p.0), *k));
    out.push_str(
        "<h2>Timeline</h2>\n<table class=\"cards timeline\">\n<thead><tr><th>Published</th><th>Site</th>\
         <th>Title</th><th>Role</th><th>Relation</th><th>Derived from</th></tr></thead>\n<tbody>\n",
    );
    for (_, m, d) in members {
        let date = d
            .published
            .as_ref()
            .map_or_else(|| "undated".to_string(), |p| ymd(p.0));
        write!(
            out,
            "<tr id=\"m{}\" data-id=\"{}\"><td class=\"m nowrap\">{date}</td><td class=\"m site\">{}</td><td>",
            m.doc,
            esc(&d.id),
            esc(d.site.as_deref().unwrap_or("")),
        )?;
        let title = d.title.as_deref().filter(|t| !t.trim().is_empty());
        let shown = clip(title.unwrap_or(&d.id), 2 * TITLE_CHARS);
        match d.url.as_deref().map(|u| (u, web_url(u))) {
            Some((_, Some(url))) => write!(
                out,
                "<a href=\"{}\" rel=\"noopener noreferrer\">{}</a>",
                esc(url),
                esc(&shown)
            )?,
            Some((raw, None)) => write!(
                out,
                "{}<br><small>{} (not a web address, not linked)</small>",
                esc(&shown),
                esc(&clip(raw, TITLE_CHARS))
            )?,
            None => write!(out, "{}", esc(&shown))?,
        }
        if title.is_some() {
            write!(out, "<br><small>{}</small>", esc(&clip(&d.id, TITLE_CHARS)))?;
        }
        write!(out, "</td><td class=\"m\">{}</td>", badge(m.role))?;
        let relation = relation_cell(m, docs)?;
        let from = from_cell(m, docs, story);
        cell(out, "relation", &relation);
        cell(out, "from", &from);
        out.push_str("</td></tr>\n");
    }
    out.push_str("</tbody>\n</table>\n");
    Ok(())
}

/// A member's relation as the timeline shows it, with the member it is with.
fn relation_cell(m: &crate::model::Member, docs: &[Meta]) -> Result<String, fmt::Error> {
    let mut relation = String::new();
    if let Some(r) = m.relation {
        // A report or original whose strongest link is a derivation is that copy's
        // source: say so, rather than call the report a spin.
        let source = matches!(m.role, Role::Original | Role::Report) && r.is_copy();
        let (name, word) = match source {
            true => (
                format!("source of a {}", r.as_str().replace('_', " ")),
                "by",
            ),
            false => (r.as_str().replace('_', " "), "with"),
        };
        write!(relation, "{}", esc(&name))?;
        let with = m.related_to.filter(|t| Some(*t) != m.derived_from);
        if let Some((t, other)) = with.and_then(|t| Some((t, docs.get(t as usize)?))) {
            write!(
                relation,
                " <small>{word} <a href=\"#m{t}\">{}</a></small>",
                esc(short_name(other))
            )?;
        }
    }
    Ok(relation)
}

/// Whom a member derives from, how that was decided, and a link to what it changed.
fn from_cell(m: &crate::model::Member, docs: &[Meta], story: &Story) -> String {
    let mut from = Vec::new();
    if let Some((s, src)) = m
        .derived_from
        .and_then(|s| Some((s, docs.get(s as usize)?)))
    {
        from.push(format!("<a href=\"#m{s}\">{}</a>", esc(&reference(src))));
        if let Some(b) = m.basis {
            from.push(format!("<small>{}</small>", basis_text(b)));
        }
    }
    if m.derived_from.is_none() && m.basis == Some(Basis::Undetermined) {
        from.push(format!(
            "<small>{}</small>",
            basis_text(Basis::Undetermined)
        ));
    }
    if let Some(i) = story.derivations.iter().position(|x| x.doc == m.doc) {
        from.push(format!("<small><a href=\"#d{i}\">what changed</a></small>"));
    }
    from.join("<br>")
}

/// A labelled cell of the timeline; an empty one shows a dash, and no line on a phone.
fn cell(out: &mut String, label: &str, html: &str) {
    if html.is_empty() {
        out.push_str("<td class=\"none\">—</td>");
    } else {
        out.push_str("<td data-l=\"");
        out.push_str(label);
        out.push_str("\">");
        out.push_str(html);
        out.push_str("</td>");
    }
}

/// A share in [0, 1] as a percentage; a value that is not a number shows as a dash.
fn percent(x: f64) -> String {
    if x.is_finite() {
        format!("{:.0}%", x.clamp(0.0, 1.0) * 100.0)
    } else {
        "–".to_string()
    }
}

/// One derivation: the aligned sentences side by side, the changed words marked.
fn derivation(out: &mut String, docs: &[Meta], i: usize, d: &Derivation) -> fmt::Result {
    let (Some(der), Some(src)) = (docs.get(d.doc as usize), docs.get(d.source as usize)) else {
        return Ok(());
    };
    write!(
        out,
        "<section id=\"d{i}\">\n<h2>What {der_name} changed from {src_name}</h2>\n\
         <p class=\"facts\">Retelling: <a href=\"#m{}\">{}</a><br>Source: <a href=\"#m{}\">{}</a></p>\n\
         <p class=\"facts\">{}, covering {} of {der_name}&#39;s text. \
         <span class=\"key\"><del>Words</del> only the source has, <ins>words</ins> only the retelling has.</span></p>\n",
        d.doc,
        esc(&reference(der)),
        d.source,
        esc(&reference(src)),
        count(d.pairs.len(), "aligned sentence", "aligned sentences"),
        percent(d.coverage),
        der_name = esc(short_name(der)),
        src_name = esc(short_name(src)),
    )?;
    if d.pairs.is_empty() {
        return out.write_str("</section>\n");
    }
    write!(
        out,
        "<table class=\"pairs cards\">\n<thead><tr><th>{} (source)</th><th>{}</th>\
         <th class=\"n\">Similarity</th></tr></thead>\n<tbody>\n",
        esc(short_name(src)),
        esc(short_name(der)),
    )?;
    for p in &d.pairs {
        out.push_str("<tr><td class=\"src\">");
        pieces(out, &p.source, "del")?;
        out.push_str("</td><td class=\"der\">");
        pieces(out, &p.derived, "ins")?;
        let sim = if p.similarity.is_finite() {
            format!("{:.2}", p.similarity.clamp(0.0, 1.0))
        } else {
            "–".to_string()
        };
        writeln!(
            out,
            "</td><td class=\"n\">{sim}<span class=\"u\"> similar</span></td></tr>"
        )?;
    }
    out.write_str("</tbody>\n</table>\n</section>\n")
}

/// A sentence's pieces, the changed ones wrapped in `tag` (`del` or `ins`).
fn pieces(out: &mut String, pieces: &[Piece], tag: &str) -> fmt::Result {
    for p in pieces {
        if p.changed {
            write!(out, "<{tag}>{}</{tag}>", esc(&p.text))?;
        } else {
            write!(out, "{}", esc(&p.text))?;
        }
    }
    Ok(())
}
