//! A page's masthead and credits in text without markup: its title and site, and the lines that
//! say who made the story and where it ran (bylines, credit lines, dates, sections, counts).
//!
//! A crawled page repeats its title: once from the page head (often with " – Site" after it),
//! once as the headline, sometimes in another quote style. Lines are compared by a key that keeps
//! only letters and digits, lowercased, so quotes, apostrophes, dashes and spacing never matter,
//! and each line is also tried without a site suffix. A line matching the input's title hint
//! wins; then a line that repeats; then, without a hint, a first line shaped like a title. The
//! head's other lines ("By Jane Doe", "June 18, 2021", "World", "191") are judged by
//! [`head_line`], mostly as chrome that holds only above the first paragraph; credit lines
//! ("The Associated Press contributed to this report.", "(c) BBC") by [`credit_line`].

use super::chrome::{has_any, Signal, Strength, Verdict, Vocab};
use super::text::{ends_sentence, fold_into, strip_bullet};
use crate::model::ChromeKind;

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
        && !lower.split_whitespace().any(|w| HEAD.has("section", w));
    (domain || name).then(|| tidy(text))
}

/// The lines of a page's head around its title, judged alone: bylines ("By Jane Doe", "Written
/// by jdoe", "— Jane Doe"), a bare name or an outlet in capitals, section names, dates and share
/// counts. `orig` is the line without its bullet, `core` the same folded.
pub(crate) fn head_line(
    orig: &str,
    core: &str,
    words: usize,
    bullet: Option<char>,
) -> Option<Verdict> {
    if words > 15 {
        return None;
    }
    if words <= 10 && HEAD.opens("byline", core) && !core.ends_with('.') {
        return Some(Verdict::of(ChromeKind::Author, Strength::Strong));
    }
    // A dashed name closes a column ("— Jane Doe") but also lists ("– Acme Corp"): only at the
    // body's edges is it surely a sign-off.
    let signed = matches!(bullet, Some('\u{2014}' | '\u{2013}')) && words <= 4;
    let by = core.strip_prefix("by ").filter(|rest| {
        // "By The Associated Press" is a byline; "BY THE NUMBERS" is a heading.
        !rest.starts_with("the ") || HEAD.within("outlet", rest)
    });
    // Folding keeps "by " three bytes long, so the names start at the same place in `orig`.
    if let Some(name) = by.and_then(|_| orig.get(3..)).or(signed.then_some(orig)) {
        // "By Jane Doe | June 18, 2021": the names come before the first separator.
        let names = name
            .split(['|', '\u{2022}', '\u{b7}', '\u{2014}', '\u{2013}'])
            .next()
            .unwrap_or("");
        let finished = name.trim_end().ends_with('.') && words > 5;
        let strength = if signed {
            Strength::Edge
        } else {
            Strength::Strong
        };
        if !finished && is_name_list(names) {
            return Some(Verdict::of(ChromeKind::Author, strength));
        }
    }
    let bare = core.trim_end_matches([':', ' ', '.']);
    let sections = bare.split(|c: char| c.is_whitespace() || "/|>,\u{bb}".contains(c));
    let digits = orig.contains(|c: char| c.is_ascii_digit());
    // With a colon a line in capitals is a transcript's speaker ("JANE DOE, HOST:") or a heading.
    let label = orig.contains(':');
    let capitals = orig.chars().filter(|c| c.is_alphabetic()).count() >= 4
        && !orig.chars().any(char::is_lowercase)
        && !ends_sentence(orig);
    let (kind, strength) = if words <= 6
        && sections
            .filter(|w| !w.is_empty())
            .all(|w| HEAD.has("section", w))
    {
        (ChromeKind::Nav, Strength::Head)
    } else if words <= 4 && capitals && !digits && !label {
        // An outlet or a dateline in capitals above the first paragraph: "USA TODAY".
        (ChromeKind::Nav, Strength::Head)
    } else if (2..=6).contains(&words)
        && !digits
        && !label
        && !ends_sentence(orig)
        && is_name_list(orig)
    {
        (ChromeKind::Author, Strength::HeadPair)
    } else if is_date_line(core, words) {
        let stamped = has_any(core, "updated|published|posted|ago|modified");
        (
            ChromeKind::Other,
            if stamped {
                Strength::Strong
            } else {
                Strength::Head
            },
        )
    } else if is_count(core) {
        // Share counts sit by the title; a number lower down is a table's or a chart's.
        (ChromeKind::Share, Strength::Head)
    } else {
        return None;
    };
    Some(Verdict::of(kind, strength))
}

/// Credit lines, which say who made the story and end it: "The Associated Press contributed to
/// this report.", a wire's sign-off ("(Reporting by Jane Doe)", "REUTER"), "(c) BBC". A notice
/// that reserves rights or forbids copying ends it too, as legal text.
pub(crate) fn credit_line(orig: &str, core: &str, bare: &str, words: usize) -> Option<Verdict> {
    let ends = |kind| Some(Verdict::of(kind, Strength::Strong).with(Signal::Ends));
    let contributed = core.contains("contributed") && HEAD.within("contributed", core);
    // "First published in 1851, the paper..." is a sentence; a date or a name is a note.
    let clause = core
        .split(", ")
        .skip(1)
        .any(|p| p.starts_with(char::is_alphabetic));
    let published = HEAD.opens("published", core) && words <= 12 && !clause;
    // A wire's sign-off ("REUTER") ends the article and captions nothing.
    let wire = HEAD.has("wire", bare);
    if words <= 40 && (contributed || is_sign_off(orig, core)) || published || wire {
        return ends(ChromeKind::Credit);
    }
    let reserved = words <= 20 && core.contains("rights reserved");
    let copying = core.contains("may not") || core.contains("without");
    let forbidden = words <= 60 && copying && HEAD.within("redistribution", core);
    let legal = if reserved || forbidden {
        ChromeKind::Legal
    } else {
        ChromeKind::Credit
    };
    let after = (core.strip_prefix('\u{a9}').map(|r| (r, 40)))
        .or_else(|| core.strip_prefix("(c) ").map(|r| (r, 8)))
        .or_else(|| core.strip_prefix("copyright").map(|r| (r, 40)));
    if let Some((rest, _)) = after.filter(|&(_, most)| words <= most) {
        // The year or the holder must follow: "Copyright law says..." is a sentence.
        let rest = rest.trim_start_matches([' ', '\u{a9}', ':']);
        let rest = rest.strip_prefix("(c)").unwrap_or(rest).trim_start();
        let next = orig
            .get(orig.len().saturating_sub(rest.len())..)
            .and_then(|r| r.chars().next());
        if next.is_some_and(|c| c.is_uppercase() || c.is_ascii_digit()) {
            return ends(legal);
        }
    }
    if reserved || forbidden {
        return ends(ChromeKind::Legal);
    }
    None
}

/// True for a wire's sign-off: "(Reporting by Jane Doe in Paris; Editing by John Roe)".
fn is_sign_off(orig: &str, core: &str) -> bool {
    let open = ['(', '['];
    if !HEAD.opens("sign-off", core.trim_start_matches(open)) {
        return false;
    }
    // Every part names people: "Edited by the board, the report..." is a sentence.
    let inner = orig
        .trim_start_matches(open)
        .trim_end_matches([')', ']', '.']);
    inner
        .split(';')
        .filter(|p| !p.trim().is_empty())
        .all(|part| {
            let names = part.split(" by ").nth(1).unwrap_or("");
            is_name_list(names.split(" in ").next().unwrap_or(""))
        })
}

/// True when `s` (in its own case) is a list of names: "Jane Doe, John Roe and Jim Poe".
pub(crate) fn is_name_list(s: &str) -> bool {
    let mut names = 0;
    for w in s.split_whitespace() {
        let w = w.trim_matches(|c: char| ",;()\"".contains(c));
        if w.is_empty() || HEAD.has("joiner", w) {
            continue;
        }
        if !w.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit() || c == '@') {
            return false;
        }
        names += 1;
    }
    (1..=12).contains(&names)
}

/// True when a line is only a date or time: "June 18, 2021 at 3:02 pm", "Updated 6 hours ago".
/// A page's date has a year with its month, a clock time or a publishing word; "Tuesday, 1
/// March" and "2000 GMT" head a sports fixture, and "Year ago - 1453.8" is a table row.
fn is_date_line(core: &str, words: usize) -> bool {
    // "...effective June 19, 1987." ends a wrapped sentence; "5 p.m." ends on an abbreviation.
    let last = core.split_whitespace().next_back().unwrap_or("");
    let sentence = last.ends_with('.') && !last.trim_end_matches('.').contains('.');
    if words > 12 || sentence || !core.contains(|c: char| c.is_ascii_digit()) {
        return false;
    }
    let (mut named, mut year, mut clock) = (false, false, false);
    for w in core.split(|c: char| c.is_whitespace() || ",|()".contains(c)) {
        let w = w.trim_end_matches('.');
        if w.is_empty() || HEAD.has("filler", w) {
            continue;
        }
        named |= HEAD.has("month", w);
        let time =
            w.contains(':') || ["am", "pm", "a.m", "p.m"].contains(&w) || (w == "ago" && !named);
        clock |= time;
        let digits = w.trim_end_matches(|c: char| c.is_ascii_alphabetic());
        let numeric = !digits.is_empty()
            && digits
                .chars()
                .all(|c| c.is_ascii_digit() || "/-.".contains(c));
        if !(HEAD.has("month", w) || time || numeric && digits.len() + 2 >= w.len()) {
            return false;
        }
        let dated = digits.len() == 4 && (digits.starts_with("19") || digits.starts_with("20"));
        year |= numeric && (dated || digits.contains(['/', '-']));
    }
    let stamped = has_any(core, "updated|published|posted");
    let ago = core.contains("ago") && core.starts_with(|c: char| c.is_ascii_digit());
    (named && year) || clock && (ago || !core.contains("ago")) || stamped
}

/// True when a line is a share or like count: "0", "191", "1.2K".
fn is_count(core: &str) -> bool {
    let digits = core.strip_suffix(['k', 'm']).unwrap_or(core);
    (1..=8).contains(&core.len())
        && digits.starts_with(|c: char| c.is_ascii_digit())
        && digits
            .chars()
            .all(|c| c.is_ascii_digit() || c == ',' || c == '.')
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

/// Collapses runs of white space (no-break spaces included) to one space.
pub(crate) fn tidy(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The vocabularies of a page's head: byline openings, the joining words of names, outlets,
/// section names, months and days, and the filler words of dates.
static HEAD: Vocab = Vocab::new(
    "#contributed|contributed to this report|contributed to this story|contributed to this article|\
    contributed reporting|contributed to this post|contributed to the report|contributed \
    additional reporting|#sign-off|reporting by |additional reporting by |writing by |editing by |\
    edited by |compiled by |#redistribution|material may not be|content may not be|article may not \
    be|story may not be|it may not be reproduced|rewritten or redistributed|without prior written \
    permission|without express written permission|#wire|reuters|reuter|ap|afp|xinhua|associated \
    press|the associated press|upi|dpa|anadolu|bloomberg|#byline|written by |posted by |published \
    by |words by |story by |text by |author: |authors: |by: |contributor: |#joiner|and|&|de|da|dos|\
    van|von|der|den|la|le|di|du|del|bin|al|el|the|of|y|e|-|\u{2013}|\u{2014}|via|for|by|courtesy|\
    file|handout|pool|photo|#outlet|press|associated|times|post|news|staff|editorial|board|editors|\
    wire|reuters|agency|journal|tribune|herald|globe|telegraph|guardian|bureau|#section|world|news|\
    politics|business|sport|sports|opinion|opinions|analysis|technology|tech|science|health|\
    entertainment|culture|lifestyle|life|local|national|international|us|u.s|uk|europe|asia|africa|\
    americas|middle|east|economy|markets|money|home|latest|breaking|top|stories|videos|photos|live|\
    features|feature|editorial|editorials|commentary|op-ed|investigations|education|travel|food|\
    arts|books|style|environment|climate|weather|crime|law|media|religion|nation|metro|columns|\
    column|blogs|blog|podcasts|podcast|and|&|global|pacific|latin|america|motoring|property|\
    obituaries|letters|perspective|exclusive|special|report|investigation|fact|check|#month|\
    january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|\
    mar|apr|jun|jul|aug|sep|sept|oct|nov|dec|monday|tuesday|wednesday|thursday|friday|saturday|\
    sunday|mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun|#filler|at|on|updated|published|posted|last|\
    modified|hours|hour|minutes|minute|days|day|weeks|week|months|month|years|year|mins|hrs|min|hr|\
    of|the|-|/|\u{2022}|\u{b7}|a|an|et|edt|est|ct|cdt|cst|pt|pdt|pst|gmt|utc|bst|cet|cest|ist|\
    #published|first published |originally published ",
);

#[cfg(test)]
mod tests {
    use super::*;

    fn cands<'a>(lines: &[&'a str]) -> Vec<Candidate<'a>> {
        lines
            .iter()
            .map(|t| Candidate {
                text: t,
                words: t.split_whitespace().count(),
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
