//! Owns the named word lists the line rules of extraction look for: the words of share rows,
//! photo credits, related-link lines, pitches, bylines, dates and section names, each a typed
//! constant (`rules` holds the rules that make whole lines and openings chrome).

use std::sync::OnceLock;

use foldhash::HashSet;

/// A named word list, sorted (and hashed, for whole-entry lookups) once on first use.
pub(crate) struct Words {
    entries: &'static [&'static str],
    sorted: OnceLock<Vec<&'static str>>,
    set: OnceLock<HashSet<&'static str>>,
}

impl Words {
    const fn new(entries: &'static [&'static str]) -> Words {
        Words {
            entries,
            sorted: OnceLock::new(),
            set: OnceLock::new(),
        }
    }

    fn sorted(&self) -> &[&'static str] {
        self.sorted.get_or_init(|| {
            let mut v = self.entries.to_vec();
            v.sort_unstable();
            v.dedup();
            v
        })
    }

    /// True when `s` is an entry.
    pub(crate) fn has(&self, s: &str) -> bool {
        // Asked of every word of many lines: a hash lookup, not a search of sorted strings.
        self.set
            .get_or_init(|| self.entries.iter().copied().collect())
            .contains(s)
    }

    /// True when `s` starts with an entry.
    pub(crate) fn opens(&self, s: &str) -> bool {
        self.openers(s).next().is_some()
    }

    /// The entries `s` starts with, longest first: they sort at or before `s` and share its
    /// first byte, so only that run is tried.
    pub(crate) fn openers<'a>(&'a self, s: &'a str) -> impl Iterator<Item = &'static str> + 'a {
        let sorted = self.sorted();
        let run = sorted[..sorted.partition_point(|e| *e <= s)].iter().rev();
        let first = s.as_bytes().first();
        let run = run.take_while(move |e| e.as_bytes().first() == first);
        run.copied().filter(move |e| s.starts_with(e))
    }

    /// True when `s` contains an entry.
    pub(crate) fn within(&self, s: &str) -> bool {
        self.entries.iter().any(|e| s.contains(e))
    }
}

/// The commonest English function words, which make up about half of the words of English
/// news: the language guess calls a text English without its trigram pass when enough of
/// its opening words are these (see `extract::plainly_english`).
#[rustfmt::skip]
pub(crate) static ENGLISH_FUNCTION_WORDS: Words = Words::new(&[
    "a", "about", "after", "all", "an", "and", "are", "as", "at", "be", "been", "but", "by",
    "can", "could", "did", "do", "for", "from", "had", "has", "have", "he", "her", "his", "i",
    "if", "in", "into", "is", "it", "its", "more", "not", "of", "on", "or", "our", "out",
    "over", "she", "should", "so", "than", "that", "the", "their", "them", "there", "they",
    "this", "to", "up", "was", "we", "were", "what", "when", "which", "who", "will", "with",
    "would", "you",
]);

/// What follows a count to open a comment thread: "3 comments", "One thought on".
#[rustfmt::skip]
pub(crate) static THREAD_NOUNS: Words = Words::new(&[
    "comments", "comment", "thoughts", "thought", "responses", "response", "replies", "reply",
]);

/// Openings of a photo credit: "Photo: ", "Getty Images", "AP Photo".
#[rustfmt::skip]
pub(crate) static PHOTO_CREDIT_OPENINGS: Words = Words::new(&[
    "photo:", "photo by ", "photos by ", "photograph:", "photograph by ", "photographs by ",
    "photography:", "photography by ", "image:", "images:", "image by ", "image credit",
    "image source", "picture:", "pictures:", "picture by ", "credit:", "credits:", "photographer:",
    "photo credit", "photo courtesy", "courtesy of ", "courtesy:", "illustration:",
    "illustration by ", "enlarge this image ", "photo illustration", "file photo by ", "ap photo",
    "afp photo", "reuters photo", "getty images", "epa/", "afp/", "ap/", "reuters/",
    // French, German, Spanish, Italian, Portuguese, Russian, Chinese.
    "photo :", "photos :", "crédit photo", "crédit :", "© photo", "foto:", "fotos:", "bild:",
    "foto :", "fotografía:", "imagen:", "immagine:", "imagem:", "фото:", "фото :",
    "фотография:", "图片来源", "图片:", "摄影:", "资料图",
]);

/// Words a photo credit ends or starts with: agencies, picture libraries, outlet words.
#[rustfmt::skip]
pub(crate) static CREDIT_AGENCIES: Words = Words::new(&[
    "reuters", "reuter", "ap", "afp", "xinhua", "associated press", "upi", "dpa", "anadolu",
    "bloomberg", "epa", "getty", "images", "shutterstock", "alamy", "pool", "handout", "photo",
    "photos", "press", "news", "times", "post", "agency", "wire", "pictures", "photography",
    "flickr", "wikimedia", "commons", "abaca", "corbis", "sipa", "zuma", "nurphoto", "ansa", "efe",
    "kyodo", "yonhap", "tass", "istock", "unsplash",
]);

/// Openings of a related-link line, free-standing or marked: "Read also", "See also".
#[rustfmt::skip]
pub(crate) static RELATED_OPENINGS: Words = Words::new(&[
    "read also", "also read", "see also", "also see", "read more", "read next", "more from",
    "more on", "you may also like", "you might also like", "read the full", "click here to read",
    "related story", "related article", "related coverage", "related content", "related stories",
    "related news", "related links", "related video", "related reading", "don't miss", "must read",
    "further reading", "keep reading", "see more", "more stories", "recommended reading",
    "recommended for you",
    // French.
    "lire aussi", "à lire aussi", "a lire aussi", "lire également", "à lire également",
    "voir aussi", "à voir aussi", "lire la suite", "sur le même sujet", "découvrir aussi",
    // German.
    "lesen sie auch", "lesen sie mehr", "mehr zum thema", "auch interessant", "siehe auch",
    "das könnte sie auch interessieren", "weiterlesen", "mehr lesen",
    // Spanish.
    "lee también", "lea también", "leer más", "ver también", "te puede interesar",
    "también te puede interesar", "noticias relacionadas", "puede interesarte",
    // Italian.
    "leggi anche", "leggi pure", "vedi anche", "potrebbe interessarti", "articoli correlati",
    "continua a leggere",
    // Portuguese.
    "leia também", "leia mais", "veja também", "saiba mais", "notícias relacionadas",
    "continue lendo",
    // Russian.
    "читайте также", "также читайте", "смотрите также", "читать далее", "читать также",
    "новости по теме", "по теме",
    // Chinese.
    "相关阅读", "相关新闻", "延伸阅读", "推荐阅读", "阅读更多", "更多阅读", "相关文章",
]);

/// Openings of a related-link line only when a mark follows ("Related: ...", "More »").
#[rustfmt::skip]
pub(crate) static RELATED_MARKED: Words = Words::new(&[
    "related", "recommended", "more", "watch", "video", "listen", "special coverage", "trending",
    "also", "latest", "check out", "top stories", "most read", "most popular", "photos", "gallery",
]);

/// Verbs of an app promotion: "Download the ... app", "Get our app".
#[rustfmt::skip]
pub(crate) static APP_VERBS: Words = Words::new(&[
    "download", "get the", "get our", "install", "try the", "click here to get",
    "click here to download", "open in", "read in", "use the", "available on", "available in",
    "listen on", "watch on",
]);

/// Openings of a newsletter pitch: "Sign up", "Enter your email".
#[rustfmt::skip]
pub(crate) static PITCH_VERBS: Words = Words::new(&[
    "sign up", "signup", "sign-up", "subscribe", "get ", "join", "receive", "enter your email",
    "want ", "click", "don't miss", "never miss", "stay informed", "stay up", "to get", "for more",
    "like this", "love this",
]);

/// Openings of a donation pitch: "Support ", "Visit ".
#[rustfmt::skip]
pub(crate) static SUPPORT_OPENINGS: Words = Words::new(&["support ", "visit "]);

/// Openings of a social media pitch: "Follow ", "Like us".
#[rustfmt::skip]
pub(crate) static FOLLOW_OPENINGS: Words =
    Words::new(&["follow ", "like us", "find us", "connect with"]);

/// Words a row of share buttons may also hold: "this", "article", "via".
#[rustfmt::skip]
pub(crate) static SHARE_FILLER: Words = Words::new(&[
    "this", "article", "story", "on", "via", "the", "x", "-", "/",
]);

/// Openings of a share pitch: "Share this", "Share on ".
#[rustfmt::skip]
pub(crate) static SHARE_OPENINGS: Words = Words::new(&["share this", "share on ", "liked by "]);

/// Share buttons: "Share", "Tweet", "Facebook", "WhatsApp".
#[rustfmt::skip]
pub(crate) static SHARE_BUTTONS: Words = Words::new(&[
    "share", "tweet", "email", "e-mail", "print", "facebook", "twitter", "linkedin", "whatsapp",
    "pinterest", "reddit", "messenger", "telegram", "sms", "mail", "pin", "post", "copy", "link",
    "flipboard", "tumblr", "comment", "comments", "save",
]);

/// Words that name a picture or a pose in a caption: "photo", "poses", "speaks".
#[rustfmt::skip]
pub(crate) static PICTURE_WORDS: Words = Words::new(&[
    "photo", "picture", "pictured", "image", "handout", "undated", "(left)", "(right)", "(center)",
    "(centre)", "(l-r)", "from left", " poses ", " gestures", " speaks ", " attends ", " arrives ",
    " looks on", "waves to", " is seen ", " are seen ", " listens ", " delivers ",
]);

/// Endings of a credit line: "... contributed to this report".
#[rustfmt::skip]
pub(crate) static CONTRIBUTED: Words = Words::new(&[
    "contributed to this report", "contributed to this story", "contributed to this article",
    "contributed reporting", "contributed to this post", "contributed to the report",
    "contributed additional reporting",
]);

/// Openings of a wire sign-off: "Reporting by ", "Editing by ".
#[rustfmt::skip]
pub(crate) static SIGN_OFFS: Words = Words::new(&[
    "reporting by ", "additional reporting by ", "writing by ", "editing by ", "edited by ",
    "compiled by ",
]);

/// Wording of a redistribution notice: "may not be published, broadcast, rewritten or redistributed".
#[rustfmt::skip]
pub(crate) static REDISTRIBUTION: Words = Words::new(&[
    "material may not be", "content may not be", "article may not be", "story may not be",
    "it may not be reproduced", "rewritten or redistributed", "without prior written permission",
    "without express written permission",
]);

/// Wire agencies a credit line names.
#[rustfmt::skip]
pub(crate) static WIRES: Words = Words::new(&[
    "reuters", "reuter", "ap", "afp", "xinhua", "associated press", "the associated press", "upi",
    "dpa", "anadolu", "bloomberg",
]);

/// Openings of a byline: "Written by ", "Posted by ".
#[rustfmt::skip]
pub(crate) static BYLINE_OPENINGS: Words = Words::new(&[
    "written by ", "posted by ", "published by ", "words by ", "story by ", "text by ", "author: ",
    "authors: ", "by: ", "contributor: ",
]);

/// Words that join the capitalised words of a name or a list of names: "de", "van", "and".
#[rustfmt::skip]
pub(crate) static NAME_JOINERS: Words = Words::new(&[
    "and", "&", "de", "da", "dos", "van", "von", "der", "den", "la", "le", "di", "du", "del",
    "bin", "al", "el", "the", "of", "y", "e", "-", "\u{2013}", "\u{2014}", "via", "for", "by",
    "courtesy", "file", "handout", "pool", "photo",
]);

/// Words of an outlet's name in a byline: "Press", "Times", "Staff".
#[rustfmt::skip]
pub(crate) static OUTLET_WORDS: Words = Words::new(&[
    "press", "associated", "times", "post", "news", "staff", "editorial", "board", "editors",
    "wire", "reuters", "agency", "journal", "tribune", "herald", "globe", "telegraph", "guardian",
    "bureau",
]);

/// Section names a page's head lists: "World", "Politics", "Opinion".
#[rustfmt::skip]
pub(crate) static SECTION_NAMES: Words = Words::new(&[
    "world", "news", "politics", "business", "sport", "sports", "opinion", "opinions", "analysis",
    "technology", "tech", "science", "health", "entertainment", "culture", "lifestyle", "life",
    "local", "national", "international", "us", "u.s", "uk", "europe", "asia", "africa",
    "americas", "middle", "east", "economy", "markets", "money", "home", "latest", "breaking",
    "top", "stories", "videos", "photos", "live", "features", "feature", "editorial", "editorials",
    "commentary", "op-ed", "investigations", "education", "travel", "food", "arts", "books",
    "style", "environment", "climate", "weather", "crime", "law", "media", "religion", "nation",
    "metro", "columns", "column", "blogs", "blog", "podcasts", "podcast", "and", "&", "global",
    "pacific", "latin", "america", "motoring", "property", "obituaries", "letters", "perspective",
    "exclusive", "special", "report", "investigation", "fact", "check",
]);

/// Months and days, in full and abbreviated.
#[rustfmt::skip]
pub(crate) static CALENDAR_WORDS: Words = Words::new(&[
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
    "sept", "oct", "nov", "dec", "monday", "tuesday", "wednesday", "thursday", "friday",
    "saturday", "sunday", "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun",
]);

/// The other words of a date line: "Updated", "at", "GMT", "hours".
#[rustfmt::skip]
pub(crate) static DATE_FILLER: Words = Words::new(&[
    "at", "on", "updated", "published", "posted", "last", "modified", "hours", "hour", "minutes",
    "minute", "days", "day", "weeks", "week", "months", "month", "years", "year", "mins", "hrs",
    "min", "hr", "of", "the", "-", "/", "\u{2022}", "\u{b7}", "a", "an", "et", "edt", "est", "ct",
    "cdt", "cst", "pt", "pdt", "pst", "gmt", "utc", "bst", "cet", "cest", "ist",
]);

/// Openings of a publication note: "First published ".
#[rustfmt::skip]
pub(crate) static PUBLISHED_OPENINGS: Words =
    Words::new(&["first published ", "originally published "]);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_lists_look_up_whole_entries_openings_and_insides() {
        assert!(SHARE_BUTTONS.has("tweet") && !SHARE_BUTTONS.has("tweets"));
        assert!(RELATED_OPENINGS.opens("read also: floods"));
        let found: Vec<&str> = RELATED_OPENINGS.openers("read more from us").collect();
        assert_eq!(found, ["read more"]);
        assert!(PICTURE_WORDS.within("the mayor speaks at the opening"));
        assert!(!PICTURE_WORDS.within("the mayor spoke"));
    }
}
