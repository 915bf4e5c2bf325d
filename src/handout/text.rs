//! Handout text: a body's `##` sections as plain paragraphs of styled runs, and the
//! rules that shorten them.
//!
//! A handout is paper, so links keep only their text, and images, tables and code
//! blocks are left out. What remains is small enough that both the HTML page and the
//! typst markup can be written from it with their own escaping, and that cutting
//! "to N words, at a sentence end" is simple to state and to test.

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

/// A stretch of text with one style.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Run {
    pub text: String,
    pub emph: bool,
    pub strong: bool,
}

/// A paragraph or a list item.
pub type Para = Vec<Run>;

/// One `##` section of a body: its heading, paragraphs and list items, in order.
#[derive(Debug, Default, Clone)]
pub struct Section {
    pub heading: String,
    pub paras: Vec<Para>,
    pub items: Vec<Para>,
    /// The order they came in: `true` for the next item, `false` for the next paragraph.
    pub order: Vec<bool>,
}

/// A body's `##` sections. Text before the first one is dropped; `###` headings are
/// dropped but their section's text is kept; a nested list's text joins its item.
pub fn sections(body: &str) -> Vec<Section> {
    let mut out: Vec<Section> = Vec::new();
    let (mut emph, mut strong) = (0u32, 0u32);
    let mut in_heading = false;
    let mut list_depth = 0u32;
    let mut skip = 0u32;
    let mut current: Para = Vec::new();
    let flush = |out: &mut Vec<Section>, current: &mut Para, item: bool| {
        let para = tidy(std::mem::take(current));
        if let (Some(s), false) = (out.last_mut(), para.is_empty()) {
            if item {
                s.items.push(para);
            } else {
                s.paras.push(para);
            }
            s.order.push(item);
        }
    };
    for event in Parser::new_ext(body, Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES) {
        match event {
            Event::Start(
                Tag::Table(_) | Tag::CodeBlock(_) | Tag::Image { .. } | Tag::FootnoteDefinition(_),
            ) => skip += 1,
            Event::End(TagEnd::Table | TagEnd::CodeBlock | TagEnd::Image | TagEnd::FootnoteDefinition) => {
                skip -= 1
            }
            Event::Start(Tag::Heading { level, .. }) => {
                if level == HeadingLevel::H2 {
                    in_heading = true;
                    out.push(Section::default());
                } else {
                    skip += 1;
                }
            }
            Event::End(TagEnd::Heading(level)) => {
                if level == HeadingLevel::H2 {
                    in_heading = false;
                } else {
                    skip -= 1;
                }
            }
            _ if skip > 0 => {}
            Event::Start(Tag::Emphasis) => emph += 1,
            Event::End(TagEnd::Emphasis) => emph -= 1,
            Event::Start(Tag::Strong) => strong += 1,
            Event::End(TagEnd::Strong) => strong -= 1,
            Event::Start(Tag::List(_)) => list_depth += 1,
            Event::End(TagEnd::List(_)) => list_depth -= 1,
            Event::End(TagEnd::Item) if list_depth == 1 => flush(&mut out, &mut current, true),
            Event::End(TagEnd::Paragraph) if list_depth == 0 => flush(&mut out, &mut current, false),
            Event::Text(t) | Event::Code(t) if in_heading => {
                if let Some(s) = out.last_mut() {
                    s.heading.push_str(&t);
                }
            }
            Event::Text(t) | Event::Code(t) => current.push(Run {
                text: t.into_string(),
                emph: emph > 0,
                strong: strong > 0,
            }),
            Event::SoftBreak | Event::HardBreak => current.push(Run {
                text: " ".into(),
                emph: emph > 0,
                strong: strong > 0,
            }),
            _ => {}
        }
    }
    out
}

/// Merges neighbouring runs of one style and folds all white space to single spaces.
fn tidy(para: Para) -> Para {
    let mut out: Para = Vec::new();
    for run in para {
        match out.last_mut() {
            Some(last) if last.emph == run.emph && last.strong == run.strong => last.text.push_str(&run.text),
            _ => out.push(run),
        }
    }
    let mut prev_space = true;
    for run in &mut out {
        let mut text = String::with_capacity(run.text.len());
        for c in run.text.chars() {
            let space = c.is_whitespace();
            if !(space && prev_space) {
                text.push(if space { ' ' } else { c });
            }
            prev_space = space;
        }
        run.text = text;
    }
    if let Some(last) = out.last_mut() {
        let trimmed = last.text.trim_end().len();
        last.text.truncate(trimmed);
    }
    out.retain(|r| !r.text.is_empty());
    out
}

pub fn plain(para: &Para) -> String {
    para.iter().map(|r| r.text.as_str()).collect()
}

pub fn plain_run(text: &str) -> Para {
    tidy(vec![Run {
        text: text.to_string(),
        emph: false,
        strong: false,
    }])
}

pub fn words(para: &Para) -> usize {
    plain(para).split_whitespace().count()
}

/// Paragraphs from the start, at most `budget` words in all. The paragraph that
/// crosses the budget is cut at its last sentence end within it; if that leaves
/// nothing, it is cut at a word and ends in "…". Later paragraphs are dropped. A
/// paragraph that ends in `:` introduces a list, which is not printed, so it loses
/// that sentence and nothing after it is taken.
pub fn first_words(paras: &[Para], budget: usize) -> Vec<Para> {
    let mut out = Vec::new();
    let mut left = budget;
    for para in paras {
        let n = words(para);
        if plain(para).ends_with(':') {
            if let Some(cut) = cut_to_words(para, n.min(left + 1) - 1, false) {
                out.push(cut);
            }
            break;
        }
        if n <= left {
            out.push(para.clone());
            left -= n;
            continue;
        }
        if let Some(cut) = cut_to_words(para, left, out.is_empty()) {
            out.push(cut);
        }
        break;
    }
    out
}

/// As `first_words`, but a first paragraph that introduces a list (ends in `:`)
/// keeps its list: as many whole items as fit `budget` follow it as sentences (an
/// item's own sentences are not split, so a bold label never stands alone); when not
/// even the first fits, it is cut at a sentence end. A step's "Vad ledare gör" often
/// opens so, and without its list it would print nothing.
pub fn first_words_with_list(section: &Section, budget: usize) -> Vec<Para> {
    let intro = match section.paras.first() {
        Some(p) if plain(p).ends_with(':') && !section.items.is_empty() => p,
        _ => return first_words(&section.paras, budget),
    };
    let space = || Run {
        text: " ".into(),
        emph: false,
        strong: false,
    };
    let mut joined = intro.clone();
    for (taken, item) in section.items.iter().enumerate() {
        let mut next = joined.clone();
        next.push(space());
        next.extend(item.iter().cloned());
        if !ends_sentence(&plain(item)) {
            next.push(Run {
                text: ".".into(),
                ..space()
            });
        }
        let next = tidy(next);
        if words(&next) > budget {
            if taken == 0 {
                return cut_to_words(&next, budget, false)
                    .filter(|cut| plain(cut).len() > plain(intro).len())
                    .into_iter()
                    .collect();
            }
            break;
        }
        joined = next;
    }
    vec![joined]
}

/// `para` cut to at most `budget` words at a sentence end, or, when `force` and no
/// sentence fits, at a word with "…".
fn cut_to_words(para: &Para, budget: usize, force: bool) -> Option<Para> {
    let text = plain(para);
    let mut word_ends = Vec::new();
    let mut in_word = false;
    for (i, c) in text.char_indices() {
        if c.is_whitespace() && in_word {
            word_ends.push(i);
        }
        in_word = !c.is_whitespace();
    }
    if in_word {
        word_ends.push(text.len());
    }
    let limit = *word_ends.get(budget.checked_sub(1)?)?;
    let sentence_end = word_ends
        .iter()
        .take_while(|&&e| e <= limit)
        .filter(|&&e| ends_sentence(&text[..e]))
        .last()
        .copied();
    match (sentence_end, force) {
        (Some(end), _) => Some(truncate(para, end, "")),
        (None, true) => Some(truncate(para, limit, " …")),
        (None, false) => None,
    }
}

fn ends_sentence(text: &str) -> bool {
    let t = text.trim_end_matches(['"', '”', '’', ')', '*']);
    t.ends_with(['.', '!', '?'])
}

/// The runs of `para` up to byte `end` of its plain text, plus `suffix`.
fn truncate(para: &Para, end: usize, suffix: &str) -> Para {
    let mut out = Vec::new();
    let mut at = 0;
    for run in para {
        if at >= end {
            break;
        }
        let take = (end - at).min(run.text.len());
        out.push(Run {
            text: run.text[..take].to_string(),
            ..run.clone()
        });
        at += run.text.len();
    }
    if let Some(last) = out.last_mut() {
        last.text.push_str(suffix);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const BODY: &str = "Intro dropped.\n\n## Vad faktorn innebär\n\n### Dropped\n\nEn *viktig* sak. Och [en länk](x.md) till.\n\n\
        | a | b |\n|---|---|\n| 1 | 2 |\n\n## Slutsatser\n\n- Första\n  raden.\n- **Andra.**\n";

    #[test]
    fn sections_keep_text_and_style_and_drop_links_and_tables() {
        let s = sections(BODY);
        assert_eq!(s.len(), 2);
        assert_eq!(s[0].heading, "Vad faktorn innebär");
        assert_eq!(s[0].paras.len(), 1);
        assert_eq!(plain(&s[0].paras[0]), "En viktig sak. Och en länk till.");
        assert!(s[0].paras[0][1].emph && s[0].paras[0][1].text == "viktig");
        assert_eq!(s[1].items.len(), 2);
        assert_eq!(plain(&s[1].items[0]), "Första raden.");
        assert!(s[1].items[1][0].strong);
    }

    #[test]
    fn first_words_cuts_at_a_sentence_end() {
        let paras = vec![plain_run("Ett två tre. Fyra fem sex. Sju åtta nio tio.")];
        assert_eq!(plain(&first_words(&paras, 7)[0]), "Ett två tre. Fyra fem sex.");
        assert_eq!(plain(&first_words(&paras, 100)[0]), plain(&paras[0]));
        // No sentence fits: cut at a word, marked.
        assert_eq!(plain(&first_words(&paras, 2)[0]), "Ett två …");
    }

    #[test]
    fn first_words_drops_a_sentence_that_introduces_a_list() {
        let paras = vec![plain_run("Ett två. Så här:"), plain_run("Efter listan.")];
        let out = first_words(&paras, 10);
        assert_eq!(out.len(), 1);
        assert_eq!(plain(&out[0]), "Ett två.");
        assert!(first_words(&[plain_run("Så här:")], 10).is_empty());
    }

    #[test]
    fn a_paragraph_that_introduces_a_list_keeps_its_first_items() {
        let s = &sections("## Vad ledare gör\n\nDet gäller tre saker:\n\n- **Tid.** Ge det tid.\n- Pengar\n- Folk som kan.\n")[0];
        assert!(first_words(&s.paras, 35).is_empty());
        assert_eq!(
            plain(&first_words_with_list(s, 35)[0]),
            "Det gäller tre saker: Tid. Ge det tid. Pengar. Folk som kan."
        );
        // Whole items only: the second would fit, the third not.
        assert_eq!(
            plain(&first_words_with_list(s, 10)[0]),
            "Det gäller tre saker: Tid. Ge det tid. Pengar."
        );
        // The first item does not fit: cut at its sentence end.
        assert_eq!(
            plain(&first_words_with_list(s, 6)[0]),
            "Det gäller tre saker: Tid."
        );
        // Not even a sentence of it fits: nothing rather than a dangling colon.
        assert!(first_words_with_list(s, 4).is_empty());
    }

    #[test]
    fn first_words_drops_a_later_paragraph_that_cannot_end_a_sentence() {
        let paras = vec![plain_run("Ett två."), plain_run("Tre fyra fem sex.")];
        let out = first_words(&paras, 4);
        assert_eq!(out.len(), 1);
    }
}
