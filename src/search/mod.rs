//! Search: a tantivy index built at every build, exported as a static client index
//! that the browser queries offline, and the same query logic in Rust for
//! `rotsystem search`, which is the reference the browser must agree with.
//!
//! - `analysis`: Swedish terms as tantivy makes them, plus compound parts.
//! - `index`: the tantivy schema and writer.
//! - `query`: query expansion (prefix, typos, compounds) and ranking, on tantivy.
//! - `export`: the client index (term-range shards, postings, facets, documents).
//!
//! The format and the ranking rule are described in `docs/search.md`.

pub mod analysis;
mod bundle;
mod export;
mod index;
pub mod query;

use std::collections::BTreeMap;

use anyhow::Result;
use tantivy::{IndexReader, Searcher};

use crate::site::Site;

pub use export::{export, Export, Lexicon};
pub use query::{Hit, Query};

/// The fields a case is searched in, with the boost tantivy and the browser give
/// each: a word in the title says more than one in the body.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TextField {
    Title,
    Summary,
    Keywords,
    Body,
    Notes,
    Places,
}

pub const TEXT_FIELDS: [TextField; 6] = [
    TextField::Title,
    TextField::Summary,
    TextField::Keywords,
    TextField::Body,
    TextField::Notes,
    TextField::Places,
];

impl TextField {
    pub fn boost(self) -> f32 {
        match self {
            TextField::Title => 3.0,
            TextField::Summary => 2.0,
            TextField::Keywords => 1.5,
            TextField::Body | TextField::Notes | TextField::Places => 1.0,
        }
    }
}

/// What results can be narrowed by.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Facet {
    Factor,
    Step,
    Municipality,
    County,
    Year,
}

pub const FACETS: [Facet; 5] = [
    Facet::Factor,
    Facet::Step,
    Facet::Municipality,
    Facet::County,
    Facet::Year,
];

/// One case as search sees it; documents are numbered in the all-cases listing order.
pub struct SearchDoc {
    pub url: String,
    pub title: String,
    pub summary: String,
    pub keywords: String,
    pub body: String,
    pub notes: String,
    pub places: String,
    pub year: Option<i32>,
    /// Facet values, by `FACETS` position: ids for factors, steps and municipalities,
    /// names for counties, the year as text.
    pub facets: [Vec<String>; 5],
}

impl SearchDoc {
    pub fn text(&self, f: TextField) -> &str {
        match f {
            TextField::Title => &self.title,
            TextField::Summary => &self.summary,
            TextField::Keywords => &self.keywords,
            TextField::Body => &self.body,
            TextField::Notes => &self.notes,
            TextField::Places => &self.places,
        }
    }

    pub fn facet(&self, f: Facet) -> &[String] {
        &self.facets[FACETS
            .iter()
            .position(|x| *x == f)
            .expect("every facet is listed")]
    }
}

pub struct SearchIndex {
    pub docs: Vec<SearchDoc>,
    /// Display names of facet values, by `FACETS` position.
    pub labels: [BTreeMap<String, String>; 5],
    lexicon: Lexicon,
    reader: IndexReader,
    fields: index::Fields,
}

/// What the index is built from, owned: the documents and the facet labels. Taking
/// it is quick; building from it needs no `Site`, so the live preview can let go of
/// its snapshot of the site early.
pub struct Sources {
    docs: Vec<SearchDoc>,
    labels: [BTreeMap<String, String>; 5],
}

impl Sources {
    pub fn of(site: &Site) -> Sources {
        Sources {
            docs: documents(site),
            labels: labels(site),
        }
    }
}

impl SearchIndex {
    pub fn build(site: &Site) -> Result<SearchIndex> {
        SearchIndex::from_sources(Sources::of(site))
    }

    pub fn from_sources(Sources { docs, labels }: Sources) -> Result<SearchIndex> {
        let (_index, reader, fields) = index::build(&docs)?;
        let lexicon = Lexicon::read(&reader.searcher(), &fields)?;
        Ok(SearchIndex {
            docs,
            labels,
            lexicon,
            reader,
            fields,
        })
    }

    /// Refuses filter values no case has, with the nearest one that exists.
    pub fn check_filters(&self, filters: &[(Facet, String)]) -> Result<(), String> {
        for (facet, value) in filters {
            let i = FACETS.iter().position(|f| f == facet).expect("listed");
            let known: std::collections::BTreeSet<&str> = self
                .docs
                .iter()
                .flat_map(|d| d.facets[i].iter().map(String::as_str))
                .collect();
            if !known.contains(value.as_str()) {
                let hint = crate::diagnostic::did_you_mean(value, known.iter().copied())
                    .map_or(String::new(), |s| format!(" (did you mean `{s}`?)"));
                return Err(format!("no case has {} `{value}`{hint}", facet.name()));
            }
        }
        Ok(())
    }

    pub fn lexicon(&self) -> &Lexicon {
        &self.lexicon
    }

    fn searcher(&self) -> Searcher {
        self.reader.searcher()
    }
}

fn labels(site: &Site) -> [BTreeMap<String, String>; 5] {
    let terms = |list: &[crate::site::Entry<crate::load::schema::TermMeta>]| {
        list.iter()
            .map(|e| (e.doc.slug.clone(), e.doc.meta.name.clone()))
            .collect()
    };
    [
        terms(&site.factors()),
        terms(&site.steps()),
        site.municipalities
            .iter()
            .map(|m| (m.id.clone(), m.name.clone()))
            .collect(),
        BTreeMap::new(),
        BTreeMap::new(),
    ]
}

fn documents(site: &Site) -> Vec<SearchDoc> {
    site.index
        .cases
        .iter()
        .map(|&i| {
            let case = &site.cases[i];
            let m = &case.doc.meta;
            let munis: Vec<_> = m
                .municipalities
                .iter()
                .filter_map(|id| site.municipalities.iter().find(|x| &x.id == id))
                .collect();
            let mut counties: Vec<String> = munis.iter().map(|x| x.lan.clone()).collect();
            counties.sort();
            counties.dedup();
            let places = munis
                .iter()
                .map(|x| x.name.as_str())
                .chain(m.places.iter().map(String::as_str))
                .chain(m.organisation.as_deref())
                .collect::<Vec<_>>()
                .join(", ");
            let notes = m
                .factors
                .iter()
                .filter_map(|f| f.note.as_deref())
                .collect::<Vec<_>>()
                .join("\n");
            SearchDoc {
                url: case.url.clone(),
                title: nfc(&m.title),
                summary: nfc(&m.summary),
                keywords: nfc(&m.keywords.join(", ")),
                body: nfc(&case.body.text),
                notes: nfc(&notes),
                places: nfc(&places),
                year: m.year,
                facets: [
                    m.factors.iter().map(|f| f.id.clone()).collect(),
                    m.steps.clone(),
                    m.municipalities.clone(),
                    counties,
                    m.year.map(|y| y.to_string()).into_iter().collect(),
                ],
            }
        })
        .collect()
}

/// The exported index as the site's files: the manifest's URL, and each file with
/// its output path below the search page's `data/`.
pub fn site_files(export: Export, base: &str) -> (String, Vec<(String, Vec<u8>)>) {
    let data = crate::urls::search_data(base);
    let prefix = crate::urls::output_path(base, &data);
    let files = export
        .files
        .into_iter()
        .map(|(path, bytes)| (format!("{prefix}{path}"), bytes))
        .collect();
    (format!("{data}{}", export.manifest), files)
}

/// Text in its composed form (NFC): "å" as one character, however it was typed.
/// Queries go through the same (`query::expand`, and `engine.js` in the browser).
pub fn nfc(text: &str) -> String {
    use unicode_normalization::UnicodeNormalization as _;
    // Nearly all text is NFC already, and the check is far cheaper than the rewrite.
    if unicode_normalization::is_nfc(text) {
        text.to_string()
    } else {
        text.nfc().collect()
    }
}
