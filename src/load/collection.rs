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
    let error = |key: &str, id: &str, path: &[Seg]| {
        Diagnostic::error_t(&doc.file.rel, key, &[("id", id)]).at(&doc.file.text, doc.locate(path))
    };
    let mut seen = HashSet::new();
    for (i, case) in m.cases.iter().enumerate() {
        let path = ref_path("cases", i, case);
        if !case_set.contains(case.id.as_str()) {
            diags.push(
                error("diag_collection_unknown_case", &case.id, &path)
                    .suggest(&case.id, case_ids.iter().copied())
                    .help_t(
                        "diag_collection_unknown_case_help",
                        &[("ids", &case_ids.join(", "))],
                    ),
            );
        } else if !seen.insert(case.id.as_str()) {
            diags.push(
                error("diag_collection_case_twice", &case.id, &path)
                    .help_t("diag_collection_case_twice_help", &[]),
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
    // Each message names its vocabulary itself: Swedish nouns have genders.
    for (at, key, list, noun) in [
        (FACTORS, "factors", &m.factors, "factor"),
        (STEPS, "steps", &m.steps, "step"),
    ] {
        let spec = content.specs[at];
        let says = |what: &str| format!("diag_collection_{noun}_{what}");
        let (valid, lookup) = v.terms(at);
        let mut seen = HashSet::new();
        for (i, id) in list.iter().enumerate() {
            let path = [Seg::Key(key), Seg::Index(i)];
            if !lookup.contains(id.as_str()) {
                let unknown = format!("diag_collection_unknown_{noun}");
                diags.push(
                    error(&unknown, id, &path)
                        .suggest(id, valid.iter().copied())
                        .help_t(
                            &format!("{unknown}_help"),
                            &[("folder", &spec.folder), ("ids", &valid.join(", "))],
                        ),
                );
            } else if !seen.insert(id.as_str()) {
                diags.push(error(&says("twice"), id, &path).help_t(&says("twice_help"), &[]));
            } else if !shown[at].contains(id.as_str()) {
                diags.push(error(&says("unshown"), id, &path).help_t(&says("unshown_help"), &[("id", id)]));
            }
        }
    }
    let required = [
        ("summary", m.summary.trim().is_empty()),
        ("audience", m.audience.trim().is_empty()),
        ("duration", m.duration.trim().is_empty()),
        ("cases", m.cases.is_empty()),
        ("factors", m.factors.is_empty()),
        ("questions", m.questions.iter().all(|q| q.trim().is_empty())),
        ("sources", m.sources.is_empty()),
    ];
    for (key, empty) in required {
        if empty {
            diags.push(
                Diagnostic::error_t(&doc.file.rel, "diag_empty_key", &[("key", key)])
                    .at(&doc.file.text, doc.locate(&[Seg::Key(key)]))
                    .help_t(&format!("diag_collection_{key}_help"), &[]),
            );
        }
    }
    if doc.body().trim().is_empty() {
        // The body starts on the line after the closing `---`.
        let line = doc.file.text[..doc.body_offset].lines().count().max(1);
        diags.push(
            Diagnostic::error_t(&doc.file.rel, "diag_collection_no_intro", &[])
                .at(&doc.file.text, Span::new(line, 1, 3))
                .help_t("diag_collection_no_intro_help", &[]),
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
