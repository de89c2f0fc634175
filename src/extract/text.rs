//! Chrome removal from a page's text: [`clean_text`] finds a page's title, its body, and the
//! chrome around them, and keeps every removed piece with its kind.
//!
//! A page is read as units (a line, or a hard-wrapped run of lines joined back into its
//! paragraph), each classified once by the line rules in `chrome`. Regions then decide what a
//! line alone cannot: lines above the title are navigation, a line before a photo credit is a
//! caption, a weak rule (a lone number, a date) applies only at the edges of the body, and a
//! comment thread runs from its first comment to the end of the page. The first comment is
//! found by walking back from the first thread marker over lines formatted unlike the body
//! (indented, bulleted) to an end-of-article line such as a credit; without such evidence nothing
//! before the marker is cut, because losing body text is worse than keeping a comment. The shape
//! of a line as every rule sees it (folded, bullet stripped, ending a sentence) is defined here.

use std::borrow::Cow;

use super::chrome;
use super::lines::{
    count_words, ends_sentence, strip_bullet, tidy, Signal, Strength, Verdict, MAX_CHROME_WORDS,
};
use super::title::{self, Candidate};
use crate::model::{ChromeKind, Removed};

/// The result of cleaning a page's text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Cleaned {
    /// The article title, from the text (or the hint), with a site suffix removed.
    pub title: Option<String>,
    /// A site name found as a confirmed title suffix ("... – Site") or a leading site line.
    pub site: Option<String>,
    /// The body: paragraphs separated by a blank line, chrome and title lines removed.
    pub text: String,
    /// Every removed piece in page order, consecutive pieces of one kind joined by `\n`. The
    /// title's own lines are not listed: the title is kept in `title`.
    pub removed: Vec<Removed>,
    /// Credit lines ("The Associated Press contributed to this report.", "(c) Example",
    /// "Jane Doe | via Reuters"), also listed in `removed` with kind [`ChromeKind::Credit`].
    pub credits: Vec<String>,
}

/// Cleans the text of one page. `hint_title` is a title the input gave (a JSONL field, an HTML
/// `<title>`); a line matching it is taken as the title. Safe on text that is already clean:
/// article paragraphs match no rule, so they come out as they went in.
pub fn clean_text(raw: &str, hint_title: Option<&str>) -> Cleaned {
    let units = split_units(raw);
    let mut buf = String::new();
    let verdicts: Vec<Verdict> = units
        .iter()
        .map(|u| chrome::classify(&u.text, u.words, &mut buf))
        .collect();
    let mut slots: Vec<Slot> = verdicts
        .iter()
        .map(|v| match (v.kind, v.strength) {
            (Some(kind), Strength::Strong) => Slot::Chrome(kind),
            _ => Slot::Body,
        })
        .collect();
    mark_captions(&units, &verdicts, &mut slots);
    let found = mark_title(&units, &mut slots, hint_title);
    let (first, last) = body_bounds(&units, &slots);
    mark_weak(&verdicts, &mut slots, first, last);
    mark_author_boxes(&units, &verdicts, &mut slots);
    if let Some(start) = thread_start(&units, &verdicts, &slots, first) {
        for slot in &mut slots[start..] {
            if !matches!(slot, Slot::Chrome(k) if KEPT_IN_THREADS.contains(k)) {
                *slot = Slot::Chrome(ChromeKind::Comments);
            }
        }
    }
    let mut cleaned = assemble(&units, &verdicts, &slots);
    match found {
        Some(found) => {
            cleaned.title = Some(found.title);
            cleaned.site = found.site;
        }
        None => {
            cleaned.title = hint_title
                .map(hint_without_suffix)
                .filter(|t| !t.is_empty())
        }
    }
    cleaned
}

/// Kinds a comment thread does not absorb: they keep their own name inside it.
const KEPT_IN_THREADS: [ChromeKind; 4] = [
    ChromeKind::Related,
    ChromeKind::Promo,
    ChromeKind::Credit,
    ChromeKind::Nav,
];

/// What became of one unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Slot {
    /// Article text.
    Body,
    /// One of the title's lines.
    Title,
    /// Removed chrome.
    Chrome(ChromeKind),
}

/// A paragraph of the page: one line, or a hard-wrapped run of lines joined with spaces.
#[derive(Debug)]
struct Unit<'a> {
    text: Cow<'a, str>,
    /// Leading white space of its first line, in characters (a tab counts as four).
    indent: usize,
    /// It opens with a list bullet.
    bullet: bool,
    words: usize,
}

impl Unit<'_> {
    /// A paragraph of prose: long enough, and ending like a sentence or too long to be a label.
    fn is_paragraph(&self) -> bool {
        self.words >= 10 && (self.words >= 30 || ends_sentence(&self.text))
    }
}

/// Splits a page into units. Hard-wrapped text (Reuters-21578 wraps at about 70 columns and
/// indents each paragraph's first line) is joined back into paragraphs; elsewhere a line is a
/// unit, and indentation is kept as a formatting signal for comment threads.
fn split_units(raw: &str) -> Vec<Unit<'_>> {
    let width = wrap_width(raw);
    let mut units: Vec<Unit<'_>> = Vec::new();
    let mut prev_len = 0;
    let mut prev_indent = 0;
    let mut prev_ends = true;
    let mut open = false;
    for line in raw.lines() {
        let text = line.trim();
        if text.is_empty() {
            open = false;
            continue;
        }
        let indent = line
            .chars()
            .take_while(|c| c.is_whitespace())
            .map(|c| if c == '\t' { 4 } else { 1 })
            .sum();
        let bullet = strip_bullet(text).1.is_some();
        let len = line.trim_end().chars().count();
        // A full line of wrapped text goes on, and so, in any text, does an unfinished line
        // whose next line starts in lowercase at the same indent (Reuters' notes under its
        // tables, and each wire's first line, cut short where the corpus dropped the dateline).
        let lower_start = text.starts_with(|c: char| c.is_lowercase());
        let goes_on = |last: &Unit<'_>| {
            let full = width.is_some_and(|w| prev_len + 12 >= w || (!prev_ends && len + 12 >= w));
            // After a full stop, a short line that is no sentence stands alone: " REUTER".
            let alone = prev_ends && !ends_sentence(text) && width.is_some_and(|w| len * 2 < w);
            let wrapped = full && !alone && indent <= prev_indent.min(1);
            let continued = !prev_ends && lower_start && indent == prev_indent;
            let table = text.contains("   ") || last.text.contains("   ");
            (wrapped || continued) && !bullet && !table
        };
        let joins = match units.last_mut() {
            Some(last) if open && goes_on(last) => {
                let mut s = std::mem::take(&mut last.text).into_owned();
                s.push(' ');
                s.push_str(text);
                last.words += count_words(text);
                last.text = Cow::Owned(s);
                true
            }
            _ => false,
        };
        if !joins {
            let words = count_words(text);
            units.push(Unit {
                text: Cow::Borrowed(text),
                indent,
                bullet,
                words,
            });
        }
        (prev_len, prev_indent, open) = (len, indent, true);
        prev_ends = ends_sentence(text);
    }
    units
}

/// The wrap width of hard-wrapped text, or `None` for text with a paragraph per line. Wrapped
/// text has most lines near one width (the 90th percentile of lengths) and most of them break
/// mid-sentence; a page of one-line paragraphs ends nearly every line with punctuation.
fn wrap_width(raw: &str) -> Option<usize> {
    let mut lengths = Vec::new();
    let mut open_ends = 0;
    for line in raw
        .lines()
        .map(str::trim_end)
        .filter(|l| !l.trim().is_empty())
    {
        lengths.push(line.chars().count());
        if !ends_sentence(line) {
            open_ends += 1;
        }
    }
    if lengths.len() < 3 {
        return None;
    }
    let mut sorted = lengths.clone();
    sorted.sort_unstable();
    let width = sorted[sorted.len() * 9 / 10];
    let full = lengths.iter().filter(|&&l| l + 12 >= width).count();
    let wrapped = (40..=100).contains(&width)
        && full * 2 >= lengths.len()
        && open_ends * 5 >= lengths.len() * 2;
    wrapped.then_some(width)
}

/// A line that names a picture and stands before a photo credit is that picture's caption.
fn mark_captions(units: &[Unit<'_>], verdicts: &[Verdict], slots: &mut [Slot]) {
    for i in 0..units.len().saturating_sub(1) {
        let credit_follows = verdicts[i + 1].is_photo_credit();
        let short = units[i].words <= MAX_CHROME_WORDS;
        if slots[i] == Slot::Body
            && credit_follows
            && short
            && chrome::names_a_picture(&units[i].text)
        {
            slots[i] = Slot::Chrome(ChromeKind::Caption);
        }
    }
}

/// Finds the title, marks its lines, and makes the lines above it (and short labels between
/// its repeats) navigation.
fn mark_title(units: &[Unit<'_>], slots: &mut [Slot], hint: Option<&str>) -> Option<title::Found> {
    let candidates: Vec<Candidate<'_>> = units
        .iter()
        .zip(slots.iter())
        .take(16)
        .map(|(u, s)| Candidate {
            text: &u.text,
            words: u.words,
            chrome: *s != Slot::Body,
        })
        .collect();
    let found = title::find_title(&candidates, hint)?;
    let (first, last) = (found.lines[0], found.lines[found.lines.len() - 1]);
    // Above the title, site and section names and menus are short and never sentences. A
    // paragraph or a table row up there means the match is a heading inside the text, so
    // nothing above it goes; a sentence (a blogger's note) stays where it is.
    let prose = |u: &Unit<'_>| u.words > 12 || u.is_paragraph() || u.text.contains("   ");
    let above = !units[..first].iter().any(prose);
    let sentence = |u: &Unit<'_>| {
        u.text
            .trim_end_matches(['"', '\u{201d}'])
            .ends_with(['.', '!', '?'])
    };
    for i in 0..=last {
        let u = &units[i];
        let nav = i < first && above && !sentence(u);
        // Between the title's repeats only a label goes ("World").
        let label = i > first && u.words <= 4 && !u.bullet && !ends_sentence(&u.text);
        if slots[i] == Slot::Body && (nav || label) {
            slots[i] = Slot::Chrome(ChromeKind::Nav);
        }
    }
    for &i in &found.lines {
        slots[i] = Slot::Title;
    }
    Some(found)
}

/// The first and the last body paragraph, or `(len, 0)` when there is none.
fn body_bounds(units: &[Unit<'_>], slots: &[Slot]) -> (usize, usize) {
    let body = |i: &usize| slots[*i] == Slot::Body && units[*i].is_paragraph();
    let first = (0..units.len()).find(body).unwrap_or(units.len());
    let last = (0..units.len()).rev().find(body).unwrap_or(0);
    (first, last)
}

/// Applies the weak rules: a lone number is chrome only at the body's edges or beside strong
/// chrome; a section name or a date only above the first paragraph; a bare name only there and
/// above more chrome. A page without a paragraph (a table, a list) has no edges to go by.
fn mark_weak(verdicts: &[Verdict], slots: &mut [Slot], first: usize, last: usize) {
    let strong: Vec<bool> = slots.iter().map(|s| *s != Slot::Body).collect();
    let has_body = first < slots.len();
    let head = |i: usize| has_body && i < first;
    for (i, v) in verdicts.iter().enumerate() {
        let Some(kind) = v.kind else { continue };
        let beside = (i > 0 && strong[i - 1]) || strong.get(i + 1).copied().unwrap_or(false);
        let more = strong.get(i + 1).copied().unwrap_or(false)
            || verdicts.get(i + 1).is_some_and(|n| n.kind.is_some());
        let applies = match v.strength {
            Strength::Strong => false,
            Strength::Edge => beside || (has_body && (i < first || i > last)),
            Strength::Head => head(i),
            Strength::HeadPair => head(i) && more,
        };
        if applies && slots[i] == Slot::Body {
            slots[i] = Slot::Chrome(kind);
        }
    }
}

/// "About the author" takes the author's name and a short bio after it, when they close the
/// page: a bio sentence is taken only if no longer paragraph follows it.
fn mark_author_boxes(units: &[Unit<'_>], verdicts: &[Verdict], slots: &mut [Slot]) {
    for i in (0..units.len()).filter(|&i| verdicts[i].signal == Signal::AuthorBox) {
        let rest = i + 1..units.len().min(i + 4);
        let closes = units[i + 1..].iter().all(|u| u.words <= 60);
        for j in rest {
            let short = units[j].words <= 12 && !ends_sentence(&units[j].text);
            if slots[j] != Slot::Body || !(short || closes) {
                break;
            }
            slots[j] = Slot::Chrome(ChromeKind::Author);
        }
    }
}

/// Where a comment thread begins, if the page has one after its first body paragraph.
fn thread_start(
    units: &[Unit<'_>],
    verdicts: &[Verdict],
    slots: &[Slot],
    first: usize,
) -> Option<usize> {
    let n = units.len();
    let signal = |i: usize| verdicts[i].signal;
    let marker = |i: usize| matches!(signal(i), Signal::Thread | Signal::InComment | Signal::Says);
    let confirmed = |i: usize| (i + 1..n).any(marker);
    let m = (first + 1..n).find(|&i| match signal(i) {
        Signal::Thread => true,
        Signal::InComment => confirmed(i),
        _ => false,
    })?;
    // The body's own formatting: the commonest indent of its paragraphs, and bullets or not.
    let body: Vec<&Unit<'_>> = (first..m)
        .filter(|&i| slots[i] == Slot::Body && units[i].is_paragraph())
        .map(|i| &units[i])
        .collect();
    let mut indents: Vec<usize> = body.iter().map(|u| u.indent).collect();
    indents.sort_unstable();
    let base = indents.get(indents.len() / 2).copied().unwrap_or(0);
    let bulleted = body.iter().filter(|u| u.bullet).count() * 2 > body.len();
    let apart = |u: &Unit<'_>| u.indent > base || (u.bullet && !bulleted);
    // A thread is more markers than prose: a lone "Comments" button above five paragraphs is not.
    let markers = (m..n).filter(|&i| marker(i)).count();
    let prose = (m + 1..n)
        .filter(|&i| slots[i] == Slot::Body && units[i].is_paragraph() && !apart(&units[i]))
        .count();
    if prose > 2 + 2 * markers {
        return None;
    }
    let mut start = m;
    while start > first + 1 && slots[start - 1] == Slot::Body && apart(&units[start - 1]) {
        start -= 1;
    }
    let ended = |i: usize| signal(i) == Signal::Ends;
    if start < m && (ended(start - 1) || apart(&units[m])) {
        return Some(start);
    }
    // No formatting to go by: only a credit or copyright line just above may open the thread.
    let end = (m.saturating_sub(5)..m)
        .rev()
        .find(|&i| i > first && ended(i));
    Some(end.map_or(m, |e| e + 1))
}

/// Builds the text, the removed pieces and the credits from the slots.
fn assemble(units: &[Unit<'_>], verdicts: &[Verdict], slots: &[Slot]) -> Cleaned {
    let mut out = Cleaned::default();
    let mut last_kind = None;
    for (i, unit) in units.iter().enumerate() {
        let kind = match slots[i] {
            Slot::Body => {
                if !out.text.is_empty() {
                    out.text.push_str("\n\n");
                }
                out.text.push_str(&unit.text);
                last_kind = None;
                continue;
            }
            Slot::Title => {
                last_kind = None;
                continue;
            }
            Slot::Chrome(kind) => kind,
        };
        // A line the rules split in two (a caption and its glued credit) keeps both kinds,
        // unless a region gave it another kind (a caption quoted in a comment is a comment).
        let second = verdicts[i]
            .second
            .filter(|_| Some(kind) == verdicts[i].kind);
        match second.and_then(|(at, k)| Some((unit.text.split_at_checked(at)?, k))) {
            Some(((first, rest), second_kind)) => {
                push(&mut out, &mut last_kind, kind, first.trim());
                push(&mut out, &mut last_kind, second_kind, rest.trim());
            }
            None => push(&mut out, &mut last_kind, kind, &unit.text),
        }
    }
    out
}

/// Adds one removed piece, joining it to the previous one when they are of one kind and adjacent.
fn push(out: &mut Cleaned, last_kind: &mut Option<ChromeKind>, kind: ChromeKind, text: &str) {
    if kind == ChromeKind::Credit {
        out.credits.push(text.to_string());
    }
    match out.removed.last_mut() {
        Some(prev) if *last_kind == Some(kind) => {
            prev.text.push('\n');
            prev.text.push_str(text);
        }
        _ => out.removed.push(Removed {
            kind,
            text: text.to_string(),
        }),
    }
    *last_kind = Some(kind);
}

/// The hint as a title when no line of the page matched it: a " | Site" suffix is dropped, the
/// one suffix common enough on HTML titles to drop without a repeat to confirm it.
fn hint_without_suffix(hint: &str) -> String {
    match title::split_suffix(hint) {
        Some((head, _)) if hint.contains(" | ") => tidy(head),
        _ => tidy(hint),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(c: &Cleaned) -> Vec<&'static str> {
        c.removed.iter().map(|r| r.kind.as_str()).collect()
    }

    #[test]
    fn a_blog_repost_loses_its_head_byline_credit_and_comment_thread() {
        let page = "Harbour Board Approves Ferry Route – Coast Weekly\nNews\n\n\
            Harbour Board Approves Ferry Route\n\nWritten by coastadmin\n\n\
            The harbour board voted on Tuesday to open a ferry route to the three islands.\n\n\
            Island shops welcomed the decision.\n\n(c) Coast Radio\n\n\
            \x20 • “Island shops welcomed the decision.”\n\n\
            \x20   About time, my grandmother waited thirty years for this boat.\n\n\
            \x20   Liked by 2 people\n\nLeave a Reply\n\n\
            You are commenting using your Google account. Log Out / Change )\n\n\
            This site uses Akismet to reduce spam. Learn how your comment data is processed.";
        let c = clean_text(page, None);
        assert_eq!(
            c.title.as_deref(),
            Some("Harbour Board Approves Ferry Route")
        );
        assert_eq!(c.site.as_deref(), Some("Coast Weekly"));
        assert_eq!(kinds(&c), ["nav", "author", "credit", "comments"]);
        assert!(c
            .text
            .ends_with("to the three islands.\n\nIsland shops welcomed the decision."));
        assert_eq!(c.credits, ["(c) Coast Radio"]);
    }

    #[test]
    fn a_wire_story_loses_captions_and_credits() {
        let page = "Council approves budget after long night\n\nBy Jane Roe and Tom Poe\n\n\
            The mayor signs the budget at city hall, in this photo released by the council.\n\n\
            Ana Lima | via Reuters\n\n\
            The council approved the budget early on Friday after a session past midnight.\n\n\
            Council member Sam Ode speaks during the vote.Ana Lima via City Hall / AP\n\n\
            The budget raises spending on bridges by a fifth, the council said.\n\n\
            The Associated Press contributed to this report.";
        let c = clean_text(page, None);
        assert_eq!(
            c.title.as_deref(),
            Some("Council approves budget after long night")
        );
        assert_eq!(
            kinds(&c),
            ["author", "caption", "credit", "caption", "credit", "credit"]
        );
        assert_eq!(c.text.split("\n\n").count(), 2);
        let via = ["Ana Lima | via Reuters", "Ana Lima via City Hall / AP"];
        assert_eq!(c.credits[..2], via);
    }

    #[test]
    fn a_nav_header_breadcrumbs_share_buttons_and_tags_go() {
        let page =
            "Skip to content\nHome | News | World | Sport | Weather\nHome > World > Europe\n\
            Bridge reopens after flood repairs | Daily Courier\n\
            Bridge reopens after flood repairs\n\
            June 3, 2022\nShare\nTweet\n\
            The old stone bridge reopened on Friday, four months after floods cracked two arches.\n\
            Engineers replaced the arches with steel frames clad in the original stone.\n\
            Tags: floods, bridges, county";
        let hint = Some("Bridge reopens after flood repairs | Daily Courier");
        let c = clean_text(page, hint);
        assert_eq!(
            c.title.as_deref(),
            Some("Bridge reopens after flood repairs")
        );
        assert_eq!(c.site.as_deref(), Some("Daily Courier"));
        assert_eq!(kinds(&c), ["nav", "other", "share", "nav"]);
        assert_eq!(c.text.split("\n\n").count(), 2);
    }

    #[test]
    fn promos_advertisements_and_cookie_lines_go() {
        let page = "We use cookies to improve your experience on our site.\nAccept all cookies\n\
            Privacy Policy | Terms of Use\n\nRail strike ends after deal on pay\n\n\
            Train drivers accepted a pay offer on Monday, ending a strike of nine days.\n\n\
            Advertisement\n\nDownload the Northern Post app for breaking news and alerts\n\n\
            The union said members voted by a wide margin to accept the offer this week.\n\n\
            Sign up for our Morning Briefing newsletter\n\nRead more: How the strike began\n\n\
            © 2022 Northern Post Ltd. All rights reserved.\n\nLog in";
        let c = clean_text(page, None);
        assert_eq!(
            c.title.as_deref(),
            Some("Rail strike ends after deal on pay")
        );
        assert_eq!(kinds(&c), ["legal", "promo", "promo", "related", "legal"]);
        assert_eq!(c.text.split("\n\n").count(), 2);
    }

    #[test]
    fn hard_wrapped_wire_text_is_joined_and_its_indents_are_not_comments() {
        let page = "Grain exporters said on Monday they expect\nshipments to rise by a tenth \
            this season as\nthe new port terminal opens, the board said.\n    The terminal, \
            built at a cost of 120 mln dlrs,\nwill handle up to four mln tonnes a year, board\n\
            officials told reporters on Monday afternoon.\n    Exporters said freight rates \
            had eased.\n REUTER";
        let c = clean_text(page, None);
        assert_eq!(c.text.split("\n\n").count(), 3);
        assert!(c
            .text
            .starts_with("Grain exporters said on Monday they expect shipments"));
        assert_eq!(kinds(&c), ["credit"]);
    }

    #[test]
    fn clean_articles_come_out_unchanged() {
        let page = "The river rose two metres overnight and the town closed its lower bridge.\n\n\
            More than a flood\n\nRead more than 300 letters and you see the pattern, she said.\n\n\
            By Friday the water had fallen back below the old flood mark, officials said.";
        let c = clean_text(page, Some("River rises"));
        assert_eq!(
            (c.text.as_str(), c.title.as_deref()),
            (page, Some("River rises"))
        );
        assert!(c.removed.is_empty() && c.credits.is_empty());
    }

    #[test]
    fn a_comments_button_above_the_rest_of_the_article_cuts_nothing() {
        let page = "The river rose two metres overnight and the town closed its lower bridge.\n\n\
            Comments\n\nResidents of the old quarter moved their cars uphill at dawn.\n\n\
            By Friday the water had fallen back below the old flood mark, officials said.";
        let c = clean_text(page, None);
        assert_eq!(kinds(&c), ["comments"]);
        assert_eq!(c.text.split("\n\n").count(), 3);
    }

    /// Pages in seven languages, each with its title, three paragraphs and the chrome its
    /// sites put between them: the chrome goes, the paragraphs stay.
    #[test]
    fn chrome_in_other_languages_goes_and_the_text_stays() {
        let pages = [
            (
                "Le volcan Etna en éruption, l'aéroport de Catane fermé\n\n\
                 Le volcan Etna est entré en éruption dans la nuit de dimanche à lundi, avec des fontaines de lave.\n\n\
                 Photo : AFP\n\nLire aussi : Sicile, les incendies reprennent\n\n\
                 L'aéroport de Catane a été fermé lundi matin en raison d'un nuage de cendres sur l'île.\n\n\
                 Abonnez-vous à notre newsletter pour recevoir l'essentiel de l'actualité\n\nPartager\n\n\
                 Les vols devraient reprendre mardi si le vent tourne, a indiqué la société de l'aéroport.",
                vec!["credit", "related", "promo", "share"],
            ),
            (
                "Ätna bricht aus, Flughafen Catania geschlossen\n\n\
                 Der Ätna auf Sizilien ist in der Nacht zum Montag ausgebrochen und spuckte Lava in die Höhe.\n\n\
                 Anzeige\n\nLesen Sie auch: Waldbrände auf Sizilien flammen wieder auf\n\n\
                 Der Flughafen Catania wurde am Montagmorgen wegen einer Aschewolke über der Insel geschlossen.\n\n\
                 Foto: Salvatore Allegra/dpa\n\nTeilen\n\n\
                 Die Flüge sollen am Dienstag wieder aufgenommen werden, wenn der Wind dreht, hieß es.",
                vec!["promo", "related", "credit", "share"],
            ),
            (
                "El volcán Etna entra en erupción y cierra el aeropuerto de Catania\n\n\
                 El volcán Etna, en Sicilia, entró en erupción la noche del domingo al lunes con fuentes de lava.\n\n\
                 Lee también: Los incendios vuelven a Sicilia\n\nPublicidad\n\n\
                 El aeropuerto de Catania cerró el lunes por la mañana por una nube de ceniza sobre la isla.\n\n\
                 Suscríbete a nuestro boletín para recibir las noticias del día\n\nCompartir\n\n\
                 Los vuelos se reanudarán el martes si cambia el viento, dijo la empresa que gestiona el aeropuerto.",
                vec!["related", "promo", "promo", "share"],
            ),
            (
                "L'Etna erutta, chiuso l'aeroporto di Catania\n\n\
                 L'Etna è entrato in eruzione nella notte tra domenica e lunedì con fontane di lava alte centinaia di metri.\n\n\
                 Leggi anche: Sicilia, tornano gli incendi\n\nPubblicità\n\n\
                 L'aeroporto di Catania è stato chiuso lunedì mattina per una nube di cenere che copriva l'isola.\n\n\
                 Iscriviti alla newsletter per ricevere le notizie della giornata\n\nCondividi\n\n\
                 I voli dovrebbero riprendere martedì se il vento cambia, ha detto la società che gestisce lo scalo.",
                vec!["related", "promo", "promo", "share"],
            ),
            (
                "Vulcão Etna entra em erupção e fecha aeroporto de Catânia\n\n\
                 O vulcão Etna, na Sicília, entrou em erupção na noite de domingo para segunda com fontes de lava.\n\n\
                 Leia também: Incêndios voltam à Sicília\n\nPublicidade\n\n\
                 O aeroporto de Catânia foi fechado na segunda de manhã por causa de uma nuvem de cinzas na ilha.\n\n\
                 Compartilhar\n\n\
                 Os voos devem ser retomados na terça se o vento mudar, disse a empresa que administra o aeroporto.",
                vec!["related", "promo", "share"],
            ),
            (
                "Извержение Этны: аэропорт Катании закрыт\n\n\
                 Вулкан Этна на Сицилии начал извергаться в ночь с воскресенья на понедельник, выбрасывая потоки лавы.\n\n\
                 Читайте также: На Сицилии снова горят леса\n\nРеклама\n\n\
                 Аэропорт Катании был закрыт в понедельник утром из-за облака пепла, накрывшего восток острова.\n\n\
                 Подпишитесь на наш канал, чтобы первыми узнавать новости\n\nПоделиться\n\n\
                 Рейсы должны возобновиться во вторник, если ветер изменится, сообщила компания, управляющая аэропортом.",
                vec!["related", "promo", "promo", "share"],
            ),
            (
                "埃特纳火山喷发卡塔尼亚机场关闭\n\n\
                 意大利西西里岛的埃特纳火山周日夜间至周一凌晨喷发，熔岩喷泉高达数百米。\n\n\
                 相关阅读：意大利南部暴雨致多人死亡\n\n广告\n\n\
                 由于火山灰云向岛屿东部扩散，卡塔尼亚机场周一上午关闭，数十个航班被取消。\n\n\
                 分享到\n\n\
                 如果风向改变，航班预计将于周二恢复，管理机场的公司说。\n\n（责任编辑：王小明）",
                vec!["related", "promo", "share", "author"],
            ),
        ];
        for (page, want) in pages {
            let c = clean_text(page, None);
            let title = page.split("\n\n").next().unwrap();
            assert_eq!(c.title.as_deref(), Some(title), "{page}");
            assert_eq!(kinds(&c), want, "{page}");
            assert_eq!(c.text.split("\n\n").count(), 3, "{page}: {}", c.text);
        }
    }

    #[test]
    fn a_chinese_line_counts_its_words_by_characters() {
        use crate::extract::lines::count_words;
        assert_eq!(count_words("Read also: floods"), 3);
        assert_eq!(count_words("埃特纳火山喷发"), 4);
        assert_eq!(
            count_words("新华社罗马电 意大利西西里岛的埃特纳火山"),
            3 + 7
        );
        assert_eq!(count_words("2021年"), 2);
    }
}
