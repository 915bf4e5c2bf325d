//! The self-assessment's statements (`statements:` in a factor's front matter): the
//! checks that make `/sjalvskattning/` a questionnaire a reader can finish.
//!
//! The statements sit beside the factor's description and questions they are drawn
//! from, so an editor changes both in one pull request. A site whose factors have no
//! statements has no self-assessment; once one factor has them, every factor needs
//! 2–4, because a factor without a statement could never be scored, and more than
//! four would outweigh the others in a reader's patience, not in the scoring (each
//! factor's score is the mean of its own answers).

use std::collections::BTreeMap;

use super::locate::Seg;
use super::schema::TermMeta;
use super::{Doc, Docs};
use crate::diagnostic::{Diagnostic, Span};
use crate::vocabulary::FACTORS;

pub const MIN_PER_FACTOR: usize = 2;
pub const MAX_PER_FACTOR: usize = 4;
/// Long enough for one clear claim, short enough to read on a phone beside a scale.
pub const MAX_CHARS: usize = 200;

pub fn check(content: &Docs, diags: &mut Vec<Diagnostic>) {
    for (v, terms) in content.vocabularies.iter().enumerate().skip(FACTORS + 1) {
        for doc in terms.iter().filter(|d| !d.meta.statements.is_empty()) {
            diags.push(
                Diagnostic::error(&doc.file.rel, "only factors have self-assessment statements")
                    .at(&doc.file.text, doc.locate(&[Seg::KeyName("statements")]))
                    .help(format!(
                        "the self-assessment rates the root system's factors; remove `statements` from this {}",
                        content.specs[v].noun
                    )),
            );
        }
    }
    let Some(factors) = content.vocabularies.get(FACTORS) else {
        return;
    };
    if factors.iter().all(|d| d.meta.statements.is_empty()) {
        return;
    }
    let mut seen: BTreeMap<String, &str> = BTreeMap::new();
    for doc in factors {
        check_factor(doc, diags);
        for (i, s) in doc.meta.statements.iter().enumerate() {
            let key = s.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase();
            if key.is_empty() {
                continue;
            }
            if let Some(prev) = seen.insert(key, &doc.slug) {
                diags.push(
                    Diagnostic::error(&doc.file.rel, "this statement is already in the self-assessment")
                        .at(&doc.file.text, at(doc, i))
                        .label(format!("also a statement of `{prev}`"))
                        .help("each statement is asked once; reword or remove one of them"),
                );
            }
        }
    }
}

fn at(doc: &Doc<TermMeta>, i: usize) -> Span {
    doc.locate(&[Seg::Key("statements"), Seg::Index(i)])
}

fn check_factor(doc: &Doc<TermMeta>, diags: &mut Vec<Diagnostic>) {
    let list = &doc.meta.statements;
    if list.len() < MIN_PER_FACTOR {
        let span = if list.is_empty() {
            Span::new(1, 1, 3)
        } else {
            doc.locate(&[Seg::Key("statements")])
        };
        diags.push(
            Diagnostic::error(
                &doc.file.rel,
                format!("factor `{}` has {} self-assessment statement(s)", doc.slug, list.len()),
            )
            .at(&doc.file.text, span)
            .help(format!(
                "other factors have statements, so every factor needs {MIN_PER_FACTOR}–{MAX_PER_FACTOR} under `statements:`, drawn from \"Vad faktorn innebär\" and its questions"
            )),
        );
    }
    if list.len() > MAX_PER_FACTOR {
        diags.push(
            Diagnostic::error(
                &doc.file.rel,
                format!(
                    "factor `{}` has {} self-assessment statements",
                    doc.slug,
                    list.len()
                ),
            )
            .at(&doc.file.text, at(doc, MAX_PER_FACTOR))
            .help(format!(
                "keep at most {MAX_PER_FACTOR}, so every factor weighs alike in the questionnaire"
            )),
        );
    }
    for (i, s) in list.iter().enumerate() {
        let chars = s.trim().chars().count();
        if chars == 0 {
            diags.push(
                Diagnostic::error(&doc.file.rel, "a self-assessment statement is empty")
                    .at(&doc.file.text, at(doc, i))
                    .help("write one claim a reader can agree or disagree with, or remove the item"),
            );
        } else if chars > MAX_CHARS {
            diags.push(
                Diagnostic::error(
                    &doc.file.rel,
                    format!("a self-assessment statement is {chars} characters long"),
                )
                .at(&doc.file.text, at(doc, i))
                .help(format!(
                    "keep a statement to one claim of at most {MAX_CHARS} characters"
                )),
            );
        }
    }
}
