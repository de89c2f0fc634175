//! Owns what every line rule of extraction shares: a line's verdict (its kind of chrome, how
//! far that can be trusted, what it tells the region logic), and the folding and shape tests
//! `chrome`, `head`, `title` and `text` all read lines with. A leaf: it imports no sibling.

use crate::model::ChromeKind;

/// No chrome line in the haystack corpora, cookie notices and AP's captions included, is longer.
pub(crate) const MAX_CHROME_WORDS: usize = 80;

/// How far a line's kind can be trusted without looking at its neighbours.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Strength {
    /// Chrome wherever it stands ("Advertisement").
    Strong,
    /// Chrome only before the first or after the last body paragraph, or beside strong chrome.
    Edge,
    /// Chrome only before the first body paragraph (a date, a section name, a share count).
    Head,
    /// Chrome only above the first body paragraph and above more chrome (a bare name).
    HeadPair,
}

/// What a line tells the region logic beyond its kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Signal {
    /// Nothing.
    None,
    /// A comment thread's heading or its form: "Leave a Reply", "3 thoughts on", "Notify me of".
    Thread,
    /// A line inside a comment: "Reply", "Liked by 4 people".
    InComment,
    /// "Jane says:": a comment's opening, but also a lead-in to a quote, so it only confirms.
    Says,
    /// A credit, a copyright or a sign-off: what follows it is no longer the article.
    Ends,
    /// "About the author": the short lines after it belong to the author box.
    AuthorBox,
}

/// What one line is, as far as the line alone can tell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Verdict {
    /// The kind of chrome, or `None` for article text.
    pub kind: Option<ChromeKind>,
    /// How far `kind` can be trusted alone.
    pub strength: Strength,
    /// What else the line tells.
    pub signal: Signal,
    /// Where a second piece of another kind starts: a credit glued to a caption, a caption
    /// after a credit.
    pub second: Option<(usize, ChromeKind)>,
}

impl Verdict {
    /// Article text.
    pub(crate) const TEXT: Verdict = Verdict {
        kind: None,
        strength: Strength::Strong,
        signal: Signal::None,
        second: None,
    };

    /// Chrome of `kind`, as far as `strength` goes.
    pub(crate) fn of(kind: ChromeKind, strength: Strength) -> Verdict {
        let mut v = Verdict::TEXT;
        (v.kind, v.strength) = (Some(kind), strength);
        v
    }

    pub(crate) fn strong(kind: ChromeKind) -> Verdict {
        Verdict::of(kind, Strength::Strong)
    }

    pub(crate) fn with(self, signal: Signal) -> Verdict {
        Verdict { signal, ..self }
    }

    pub(crate) fn split(self, at: usize, kind: ChromeKind) -> Verdict {
        let second = Some((at, kind));
        Verdict { second, ..self }
    }

    /// A photo credit: unlike other credits, it may stand anywhere and does not end the article.
    pub(crate) fn is_photo_credit(&self) -> bool {
        self.kind == Some(ChromeKind::Credit) && self.signal != Signal::Ends
    }
}

/// Writes `s` lowercased into `out`, with typographic quotes, dashes and spaces made plain, so
/// that one comparison covers "Read also", "READ ALSO" and "Read\u{a0}also".
pub(crate) fn fold_into(s: &str, out: &mut String) {
    out.clear();
    // Runs of ASCII are copied and lowered whole; only the other characters are decoded.
    let bytes = s.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let start = i;
        while i < bytes.len() && bytes[i].is_ascii() {
            i += 1;
        }
        if i > start {
            let at = out.len();
            out.push_str(&s[start..i]);
            out[at..].make_ascii_lowercase();
        }
        let Some(c) = s[i..].chars().next() else {
            break;
        };
        i += c.len_utf8();
        match c {
            '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' => out.push('\''),
            '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' => out.push('"'),
            '\u{2010}'..='\u{2015}' | '\u{2212}' => out.push('-'),
            '\u{00A0}' | '\u{2002}'..='\u{200A}' | '\u{202F}' | '\u{3000}' => out.push(' '),
            '\u{FF1A}' => out.push(':'),
            c => out.extend(c.to_lowercase()),
        }
    }
}

/// True when a line ends like a sentence or a clause (closing quotes and brackets skipped),
/// in Latin or in CJK punctuation ("。", "！", "：").
pub(crate) fn ends_sentence(s: &str) -> bool {
    let closing = "\"')]*\u{201D}\u{2019}\u{300D}\u{300F}\u{FF09}";
    let end = s.trim_end_matches(|c: char| c.is_whitespace() || closing.contains(c));
    end.ends_with(['.', '!', '?', ':', ';', '\u{2026}'])
        || end.ends_with(['\u{3002}', '\u{FF01}', '\u{FF1F}', '\u{FF1A}', '\u{FF1B}'])
}

/// The number of words of a line: its runs between spaces, where Chinese and Japanese
/// characters, written without spaces, count one word for every two (about the length of a
/// Chinese word), so that a line's word limits mean the same in every script.
pub(crate) fn count_words(s: &str) -> usize {
    if s.is_ascii() {
        // No CJK: a word is a run between whitespace, counted where it starts.
        let mut count = 0;
        let mut space = true;
        for &b in s.as_bytes() {
            let blank = b.is_ascii_whitespace() || b == 0x0b;
            count += usize::from(space && !blank);
            space = blank;
        }
        return count;
    }
    // One pass over the characters (ASCII bytes taken as they are), closing a word at each
    // run of whitespace.
    let (mut count, mut open, mut cjk, mut other) = (0, false, 0usize, false);
    let word = |cjk: usize, other: bool| match cjk {
        0 => 1,
        n => n.div_ceil(2) + usize::from(other),
    };
    let bytes = s.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b.is_ascii() {
            i += 1;
            if b.is_ascii_whitespace() || b == 0x0b {
                if open {
                    count += word(cjk, other);
                    (open, cjk, other) = (false, 0, false);
                }
            } else {
                open = true;
                other |= b.is_ascii_alphanumeric();
            }
            continue;
        }
        let c = s[i..].chars().next().unwrap_or(' ');
        i += c.len_utf8();
        if c.is_whitespace() {
            if open {
                count += word(cjk, other);
                (open, cjk, other) = (false, 0, false);
            }
            continue;
        }
        open = true;
        if is_cjk(c) {
            cjk += 1;
        } else if c.is_alphanumeric() {
            other = true;
        }
    }
    if open {
        count += word(cjk, other);
    }
    count
}

/// True for a Han, Hiragana or Katakana character, which scripts write without spaces.
fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{3040}'..='\u{30FF}' | '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}'
        | '\u{F900}'..='\u{FAFF}' | '\u{20000}'..='\u{2FFFF}')
}

/// Strips a leading list bullet ("• ", "- ", "» ") and returns the rest and the bullet.
pub(crate) fn strip_bullet(s: &str) -> (&str, Option<char>) {
    let mut chars = s.chars();
    match (chars.next(), chars.next()) {
        (Some(b), Some(' ' | '\t' | '\u{a0}'))
            if "\u{2022}\u{b7}*-\u{2013}\u{2014}\u{bb}\u{203a}>\u{2192}\u{25aa}\u{25cf}+"
                .contains(b) =>
        {
            (chars.as_str().trim_start(), Some(b))
        }
        _ => (s, None),
    }
}

/// True when `s` contains one of the `|`-separated entries of `list`.
pub(crate) fn has_any(s: &str, list: &str) -> bool {
    list.split('|').any(|x| s.contains(x))
}

/// Collapses runs of white space (no-break spaces included) to one space.
pub(crate) fn tidy(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `count_words` by its definition: runs between whitespace, CJK characters two to a
    /// word.
    fn count_words_by_definition(s: &str) -> usize {
        s.split_whitespace()
            .map(|w| {
                let cjk = w.chars().filter(|&c| is_cjk(c)).count();
                if cjk == 0 {
                    1
                } else {
                    let other = w.chars().any(|c| c.is_alphanumeric() && !is_cjk(c));
                    cjk.div_ceil(2) + usize::from(other)
                }
            })
            .sum()
    }

    /// `fold_into` by its definition: each character folded on its own.
    fn fold_by_definition(s: &str) -> String {
        let mut out = String::new();
        for c in s.chars() {
            match c {
                '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' => out.push('\''),
                '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' => out.push('"'),
                '\u{2010}'..='\u{2015}' | '\u{2212}' => out.push('-'),
                '\u{00A0}' | '\u{2002}'..='\u{200A}' | '\u{202F}' | '\u{3000}' => out.push(' '),
                '\u{FF1A}' => out.push(':'),
                c => out.extend(c.to_lowercase()),
            }
        }
        out
    }

    proptest::proptest! {
        /// The byte-wise counting and folding agree with their definitions on lines mixing
        /// ASCII, typographic quotes and spaces, accents, Cyrillic and CJK.
        #[test]
        fn counting_and_folding_agree_with_their_definitions(
            s in "[a-zA-Z0-9 \t\u{a0}\u{3000}’“—.:ÉéЖж東京はい、]{0,60}"
        ) {
            proptest::prop_assert_eq!(count_words(&s), count_words_by_definition(&s));
            let mut folded = String::new();
            fold_into(&s, &mut folded);
            proptest::prop_assert_eq!(folded, fold_by_definition(&s));
        }
    }
}
