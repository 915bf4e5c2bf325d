//! `book.toml`: the site's configuration, as plain serde structs.
//!
//! Keys that mdBook users know (`[book]`, `[build]`, `[output.html]`) mean the same
//! thing here. Every struct denies unknown fields, so a typo is an error with its
//! line and column and the list of valid keys, not a silently ignored setting.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::diagnostic::{parser, Diagnostic, Span};
use crate::vocabulary::{self, VocabularyConfig};

pub mod license;
pub mod publisher;
mod ranges;

use ranges::{
    author_names, branch_text, build_folder, description_text, max_lix, page_size, related_count, review_age,
    src_folder, theme_folder, title_text, version_text,
};
pub use ranges::{PAGE_SIZE_MAX, RELATED_MAX};

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "kebab-case", deny_unknown_fields)]
pub struct Config {
    pub book: BookConfig,
    pub build: BuildConfig,
    pub output: OutputConfig,
    pub library: LibraryConfig,
    /// What `check` warns about (`crate::quality`).
    pub check: CheckConfig,
    /// Vocabularies beyond the built-in factors and steps, by id.
    pub vocabularies: BTreeMap<String, VocabularyConfig>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(default, rename_all = "kebab-case", deny_unknown_fields)]
pub struct BookConfig {
    /// The site's name, shown in every page title and the feed.
    #[serde(deserialize_with = "title_text")]
    pub title: String,
    /// One sentence about the site, for the home page and meta tags.
    #[serde(deserialize_with = "description_text")]
    pub description: String,
    /// Language of the interface strings and `<html lang>`: `sv` or `en`.
    pub language: String,
    /// Editors credited in the feed.
    #[serde(deserialize_with = "author_names")]
    pub authors: Vec<String>,
    /// The content folder, relative to the site root and inside it.
    #[serde(deserialize_with = "src_folder")]
    pub src: PathBuf,
    /// SPDX id of the licence for content and data, e.g. `CC-BY-4.0`; printed in
    /// the footer and the feed. See `config/license.rs` for the ids accepted.
    pub license: Option<String>,
}

impl Default for BookConfig {
    fn default() -> Self {
        BookConfig {
            title: "Rotsystemet".into(),
            description: String::new(),
            language: "sv".into(),
            authors: Vec::new(),
            src: "content".into(),
            license: None,
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(default, rename_all = "kebab-case", deny_unknown_fields)]
pub struct BuildConfig {
    /// Where the site is written: relative to the site root and inside it, or an
    /// absolute path.
    #[serde(deserialize_with = "build_folder")]
    pub build_dir: PathBuf,
}

impl Default for BuildConfig {
    fn default() -> Self {
        BuildConfig {
            build_dir: "public".into(),
        }
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "kebab-case", deny_unknown_fields)]
pub struct OutputConfig {
    pub html: HtmlConfig,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(default, rename_all = "kebab-case", deny_unknown_fields)]
pub struct HtmlConfig {
    /// Theme folder, relative to the site root. Its templates override the built-in
    /// theme's by file name; a missing folder means the built-in theme alone.
    #[serde(deserialize_with = "theme_folder")]
    pub theme: PathBuf,
    /// The public address of the site, ending in `/`. Its path is the base of every
    /// link; the whole address is used in the sitemap and feed.
    pub site_url: String,
    /// The site's source repository, linked from the footer. On GitHub it also gives
    /// the site a "Föreslå ett fall" page that opens a prefilled new case there.
    pub git_repository_url: Option<String>,
    /// The branch new cases are proposed against.
    #[serde(deserialize_with = "branch_text")]
    pub git_branch: String,
    /// Link to edit a page's source; `{path}` is replaced by the file's path from the
    /// site root, e.g. `https://git.example/rotsystem/edit/main/{path}`.
    pub edit_url_template: Option<String>,
}

impl Default for HtmlConfig {
    fn default() -> Self {
        HtmlConfig {
            theme: "themes/default".into(),
            site_url: "http://localhost:8000/".into(),
            git_repository_url: None,
            git_branch: "main".into(),
            edit_url_template: None,
        }
    }
}

/// The library's own settings.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, rename_all = "kebab-case", deny_unknown_fields)]
pub struct LibraryConfig {
    /// Cases per page in the all-cases listing, `1..=PAGE_SIZE_MAX`.
    #[serde(deserialize_with = "page_size")]
    pub listing_page_size: usize,
    /// How many related cases a case page shows, `0..=RELATED_MAX`.
    #[serde(deserialize_with = "related_count")]
    pub related_cases: usize,
    /// The library's edition, printed on every handout, e.g. `2026.1`.
    #[serde(deserialize_with = "version_text")]
    pub version: Option<String>,
    /// The edition's date, `YYYY-MM-DD`, printed on handouts and stamped in their
    /// PDFs. Never the clock: when it is absent, `SOURCE_DATE_EPOCH` is used if set.
    pub date: Option<String>,
    /// Who publishes the open data; its presence turns on the DCAT-AP-SE catalogue
    /// (`config/publisher.rs`).
    pub publisher: Option<publisher::Publisher>,
}

impl Default for LibraryConfig {
    fn default() -> Self {
        LibraryConfig {
            listing_page_size: 50,
            related_cases: 5,
            version: None,
            date: None,
            publisher: None,
        }
    }
}

/// The quality warnings of `check` (`crate::quality`, docs/content-model.md).
#[derive(Debug, Clone, Deserialize)]
#[serde(default, rename_all = "kebab-case", deny_unknown_fields)]
pub struct CheckConfig {
    /// A case whose body has a higher LIX (readability index) is warned about, `10..=100`.
    #[serde(deserialize_with = "max_lix")]
    pub max_lix: u32,
    /// A case `reviewed:` more days than this before `[library] date` is warned
    /// about, `1..=36500`; without a library date only a missing `reviewed:` is.
    #[serde(deserialize_with = "review_age")]
    pub review_max_age_days: u32,
}

impl Default for CheckConfig {
    fn default() -> Self {
        CheckConfig {
            max_lix: 60,
            review_max_age_days: 730,
        }
    }
}

impl Config {
    /// Reads `book.toml` from `root`; a missing file means all defaults.
    pub fn load(root: &Path) -> Result<Config, Box<Diagnostic>> {
        let path = root.join("book.toml");
        let bytes = match std::fs::read(&path) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Config::default()),
            Err(e) => {
                return Err(Box::new(Diagnostic::error_t(
                    "book.toml",
                    "diag_cannot_read",
                    &[("error", &e.to_string())],
                )))
            }
        };
        let text = String::from_utf8(bytes).map_err(|e| Box::new(not_utf8(&e)))?;
        let config = Config::parse(&text)?;
        config.validate(&text)?;
        config.check_real_folders(root, &text)?;
        Ok(config)
    }

    /// `src` and `theme` stay inside the root also through links, and so does the
    /// folder a relative `build-dir` is made in (the build refuses a link as the
    /// destination itself). Only folders that exist are looked at.
    fn check_real_folders(&self, root: &Path, text: &str) -> Result<(), Box<Diagnostic>> {
        let Ok(real_root) = root.canonicalize() else {
            return Ok(());
        };
        let build_parent = self.build.build_dir.parent().unwrap_or(Path::new(""));
        let folders = [
            ("src", &self.book.src, self.book.src.as_path(), false),
            (
                "theme",
                &self.output.html.theme,
                self.output.html.theme.as_path(),
                false,
            ),
            ("build-dir", &self.build.build_dir, build_parent, true),
        ];
        for (key, value, checked, may_be_root) in folders {
            if value.is_absolute() {
                continue;
            }
            let Ok(real) = root.join(checked).canonicalize() else {
                continue;
            };
            if real.starts_with(&real_root) && (may_be_root || real != real_root) {
                continue;
            }
            let value = value.to_string_lossy();
            let d = Diagnostic::error_t(
                "book.toml",
                "diag_config_link_out",
                &[("key", key), ("path", &real.display().to_string())],
            );
            let d = match find_value(text, &value) {
                Some(span) => d.at(text, span),
                None => d,
            };
            return Err(Box::new(d.help_t("diag_config_link_out_help", &[])));
        }
        Ok(())
    }

    pub fn parse(text: &str) -> Result<Config, Box<Diagnostic>> {
        toml::from_str(text).map_err(|e| Box::new(toml_diagnostic(text, &e)))
    }

    fn validate(&self, text: &str) -> Result<(), Box<Diagnostic>> {
        let url = &self.output.html.site_url;
        if !(url.starts_with("http://") || url.starts_with("https://")) || !url.ends_with('/') {
            let d = Diagnostic::error_t("book.toml", "diag_config_site_url", &[("url", url)]);
            let d = match find_value(text, url) {
                Some(span) => d.at(text, span),
                None => d,
            };
            return Err(Box::new(d.help_t("diag_config_site_url_help", &[])));
        }
        if !matches!(self.book.language.as_str(), "sv" | "en") {
            let language = &self.book.language;
            let d = Diagnostic::error_t("book.toml", "diag_config_language", &[("language", language)]);
            let d = match find_value(text, &self.book.language) {
                Some(span) => d.at(text, span),
                None => d,
            };
            return Err(Box::new(d.help_t("diag_config_language_help", &[])));
        }
        let html = &self.output.html;
        for (key, url) in [
            ("edit-url-template", &html.edit_url_template),
            ("git-repository-url", &html.git_repository_url),
        ] {
            if let Some(d) = url
                .as_deref()
                .and_then(|u| crate::safe_url::config_diagnostic(text, key, u))
            {
                return Err(Box::new(d));
            }
        }
        if let Some(date) = &self.library.date {
            if parse_date(date).is_none() {
                let d = Diagnostic::error_t("book.toml", "diag_config_date", &[("date", date)]);
                let d = match find_value(text, date) {
                    Some(span) => d.at(text, span),
                    None => d,
                };
                return Err(Box::new(d.help_t("diag_config_date_help", &[])));
            }
        }
        if let Some(d) = self
            .book
            .license
            .as_deref()
            .and_then(|id| license::check(text, id))
        {
            return Err(Box::new(d));
        }
        if let Some(d) = self
            .library
            .publisher
            .as_ref()
            .and_then(|p| publisher::check(text, p, self.book.license.as_deref()))
        {
            return Err(Box::new(d));
        }
        self.validate_vocabularies(text)?;
        Ok(())
    }

    /// Every vocabulary of the site: factors, steps, then the declared ones.
    pub fn vocabularies(&self) -> Vec<vocabulary::Spec> {
        vocabulary::all(&self.vocabularies)
    }

    /// A declared vocabulary may not take a folder, address or facet name the site
    /// already uses.
    fn validate_vocabularies(&self, text: &str) -> Result<(), Box<Diagnostic>> {
        let specs = self.vocabularies();
        let builtin = &specs[..2];
        let taken_folders = ["cases", "pages", "factors", "steps"];
        let taken_facets = ["factor", "step", "municipality", "county", "year"];
        for spec in &specs[2..] {
            let id = ("id", spec.id.as_str());
            let clash = if !crate::slug::is_slug(&spec.id) {
                Some(("diag_vocabulary_id", [id, id]))
            } else if builtin.iter().any(|b| b.id == spec.id) {
                Some(("diag_vocabulary_builtin", [id, id]))
            } else if taken_folders.contains(&spec.folder.as_str()) || !crate::slug::is_slug(&spec.folder) {
                Some(("diag_vocabulary_folder", [id, ("folder", spec.folder.as_str())]))
            } else if crate::slug::RESERVED_SLUGS.contains(&spec.url.as_str())
                || !crate::slug::is_slug(&spec.url)
            {
                Some(("diag_vocabulary_url", [id, ("url", spec.url.as_str())]))
            } else if taken_facets.contains(&spec.facet.as_str()) || !crate::slug::is_slug(&spec.facet) {
                Some(("diag_vocabulary_facet", [id, ("facet", spec.facet.as_str())]))
            } else {
                None
            };
            if let Some((key, args)) = clash {
                let d = Diagnostic::error_t("book.toml", key, &args);
                let d = match find_table(text, &spec.id) {
                    Some(span) => d.at(text, span),
                    None => d,
                };
                return Err(Box::new(d.help_t("diag_vocabulary_help", &[])));
            }
        }
        for (i, a) in specs.iter().enumerate() {
            if let Some(b) = specs[..i]
                .iter()
                .find(|b| b.folder == a.folder || b.url == a.url || b.facet == a.facet)
            {
                let d = Diagnostic::error_t(
                    "book.toml",
                    "diag_vocabulary_shared",
                    &[("a", &b.id), ("b", &a.id)],
                );
                let d = match find_table(text, &a.id) {
                    Some(span) => d.at(text, span),
                    None => d,
                };
                return Err(Box::new(d.help_t("diag_vocabulary_shared_help", &[])));
            }
        }
        Ok(())
    }

    /// The library's date for handouts: `[library] date`, else `SOURCE_DATE_EPOCH`
    /// (seconds since 1970, the reproducible-builds convention), else none. Never the
    /// clock, so the same input gives the same files.
    pub fn library_date(&self) -> Option<(i32, u8, u8)> {
        if let Some(d) = &self.library.date {
            return parse_date(d);
        }
        let secs: i64 = std::env::var("SOURCE_DATE_EPOCH").ok()?.trim().parse().ok()?;
        Some(civil_from_days(secs.div_euclid(86_400)))
    }

    /// The path part of `site-url`: `/` or `/some/base/`.
    pub fn base_path(&self) -> String {
        let url = &self.output.html.site_url;
        let after_scheme = url.split_once("://").map_or(url.as_str(), |(_, rest)| rest);
        match after_scheme.find('/') {
            Some(i) => after_scheme[i..].to_string(),
            None => "/".to_string(),
        }
    }
}

/// `YYYY-MM-DD` with a real month and day.
pub fn parse_date(s: &str) -> Option<(i32, u8, u8)> {
    let mut parts = s.split('-');
    let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() || y.len() != 4 || m.len() != 2 || d.len() != 2 {
        return None;
    }
    let (y, m, d): (i32, u8, u8) = (y.parse().ok()?, m.parse().ok()?, d.parse().ok()?);
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = [
        31,
        if leap { 29 } else { 28 },
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ];
    (1..=12).contains(&m).then_some(())?;
    (1..=days[usize::from(m) - 1]).contains(&d).then_some((y, m, d))
}

/// A proleptic Gregorian date to days since 1970-01-01 (Howard Hinnant's algorithm),
/// the inverse of `civil_from_days`.
pub fn days_from_civil((y, m, d): (i32, u8, u8)) -> i64 {
    let y = i64::from(y) - i64::from(m <= 2);
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let mp = (i64::from(m) + 9) % 12;
    let doy = (153 * mp + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Days since 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's algorithm).
fn civil_from_days(z: i64) -> (i32, u8, u8) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u8;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y as i32, m, d)
}

/// The first byte that is not UTF-8, placed in the text as it would be shown (with
/// U+FFFD for the bad bytes).
fn not_utf8(e: &std::string::FromUtf8Error) -> Diagnostic {
    let at = e.utf8_error().valid_up_to();
    let byte = e.as_bytes()[at];
    let shown = String::from_utf8_lossy(e.as_bytes());
    Diagnostic::error_t(
        "book.toml",
        "diag_config_not_utf8",
        &[("byte", &format!("{byte:02X}"))],
    )
    .at(
        &shown,
        Span::from_bytes(&shown, at, at + '\u{FFFD}'.len_utf8(), 1),
    )
    .help_t("diag_config_not_utf8_help", &[])
}

pub(crate) fn find_value(text: &str, value: &str) -> Option<Span> {
    let needle = format!("\"{value}\"");
    let at = text.find(&needle)?;
    Some(Span::from_bytes(text, at + 1, at + 1 + value.len(), 1))
}

/// The header of `[vocabularies.<id>]`, for a diagnostic about the whole table.
fn find_table(text: &str, id: &str) -> Option<Span> {
    let needle = format!("[vocabularies.{id}");
    let at = text.find(&needle)?;
    Some(Span::from_bytes(text, at, at + needle.len() + 1, 1))
}

fn toml_diagnostic(text: &str, e: &toml::de::Error) -> Diagnostic {
    let message = e.message().trim();
    let mut d = parser::serde_detail("book.toml", message).unwrap_or_else(|| {
        // toml's own syntax errors have no shape to read; its sentence is kept whole.
        Diagnostic::error_t("book.toml", "diag_toml_syntax", &[("detail", message)])
            .help_t("diag_toml_syntax_help", &[])
    });
    if let Some(range) = e.span() {
        d = d.at(text, Span::from_bytes(text, range.start, range.end, 1));
    }
    d
}

/// Pulls the wrong name and the valid names out of serde's "unknown field `x`,
/// expected one of `a`, `b`" message, which is the only place serde gives them.
pub fn parse_unknown_field(message: &str) -> Option<(String, Vec<String>)> {
    parser::unknown_name(message, "unknown field `")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_key_names_the_valid_keys() {
        let err = Config::parse("[book]\ntitel = \"x\"\n").unwrap_err();
        assert_eq!(err.message, "unknown key `titel`");
        assert_eq!(err.span.map(|s| (s.line, s.col)), Some((2, 1)));
        assert_eq!(err.label.as_deref(), Some("did you mean `title`?"));
        assert!(err.help.as_deref().unwrap().contains("description"));
    }

    #[test]
    fn dates_are_checked_and_epochs_converted() {
        assert_eq!(parse_date("2026-02-28"), Some((2026, 2, 28)));
        for bad in ["2026-02-30", "2026-13-01", "26-01-01", "2026-1-01", "igår"] {
            assert_eq!(parse_date(bad), None, "{bad}");
        }
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        // 2024-02-29 is day 19782.
        assert_eq!(civil_from_days(19_782), (2024, 2, 29));
        assert_eq!(civil_from_days(-1), (1969, 12, 31));
        for day in [-1, 0, 19_782, 20_779] {
            assert_eq!(days_from_civil(civil_from_days(day)), day);
        }
    }

    #[test]
    fn base_path_comes_from_site_url() {
        let mut c = Config::default();
        c.output.html.site_url = "https://example.se/rot/".into();
        assert_eq!(c.base_path(), "/rot/");
    }
}
