//! The commands' output and exit codes: 0 ok, 1 problems in the user's input (the
//! content, the configuration or a command-line value), 2 internal failure.
//!
//! A command's own messages are in the site's language, from the theme's strings
//! (`cli_*`); diagnostics are in English.

use std::io::Write;
use std::path::Path;

use crate::build;
use crate::diagnostic::{self, Diagnostic};
use crate::i18n::{self, Strings};
use crate::site::LoadError;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Like cargo: the source line with carets and help.
    Human,
    /// GitHub Actions annotations.
    Github,
    /// A JSON array of diagnostics.
    Json,
}

pub fn build(root: &Path, dest: Option<&Path>) -> u8 {
    match build::build(root, dest) {
        Ok(s) => {
            let line = i18n::text(
                &s.strings,
                "cli_built",
                &[
                    ("pages", &s.pages.to_string()),
                    ("cases", &s.cases.to_string()),
                    ("seconds", &seconds(s.elapsed)),
                    ("dest", &s.dest.display().to_string()),
                ],
            );
            println!("{line}");
            for note in &s.notes {
                eprintln!("note: {note}");
            }
            if std::env::var_os("ROTSYSTEM_TIMINGS").is_some() {
                for (name, d) in &s.stages {
                    eprintln!("  {name:<18} {:>7.3} s", d.as_secs_f64());
                }
            }
            0
        }
        Err(e) => report(e, Format::Human),
    }
}

pub fn handouts(root: &Path, dest: Option<&Path>, factors: &[String], pdf: bool) -> u8 {
    match build::handouts(root, dest, factors, pdf) {
        Ok(s) => {
            let t = &s.strings;
            let line = i18n::text(
                t,
                "cli_handouts",
                &[
                    ("pages", &count(t, "cli_handout_pages", s.pages)),
                    ("pdfs", &count(t, "cli_pdfs", s.pdfs)),
                    ("seconds", &seconds(s.elapsed)),
                    ("dest", &s.dest.display().to_string()),
                ],
            );
            println!("{line}");
            0
        }
        Err(e) => report(e, Format::Human),
    }
}

pub fn check(root: &Path, format: Format) -> u8 {
    match build::check(root) {
        Ok(build::Checked { site, strings }) => {
            if format == Format::Json {
                print!("{}", diagnostic::render_json(&[]));
            } else if format == Format::Human {
                let line = i18n::text(
                    &strings,
                    "cli_checked",
                    &[
                        ("cases", &site.cases.len().to_string()),
                        ("factors", &site.factors().len().to_string()),
                        ("steps", &site.steps().len().to_string()),
                        ("pages", &site.pages.len().to_string()),
                    ],
                );
                println!("{line}");
            }
            0
        }
        Err(e) => report(e, format),
    }
}

/// Prints the best `limit` cases for `query`; exit 1 when nothing matches, as grep.
pub fn search(root: &Path, query: crate::search::Query, limit: usize, json: bool) -> u8 {
    let site = match build::load(root) {
        Ok(site) => site,
        Err(e) => return report(e, Format::Human),
    };
    let theme = match crate::render::theme::Theme::load(&root.join(&site.config.output.html.theme)) {
        Ok(theme) => theme,
        Err(e) => return report(LoadError::Internal(e), Format::Human),
    };
    let index = match crate::search::SearchIndex::build(&site, theme.strings(&site.config.book.language)) {
        Ok(index) => index,
        Err(e) => return report(LoadError::Internal(e), Format::Human),
    };
    let problems = index.check_filters(&query.filters);
    if !problems.is_empty() {
        return report(LoadError::Content(problems), Format::Human);
    }
    let hits = match index.search(&query) {
        Ok(hits) => hits,
        Err(e) => return report(LoadError::Internal(e), Format::Human),
    };
    let t = theme.strings(&site.config.book.language);
    let mut out = std::io::stdout().lock();
    for (rank, hit) in hits.iter().take(limit).enumerate() {
        let doc = &index.docs[hit.doc];
        let line = if json {
            serde_json::json!({
                "rank": rank + 1, "url": doc.url, "title": doc.title,
                "score": hit.score, "typos": hit.typos, "matched": hit.matched, "words": hit.words,
            })
            .to_string()
        } else {
            let mut notes = Vec::new();
            if hit.matched < hit.words {
                let (m, n) = (hit.matched.to_string(), hit.words.to_string());
                notes.push(i18n::text(t, "search_partial", &[("m", &m), ("n", &n)]));
            }
            if hit.typos > 0 {
                let n = hit.typos.to_string();
                notes.push(i18n::text(t, "cli_search_typos", &[("n", &n)]));
            }
            let typos = if notes.is_empty() {
                String::new()
            } else {
                format!("  ({})", notes.join(", "))
            };
            format!(
                "{:>3}. {:<8.3} {}  {}{typos}",
                rank + 1,
                hit.score,
                doc.title,
                doc.url
            )
        };
        if writeln!(out, "{line}").is_err() {
            return 2;
        }
    }
    if !json {
        let key = if hits.len() == 1 {
            "cli_search_hits_one"
        } else {
            "cli_search_hits"
        };
        eprintln!("{}", i18n::text(t, key, &[("n", &hits.len().to_string())]));
    }
    u8::from(hits.is_empty())
}

pub fn serve(opts: crate::serve::Options) -> u8 {
    let timings = std::env::var_os("ROTSYSTEM_TIMINGS").is_some();
    let report = move |r: crate::serve::Report| match (r.is_output(), timings) {
        (true, _) => println!("{r}"),
        (false, true) => eprintln!("{r:#}"),
        (false, false) => eprintln!("{r}"),
    };
    match crate::serve::run(&opts, std::sync::Arc::new(report)) {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("error: {e:#}");
            2
        }
    }
}

pub fn new_case(root: &Path, req: crate::scaffold::NewCase) -> u8 {
    match crate::scaffold::new_case(root, &req) {
        Ok(created) => {
            let path = diagnostic::display_path(root, &created.path);
            println!(
                "{}",
                i18n::text(&created.strings, "cli_created", &[("path", &path)])
            );
            0
        }
        Err(e) => report(e, Format::Human),
    }
}

/// Prints what differs between the built sites `old` and `new`, in the words of the
/// site at `root`. Exit 0 whether or not they differ: a difference is the answer, not
/// a problem.
pub fn diff(root: &Path, old: &Path, new: &Path, format: crate::diff::Format, limit: usize) -> u8 {
    let strings = crate::config::Config::load(root)
        .map_err(|d| LoadError::Content(vec![*d]))
        .and_then(|config| {
            let theme = root.join(&config.output.html.theme);
            crate::render::theme::strings_of(&theme, &config.book.language).map_err(LoadError::Internal)
        });
    let strings = match strings {
        Ok(strings) => strings,
        Err(e) => return report(e, Format::Human),
    };
    match crate::diff::compare(old, new) {
        Ok(diff) => {
            print!("{}", crate::diff::render(&diff, format, &strings, limit));
            0
        }
        Err(e) => report(LoadError::Internal(e), Format::Human),
    }
}

/// `key` for one (`<key>_one`) or for any other count, with `{n}` filled.
fn count(t: &Strings, key: &str, n: usize) -> String {
    let key = if n == 1 {
        format!("{key}_one")
    } else {
        key.to_string()
    };
    i18n::text(t, &key, &[("n", &n.to_string())])
}

fn seconds(d: std::time::Duration) -> String {
    format!("{:.2}", d.as_secs_f64())
}

fn report(e: LoadError, format: Format) -> u8 {
    match e {
        LoadError::Content(diags) => {
            print_diagnostics(&diags, format);
            1
        }
        LoadError::Internal(e) => {
            eprintln!("error: {e:#}");
            2
        }
    }
}

fn print_diagnostics(diags: &[Diagnostic], format: Format) {
    match format {
        Format::Human => {
            let mut err = std::io::stderr().lock();
            for d in diags {
                let _ = writeln!(err, "{}", diagnostic::render_human(d));
            }
            let n = diags.len();
            // A wrong id on the command line is not a problem in the content.
            let place = if diags.iter().all(|d| d.file == diagnostic::COMMAND_LINE) {
                "on the command line"
            } else {
                "in the content"
            };
            let _ = writeln!(
                err,
                "error: found {n} problem{} {place}",
                if n == 1 { "" } else { "s" }
            );
        }
        Format::Github => {
            for d in diags {
                print!("{}", diagnostic::render_github(d));
            }
        }
        Format::Json => print!("{}", diagnostic::render_json(diags)),
    }
}
