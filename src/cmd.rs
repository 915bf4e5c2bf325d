//! The commands' output and exit codes: 0 ok, 1 problems in the user's input (the
//! content, the configuration or a command-line value), 2 internal failure.
//!
//! A command's own messages are in the site's language, from the theme's strings
//! (`cli_*`), and so is the frame of every diagnostic (`diag_*`) and the text of
//! `check`'s warnings (`quality_*`).

use std::io::Write;
use std::path::Path;

use crate::build::{self, Checked};
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
            let note = i18n::get(&s.strings, "diag_note");
            for text in &s.notes {
                eprintln!("{note}: {text}");
            }
            print_stages(&s.stages);
            0
        }
        Err(e) => report(root, e, Format::Human),
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
        Err(e) => report(root, e, Format::Human),
    }
}

/// `check`: the errors, or the quality warnings (`crate::quality`), which with
/// `deny_warnings` count as errors. `--format json` writes one object, the
/// diagnostics and every case's readability.
pub fn check(root: &Path, format: Format, deny_warnings: bool) -> u8 {
    let Checked {
        site,
        strings,
        quality,
        stages,
    } = match build::check(root) {
        Ok(checked) => checked,
        Err(e) => return report(root, e, format),
    };
    let mut warnings = quality.warnings;
    if deny_warnings {
        for w in &mut warnings {
            w.level = diagnostic::Level::Error;
        }
    }
    let failed = deny_warnings && !warnings.is_empty();
    match format {
        Format::Json => print!("{}", check_json(&warnings, &quality.cases)),
        Format::Github => print_diagnostics(&warnings, format, &strings),
        Format::Human if failed => print_diagnostics(&warnings, format, &strings),
        Format::Human => {
            let mut err = std::io::stderr().lock();
            for w in &warnings {
                let _ = writeln!(err, "{}", diagnostic::render_human(w, &strings));
            }
            if warnings.is_empty() {
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
            } else {
                let word = diagnostic::level_word(diagnostic::Level::Warning, &strings);
                let summary = count(&strings, "diag_found_warnings", warnings.len());
                let _ = writeln!(err, "{word}: {summary}");
            }
        }
    }
    print_stages(&stages);
    u8::from(failed)
}

/// Each stage's time, on stderr, when `ROTSYSTEM_TIMINGS` is set (for the benchmarks).
fn print_stages(stages: &[(&'static str, std::time::Duration)]) {
    if std::env::var_os("ROTSYSTEM_TIMINGS").is_some() {
        for (name, d) in stages {
            eprintln!("  {name:<18} {:>7.3} s", d.as_secs_f64());
        }
    }
}

/// `check --format json`: `{"diagnostics": [...], "cases": [{file, lix, ...}]}`.
fn check_json(diags: &[Diagnostic], cases: &[crate::quality::CaseScore]) -> String {
    let value = serde_json::json!({ "diagnostics": diags, "cases": cases });
    serde_json::to_string_pretty(&value).expect("diagnostics serialize") + "\n"
}

/// Prints the best `limit` cases for `query` and the `--facet NAME=VALUE` filters in
/// `facets`; exit 1 when nothing matches, as grep.
pub fn search(
    root: &Path,
    mut query: crate::search::Query,
    facets: &[String],
    limit: usize,
    json: bool,
) -> u8 {
    // `NAME=VALUE` is read here rather than by clap, so its error is in the site's words.
    let mut malformed = Vec::new();
    for arg in facets {
        match arg.split_once('=') {
            Some((name, value)) if !name.is_empty() => {
                query.filters.push((name.to_string(), value.to_string()))
            }
            _ => malformed.push(
                Diagnostic::error_t(diagnostic::COMMAND_LINE, "diag_cli_facet_syntax", &[("arg", arg)])
                    .help_t("diag_cli_facet_syntax_help", &[]),
            ),
        }
    }
    if !malformed.is_empty() {
        return report(root, LoadError::Content(malformed), Format::Human);
    }
    let site = match build::load(root) {
        Ok(site) => site,
        Err(e) => return report(root, e, Format::Human),
    };
    let theme = match crate::render::theme::Theme::load(&root.join(&site.config.output.html.theme)) {
        Ok(theme) => theme,
        Err(e) => return report(root, LoadError::Internal(e), Format::Human),
    };
    let index = match crate::search::SearchIndex::build(&site, theme.strings(&site.config.book.language)) {
        Ok(index) => index,
        Err(e) => return report(root, LoadError::Internal(e), Format::Human),
    };
    let problems = index.check_filters(&query.filters);
    if !problems.is_empty() {
        return report(root, LoadError::Content(problems), Format::Human);
    }
    let hits = match index.search(&query) {
        Ok(hits) => hits,
        Err(e) => return report(root, LoadError::Internal(e), Format::Human),
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
    let root = opts.root.clone();
    let timings = std::env::var_os("ROTSYSTEM_TIMINGS").is_some();
    // Read at each report, since book.toml, and its language, may change meanwhile.
    let site = root.clone();
    let report = move |r: crate::serve::Report| {
        let text = r.text(&crate::render::theme::site_strings(&site), timings);
        if r.is_output() {
            println!("{text}");
        } else {
            eprintln!("{text}");
        }
    };
    match crate::serve::run(&opts, std::sync::Arc::new(report)) {
        Ok(()) => 0,
        Err(e) => self::report(&root, LoadError::Internal(e), Format::Human),
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
        Err(e) => report(root, e, Format::Human),
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
        Err(e) => return report(root, e, Format::Human),
    };
    match crate::diff::compare(old, new) {
        Ok(diff) => {
            print!("{}", crate::diff::render(&diff, format, &strings, limit));
            0
        }
        Err(e) => report(root, LoadError::Internal(e), Format::Human),
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

/// Prints what went wrong with the site at `root`, in its language; the exit code.
fn report(root: &Path, e: LoadError, format: Format) -> u8 {
    match e {
        LoadError::Content(diags) => {
            let strings = crate::render::theme::site_strings(root);
            print_diagnostics(&diags, format, &strings);
            1
        }
        LoadError::Internal(e) => {
            // What failed is the system's own sentence (an I/O error, a refused
            // destination), which has no interface string; the frame is the site's.
            let strings = crate::render::theme::site_strings(root);
            let word = diagnostic::level_word(diagnostic::Level::Error, &strings);
            let text = i18n::said_all(&strings, &format!("{e:#}"));
            eprintln!("{word}: {}", diagnostic::visible(&text));
            2
        }
    }
}

fn print_diagnostics(diags: &[Diagnostic], format: Format, t: &Strings) {
    let diags: Vec<Diagnostic> = diags.iter().map(|d| d.clone().localize(t)).collect();
    let diags = diags.as_slice();
    match format {
        Format::Human => {
            let mut err = std::io::stderr().lock();
            for d in diags {
                let _ = writeln!(err, "{}", diagnostic::render_human(d, t));
            }
            // A wrong id on the command line is not a problem in the content.
            let key = if diags.iter().all(|d| d.file == diagnostic::COMMAND_LINE) {
                "diag_found_errors_cli"
            } else {
                "diag_found_errors"
            };
            let word = diagnostic::level_word(diagnostic::Level::Error, t);
            let _ = writeln!(err, "{word}: {}", count(t, key, diags.len()));
        }
        Format::Github => {
            for d in diags {
                print!("{}", diagnostic::render_github(d, t));
            }
        }
        Format::Json => print!("{}", check_json(diags, &[])),
    }
}
