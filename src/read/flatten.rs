//! Bounds the work one HTML page can cost: a page nested deeper, or larger, than a page is
//! read as plain text (its tags taken out), with a warning, instead of being parsed.
//!
//! Parsing and readability walk the stack of open elements for each element, so a page of
//! `<div>` nested a hundred thousand deep (a few hundred kilobytes) would take minutes. The
//! depth is estimated in one pass over the bytes, before any parse: elements that close
//! themselves (`<br>`, `<img>`, `<x/>`), or that HTML closes by itself when the next one
//! opens (`<p>`, `<li>`, `<td>`), do not count, and script, style and comments are skipped.

use memchr::memchr;

use crate::model::{Body, Problem, Record, Warning};

/// The deepest estimated nesting parsed as a page. News pages nest a few dozen deep.
pub const MAX_DEPTH: usize = 256;

/// The largest HTML body parsed as a page, in bytes.
pub const MAX_HTML: usize = 8 << 20;

/// Elements without an end tag.
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr", "keygen", "command",
];

/// Elements HTML closes when a sibling opens or their parent closes: often left open.
const SELF_ENDING: &[&str] = &[
    "p", "li", "dt", "dd", "tr", "td", "th", "option", "optgroup", "rb", "rt", "rp", "tbody",
    "thead", "tfoot", "colgroup", "caption", "html", "head", "body",
];

/// Elements whose content is text, not markup, up to their end tag.
const RAW: &[&str] = &["script", "style", "textarea", "title", "xmp", "noscript"];

/// When `record` is an HTML page past the limits, makes its body the page's text with the
/// tags taken out, and returns the warning that says so (the record is kept).
pub fn bound_html(record: &mut Record) -> Option<Warning> {
    let Body::Html(html) = &record.body else {
        return None;
    };
    let reason = if html.len() > MAX_HTML {
        format!(
            "HTML of {} MB (the most parsed as a page is {} MB): read as plain text",
            html.len() >> 20,
            MAX_HTML >> 20
        )
    } else {
        let depth = depth(html.as_bytes());
        if depth <= MAX_DEPTH {
            return None;
        }
        format!(
            "HTML nested {depth} deep (the most parsed as a page is {MAX_DEPTH}): read as plain text"
        )
    };
    record.body = Body::Text(strip_tags(html));
    Some(Warning {
        place: record.origin.to_string(),
        problem: Problem::Flattened,
        reason,
    })
}

/// The deepest nesting of elements, estimated from the tags alone.
pub fn depth(html: &[u8]) -> usize {
    let (mut depth, mut deepest) = (0usize, 0usize);
    let mut at = 0;
    while let Some(lt) = memchr(b'<', &html[at..]) {
        let start = at + lt + 1;
        let rest = &html[start..];
        if rest.starts_with(b"!--") {
            at = find(html, start + 3, b"-->").map_or(html.len(), |e| e + 3);
            continue;
        }
        if rest.first().is_some_and(|&c| c == b'!' || c == b'?') {
            at = memchr(b'>', rest).map_or(html.len(), |e| start + e + 1);
            continue;
        }
        let closing = rest.first() == Some(&b'/');
        let name_at = start + usize::from(closing);
        let name = tag_name(&html[name_at..]);
        if name.is_empty() {
            at = start;
            continue;
        }
        let end = memchr(b'>', &html[name_at..]).map_or(html.len(), |e| name_at + e);
        let lower = name.to_ascii_lowercase();
        let lower = std::str::from_utf8(&lower).unwrap_or("");
        at = (end + 1).min(html.len());
        if closing {
            if !VOID.contains(&lower) && !SELF_ENDING.contains(&lower) {
                depth = depth.saturating_sub(1);
            }
            continue;
        }
        let self_closed = end > name_at && html[end - 1] == b'/';
        if RAW.contains(&lower) {
            if !self_closed {
                let close = format!("</{lower}");
                at = find_ignore_case(html, at, close.as_bytes()).unwrap_or(html.len());
            }
            continue;
        }
        if self_closed || VOID.contains(&lower) || SELF_ENDING.contains(&lower) {
            continue;
        }
        depth += 1;
        deepest = deepest.max(depth);
    }
    deepest
}

/// The tag name at the start of `s`: letters, digits, `-`, `:`.
fn tag_name(s: &[u8]) -> &[u8] {
    if !s.first().is_some_and(u8::is_ascii_alphabetic) {
        return &[];
    }
    let n = s
        .iter()
        .position(|c| !(c.is_ascii_alphanumeric() || *c == b'-' || *c == b':'))
        .unwrap_or(s.len());
    &s[..n]
}

/// Where `needle` next occurs in `hay` from `from`.
fn find(hay: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    memchr::memmem::find(&hay[from.min(hay.len())..], needle).map(|i| from + i)
}

/// Where `needle` (lower case) next occurs in `hay` from `from`, in any case.
fn find_ignore_case(hay: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    let mut at = from;
    while let Some(i) = memchr(b'<', &hay[at.min(hay.len())..]) {
        let p = at + i;
        let candidate = hay.get(p..p + needle.len())?;
        if candidate.eq_ignore_ascii_case(needle) {
            return Some(p);
        }
        at = p + 1;
    }
    None
}

/// The text of an HTML page with its tags, comments, scripts and styles taken out, a line
/// for each block-level break, and the common entities decoded.
pub fn strip_tags(html: &str) -> String {
    let bytes = html.as_bytes();
    let mut out = String::with_capacity(html.len() / 2);
    let mut at = 0;
    while let Some(lt) = memchr(b'<', &bytes[at..]) {
        out.push_str(&html[at..at + lt]);
        let start = at + lt + 1;
        let rest = &bytes[start..];
        if rest.starts_with(b"!--") {
            at = find(bytes, start + 3, b"-->").map_or(bytes.len(), |e| e + 3);
            continue;
        }
        let Some(end) = memchr(b'>', rest).map(|e| start + e) else {
            at = bytes.len();
            break;
        };
        let closing = rest.first() == Some(&b'/');
        let name = tag_name(&bytes[start + usize::from(closing)..]).to_ascii_lowercase();
        let name = std::str::from_utf8(&name).unwrap_or("");
        at = end + 1;
        if !closing && (name == "script" || name == "style") && bytes[end - 1] != b'/' {
            let close = format!("</{name}");
            at = find_ignore_case(bytes, at, close.as_bytes()).unwrap_or(bytes.len());
            continue;
        }
        if matches!(
            name,
            "p" | "div"
                | "br"
                | "li"
                | "h1"
                | "h2"
                | "h3"
                | "h4"
                | "h5"
                | "h6"
                | "tr"
                | "article"
                | "section"
                | "blockquote"
                | "pre"
                | "table"
                | "ul"
                | "ol"
                | "header"
                | "footer"
        ) && !out.ends_with('\n')
        {
            out.push('\n');
        }
    }
    out.push_str(&html[at.min(html.len())..]);
    decode_entities(&out)
}

/// The few entities common in news text; the rest are left as written.
fn decode_entities(text: &str) -> String {
    if !text.contains('&') {
        return text.to_string();
    }
    text.replace("&nbsp;", " ")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&apos;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Origin, Place};

    fn page(body: &str) -> Record {
        Record {
            id: "p".into(),
            named: true,
            origin: Origin {
                path: "in.jsonl".into(),
                place: Place::Line(4),
            },
            body: Body::Html(body.into()),
            title: None,
            url: None,
            published: None,
            site: None,
            repaired: 0,
            raw: None,
        }
    }

    #[test]
    fn a_page_is_as_deep_as_its_open_elements() {
        let html = "<html><head><meta charset=utf-8><title>a<b</title></head>\
                    <body><div><p>one<p>two<br><img src=x><div><span>x</span></div></div>\
                    <script>if (a<b) { x = '<div>'; }</script><!-- <div><div> --></body></html>";
        assert_eq!(depth(html.as_bytes()), 3);
    }

    #[test]
    fn unclosed_paragraphs_and_list_items_do_not_add_up() {
        let html = format!("<body><ul>{}</ul></body>", "<li><p>item".repeat(5_000));
        assert_eq!(depth(html.as_bytes()), 1);
    }

    #[test]
    fn a_deeply_nested_page_is_read_as_text_with_a_warning() {
        let html = format!(
            "<html><body>{}<p>The deep text &amp; more.</p>{}</body></html>",
            "<div>".repeat(100_000),
            "</div>".repeat(100_000)
        );
        let mut record = page(&html);
        let warning = bound_html(&mut record).expect("a warning");
        assert_eq!(warning.problem, Problem::Flattened);
        assert_eq!(warning.place, "in.jsonl:4");
        assert!(
            warning.reason.contains("nested 100000 deep"),
            "{}",
            warning.reason
        );
        match &record.body {
            Body::Text(text) => assert_eq!(text.trim(), "The deep text & more."),
            Body::Html(_) => panic!("still HTML"),
        }
    }

    #[test]
    fn an_ordinary_page_is_left_as_it_is() {
        let html = "<html><body><article><h1>T</h1><p>Text.</p></article></body></html>";
        let mut record = page(html);
        assert!(bound_html(&mut record).is_none());
        assert_eq!(record.body, Body::Html(html.into()));
    }

    #[test]
    fn tags_scripts_and_comments_are_taken_out() {
        let html =
            "<div><h1>Title</h1><script>var a = '<p>';</script><!-- c --><p>Body text.</p></div>";
        assert_eq!(strip_tags(html).trim(), "Title\nBody text.");
    }
}
