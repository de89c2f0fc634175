//! Numbers and dates among a sentence's words: "60 warheads", "3.2 million", "June 18",
//! "18 June", "Thursday", each keyed so that it compares across rewrites and translations
//! ("3.2 million", "3,200,000" and the French "3,2 millions" give one key; "18 juin", "18. Juni"
//! and "18 июня" are "june 18"; "jeudi" is "thursday").

use std::ops::Range;
use std::sync::OnceLock;

use foldhash::HashMap;

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

/// Month names of French, German, Spanish, Italian, Portuguese and Russian (the nominative and
/// the genitive a date uses; Russian words in the Latin keys `latin` gives them, "iyunya" is
/// "июня"), with the month's index. Written in lower case in most of these
/// languages, so they count only beside a day ("18 juin", "18. Juni", "18 de junio").
#[rustfmt::skip]
const FOREIGN_MONTHS: &[(&str, usize)] = &[
    ("janvier", 0), ("février", 1), ("mars", 2), ("avril", 3), ("mai", 4), ("juin", 5),
    ("juillet", 6), ("août", 7), ("septembre", 8), ("octobre", 9), ("novembre", 10),
    ("décembre", 11),
    ("januar", 0), ("jänner", 0), ("februar", 1), ("märz", 2), ("juni", 5), ("juli", 6),
    ("oktober", 9), ("dezember", 11),
    ("enero", 0), ("febrero", 1), ("marzo", 2), ("abril", 3), ("mayo", 4), ("junio", 5),
    ("julio", 6), ("agosto", 7), ("septiembre", 8), ("setiembre", 8), ("octubre", 9),
    ("noviembre", 10), ("diciembre", 11),
    ("gennaio", 0), ("febbraio", 1), ("aprile", 3), ("maggio", 4), ("giugno", 5),
    ("luglio", 6), ("settembre", 8), ("ottobre", 9), ("dicembre", 11),
    ("janeiro", 0), ("fevereiro", 1), ("março", 2), ("maio", 4), ("junho", 5), ("julho", 6),
    ("setembro", 8), ("outubro", 9), ("dezembro", 11),
    ("yanvar", 0), ("yanvarya", 0), ("fevral", 1), ("fevralya", 1), ("mart", 2), ("marta", 2),
    ("aprel", 3), ("aprelya", 3), ("mai", 4), ("maya", 4), ("iyun", 5), ("iyunya", 5),
    ("iyul", 6), ("iyulya", 6), ("avgust", 7), ("avgusta", 7), ("sentyabr", 8),
    ("sentyabrya", 8), ("oktyabr", 9), ("oktyabrya", 9), ("noyabr", 10), ("noyabrya", 10),
    ("dekabr", 11), ("dekabrya", 11),
];

/// Weekday names of the same languages (Russian also as "в пятницу" puts them), with the
/// weekday's index; counted in any case.
#[rustfmt::skip]
const FOREIGN_WEEKDAYS: &[(&str, usize)] = &[
    ("lundi", 0), ("mardi", 1), ("mercredi", 2), ("jeudi", 3), ("vendredi", 4), ("samedi", 5),
    ("dimanche", 6),
    ("montag", 0), ("dienstag", 1), ("mittwoch", 2), ("donnerstag", 3), ("freitag", 4),
    ("samstag", 5), ("sonnabend", 5), ("sonntag", 6),
    ("lunes", 0), ("martes", 1), ("miércoles", 2), ("jueves", 3), ("viernes", 4),
    ("sábado", 5),
    ("lunedì", 0), ("martedì", 1), ("mercoledì", 2), ("giovedì", 3), ("venerdì", 4),
    ("sabato", 5),
    ("segunda-feira", 0), ("terça-feira", 1), ("quarta-feira", 2), ("quinta-feira", 3),
    ("sexta-feira", 4),
    ("ponedelnik", 0), ("vtornik", 1), ("sredu", 2), ("chetverg", 3), ("pyatnitsu", 4),
    ("pyatnitsa", 4), ("subbotu", 5), ("subbota", 5), ("voskresene", 6),
];

/// The weekday a word of [`FOREIGN_WEEKDAYS`] names. Every word of a text is looked up, so
/// by length first and then in a hash table, not by a scan of the list.
fn foreign_weekday(key: &str) -> Option<usize> {
    static TABLE: OnceLock<(Range<usize>, HashMap<&'static str, usize>)> = OnceLock::new();
    let (lengths, table) = TABLE.get_or_init(|| {
        let min = FOREIGN_WEEKDAYS
            .iter()
            .map(|(k, _)| k.len())
            .min()
            .unwrap_or(0);
        let max = FOREIGN_WEEKDAYS
            .iter()
            .map(|(k, _)| k.len())
            .max()
            .unwrap_or(0);
        (min..max + 1, FOREIGN_WEEKDAYS.iter().copied().collect())
    });
    if !lengths.contains(&key.len()) {
        return None;
    }
    table.get(key).copied()
}

/// Scale words and their factors, in English and in the languages above (their words for a
/// billion, 10^9, only where they cannot be read as 10^12), and Polish and Turkish.
#[rustfmt::skip]
const SCALES: &[(&str, f64)] = &[
    ("thousand", 1e3), ("million", 1e6), ("millions", 1e6), ("billion", 1e9),
    ("trillion", 1e12),
    ("mille", 1e3), ("milliard", 1e9), ("milliards", 1e9),
    ("tausend", 1e3), ("mio", 1e6), ("millionen", 1e6), ("milliarde", 1e9),
    ("milliarden", 1e9), ("mrd", 1e9),
    ("mil", 1e3), ("millón", 1e6), ("millones", 1e6),
    ("mila", 1e3), ("milione", 1e6), ("milioni", 1e6), ("miliardo", 1e9), ("miliardi", 1e9),
    ("milhão", 1e6), ("milhões", 1e6), ("bilhão", 1e9), ("bilhões", 1e9),
    ("tysyacha", 1e3), ("tysyachi", 1e3), ("tysyach", 1e3), ("tys", 1e3), ("mln", 1e6),
    ("million", 1e6), ("milliona", 1e6), ("millionov", 1e6), ("mlrd", 1e9),
    ("milliard", 1e9), ("milliarda", 1e9), ("milliardov", 1e9),
    ("tys", 1e3), ("mln", 1e6), ("mld", 1e9), ("milyon", 1e6), ("milyar", 1e9),
];

/// Words that make a number a percentage: "34 percent", "34 pour cent", "34 Prozent".
#[rustfmt::skip]
const PERCENT_WORDS: &[&str] = &[
    "percent", "prozent", "procent", "protsentov", "protsenta", "protsent",
];

/// Two-word spellings of a percentage, as the text after the number starts with them.
#[rustfmt::skip]
const PERCENT_PHRASES: &[&str] = &[
    "per cent", "pour cent", "por ciento", "per cento", "por cento", "pour-cent",
];

/// A date starting at word `i`: a weekday, a month with an optional day on either side
/// ("June 18", "18 June"); years are numbers, found by [`number_at`]. Returns the anchor
/// (none for a month name that is probably a verb) and how many words it used.
pub(super) fn date_at(text: &str, words: &[Word<'_>], i: usize) -> Option<(Vec<Anchor>, usize)> {
    let w = &words[i];
    let date = |key: String, last: usize| {
        let span = w.span.start..words[last].span.end;
        Some((vec![anchor(AnchorKind::Date, key, &span)], last + 1 - i))
    };
    if let Some(d) = foreign_weekday(w.key) {
        return date(WEEKDAYS[d].to_owned(), i);
    }
    if !w.capitalised && !w.key.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    if w.capitalised && WEEKDAYS.contains(&w.key) {
        return date(w.key.to_owned(), i);
    }
    if let Some((m, n, last)) = foreign_day_month(text, words, i) {
        return date(format!("{} {n}", MONTHS[m]), last);
    }
    let day = |k: usize| -> Option<u32> {
        // The day follows the month after a space, or after an abbreviation's period.
        let gap =
            |d: &&Word<'_>| k == i || matches!(text[w.span.end..d.span.start].trim(), "" | ".");
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

/// A day and a month named in another language: "18 juin", "18. Juni", "18 de junio",
/// "18 июня". Returns the month's index, the day and the last word used.
fn foreign_day_month(text: &str, words: &[Word<'_>], i: usize) -> Option<(usize, u32, usize)> {
    let w = &words[i];
    if !w.key.bytes().all(|b| b.is_ascii_digit()) || w.key.len() > 2 {
        return None;
    }
    let day: u32 = w.key.parse().ok().filter(|d| (1..=31).contains(d))?;
    let month_of = |k: usize| {
        let m = words.get(k)?;
        FOREIGN_MONTHS
            .iter()
            .find(|(n, _)| *n == m.key)
            .map(|e| e.1)
    };
    let next = words.get(i + 1)?;
    let gap = text[w.span.end..next.span.start].trim();
    if matches!(gap, "" | ".") {
        if let Some(m) = month_of(i + 1) {
            return Some((m, day, i + 1));
        }
    }
    // "18 de junio", "18 de junho": the particle, then the month.
    if next.joined && next.key == "de" {
        let after = words.get(i + 2).filter(|m| m.joined)?;
        let m = FOREIGN_MONTHS.iter().find(|(n, _)| *n == after.key)?.1;
        return Some((m, day, i + 2));
    }
    None
}

/// The full name of the month a capitalised word names ("Jan." only with its period).
fn month(text: &str, w: &Word<'_>) -> Option<&'static str> {
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
pub(super) fn number_at(text: &str, words: &[Word<'_>], i: usize) -> Option<(Vec<Anchor>, usize)> {
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
    // Up to two scale words: "3 million", and the Spanish "3 mil millones".
    while used < 3 {
        let scale = words
            .get(i + used)
            .filter(|n| n.joined)
            .and_then(|n| SCALES.iter().find(|(s, _)| *s == n.key));
        let Some((_, factor)) = scale else { break };
        value *= factor;
        end = words[i + used].span.end;
        used += 1;
    }
    let after = text[end..].trim_start();
    let percent_word = words
        .get(i + used)
        .filter(|n| n.joined && PERCENT_WORDS.contains(&n.key));
    let phrase = || {
        let head = after
            .get(..after.len().min(12))
            .unwrap_or(after)
            .to_lowercase();
        PERCENT_PHRASES.iter().any(|p| head.starts_with(p))
    };
    let percent = percent_word.is_some() || after.starts_with('%') || phrase();
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

/// The value of a numeral, without grouping marks and ordinal suffix. Commas and points are
/// read by their groups, so that English and continental writing agree: a mark followed by
/// exactly three digits groups thousands ("1,000", "1.000", "1.000.000"), any other is the
/// decimal mark ("3.2", "3,2", "12,50"); a point and a comma together keep the last as the
/// decimal mark ("1,234.5", "1.234,5").
fn parse_number(token: &str) -> Option<f64> {
    let digits = token.trim_end_matches(char::is_alphabetic);
    let last_mark = digits.rfind([',', '.']);
    let plain: String = match last_mark {
        None => digits.to_owned(),
        Some(at) => {
            let mark = digits.as_bytes()[at];
            let both = digits.contains(',') && digits.contains('.');
            let tail = &digits[at + 1..];
            let decimal = both
                || tail.len() != 3
                || digits.matches(char::from(mark)).count() == 1
                    && mark == b'.'
                    && digits[..at].trim_start_matches('0').is_empty();
            let (head, tail) = if decimal {
                (&digits[..at], Some(tail))
            } else {
                (digits, None)
            };
            let mut out: String = head.chars().filter(char::is_ascii_digit).collect();
            if let Some(t) = tail {
                out.push('.');
                out.push_str(t);
            }
            out
        }
    };
    plain.parse().ok().filter(|v: &f64| v.is_finite())
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
