//! `[book] license`: the SPDX id under which the site's content and data are
//! published, looked up in a small table generated from the SPDX License List
//! (`licenses.tsv`, made by `src/config/spdx_licenses.py`; its header names the release).

use crate::diagnostic::Diagnostic;

const TABLE: &str = include_str!("licenses.tsv");

/// One licence of the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct License {
    pub id: &'static str,
    pub name: &'static str,
    pub url: &'static str,
}

/// Every licence `license` may name, in the table's order.
pub fn all() -> impl Iterator<Item = License> {
    TABLE
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .filter_map(|l| {
            let mut f = l.split('\t');
            Some(License {
                id: f.next()?,
                name: f.next()?,
                url: f.next()?,
            })
        })
}

/// The licence of an id, exactly as SPDX spells it.
pub fn find(id: &str) -> Option<License> {
    all().find(|l| l.id == id)
}

/// An error at the id's place in `book.toml` when the table lacks it.
pub fn check(text: &str, id: &str) -> Option<Diagnostic> {
    if find(id).is_some() {
        return None;
    }
    let ids: Vec<&str> = all().map(|l| l.id).collect();
    let d = Diagnostic::error_t("book.toml", "diag_license_unknown", &[("id", id)]);
    let d = match super::find_value(text, id) {
        Some(span) => d.at(text, span),
        None => d,
    };
    Some(
        d.suggest(id, ids.iter().copied())
            .help_t("diag_license_unknown_help", &[("ids", &ids.join(", "))]),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_holds_cc_by_with_its_spdx_name() {
        let l = find("CC-BY-4.0").unwrap();
        assert_eq!(l.name, "Creative Commons Attribution 4.0 International");
        assert_eq!(l.url, "https://spdx.org/licenses/CC-BY-4.0.html");
        assert!(all().count() >= 10);
    }

    #[test]
    fn unknown_id_is_refused_at_its_place_with_a_suggestion() {
        let text = "[book]\nlicense = \"CC-BY-4\"\n";
        let d = check(text, "CC-BY-4").unwrap();
        assert_eq!(d.message, "unknown licence `CC-BY-4`");
        assert_eq!(d.span.map(|s| (s.line, s.col)), Some((2, 12)));
        assert_eq!(d.label.as_deref(), Some("did you mean `CC-BY-4.0`?"));
        assert!(check(text, "CC0-1.0").is_none());
    }
}
