//! HTML pages: the main text through a readability pass, and metadata from JSON-LD and `<meta>`.
//!
//! Metadata is read from the parsed DOM before readability runs, because readability rewrites
//! the tree. Dates come first from JSON-LD `datePublished` (at any depth, `@graph` included),
//! then from the `<meta>` names publishers use, then from a `<time datetime>`; the modified
//! date is never taken for the published one. When readability finds no article (a page too
//! short or too odd), the text of `<body>` is used and the text cleaner does the rest.

use dom_query::Document;
use dom_smoothie::{Config, Readability, TextMode};

/// What an HTML page yields before text cleaning.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct HtmlPage {
    /// The headline: `og:title`, JSON-LD `headline`, else readability's title.
    pub title: Option<String>,
    /// `og:site_name`, else JSON-LD `publisher.name`.
    pub site: Option<String>,
    /// `<link rel=canonical>`, else `og:url`.
    pub canonical: Option<String>,
    /// The published date as the page writes it (parsed by the caller).
    pub published: Option<String>,
    /// The page's declared language (`<html lang>`), a hint only.
    pub lang: Option<String>,
    /// The main text, one paragraph a line, blank lines between.
    pub text: String,
}

/// `<meta>` names and properties that carry a publication date, most trusted first.
const DATE_META: &[&str] = &[
    "article:published_time",
    "og:published_time",
    "datepublished",
    "publishdate",
    "publish-date",
    "pubdate",
    "dc.date.issued",
    "dcterms.issued",
    "dc.date",
    "dcterms.date",
    "date",
    "sailthru.date",
    "parsely-pub-date",
];

/// Reads an HTML page. `url` is where it was fetched from, if known (used to resolve links).
pub fn read_html(html: &str, url: Option<&str>) -> HtmlPage {
    let doc = Document::from(html);
    let mut page = HtmlPage {
        canonical: link_canonical(&doc).or_else(|| meta(&doc, "og:url")),
        site: meta(&doc, "og:site_name"),
        title: meta(&doc, "og:title"),
        published: DATE_META.iter().find_map(|name| meta(&doc, name)),
        lang: attr(&doc, "html", "lang"),
        text: String::new(),
    };
    let ld = json_ld(&doc);
    if page.published.is_none() {
        page.published = ld.iter().find_map(|v| find_key(v, "datePublished"));
    }
    if page.published.is_none() {
        page.published = attr(&doc, "[itemprop=datePublished]", "content")
            .or_else(|| attr(&doc, "[itemprop=datePublished]", "datetime"))
            .or_else(|| attr(&doc, "article time[datetime]", "datetime"));
    }
    if page.title.is_none() {
        page.title = ld.iter().find_map(|v| find_key(v, "headline"));
    }
    if page.site.is_none() {
        page.site = ld
            .iter()
            .find_map(|v| v.get("publisher").and_then(|p| find_key(p, "name")));
    }

    let body_text = || doc.select("body").formatted_text().to_string();
    // Readability rejects relative or odd URLs; the page is still readable without one.
    let abs_url = url.filter(|u| u.starts_with("http://") || u.starts_with("https://"));
    let config = Config {
        text_mode: TextMode::Formatted,
        ..Config::default()
    };
    let fallback = body_text();
    let parsed = Readability::with_document(doc.clone(), abs_url, Some(config))
        .ok()
        .and_then(|mut r| r.parse().ok());
    match parsed {
        Some(article) => {
            let text = article.text_content.to_string();
            // Readability sometimes settles on a fragment; a body many times longer means it missed.
            page.text = if text.trim().len() * 8 < fallback.trim().len() && text.trim().len() < 400
            {
                fallback
            } else {
                text
            };
            if page.title.is_none() && !article.title.trim().is_empty() {
                page.title = Some(article.title.trim().to_string());
            }
            if page.published.is_none() {
                page.published = article.published_time;
            }
            if page.site.is_none() {
                page.site = article.site_name;
            }
        }
        None => page.text = fallback,
    }
    page.text = tidy(&page.text);
    page
}

/// The `content` of `<meta property=NAME>` or `<meta name=NAME>` (case-insensitive name).
fn meta(doc: &Document, name: &str) -> Option<String> {
    for node in doc.select("meta").nodes() {
        let key = node
            .attr("property")
            .or_else(|| node.attr("name"))
            .or_else(|| node.attr("itemprop"));
        if key.is_some_and(|k| k.trim().eq_ignore_ascii_case(name)) {
            if let Some(v) = node.attr("content").map(|c| c.trim().to_string()) {
                if !v.is_empty() {
                    return Some(v);
                }
            }
        }
    }
    None
}

/// An attribute of the first element matching `selector`, trimmed and non-empty.
fn attr(doc: &Document, selector: &str, name: &str) -> Option<String> {
    let sel = doc.try_select(selector)?;
    let v = sel.first().attr(name)?.trim().to_string();
    (!v.is_empty()).then_some(v)
}

fn link_canonical(doc: &Document) -> Option<String> {
    doc.select("link").nodes().iter().find_map(|node| {
        let rel = node.attr("rel")?;
        if !rel
            .split_whitespace()
            .any(|r| r.eq_ignore_ascii_case("canonical"))
        {
            return None;
        }
        let href = node.attr("href")?.trim().to_string();
        (!href.is_empty()).then_some(href)
    })
}

/// Every JSON-LD block of the page that parses (a broken block is ignored, not fatal).
fn json_ld(doc: &Document) -> Vec<serde_json::Value> {
    doc.select("script")
        .nodes()
        .iter()
        .filter(|n| {
            n.attr("type")
                .is_some_and(|t| t.trim().eq_ignore_ascii_case("application/ld+json"))
        })
        .filter_map(|n| {
            let text = n.text();
            let text = text
                .trim()
                .trim_start_matches("<![CDATA[")
                .trim_end_matches("]]>");
            serde_json::from_str(text).ok()
        })
        .collect()
}

/// The first string under `key` anywhere in a JSON-LD value (depth-first, `@graph` included).
fn find_key(value: &serde_json::Value, key: &str) -> Option<String> {
    match value {
        serde_json::Value::Object(map) => {
            if let Some(found) = map.get(key) {
                match found {
                    serde_json::Value::String(s) if !s.trim().is_empty() => {
                        return Some(s.trim().to_string())
                    }
                    serde_json::Value::Array(items) => {
                        if let Some(s) = items.iter().find_map(|v| v.as_str()) {
                            return Some(s.trim().to_string());
                        }
                    }
                    _ => {}
                }
            }
            map.values().find_map(|v| find_key(v, key))
        }
        serde_json::Value::Array(items) => items.iter().find_map(|v| find_key(v, key)),
        _ => None,
    }
}

/// One paragraph a line, a blank line between, no runs of spaces: the shape the cleaner reads.
fn tidy(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.lines() {
        let line = line.split_whitespace().collect::<Vec<_>>().join(" ");
        if line.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push_str("\n\n");
        }
        out.push_str(&line);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = r#"<!doctype html><html lang="en"><head>
<title>Harbour bridge reopens after repairs - The Daily Tide</title>
<meta property="og:site_name" content="The Daily Tide">
<link rel="canonical" href="https://tide.example/news/bridge-reopens">
<script type="application/ld+json">{"@context":"https://schema.org","@graph":[
 {"@type":"WebSite","name":"The Daily Tide"},
 {"@type":"NewsArticle","headline":"Harbour bridge reopens after repairs",
  "datePublished":"2024-03-05T08:30:00+01:00","dateModified":"2024-03-06T10:00:00Z"}]}</script>
</head><body>
<nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a></nav>
<article>
<h1>Harbour bridge reopens after repairs</h1>
<p>The harbour bridge reopened to traffic on Tuesday morning after eleven weeks of repairs to its
steel deck, the city council said, ending long detours for commuters from the northern suburbs.</p>
<p>Engineers replaced more than four hundred bolts and resurfaced the whole span. The council said
the work came in under its budget of 3.2 million euros and finished two days ahead of schedule.</p>
<p>"We are glad to give the bridge back to the people who use it every day," the mayor, Ana Ruiz,
told reporters at the reopening, where a brass band played as the first buses crossed.</p>
</article>
<footer>Copyright 2024 The Daily Tide. All rights reserved.</footer>
</body></html>"#;

    #[test]
    fn reads_json_ld_graph_date_and_meta() {
        let page = read_html(PAGE, Some("https://tide.example/x"));
        assert_eq!(page.published.as_deref(), Some("2024-03-05T08:30:00+01:00"));
        assert_eq!(page.site.as_deref(), Some("The Daily Tide"));
        assert_eq!(
            page.canonical.as_deref(),
            Some("https://tide.example/news/bridge-reopens")
        );
        assert_eq!(
            page.title.as_deref(),
            Some("Harbour bridge reopens after repairs")
        );
        assert_eq!(page.lang.as_deref(), Some("en"));
        assert!(
            page.text.contains("eleven weeks of repairs"),
            "{}",
            page.text
        );
        assert!(page.text.contains("Ana Ruiz"));
        assert!(
            !page.text.contains("Sport"),
            "navigation leaked: {}",
            page.text
        );
    }

    #[test]
    fn meta_date_wins_and_modified_is_ignored() {
        let html = r#"<html><head><meta property="article:modified_time" content="2020-01-09">
<meta property="article:published_time" content="2020-01-02"></head>
<body><p>Short page.</p></body></html>"#;
        let page = read_html(html, None);
        assert_eq!(page.published.as_deref(), Some("2020-01-02"));
        assert_eq!(page.text, "Short page.");
    }

    #[test]
    fn broken_json_ld_is_ignored() {
        let html = r#"<html><head><script type="application/ld+json">{"datePublished": </script>
</head><body><p>Text survives a broken block.</p></body></html>"#;
        let page = read_html(html, None);
        assert_eq!(page.published, None);
        assert!(page.text.contains("Text survives"));
    }
}
