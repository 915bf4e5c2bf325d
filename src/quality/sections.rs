//! A case's `##` sections (docs/content-model.md): the one list the scaffold writes
//! and `check` reads. A case leaves out the sections its sources do not support, but
//! every source tells a background and what can be learned from it, so those two are
//! required; a required section that is missing or holds no text is a warning.

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use crate::diagnostic::{Diagnostic, Span};
use crate::i18n::{self, Strings};
use crate::load::schema::CaseMeta;
use crate::load::Doc;

/// A case's sections in order, each with whether it is required.
pub const CASE_SECTIONS: &[(&str, bool)] = &[
    ("Bakgrund och utmaning", true),
    ("Vad de gjorde", false),
    ("Resultat", false),
    ("Utmaningar och framgångsfaktorer", false),
    ("Lärdomar", true),
];

/// One `##` heading of a body: its text, where it is, and whether any content
/// follows it before the next `##`.
struct Section {
    title: String,
    start: usize,
    end: usize,
    filled: bool,
}

fn sections(body: &str) -> Vec<Section> {
    let mut found: Vec<Section> = Vec::new();
    let mut in_h2 = false;
    for (event, range) in
        Parser::new_ext(body, Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES).into_offset_iter()
    {
        match event {
            Event::Start(Tag::Heading {
                level: HeadingLevel::H2,
                ..
            }) => {
                in_h2 = true;
                found.push(Section {
                    title: String::new(),
                    start: range.start,
                    end: range.end,
                    filled: false,
                });
            }
            Event::End(TagEnd::Heading(HeadingLevel::H2)) => in_h2 = false,
            Event::Text(t) | Event::Code(t) if in_h2 => {
                if let Some(s) = found.last_mut() {
                    s.title.push_str(&t);
                }
            }
            Event::Text(t) | Event::Code(t) if !t.trim().is_empty() => {
                if let Some(s) = found.last_mut() {
                    s.filled = true;
                }
            }
            _ => {}
        }
    }
    found
}

/// A warning for each required section the case lacks or left empty.
pub fn check(case: &Doc<CaseMeta>, t: &Strings, out: &mut Vec<Diagnostic>) {
    let body = case.body();
    let found = sections(body);
    let text = &case.file.text;
    let span_of = |start: usize, end: usize| {
        Span::from_bytes(text, case.body_offset + start, case.body_offset + end, 1)
    };
    for (i, (title, required)) in CASE_SECTIONS.iter().enumerate() {
        if !required {
            continue;
        }
        let heading = format!("## {title}");
        match found.iter().find(|s| s.title.trim() == *title) {
            Some(s) if s.filled => {}
            Some(s) => out.push(
                Diagnostic::warning(
                    &case.file.rel,
                    i18n::text(t, "quality_section_empty", &[("heading", &heading)]),
                )
                .at(text, span_of(s.start, s.end))
                .help(i18n::get(t, "quality_section_help")),
            ),
            None => {
                // Point where the section belongs: at the first later section the
                // case has, else at the body's last line.
                let later = CASE_SECTIONS[i + 1..]
                    .iter()
                    .find_map(|(next, _)| found.iter().find(|s| s.title.trim() == *next));
                let span = match later {
                    Some(s) => span_of(s.start, s.start + s.title.len() + 3),
                    None => last_line(text),
                };
                let label = match later {
                    Some(_) => i18n::text(t, "quality_section_before", &[("heading", &heading)]),
                    None => i18n::text(t, "quality_section_after", &[("heading", &heading)]),
                };
                out.push(
                    Diagnostic::warning(
                        &case.file.rel,
                        i18n::text(t, "quality_section_missing", &[("heading", &heading)]),
                    )
                    .at(text, span)
                    .label(label)
                    .help(i18n::get(t, "quality_section_help")),
                );
            }
        }
    }
}

/// The last line of `text` that is not blank, for a problem at the end of a file.
fn last_line(text: &str) -> Span {
    let line = text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .last();
    match line {
        Some((i, l)) => Span::new(i + 1, 1, l.chars().count()),
        None => Span::new(1, 1, 1),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_section_is_filled_only_by_text_under_it() {
        let found = sections("## Bakgrund och utmaning\n\n## Lärdomar\n\nNågot.\n");
        let got: Vec<(&str, bool)> = found.iter().map(|s| (s.title.as_str(), s.filled)).collect();
        assert_eq!(got, [("Bakgrund och utmaning", false), ("Lärdomar", true)]);
    }
}
