//! A `Diff` as text for a terminal, as Markdown for a pull request's job summary
//! (`$GITHUB_STEP_SUMMARY`), or as JSON; the words are the site's (`diff_*`).
//!
//! The lists are cut at `limit` items each in text and Markdown, with how many more
//! there are, since a change to a factor can touch every case page and a job summary
//! holds at most a megabyte; JSON always lists everything.

use std::fmt::Write as _;

use super::{Changes, Counts, Diff, Page};
use crate::i18n::{self, Strings};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Lines for a terminal: `+` added, `~` changed, `-` removed.
    Human,
    /// Markdown, for a pull request's job summary.
    Markdown,
    /// The whole diff as one JSON object.
    Json,
}

/// `diff` in `format`, with the strings `t`.
pub fn render(diff: &Diff, format: Format, t: &Strings, limit: usize) -> String {
    match format {
        Format::Json => {
            let mut s = serde_json::to_string_pretty(diff).expect("a diff is plain data");
            s.push('\n');
            s
        }
        Format::Human => human(diff, t, limit),
        Format::Markdown => markdown(diff, t, limit),
    }
}

/// "1 ny, 3 ändrade, 0 borttagna", as `key` (`diff_pages`, `diff_files`, `diff_search`).
fn tally(t: &Strings, key: &str, (added, changed, removed): (usize, usize, usize)) -> String {
    let n = |key: &str, n: usize| {
        let key = if n == 1 {
            format!("{key}_one")
        } else {
            key.to_string()
        };
        i18n::text(t, &key, &[("n", &n.to_string())])
    };
    i18n::text(
        t,
        key,
        &[
            ("added", &n("diff_added", added)),
            ("changed", &n("diff_changed", changed)),
            ("removed", &n("diff_removed", removed)),
            ("path", &search_path()),
        ],
    )
}

fn counts<T>(c: &Changes<T>) -> (usize, usize, usize) {
    (c.added.len(), c.changed.len(), c.removed.len())
}

fn search_counts(c: &Counts) -> (usize, usize, usize) {
    (c.added, c.changed, c.removed)
}

fn search_path() -> String {
    crate::urls::search_data("/").trim_start_matches('/').to_string()
}

/// The three lists of `changes` with their sign (`+`, `~`, `-`) and the strings' key
/// for their heading (`diff_<added|changed|removed>_<what>`).
fn lists<'a, T>(changes: &'a Changes<T>, what: &str) -> [(&'static str, String, &'a [T]); 3] {
    [
        ("+", format!("diff_added_{what}"), &changes.added[..]),
        ("~", format!("diff_changed_{what}"), &changes.changed[..]),
        ("-", format!("diff_removed_{what}"), &changes.removed[..]),
    ]
}

fn more(t: &Strings, total: usize, limit: usize) -> Option<String> {
    (total > limit).then(|| i18n::text(t, "diff_more", &[("n", &(total - limit).to_string())]))
}

fn human(diff: &Diff, t: &Strings, limit: usize) -> String {
    if diff.is_empty() {
        return format!("{}\n", i18n::get(t, "diff_none"));
    }
    let mut out = String::new();
    let _ = writeln!(out, "{}", tally(t, "diff_pages", counts(&diff.pages)));
    for (sign, _, list) in lists(&diff.pages, "pages") {
        items(&mut out, t, sign, list.iter().map(page_line), list.len(), limit);
    }
    if !diff.files.is_empty() {
        let _ = writeln!(out, "{}", tally(t, "diff_files", counts(&diff.files)));
        for (sign, _, list) in lists(&diff.files, "files") {
            items(&mut out, t, sign, list.iter().cloned(), list.len(), limit);
        }
    }
    if !diff.search.is_empty() {
        let _ = writeln!(out, "{}", tally(t, "diff_search", search_counts(&diff.search)));
    }
    out
}

/// The first `limit` of a list's `total` lines, indented and signed.
fn items(
    out: &mut String,
    t: &Strings,
    sign: &str,
    lines: impl Iterator<Item = String>,
    total: usize,
    limit: usize,
) {
    for line in lines.take(limit) {
        let _ = writeln!(out, "  {sign} {line}");
    }
    if let Some(more) = more(t, total, limit) {
        let _ = writeln!(out, "  {sign} {more}");
    }
}

fn page_line(p: &Page) -> String {
    if p.title.is_empty() {
        p.url.clone()
    } else {
        format!("{}  {}", p.url, p.title)
    }
}

fn markdown(diff: &Diff, t: &Strings, limit: usize) -> String {
    let mut out = format!("### {}\n\n", escape(i18n::get(t, "diff_heading")));
    if diff.is_empty() {
        let _ = writeln!(out, "{}", escape(i18n::get(t, "diff_none")));
        return out;
    }
    let _ = writeln!(out, "{}\n", escape(&tally(t, "diff_pages", counts(&diff.pages))));
    for (_, key, list) in lists(&diff.pages, "pages") {
        if list.is_empty() {
            continue;
        }
        let _ = writeln!(out, "**{}**\n", escape(i18n::get(t, &key)));
        for p in list.iter().take(limit) {
            let title = if p.title.is_empty() {
                String::new()
            } else {
                format!(" {}", escape(&p.title))
            };
            let _ = writeln!(out, "- {}{title}", code(&p.url));
        }
        if let Some(more) = more(t, list.len(), limit) {
            let _ = writeln!(out, "- {}", escape(&more));
        }
        out.push('\n');
    }
    if !diff.files.is_empty() {
        // Data files and PDFs matter less to a reviewer than pages: folded away.
        let summary = html(&tally(t, "diff_files", counts(&diff.files)));
        let _ = writeln!(out, "<details><summary>{summary}</summary>\n");
        for (_, key, list) in lists(&diff.files, "files") {
            if list.is_empty() {
                continue;
            }
            let _ = writeln!(out, "**{}**\n", escape(i18n::get(t, &key)));
            for f in list.iter().take(limit) {
                let _ = writeln!(out, "- {}", code(f));
            }
            if let Some(more) = more(t, list.len(), limit) {
                let _ = writeln!(out, "- {}", escape(&more));
            }
            out.push('\n');
        }
        out.push_str("</details>\n\n");
    }
    if !diff.search.is_empty() {
        let _ = writeln!(
            out,
            "{}",
            escape(&tally(t, "diff_search", search_counts(&diff.search)))
        );
    }
    out
}

/// Text that Markdown shows as it is: every mark that can begin inline markup or
/// HTML escaped (CommonMark allows it for any ASCII punctuation), and line breaks
/// made spaces, so a title can start no list, link, tag, table cell or emphasis.
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if "\\`*_[]<>&|~!#{}".contains(c) {
            out.push('\\');
            out.push(c);
        } else if c.is_whitespace() {
            out.push(' ');
        } else {
            out.push(c);
        }
    }
    out
}

/// Text inside an HTML element (`<summary>`), where Markdown is not read.
fn html(s: &str) -> String {
    crate::render::theme::escape_html(s)
}

/// A path as inline code; one with a backtick, which no path the build writes has,
/// as escaped text instead.
fn code(s: &str) -> String {
    if s.contains('`') || s.contains('\n') {
        escape(s)
    } else {
        format!("`{s}`")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_shows_a_title_as_text() {
        assert_eq!(
            escape("a *b* [c](d) <e>\n- f: g"),
            r"a \*b\* \[c\](d) \<e\> - f: g"
        );
        assert_eq!(code("fall/vara/"), "`fall/vara/`");
        assert_eq!(code("a`b"), r"a\`b");
    }
}
