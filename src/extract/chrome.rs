//! Line rules for page chrome: what one line of a page is when it is not article text.
//!
//! Each rule reads a single line, lowercased and folded once (curly quotes, dashes and no-break
//! spaces made plain), and answers with a [`Verdict`]: a kind of chrome, how far the line alone
//! can be trusted, and a [`Signal`] for the region logic in `text` (comment-thread markers,
//! lines that end an article). Rules match whole short lines or fixed openings, never a word
//! inside a long sentence: a false positive cuts article text while a miss only leaves a line of
//! chrome behind, so every rule errs on the side of keeping. The lines only a page's head
//! explains (bylines, dates, section names) are judged in `title`. The vocabularies are one
//! `|`-separated source at the end of the file, split and sorted once on first use.

use std::sync::OnceLock;

use super::text::{ends_sentence, fold_into, strip_bullet};
use super::title;
use crate::model::ChromeKind;

/// Lines longer than this many words are never chrome: the longest real chrome lines (cookie
/// notices, AP's captions) stay under it in the haystack corpora.
pub(crate) const MAX_CHROME_WORDS: usize = 80;

/// Lines longer than this are read from their opening and their end only: the rules that look
/// inside a line (credits, promos, rows) match shorter lines in the haystack corpora, and
/// skipping them on long lines halves the cost of a page.
const LONG_WORDS: usize = 40;

/// How far a line's kind can be trusted without looking at its neighbours.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Strength {
    /// Chrome wherever it stands ("Advertisement").
    Strong,
    /// Chrome only before the first or after the last body paragraph, or beside strong chrome.
    Edge,
    /// Chrome only before the first body paragraph (a date, a section name, a share count).
    Head,
    /// Chrome only before the first body paragraph and above more chrome: a bare name is a
    /// byline when the outlet or a date follows it, and may be a heading otherwise.
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
    /// Where a second piece starts in the line, and its kind: a credit glued to a caption
    /// ("...on Thursday.KCNA via AP") or a caption after a credit ("Image copyright X Image
    /// caption Y").
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
        Verdict {
            kind: Some(kind),
            strength,
            ..Verdict::TEXT
        }
    }

    fn strong(kind: ChromeKind) -> Verdict {
        Verdict::of(kind, Strength::Strong)
    }

    pub(crate) fn with(self, signal: Signal) -> Verdict {
        Verdict { signal, ..self }
    }

    /// A photo credit, which may stand anywhere: a line above it that names a picture is its
    /// caption. Other credits end the article.
    pub(crate) fn is_photo_credit(&self) -> bool {
        self.kind == Some(ChromeKind::Credit) && self.signal != Signal::Ends
    }
}

/// Classifies one trimmed line of `words` words. `buf` is scratch space for the line's folded
/// form, reused from line to line so that classifying allocates nothing.
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
        glued_credit(orig).map_or_else(opened, caption)
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

/// A caption with its credit glued on at `at`.
fn caption(at: usize) -> Verdict {
    let second = Some((at, ChromeKind::Credit));
    Verdict {
        second,
        ..Verdict::strong(ChromeKind::Caption)
    }
}

/// The rules for a short line, in order of trust: the most specific patterns first.
fn rules(orig: &str, core: &str, words: usize, bullet: Option<char>) -> Verdict {
    let bare =
        core.trim_end_matches(|c: char| c.is_whitespace() || ":.\u{2026}\u{bb}>|-".contains(c));
    let v = whole_line(bare)
        .or_else(|| title::credit_line(orig, core, bare, words))
        .or_else(|| photo_credit(orig, core))
        .or_else(|| opening(core, words))
        .or_else(|| prefixed(core, words).map(Verdict::strong))
        .or_else(|| row(core, words))
        .or_else(|| title::head_line(orig, core, words, bullet))
        .unwrap_or(Verdict::TEXT);
    if v.signal != Signal::None || words > 12 {
        return v;
    }
    let mut tokens = core.split_whitespace();
    let count = tokens
        .next()
        .is_some_and(|t| t.parse::<u32>().is_ok() || VOCAB.has("small", t));
    let counted = count && tokens.next().is_some_and(|t| VOCAB.has("thread-noun", t));
    let liked =
        core.starts_with("liked by ") && (bare.ends_with("people") || bare.ends_with("person"));
    let says = words <= 8 && (core.ends_with(" says:") || core.ends_with(" said:"));
    v.with(match () {
        _ if VOCAB.has("thread", bare) || counted => Signal::Thread,
        _ if VOCAB.has("in-comment", bare) || liked => Signal::InComment,
        _ if says => Signal::Says,
        _ => Signal::None,
    })
}

/// Lines that are chrome as a whole: "Advertisement", "Share", "Read more", "Log in". The
/// sections are merged into one sorted table, so that a line costs one binary search.
fn whole_line(bare: &str) -> Option<Verdict> {
    use ChromeKind::{Caption, Comments, Legal, Nav, Other, Promo, Related, Share};
    use Strength::{Edge, Strong};
    const SECTIONS: [(&str, ChromeKind, Strength); 10] = [
        ("=promo", Promo, Strong),
        ("=nav", Nav, Strong),
        ("=share", Share, Strong),
        ("=related", Related, Strong),
        ("=caption", Caption, Strong),
        ("=legal", Legal, Strong),
        ("=form", Comments, Strong),
        ("=other", Other, Strong),
        ("=other~", Other, Edge),
        ("=field~", Comments, Edge),
    ];
    static TABLE: OnceLock<Vec<(&str, usize)>> = OnceLock::new();
    let table = TABLE.get_or_init(|| merged(&SECTIONS.map(|s| s.0)));
    let at = table.binary_search_by_key(&bare, |e| e.0).ok()?;
    let (name, kind, strength) = SECTIONS[table[at].1];
    let signal = if name == "=form" {
        Signal::Thread
    } else {
        Signal::None
    };
    Some(Verdict::of(kind, strength).with(signal))
}

/// Photo credits: alone ("KCNA | via Reuters"), before a caption (the BBC's "Image copyright
/// Getty Images Image caption The minister in 2019"), or glued to a caption's end.
fn photo_credit(orig: &str, core: &str) -> Option<Verdict> {
    let credit = Verdict::strong(ChromeKind::Credit);
    if core.starts_with("image copyright ") {
        let second = orig
            .find(" Image caption ")
            .map(|at| (at + 1, ChromeKind::Caption));
        return Some(Verdict { second, ..credit });
    }
    match glued_credit(orig) {
        Some(at) => Some(caption(at)),
        None => is_photo_credit(orig, core).then_some(credit),
    }
}

/// True when a short line reads as a photo credit: "Photo: Jane Doe", "KCNA | via Reuters",
/// "Jane Doe/Getty Images", "(AP Photo/John Roe)". `lower` is `orig` folded.
pub(crate) fn is_photo_credit(orig: &str, lower: &str) -> bool {
    let lower = lower.trim();
    let words = lower.split_whitespace().count();
    let inner = lower
        .strip_prefix('(')
        .and_then(|s| s.strip_suffix(')'))
        .unwrap_or(lower);
    if lower.len() > 120 || words > 15 {
        return false;
    } else if VOCAB.opens("photo-credit", inner) {
        return !inner.ends_with('.') || words <= 6;
    } else if let Some(rest) = inner.strip_prefix("credit ") {
        // NYT's "Credit Jane Doe/The New York Times": a name and an outlet must follow.
        return words <= 10 && (rest.contains('/') || agency_at_edge(rest));
    }
    let sentence = ends_sentence(inner) && !inner.ends_with(')') || inner.contains(". ");
    // "Jane Doe via Reuters" names someone before "via"; "(via Twitter)" is a source.
    let via = inner.contains(" via ");
    let separated = via || inner.contains('/') || inner.contains('|');
    let capital = |w: &str| w.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit());
    let names_only = orig
        .split(|c: char| c.is_whitespace() || "/|(),;".contains(c))
        .all(|w| w.is_empty() || VOCAB.has("joiner", w) || capital(w));
    let named = via || agency_at_edge(inner);
    !sentence && (2..=10).contains(&words) && separated && names_only && named
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
    let agency = |w: &str| VOCAB.has("agency", w) || VOCAB.has("wire", w);
    agency(first) || last.split_whitespace().any(agency)
}

/// Where a photo credit glued to the end of a caption starts: "...on Thursday.KCNA via KNS / AP",
/// "... in Washington. (AP Photo/Jane Doe)", "... on Monday. Credit Jane Doe/The Times".
pub(crate) fn glued_credit(orig: &str) -> Option<usize> {
    let line = orig.trim_end();
    // A credit is short: only the last 120 bytes are searched, and only if they bear a mark.
    let start = (line.len().saturating_sub(120)..line.len()).find(|&i| line.is_char_boundary(i))?;
    let marks = [
        "/", "|", " via ", "hoto", "HOTO", "redit", "REDIT", "etty", "ETTY", "mage",
    ];
    if !marks.iter().any(|m| line[start..].contains(m)) {
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
        let sized = (3..=MAX_CHROME_WORDS).contains(&caption.split_whitespace().count());
        if sized && has_any(&lower, marks) && is_photo_credit(credit, &lower) {
            found = Some(cut);
        }
    }
    found
}

/// True when a line names a picture or a pose, as captions do ("in this undated photo",
/// "speaks during"). Asked only of a line before a photo credit, so it folds its own copy.
pub(crate) fn names_a_picture(line: &str) -> bool {
    let mut lower = String::with_capacity(line.len());
    fold_into(line, &mut lower);
    VOCAB.within("picture", &lower)
}

/// Openings that make a line chrome, each up to a number of words: a syndication note, the
/// comment form, a cookie notice, a subscription pitch, a caption, an author box, a tag list.
fn opening(core: &str, words: usize) -> Option<Verdict> {
    use ChromeKind::{Author, Caption, Comments, Credit, Legal, Nav, Other, Promo};
    const SECTIONS: [(&str, ChromeKind, usize, Signal); 8] = [
        ("from", Credit, 60, Signal::Ends),
        ("login", Comments, 40, Signal::Thread),
        ("cookie", Legal, 80, Signal::None),
        ("pitch", Promo, 40, Signal::None),
        ("caption:", Caption, 80, Signal::None),
        ("box", Author, 10, Signal::AuthorBox),
        ("tags", Nav, 40, Signal::None),
        ("aged", Other, 10, Signal::None),
    ];
    static TABLE: OnceLock<Vec<(&str, usize)>> = OnceLock::new();
    let table = TABLE.get_or_init(|| merged(&SECTIONS.map(|s| s.0)));
    let run = table[..table.partition_point(|e| e.0 <= core)].iter().rev();
    let mut run = run.take_while(|e| e.0.as_bytes().first() == core.as_bytes().first());
    let found = run.find(|e| core.starts_with(e.0) && words <= SECTIONS[e.1].2);
    if let Some(&(_, at)) = found {
        return Some(Verdict::strong(SECTIONS[at].1).with(SECTIONS[at].3));
    }
    // AP's "In this June 18 file photo, ...": the picture is named within a few words.
    let mut head = core
        .strip_prefix("in this ")
        .unwrap_or("")
        .split_whitespace()
        .take(8);
    if head.any(|w| has_any(w, "photo|image|picture|handout|grab")) {
        return Some(Verdict::strong(Caption));
    }
    core.contains("akismet")
        .then(|| Verdict::strong(Comments).with(Signal::Thread))
}

/// The entries of the vocabularies `names`, each with its place in `names`, sorted by entry:
/// one search then tries a line against all of them.
fn merged(names: &[&str]) -> Vec<(&'static str, usize)> {
    let place = |name| names.iter().position(|n| *n == name);
    let pairs = VOCAB.pairs().iter();
    let mut table: Vec<_> = pairs.filter_map(|p| Some((p.1, place(p.0)?))).collect();
    table.sort_unstable();
    table
}

/// "Read also: ...", "Download the ... app", "Sign up for our newsletter", "Share Tweet Email".
fn prefixed(core: &str, words: usize) -> Option<ChromeKind> {
    for (name, needs_mark) in [("related", false), ("related:", true)] {
        for rest in VOCAB
            .openers(name, core)
            .map(|o| &core[o.len()..])
            .filter(|_| words <= 30)
        {
            let marked = rest.is_empty()
                || rest.starts_with([':', '|', '\u{bb}', '>', '\u{2026}'])
                || rest.starts_with(" -");
            let headline =
                !needs_mark && words <= 25 && rest.starts_with(' ') && !ends_sentence(rest);
            if marked || headline {
                return Some(ChromeKind::Related);
            }
        }
    }
    let app = core.contains("app")
        && core
            .split(|c: char| !c.is_alphanumeric())
            .any(|w| w == "app" || w == "apps");
    let opens_with =
        |name, most, inside| words <= most && has_any(core, inside) && VOCAB.opens(name, core);
    let promo = app && opens_with("app-verb", 25, "app")
        || words <= 25 && has_any(core, "app store|google play|patreon")
        || opens_with("pitch-verb", 40, "newsletter")
        || words <= 15 && core.contains("newsletter") && has_any(core, "sign|subscri|inbox")
        || opens_with("support", 20, "journalism|donat|homepage|for more")
        || opens_with(
            "follow",
            20,
            "twitter|facebook|instagram|@|tiktok|youtube|linkedin",
        )
        || words <= 20 && core.starts_with("click here") && !ends_sentence(core);
    if promo {
        return Some(ChromeKind::Promo);
    }
    let pitch = words <= 15
        && (core.starts_with("share this")
            || core.starts_with("share on ")
            || core.starts_with("liked by "))
        || words <= 15 && has_any(core, "share this story|share this article|share it with");
    (pitch || is_share_row(core)).then_some(ChromeKind::Share)
}

/// True when a line is only share buttons: "Share Tweet Email", "Facebook Twitter Pinterest".
fn is_share_row(core: &str) -> bool {
    let mut buttons = 0;
    for w in core
        .split(|c: char| c.is_whitespace() || "|,\u{2022}".contains(c))
        .filter(|w| !w.is_empty())
    {
        if VOCAB.has("button", w) {
            buttons += 1;
        } else if ![
            "this", "article", "story", "on", "via", "the", "x", "-", "/",
        ]
        .contains(&w)
        {
            return false;
        }
    }
    buttons >= 2
}

/// A row of items ("Privacy Policy | Terms of Use", "Home > World > Asia"): chrome of one kind
/// when every item is a whole-line phrase of that kind, and navigation when it has enough short
/// items (two arrows make a breadcrumb, a menu needs three items, or four with slashes).
fn row(core: &str, words: usize) -> Option<Verdict> {
    if words > 25 || ends_sentence(core) && !core.ends_with(':') {
        return None;
    }
    let separators = [
        (" > ", 3),
        (" \u{bb} ", 3),
        (" \u{203a} ", 3),
        (" | ", 3),
        (" \u{b7} ", 3),
        (" / ", 4),
    ];
    for (sep, items) in separators.into_iter().filter(|(sep, _)| core.contains(sep)) {
        let parts = || core.split(sep).map(str::trim).filter(|p| !p.is_empty());
        let kinds = parts().map(|p| whole_line(p.trim_end_matches(':')).and_then(|v| v.kind));
        if let Some(Some(kind)) = kinds.reduce(|a, b| if a == b { a } else { None }) {
            return Some(Verdict::strong(kind));
        }
        if parts().nth(items - 1).is_some() && parts().all(|p| p.split_whitespace().count() <= 4) {
            return Some(Verdict::strong(ChromeKind::Nav));
        }
    }
    None
}

/// True when `s` contains one of the `|`-separated entries of `list`.
pub(crate) fn has_any(s: &str, list: &str) -> bool {
    list.split('|').any(|x| s.contains(x))
}

/// Named vocabularies in one `|`-separated source, each opened by a `#name` entry: compact in
/// the source, and split into `(name, entry)` pairs sorted once, so a lookup is a binary search.
pub(crate) struct Vocab(&'static str, OnceLock<Vec<(&'static str, &'static str)>>);

impl Vocab {
    /// Vocabularies from their source.
    pub(crate) const fn new(src: &'static str) -> Vocab {
        Vocab(src, OnceLock::new())
    }

    fn pairs(&self) -> &[(&'static str, &'static str)] {
        self.1.get_or_init(|| {
            let mut name = "";
            let mut pairs = Vec::new();
            for entry in self.0.split('|') {
                match entry.strip_prefix('#') {
                    Some(section) => name = section,
                    None => pairs.push((name, entry)),
                }
            }
            pairs.sort_unstable();
            pairs
        })
    }

    /// True when `s` is an entry of `name`.
    pub(crate) fn has(&self, name: &str, s: &str) -> bool {
        self.pairs()
            .binary_search_by(|p| (p.0, p.1).cmp(&(name, s)))
            .is_ok()
    }

    /// True when `s` starts with an entry of `name`.
    pub(crate) fn opens(&self, name: &str, s: &str) -> bool {
        self.openers(name, s).next().is_some()
    }

    /// The entries of `name` that `s` starts with, longest first: they sort at or before `s`
    /// and share its first byte, so only that run is tried.
    fn openers<'a>(&'a self, name: &'a str, s: &'a str) -> impl Iterator<Item = &'static str> + 'a {
        let pairs = self.pairs();
        let run = pairs[..pairs.partition_point(|p| (p.0, p.1) <= (name, s))]
            .iter()
            .rev();
        let first = s.as_bytes().first();
        let run = run.take_while(move |p| p.0 == name && p.1.as_bytes().first() == first);
        run.map(|p| p.1).filter(move |e| s.starts_with(e))
    }

    /// True when `s` contains an entry of `name`.
    pub(crate) fn within(&self, name: &str, s: &str) -> bool {
        let pairs = self.pairs();
        let list = pairs[pairs.partition_point(|p| p.0 < name)..].iter();
        list.take_while(|p| p.0 == name).any(|p| s.contains(p.1))
    }
}

/// The vocabularies of chrome. Whole lines first (`=kind`; `~` marks the edge-only ones), then
/// openings (by the kind they make), then the words the rules above look for.
static VOCAB: Vocab = Vocab::new(
    "#=promo|advertisement|advertisements|advertisement continue reading the main story|ad|ads|\
    sponsored|sponsored content|paid content|paid post|promoted|partner content|story continues \
    below|story continued below|story continues below advertisement|article continues below|\
    continue reading below|scroll to continue with content|skip advertisement|ad feedback|report \
    this ad|subscribe|subscribe now|subscribe today|sign up|sign up now|newsletter|newsletters|\
    get the app|download the app|donate|donate now|support us|join the conversation|join the \
    discussion|#=nav|skip to content|skip to main content|skip to navigation|toggle navigation|\
    main menu|menu|close menu|open menu|navigation|search|home|back to top|previous article|next \
    article|previous post|next post|previous story|next story|previous|next|post navigation|\
    older posts|newer posts|continue reading the main story|continue reading|jump to|sections|\
    return to top|you are here|contact us|about us|sitemap|#=share|share|shares|share this|share \
    this article|share this story|share this post|share this page|share article|share story|\
    share via email|tweet|tweet this|email|e-mail|email this|email this article|print|print this|\
    print this article|print this page|copy link|copy url|link copied|pin it|save|save article|\
    save for later|like this|like loading|facebook|twitter|linkedin|whatsapp|pinterest|reddit|\
    flipboard|messenger|telegram|comment|comments|like|likes|#=related|related|related articles|\
    related stories|related coverage|related content|related news|related links|related posts|\
    related topics|related video|related videos|related story|read more|more|more on this|more \
    from|read also|see also|also read|recommended|recommended for you|recommended stories|\
    recommended videos|recommended reading|you may also like|you might also like|you may be \
    interested in|most read|most popular|most viewed|trending|trending now|top stories|editor's \
    picks|editors' picks|don't miss|further reading|read next|up next|watch|watch now|listen|more \
    stories|latest news|latest stories|what to read next|keep reading|read the full story|\
    #=caption|photo|photos|image|images|picture|gallery|photo gallery|view gallery|open gallery|\
    slideshow|enlarge this image|enlarge|view image|hide caption|toggle caption|caption|show \
    caption|#=legal|log in|login|log out|logout|sign in|sign out|register|create an account|forgot \
    password|forgot your password?|remember me|all rights reserved|privacy policy|terms of use|\
    terms of service|terms and conditions|cookie policy|cookie settings|accept cookies|accept all \
    cookies|accept|accept all|reject all|manage cookies|manage preferences|privacy settings|do \
    not sell my personal information|your privacy choices|ad choices|adchoices|#=form|post \
    comment|submit comment|cancel reply|leave a reply|leave a comment|post a comment|leave a \
    reply cancel reply|google photo|twitter picture|facebook photo|wordpress.com logo|connecting \
    to %s|#=other|loading|play video|watch video|[pullquote]|[/pullquote]|#=other~|video|videos|\
    audio|play|close|x|expand|collapse|#=field~|name|website|name *|email *|website *|comment *|\
    #from|this article was originally published|this article originally appeared|this article \
    first appeared|this article was first published|this story originally appeared|this story \
    was originally published|this story first appeared|this story was first published|this post \
    originally appeared|this piece originally appeared|this piece was originally published|this \
    article is republished|this article was republished|republished with permission|republished \
    from|reprinted with permission|reprinted from|a version of this article|a version of this \
    story|this story was produced by|this article was produced by|this story is published in \
    partnership|this article is published in partnership|this content was produced by|source: |\
    sources: |#login|you are commenting using your|please log in using one of these methods|\
    please log in to comment|log in to comment|log in to leave a comment|sign in to comment|you \
    must be logged in|you must log in|notify me of|save my name, email|your email address will \
    not be published|required fields are marked|fill in your details below|enter your comment \
    here|comments are closed|#cookie|we use cookies|this site uses cookies|this website uses \
    cookies|our site uses cookies|our website uses cookies|by continuing to use|by continuing to \
    browse|by using this site|by using this website|by using our site|by using our website|we \
    and our partners|we value your privacy|we care about your privacy|to find out more, including \
    how to control cookies|cookies help us|this site is protected by recaptcha|#pitch|subscribe \
    to |subscribe for |subscribe and |subscribe now|subscribe today|become a subscriber|become a \
    member|already a subscriber|already a member|to continue reading|support our journalism|\
    support independent journalism|please support|please consider supporting|please consider a \
    donation|please consider donating|donate to|make a donation|click here to subscribe|click \
    here to support|get unlimited access|get full access|unlock this article|start your free \
    trial|start a free trial|try it free|#caption:|image caption|photo caption|caption:|pictured:|\
    pictured above|pictured below|pictured left|pictured right|above:|top:|file photo:|file photo \
    -|file - |(file photo)|(photo:|slideshow (|#box|about the author|about the authors|author bio|\
    author information|more from this author|more by this author|more articles by|more stories \
    by|view all posts by|view all posts|all posts by|see all posts by|#tags|tags:|tagged:|filed \
    under:|categories:|category:|topics:|keywords:|more about:|related topics:|related tags:|\
    subjects:|#aged|this article is more than|#thread|comments|comment|leave a reply|leave a \
    comment|post a comment|add a comment|add comment|write a comment|show comments|view comments|\
    load comments|hide comments|comments are closed|reader comments|have your say|discussion|no \
    comments|one comment|responses|replies|#thread-noun|comments|comment|thoughts|thought|\
    responses|response|replies|reply|#small|one|two|three|four|five|six|seven|eight|nine|ten|\
    #in-comment|reply|reply \u{2193}|report|report comment|flag|permalink|like|likes|upvote|\
    downvote|log in to reply|reply to this comment|#photo-credit|photo:|photo by |photos by |photograph:|photograph by |\
    photographs by |photography:|photography by |image:|images:|image by |image credit|image \
    source|picture:|pictures:|picture by |credit:|credits:|photographer:|photo credit|photo \
    courtesy|courtesy of |courtesy:|illustration:|illustration by |enlarge this image |photo \
    illustration|file photo by |ap photo|afp photo|reuters photo|getty images|epa/|afp/|ap/|\
    reuters/|#agency|reuters|reuter|ap|afp|xinhua|associated press|upi|dpa|anadolu|bloomberg|epa|getty|images|ansa|efe|aap|kyodo|yonhap|tass|sipa|shutterstock|\
    alamy|zuma|nurphoto|abaca|rex|pool|handout|photo|photos|press|news|times|post|agency|wire|\
    pictures|photography|istock|unsplash|flickr|commons|wikimedia|corbis|lightrocket|sopa|\
    #joiner|via|for|and|&|the|of|by|de|da|van|von|der|la|le|di|du|courtesy|file|handout|pool|\
    photo|-|\u{2013}|\u{2014}|#related|read also|also read|see also|also see|read more|read next|\
    more from|more on|you may also like|you might also like|read the full|click here to read|\
    related story|related article|related coverage|related content|related stories|related news|\
    related links|related video|related reading|don't miss|must read|further reading|keep \
    reading|see more|more stories|recommended reading|recommended for you|#related:|related|\
    recommended|more|watch|video|listen|special coverage|trending|also|latest|check out|top \
    stories|most read|most popular|photos|gallery|#app-verb|download|get the|get our|install|try \
    the|click here to get|click here to download|open in|read in|use the|available on|available \
    in|listen on|watch on|#pitch-verb|sign up|signup|sign-up|subscribe|get |join|receive|enter \
    your email|want |click|don't miss|never miss|stay informed|stay up|to get|for more|like this|\
    love this|#support|support |visit |#follow|follow |like us|find us|connect with|#button|share|\
    tweet|email|e-mail|print|facebook|twitter|linkedin|whatsapp|pinterest|reddit|messenger|\
    telegram|sms|mail|pin|post|copy|link|flipboard|tumblr|comment|comments|save|#picture|photo|\
    picture|pictured|image|handout|undated|(left)|(right)|(center)|(centre)|(l-r)|from left| \
    poses | gestures| speaks | attends | arrives | looks on|waves to| is seen | are seen | \
    listens | delivers ",
);

#[cfg(test)]
mod tests {
    use super::*;
    use ChromeKind::{Caption, Credit, Legal, Nav, Promo, Related, Share};

    fn kind(line: &str) -> Option<ChromeKind> {
        classify(line, line.split_whitespace().count(), &mut String::new()).kind
    }

    #[test]
    fn chrome_lines_get_their_kinds() {
        let cases = [
            ("ADVERTISEMENT", Promo),
            ("• Read also: Floods close the coast road", Related),
            ("See also\u{a0} Harbour ferry sinks", Related),
            ("Get the Daily Courier app for breaking news", Promo),
            ("Privacy Policy | Terms of Use", Legal),
            ("Home > World > Europe", Nav),
            ("Liked by 12 people", Share),
            ("Jane Roe | via Reuters", Credit),
            (
                "In this undated photo, the old pier before the storm.",
                Caption,
            ),
        ];
        for (line, want) in cases {
            assert_eq!(kind(line), Some(want), "{line}");
        }
        let glued = "The mayor opens the bridge on Monday.Jane Roe via City Hall / AP";
        let v = classify(glued, 13, &mut String::new());
        assert_eq!(v.kind, Some(Caption));
        assert_eq!(
            v.second.map(|(at, _)| &glued[at..]),
            Some("Jane Roe via City Hall / AP")
        );
    }

    #[test]
    fn sentences_that_look_like_chrome_stay_text() {
        for line in [
            "Read more than 300 letters and you see the pattern, she said.",
            "Recommended doses were cut after the trial.",
            "The company earned 40 cts a share on revenues of 2 billion dlrs.",
            "Trump/Biden debate",
            "(Reuters)",
        ] {
            assert_eq!(kind(line), None, "{line}");
        }
    }

    #[test]
    fn every_vocabulary_the_rules_name_exists() {
        let names = "=promo =nav =share =related =caption =legal =form =other =other~ =field~ \
            from login cookie pitch caption: box tags aged thread thread-noun small in-comment \
            photo-credit agency joiner related related: app-verb pitch-verb support follow \
            button picture";
        for name in names.split_whitespace() {
            assert!(VOCAB.pairs().iter().any(|p| p.0 == name), "{name}");
        }
    }
}
