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

pub fn serve(opts: crate::serve::Options) -> u8 {
    match crate::serve::run(&opts) {
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
