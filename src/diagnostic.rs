//! Diagnostics: the one model for every problem found in a user's input.
//!
//! A `Diagnostic` carries the file, the 1-based line and column, the offending source
//! line and a help text. Problems are collected, never thrown, so one run reports all
//! of them. Renderers (`human`, `github`, and JSON, which is the type's own `Serialize`
//! in `cmd::check`) are views of the same model, which is what keeps `check --format …`
//! cheap and the formats in agreement. A `Level::Warning` does not stop a build;
//! `check --deny warnings` makes every warning an error.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::i18n::{self, Strings};

pub mod parser;

/// A place in a source file. Line and column are 1-based; column and length count
/// characters, not bytes, because that is what an editor shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Span {
    pub line: usize,
    pub col: usize,
    pub len: usize,
}

impl Span {
    pub fn new(line: usize, col: usize, len: usize) -> Self {
        Span {
            line,
            col,
            len: len.max(1),
        }
    }

    /// The span of `byte_range` within `text`, where `text` itself starts at `line`.
    pub fn from_bytes(text: &str, start: usize, end: usize, first_line: usize) -> Self {
        let start = floor_char_boundary(text, start.min(text.len()));
        let end = floor_char_boundary(text, end.clamp(start, text.len()));
        let before = &text[..start];
        let line = first_line + before.matches('\n').count();
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let col = text[line_start..start].chars().count() + 1;
        let rest_of_line = text[start..end].split('\n').next().unwrap_or("");
        Span::new(line, col, rest_of_line.chars().count())
    }
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The "file" of a problem with a command-line value, such as an unknown `--factor`.
pub const COMMAND_LINE: &str = "(command line)";

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Error,
    Warning,
}

/// The part of a diagnostic a `Keyed` text is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    Message,
    Label,
    Help,
}

/// A text of a diagnostic that is an interface string (`diag_*`): its key and its
/// placeholders' values, so that `localize` can say it in the site's language. The
/// loader has no strings of the site's own, so it writes the built-in English and
/// keeps these; a later `Message` text may wrap the one before as `{message}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Keyed {
    part: Part,
    key: String,
    args: Vec<(String, String)>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub level: Level,
    pub message: String,
    /// Path relative to the site root, with `/` separators, as users see it.
    pub file: String,
    pub span: Option<Span>,
    /// Text shown after the carets, such as "did you mean `ledarskap`?".
    pub label: Option<String>,
    pub help: Option<String>,
    #[serde(skip)]
    pub source_line: Option<String>,
    #[serde(skip)]
    pub keyed: Vec<Keyed>,
}

impl Diagnostic {
    pub fn error(file: &str, message: impl Into<String>) -> Self {
        Diagnostic {
            level: Level::Error,
            message: message.into(),
            file: file.to_string(),
            span: None,
            label: None,
            help: None,
            source_line: None,
            keyed: Vec::new(),
        }
    }

    /// An error whose message is the interface string `key` with `args` filled in.
    pub fn error_t(file: &str, key: &str, args: &[(&str, &str)]) -> Self {
        Diagnostic::error(file, "").keyed(Part::Message, key, args)
    }

    /// The message as the interface string `key`.
    pub fn message_t(mut self, key: &str, args: &[(&str, &str)]) -> Self {
        self.keyed.retain(|k| k.part != Part::Message);
        self.keyed(Part::Message, key, args)
    }

    /// The label as the interface string `key`.
    pub fn label_t(self, key: &str, args: &[(&str, &str)]) -> Self {
        self.keyed(Part::Label, key, args)
    }

    /// The help text as the interface string `key`.
    pub fn help_t(self, key: &str, args: &[(&str, &str)]) -> Self {
        self.keyed(Part::Help, key, args)
    }

    /// Wraps the message in the interface string `key`, which holds it as `{message}`.
    pub fn wrap_t(self, key: &str, args: &[(&str, &str)]) -> Self {
        // Localizing again starts from the first message text, so there must be one.
        debug_assert!(self.keyed.iter().any(|k| k.part == Part::Message));
        self.keyed(Part::Message, key, args)
    }

    fn keyed(mut self, part: Part, key: &str, args: &[(&str, &str)]) -> Self {
        if part != Part::Message {
            self.keyed.retain(|k| k.part != part);
        }
        self.keyed.push(Keyed {
            part,
            key: key.to_string(),
            args: args.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect(),
        });
        self.localize(i18n::builtin("en"))
    }

    /// The diagnostic with its interface strings (`keyed`) in the language of `t`;
    /// the rest of its text is as it was written.
    pub fn localize(mut self, t: &Strings) -> Self {
        let keyed = std::mem::take(&mut self.keyed);
        for k in &keyed {
            // A value may itself be an interface string (`i18n::encode`): the name
            // of a kind of value inside a YAML message, a reason inside a refusal.
            let values: Vec<String> = k.args.iter().map(|(_, v)| i18n::said(t, v)).collect();
            let mut args: Vec<(&str, &str)> = k
                .args
                .iter()
                .zip(&values)
                .map(|((a, _), v)| (a.as_str(), v.as_str()))
                .collect();
            let current = match k.part {
                Part::Message => self.message.clone(),
                Part::Label => String::new(),
                Part::Help => String::new(),
            };
            args.push(("message", &current));
            let text = i18n::text(t, &k.key, &args);
            match k.part {
                Part::Message => self.message = text,
                Part::Label => self.label = Some(text),
                Part::Help => self.help = Some(text),
            }
        }
        self.keyed = keyed;
        self
    }

    /// An error whose message is a text `i18n::encode` wrote (a serde error of our
    /// own deserializers), or `text` as it is when it is none.
    pub fn error_encoded(file: &str, text: &str) -> Self {
        match i18n::decode(text) {
            Some((key, args)) => {
                let args: Vec<(&str, &str)> = args.iter().map(|(a, v)| (a.as_str(), v.as_str())).collect();
                Diagnostic::error_t(file, &key, &args)
            }
            None => Diagnostic::error(file, text),
        }
    }

    /// A problem that does not stop a build: `check` reports it, and `check --deny
    /// warnings` counts it as an error.
    pub fn warning(file: &str, message: impl Into<String>) -> Self {
        Diagnostic {
            level: Level::Warning,
            ..Diagnostic::error(file, message)
        }
    }

    /// Points the diagnostic at `span` in `source` (the whole file's text).
    pub fn at(mut self, source: &str, span: Span) -> Self {
        self.source_line = source.lines().nth(span.line - 1).map(str::to_string);
        self.span = Some(span);
        self
    }

    pub fn label(mut self, label: impl Into<String>) -> Self {
        self.keyed.retain(|k| k.part != Part::Label);
        self.label = Some(label.into());
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.keyed.retain(|k| k.part != Part::Help);
        self.help = Some(help.into());
        self
    }

    /// Adds "did you mean …?" when a valid name is close to `wrong`.
    pub fn suggest<'a>(self, wrong: &str, valid: impl IntoIterator<Item = &'a str>) -> Self {
        match did_you_mean(wrong, valid) {
            Some(s) => self.label_t("diag_did_you_mean", &[("name", s)]),
            None => self,
        }
    }

    fn sort_key(&self) -> (&str, usize, usize, &str) {
        let (line, col) = self.span.map_or((0, 0), |s| (s.line, s.col));
        (&self.file, line, col, &self.message)
    }
}

/// Sorts diagnostics by file and position so output is stable whatever order the
/// parallel stages found them in.
pub fn sort(diags: &mut [Diagnostic]) {
    diags.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
}

/// The closest valid name within a small edit distance, as `just` does: suggestions
/// come only from valid names, and only when they are plausibly a typo.
pub fn did_you_mean<'a>(wrong: &str, valid: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let limit = if wrong.chars().count() <= 4 { 1 } else { 3 };
    valid
        .into_iter()
        .map(|v| (levenshtein(wrong, v), v))
        .filter(|(d, _)| *d <= limit)
        .min()
        .map(|(_, v)| v)
}

pub fn levenshtein(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != *cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}

/// Renders like cargo: `error: …`, ` --> file:line:col`, the source line, carets, help,
/// with the words of the frame (`error`, `help` …) in the language of `t`.
/// Every piece of user text goes through `visible`, so content can never send a
/// terminal escape sequence (or a lone carriage return) to the editor's terminal.
pub fn render_human(d: &Diagnostic, t: &Strings) -> String {
    let mut out = String::new();
    let level = level_word(d.level, t);
    let (help_word, note_word) = (i18n::get(t, "diag_help"), i18n::get(t, "diag_note"));
    let file = visible(shown_file(d, t));
    let _ = writeln!(out, "{level}: {}", visible(&d.message));
    match (d.span, &d.source_line) {
        (Some(span), Some(line)) => {
            let num = span.line.to_string();
            let pad = " ".repeat(num.len());
            let _ = writeln!(out, "{pad}--> {file}:{}:{}", span.line, span.col);
            let _ = writeln!(out, "{pad} |");
            // A long line (a minified blob, 100,000 brackets) is shown as a window
            // around the span, as cargo does; the column stays the file's.
            let (line, col, len) = window(line, span.col, span.len);
            let _ = writeln!(out, "{num} | {}", visible(&line));
            let mut indent = String::new();
            for c in line.chars().take(col - 1) {
                match c {
                    '\t' => indent.push('\t'),
                    c => indent.push_str(&" ".repeat(escaped(c).map_or(1, |e| e.chars().count()))),
                }
            }
            // A span may reach past the line's end (a missing value); those carets stay.
            let under: Vec<char> = line.chars().skip(col - 1).take(len).collect();
            let widths: usize = under
                .iter()
                .map(|&c| escaped(c).map_or(1, |e| e.chars().count()))
                .sum();
            let carets = "^".repeat(widths + len - under.len());
            let label = d
                .label
                .as_deref()
                .map(|l| format!(" {}", visible(l)))
                .unwrap_or_default();
            let _ = writeln!(out, "{pad} | {indent}{carets}{label}");
            if let Some(help) = &d.help {
                let _ = writeln!(out, "{pad} |");
                let _ = writeln!(out, "{pad} = {help_word}: {}", visible(help));
            }
        }
        (span, _) => {
            let place = span.map_or(String::new(), |s| format!(":{}:{}", s.line, s.col));
            let _ = writeln!(out, " --> {file}{place}");
            if let Some(label) = &d.label {
                let _ = writeln!(out, "  = {note_word}: {}", visible(label));
            }
            if let Some(help) = &d.help {
                let _ = writeln!(out, "  = {help_word}: {}", visible(help));
            }
        }
    }
    out
}

/// The file as the editor reads it: the command line is named in `t`'s language.
fn shown_file<'a>(d: &'a Diagnostic, t: &'a Strings) -> &'a str {
    if d.file == COMMAND_LINE {
        i18n::get(t, "diag_command_line")
    } else {
        &d.file
    }
}

/// `error` or `warning` in the language of `t`.
pub fn level_word(level: Level, t: &Strings) -> &str {
    match level {
        Level::Error => i18n::get(t, "diag_error"),
        Level::Warning => i18n::get(t, "diag_warning"),
    }
}

/// At most `WIDE` characters of `line` around a span at `col` (1-based) of `len`
/// characters, with `…` where it was cut; returns the window and the span in it.
fn window(line: &str, col: usize, len: usize) -> (String, usize, usize) {
    const WIDE: usize = 160;
    let total = line.chars().count();
    if total <= WIDE {
        return (line.to_string(), col, len);
    }
    let start = (col - 1).saturating_sub(WIDE / 4);
    let len = len.min(WIDE / 2);
    let mut shown: String = line.chars().skip(start).take(WIDE).collect();
    if start + WIDE < total {
        shown.push('…');
    }
    if start > 0 {
        return (format!("…{shown}"), col - start + 1, len);
    }
    (shown, col, len)
}

/// `s` with every control character but tab written as `\u{1b}`: what a terminal
/// shows is then exactly the text, never a colour change, a cursor move or a title.
pub fn visible(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match escaped(c) {
            Some(e) => out.push_str(&e),
            None => out.push(c),
        }
    }
    out
}

fn escaped(c: char) -> Option<String> {
    (c.is_control() && c != '\t').then(|| c.escape_unicode().to_string())
}

/// A GitHub Actions workflow command. Data is escaped as the runner requires:
/// `%`, CR and LF in the message; additionally `:` and `,` in properties. The
/// command's own names (`error`, `warning`) are the runner's; the rest is in `t`'s
/// language.
pub fn render_github(d: &Diagnostic, t: &Strings) -> String {
    // Other control characters would reach the log raw; they are made visible.
    fn data(s: &str) -> String {
        let s = s.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A");
        visible(&s)
    }
    fn prop(s: &str) -> String {
        data(s).replace(':', "%3A").replace(',', "%2C")
    }
    let level = match d.level {
        Level::Error => "error",
        Level::Warning => "warning",
    };
    let mut msg = d.message.clone();
    if let Some(label) = &d.label {
        msg.push_str(&format!(" ({label})"));
    }
    if let Some(help) = &d.help {
        msg.push_str(&format!("\n{}: {help}", i18n::get(t, "diag_help")));
    }
    let mut props = format!("file={}", prop(shown_file(d, t)));
    if let Some(s) = d.span {
        props.push_str(&format!(",line={},col={}", s.line, s.col));
    }
    format!("::{level} {props}::{}\n", data(&msg))
}

/// The path users should see: relative to the site root, `/`-separated.
pub fn display_path(root: &Path, path: &Path) -> String {
    let rel: PathBuf = path.strip_prefix(root).unwrap_or(path).to_path_buf();
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestion_comes_only_from_close_valid_names() {
        let valid = ["ledarskap", "kultur", "trygghet"];
        assert_eq!(did_you_mean("ledarksap", valid), Some("ledarskap"));
        assert_eq!(did_you_mean("ekonomi", valid), None);
    }

    #[test]
    fn span_counts_characters_not_bytes() {
        let text = "a: 1\nnamn: Åre kommun\n";
        let start = text.find("kommun").unwrap();
        let span = Span::from_bytes(text, start, start + 6, 1);
        assert_eq!((span.line, span.col, span.len), (2, 11, 6));
    }
}
