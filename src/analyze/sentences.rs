//! Owns the layout of a text: the byte spans of its paragraphs, sentences, quotations and
//! words.
//!
//! A blank line always ends a sentence (the extract stage separates paragraphs that way); a
//! single line break does not, because plain text is often hard-wrapped. Inside a paragraph a
//! run of `.`, `!`, `?` or `…`, with any closing quotes and brackets after it, ends a sentence
//! unless the context says it is something else: an abbreviation ("Mr.", "U.S. officials",
//! "Jan. 5"), an initial ("J. K. Rowling"), a decimal ("3.2"), or an ellipsis or question
//! running on in lower case. Text glued after a period ("Thursday.KCNA", a caption pasted onto
//! a sentence by a scraper) is split when a word of two or more letters, one of them lower
//! case, is followed by a capital. The rules are about English news punctuation in general;
//! the bundled seeds only check them. Quotations and words are found here too, with their
//! spans, because the anchor finder needs to know where each one stands.

use std::ops::Range;

use unicode_normalization::char::is_combining_mark;

use super::anchors::is_stopword;

/// The byte spans of the sentences of `text`, in order, each trimmed of surrounding
/// whitespace and never empty. Paragraphs are separated by blank lines (lines holding only
/// whitespace).
pub fn sentences(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    for para in Paragraphs::new(text) {
        split_paragraph(text, para, &mut out);
    }
    out
}

/// The first sentences of `text`, as [`sentences`] gives them: a paragraph at a time, so
/// a reader of a text's lead (a summary, its names) splits the lead and not the whole text.
pub fn first_sentences(text: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    Paragraphs::new(text).flat_map(move |para| {
        let mut out = Vec::new();
        split_paragraph(text, para, &mut out);
        out
    })
}

/// The byte spans of the paragraphs of `text`: runs of non-blank lines.
pub fn paragraphs(text: &str) -> Vec<Range<usize>> {
    Paragraphs::new(text).collect()
}

/// The paragraphs of a text, one at a time (see [`paragraphs`]).
struct Paragraphs<'t> {
    lines: std::str::SplitInclusive<'t, char>,
    at: usize,
}

impl<'t> Paragraphs<'t> {
    fn new(text: &'t str) -> Paragraphs<'t> {
        Paragraphs {
            lines: text.split_inclusive('\n'),
            at: 0,
        }
    }
}

impl Iterator for Paragraphs<'_> {
    type Item = Range<usize>;

    fn next(&mut self) -> Option<Range<usize>> {
        let mut current: Option<Range<usize>> = None;
        for line in self.lines.by_ref() {
            let start = self.at;
            self.at += line.len();
            let trimmed = line.trim_end();
            if trimmed.trim_start().is_empty() {
                match current {
                    Some(_) => return current,
                    None => continue,
                }
            }
            let end = start + trimmed.len();
            match current.as_mut() {
                Some(range) => range.end = end,
                None => current = Some(start + (trimmed.len() - trimmed.trim_start().len())..end),
            }
        }
        current
    }
}

/// Abbreviations that come before a name or a word and so never end a sentence: titles and
/// ranks, and the place words "St." and "Mt.". Compared case-sensitively, without the period.
const TITLES: &[&str] = &[
    "Mr", "Mrs", "Ms", "Dr", "Prof", "St", "Mt", "Ft", "Gov", "Sen", "Rep", "Gen", "Lt", "Col",
    "Capt", "Cmdr", "Adm", "Maj", "Sgt", "Cpl", "Rev", "Hon", "Pres", "Supt", "Messrs", "Gens",
    "Reps", "Sens", "Govt", "Atty", "Amb", "Insp", "vs", "approx", "cf",
];

/// Abbreviations that do not end a sentence when a number follows ("Jan. 5", "No. 10").
const BEFORE_NUMBERS: &[&str] = &[
    "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec", "No",
    "Nos", "Art", "Fig", "Vol", "p", "pp",
];

/// Abbreviations that often end a sentence too ("... of Apple Inc. The company"): they end one
/// only when the next word is a common sentence opener.
const AMBIGUOUS: &[&str] = &["Inc", "Corp", "Co", "Ltd", "Jr", "Sr", "etc", "Bros", "Ave"];

fn is_terminator(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '…')
}

/// Closing quotes and brackets that belong to the sentence they follow (`said.”`). Straight
/// quotes cannot tell opening from closing; after a terminator they close.
fn is_closer(c: char) -> bool {
    matches!(c, '"' | '\'' | '”' | '’' | '»' | ')' | ']')
}

/// Splits the paragraph `text[para]` into sentences appended to `out`. Terminators and
/// closers are found by their bytes (a character of several bytes is decoded only when one
/// of them is at hand), so the paragraph is read once, without a copy of its characters.
fn split_paragraph(text: &str, para: Range<usize>, out: &mut Vec<Range<usize>>) {
    let base = para.start;
    let p = &text[para];
    let mut start = 0;
    let mut at = 0;
    while let Some(k) = next_terminator(p, at) {
        let mut run_end = k;
        while let Some(len) = char_at(p, run_end)
            .filter(|&c| is_terminator(c))
            .map(char::len_utf8)
        {
            run_end += len;
        }
        let mut after = run_end;
        while let Some(len) = char_at(p, after)
            .filter(|&c| is_closer(c))
            .map(char::len_utf8)
        {
            after += len;
        }
        let single_period = run_end == k + 1 && p.as_bytes()[k] == b'.';
        if ends_sentence(p, k, after, single_period) {
            push_trimmed(p, base, start..after, out);
            start = after;
        }
        at = after;
    }
    push_trimmed(p, base, start..p.len(), out);
}

/// The byte at which the first terminator at or after byte `from` of `p` starts.
fn next_terminator(p: &str, from: usize) -> Option<usize> {
    let bytes = p.as_bytes();
    let mut i = from;
    while i < bytes.len() {
        match bytes[i] {
            b'.' | b'!' | b'?' => return Some(i),
            // The ellipsis character, U+2026.
            0xE2 if bytes.get(i + 1..i + 3) == Some(&[0x80, 0xA6]) => return Some(i),
            _ => i += 1,
        }
    }
    None
}

/// The character starting at byte `i` of `p`, if any.
fn char_at(p: &str, i: usize) -> Option<char> {
    match p.as_bytes().get(i) {
        Some(&b) if b.is_ascii() => Some(char::from(b)),
        Some(_) => p[i..].chars().next(),
        None => None,
    }
}

/// Whether the terminator run at byte `k`, with closers up to byte `after`, ends a sentence.
fn ends_sentence(p: &str, k: usize, after: usize, period: bool) -> bool {
    let Some(next) = char_at(p, after) else {
        return true;
    };
    let next_at = after;
    let before = word_before(p, k);
    if !next.is_whitespace() {
        // Glued text: "Thursday.KCNA" splits; "U.S.A", "3.2", "news2in.com" do not.
        let letters = before.chars().filter(|c| c.is_alphabetic()).count();
        return p.as_bytes()[k] == b'.'
            && next.is_uppercase()
            && letters >= 2
            && before.chars().all(char::is_alphabetic)
            && before.chars().any(char::is_lowercase);
    }
    let rest = p[next_at..].trim_start();
    let Some(first) = rest.chars().next() else {
        return true;
    };
    if first.is_lowercase() {
        // An ellipsis, a question inside a sentence ("Why?” he asked) or an abbreviation.
        return false;
    }
    // A single period is one byte: anything after it (a closer) makes the run longer.
    if !period || after > k + 1 {
        return true;
    }
    if TITLES.contains(&before) || is_initial(before) {
        return false;
    }
    if BEFORE_NUMBERS.contains(&before) && first.is_ascii_digit() {
        return false;
    }
    // A German ordinal day: "am 18. Juni" runs on.
    let day = (1..=2).contains(&before.len()) && before.bytes().all(|b| b.is_ascii_digit());
    if day && GERMAN_MONTHS.iter().any(|m| rest.starts_with(m)) {
        return false;
    }
    let dotted = before.contains('.') && before.chars().all(|c| c.is_alphabetic() || c == '.');
    if dotted || AMBIGUOUS.contains(&before) {
        // "U.S. officials" runs on; "at 10 a.m. The meeting" ends.
        return opens_sentence(rest);
    }
    true
}

/// German month names, which follow a day written as an ordinal ("18. Juni").
#[rustfmt::skip]
const GERMAN_MONTHS: &[&str] = &[
    "Januar", "Jänner", "Februar", "März", "April", "Mai", "Juni", "Juli", "August",
    "September", "Oktober", "November", "Dezember",
];

/// Whether `before` (a word without its final period) is an initial: one capital letter.
fn is_initial(before: &str) -> bool {
    let mut cs = before.chars();
    matches!((cs.next(), cs.next()), (Some(c), None) if c.is_uppercase())
}

/// Whether `rest` starts with an opening quote or with a capitalised common word that
/// typically opens a sentence ("The", "He", "But").
fn opens_sentence(rest: &str) -> bool {
    if rest.starts_with(['"', '“', '‘', '«', '(']) {
        return true;
    }
    let word: String = rest
        .chars()
        .take_while(|c| c.is_alphabetic())
        .flat_map(char::to_lowercase)
        .collect();
    !word.is_empty() && is_stopword(&word)
}

/// The word ending just before byte `end` of `p`: letters, digits and inner periods back to
/// whitespace or an opening bracket or quote.
fn word_before(p: &str, end: usize) -> &str {
    let head = &p[..end];
    let start = head
        .char_indices()
        .rev()
        .find(|&(_, c)| !(c.is_alphanumeric() || c == '.'))
        .map_or(0, |(i, c)| i + c.len_utf8());
    &head[start..]
}

/// Appends `p[range]` (offset by `base`) trimmed of whitespace, unless it is empty.
fn push_trimmed(p: &str, base: usize, range: Range<usize>, out: &mut Vec<Range<usize>>) {
    let s = &p[range.clone()];
    let lead = s.len() - s.trim_start().len();
    let trimmed = s.trim();
    if !trimmed.is_empty() {
        let start = base + range.start + lead;
        out.push(start..start + trimmed.len());
    }
}

/// The byte spans of the quotations in `text`, quote marks included: between straight or
/// curly double quotes (or guillemets), paired in order within a paragraph. Direction is
/// ignored, because spun and scraped text often gets it wrong (`Kim”stressed ...
/// confrontation”`); an unpaired mark at a paragraph's end opens nothing. Single quotes are
/// left out, as apostrophes make them ambiguous.
pub fn quotations(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    for para in Paragraphs::new(text) {
        let mut open: Option<usize> = None;
        let bytes = &text.as_bytes()[para.clone()];
        // Every mark begins with one of three bytes: '"', or the lead byte of '“', '”', '„'
        // (0xE2) or of '«', '»' (0xC2).
        for i in memchr::memchr3_iter(b'"', 0xE2, 0xC2, bytes) {
            let len = match &bytes[i..] {
                [b'"', ..] => 1,
                [0xE2, 0x80, 0x9C..=0x9E, ..] => 3,
                [0xC2, 0xAB | 0xBB, ..] => 2,
                _ => continue,
            };
            let at = para.start + i;
            match open.take() {
                None => open = Some(at),
                Some(start) => out.push(start..at + len),
            }
        }
    }
    out
}

/// The byte spans of the quotations in `text` between curly single quotes (‘…’), quote marks
/// included, as British papers quote headlines (‘dialogue and confrontation’). An opening
/// mark follows a space, a paragraph start or an opening bracket and precedes a letter or
/// digit; a closing mark follows a letter, digit or punctuation and precedes no letter, so
/// the apostrophe of "Kim’s" closes nothing. Within one paragraph.
pub fn single_quotations(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    // Only '‘' opens one; most texts have none.
    if memchr::memmem::find(text.as_bytes(), "‘".as_bytes()).is_none() {
        return out;
    }
    for para in Paragraphs::new(text) {
        let p = &text[para.clone()];
        let mut open: Option<usize> = None;
        let mut prev: Option<char> = None;
        let mut chars = p.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            let next = chars.peek().map(|&(_, n)| n);
            match c {
                '‘' if prev.is_none_or(|x| x.is_whitespace() || "([—–-\"“".contains(x))
                    && next.is_some_and(char::is_alphanumeric) =>
                {
                    open = Some(para.start + i);
                }
                '’' if open.is_some()
                    && prev.is_some_and(|x| !x.is_whitespace())
                    && !next.is_some_and(char::is_alphanumeric) =>
                {
                    if let Some(start) = open.take() {
                        out.push(start..para.start + i + c.len_utf8());
                    }
                }
                _ => {}
            }
            prev = Some(c);
        }
    }
    out
}

/// The byte spans of the words of `text`: runs of letters, digits and marks, held together
/// by an apostrophe or period between letters ("Kim’s", "U.S") and by a comma or period
/// between digits ("1,000", "3.2"), as Unicode word boundaries (UAX #29) would hold them.
/// Written out because the general segmenter (unicode-segmentation) was half the cost of
/// finding anchors.
pub fn words(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    words_into(text, 0, &mut out);
    out
}

/// As [`words`], appending each span offset by `base` to `out` (so a caller splitting many
/// sentences reuses one vector). ASCII, most of news text, is read a byte at a time; any
/// other character is decoded and judged as [`words`] says.
pub fn words_into(text: &str, base: usize, out: &mut Vec<Range<usize>>) {
    let bytes = text.as_bytes();
    // The open word's start, when one is open.
    let mut open: Option<usize> = None;
    let mut prev = ' ';
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let (c, len) = if b.is_ascii() {
            (char::from(b), 1)
        } else {
            let c = text[i..].chars().next().unwrap_or(' ');
            (c, c.len_utf8())
        };
        let end = i + len;
        let word = if b.is_ascii() {
            b.is_ascii_alphanumeric() || b == b'_'
        } else {
            c.is_alphanumeric() || (open.is_some() && is_combining_mark(c))
        };
        if word {
            open.get_or_insert(i);
        } else if let Some(start) = open {
            let joins = match c {
                '\'' | '’' | '.' | ',' => {
                    let next = match bytes.get(end) {
                        Some(&n) if n.is_ascii() => char::from(n),
                        Some(_) => text[end..].chars().next().unwrap_or(' '),
                        None => ' ',
                    };
                    (matches!(c, '\'' | '’' | '.') && prev.is_alphabetic() && next.is_alphabetic())
                        || (matches!(c, ',' | '.') && prev.is_numeric() && next.is_numeric())
                }
                _ => false,
            };
            if !joins {
                out.push(base + start..base + i);
                open = None;
            }
        }
        prev = c;
        i = end;
    }
    if let Some(start) = open {
        out.push(base + start..base + bytes.len());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(text: &str) -> Vec<&str> {
        sentences(text).into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn plain_sentences_and_paragraphs() {
        let text = "The mayor spoke. Then she left!\nWas it over? Yes\n\n  A new paragraph  \n";
        assert_eq!(
            split(text),
            [
                "The mayor spoke.",
                "Then she left!",
                "Was it over?",
                "Yes",
                "A new paragraph"
            ]
        );
        assert!(split("").is_empty());
        assert!(split(" \n\n \t\n").is_empty());
    }

    #[test]
    fn a_blank_line_ends_a_sentence_and_a_single_break_does_not() {
        let text = "Headline without a period\n\nThe council met on\nTuesday night.";
        assert_eq!(
            split(text),
            [
                "Headline without a period",
                "The council met on\nTuesday night."
            ]
        );
        let text = "One line\r\n   \r\nTwo line.";
        assert_eq!(split(text), ["One line", "Two line."]);
    }

    #[test]
    fn abbreviations_and_initials_do_not_end_sentences() {
        let text = "Mr. Lee met Dr. Ortiz and Gov. Hale on St. Mark's Square. \
                    Sen. Ray and Rep. Lum agreed with Gen. Park. \
                    J. K. Rowling was not there.";
        assert_eq!(
            split(text),
            [
                "Mr. Lee met Dr. Ortiz and Gov. Hale on St. Mark's Square.",
                "Sen. Ray and Rep. Lum agreed with Gen. Park.",
                "J. K. Rowling was not there."
            ]
        );
    }

    #[test]
    fn dotted_abbreviations_end_a_sentence_only_before_an_opener() {
        let text = "U.S. officials and U.N. envoys met at 9 a.m. on Jan. 5 in Room No. 4. \
                    They left at 5 p.m. The talks resume in the U.S. Next week, maybe.";
        assert_eq!(
            split(text),
            [
                "U.S. officials and U.N. envoys met at 9 a.m. on Jan. 5 in Room No. 4.",
                "They left at 5 p.m.",
                "The talks resume in the U.S. Next week, maybe."
            ]
        );
        let text = "She works for Acme Inc. The firm grew. It sells to Acme Inc. Europe.";
        assert_eq!(
            split(text),
            [
                "She works for Acme Inc.",
                "The firm grew.",
                "It sells to Acme Inc. Europe."
            ]
        );
    }

    #[test]
    fn decimals_quotes_and_ellipses() {
        let text = "Growth was 3.2 percent, up from 2.9. “We are pleased,” he said. \
                    “Are we ready?” she asked. He said: “It works.” Then... nothing. \
                    Wait… and see. Well… Maybe.";
        assert_eq!(
            split(text),
            [
                "Growth was 3.2 percent, up from 2.9.",
                "“We are pleased,” he said.",
                "“Are we ready?” she asked.",
                "He said: “It works.”",
                "Then... nothing.",
                "Wait… and see.",
                "Well…",
                "Maybe."
            ]
        );
        let text = "The minister said \"no deal.\" Talks ended (for now.) Then silence.";
        assert_eq!(
            split(text),
            [
                "The minister said \"no deal.\"",
                "Talks ended (for now.)",
                "Then silence."
            ]
        );
    }

    #[test]
    fn text_glued_after_a_period_is_split() {
        let text = "The parade was held on Thursday.Reuters via AP. The U.S.A won 3.2 to 1. \
                    Visit example.com today. He said.”Next one";
        assert_eq!(
            split(text),
            [
                "The parade was held on Thursday.",
                "Reuters via AP.",
                "The U.S.A won 3.2 to 1.",
                "Visit example.com today.",
                "He said.”",
                "Next one"
            ]
        );
    }

    #[test]
    fn spans_point_into_the_text_with_non_ascii_characters() {
        let text = "Señor Pérez dijo «sí.» Él salió… Después\n\nÜber alles.";
        for r in sentences(text) {
            assert!(text.is_char_boundary(r.start) && text.is_char_boundary(r.end));
        }
        assert_eq!(
            split(text),
            [
                "Señor Pérez dijo «sí.»",
                "Él salió…",
                "Después",
                "Über alles."
            ]
        );
    }

    #[test]
    fn paragraphs_are_runs_of_non_blank_lines() {
        let text = "\n a\nb \n\n\nc\n";
        let paras: Vec<&str> = paragraphs(text).into_iter().map(|r| &text[r]).collect();
        assert_eq!(paras, ["a\nb", "c"]);
    }

    #[test]
    fn quotations_pair_marks_in_order_within_a_paragraph() {
        let text = "He said “yes.” Kim”stressed it” and «oui».\n\nAn “unpaired\n\n\"x\"";
        let quotes: Vec<&str> = quotations(text).into_iter().map(|r| &text[r]).collect();
        assert_eq!(quotes, ["“yes.”", "”stressed it”", "«oui»", "\"x\""]);
    }

    /// The words of a text as a character-by-character reading defines them (the rule of
    /// [`words`]): what the byte-wise scanner must agree with.
    fn words_by_chars(text: &str) -> Vec<Range<usize>> {
        let mut out = Vec::new();
        let mut open: Option<Range<usize>> = None;
        let mut prev = ' ';
        for (i, c) in text.char_indices() {
            let end = i + c.len_utf8();
            if c.is_alphanumeric() || c == '_' || (open.is_some() && is_combining_mark(c)) {
                match open.as_mut() {
                    Some(word) => word.end = end,
                    None => open = Some(i..end),
                }
            } else if open.is_some() {
                let next = text[end..].chars().next().unwrap_or(' ');
                let joins =
                    (matches!(c, '\'' | '’' | '.') && prev.is_alphabetic() && next.is_alphabetic())
                        || (matches!(c, ',' | '.') && prev.is_numeric() && next.is_numeric());
                if !joins {
                    out.extend(open.take());
                }
            }
            prev = c;
        }
        out.extend(open);
        out
    }

    /// The quotations of a text, its marks read character by character.
    fn quotations_by_chars(text: &str) -> Vec<Range<usize>> {
        let mut out = Vec::new();
        for para in paragraphs(text) {
            let mut open: Option<usize> = None;
            for (i, c) in text[para.clone()].char_indices() {
                if matches!(c, '"' | '“' | '”' | '„' | '«' | '»') {
                    let at = para.start + i;
                    match open.take() {
                        None => open = Some(at),
                        Some(start) => out.push(start..at + c.len_utf8()),
                    }
                }
            }
        }
        out
    }

    proptest::proptest! {
        /// The byte-wise scanners agree with the character-wise rules, on text mixing ASCII,
        /// accents, combining marks, curly quotes, guillemets and CJK.
        #[test]
        fn byte_scanners_agree_with_the_character_rules(
            text in "[a-zA-Z0-9 .,'’\"“”„«»\n_é\u{301}東-]{0,80}"
        ) {
            proptest::prop_assert_eq!(words(&text), words_by_chars(&text));
            proptest::prop_assert_eq!(quotations(&text), quotations_by_chars(&text));
            let first: Vec<_> = first_sentences(&text).collect();
            proptest::prop_assert_eq!(first, sentences(&text));
        }

        /// Spans are in order, disjoint, on character boundaries, trimmed, never empty, and
        /// never hold a blank line.
        #[test]
        fn spans_are_ordered_trimmed_and_within_paragraphs(
            text in "[a-zA-Z0-9 .!?…\"“”’'()\n]{0,120}"
        ) {
            let spans = sentences(&text);
            let mut last = 0;
            for r in &spans {
                proptest::prop_assert!(last <= r.start && r.start < r.end);
                proptest::prop_assert!(text.is_char_boundary(r.start) && text.is_char_boundary(r.end));
                let s = &text[r.clone()];
                proptest::prop_assert_eq!(s, s.trim());
                proptest::prop_assert!(!s.contains("\n\n") && !s.contains("\n \n"));
                last = r.end;
            }
            // Nothing is lost or repeated: the sentences hold every visible character once.
            let visible = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
            let joined: String = spans.iter().map(|r| visible(&text[r.clone()])).collect();
            proptest::prop_assert_eq!(joined, visible(&text));
        }
    }

    #[test]
    fn words_hold_together_across_apostrophes_periods_and_digit_commas() {
        let text =
            "Kim’s U.S. envoy paid $1,000.50 (3.2%) to O'Neil, Jong-un and 東京 cafe\u{301}.";
        let words: Vec<&str> = words(text).into_iter().map(|r| &text[r]).collect();
        let want = [
            "Kim’s", "U.S", "envoy", "paid", "1,000.50", "3.2", "to", "O'Neil", "Jong",
        ];
        assert_eq!(words[..9], want);
        assert_eq!(words[9..], ["un", "and", "東京", "cafe\u{301}"]);
    }

    #[test]
    fn single_quotes_are_found_without_apostrophes() {
        let text = "Kim’s plan: prepare for ‘dialogue and confrontation’ with the US. \
                    He admits a ‘strained food situation’, and the ’90s are over.";
        let found: Vec<&str> = single_quotations(text)
            .into_iter()
            .map(|r| &text[r])
            .collect();
        assert_eq!(
            found,
            ["‘dialogue and confrontation’", "‘strained food situation’"]
        );
    }
}
