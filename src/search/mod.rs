//! Search: a tantivy index built at every build, exported as a static client index
//! that the browser queries offline, and the same query logic in Rust for
//! `rotsystem search`, which is the reference the browser must agree with.
//!
//! Dependencies inside point one way, from leaves to this file:
//! - `rule`: the rule's numbers, which the browser reads from the manifest;
//! - `analysis`: Swedish terms as tantivy makes them, plus compound parts;
//! - `doc`: a case's fields and facet values, and the facets as data;
//! - `index`: the tantivy schema and writer; `lexicon`: its terms read back;
//! - `words`: the stop list and the English glossary a query is read through;
//! - `expand`: query words to alternative terms; `query`: the rule on tantivy;
//! - `bundle`: each term's first page of results; `export`: the client index;
//! - `memo`: what the export keeps between saves; `live`: the index the live
//!   preview changes in place.
//!
//! This file turns a `Site` into documents and facets, and is the only one here that
//! knows what a site is. The format and the ranking rule are described in
//! `docs/search.md`.

pub mod analysis;
mod bundle;
mod doc;
pub mod expand;
mod export;
mod gz;
mod index;
mod lexicon;
mod live;
mod memo;
pub mod query;
pub mod rule;
pub mod words;

use std::collections::BTreeMap;

use anyhow::Result;

use crate::load::schema::{CaseMeta, TermMeta};
use crate::site::{Entry, Site};

pub use analysis::nfc;
pub use doc::{BrowseTerm, FacetDef, SearchDoc, TextField, TEXT_FIELDS};
pub use expand::expand;
pub use export::{export, Export};
pub use lexicon::Lexicon;
pub use live::{LiveIndex, Update};
pub use query::{Hit, Query, SearchIndex};

/// What the index is built from, owned: the documents and the facets. Taking it is
/// quick; building from it needs no `Site`, so the live preview can let go of its
/// snapshot of the site early.
pub struct Sources {
    docs: Vec<SearchDoc>,
    facets: Vec<FacetDef>,
    browse: Vec<BrowseTerm>,
}

/// Interface strings by key, in the site's language (the theme's `i18n/`).
pub type Strings = BTreeMap<String, String>;

impl Sources {
    pub fn of(site: &Site, strings: &Strings) -> Sources {
        Sources::after(site, strings, &[])
    }

    /// `of`, reusing the text of `previous` documents (by URL) where it is the same:
    /// a text equal to one already in NFC is in NFC, so what is reused is exactly
    /// what would be made again, without normalizing every case's text.
    pub fn after(site: &Site, strings: &Strings, previous: &[SearchDoc]) -> Sources {
        let facets = facets(site, strings);
        Sources {
            docs: documents(site, &facets, previous),
            facets: facets.into_iter().map(|f| f.def).collect(),
            browse: browse_terms(site),
        }
    }
}

impl SearchIndex {
    pub fn build(site: &Site, strings: &Strings) -> Result<SearchIndex> {
        SearchIndex::from_sources(Sources::of(site, strings))
    }

    pub fn from_sources(Sources { docs, facets, browse }: Sources) -> Result<SearchIndex> {
        let mut index = SearchIndex::new(docs, facets)?;
        index.browse = browse;
        Ok(index)
    }
}

/// A facet as the site defines it: what the index is told, and a case's values.
struct Facet<'s> {
    def: FacetDef,
    of: ValuesOf<'s>,
}

/// A case's values of one facet.
type ValuesOf<'s> = Box<dyn Fn(&CaseMeta) -> Vec<String> + 's>;

/// The facets, in the order the search page shows them. The one place that says
/// what can narrow a search: everything after it (the index, the export, the query,
/// `rotsystem search`, the browser and the search page) takes the list as it comes.
fn facets<'s>(site: &'s Site, t: &Strings) -> Vec<Facet<'s>> {
    let language = site.config.book.language.as_str();
    let facet = |name: &str, param: &str, label: &str, values: BTreeMap<String, String>| FacetDef {
        name: name.into(),
        param: param.into(),
        label: t.get(label).cloned().unwrap_or_else(|| label.to_string()),
        values,
    };
    let terms = |list: &[Entry<TermMeta>]| {
        list.iter()
            .map(|e| (e.doc.slug.clone(), e.doc.meta.name.clone()))
            .collect()
    };
    let municipalities = site
        .index
        .named_municipalities
        .iter()
        .map(|&i| {
            (
                site.municipalities[i].id.clone(),
                site.municipalities[i].name.clone(),
            )
        })
        .collect();
    // Every vocabulary is a facet; then the fixed fields.
    let mut list: Vec<Facet> = site
        .vocabularies
        .iter()
        .map(|v| {
            let label = v
                .spec
                .labels(language, &|k| t.get(k).cloned().unwrap_or_else(|| k.to_string()));
            let key = &v.spec.case_key;
            Facet {
                def: FacetDef {
                    name: v.spec.facet.clone(),
                    param: v.spec.param.clone(),
                    label: label.facet,
                    values: terms(&v.terms),
                },
                of: Box::new(move |m: &CaseMeta| m.terms_of(key).map(|(id, _)| id.to_string()).collect()),
            }
        })
        .collect();
    list.extend([
        Facet {
            def: facet("county", "lan", "lan", BTreeMap::new()),
            of: Box::new(|m| {
                let mut counties: Vec<String> = m
                    .municipalities
                    .iter()
                    .filter_map(|id| site.municipalities.iter().find(|x| &x.id == id))
                    .map(|x| x.lan.clone())
                    .collect();
                counties.sort();
                counties.dedup();
                counties
            }),
        },
        Facet {
            def: facet("municipality", "kommun", "municipality", municipalities),
            of: Box::new(|m| m.municipalities.clone()),
        },
        Facet {
            def: facet("year", "ar", "year", BTreeMap::new()),
            of: Box::new(|m| m.year.map(|y| y.to_string()).into_iter().collect()),
        },
    ]);
    list
}

/// Every term of every vocabulary (factors, steps, declared ones), with the stems
/// of its name, aliases and description.
fn browse_terms(site: &Site) -> Vec<BrowseTerm> {
    site.vocabularies
        .iter()
        .flat_map(|v| &v.terms)
        .map(|e| {
            let m = &e.doc.meta;
            let text = nfc(&format!("{} {} {}", m.name, m.aliases.join(" "), m.description));
            let mut terms: Vec<String> = analysis::terms(&text)
                .into_iter()
                .filter(|t| !words::is_stop_word(t))
                .collect();
            terms.sort();
            terms.dedup();
            BrowseTerm {
                name: m.name.clone(),
                url: e.url.clone(),
                terms,
            }
        })
        .collect()
}

fn documents(site: &Site, facets: &[Facet], previous: &[SearchDoc]) -> Vec<SearchDoc> {
    let previous: std::collections::HashMap<&str, &SearchDoc> =
        previous.iter().map(|d| (d.url.as_str(), d)).collect();
    site.index
        .cases
        .iter()
        .map(|&i| {
            let case = &site.cases[i];
            let m = &case.doc.meta;
            let old = previous.get(case.url.as_str());
            let normal = |text: &str, field: fn(&SearchDoc) -> &String| match old.map(|d| field(d)) {
                Some(same) if same == text => same.clone(),
                _ => nfc(text),
            };
            let munis: Vec<_> = m
                .municipalities
                .iter()
                .filter_map(|id| site.municipalities.iter().find(|x| &x.id == id))
                .collect();
            let places = munis
                .iter()
                .map(|x| x.name.as_str())
                .chain(m.places.iter().map(String::as_str))
                .chain(m.organisation.as_deref())
                .collect::<Vec<_>>()
                .join(", ");
            // Each factor or step the case has, by name, with its note: a case tagged
            // "Tillit och experimenterande" is about experimenting even if its text
            // never says so.
            let notes = site
                .vocabularies
                .iter()
                .flat_map(|v| {
                    m.terms_of(&v.spec.case_key).map(|(id, note)| {
                        let name = v
                            .terms
                            .iter()
                            .find(|t| t.doc.slug == id)
                            .map(|t| t.doc.meta.name.as_str());
                        [name.unwrap_or_default(), note.unwrap_or_default()].join(": ")
                    })
                })
                .collect::<Vec<_>>()
                .join("\n");
            SearchDoc {
                url: case.url.clone(),
                title: normal(&m.title, |d| &d.title),
                summary: normal(&m.summary, |d| &d.summary),
                keywords: normal(&m.keywords.join(", "), |d| &d.keywords),
                body: match old {
                    Some(d) if d.body == case.body.text => d.body.clone(),
                    _ if unicode_normalization::is_nfc(&case.body.text) => case.body.text.clone(),
                    _ => nfc(&case.body.text).into(),
                },
                notes: normal(&notes, |d| &d.notes),
                headings: normal(&headings(&case.body.headings), |d| &d.headings),
                places: normal(&places, |d| &d.places),
                year: m.year,
                facets: facets.iter().map(|f| (f.of)(m)).collect(),
            }
        })
        .collect()
}

/// A body's headings, one a line: what a case's sections are about, which the rule
/// weighs above the body (`rule::HEADINGS_BOOST`).
fn headings(headings: &[String]) -> String {
    headings.iter().map(|h| format!("{h}\n")).collect()
}

/// Exports `index` into the site: each file to `emit` at its output path below the
/// search page's `data/`, as it is made. Returns the manifest's URL.
pub fn export_into_site(index: &SearchIndex, base: &str, emit: export::Out) -> anyhow::Result<String> {
    let data = crate::urls::search_data(base);
    let prefix = crate::urls::output_path(base, &data);
    let manifest = export::export_to(index, &|path, bytes| emit(&format!("{prefix}{path}"), bytes))?;
    Ok(format!("{data}{manifest}"))
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
