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
    for terms in content.vocabularies.iter().skip(FACTORS + 1) {
        for doc in terms.iter().filter(|d| !d.meta.statements.is_empty()) {
            diags.push(
                Diagnostic::error_t(&doc.file.rel, "diag_statements_not_factor", &[])
                    .at(&doc.file.text, doc.locate(&[Seg::KeyName("statements")]))
                    .help_t("diag_statements_not_factor_help", &[]),
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
                    Diagnostic::error_t(&doc.file.rel, "diag_statement_twice", &[])
                        .at(&doc.file.text, at(doc, i))
                        .label_t("diag_statement_twice_label", &[("prev", prev)])
                        .help_t("diag_statement_twice_help", &[]),
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
    let (n, min, max) = (
        list.len().to_string(),
        MIN_PER_FACTOR.to_string(),
        MAX_PER_FACTOR.to_string(),
    );
    let counted = [("id", doc.slug.as_str()), ("n", &n)];
    if list.len() < MIN_PER_FACTOR {
        let span = if list.is_empty() {
            Span::new(1, 1, 3)
        } else {
            doc.locate(&[Seg::Key("statements")])
        };
        diags.push(
            Diagnostic::error_t(&doc.file.rel, "diag_statements_few", &counted)
                .at(&doc.file.text, span)
                .help_t("diag_statements_few_help", &[("min", &min), ("max", &max)]),
        );
    }
    if list.len() > MAX_PER_FACTOR {
        diags.push(
            Diagnostic::error_t(&doc.file.rel, "diag_statements_many", &counted)
                .at(&doc.file.text, at(doc, MAX_PER_FACTOR))
                .help_t("diag_statements_many_help", &[("max", &max)]),
        );
    }
    for (i, s) in list.iter().enumerate() {
        let chars = s.trim().chars().count();
        if chars == 0 {
            diags.push(
                Diagnostic::error_t(&doc.file.rel, "diag_statement_empty", &[])
                    .at(&doc.file.text, at(doc, i))
                    .help_t("diag_statement_empty_help", &[]),
            );
        } else if chars > MAX_CHARS {
            let (n, max) = (chars.to_string(), MAX_CHARS.to_string());
            diags.push(
                Diagnostic::error_t(&doc.file.rel, "diag_statement_long", &[("n", &n)])
                    .at(&doc.file.text, at(doc, i))
                    .help_t("diag_statement_long_help", &[("max", &max)]),
            );
        }
    }
}
