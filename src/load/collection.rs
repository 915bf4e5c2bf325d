//! A workshop collection's checks, made like a case's: every case, factor and step it
//! names exists and is named once, every factor and step it says it covers is shown by
//! one of its cases, and no part a workshop needs is missing or blank. Each problem is
//! reported at its value, with the nearest valid name.

use std::collections::HashSet;

use super::locate::Seg;
use super::schema::{CollectionMeta, FactorRef};
use super::validate::Vocabulary;
use super::{Doc, Docs};
use crate::diagnostic::{Diagnostic, Span};
use crate::vocabulary::{FACTORS, STEPS};

/// Every collection of the site against its cases and its factors and steps.
pub fn validate_all(content: &Docs, v: &Vocabulary, diags: &mut Vec<Diagnostic>) {
    if content.collections.is_empty() {
        return;
    }
    let ids: Vec<&str> = content.cases.iter().map(|c| c.slug.as_str()).collect();
    let set: HashSet<&str> = ids.iter().copied().collect();
    for doc in &content.collections {
        validate(doc, content, (&ids, &set), v, diags);
    }
}

fn validate(
    doc: &Doc<CollectionMeta>,
    content: &Docs,
    (case_ids, case_set): (&[&str], &HashSet<&str>),
    v: &Vocabulary,
    diags: &mut Vec<Diagnostic>,
) {
    super::guard::check_doc(doc, diags);
    let m = &doc.meta;
    let error = |message: String, path: &[Seg]| {
        Diagnostic::error(&doc.file.rel, message).at(&doc.file.text, doc.locate(path))
    };
    let mut seen = HashSet::new();
    for (i, case) in m.cases.iter().enumerate() {
        let path = ref_path("cases", i, case);
        if !case_set.contains(case.id.as_str()) {
            diags.push(
                error(format!("unknown case `{}`", case.id), &path)
                    .suggest(&case.id, case_ids.iter().copied())
                    .help(format!(
                        "a case is named by its slug, the file name in content/cases/ without `.md`: {}",
                        case_ids.join(", ")
                    )),
            );
        } else if !seen.insert(case.id.as_str()) {
            diags.push(
                error(format!("case `{}` is listed twice", case.id), &path)
                    .help("list each case once, with one note"),
            );
        }
    }
    // What the listed cases show, to hold the collection's claims to.
    let shown: Vec<HashSet<&str>> = [FACTORS, STEPS]
        .iter()
        .map(|&at| {
            let key = &content.specs[at].case_key;
            content
                .cases
                .iter()
                .filter(|c| m.cases.iter().any(|r| r.id == c.slug))
                .flat_map(|c| c.meta.terms_of(key).map(|(id, _)| id))
                .collect()
        })
        .collect();
    for (at, key, list) in [(FACTORS, "factors", &m.factors), (STEPS, "steps", &m.steps)] {
        let spec = content.specs[at];
        let (valid, lookup) = v.terms(at);
        let mut seen = HashSet::new();
        for (i, id) in list.iter().enumerate() {
            let path = [Seg::Key(key), Seg::Index(i)];
            if !lookup.contains(id.as_str()) {
                diags.push(
                    error(format!("unknown {} `{id}`", spec.noun), &path)
                        .suggest(id, valid.iter().copied())
                        .help(format!(
                            "{}s are the files in content/{}/: {}",
                            spec.noun,
                            spec.folder,
                            valid.join(", ")
                        )),
                );
            } else if !seen.insert(id.as_str()) {
                diags.push(
                    error(format!("{} `{id}` is listed twice", spec.noun), &path)
                        .help(format!("list each {} once", spec.noun)),
                );
            } else if !shown[at].contains(id.as_str()) {
                diags.push(
                    error(
                        format!("none of the collection's cases shows the {} `{id}`", spec.noun),
                        &path,
                    )
                    .help(format!(
                        "a collection covers what its cases show: add a case tagged with `{id}`, or remove the {}",
                        spec.noun
                    )),
                );
            }
        }
    }
    let missing = |key: &str, what: &str| {
        error(format!("`{key}` must not be empty"), &[Seg::Key(key)]).help(what.to_string())
    };
    let required: [(&str, bool, &str); 7] = [
        (
            "summary",
            m.summary.trim().is_empty(),
            "write one or two sentences on what the workshop is about",
        ),
        (
            "audience",
            m.audience.trim().is_empty(),
            "say who the workshop is for",
        ),
        (
            "duration",
            m.duration.trim().is_empty(),
            "say how long the workshop takes",
        ),
        (
            "cases",
            m.cases.is_empty(),
            "list the cases the workshop discusses, by slug, in order",
        ),
        (
            "factors",
            m.factors.is_empty(),
            "list the root-system factors the workshop covers",
        ),
        (
            "questions",
            m.questions.iter().all(|q| q.trim().is_empty()),
            "write the questions the group discusses",
        ),
        (
            "sources",
            m.sources.is_empty(),
            "name where the collection's facts come from",
        ),
    ];
    for (key, empty, what) in required {
        if empty {
            diags.push(missing(key, what));
        }
    }
    if doc.body().trim().is_empty() {
        // The body starts on the line after the closing `---`.
        let line = doc.file.text[..doc.body_offset].lines().count().max(1);
        diags.push(
            Diagnostic::error(&doc.file.rel, "the collection has no introduction")
                .at(&doc.file.text, Span::new(line, 1, 3))
                .help(
                    "write the introduction below the front matter: what the workshop is for and how it runs",
                ),
        );
    }
}

/// The path to a noted reference's id in the front matter.
fn ref_path<'a>(key: &'a str, i: usize, r: &FactorRef) -> Vec<Seg<'a>> {
    let mut path = vec![Seg::Key(key), Seg::Index(i)];
    if r.note.is_some() {
        path.push(Seg::Key("id"));
    }
    path
}
