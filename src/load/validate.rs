//! Cross-file validation: every id resolves, every slug is unique and safe.
//!
//! Runs after all files parsed, because a case's factor ids can only be checked
//! against the factor files. Each problem is pushed, never returned early, so an
//! editor sees them all in one run.

use std::collections::{BTreeMap, HashSet};

use super::guard;
use super::locate::{locate, Seg};
use super::schema::CaseMeta;
use super::{Doc, Docs};
use crate::diagnostic::{Diagnostic, Span};

/// URL segments the site uses itself; a page slug may not take them.
pub const RESERVED_SLUGS: &[&str] = &[
    "fall", "faktorer", "steg", "kommuner", "sok", "foresla", "static", "utskrift", "404", "sitemap", "atom",
];

pub fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && s.split('-').all(|part| !part.is_empty())
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// What a name would be as a slug: lowercase ASCII, å/ä→a, ö→o, other runs → `-`.
pub fn slugify(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars().flat_map(char::to_lowercase) {
        let c = match c {
            'å' | 'ä' | 'á' | 'à' => 'a',
            'ö' | 'ø' | 'ó' => 'o',
            'é' | 'è' | 'ë' => 'e',
            'ü' => 'u',
            c => c,
        };
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

/// The ids a case may refer to, in file order (the order help texts list them in).
pub struct Vocabulary<'a> {
    factor_ids: Vec<&'a str>,
    step_ids: Vec<&'a str>,
    muni_ids: Vec<&'a str>,
    // Sets for the lookups, lists for the messages: a linear search per reference
    // is 10^6 string compares at 10,000 cases and 290 municipalities.
    factor_set: HashSet<&'a str>,
    step_set: HashSet<&'a str>,
    muni_set: HashSet<&'a str>,
}

impl<'a> Vocabulary<'a> {
    pub fn new(content: &Docs<'a>) -> Vocabulary<'a> {
        let factor_ids: Vec<&str> = content.factors.iter().map(|d| d.slug.as_str()).collect();
        let step_ids: Vec<&str> = content.steps.iter().map(|d| d.slug.as_str()).collect();
        let muni_ids: Vec<&str> = content.municipalities.iter().map(|m| m.id.as_str()).collect();
        Vocabulary {
            factor_set: set(&factor_ids),
            step_set: set(&step_ids),
            muni_set: set(&muni_ids),
            factor_ids,
            step_ids,
            muni_ids,
        }
    }

    /// Everything a case's diagnostics depend on besides the case itself.
    pub fn ids(&self) -> (&[&'a str], &[&'a str], &[&'a str]) {
        (&self.factor_ids, &self.step_ids, &self.muni_ids)
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
    check_slugs(&content.cases, "case", diags);
    check_slugs(&content.factors, "factor", diags);
    check_slugs(&content.steps, "step", diags);
    check_slugs(&content.pages, "page", diags);
    for page in content.pages.iter() {
        if RESERVED_SLUGS.contains(&page.slug.as_str()) {
            diags.push(
                Diagnostic::error(
                    &page.file.rel,
                    format!("page slug `{}` is reserved for the site's own pages", page.slug),
                )
                .at(&page.file.text, Span::new(1, 1, 3))
                .help(format!(
                    "rename the file; reserved: {}",
                    RESERVED_SLUGS.join(", ")
                )),
            );
        }
    }
    content
        .factors
        .iter()
        .chain(&content.steps)
        .for_each(|d| guard::check_doc(d, diags));
    content.pages.iter().for_each(|d| guard::check_doc(d, diags));
    check_orders(&content.factors, "factor", diags);
    check_orders(&content.steps, "step", diags);
    check_municipalities(content, diags);
}

/// The checks of one case against the vocabulary: its result depends on nothing else.
pub fn validate_case(case: &Doc<CaseMeta>, v: &Vocabulary, diags: &mut Vec<Diagnostic>) {
    let (factor_ids, factor_set) = (&v.factor_ids, &v.factor_set);
    guard::check_doc(case, diags);
    let m = &case.meta;
    let mut seen = Vec::new();
    for (i, f) in m.factors.iter().enumerate() {
        let path: &[Seg] = if f.note.is_some() {
            &[Seg::Key("factors"), Seg::Index(i), Seg::Key("id")]
        } else {
            &[Seg::Key("factors"), Seg::Index(i)]
        };
        if !factor_set.contains(f.id.as_str()) {
            let d = Diagnostic::error(&case.file.rel, format!("unknown factor `{}`", f.id))
                .at(&case.file.text, case.locate(path))
                .suggest(&f.id, factor_ids.iter().copied())
                .help(format!(
                    "factors are the files in content/factors/: {}",
                    factor_ids.join(", ")
                ));
            diags.push(d);
        } else if seen.contains(&f.id.as_str()) {
            diags.push(
                Diagnostic::error(&case.file.rel, format!("factor `{}` is listed twice", f.id))
                    .at(&case.file.text, case.locate(path))
                    .help("list each factor once, with one note"),
            );
        }
        seen.push(&f.id);
    }
    check_ids(case, "steps", &m.steps, "step", (&v.step_ids, &v.step_set), diags);
    check_ids(
        case,
        "municipalities",
        &m.municipalities,
        "municipality",
        (&v.muni_ids, &v.muni_set),
        diags,
    );

    let missing = |key: &str, what: &str| {
        Diagnostic::error(&case.file.rel, format!("`{key}` must not be empty"))
            .at(&case.file.text, case.locate(&[Seg::Key(key)]))
            .help(what.to_string())
    };
    if m.factors.is_empty() {
        diags.push(missing("factors", "a case shows at least one root-system factor"));
    }
    if m.sources.is_empty() {
        diags.push(missing("sources", "every case names where its facts come from"));
    }
    if m.summary.trim().is_empty() {
        diags.push(missing("summary", "write one or two sentences"));
    }
    if m.municipalities.is_empty() && m.places.is_empty() && m.organisation.is_none() {
        diags.push(
            Diagnostic::error(&case.file.rel, "the case is not anchored anywhere")
                .at(&case.file.text, Span::new(1, 1, 3))
                .help("give `municipalities`, `places` or `organisation`"),
        );
    }
    if let Some(year) = m.year.filter(|y| !(1900..=2100).contains(y)) {
        diags.push(
            Diagnostic::error(&case.file.rel, format!("`year` {year} is out of range"))
                .at(&case.file.text, case.locate(&[Seg::Key("year")]))
                .help("give the four-digit year of the case's account"),
        );
    }
}

fn check_ids(
    case: &Doc<super::schema::CaseMeta>,
    key: &str,
    values: &[String],
    what: &str,
    (valid, lookup): (&[&str], &HashSet<&str>),
    diags: &mut Vec<Diagnostic>,
) {
    for (i, id) in values.iter().enumerate() {
        if !lookup.contains(id.as_str()) {
            let help = match what {
                "municipality" => "municipalities are listed in content/municipalities.yaml; a place that is not a Swedish municipality goes in `places`".to_string(),
                _ => format!("{what}s are the files in content/{key}/: {}", valid.join(", ")),
            };
            diags.push(
                Diagnostic::error(&case.file.rel, format!("unknown {what} `{id}`"))
                    .at(&case.file.text, case.locate(&[Seg::Key(key), Seg::Index(i)]))
                    .suggest(id, valid.iter().copied())
                    .help(help),
            );
        }
    }
}

fn set<'a>(ids: &[&'a str]) -> HashSet<&'a str> {
    ids.iter().copied().collect()
}

fn check_slugs<M>(docs: &[&Doc<M>], what: &str, diags: &mut Vec<Diagnostic>) {
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
            let d = Diagnostic::error(&doc.file.rel, format!("`{}` is not a valid slug", doc.slug)).help(
                format!(
                    "slugs use a-z, 0-9 and single `-`; the {}would be `{}`",
                    if from_key { "" } else { "file name " },
                    slugify(&doc.slug)
                ),
            );
            diags.push(d.at(&doc.file.text, span()));
            continue;
        }
        if let Some(prev) = first.get(doc.slug.as_str()) {
            diags.push(
                Diagnostic::error(&doc.file.rel, format!("duplicate {what} slug `{}`", doc.slug))
                    .at(&doc.file.text, span())
                    .label(format!("also used by {}", prev.file.rel))
                    .help("two pages cannot share one address; change `slug` or rename a file"),
            );
        } else {
            first.insert(&doc.slug, doc);
        }
    }
}

fn check_orders(docs: &[&Doc<super::schema::TermMeta>], what: &str, diags: &mut Vec<Diagnostic>) {
    let mut seen: BTreeMap<u32, &str> = BTreeMap::new();
    for doc in docs {
        if let Some(prev) = seen.insert(doc.meta.order, &doc.slug) {
            diags.push(
                Diagnostic::error(
                    &doc.file.rel,
                    format!("{what} order {} is already taken", doc.meta.order),
                )
                .at(&doc.file.text, doc.locate(&[Seg::Key("order")]))
                .label(format!("also the order of `{prev}`"))
                .help(format!("each {what} has its own position in the model")),
            );
        }
    }
}

fn check_municipalities(content: &Docs, diags: &mut Vec<Diagnostic>) {
    let Some(file) = content.municipalities_file else {
        return;
    };
    let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
    for (i, m) in content.municipalities.iter().enumerate() {
        let at = |key: &'static str| locate(&file.text, 1, &[Seg::Index(i), Seg::Key(key)]);
        if !is_slug(&m.id) {
            diags.push(
                Diagnostic::error(&file.rel, format!("`{}` is not a valid municipality id", m.id))
                    .at(&file.text, at("id"))
                    .help(format!("ids use a-z, 0-9 and `-`, e.g. `{}`", slugify(&m.name))),
            );
        }
        if seen.insert(&m.id, i).is_some() {
            diags.push(
                Diagnostic::error(&file.rel, format!("duplicate municipality id `{}`", m.id))
                    .at(&file.text, at("id"))
                    .help("each municipality is listed once"),
            );
        }
        if m.kommunkod.len() != 4 || !m.kommunkod.bytes().all(|b| b.is_ascii_digit()) {
            diags.push(
                Diagnostic::error(
                    &file.rel,
                    format!("`kommunkod` `{}` is not four digits", m.kommunkod),
                )
                .at(&file.text, at("kommunkod"))
                .help("quote the code so leading zeros survive: kommunkod: \"0180\""),
            );
        }
        let c = m.coordinates;
        if !(-90.0..=90.0).contains(&c.lat) || !(-180.0..=180.0).contains(&c.lon) {
            diags.push(
                Diagnostic::error(&file.rel, "coordinates are out of range")
                    .at(&file.text, at("coordinates"))
                    .help("give decimal degrees: lat between -90 and 90, lon between -180 and 180"),
            );
        }
    }
}
