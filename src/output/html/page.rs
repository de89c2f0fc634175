//! The frame every report page shares, and the facts about a story both page kinds show.
//!
//! A page is self-contained: its stylesheet is inlined, it loads nothing, and its
//! Content-Security-Policy forbids loading anything and running any script but the index's
//! filter, named by its hash, so a text that escaped escaping still could not act.

use std::fmt::{self, Write};

use super::escape::{clip, esc};
use crate::extract::date::ymd;
use crate::model::{Meta, Role, Story};

/// The stylesheet, inlined into every page.
const CSS: &str = include_str!("style.css");

/// The index page's filter box: shows the box (hidden when scripts do not run) and hides the
/// rows whose text does not hold what is typed.
pub(super) const FILTER_JS: &str = "var q=document.getElementById(\"q\"),r=document.querySelectorAll(\"#stories tbody tr\");q.hidden=false;q.addEventListener(\"input\",function(){var t=q.value.toLowerCase();for(var i=0;i<r.length;i++)r[i].hidden=r[i].textContent.toLowerCase().indexOf(t)<0;});";

/// The CSP source for [`FILTER_JS`]: its SHA-256 in base64, as
/// `printf %s "$FILTER_JS" | openssl dgst -sha256 -binary | base64` gives (a test checks it).
pub(super) const FILTER_JS_HASH: &str = "sha256-Eb65Xeum/t5v4myuXthIAOqJwNyJPv1OIplMLgV87kk=";

/// Characters of a title shown in the index and in references to a member: enough to read,
/// and bounded so a hostile title cannot swell a page.
pub(super) const TITLE_CHARS: usize = 160;

/// Writes the start of a page up to `<main>`: the policy, the viewport, the title and the
/// style. `script` says whether the page runs [`FILTER_JS`].
pub(super) fn head(out: &mut String, title: &str, script: bool) -> fmt::Result {
    let script_src = if script {
        format!("'{FILTER_JS_HASH}'")
    } else {
        "'none'".to_string()
    };
    write!(
        out,
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; \
         style-src 'unsafe-inline'; script-src {script_src}; base-uri 'none'; form-action 'none'\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"referrer\" content=\"no-referrer\">\n\
         <title>{}</title>\n<style>\n{CSS}</style>\n</head>\n<body>\n<main>\n",
        esc(&clip(title, TITLE_CHARS))
    )
}

/// Writes the end of a page, with the filter script when `script` is set.
pub(super) fn foot(out: &mut String, script: bool) -> fmt::Result {
    out.push_str("</main>\n");
    if script {
        writeln!(out, "<script>{FILTER_JS}</script>")?;
    }
    out.push_str("</body>\n</html>\n");
    Ok(())
}

/// `1 story`, `2 stories`: a count with its noun, singular or plural.
pub(super) fn count(n: usize, one: &str, many: &str) -> String {
    format!(
        "{} {}",
        thousands(n as u64),
        if n == 1 { one } else { many }
    )
}

/// A count with thousands separators: `12,345`.
pub(super) fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// The roles in the order a story lists them.
pub(super) const ROLES: [Role; 5] = [
    Role::Original,
    Role::Copy,
    Role::Spin,
    Role::Rewrite,
    Role::Report,
];

/// A role's position in [`ROLES`].
fn role_slot(role: Role) -> usize {
    ROLES.iter().position(|r| *r == role).unwrap_or(0)
}

/// A role as a coloured badge.
pub(super) fn badge(role: Role) -> String {
    let r = role.as_str();
    format!("<span class=\"badge r-{r}\">{r}</span>")
}

/// A language's English name from its ISO 639-3 code, for the languages news is most often
/// written in; any other code is shown as it is.
pub(super) fn language_name(code: &str) -> String {
    let name = match code {
        "eng" => "English",
        "fra" => "French",
        "deu" => "German",
        "spa" => "Spanish",
        "ita" => "Italian",
        "por" => "Portuguese",
        "rus" => "Russian",
        "ukr" => "Ukrainian",
        "pol" => "Polish",
        "nld" => "Dutch",
        "tur" => "Turkish",
        "ara" => "Arabic",
        "cmn" => "Chinese",
        "jpn" => "Japanese",
        "kor" => "Korean",
        "hin" => "Hindi",
        "ell" => "Greek",
        "swe" => "Swedish",
        _ => return code.to_string(),
    };
    name.to_string()
}

/// What both page kinds say about a story, its out-of-range members left out.
pub(super) struct Facts<'a> {
    /// Members whose document is known.
    pub size: usize,
    /// Distinct sites, sorted.
    pub sites: Vec<&'a str>,
    /// The members' languages, most members first.
    pub languages: Vec<&'a str>,
    /// The earliest and latest publication times among members.
    pub first: Option<i64>,
    /// See `first`.
    pub last: Option<i64>,
    /// How many members hold each role of [`ROLES`].
    pub roles: [usize; 5],
    /// The headline: the summary's, else the original's title, else its id.
    pub headline: &'a str,
}

impl<'a> Facts<'a> {
    /// Gathers the facts of `story` from `docs`.
    pub fn of(docs: &'a [Meta], story: &'a Story) -> Facts<'a> {
        let mut facts = Facts {
            size: 0,
            sites: Vec::new(),
            languages: Vec::new(),
            first: None,
            last: None,
            roles: [0; 5],
            headline: "",
        };
        for m in &story.members {
            let Some(d) = docs.get(m.doc as usize) else {
                continue;
            };
            facts.size += 1;
            facts.roles[role_slot(m.role)] += 1;
            facts
                .sites
                .extend(d.site.as_deref().filter(|s| !s.trim().is_empty()));
            if let Some((t, _)) = d.published {
                facts.first = Some(facts.first.map_or(t, |f| f.min(t)));
                facts.last = Some(facts.last.map_or(t, |l| l.max(t)));
            }
        }
        facts.sites.sort_unstable();
        facts.sites.dedup();
        let known = story
            .members
            .iter()
            .filter_map(|m| docs.get(m.doc as usize));
        facts.languages = crate::output::stories::languages(known);
        let original = story
            .members
            .iter()
            .find(|m| m.role == Role::Original && docs.get(m.doc as usize).is_some())
            .or_else(|| {
                story
                    .members
                    .iter()
                    .find(|m| docs.get(m.doc as usize).is_some())
            })
            .and_then(|m| docs.get(m.doc as usize));
        let given = |s: &'a Option<String>| s.as_deref().filter(|s| !s.trim().is_empty());
        facts.headline = given(&story.summary.headline)
            .or_else(|| original.and_then(|d| given(&d.title)))
            .or_else(|| original.map(|d| d.id.as_str()))
            .unwrap_or("untitled story");
        facts
    }

    /// The time span: `first – last`, one date when they agree, `undated` without dates.
    pub fn span(&self) -> String {
        match (self.first, self.last) {
            (Some(f), Some(l)) if ymd(f) != ymd(l) => format!("{} – {}", ymd(f), ymd(l)),
            (Some(f), _) => ymd(f),
            _ => "undated".to_string(),
        }
    }

    /// The roles present: `1 original · 2 spin · 3 report`.
    pub fn roles_text(&self) -> String {
        let parts: Vec<String> = ROLES
            .iter()
            .zip(self.roles)
            .filter(|(_, n)| *n > 0)
            .map(|(r, n)| format!("{n} {}", r.as_str()))
            .collect();
        parts.join(" · ")
    }
}

/// How a document is named where space is short: its site, else its id.
pub(super) fn short_name(meta: &Meta) -> &str {
    meta.site
        .as_deref()
        .filter(|s| !s.trim().is_empty())
        .unwrap_or(&meta.id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_read_as_words() {
        assert_eq!(count(1, "story", "stories"), "1 story");
        assert_eq!(count(1234, "story", "stories"), "1,234 stories");
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(1_000_000), "1,000,000");
    }
}
