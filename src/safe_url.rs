//! Which URLs content and configuration may hold: the one allow-list.
//!
//! Content arrives by pull request from people we don't know, so a URL is refused
//! unless it is plainly safe: `http://`, `https://`, `mailto:` or a path on the site
//! (`/…`). Rather than parse the way a browser does and hope to agree with it, the
//! rule refuses everything a browser would bend: control characters (browsers drop a
//! tab or newline, so `java\tscript:` runs), leading or trailing space, backslashes
//! (`/\evil.example` is `//evil.example` to a browser) and protocol-relative `//host`.
//! Resources (images, media) must be on the site: the site makes no third-party
//! requests, with or without its Content-Security-Policy.
//!
//! This module knows nothing of files, so `config`, `load` and `markdown` can all
//! use it.

use crate::diagnostic::{Diagnostic, Span};
use crate::i18n;

/// Why a URL was refused; `key` names the interface string that says it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// A control character (tab, newline, NUL, ESC…) anywhere in it.
    Control,
    /// Space before or after it.
    Space,
    /// A backslash, which browsers read as `/`.
    Backslash,
    /// `//host/…`: another site, whatever the page's scheme.
    ProtocolRelative,
    /// A scheme other than http, https and mailto, lowercased: `javascript`, `data`.
    Scheme(String),
    /// No scheme and no leading `/`: `www.example.se/x`.
    NotAbsolute,
    /// A resource (image, media) on another site.
    OffSite,
}

impl Refusal {
    /// The interface string (`url_*`) that says what is wrong, and its arguments.
    pub fn key(&self) -> (&'static str, Vec<(&'static str, &str)>) {
        match self {
            Refusal::Control => ("url_control", vec![]),
            Refusal::Space => ("url_space", vec![]),
            Refusal::Backslash => ("url_backslash", vec![]),
            Refusal::ProtocolRelative => ("url_protocol_relative", vec![]),
            Refusal::Scheme(s) => ("url_scheme", vec![("scheme", s.as_str())]),
            Refusal::NotAbsolute => ("url_not_absolute", vec![]),
            Refusal::OffSite => ("url_off_site", vec![]),
        }
    }

    /// The reason as a `{reason}` inside another interface string: the diagnostic
    /// says it in the site's language (`i18n::encode`).
    pub fn reason(&self) -> String {
        let (key, args) = self.key();
        i18n::encode(key, &args)
    }
}

/// The schemes a link may use.
pub const LINK_SCHEMES: &[&str] = &["http", "https", "mailto"];

/// The interface string of the help text every URL diagnostic ends with.
pub const HELP: &str = "diag_url_help";

/// A link written in front matter or configuration: an absolute http(s) or mailto
/// address, or a path on the site.
pub fn check_link(url: &str) -> Result<(), Refusal> {
    check_characters(url)?;
    if url.starts_with("//") {
        return Err(Refusal::ProtocolRelative);
    }
    if url.starts_with('/') {
        return Ok(());
    }
    match scheme(url) {
        Some(s) if LINK_SCHEMES.contains(&s.as_str()) => Ok(()),
        Some(s) => Err(Refusal::Scheme(s)),
        None => Err(Refusal::NotAbsolute),
    }
}

/// A link in a document body, where a relative path (`../factors/kultur.md`,
/// `#avsnitt`) is resolved by the caller: `Ok(true)` when it is absolute and
/// allowed, `Ok(false)` when it is relative and up to the caller.
pub fn check_body_link(url: &str) -> Result<bool, Refusal> {
    check_characters(url)?;
    if url.starts_with("//") {
        return Err(Refusal::ProtocolRelative);
    }
    match scheme(url) {
        Some(s) if LINK_SCHEMES.contains(&s.as_str()) => Ok(true),
        Some(s) => Err(Refusal::Scheme(s)),
        None => Ok(false),
    }
}

/// A resource (an image's `src`): only a path on the site, never another site and
/// never a scheme (`data:` included).
pub fn check_resource(url: &str) -> Result<(), Refusal> {
    check_characters(url)?;
    if url.starts_with("//") {
        return Err(Refusal::OffSite);
    }
    match scheme(url) {
        Some(s) if s == "http" || s == "https" => Err(Refusal::OffSite),
        Some(s) => Err(Refusal::Scheme(s)),
        None => Ok(()),
    }
}

/// A URL setting in `book.toml` that the allow-list refuses, as a diagnostic at its
/// value (`key = "…"` on a line of its own, as the docs write it; else at the key).
pub fn config_diagnostic(text: &str, key: &str, url: &str) -> Option<Diagnostic> {
    let why = check_link(url).err()?;
    let d = Diagnostic::error_t(
        "book.toml",
        "diag_config_url_refused",
        &[("key", key), ("url", url), ("reason", &why.reason())],
    )
    .help_t(HELP, &[]);
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        let value = trimmed
            .strip_prefix(key)
            .map(str::trim_start)
            .and_then(|r| r.strip_prefix('='))
            .map(str::trim_start);
        if let Some(value) = value {
            let start = offset + line.len() - value.len();
            let end = start + value.trim_end().len();
            return Some(d.at(text, Span::from_bytes(text, start, end, 1)));
        }
        offset += line.len();
    }
    Some(d)
}

fn check_characters(url: &str) -> Result<(), Refusal> {
    if url.chars().any(char::is_control) {
        return Err(Refusal::Control);
    }
    if url.trim() != url {
        return Err(Refusal::Space);
    }
    if url.contains('\\') {
        return Err(Refusal::Backslash);
    }
    Ok(())
}

/// The scheme as the URL standard reads it, lowercased: an ASCII letter, then
/// letters, digits, `+`, `-` or `.`, then `:`. `None` for a relative URL.
fn scheme(url: &str) -> Option<String> {
    let colon = url.find(':')?;
    let head = &url[..colon];
    let mut chars = head.chars();
    let first = chars.next()?;
    let valid = first.is_ascii_alphabetic()
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    // A `:` after a `/`, `?` or `#` is inside a relative path, not a scheme; such a
    // head holds one of those and so is not a valid scheme either.
    valid.then(|| head.to_ascii_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_are_allow_listed() {
        for ok in [
            "https://example.org/a?b#c",
            "HTTP://EXAMPLE.ORG/",
            "mailto:a@example.org",
            "/fall/vara/",
        ] {
            assert_eq!(check_link(ok), Ok(()), "{ok}");
        }
        let refused = [
            ("javascript:alert(1)", Refusal::Scheme("javascript".into())),
            ("JaVaScRiPt:alert(1)", Refusal::Scheme("javascript".into())),
            ("java\tscript:alert(1)", Refusal::Control),
            ("java\nscript:alert(1)", Refusal::Control),
            (" javascript:alert(1)", Refusal::Space),
            ("\u{0}javascript:alert(1)", Refusal::Control),
            (
                "data:text/html,<script>alert(1)</script>",
                Refusal::Scheme("data".into()),
            ),
            ("vbscript:msgbox(1)", Refusal::Scheme("vbscript".into())),
            ("//evil.example/", Refusal::ProtocolRelative),
            ("/\\evil.example/", Refusal::Backslash),
            ("www.example.se", Refusal::NotAbsolute),
            ("tel:+4612345", Refusal::Scheme("tel".into())),
        ];
        for (url, why) in refused {
            assert_eq!(check_link(url), Err(why), "{url:?}");
        }
    }

    #[test]
    fn body_links_leave_relative_paths_to_the_caller() {
        assert_eq!(check_body_link("../factors/kultur.md"), Ok(false));
        assert_eq!(check_body_link("#rubrik"), Ok(false));
        assert_eq!(check_body_link("a/b:c"), Ok(false));
        assert_eq!(check_body_link("https://example.org/"), Ok(true));
        assert_eq!(
            check_body_link("JAVASCRIPT:x"),
            Err(Refusal::Scheme("javascript".into()))
        );
    }

    #[test]
    fn resources_stay_on_the_site() {
        assert_eq!(check_resource("/static/bild.png"), Ok(()));
        assert_eq!(check_resource("bild.png"), Ok(()));
        assert_eq!(
            check_resource("https://evil.example/a.png"),
            Err(Refusal::OffSite)
        );
        assert_eq!(check_resource("//evil.example/a.png"), Err(Refusal::OffSite));
        assert_eq!(
            check_resource("data:image/png;base64,AAAA"),
            Err(Refusal::Scheme("data".into()))
        );
    }
}
