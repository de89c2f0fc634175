//! Numbers and dates among a sentence's words: "60 warheads", "3.2 million", "June 18",
//! "18 June", "Thursday", each keyed so that it compares across rewrites ("3.2 million" and
//! "3,200,000" give one key).

use super::{anchor, Anchor, AnchorKind, Word};

#[rustfmt::skip]
pub(super) const MONTHS: &[&str] = &[
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december",
];

/// Month abbreviations, counted only when written with their period ("Jan.").
#[rustfmt::skip]
const MONTH_ABBREVIATIONS: &[(&str, usize)] = &[
    ("jan", 0), ("feb", 1), ("mar", 2), ("apr", 3), ("jun", 5), ("jul", 6), ("aug", 7),
    ("sep", 8), ("sept", 8), ("oct", 9), ("nov", 10), ("dec", 11),
];

#[rustfmt::skip]
pub(super) const WEEKDAYS: &[&str] = &[
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
];

/// Scale words and their factors.
#[rustfmt::skip]
const SCALES: &[(&str, f64)] = &[
    ("thousand", 1e3), ("million", 1e6), ("billion", 1e9), ("trillion", 1e12),
];

/// A date starting at word `i`: a weekday, a month with an optional day on either side
/// ("June 18", "18 June"); years are numbers, found by [`number_at`]. Returns the anchor
/// (none for a month name that is probably a verb) and how many words it used.
pub(super) fn date_at(text: &str, words: &[Word], i: usize) -> Option<(Vec<Anchor>, usize)> {
    let w = &words[i];
    if !w.capitalised && !w.key.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let date = |key: String, last: usize| {
        let span = w.span.start..words[last].span.end;
        Some((vec![anchor(AnchorKind::Date, key, &span)], last + 1 - i))
    };
    if w.capitalised && WEEKDAYS.contains(&w.key.as_str()) {
        return date(w.key.clone(), i);
    }
    let day = |k: usize| -> Option<u32> {
        // The day follows the month after a space, or after an abbreviation's period.
        let gap = |d: &&Word| k == i || matches!(text[w.span.end..d.span.start].trim(), "" | ".");
        let n: u32 = words
            .get(k)
            .filter(gap)?
            .key
            .trim_end_matches(char::is_alphabetic)
            .parse()
            .ok()?;
        (1..=31).contains(&n).then_some(n)
    };
    let next_month = words
        .get(i + 1)
        .filter(|m| m.joined)
        .and_then(|m| month(text, m));
    if let (Some(n), Some(m)) = (day(i), next_month) {
        return date(format!("{m} {n}"), i + 1);
    }
    let m = month(text, w)?;
    match day(i + 1) {
        Some(n) => date(format!("{m} {n}"), i + 1),
        // "May" or "March" opening a sentence without a day is more likely a verb.
        None if w.initial && matches!(m, "may" | "march") => Some((Vec::new(), 1)),
        None => date(m.to_owned(), i),
    }
}

/// The full name of the month a capitalised word names ("Jan." only with its period).
fn month(text: &str, w: &Word) -> Option<&'static str> {
    if !w.capitalised {
        return None;
    }
    let abbreviated = || {
        let (_, m) = MONTH_ABBREVIATIONS.iter().find(|(a, _)| *a == w.key)?;
        text[w.span.end..].starts_with('.').then_some(MONTHS[*m])
    };
    MONTHS
        .iter()
        .find(|m| **m == w.key)
        .copied()
        .or_else(abbreviated)
}

/// A number starting at word `i`, with its scale ("3.2 million") and percent sign. A
/// hyphenated run of numbers ("2018-2019") gives each of them; a four-digit whole number from
/// 1900 to 2099 is a year, so a date. Returns the anchors and how many words they used.
pub(super) fn number_at(text: &str, words: &[Word], i: usize) -> Option<(Vec<Anchor>, usize)> {
    let w = &words[i];
    if !w.key.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let parts: Vec<&str> = w.key.split(' ').collect();
    if !parts.iter().all(|p| is_numeral(p)) {
        return None;
    }
    if parts.len() > 1 {
        // A range: each end is an anchor of its own, sharing the compound's span.
        let all = parts
            .iter()
            .filter_map(|p| {
                let value = parse_number(p)?;
                Some(anchor(number_kind(p, value), format_number(value), &w.span))
            })
            .collect();
        return Some((all, 1));
    }
    let mut value = parse_number(parts[0])?;
    let mut used = 1;
    let mut end = w.span.end;
    let scale = words
        .get(i + 1)
        .filter(|n| n.joined)
        .and_then(|n| SCALES.iter().find(|(s, _)| *s == n.key));
    if let Some((_, factor)) = scale {
        value *= factor;
        used = 2;
        end = words[i + 1].span.end;
    }
    let after = text[end..].trim_start();
    let percent_word = words
        .get(i + used)
        .filter(|n| n.joined && n.key == "percent");
    let percent = percent_word.is_some() || after.starts_with('%') || after.starts_with("per cent");
    if let Some(p) = percent_word {
        end = p.span.end;
        used += 1;
    }
    let kind = match percent || used > 1 {
        true => AnchorKind::Number,
        false => number_kind(parts[0], value),
    };
    let key = format!("{}{}", format_number(value), if percent { "%" } else { "" });
    Some((vec![anchor(kind, key, &(w.span.start..end))], used))
}

/// Whether a normalised token is a numeral: digits with grouping commas, a decimal point or
/// an ordinal suffix ("1,000", "3.2", "18th").
fn is_numeral(token: &str) -> bool {
    let digits = token.trim_end_matches(['s', 't', 'n', 'd', 'r', 'h']);
    digits.starts_with(|c: char| c.is_ascii_digit())
        && digits
            .chars()
            .all(|c| c.is_ascii_digit() || c == ',' || c == '.')
}

/// The value of a numeral, without grouping commas and ordinal suffix.
fn parse_number(token: &str) -> Option<f64> {
    let digits = token.trim_end_matches(char::is_alphabetic).replace(',', "");
    digits.parse().ok().filter(|v: &f64| v.is_finite())
}

/// A four-digit whole number from 1900 to 2099 is a year; anything else a number.
fn number_kind(token: &str, value: f64) -> AnchorKind {
    if token.len() == 4
        && token.bytes().all(|b| b.is_ascii_digit())
        && (1900.0..2100.0).contains(&value)
    {
        AnchorKind::Date
    } else {
        AnchorKind::Number
    }
}

/// A number's key: whole numbers without a fraction ("1000"), others in Rust's shortest form.
fn format_number(value: f64) -> String {
    if value.fract() == 0.0 && value.abs() < 1e15 {
        format!("{}", value as i64)
    } else {
        format!("{value}")
    }
}
