//! Cross-file validation: every id resolves, every slug is unique and safe.
//!
//! Runs after all files parsed, because a case's factor ids can only be checked
//! against the factor files. Each problem is pushed, never returned early, so an
//! editor sees them all in one run.

use std::collections::{BTreeMap, HashSet};

use super::guard;
use super::locate::{locate, Seg};
use super::schema::{CaseMeta, FactorRef};
use super::{Doc, Docs};
use crate::diagnostic::{Diagnostic, Span};
pub use crate::slug::{is_slug, slugify, RESERVED_SLUGS};
use crate::vocabulary::{CaseKey, Spec};

/// The ids a case may refer to, in file order (the order help texts list them in).
pub struct Vocabulary<'a> {
    specs: Vec<&'a Spec>,
    /// Term ids by vocabulary position.
    term_ids: Vec<Vec<&'a str>>,
    muni_ids: Vec<&'a str>,
    // Sets for the lookups, lists for the messages: a linear search per reference
    // is 10^6 string compares at 10,000 cases and 290 municipalities.
    term_sets: Vec<HashSet<&'a str>>,
    muni_set: HashSet<&'a str>,
}

impl<'a> Vocabulary<'a> {
    pub fn new(content: &Docs<'a>) -> Vocabulary<'a> {
        let term_ids: Vec<Vec<&str>> = content
            .vocabularies
            .iter()
            .map(|docs| docs.iter().map(|d| d.slug.as_str()).collect())
            .collect();
        let muni_ids: Vec<&str> = content.municipalities.iter().map(|m| m.id.as_str()).collect();
        Vocabulary {
            specs: content.specs.clone(),
            term_sets: term_ids.iter().map(|ids| set(ids)).collect(),
            muni_set: set(&muni_ids),
            term_ids,
            muni_ids,
        }
    }

    /// The ids of the vocabulary at `at`, as a list and as a set.
    pub fn terms(&self, at: usize) -> (&[&'a str], &HashSet<&'a str>) {
        (&self.term_ids[at], &self.term_sets[at])
    }

    /// Everything a case's diagnostics depend on besides the case itself.
    pub fn ids(&self) -> (&[Vec<&'a str>], &[&'a str]) {
        (&self.term_ids, &self.muni_ids)
    }
}

pub fn validate(content: &Docs, diags: &mut Vec<Diagnostic>) {
    validate_files(content, diags);
    let vocabulary = Vocabulary::new(content);
    for case in content.cases.iter() {
        validate_case(case, &vocabulary, diags);
    }
}

/// The checks that compare files with each other: unique slugs and orders, reserved
/// names, the municipalities file.
pub fn validate_files(content: &Docs, diags: &mut Vec<Diagnostic>) {
    check_slugs(&content.cases, diags);
    for terms in &content.vocabularies {
        check_slugs(terms, diags);
    }
    check_slugs(&content.pages, diags);
    check_slugs(&content.collections, diags);
    let declared: Vec<&str> = content.specs[2..].iter().map(|s| s.url.as_str()).collect();
    for page in content.pages.iter() {
        if RESERVED_SLUGS.contains(&page.slug.as_str()) || declared.contains(&page.slug.as_str()) {
            let reserved: Vec<&str> = RESERVED_SLUGS
                .iter()
                .copied()
                .chain(declared.iter().copied())
                .collect();
            diags.push(
                Diagnostic::error_t(&page.file.rel, "diag_reserved_page_slug", &[("slug", &page.slug)])
                    .at(&page.file.text, Span::new(1, 1, 3))
                    .help_t("diag_reserved_page_slug_help", &[("slugs", &reserved.join(", "))]),
            );
        }
    }
    for terms in &content.vocabularies {
        terms.iter().for_each(|d| guard::check_doc(d, diags));
    }
    content.pages.iter().for_each(|d| guard::check_doc(d, diags));
    for (spec, terms) in content.specs.iter().zip(&content.vocabularies) {
        check_orders(terms, &spec.folder, diags);
    }
    check_municipalities(content, diags);
    super::statements::check(content, diags);
}

/// The checks of one case against the vocabulary: its result depends on nothing else.
pub fn validate_case(case: &Doc<CaseMeta>, v: &Vocabulary, diags: &mut Vec<Diagnostic>) {
    guard::check_doc(case, diags);
    let m = &case.meta;
    for (i, spec) in v.specs.iter().enumerate() {
        check_terms(case, spec, (&v.term_ids[i], &v.term_sets[i]), diags);
    }
    for key in m.terms.keys() {
        let declared = v.specs.iter().filter_map(|s| match &s.case_key {
            CaseKey::Terms(id) => Some(id.as_str()),
            _ => None,
        });
        if !declared.clone().any(|id| id == key) {
            let names: Vec<&str> = declared.clone().collect();
            let d = Diagnostic::error_t(&case.file.rel, "diag_unknown_vocabulary", &[("key", key)])
                .at(
                    &case.file.text,
                    case.locate(&[Seg::Key("terms"), Seg::KeyName(key)]),
                )
                .suggest(key, declared);
            diags.push(if names.is_empty() {
                d.help_t("diag_unknown_vocabulary_none", &[])
            } else {
                d.help_t("diag_unknown_vocabulary_help", &[("names", &names.join(", "))])
            });
        }
    }
    check_municipalities_of(case, (&v.muni_ids, &v.muni_set), diags);
    super::placeholders::check(case, diags);

    let missing = |key: &'static str, help: &'static str| {
        Diagnostic::error_t(&case.file.rel, "diag_empty_key", &[("key", key)])
            .at(&case.file.text, case.locate(&[Seg::Key(key)]))
            .help_t(help, &[])
    };
    if m.factors.is_empty() {
        diags.push(missing("factors", "diag_empty_factors_help"));
    }
    if m.sources.is_empty() {
        diags.push(missing("sources", "diag_empty_sources_help"));
    }
    if m.summary.trim().is_empty() {
        diags.push(missing("summary", "diag_empty_summary_help"));
    }
    if m.municipalities.is_empty() && m.places.is_empty() && m.organisation.is_none() {
        diags.push(
            Diagnostic::error_t(&case.file.rel, "diag_not_anchored", &[])
                .at(&case.file.text, Span::new(1, 1, 3))
                .help_t("diag_not_anchored_help", &[]),
        );
    }
    if let Some(year) = m.year.filter(|y| !(1900..=2100).contains(y)) {
        diags.push(
            Diagnostic::error_t(&case.file.rel, "diag_year_range", &[("year", &year.to_string())])
                .at(&case.file.text, case.locate(&[Seg::Key("year")]))
                .help_t("diag_year_range_help", &[]),
        );
    }
    if let Some(date) = m
        .reviewed
        .as_deref()
        .filter(|d| crate::config::parse_date(d).is_none())
    {
        diags.push(
            Diagnostic::error_t(&case.file.rel, "diag_reviewed_date", &[("date", date)])
                .at(&case.file.text, case.locate(&[Seg::Key("reviewed")]))
                .help_t("diag_reviewed_date_help", &[]),
        );
    }
}

fn check_municipalities_of(
    case: &Doc<CaseMeta>,
    (valid, lookup): (&[&str], &HashSet<&str>),
    diags: &mut Vec<Diagnostic>,
) {
    for (i, id) in case.meta.municipalities.iter().enumerate() {
        if !lookup.contains(id.as_str()) {
            let d = Diagnostic::error_t(&case.file.rel, "diag_unknown_municipality", &[("id", id)]).at(
                &case.file.text,
                case.locate(&[Seg::Key("municipalities"), Seg::Index(i)]),
            );
            diags.push(
                suggest_municipality(d, id, valid.iter().copied())
                    .help_t("diag_unknown_municipality_help", &[]),
            );
        }
    }
}

/// A case's terms of one vocabulary: each known, none twice.
fn check_terms(
    case: &Doc<CaseMeta>,
    spec: &Spec,
    (valid, lookup): (&[&str], &HashSet<&str>),
    diags: &mut Vec<Diagnostic>,
) {
    let m = &case.meta;
    // Each reference with the path to its id in the front matter.
    let refs: Vec<(&str, Vec<Seg>)> = match &spec.case_key {
        CaseKey::Factors => noted_refs(&m.factors, &[Seg::Key("factors")]),
        CaseKey::Steps => m
            .steps
            .iter()
            .enumerate()
            .map(|(i, s)| (s.as_str(), vec![Seg::Key("steps"), Seg::Index(i)]))
            .collect(),
        CaseKey::Terms(id) => match m.terms.get(id) {
            Some(list) => noted_refs(list, &[Seg::Key("terms"), Seg::Key(id)]),
            None => Vec::new(),
        },
    };
    let mut seen = HashSet::new();
    for (id, path) in &refs {
        if !lookup.contains(id) {
            diags.push(
                Diagnostic::error_t(
                    &case.file.rel,
                    "diag_unknown_term",
                    &[("noun", &spec.noun), ("id", id), ("folder", &spec.folder)],
                )
                .at(&case.file.text, case.locate(path))
                .suggest(id, valid.iter().copied())
                .help_t(
                    "diag_unknown_term_help",
                    &[
                        ("noun", &spec.noun),
                        ("folder", &spec.folder),
                        ("ids", &valid.join(", ")),
                    ],
                ),
            );
        } else if !seen.insert(*id) {
            let help = match spec.case_key {
                CaseKey::Steps => "diag_term_twice_help",
                _ => "diag_term_twice_noted_help",
            };
            diags.push(
                Diagnostic::error_t(&case.file.rel, "diag_term_twice", &[("id", id)])
                    .at(&case.file.text, case.locate(path))
                    .help_t(help, &[("id", id)]),
            );
        }
    }
}

/// References that may carry a note: the path points at the id itself.
fn noted_refs<'a>(list: &'a [FactorRef], prefix: &[Seg<'a>]) -> Vec<(&'a str, Vec<Seg<'a>>)> {
    list.iter()
        .enumerate()
        .map(|(i, f)| {
            let mut path = prefix.to_vec();
            path.push(Seg::Index(i));
            if f.note.is_some() {
                path.push(Seg::Key("id"));
            }
            (f.id.as_str(), path)
        })
        .collect()
}

fn set<'a>(ids: &[&'a str]) -> HashSet<&'a str> {
    ids.iter().copied().collect()
}

fn check_slugs<M>(docs: &[&Doc<M>], diags: &mut Vec<Diagnostic>) {
    let mut first: BTreeMap<&str, &Doc<M>> = BTreeMap::new();
    for &doc in docs {
        let from_key = doc.content_path.rsplit('/').next() != Some(&format!("{}.md", doc.slug));
        let span = || {
            if from_key {
                doc.locate(&[Seg::Key("slug")])
            } else {
                Span::new(1, 1, 3)
            }
        };
        if !is_slug(&doc.slug) {
            let help = if from_key {
                "diag_bad_slug_help"
            } else {
                "diag_bad_file_slug_help"
            };
            let d = Diagnostic::error_t(&doc.file.rel, "diag_bad_slug", &[("slug", &doc.slug)])
                .help_t(help, &[("slug", &slugify(&doc.slug))]);
            diags.push(d.at(&doc.file.text, span()));
            continue;
        }
        if let Some(prev) = first.get(doc.slug.as_str()) {
            diags.push(
                Diagnostic::error_t(&doc.file.rel, "diag_duplicate_slug", &[("slug", &doc.slug)])
                    .at(&doc.file.text, span())
                    .label_t("diag_duplicate_slug_label", &[("file", &prev.file.rel)])
                    .help_t("diag_duplicate_slug_help", &[]),
            );
        } else {
            first.insert(&doc.slug, doc);
        }
    }
}

fn check_orders(docs: &[&Doc<super::schema::TermMeta>], folder: &str, diags: &mut Vec<Diagnostic>) {
    let mut seen: BTreeMap<u32, &str> = BTreeMap::new();
    for doc in docs {
        if let Some(prev) = seen.insert(doc.meta.order, &doc.slug) {
            let n = doc.meta.order.to_string();
            diags.push(
                Diagnostic::error_t(&doc.file.rel, "diag_order_taken", &[("n", &n)])
                    .at(&doc.file.text, doc.locate(&[Seg::Key("order")]))
                    .label_t("diag_order_taken_label", &[("prev", prev)])
                    .help_t("diag_order_taken_help", &[("folder", folder)]),
            );
        }
    }
}

/// Each entry of the municipalities file names one of the 290 (`crate::places`), by
/// any of `id`, `kommunkod` and `name`, which must agree; none is named twice.
fn check_municipalities(content: &Docs, diags: &mut Vec<Diagnostic>) {
    let Some(file) = content.municipalities_file else {
        return;
    };
    let places = crate::places::all();
    let mut seen: BTreeMap<usize, usize> = BTreeMap::new();
    for (i, m) in content.municipality_entries.iter().enumerate() {
        let at = |key: &'static str| locate(&file.text, 1, &[Seg::Index(i), Seg::Key(key)]);
        let keys = [("id", &m.id), ("kommunkod", &m.kommunkod), ("name", &m.name)];
        let mut found: Option<(&str, usize)> = None;
        let mut named = false;
        for (key, value) in keys {
            let Some(value) = value else { continue };
            named = true;
            let hit = match key {
                "id" => places.iter().position(|p| p.id == value),
                "kommunkod" => places.iter().position(|p| p.code == value),
                _ => places.iter().position(|p| p.name == value),
            };
            let Some(hit) = hit else {
                let mut d = Diagnostic::error_t(
                    &file.rel,
                    "diag_municipality_unknown_value",
                    &[("key", key), ("value", value)],
                )
                .at(&file.text, at(key));
                if key == "kommunkod" && (value.len() != 4 || !value.bytes().all(|b| b.is_ascii_digit())) {
                    d = d.help_t("diag_kommunkod_help", &[]);
                } else {
                    d = suggest_municipality(
                        d,
                        value,
                        places.iter().map(|p| match key {
                            "id" => p.id,
                            "kommunkod" => p.code,
                            _ => p.name,
                        }),
                    )
                    .help_t("diag_municipality_value_help", &[("key", key)]);
                }
                diags.push(d);
                continue;
            };
            match found {
                Some((first, at_first)) if at_first != hit => {
                    let (this, other) = (places[hit], places[at_first]);
                    diags.push(
                        Diagnostic::error_t(
                            &file.rel,
                            "diag_municipality_conflict",
                            &[
                                ("key", key),
                                ("name", this.name),
                                ("first", first),
                                ("other", other.name),
                            ],
                        )
                        .at(&file.text, at(key))
                        .help_t(
                            "diag_municipality_conflict_help",
                            &[("other", other.name), ("id", other.id), ("code", other.code)],
                        ),
                    )
                }
                Some(_) => {}
                None => found = Some((key, hit)),
            }
        }
        if !named {
            diags.push(
                Diagnostic::error_t(&file.rel, "diag_municipality_unnamed", &[])
                    .at(&file.text, locate(&file.text, 1, &[Seg::Index(i)]))
                    .help_t("diag_municipality_unnamed_help", &[]),
            );
        }
        if let Some((key, hit)) = found {
            if let Some(prev) = seen.insert(hit, i) {
                diags.push(
                    Diagnostic::error_t(
                        &file.rel,
                        "diag_municipality_twice",
                        &[("name", places[hit].name)],
                    )
                    .at(&file.text, at(key))
                    .label_t("diag_municipality_twice_label", &[("n", &(prev + 1).to_string())])
                    .help_t("diag_municipality_twice_help", &[]),
                );
            }
        }
    }
}

/// "did you mean": the exact municipality when `wrong` is its name or its slug
/// (`Gävle`, `gävle` for `gavle`), else the closest of `valid`.
fn suggest_municipality<'a>(d: Diagnostic, wrong: &str, valid: impl Iterator<Item = &'a str>) -> Diagnostic {
    let valid: Vec<&str> = valid.collect();
    let slug = slugify(wrong);
    match valid
        .iter()
        .find(|v| **v == slug || v.to_lowercase() == wrong.to_lowercase())
    {
        Some(hit) => d.label_t("diag_did_you_mean", &[("name", hit)]),
        None => d.suggest(wrong, valid),
    }
}
