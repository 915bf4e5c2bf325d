//! What templates see: small serializable views built from the `Site`.
//!
//! Cards (a case as a list item) are built once per build and shared by every
//! listing, so no page re-derives another page's data.

use serde::Serialize;

use crate::load::schema::{Fact, Municipality, Source};
use crate::site::Site;
use crate::urls;
use crate::vocabulary::{Spec, FACTORS, STEPS};

#[derive(Serialize)]
pub struct SiteView {
    pub title: String,
    pub description: String,
    pub language: String,
    pub base: String,
    /// The site's address without the trailing `/`, for absolute URLs.
    pub url: String,
    pub repository: Option<String>,
    pub menu: Vec<Link>,
    /// The overview pages of the vocabularies the site declares, for the main menu
    /// (factors and steps have their own entries).
    pub vocabularies: Vec<Link>,
    /// The "Föreslå ett fall" page, when the site has one.
    pub suggest: Option<String>,
    /// The licence of content and data, from `[book] license`.
    pub license: Option<crate::config::license::License>,
    /// The workshop collections' listing, when the site has collections.
    pub collections: Option<String>,
}

#[derive(Serialize, Clone)]
pub struct Link {
    pub title: String,
    pub url: String,
}

#[derive(Serialize, Clone, Hash)]
pub struct Card {
    pub url: String,
    pub title: String,
    pub summary: String,
    pub year: Option<i32>,
    #[serde(rename = "where")]
    pub place: String,
    /// The case's factors, shown as labelled colour chips.
    pub factors: Vec<Chip>,
}

/// A factor's visible identity: its number and name, and a palette slot.
#[derive(Serialize, Clone, Hash)]
pub struct Chip {
    pub order: u32,
    pub colour: u32,
    pub name: String,
}

/// The palette slot (1–12) of a factor: the theme has twelve colours, one per
/// factor of the model; a site with more factors reuses them, and the number and
/// name always say which factor it is.
pub fn colour(order: u32) -> u32 {
    (order.max(1) - 1) % 12 + 1
}

#[derive(Serialize)]
pub struct NotedCard<'a> {
    #[serde(flatten)]
    pub card: &'a Card,
    pub note: Option<&'a str>,
}

#[derive(Serialize)]
pub struct TermLink<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub order: u32,
    pub colour: u32,
    pub url: &'a str,
    pub note: Option<&'a str>,
}

#[derive(Serialize)]
pub struct TermGroup<'a> {
    pub label: String,
    pub terms: Vec<TermLink<'a>>,
}

#[derive(Serialize)]
pub struct TermSummary<'a> {
    pub name: &'a str,
    pub order: u32,
    pub colour: u32,
    pub url: &'a str,
    pub description: &'a str,
    pub count: usize,
}

#[derive(Serialize)]
pub struct CaseView<'a> {
    pub title: &'a str,
    pub summary: &'a str,
    pub year: Option<i32>,
    pub year_url: Option<String>,
    pub period: Option<&'a str>,
    pub organisation: Option<&'a str>,
    pub places: &'a [String],
    pub municipalities: Vec<Link>,
    pub factors: Vec<TermLink<'a>>,
    pub steps: Vec<TermLink<'a>>,
    /// The terms of the vocabularies a site declares, each under its label.
    pub vocabularies: Vec<TermGroup<'a>>,
    pub keywords: &'a [String],
    pub key_question: Option<&'a str>,
    pub key_answer: Option<&'a str>,
    pub awards: &'a [String],
    pub facts: &'a [Fact],
    pub sources: &'a [Source],
    pub body: &'a str,
    pub edit_url: Option<String>,
    pub extra: &'a std::collections::BTreeMap<String, serde_json::Value>,
}

#[derive(Serialize)]
pub struct TermView<'a> {
    pub name: &'a str,
    pub order: u32,
    pub colour: u32,
    pub total: usize,
    pub aliases: &'a [String],
    pub description: &'a str,
    pub questions: &'a [String],
    pub sources: &'a [Source],
    pub body: &'a str,
}

#[derive(Serialize)]
pub struct MunicipalityView<'a> {
    #[serde(flatten)]
    pub data: &'a Municipality,
    pub url: String,
    pub count: usize,
}

impl SiteView {
    /// `t` are the interface strings, for the vocabularies' labels.
    pub fn new(site: &Site, t: &crate::i18n::Strings) -> SiteView {
        let c = &site.config;
        let mut menu: Vec<(u32, Link)> = site
            .pages
            .iter()
            .filter_map(|p| {
                p.doc.meta.order.map(|o| {
                    (
                        o,
                        Link {
                            title: p.doc.meta.title.clone(),
                            url: p.url.clone(),
                        },
                    )
                })
            })
            .collect();
        menu.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.url.cmp(&b.1.url)));
        SiteView {
            title: c.book.title.clone(),
            description: c.book.description.clone(),
            language: c.book.language.clone(),
            base: site.base(),
            url: c.output.html.site_url[..c.output.html.site_url.len() - site.base().len()].to_string(),
            repository: c.output.html.git_repository_url.clone(),
            menu: menu.into_iter().map(|(_, l)| l).collect(),
            vocabularies: site.vocabularies[STEPS + 1..]
                .iter()
                .map(|v| Link {
                    title: v
                        .spec
                        .labels(&c.book.language, &|k| t.get(k).cloned().unwrap_or_default())
                        .title,
                    url: urls::vocabulary(&site.base(), &v.spec.url),
                })
                .collect(),
            suggest: super::suggest::enabled(site).then(|| urls::suggest(&site.base())),
            license: c.book.license.as_deref().and_then(crate::config::license::find),
            collections: (!site.collections.is_empty()).then(|| urls::collections(&site.base())),
        }
    }
}

pub fn cards(site: &Site) -> Vec<Card> {
    let muni_at = site.municipality_at();
    site.cases
        .iter()
        .map(|c| {
            let m = &c.doc.meta;
            let mut place: Vec<&str> = m
                .municipalities
                .iter()
                .filter_map(|id| {
                    muni_at
                        .get(id.as_str())
                        .map(|&i| site.municipalities[i].name.as_str())
                })
                .collect();
            place.extend(m.places.iter().map(String::as_str));
            if place.is_empty() {
                place.extend(m.organisation.as_deref());
            }
            let factors = m
                .factors
                .iter()
                .filter_map(|f| site.factor_pos(&f.id))
                .map(|i| {
                    let t = &site.factors()[i].doc.meta;
                    Chip {
                        order: t.order,
                        colour: colour(t.order),
                        name: t.name.clone(),
                    }
                })
                .collect();
            Card {
                url: c.url.clone(),
                title: m.title.clone(),
                summary: m.summary.clone(),
                year: m.year,
                place: place.join(", "),
                factors,
            }
        })
        .collect()
}

pub fn case_view<'a>(site: &'a Site, i: usize, label: &dyn Fn(&Spec) -> String) -> CaseView<'a> {
    let entry = &site.cases[i];
    let m = &entry.doc.meta;
    let base = site.base();
    let links = |v: usize| -> Vec<TermLink<'a>> {
        let vocabulary = &site.vocabularies[v];
        m.terms_of(&vocabulary.spec.case_key)
            .filter_map(|(id, note)| {
                let t = vocabulary.terms.iter().find(|t| t.doc.slug == id)?;
                Some(TermLink {
                    id: &t.doc.slug,
                    name: &t.doc.meta.name,
                    order: t.doc.meta.order,
                    colour: colour(t.doc.meta.order),
                    url: &t.url,
                    note,
                })
            })
            .collect()
    };
    let vocabularies = (STEPS + 1..site.vocabularies.len())
        .map(|v| TermGroup {
            label: label(&site.vocabularies[v].spec),
            terms: links(v),
        })
        .collect();
    let municipalities = m
        .municipalities
        .iter()
        .map(|id| {
            let k = &site.municipalities[site.municipality_pos(id).expect("validated")];
            Link {
                title: k.name.clone(),
                url: urls::municipality(&base, &k.id),
            }
        })
        .collect();
    let edit_url = site
        .config
        .output
        .html
        .edit_url_template
        .as_ref()
        .map(|t| t.replace("{path}", &entry.doc.file.rel));
    CaseView {
        title: &m.title,
        summary: &m.summary,
        year: m.year,
        year_url: m.year.map(|y| urls::year(&base, y)),
        period: m.period.as_deref(),
        organisation: m.organisation.as_deref(),
        places: &m.places,
        municipalities,
        factors: links(FACTORS),
        steps: links(STEPS),
        vocabularies,
        keywords: &m.keywords,
        key_question: m.key_question.as_deref(),
        key_answer: m.key_answer.as_deref(),
        awards: &m.awards,
        facts: &m.facts,
        sources: &m.sources,
        body: &entry.body.html,
        edit_url,
        extra: &m.extra,
    }
}
