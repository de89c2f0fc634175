//! Extraction: a read `Record` becomes an `Article` (main text, metadata, removed chrome).
//!
//! HTML goes through a readability pass first (`html`), then, like plain text, through the
//! line-level chrome cleaner (`text`), because readability keeps captions, "Read more" links
//! and credit lines that sit inside the article element. Metadata the input gave (a JSONL
//! `title`, `date`, `source`) wins over what the page says; what neither gives is found in the
//! page (JSON-LD, `<meta>`, a title repeated at the top of a text, a site suffix) or the URL.

mod chrome;
pub mod date;
mod head;
pub mod html;
mod lines;
mod rules;
pub mod text;
mod title;
mod words;

use crate::model::{Article, Body, Problem, Record, Warning};

pub use date::parse_date;

/// How many characters of text the language guess reads: a paragraph is enough for whatlang's
/// trigram profiles, and the guess was a quarter of all extraction time at 1,000 characters.
const LANG_SAMPLE: usize = 600;

/// Extracts one record. A record whose page holds no text at all comes back as a warning.
pub fn extract(record: Record) -> Result<Article, Warning> {
    let Record {
        id,
        origin,
        body,
        title,
        url,
        published,
        site,
        named: _,
        repaired: _,
        raw: _,
    } = record;
    let (page, cleaned) = match &body {
        Body::Html(raw) => {
            let page = html::read_html(raw, url.as_deref());
            let hint = title.as_deref().or(page.title.as_deref());
            let cleaned = text::clean_text(&page.text, hint);
            (Some(page), cleaned)
        }
        Body::Text(raw) => (None, text::clean_text(raw, title.as_deref())),
    };
    let page = page.unwrap_or_default();
    let title = nonempty(title)
        .or_else(|| nonempty(page.title.clone()))
        .or_else(|| nonempty(cleaned.title.clone()));
    // A headline alone, or a record with a title and no body, is a document: its title is
    // its text (a story of headlines is still a story).
    let text = match (cleaned.text.trim().is_empty(), &title) {
        (false, _) => cleaned.text,
        (true, Some(title)) => title.clone(),
        (true, None) => {
            return Err(Warning {
                place: origin.to_string(),
                problem: Problem::Empty,
                reason: "no article text or title found".to_string(),
            })
        }
    };
    let url = page.canonical.or(url);
    let published = published
        .as_deref()
        .and_then(parse_date)
        .or_else(|| page.published.as_deref().and_then(parse_date));
    let site = nonempty(site)
        .or_else(|| nonempty(page.site))
        .or_else(|| nonempty(cleaned.site))
        .or_else(|| url.as_deref().and_then(host));
    let lang = language(&text);
    Ok(Article {
        id,
        url,
        site,
        title,
        published,
        lang,
        text,
        removed: cleaned.removed,
        credits: cleaned.credits,
    })
}

fn nonempty(s: Option<String>) -> Option<String> {
    s.map(|s| s.trim().to_string()).filter(|s| !s.is_empty())
}

/// The host of a URL without `www.`: the site name of last resort.
pub fn host(url: &str) -> Option<String> {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let host = rest.split(['/', '?', '#']).next()?;
    let host = host.rsplit_once('@').map_or(host, |(_, h)| h);
    let host = host.split(':').next()?.trim().to_ascii_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host);
    (host.contains('.') && !host.is_empty()).then(|| host.to_string())
}

/// The ISO 639-3 code of the text's language, when the guess is confident: first from a short
/// sample, then, only if that is unsure, from one [`LANG_RETRY`] times longer.
fn language(text: &str) -> Option<String> {
    if plainly_english(text) {
        return Some(ENGLISH.to_string());
    }
    guess(text, LANG_SAMPLE).or_else(|| guess(text, LANG_SAMPLE * LANG_RETRY))
}

/// The code of English, as whatlang gives it.
const ENGLISH: &str = "eng";

/// Whether the opening of a text is plainly English, so the trigram guess can be skipped:
/// at least [`PLAIN_WORDS`] words in its first [`LANG_SAMPLE`] characters, no letter outside
/// ASCII, most letters lower case (a table of codes in capitals is not prose), and at least
/// [`PLAIN_SHARE`] of the words English function words. The guess was a third of
/// extraction's time. Measured on allsides, bbc2225, reuters21578, recovery_covid,
/// semeval8_dev, mt_pairs_dev, ecbplus_dev and the seeds (65,574 texts, eight languages):
/// 48,245 of the 60,404 texts whatlang calls English are called so here without it, and of
/// the texts this calls English whatlang calls every one English but two, which it leaves
/// unguessed (two Reuters reports in English).
fn plainly_english(text: &str) -> bool {
    let end = text
        .char_indices()
        .nth(LANG_SAMPLE)
        .map_or(text.len(), |(i, _)| i);
    let sample = &text[..end];
    if sample.chars().any(|c| !c.is_ascii() && c.is_alphabetic()) {
        return false;
    }
    let letters = sample.bytes().filter(u8::is_ascii_alphabetic).count();
    let lower = sample.bytes().filter(u8::is_ascii_lowercase).count();
    if (lower as f64) < PLAIN_LOWER * letters as f64 {
        return false;
    }
    let (mut words, mut function) = (0usize, 0usize);
    let mut word_lower = String::new();
    for word in sample.split(|c: char| !c.is_ascii_alphabetic() && c != '\'') {
        let word = word.trim_matches('\'');
        if word.is_empty() {
            continue;
        }
        words += 1;
        word_lower.clear();
        word_lower.push_str(word);
        word_lower.make_ascii_lowercase();
        function += usize::from(words::ENGLISH_FUNCTION_WORDS.has(&word_lower));
    }
    words >= PLAIN_WORDS && function as f64 >= PLAIN_SHARE * words as f64
}

/// Share of a plainly English sample's letters that are lower case: prose runs at 0.95;
/// Reuters' commodity tables in capitals ("MAY7 287 1/2 UP") at none.
const PLAIN_LOWER: f64 = 0.7;

/// Fewest words a sample needs to be called English without the trigram guess.
const PLAIN_WORDS: usize = 40;

/// Share of English function words (of `words::ENGLISH_FUNCTION_WORDS`) that makes a sample
/// plainly English: most English news samples run at 0.3 to 0.5; of the samples in other
/// languages in the sets above, none reached 0.3.
const PLAIN_SHARE: f64 = 0.3;

/// A second look reads this many times more text: lists of names and quote-heavy openings need
/// it (measured on allsides: 2 of 8,000 articles lost their guess at 600 characters).
const LANG_RETRY: usize = 4;

fn guess(text: &str, chars: usize) -> Option<String> {
    let end = text
        .char_indices()
        .nth(chars)
        .map_or(text.len(), |(i, _)| i);
    let info = whatlang::detect(&text[..end])?;
    (info.is_reliable() || info.confidence() >= 0.5).then(|| info.lang().code().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Origin, Place};

    fn record(body: Body) -> Record {
        Record {
            id: "doc".into(),
            named: true,
            origin: Origin {
                path: "in.jsonl".into(),
                place: Place::Line(3),
            },
            body,
            title: None,
            url: None,
            published: None,
            site: None,
            repaired: 0,
            raw: None,
        }
    }

    #[test]
    fn plain_english_skips_the_trigram_guess_and_nothing_else_does() {
        let en = "The city council approved the new budget on Tuesday after a long debate. \
                  Mayor Lena Park said that the plan would cut spending by 12 percent, and \
                  critics argued that the cuts would hurt the public libraries and parks of \
                  the city for years to come.";
        assert!(plainly_english(en));
        assert_eq!(language(en).as_deref(), Some("eng"));
        let de = "Der Stadtrat hat am Dienstag nach einer langen Debatte den neuen Haushalt \
                  beschlossen. Die Bürgermeisterin sagte, der Plan werde die Ausgaben um zwölf \
                  Prozent senken, und Kritiker meinten, die Kürzungen würden den Bibliotheken \
                  und Parks der Stadt noch lange schaden.";
        assert!(!plainly_english(de), "a letter outside ASCII");
        assert_eq!(language(de).as_deref(), Some("deu"));
        let nl = "De gemeenteraad heeft op dinsdag na een lang debat de nieuwe begroting \
                  goedgekeurd. Burgemeester Park zei dat het plan de uitgaven met twaalf \
                  procent zou verlagen, en critici vonden dat de bezuinigingen de openbare \
                  bibliotheken en parken van de stad nog jaren zouden schaden.";
        assert!(!plainly_english(nl), "too few English function words");
        let table = "WHEAT MAY7 287 1/2 UP 1 1/4 JUL7 273 1/2 UP 3/4 SEP7 274 UP 1 DEC7 279 \
                     UP 1 MAR8 278 1/2 UP 1 1/4 CORN MAY7 159 1/2 UP 1 1/4 JUL7 163 UP 1 1/4 \
                     SEP7 167 1/2 UP 1 1/4 DEC7 175 1/4 UP 1/2 MAR8 182 1/4 UP 1/2 OATS MAY7 \
                     151 UP 1 JUL7 139 1/2 UP 1 SEP7 129 UP 3/4 DEC7 134 1/2 UP 1/2 IN AT TO";
        assert!(!plainly_english(table), "capitals are not prose");
        assert!(
            !plainly_english("The mayor said it was over."),
            "too short to say"
        );
    }

    #[test]
    fn a_headline_is_its_own_text_and_an_empty_record_is_skipped() {
        let mut r = record(Body::Text(String::new()));
        r.title = Some("Klitschko stops Rahman in Mannheim".into());
        let a = extract(r).expect("a headline is a document");
        assert_eq!(a.text, "Klitschko stops Rahman in Mannheim");
        assert_eq!(
            a.title.as_deref(),
            Some("Klitschko stops Rahman in Mannheim")
        );
        let w = extract(record(Body::Text("  ".into()))).unwrap_err();
        assert_eq!(w.problem, Problem::Empty);
        assert_eq!(w.place, "in.jsonl:3");
    }

    #[test]
    fn input_metadata_wins_and_host_is_the_last_resort() {
        let mut r = record(Body::Text(
            "The river rose two metres overnight and the town closed its lower bridge.\n\n\
             Residents of the old quarter moved their cars to higher streets before dawn."
                .into(),
        ));
        r.title = Some(" River rises ".into());
        r.url = Some("https://www.river-news.example:443/a/b?c=d".into());
        r.published = Some("1623985920".into());
        let a = extract(r).expect("text");
        assert_eq!(a.title.as_deref(), Some("River rises"));
        assert_eq!(a.site.as_deref(), Some("river-news.example"));
        assert_eq!(
            a.published.map(|p| p.iso).as_deref(),
            Some("2021-06-18T03:12:00Z")
        );
        assert_eq!(a.lang.as_deref(), Some("eng"));
    }

    #[test]
    fn a_page_without_text_is_a_warning_with_its_place() {
        let w = extract(record(Body::Html("<html><body>  </body></html>".into()))).unwrap_err();
        assert_eq!(w.place, "in.jsonl:3");
        assert_eq!(w.problem, Problem::Empty);
    }

    #[test]
    fn host_handles_odd_urls() {
        assert_eq!(
            host("http://user@Example.COM:8080/x").as_deref(),
            Some("example.com")
        );
        assert_eq!(host("not a url"), None);
    }
}
