//! Splitting a Markdown file into YAML front matter and body, and parsing the front
//! matter into a schema type with errors placed at the file's own line and column.
//!
//! serde_norway (the maintained fork of serde_yaml) reports positions relative to the
//! string it parsed; we add the front matter's starting line so editors see the
//! position in the file they have open.

use serde::de::DeserializeOwned;

use super::yaml_limits;
use crate::config::parse_unknown_field;
use crate::diagnostic::parser::serde_detail;
use crate::diagnostic::{Diagnostic, Span};

/// The longest front matter, in bytes: ten times the library's longest. Problems
/// in a front matter are each placed by a lookup in it, so this bound is what keeps
/// a file of 10,000 bad entries from costing 10,000 times its length.
pub const MAX_FRONT_MATTER: usize = 32 * 1024;

/// A content file as read from disk, already known to be UTF-8.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Path relative to the site root, `/`-separated.
    pub rel: String,
    pub text: String,
}

#[derive(Debug, Clone, Copy)]
pub struct Parts<'a> {
    pub yaml: &'a str,
    /// Byte offset of `yaml` in the file.
    pub yaml_offset: usize,
    /// File line on which `yaml` starts.
    pub yaml_line: usize,
    pub body: &'a str,
    /// Byte offset of `body` in the file.
    pub body_offset: usize,
}

impl SourceFile {
    pub fn split(&self) -> Result<Parts<'_>, Box<Diagnostic>> {
        let text = self.text.as_str();
        let first_len = match text.strip_prefix("---") {
            Some(rest) if rest.starts_with('\n') => 4,
            Some(rest) if rest.starts_with("\r\n") => 5,
            _ => {
                let d = Diagnostic::error_t(&self.rel, "diag_no_front_matter", &[])
                    .at(text, Span::new(1, 1, 1))
                    .help_t("diag_no_front_matter_help", &[]);
                return Err(Box::new(d));
            }
        };
        let mut offset = first_len;
        for line in text[first_len..].split_inclusive('\n') {
            if offset > MAX_FRONT_MATTER {
                let kb = (MAX_FRONT_MATTER / 1024).to_string();
                let d = Diagnostic::error_t(&self.rel, "diag_front_matter_long", &[("kb", &kb)])
                    .at(text, Span::new(1, 1, 3))
                    .help_t("diag_front_matter_long_help", &[]);
                return Err(Box::new(d));
            }
            if line.trim_end() == "---" {
                return Ok(Parts {
                    yaml: &text[first_len..offset],
                    yaml_offset: first_len,
                    yaml_line: 2,
                    body: &text[offset + line.len()..],
                    body_offset: offset + line.len(),
                });
            }
            offset += line.len();
        }
        let d = Diagnostic::error_t(&self.rel, "diag_front_matter_open", &[])
            .at(text, Span::new(1, 1, 3))
            .label_t("diag_front_matter_open_label", &[])
            .help_t("diag_front_matter_open_help", &[]);
        Err(Box::new(d))
    }

    /// Parses `yaml` (which starts at file line `first_line`) into `T`.
    pub fn parse_yaml<T: DeserializeOwned>(
        &self,
        yaml: &str,
        first_line: usize,
    ) -> Result<T, Box<Diagnostic>> {
        if let Err(r) = yaml_limits::check(yaml, first_line) {
            let args: Vec<(&str, &str)> = r.args.iter().map(|(a, v)| (*a, v.as_str())).collect();
            let d = Diagnostic::error_t(&self.rel, r.key, &args)
                .at(&self.text, r.span)
                .help_t(&format!("{}_help", r.key), &[]);
            return Err(Box::new(d));
        }
        serde_norway::from_str(yaml).map_err(|e| {
            let message = e.to_string();
            // serde_norway places a duplicate at the mapping or the first key; the
            // editor needs the second, the one to delete.
            if message.contains("duplicate field") || message.contains("duplicate entry") {
                if let Some((key, span, first)) = yaml_limits::duplicate_key(yaml, first_line) {
                    let first = first.to_string();
                    let d = Diagnostic::error_t(&self.rel, "diag_duplicate_key", &[("key", &key)])
                        .at(&self.text, span)
                        .label_t("diag_duplicate_key_label", &[("line", &first)])
                        .help_t("diag_duplicate_key_help", &[]);
                    return Box::new(d);
                }
            }
            Box::new(self.yaml_error(yaml, first_line, &e))
        })
    }

    fn yaml_error(&self, yaml: &str, first_line: usize, e: &serde_norway::Error) -> Diagnostic {
        // serde_norway writes positions into its text, counted in the front matter
        // and not the file ("… at line 5 column 9, while parsing a block mapping at
        // line 2 column 1"); the diagnostic's own position is the one an editor sees.
        let full = without_positions(&e.to_string());
        let message = full.as_str();
        // serde_norway prefixes the key path ("factors[1]: …"); keep it as context.
        let (context, detail) = match message.split_once(": ") {
            Some((path, rest)) if !path.contains(' ') => (Some(path), rest),
            _ => (None, message),
        };
        let at = e.location().map(|l| l.index()).unwrap_or(0).min(yaml.len());
        let token_len = token_len(&yaml[at..]);
        let mut span = Span::from_bytes(yaml, at, at + token_len, first_line);
        if let Some((wrong, _)) = parse_unknown_field(detail) {
            span.len = wrong.chars().count();
        }
        let mut d = serde_detail(&self.rel, detail).unwrap_or_else(|| syntax(&self.rel, detail));
        if let Some(context) = context {
            d = d.wrap_t("diag_in_key", &[("key", context)]);
        }
        d.at(&self.text, span)
    }
}

/// A YAML syntax error: the commonest problems of libyaml in the site's words, any
/// other in a frame that says what it is about.
fn syntax(file: &str, detail: &str) -> Diagnostic {
    // libyaml says the problem, then ", while parsing …" (where it was), which only
    // the unknown problems keep.
    let problem = detail.split(", while ").next().unwrap_or(detail);
    let known = match problem {
        "did not find expected key" => Some(("diag_yaml_expected_key", "diag_yaml_expected_key_help")),
        "mapping values are not allowed in this context" => Some(("diag_yaml_colon", "diag_yaml_colon_help")),
        "found character that cannot start any token" => Some(("diag_yaml_start", "diag_yaml_quote_help")),
        "found a tab character that violates indentation"
        | "found a tab character where an indentation space is expected" => {
            Some(("diag_yaml_tab", "diag_yaml_tab_help"))
        }
        "did not find expected '-' indicator" => Some(("diag_yaml_dash", "diag_yaml_dash_help")),
        "found unexpected end of stream" | "EOF while parsing a value" => {
            Some(("diag_yaml_end", "diag_yaml_end_help"))
        }
        "did not find expected ',' or ']'" | "did not find expected ',' or '}'" => {
            Some(("diag_yaml_flow", "diag_yaml_flow_help"))
        }
        "found unknown escape character" => Some(("diag_yaml_escape", "diag_yaml_escape_help")),
        _ => None,
    };
    match known {
        Some((message, help)) => Diagnostic::error_t(file, message, &[]).help_t(help, &[]),
        None => Diagnostic::error_t(file, "diag_yaml_syntax", &[("detail", detail)])
            .help_t("diag_yaml_syntax_help", &[]),
    }
}

/// `message` without any ` at line N column M` (or ` at position N`) in it.
fn without_positions(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut rest = message;
    while let Some(i) = rest.find(" at ") {
        out.push_str(&rest[..i]);
        let after = &rest[i + 4..];
        match position_len(after) {
            Some(n) => rest = &after[n..],
            None => {
                out.push_str(" at ");
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The length of `line N column M` or `position N` at the start of `s`.
fn position_len(s: &str) -> Option<usize> {
    let digits = |s: &str| s.bytes().take_while(u8::is_ascii_digit).count();
    if let Some(r) = s.strip_prefix("position ") {
        let n = digits(r);
        return (n > 0).then_some("position ".len() + n);
    }
    let r = s.strip_prefix("line ")?;
    let a = digits(r);
    let r = r[a..].strip_prefix(" column ")?;
    let b = digits(r);
    (a > 0 && b > 0).then_some("line ".len() + a + " column ".len() + b)
}

/// Length in bytes of the YAML token at the start of `s`, for the carets.
fn token_len(s: &str) -> usize {
    s.find(['\n', ':', ',', '}', ']']).unwrap_or(s.len()).max(1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::schema::TermMeta;

    fn file(text: &str) -> SourceFile {
        SourceFile {
            rel: "content/factors/x.md".into(),
            text: text.into(),
        }
    }

    #[test]
    fn split_finds_body_after_closing_fence() {
        let f = file("---\nname: X\n---\n## Rubrik\n");
        let parts = f.split().unwrap();
        assert_eq!(parts.yaml, "name: X\n");
        assert_eq!(parts.body, "## Rubrik\n");
    }

    #[test]
    fn a_yaml_message_carries_no_position_of_its_own() {
        assert_eq!(
            without_positions("did not find expected key at line 5 column 9, while parsing a block mapping at line 2 column 1"),
            "did not find expected key, while parsing a block mapping"
        );
        assert_eq!(without_positions("look at line five"), "look at line five");
        // A syntax error inside the front matter: the file's line, and only it.
        let f = file("---\nname: X\norder: 1\ndescription: Y\nsources:\n  - title: a\n   b: c\n---\n");
        let parts = f.split().unwrap();
        let d = f.parse_yaml::<TermMeta>(parts.yaml, parts.yaml_line).unwrap_err();
        assert_eq!(d.message, "the line does not fit in the list");
        assert_eq!(d.span.map(|s| s.line), Some(7), "{d:?}");
        // A problem of no known kind keeps libyaml's words, in a frame, without its
        // own positions.
        let f = file("---\nname: X\norder: !e!t 1\n---\n");
        let parts = f.split().unwrap();
        let d = f.parse_yaml::<TermMeta>(parts.yaml, parts.yaml_line).unwrap_err();
        assert!(
            d.message.starts_with("the front matter is not valid YAML: "),
            "{}",
            d.message
        );
        assert!(!d.message.chars().any(|c| c.is_ascii_digit()), "{}", d.message);
        assert_eq!(d.span.map(|s| s.line), Some(3), "{d:?}");
    }

    #[test]
    fn serde_kinds_name_the_key_and_the_kinds() {
        let f = file("---\nname: X\norder: [1]\ndescription: Y\nsources: []\n---\n");
        let parts = f.split().unwrap();
        let d = f.parse_yaml::<TermMeta>(parts.yaml, parts.yaml_line).unwrap_err();
        let sv = d.clone().localize(crate::i18n::builtin("sv"));
        assert_eq!(
            sv.message,
            "här ska det stå ett heltal, 0 eller större, inte en lista (i `order`)"
        );
        assert_eq!(d.span.map(|s| (s.line, s.col)), Some((3, 8)), "{d:?}");
    }

    #[test]
    fn unknown_key_points_at_the_key_in_the_file() {
        let f = file("---\nname: X\norder: 1\ndescriptoin: Y\nsources: []\n---\n");
        let parts = f.split().unwrap();
        let d = f.parse_yaml::<TermMeta>(parts.yaml, parts.yaml_line).unwrap_err();
        assert_eq!(d.message, "unknown key `descriptoin`");
        assert_eq!(d.span, Some(Span::new(4, 1, 11)));
        assert_eq!(d.label.as_deref(), Some("did you mean `description`?"));
    }
}
