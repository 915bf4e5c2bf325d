//! What search knows of a case: its text fields, with their boosts, and its facet
//! values; and the facets themselves, as data. `mod.rs` fills these from the site;
//! everything else in `search/` works on the list of facets it is given, whatever
//! their number.

use std::collections::BTreeMap;

use super::rule;

/// The fields a case is searched in, with the boost tantivy and the browser give
/// each.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TextField {
    Title,
    Summary,
    Keywords,
    Body,
    Notes,
    Headings,
    Places,
}

pub const TEXT_FIELDS: [TextField; 7] = [
    TextField::Title,
    TextField::Summary,
    TextField::Keywords,
    TextField::Body,
    TextField::Notes,
    TextField::Headings,
    TextField::Places,
];

impl TextField {
    pub fn boost(self) -> f32 {
        match self {
            TextField::Title => rule::TITLE_BOOST,
            TextField::Summary => rule::SUMMARY_BOOST,
            TextField::Keywords => rule::KEYWORDS_BOOST,
            TextField::Notes => rule::NOTES_BOOST,
            TextField::Headings => rule::HEADINGS_BOOST,
            TextField::Body | TextField::Places => rule::TEXT_BOOST,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            TextField::Title => "title",
            TextField::Summary => "summary",
            TextField::Keywords => "keywords",
            TextField::Body => "body",
            TextField::Notes => "notes",
            TextField::Headings => "headings",
            TextField::Places => "places",
        }
    }
}

/// One thing results can be narrowed by.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FacetDef {
    /// Its name in the manifest and on the command line (`--facet factor=kultur`).
    pub name: String,
    /// Its parameter in the search page's URL (`?faktor=kultur`), which readers
    /// bookmark and the page's element ids are made from.
    pub param: String,
    /// The heading of its group on the search page, in the site's language.
    pub label: String,
    /// Display names of its values, by value; a value without one shows as itself.
    pub values: BTreeMap<String, String>,
}

/// One case as search sees it; documents are numbered in the all-cases listing order.
#[derive(Debug, PartialEq)]
pub struct SearchDoc {
    pub url: String,
    pub title: String,
    pub summary: String,
    pub keywords: String,
    /// The case's `Rendered::text` itself when that is NFC, as it nearly always is.
    pub body: std::sync::Arc<str>,
    pub notes: String,
    /// The body's headings, one a line.
    pub headings: String,
    pub places: String,
    pub year: Option<i32>,
    /// The case's values of each facet, by position in the list of facets.
    pub facets: Vec<Vec<String>>,
}

impl SearchDoc {
    pub fn text(&self, f: TextField) -> &str {
        match f {
            TextField::Title => &self.title,
            TextField::Summary => &self.summary,
            TextField::Keywords => &self.keywords,
            TextField::Body => &self.body,
            TextField::Notes => &self.notes,
            TextField::Headings => &self.headings,
            TextField::Places => &self.places,
        }
    }
}

/// A factor, step or other vocabulary term, as a search with few hits offers it:
/// its name, its page, and the terms of its name, aliases and description, which the
/// query's terms are looked for in.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct BrowseTerm {
    pub name: String,
    pub url: String,
    pub terms: Vec<String>,
}
