//! Owns the vocabularies of page chrome as typed data: the rules that make a whole line or a
//! line's opening chrome of a kind, and the named word lists the line rules look for.
//!
//! A rule says which kind of chrome it finds, how far its verdict can be trusted alone
//! ([`Strength`]), what it tells the region logic ([`Signal`]), the most words a line it meets
//! may have, and its entries: lowercase, with typographic quotes, dashes and spaces folded as
//! `lines::fold_into` folds a line. Every limit is named with the longest line it met in the
//! haystack corpora (`../shared/data/haystack`, all four, extracted by the build that wrote
//! the rules), so that a limit is a bound with room, not a guess. Lookups are binary searches
//! in tables sorted once on first use.

use super::lines::{Signal, Strength, MAX_CHROME_WORDS};
use crate::model::ChromeKind;

/// How a rule's entries meet a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Meets {
    /// The whole line, its trailing punctuation aside, is an entry.
    Whole,
    /// The line opens with an entry and has no more words than the rule's limit.
    Opening,
}

/// One rule: lines its entries meet are chrome of its kind.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Rule {
    /// How the entries meet a line.
    pub meets: Meets,
    /// The kind of chrome.
    pub kind: ChromeKind,
    /// How far the verdict can be trusted without the line's neighbours.
    pub strength: Strength,
    /// What the line tells the region logic.
    pub signal: Signal,
    /// The most words a line it meets may have.
    pub limit: usize,
    /// The entries, folded.
    pub entries: &'static [&'static str],
}

/// The most words of a syndication note ("This article was originally published on ..."): the
/// longest the haystack corpora hold has 45.
const SYNDICATION_NOTE_WORDS: usize = 60;

/// The most words of a comment form's prompt: the longest the haystack corpora hold has 13.
const COMMENT_FORM_WORDS: usize = 40;

/// The most words of a line this opening rule meets. No line in the haystack corpora met it;
/// a consent notice runs to a paragraph, so it is the longest a chrome line can be.
const COOKIE_NOTICE_WORDS: usize = MAX_CHROME_WORDS;

/// The most words of a subscription or donation pitch: the longest the haystack corpora hold has
/// 30.
const PITCH_WORDS: usize = 40;

/// The most words of a caption known by its opening: the longest the haystack corpora hold has 76.
const CAPTION_WORDS: usize = 80;

/// The most words of an author box's heading: the longest the haystack corpora hold has 3.
const AUTHOR_HEADING_WORDS: usize = 10;

/// The most words of a tag or category list: the longest the haystack corpora hold has 7.
const TAG_LIST_WORDS: usize = 40;

/// The most words of an age note ("This article is more than 3 years old"): the longest the
/// haystack corpora hold has 8.
const AGE_NOTE_WORDS: usize = 10;

/// A rule that meets whole lines.
const fn whole(
    kind: ChromeKind,
    strength: Strength,
    signal: Signal,
    entries: &'static [&'static str],
) -> Rule {
    Rule {
        meets: Meets::Whole,
        kind,
        strength,
        signal,
        limit: MAX_CHROME_WORDS,
        entries,
    }
}

/// A rule that meets openings of lines of at most `limit` words, strong wherever it stands.
const fn opening(
    kind: ChromeKind,
    signal: Signal,
    limit: usize,
    entries: &'static [&'static str],
) -> Rule {
    Rule {
        meets: Meets::Opening,
        kind,
        strength: Strength::Strong,
        signal,
        limit,
        entries,
    }
}

/// The rules, whole lines first, then openings.
#[rustfmt::skip]
pub(crate) const RULES: &[Rule] = &[
    // Advertisement markers and one-word pitches: "Advertisement", "Subscribe".
    whole(ChromeKind::Promo, Strength::Strong, Signal::None, &[
        "advertisement", "advertisements", "advertisement continue reading the main story",
        "ad", "ads", "sponsored", "sponsored content", "paid content", "paid post", "promoted",
        "partner content", "story continues below", "story continued below",
        "story continues below advertisement", "article continues below",
        "continue reading below", "scroll to continue with content", "skip advertisement",
        "ad feedback", "report this ad", "subscribe", "sign up", "sign up now", "newsletter",
        "newsletters", "get the app", "download the app", "donate", "donate now", "support us",
        "join the conversation", "join the discussion",
            // French, German, Spanish, Italian, Portuguese, Russian, Chinese.
        "publicité", "s'abonner", "abonnez-vous", "anzeige", "werbung", "abonnieren",
        "jetzt abonnieren", "publicidad", "suscríbete", "suscribirse", "pubblicità",
        "iscriviti", "abbonati", "publicidade", "assine", "реклама", "подписаться", "广告",
        "订阅",
    ]),
    // Navigation: "Skip to content", "Menu", "Next article".
    whole(ChromeKind::Nav, Strength::Strong, Signal::None, &[
        "skip to content", "skip to main content", "skip to navigation", "toggle navigation",
        "main menu", "menu", "close menu", "open menu", "navigation", "search", "home",
        "back to top", "previous article", "next article", "previous post", "next post",
        "previous story", "next story", "previous", "next", "post navigation", "older posts",
        "newer posts", "continue reading the main story", "continue reading", "jump to",
        "sections", "return to top", "you are here", "contact us", "about us", "sitemap",
            "accueil", "rechercher", "retour en haut", "startseite", "suche", "nach oben",
        "zur startseite", "inicio", "buscar", "menú", "volver arriba", "cerca", "torna su",
        "início", "pesquisar", "главная", "поиск", "меню", "наверх", "首页", "搜索", "返回顶部",
    ]),
    // Share buttons and counts: "Share", "Tweet", "Email this".
    whole(ChromeKind::Share, Strength::Strong, Signal::None, &[
        "share", "shares", "share article", "share story", "share via email", "tweet",
        "tweet this", "email", "e-mail", "email this", "email this article", "print",
        "print this", "print this article", "print this page", "copy link", "copy url",
        "link copied", "pin it", "save", "save article", "save for later", "like this",
        "like loading", "facebook", "twitter", "linkedin", "whatsapp", "pinterest", "reddit",
        "flipboard", "messenger", "telegram", "like", "likes",
            "partager", "partager sur facebook", "partager sur twitter", "imprimer",
        "envoyer par e-mail", "teilen", "drucken", "artikel teilen", "compartir", "imprimir",
        "condividi", "stampa", "compartilhar", "partilhar", "поделиться", "печать", "分享",
        "分享到", "打印",
    ]),
    // Headings of link lists: "Related articles", "Most viewed".
    whole(ChromeKind::Related, Strength::Strong, Signal::None, &[
        "related articles", "related posts", "related topics", "related videos",
        "more on this", "recommended stories", "recommended videos",
        "you may be interested in", "most viewed", "trending now", "editor's picks",
        "editors' picks", "up next", "watch now", "latest news", "latest stories",
        "what to read next", "read the full story",
            "les plus lus", "articles liés", "dans la même rubrique", "meistgelesen",
        "das könnte sie auch interessieren", "lo más leído", "i più letti", "mais lidas",
        "самое читаемое", "热门文章",
    ]),
    // Gallery and caption controls: "Photo", "View gallery", "Hide caption".
    whole(ChromeKind::Caption, Strength::Strong, Signal::None, &[
        "photo", "photos", "image", "images", "picture", "gallery", "photo gallery",
        "view gallery", "open gallery", "slideshow", "enlarge this image", "enlarge",
        "view image", "hide caption", "toggle caption", "caption", "show caption",
    ]),
    // Account, cookie and legal lines: "Log in", "Privacy policy", "Accept all".
    whole(ChromeKind::Legal, Strength::Strong, Signal::None, &[
        "log in", "login", "log out", "logout", "sign in", "sign out", "register",
        "create an account", "forgot password", "forgot your password?", "remember me",
        "all rights reserved", "privacy policy", "terms of use", "terms of service",
        "terms and conditions", "cookie policy", "cookie settings", "accept cookies",
        "accept all cookies", "accept", "accept all", "reject all", "manage cookies",
        "manage preferences", "privacy settings", "do not sell my personal information",
        "your privacy choices", "ad choices", "adchoices",
            "se connecter", "connexion", "tous droits réservés", "accepter", "tout accepter",
        "anmelden", "einloggen", "alle rechte vorbehalten", "akzeptieren", "alle akzeptieren",
        "iniciar sesión", "todos los derechos reservados", "aceptar", "accedi",
        "tutti i diritti riservati", "accetta", "entrar", "todos os direitos reservados",
        "aceitar", "войти", "все права защищены", "登录", "版权所有",
    ]),
    // A comment thread's headings and form: "Leave a reply", "Post a comment".
    whole(ChromeKind::Comments, Strength::Strong, Signal::Thread, &[
        "post comment", "submit comment", "cancel reply", "leave a reply", "leave a comment",
        "post a comment", "leave a reply cancel reply", "google photo", "twitter picture",
        "facebook photo", "wordpress.com logo", "connecting to %s", "add a comment",
        "add comment", "write a comment", "show comments", "view comments", "load comments",
        "hide comments", "comments are closed", "reader comments", "no comments",
            "commentaires", "laisser un commentaire", "kommentare", "kommentar schreiben",
        "comentarios", "deja un comentario", "commenti", "lascia un commento", "comentários",
        "deixe um comentário", "комментарии", "评论",
    ]),
    // Lines inside a comment: "Reply", "Report", "Permalink".
    whole(ChromeKind::Comments, Strength::Strong, Signal::InComment, &[
        "reply", "reply \u{2193}", "report", "report comment", "flag", "permalink", "upvote",
        "downvote", "log in to reply", "reply to this comment", "comments", "comment",
    ]),
    // Player controls and pull-quote marks: "Play video", "[pullquote]".
    whole(ChromeKind::Other, Strength::Strong, Signal::None, &[
        "loading", "play video", "watch video", "[pullquote]", "[/pullquote]",
    ]),
    // Words that are chrome only at the edges of the text: "Video", "Close", "X".
    whole(ChromeKind::Other, Strength::Edge, Signal::None, &[
        "video", "videos", "audio", "play", "close", "x", "expand", "collapse",
    ]),
    // A comment form's field labels, chrome only at the edges: "Name", "Website".
    whole(ChromeKind::Comments, Strength::Edge, Signal::None, &[
        "name", "website", "name *", "email *", "website *", "comment *",
    ]),
    // Syndication notes: "This article was originally published on", "Source: ".
    opening(ChromeKind::Credit, Signal::Ends, SYNDICATION_NOTE_WORDS, &[
        "this article was originally published", "this article originally appeared",
        "this article first appeared", "this article was first published",
        "this story originally appeared", "this story was originally published",
        "this story first appeared", "this story was first published",
        "this post originally appeared", "this piece originally appeared",
        "this piece was originally published", "this article is republished",
        "this article was republished", "republished with permission", "republished from",
        "reprinted with permission", "reprinted from", "a version of this article",
        "a version of this story", "this story was produced by",
        "this article was produced by", "this story is published in partnership",
        "this article is published in partnership", "this content was produced by", "source: ",
        "sources: ",
        ]),
    // A comment form's prompts: "You must be logged in", "Notify me of".
    opening(ChromeKind::Comments, Signal::Thread, COMMENT_FORM_WORDS, &[
        "you are commenting using your", "please log in using one of these methods",
        "please log in to comment", "log in to comment", "log in to leave a comment",
        "sign in to comment", "you must be logged in", "you must log in", "notify me of",
        "save my name, email", "your email address will not be published",
        "required fields are marked", "fill in your details below", "enter your comment here",
        "comments are closed",
        ]),
    // Cookie and consent notices: "We use cookies", "By continuing to use".
    opening(ChromeKind::Legal, Signal::None, COOKIE_NOTICE_WORDS, &[
        "we use cookies", "this site uses cookies", "this website uses cookies",
        "our site uses cookies", "our website uses cookies", "by continuing to use",
        "by continuing to browse", "by using this site", "by using this website",
        "by using our site", "by using our website", "we and our partners",
        "we value your privacy", "we care about your privacy",
        "to find out more, including how to control cookies", "cookies help us",
        "this site is protected by recaptcha",
        ]),
    // Subscription and donation pitches: "Subscribe to ", "Support our journalism".
    opening(ChromeKind::Promo, Signal::None, PITCH_WORDS, &[
        "subscribe to ", "subscribe for ", "subscribe and ", "subscribe now",
        "subscribe today", "become a subscriber", "become a member", "already a subscriber",
        "already a member", "to continue reading", "support our journalism",
        "support independent journalism", "please support", "please consider supporting",
        "please consider a donation", "please consider donating", "donate to",
        "make a donation", "click here to subscribe", "click here to support",
        "get unlimited access", "get full access", "unlock this article",
        "start your free trial", "start a free trial", "try it free",
            "abonnez-vous à", "inscrivez-vous à", "recevez notre newsletter", "abonnieren sie",
    "melden sie sich für unseren newsletter", "suscríbete a", "suscríbase a",
    "iscriviti alla", "assine a", "inscreva-se", "подпишитесь на", "подписывайтесь на",
    "扫码关注", "关注我们",
        ]),
    // Captions by their opening: "Image caption", "FILE - ", "Pictured:".
    opening(ChromeKind::Caption, Signal::None, CAPTION_WORDS, &[
        "image caption", "photo caption", "caption:", "pictured:", "pictured above",
        "pictured below", "pictured left", "pictured right", "above:", "top:", "file photo:",
        "file photo -", "file - ", "(file photo)", "(photo:", "slideshow (",
        ]),
    // Author boxes' headings: "About the author", "More by this author".
    opening(ChromeKind::Author, Signal::AuthorBox, AUTHOR_HEADING_WORDS, &[
        "about the author", "about the authors", "author bio", "author information",
        "more from this author", "more by this author", "more articles by", "more stories by",
        "view all posts by", "view all posts", "all posts by", "see all posts by",
            "(责任编辑", "（责任编辑", "责任编辑:",
        ]),
    // Tag and category lists: "Tags:", "Filed under:".
    opening(ChromeKind::Nav, Signal::None, TAG_LIST_WORDS, &[
        "tags:", "tagged:", "filed under:", "categories:", "category:", "topics:", "keywords:",
        "more about:", "related topics:", "related tags:", "subjects:",
        ]),
    // Age notes: "This article is more than 3 years old".
    opening(ChromeKind::Other, Signal::None, AGE_NOTE_WORDS, &["this article is more than"]),
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::lines::fold_into;

    #[test]
    fn entries_are_folded_and_each_in_one_rule() {
        let mut seen = std::collections::HashMap::new();
        let mut folded = String::new();
        for (n, rule) in RULES.iter().enumerate() {
            assert!(rule.limit <= MAX_CHROME_WORDS, "rule {n}");
            for e in rule.entries {
                fold_into(e, &mut folded);
                assert_eq!(
                    &folded, e,
                    "rule {n}: entries are matched against folded lines"
                );
                let before = seen.insert((rule.meets, *e), n);
                assert!(before.is_none(), "{e:?} in rules {before:?} and {n}");
            }
        }
    }
}
