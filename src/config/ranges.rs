//! The range of every `book.toml` value that its type alone does not bound: counts
//! with a floor and a ceiling, and folders that must stay inside the site's root.
//! Each check runs while toml deserializes the value, so its error carries the
//! value's line and column like any other toml error.

use std::path::{Component, Path, PathBuf};

use serde::de::Error as _;
use serde::{Deserialize, Deserializer};

use crate::i18n;

/// The most cases one listing page shows; a page of 1,000 cards is already long.
pub const PAGE_SIZE_MAX: i64 = 1000;
/// The most related cases a case page shows.
pub const RELATED_MAX: i64 = 50;

pub fn page_size<'de, D: Deserializer<'de>>(d: D) -> Result<usize, D::Error> {
    count(d, "listing-page-size", 1, PAGE_SIZE_MAX)
}

pub fn related_count<'de, D: Deserializer<'de>>(d: D) -> Result<usize, D::Error> {
    count(d, "related-cases", 0, RELATED_MAX)
}

pub fn max_lix<'de, D: Deserializer<'de>>(d: D) -> Result<u32, D::Error> {
    count(d, "max-lix", 10, 100).map(|n| n as u32)
}

pub fn review_age<'de, D: Deserializer<'de>>(d: D) -> Result<u32, D::Error> {
    count(d, "review-max-age-days", 1, 36_500).map(|n| n as u32)
}

fn count<'de, D: Deserializer<'de>>(d: D, key: &str, min: i64, max: i64) -> Result<usize, D::Error> {
    // toml's integers are i64, so a negative number gets this message too.
    let n = i64::deserialize(d)?;
    match usize::try_from(n) {
        Ok(u) if (min..=max).contains(&n) => Ok(u),
        _ => Err(D::Error::custom(i18n::encode(
            "diag_config_count",
            &[
                ("key", key),
                ("min", &min.to_string()),
                ("max", &max.to_string()),
                ("n", &n.to_string()),
            ],
        ))),
    }
}

/// Texts that reach every page, the feed and the handouts' typesetting: each has a
/// length that fits where it is shown, and none may hold a control character (a
/// terminal escape in an error, a byte XML refuses in the feed). Tabs and line breaks
/// are fine.
pub fn title_text<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    text(d, "title", 200)
}

pub fn description_text<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    text(d, "description", 1000)
}

pub fn branch_text<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    text(d, "git-branch", 200)
}

pub fn version_text<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    text(d, "version", 50).map(Some)
}

/// At most 50 names of at most 200 characters each.
pub fn author_names<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    let names = Vec::<String>::deserialize(d)?;
    if names.len() > 50 {
        let n = names.len().to_string();
        return Err(D::Error::custom(i18n::encode(
            "diag_config_authors",
            &[("n", &n)],
        )));
    }
    for name in &names {
        check_text("authors", name, 200).map_err(D::Error::custom)?;
    }
    Ok(names)
}

fn text<'de, D: Deserializer<'de>>(d: D, key: &str, max: usize) -> Result<String, D::Error> {
    let s = String::deserialize(d)?;
    check_text(key, &s, max).map_err(D::Error::custom)?;
    Ok(s)
}

/// The error, as an encoded interface string, when `s` (the value of `key`) is too
/// long or holds a control character.
fn check_text(key: &str, s: &str, max: usize) -> Result<(), String> {
    let len = s.chars().count();
    if len > max {
        let (max, len) = (max.to_string(), len.to_string());
        return Err(i18n::encode(
            "diag_config_too_long",
            &[("key", key), ("max", &max), ("len", &len)],
        ));
    }
    match s.chars().find(|c| c.is_control() && !matches!(c, '\n' | '\t')) {
        Some(c) => {
            let code = format!("{:04X}", u32::from(c));
            Err(i18n::encode(
                "diag_config_control",
                &[("key", key), ("code", &code)],
            ))
        }
        None => Ok(()),
    }
}

pub fn src_folder<'de, D: Deserializer<'de>>(d: D) -> Result<PathBuf, D::Error> {
    folder(d, "src", false)
}

pub fn theme_folder<'de, D: Deserializer<'de>>(d: D) -> Result<PathBuf, D::Error> {
    folder(d, "theme", false)
}

pub fn build_folder<'de, D: Deserializer<'de>>(d: D) -> Result<PathBuf, D::Error> {
    folder(d, "build-dir", true)
}

fn folder<'de, D: Deserializer<'de>>(d: D, key: &str, absolute_ok: bool) -> Result<PathBuf, D::Error> {
    let s = String::deserialize(d)?;
    let path = PathBuf::from(&s);
    if (absolute_ok && path.is_absolute()) || names_a_folder_inside(&path) {
        return Ok(path);
    }
    let message = if absolute_ok {
        "diag_config_build_folder"
    } else {
        "diag_config_folder"
    };
    Err(D::Error::custom(i18n::encode(
        message,
        &[("key", key), ("path", &s)],
    )))
}

/// A relative path that names something below the root: not the root itself, and
/// never above it on the way (`a/../..`).
pub fn names_a_folder_inside(p: &Path) -> bool {
    let mut depth = 0usize;
    for c in p.components() {
        match c {
            Component::Normal(_) => depth += 1,
            Component::CurDir => {}
            Component::ParentDir => match depth.checked_sub(1) {
                Some(d) => depth = d,
                None => return false,
            },
            Component::RootDir | Component::Prefix(_) => return false,
        }
    }
    depth > 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_folders_below_the_root_count_as_inside() {
        for ok in ["content", "./content", "a/../content", "themes/default"] {
            assert!(names_a_folder_inside(Path::new(ok)), "{ok}");
        }
        for bad in ["/", "/etc", "", ".", "..", "../x", "a/../..", "a/../../a"] {
            assert!(!names_a_folder_inside(Path::new(bad)), "{bad}");
        }
    }
}
