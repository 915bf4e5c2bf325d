//! `[library.publisher]`: who publishes the library's open data. Its presence turns
//! on the DCAT-AP-SE catalogue (`/data/katalog.rdf`), which Sveriges dataportal
//! harvests; a site without it publishes the data files but describes them to no
//! portal. A catalogue the portal would reject is refused here, with the key to add:
//! DCAT-AP-SE makes a publisher's name and type and the catalogue's licence mandatory,
//! and a contact e-mail is what the portal shows readers who have questions.

use serde::{Deserialize, Serialize};

use crate::diagnostic::{Diagnostic, Span};

/// The ADMS publisher types DCAT-AP-SE offers for `dcterms:type`
/// (`http://purl.org/adms/publishertype/<id>`), with their Swedish labels.
pub const TYPES: &[(&str, &str)] = &[
    (
        "Academia-ScientificOrganisation",
        "Akademia/Vetenskaplig organisation",
    ),
    ("Company", "Företag"),
    ("IndustryConsortium", "Industrikonsortium"),
    ("LocalAuthority", "Lokal myndighet/kommun"),
    ("NationalAuthority", "Nationell myndighet"),
    ("NonGovernmentalOrganisation", "Icke-statlig organisation"),
    ("NonProfitOrganisation", "Ej vinstdrivande organisation"),
    ("PrivateIndividual(s)", "Privatperson(er)"),
    ("RegionalAuthority", "Regional myndighet/landsting"),
    ("StandardisationBody", "Standardiseringsorganisation"),
    ("SupraNationalAuthority", "Över-/mellanstatlig myndighet"),
];

/// The publisher as written; every key is optional to serde so that a missing one
/// is reported by `check` with what to write, not as serde's bare "missing field".
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct Publisher {
    /// The organisation's name (`foaf:name`), e.g. `Exempels kommun`.
    pub name: Option<String>,
    /// Its kind, one of `TYPES`, e.g. `LocalAuthority` (`dcterms:type`).
    #[serde(rename = "type")]
    pub kind: Option<String>,
    /// Where readers write about the data: the dataset's contact point.
    pub email: Option<String>,
    /// The organisation's own website (`foaf:homepage`), optional.
    pub url: Option<String>,
}

/// A complete publisher, as the catalogue writes it.
#[derive(Debug, Clone, Serialize)]
pub struct Complete<'a> {
    pub name: &'a str,
    pub kind: &'a str,
    pub email: &'a str,
    pub url: Option<&'a str>,
}

impl Publisher {
    /// The publisher once `check` passed.
    pub fn complete(&self) -> Option<Complete<'_>> {
        Some(Complete {
            name: self.name.as_deref()?,
            kind: self.kind.as_deref()?,
            email: self.email.as_deref()?,
            url: self.url.as_deref(),
        })
    }
}

const EXAMPLES: &[(&str, &str)] = &[
    ("name", "name = \"Exempels kommun\""),
    ("type", "type = \"LocalAuthority\""),
    ("email", "email = \"oppnadata@exempel.se\""),
];

/// The first problem of a catalogue's configuration: a missing key, an unknown
/// type, an address that is not one, or no licence.
pub fn check(text: &str, p: &Publisher, license: Option<&str>) -> Option<Diagnostic> {
    let table = find_table(text);
    let at = |d: Diagnostic, span: Option<Span>| match span {
        Some(span) => d.at(text, span),
        None => d,
    };
    let present = [("name", &p.name), ("type", &p.kind), ("email", &p.email)];
    for ((key, value), (_, example)) in present.iter().zip(EXAMPLES) {
        if value.as_deref().is_none_or(|v| v.trim().is_empty()) {
            let d = Diagnostic::error_t("book.toml", "diag_publisher_missing", &[("key", key)]);
            return Some(
                at(d, table)
                    .label_t("diag_publisher_missing_label", &[("key", key)])
                    .help_t("diag_publisher_missing_help", &[("example", example)]),
            );
        }
    }
    let kind = p.kind.as_deref().unwrap_or_default();
    if !TYPES.iter().any(|(id, _)| *id == kind) {
        let ids: Vec<&str> = TYPES.iter().map(|(id, _)| *id).collect();
        let d = Diagnostic::error_t("book.toml", "diag_publisher_type", &[("type", kind)]);
        return Some(
            at(d, super::find_value(text, kind))
                .suggest(kind, ids.iter().copied())
                .help_t("diag_publisher_type_help", &[("ids", &ids.join(", "))]),
        );
    }
    let email = p.email.as_deref().unwrap_or_default();
    if !is_email(email) {
        let d = Diagnostic::error_t("book.toml", "diag_publisher_email", &[("email", email)]);
        return Some(at(d, super::find_value(text, email)).help_t("diag_publisher_email_help", &[]));
    }
    if let Some(d) = p
        .url
        .as_deref()
        .and_then(|u| crate::safe_url::config_diagnostic(text, "url", u))
    {
        return Some(d);
    }
    if license.is_none() {
        let d = Diagnostic::error_t("book.toml", "diag_publisher_license", &[]);
        return Some(at(d, table).help_t("diag_publisher_license_help", &[]));
    }
    None
}

/// One `@`, something either side, no spaces or characters that would need quoting
/// in a `mailto:` URL.
fn is_email(s: &str) -> bool {
    let ok = |part: &str| !part.is_empty() && part.chars().all(|c| c.is_alphanumeric() || ".-_+".contains(c));
    matches!(s.split_once('@'), Some((user, host)) if ok(user) && ok(host) && host.contains('.'))
}

fn find_table(text: &str) -> Option<Span> {
    let needle = "[library.publisher]";
    let at = text.find(needle)?;
    Some(Span::from_bytes(text, at, at + needle.len(), 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn publisher(text: &str) -> Publisher {
        crate::config::Config::parse(text)
            .unwrap()
            .library
            .publisher
            .unwrap()
    }

    #[test]
    fn a_missing_key_is_named_at_the_table() {
        let text = "[book]\nlicense = \"CC0-1.0\"\n[library.publisher]\nname = \"Exempels kommun\"\nemail = \"a@b.se\"\n";
        let d = check(text, &publisher(text), Some("CC0-1.0")).unwrap();
        assert_eq!(
            d.message,
            "the open-data catalogue needs `type` in `[library.publisher]`"
        );
        assert_eq!(d.span.map(|s| (s.line, s.col)), Some((3, 1)));
    }

    #[test]
    fn a_complete_publisher_without_licence_asks_for_it() {
        let text = "[library.publisher]\nname = \"K\"\ntype = \"LocalAuthority\"\nemail = \"a@b.se\"\n";
        let d = check(text, &publisher(text), None).unwrap();
        assert!(d.message.contains("`license` in `[book]`"), "{}", d.message);
        assert!(check(text, &publisher(text), Some("CC0-1.0")).is_none());
    }

    #[test]
    fn an_unknown_type_is_refused_with_the_nearest() {
        let text = "[library.publisher]\nname = \"K\"\ntype = \"LocalAuthorty\"\nemail = \"a@b.se\"\n";
        let d = check(text, &publisher(text), Some("CC0-1.0")).unwrap();
        assert_eq!(d.label.as_deref(), Some("did you mean `LocalAuthority`?"));
    }

    #[test]
    fn emails_are_recognised() {
        assert!(is_email("oppnadata@exempel.se"));
        for bad in ["", "a@b", "@b.se", "a b@c.se", "a@b.se?x=1"] {
            assert!(!is_email(bad), "{bad}");
        }
    }
}
