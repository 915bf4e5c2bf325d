//! `rotsystem new case`: a new case file with valid front matter and the library's
//! section skeleton. Its placeholders (`load::placeholders`) are what `check` refuses
//! until the editor has written the case.
//!
//! Names are checked against the loaded vocabulary before anything is written, and
//! an existing file is never overwritten.

use std::path::{Path, PathBuf};

use crate::diagnostic::{Diagnostic, COMMAND_LINE};
use crate::i18n::Strings;
use crate::load::{placeholders, slugify};
use crate::site::LoadError;

pub struct NewCase<'a> {
    pub title: &'a str,
    /// A municipality's id or name (`pitea` or `Piteå`).
    pub municipality: Option<&'a str>,
    pub factors: &'a [String],
    pub year: Option<i32>,
    /// One or two sentences; a placeholder to replace when absent.
    pub summary: Option<&'a str>,
}

/// A written case file.
pub struct Created {
    pub path: PathBuf,
    /// The site's interface strings, for the command's message.
    pub strings: Strings,
}

/// Writes `content/cases/<slug>.md`.
pub fn new_case(root: &Path, req: &NewCase) -> Result<Created, LoadError> {
    let content = crate::site::Site::load(root)?;
    let config = &content.config;
    let strings =
        crate::render::theme::strings_of(&root.join(&config.output.html.theme), &config.book.language)
            .map_err(LoadError::Internal)?;
    let mut problems = Vec::new();

    let slug = case_slug(req.title);
    if req.title.chars().any(char::is_control) {
        problems.push(
            Diagnostic::error_t(COMMAND_LINE, "diag_cli_title_control", &[])
                .help_t("diag_cli_title_control_help", &[]),
        );
    } else if slug.is_empty() {
        problems.push(
            Diagnostic::error_t(COMMAND_LINE, "diag_cli_title_empty", &[])
                .help_t("diag_cli_title_empty_help", &[]),
        );
    }
    let municipality = req.municipality.and_then(|wanted| {
        let found = content
            .municipalities
            .iter()
            .find(|m| m.id == wanted || m.name.to_lowercase() == wanted.to_lowercase());
        if found.is_none() {
            let names: Vec<&str> = content.municipalities.iter().map(|m| m.name.as_str()).collect();
            problems.push(
                Diagnostic::error_t(COMMAND_LINE, "diag_cli_unknown_municipality", &[("name", wanted)])
                    .suggest(wanted, names.iter().copied())
                    .help_t("diag_cli_unknown_municipality_help", &[]),
            );
        }
        found.map(|m| m.id.clone())
    });
    let factor_ids: Vec<&str> = content.factors().iter().map(|f| f.doc.slug.as_str()).collect();
    if req.factors.is_empty() {
        problems.push(
            Diagnostic::error_t(COMMAND_LINE, "diag_cli_no_factor", &[])
                .help_t("diag_cli_no_factor_help", &[("ids", &factor_ids.join(", "))]),
        );
    }
    for f in req.factors {
        if !factor_ids.contains(&f.as_str()) {
            problems.push(
                Diagnostic::error_t(COMMAND_LINE, "diag_cli_unknown_factor", &[("id", f)])
                    .suggest(f, factor_ids.iter().copied())
                    .help_t("diag_cli_factors_help", &[("ids", &factor_ids.join(", "))]),
            );
        }
    }
    if let Some(year) = req.year.filter(|y| !(1900..=2100).contains(y)) {
        problems.push(
            Diagnostic::error_t(COMMAND_LINE, "diag_cli_year", &[("year", &year.to_string())])
                .help_t("diag_cli_year_help", &[]),
        );
    }
    let rel = format!("{}/cases/{slug}.md", config.book.src.display());
    let path = root.join(&rel);
    if !slug.is_empty() && path.exists() {
        problems.push(
            Diagnostic::error_t(&rel, "diag_cli_case_exists", &[])
                .label_t(
                    "diag_cli_case_exists_label",
                    &[("title", req.title.trim()), ("file", &format!("{slug}.md"))],
                )
                .help_t("diag_cli_case_exists_help", &[]),
        );
    }
    if !problems.is_empty() {
        return Err(LoadError::Content(problems));
    }

    let text = skeleton(req, municipality.as_deref());
    // `create_new` so that a file appearing between the check and now is not lost.
    let write = || -> std::io::Result<()> {
        use std::io::Write;
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)?;
        file.write_all(text.as_bytes())
    };
    write().map_err(|e| LoadError::Internal(anyhow::anyhow!("cannot write {rel}: {e}")))?;
    Ok(Created { path, strings })
}

/// The longest file name a title gives, in characters: room for the `.md` and any
/// file system, and still readable in an address.
pub const MAX_SLUG: usize = 60;

/// A new case's slug: its title's, cut at a word boundary to at most `MAX_SLUG`
/// characters, so a long title still makes a valid, short file name.
/// `themes/default/static/suggest.js` does the same.
pub fn case_slug(title: &str) -> String {
    let slug = slugify(title);
    if slug.len() <= MAX_SLUG {
        return slug;
    }
    let cut = &slug[..=MAX_SLUG];
    match cut.rfind('-') {
        Some(i) if i > 0 => cut[..i].to_string(),
        _ => slug[..MAX_SLUG].trim_end_matches('-').to_string(),
    }
}

fn quoted(s: &str) -> String {
    // A JSON string is a valid YAML double-quoted scalar, whatever it contains.
    serde_json::to_string(s).expect("strings serialize")
}

/// The new file's text. `themes/default/static/suggest.js` writes the same text in
/// the browser for the "Föreslå ett fall" page; a test holds the two together.
fn skeleton(req: &NewCase, municipality: Option<&str>) -> String {
    let mut s = format!("---\ntitle: {}\n", quoted(req.title.trim()));
    match req.summary.map(str::trim).filter(|t| !t.is_empty()) {
        Some(summary) => s.push_str(&format!("summary: {}\n", quoted(summary))),
        None => s.push_str(&format!("summary: {}\n", quoted(placeholders::SUMMARY))),
    }
    match req.year {
        Some(year) => s.push_str(&format!("year: {year}\n")),
        None => s.push_str("# year: 2024  (året som källan beskriver; utelämna om ingen källa anger det)\n"),
    }
    match municipality {
        Some(id) => s.push_str(&format!("municipalities: [{id}]\n")),
        None => s.push_str(&format!("places: [{}]\n", quoted(placeholders::PLACE))),
    }
    s.push_str("factors:\n");
    for f in req.factors {
        s.push_str(&format!(
            "  - id: {f}\n    note: {}\n",
            quoted(placeholders::NOTE)
        ));
    }
    s.push_str(&format!(
        "keywords: []\nsources:\n  - title: {}\n---\n",
        quoted(placeholders::SOURCE)
    ));
    for (heading, _) in crate::quality::sections::CASE_SECTIONS {
        s.push_str(&format!("\n## {heading}\n\n"));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_title_gives_a_file_name_cut_after_a_whole_word() {
        let stem = case_slug(&"Långt ord ".repeat(100));
        assert!(stem.len() <= MAX_SLUG, "{stem}");
        assert!(
            stem.starts_with("langt-ord-langt-ord") && stem.ends_with("-ord"),
            "{stem}"
        );
        assert_eq!(case_slug(&"å".repeat(300)), "a".repeat(MAX_SLUG));
        assert_eq!(case_slug("Vara – kultur"), "vara-kultur");
    }
}
