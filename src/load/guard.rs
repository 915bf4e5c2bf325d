//! What content may be, before and after it is parsed: regular files with printable
//! names and text, titles that say something, and source URLs on the allow-list.
//!
//! Content arrives by pull request from people we don't know, and `check` runs in CI
//! where its output is a public log. So a file is judged by its type before it is
//! opened (a link is never followed, a pipe never opened), and a diagnostic never
//! quotes bytes from outside the site.

use std::ffi::OsStr;
use std::fs::{FileType, Metadata};

use super::locate::Seg;
use super::schema::{CaseMeta, PageMeta, Source, TermMeta};
use super::Doc;
use crate::diagnostic::{Diagnostic, Span};
use crate::safe_url;

/// A diagnostic at the file's first line, for problems with the file rather than its
/// text (the text is not read, so no source line is shown).
fn at_file(rel: &str, message: &str, args: &[(&str, &str)], help: &str) -> Diagnostic {
    let mut d = Diagnostic::error_t(rel, message, args).help_t(help, &[]);
    d.span = Some(Span::new(1, 1, 1));
    d
}

/// A file name that cannot be a content file's: not UTF-8, or holding a control
/// character (a newline in a name breaks every tool that prints it).
pub fn file_name_problem(rel: &str, name: &OsStr) -> Option<Diagnostic> {
    let help = "diag_file_name_help";
    match name.to_str() {
        None => Some(at_file(rel, "diag_file_name_utf8", &[], help)),
        Some(n) if n.chars().any(char::is_control) => Some(at_file(rel, "diag_file_name_control", &[], help)),
        Some(_) => None,
    }
}

/// Anything but a regular file: a symbolic link (never followed), a named pipe,
/// socket or device (never opened, so `check` cannot hang on one).
pub fn file_type_problem(rel: &str, t: FileType) -> Option<Diagnostic> {
    let what = if t.is_file() {
        return None;
    } else if t.is_symlink() {
        "file_symlink"
    } else if t.is_dir() {
        "file_folder"
    } else {
        special_kind(t)
    };
    let what = crate::i18n::encode(what, &[]);
    Some(at_file(
        rel,
        "diag_not_regular",
        &[("what", &what)],
        "diag_not_regular_help",
    ))
}

#[cfg(unix)]
fn special_kind(t: FileType) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    if t.is_fifo() {
        "file_pipe"
    } else if t.is_socket() {
        "file_socket"
    } else if t.is_block_device() || t.is_char_device() {
        "file_device"
    } else {
        "file_special"
    }
}

#[cfg(not(unix))]
fn special_kind(_: FileType) -> &'static str {
    "file_special"
}

/// Whether two metadata describe the same file: the one checked and the one opened.
#[cfg(unix)]
pub fn same_file(a: &Metadata, b: &Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    (a.dev(), a.ino()) == (b.dev(), b.ino()) && b.is_file()
}

#[cfg(not(unix))]
pub fn same_file(_: &Metadata, b: &Metadata) -> bool {
    b.is_file()
}

/// The first character that may not be in a content file, and its byte offset:
/// control characters other than tab, line feed and a carriage return before a line
/// feed. NUL and ESC are the usual ones; both would reach pages and terminals.
pub fn control_character(text: &str) -> Option<(usize, char)> {
    let bytes = text.as_bytes();
    text.char_indices().find(|&(i, c)| {
        c.is_control() && c != '\t' && c != '\n' && !(c == '\r' && bytes.get(i + 1) == Some(&b'\n'))
    })
}

/// A file's text is refused at its first control character, with its position.
pub fn check_text(rel: &str, text: &str) -> Result<(), Diagnostic> {
    let Some((at, c)) = control_character(text) else {
        return Ok(());
    };
    Err(Diagnostic::error_t(
        rel,
        "diag_control_character",
        &[("code", &format!("{:04X}", c as u32))],
    )
    .at(text, Span::from_bytes(text, at, at + c.len_utf8(), 1))
    .label_t("diag_control_character_label", &[])
    .help_t("diag_control_character_help", &[]))
}

/// What the per-document checks read from a document's front matter.
pub trait Checked {
    /// The key that holds the document's name: `title`, or `name` for a factor.
    const TITLE_KEY: &'static str;
    fn title(&self) -> &str;
    fn sources(&self) -> &[Source];
}

impl Checked for CaseMeta {
    const TITLE_KEY: &'static str = "title";
    fn title(&self) -> &str {
        &self.title
    }
    fn sources(&self) -> &[Source] {
        &self.sources
    }
}

impl Checked for TermMeta {
    const TITLE_KEY: &'static str = "name";
    fn title(&self) -> &str {
        &self.name
    }
    fn sources(&self) -> &[Source] {
        &self.sources
    }
}

impl Checked for PageMeta {
    const TITLE_KEY: &'static str = "title";
    fn title(&self) -> &str {
        &self.title
    }
    fn sources(&self) -> &[Source] {
        &self.sources
    }
}

impl Checked for super::schema::CollectionMeta {
    const TITLE_KEY: &'static str = "title";
    fn title(&self) -> &str {
        &self.title
    }
    fn sources(&self) -> &[Source] {
        &self.sources
    }
}

/// A document's own checks: a title that is not blank, and source URLs on the
/// allow-list, each reported at its value.
pub fn check_doc<M: Checked>(doc: &Doc<M>, diags: &mut Vec<Diagnostic>) {
    let key = M::TITLE_KEY;
    if doc.meta.title().trim().is_empty() {
        diags.push(
            Diagnostic::error_t(&doc.file.rel, "diag_empty_key", &[("key", key)])
                .at(&doc.file.text, doc.locate(&[Seg::Key(key)]))
                .help_t("diag_empty_title_help", &[]),
        );
    }
    for (i, source) in doc.meta.sources().iter().enumerate() {
        let Some(url) = &source.url else { continue };
        if let Err(why) = safe_url::check_link(url) {
            let path = [Seg::Key("sources"), Seg::Index(i), Seg::Key("url")];
            diags.push(
                Diagnostic::error_t(
                    &doc.file.rel,
                    "diag_source_url_refused",
                    &[("url", url), ("reason", &why.reason())],
                )
                .at(&doc.file.text, doc.locate(&path))
                .help_t(safe_url::HELP, &[]),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_found_but_line_ends_and_tabs_are_not() {
        assert_eq!(control_character("a\tb\r\nc\n"), None);
        assert_eq!(control_character("a\u{1b}[31m"), Some((1, '\u{1b}')));
        assert_eq!(control_character("ab\rc"), Some((2, '\r')));
        assert_eq!(control_character("å\u{0}"), Some((2, '\u{0}')));
        assert_eq!(control_character("x\u{9b}"), Some((1, '\u{9b}')));
    }
}
