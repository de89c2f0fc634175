//! The one door untrusted text passes through on its way into the report's HTML.
//!
//! Everything a page says about an article (titles, ids, sites, urls, sentences, quotes,
//! entities, input names) is written with [`esc`], which escapes the five characters that can
//! end a text node or an attribute value (`&`, `<`, `>`, `"`, `'`), so the same call is safe
//! in both places. A URL becomes an `href` only through [`web_url`], which admits `http:` and
//! `https:` and nothing else (no `javascript:`, `data:` or relative paths).

use std::fmt;

/// Text to be written escaped: `format!("{}", esc(s))`.
pub(super) struct Esc<'a>(pub &'a str);

/// Wraps untrusted text so that formatting it writes it escaped for HTML text or attributes.
pub(super) fn esc(s: &str) -> Esc<'_> {
    Esc(s)
}

impl fmt::Display for Esc<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = self.0;
        let mut last = 0;
        for (i, b) in s.bytes().enumerate() {
            let rep = match b {
                b'&' => "&amp;",
                b'<' => "&lt;",
                b'>' => "&gt;",
                b'"' => "&quot;",
                b'\'' => "&#39;",
                _ => continue,
            };
            // The five bytes are ASCII, so `i` is a char boundary.
            f.write_str(&s[last..i])?;
            f.write_str(rep)?;
            last = i + 1;
        }
        f.write_str(&s[last..])
    }
}

/// The URL, when it is an absolute `http:` or `https:` URL and so safe as a link target;
/// `None` for anything else (a `javascript:` or `data:` URL, a relative path, a URL with
/// leading spaces or control characters a browser would strip before reading the scheme).
pub(super) fn web_url(url: &str) -> Option<&str> {
    let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
    let web = lower.starts_with("http://") || lower.starts_with("https://");
    (web && !url.chars().any(char::is_control)).then_some(url)
}

/// At most `max` characters of `s`, cut at a character boundary and ended with `…` when cut:
/// a hostile title a megabyte long must not make the index page a megabyte.
pub(super) fn clip(s: &str, max: usize) -> std::borrow::Cow<'_, str> {
    match s.char_indices().nth(max) {
        None => s.into(),
        Some((end, _)) => format!("{}…", s[..end].trim_end()).into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_the_five_characters_and_keeps_the_rest() {
        let s = format!("{}", esc(r#"<a href="x" title='y'>Tom & Jérôme</a>"#));
        assert_eq!(
            s,
            "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;Tom &amp; Jérôme&lt;/a&gt;"
        );
        assert_eq!(format!("{}", esc("plain")), "plain");
        assert_eq!(format!("{}", esc("")), "");
    }

    #[test]
    fn only_http_and_https_urls_are_links() {
        assert_eq!(
            web_url("https://a.example/x?y=1"),
            Some("https://a.example/x?y=1")
        );
        assert_eq!(web_url("HTTP://A.EXAMPLE/"), Some("HTTP://A.EXAMPLE/"));
        for bad in [
            "javascript:alert(1)",
            "JavaScript:alert(1)",
            " https://a.example/",
            "data:text/html,<script>",
            "//a.example/",
            "a.example",
            "https://a.example/\u{0}x",
            "http:",
            "",
        ] {
            assert_eq!(web_url(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn clips_at_a_character_boundary() {
        assert_eq!(clip("abc", 3), "abc");
        assert_eq!(clip("ééééé", 3), "ééé…");
        assert_eq!(clip("ab cd", 3), "ab…");
    }
}
