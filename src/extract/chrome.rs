//! Line rules for page chrome: what one line of a page is when it is not article text.
//!
//! Each rule reads a single line, lowercased and folded once, and answers with a [`Verdict`]: a
//! kind of chrome, how far the line alone can be trusted, and a [`Signal`] for the region logic
//! in `text`. Rules match whole short lines or fixed openings, never a word inside a long
//! sentence: a false positive cuts article text while a miss only leaves chrome behind, so every
//! rule errs on the side of keeping. Lines of the page's head and credits are judged in `title`.
//! The vocabularies are one `|`-separated source at the end, split and sorted on first use.

use std::sync::OnceLock;

use super::text::{ends_sentence, fold_into, strip_bullet};
use super::title;
use crate::model::ChromeKind;

/// No chrome line in the haystack corpora, cookie notices and AP's captions included, is longer.
pub(crate) const MAX_CHROME_WORDS: usize = 80;

/// Longer lines are read from their opening and end only: the rules that look inside a line
/// match shorter ones in the haystack corpora, and skipping them halves the cost of a page.
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

    fn strong(kind: ChromeKind) -> Verdict {
        Verdict::of(kind, Strength::Strong)
    }

    pub(crate) fn with(self, signal: Signal) -> Verdict {
        Verdict { signal, ..self }
    }

    fn split(self, at: usize, kind: ChromeKind) -> Verdict {
        let second = Some((at, kind));
        Verdict { second, ..self }
    }

    /// A photo credit: unlike other credits, it may stand anywhere and does not end the article.
    pub(crate) fn is_photo_credit(&self) -> bool {
        self.kind == Some(ChromeKind::Credit) && self.signal != Signal::Ends
    }
}

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
    // "3 comments", "One thought on “Title”", "Liked by 4 people", "Jane says:".
    let mut tokens = core.split_whitespace();
    let count = tokens
        .next()
        .is_some_and(|t| t.parse::<u32>().is_ok() || t == "one");
    if count && tokens.next().is_some_and(|t| VOCAB.has("thread-noun", t)) {
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
    let table = TABLE.get_or_init(|| merged('='));
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
    let names = title::is_name_list(&orig.replace(['/', '|'], " "));
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
    let agency = |w: &str| VOCAB.has("agency", w);
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
        let sized = (3..=MAX_CHROME_WORDS).contains(&caption.split_whitespace().count());
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
    VOCAB.within("picture", &lower)
}

/// Openings that make a line chrome, each up to a number of words (the `^kind words`
/// vocabularies): a syndication note, the comment form, a cookie notice, a subscription pitch,
/// a caption, an author box, a tag list.
fn opening(core: &str, words: usize) -> Option<Verdict> {
    static TABLE: OnceLock<Vec<(&str, Verdict, usize)>> = OnceLock::new();
    let table = TABLE.get_or_init(|| merged('^'));
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

/// Every entry of the vocabularies whose names open with `mark`, with the verdict and the word
/// limit the name gives (`=kind` whole lines, `~` edge-only ones, `^kind words` openings),
/// sorted by entry. A credit ends the article, a comment heading or form opens a thread (`+`
/// marks lines inside one), an author heading opens the author box.
fn merged(mark: char) -> Vec<(&'static str, Verdict, usize)> {
    let mut table = Vec::new();
    for (name, entry) in VOCAB.pairs().iter().filter(|p| p.0.starts_with(mark)) {
        let (kind, most) = name[1..].split_once(' ').unwrap_or((&name[1..], "80"));
        let (edge, within) = (kind.ends_with('~'), kind.ends_with('+'));
        let kind = kind.trim_end_matches(['~', '+']);
        let kind = ChromeKind::ALL.into_iter().find(|k| k.as_str() == kind);
        let strength = if edge {
            Strength::Edge
        } else {
            Strength::Strong
        };
        let signal = match kind {
            Some(ChromeKind::Credit) => Signal::Ends,
            Some(ChromeKind::Comments) if within => Signal::InComment,
            Some(ChromeKind::Comments) if !edge => Signal::Thread,
            Some(ChromeKind::Author) => Signal::AuthorBox,
            _ => Signal::None,
        };
        let verdict = Verdict::of(kind.unwrap_or(ChromeKind::Other), strength).with(signal);
        table.push((*entry, verdict, most.parse().unwrap_or(0)));
    }
    table.sort_unstable_by_key(|e| e.0);
    table
}

/// "Read also: ...", "Download the ... app", "Sign up for our newsletter", "Share Tweet Email".
fn prefixed(core: &str, words: usize) -> Option<ChromeKind> {
    // "Read also: ..." or "See also  Headline"; "Related" and "More" need a mark after them.
    let related = |name, free: bool| {
        VOCAB
            .openers(name, core)
            .map(|o| &core[o.len()..])
            .any(|rest| {
                let marked = rest.trim_end_matches(['.', ' ']).is_empty()
                    || rest.starts_with([':', '|', '»', '>', '…'])
                    || rest.starts_with(" -");
                marked || free && words <= 25 && rest.starts_with(' ') && !ends_sentence(rest)
            })
    };
    if words <= 30 && (related("related", true) || related("related:", false)) {
        return Some(ChromeKind::Related);
    }
    let app = || {
        core.split(|c: char| !c.is_alphanumeric())
            .any(|w| w == "app" || w == "apps")
    };
    let opens_with =
        |name, most, inside| words <= most && has_any(core, inside) && VOCAB.opens(name, core);
    let promo = opens_with("app-verb", 25, "app") && app()
        || words <= 25 && has_any(core, "app store|google play|patreon")
        || opens_with("pitch-verb", 40, "newsletter")
        || words <= 15 && core.contains("newsletter") && has_any(core, "sign|subscri|inbox")
        || opens_with("support", 20, "journalism|donat|homepage|for more")
        || opens_with("follow", 20, "twitter|facebook|instagram|@|youtube")
        || words <= 20 && core.starts_with("click here") && !ends_sentence(core);
    if promo {
        return Some(ChromeKind::Promo);
    }
    let pitch = VOCAB.opens("share-open", core)
        || has_any(core, "share this story|share this article|share it with");
    (words <= 15 && pitch || is_share_row(core)).then_some(ChromeKind::Share)
}

/// True when a line is only share buttons: "Share Tweet Email", "Facebook Twitter Pinterest".
fn is_share_row(core: &str) -> bool {
    let mut words = core.split(|c: char| c.is_whitespace() || "|,•".contains(c));
    let buttons = words.clone().filter(|w| VOCAB.has("button", w)).count();
    buttons >= 2 && words.all(|w| w.is_empty() || VOCAB.has("button", w) || VOCAB.has("filler", w))
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

    /// The pairs, with a check in tests that the vocabulary `name` exists.
    fn named(&self, name: &str) -> &[(&'static str, &'static str)] {
        debug_assert!(
            self.pairs().iter().any(|p| p.0 == name),
            "no vocabulary {name}"
        );
        self.pairs()
    }

    /// True when `s` is an entry of `name`.
    pub(crate) fn has(&self, name: &str, s: &str) -> bool {
        self.named(name)
            .binary_search_by(|p| p.cmp(&(name, s)))
            .is_ok()
    }

    /// True when `s` starts with an entry of `name`.
    pub(crate) fn opens(&self, name: &str, s: &str) -> bool {
        self.openers(name, s).next().is_some()
    }

    /// The entries of `name` that `s` starts with, longest first: they sort at or before `s`
    /// and share its first byte, so only that run is tried.
    fn openers<'a>(&'a self, name: &'a str, s: &'a str) -> impl Iterator<Item = &'static str> + 'a {
        let pairs = self.named(name);
        let run = pairs[..pairs.partition_point(|p| *p <= (name, s))]
            .iter()
            .rev();
        let first = s.as_bytes().first();
        let run = run.take_while(move |p| p.0 == name && p.1.as_bytes().first() == first);
        run.map(|p| p.1).filter(move |e| s.starts_with(e))
    }

    /// True when `s` contains an entry of `name`.
    pub(crate) fn within(&self, name: &str, s: &str) -> bool {
        let pairs = self.named(name);
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
    this ad|subscribe|sign up|sign up now|newsletter|newsletters|get the app|download the app|\
    donate|donate now|support us|join the conversation|join the discussion|#=nav|skip to content|\
    skip to main content|skip to navigation|toggle navigation|main menu|menu|close menu|open menu|\
    navigation|search|home|back to top|previous article|next article|previous post|next post|\
    previous story|next story|previous|next|post navigation|older posts|newer posts|continue \
    reading the main story|continue reading|jump to|sections|return to top|you are here|contact us|\
    about us|sitemap|#=share|share|shares|share article|share story|share via email|tweet|tweet \
    this|email|e-mail|email this|email this article|print|print this|print this article|print this \
    page|copy link|copy url|link copied|pin it|save|save article|save for later|like this|like \
    loading|facebook|twitter|linkedin|whatsapp|pinterest|reddit|flipboard|messenger|telegram|like|\
    likes|#=related|related articles|related posts|related topics|related videos|more on this|\
    recommended stories|recommended videos|you may be interested in|most viewed|trending now|\
    editor's picks|editors' picks|up next|watch now|latest news|latest stories|what to read next|\
    read the full story|#=caption|photo|photos|image|images|picture|gallery|photo gallery|view \
    gallery|open gallery|slideshow|enlarge this image|enlarge|view image|hide caption|toggle \
    caption|caption|show caption|#=legal|log in|login|log out|logout|sign in|sign out|register|\
    create an account|forgot password|forgot your password?|remember me|all rights reserved|\
    privacy policy|terms of use|terms of service|terms and conditions|cookie policy|cookie \
    settings|accept cookies|accept all cookies|accept|accept all|reject all|manage cookies|manage \
    preferences|privacy settings|do not sell my personal information|your privacy choices|ad \
    choices|adchoices|#=comments|post comment|submit comment|cancel reply|leave a reply|leave a \
    comment|post a comment|leave a reply cancel reply|google photo|twitter picture|facebook photo|\
    wordpress.com logo|connecting to %s|add a comment|add comment|write a comment|show comments|\
    view comments|load comments|hide comments|comments are closed|reader comments|no comments|\
    #=comments+|reply|reply \u{2193}|report|report comment|flag|permalink|upvote|downvote|log in \
    to reply|reply to this comment|comments|comment|#=other|loading|play video|watch video|\
    [pullquote]|[/pullquote]|#=other~|video|videos|audio|play|close|x|expand|collapse|#=comments~|\
    name|website|name *|email *|website *|comment *|#^credit 60|this article was originally \
    published|this article originally appeared|this article first appeared|this article was first \
    published|this story originally appeared|this story was originally published|this story first \
    appeared|this story was first published|this post originally appeared|this piece originally \
    appeared|this piece was originally published|this article is republished|this article was \
    republished|republished with permission|republished from|reprinted with permission|reprinted \
    from|a version of this article|a version of this story|this story was produced by|this article \
    was produced by|this story is published in partnership|this article is published in \
    partnership|this content was produced by|source: |sources: |#^comments 40|you are commenting \
    using your|please log in using one of these methods|please log in to comment|log in to comment|\
    log in to leave a comment|sign in to comment|you must be logged in|you must log in|notify me \
    of|save my name, email|your email address will not be published|required fields are marked|\
    fill in your details below|enter your comment here|comments are closed|#^legal 80|we use \
    cookies|this site uses cookies|this website uses cookies|our site uses cookies|our website \
    uses cookies|by continuing to use|by continuing to browse|by using this site|by using this \
    website|by using our site|by using our website|we and our partners|we value your privacy|we \
    care about your privacy|to find out more, including how to control cookies|cookies help us|\
    this site is protected by recaptcha|#^promo 40|subscribe to |subscribe for |subscribe and |\
    subscribe now|subscribe today|become a subscriber|become a member|already a subscriber|already \
    a member|to continue reading|support our journalism|support independent journalism|please \
    support|please consider supporting|please consider a donation|please consider donating|donate \
    to|make a donation|click here to subscribe|click here to support|get unlimited access|get full \
    access|unlock this article|start your free trial|start a free trial|try it free|#^caption 80|\
    image caption|photo caption|caption:|pictured:|pictured above|pictured below|pictured left|\
    pictured right|above:|top:|file photo:|file photo -|file - |(file photo)|(photo:|slideshow (|\
    #^author 10|about the author|about the authors|author bio|author information|more from this \
    author|more by this author|more articles by|more stories by|view all posts by|view all posts|\
    all posts by|see all posts by|#^nav 40|tags:|tagged:|filed under:|categories:|category:|\
    topics:|keywords:|more about:|related topics:|related tags:|subjects:|#^other 10|this article \
    is more than|#thread-noun|comments|comment|thoughts|thought|responses|response|replies|reply|\
    #photo-credit|photo:|photo by |photos by |photograph:|photograph by |photographs by |\
    photography:|photography by |image:|images:|image by |image credit|image source|picture:|\
    pictures:|picture by |credit:|credits:|photographer:|photo credit|photo courtesy|courtesy of |\
    courtesy:|illustration:|illustration by |enlarge this image |photo illustration|file photo by |\
    ap photo|afp photo|reuters photo|getty images|epa/|afp/|ap/|reuters/|#agency|reuters|reuter|ap|\
    afp|xinhua|associated press|upi|dpa|anadolu|bloomberg|epa|getty|images|shutterstock|alamy|pool|\
    handout|photo|photos|press|news|times|post|agency|wire|pictures|photography|flickr|wikimedia|\
    commons|abaca|corbis|sipa|zuma|nurphoto|ansa|efe|kyodo|yonhap|tass|istock|unsplash|#related|\
    read also|also read|see also|also see|read more|read next|more from|more on|you may also like|\
    you might also like|read the full|click here to read|related story|related article|related \
    coverage|related content|related stories|related news|related links|related video|related \
    reading|don't miss|must read|further reading|keep reading|see more|more stories|recommended \
    reading|recommended for you|#related:|related|recommended|more|watch|video|listen|special \
    coverage|trending|also|latest|check out|top stories|most read|most popular|photos|gallery|\
    #app-verb|download|get the|get our|install|try the|click here to get|click here to download|\
    open in|read in|use the|available on|available in|listen on|watch on|#pitch-verb|sign up|\
    signup|sign-up|subscribe|get |join|receive|enter your email|want |click|don't miss|never miss|\
    stay informed|stay up|to get|for more|like this|love this|#support|support |visit |#follow|\
    follow |like us|find us|connect with|#filler|this|article|story|on|via|the|x|-|/|#share-open|\
    share this|share on |liked by |#button|share|tweet|email|e-mail|print|facebook|twitter|\
    linkedin|whatsapp|pinterest|reddit|messenger|telegram|sms|mail|pin|post|copy|link|flipboard|\
    tumblr|comment|comments|save|#picture|photo|picture|pictured|image|handout|undated|(left)|\
    (right)|(center)|(centre)|(l-r)|from left| poses | gestures| speaks | attends | arrives | \
    looks on|waves to| is seen | are seen | listens | delivers ",
);

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
            let v = classify(line, line.split_whitespace().count(), &mut String::new());
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
