//! Markdown with link resolution and the sanitizer: any text as a case file's body,
//! its links resolved against a small library's link map. Besides not panicking, the
//! HTML must hold no script: no script-like element, no event-handler attribute and
//! no URL attribute with a scheme other than the allowed ones.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rotsystem::diagnostic::render_human;
use rotsystem::load::frontmatter::SourceFile;
use rotsystem::markdown::{self, Input, LinkMap};

const SCHEMES: &[&str] = &["http", "https", "mailto", "tel"];
const URL_ATTRIBUTES: &[&str] = &[
    "href",
    "src",
    "srcset",
    "action",
    "formaction",
    "data",
    "poster",
    "cite",
    "xlink:href",
];
const ELEMENTS: &[&str] = &[
    "script", "iframe", "object", "embed", "style", "form", "base", "meta", "link", "svg", "math",
];

fn links() -> LinkMap {
    [
        ("cases/vara.md", "/fall/vara/"),
        ("cases/umea.md", "/fall/umea/"),
        ("factors/kultur.md", "/faktorer/kultur/"),
        ("steps/myllstimulans.md", "/steg/myllstimulans/"),
        ("pages/om.md", "/om/"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect()
}

/// The scheme of a URL as a browser reads it: ASCII tabs and newlines removed,
/// leading spaces and control characters trimmed, HTML entities already decoded.
fn scheme(url: &str) -> Option<String> {
    let url: String = url.chars().filter(|c| !matches!(c, '\t' | '\n' | '\r')).collect();
    let url = url.trim_start_matches(|c: char| c <= ' ');
    let end = url.find([':', '/', '?', '#'])?;
    (url.as_bytes()[end] == b':').then(|| url[..end].to_ascii_lowercase())
}

fn unescape(value: &str) -> String {
    value
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// Walks the tags of `html` (every literal `<` outside a quoted value starts one) and
/// checks their names and attributes.
fn check(html: &str) {
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        let tag = &rest[start + 1..];
        let name_end = tag
            .find(|c: char| c.is_whitespace() || c == '>' || c == '/')
            .unwrap_or(tag.len());
        let name = tag[..name_end].to_ascii_lowercase();
        assert!(
            !ELEMENTS.contains(&name.trim_start_matches('/')),
            "element <{name}> in {html}"
        );
        let mut attrs = &tag[name_end..];
        loop {
            attrs = attrs.trim_start_matches(|c: char| c.is_whitespace() || c == '/');
            if attrs.is_empty() || attrs.starts_with('>') {
                break;
            }
            let key_end = attrs
                .find(|c: char| c.is_whitespace() || c == '=' || c == '>')
                .unwrap_or(attrs.len());
            if key_end == 0 {
                // Not an attribute as the serializers write them (`=` unquoted): step on.
                attrs = &attrs[attrs.chars().next().map_or(0, char::len_utf8)..];
                continue;
            }
            let key = attrs[..key_end].to_ascii_lowercase();
            attrs = &attrs[key_end..];
            let mut value = String::new();
            if let Some(after) = attrs.strip_prefix("=\"") {
                let end = after.find('"').expect("a closed attribute value");
                value = unescape(&after[..end]);
                attrs = &after[end + 1..];
            }
            assert!(!key.starts_with("on"), "event handler {key} in {html}");
            if URL_ATTRIBUTES.contains(&key.as_str()) {
                if let Some(s) = scheme(&value) {
                    assert!(SCHEMES.contains(&s.as_str()), "{key}=\"{value}\" in {html}");
                }
            }
        }
        // On past the tag's own end: ammonia leaves `<` unescaped inside quoted values.
        rest = attrs;
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let file = SourceFile {
        rel: "content/cases/fuzz.md".into(),
        text: text.into(),
    };
    // A whole content file, front matter and all, as the seeds are; else all body.
    let body_offset = file.split().map_or(0, |p| p.body_offset);
    let input = Input {
        file: &file,
        body_offset,
        content_path: "cases/fuzz.md",
    };
    let mut diags = Vec::new();
    let out = markdown::render(&input, &links(), &mut diags);
    for d in &diags {
        let shown = render_human(d, &rotsystem::render::theme::builtin_strings("en"));
        assert!(shown.contains("content/cases/fuzz.md"), "{shown}");
    }
    check(&out.html);
});
