//! Owns a page's title in text without markup: which of its first lines is the headline, and
//! the site name a repeat or a leading line gives.
//!
//! A crawled page repeats its title: once from the page head (often with " – Site" after it),
//! once as the headline, sometimes in another quote style. Lines are compared by a key that keeps
//! only letters and digits, lowercased, so quotes, apostrophes, dashes and spacing never matter,
//! and each line is also tried without a site suffix. A line matching the input's title hint
//! wins; then a line that repeats; then, without a hint, a first line shaped like a title. The
//! head's other lines ("By Jane Doe", "June 18, 2021", "World", "191") are `head`'s to judge.

use super::lines::{ends_sentence, fold_into, strip_bullet, tidy};
use super::words::SECTION_NAMES;

/// How many leading units may hold the title: crawled heads carry a site name, sections, a
/// date and the title twice, and no more than this in the seeds or the haystack corpora.
const ZONE_UNITS: usize = 12;

/// A unit longer than this many words is a paragraph: the title zone ends before it.
const TITLE_MAX_WORDS: usize = 30;

/// How far apart a title's repeats may stand: the seeds put at most a section name and a site
/// line between them, and a title repeated further down is a heading inside the article.
const REPEAT_GAP: usize = 4;

/// The title found among a page's first units.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Found {
    /// The title as the page writes it, without a site suffix, spaces tidied.
    pub title: String,
    /// The site name, when a suffix was confirmed by a repeat or the hint, or a site line led.
    pub site: Option<String>,
    /// Indexes of every unit that is the title (its repeats included), in order.
    pub lines: Vec<usize>,
}

/// One unit as the title search sees it: its text and whether a line rule called it chrome.
pub(crate) struct Candidate<'a> {
    /// The unit's text, trimmed.
    pub text: &'a str,
    /// Its word count.
    pub words: usize,
    /// A line rule found chrome in it.
    pub chrome: bool,
}

/// Finds the title among the first units of a page.
pub(crate) fn find_title(units: &[Candidate<'_>], hint: Option<&str>) -> Option<Found> {
    // The zone ends at the first paragraph: a sentence is not a title ("U.S." may end one).
    let prose = |u: &Candidate<'_>| {
        u.words > TITLE_MAX_WORDS
            || (u.words >= 10 && ends_sentence(u.text) && !looks_like_title(u.text, u.words))
    };
    let zone = units
        .iter()
        .take(ZONE_UNITS)
        .take_while(|u| !prose(u))
        .count();
    let keys: Vec<Keys> = units[..zone].iter().map(|u| Keys::of(u.text)).collect();
    let hint_keys = hint.map(Keys::of).filter(|k| !k.full.is_empty());
    let pick = |i: usize| !units[i].chrome && keys[i].full.len() >= 4;
    let near = |i: usize| (i + 1..zone.min(i + 1 + REPEAT_GAP)).any(|j| keys[i].meets(&keys[j]));
    // A repeated line is the title if it is shaped like one and, when the input named a title,
    // shares most of its words: pages repeat captions and "This article is N years old" too.
    let repeat = |i: usize| {
        let shaped = looks_like_title(units[i].text, units[i].words);
        let agrees = hint_keys
            .as_ref()
            .is_none_or(|h| overlap(&keys[i].full, &h.full) >= 0.5);
        pick(i) && units[i].words >= 2 && shaped && agrees && near(i)
    };
    let first = hint_keys
        .as_ref()
        .and_then(|h| (0..zone).find(|&i| pick(i) && keys[i].meets(h)))
        .or_else(|| (0..zone).find(|&i| repeat(i)));
    let Some(first) = first else {
        return if hint.is_none() {
            first_line(units)
        } else {
            None
        };
    };
    let mut lines = vec![first];
    for j in first + 1..zone {
        if j - lines[lines.len() - 1] <= REPEAT_GAP && keys[first].meets(&keys[j]) {
            lines.push(j);
        }
    }
    // A suffix is a site only when another line or the hint has the title without it.
    let bare_elsewhere = |bare: &str| {
        lines.iter().any(|&j| keys[j].full == bare)
            || hint_keys.as_ref().is_some_and(|h| h.full == bare)
    };
    let text = strip_bullet(units[first].text).0;
    let (title, site) = match split_suffix(text) {
        Some((head, site)) if bare_elsewhere(&key(head)) => (head, Some(tidy(site))),
        _ => (text, None),
    };
    let site = site
        .or_else(|| {
            hint.and_then(split_suffix)
                .filter(|(head, _)| key(head) == keys[first].full)
                .map(|(_, s)| tidy(s))
        })
        .or_else(|| leading_site(units, first));
    Some(Found {
        title: tidy(title),
        site,
        lines,
    })
}

/// The fallback: the first content line, when it is shaped like a title and text follows it.
fn first_line(units: &[Candidate<'_>]) -> Option<Found> {
    let i = units.iter().position(|u| !u.chrome)?;
    let unit = &units[i];
    let rest = units[i + 1..].iter().any(|u| !u.chrome);
    if !rest || !looks_like_title(unit.text, unit.words) {
        return None;
    }
    // Without a repeat to confirm it, only a pipe marks a site suffix surely enough.
    let text = strip_bullet(unit.text).0;
    let (title, site) = match split_suffix(text) {
        Some((head, site)) if text.contains(" | ") => (head, Some(tidy(site))),
        _ => (text, None),
    };
    Some(Found {
        title: tidy(title),
        site,
        lines: vec![i],
    })
}

/// True when a line is shaped like a headline: short, and not ending like a sentence (an
/// abbreviation such as "U.S." may end it).
pub(crate) fn looks_like_title(text: &str, words: usize) -> bool {
    if !(2..=TITLE_MAX_WORDS).contains(&words) || text.len() > 250 {
        return false;
    }
    let last = text.split_whitespace().next_back().unwrap_or("");
    let abbreviation = last.trim_end_matches('.').contains('.')
        || ["Jr.", "Sr.", "Inc.", "Co.", "Corp.", "Ltd.", "St."].contains(&last);
    !text.ends_with([':', ',', ';']) && (!text.ends_with('.') || abbreviation)
}

/// A site name on the first line above the title ("Example Review"), when it is short,
/// capitalized, and not a section name.
fn leading_site(units: &[Candidate<'_>], title: usize) -> Option<String> {
    let first = units.first().filter(|_| title > 0)?;
    let text = first.text;
    let mut lower = String::new();
    fold_into(text, &mut lower);
    let domain = !text.contains(' ') && text.contains('.') && !text.ends_with('.');
    let name = (1..=4).contains(&first.words)
        && text
            .split_whitespace()
            .all(|w| w.starts_with(char::is_uppercase))
        && !ends_sentence(text)
        && !lower.split_whitespace().any(|w| SECTION_NAMES.has(w));
    (domain || name).then(|| tidy(text))
}

/// A line's comparison keys: the whole line, the line without a site suffix, and the line
/// without a label before a colon ("OPINION: ...", "Analysis: ...").
struct Keys {
    full: String,
    head: Option<String>,
    tail: Option<String>,
}

impl Keys {
    fn of(text: &str) -> Keys {
        let tail = text
            .split_once(": ")
            .filter(|(label, rest)| label.split_whitespace().count() <= 3 && rest.len() >= 12)
            .map(|(_, rest)| key(rest));
        Keys {
            full: key(text),
            head: split_suffix(text).map(|(head, _)| key(head)),
            tail,
        }
    }

    /// True when the two lines are the same title, give or take a site suffix or a label.
    fn meets(&self, other: &Keys) -> bool {
        let same = |a: &str, b: &str| !a.is_empty() && a == b;
        let mine = [Some(&self.full), self.head.as_ref(), self.tail.as_ref()];
        mine.iter().flatten().any(|a| same(a, &other.full))
            || [&other.head, &other.tail]
                .iter()
                .filter_map(|k| k.as_ref())
                .any(|b| same(&self.full, b))
    }
}

/// The share of the shorter key's words that the other key holds too.
fn overlap(a: &str, b: &str) -> f64 {
    let (a, b): (Vec<&str>, Vec<&str>) = (a.split(' ').collect(), b.split(' ').collect());
    let shared = a.iter().filter(|w| b.contains(w)).count();
    shared as f64 / a.len().min(b.len()).max(1) as f64
}

/// A comparison key: letters and digits lowercased, every other run of characters one space,
/// so "Kim’s “dialogue” – and" and "Kim's \"dialogue\" - and" meet.
pub(crate) fn key(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut gap = false;
    for c in text.chars() {
        if c.is_alphanumeric() {
            if gap && !out.is_empty() {
                out.push(' ');
            }
            gap = false;
            out.extend(c.to_lowercase());
        } else if !matches!(c, '\'' | '\u{2019}') {
            // An apostrophe joins its word ("Korea’s"), so its style cannot split keys.
            gap = true;
        }
    }
    out
}

/// Splits "Title – Site" at its last separator, when what follows is short enough for a name.
pub(crate) fn split_suffix(text: &str) -> Option<(&str, &str)> {
    let (at, sep) = [" | ", " \u{2013} ", " \u{2014} ", " - ", " :: ", " \u{b7} "]
        .iter()
        .filter_map(|sep| text.rfind(sep).map(|at| (at, sep.len())))
        .max_by_key(|&(at, _)| at)?;
    let (head, site) = (text[..at].trim(), text[at + sep..].trim());
    let site_words = site.split_whitespace().count();
    let ok =
        (1..=5).contains(&site_words) && site.len() <= 40 && head.split_whitespace().count() >= 2;
    ok.then_some((head, site))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cands<'a>(lines: &[&'a str]) -> Vec<Candidate<'a>> {
        lines
            .iter()
            .map(|t| Candidate {
                text: t,
                words: crate::extract::lines::count_words(t),
                chrome: false,
            })
            .collect()
    }

    #[test]
    fn keys_ignore_quotes_dashes_and_spacing() {
        assert_eq!(
            key("Mayor’s “plan” – and\u{a0}more"),
            key("Mayor's \"plan\" - and more")
        );
        assert_eq!(key("Mayor’s plan"), "mayors plan");
    }

    #[test]
    fn a_repeat_with_a_site_suffix_gives_the_title_and_the_site() {
        let units = cands(&[
            "Harbour Board Approves New Ferry Route – Coast Daily",
            "Local",
            "Harbour Board Approves New Ferry Route",
            "The harbour board voted on Tuesday to open a ferry route to the islands.",
        ]);
        let found = find_title(&units, None).expect("title");
        assert_eq!(found.title, "Harbour Board Approves New Ferry Route");
        assert_eq!(found.site.as_deref(), Some("Coast Daily"));
        assert_eq!(found.lines, vec![0, 2]);
    }

    #[test]
    fn a_dash_inside_a_title_is_not_a_suffix() {
        let units = cands(&[
            "Council votes to cut fares – and raise parking fees",
            "Council votes to cut fares - and raise parking fees",
            "The city council voted late on Monday to cut bus fares by a tenth.",
        ]);
        let found = find_title(&units, None).expect("title");
        assert_eq!(
            found.title,
            "Council votes to cut fares – and raise parking fees"
        );
        assert_eq!(found.site, None);
        assert_eq!(found.lines, vec![0, 1]);
    }

    #[test]
    fn the_hint_finds_the_title_after_a_site_line() {
        let units = cands(&[
            "Valley Herald",
            "Orchard growers brace for late frost",
            "Growers in the valley lit fires between the rows on Sunday night to save the buds.",
        ]);
        let found = find_title(
            &units,
            Some("Orchard Growers Brace for Late Frost | Valley Herald"),
        );
        let found = found.expect("title");
        assert_eq!(found.title, "Orchard growers brace for late frost");
        assert_eq!(found.site.as_deref(), Some("Valley Herald"));
        assert_eq!(found.lines, vec![1]);
    }

    #[test]
    fn a_first_line_needs_a_title_shape() {
        let title = cands(&[
            "Rail strike ends after U.S.",
            "Trains ran again on Friday morning.",
        ]);
        assert_eq!(
            find_title(&title, None).map(|f| f.title).as_deref(),
            Some("Rail strike ends after U.S.")
        );
        let prose = cands(&[
            "Trains ran again on Friday.",
            "The union agreed to the offer.",
        ]);
        assert_eq!(find_title(&prose, None), None);
        // With a hint that matches nothing, the first line is left as text.
        assert_eq!(find_title(&title, Some("Another headline entirely")), None);
    }
}
