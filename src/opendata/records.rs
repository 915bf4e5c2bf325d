//! The library as records: a case, a term and a municipality as the data files
//! write them. Each record is built from the `Site` alone, and every field's order
//! is the struct's, so the same content gives the same bytes.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::load::schema::{Coordinates, Fact, Population, Source};
use crate::site::Site;
use crate::urls;
use crate::vocabulary::{FACTORS, STEPS};

/// A case: its front matter resolved against the vocabularies and municipalities,
/// its Markdown body and its page.
#[derive(Serialize)]
pub struct Case<'a> {
    pub id: &'a str,
    /// The case's page, absolute.
    pub url: String,
    pub title: &'a str,
    pub summary: &'a str,
    pub year: Option<i32>,
    pub period: Option<&'a str>,
    pub organisation: Option<&'a str>,
    /// The municipalities the case names, with kommunkod and county.
    pub municipalities: Vec<Place<'a>>,
    /// Other places, as written (a region, a part of a municipality).
    pub places: &'a [String],
    pub factors: Vec<TermRef<'a>>,
    pub steps: Vec<TermRef<'a>>,
    /// Terms of the vocabularies a site declares, by vocabulary id.
    pub terms: BTreeMap<&'a str, Vec<TermRef<'a>>>,
    pub keywords: &'a [String],
    pub key_question: Option<&'a str>,
    pub key_answer: Option<&'a str>,
    pub awards: &'a [String],
    pub facts: &'a [Fact],
    pub sources: &'a [Source],
    pub extra: &'a BTreeMap<String, serde_json::Value>,
    /// The body as the editor wrote it, Markdown.
    pub body: &'a str,
}

#[derive(Serialize)]
pub struct Place<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub kommunkod: &'a str,
    pub county: &'a str,
    pub url: String,
}

/// A case's link to a term, with the case's note on it when it has one.
#[derive(Serialize)]
pub struct TermRef<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub order: u32,
    pub url: String,
    pub note: Option<&'a str>,
}

/// A factor, a step, or a term of a declared vocabulary.
#[derive(Serialize)]
pub struct Term<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub order: u32,
    pub url: String,
    pub aliases: &'a [String],
    pub description: &'a str,
    pub questions: &'a [String],
    pub sources: &'a [Source],
    pub body: &'a str,
    /// The ids of the cases tagged with it, in the listing's order.
    pub cases: Vec<&'a str>,
}

#[derive(Serialize)]
pub struct Municipality<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub kommunkod: &'a str,
    pub county: &'a str,
    pub coordinates: Coordinates,
    pub population: &'a [Population],
    pub url: String,
    pub cases: Vec<&'a str>,
}

/// A body without the blank lines between the front matter and its first line.
fn body(text: &str) -> &str {
    text.trim_start_matches(['\n', '\r'])
}

pub fn case<'a>(site: &'a Site, origin: &str, i: usize) -> Case<'a> {
    let e = &site.cases[i];
    let m = &e.doc.meta;
    let base = site.base();
    let refs = |v: usize| -> Vec<TermRef<'a>> {
        let vocabulary = &site.vocabularies[v];
        m.terms_of(&vocabulary.spec.case_key)
            .filter_map(|(id, note)| {
                let t = vocabulary.terms.iter().find(|t| t.doc.slug == id)?;
                Some(TermRef {
                    id: &t.doc.slug,
                    name: &t.doc.meta.name,
                    order: t.doc.meta.order,
                    url: format!("{origin}{}", t.url),
                    note,
                })
            })
            .collect()
    };
    let municipalities = m
        .municipalities
        .iter()
        .filter_map(|id| site.municipality_pos(id))
        .map(|k| {
            let k = &site.municipalities[k];
            Place {
                id: &k.id,
                name: &k.name,
                kommunkod: &k.kommunkod,
                county: &k.lan,
                url: format!("{origin}{}", urls::municipality(&base, &k.id)),
            }
        })
        .collect();
    let terms = (STEPS + 1..site.vocabularies.len())
        .map(|v| (site.vocabularies[v].spec.id.as_str(), refs(v)))
        .collect();
    Case {
        id: &e.doc.slug,
        url: format!("{origin}{}", e.url),
        title: &m.title,
        summary: &m.summary,
        year: m.year,
        period: m.period.as_deref(),
        organisation: m.organisation.as_deref(),
        municipalities,
        places: &m.places,
        factors: refs(FACTORS),
        steps: refs(STEPS),
        terms,
        keywords: &m.keywords,
        key_question: m.key_question.as_deref(),
        key_answer: m.key_answer.as_deref(),
        awards: &m.awards,
        facts: &m.facts,
        sources: &m.sources,
        extra: &m.extra,
        body: body(e.doc.body()),
    }
}

/// The terms of vocabulary `v`, in model order.
pub fn terms<'a>(site: &'a Site, origin: &str, v: usize) -> Vec<Term<'a>> {
    let vocabulary = &site.vocabularies[v];
    vocabulary
        .terms
        .iter()
        .zip(&site.index.by_term[v])
        .map(|(t, cases)| Term {
            id: &t.doc.slug,
            name: &t.doc.meta.name,
            order: t.doc.meta.order,
            url: format!("{origin}{}", t.url),
            aliases: &t.doc.meta.aliases,
            description: &t.doc.meta.description,
            questions: &t.doc.meta.questions,
            sources: &t.doc.meta.sources,
            body: body(t.doc.body()),
            cases: cases.iter().map(|&c| site.cases[c].doc.slug.as_str()).collect(),
        })
        .collect()
}

/// The municipalities that cases name, in Swedish alphabetical order.
pub fn municipalities<'a>(site: &'a Site, origin: &str) -> Vec<Municipality<'a>> {
    let base = site.base();
    site.index
        .municipalities
        .iter()
        .filter(|&&i| !site.index.by_municipality[i].is_empty())
        .map(|&i| {
            let k = &site.municipalities[i];
            Municipality {
                id: &k.id,
                name: &k.name,
                kommunkod: &k.kommunkod,
                county: &k.lan,
                coordinates: k.coordinates,
                population: &k.population,
                url: format!("{origin}{}", urls::municipality(&base, &k.id)),
                cases: site.index.by_municipality[i]
                    .iter()
                    .map(|&c| site.cases[c].doc.slug.as_str())
                    .collect(),
            }
        })
        .collect()
}
