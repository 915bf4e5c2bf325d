//! Vocabularies: the sets of terms cases are tagged with, described by data.
//!
//! The root system's factors and the process model's steps are the two built-in
//! vocabularies; a site may declare more in `book.toml` (`[vocabularies.teman]`),
//! each with a content folder of term files. Everything that differs between them —
//! folder, URL segment, search facet, labels, whether the case listing offers it as
//! a filter — is a field here, so the loader, the listings, the term pages and
//! search loop over vocabularies instead of naming them.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// Position of the factors among `Config::vocabularies()`: always first.
pub const FACTORS: usize = 0;
/// Position of the steps: always second.
pub const STEPS: usize = 1;

/// A vocabulary a site declares in `book.toml`, under `[vocabularies.<id>]`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "kebab-case", deny_unknown_fields)]
pub struct VocabularyConfig {
    /// The folder of term files inside the content folder (default: the id).
    pub folder: Option<String>,
    /// The URL segment of its term pages, `/<url>/<term>/` (default: the id).
    pub url: Option<String>,
    /// The search facet's name, in URLs and `rotsystem search --facet` (default: the id).
    pub facet: Option<String>,
    /// Whether the case listing offers its terms as a filter.
    pub listing: Option<bool>,
    /// Its place after the built-in vocabularies (lower first; then by id).
    pub order: Option<u32>,
    /// Interface labels by language (`sv`, `en`).
    pub labels: BTreeMap<String, Labels>,
}

/// How a vocabulary is named in the interface, in one language.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(default, rename_all = "kebab-case", deny_unknown_fields)]
pub struct Labels {
    /// One term: "Faktor".
    pub one: String,
    /// The overview page's title: "Rotsystemets faktorer".
    pub title: String,
    /// The overview page's introduction.
    pub intro: String,
    /// The case listing's filter label: "Efter faktor".
    pub browse: String,
    /// The search facet's heading.
    pub facet: String,
}

/// Where a case names its terms of a vocabulary.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum CaseKey {
    /// `factors:`, each a bare id or `{id, note}`.
    Factors,
    /// `steps:`, bare ids.
    Steps,
    /// `terms: { <id>: [...] }`, for a vocabulary the site declares.
    Terms(String),
}

/// One vocabulary, fully described.
#[derive(Debug, Clone, PartialEq)]
pub struct Spec {
    pub id: String,
    pub folder: String,
    pub url: String,
    pub facet: String,
    /// The facet's parameter in the search page's URL: `faktor`, `steg`.
    pub param: String,
    pub case_key: CaseKey,
    /// The word diagnostics use for one term: "factor", "step".
    pub noun: String,
    pub listing: bool,
    pub labels: LabelSource,
}

/// Built-in vocabularies take their labels from the theme's language tables, so a
/// theme can reword them; declared ones bring their own.
#[derive(Debug, Clone, PartialEq)]
pub enum LabelSource {
    /// i18n keys for `one`, `title`, `intro`, `browse` and `facet`.
    Keys([&'static str; 5]),
    Given(BTreeMap<String, Labels>),
}

impl Spec {
    /// The labels in `language`, looking keys up with `tr`.
    pub fn labels(&self, language: &str, tr: &dyn Fn(&str) -> String) -> Labels {
        match &self.labels {
            LabelSource::Keys([one, title, intro, browse, facet]) => Labels {
                one: tr(one),
                title: tr(title),
                intro: tr(intro),
                browse: tr(browse),
                facet: tr(facet),
            },
            LabelSource::Given(by_language) => {
                let l = by_language
                    .get(language)
                    .or_else(|| by_language.values().next())
                    .cloned()
                    .unwrap_or_default();
                let or = |s: &str, fallback: &str| {
                    if s.is_empty() {
                        fallback.to_string()
                    } else {
                        s.to_string()
                    }
                };
                Labels {
                    title: or(&l.title, &self.id),
                    browse: or(&l.browse, &or(&l.title, &self.id)),
                    facet: or(&l.facet, &or(&l.one, &self.id)),
                    one: or(&l.one, &self.id),
                    intro: l.intro,
                }
            }
        }
    }
}

/// The built-in vocabularies, then the declared ones in their order.
pub fn all(declared: &BTreeMap<String, VocabularyConfig>) -> Vec<Spec> {
    let mut specs = vec![
        Spec {
            id: "factors".into(),
            folder: "factors".into(),
            url: "faktorer".into(),
            facet: "factor".into(),
            param: "faktor".into(),
            case_key: CaseKey::Factors,
            noun: "factor".into(),
            listing: true,
            labels: LabelSource::Keys([
                "factor",
                "factors_title",
                "factors_intro",
                "by_factor",
                "search_facet_factor",
            ]),
        },
        Spec {
            id: "steps".into(),
            folder: "steps".into(),
            url: "steg".into(),
            facet: "step".into(),
            param: "steg".into(),
            case_key: CaseKey::Steps,
            noun: "step".into(),
            listing: true,
            labels: LabelSource::Keys([
                "step",
                "steps_title",
                "steps_intro",
                "by_step",
                "search_facet_step",
            ]),
        },
    ];
    let mut extra: Vec<(&String, &VocabularyConfig)> = declared.iter().collect();
    extra.sort_by_key(|(id, c)| (c.order.unwrap_or(u32::MAX), id.to_string()));
    specs.extend(extra.into_iter().map(|(id, c)| Spec {
        id: id.clone(),
        folder: c.folder.clone().unwrap_or_else(|| id.clone()),
        url: c.url.clone().unwrap_or_else(|| id.clone()),
        facet: c.facet.clone().unwrap_or_else(|| id.clone()),
        param: c.facet.clone().unwrap_or_else(|| id.clone()),
        case_key: CaseKey::Terms(id.clone()),
        noun: format!("{id} term"),
        listing: c.listing.unwrap_or(true),
        labels: LabelSource::Given(c.labels.clone()),
    }));
    specs
}
