//! The URL attributes in a fragment of raw HTML, with their places, so a refused URL
//! is an error at the spot the editor wrote it.
//!
//! This is for diagnostics only. What reaches a page is decided by ammonia (the
//! sanitizer in `markdown.rs`), which parses HTML the way a browser does; if this
//! small scanner ever reads a tag differently, the sanitizer still removes the URL,
//! and only the error message is lost. Character references in values are decoded
//! (`&#106;avascript:`), since browsers decode them before reading the URL.

use crate::safe_url::{self, Refusal};

/// A URL attribute in raw HTML that the allow-list refuses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// Byte range of the attribute's value in the fragment.
    pub range: std::ops::Range<usize>,
    pub element: String,
    pub attribute: String,
    /// The value as the browser reads it, references decoded.
    pub value: String,
    pub why: Refusal,
}

/// Attributes whose value the browser fetches as part of the page.
const RESOURCE: &[&str] = &[
    "src",
    "data",
    "poster",
    "background",
    "srcset",
    "lowsrc",
    "dynsrc",
];

/// Attributes whose value is a place to go (or to send a form to).
const LINK: &[&str] = &[
    "href",
    "xlink:href",
    "cite",
    "action",
    "formaction",
    "ping",
    "longdesc",
];

/// Whether the sanitizer keeps `value` in attribute `attribute`: the same rule the
/// diagnostics use, so what is reported is what is removed.
pub fn allowed(attribute: &str, value: &str) -> bool {
    refusal(attribute, value).is_none()
}

fn refusal(attribute: &str, value: &str) -> Option<Refusal> {
    if attribute == "srcset" {
        // Candidates are `url [descriptor]`, separated by commas.
        return value
            .split(',')
            .filter_map(|c| c.split_whitespace().next())
            .find_map(|url| safe_url::check_resource(url).err());
    }
    if RESOURCE.contains(&attribute) {
        return safe_url::check_resource(value).err();
    }
    if LINK.contains(&attribute) {
        return safe_url::check_body_link(value).err();
    }
    None
}

/// Every refused URL attribute in `html`, in order.
pub fn refused(html: &str) -> Vec<Found> {
    let mut out = Vec::new();
    let b = html.as_bytes();
    let mut i = 0;
    while let Some(lt) = html[i..].find('<').map(|p| p + i) {
        i = lt + 1;
        if html[i..].starts_with("!--") {
            i = html[i..].find("-->").map_or(html.len(), |p| i + p + 3);
            continue;
        }
        let name_len = html[i..]
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == ':'))
            .unwrap_or(html.len() - i);
        if name_len == 0 || !b[i].is_ascii_alphabetic() {
            continue;
        }
        let element = html[i..i + name_len].to_ascii_lowercase();
        i += name_len;
        // Attributes, until the tag's `>`.
        loop {
            while i < b.len() && (b[i].is_ascii_whitespace() || b[i] == b'/') {
                i += 1;
            }
            if i >= b.len() || b[i] == b'>' {
                break;
            }
            let start = i;
            while i < b.len() && !b[i].is_ascii_whitespace() && !matches!(b[i], b'=' | b'>' | b'/') {
                i += 1;
            }
            let attribute = html[start..i].to_ascii_lowercase();
            let mut j = i;
            while j < b.len() && b[j].is_ascii_whitespace() {
                j += 1;
            }
            if j >= b.len() || b[j] != b'=' {
                continue;
            }
            j += 1;
            while j < b.len() && b[j].is_ascii_whitespace() {
                j += 1;
            }
            let range = match b.get(j) {
                Some(&q @ (b'"' | b'\'')) => {
                    let end = html[j + 1..].find(q as char).map_or(html.len(), |p| j + 1 + p);
                    i = (end + 1).min(html.len());
                    j + 1..end
                }
                _ => {
                    let end = html[j..]
                        .find(|c: char| c.is_ascii_whitespace() || c == '>')
                        .map_or(html.len(), |p| j + p);
                    i = end;
                    j..end
                }
            };
            let value = decode(&html[range.clone()]);
            if let Some(why) = refusal(&attribute, &value) {
                out.push(Found {
                    range,
                    element: element.clone(),
                    attribute,
                    value,
                    why,
                });
            }
        }
    }
    out
}

/// Decodes numeric character references and the named ones that can hide a URL's
/// scheme or slashes. Others are left as written (the value is then refused or
/// passed on its other characters; the sanitizer has the last word either way).
fn decode(s: &str) -> String {
    const NAMED: &[(&str, char)] = &[
        ("amp", '&'),
        ("colon", ':'),
        ("sol", '/'),
        ("bsol", '\\'),
        ("tab", '\t'),
        ("newline", '\n'),
        ("nbsp", '\u{a0}'),
        ("quot", '"'),
        ("apos", '\''),
        ("lt", '<'),
        ("gt", '>'),
        ("period", '.'),
        ("lpar", '('),
        ("rpar", ')'),
    ];
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp + 1..];
        let (c, used) = if let Some(num) = rest.strip_prefix('#') {
            let (digits, radix, skip) = match num.strip_prefix(['x', 'X']) {
                Some(hex) => (hex, 16, 2),
                None => (num, 10, 1),
            };
            let len = digits.find(|c: char| !c.is_digit(radix)).unwrap_or(digits.len());
            let c = u32::from_str_radix(&digits[..len], radix)
                .ok()
                .map(|n| char::from_u32(n).unwrap_or('\u{fffd}'));
            (c, skip + len)
        } else {
            let len = rest
                .find(|c: char| !c.is_ascii_alphanumeric())
                .unwrap_or(rest.len());
            let name = rest[..len].to_ascii_lowercase();
            (NAMED.iter().find(|(n, _)| *n == name).map(|&(_, c)| c), len)
        };
        match c {
            Some(c) => {
                out.push(c);
                rest = &rest[used..];
                rest = rest.strip_prefix(';').unwrap_or(rest);
            }
            None => out.push('&'),
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_refused_urls_with_their_places() {
        let html = r#"<p><a href="https://ok.example/">ok</a> <A HREF='JavaScript:x'>b</A> <img src=https://evil.example/a.png alt=x></p>"#;
        let found = refused(html);
        assert_eq!(found.len(), 2, "{found:?}");
        assert_eq!(&html[found[0].range.clone()], "JavaScript:x");
        assert_eq!(found[0].why, Refusal::Scheme("javascript".into()));
        assert_eq!(&html[found[1].range.clone()], "https://evil.example/a.png");
        assert_eq!(found[1].why, Refusal::OffSite);
    }

    #[test]
    fn character_references_cannot_hide_a_scheme() {
        for value in [
            "&#106;avascript:x",
            "&#x6A;avascript:x",
            "javascript&colon;x",
            "java&Tab;script:x",
            "&#106avascript:x",
        ] {
            let html = format!("<a href=\"{value}\">x</a>");
            assert_eq!(refused(&html).len(), 1, "{value}");
        }
        assert_eq!(decode("a&amp;b&unknown;c"), "a&b&unknown;c");
    }

    #[test]
    fn comments_and_text_are_not_tags() {
        assert!(refused("<!-- <a href=\"javascript:x\"> --> 1 < 2 and a<b").is_empty());
        assert_eq!(
            refused("<img srcset=\"/a.png 1x, //evil.example/b.png 2x\">").len(),
            1
        );
    }
}
