//! The quality of every case, as `check` reports it: warnings that do not stop a
//! build, and that `check --deny warnings` (the pull-request workflow) counts as
//! errors. It reads a loaded `Site` (so it runs only on valid content) and the
//! interface strings, since its words are the editor's.
//!
//! - `sections`: a required `##` section missing or empty;
//! - `lix`: the readability index of each case's prose, above `[check] max-lix`;
//! - `anchors`: a link to a heading the target does not have;
//! - `reviewed`: no `reviewed:` date, or one older than `[check] review-max-age-days`.

pub mod anchors;
pub mod lix;
pub mod reviewed;
pub mod sections;

use rayon::prelude::*;
use serde::Serialize;

use crate::diagnostic::{self, Diagnostic, Span};
use crate::i18n::{self, Strings};
use crate::site::{Entry, Site};

/// What `check` has to say about the content beyond its errors.
pub struct Quality {
    /// Sorted by file and position.
    pub warnings: Vec<Diagnostic>,
    /// Every case's readability, in content-path order.
    pub cases: Vec<CaseScore>,
}

/// One case's readability, as `check --format json` writes it.
#[derive(Debug, Clone, Serialize)]
pub struct CaseScore {
    pub file: String,
    /// LIX to one decimal; `null` for a body without prose.
    pub lix: Option<f64>,
    pub words: usize,
    pub sentences: usize,
    pub long_words: usize,
}

pub fn check(site: &Site, t: &Strings) -> Quality {
    // Each case's warnings are its own, so the cases are checked in parallel and
    // their warnings joined in order.
    let per_case: Vec<(Vec<Diagnostic>, CaseScore)> =
        site.cases.par_iter().map(|c| case(site, c, t)).collect();
    let mut warnings = Vec::new();
    let mut cases = Vec::with_capacity(per_case.len());
    for (found, score) in per_case {
        warnings.extend(found);
        cases.push(score);
    }
    let bodies = bodies(site);
    anchors::check(&bodies, t, &mut warnings);
    diagnostic::sort(&mut warnings);
    Quality { warnings, cases }
}

/// One case's warnings from its own text, and its readability.
fn case(
    site: &Site,
    case: &Entry<crate::load::schema::CaseMeta>,
    t: &Strings,
) -> (Vec<Diagnostic>, CaseScore) {
    let mut warnings = Vec::new();
    let max = f64::from(site.config.check.max_lix);
    let doc = &case.doc;
    sections::check(doc, t, &mut warnings);
    reviewed::check(doc, &site.config, t, &mut warnings);
    let counts = lix::of_markdown(doc.body());
    let score = counts.lix();
    if let Some(score) = score.filter(|s| *s > max) {
        let per_sentence = counts.words as f64 / counts.sentences.max(1) as f64;
        let long = 100.0 * counts.long_words as f64 / counts.words as f64;
        warnings.push(
            Diagnostic::warning(
                &doc.file.rel,
                i18n::text(
                    t,
                    "quality_lix",
                    &[("lix", &format!("{score:.0}")), ("max", &format!("{max:.0}"))],
                ),
            )
            .at(&doc.file.text, first_body_line(&doc.file.text, doc.body_offset))
            .label(i18n::text(
                t,
                "quality_lix_label",
                &[
                    ("words", &format!("{per_sentence:.0}")),
                    ("long", &format!("{long:.0}")),
                ],
            ))
            .help(i18n::get(t, "quality_lix_help")),
        );
    }
    let score = CaseScore {
        file: doc.file.rel.clone(),
        lix: score.map(|s| (s * 10.0).round() / 10.0),
        words: counts.words,
        sentences: counts.sentences,
        long_words: counts.long_words,
    };
    (warnings, score)
}

/// Every document's body, for the heading links between them.
fn bodies(site: &Site) -> Vec<anchors::Body<'_>> {
    fn body<M>(e: &Entry<M>) -> anchors::Body<'_> {
        anchors::Body {
            content_path: &e.doc.content_path,
            rel: &e.doc.file.rel,
            text: &e.doc.file.text,
            rendered: &e.body,
        }
    }
    let terms = site.vocabularies.iter().flat_map(|v| v.terms.iter().map(body));
    site.cases
        .iter()
        .map(body)
        .chain(terms)
        .chain(site.pages.iter().map(body))
        .collect()
}

/// The body's first line with text: where a warning about the whole body points.
fn first_body_line(text: &str, body_offset: usize) -> Span {
    let before = text[..body_offset].matches('\n').count();
    let (i, line) = text[body_offset..]
        .lines()
        .enumerate()
        .find(|(_, l)| !l.trim().is_empty())
        .unwrap_or((0, ""));
    Span::new(before + i + 1, 1, line.chars().count())
}
