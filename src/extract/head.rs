//! Owns the lines of a page's head and credits in text without markup: bylines, dates,
//! sections, share counts ([`head_line`]), and credit lines, sign-offs and redistribution
//! notices ([`credit_line`]), judged one line at a time. Most of them are chrome that holds only
//! above the first paragraph; `text` decides where that is.

use super::lines::{ends_sentence, has_any, Signal, Strength, Verdict};
use super::words::{
    BYLINE_OPENINGS, CALENDAR_WORDS, CONTRIBUTED, DATE_FILLER, NAME_JOINERS, OUTLET_WORDS,
    PUBLISHED_OPENINGS, REDISTRIBUTION, SECTION_NAMES, SIGN_OFFS, WIRES,
};
use crate::model::ChromeKind;

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
    if words <= 10 && BYLINE_OPENINGS.opens(core) && !core.ends_with('.') {
        return Some(Verdict::of(ChromeKind::Author, Strength::Strong));
    }
    // A dashed name closes a column ("— Jane Doe") but also lists ("– Acme Corp"): only at the
    // body's edges is it surely a sign-off.
    let signed = matches!(bullet, Some('\u{2014}' | '\u{2013}')) && words <= 4;
    let by = core.strip_prefix("by ").filter(|rest| {
        // "By The Associated Press" is a byline; "BY THE NUMBERS" is a heading.
        !rest.starts_with("the ") || OUTLET_WORDS.within(rest)
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
            .all(|w| SECTION_NAMES.has(w))
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
    let contributed = core.contains("contributed") && CONTRIBUTED.within(core);
    // "First published in 1851, the paper..." is a sentence; a date or a name is a note.
    let clause = core
        .split(", ")
        .skip(1)
        .any(|p| p.starts_with(char::is_alphabetic));
    let published = PUBLISHED_OPENINGS.opens(core) && words <= 12 && !clause;
    // A wire's sign-off ("REUTER") ends the article and captions nothing.
    let wire = WIRES.has(bare);
    if words <= 40 && (contributed || is_sign_off(orig, core)) || published || wire {
        return ends(ChromeKind::Credit);
    }
    let reserved = words <= 20 && core.contains("rights reserved");
    let copying = core.contains("may not") || core.contains("without");
    let forbidden = words <= 60 && copying && REDISTRIBUTION.within(core);
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
    if !SIGN_OFFS.opens(core.trim_start_matches(open)) {
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
        if w.is_empty() || NAME_JOINERS.has(w) {
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
        if w.is_empty() || DATE_FILLER.has(w) {
            continue;
        }
        named |= CALENDAR_WORDS.has(w);
        let time =
            w.contains(':') || ["am", "pm", "a.m", "p.m"].contains(&w) || (w == "ago" && !named);
        clock |= time;
        let digits = w.trim_end_matches(|c: char| c.is_ascii_alphabetic());
        let numeric = !digits.is_empty()
            && digits
                .chars()
                .all(|c| c.is_ascii_digit() || "/-.".contains(c));
        if !(CALENDAR_WORDS.has(w) || time || numeric && digits.len() + 2 >= w.len()) {
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
