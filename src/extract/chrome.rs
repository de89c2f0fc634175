//! Line rules for page chrome: what one line of a page is when it is not article text.
//!
//! Each rule reads a single line, lowercased and folded once, and answers with a [`Verdict`]: a
//! kind of chrome, how far the line alone can be trusted, and a [`Signal`] for the region logic
//! in `text`. Rules match whole short lines or fixed openings, never a word inside a long
//! sentence: a false positive cuts article text while a miss only leaves chrome behind, so every
//! rule errs on the side of keeping. Lines of the page's head and credits are judged in `head`;
//! the vocabularies are the typed rules and word lists of `rules`.

use std::sync::OnceLock;

use super::head;
use super::lines::MAX_CHROME_WORDS;
use super::lines::{count_words, ends_sentence, fold_into, has_any, strip_bullet, Signal, Verdict};
use super::rules::{Meets, RULES};
use super::words::{
    Words, APP_VERBS, CREDIT_AGENCIES, FOLLOW_OPENINGS, PHOTO_CREDIT_OPENINGS, PICTURE_WORDS,
    PITCH_VERBS, RELATED_MARKED, RELATED_OPENINGS, SHARE_BUTTONS, SHARE_FILLER, SHARE_OPENINGS,
    SUPPORT_OPENINGS, THREAD_NOUNS,
};
use crate::model::ChromeKind;

/// Longer lines are read from their opening and end only: the rules that look inside a line
/// match shorter ones in the haystack corpora, and skipping them halves the cost of a page.
const LONG_WORDS: usize = 40;

/// Classifies one trimmed line; `buf` holds its folded form, reused so that nothing allocates.
pub(crate) fn classify(line: &str, words: usize, buf: &mut String) -> Verdict {
    // Runs of spaces inside a line lay out a table (Reuters' earnings tables): data, not chrome.
    if words == 0 || words > MAX_CHROME_WORDS || line.contains("   ") {
        return Verdict::TEXT;
    }
    let (orig, bullet) = strip_bullet(line);
    let words = words - usize::from(bullet.is_some());
    let mut v = if words > LONG_WORDS {
        // A long line is chrome only by its opening, or by a credit glued to its end.
        let head = (0..=200.min(line.len()))
            .rev()
            .find(|&i| line.is_char_boundary(i));
        fold_into(&line[..head.unwrap_or(0)], buf);
        let opened = || opening(strip_bullet(buf).0, words).unwrap_or(Verdict::TEXT);
        glued_credit(orig).unwrap_or_else(opened)
    } else {
        fold_into(line, buf);
        rules(orig, strip_bullet(buf).0, words, bullet)
    };
    if let Some((at, _)) = v.second.as_mut() {
        // The rules saw the line without its bullet; the offset is into the whole line.
        *at += line.len() - orig.len();
    }
    v
}

/// The rules for a short line, in order of trust: the most specific patterns first.
fn rules(orig: &str, core: &str, words: usize, bullet: Option<char>) -> Verdict {
    let bare = core.trim_end_matches(|c: char| c.is_whitespace() || ":.…»>|-".contains(c));
    let v = whole_line(bare)
        .or_else(|| head::credit_line(orig, core, bare, words))
        .or_else(|| photo_credit(orig, core))
        .or_else(|| opening(core, words))
        .or_else(|| prefixed(core, words).map(Verdict::strong))
        .or_else(|| row(core, words))
        .or_else(|| head::head_line(orig, core, words, bullet))
        .unwrap_or(Verdict::TEXT);
    if v.signal != Signal::None || words > 12 {
        return v;
    }
    // "3 comments", "One thought on “Title”", "Liked by 4 people", "Jane says:".
    let mut tokens = core.split_whitespace();
    let count = tokens
        .next()
        .is_some_and(|t| t.parse::<u32>().is_ok() || t == "one");
    if count && tokens.next().is_some_and(|t| THREAD_NOUNS.has(t)) {
        v.with(Signal::Thread)
    } else if core.starts_with("liked by ") && bare.ends_with(['e', 'n']) {
        v.with(Signal::InComment)
    } else if words <= 8 && (core.ends_with(" says:") || core.ends_with(" said:")) {
        v.with(Signal::Says)
    } else {
        v
    }
}

/// Lines that are chrome as a whole: "Advertisement", "Share", "Read more", "Log in". Every
/// `=kind` vocabulary is merged into one sorted table, so that a line costs one binary search.
fn whole_line(bare: &str) -> Option<Verdict> {
    static TABLE: OnceLock<Vec<(&str, Verdict, usize)>> = OnceLock::new();
    let table = TABLE.get_or_init(|| merged(Meets::Whole));
    let at = table.binary_search_by_key(&bare, |e| e.0).ok()?;
    Some(table[at].1)
}

/// Photo credits: alone ("KCNA | via Reuters"), before a caption (the BBC's "Image copyright
/// Getty Images Image caption The minister in 2019"), or glued to a caption's end.
fn photo_credit(orig: &str, core: &str) -> Option<Verdict> {
    let credit = Verdict::strong(ChromeKind::Credit);
    if core.starts_with("image copyright ") {
        let at = orig.find(" Image caption ");
        return Some(at.map_or(credit, |at| credit.split(at + 1, ChromeKind::Caption)));
    }
    glued_credit(orig).or_else(|| is_photo_credit(orig, core).then_some(credit))
}

/// True when a short line reads as a photo credit: "Photo: Jane Doe", "KCNA | via Reuters",
/// "Jane Doe/Getty Images", "(AP Photo/John Roe)". `lower` is `orig` folded.
pub(crate) fn is_photo_credit(orig: &str, lower: &str) -> bool {
    let lower = lower.trim();
    if lower.len() > 120 {
        return false;
    }
    let words = count_words(lower);
    let inner = lower
        .strip_prefix('(')
        .and_then(|s| s.strip_suffix(')'))
        .unwrap_or(lower);
    if words > 15 {
        return false;
    } else if PHOTO_CREDIT_OPENINGS.opens(inner) {
        return !inner.ends_with('.') || words <= 6;
    } else if let Some(rest) = inner.strip_prefix("credit ") {
        // NYT's "Credit Jane Doe/The New York Times": a name and an outlet must follow.
        return words <= 10 && (rest.contains('/') || agency_at_edge(rest));
    }
    let sentence = ends_sentence(inner) && !inner.ends_with(')') || inner.contains(". ");
    // "Jane Doe via Reuters" names someone before "via"; "(via Twitter)" is a source.
    let via = inner.contains(" via ");
    let separated = via || inner.contains('/') || inner.contains('|');
    let names = head::is_name_list(&orig.replace(['/', '|'], " "));
    let named = via || agency_at_edge(inner);
    !sentence && (2..=10).contains(&words) && separated && names && named
}

/// True when a credit ends with an agency or an outlet ("Jane Doe/Reuters") or starts with a
/// wire's name ("REUTERS/Jane Doe"), which tells it from a title-case phrase with a slash
/// ("Trump/Biden debate", "TIMES EDT/GMT").
fn agency_at_edge(lower: &str) -> bool {
    let mut parts = lower
        .split(['/', '|'])
        .map(str::trim)
        .filter(|p| !p.is_empty());
    let first = parts.next().unwrap_or("");
    let last = parts.next_back().unwrap_or(first);
    let agency = |w: &str| CREDIT_AGENCIES.has(w);
    agency(first) || last.split_whitespace().any(agency)
}

/// A caption with a photo credit glued to its end ("...on Thursday.KCNA via KNS / AP", "... in
/// Washington. (AP Photo/Jane Doe)", "... on Monday. Credit Jane Doe/The Times"), split there.
fn glued_credit(orig: &str) -> Option<Verdict> {
    let line = orig.trim_end();
    // A credit is short: only the last 120 bytes are searched, and only if they bear a mark.
    let start = (line.len().saturating_sub(120)..line.len()).find(|&i| line.is_char_boundary(i))?;
    let tail = &line[start..];
    if !tail.contains('|') && !has_any(tail, "/| via |hoto|HOTO|redit|REDIT|etty|ETTY|mage") {
        return None;
    }
    let mut lower = String::new();
    let mut found = None;
    // The rightmost cut wins: "in Washington, U.S. May 1. REUTERS/Jane Doe" cuts after "1.".
    for (at, c) in line[start..].char_indices().map(|(i, c)| (start + i, c)) {
        let spaced = line[at..].starts_with(". ");
        let cut = match c {
            '.' if line[at + 1..].starts_with(char::is_uppercase) => at + 1,
            '.' if spaced => at + 2,
            '(' if line.ends_with(')') => at,
            _ => continue,
        };
        let (caption, credit) = line.split_at(cut);
        fold_into(credit, &mut lower);
        // "(Reuters)" closes many wire sentences and is no credit; after a full stop and a
        // space only a slashed or a named credit is one.
        let marks = if spaced {
            "/|credit|photo"
        } else {
            "/| via |photo|getty|image|credit"
        };
        let sized = (3..=MAX_CHROME_WORDS).contains(&count_words(caption));
        if sized && has_any(&lower, marks) && is_photo_credit(credit, &lower) {
            found = Some(cut);
        }
    }
    found.map(|at| Verdict::strong(ChromeKind::Caption).split(at, ChromeKind::Credit))
}

/// True when a line names a picture or a pose, as captions do ("in this undated photo",
/// "speaks during"). Asked only of a line before a photo credit, so it folds its own copy.
pub(crate) fn names_a_picture(line: &str) -> bool {
    let mut lower = String::with_capacity(line.len());
    fold_into(line, &mut lower);
    PICTURE_WORDS.within(&lower)
}

/// Openings that make a line chrome, each up to a number of words (the `^kind words`
/// vocabularies): a syndication note, the comment form, a cookie notice, a subscription pitch,
/// a caption, an author box, a tag list.
fn opening(core: &str, words: usize) -> Option<Verdict> {
    static TABLE: OnceLock<Vec<(&str, Verdict, usize)>> = OnceLock::new();
    let table = TABLE.get_or_init(|| merged(Meets::Opening));
    let run = table[..table.partition_point(|e| e.0 <= core)].iter().rev();
    let mut run = run.take_while(|e| e.0.as_bytes().first() == core.as_bytes().first());
    if let Some(e) = run.find(|e| core.starts_with(e.0) && words <= e.2) {
        return Some(e.1);
    }
    // AP's "In this June 18 file photo, ...": the picture is named within a few words.
    let head = core.strip_prefix("in this ").unwrap_or("");
    if head
        .split_whitespace()
        .take(8)
        .any(|w| has_any(w, "photo|image|picture|handout|grab"))
    {
        return Some(Verdict::strong(ChromeKind::Caption));
    }
    let akismet = Verdict::strong(ChromeKind::Comments).with(Signal::Thread);
    core.contains("akismet").then_some(akismet)
}

/// Every entry of the rules that meet lines as `meets` does, with its verdict and word limit,
/// sorted by entry.
fn merged(meets: Meets) -> Vec<(&'static str, Verdict, usize)> {
    let mut table = Vec::new();
    for rule in RULES.iter().filter(|r| r.meets == meets) {
        let verdict = Verdict::of(rule.kind, rule.strength).with(rule.signal);
        table.extend(rule.entries.iter().map(|e| (*e, verdict, rule.limit)));
    }
    table.sort_unstable_by_key(|e| e.0);
    table
}

/// "Read also: ...", "Download the ... app", "Sign up for our newsletter", "Share Tweet Email".
fn prefixed(core: &str, words: usize) -> Option<ChromeKind> {
    // "Read also: ..." or "See also  Headline"; "Related" and "More" need a mark after them.
    let related = |list: &Words, free: bool| {
        list.openers(core).map(|o| &core[o.len()..]).any(|rest| {
            let marked = rest.trim_end_matches(['.', ' ']).is_empty()
                || rest.starts_with([':', '|', '»', '>', '…'])
                || rest.starts_with(" :")
                || rest.starts_with(" -");
            marked || free && words <= 25 && rest.starts_with(' ') && !ends_sentence(rest)
        })
    };
    if words <= 30 && (related(&RELATED_OPENINGS, true) || related(&RELATED_MARKED, false)) {
        return Some(ChromeKind::Related);
    }
    let app = || {
        core.split(|c: char| !c.is_alphanumeric())
            .any(|w| w == "app" || w == "apps")
    };
    let opens_with =
        |list: &Words, most, inside| words <= most && has_any(core, inside) && list.opens(core);
    let promo = opens_with(&APP_VERBS, 25, "app") && app()
        || words <= 25 && has_any(core, "app store|google play|patreon")
        || opens_with(&PITCH_VERBS, 40, "newsletter")
        || words <= 15 && core.contains("newsletter") && has_any(core, "sign|subscri|inbox")
        || opens_with(&SUPPORT_OPENINGS, 20, "journalism|donat|homepage|for more")
        || opens_with(&FOLLOW_OPENINGS, 20, "twitter|facebook|instagram|@|youtube")
        || words <= 20 && core.starts_with("click here") && !ends_sentence(core);
    if promo {
        return Some(ChromeKind::Promo);
    }
    let pitch = SHARE_OPENINGS.opens(core)
        || has_any(core, "share this story|share this article|share it with");
    (words <= 15 && pitch || is_share_row(core)).then_some(ChromeKind::Share)
}

/// True when a line is only share buttons: "Share Tweet Email", "Facebook Twitter Pinterest".
fn is_share_row(core: &str) -> bool {
    let mut words = core.split(|c: char| c.is_whitespace() || "|,•".contains(c));
    let buttons = words.clone().filter(|w| SHARE_BUTTONS.has(w)).count();
    buttons >= 2 && words.all(|w| w.is_empty() || SHARE_BUTTONS.has(w) || SHARE_FILLER.has(w))
}

/// A row of items ("Privacy Policy | Terms of Use", "Home > World > Asia"): chrome of one kind
/// when every item is a whole-line phrase of that kind, and navigation when it has enough short
/// items (two arrows make a breadcrumb, a menu needs three items, or four with slashes).
fn row(core: &str, words: usize) -> Option<Verdict> {
    if words > 25 || ends_sentence(core) && !core.ends_with(':') {
        return None;
    }
    for sep in [" > ", " » ", " › ", " | ", " · ", " / "]
        .into_iter()
        .filter(|s| core.contains(s))
    {
        let items = if sep == " / " { 4 } else { 3 };
        let parts = || core.split(sep).map(str::trim).filter(|p| !p.is_empty());
        let kinds = parts().map(|p| whole_line(p.trim_end_matches(':')).and_then(|v| v.kind));
        if let Some(Some(kind)) = kinds.reduce(|a, b| if a == b { a } else { None }) {
            return Some(Verdict::strong(kind));
        }
        if parts().nth(items - 1).is_some() && parts().all(|p| count_words(p) <= 4) {
            return Some(Verdict::strong(ChromeKind::Nav));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use ChromeKind::{Caption, Credit, Legal, Nav, Promo, Related, Share};

    #[test]
    fn lines_get_their_kinds_and_sentences_stay_text() {
        let cases = [
            ("ADVERTISEMENT", Some(Promo)),
            ("• Read also: Floods close the coast road", Some(Related)),
            ("See also\u{a0} Harbour ferry sinks", Some(Related)),
            ("Get the Daily Courier app for breaking news", Some(Promo)),
            ("Privacy Policy | Terms of Use", Some(Legal)),
            ("Home > World > Europe", Some(Nav)),
            ("Liked by 12 people", Some(Share)),
            ("Jane Roe | via Reuters", Some(Credit)),
            (
                "In this undated photo, the old pier before the storm.",
                Some(Caption),
            ),
            (
                "Read more than 300 letters and you see the pattern, she said.",
                None,
            ),
            ("Recommended doses were cut after the trial.", None),
            (
                "The company earned 40 cts a share on revenues of 2 billion dlrs.",
                None,
            ),
            ("Trump/Biden debate", None),
            ("(Reuters)", None),
        ];
        for (line, want) in cases {
            let v = classify(line, count_words(line), &mut String::new());
            assert_eq!(v.kind, want, "{line}");
        }
        let glued = "The mayor opens the bridge on Monday.Jane Roe via City Hall / AP";
        let v = classify(glued, 13, &mut String::new());
        assert_eq!(v.kind, Some(Caption));
        assert_eq!(
            v.second.map(|(at, _)| &glued[at..]),
            Some("Jane Roe via City Hall / AP")
        );
    }
}
