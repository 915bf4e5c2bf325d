//! Interface strings: what the theme's `i18n/<language>.toml` tables hold, and the two
//! ways code reads them. A leaf, so that every part that prints words (pages,
//! handouts, the commands' messages) can use it without depending on the renderer.
//!
//! The tables themselves are loaded and checked by `render::theme`: every language
//! has exactly the reference language's keys.

use std::collections::BTreeMap;
use std::sync::OnceLock;

/// Interface strings of one language, by key.
pub type Strings = BTreeMap<String, String>;

/// The string for `key`. The theme refuses a table that lacks a key the reference
/// has, so the key itself shows only for a key that no table has: a bug a test of
/// the page or message finds.
pub fn get<'a>(t: &'a Strings, key: &'a str) -> &'a str {
    t.get(key).map_or(key, String::as_str)
}

/// Fills `{name}` placeholders: `fill("{n} fall", &[("n", "3")])` is `3 fall`.
pub fn fill(template: &str, args: &[(&str, &str)]) -> String {
    args.iter().fold(template.to_string(), |s, (k, v)| {
        s.replace(&format!("{{{k}}}"), v)
    })
}

/// `get` and `fill` in one.
pub fn text(t: &Strings, key: &str, args: &[(&str, &str)]) -> String {
    fill(get(t, key), args)
}

/// A text that stands for the interface string `key` with `args` filled in, for where
/// only a `String` travels: a serde error of `book.toml` or front matter, or the value
/// of another string's placeholder. `Diagnostic::localize` says it in the site's
/// language (`decode`); printed undecoded, its control characters show as `\u{1}`.
pub fn encode(key: &str, args: &[(&str, &str)]) -> String {
    let mut s = format!("{MARK}{key}");
    for (name, value) in args {
        s.push_str(&format!("{SEP}{name}{EQ}{value}"));
    }
    s.push(MARK);
    s
}

/// The key and arguments of a text `encode` wrote, found anywhere in `text` (serde
/// may put a path before it).
pub fn decode(text: &str) -> Option<(String, Vec<(String, String)>)> {
    let start = text.find(MARK)?;
    let rest = &text[start + MARK.len_utf8()..];
    let inner = &rest[..rest.find(MARK)?];
    let mut parts = inner.split(SEP);
    let key = parts.next()?.to_string();
    let args = parts
        .filter_map(|p| p.split_once(EQ))
        .map(|(n, v)| (n.to_string(), v.to_string()))
        .collect();
    Some((key, args))
}

/// `text` in the language of `t` when it is an encoded interface string (`encode`),
/// else as it is.
pub fn said(t: &Strings, text: &str) -> String {
    match decode(text) {
        Some((key, args)) => {
            let args: Vec<(&str, &str)> = args.iter().map(|(a, v)| (a.as_str(), v.as_str())).collect();
            self::text(t, &key, &args)
        }
        None => text.to_string(),
    }
}

/// `text` with every encoded interface string in it said in the language of `t`:
/// an error's chain of contexts may hold one anywhere.
pub fn said_all(t: &Strings, text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(start) = rest.find(MARK) {
        let after = &rest[start + MARK.len_utf8()..];
        let Some(len) = after.find(MARK) else { break };
        let end = start + 2 * MARK.len_utf8() + len;
        out.push_str(&rest[..start]);
        out.push_str(&said(t, &rest[start..end]));
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

const MARK: char = '\u{1}';
const SEP: char = '\u{2}';
const EQ: char = '\u{3}';

/// The built-in theme's tables, by file name; `render::theme` checks and overrides them.
pub const BUILTIN: &[(&str, &str)] = &[
    ("en.toml", include_str!("../themes/default/i18n/en.toml")),
    ("sv.toml", include_str!("../themes/default/i18n/sv.toml")),
];

/// The built-in strings of `language` (Swedish, the reference, for any other): what
/// a diagnostic says before it is put in the site's own language
/// (`Diagnostic::localize`), and what a command says when the theme does not load.
pub fn builtin(language: &str) -> &'static Strings {
    static TABLES: OnceLock<BTreeMap<String, Strings>> = OnceLock::new();
    let tables = TABLES.get_or_init(|| {
        BUILTIN
            .iter()
            .map(|(name, text)| {
                let table = toml::from_str(text).expect("the built-in strings parse");
                (name.trim_end_matches(".toml").to_string(), table)
            })
            .collect()
    });
    tables.get(language).unwrap_or(&tables["sv"])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_encoded_text_is_said_in_the_language_asked_for() {
        let reason = encode("url_scheme", &[("scheme", "javascript")]);
        assert_eq!(decode(&format!("ranges: {reason}")).unwrap().0, "url_scheme");
        assert_eq!(
            said(builtin("en"), &reason),
            "`javascript:` addresses are not allowed"
        );
        assert_eq!(
            said(builtin("sv"), &reason),
            "adresser som börjar med `javascript:` är inte tillåtna"
        );
        assert_eq!(said(builtin("sv"), "as written"), "as written");
    }
}
