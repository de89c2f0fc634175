//! Owns anchors: the names, numbers, dates and quotes that a spinner or translator leaves alone.
//!
//! A content farm swaps words for synonyms and a translation round trip rewords whole phrases,
//! but neither changes "Kim Jong Un", "2018", "60 warheads" or a quoted sentence much; two
//! retellings of one story share these even when they share no word 5-gram. Each anchor has a
//! kind and a key normalised so that it compares across such rewrites: words through the
//! crate's word normaliser (NFKC, case and quote folding), possessives and periods dropped
//! from names ("Kim's" and "U.S." give "kim" and "us"), hyphens split ("Jong-un" is "jong
//! un"), numbers without grouping commas and with their scale ("3.2 million" is "3200000"),
//! Cyrillic and Greek in Latin letters ("Зеленский" is "zelensky": `latin`).
//!
//! Names are capitalised spans. A capitalised word opening a sentence or a quote is only a
//! name when the text also capitalises it elsewhere, or when another name word follows it:
//! that keeps "However", "Details" or "Earlier" out without a dictionary of names.

mod figures;
mod latin;

use std::ops::Range;

use foldhash::HashSet;

use super::sentences::{quotations, sentences, words_into};
use super::Analyzer;

/// What an anchor is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum AnchorKind {
    /// A capitalised span: a person, place, organisation ("kim jong un", "bank of england").
    Name,
    /// A number, with its scale applied and `%` appended for percentages ("3200000", "34%").
    Number,
    /// A year, month, weekday or day of a month ("2021", "june", "june 18", "thursday").
    Date,
    /// A quoted string of three or more words, as its normalised words.
    Quote,
}

/// One anchor found in a text.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Anchor {
    /// What it is.
    pub kind: AnchorKind,
    /// The normalised key: equal keys are the same anchor (see the module doc).
    pub key: String,
    /// Its byte span in the text it was found in.
    pub span: Range<usize>,
}

/// The anchors of `text`, in text order (by start; a quote comes before the names in it).
pub fn anchors(text: &str) -> Vec<Anchor> {
    let mut all = sentence_anchors(text, &sentences(text)).concat();
    all.sort_by_key(|a| (a.span.start, a.kind != AnchorKind::Quote));
    all
}

/// The anchors of each sentence of `text` (`sentences` are byte spans into it, as from
/// [`sentences`]). Capitalisation elsewhere in the whole text decides whether a sentence's
/// first word is a name. A quote belongs to the sentence it starts in, even when it runs on.
pub fn sentence_anchors(text: &str, sentences: &[Range<usize>]) -> Vec<Vec<Anchor>> {
    let analyzer = Analyzer::default();
    // Every word's key goes into one buffer: a word costs no allocation of its own.
    let mut keys = String::with_capacity(text.len());
    let mut scanned: Vec<Scanned> = Vec::new();
    let mut bounds: Vec<usize> = Vec::with_capacity(sentences.len() + 1);
    let mut spans = Vec::new();
    for s in sentences {
        bounds.push(scanned.len());
        scan_words(
            text,
            s.clone(),
            &analyzer,
            &mut keys,
            &mut spans,
            &mut scanned,
        );
    }
    bounds.push(scanned.len());
    let all: Vec<Word<'_>> = scanned.into_iter().map(|w| w.word(text, &keys)).collect();
    let words: Vec<&[Word<'_>]> = bounds.windows(2).map(|b| &all[b[0]..b[1]]).collect();
    let titles: Vec<bool> = words
        .iter()
        .zip(sentences)
        .map(|(ws, s)| is_title_case(&text[s.clone()], ws))
        .collect();
    let known: HashSet<&str> = words
        .iter()
        .zip(&titles)
        .filter(|(_, &title)| !title)
        .flat_map(|(ws, _)| ws.iter())
        .filter(|w| w.capitalised && !w.initial && !w.key.is_empty())
        .map(|w| w.key)
        .collect();
    let mut out: Vec<Vec<Anchor>> = words
        .iter()
        .zip(&titles)
        .map(|(ws, &title)| sentence_anchors_of(text, ws, &known, title))
        .collect();
    for quote in quotes(text, &analyzer) {
        // The first sentence ending after the quote opens holds it.
        let i = sentences.partition_point(|s| s.end <= quote.span.start);
        if let Some(list) = out.get_mut(i) {
            list.push(quote);
        }
    }
    for list in &mut out {
        list.sort_by_key(|a| (a.span.start, a.kind != AnchorKind::Quote));
    }
    out
}

/// The latest year from 1900 to 2099 that `text` names as a four-digit number ("2019",
/// "2018-2019", "2019's"), if any: a lower bound on when an undated text was written, as
/// long as the year is not a plan.
pub fn latest_year(text: &str) -> Option<i32> {
    let bytes = text.as_bytes();
    let mut best: Option<i32> = None;
    let mut i = 0;
    while i + 4 <= bytes.len() {
        let run = bytes[i..].iter().take_while(|b| b.is_ascii_digit()).count();
        if run == 0 {
            i += 1;
            continue;
        }
        let standalone = i == 0 || !bytes[i - 1].is_ascii_alphanumeric();
        let after = bytes.get(i + run);
        let ends = after.is_none_or(|b| !b.is_ascii_alphanumeric() || *b == b's');
        if run == 4 && standalone && ends {
            let year = text[i..i + 4]
                .parse::<i32>()
                .ok()
                .filter(|y| (1900..2100).contains(y));
            best = best.max(year);
        }
        i += run;
    }
    best
}

/// Whether `word` (normalised: lower case) is an English function word: too common to carry
/// meaning, and never a name on its own when capitalised.
pub fn is_stopword(word: &str) -> bool {
    // One hash and a probe or two of the skeleton's table: the binary search over the
    // list's strings was a tenth of profiling.
    super::skeleton::is_function_word(super::tokens::word_hash(word.as_bytes()))
}

/// English function words, sorted (the skeleton's hash table is made from them): the usual closed classes (articles,
/// pronouns, auxiliaries, prepositions, conjunctions) and sentence adverbs that open news
/// sentences ("however", "meanwhile").
#[rustfmt::skip]
pub(crate) const STOPWORDS: &[&str] = &[
    "a", "about", "above", "according", "after", "again", "against", "all", "also", "although",
    "am", "among", "an", "and", "another", "any", "are", "as", "at", "be", "because", "been",
    "before", "being", "below", "between", "both", "but", "by", "can", "could", "did", "do",
    "does", "doing", "down", "during", "each", "either", "even", "ever", "every", "few", "for",
    "from", "further", "had", "has", "have", "having", "he", "her", "here", "hers", "herself",
    "him", "himself", "his", "how", "however", "i", "if", "in", "into", "is", "it", "its",
    "itself", "just", "may", "me", "meanwhile", "might", "more", "most", "must", "my", "myself",
    "neither", "no", "nor", "not", "now", "of", "off", "on", "once", "only", "or", "other",
    "our", "ours", "ourselves", "out", "over", "own", "same", "shall", "she", "should", "since",
    "so", "some", "still", "such", "than", "that", "the", "their", "theirs", "them",
    "themselves", "then", "there", "these", "they", "this", "those", "though", "through",
    "thus", "to", "too", "under", "until", "up", "upon", "us", "very", "via", "was", "we",
    "were", "what", "when", "where", "whether", "which", "while", "who", "whom", "whose", "why",
    "will", "with", "within", "without", "would", "yet", "you", "your", "yours", "yourself",
];

/// Lower-case words allowed inside a name span, between two capitalised words ("Bank of
/// England", "Osama bin Laden", "Charles de Gaulle").
#[rustfmt::skip]
const PARTICLES: &[&str] = &[
    "al", "bin", "da", "de", "del", "der", "di", "du", "for", "la", "le", "of", "the", "van",
    "von",
];

/// Titles dropped from the start of a name, so "President Joe Biden" and "Joe Biden" meet.
#[rustfmt::skip]
const TITLES: &[&str] = &[
    "chairman", "chancellor", "dr", "former", "gen", "general", "gov", "governor", "king",
    "leader", "mayor", "minister", "mr", "mrs", "ms", "pope", "president", "prime", "prof",
    "queen", "rep", "secretary", "sen", "senator", "sir",
    // French, German, Spanish, Italian, Portuguese; Russian in its Latin keys.
    "président", "présidente", "ministre", "präsident", "präsidentin", "kanzler",
    "kanzlerin", "bundeskanzler", "bundeskanzlerin", "minister", "presidente", "ministro",
    "prezident", "ministr", "premer-ministr", "kantsler",
];

/// One word of a sentence, hyphenated compounds joined ("Jong-un", "2018-2019").
struct Word<'k> {
    span: Range<usize>,
    /// Normalised words joined by spaces, possessives and periods dropped ("kim", "us").
    key: &'k str,
    capitalised: bool,
    /// Two or more letters, all capitals ("US", "KCNA"): a name even when its lower-case
    /// form is a function word.
    acronym: bool,
    /// First in its sentence or right after an opening quote or colon.
    initial: bool,
    /// Ends in a singular possessive ("Kim's"): a name span stops after it.
    possessive: bool,
    /// Only whitespace lies between this word and the one before.
    joined: bool,
}

/// A [`Word`] whose key is still a range of the keys' buffer (which grows while words are
/// scanned).
struct Scanned {
    span: Range<usize>,
    key: Key,
    capitalised: bool,
    acronym: bool,
    initial: bool,
    possessive: bool,
    joined: bool,
}

/// Where a scanned word's key is.
enum Key {
    /// In the text, at this span: the word is its own key.
    Text(Range<usize>),
    /// In the keys' buffer, at this range.
    Buffer(Range<usize>),
}

impl Scanned {
    fn word<'k>(self, text: &'k str, keys: &'k str) -> Word<'k> {
        Word {
            span: self.span,
            key: match self.key {
                Key::Text(r) => &text[r],
                Key::Buffer(r) => &keys[r],
            },
            capitalised: self.capitalised,
            acronym: self.acronym,
            initial: self.initial,
            possessive: self.possessive,
            joined: self.joined,
        }
    }
}

/// Appends the words of `text[range]` to `out`, their keys to `keys`.
fn scan_words(
    text: &str,
    range: Range<usize>,
    analyzer: &Analyzer,
    keys: &mut String,
    spans: &mut Vec<Range<usize>>,
    out: &mut Vec<Scanned>,
) {
    let base = range.start;
    spans.clear();
    words_into(&text[range], base, spans);
    // A hyphen or en dash joins a compound ("Jong-un", "2018–2019").
    let mut kept: usize = 0;
    for k in 0..spans.len() {
        let span = spans[k].clone();
        match kept.checked_sub(1).map(|last| &mut spans[last]) {
            Some(last) if is_hyphen(&text.as_bytes()[last.end..span.start]) => last.end = span.end,
            _ => {
                spans[kept] = span;
                kept += 1;
            }
        }
    }
    spans.truncate(kept);
    let first = out.len();
    let mut prev_end = base;
    for span in spans.drain(..) {
        let gap = &text[prev_end..span.start];
        let raw = &text[span.clone()];
        let start = keys.len();
        let (capitalised, acronym, possessive, key) = match plain_word(raw, keys) {
            // A plain word's key is as long as the word: no possessive was dropped.
            Some(p) if p.borrowed => (p.capitalised, p.acronym, false, Key::Text(span.clone())),
            Some(p) => (
                p.capitalised,
                p.acronym,
                false,
                Key::Buffer(start..keys.len()),
            ),
            None => {
                push_key(raw, analyzer, keys);
                let key = &keys[start..];
                let possessive =
                    key.len() + 1 < raw.len() && !key.contains(' ') && ends_possessive(raw);
                let (capitalised, acronym) = capitals(raw);
                (
                    capitalised,
                    acronym,
                    possessive,
                    Key::Buffer(start..keys.len()),
                )
            }
        };
        out.push(Scanned {
            key,
            capitalised,
            acronym,
            initial: out.len() == first || opens(gap),
            possessive,
            joined: joins(gap),
            span,
        });
        prev_end = out.last().map_or(prev_end, |w| w.span.end);
    }
}

/// Whether the bytes between two words are one hyphen or en dash ("-", "‐", "‑", "–"),
/// which join a compound.
fn is_hyphen(gap: &[u8]) -> bool {
    matches!(gap, b"-" | [0xE2, 0x80, 0x90 | 0x91 | 0x93])
}

/// Appends the key of a plain word, ASCII letters and digits only (most words of news), in
/// one pass, and says whether it begins with a capital and is an acronym (as [`capitals`]);
/// `None`, with nothing appended, for any other word.
fn plain_word(raw: &str, keys: &mut String) -> Option<Plain> {
    let (mut letters, mut upper) = (0usize, 0usize);
    for &b in raw.as_bytes() {
        // Setting bit 5 lowercases an ASCII letter and maps no other byte into a..z.
        let letter = (b | 0x20).wrapping_sub(b'a') < 26;
        if !letter && !b.is_ascii_digit() {
            return None;
        }
        letters += usize::from(letter);
        upper += usize::from(letter && b < b'a');
    }
    // A word in lower case is its own key, read from the text; others are lowered into
    // the keys' buffer.
    let borrowed = upper == 0;
    if !borrowed {
        let start = keys.len();
        keys.push_str(raw);
        keys[start..].make_ascii_lowercase();
    }
    Some(Plain {
        capitalised: raw.as_bytes().first().is_some_and(u8::is_ascii_uppercase),
        acronym: letters >= 2 && upper == letters,
        borrowed,
    })
}

/// What [`plain_word`] says of a plain word.
struct Plain {
    capitalised: bool,
    acronym: bool,
    /// Whether its key is the word as the text writes it (nothing was appended).
    borrowed: bool,
}

/// Whether the gap before a word opens a quote or follows a colon: the word is then initial.
fn opens(gap: &str) -> bool {
    if gap.is_ascii() {
        return gap.bytes().any(|b| b == b'"' || b == b':');
    }
    gap.contains(['"', '“', '”', '«', ':'])
}

/// Whether only whitespace lies in the gap between two words. A plural possessive's
/// apostrophe ("Workers' Party") does not part two words.
fn joins(gap: &str) -> bool {
    if gap.is_ascii() {
        return gap
            .trim_start_matches('\'')
            .bytes()
            .all(|b| b.is_ascii_whitespace() || b == 0x0b);
    }
    gap.trim_start_matches(['\'', '’'])
        .chars()
        .all(char::is_whitespace)
}

/// Whether a word begins with a capital, and whether it is an acronym: two or more letters,
/// all capitals.
fn capitals(raw: &str) -> (bool, bool) {
    if raw.is_ascii() {
        let b = raw.as_bytes();
        let (mut letters, mut upper) = (0, 0);
        for c in b.iter().filter(|c| c.is_ascii_alphabetic()) {
            letters += 1;
            upper += usize::from(c.is_ascii_uppercase());
        }
        let capitalised = b.first().is_some_and(u8::is_ascii_uppercase);
        return (capitalised, letters >= 2 && upper == letters);
    }
    let letters = raw.chars().filter(|c| c.is_alphabetic());
    (
        raw.chars().next().is_some_and(char::is_uppercase),
        letters.clone().count() >= 2 && letters.clone().all(char::is_uppercase),
    )
}

/// Appends a word's key to `keys`: its normalised words joined by spaces, possessives
/// dropped, and periods too unless it is a number ("U.S." is "us"; "3.2" keeps its point).
/// (A plain word of ASCII letters and digits takes [`plain_word`] instead.)
fn push_key(raw: &str, analyzer: &Analyzer, keys: &mut String) {
    if !push_ascii_key(raw, keys) {
        push_token_key(raw, analyzer, keys);
    }
}

/// [`push_key`] by the definition: the word's tokens, each without its possessive, Latin
/// keys for other scripts, periods dropped unless it is a number.
fn push_token_key(raw: &str, analyzer: &Analyzer, keys: &mut String) {
    let start = keys.len();
    analyzer.tokens(raw, |t| {
        let t = strip_possessive(t);
        if keys.len() > start {
            keys.push(' ');
        }
        match (t.contains(|c: char| c.is_ascii_digit()), latin::latin(t)) {
            (true, _) => keys.push_str(t),
            (false, Some(l)) => keys.push_str(&l),
            (false, None) => keys.extend(t.chars().filter(|&c| c != '.')),
        }
    });
}

/// Appends the key of an ASCII word (as [`scan_words`] gives words: letters, digits and `_`,
/// joined by an apostrophe or period between letters, a comma or period between digits, and
/// a hyphen between parts) as [`push_key`] would make it through the tokeniser, which on
/// such a word gives each hyphenated part as one lower-case token (a part without a letter
/// or digit gives none): "Kim's" is "kim", "U.S" "us", "1,000.5" "1,000.5", "Jong-un"
/// "jong un". Returns false, appending nothing, for a word with any other character.
fn push_ascii_key(raw: &str, keys: &mut String) -> bool {
    if !raw.is_ascii() {
        return false;
    }
    let start = keys.len();
    for part in raw.split('-') {
        if !part.bytes().any(|b| b.is_ascii_alphanumeric()) {
            continue;
        }
        if keys.len() > start {
            keys.push(' ');
        }
        let part = match part.len().checked_sub(2).map(|at| part.split_at(at)) {
            Some((head, "'s" | "'S")) => head,
            _ => part,
        };
        let at = keys.len();
        if part.bytes().any(|b| b.is_ascii_digit()) {
            keys.push_str(part);
        } else {
            keys.extend(part.chars().filter(|&c| c != '.'));
        }
        keys[at..].make_ascii_lowercase();
    }
    true
}

/// A singular possessive ends a name ("Biden's North Korea policy" is two); a plural one
/// is usually inside it ("Workers' Party").
fn ends_possessive(raw: &str) -> bool {
    ["'s", "’s", "'S", "’S"].iter().any(|p| raw.ends_with(p))
}

/// A normalised word without its possessive ending ("kim's" is "kim", "generals'" "generals").
fn strip_possessive(token: &str) -> &str {
    token
        .strip_suffix("'s")
        .or_else(|| token.strip_suffix('\''))
        .unwrap_or(token)
}

/// Whether a sentence is a headline in title case ("Kim Promises to Prepare for Talks"): no
/// closing punctuation, and of at least three content words past the first, two in three
/// capitalised. A body sentence dense with names ("Lena Park met Omar Haddad on Friday.")
/// ends with a period, so is never taken for one.
fn is_title_case(sentence: &str, words: &[Word<'_>]) -> bool {
    if sentence.ends_with(['.', '!', '?', '…', '"', '”', '’', ')']) {
        return false;
    }
    let content: Vec<&Word<'_>> = words
        .iter()
        .skip(1)
        .filter(|w| !is_stopword(w.key) && !w.key.starts_with(|c: char| c.is_ascii_digit()))
        .collect();
    let capitalised = content.iter().filter(|w| w.capitalised).count();
    content.len() >= 3 && capitalised * 3 >= content.len() * 2
}

/// The anchors of one sentence's words, except quotes. In a title-case sentence only words
/// the text capitalises elsewhere can be names.
fn sentence_anchors_of(
    text: &str,
    words: &[Word<'_>],
    known: &HashSet<&str>,
    title: bool,
) -> Vec<Anchor> {
    let is_name_word = |w: &Word<'_>| is_name_word(w) && (!title || known.contains(w.key));
    let mut out = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let w = &words[i];
        if let Some((found, used)) =
            figures::date_at(text, words, i).or_else(|| figures::number_at(text, words, i))
        {
            out.extend(found);
            i += used;
            continue;
        }
        let starts_name = is_name_word(w)
            && (!w.initial
                || known.contains(w.key)
                || words
                    .get(i + 1)
                    .is_some_and(|n| n.joined && is_name_word(n)));
        if !starts_name {
            i += 1;
            continue;
        }
        let mut end = i + 1;
        while end < words.len() && !words[end - 1].possessive {
            let next = &words[end];
            if next.joined && is_name_word(next) && !next.initial {
                end += 1;
            } else if next.joined
                && !next.capitalised
                && PARTICLES.contains(&next.key)
                && words
                    .get(end + 1)
                    .is_some_and(|n| n.joined && is_name_word(n) && !n.initial)
            {
                end += 2;
            } else {
                break;
            }
        }
        let first = (i..end)
            .find(|&k| !TITLES.contains(&words[k].key))
            .unwrap_or(end);
        if first < end {
            let key: Vec<&str> = words[first..end].iter().map(|w| w.key).collect();
            out.push(Anchor {
                kind: AnchorKind::Name,
                key: key.join(" "),
                span: words[first].span.start..words[end - 1].span.end,
            });
        }
        i = end;
    }
    out
}

/// A capitalised word that can be part of a name: not a function word, a month or a weekday,
/// and not a number.
fn is_name_word(w: &Word<'_>) -> bool {
    w.capitalised
        && !w.key.is_empty()
        && (w.acronym || !is_stopword(w.key))
        && !figures::MONTHS.contains(&w.key)
        && !figures::WEEKDAYS.contains(&w.key)
        && !w.key.starts_with(|c: char| c.is_ascii_digit())
}

/// An anchor of a kind and key at a span.
fn anchor(kind: AnchorKind, key: String, span: &Range<usize>) -> Anchor {
    Anchor {
        kind,
        key,
        span: span.clone(),
    }
}

/// The quotations of `text` (see [`quotations`](super::sentences::quotations)) of three or
/// more words, keyed by their normalised words.
fn quotes(text: &str, analyzer: &Analyzer) -> Vec<Anchor> {
    let quote = |span: Range<usize>| {
        let (mut key, mut words) = (String::new(), 0);
        analyzer.tokens(&text[span.clone()], |t| {
            if words > 0 {
                key.push(' ');
            }
            key.push_str(t);
            words += 1;
        });
        (words >= MIN_QUOTE_WORDS).then(|| anchor(AnchorKind::Quote, key, &span))
    };
    quotations(text).into_iter().filter_map(quote).collect()
}

/// The fewest words a quote needs to be an anchor: shorter quotes ("thug", "tight") are
/// single words a spinner may keep or swap alike, and scare quotes rather than speech.
const MIN_QUOTE_WORDS: usize = 3;

#[cfg(test)]
mod tests {
    use super::*;
    use AnchorKind::*;

    proptest::proptest! {
        /// Every ASCII word the scanner finds gets the key the tokeniser would give it.
        #[test]
        fn ascii_word_keys_are_the_tokeniser_s(text in "[a-zA-Z0-9_'.,\\- ]{0,60}") {
            let mut spans = Vec::new();
            let mut keys = String::new();
            let mut out = Vec::new();
            let analyzer = Analyzer::default();
            scan_words(&text, 0..text.len(), &analyzer, &mut keys, &mut spans, &mut out);
            for w in &out {
                let raw = &text[w.span.clone()];
                let (mut fast, mut slow) = (String::new(), String::new());
                proptest::prop_assert!(push_ascii_key(raw, &mut fast));
                push_token_key(raw, &analyzer, &mut slow);
                proptest::prop_assert_eq!(fast, slow, "{:?}", raw);
            }
        }
    }

    /// The keys of one kind, joined by `|` so that expectations fit on a line.
    fn keys(text: &str, kind: AnchorKind) -> String {
        let found = anchors(text).into_iter().filter(|a| a.kind == kind);
        found.map(|a| a.key).collect::<Vec<_>>().join("|")
    }

    #[test]
    fn names_are_capitalised_spans_with_particles_and_folded_keys() {
        assert!(STOPWORDS.windows(2).all(|w| w[0] < w[1]), "sorted");
        let text = "The governor of the Bank of England met Ana María Ruiz and Prime Minister \
                    Olu Ade in London. However, Ruiz’s Workers’ Party plan failed.";
        let want = "bank of england|ana maría ruiz|olu ade|london|ruiz|workers party";
        assert_eq!(keys(text, Name), want);
        let one = keys(
            "Officials said KIM JONG-UN’s envoy met U.S. officials.",
            Name,
        );
        let two = keys("Officials said Kim Jong Un's envoy met US diplomats.", Name);
        assert_eq!(one, "kim jong un|us");
        assert_eq!(one, two);
    }

    /// "Details" and "Since" open sentences; "Halvorsen" is a name because the text also
    /// writes it capitalised mid-sentence, "North Harbour Bank" because name words follow.
    /// In a title-case headline only what the body names counts.
    #[test]
    fn sentence_openers_and_headlines_are_names_only_when_the_text_says_so() {
        let text = "Details were scarce. Since Monday, Halvorsen has said nothing. \
                    Halvorsen left. North Harbour Bank closed. \"Now we wait,\" Halvorsen said.";
        let want = "halvorsen|halvorsen|north harbour bank|halvorsen";
        assert_eq!(keys(text, Name), want);
        let text = "Mayor Vows to Fight New Tax in Court\n\nMayor Lena Park said it would \
                    go to court.";
        assert_eq!(keys(text, Name), "lena park");
    }

    #[test]
    fn numbers_with_scales_percentages_and_ranges() {
        let text = "About 1,000 troops and 60 warheads; 3.2 million people, 34 percent, 12% \
                    and 7 per cent. In 2018-2019 it cost $4.5 billion.";
        let want = "1000|60|3200000|34%|12%|7%|4500000000";
        assert_eq!(keys(text, Number), want);
        assert_eq!(keys(text, Date), "2018|2019");
        assert_eq!(keys("There were 1000, at 2.50 each.", Number), "1000|2.5");
    }

    #[test]
    fn numbers_in_other_languages_key_as_in_english() {
        let fr = "Environ 3,2 millions de personnes, soit 34 pour cent, et 1.000 soldats.";
        assert_eq!(keys(fr, Number), "3200000|34%|1000");
        let de = "Rund 1.250.000 Menschen, 4,5 Milliarden Euro und 12,5 Prozent.";
        assert_eq!(keys(de, Number), "1250000|4500000000|12.5%");
        let es = "Unos 3 mil millones de dólares.";
        assert_eq!(keys(es, Number), "3000000000");
        let ru = "Около 3,2 млн человек.";
        assert_eq!(keys(ru, Number), "3200000");
        let en = "It cost 1,234.5 dollars, or 2.50 each; 0.125 of it.";
        assert_eq!(keys(en, Number), "1234.5|2.5|0.125");
    }

    #[test]
    fn names_in_other_scripts_key_as_in_english() {
        let ru = "Президент Владимир Зеленский встретился с Лавровым в Москве.";
        assert_eq!(keys(ru, Name), "vladimir zelensky|lavrov|moskve");
        let el = "Ο πρωθυπουργός Αλέξης Τσίπρας μίλησε στην Αθήνα.";
        assert_eq!(keys(el, Name), "alexis tsipras|athina");
    }

    #[test]
    fn dates_in_other_languages_key_as_in_english() {
        assert_eq!(
            keys("Le conseil s'est réuni jeudi 18 juin.", Date),
            "thursday|june 18"
        );
        assert_eq!(
            keys("Am Donnerstag, 18. Juni, tagte der Rat.", Date),
            "thursday|june 18"
        );
        assert_eq!(
            keys("El jueves 18 de junio se reunió.", Date),
            "thursday|june 18"
        );
        assert_eq!(
            keys("Совет собрался в четверг, 18 июня.", Date),
            "thursday|june 18"
        );
        // A month name alone in another language is no date: "mars" is also the planet.
        assert_eq!(keys("La sonde vers mars est partie.", Date), "");
    }

    #[test]
    fn dates_months_and_weekdays() {
        let text = "On Thursday, June 18, the board met; on 18 June 2021 it voted. \
                    It reported in March and on Jan. 5. May is far. The 3rd of May.";
        let want = "thursday|june 18|june 18|2021|march|january 5|may";
        assert_eq!(keys(text, Date), want);
        assert_eq!(keys(text, Name), "");
    }

    #[test]
    fn latest_year_is_the_largest_plausible_year() {
        assert_eq!(
            latest_year("In 2018-2019, Kim held summits; 1,200 troops."),
            Some(2019)
        );
        assert_eq!(
            latest_year("The 1990s and 2001's attacks, not 12345 or 3000."),
            Some(2001)
        );
        assert_eq!(latest_year("No years here, only 20 and 300."), None);
    }

    #[test]
    fn quotes_of_three_words_or_more_with_folded_keys() {
        let text = "He called it “calibrated and practical.” She said \"no\" twice. \
                    Kim”stressed the need—to be ready” with them.\n\nAn “open quote \
                    never closed\n\nin the next \"Paragraph  IS here\" ok.";
        let want = "calibrated and practical|stressed the need to be ready|paragraph is here";
        assert_eq!(keys(text, Quote), want);
    }

    #[test]
    fn each_sentence_gets_its_own_anchors_and_spans_point_into_the_text() {
        let text = "Lena Park met Omar Haddad on Friday. Park said \"we will meet again soon.\" \
                    They met 2 times.";
        let per = sentence_anchors(text, &sentences(text));
        let kinds: Vec<Vec<_>> = per
            .iter()
            .map(|s| s.iter().map(|a| a.kind).collect())
            .collect();
        assert_eq!(
            kinds,
            [vec![Name, Name, Date], vec![Name, Quote], vec![Number]]
        );
        let text_of = |a: &Anchor| &text[a.span.clone()];
        assert_eq!(text_of(&per[0][1]), "Omar Haddad");
        assert_eq!(text_of(&per[1][1]), "\"we will meet again soon.\"");
    }
}
