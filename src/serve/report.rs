//! What the server has to say, handed to `cmd` to print (only `cmd` prints), and the
//! error text the overlay shows.
//!
//! The overlay's errors are reachable by any client of the server, so no byte of a
//! file outside the site may be in them. A diagnostic about a file that is a symlink,
//! sits below one, or is not a regular file is therefore replaced by one that names
//! the file and shows none of its content, whatever the loader put in it.

use std::path::{Component, Path, PathBuf};
use std::time::Duration;

use crate::diagnostic::{render_human, Diagnostic};
use crate::i18n::{self, Strings};
use crate::site::LoadError;

/// One event of a running server, for the terminal.
pub enum Report {
    /// Listening; the one line on standard output.
    Serving {
        root: PathBuf,
        url: String,
    },
    /// The pages were rebuilt and published.
    Rebuilt {
        version: u64,
        elapsed: Duration,
        pages_rendered: usize,
        pages_kept: usize,
        stages: Vec<(&'static str, Duration)>,
    },
    /// The search index and the handouts were rebuilt and published.
    Derived {
        version: u64,
        job: Duration,
        applied: Duration,
        pdfs_rendered: usize,
        pdfs_kept: usize,
        stages: Vec<(&'static str, Duration)>,
    },
    /// A derived job made from pages that have since changed; a newer one follows.
    DerivedDiscarded,
    /// A rebuild failed; the last good site stays served.
    Failed {
        derived: bool,
        errors: Vec<String>,
    },
    Warning(String),
}

impl Report {
    /// Whether this goes to standard output (the rest is standard error).
    pub fn is_output(&self) -> bool {
        matches!(self, Report::Serving { .. })
    }
}

impl Report {
    /// The report in the language of `t`; `timings` adds each stage's time, for
    /// `ROTSYSTEM_TIMINGS`.
    pub fn text(&self, t: &Strings, timings: bool) -> String {
        let ms = |d: &Duration| format!("{:.0}", d.as_secs_f64() * 1000.0);
        let (line, stages) = match self {
            Report::Serving { root, url } => {
                let root = root.display().to_string();
                return i18n::text(t, "serve_serving", &[("root", &root), ("url", url)]);
            }
            Report::Rebuilt {
                version,
                elapsed,
                pages_rendered,
                pages_kept,
                stages,
            } => {
                let args = [
                    ("version", version.to_string()),
                    ("ms", ms(elapsed)),
                    ("rendered", pages_rendered.to_string()),
                    ("kept", pages_kept.to_string()),
                ];
                (said(t, "serve_rebuilt", &args), stages)
            }
            Report::Derived {
                version,
                job,
                applied,
                pdfs_rendered,
                pdfs_kept,
                stages,
            } => {
                let args = [
                    ("version", version.to_string()),
                    ("ms", ms(job)),
                    ("applied", ms(applied)),
                    ("rendered", pdfs_rendered.to_string()),
                    ("kept", pdfs_kept.to_string()),
                ];
                (said(t, "serve_derived", &args), stages)
            }
            Report::DerivedDiscarded => return i18n::get(t, "serve_derived_discarded").to_string(),
            Report::Failed { derived, errors } => {
                let what = if *derived {
                    "serve_failed_derived"
                } else {
                    "serve_failed"
                };
                return format!("{}:\n{}", i18n::get(t, what), errors.join("\n"));
            }
            Report::Warning(text) => {
                let word = crate::diagnostic::level_word(crate::diagnostic::Level::Warning, t);
                return format!("{word}: {}", i18n::said(t, text));
            }
        };
        let mut out = line;
        if timings {
            for (name, d) in stages {
                out.push_str(&format!("\n  {name:<16} {:>7.1} ms", d.as_secs_f64() * 1000.0));
            }
        }
        out
    }
}

fn said(t: &Strings, key: &str, args: &[(&str, String)]) -> String {
    let args: Vec<(&str, &str)> = args.iter().map(|(a, v)| (*a, v.as_str())).collect();
    i18n::text(t, key, &args)
}

/// The errors as the overlay and the terminal show them, in the site's language
/// (read again at every failure, since book.toml may have changed).
pub fn error_lines(root: &Path, e: LoadError) -> Vec<String> {
    let t = crate::render::theme::site_strings(root);
    match e {
        LoadError::Content(diags) => diags
            .iter()
            .map(|d| render_human(&shown(root, d).localize(&t), &t))
            .collect(),
        LoadError::Internal(e) => vec![format!(
            "{}: {}",
            crate::i18n::get(&t, "diag_error"),
            crate::i18n::said_all(&t, &format!("{e:#}"))
        )],
    }
}

/// `d`, or, when its file is not a regular file of the site's own, a diagnostic that
/// names the file and nothing of what it holds.
fn shown(root: &Path, d: &Diagnostic) -> Diagnostic {
    if !foreign(root, Path::new(&d.file)) {
        return d.clone();
    }
    Diagnostic::error_t(&d.file, "diag_foreign_file", &[]).help_t("diag_foreign_file_help", &[])
}

/// Whether `rel` (relative to `root`) leaves the site: by `..` or an absolute path, by a
/// symlink at any step, or by being something other than a folder or a regular file.
/// A path that is gone is not: nothing more can be read through it.
fn foreign(root: &Path, rel: &Path) -> bool {
    let mut path = root.to_path_buf();
    for part in rel.components() {
        let Component::Normal(name) = part else {
            return !matches!(part, Component::CurDir);
        };
        path.push(name);
        match std::fs::symlink_metadata(&path) {
            Ok(meta) if meta.file_type().is_symlink() => return true,
            Ok(meta) if !meta.is_dir() && !meta.is_file() => return true,
            Ok(_) => {}
            Err(_) => return false,
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[cfg(unix)]
    fn a_diagnostic_about_a_symlink_shows_nothing_of_its_target() {
        let dir = tempfile::tempdir().unwrap();
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("secret.md"), "---\ntitel: HEMLIGT-1\n---\n").unwrap();
        std::fs::create_dir_all(dir.path().join("content/cases")).unwrap();
        std::fs::write(dir.path().join("content/cases/own.md"), "x").unwrap();
        std::os::unix::fs::symlink(
            outside.path().join("secret.md"),
            dir.path().join("content/cases/s.md"),
        )
        .unwrap();
        std::os::unix::fs::symlink(outside.path(), dir.path().join("content/steps")).unwrap();
        let text = "---\ntitel: HEMLIGT-1\n---\n";
        let diag = |file: &str| {
            Diagnostic::error(file, "unknown field `titel`, HEMLIGT-1")
                .at(text, crate::diagnostic::Span::new(2, 1, 5))
                .label("HEMLIGT-1")
        };
        for file in [
            "content/cases/s.md",
            "content/steps/secret.md",
            "../x/secret.md",
            "/etc/passwd",
        ] {
            let t = crate::render::theme::builtin_strings("en");
            let shown = render_human(&shown(dir.path(), &diag(file)), &t);
            assert!(!shown.contains("HEMLIGT"), "{shown}");
            assert!(shown.contains(file), "{shown}");
        }
        let t = crate::render::theme::builtin_strings("en");
        let own = render_human(&shown(dir.path(), &diag("content/cases/own.md")), &t);
        assert!(own.contains("titel: HEMLIGT-1"), "{own}");
    }
}
