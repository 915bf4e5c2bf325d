//! The commands' output and exit codes: 0 ok, 1 content problems, 2 internal failure.

use std::io::Write;
use std::path::Path;

use crate::build;
use crate::diagnostic::{self, Diagnostic};
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
            println!(
                "Built {} pages ({} cases) in {:.2} s into {}",
                s.pages,
                s.cases,
                s.elapsed.as_secs_f64(),
                s.dest.display()
            );
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

pub fn handouts(root: &Path, dest: Option<&Path>, factor: Option<&str>, pdf: bool) -> u8 {
    match build::handouts(root, dest, factor, pdf) {
        Ok(s) => {
            println!(
                "Wrote {} handout page{} and {} PDF{} in {:.2} s into {}",
                s.pages,
                if s.pages == 1 { "" } else { "s" },
                s.pdfs,
                if s.pdfs == 1 { "" } else { "s" },
                s.elapsed.as_secs_f64(),
                s.dest.display()
            );
            0
        }
        Err(e) => report(e, Format::Human),
    }
}

pub fn check(root: &Path, format: Format) -> u8 {
    match build::check(root) {
        Ok(site) => {
            if format == Format::Json {
                print!("{}", diagnostic::render_json(&[]));
            } else if format == Format::Human {
                println!(
                    "No problems in {} cases, {} factors, {} steps and {} pages",
                    site.cases.len(),
                    site.factors.len(),
                    site.steps.len(),
                    site.pages.len()
                );
            }
            0
        }
        Err(e) => report(e, format),
    }
}

/// Prints the best `limit` cases for `query`; exit 1 when nothing matches, as grep.
pub fn search(root: &Path, query: crate::search::Query, limit: usize, json: bool) -> u8 {
    let site = match build::check(root) {
        Ok(site) => site,
        Err(e) => return report(e, Format::Human),
    };
    let index = match crate::search::SearchIndex::build(&site) {
        Ok(index) => index,
        Err(e) => return report(LoadError::Internal(e), Format::Human),
    };
    if let Err(message) = index.check_filters(&query.filters) {
        eprintln!("error: {message}");
        return 2;
    }
    let hits = match index.search(&query) {
        Ok(hits) => hits,
        Err(e) => return report(LoadError::Internal(e), Format::Human),
    };
    let mut out = std::io::stdout().lock();
    for (rank, hit) in hits.iter().take(limit).enumerate() {
        let doc = &index.docs[hit.doc];
        let line = if json {
            serde_json::json!({
                "rank": rank + 1, "url": doc.url, "title": doc.title,
                "score": hit.score, "typos": hit.typos,
            })
            .to_string()
        } else {
            let typos = if hit.typos > 0 {
                format!("  ({} stavfel)", hit.typos)
            } else {
                String::new()
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
        eprintln!("{} träffar", hits.len());
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
        Ok(path) => {
            println!("Created {}", diagnostic::display_path(root, &path));
            0
        }
        Err(e) => report(e, Format::Human),
    }
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
            let _ = writeln!(
                err,
                "error: found {n} problem{} in the content",
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
